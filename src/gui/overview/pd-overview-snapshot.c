/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-overview"

#include "config.h"

#include <string.h>

#include "pd-overview-snapshot.h"
#include "pd-projection-history.h"
#include "pd-projection-setup.h"
#include "pd-store-entries.h"
#include "pd-store-overview.h"
#include "pd-store-reconciliation.h"
#include "pd-store-entry-marks.h"
#include "pd-store-overrides.h"

static void
snapshot_clear (gpointer data)
{
  PdOverviewSnapshot *self = data;

  g_free (self->store_path);
  g_free (self->program_id);
  g_clear_pointer (&self->projection, pd_projection_free);
  g_clear_pointer (&self->rules, pd_rules_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->benefits, g_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->authorizations, g_ptr_array_unref);
  g_clear_pointer (&self->payouts, g_ptr_array_unref);
  g_clear_pointer (&self->history, g_array_unref);
  g_clear_pointer (&self->reconciliation, pd_reconciliation_free);
  g_clear_pointer (&self->changes, g_array_unref);
  g_clear_pointer (&self->change_names, g_hash_table_unref);
  g_clear_pointer (&self->change_strings, g_string_chunk_free);
  g_clear_pointer (&self->overrides, g_ptr_array_unref);
  g_clear_pointer (&self->readings, g_hash_table_unref);
}

PdOverviewSnapshot *
pd_overview_snapshot_new (const char *store_path,
                          const char *program_id,
                          gint64      as_of)
{
  PdOverviewSnapshot *self;

  g_return_val_if_fail (store_path != NULL, NULL);
  g_return_val_if_fail (program_id != NULL, NULL);

  self = g_atomic_rc_box_new0 (PdOverviewSnapshot);
  self->store_path = g_strdup (store_path);
  self->program_id = g_strdup (program_id);
  self->as_of = as_of;
  self->now = as_of;
  return self;
}

PdOverviewSnapshot *
pd_overview_snapshot_ref (PdOverviewSnapshot *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
pd_overview_snapshot_unref (PdOverviewSnapshot *self)
{
  g_atomic_rc_box_release_full (self, snapshot_clear);
}

const char *
pd_overview_snapshot_get_name (PdOverviewSnapshot *self,
                               const char         *seller_id)
{
  if (self->names == NULL || seller_id == NULL)
    return NULL;
  return g_hash_table_lookup (self->names, seller_id);
}

/* Seller benefit ------------------------------------------------------------- */

typedef struct
{
  PdOverviewSnapshot *snapshot;
  GCancellable       *cancellable;
} BenefitPass;

static gboolean
on_benefit_seller_cb (const PdSellerInput  *seller,
                      gpointer              user_data,
                      GError              **error)
{
  BenefitPass *pass = user_data;
  PdOverviewSnapshot *self = pass->snapshot;
  PdBenefitVerdict v;
  PdOverviewBenefit row;

  if (g_cancellable_set_error_if_cancelled (pass->cancellable, error))
    return FALSE;
  if (!pd_engine_evaluate_benefit (self->rules, self->as_of, seller, &v))
    return TRUE;

  memset (&row, 0, sizeof row);
  row.seller_id = g_string_chunk_insert_const (self->strings, seller->seller_id);
  row.seller_name = seller->seller_name != NULL && *seller->seller_name != '\0' ?
                    g_string_chunk_insert_const (self->strings, seller->seller_name) : NULL;
  row.store_id = v.store != NULL ? g_string_chunk_insert_const (self->strings, v.store->store_id) : NULL;
  row.state = v.state;
  row.joined_at = v.joined_at;
  row.ends_at = v.ends_at;
  row.days_left = v.days_left;
  g_array_append_val (self->benefits, row);
  return TRUE;
}

/* Open windows first, the soonest to end on top; then the merchants
 * still to join; then the windows over and the merchants not eligible. */
static int
benefit_rank (PdBenefitState state)
{
  switch (state)
    {
    case PD_BENEFIT_ACTIVE:
      return 0;
    case PD_BENEFIT_NOT_JOINED:
      return 1;
    case PD_BENEFIT_ENDED:
      return 2;
    case PD_BENEFIT_NOT_ELIGIBLE:
    default:
      return 3;
    }
}

static int
compare_benefits (gconstpointer a,
                  gconstpointer b)
{
  const PdOverviewBenefit *x = a;
  const PdOverviewBenefit *y = b;
  int rx = benefit_rank (x->state);
  int ry = benefit_rank (y->state);

  if (rx != ry)
    return rx < ry ? -1 : 1;
  if (x->state == PD_BENEFIT_ACTIVE && x->ends_at != y->ends_at)
    return x->ends_at < y->ends_at ? -1 : 1;
  if (x->state == PD_BENEFIT_ENDED && x->ends_at != y->ends_at)
    return x->ends_at > y->ends_at ? -1 : 1;
  return strcmp (x->seller_id, y->seller_id);
}

static gboolean
load_benefits (PdOverviewSnapshot  *self,
               PdStore             *store,
               GCancellable        *cancellable,
               GError             **error)
{
  BenefitPass pass = { self, cancellable };

  self->benefits = g_array_new (FALSE, FALSE, sizeof (PdOverviewBenefit));
  self->strings = g_string_chunk_new (16 * 1024);
  if (!pd_store_foreach_seller (store, self->program_id, PD_STORE_ENTRIES_NAMES,
                                on_benefit_seller_cb, &pass, error))
    return FALSE;
  g_array_sort (self->benefits, compare_benefits);
  return TRUE;
}

/* Recruitment ------------------------------------------------------------------ */

typedef struct
{
  PdOverviewSnapshot *snapshot;
  guint               n_at_risk;
} ProjectionPass;

/* The names of the entries at risk, taken as they pass: an entry the
 * projection put on its at-risk list has just made the list longer (it
 * appends, and sorts at the end). A name for each of a few hundred
 * thousand entries costs less so than a lookup each afterwards. */
static void
on_projection_entry_cb (PdProjection         *projection,
                        const PdEntryVerdict *verdict,
                        gpointer              user_data)
{
  ProjectionPass *pass = user_data;
  PdOverviewSnapshot *self = pass->snapshot;
  guint n_at_risk = pd_projection_get_at_risk (projection)->len;
  const char *name = verdict->seller->seller_name;

  if (n_at_risk == pass->n_at_risk)
    return;
  pass->n_at_risk = n_at_risk;
  if (name != NULL && *name != '\0' && !g_hash_table_contains (self->names, verdict->seller->seller_id))
    g_hash_table_insert (self->names,
                         g_string_chunk_insert_const (self->strings, verdict->seller->seller_id),
                         g_string_chunk_insert_const (self->strings, name));
}

/* The names of the first changed sellers, for their rows: a list shows
 * the largest moves first, and few read further than that. */
#define CHANGE_NAMES_MAX 2000

static gboolean
load_change_names (PdOverviewSnapshot  *self,
                   PdStore             *store,
                   GError             **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  self->change_names = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < self->changes->len && ids->len < CHANGE_NAMES_MAX; i++)
    g_ptr_array_add (ids, (gpointer) g_array_index (self->changes, PdEntryChange, i).seller_id);
  return pd_store_lookup_seller_names (store, self->program_id, (const char * const *) ids->pdata, ids->len,
                                       self->change_names, self->change_strings, error);
}

/* The entries now against those after the previous import or sync:
 * the marks kept for the latest event before the one just recorded
 * (@event_at; 0 without any, or when the page is not as of now). */
static gboolean
load_changes (PdOverviewSnapshot  *self,
              PdStore             *store,
              PdEntryMarks        *marks,
              gint64               event_at,
              GError             **error)
{
  gint64 before = event_at > 0 ? event_at : self->as_of + 1;
  g_autoptr(GStringChunk) before_strings = g_string_chunk_new (16 * 1024);
  g_autoptr(GArray) before_marks = NULL;

  self->change_strings = g_string_chunk_new (16 * 1024);
  before_marks = pd_store_load_entry_marks (store, self->program_id, before, before_strings,
                                            &self->changes_since, &self->changes_source, error);
  if (before_marks == NULL)
    return FALSE;
  if (self->changes_since == 0)
    return TRUE;
  self->changes = pd_entry_diff ((const PdEntryMark *) (void *) before_marks->data, before_marks->len,
                                 (const PdEntryMark *) (void *) marks->marks->data, marks->marks->len);
  /* The changes point into the current marks, which go with the pass. */
  for (guint i = 0; i < self->changes->len; i++)
    {
      PdEntryChange *c = &g_array_index (self->changes, PdEntryChange, i);

      c->seller_id = g_string_chunk_insert_const (self->change_strings, c->seller_id);
      if (c->store_id != NULL)
        c->store_id = g_string_chunk_insert_const (self->change_strings, c->store_id);
    }
  return load_change_names (self, store, error);
}

/* The projection as the latest import or sync left it, once per event,
 * then every point so far: the trend. */
static gboolean
load_history (PdOverviewSnapshot  *self,
              PdStore             *store,
              PdEntryMarks        *marks,
              GError             **error)
{
  PdProjectionPoint point = { 0 };
  gboolean added = FALSE;
  g_autoptr(GError) local_error = NULL;

  if (self->record_history)
    {
      if (!pd_store_latest_data_event (store, &point.event_at, &point.source, error))
        return FALSE;
      if (point.event_at > 0 && point.event_at <= self->as_of)
        {
          point.recorded_at = self->as_of;
          point.confirmed = *pd_projection_get_confirmed (self->projection);
          point.expected = *pd_projection_get_expected (self->projection);
          point.upper = *pd_projection_get_upper (self->projection);
          /* A point not written (the store busy with a long import) is
           * written at the next reading; the Overview shows regardless. */
          if (!pd_store_add_projection_point (store, self->program_id, &point, &added, &local_error))
            g_message ("Could not record the projection’s trend: %s", local_error->message);
          /* And every entry as it stands after that event, for what the
           * next one changes (pd-store-entry-marks.h). */
          g_clear_error (&local_error);
          if (!pd_store_save_entry_marks (store, self->program_id, point.event_at,
                                          (const PdEntryMark *) (void *) marks->marks->data,
                                          marks->marks->len, &added, &local_error))
            g_message ("Could not record the entries for what changed: %s", local_error->message);
        }
    }
  self->history = pd_store_list_projection_points (store, self->program_id, error);
  return self->history != NULL && load_changes (self, store, marks, point.event_at, error);
}

static gboolean
load_projection (PdOverviewSnapshot  *self,
                 PdStore             *store,
                 PdProjectionSetup   *setup,
                 GCancellable        *cancellable,
                 GError             **error)
{
  ProjectionPass pass = { self, 0 };
  g_auto(PdEntryMarks) marks = { 0 };

  self->names = g_hash_table_new (g_str_hash, g_str_equal);
  self->strings = g_string_chunk_new (64 * 1024);
  /* Every entry's mark on the way, for what changed (pd-entry-diff.h). */
  pd_entry_marks_init (&marks, on_projection_entry_cb, &pass);
  self->projection = pd_projection_setup_run_full (setup, store, PD_STORE_ENTRIES_NAMES,
                                                   pd_entry_marks_add_cb, &marks,
                                                   cancellable, error);
  if (self->projection == NULL || !pd_entry_marks_finish (&marks, self->projection, error))
    return FALSE;
  self->overrides = pd_store_list_all_overrides (store, self->program_id, error);
  return self->overrides != NULL && load_history (self, store, &marks, error);
}

gboolean
pd_overview_snapshot_load (PdOverviewSnapshot  *self,
                           GCancellable        *cancellable,
                           GError             **error)
{
  g_autoptr(PdStore) store = NULL;
  g_auto(PdProjectionSetup) setup = { 0 };
  gint64 until;

  g_return_val_if_fail (self != NULL && self->rules == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  store = pd_store_open (self->store_path, error);
  if (store == NULL ||
      !pd_projection_setup_load (&setup, store, self->program_id, self->as_of, error))
    return FALSE;
  self->rules = pd_rules_ref (setup.rules);

  if (setup.rules->kind == PD_PROGRAM_KIND_RECRUITMENT)
    {
      if (!load_projection (self, store, &setup, cancellable, error))
        return FALSE;
    }
  else if (!load_benefits (self, store, cancellable, error))
    return FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  until = pd_rules_add_days (self->rules, self->as_of, PD_OVERVIEW_AUTHORIZATION_DAYS);
  self->authorizations = pd_store_list_expiring_authorizations (store, until, error);
  if (self->authorizations == NULL)
    return FALSE;
  self->payouts = pd_store_list_payouts (store, self->program_id, error);
  if (self->payouts == NULL)
    return FALSE;
  self->readings = pd_store_open_api_list_readings (store, error);
  if (self->readings == NULL || !pd_store_open_api_count_sources (store, &self->sources, error))
    return FALSE;
  if (self->projection != NULL && pd_reconciliation_is_due (&setup))
    {
      self->reconciliation = pd_store_reconcile (store, &setup, self->projection, error);
      return self->reconciliation != NULL;
    }
  return TRUE;
}
