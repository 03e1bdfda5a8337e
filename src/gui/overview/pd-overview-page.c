/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-overview"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-keyboard.h"
#include "pd-overview-format.h"
#include "pd-overview-item.h"
#include "pd-overview-list.h"
#include "pd-overview-page-private.h"
#include "pd-overview-snapshot.h"
#include "pd-program-period.h"
#include "pd-store-overview.h"
#include "pd-timestamp.h"
#include "pd-toast.h"

/* How long the page waits after a PdStore::changed before it reads the
 * store again: a sync or an import emits several in a row. */
#define REFRESH_DELAY_MS 250

/* As of now, the page computes again this often: deadlines come nearer
 * while the app stays open. */
#define NOW_REFRESH_SECONDS (15 * 60)


G_DEFINE_FINAL_TYPE (PdOverviewPage, pd_overview_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_AS_OF,
  PROP_PROGRAM_ID,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh_now      (PdOverviewPage *self);
static void ensure_sections  (PdOverviewPage *self);

/* Rows ----------------------------------------------------------------------- */

/* Shows @list's rows, or the placeholder beside it when there are none. */
static void
set_rows (PdOverviewList      *list,
          GtkWidget           *scroller,
          GtkWidget           *placeholder,
          guint                n_items,
          PdOverviewItemFunc   func,
          PdOverviewSnapshot  *snapshot)
{
  if (n_items > 0)
    pd_overview_list_set_rows (list, n_items, func, pd_overview_snapshot_ref (snapshot),
                               (GDestroyNotify) pd_overview_snapshot_unref);
  else
    pd_overview_list_set_rows (list, 0, NULL, NULL, NULL);
  gtk_widget_set_visible (scroller, n_items > 0);
  gtk_widget_set_visible (placeholder, n_items == 0);
}

/* Showing a snapshot -------------------------------------------------------- */

/* The window pinned to an instant (partnerdesk --as-of) says so rather
 * than "Now". */
static gboolean
clock_is_pinned (PdOverviewPage *self)
{
  return self->context != NULL && pd_clock_is_pinned (pd_context_get_clock (self->context));
}

static void
show_as_of (PdOverviewPage     *self,
            PdOverviewSnapshot *snapshot)
{
  PdRules *rules = snapshot->rules;
  g_autofree char *when = pd_overview_format_time (rules, snapshot->as_of, PD_OVERVIEW_TIME_MINUTES);
  g_autofree char *as_of = NULL;

  gboolean now = self->as_of == 0 && !clock_is_pinned (self);

  if (snapshot->as_of > rules->period_end)
    {
      if (now)
        /* Translators: a period that is over, "Now, 2026-12-07 12:00,
         * Asia/Shanghai time · period 2026-01-01 to 2026-03-31, ended". */
        as_of = g_strdup_printf (_("Now, %s, %s time · period %s to %s, ended"), when, rules->timezone_id,
                                 rules->period_start_date, rules->period_end_date);
      else
        /* Translators: a period that is over as of the instant shown,
         * "2026-04-10 12:00, Asia/Shanghai time · period 2026-01-01 to
         * 2026-03-31, ended". */
        as_of = g_strdup_printf (_("%s, %s time · period %s to %s, ended"), when, rules->timezone_id,
                                 rules->period_start_date, rules->period_end_date);
    }
  else if (now)
    /* Translators: "Now, 2026-03-25 12:00, Asia/Shanghai time · period
     * 2026-01-01 to 2026-03-31". */
    as_of = g_strdup_printf (_("Now, %s, %s time · period %s to %s"), when, rules->timezone_id,
                             rules->period_start_date, rules->period_end_date);
  else
    /* Translators: "2026-03-25 12:00, Asia/Shanghai time · period
     * 2026-01-01 to 2026-03-31". */
    as_of = g_strdup_printf (_("%s, %s time · period %s to %s"), when, rules->timezone_id,
                             rules->period_start_date, rules->period_end_date);
  adw_action_row_set_subtitle (self->as_of_row, as_of);
}

static void
show_payout (PdOverviewPage     *self,
             PdOverviewSnapshot *snapshot)
{
  PdProjection *p = snapshot->projection;
  const PdExpectedModel *model = pd_projection_get_model (p);
  GPtrArray *high_risk = pd_projection_get_high_risk_stores (p);
  const PdFraction *factor = pd_projection_get_factor (p);
  gint64 qualified = pd_projection_count (p, PD_VERDICT_QUALIFIED);
  gint64 pending = pd_projection_count (p, PD_VERDICT_PENDING);
  g_autofree char *confirmed = pd_money_format_display (pd_projection_get_confirmed (p));
  g_autofree char *expected = pd_money_format_display (pd_projection_get_expected (p));
  g_autofree char *upper = pd_money_format_display (pd_projection_get_upper (p));
  g_autofree char *factor_text = pd_fraction_format (factor);
  gboolean discounted = factor->numerator != factor->denominator;
  g_autofree char *text = NULL;
  g_autofree char *count = NULL;
  g_autoptr(GString) stages = g_string_new (NULL);
  g_autoptr(GString) tooltip = g_string_new (NULL);
  guint from_history = 0;

  gtk_label_set_label (self->confirmed_amount_label, confirmed);
  count = pd_overview_format_count (qualified);
  if (discounted)
    /* Translators: "20 merchants qualified, paid at × 0.5": the governance
     * factor is why the amount is less than reward times merchants. */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s merchant qualified, paid at × %s",
                                         "%s merchants qualified, paid at × %s", (gulong) qualified),
                            count, factor_text);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s merchant qualified",
                                         "%s merchants qualified", (gulong) qualified),
                            count);
  g_clear_pointer (&count, g_free);
  gtk_label_set_label (self->confirmed_detail_label, text);
  g_clear_pointer (&text, g_free);

  gtk_label_set_label (self->expected_amount_label, expected);
  g_string_append (tooltip, _("Each pending merchant counts at the chance that a merchant at its stage goes on to qualify, times the reward and the governance factor. Pending now:"));
  for (guint s = 0; s < PD_N_STAGES; s++)
    {
      g_autofree char *percent = pd_overview_format_percent (model->ppb[s]);
      g_autofree char *pending_at = pd_overview_format_count (pd_projection_count_pending_at (p, s));

      if (model->source[s] == PD_RATE_SOURCE_HISTORY)
        from_history++;
      if (s > 0)
        g_string_append (stages, s == PD_N_STAGES / 2 ? "\n" : " · ");
      /* Translators: a stage and its chance, "First sale 50%". */
      g_string_append_printf (stages, _("%s %s"), pd_stage_to_display (s), percent);
      g_string_append_printf (tooltip, "\n%s: %s", pd_stage_to_display (s), pending_at);
    }
  if (from_history == 0)
    text = g_strdup (_("Default stage rates"));
  else if (from_history == PD_N_STAGES)
    text = g_strdup (_("Stage rates from your history"));
  else
    text = g_strdup_printf (_("Your history at %u of %u stages, default rates for the others"),
                            from_history, (guint) PD_N_STAGES);
  gtk_label_set_label (self->expected_detail_label, text);
  g_clear_pointer (&text, g_free);
  gtk_label_set_label (self->expected_model_label, stages->str);
  gtk_widget_set_tooltip_text (self->expected_card, tooltip->str);

  gtk_label_set_label (self->upper_amount_label, upper);
  count = pd_overview_format_count (qualified + pending);
  if (discounted)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s merchant qualified or pending, paid at × %s",
                                         "%s merchants qualified or pending, paid at × %s",
                                         (gulong) (qualified + pending)),
                            count, factor_text);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s merchant qualified or pending",
                                         "%s merchants qualified or pending",
                                         (gulong) (qualified + pending)),
                            count);
  g_clear_pointer (&count, g_free);
  gtk_label_set_label (self->upper_detail_label, text);
  g_clear_pointer (&text, g_free);

  /* Translators: the governance factor, "× 0.5". */
  text = g_strdup_printf (_("× %s"), factor_text);
  gtk_label_set_label (self->governance_factor_label, text);
  g_clear_pointer (&text, g_free);
  if (high_risk->len > 0)
    {
      g_autoptr(GString) stores = g_string_new (NULL);
      guint shown = MIN (high_risk->len, 5);

      for (guint i = 0; i < shown; i++)
        g_string_append_printf (stores, "%s%s", i > 0 ? ", " : "",
                                (const char *) g_ptr_array_index (high_risk, i));
      if (high_risk->len > shown)
        /* Translators: after a list of store ids, "S-1, S-2, … and 12 more". */
        g_string_append_printf (stores, _(" and %u more"), high_risk->len - shown);
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Paid at %s because of a high-risk store: %s",
                                           "Paid at %s because of high-risk stores: %s", high_risk->len),
                              factor_text, stores->str);
      gtk_widget_add_css_class (GTK_WIDGET (self->governance_factor_label), "warning");
    }
  else
    {
      text = g_strdup (_("No high-risk store: paid in full"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->governance_factor_label), "warning");
    }
  gtk_label_set_label (self->governance_detail_label, text);
}

static void
show_snapshot (PdOverviewPage     *self,
               PdOverviewSnapshot *snapshot)
{
  gboolean recruitment = snapshot->rules->kind == PD_PROGRAM_KIND_RECRUITMENT;
  guint n_authorizations = snapshot->authorizations->len;
  g_autofree char *text = NULL;
  g_autofree char *count = NULL;

  ensure_sections (self);
  g_clear_pointer (&self->snapshot, pd_overview_snapshot_unref);
  self->snapshot = pd_overview_snapshot_ref (snapshot);

  show_as_of (self, snapshot);
  pd_overview_page_show_insights (self, snapshot);
  gtk_widget_set_visible (GTK_WIDGET (self->payout_group), recruitment);
  gtk_widget_set_visible (GTK_WIDGET (self->at_risk_group), recruitment);
  gtk_widget_set_visible (GTK_WIDGET (self->benefit_group), !recruitment);
  gtk_widget_set_visible (GTK_WIDGET (self->charts_box), recruitment);

  if (recruitment)
    {
      guint n_at_risk = pd_projection_get_at_risk (snapshot->projection)->len;

      show_payout (self, snapshot);
      pd_overview_page_show_charts (self, snapshot);
      set_rows (self->at_risk_list, self->at_risk_scroller, self->at_risk_empty,
                n_at_risk, pd_overview_at_risk_item, snapshot);
      set_rows (self->benefit_list, self->benefit_scroller, self->benefit_empty, 0, NULL, NULL);
      count = pd_overview_format_count (n_at_risk);
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s pending merchant has a deadline within %d days",
                                           "%s pending merchants have a deadline within %d days", n_at_risk),
                              count, PD_AT_RISK_DAYS);
      adw_preferences_group_set_description (self->at_risk_group, n_at_risk > 0 ? text : NULL);
      g_clear_pointer (&text, g_free);
      text = pd_overview_sources_summary (snapshot);
      adw_preferences_group_set_description (self->payout_group, text);
    }
  else
    {
      guint n_benefits = snapshot->benefits->len;
      guint active = 0;

      for (guint i = 0; i < n_benefits; i++)
        if (g_array_index (snapshot->benefits, PdOverviewBenefit, i).state == PD_BENEFIT_ACTIVE)
          active++;
      count = pd_overview_format_count (active);
      set_rows (self->at_risk_list, self->at_risk_scroller, self->at_risk_empty, 0, NULL, NULL);
      set_rows (self->benefit_list, self->benefit_scroller, self->benefit_empty,
                n_benefits, pd_overview_benefit_item, snapshot);
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s merchant in its benefit window: advise them before it ends",
                                           "%s merchants in their benefit window: advise them before it ends",
                                           active),
                              count);
      adw_preferences_group_set_description (self->benefit_group, text);
    }
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&count, g_free);

  set_rows (self->authorizations_list, self->authorizations_scroller, self->authorizations_empty,
            n_authorizations, pd_overview_authorization_item, snapshot);
  count = pd_overview_format_count (n_authorizations);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s active authorization expires within %d days: send a renewal link in time",
                                       "%s active authorizations expire within %d days: send renewal links in time",
                                       n_authorizations),
                          count, PD_OVERVIEW_AUTHORIZATION_DAYS);
  adw_preferences_group_set_description (self->authorizations_group, n_authorizations > 0 ? text : NULL);
  g_clear_pointer (&text, g_free);

  pd_overview_reconciliation_show (self->reconciliation, snapshot);
  set_rows (self->payouts_list, self->payouts_scroller, self->payouts_empty,
            snapshot->payouts->len, pd_overview_payout_item, snapshot);
  text = pd_overview_payouts_summary (snapshot);
  adw_preferences_group_set_description (self->payouts_group, text);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "overview.export", recruitment && !self->exporting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "overview.print", recruitment && !self->printing);
  gtk_stack_set_visible_child_name (self->stack, "data");
}

static void
forget_snapshot (PdOverviewPage *self)
{
  g_clear_pointer (&self->snapshot, pd_overview_snapshot_unref);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "overview.export", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "overview.print", FALSE);
  if (self->sections == NULL)
    return;
  pd_overview_list_set_rows (self->at_risk_list, 0, NULL, NULL, NULL);
  pd_overview_list_set_rows (self->benefit_list, 0, NULL, NULL, NULL);
  pd_overview_list_set_rows (self->authorizations_list, 0, NULL, NULL, NULL);
  pd_overview_list_set_rows (self->payouts_list, 0, NULL, NULL, NULL);
}

static void
show_error (PdOverviewPage *self,
            const GError   *error)
{
  g_warning ("Overview: %s", error->message);
  forget_snapshot (self);
  adw_status_page_set_description (self->error_status, error->message);
  /* The states' icons are set when they are shown: at the status pages'
   * size they are SVGs, which librsvg draws, and the first frame shows
   * neither state. */
  adw_status_page_set_icon_name (self->error_status, "dialog-warning-symbolic");
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
set_busy (PdOverviewPage *self,
          gboolean        busy)
{
  /* The loading state's spinner is an SVG too (librsvg again): it shows
   * once the first frame is drawn, which the projection waits for, not
   * in it (pd-context.h). */
  gtk_spinner_set_spinning (self->loading_spinner,
                            busy && self->context != NULL && pd_context_is_started (self->context));
  if (self->busy == busy)
    return;
  self->busy = busy;
  if (self->busy_spinner != NULL)
    {
      gtk_spinner_set_spinning (self->busy_spinner, busy);
      gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), busy);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Programs ------------------------------------------------------------------- */

static gint64
effective_as_of (PdOverviewPage *self)
{
  if (self->as_of != 0)
    return self->as_of;
  if (self->context != NULL)
    return pd_clock_get_now (pd_context_get_clock (self->context));
  return g_get_real_time () / G_USEC_PER_SEC;
}

typedef struct
{
  PdProgram *program;
  PdRules   *rules;
} ProgramEntry;

static void
program_entry_clear (gpointer data)
{
  ProgramEntry *entry = data;

  g_clear_object (&entry->program);
  g_clear_pointer (&entry->rules, pd_rules_unref);
}

/* Recruitment programs first, then the newest period first. */
static int
compare_programs (gconstpointer a,
                  gconstpointer b)
{
  const ProgramEntry *x = a;
  const ProgramEntry *y = b;

  if (x->rules->kind != y->rules->kind)
    return x->rules->kind == PD_PROGRAM_KIND_RECRUITMENT ? -1 : 1;
  if (x->rules->period_start != y->rules->period_start)
    return x->rules->period_start > y->rules->period_start ? -1 : 1;
  return g_strcmp0 (x->rules->program_id, y->rules->program_id);
}

/* The recruitment program whose period contains @as_of; else the one
 * that started last before it; else the one that starts first; else
 * the first program of any kind. @entries are sorted. */
static guint
choose_default (GArray *entries,
                gint64  as_of)
{
  guint best = G_MAXUINT;

  for (guint i = 0; i < entries->len; i++)
    {
      PdRules *rules = g_array_index (entries, ProgramEntry, i).rules;

      if (rules->kind == PD_PROGRAM_KIND_RECRUITMENT &&
          rules->period_start <= as_of && as_of <= rules->period_end)
        return i;
    }
  for (guint i = 0; i < entries->len && best == G_MAXUINT; i++)
    {
      PdRules *rules = g_array_index (entries, ProgramEntry, i).rules;

      if (rules->kind == PD_PROGRAM_KIND_RECRUITMENT && rules->period_start <= as_of)
        best = i;
    }
  for (guint i = entries->len; i > 0 && best == G_MAXUINT; i--)
    if (g_array_index (entries, ProgramEntry, i - 1).rules->kind == PD_PROGRAM_KIND_RECRUITMENT)
      best = i - 1;
  return best != G_MAXUINT ? best : 0;
}

static gboolean
same_programs (PdOverviewPage *self,
               GArray         *entries,
               GPtrArray      *labels)
{
  if (entries->len != self->program_ids->len)
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      ProgramEntry *entry = &g_array_index (entries, ProgramEntry, i);

      if (g_strcmp0 (entry->rules->program_id, g_ptr_array_index (self->program_ids, i)) != 0 ||
          g_strcmp0 (g_ptr_array_index (labels, i),
                     gtk_string_list_get_string (self->program_names, i)) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Reads the programs into the combo row, keeping the selection when the
 * program is still there. */
static gboolean
load_programs (PdOverviewPage  *self,
               gint64           as_of,
               GError         **error)
{
  g_autoptr(GPtrArray) programs = pd_store_list_programs (pd_context_get_store (self->context), error);
  g_autoptr(GArray) entries = NULL;
  g_autoptr(GPtrArray) names = NULL;
  guint selected = G_MAXUINT;

  if (programs == NULL)
    return FALSE;

  entries = g_array_new (FALSE, TRUE, sizeof (ProgramEntry));
  g_array_set_clear_func (entries, program_entry_clear);
  for (guint i = 0; i < programs->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      PdProgram *program = g_ptr_array_index (programs, i);
      ProgramEntry entry;

      entry.rules = pd_rules_new (program, &local_error);
      if (entry.rules == NULL)
        {
          g_warning ("Overview: program %s left out: %s", pd_program_get_id (program), local_error->message);
          continue;
        }
      entry.program = g_object_ref (program);
      g_array_append_val (entries, entry);
    }
  g_array_sort (entries, compare_programs);

  /* A program whose period has ended says so: "… (ended 2026-03-31)". */
  names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (names, pd_program_dup_label (g_array_index (entries, ProgramEntry, i).program, as_of));

  if (same_programs (self, entries, names) && self->program_id != NULL)
    return TRUE;

  for (guint i = 0; i < entries->len && self->program_id != NULL; i++)
    if (g_str_equal (g_array_index (entries, ProgramEntry, i).rules->program_id, self->program_id))
      selected = i;
  if (selected == G_MAXUINT && entries->len > 0)
    selected = choose_default (entries, as_of);

  g_ptr_array_set_size (self->program_ids, 0);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (self->program_ids, g_strdup (g_array_index (entries, ProgramEntry, i).rules->program_id));
  g_ptr_array_add (names, NULL);

  self->filling_programs = TRUE;
  gtk_string_list_splice (self->program_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->program_names)),
                          (const char * const *) names->pdata);
  if (selected != G_MAXUINT && self->program_row != NULL)
    adw_combo_row_set_selected (self->program_row, selected);
  self->filling_programs = FALSE;

  g_clear_pointer (&self->program_id, g_free);
  if (selected != G_MAXUINT)
    self->program_id = g_strdup (g_ptr_array_index (self->program_ids, selected));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRAM_ID]);
  return TRUE;
}

/* The program at @index of program_ids, read anew if it is another. */
static void
choose_program (PdOverviewPage *self,
                guint           index)
{
  const char *id;

  if (self->filling_programs || index >= self->program_ids->len)
    return;
  id = g_ptr_array_index (self->program_ids, index);
  if (g_strcmp0 (id, self->program_id) == 0)
    return;
  g_free (self->program_id);
  self->program_id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRAM_ID]);
  refresh_now (self);
}

static void
on_program_selected_cb (PdOverviewPage *self)
{
  choose_program (self, adw_combo_row_get_selected (self->program_row));
}

/* The sections (pd-overview-page-data.c) are built for the first
 * snapshot shown, their program row on the program read by then. */
static void
ensure_sections (PdOverviewPage *self)
{
  if (!pd_overview_page_build_sections (self))
    return;
  self->filling_programs = TRUE;
  for (guint i = 0; i < self->program_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->program_ids, i), self->program_id) == 0)
      adw_combo_row_set_selected (self->program_row, i);
  self->filling_programs = FALSE;
  g_signal_connect_object (self->program_row, "notify::selected",
                           G_CALLBACK (on_program_selected_cb), self, G_CONNECT_SWAPPED);
}

/* Reading the store ------------------------------------------------------------ */

static void
cancel_load (PdOverviewPage *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
load_snapshot_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  PdOverviewSnapshot *snapshot = task_data;
  GError *error = NULL;

  if (!pd_overview_snapshot_load (snapshot, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pd_overview_snapshot_ref (snapshot),
                           (GDestroyNotify) pd_overview_snapshot_unref);
}

static void
on_snapshot_loaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  PdOverviewPage *self = PD_OVERVIEW_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdOverviewSnapshot) snapshot = g_task_propagate_pointer (G_TASK (result), &error);

  /* Replaced by a newer read, or the page went away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  if (snapshot == NULL)
    {
      show_error (self, error);
      return;
    }
  g_debug ("Overview: %s read in %.2f s", snapshot->program_id,
           (double) (g_get_monotonic_time () - self->load_started) / G_USEC_PER_SEC);
  show_snapshot (self, snapshot);
}

static void
on_context_started_cb (PdOverviewPage *self,
                       PdContext      *context)
{
  g_clear_signal_handler (&self->started_id, context);
  if (context == self->context)
    refresh_now (self);
}

static void
refresh_now (PdOverviewPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  PdOverviewSnapshot *snapshot;
  PdStore *store;
  gboolean has_data = FALSE;
  gint64 as_of;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  cancel_load (self);
  if (self->context == NULL)
    {
      set_busy (self, FALSE);
      return;
    }
  store = pd_context_get_store (self->context);

  /* A cheap check on this thread: the empty state shows at once. */
  if (!pd_store_has_program_data (store, &has_data, &error))
    {
      set_busy (self, FALSE);
      show_error (self, error);
      return;
    }

  /* The programs (their rules, their time zones) and the projection wait
   * for the window's first frame (pd-context.h). */
  if (has_data && !pd_context_is_started (self->context))
    {
      if (self->started_id == 0)
        self->started_id = g_signal_connect_object (self->context, "started",
                                                    G_CALLBACK (on_context_started_cb), self,
                                                    G_CONNECT_SWAPPED);
      set_busy (self, TRUE);
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }

  as_of = effective_as_of (self);
  if (has_data && !load_programs (self, as_of, &error))
    {
      set_busy (self, FALSE);
      show_error (self, error);
      return;
    }
  if (!has_data || self->program_id == NULL)
    {
      set_busy (self, FALSE);
      forget_snapshot (self);
      adw_status_page_set_icon_name (self->overview_status, "network-server-symbolic");
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  self->cancellable = g_cancellable_new ();
  snapshot = pd_overview_snapshot_new (pd_store_get_path (store), self->program_id, as_of);
  snapshot->record_history = !clock_is_pinned (self) && self->as_of == 0;
  snapshot->now = pd_clock_get_now (pd_context_get_clock (self->context));
  task = g_task_new (self, self->cancellable, on_snapshot_loaded_cb, NULL);
  g_task_set_source_tag (task, refresh_now);
  g_task_set_name (task, "[pd-overview] snapshot");
  g_task_set_task_data (task, snapshot, (GDestroyNotify) pd_overview_snapshot_unref);
  g_task_run_in_thread (task, load_snapshot_thread);
  self->load_started = g_get_monotonic_time ();

  set_busy (self, TRUE);
  if (self->snapshot == NULL || g_strcmp0 (self->snapshot->program_id, self->program_id) != 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
}

static gboolean
on_now_timeout_cb (gpointer user_data)
{
  PdOverviewPage *self = user_data;

  if (self->as_of == 0 && !clock_is_pinned (self) && !self->busy)
    refresh_now (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_refresh_timeout_cb (gpointer user_data)
{
  PdOverviewPage *self = user_data;

  self->refresh_source = 0;
  refresh_now (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (PdOverviewPage      *self,
                     const PdStoreChange *change)
{
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add (REFRESH_DELAY_MS, on_refresh_timeout_cb, self);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh_now (PD_OVERVIEW_PAGE (widget));
}

/* GObject ---------------------------------------------------------------------- */

static void
pd_overview_page_dispose (GObject *object)
{
  PdOverviewPage *self = PD_OVERVIEW_PAGE (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->now_source, g_source_remove);
  cancel_load (self);
  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  if (self->at_risk_list != NULL)
    forget_snapshot (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_OVERVIEW_PAGE);
  g_clear_object (&self->sections);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pd_overview_page_parent_class)->dispose (object);
}

static void
pd_overview_page_finalize (GObject *object)
{
  PdOverviewPage *self = PD_OVERVIEW_PAGE (object);

  g_clear_pointer (&self->snapshot, pd_overview_snapshot_unref);
  g_clear_pointer (&self->program_ids, g_ptr_array_unref);
  g_free (self->program_id);

  G_OBJECT_CLASS (pd_overview_page_parent_class)->finalize (object);
}

static void
pd_overview_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PdOverviewPage *self = PD_OVERVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_AS_OF:
      g_value_set_int64 (value, self->as_of);
      break;

    case PROP_PROGRAM_ID:
      g_value_set_string (value, self->program_id);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_overview_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PdOverviewPage *self = PD_OVERVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      pd_overview_page_set_context (self, g_value_get_object (value));
      break;

    case PROP_AS_OF:
      pd_overview_page_set_as_of (self, g_value_get_int64 (value));
      break;

    case PROP_PROGRAM_ID:
      pd_overview_page_set_program_id (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_overview_page_class_init (PdOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_overview_page_dispose;
  object_class->finalize = pd_overview_page_finalize;
  object_class->get_property = pd_overview_page_get_property;
  object_class->set_property = pd_overview_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AS_OF] =
    g_param_spec_int64 ("as-of", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRAM_ID] =
    g_param_spec_string ("program-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PD_TYPE_OVERVIEW_LIST);
  g_type_ensure (PD_TYPE_OVERVIEW_RECONCILIATION);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/partnerdesk/PartnerDesk/gui/pd-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PdOverviewPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PdOverviewPage, overview_status);
  gtk_widget_class_bind_template_child (widget_class, PdOverviewPage, error_status);
  gtk_widget_class_bind_template_child (widget_class, PdOverviewPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdOverviewPage, data_bin);
  gtk_widget_class_bind_template_child (widget_class, PdOverviewPage, program_names);

  gtk_widget_class_install_action (widget_class, "overview.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "overview.export", NULL, pd_overview_page_export_action);
  gtk_widget_class_install_action (widget_class, "overview.print", NULL, pd_overview_page_print_action);
}

static void
pd_overview_page_init (PdOverviewPage *self)
{
  self->program_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  pd_keyboard_add_page_shortcut (GTK_WIDGET (self), GDK_KEY_F5, 0, "overview.refresh");
  pd_keyboard_add_page_shortcut (GTK_WIDGET (self), GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "overview.export");
  pd_keyboard_add_page_shortcut (GTK_WIDGET (self), GDK_KEY_p, GDK_CONTROL_MASK, "overview.print");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "overview.export", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "overview.print", FALSE);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  self->now_source = g_timeout_add_seconds (NOW_REFRESH_SECONDS, on_now_timeout_cb, self);
}

PdOverviewPage *
pd_overview_page_new (PdContext *context)
{
  return g_object_new (PD_TYPE_OVERVIEW_PAGE, "context", context, NULL);
}

PdContext *
pd_overview_page_get_context (PdOverviewPage *self)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_PAGE (self), NULL);
  return self->context;
}

void
pd_overview_page_set_context (PdOverviewPage *self,
                              PdContext      *context)
{
  g_return_if_fail (PD_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (context == NULL || PD_IS_CONTEXT (context));

  if (self->context == context)
    return;
  if (self->context != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->context, self);
      g_signal_handlers_disconnect_by_data (pd_context_get_clock (self->context), self);
    }
  g_set_object (&self->context, context);
  if (context != NULL)
    {
      g_signal_connect_object (pd_context_get_store (context), "changed",
                               G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
      /* A pinned clock that moves (a test, a training session) moves
       * the page with it. */
      g_signal_connect_object (pd_context_get_clock (context), "changed",
                               G_CALLBACK (refresh_now), self, G_CONNECT_SWAPPED);
    }
  g_clear_pointer (&self->program_id, g_free);
  g_ptr_array_set_size (self->program_ids, 0);
  forget_snapshot (self);
  refresh_now (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

gint64
pd_overview_page_get_as_of (PdOverviewPage *self)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_PAGE (self), 0);
  return self->as_of;
}

void
pd_overview_page_set_as_of (PdOverviewPage *self,
                            gint64          as_of)
{
  g_return_if_fail (PD_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (as_of >= 0);

  if (self->as_of == as_of)
    return;
  self->as_of = as_of;
  refresh_now (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AS_OF]);
}

const char *
pd_overview_page_get_program_id (PdOverviewPage *self)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_PAGE (self), NULL);
  return self->program_id;
}

void
pd_overview_page_set_program_id (PdOverviewPage *self,
                                 const char     *program_id)
{
  g_return_if_fail (PD_IS_OVERVIEW_PAGE (self));

  for (guint i = 0; program_id != NULL && i < self->program_ids->len; i++)
    if (g_str_equal (g_ptr_array_index (self->program_ids, i), program_id))
      {
        /* on_program_selected_cb() reads it again. */
        if (self->program_row != NULL)
          adw_combo_row_set_selected (self->program_row, i);
        else
          choose_program (self, i);
        return;
      }
}

gboolean
pd_overview_page_get_busy (PdOverviewPage *self)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_PAGE (self), FALSE);
  return self->busy;
}

void
pd_overview_page_refresh (PdOverviewPage *self)
{
  g_return_if_fail (PD_IS_OVERVIEW_PAGE (self));
  refresh_now (self);
}

GObject *
pd_overview_page_get_object (PdOverviewPage *self,
                             const char     *id)
{
  GObject *object;

  g_return_val_if_fail (PD_IS_OVERVIEW_PAGE (self), NULL);

  object = gtk_widget_get_template_child (GTK_WIDGET (self), PD_TYPE_OVERVIEW_PAGE, id);
  if (object == NULL && self->sections != NULL)
    object = gtk_builder_get_object (self->sections, id);
  return object;
}
