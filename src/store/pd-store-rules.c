/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-store-rules.h"
#include "pd-store-entries.h"
#include "pd-store-overrides.h"
#include "pd-store-private.h"
#include "pd-store-team.h"

/* A program's rules, the default stage rates and the expected-value
 * model: what a projection needs besides the entries (pd-store-entries.c). */

PdRules *
pd_store_load_rules (PdStore     *store,
                     const char  *program_id,
                     GError     **error)
{
  g_autoptr(PdRules) rules = pd_store_load_file_rules (store, program_id, error);

  if (rules == NULL || !pd_store_apply_overrides (store, rules, error))
    return NULL;
  return g_steal_pointer (&rules);
}

PdRules *
pd_store_load_file_rules (PdStore     *store,
                          const char  *program_id,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(PdProgram) program = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (program_id != NULL, NULL);

  stmt = pd_store_prepare (store, "SELECT json FROM programs WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, program_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_autoptr(sqlite3_stmt) ids = pd_store_prepare (store, "SELECT id FROM programs ORDER BY id", NULL);
      g_autoptr(GString) known = g_string_new (NULL);

      while (ids != NULL && sqlite3_step (ids) == SQLITE_ROW)
        {
          if (known->len > 0)
            g_string_append (known, ", ");
          g_string_append (known, (const char *) sqlite3_column_text (ids, 0));
        }
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("No program “%s” in %s; expected one of: %s"),
                   program_id, pd_store_get_path (store),
                   known->len > 0 ? known->str : _("(none)"));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      pd_store_set_sql_error (store, error, _("reading a program"));
      return NULL;
    }

  program = pd_program_new_from_data ((const char *) sqlite3_column_text (stmt, 0),
                                      sqlite3_column_bytes (stmt, 0), program_id, error);
  if (program == NULL)
    return NULL;
  return pd_rules_new (program, error);
}

gboolean
pd_store_get_stage_rates (PdStore  *store,
                          guint     rate_bp[PD_N_STAGES],
                          GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);

  /* The migration's defaults, should a row be missing. */
  rate_bp[PD_STAGE_INVITED] = 1000;
  rate_bp[PD_STAGE_ONBOARDED] = 3000;
  rate_bp[PD_STAGE_FIRST_SALE] = 5000;
  rate_bp[PD_STAGE_SALES_MET] = 8000;

  stmt = pd_store_prepare (store, "SELECT stage, rate_bp FROM stage_rates", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *stage = (const char *) sqlite3_column_text (stmt, 0);

      for (guint s = 0; s < PD_N_STAGES; s++)
        if (g_strcmp0 (stage, pd_stage_to_string (s)) == 0)
          rate_bp[s] = (guint) CLAMP (sqlite3_column_int64 (stmt, 1), 0, 10000);
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the stage rates"));
      return FALSE;
    }
  return TRUE;
}

gboolean
pd_store_set_stage_rate (PdStore  *store,
                         PdStage   stage,
                         guint     rate_bp,
                         GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *details = NULL;
  g_autofree char *bp = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);

  if (stage >= PD_N_STAGES || rate_bp > 10000)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("Stage rate %u for stage %d is out of range; expected 0 to 10000 basis points of a known stage"),
                   rate_bp, (int) stage);
      return FALSE;
    }

  if (!pd_store_begin (store, error))
    return FALSE;
  stmt = pd_store_prepare (store,
                           "INSERT INTO stage_rates (stage, rate_bp) VALUES (?1, ?2)"
                           " ON CONFLICT (stage) DO UPDATE SET rate_bp = excluded.rate_bp",
                           error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, pd_stage_to_string (stage), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, rate_bp);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("saving the stage rate"));
      goto fail;
    }
  details = g_strdup_printf ("{\"rate_bp\":%u}", rate_bp);
  bp = g_strdup_printf ("%u", rate_bp);
  if (!pd_store_audit (store, "stage-rate.set", pd_stage_to_string (stage), details, error) ||
      !pd_store_team_queue_field (store, "stage_rate", "*", pd_stage_to_string (stage), bp, error))
    goto fail;
  return pd_store_commit (store, error);

fail:
  pd_store_rollback (store);
  return FALSE;
}

typedef struct
{
  PdRules        *rules;
  gint64          as_of;
  PdStageHistory *history;
  GArray         *verdicts;
} HistoryPass;

static gboolean
add_to_history (const PdSellerInput  *seller,
                gpointer              user_data,
                GError              **error)
{
  HistoryPass *pass = user_data;
  guint n;

  g_array_set_size (pass->verdicts, MAX (seller->n_stores, 1));
  n = pd_engine_evaluate_seller (pass->rules, pass->as_of, seller,
                                 (PdEntryVerdict *) (void *) pass->verdicts->data);
  for (guint i = 0; i < n; i++)
    pd_stage_history_add (pass->history, &g_array_index (pass->verdicts, PdEntryVerdict, i));
  return TRUE;
}

gboolean
pd_store_load_expected_model (PdStore          *store,
                              PdRules          *rules,
                              gint64            as_of,
                              PdExpectedModel  *model,
                              GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) earlier = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) verdicts = g_array_new (FALSE, TRUE, sizeof (PdEntryVerdict));
  PdStageHistory history = { { 0 }, { 0 } };
  guint rate_bp[PD_N_STAGES];
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (rules != NULL && model != NULL, FALSE);

  if (!pd_store_get_stage_rates (store, rate_bp, error))
    return FALSE;

  /* Dates as text compare as dates (YYYY-MM-DD). */
  stmt = pd_store_prepare (store,
                           "SELECT id FROM programs WHERE kind = 'recruitment' AND id != ?1"
                           " AND period_end < ?2 ORDER BY period_start, id",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, rules->program_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, rules->period_start_date, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (earlier, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("listing earlier programs"));
      return FALSE;
    }

  for (guint i = 0; i < earlier->len; i++)
    {
      g_autoptr(PdRules) earlier_rules = pd_store_load_rules (store, g_ptr_array_index (earlier, i), error);
      HistoryPass pass;

      if (earlier_rules == NULL)
        return FALSE;
      pass.rules = earlier_rules;
      pass.as_of = as_of;
      pass.history = &history;
      pass.verdicts = verdicts;
      if (!pd_store_foreach_seller (store, earlier_rules->program_id, PD_STORE_ENTRIES_DEFAULT,
                                    add_to_history, &pass, error))
        return FALSE;
    }

  pd_expected_model_init (model, rate_bp, &history);
  return TRUE;
}
