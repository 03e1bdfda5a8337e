/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-overview"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-a11y.h"
#include "pd-entry-diff.h"
#include "pd-keyboard.h"
#include "pd-overview-changes.h"
#include "pd-overview-format.h"
#include "pd-overview-list.h"
#include "pd-overview-row.h"

struct _PdOverviewChanges
{
  GtkWidget             parent_instance;

  AdwPreferencesGroup  *group;
  GtkWidget            *scroller;
  GtkListView          *view;
  PdOverviewList       *list;
  GtkWidget            *empty;
  AdwActionRow         *empty_row;
  GtkWidget            *empty_icon;
};

G_DEFINE_FINAL_TYPE (PdOverviewChanges, pd_overview_changes, GTK_TYPE_WIDGET)

char *
pd_overview_changes_format_move (gint64      minor,
                                 const char *currency)
{
  PdMoney money = { 0 };
  g_autofree char *text = NULL;

  g_strlcpy (money.currency, currency, sizeof money.currency);
  money.minor = minor < 0 ? -minor : minor;
  text = pd_money_format_display (&money);
  if (minor == 0)
    return g_steal_pointer (&text);
  /* The minus sign, not a hyphen: it lines up with the plus. */
  return g_strdup_printf ("%s%s", minor > 0 ? "+" : "−", text);
}

/* "Qualified · GMV over the threshold": what happened to the entry. */
static char *
describe_kinds (guint kinds)
{
  GString *text = g_string_new (NULL);
  const struct { guint kind; const char *label; } labels[] = {
    { PD_ENTRY_CHANGE_QUALIFIED, N_("Qualified") },
    { PD_ENTRY_CHANGE_LOST, N_("Lost") },
    { PD_ENTRY_CHANGE_AT_RISK, N_("Newly at risk") },
    { PD_ENTRY_CHANGE_SALES_MET, N_("GMV over the threshold") },
    { PD_ENTRY_CHANGE_NEW_STORE, N_("New store") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      if ((kinds & labels[i].kind) == 0)
        continue;
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, _(labels[i].label));
    }
  return g_string_free (text, FALSE);
}

static PdOverviewItem *
change_item (gpointer user_data,
             guint    position)
{
  PdOverviewSnapshot *snapshot = user_data;
  const PdEntryChange *c = &g_array_index (snapshot->changes, PdEntryChange, position);
  const char *name = g_hash_table_lookup (snapshot->change_names, c->seller_id);
  g_autofree char *title = name != NULL ? g_strdup (name) : g_strdup_printf (_("Seller %s"), c->seller_id);
  g_autofree char *store = c->store_id != NULL ? g_strdup_printf (_("Store %s"), c->store_id)
                                               : g_strdup (_("No store yet"));
  g_autofree char *what = describe_kinds (c->kinds);
  g_autofree char *subtitle = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *badge = pd_overview_changes_format_move (c->moved, snapshot->rules->reward.currency);
  PdOverviewUrgency urgency;
  PdOverviewItem *item;

  subtitle = name != NULL ? g_strdup_printf ("%s · %s", c->seller_id, store) : g_strdup (store);
  if (c->was_known && c->before != c->after)
    /* Translators: what changed and the verdict before and after,
     * "Qualified · GMV over the threshold: Pending → Qualified". */
    detail = g_strdup_printf (_("%s: %s → %s"), what, pd_verdict_to_display (c->before),
                              pd_verdict_to_display (c->after));
  else
    /* Translators: what changed and the verdict now, "New store: Pending". */
    detail = g_strdup_printf (_("%s: %s"), what, pd_verdict_to_display (c->after));

  if (c->moved < 0 || (c->kinds & (PD_ENTRY_CHANGE_LOST | PD_ENTRY_CHANGE_AT_RISK)) != 0)
    urgency = PD_OVERVIEW_URGENCY_WARNING;
  else if (c->moved > 0)
    urgency = PD_OVERVIEW_URGENCY_NORMAL;
  else
    urgency = PD_OVERVIEW_URGENCY_NONE;
  item = pd_overview_item_new (title, subtitle, detail, badge, urgency);
  pd_overview_item_set_action (item, _("Open Checklist"), "win.show-merchant",
                               g_variant_new ("(ss)", snapshot->rules->program_id, c->seller_id));
  return item;
}

/* "2 qualified · 1 lost · 3 newly at risk · 1 over the GMV threshold ·
 * 2 new stores". */
static char *
count_kinds (GArray *changes)
{
  guint n[5] = { 0 };
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < changes->len; i++)
    for (guint k = 0; k < G_N_ELEMENTS (n); k++)
      if (g_array_index (changes, PdEntryChange, i).kinds & (1u << k))
        n[k]++;

#define ADD(count, ...) \
  if (count > 0) \
    { \
      if (text->len > 0) \
        g_string_append (text, " · "); \
      g_string_append_printf (text, __VA_ARGS__); \
    }
  ADD (n[0], g_dngettext (GETTEXT_PACKAGE, "%u qualified", "%u qualified", n[0]), n[0]);
  ADD (n[1], g_dngettext (GETTEXT_PACKAGE, "%u lost", "%u lost", n[1]), n[1]);
  ADD (n[2], g_dngettext (GETTEXT_PACKAGE, "%u newly at risk", "%u newly at risk", n[2]), n[2]);
  ADD (n[3], g_dngettext (GETTEXT_PACKAGE, "%u over the GMV threshold", "%u over the GMV threshold", n[3]), n[3]);
  ADD (n[4], g_dngettext (GETTEXT_PACKAGE, "%u new store", "%u new stores", n[4]), n[4]);
#undef ADD
  return g_string_free (text, FALSE);
}

void
pd_overview_changes_set_snapshot (PdOverviewChanges  *self,
                                  PdOverviewSnapshot *snapshot)
{
  g_autofree char *when = NULL;
  g_autofree char *since = NULL;
  g_autofree char *description = NULL;
  guint n;

  g_return_if_fail (PD_IS_OVERVIEW_CHANGES (self));

  if (snapshot == NULL || snapshot->projection == NULL)
    {
      pd_overview_list_set_rows (self->list, 0, NULL, NULL, NULL);
      return;
    }

  if (snapshot->changes == NULL)
    {
      pd_overview_list_set_rows (self->list, 0, NULL, NULL, NULL);
      gtk_widget_set_visible (self->scroller, FALSE);
      gtk_widget_set_visible (self->empty, TRUE);
      gtk_image_set_from_icon_name (GTK_IMAGE (self->empty_icon), "document-open-recent-symbolic");
      gtk_widget_remove_css_class (self->empty_icon, "success");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->empty_row), _("Nothing to Compare Yet"));
      adw_action_row_set_subtitle (self->empty_row,
                                   _("Merchant by merchant changes show from the next import or sync on."));
      adw_preferences_group_set_description (self->group, NULL);
      return;
    }

  when = pd_overview_format_time (snapshot->rules, snapshot->changes_since, PD_OVERVIEW_TIME_ZONED);
  since = snapshot->changes_source == PD_HISTORY_SOURCE_SYNC ?
    /* Translators: "Since the sync of 2026-03-14 10:00". */
    g_strdup_printf (_("Since the sync of %s"), when) :
    /* Translators: "Since the import of 2026-03-14 10:00". */
    g_strdup_printf (_("Since the import of %s"), when);
  n = snapshot->changes->len;
  if (n == 0)
    {
      pd_overview_list_set_rows (self->list, 0, NULL, NULL, NULL);
      gtk_widget_set_visible (self->scroller, FALSE);
      gtk_widget_set_visible (self->empty, TRUE);
      gtk_image_set_from_icon_name (GTK_IMAGE (self->empty_icon), "emblem-ok-symbolic");
      gtk_widget_add_css_class (self->empty_icon, "success");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->empty_row), _("No Merchant Changed"));
      /* Translators: "Since the sync of 2026-03-14 10:00, no verdict ...". */
      description = g_strdup_printf (_("%s, no verdict changed, no store opened and no GMV crossed the threshold."),
                                     since);
      adw_action_row_set_subtitle (self->empty_row, description);
      adw_preferences_group_set_description (self->group, NULL);
      return;
    }

  {
    g_autofree char *counts = count_kinds (snapshot->changes);
    g_autofree char *count = pd_overview_format_count (n);
    g_autofree char *moved = NULL;
    gint64 total = 0;

    for (guint i = 0; i < n; i++)
      total += g_array_index (snapshot->changes, PdEntryChange, i).moved;
    moved = pd_overview_changes_format_move (total, snapshot->rules->reward.currency);
    /* Translators: "Since the sync of 2026-03-14 10:00: 3 merchants
     * changed, moving the expected payout by +CNY 1,000.00" and, on the
     * next line, "2 qualified · 1 lost". */
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%s: %s merchant changed, moving the expected payout by %s\n%s",
                                                "%s: %s merchants changed, moving the expected payout by %s\n%s",
                                                n),
                                   since, count, moved, counts);
  }
  adw_preferences_group_set_description (self->group, description);
  pd_overview_list_set_rows (self->list, n, change_item, pd_overview_snapshot_ref (snapshot),
                             (GDestroyNotify) pd_overview_snapshot_unref);
  gtk_widget_set_visible (self->scroller, TRUE);
  gtk_widget_set_visible (self->empty, FALSE);
}

static void
pd_overview_changes_dispose (GObject *object)
{
  PdOverviewChanges *self = PD_OVERVIEW_CHANGES (object);

  if (self->list != NULL)
    pd_overview_list_set_rows (self->list, 0, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_OVERVIEW_CHANGES);

  G_OBJECT_CLASS (pd_overview_changes_parent_class)->dispose (object);
}

static void
pd_overview_changes_class_init (PdOverviewChangesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_overview_changes_dispose;

  g_type_ensure (PD_TYPE_OVERVIEW_LIST);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/partnerdesk/PartnerDesk/gui/pd-overview-changes.ui");
  gtk_widget_class_bind_template_child (widget_class, PdOverviewChanges, group);
  gtk_widget_class_bind_template_child (widget_class, PdOverviewChanges, scroller);
  gtk_widget_class_bind_template_child (widget_class, PdOverviewChanges, view);
  gtk_widget_class_bind_template_child (widget_class, PdOverviewChanges, list);
  gtk_widget_class_bind_template_child (widget_class, PdOverviewChanges, empty);
  gtk_widget_class_bind_template_child (widget_class, PdOverviewChanges, empty_row);
  gtk_widget_class_bind_template_child (widget_class, PdOverviewChanges, empty_icon);
}

static void
pd_overview_changes_init (PdOverviewChanges *self)
{
  g_autoptr(GtkListItemFactory) factory = pd_overview_row_new_factory ();

  gtk_widget_init_template (GTK_WIDGET (self));
  pd_a11y_name_lists (GTK_WIDGET (self));
  gtk_list_view_set_factory (self->view, factory);
  pd_keyboard_tab_leaves_list (GTK_WIDGET (self->view));
  gtk_widget_set_visible (self->scroller, FALSE);
}

GtkWidget *
pd_overview_changes_new (void)
{
  return g_object_new (PD_TYPE_OVERVIEW_CHANGES, NULL);
}
