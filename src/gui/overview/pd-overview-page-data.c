/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-overview"

#include "config.h"

#include "pd-a11y.h"
#include "pd-keyboard.h"
#include "pd-overview-page-private.h"
#include "pd-overview-row.h"

/* The page's sections (pd-overview-data.ui): the program, the payout
 * cards, the charts' and insights' boxes, the lists. The window shows
 * the page's spinner until the first snapshot, which waits for the first
 * frame (pd-context.h), so they are built then, not with the window:
 * built, styled and measured with it they were a third of what Partner
 * Desk added to the empty libadwaita window's first frame. */

#define FIELD(name) { #name, G_STRUCT_OFFSET (PdOverviewPage, name) }

static const struct
{
  const char *id;
  gsize       offset;
} fields[] = {
  FIELD (program_row), FIELD (as_of_row), FIELD (busy_spinner),
  FIELD (payout_group), FIELD (export_button),
  FIELD (confirmed_amount_label), FIELD (confirmed_detail_label),
  FIELD (expected_card), FIELD (expected_amount_label), FIELD (expected_detail_label),
  FIELD (expected_model_label), FIELD (upper_amount_label), FIELD (upper_detail_label),
  FIELD (governance_factor_label), FIELD (governance_detail_label),
  FIELD (charts_box), FIELD (insights_box),
  FIELD (at_risk_group), FIELD (at_risk_scroller), FIELD (at_risk_empty), FIELD (at_risk_list),
  FIELD (at_risk_view),
  FIELD (benefit_group), FIELD (benefit_scroller), FIELD (benefit_empty), FIELD (benefit_list),
  FIELD (benefit_view),
  FIELD (reconciliation),
  FIELD (payouts_group), FIELD (payouts_scroller), FIELD (payouts_empty), FIELD (payouts_list),
  FIELD (payouts_view),
  FIELD (authorizations_group), FIELD (authorizations_scroller), FIELD (authorizations_empty),
  FIELD (authorizations_list), FIELD (authorizations_view),
};

gboolean
pd_overview_page_build_sections (PdOverviewPage *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkListView *views[4];
  GtkWidget *root;

  if (self->sections != NULL)
    return FALSE;

  self->sections = gtk_builder_new_from_resource ("/io/github/partnerdesk/PartnerDesk/gui/pd-overview-data.ui");
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GObject *object = gtk_builder_get_object (self->sections, fields[i].id);

      g_assert (object != NULL);
      G_STRUCT_MEMBER (gpointer, self, fields[i].offset) = object;
    }
  root = GTK_WIDGET (gtk_builder_get_object (self->sections, "data"));
  adw_bin_set_child (self->data_bin, root);
  /* Its reconciliation section's lists too: that is in this file. */
  pd_a11y_name_lists (root);

  factory = pd_overview_row_new_factory ();
  views[0] = self->at_risk_view;
  views[1] = self->benefit_view;
  views[2] = self->authorizations_view;
  views[3] = self->payouts_view;
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      gtk_list_view_set_factory (views[i], factory);
      pd_keyboard_tab_leaves_list (GTK_WIDGET (views[i]));
    }

  adw_combo_row_set_model (self->program_row, G_LIST_MODEL (self->program_names));
  gtk_spinner_set_spinning (self->busy_spinner, self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), self->busy);
  return TRUE;
}
