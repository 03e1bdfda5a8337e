/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The import run engine, for src/store/import only: what a run reads
 * (PdImportOptions) and finds (PdImportResult), its state (Run), the kind
 * tables (pd-import-targets.c, -stores.c, -links.c, -rates.c) and the
 * helpers they share (problems, values, upsert), in pd-import-run.c.
 */
/*
 * Imports one file (src/core/README.md, src/core/README.md) into a store,
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
 *   pd_import_upsert()). The rows of a program without a target list yet are
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

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "pd-store-tables.h"
#include "pd-country.h"
#include "pd-csv-header.h"
#include "pd-csv-id.h"
#include "pd-csv-reader.h"
#include "pd-currency.h"
#include "pd-enums.h"
#include "pd-hashing-input-stream.h"
#include "pd-import-links.h"
#include "pd-import-stores.h"
#include "pd-import-key-set.h"
#include "pd-importer.h"
#include "pd-link.h"
#include "pd-link-validate.h"
#include "pd-merchant-rows.h"
#include "pd-money.h"
#include "pd-store-private.h"
#include "pd-time-zone.h"
#include "pd-timestamp.h"

G_BEGIN_DECLS

typedef struct
{
  guint64  line;
  char    *message;
} PdImportProblem;

/* What one run found: filled by the run (in the worker thread for
 * pd_importer_run_async()), then handed to the importer as a whole. */
typedef struct
{
  PdImportCounts  counts;
  GPtrArray      *warnings;
  GArray         *problems;     /* PdImportProblem, by line */
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
  char                 *sheet;      /* a workbook's sheet; NULL: the first */
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
  PdImportResult        *result;
  PdStore         *store;
  sqlite3         *db;
  const KindClass *klass;
  char            *display;
  PdRowSource     *source;      /* borrowed: names places in messages */
  guint64          header_line;
  PdCsvHeader     *header;
  char           **column_names;
  GTimeZone       *zone;
  gint64           now;
  guint64          n_rows;

  PdImportKeySet   keys;
  guint64          no_prefix_state;
  GArray          *candidates;

  sqlite3_stmt    *insert;
  sqlite3_stmt    *differs;
  sqlite3_stmt    *update;
  gboolean         insert_first;
  sqlite3_stmt    *unmark;
  sqlite3_stmt    *program_exists;
  sqlite3_stmt    *stage;
  /* A new list's rows while they come in key order: appended to the
   * table at once (see pd-import-targets.c). */
  sqlite3_stmt    *append;
  ProgramEntry    *append_program;
  GString         *append_seller;

  GPtrArray       *programs;
  ProgramEntry    *last_program;
  ProgramEntry    *default_program;
  char            *default_problem;
  gboolean         default_reported;
  gboolean         override_warned;
  char            *program_list;

  GString         *scratch;
  GString         *scratch2;
  /* The ids of a row, unwrapped (see pd_import_id_field()). */
  GString         *ids[2];
  PdImportLinks   *links;
  PdImportStores  *stores;
  /* The sellers whose Merchants page rows the import changes: the value
   * that holds a row's seller id (-1: every row may change). */
  PdMerchantTouched *touched;
  int              touched_value;

  /* A target list imported again in key order: the program's rows are
   * read in one pass beside the file's instead of a look-up a row
   * (pd-import-scan.c). */
  sqlite3_stmt    *scan;
  ProgramEntry    *scan_program;
  GString         *scan_key;       /* the file's last key through the scan */
  gboolean         scan_have;      /* the statement is on a row */
  gboolean         scan_off;       /* a key out of order: look-ups from then on */
  sqlite3_int64    scan_changes;   /* the connection's total changes at its last step */
  guint            scan_values[16]; /* the value compared with each column read */
  guint            n_scan_values;
};

typedef enum
{
  UPSERT_FAILED,
  UPSERT_INSERTED,
  UPSERT_UPDATED,
  UPSERT_UNCHANGED,
} UpsertResult;

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

extern const KindClass pd_import_targets_class;
extern const KindClass pd_import_stores_class;
extern const KindClass pd_import_links_class;
extern const KindClass pd_import_rates_class;

PdImportResult *pd_import_result_new (void);
void pd_import_result_free (PdImportResult *result);
void pd_import_run_clear (Run *run);
void pd_import_add_problem_message (PdImportResult *result,
                                    guint64         line,
                                    char           *message);
void pd_import_add_problem (Run        *run,
                            guint64     line,
                            int         column,
                            const char *format,
                            ...) G_GNUC_PRINTF (4, 5);
void pd_import_add_value_problem (Run          *run,
                                  guint64       line,
                                  int           column,
                                  const GError *error);
void pd_import_add_warning (PdImportResult *result,
                            const char     *format,
                            ...) G_GNUC_PRINTF (2, 3);
void pd_import_set_invalid_error (PdImportResult  *result,
                                  const char      *display,
                                  GError         **error);
const char *pd_import_id_field (Run        *run,
                                GPtrArray  *fields,
                                guint       column,
                                guint       slot,
                                const char *what,
                                guint64     line,
                                gboolean   *ok);
void pd_import_bind_values (sqlite3_stmt *stmt,
                            const Value  *values,
                            guint         n_values);
gboolean pd_import_step_done (Run           *run,
                              sqlite3_stmt  *stmt,
                              GError       **error);
/* The seller's Merchants page rows change with this import. */
void pd_import_touch_seller (Run        *run,
                             const char *seller_id);
void pd_import_touch_values (Run         *run,
                             const Value *values);
gboolean pd_import_scan_prepare (Run                 *run,
                                 const PdStoreTable  *table,
                                 const guint         *params,
                                 guint                n_params,
                                 const char          *changed_sql,
                                 GError             **error);
UpsertResult pd_import_scan_upsert (Run           *run,
                                    ProgramEntry  *program,
                                    const Value   *values,
                                    guint          n_values,
                                    GError       **error);
void pd_import_scan_clear (Run *run);
UpsertResult pd_import_upsert (Run          *run,
                               const Value  *values,
                               guint         n_values,
                               GError      **error);
/* pd_import_upsert()'s first try while rows are new: the INSERT, which
 * does nothing when the key is taken (UPSERT_UNCHANGED then, and
 * pd_import_upsert() looks the row up from then on until a key is new
 * again; at once when it already does). */
UpsertResult pd_import_insert_new (Run          *run,
                                   const Value  *values,
                                   guint         n_values,
                                   GError      **error);
void pd_import_add_update_column (GString    *set,
                                  GString    *changed,
                                  const char *db_column,
                                  guint       param);
/* The same for the table's column that parameter @param stands for: the
 * parameters of an import number the columns of its table description
 * (pd-store-tables.c), so that the importer names no column itself. */
void pd_import_add_table_column (GString            *set,
                                 GString            *changed,
                                 const PdStoreTable *table,
                                 guint               param);
/* pd_import_prepare_statements () for @table: its first @n_insert
 * columns inserted, its key columns as ?1, ?2... */
gboolean pd_import_prepare_table (Run                *run,
                                  const PdStoreTable *table,
                                  guint               n_insert,
                                  GString            *set,
                                  GString            *changed,
                                  GError            **error);
gboolean pd_import_prepare_statements (Run         *run,
                                       const char  *insert_sql,
                                       const char  *table,
                                       const char  *key_where,
                                       GString     *set,
                                       GString     *changed,
                                       GError     **error);
gboolean pd_import_check_key (Run        *run,
                              guint64     line,
                              int         column,
                              guint64     prefix_state,
                              const char *prefix,
                              const char *key);
gboolean pd_import_parse_market (Run        *run,
                                 guint64     line,
                                 guint       column,
                                 const char *text,
                                 char        out[17]);
gboolean pd_import_parse_country (Run        *run,
                                  guint64     line,
                                  guint       column,
                                  const char *text,
                                  char        out[3]);
gboolean pd_import_parse_time (Run        *run,
                               guint64     line,
                               guint       column,
                               const char *text,
                               Value      *out);
gboolean pd_import_require_text (Run        *run,
                                 guint64     line,
                                 guint       column,
                                 const char *text,
                                 const char *expected);
gboolean pd_import_write_audit (const PdImportOptions  *options,
                                PdImportResult         *result,
                                PdStore                *store,
                                const char             *action,
                                guint64                 bytes,
                                Run                    *run,
                                GError                **error);
gboolean pd_import_csv (const PdImportOptions  *options,
                        PdImportResult         *result,
                        PdStore                *store,
                        GCancellable           *cancellable,
                        GError                **error);
gboolean pd_import_program (const PdImportOptions  *options,
                            PdImportResult         *result,
                            PdStore                *store,
                            GCancellable           *cancellable,
                            GError                **error);
gboolean pd_import_run (const PdImportOptions  *options,
                        PdImportResult         *result,
                        PdStore                *store,
                        GCancellable           *cancellable,
                        GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdImportResult, pd_import_result_free)

G_END_DECLS
