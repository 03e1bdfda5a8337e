/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-importer"

#include "config.h"

#include <string.h>

#include "pd-store-tables.h"
#include "pd-import-run-private.h"

/* While the staged rows of a new target list are sorted and inserted. */
#define STAGED_CACHE_KIB 8192
/* left_at of a listed seller not seen yet by a replace import; never
 * committed (the import turns it into the time of the import). */
#define LEFT_MARK "-1"

static void
program_entry_free (ProgramEntry *entry)
{
  g_free (entry->id);
  g_free (entry);
}

/* ------------------------------------------------------------------ */
/* Programs (target lists). */

static ProgramEntry *
lookup_program (Run         *run,
                const char  *id,
                GError     **error)
{
  ProgramEntry *entry;
  int rc;

  for (guint i = 0; i < run->programs->len; i++)
    {
      entry = g_ptr_array_index (run->programs, i);
      if (g_str_equal (entry->id, id))
        return entry;
    }

  sqlite3_bind_text (run->program_exists, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (run->program_exists);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (run->store, error, _("looking up a program"));
      sqlite3_reset (run->program_exists);
      return NULL;
    }

  entry = g_new0 (ProgramEntry, 1);
  entry->id = g_strdup (id);
  entry->hash_state = pd_import_key_hash_prefix (id);
  entry->exists = rc == SQLITE_ROW;
  entry->staged = entry->exists && sqlite3_column_int (run->program_exists, 0) == 0;
  sqlite3_reset (run->program_exists);
  g_ptr_array_add (run->programs, entry);
  return entry;
}

static char *
query_text (Run         *run,
            const char  *sql,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (run->store, sql, error);

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pd_store_set_sql_error (run->store, error, _("reading the programs"));
      return NULL;
    }
  return g_strdup (sqlite3_column_text (stmt, 0) != NULL ? (const char *) sqlite3_column_text (stmt, 0) : "");
}

/* The program of rows whose program_id is empty: --program, else the
 * store's only recruitment program. */
static gboolean
resolve_default_program (Run     *run,
                         GError **error)
{
  PdImportResult *result = run->result;
  const PdImportOptions *options = run->options;
  g_autofree char *recruitment = NULL;
  g_autofree char *count_text = NULL;
  ProgramEntry *entry;

  run->program_list = query_text (run, "SELECT ifnull(group_concat(id, ', '), '')"
                                       " FROM (SELECT id FROM programs ORDER BY id)", error);
  if (run->program_list == NULL)
    return FALSE;

  if (options->program_id != NULL)
    {
      entry = lookup_program (run, options->program_id, error);
      if (entry == NULL)
        return FALSE;
      if (!entry->exists)
        {
          pd_import_add_problem_message (result, 0,
                                         g_strdup_printf (_("%s: no program “%s” in the store (--program); expected one of: %s"),
                                                          run->display, options->program_id, run->program_list));
          run->default_reported = TRUE;
          return TRUE;
        }
      run->default_program = entry;
      return TRUE;
    }

  count_text = query_text (run, "SELECT count(*) FROM programs WHERE kind = 'recruitment'", error);
  recruitment = query_text (run, "SELECT ifnull(group_concat(id, ', '), '')"
                                 " FROM (SELECT id FROM programs WHERE kind = 'recruitment' ORDER BY id)", error);
  if (count_text == NULL || recruitment == NULL)
    return FALSE;

  if (g_str_equal (count_text, "1"))
    {
      run->default_program = lookup_program (run, recruitment, error);
      return run->default_program != NULL;
    }
  if (g_str_equal (count_text, "0"))
    run->default_problem = g_strdup (_("the row names no program and the store has no recruitment program; expected a program_id value or --program ID"));
  else
    run->default_problem = g_strdup_printf (_("the row names no program and the store has several recruitment programs (%s); expected a program_id value or --program ID"),
                                            recruitment);
  return TRUE;
}

/* The row's program, or NULL with a problem recorded (once for a missing
 * default). FALSE on a store error. */
static gboolean
row_program (Run           *run,
             GPtrArray     *fields,
             guint64        line,
             guint          column,
             ProgramEntry **out,
             GError       **error)
{
  PdImportResult *result = run->result;
  const PdImportOptions *options = run->options;
  const char *id = nonempty (run, fields, column);
  ProgramEntry *entry;

  *out = NULL;

  if (id == NULL)
    {
      if (run->default_program != NULL)
        *out = run->default_program;
      else if (!run->default_reported)
        {
          pd_import_add_problem (run, line, has_column (run, column) ? (int) column : -1, "%s", run->default_problem);
          run->default_reported = TRUE;
        }
      return TRUE;
    }

  if (run->last_program != NULL && g_str_equal (run->last_program->id, id))
    {
      *out = run->last_program;
      return TRUE;
    }

  entry = lookup_program (run, id, error);
  if (entry == NULL)
    return FALSE;
  if (!entry->exists)
    {
      pd_import_add_problem (run, line, column, _("no program “%s” in the store; expected one of: %s"),
                             id, run->program_list);
      return TRUE;
    }
  if (options->program_id != NULL && !g_str_equal (options->program_id, id) && !run->override_warned)
    {
      pd_import_add_warning (result, _("%s:%" PRIu64 ": the row names program “%s”, which is used instead of --program %s"),
                             run->display, line, id, options->program_id);
      run->override_warned = TRUE;
    }
  run->last_program = entry;
  *out = entry;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Target lists. */

enum
{
  T_SELLER_ID,
  T_SELLER_NAME,
  T_BRAND,
  T_MARKET,
  T_COUNTRY,
  T_CONTACT_NAME,
  T_CONTACT_EMAIL,
  T_CONTACT_PHONE,
  T_REVIEW_STATUS,
  T_PROGRAM_ID,
};

static const PdCsvColumn target_columns[] = {
  { "seller_id", "商家ID", TRUE },
  { "seller_name", "商家名称", TRUE, PD_CSV_MAX_NAME_CHARS },
  { "brand", "品牌", FALSE },
  { "market", "站点", TRUE },
  { "country", "国家", FALSE },
  { "contact_name", "联系人", FALSE, PD_CSV_MAX_NAME_CHARS },
  { "contact_email", "邮箱", FALSE },
  { "contact_phone", "电话", FALSE },
  { "review_status", "审核状态", FALSE },
  { "program_id", NULL, FALSE },
};

/* Parameters: ?1 program_id, ?2 seller_id, ?3 seller_name, ?4 brand,
 * ?5 market, ?6 country, ?7 contact_name, ?8 contact_email,
 * ?9 contact_phone, ?10 review_status, ?11 now. */
static gboolean
targets_prepare (Run     *run,
                 GError **error)
{
  /* The file's optional columns; the column of the table each updates
   * is parameter column + 2 (pd-store-tables.c's order). */
  static const struct { guint column; } optional[] = {
    { T_BRAND }, { T_COUNTRY }, { T_CONTACT_NAME }, { T_CONTACT_EMAIL }, { T_CONTACT_PHONE },
    { T_REVIEW_STATUS },
  };
  const PdStoreTable *targets = pd_store_table_lookup ("target_merchant");
  g_autoptr(GString) set = g_string_new (NULL);
  g_autoptr(GString) changed = g_string_new (NULL);
  guint params[2 + G_N_ELEMENTS (optional)];
  guint n_params = 0;

  run->programs = g_ptr_array_new_with_free_func ((GDestroyNotify) program_entry_free);
  /* A row when the program exists: whether it has a target list yet. */
  run->program_exists = pd_store_prepare (run->store,
                                          "SELECT EXISTS (SELECT 1 FROM target_merchants WHERE program_id = ?1)"
                                          " FROM programs WHERE id = ?1",
                                          error);
  if (run->program_exists == NULL || !resolve_default_program (run, error))
    return FALSE;

  params[n_params++] = 3;   /* seller_name */
  params[n_params++] = 5;   /* market */
  for (guint i = 0; i < G_N_ELEMENTS (optional); i++)
    if (has_column (run, optional[i].column))
      params[n_params++] = optional[i].column + 2;
  for (guint i = 0; i < n_params; i++)
    pd_import_add_table_column (set, changed, targets, params[i]);
  /* A seller back on the list. */
  g_string_append (set, ", left_at = NULL");
  g_string_append (changed, " OR (left_at IS NOT NULL AND left_at <> " LEFT_MARK ")");

  if (run->options->replace)
    {
      run->unmark = pd_store_prepare (run->store,
                                      "UPDATE target_merchants SET left_at = NULL"
                                      " WHERE program_id = ?1 AND seller_id = ?2 AND left_at = " LEFT_MARK,
                                      error);
      if (run->unmark == NULL)
        return FALSE;
    }

  /* The table's first 11 columns, through listed_at (pd-store-tables.c:
   * named once for the importer and the sync). */
  return pd_import_prepare_table (run, targets, 11, set, changed, error) &&
         pd_import_scan_prepare (run, targets, params, n_params,
                                 "left_at IS NOT NULL AND left_at <> " LEFT_MARK, error);
}

static const char *
parse_review_status (Run        *run,
                     guint64     line,
                     const char *text)
{
  static const char * const tokens[] = { "approved", "pending", "rejected" };
  g_autoptr(GError) error = NULL;
  PdReviewStatus status;

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    if (g_ascii_strcasecmp (text, tokens[i]) == 0)
      return tokens[i];
  if (pd_review_status_parse (text, &status, &error))
    return pd_review_status_to_string (status);
  pd_import_add_value_problem (run, line, T_REVIEW_STATUS, error);
  return NULL;
}

static gboolean
mark_program (Run           *run,
              ProgramEntry  *program,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = pd_store_prepare (run->store,
                           "UPDATE target_merchants SET left_at = " LEFT_MARK
                           " WHERE program_id = ?1 AND left_at IS NULL",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, program->id, -1, SQLITE_STATIC);
  if (!pd_import_step_done (run, stmt, error))
    return FALSE;
  program->marked = TRUE;
  return TRUE;
}

/*
 * A list for a program that has none yet (the usual first import of a
 * large list) is not upserted row by row: seller ids arrive in random
 * order, and inserting them into the B-tree one by one touches a random
 * page each time, most of them no longer in the page cache once the list
 * outgrows it. The rows are appended to a temporary table instead (a
 * file, not memory: temp_store is FILE during the import), and at the end
 * inserted in key order, which SQLite sorts externally and appends page
 * after page. Every such row is an insert: the program had no row, and
 * repeated keys have been refused by then.
 */
static gboolean
prepare_stage (Run     *run,
               GError **error)
{
  if (!pd_store_exec (run->store,
                      "DROP TABLE IF EXISTS temp.pd_import_targets;"
                      "CREATE TEMP TABLE pd_import_targets (program_id, seller_id, seller_name, brand,"
                      " market, country, contact_name, contact_email, contact_phone, review_status)",
                      error))
    return FALSE;
  run->stage = pd_store_prepare (run->store,
                                 "INSERT INTO temp.pd_import_targets"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                                 error);
  return run->stage != NULL;
}

static gboolean
insert_staged (Run     *run,
               GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_clear_pointer (&run->stage, sqlite3_finalize);
  /* Appending in order needs few pages; the memory goes to the sort. */
  pd_import_key_set_clear (&run->keys);
  pd_store_exec (run->store, "PRAGMA main.cache_size = -" G_STRINGIFY (STAGED_CACHE_KIB), NULL);

  stmt = pd_store_prepare (run->store,
                           "INSERT INTO target_merchants (program_id, seller_id, seller_name, brand, market,"
                           " country, contact_name, contact_email, contact_phone, review_status, listed_at)"
                           " SELECT program_id, seller_id, seller_name, brand, market, country, contact_name,"
                           " contact_email, contact_phone, review_status, ?1"
                           " FROM temp.pd_import_targets ORDER BY program_id, seller_id",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run->now);
  if (!pd_import_step_done (run, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);
  return pd_store_exec (run->store, "DROP TABLE temp.pd_import_targets", error);
}

/*
 * A file in key order (sorted by seller id, a program at a time) needs no
 * staging: its rows are appended to the table as they come, each on the
 * B-tree's last page. The first row out of order stages the rest
 * (prepare_stage()); they are inserted in key order at the end as usual.
 */
static gboolean
in_key_order (Run          *run,
              ProgramEntry *program,
              const char   *seller_id)
{
  if (run->append_seller == NULL)
    run->append_seller = g_string_new (NULL);
  else if (run->append_program != program)
    {
      if (strcmp (program->id, run->append_program->id) <= 0)
        return FALSE;
    }
  else if (strcmp (seller_id, run->append_seller->str) <= 0)
    return FALSE;
  run->append_program = program;
  g_string_assign (run->append_seller, seller_id);
  return TRUE;
}

static gboolean
prepare_append (Run     *run,
                GError **error)
{
  run->append = pd_store_prepare (run->store,
                                  "INSERT INTO target_merchants (program_id, seller_id, seller_name, brand, market,"
                                  " country, contact_name, contact_email, contact_phone, review_status, listed_at)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                                  error);
  return run->append != NULL;
}

static gboolean
targets_row (Run        *run,
             GPtrArray  *fields,
             guint64     line,
             GError    **error)
{
  PdImportResult *result = run->result;
  const PdImportOptions *options = run->options;
  Value values[11] = { { 0 } };
  const char *seller_id;
  const char *market_text = field (run, fields, T_MARKET);
  const char *text;
  const char *status = "pending";
  char market[17];
  char country[3];
  ProgramEntry *program = NULL;
  gboolean ok = TRUE;
  UpsertResult upserted;

  seller_id = pd_import_id_field (run, fields, T_SELLER_ID, 0, N_("seller id"), line, &ok);
  ok &= pd_import_require_text (run, line, T_SELLER_ID, seller_id, N_("the seller’s id on the platform"));
  text = field (run, fields, T_SELLER_NAME);
  ok &= pd_import_require_text (run, line, T_SELLER_NAME, text, N_("the seller’s name"));
  set_text (&values[2], text);
  if (pd_import_require_text (run, line, T_MARKET, market_text, N_("a market code such as EU, JP, US or UK")))
    ok &= pd_import_parse_market (run, line, T_MARKET, market_text, market);
  else
    ok = FALSE;
  if ((text = nonempty (run, fields, T_COUNTRY)) != NULL)
    {
      if (pd_import_parse_country (run, line, T_COUNTRY, text, country))
        set_text (&values[5], country);
      else
        ok = FALSE;
    }
  if ((text = nonempty (run, fields, T_REVIEW_STATUS)) != NULL &&
      (status = parse_review_status (run, line, text)) == NULL)
    ok = FALSE;

  if (!row_program (run, fields, line, T_PROGRAM_ID, &program, error))
    return FALSE;

  if (program != NULL && *seller_id != '\0')
    pd_import_check_key (run, line, T_SELLER_ID, program->hash_state, program->id, seller_id);

  /* Once anything is wrong the import will be rolled back: only look for
   * more problems. */
  if (!ok || program == NULL || result->n_problems > 0)
    return TRUE;

  set_text (&values[0], program->id);
  set_text (&values[1], seller_id);
  set_text (&values[3], field (run, fields, T_BRAND));
  set_text (&values[4], market);
  set_text (&values[6], field (run, fields, T_CONTACT_NAME));
  set_text (&values[7], field (run, fields, T_CONTACT_EMAIL));
  set_text (&values[8], field (run, fields, T_CONTACT_PHONE));
  set_text (&values[9], status);
  set_int (&values[10], run->now);

  if (program->staged && run->stage == NULL && in_key_order (run, program, seller_id))
    {
      if (run->append == NULL && !prepare_append (run, error))
        return FALSE;
      pd_import_bind_values (run->append, values, 11);
      if (!pd_import_step_done (run, run->append, error))
        return FALSE;
      result->counts.inserted++;
      pd_import_touch_seller (run, seller_id);
      return TRUE;
    }
  if (program->staged)
    {
      if (run->stage == NULL && !prepare_stage (run, error))
        return FALSE;
      pd_import_bind_values (run->stage, values, 10);
      if (!pd_import_step_done (run, run->stage, error))
        return FALSE;
      result->counts.inserted++;
      pd_import_touch_seller (run, seller_id);
      return TRUE;
    }

  if (options->replace && !program->marked && !mark_program (run, program, error))
    return FALSE;

  upserted = pd_import_scan_upsert (run, program, values, G_N_ELEMENTS (values), error);
  if (upserted == UPSERT_FAILED)
    return FALSE;
  if (upserted == UPSERT_UNCHANGED && run->unmark != NULL)
    {
      pd_import_bind_values (run->unmark, values, 2);
      if (!pd_import_step_done (run, run->unmark, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
targets_key (Run         *run,
             GPtrArray   *fields,
             const char **prefix,
             const char **key)
{
  const char *id = nonempty (run, fields, T_PROGRAM_ID);
  gboolean ok = TRUE;

  *key = pd_import_id_field (run, fields, T_SELLER_ID, 0, N_("seller id"), 0, &ok);
  if (*key == NULL || **key == '\0')
    return FALSE;
  if (id != NULL)
    *prefix = id;
  else if (run->default_program != NULL)
    *prefix = run->default_program->id;
  else
    return FALSE;
  return TRUE;
}

static gboolean
targets_finish (Run     *run,
                GError **error)
{
  PdImportResult *result = run->result;
  const PdImportOptions *options = run->options;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (run->stage != NULL && !insert_staged (run, error))
    return FALSE;
  if (!options->replace)
    return TRUE;

  stmt = pd_store_prepare (run->store,
                           "UPDATE target_merchants SET left_at = ?2"
                           " WHERE program_id = ?1 AND left_at = " LEFT_MARK,
                           error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < run->programs->len; i++)
    {
      ProgramEntry *program = g_ptr_array_index (run->programs, i);

      if (!program->marked)
        continue;
      sqlite3_bind_text (stmt, 1, program->id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, run->now);
      if (!pd_import_step_done (run, stmt, error))
        return FALSE;
      result->counts.left += sqlite3_changes (run->db);
    }
  return TRUE;
}

const KindClass pd_import_targets_class = {
  target_columns, G_N_ELEMENTS (target_columns), "import.targets", N_("seller per program"),
  targets_prepare, targets_row, targets_key, targets_finish,
};

