/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-overview"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-overview-reconciliation.h"
#include "pd-reconciliation-text.h"

struct _PdOverviewReconciliation
{
  AdwBin               parent_instance;

  AdwPreferencesGroup *group;
  GtkListBox          *totals_list;
  GtkWidget           *lines_heading;
  GtkListBox          *lines_list;
};

G_DEFINE_FINAL_TYPE (PdOverviewReconciliation, pd_overview_reconciliation, ADW_TYPE_BIN)

static void
clear_list (GtkListBox *list)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, row);
}

static GtkWidget *
make_row (const PdReconciliationText *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text->label);
  /* Ids and amounts are text the reader may need to copy or read whole. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (text->detail != NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text->detail);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
    }
  if (text->warning)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Needs attention"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }
  if (text->amount_text != NULL)
    {
      GtkWidget *amount = gtk_label_new (text->amount_text);

      gtk_label_set_selectable (GTK_LABEL (amount), TRUE);
      gtk_widget_set_can_focus (amount, FALSE);
      gtk_widget_add_css_class (amount, "numeric");
      if (text->kind == PD_RECONCILIATION_TEXT_TOTAL)
        gtk_widget_add_css_class (amount, "heading");
      if (text->warning)
        gtk_widget_add_css_class (amount, "warning");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), amount);
    }
  return row;
}

void
pd_overview_reconciliation_show (PdOverviewReconciliation *self,
                                 PdOverviewSnapshot       *snapshot)
{
  g_autoptr(GPtrArray) texts = NULL;
  g_autofree char *quarter = NULL;
  g_autofree char *title = NULL;
  gboolean has_lines = FALSE;

  g_return_if_fail (PD_IS_OVERVIEW_RECONCILIATION (self));

  clear_list (self->totals_list);
  clear_list (self->lines_list);
  if (snapshot == NULL || snapshot->reconciliation == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }

  quarter = pd_reconciliation_quarter_of (snapshot->rules->period_end_date);
  title = pd_reconciliation_text_title (quarter);
  adw_preferences_group_set_title (self->group, title);
  texts = pd_reconciliation_describe (snapshot->reconciliation);
  for (guint i = 0; i < texts->len; i++)
    {
      const PdReconciliationText *text = g_ptr_array_index (texts, i);

      switch (text->kind)
        {
        case PD_RECONCILIATION_TEXT_RESULT:
          adw_preferences_group_set_description (self->group, text->detail);
          break;
        case PD_RECONCILIATION_TEXT_TOTAL:
          gtk_list_box_append (self->totals_list, make_row (text));
          break;
        case PD_RECONCILIATION_TEXT_PAYOUT:
        case PD_RECONCILIATION_TEXT_EXPLANATION:
        default:
          gtk_list_box_append (self->lines_list, make_row (text));
          has_lines = TRUE;
          break;
        }
    }
  gtk_widget_set_visible (self->lines_heading, has_lines);
  gtk_widget_set_visible (GTK_WIDGET (self->lines_list), has_lines);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

static void
pd_overview_reconciliation_class_init (PdOverviewReconciliationClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* AdwBin disposes its child, the template's group: no
   * gtk_widget_dispose_template(), which would unparent it again. */
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/gui/pd-overview-reconciliation.ui");
  gtk_widget_class_bind_template_child (widget_class, PdOverviewReconciliation, group);
  gtk_widget_class_bind_template_child (widget_class, PdOverviewReconciliation, totals_list);
  gtk_widget_class_bind_template_child (widget_class, PdOverviewReconciliation, lines_heading);
  gtk_widget_class_bind_template_child (widget_class, PdOverviewReconciliation, lines_list);
}

static void
pd_overview_reconciliation_init (PdOverviewReconciliation *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
