/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-importer"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pd-country.h"
#include "pd-csv-header.h"
#include "pd-csv-id.h"
#include "pd-csv-reader.h"
#include "pd-currency.h"
#include "pd-enums.h"
#include "pd-hashing-input-stream.h"
#include "pd-import-links.h"
#include "pd-import-stores.h"
#include "pd-importer.h"
#include "pd-link.h"
#include "pd-link-validate.h"
#include "pd-money.h"
#include "pd-store-private.h"
#include "pd-time-zone.h"
#include "pd-timestamp.h"

/*
 * Imports one file (domain.md "File formats", incentives.md) into a store,
 * all or nothing: everything happens in one BEGIN IMMEDIATE transaction,
 * and any problem rolls it back, so a refused import leaves no row and no
 * audit entry behind. After a bad row the file is still read to the end so
 * that every problem is counted (the first PD_IMPORT_MAX_PROBLEMS are kept,
 * by line); once a problem is known nothing more is written.
 *
 * Choices made here:
 * - Rows are upserted by key, and inserted, updated and unchanged are
 *   counted exactly: a look-up compares every column the file has with
 *   the stored row (IS NOT, so NULLs compare too), an unchanged row is
 *   never written, and an UPDATE runs only for a row that differs (see
 *   upsert()). The rows of a program without a target list yet are
 *   staged and inserted in key order at the end (see prepare_stage()).
 * - A column the file does not have is left as it is on existing rows
 *   (a list with only seller_id, seller_name and market does not wipe the
 *   contacts); a column that is present but empty clears the value (or
 *   sets the default: review status pending, store status normal,
 *   governance none).
 * - The same key twice in one file (seller per program, store_id, token,
 *   currency) is an error on the later line, naming the first one: which
 *   of two differing rows is right cannot be guessed. Keys are tracked as
 *   64-bit hashes (8 bytes a row); a repeated hash is confirmed by reading
 *   the file again and comparing the keys, so a collision never refuses a
 *   good file.
 * - Target lists: a seller who had left the list and is in the file again
 *   is back on it (left_at NULL: an update). With replace, each program the
 *   file lists is marked first (left_at = LEFT_MARK on the sellers on its
 *   list), every seller in the file is unmarked, and the sellers still
 *   marked at the end have left now; an empty file is refused.
 * - Links: an import can revoke a link (revoked_at given) but never brings
 *   a revoked one back (an empty revoked_at changes nothing). Tokens and
 *   URLs must be what Partner Desk or the platform makes (pd-link-validate.h);
 *   what a file may change of a stored link, and of a store's seller, is
 *   in pd-import-links.h and pd-import-stores.h.
 * - Seller and store ids are read with pd_csv_id_parse(): the ="…" text
 *   form of exports is unwrapped, a spreadsheet's 7.00E+15 refused.
 * - Rates: CNY is the base currency; its rate can only be 1.
 *
 * An importer runs in any thread with that thread's own PdStore; nothing
 * here touches GTK. The progress callback is called at most ten times a
 * second, and the cancellable is checked every CHECK_EVERY_ROWS rows.
 */

#define CHECK_EVERY_ROWS 256
#define PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 10)
/* Page cache during an import, in KiB: large enough for the upserts of a
 * large re-import to hit it often, small enough to keep the whole process
 * (with the 8-bytes-a-row key set) well under 100 MB. */
#define IMPORT_CACHE_KIB 40960
/* While the staged rows of a new target list are sorted and inserted. */
#define STAGED_CACHE_KIB 8192
#define MAX_PROGRAM_FILE_SIZE (1024 * 1024)
/* left_at of a listed seller not seen yet by a replace import; never
 * committed (the import turns it into the time of the import). */
#define LEFT_MARK "-1"

typedef struct
{
  guint64  line;
  char    *message;
} Problem;

/* What one run found: filled by the run (in the worker thread for
 * pd_importer_run_async()), then handed to the importer as a whole. */
typedef struct
{
  PdImportCounts  counts;
  GPtrArray      *warnings;
  GArray         *problems;     /* Problem, by line */
  guint64         n_problems;
  char           *encoding;
  char           *sha256;
} PdImportResult;

/* What to import: a copy of the importer's settings, read by the run. */
typedef struct
{
  PdImportKind          kind;
  char                 *path;
  char                 *program_id;
  gboolean              replace;
  PdImportProgressFunc  progress;
  gpointer              progress_data;
} PdImportOptions;

static inline void
pd_import_report_progress (const PdImportOptions *options,
                           guint64                bytes_read,
                           guint64                bytes_total)
{
  if (options->progress != NULL)
    options->progress (bytes_read, bytes_total, options->progress_data);
}

struct _PdImporter
{
  GObject               parent_instance;

  PdImportKind          kind;
  char                 *path;
  char                 *program_id;
  gboolean              replace;

  PdImportProgressFunc  progress_func;
  gpointer              progress_data;
  GDestroyNotify        progress_notify;
  GMainContext         *progress_context;

  /* Results of the last run, copied back when it ends. */
  PdImportResult       *result;
  GPtrArray            *problem_messages;
};

G_DEFINE_FINAL_TYPE (PdImporter, pd_importer, G_TYPE_OBJECT)

G_DEFINE_QUARK (pd-import-error-quark, pd_import_error)

static const char * const kind_names[] = { "targets", "stores", "links", "rates", "program" };

/* ------------------------------------------------------------------ */
/* Keys seen: an open-addressing set of 64-bit hashes. */

typedef struct
{
  guint64 *slots;
  gsize    mask;
  gsize    n;
} KeySet;

#define FNV_OFFSET G_GUINT64_CONSTANT (14695981039346656037)
#define FNV_PRIME G_GUINT64_CONSTANT (1099511628211)

static inline guint64
fnv_update (guint64     h,
            const char *s)
{
  for (; *s != '\0'; s++)
    {
      h ^= (guchar) *s;
      h *= FNV_PRIME;
    }
  return h;
}

/* The state after a key's prefix (a program id, or nothing) and the
 * separator, from which each key of that prefix is hashed. */
static guint64
hash_prefix (const char *prefix)
{
  guint64 h = fnv_update (FNV_OFFSET, prefix != NULL ? prefix : "");

  h ^= 0x1f;
  return h * FNV_PRIME;
}

static inline guint64
hash_key (guint64     prefix_state,
          const char *key)
{
  guint64 h = fnv_update (prefix_state, key);

  /* FNV's low bits are weak: mix before using them as an index. */
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  h ^= h >> 33;
  return h != 0 ? h : 1;
}

static void
key_set_insert (KeySet  *set,
                guint64  h)
{
  gsize i = h & set->mask;

  while (set->slots[i] != 0)
    i = (i + 1) & set->mask;
  set->slots[i] = h;
}

static void
key_set_grow (KeySet *set)
{
  guint64 *old = set->slots;
  gsize old_size = old != NULL ? set->mask + 1 : 0;
  gsize size = old != NULL ? old_size * 2 : 1024;

  set->slots = g_new0 (guint64, size);
  set->mask = size - 1;
  for (gsize i = 0; i < old_size; i++)
    if (old[i] != 0)
      key_set_insert (set, old[i]);
  g_free (old);
}

/* FALSE when @h was already there. */
static gboolean
key_set_add (KeySet  *set,
             guint64  h)
{
  gsize i;

  if (set->slots == NULL || (set->n + 1) * 10 > (set->mask + 1) * 7)
    key_set_grow (set);

  for (i = h & set->mask; set->slots[i] != 0; i = (i + 1) & set->mask)
    if (set->slots[i] == h)
      return FALSE;
  set->slots[i] = h;
  set->n++;
  return TRUE;
}

static void
key_set_clear (KeySet *set)
{
  g_clear_pointer (&set->slots, g_free);
  set->mask = 0;
  set->n = 0;
}

/* A line whose key hash was seen before: a duplicate unless the hashes
 * of two different keys collided. */
typedef struct
{
  char    *key;         /* prefix, 0x1f, key */
  char    *shown;       /* the key as in the file */
  guint64  line;
  guint64  first_line;  /* 0 until confirmed */
  int      column;
} Candidate;

static void
candidate_clear (Candidate *c)
{
  g_free (c->key);
  g_free (c->shown);
}

/* ------------------------------------------------------------------ */
/* One run's state. */

typedef struct _Run Run;

typedef enum
{
  V_NULL,
  V_TEXT,
  V_INT,
} ValueType;

typedef struct
{
  ValueType   type;
  const char *text;
  gint64      integer;
} Value;

typedef struct
{
  char     *id;
  guint64   hash_state;
  gboolean  exists;
  gboolean  marked;
  /* The program had no target list yet: its rows are staged and inserted
   * in key order at the end (see targets_finish()). */
  gboolean  staged;
} ProgramEntry;

typedef struct
{
  const PdCsvColumn *columns;
  guint              n_columns;
  const char        *action;
  /* What must be unique, for messages: "seller per program"... */
  const char        *key_what;
  gboolean         (*prepare) (Run        *run,
                               GError    **error);
  /* FALSE only on a store error: problems with the row are recorded. */
  gboolean         (*row)     (Run        *run,
                               GPtrArray  *fields,
                               guint64     line,
                               GError    **error);
  /* The row's key, for the second look at repeated keys. */
  gboolean         (*key)     (Run        *run,
                               GPtrArray  *fields,
                               const char **prefix,
                               const char **key);
  gboolean         (*finish)  (Run        *run,
                               GError    **error);
} KindClass;

struct _Run
{
  const PdImportOptions *options;
  PdImportResult  *result;
  PdStore         *store;
  sqlite3         *db;
  const KindClass *klass;
  char            *display;
  PdCsvHeader     *header;
  char           **column_names;
  GTimeZone       *zone;
  gint64           now;
  guint64          n_rows;

  KeySet           keys;
  guint64          no_prefix_state;
  GArray          *candidates;

  sqlite3_stmt    *insert;
  sqlite3_stmt    *differs;
  sqlite3_stmt    *update;
  gboolean         insert_first;
  sqlite3_stmt    *unmark;
  sqlite3_stmt    *program_exists;
  sqlite3_stmt    *stage;

  GPtrArray       *programs;
  ProgramEntry    *last_program;
  ProgramEntry    *default_program;
  char            *default_problem;
  gboolean         default_reported;
  gboolean         override_warned;
  char            *program_list;

  GString         *scratch;
  GString         *scratch2;
  /* The ids of a row, unwrapped (see id_field()). */
  GString         *ids[2];
  PdImportLinks   *links;
  PdImportStores  *stores;
};

static void
program_entry_free (ProgramEntry *entry)
{
  g_free (entry->id);
  g_free (entry);
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->insert, sqlite3_finalize);
  g_clear_pointer (&run->differs, sqlite3_finalize);
  g_clear_pointer (&run->update, sqlite3_finalize);
  g_clear_pointer (&run->unmark, sqlite3_finalize);
  g_clear_pointer (&run->program_exists, sqlite3_finalize);
  g_clear_pointer (&run->stage, sqlite3_finalize);
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
  key_set_clear (&run->keys);
}

/* ------------------------------------------------------------------ */
/* Results. */

static void
problem_clear (gpointer data)
{
  Problem *problem = data;

  g_free (problem->message);
}

static PdImportResult *
pd_import_result_new (void)
{
  PdImportResult *result = g_new0 (PdImportResult, 1);

  result->warnings = g_ptr_array_new_with_free_func (g_free);
  result->problems = g_array_new (FALSE, TRUE, sizeof (Problem));
  g_array_set_clear_func (result->problems, problem_clear);
  return result;
}

static void
pd_import_result_free (PdImportResult *result)
{
  g_ptr_array_unref (result->warnings);
  g_array_unref (result->problems);
  g_free (result->encoding);
  g_free (result->sha256);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdImportResult, pd_import_result_free)

/* ------------------------------------------------------------------ */
/* Problems and warnings. */

static void
add_problem_message (PdImportResult *result,
                     guint64         line,
                     char           *message)
{
  Problem problem = { line, message };
  guint i;

  result->n_problems++;

  if (result->problems->len == PD_IMPORT_MAX_PROBLEMS &&
      line >= g_array_index (result->problems, Problem, result->problems->len - 1).line)
    {
      g_free (message);
      return;
    }

  /* Kept in line order: the repeated keys are only confirmed at the end. */
  for (i = result->problems->len; i > 0 && g_array_index (result->problems, Problem, i - 1).line > line; i--)
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

static void add_problem (Run        *run,
                         guint64     line,
                         int         column,
                         const char *format,
                         ...) G_GNUC_PRINTF (4, 5);

/* FILE:LINE:COLUMN: what was wrong; expected ... (COLUMN as the file's
 * header names it). */
static void
add_problem (Run        *run,
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

  if (name != NULL)
    add_problem_message (run->result, line,
                         g_strdup_printf ("%s:%" G_GUINT64_FORMAT ":%s: %s", run->display, line, name, text));
  else
    add_problem_message (run->result, line,
                         g_strdup_printf ("%s:%" G_GUINT64_FORMAT ": %s", run->display, line, text));
}

static void
add_value_problem (Run          *run,
                   guint64       line,
                   int           column,
                   const GError *error)
{
  add_problem (run, line, column, "%s", error->message);
}

static void add_warning (PdImportResult *result,
                         const char     *format,
                         ...) G_GNUC_PRINTF (2, 3);

static void
add_warning (PdImportResult *result,
             const char     *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (result->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
set_invalid_error (PdImportResult  *result,
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
    g_string_append_printf (text, "\n%s", g_array_index (result->problems, Problem, i).message);
  if (result->n_problems > result->problems->len)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("... and %" PRIu64 " more problems"),
                              result->n_problems - result->problems->len);
    }
  g_set_error_literal (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID, text->str);
}

/* ------------------------------------------------------------------ */
/* Progress, from the importing thread or through a main context. */

typedef struct
{
  PdImporter *self;
  guint64     bytes_read;
  guint64     bytes_total;
} ProgressData;

static gboolean
invoke_progress_cb (gpointer user_data)
{
  ProgressData *data = user_data;

  if (data->self->progress_func != NULL)
    data->self->progress_func (data->bytes_read, data->bytes_total, data->self->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_data_free (gpointer user_data)
{
  ProgressData *data = user_data;

  g_object_unref (data->self);
  g_free (data);
}

static void
report_progress (PdImporter *self,
                 guint64     bytes_read,
                 guint64     bytes_total)
{
  ProgressData *data;
  GSource *source;

  if (self->progress_func == NULL)
    return;
  if (self->progress_context == NULL)
    {
      self->progress_func (bytes_read, bytes_total, self->progress_data);
      return;
    }

  data = g_new0 (ProgressData, 1);
  data->self = g_object_ref (self);
  data->bytes_read = bytes_read;
  data->bytes_total = bytes_total;
  /* Not g_main_context_invoke(): it calls at once in this thread when
   * the context happens to be free, which the default context is until
   * its owner runs a loop. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, invoke_progress_cb, data, progress_data_free);
  g_source_set_static_name (source, "[pd-importer] progress");
  g_source_attach (source, self->progress_context);
  g_source_unref (source);
}

/* ------------------------------------------------------------------ */
/* Values. */

static inline const char *
field (Run       *run,
       GPtrArray *fields,
       guint      column)
{
  return pd_csv_header_get (run->header, fields, column);
}

/* NULL when the file lacks the column or the value is empty. */
static inline const char *
nonempty (Run       *run,
          GPtrArray *fields,
          guint      column)
{
  const char *text = pd_csv_header_get (run->header, fields, column);

  return text != NULL && *text != '\0' ? text : NULL;
}

static inline gboolean
has_column (Run   *run,
            guint  column)
{
  return pd_csv_header_index (run->header, column) >= 0;
}

/* The seller or store id in @column, as pd_csv_id_parse() reads it (the
 * ="…" text form of exports unwrapped), in scratch @slot; NULL when the
 * file lacks the column. A spreadsheet-mangled id is a problem on @line
 * (when not 0) and comes back as it is. */
static const char *
id_field (Run        *run,
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
  if (!pd_csv_id_parse (text, _(what), run->ids[slot], &error) && line > 0)
    {
      add_problem (run, line, column, "%s", error->message);
      *ok = FALSE;
    }
  return run->ids[slot]->str;
}

static inline void
set_text (Value      *value,
          const char *text)
{
  value->type = text != NULL && *text != '\0' ? V_TEXT : V_NULL;
  value->text = text;
}

static inline void
set_int (Value  *value,
         gint64  integer)
{
  value->type = V_INT;
  value->integer = integer;
}

static void
bind_values (sqlite3_stmt *stmt,
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

static gboolean
step_done (Run           *run,
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

typedef enum
{
  UPSERT_FAILED,
  UPSERT_INSERTED,
  UPSERT_UPDATED,
  UPSERT_UNCHANGED,
} UpsertResult;

/* One B-tree search a row in the common cases: while rows are new, the
 * INSERT is tried first (a conflict falls back to the look-up); once a
 * row exists, the look-up comes first and tells in the same search
 * whether the row differs, and the UPDATE only runs when it does. */
static UpsertResult
upsert (Run          *run,
        const Value  *values,
        guint         n_values,
        GError      **error)
{
  PdImportResult *result = run->result;
  gboolean changed;
  int rc;

  if (run->insert_first)
    {
      bind_values (run->insert, values, n_values);
      if (!step_done (run, run->insert, error))
        return UPSERT_FAILED;
      if (sqlite3_changes (run->db) > 0)
        {
          result->counts.inserted++;
          return UPSERT_INSERTED;
        }
      run->insert_first = FALSE;
    }

  bind_values (run->differs, values, n_values);
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
      bind_values (run->insert, values, n_values);
      if (!step_done (run, run->insert, error))
        return UPSERT_FAILED;
      result->counts.inserted++;
      run->insert_first = TRUE;
      return UPSERT_INSERTED;
    }

  if (!changed)
    {
      result->counts.unchanged++;
      return UPSERT_UNCHANGED;
    }

  bind_values (run->update, values, n_values);
  if (!step_done (run, run->update, error))
    return UPSERT_FAILED;
  result->counts.updated++;
  return UPSERT_UPDATED;
}

/* "col = ?N" to @set and "col IS NOT ?N" to @changed. */
static void
add_update_column (GString    *set,
                   GString    *changed,
                   const char *db_column,
                   guint       param)
{
  g_string_append_printf (set, "%s%s = ?%u", set->len > 0 ? ", " : "", db_column, param);
  g_string_append_printf (changed, "%s%s IS NOT ?%u", changed->len > 0 ? " OR " : "", db_column, param);
}

static gboolean
prepare_statements (Run         *run,
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
static gboolean
check_key (Run        *run,
           guint64     line,
           int         column,
           guint64     prefix_state,
           const char *prefix,
           const char *key)
{
  Candidate candidate = { 0 };

  if (key_set_add (&run->keys, hash_key (prefix_state, key)))
    return TRUE;

  candidate.key = g_strconcat (prefix != NULL ? prefix : "", "\x1f", key, NULL);
  candidate.shown = g_strdup (key);
  candidate.line = line;
  candidate.column = column;
  g_array_append_val (run->candidates, candidate);
  return FALSE;
}

static gboolean
parse_market (Run        *run,
              guint64     line,
              guint       column,
              const char *text,
              char        out[17])
{
  gsize len = strlen (text);

  if (len >= 2 && len <= 16)
    {
      gsize i;

      for (i = 0; i < len && g_ascii_isalnum (text[i]); i++)
        out[i] = g_ascii_toupper (text[i]);
      out[i] = '\0';
      if (i == len)
        return TRUE;
    }

  add_problem (run, line, column, _("“%s” is not a market code; expected a code such as EU, JP, US or UK"), text);
  return FALSE;
}

static gboolean
parse_country (Run        *run,
               guint64     line,
               guint       column,
               const char *text,
               char        out[3])
{
  g_autoptr(GError) error = NULL;

  /* The usual case without the parser's copies. */
  if (g_ascii_isalpha (text[0]) && g_ascii_isalpha (text[1]) && text[2] == '\0')
    {
      out[0] = g_ascii_toupper (text[0]);
      out[1] = g_ascii_toupper (text[1]);
      out[2] = '\0';
      if (pd_country_is_valid (out))
        return TRUE;
    }
  if (pd_country_parse (text, out, &error))
    return TRUE;
  add_value_problem (run, line, column, error);
  return FALSE;
}

static gboolean
parse_time (Run        *run,
            guint64     line,
            guint       column,
            const char *text,
            Value      *out)
{
  g_autoptr(GError) error = NULL;
  gint64 t;

  if (text == NULL || *text == '\0')
    {
      out->type = V_NULL;
      return TRUE;
    }
  if (!pd_timestamp_parse (text, run->zone, &t, &error))
    {
      add_value_problem (run, line, column, error);
      return FALSE;
    }
  set_int (out, t);
  return TRUE;
}

static gboolean
require_text (Run        *run,
              guint64     line,
              guint       column,
              const char *text,
              const char *expected)
{
  if (text != NULL && *text != '\0')
    return TRUE;
  add_problem (run, line, column, _("the value is empty; expected %s"), _(expected));
  return FALSE;
}

typedef enum
{
  TOKEN_FOUND,
  TOKEN_NONE,
  TOKEN_BAD,
} TokenResult;

/* The value of query parameter @param in @url, percent-decoded, into
 * @out. */
static TokenResult
url_parameter (const char *url,
               const char *param,
               GString    *out)
{
  const char *query = strchr (url, '?');
  gsize param_len = strlen (param);

  if (query == NULL)
    return TOKEN_NONE;

  for (const char *p = query + 1; *p != '\0' && *p != '#';)
    {
      const char *end = p + strcspn (p, "&#");

      if ((gsize) (end - p) > param_len && strncmp (p, param, param_len) == 0 && p[param_len] == '=')
        {
          g_autofree char *value = g_uri_unescape_segment (p + param_len + 1, end, NULL);

          if (value == NULL || *value == '\0')
            return TOKEN_BAD;
          g_string_assign (out, value);
          return TOKEN_FOUND;
        }
      p = *end == '&' ? end + 1 : end;
    }
  return TOKEN_NONE;
}

static gboolean
looks_like_url (const char *text)
{
  return strstr (text, "://") != NULL;
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
  entry->hash_state = hash_prefix (id);
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
          add_problem_message (result, 0,
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
          add_problem (run, line, has_column (run, column) ? (int) column : -1, "%s", run->default_problem);
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
      add_problem (run, line, column, _("no program “%s” in the store; expected one of: %s"),
                   id, run->program_list);
      return TRUE;
    }
  if (options->program_id != NULL && !g_str_equal (options->program_id, id) && !run->override_warned)
    {
      add_warning (result, _("%s:%" PRIu64 ": the row names program “%s”, which is used instead of --program %s"),
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
  static const struct { guint column; const char *db_column; } optional[] = {
    { T_BRAND, "brand" }, { T_COUNTRY, "country" }, { T_CONTACT_NAME, "contact_name" },
    { T_CONTACT_EMAIL, "contact_email" }, { T_CONTACT_PHONE, "contact_phone" },
    { T_REVIEW_STATUS, "review_status" },
  };
  g_autoptr(GString) set = g_string_new (NULL);
  g_autoptr(GString) changed = g_string_new (NULL);

  run->programs = g_ptr_array_new_with_free_func ((GDestroyNotify) program_entry_free);
  /* A row when the program exists: whether it has a target list yet. */
  run->program_exists = pd_store_prepare (run->store,
                                          "SELECT EXISTS (SELECT 1 FROM target_merchants WHERE program_id = ?1)"
                                          " FROM programs WHERE id = ?1",
                                          error);
  if (run->program_exists == NULL || !resolve_default_program (run, error))
    return FALSE;

  add_update_column (set, changed, "seller_name", 3);
  add_update_column (set, changed, "market", 5);
  for (guint i = 0; i < G_N_ELEMENTS (optional); i++)
    if (has_column (run, optional[i].column))
      add_update_column (set, changed, optional[i].db_column, optional[i].column + 2);
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

  return prepare_statements (run,
                             "INSERT INTO target_merchants (program_id, seller_id, seller_name, brand, market,"
                             " country, contact_name, contact_email, contact_phone, review_status, listed_at)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT DO NOTHING",
                             "target_merchants", "program_id = ?1 AND seller_id = ?2",
                             set, changed, error);
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
  add_value_problem (run, line, T_REVIEW_STATUS, error);
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
  if (!step_done (run, stmt, error))
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
  key_set_clear (&run->keys);
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
  if (!step_done (run, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);
  return pd_store_exec (run->store, "DROP TABLE temp.pd_import_targets", error);
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

  seller_id = id_field (run, fields, T_SELLER_ID, 0, N_("seller id"), line, &ok);
  ok &= require_text (run, line, T_SELLER_ID, seller_id, N_("the seller’s id on the platform"));
  text = field (run, fields, T_SELLER_NAME);
  ok &= require_text (run, line, T_SELLER_NAME, text, N_("the seller’s name"));
  set_text (&values[2], text);
  if (require_text (run, line, T_MARKET, market_text, N_("a market code such as EU, JP, US or UK")))
    ok &= parse_market (run, line, T_MARKET, market_text, market);
  else
    ok = FALSE;
  if ((text = nonempty (run, fields, T_COUNTRY)) != NULL)
    {
      if (parse_country (run, line, T_COUNTRY, text, country))
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
    check_key (run, line, T_SELLER_ID, program->hash_state, program->id, seller_id);

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

  if (program->staged)
    {
      if (run->stage == NULL && !prepare_stage (run, error))
        return FALSE;
      bind_values (run->stage, values, 10);
      if (!step_done (run, run->stage, error))
        return FALSE;
      result->counts.inserted++;
      return TRUE;
    }

  if (options->replace && !program->marked && !mark_program (run, program, error))
    return FALSE;

  upserted = upsert (run, values, G_N_ELEMENTS (values), error);
  if (upserted == UPSERT_FAILED)
    return FALSE;
  if (upserted == UPSERT_UNCHANGED && run->unmark != NULL)
    {
      bind_values (run->unmark, values, 2);
      if (!step_done (run, run->unmark, error))
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

  *key = id_field (run, fields, T_SELLER_ID, 0, N_("seller id"), 0, &ok);
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
      if (!step_done (run, stmt, error))
        return FALSE;
      result->counts.left += sqlite3_changes (run->db);
    }
  return TRUE;
}

static const KindClass targets_class = {
  target_columns, G_N_ELEMENTS (target_columns), "import.targets", N_("seller per program"),
  targets_prepare, targets_row, targets_key, targets_finish,
};

/* ------------------------------------------------------------------ */
/* Store progress reports. */

enum
{
  S_STORE_ID,
  S_SELLER_ID,
  S_MARKET,
  S_ONBOARDED_AT,
  S_VIA_LINK,
  S_FIRST_SALE_AT,
  S_SETTLED_GMV,
  S_GMV_CURRENCY,
  S_INVENTORY,
  S_STATUS,
  S_GOVERNANCE,
  S_GOVERNANCE_REASON,
};

static const PdCsvColumn store_columns[] = {
  { "store_id", "店铺ID", TRUE },
  { "seller_id", "商家ID", TRUE },
  { "market", "站点", FALSE },
  { "onboarded_at", "入驻时间", FALSE },
  { "via_link", "邀约链接", FALSE },
  { "first_sale_at", NULL, FALSE },
  { "settled_gmv_30d", "30天结算GMV", FALSE },
  { "gmv_currency", "币种", FALSE },
  { "inventory_countries", "备货国家", FALSE },
  { "store_status", "店铺状态", FALSE },
  { "governance", "治理风险", FALSE },
  { "governance_reason", NULL, FALSE },
};

/* Parameters: ?1 store_id, ?2 seller_id, ?3 market, ?4 onboarded_at,
 * ?5 via_link, ?6 via_token, ?7 first_sale_at, ?8 settled_gmv_30d,
 * ?9 gmv_currency, ?10 inventory_countries, ?11 store_status,
 * ?12 governance, ?13 governance_reason. */
static gboolean
stores_prepare (Run     *run,
                GError **error)
{
  g_autoptr(GString) set = g_string_new (NULL);
  g_autoptr(GString) changed = g_string_new (NULL);

  add_update_column (set, changed, "seller_id", 2);
  if (has_column (run, S_MARKET))
    add_update_column (set, changed, "market", 3);
  if (has_column (run, S_ONBOARDED_AT))
    add_update_column (set, changed, "onboarded_at", 4);
  if (has_column (run, S_VIA_LINK))
    {
      add_update_column (set, changed, "via_link", 5);
      add_update_column (set, changed, "via_token", 6);
    }
  if (has_column (run, S_FIRST_SALE_AT))
    add_update_column (set, changed, "first_sale_at", 7);
  /* An amount and its currency change together; a currency without the
   * amount column would re-denominate the stored amount. */
  if (has_column (run, S_SETTLED_GMV))
    {
      add_update_column (set, changed, "settled_gmv_30d", 8);
      add_update_column (set, changed, "gmv_currency", 9);
    }
  if (has_column (run, S_INVENTORY))
    add_update_column (set, changed, "inventory_countries", 10);
  if (has_column (run, S_STATUS))
    add_update_column (set, changed, "store_status", 11);
  if (has_column (run, S_GOVERNANCE))
    add_update_column (set, changed, "governance", 12);
  if (has_column (run, S_GOVERNANCE_REASON))
    add_update_column (set, changed, "governance_reason", 13);

  run->scratch = g_string_new (NULL);
  run->scratch2 = g_string_new (NULL);

  return prepare_statements (run,
                             "INSERT INTO stores (store_id, seller_id, market, onboarded_at, via_link, via_token,"
                             " first_sale_at, settled_gmv_30d, gmv_currency, inventory_countries, store_status,"
                             " governance, governance_reason)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
                             " ON CONFLICT DO NOTHING",
                             "stores", "store_id = ?1", set, changed, error);
}

static gboolean
stores_row (Run        *run,
            GPtrArray  *fields,
            guint64     line,
            GError    **error)
{
  PdImportResult *result = run->result;
  g_autoptr(GError) local_error = NULL;
  Value values[13] = { { 0 } };
  const char *store_id;
  const char *seller_id;
  const char *text;
  const char *amount;
  const char *currency_text;
  char market[17];
  char currency[4];
  PdMoney money;
  gboolean ok = TRUE;

  store_id = id_field (run, fields, S_STORE_ID, 0, N_("store id"), line, &ok);
  seller_id = id_field (run, fields, S_SELLER_ID, 1, N_("seller id"), line, &ok);
  ok &= require_text (run, line, S_STORE_ID, store_id, N_("the store’s id"));
  ok &= require_text (run, line, S_SELLER_ID, seller_id, N_("the id of the store’s seller"));
  set_text (&values[0], store_id);
  set_text (&values[1], seller_id);

  if ((text = nonempty (run, fields, S_MARKET)) != NULL)
    {
      if (parse_market (run, line, S_MARKET, text, market))
        set_text (&values[2], market);
      else
        ok = FALSE;
    }
  ok &= parse_time (run, line, S_ONBOARDED_AT, field (run, fields, S_ONBOARDED_AT), &values[3]);

  if ((text = nonempty (run, fields, S_VIA_LINK)) != NULL)
    {
      set_text (&values[4], text);
      if (looks_like_url (text))
        {
          TokenResult found = url_parameter (text, "pd_ref", run->scratch);

          if (g_ascii_strncasecmp (text, "https://", 8) != 0 && g_ascii_strncasecmp (text, "http://", 7) != 0)
            {
              add_problem (run, line, S_VIA_LINK, _("“%s” is not a web link; expected the invitation link, https://…pd_ref=TOKEN, or its token alone"),
                           text);
              ok = FALSE;
            }
          else if (found == TOKEN_FOUND && pd_link_token_is_valid (run->scratch->str))
            set_text (&values[5], run->scratch->str);
          else if (found != TOKEN_NONE)
            {
              add_problem (run, line, S_VIA_LINK, _("the link’s pd_ref parameter is empty, badly encoded or too short; expected pd_ref=TOKEN, the token being at least 22 letters, digits, “-” and “_”"));
              ok = FALSE;
            }
        }
      else if (pd_link_token_is_valid (text))
        set_text (&values[5], text);
      else
        {
          add_problem (run, line, S_VIA_LINK, _("“%s” is neither a link nor a token; expected the invitation link (with pd_ref=TOKEN) or its token alone (at least 22 letters, digits, “-” and “_”)"),
                       text);
          ok = FALSE;
        }
    }

  ok &= parse_time (run, line, S_FIRST_SALE_AT, field (run, fields, S_FIRST_SALE_AT), &values[6]);

  amount = nonempty (run, fields, S_SETTLED_GMV);
  currency_text = nonempty (run, fields, S_GMV_CURRENCY);
  if (amount != NULL && currency_text == NULL)
    {
      add_problem (run, line, S_SETTLED_GMV, _("the amount “%s” has no currency; expected its currency in gmv_currency, such as CNY"),
                   amount);
      ok = FALSE;
    }
  else if (amount != NULL)
    {
      if (!pd_currency_parse (currency_text, currency, &local_error))
        {
          add_value_problem (run, line, S_GMV_CURRENCY, local_error);
          g_clear_error (&local_error);
          ok = FALSE;
        }
      else if (!pd_money_parse (amount, currency, PD_MONEY_PARSE_DEFAULT, &money, &local_error))
        {
          add_value_problem (run, line, S_SETTLED_GMV, local_error);
          g_clear_error (&local_error);
          ok = FALSE;
        }
      else
        {
          set_int (&values[7], money.minor);
          set_text (&values[8], money.currency);
        }
    }
  else if (currency_text != NULL)
    {
      if (pd_currency_parse (currency_text, currency, &local_error))
        set_text (&values[8], currency);
      else
        {
          add_value_problem (run, line, S_GMV_CURRENCY, local_error);
          g_clear_error (&local_error);
          ok = FALSE;
        }
    }

  /* NOT NULL: an empty list is "". */
  values[9].type = V_TEXT;
  values[9].text = "";
  if ((text = nonempty (run, fields, S_INVENTORY)) != NULL)
    {
      g_autoptr(GPtrArray) codes = NULL;

      if (pd_country_list_parse (text, &codes, &local_error))
        {
          g_string_truncate (run->scratch2, 0);
          for (guint i = 0; i < codes->len; i++)
            g_string_append_printf (run->scratch2, "%s%s", i > 0 ? ";" : "",
                                    (const char *) g_ptr_array_index (codes, i));
          values[9].text = run->scratch2->str;
        }
      else
        {
          add_value_problem (run, line, S_INVENTORY, local_error);
          g_clear_error (&local_error);
          ok = FALSE;
        }
    }

  set_text (&values[10], "normal");
  if ((text = nonempty (run, fields, S_STATUS)) != NULL)
    {
      PdStoreStatus status;

      if (pd_store_status_parse (text, &status, &local_error))
        set_text (&values[10], pd_store_status_to_string (status));
      else
        {
          add_value_problem (run, line, S_STATUS, local_error);
          g_clear_error (&local_error);
          ok = FALSE;
        }
    }

  set_text (&values[11], "none");
  if ((text = nonempty (run, fields, S_GOVERNANCE)) != NULL)
    {
      PdGovernance governance;

      if (pd_governance_parse (text, &governance, &local_error))
        set_text (&values[11], pd_governance_to_string (governance));
      else
        {
          add_value_problem (run, line, S_GOVERNANCE, local_error);
          g_clear_error (&local_error);
          ok = FALSE;
        }
    }
  set_text (&values[12], field (run, fields, S_GOVERNANCE_REASON));

  /* A store twice in the file is a problem of its own (the later row is
   * not compared with the earlier one). */
  if (*store_id != '\0' && check_key (run, line, S_STORE_ID, run->no_prefix_state, NULL, store_id) && ok)
    {
      g_autofree char *problem = NULL;

      if (run->stores == NULL && (run->stores = pd_import_stores_new (run->store, error)) == NULL)
        return FALSE;
      if (!pd_import_stores_check_seller (run->stores, store_id, seller_id, &problem, error))
        return FALSE;
      if (problem != NULL)
        {
          add_problem (run, line, S_SELLER_ID, "%s", problem);
          ok = FALSE;
        }
    }

  if (!ok || result->n_problems > 0)
    return TRUE;
  return upsert (run, values, G_N_ELEMENTS (values), error) != UPSERT_FAILED;
}

static gboolean
single_key (Run         *run,
            GPtrArray   *fields,
            const char **prefix,
            const char **key)
{
  *prefix = NULL;
  *key = field (run, fields, 0);
  return *key != NULL && **key != '\0';
}

static gboolean
stores_key (Run         *run,
            GPtrArray   *fields,
            const char **prefix,
            const char **key)
{
  gboolean ok = TRUE;

  *prefix = NULL;
  *key = id_field (run, fields, S_STORE_ID, 0, N_("store id"), 0, &ok);
  return *key != NULL && **key != '\0';
}

static const KindClass stores_class = {
  store_columns, G_N_ELEMENTS (store_columns), "import.stores", N_("store_id"),
  stores_prepare, stores_row, stores_key, NULL,
};

/* ------------------------------------------------------------------ */
/* Links. */

enum
{
  L_TOKEN,
  L_KIND,
  L_SELLER_ID,
  L_MARKET,
  L_PROGRAM_ID,
  L_SERVICE_ID,
  L_URL,
  L_CREATED_AT,
  L_REVOKED_AT,
  L_STAFF,
};

static const PdCsvColumn link_columns[] = {
  { "token", NULL, TRUE },
  { "kind", NULL, TRUE },
  { "seller_id", "商家ID", FALSE },
  { "market", "站点", FALSE },
  { "program_id", NULL, FALSE },
  { "service_id", NULL, FALSE },
  { "url", NULL, FALSE },
  { "created_at", NULL, TRUE },
  { "revoked_at", NULL, FALSE },
  { "staff", NULL, FALSE },
};

/* Parameters: ?1 token, ?2 kind, ?3 url, ?4 seller_id, ?5 market,
 * ?6 program_id, ?7 service_id, ?8 created_at, ?9 revoked_at, ?10 staff. */
static gboolean
links_prepare (Run     *run,
               GError **error)
{
  g_autoptr(GString) set = g_string_new (NULL);
  g_autoptr(GString) changed = g_string_new (NULL);

  add_update_column (set, changed, "kind", 2);
  if (has_column (run, L_URL))
    add_update_column (set, changed, "url", 3);
  if (has_column (run, L_SELLER_ID))
    add_update_column (set, changed, "seller_id", 4);
  if (has_column (run, L_MARKET))
    add_update_column (set, changed, "market", 5);
  if (has_column (run, L_PROGRAM_ID))
    add_update_column (set, changed, "program_id", 6);
  if (has_column (run, L_SERVICE_ID))
    add_update_column (set, changed, "service_id", 7);
  add_update_column (set, changed, "created_at", 8);
  if (has_column (run, L_REVOKED_AT))
    {
      /* Revokes, never un-revokes. */
      g_string_append (set, ", revoked_at = ifnull(?9, revoked_at),"
                            " state = CASE WHEN ?9 IS NULL THEN state ELSE 'revoked' END");
      g_string_append (changed, " OR (?9 IS NOT NULL AND (revoked_at IS NOT ?9 OR state <> 'revoked'))");
    }
  if (has_column (run, L_STAFF))
    add_update_column (set, changed, "staff", 10);

  run->scratch = g_string_new (NULL);

  return prepare_statements (run,
                             "INSERT INTO links (token, kind, url, state, seller_id, market, program_id,"
                             " service_id, created_at, revoked_at, staff)"
                             " VALUES (?1, ?2, ?3, CASE WHEN ?9 IS NULL THEN 'active' ELSE 'revoked' END,"
                             " ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT DO NOTHING",
                             "links", "token = ?1", set, changed, error);
}

typedef struct
{
  Run      *run;
  guint64   line;
  gboolean  ok;
} LinkProblems;

static void
add_link_problem (PdImportLinkField  f,
                  const char        *message,
                  gpointer           user_data)
{
  static const guint columns[PD_IMPORT_LINK_N_FIELDS] = {
    [PD_IMPORT_LINK_KIND] = L_KIND,
    [PD_IMPORT_LINK_SELLER_ID] = L_SELLER_ID,
    [PD_IMPORT_LINK_MARKET] = L_MARKET,
    [PD_IMPORT_LINK_PROGRAM_ID] = L_PROGRAM_ID,
    [PD_IMPORT_LINK_SERVICE_ID] = L_SERVICE_ID,
    [PD_IMPORT_LINK_URL] = L_URL,
    [PD_IMPORT_LINK_CREATED_AT] = L_CREATED_AT,
    [PD_IMPORT_LINK_REVOKED_AT] = L_REVOKED_AT,
  };
  LinkProblems *problems = user_data;

  add_problem (problems->run, problems->line, columns[f], "%s", message);
  problems->ok = FALSE;
}

static gboolean
links_row (Run        *run,
           GPtrArray  *fields,
           guint64     line,
           GError    **error)
{
  PdImportResult *result = run->result;
  g_autoptr(GError) local_error = NULL;
  Value values[10] = { { 0 } };
  const char *token = field (run, fields, L_TOKEN);
  const char *kind_text = field (run, fields, L_KIND);
  const char *text;
  char market[17];
  const char *seller_id;
  PdLinkKind kind = PD_LINK_KIND_ONBOARDING;
  gboolean kind_ok = FALSE;
  gboolean token_ok = FALSE;
  gboolean created_ok = FALSE;
  gboolean ok = TRUE;

  if (*token == '\0')
    ok &= require_text (run, line, L_TOKEN, token, N_("the link’s token, such as NAbO5gPMcSPpQMVYJMwgew"));
  else if (!pd_link_check_token (token, &local_error))
    {
      add_value_problem (run, line, L_TOKEN, local_error);
      g_clear_error (&local_error);
      ok = FALSE;
    }
  else
    token_ok = TRUE;
  set_text (&values[0], token);

  if (pd_link_kind_parse (kind_text, &kind, &local_error))
    {
      set_text (&values[1], pd_link_kind_to_string (kind));
      kind_ok = TRUE;
    }
  else
    {
      add_value_problem (run, line, L_KIND, local_error);
      g_clear_error (&local_error);
      ok = FALSE;
    }

  if ((text = nonempty (run, fields, L_URL)) != NULL)
    {
      set_text (&values[2], text);
      if (kind_ok && token_ok &&
          !pd_link_check_url (text, kind, token, field (run, fields, L_SERVICE_ID), &local_error))
        {
          add_value_problem (run, line, L_URL, local_error);
          g_clear_error (&local_error);
          ok = FALSE;
        }
    }

  seller_id = id_field (run, fields, L_SELLER_ID, 0, N_("seller id"), line, &ok);
  set_text (&values[3], seller_id);
  if ((text = nonempty (run, fields, L_MARKET)) != NULL)
    {
      if (parse_market (run, line, L_MARKET, text, market))
        set_text (&values[4], market);
      else
        ok = FALSE;
    }
  set_text (&values[5], field (run, fields, L_PROGRAM_ID));
  set_text (&values[6], field (run, fields, L_SERVICE_ID));

  if (pd_timestamp_parse (field (run, fields, L_CREATED_AT), run->zone, &values[7].integer, &local_error))
    {
      values[7].type = V_INT;
      created_ok = TRUE;
    }
  else
    {
      add_value_problem (run, line, L_CREATED_AT, local_error);
      g_clear_error (&local_error);
      ok = FALSE;
    }
  ok &= parse_time (run, line, L_REVOKED_AT, field (run, fields, L_REVOKED_AT), &values[8]);
  set_text (&values[9], field (run, fields, L_STAFF));

  /* What the row would change of a link the store has; only the times
   * and the kind when something else is wrong already, nothing when the
   * token is in the file twice (a problem of its own). */
  if (token_ok && check_key (run, line, L_TOKEN, run->no_prefix_state, NULL, token) && kind_ok && created_ok)
    {
      LinkProblems problems = { run, line, TRUE };
      PdImportLinkRow row = {
        .token = token,
        .kind = pd_link_kind_to_string (kind),
        .text = {
          [PD_IMPORT_LINK_SELLER_ID] = seller_id,
          [PD_IMPORT_LINK_MARKET] = !has_column (run, L_MARKET) ? NULL : values[4].type == V_TEXT ? values[4].text : "",
          [PD_IMPORT_LINK_PROGRAM_ID] = field (run, fields, L_PROGRAM_ID),
          [PD_IMPORT_LINK_SERVICE_ID] = field (run, fields, L_SERVICE_ID),
          [PD_IMPORT_LINK_URL] = field (run, fields, L_URL),
        },
        .created_at = values[7].integer,
        .revoked_at = values[8].type == V_INT ? values[8].integer : 0,
      };

      if (!ok)
        memset (row.text, 0, sizeof row.text);

      if (run->links == NULL && (run->links = pd_import_links_new (run->store, run->zone, error)) == NULL)
        return FALSE;
      if (!pd_import_links_check (run->links, &row, add_link_problem, &problems, error))
        return FALSE;
      ok &= problems.ok;
    }
  else if (!token_ok && *token != '\0')
    check_key (run, line, L_TOKEN, run->no_prefix_state, NULL, token);

  if (!ok || result->n_problems > 0)
    return TRUE;
  return upsert (run, values, G_N_ELEMENTS (values), error) != UPSERT_FAILED;
}

static const KindClass links_class = {
  link_columns, G_N_ELEMENTS (link_columns), "import.links", N_("token"),
  links_prepare, links_row, single_key, NULL,
};

/* ------------------------------------------------------------------ */
/* Exchange rates. */

enum
{
  R_CURRENCY,
  R_CNY_PER_UNIT,
};

static const PdCsvColumn rate_columns[] = {
  { "currency", "币种", TRUE },
  { "cny_per_unit", NULL, TRUE },
};

/* Parameters: ?1 currency, ?2 cny_per_unit_micros, ?3 now. */
static gboolean
rates_prepare (Run     *run,
               GError **error)
{
  g_autoptr(GString) set = g_string_new (NULL);
  g_autoptr(GString) changed = g_string_new (NULL);

  add_update_column (set, changed, "cny_per_unit_micros", 2);
  g_string_append (set, ", updated_at = ?3");

  return prepare_statements (run,
                             "INSERT INTO exchange_rates (currency, cny_per_unit_micros, updated_at)"
                             " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                             "exchange_rates", "currency = ?1", set, changed, error);
}

static gboolean
rates_row (Run        *run,
           GPtrArray  *fields,
           guint64     line,
           GError    **error)
{
  PdImportResult *result = run->result;
  g_autoptr(GError) local_error = NULL;
  Value values[3] = { { 0 } };
  char currency[4];
  gboolean currency_ok;
  PdRate rate;
  gboolean ok = TRUE;

  currency_ok = pd_currency_parse (field (run, fields, R_CURRENCY), currency, &local_error);
  if (!currency_ok)
    {
      add_value_problem (run, line, R_CURRENCY, local_error);
      g_clear_error (&local_error);
      ok = FALSE;
    }
  if (!pd_rate_parse (field (run, fields, R_CNY_PER_UNIT), &rate, &local_error))
    {
      add_value_problem (run, line, R_CNY_PER_UNIT, local_error);
      g_clear_error (&local_error);
      ok = FALSE;
    }
  else if (currency_ok && g_str_equal (currency, "CNY") && rate.micros != 1000000)
    {
      add_problem (run, line, R_CNY_PER_UNIT, _("CNY is the base currency, its rate cannot be “%s”; expected 1"),
                   field (run, fields, R_CNY_PER_UNIT));
      ok = FALSE;
    }

  if (currency_ok)
    check_key (run, line, R_CURRENCY, run->no_prefix_state, NULL, currency);

  if (!ok || result->n_problems > 0)
    return TRUE;

  set_text (&values[0], currency);
  set_int (&values[1], rate.micros);
  set_int (&values[2], run->now);
  return upsert (run, values, G_N_ELEMENTS (values), error) != UPSERT_FAILED;
}

static gboolean
rates_key (Run         *run,
           GPtrArray   *fields,
           const char **prefix,
           const char **key)
{
  char currency[4];

  if (!pd_currency_parse (field (run, fields, R_CURRENCY), currency, NULL))
    return FALSE;
  g_string_assign (run->scratch, currency);
  *prefix = NULL;
  *key = run->scratch->str;
  return TRUE;
}

static gboolean
rates_prepare_all (Run     *run,
                   GError **error)
{
  run->scratch = g_string_new (NULL);
  return rates_prepare (run, error);
}

static const KindClass rates_class = {
  rate_columns, G_N_ELEMENTS (rate_columns), "import.rates", N_("currency"),
  rates_prepare_all, rates_row, rates_key, NULL,
};

/* ------------------------------------------------------------------ */
/* The CSV import. */

/* Reads the file again to tell repeated keys from hash collisions. */
static void
confirm_duplicates (Run *run)
{
  g_autoptr(GHashTable) wanted = NULL;
  g_autoptr(PdCsvReader) reader = NULL;
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

  reader = pd_csv_reader_new_for_path (run->options->path, &error);
  if (reader == NULL || !pd_csv_reader_next (reader, &fields, &error))
    return;

  key = g_string_new (NULL);
  while (n_open > 0 && pd_csv_reader_next (reader, &fields, &error))
    {
      guint64 line = pd_csv_reader_get_record_line (reader);
      const char *prefix = NULL;
      const char *k = NULL;
      GArray *indices;

      if (line >= last_line)
        break;
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
        add_problem (run, c->line, c->column,
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

static gboolean
write_audit (const PdImportOptions  *options,
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
      return &targets_class;
    case PD_IMPORT_KIND_STORES:
      return &stores_class;
    case PD_IMPORT_KIND_LINKS:
      return &links_class;
    case PD_IMPORT_KIND_RATES:
      return &rates_class;
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

static gboolean
read_header (Run          *run,
             PdCsvReader  *reader)
{
  PdImportResult *result = run->result;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  GPtrArray *fields = NULL;

  if (!pd_csv_reader_next (reader, &fields, &error))
    {
      if (error != NULL)
        {
          add_problem_message (result, 1, g_strdup (error->message));
          return FALSE;
        }
      fields = NULL;
    }

  run->header = pd_csv_header_new (run->klass->columns, run->klass->n_columns, fields,
                                   run->display, &warnings, &error);
  if (run->header == NULL)
    {
      add_problem_message (result, 1, g_strdup (error->message));
      return FALSE;
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

static gboolean
import_csv (const PdImportOptions  *options,
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
  g_autoptr(PdCsvReader) reader = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *pragma = NULL;
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
  run.no_prefix_state = hash_prefix (NULL);
  run.candidates = g_array_new (FALSE, TRUE, sizeof (Candidate));
  g_array_set_clear_func (run.candidates, (GDestroyNotify) candidate_clear);

  if (options->replace && options->kind != PD_IMPORT_KIND_TARGETS)
    {
      add_problem_message (result, 0, g_strdup_printf (_("%s: --replace applies to target lists only"), run.display));
      set_invalid_error (result, run.display, error);
      run_clear (&run);
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
      run_clear (&run);
      return FALSE;
    }
  info = g_file_input_stream_query_info (file_stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL);
  if (info != NULL)
    total = g_file_info_get_size (info);

  run.zone = import_zone (store, error);
  if (run.zone == NULL)
    {
      run_clear (&run);
      return FALSE;
    }

  hashing = pd_hashing_input_stream_new (G_INPUT_STREAM (file_stream));
  reader = pd_csv_reader_new_for_stream (hashing, run.display);

  old_cache_size = query_pragma (store, "PRAGMA cache_size", -2000);
  pd_store_exec (store, "PRAGMA cache_size = -" G_STRINGIFY (IMPORT_CACHE_KIB), NULL);
  if (options->kind == PD_IMPORT_KIND_TARGETS)
    {
      /* The staged rows of a new list go to a temporary file, never to
       * memory (the store keeps temporary tables in memory). Only possible
       * outside a transaction. */
      old_temp_store = query_pragma (store, "PRAGMA temp_store", 0);
      pd_store_exec (store, "PRAGMA temp_store = FILE", NULL);
    }

  if (!pd_store_begin (store, error))
    goto out;

  last_progress = g_get_monotonic_time ();
  pd_import_report_progress (options, 0, total);

  if (read_header (&run, reader))
    {
      if (!run.klass->prepare (&run, error))
        goto out;

      while (pd_csv_reader_next (reader, &fields, &local_error))
        {
          guint64 line = pd_csv_reader_get_record_line (reader);

          run.n_rows++;
          if (run.n_rows % CHECK_EVERY_ROWS == 0)
            {
              gint64 now = g_get_monotonic_time ();

              if (g_cancellable_set_error_if_cancelled (cancellable, error))
                goto out;
              if (now - last_progress >= PROGRESS_INTERVAL_US)
                {
                  pd_import_report_progress (options, pd_csv_reader_get_bytes_read (reader), total);
                  last_progress = now;
                }
            }

          /* A ragged row's values would land in the wrong columns: one
           * message for it, not one per column it garbles. */
          if (!pd_csv_header_check_record (run.header, fields, line, &local_error))
            {
              add_problem_message (result, line, g_strdup (local_error->message));
              g_clear_error (&local_error);
            }
          else if (!run.klass->row (&run, fields, line, error))
            goto out;
        }
      /* The reader stops at its first error (bad bytes, an unclosed quote). */
      if (local_error != NULL)
        add_problem_message (result, G_MAXUINT64, g_strdup (local_error->message));

      confirm_duplicates (&run);

      if (options->replace && run.n_rows == 0 && result->n_problems == 0)
        add_problem_message (result, 2, g_strdup_printf (_("%s: the file has no rows; expected the program’s whole target list with --replace (an empty list would mark every seller as having left)"),
                                                       run.display));
    }

  encoding = pd_csv_reader_get_encoding (reader);
  result->encoding = g_strdup (encoding != NULL ? encoding : "UTF-8");
  if (encoding != NULL && !g_str_equal (encoding, "UTF-8"))
    add_warning (result, _("%s: the file is not UTF-8; it was read as %s"), run.display, encoding);

  if (result->n_problems == 0 && run.klass->finish != NULL && !run.klass->finish (&run, error))
    goto out;

  if (result->n_problems > 0)
    {
      set_invalid_error (result, run.display, error);
      goto out;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  result->sha256 = pd_hashing_input_stream_finish (PD_HASHING_INPUT_STREAM (hashing), &bytes);

  /* Statements must be finished before COMMIT. */
  g_clear_pointer (&run.insert, sqlite3_finalize);
  g_clear_pointer (&run.differs, sqlite3_finalize);
  g_clear_pointer (&run.update, sqlite3_finalize);
  g_clear_pointer (&run.unmark, sqlite3_finalize);
  g_clear_pointer (&run.program_exists, sqlite3_finalize);
  g_clear_pointer (&run.stage, sqlite3_finalize);

  g_debug ("%s: %" G_GUINT64_FORMAT " rows read and written in %.2f s",
           run.display, run.n_rows, (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  if (!write_audit (options, result, store, run.klass->action, bytes, &run, error) ||
      !pd_store_commit (store, error))
    goto out;
  g_debug ("%s: committed after %.2f s", run.display,
           (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);

  pd_import_report_progress (options, total, total);
  ok = TRUE;

out:
  if (!ok)
    {
      g_clear_pointer (&run.insert, sqlite3_finalize);
      g_clear_pointer (&run.differs, sqlite3_finalize);
      g_clear_pointer (&run.update, sqlite3_finalize);
      g_clear_pointer (&run.unmark, sqlite3_finalize);
      g_clear_pointer (&run.program_exists, sqlite3_finalize);
      g_clear_pointer (&run.stage, sqlite3_finalize);
      pd_store_rollback (store);
      memset (&result->counts, 0, sizeof result->counts);
    }
  pragma = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT, old_cache_size);
  pd_store_exec (store, pragma, NULL);
  if (old_temp_store >= 0)
    {
      g_free (pragma);
      pragma = g_strdup_printf ("PRAGMA temp_store = %" G_GINT64_FORMAT, old_temp_store);
      pd_store_exec (store, pragma, NULL);
    }
  run_clear (&run);
  return ok;
}

/* ------------------------------------------------------------------ */
/* Program files. */

static gboolean
import_program (const PdImportOptions  *options,
                PdImportResult         *result,
                PdStore                *store,
                GCancellable           *cancellable,
                GError                **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (options->path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PdProgram) program = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *display = g_filename_display_name (options->path);
  g_autofree char *contents = NULL;
  g_autofree char *existing = NULL;
  const char *data;
  gsize length = 0;
  int rc;

  result->encoding = g_strdup ("UTF-8");

  if (options->replace)
    {
      add_problem_message (result, 0, g_strdup_printf (_("%s: --replace applies to target lists only"), display));
      set_invalid_error (result, display, error);
      return FALSE;
    }

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, &local_error);
  if (info != NULL && g_file_info_get_size (info) > MAX_PROGRAM_FILE_SIZE)
    {
      add_problem_message (result, 0, g_strdup_printf (_("%s: %" PRId64 " bytes is too large for a program file; expected at most %d"),
                                                     display, g_file_info_get_size (info), MAX_PROGRAM_FILE_SIZE));
      set_invalid_error (result, display, error);
      return FALSE;
    }
  if (info == NULL ||
      !g_file_load_contents (file, cancellable, &contents, &length, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_IO,
                     _("Cannot read %s: %s"), display, local_error->message);
      return FALSE;
    }
  pd_import_report_progress (options, length, length);

  result->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);

  /* Editors on Windows may start UTF-8 with a byte order mark. */
  data = contents;
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  if (!pd_program_validate (data, length, display, problems))
    {
      for (guint i = 0; i < problems->len; i++)
        add_problem_message (result, 0, g_strdup (g_ptr_array_index (problems, i)));
      set_invalid_error (result, display, error);
      return FALSE;
    }
  program = pd_program_new_from_data (data, length, display, &local_error);
  if (program == NULL)
    {
      add_problem_message (result, 0, g_strdup (local_error->message));
      set_invalid_error (result, display, error);
      return FALSE;
    }

  if (!pd_store_begin (store, error))
    return FALSE;

  stmt = pd_store_prepare (store, "SELECT json FROM programs WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, pd_program_get_id (program), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    existing = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading a program"));
      goto fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (existing != NULL && g_str_equal (existing, pd_program_get_json (program)))
    result->counts.unchanged++;
  else
    {
      if (!pd_store_save_program (store, program, "import", error))
        goto fail;
      if (existing != NULL)
        result->counts.updated++;
      else
        result->counts.inserted++;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !write_audit (options, result, store, "import.program", length, NULL, error) ||
      !pd_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  pd_store_rollback (store);
  memset (&result->counts, 0, sizeof result->counts);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* The object. */

static void
pd_importer_finalize (GObject *object)
{
  PdImporter *self = PD_IMPORTER (object);

  if (self->progress_notify != NULL)
    self->progress_notify (self->progress_data);
  g_clear_pointer (&self->progress_context, g_main_context_unref);
  g_free (self->path);
  g_free (self->program_id);
  g_clear_pointer (&self->result, pd_import_result_free);
  g_clear_pointer (&self->problem_messages, g_ptr_array_unref);

  G_OBJECT_CLASS (pd_importer_parent_class)->finalize (object);
}

static void
pd_importer_class_init (PdImporterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_importer_finalize;
}

static void
pd_importer_init (PdImporter *self)
{
  self->result = pd_import_result_new ();
}

gboolean
pd_import_kind_from_string (const char   *text,
                            PdImportKind *out)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_str_equal (text, kind_names[i]))
        {
          if (out != NULL)
            *out = (PdImportKind) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
pd_import_kind_to_string (PdImportKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

/**
 * pd_importer_new:
 * @kind: what the file holds
 * @path: the file
 *
 * Returns: (transfer full): an importer; pd_importer_run() imports the file
 */
PdImporter *
pd_importer_new (PdImportKind  kind,
                 const char   *path)
{
  PdImporter *self;

  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (PD_TYPE_IMPORTER, NULL);
  self->kind = kind;
  self->path = g_strdup (path);
  return self;
}

PdImportKind
pd_importer_get_kind (PdImporter *self)
{
  g_return_val_if_fail (PD_IS_IMPORTER (self), 0);
  return self->kind;
}

const char *
pd_importer_get_path (PdImporter *self)
{
  g_return_val_if_fail (PD_IS_IMPORTER (self), NULL);
  return self->path;
}

/**
 * pd_importer_set_program_id:
 * @program_id: (nullable): the program of a target list's rows whose
 *   program_id is empty (or that has no such column); %NULL: the store's
 *   only recruitment program
 */
void
pd_importer_set_program_id (PdImporter *self,
                            const char *program_id)
{
  g_return_if_fail (PD_IS_IMPORTER (self));

  g_free (self->program_id);
  self->program_id = program_id != NULL && *program_id != '\0' ? g_strdup (program_id) : NULL;
}

/**
 * pd_importer_set_replace:
 * @replace: whether a target list is its programs' whole current list:
 *   the sellers of those programs missing from it have left the list now
 */
void
pd_importer_set_replace (PdImporter *self,
                         gboolean    replace)
{
  g_return_if_fail (PD_IS_IMPORTER (self));
  self->replace = !!replace;
}

/**
 * pd_importer_set_progress_func:
 * @func: (nullable): called with the bytes read so far, at most ten times
 *   a second, in the importing thread (pd_importer_run()) or in the thread
 *   default main context of the caller of pd_importer_run_async()
 */
void
pd_importer_set_progress_func (PdImporter           *self,
                               PdImportProgressFunc  func,
                               gpointer              user_data,
                               GDestroyNotify        notify)
{
  g_return_if_fail (PD_IS_IMPORTER (self));

  if (self->progress_notify != NULL)
    self->progress_notify (self->progress_data);
  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_notify = notify;
}

static gboolean
run_import (const PdImportOptions  *options,
            PdImportResult         *result,
            PdStore                *store,
            GCancellable           *cancellable,
            GError                **error)
{
  if (options->kind == PD_IMPORT_KIND_PROGRAM)
    return import_program (options, result, store, cancellable, error);
  return import_csv (options, result, store, cancellable, error);
}

static void
importer_progress (guint64  bytes_read,
                   guint64  bytes_total,
                   gpointer user_data)
{
  report_progress (user_data, bytes_read, bytes_total);
}

/* @options borrows the importer's strings: copy_options() for a worker. */
static void
importer_options (PdImporter      *self,
                  PdImportOptions *options)
{
  options->kind = self->kind;
  options->path = self->path;
  options->program_id = self->program_id;
  options->replace = self->replace;
  options->progress = importer_progress;
  options->progress_data = self;
}

/* The results of a run replace the last ones. */
static void
take_result (PdImporter     *self,
             PdImportResult *result)
{
  g_clear_pointer (&self->result, pd_import_result_free);
  g_clear_pointer (&self->problem_messages, g_ptr_array_unref);
  self->result = result;
}

/**
 * pd_importer_run:
 * @self: an importer
 * @store: the store, used only by the calling thread meanwhile
 * @cancellable: (nullable): cancels the import (nothing changes)
 * @error: PD_IMPORT_ERROR_INVALID with the problems, PD_IMPORT_ERROR_IO,
 *   a PD_STORE_ERROR or G_IO_ERROR_CANCELLED
 *
 * Imports the file in one transaction. On success the counts, warnings,
 * encoding and SHA-256 describe it; on PD_IMPORT_ERROR_INVALID the
 * problems do, and the store is unchanged.
 */
gboolean
pd_importer_run (PdImporter    *self,
                 PdStore       *store,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(PdImportResult) result = NULL;
  PdImportOptions options;
  gboolean ok;

  g_return_val_if_fail (PD_IS_IMPORTER (self), FALSE);
  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_clear_pointer (&self->progress_context, g_main_context_unref);
  importer_options (self, &options);
  result = pd_import_result_new ();
  ok = run_import (&options, result, store, cancellable, error);
  take_result (self, g_steal_pointer (&result));
  return ok;
}

/* A worker's run: its own copy of the settings, its own results. */
typedef struct
{
  char            *store_path;
  PdImportOptions  options;
  PdImportResult  *result;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_free (job->store_path);
  g_free (job->options.path);
  g_free (job->options.program_id);
  g_clear_object (&job->options.progress_data);
  g_clear_pointer (&job->result, pd_import_result_free);
  g_free (job);
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autoptr(PdStore) store = NULL;
  GError *error = NULL;

  store = pd_store_open (job->store_path, &error);
  if (store == NULL || !run_import (&job->options, job->result, store, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * pd_importer_run_async:
 * @store_path: the store file; the import opens its own connection to it
 *   in a worker thread
 *
 * Runs pd_importer_run() in a worker thread. Progress is reported in the
 * caller's thread default main context; the results are the importer's
 * once pd_importer_run_finish() is called.
 */
void
pd_importer_run_async (PdImporter          *self,
                       const char          *store_path,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job;

  g_return_if_fail (PD_IS_IMPORTER (self));
  g_return_if_fail (store_path != NULL);

  g_clear_pointer (&self->progress_context, g_main_context_unref);
  self->progress_context = g_main_context_ref_thread_default ();

  job = g_new0 (ImportJob, 1);
  job->store_path = g_strdup (store_path);
  importer_options (self, &job->options);
  job->options.path = g_strdup (self->path);
  job->options.program_id = g_strdup (self->program_id);
  job->options.progress_data = g_object_ref (self);
  job->result = pd_import_result_new ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_importer_run_async);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, run_in_thread);
}

gboolean
pd_importer_run_finish (PdImporter    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  ImportJob *job;

  g_return_val_if_fail (PD_IS_IMPORTER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (job->result != NULL)
    take_result (self, g_steal_pointer (&job->result));
  return g_task_propagate_boolean (G_TASK (result), error);
}

const PdImportCounts *
pd_importer_get_counts (PdImporter *self)
{
  g_return_val_if_fail (PD_IS_IMPORTER (self), NULL);
  return &self->result->counts;
}

/**
 * pd_importer_get_warnings:
 *
 * Returns: (transfer none) (element-type utf8): the last run's warnings
 *   (unknown columns, the encoding when not UTF-8...)
 */
GPtrArray *
pd_importer_get_warnings (PdImporter *self)
{
  g_return_val_if_fail (PD_IS_IMPORTER (self), NULL);
  return self->result->warnings;
}

/**
 * pd_importer_get_problems:
 *
 * Returns: (transfer none) (element-type utf8): the first
 *   PD_IMPORT_MAX_PROBLEMS problems of the last run, by line, each
 *   `FILE:LINE:COLUMN: what was wrong; expected ...`
 */
GPtrArray *
pd_importer_get_problems (PdImporter *self)
{
  g_return_val_if_fail (PD_IS_IMPORTER (self), NULL);

  if (self->problem_messages == NULL)
    {
      self->problem_messages = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < self->result->problems->len; i++)
        g_ptr_array_add (self->problem_messages,
                         g_strdup (g_array_index (self->result->problems, Problem, i).message));
    }
  return self->problem_messages;
}

/**
 * pd_importer_get_n_problems:
 *
 * Returns: how many problems the last run found, all of them counted
 */
guint64
pd_importer_get_n_problems (PdImporter *self)
{
  g_return_val_if_fail (PD_IS_IMPORTER (self), 0);
  return self->result->n_problems;
}

/**
 * pd_importer_get_encoding:
 *
 * Returns: (nullable): "UTF-8", "UTF-16LE", "UTF-16BE" or "GB18030"
 */
const char *
pd_importer_get_encoding (PdImporter *self)
{
  g_return_val_if_fail (PD_IS_IMPORTER (self), NULL);
  return self->result->encoding;
}

/**
 * pd_importer_get_sha256:
 *
 * Returns: (nullable): the SHA-256 of the file imported, in hexadecimal
 */
const char *
pd_importer_get_sha256 (PdImporter *self)
{
  g_return_val_if_fail (PD_IS_IMPORTER (self), NULL);
  return self->result->sha256;
}
