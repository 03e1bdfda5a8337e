/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-importer"

#include "config.h"

#include <json-glib/json-glib.h>

#include "pd-country.h"
#include "pd-import-run-private.h"

#define CHECK_EVERY_ROWS 256
#define PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 10)
/* Page cache during an import, in KiB: large enough for the upserts of a
 * large re-import to hit it often, small enough to keep the whole process
 * (with the 8-bytes-a-row key set) well under 100 MB. */
#define IMPORT_CACHE_KIB 40960
/* A links import's: its rows go to random pages of the links table and of
 * its three indexes (some 300 bytes a link). At 200,000 new links, 60 MB
 * of pages: with 40 MB most were written to the WAL before the commit,
 * read back and written again (1.5 GB written in all, 0.7 GB with 64 MB
 * or more). Given back before the merchant rows' pass (see below). */
#define LINKS_CACHE_KIB 65536

static void
candidate_clear (Candidate *c)
{
  g_free (c->key);
  g_free (c->shown);
}

/* Statements must be finished before COMMIT. */
static void
finish_statements (Run *run)
{
  g_clear_pointer (&run->insert, sqlite3_finalize);
  g_clear_pointer (&run->differs, sqlite3_finalize);
  g_clear_pointer (&run->update, sqlite3_finalize);
  g_clear_pointer (&run->unmark, sqlite3_finalize);
  g_clear_pointer (&run->program_exists, sqlite3_finalize);
  g_clear_pointer (&run->stage, sqlite3_finalize);
  g_clear_pointer (&run->append, sqlite3_finalize);
  pd_import_scan_clear (run);
}

void
pd_import_run_clear (Run *run)
{
  finish_statements (run);
  if (run->append_seller != NULL)
    g_string_free (g_steal_pointer (&run->append_seller), TRUE);
  g_clear_pointer (&run->header, pd_csv_header_free);
  g_clear_pointer (&run->column_names, g_strfreev);
  g_clear_pointer (&run->zone, g_time_zone_unref);
  g_clear_pointer (&run->display, g_free);
  g_clear_pointer (&run->candidates, g_array_unref);
  g_clear_pointer (&run->programs, g_ptr_array_unref);
  g_clear_pointer (&run->default_problem, g_free);
  g_clear_pointer (&run->program_list, g_free);
  if (run->scratch != NULL)
    g_string_free (g_steal_pointer (&run->scratch), TRUE);
  if (run->scratch2 != NULL)
    g_string_free (g_steal_pointer (&run->scratch2), TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (run->ids); i++)
    if (run->ids[i] != NULL)
      g_string_free (g_steal_pointer (&run->ids[i]), TRUE);
  g_clear_pointer (&run->links, pd_import_links_free);
  g_clear_pointer (&run->stores, pd_import_stores_free);
  g_clear_pointer (&run->touched, pd_merchant_touched_free);
  pd_import_key_set_clear (&run->keys);
}

/* ------------------------------------------------------------------ */
/* Results. */

static void
problem_clear (gpointer data)
{
  PdImportProblem *problem = data;

  g_free (problem->message);
}

PdImportResult *
pd_import_result_new (void)
{
  PdImportResult *result = g_new0 (PdImportResult, 1);

  result->warnings = g_ptr_array_new_with_free_func (g_free);
  result->problems = g_array_new (FALSE, TRUE, sizeof (PdImportProblem));
  g_array_set_clear_func (result->problems, problem_clear);
  return result;
}

void
pd_import_result_free (PdImportResult *result)
{
  g_ptr_array_unref (result->warnings);
  g_array_unref (result->problems);
  g_free (result->encoding);
  g_free (result->sha256);
  g_free (result);
}

/* ------------------------------------------------------------------ */
/* Problems and warnings. */

void
pd_import_add_problem_message (PdImportResult *result,
                               guint64         line,
                               char           *message)
{
  PdImportProblem problem = { line, message };
  guint i;

  result->n_problems++;

  if (result->problems->len == PD_IMPORT_MAX_PROBLEMS &&
      line >= g_array_index (result->problems, PdImportProblem, result->problems->len - 1).line)
    {
      g_free (message);
      return;
    }

  /* Kept in line order: the repeated keys are only confirmed at the end. */
  for (i = result->problems->len; i > 0 && g_array_index (result->problems, PdImportProblem, i - 1).line > line; i--)
    ;
  g_array_insert_val (result->problems, i, problem);
  if (result->problems->len > PD_IMPORT_MAX_PROBLEMS)
    g_array_remove_index (result->problems, result->problems->len - 1);
}

static const char *
column_name (Run *run,
             int  column)
{
  if (column < 0)
    return NULL;
  if (run->column_names != NULL && run->column_names[column] != NULL && *run->column_names[column] != '\0')
    return run->column_names[column];
  return run->klass->columns[column].name;
}

/* FILE:LINE:COLUMN: what was wrong; expected ... (COLUMN as the file's
 * header names it). */
void
pd_import_add_problem (Run        *run,
                       guint64     line,
                       int         column,
                       const char *format,
                       ...)
{
  g_autofree char *text = NULL;
  const char *name = column_name (run, column);
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  if (run->source != NULL && pd_row_source_names_cells (run->source))
    {
      /* FILE:SHEET!C14: what was wrong; expected ... */
      int index = column >= 0 && run->header != NULL ? pd_csv_header_index (run->header, column) : -1;
      g_autofree char *where = pd_row_source_location (run->source, line, index >= 0 ? (guint) index : G_MAXUINT);

      pd_import_add_problem_message (run->result, line, g_strdup_printf ("%s: %s", where, text));
    }
  else if (name != NULL)
    pd_import_add_problem_message (run->result, line,
                                   g_strdup_printf ("%s:%" G_GUINT64_FORMAT ":%s: %s", run->display, line, name, text));
  else
    pd_import_add_problem_message (run->result, line,
                                   g_strdup_printf ("%s:%" G_GUINT64_FORMAT ": %s", run->display, line, text));
}

void
pd_import_add_value_problem (Run          *run,
                             guint64       line,
                             int           column,
                             const GError *error)
{
  pd_import_add_problem (run, line, column, "%s", error->message);
}

void
pd_import_add_warning (PdImportResult *result,
                       const char     *format,
                       ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (result->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

void
pd_import_set_invalid_error (PdImportResult  *result,
                             const char      *display,
                             GError         **error)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "%s: %" PRIu64 " problem; nothing was imported",
                                       "%s: %" PRIu64 " problems; nothing was imported",
                                       (gulong) MIN (result->n_problems, G_MAXULONG)),
                          display, result->n_problems);
  for (guint i = 0; i < result->problems->len; i++)
    g_string_append_printf (text, "\n%s", g_array_index (result->problems, PdImportProblem, i).message);
  if (result->n_problems > result->problems->len)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("... and %" PRIu64 " more problems"),
                              result->n_problems - result->problems->len);
    }
  g_set_error_literal (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID, text->str);
}

/* ------------------------------------------------------------------ */
/* Values. */

/* The seller or store id in @column, as pd_csv_id_parse() reads it (the
 * ="…" text form of exports unwrapped), in scratch @slot; NULL when the
 * file lacks the column. A spreadsheet-mangled id is a problem on @line
 * (when not 0) and comes back as it is. */
const char *
pd_import_id_field (Run        *run,
                    GPtrArray  *fields,
                    guint       column,
                    guint       slot,
                    const char *what,
                    guint64     line,
                    gboolean   *ok)
{
  g_autoptr(GError) error = NULL;
  const char *text = field (run, fields, column);

  if (text == NULL)
    return NULL;
  if (run->ids[slot] == NULL)
    run->ids[slot] = g_string_new (NULL);
  if (!pd_csv_id_parse (text, what, run->ids[slot], &error) && line > 0)
    {
      pd_import_add_problem (run, line, column, "%s", error->message);
      *ok = FALSE;
    }
  return run->ids[slot]->str;
}

void
pd_import_bind_values (sqlite3_stmt *stmt,
                       const Value  *values,
                       guint         n_values)
{
  guint n = MIN (n_values, (guint) sqlite3_bind_parameter_count (stmt));

  for (guint i = 0; i < n; i++)
    {
      switch (values[i].type)
        {
        case V_TEXT:
          sqlite3_bind_text (stmt, i + 1, values[i].text, -1, SQLITE_STATIC);
          break;
        case V_INT:
          sqlite3_bind_int64 (stmt, i + 1, values[i].integer);
          break;
        case V_NULL:
        default:
          sqlite3_bind_null (stmt, i + 1);
          break;
        }
    }
}

gboolean
pd_import_step_done (Run           *run,
                     sqlite3_stmt  *stmt,
                     GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (run->store, error, _("importing a row"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* One B-tree search a row in the common cases: while rows are new, the
 * INSERT is tried first (a conflict falls back to the look-up); once a
 * row exists, the look-up comes first and tells in the same search
 * whether the row differs, and the UPDATE only runs when it does. */
void
pd_import_touch_seller (Run        *run,
                        const char *seller_id)
{
  if (run->touched != NULL)
    pd_merchant_touched_add (run->touched, seller_id);
}

void
pd_import_touch_values (Run         *run,
                        const Value *values)
{
  if (run->touched == NULL)
    return;
  if (run->touched_value < 0)
    pd_merchant_touched_add_all (run->touched);
  else if (values[run->touched_value].type == V_TEXT)
    pd_merchant_touched_add (run->touched, values[run->touched_value].text);
}

UpsertResult
pd_import_insert_new (Run          *run,
                      const Value  *values,
                      guint         n_values,
                      GError      **error)
{
  if (!run->insert_first)
    return UPSERT_UNCHANGED;
  pd_import_bind_values (run->insert, values, n_values);
  if (!pd_import_step_done (run, run->insert, error))
    return UPSERT_FAILED;
  if (sqlite3_changes (run->db) > 0)
    {
      run->result->counts.inserted++;
      pd_import_touch_values (run, values);
      return UPSERT_INSERTED;
    }
  run->insert_first = FALSE;
  return UPSERT_UNCHANGED;
}

UpsertResult
pd_import_upsert (Run          *run,
                  const Value  *values,
                  guint         n_values,
                  GError      **error)
{
  PdImportResult *result = run->result;
  UpsertResult inserted;
  gboolean changed;
  int rc;

  inserted = pd_import_insert_new (run, values, n_values, error);
  if (inserted != UPSERT_UNCHANGED)
    return inserted;

  pd_import_bind_values (run->differs, values, n_values);
  rc = sqlite3_step (run->differs);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (run->store, error, _("importing a row"));
      sqlite3_reset (run->differs);
      return UPSERT_FAILED;
    }
  changed = rc == SQLITE_ROW && sqlite3_column_int (run->differs, 0) != 0;
  sqlite3_reset (run->differs);

  if (rc == SQLITE_DONE)
    {
      pd_import_bind_values (run->insert, values, n_values);
      if (!pd_import_step_done (run, run->insert, error))
        return UPSERT_FAILED;
      result->counts.inserted++;
      run->insert_first = TRUE;
      pd_import_touch_values (run, values);
      return UPSERT_INSERTED;
    }

  if (!changed)
    {
      result->counts.unchanged++;
      return UPSERT_UNCHANGED;
    }

  pd_import_bind_values (run->update, values, n_values);
  if (!pd_import_step_done (run, run->update, error))
    return UPSERT_FAILED;
  result->counts.updated++;
  pd_import_touch_values (run, values);
  return UPSERT_UPDATED;
}

/* "col = ?N" to @set and "col IS NOT ?N" to @changed. */
void
pd_import_add_update_column (GString    *set,
                             GString    *changed,
                             const char *db_column,
                             guint       param)
{
  g_string_append_printf (set, "%s%s = ?%u", set->len > 0 ? ", " : "", db_column, param);
  g_string_append_printf (changed, "%s%s IS NOT ?%u", changed->len > 0 ? " OR " : "", db_column, param);
}

void
pd_import_add_table_column (GString            *set,
                            GString            *changed,
                            const PdStoreTable *table,
                            guint               param)
{
  g_return_if_fail (param >= 1 && param <= table->n_columns);
  pd_import_add_update_column (set, changed, table->columns[param - 1].name, param);
}

gboolean
pd_import_prepare_table (Run                *run,
                         const PdStoreTable *table,
                         guint               n_insert,
                         GString            *set,
                         GString            *changed,
                         GError            **error)
{
  g_autofree char *insert = pd_store_table_insert_sql (table, n_insert, "ON CONFLICT DO NOTHING");
  g_autoptr(GString) key_where = g_string_new (NULL);

  for (guint i = 0; i < table->n_keys; i++)
    g_string_append_printf (key_where, "%s%s = ?%u", i > 0 ? " AND " : "", table->columns[i].name, i + 1);
  return pd_import_prepare_statements (run, insert, table->table, key_where->str, set, changed, error);
}

gboolean
pd_import_prepare_statements (Run         *run,
                              const char  *insert_sql,
                              const char  *table,
                              const char  *key_where,
                              GString     *set,
                              GString     *changed,
                              GError     **error)
{
  g_autofree char *update_sql = g_strdup_printf ("UPDATE %s SET %s WHERE %s AND (%s)",
                                                 table, set->str, key_where, changed->str);
  g_autofree char *differs_sql = g_strdup_printf ("SELECT (%s) FROM %s WHERE %s",
                                                  changed->str, table, key_where);

  run->insert_first = TRUE;
  run->insert = pd_store_prepare (run->store, insert_sql, error);
  if (run->insert == NULL)
    return FALSE;
  run->differs = pd_store_prepare (run->store, differs_sql, error);
  if (run->differs == NULL)
    return FALSE;
  run->update = pd_store_prepare (run->store, update_sql, error);
  return run->update != NULL;
}

/* Records the key; a key (hash) seen before becomes a candidate
 * duplicate, confirmed or dismissed by confirm_duplicates(). Returns
 * whether the key is new in the file. */
gboolean
pd_import_check_key (Run        *run,
                     guint64     line,
                     int         column,
                     guint64     prefix_state,
                     const char *prefix,
                     const char *key)
{
  Candidate candidate = { 0 };

  if (pd_import_key_set_add (&run->keys, pd_import_key_hash (prefix_state, key)))
    return TRUE;

  candidate.key = g_strconcat (prefix != NULL ? prefix : "", "\x1f", key, NULL);
  candidate.shown = g_strdup (key);
  candidate.line = line;
  candidate.column = column;
  g_array_append_val (run->candidates, candidate);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* The CSV import. */

/* Reads the file again to tell repeated keys from hash collisions. */
static void
confirm_duplicates (Run *run)
{
  g_autoptr(GHashTable) wanted = NULL;
  g_autoptr(PdRowSource) reader = NULL;
  g_autoptr(GString) key = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *fields;
  guint64 last_line = 0;
  guint n_open;

  if (run->candidates->len == 0)
    return;

  wanted = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_array_unref);
  for (guint i = 0; i < run->candidates->len; i++)
    {
      Candidate *c = &g_array_index (run->candidates, Candidate, i);
      GArray *indices = g_hash_table_lookup (wanted, c->key);

      if (indices == NULL)
        {
          indices = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (wanted, c->key, indices);
        }
      g_array_append_val (indices, i);
      last_line = MAX (last_line, c->line);
    }
  n_open = run->candidates->len;

  reader = pd_row_source_open (run->options->path, run->options->sheet, NULL, run->display, &error);
  if (reader == NULL || !pd_row_source_next (reader, &fields, &error))
    return;

  key = g_string_new (NULL);
  while (n_open > 0 && pd_row_source_next (reader, &fields, &error))
    {
      guint64 line = pd_row_source_get_record_line (reader);
      const char *prefix = NULL;
      const char *k = NULL;
      GArray *indices;

      if (line >= last_line)
        break;
      if (line <= run->header_line)
        continue;
      if (!run->klass->key (run, fields, &prefix, &k))
        continue;
      g_string_assign (key, prefix != NULL ? prefix : "");
      g_string_append_c (key, '\x1f');
      g_string_append (key, k);
      indices = g_hash_table_lookup (wanted, key->str);
      if (indices == NULL)
        continue;
      for (guint i = 0; i < indices->len; i++)
        {
          Candidate *c = &g_array_index (run->candidates, Candidate, g_array_index (indices, guint, i));

          if (c->first_line == 0 && c->line > line)
            {
              c->first_line = line;
              n_open--;
            }
        }
    }

  for (guint i = 0; i < run->candidates->len; i++)
    {
      Candidate *c = &g_array_index (run->candidates, Candidate, i);

      if (c->first_line != 0)
        pd_import_add_problem (run, c->line, c->column,
                               _("“%s” appears again, first on line %" PRIu64 "; expected each %s once in a file"),
                               c->shown, c->first_line, _(run->klass->key_what));
    }
}

static char *
audit_details (const PdImportOptions *options,
               PdImportResult        *result,
               const char            *basename,
               guint64                bytes,
               Run                   *run)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, basename);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, result->sha256);
  json_builder_set_member_name (builder, "bytes");
  json_builder_add_int_value (builder, bytes);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, pd_import_kind_to_string (options->kind));
  json_builder_set_member_name (builder, "encoding");
  json_builder_add_string_value (builder, result->encoding);
  json_builder_set_member_name (builder, "inserted");
  json_builder_add_int_value (builder, result->counts.inserted);
  json_builder_set_member_name (builder, "updated");
  json_builder_add_int_value (builder, result->counts.updated);
  json_builder_set_member_name (builder, "unchanged");
  json_builder_add_int_value (builder, result->counts.unchanged);
  if (options->kind == PD_IMPORT_KIND_TARGETS && run != NULL)
    {
      json_builder_set_member_name (builder, "replace");
      json_builder_add_boolean_value (builder, options->replace);
      json_builder_set_member_name (builder, "left");
      json_builder_add_int_value (builder, result->counts.left);
      json_builder_set_member_name (builder, "programs");
      json_builder_begin_array (builder);
      for (guint i = 0; i < run->programs->len; i++)
        {
          ProgramEntry *program = g_ptr_array_index (run->programs, i);

          if (program->exists)
            json_builder_add_string_value (builder, program->id);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

gboolean
pd_import_write_audit (const PdImportOptions  *options,
                       PdImportResult         *result,
                       PdStore                *store,
                       const char             *action,
                       guint64                 bytes,
                       Run                    *run,
                       GError                **error)
{
  g_autofree char *basename = g_path_get_basename (options->path);
  g_autofree char *details = audit_details (options, result, basename, bytes, run);

  return pd_store_audit (store, action, basename, details, error);
}

static GTimeZone *
import_zone (PdStore  *store,
             GError  **error)
{
  g_autofree char *name = pd_store_dup_setting (store, "import_timezone", error);
  GTimeZone *zone;

  if (name == NULL)
    return NULL;
  zone = pd_time_zone_new (name);
  if (zone == NULL)
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                 _("The store’s import_timezone “%s” is not a time zone; expected an IANA zone such as Asia/Shanghai"),
                 name);
  return zone;
}

static const KindClass *
kind_class (PdImportKind kind)
{
  switch (kind)
    {
    case PD_IMPORT_KIND_TARGETS:
      return &pd_import_targets_class;
    case PD_IMPORT_KIND_STORES:
      return &pd_import_stores_class;
    case PD_IMPORT_KIND_LINKS:
      return &pd_import_links_class;
    case PD_IMPORT_KIND_RATES:
      return &pd_import_rates_class;
    case PD_IMPORT_KIND_PROGRAM:
    default:
      return NULL;
    }
}

static gint64
query_pragma (PdStore    *store,
              const char *sql,
              gint64      fallback)
{
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (store, sql, NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return fallback;
  return sqlite3_column_int64 (stmt, 0);
}

/* Sets the pragma @name back to @value, as query_pragma () read it. */
static void
restore_pragma (PdStore    *store,
                const char *name,
                gint64      value)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA %s = %" G_GINT64_FORMAT, name, value);

  pd_store_exec (store, sql, NULL);
}

/* A workbook's sheet may have a title, notes or blank rows above its
 * header: the first of its first rows that names the required columns is
 * the header. A CSV file's header is its first line. */
#define MAX_ROWS_ABOVE_HEADER 20

static gboolean
read_header (Run          *run,
             PdRowSource  *reader)
{
  PdImportResult *result = run->result;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) first_error = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  GPtrArray *fields = NULL;
  gboolean titles = pd_row_source_names_cells (reader);

  for (guint tries = 0;; tries++)
    {
      if (!pd_row_source_next (reader, &fields, &error))
        {
          if (error != NULL)
            {
              pd_import_add_problem_message (result, 1, g_strdup (error->message));
              return FALSE;
            }
          fields = NULL;
        }
      run->header_line = fields != NULL ? pd_row_source_get_record_line (reader) : 1;
      run->header = pd_csv_header_new_for_source (run->klass->columns, run->klass->n_columns, fields,
                                                  run->display, reader, run->header_line,
                                                  &warnings, &error);
      if (run->header != NULL)
        break;
      /* A row that names the columns but twice beats a title. */
      if (first_error == NULL || !g_error_matches (error, PD_CSV_ERROR, PD_CSV_ERROR_MISSING_COLUMN))
        {
          g_clear_error (&first_error);
          first_error = g_steal_pointer (&error);
        }
      g_clear_error (&error);
      if (!titles || fields == NULL || tries + 1 >= MAX_ROWS_ABOVE_HEADER)
        {
          pd_import_add_problem_message (result, 1, g_strdup (first_error->message));
          return FALSE;
        }
    }
  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    g_ptr_array_add (result->warnings, g_strdup (g_ptr_array_index (warnings, i)));

  /* Messages name columns as the file does ("商家ID" or "seller_id"). */
  run->column_names = g_new0 (char *, run->klass->n_columns + 1);
  for (guint i = 0; i < run->klass->n_columns; i++)
    {
      int index = pd_csv_header_index (run->header, i);
      gsize len;
      const char *name;

      if (index < 0)
        {
          run->column_names[i] = g_strdup (run->klass->columns[i].name);
          continue;
        }
      name = pd_csv_trim (g_ptr_array_index (fields, index), &len);
      run->column_names[i] = g_strndup (name, len);
    }
  return TRUE;
}

gboolean
pd_import_csv (const PdImportOptions  *options,
               PdImportResult         *result,
               PdStore                *store,
               GCancellable           *cancellable,
               GError                **error)
{
  Run run = { 0 };
  g_autoptr(GFile) file = g_file_new_for_path (options->path);
  g_autoptr(GFileInputStream) file_stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GInputStream) hashing = NULL;
  g_autoptr(PdRowSource) reader = NULL;
  g_autoptr(GError) local_error = NULL;
  GPtrArray *fields;
  guint64 total = 0;
  guint64 bytes = 0;
  gint64 started = g_get_monotonic_time ();
  gint64 last_progress;
  gint64 old_cache_size;
  gint64 old_temp_store = -1;
  const char *encoding;
  gboolean ok = FALSE;

  run.options = options;
  run.result = result;
  run.store = store;
  run.db = pd_store_get_db (store);
  run.klass = kind_class (options->kind);
  run.display = g_filename_display_name (options->path);
  run.now = g_get_real_time () / G_USEC_PER_SEC;
  run.no_prefix_state = pd_import_key_hash_prefix (NULL);
  run.candidates = g_array_new (FALSE, TRUE, sizeof (Candidate));
  g_array_set_clear_func (run.candidates, (GDestroyNotify) candidate_clear);
  run.touched = pd_merchant_touched_new ();
  /* Where each kind's upsert values hold the seller id (targets: program,
   * seller; stores: store, seller; links: token, kind, url, seller). */
  run.touched_value = options->kind == PD_IMPORT_KIND_LINKS ? 3 :
                      options->kind == PD_IMPORT_KIND_RATES ? -1 : 1;

  if (options->replace && options->kind != PD_IMPORT_KIND_TARGETS)
    {
      pd_import_add_problem_message (result, 0, g_strdup_printf (_("%s: --replace applies to target lists only"), run.display));
      pd_import_set_invalid_error (result, run.display, error);
      pd_import_run_clear (&run);
      return FALSE;
    }

  file_stream = g_file_read (file, cancellable, &local_error);
  if (file_stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_IO,
                     _("Cannot read %s: %s"), run.display, local_error->message);
      pd_import_run_clear (&run);
      return FALSE;
    }
  info = g_file_input_stream_query_info (file_stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL);
  if (info != NULL)
    total = g_file_info_get_size (info);

  run.zone = import_zone (store, error);
  if (run.zone == NULL)
    {
      pd_import_run_clear (&run);
      return FALSE;
    }

  hashing = pd_hashing_input_stream_new (G_INPUT_STREAM (file_stream));
  /* CSV or a workbook's sheet, by the file's first bytes. */
  reader = pd_row_source_open (options->path, options->sheet, hashing, run.display, &local_error);
  if (reader == NULL)
    {
      pd_import_add_problem_message (result, 0, g_strdup (local_error->message));
      pd_import_set_invalid_error (result, run.display, error);
      pd_import_run_clear (&run);
      return FALSE;
    }
  run.source = reader;

  old_cache_size = query_pragma (store, "PRAGMA cache_size", -2000);
  pd_store_exec (store, options->kind == PD_IMPORT_KIND_LINKS ? "PRAGMA cache_size = -" G_STRINGIFY (LINKS_CACHE_KIB)
                                                               : "PRAGMA cache_size = -" G_STRINGIFY (IMPORT_CACHE_KIB),
                 NULL);
  if (options->kind == PD_IMPORT_KIND_TARGETS)
    {
      /* The staged rows of a new list go to a temporary file, never to
       * memory (the store keeps temporary tables in memory). Only possible
       * outside a transaction. */
      old_temp_store = query_pragma (store, "PRAGMA temp_store", 0);
      pd_store_exec (store, "PRAGMA temp_store = FILE", NULL);
    }

  if (!pd_store_begin (store, error) ||
      !pd_merchant_touched_prepare (run.touched, store, error))
    goto out;

  last_progress = g_get_monotonic_time ();
  pd_import_report_progress (options, 0, total);

  if (read_header (&run, reader))
    {
      if (!run.klass->prepare (&run, error))
        goto out;

      while (pd_row_source_next (reader, &fields, &local_error))
        {
          guint64 line = pd_row_source_get_record_line (reader);

          run.n_rows++;
          if (run.n_rows % CHECK_EVERY_ROWS == 0)
            {
              gint64 now = g_get_monotonic_time ();

              if (g_cancellable_set_error_if_cancelled (cancellable, error))
                goto out;
              if (now - last_progress >= PROGRESS_INTERVAL_US)
                {
                  pd_import_report_progress (options, pd_row_source_get_bytes_read (reader), total);
                  last_progress = now;
                }
            }

          /* A ragged row's values would land in the wrong columns: one
           * message for it, not one per column it garbles. */
          if (!pd_csv_header_check_record (run.header, fields, line, &local_error))
            {
              pd_import_add_problem_message (result, line, g_strdup (local_error->message));
              g_clear_error (&local_error);
            }
          else if (!run.klass->row (&run, fields, line, error))
            goto out;
        }
      /* The reader stops at its first error (bad bytes, an unclosed quote). */
      if (local_error != NULL)
        pd_import_add_problem_message (result, G_MAXUINT64, g_strdup (local_error->message));

      confirm_duplicates (&run);

      if (options->replace && run.n_rows == 0 && result->n_problems == 0)
        pd_import_add_problem_message (result, 2, g_strdup_printf (_("%s: the file has no rows; expected the program’s whole target list with --replace (an empty list would mark every seller as having left)"),
                                                                 run.display));
    }

  encoding = pd_row_source_get_encoding (reader);
  result->encoding = g_strdup (encoding != NULL ? encoding : "UTF-8");
  if (encoding != NULL && !g_str_equal (encoding, "UTF-8"))
    pd_import_add_warning (result, _("%s: the file is not UTF-8; it was read as %s"), run.display, encoding);

  if (result->n_problems == 0 && run.klass->finish != NULL && !run.klass->finish (&run, error))
    goto out;

  if (result->n_problems > 0)
    {
      pd_import_set_invalid_error (result, run.display, error);
      goto out;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  /* A workbook is read from its own handle: hash the file's bytes here. */
  if (pd_row_source_names_cells (reader) &&
      !pd_hashing_input_stream_drain (PD_HASHING_INPUT_STREAM (hashing), cancellable, error))
    goto out;
  result->sha256 = pd_hashing_input_stream_finish (PD_HASHING_INPUT_STREAM (hashing), &bytes);

  finish_statements (&run);

  g_debug ("%s: %" G_GUINT64_FORMAT " rows read and written in %.2f s",
           run.display, run.n_rows, (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  if (result->counts.left > 0)
    pd_merchant_touched_add_all (run.touched);
  if (!pd_import_write_audit (options, result, store, run.klass->action, bytes, &run, error) ||
      !pd_merchant_rows_update (store, run.touched, run.now, error) ||
      !pd_store_commit (store, error))
    goto out;
  g_debug ("%s: committed after %.2f s", run.display,
           (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  /* The import's page cache goes back before the pass's two connections
   * fill theirs: the process holds one of them at a time. */
  restore_pragma (store, "cache_size", old_cache_size);
  sqlite3_db_release_memory (run.db);
  /* Searchable when the import ends: what was too much to update seller
   * by seller is refreshed in one pass now. */
  if (!pd_merchant_rows_ensure_current_for (store, run.now, run.touched, &local_error))
    {
      /* Imported all the same: the rows stay marked stale, and the next
       * reader brings them up to date. */
      g_warning ("%s: the Merchants page’s rows stay stale: %s", run.display, local_error->message);
      g_clear_error (&local_error);
    }
  g_debug ("%s: merchant rows current after %.2f s", run.display,
           (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);

  pd_import_report_progress (options, total, total);
  ok = TRUE;

out:
  if (!ok)
    {
      finish_statements (&run);
      pd_store_rollback (store);
      memset (&result->counts, 0, sizeof result->counts);
    }
  restore_pragma (store, "cache_size", old_cache_size);
  if (old_temp_store >= 0)
    restore_pragma (store, "temp_store", old_temp_store);
  pd_import_run_clear (&run);
  return ok;
}

gboolean
pd_import_run (const PdImportOptions  *options,
               PdImportResult         *result,
               PdStore                *store,
               GCancellable           *cancellable,
               GError                **error)
{
  if (options->kind == PD_IMPORT_KIND_PROGRAM)
    return pd_import_program (options, result, store, cancellable, error);
  return pd_import_csv (options, result, store, cancellable, error);
}

