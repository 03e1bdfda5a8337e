/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-importer"

#include "config.h"

#include "pd-import-run-private.h"

/*
 * A target list imported again, in key order (sorted by seller id): its
 * rows are compared with the program's rows read in one pass, a step of
 * one cursor a row, where a look-up a row (pd_import_upsert ()) costs a
 * B-tree search and a statement's start and end each time, more than
 * sqlite3's whole .import of the file. Rows out of order, or of a second
 * program, go back to the look-ups.
 *
 * The cursor reads the same connection that writes: after a write (an
 * insert, an update, an unmark) its row may have moved, so it seeks
 * again from the next key instead of reading it.
 */

/* Steps past rows the file lacks before seeking instead. */
#define MAX_SKIP 64

gboolean
pd_import_scan_prepare (Run                 *run,
                        const PdStoreTable  *table,
                        const guint         *params,
                        guint                n_params,
                        const char          *changed_sql,
                        GError             **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT seller_id");

  g_return_val_if_fail (n_params <= G_N_ELEMENTS (run->scan_values), FALSE);

  for (guint i = 0; i < n_params; i++)
    {
      g_string_append_printf (sql, ", %s", table->columns[params[i] - 1].name);
      run->scan_values[i] = params[i] - 1;
    }
  run->n_scan_values = n_params;
  g_string_append_printf (sql, ", (%s) FROM %s WHERE program_id = ?1 AND seller_id >= ?2"
                          " ORDER BY seller_id", changed_sql, table->table);
  run->scan = pd_store_prepare (run->store, sql->str, error);
  run->scan_key = g_string_new (NULL);
  return run->scan != NULL;
}

void
pd_import_scan_clear (Run *run)
{
  g_clear_pointer (&run->scan, sqlite3_finalize);
  if (run->scan_key != NULL)
    g_string_free (g_steal_pointer (&run->scan_key), TRUE);
}

static gboolean
scan_step (Run     *run,
           GError **error)
{
  int rc = sqlite3_step (run->scan);

  run->scan_have = rc == SQLITE_ROW;
  /* Its row is good to read until the next write. */
  run->scan_changes = sqlite3_total_changes64 (run->db);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (run->store, error, _("importing a row"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
scan_seek (Run         *run,
           const char  *key,
           GError     **error)
{
  sqlite3_reset (run->scan);
  sqlite3_bind_text (run->scan, 1, run->scan_program->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (run->scan, 2, key, -1, SQLITE_TRANSIENT);
  return scan_step (run, error);
}

/* Whether the cursor's column @column holds @value exactly (same type,
 * same bytes): then `column IS NOT value` is false. Anything else is
 * left to the UPDATE's own condition. */
static gboolean
same_value (sqlite3_stmt *stmt,
            int           column,
            const Value  *value)
{
  int type = sqlite3_column_type (stmt, column);

  switch (value->type)
    {
    case V_TEXT:
      {
        gsize len = strlen (value->text);

        return type == SQLITE_TEXT && (gsize) sqlite3_column_bytes (stmt, column) == len &&
               memcmp (sqlite3_column_text (stmt, column), value->text, len) == 0;
      }
    case V_INT:
      return type == SQLITE_INTEGER && sqlite3_column_int64 (stmt, column) == value->integer;
    case V_NULL:
    default:
      return type == SQLITE_NULL;
    }
}

/* The row @values (program, seller id, then the table's columns) as
 * pd_import_upsert () writes it, @present or not in the table and, when
 * present, differing or not from it. */
static UpsertResult
upsert_known (Run          *run,
              const Value  *values,
              guint         n_values,
              gboolean      present,
              gboolean      differs,
              GError      **error)
{
  PdImportResult *result = run->result;

  if (!present)
    {
      pd_import_bind_values (run->insert, values, n_values);
      if (!pd_import_step_done (run, run->insert, error))
        return UPSERT_FAILED;
      if (sqlite3_changes (run->db) == 0)
        return pd_import_upsert (run, values, n_values, error);
      result->counts.inserted++;
      pd_import_touch_values (run, values);
      return UPSERT_INSERTED;
    }
  if (differs)
    {
      pd_import_bind_values (run->update, values, n_values);
      if (!pd_import_step_done (run, run->update, error))
        return UPSERT_FAILED;
      if (sqlite3_changes (run->db) > 0)
        {
          result->counts.updated++;
          pd_import_touch_values (run, values);
          return UPSERT_UPDATED;
        }
    }
  result->counts.unchanged++;
  return UPSERT_UNCHANGED;
}

UpsertResult
pd_import_scan_upsert (Run           *run,
                       ProgramEntry  *program,
                       const Value   *values,
                       guint          n_values,
                       GError       **error)
{
  const char *key = values[1].text;
  gboolean present = FALSE;
  gboolean differs = FALSE;

  if (run->scan == NULL || run->scan_off || values[1].type != V_TEXT ||
      (run->scan_program != NULL && run->scan_program != program) ||
      (run->scan_key->len > 0 && strcmp (key, run->scan_key->str) <= 0))
    {
      run->scan_off = TRUE;
      return pd_import_upsert (run, values, n_values, error);
    }

  if (run->scan_program == NULL || sqlite3_total_changes64 (run->db) != run->scan_changes)
    {
      /* First row, or the table was written since the last step. */
      run->scan_program = program;
      if (!scan_seek (run, key, error))
        return UPSERT_FAILED;
    }
  else
    {
      for (guint skipped = 0; run->scan_have; skipped++)
        {
          const char *at = (const char *) sqlite3_column_text (run->scan, 0);

          if (at == NULL || strcmp (at, key) >= 0)
            break;
          if (skipped == MAX_SKIP)
            {
              if (!scan_seek (run, key, error))
                return UPSERT_FAILED;
              break;
            }
          if (!scan_step (run, error))
            return UPSERT_FAILED;
        }
    }

  if (run->scan_have)
    {
      const char *at = (const char *) sqlite3_column_text (run->scan, 0);

      present = at != NULL && strcmp (at, key) == 0;
    }
  if (present)
    {
      for (guint i = 0; i < run->n_scan_values && !differs; i++)
        differs = !same_value (run->scan, (int) i + 1, &values[run->scan_values[i]]);
      differs = differs || sqlite3_column_int (run->scan, (int) run->n_scan_values + 1) != 0;
    }
  g_string_assign (run->scan_key, key);
  return upsert_known (run, values, n_values, present, differs, error);
}
