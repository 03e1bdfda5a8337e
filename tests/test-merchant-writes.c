/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-merchant-writes"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pd-importer.h"
#include "pd-merchant-index.h"
#include "pd-merchant-initials.h"
#include "pd-merchant-refresh.h"
#include "pd-merchant-rows.h"
#include "pd-merchant-text.h"
#include "pd-merchant-writer.h"
#include "pd-stage.h"
#include "pd-store-changes.h"
#include "pd-store-links.h"
#include "pd-store-private.h"
#include "pd-store-tables.h"

/* The rows that the writes keep current (an import, a sync page, a link
 * created or revoked: pd-merchant-rows.h) are the rows a full rebuild
 * of the same store makes, whatever the order of the writes: the same
 * rows with the same values, and the same answers to searches and
 * filters. */

#define PROGRAM "eu-jp-pop-partner-2026q1"
#define BASE "https://seller-eu.example.com/join?partner=P01&lang=zh-CN#apply"

typedef struct
{
  char     *dir;
  char     *path;
  PdStore  *store;
  char     *token;   /* the link op_link made */
  gboolean  revoked; /* tUdXwoWm0ARE7qTSkzipmQ, seller 8's */
} Fixture;

static void
import_text (Fixture      *f,
             PdImportKind  kind,
             const char   *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "import.csv", NULL);
  g_autoptr(PdImporter) importer = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  importer = pd_importer_new (kind, path);
  g_assert_true (pd_importer_run (importer, f->store, NULL, &error));
  g_assert_no_error (error);
}

static void
import_fixture (Fixture      *f,
                PdImportKind  kind,
                const char   *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("PARTNERDESK_FIXTURES_DIR"), "q1-example", name, NULL);
  g_autoptr(PdImporter) importer = pd_importer_new (kind, path);

  g_assert_true (pd_importer_run (importer, f->store, NULL, &error));
  g_assert_no_error (error);
}

/* The writes ------------------------------------------------------------------- */

/* New sellers, one renamed, one with another brand (other words). */
static void
op_targets (Fixture *f)
{
  import_text (f, PD_IMPORT_KIND_TARGETS,
               "seller_id,seller_name,brand,market,review_status,program_id\n"
               "7000000000000002,Gamma Supply Chain,Kite,EU,approved," PROGRAM "\n"
               "7000000000000003,Aurora Home Goods,Nimbus,EU,approved," PROGRAM "\n"
               "7000000000000401,New Seller Alpha,Fresh,EU,approved," PROGRAM "\n"
               "7000000000000402,New Seller Beta,Fresh,JP,pending," PROGRAM "\n");
}

/* A store for a seller that had none, a second store for another. */
static void
op_stores (Fixture *f)
{
  import_text (f, PD_IMPORT_KIND_STORES,
               "store_id,seller_id,market,onboarded_at,first_sale_at,settled_gmv_30d,gmv_currency\n"
               "S-90,7000000000000401,EU,2026-02-10T10:00:00+08:00,2026-02-12T10:00:00+08:00,900.00,CNY\n"
               "S-91,7000000000000001,EU,2026-02-15T10:00:00+08:00,,,\n");
}

static void
op_link (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdLink) link = NULL;

  g_assert_true (pd_store_set_setting (f->store, "onboarding_base_url.EU", BASE, &error));
  g_assert_no_error (error);
  g_assert_true (pd_store_link_onboarding (f->store, "7000000000000010", NULL, PROGRAM, "Mei", FALSE, &link,
                                           NULL, &error));
  g_assert_no_error (error);
  g_free (f->token);
  f->token = g_strdup (link->token);
}

static void
op_revoke (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  if (!f->revoked)
    {
      g_assert_true (pd_store_link_revoke (f->store, "tUdXwoWm0ARE7qTSkzipmQ", &error));
      g_assert_no_error (error);
      f->revoked = TRUE;
    }
  if (f->token != NULL)
    {
      g_assert_true (pd_store_link_revoke (f->store, f->token, &error));
      g_assert_no_error (error);
      g_clear_pointer (&f->token, g_free);
    }
}

/* A sync page: one seller leaves the list (a delete that keeps the row),
 * another is renamed. */
static void
op_sync (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdStoreChanges) changes = pd_store_changes_new (f->store);
  const PdStoreTable *table = pd_store_table_lookup ("target_merchant");
  PdChangeValue keys[2] = { { 0 } };
  PdChangeValue values[12] = { { 0 } };
  PdFeedChange left = { 0 }, renamed = { 0 };
  const PdFeedChange *page[2] = { &left, &renamed };
  guint64 applied = 0, ignored = 0;

  pd_change_value_set_text (&keys[0], PROGRAM);
  pd_change_value_set_text (&keys[1], "7000000000000004");
  left.table = table;
  left.type = "target_merchant";
  left.id = PROGRAM ":7000000000000004";
  left.op = PD_CHANGE_OP_DELETE;
  left.version = 1000;
  left.keys = keys;
  left.n_keys = 2;

  g_assert_cmpuint (table->n_columns, ==, G_N_ELEMENTS (values));
  pd_change_value_set_text (&values[0], PROGRAM);
  pd_change_value_set_text (&values[1], "7000000000000005");
  pd_change_value_set_text (&values[2], "Zephyr Renamed Trading");
  pd_change_value_set_text (&values[4], "EU");
  pd_change_value_set_text (&values[9], "approved");
  pd_change_value_set_int (&values[10], 1767225600);
  renamed.table = table;
  renamed.type = "target_merchant";
  renamed.id = PROGRAM ":7000000000000005";
  renamed.op = PD_CHANGE_OP_UPSERT;
  renamed.version = 1000;
  renamed.values = values;
  renamed.keys = values;
  renamed.n_keys = 2;

  g_assert_true (pd_store_changes_apply_page (changes, page, G_N_ELEMENTS (page), "cursor-1", "test",
                                              &applied, &ignored, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (applied, ==, 2);
}

/* A write behind the store's back (another version, a repair), then the
 * background refresh: it merges the changes into the rows in place. */
static void
op_merge (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_store_exec (f->store,
                                "INSERT OR IGNORE INTO target_merchants (program_id, seller_id, seller_name, market,"
                                " review_status, listed_at) VALUES ('" PROGRAM "', '7000000000000403',"
                                " 'Merged Seller Gamma', 'EU', 'approved', 0);"
                                "DELETE FROM stores WHERE store_id = 'S-11';"
                                "UPDATE target_merchants SET brand = 'Renamed' WHERE seller_id = '7000000000000007'",
                                &error));
  g_assert_no_error (error);
  g_assert_true (pd_merchant_refresh (f->path, g_get_real_time () / G_USEC_PER_SEC, PD_MERCHANT_REFRESH_DEFAULT,
                                      NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* What the page shows ---------------------------------------------------------- */

/* Every row's columns but its id, in (program, seller, entry) order. */
static GPtrArray *
dump_rows (PdStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  PdMerchantState state;
  g_autofree char *sql = NULL;

  g_assert_true (pd_merchant_state_read (store, &state, &error));
  g_assert_no_error (error);
  sql = g_strdup_printf ("SELECT * FROM merchant_rows_%u ORDER BY program_id, seller_id, id", state.current);
  stmt = pd_store_prepare (store, sql, &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GString *line = g_string_new (NULL);

      for (int c = 1; c < sqlite3_column_count (stmt); c++)
        g_string_append_printf (line, "%s|", sqlite3_column_type (stmt, c) == SQLITE_NULL ? "∅" :
                                (const char *) sqlite3_column_text (stmt, c));
      g_ptr_array_add (rows, g_string_free (line, FALSE));
    }
  g_assert_cmpuint (rows->len, ==, state.rows);
  return g_steal_pointer (&rows);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The answers to @searches (@n, or a few when 0): count, then
 * seller/store of each row in the query's order. */
static char *
dump_searches (PdStore             *store,
               const char * const  *searches,
               guint                n)
{
  static const char * const some[] = {
    NULL, "kite", "700", "7000000000000003", "北极", "new seller", "fresh", "s 9", "gamma", "zephyr",
    "aurora", "polaris", "mei", "merged", "renamed", "s 11",
  };
  g_autoptr(PdMerchantIndex) index = pd_merchant_index_new (store);
  GString *out = g_string_new (NULL);

  if (n == 0)
    {
      searches = some;
      n = G_N_ELEMENTS (some);
    }
  for (guint i = 0; i < n; i++)
    for (int filter = 0; filter < 4; filter++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) rows = NULL;
        PdMerchantQuery query;
        guint total = 0;

        pd_merchant_query_init (&query);
        query.search = g_strdup (searches[i]);
        if (filter == 1)
          query.program_id = g_strdup (PROGRAM);
        else if (filter == 2)
          query.verdict = PD_MERCHANT_VERDICT_NONE;
        else if (filter == 3)
          {
            query.sort = PD_MERCHANT_COLUMN_STAGE;
            query.descending = TRUE;
          }
        g_assert_true (pd_merchant_index_query (index, &query, 0, 10000, &total, &rows, &error));
        g_assert_no_error (error);
        g_assert_cmpuint (rows->len, ==, total);
        g_string_append_printf (out, "%s/%d: %u:", searches[i] != NULL ? searches[i] : "", filter, total);
        {
          g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);

          for (guint r = 0; r < rows->len; r++)
            {
              PdMerchantRow *row = g_ptr_array_index (rows, r);

              /* Rows with the same stage come in id order, which is the
               * order they were written in: compared as a set per stage. */
              g_ptr_array_add (tokens, g_strdup_printf (" %s%s/%s",
                                                        filter == 3 ? pd_stage_to_string (row->stage) : "",
                                                        row->seller_id, row->store_id != NULL ? row->store_id : "-"));
            }
          if (filter == 3)
            g_ptr_array_sort (tokens, (GCompareFunc) compare_strings);
          for (guint r = 0; r < tokens->len; r++)
            g_string_append (out, g_ptr_array_index (tokens, r));
        }
        g_string_append_c (out, '\n');
        pd_merchant_query_clear (&query);
      }
  return g_string_free (out, FALSE);
}

static char *
dump_queries (PdStore *store)
{
  return dump_searches (store, NULL, 0);
}

static void
fixture_open (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("pd-test-merchant-writes-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "store.db", NULL);
  f->store = pd_store_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_close (Fixture *f)
{
  g_clear_object (&f->store);
  for (const char *const *s = (const char *const[]) { "store.db", "store.db-wal", "store.db-shm", "import.csv", NULL };
       *s != NULL; s++)
    {
      g_autofree char *file = g_build_filename (f->dir, *s, NULL);
      g_remove (file);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->token);
}

/* The rows the writes left, and the answers to @searches (@n; a few
 * when 0), are those of a full rebuild of the same store. */
static void
assert_rebuild_equal_for (Fixture             *f,
                          const char * const  *searches,
                          guint                n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) written = dump_rows (f->store);
  g_autoptr(GPtrArray) rebuilt = NULL;
  g_autofree char *written_answers = dump_searches (f->store, searches, n);
  g_autofree char *rebuilt_answers = NULL;

  g_assert_true (pd_merchant_refresh (f->path, g_get_real_time () / G_USEC_PER_SEC, PD_MERCHANT_REFRESH_REBUILD,
                                      NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  rebuilt = dump_rows (f->store);
  rebuilt_answers = dump_searches (f->store, searches, n);

  g_assert_cmpuint (written->len, ==, rebuilt->len);
  for (guint i = 0; i < written->len; i++)
    g_assert_cmpstr (g_ptr_array_index (written, i), ==, g_ptr_array_index (rebuilt, i));
  g_assert_cmpstr (written_answers, ==, rebuilt_answers);
}

static void
assert_rebuild_equal (Fixture *f)
{
  assert_rebuild_equal_for (f, NULL, 0);
}

static void
test_writes (gconstpointer data)
{
  const char *order = data;
  g_autoptr(GError) error = NULL;
  gboolean stale = TRUE;
  Fixture fx = { 0 }, *f = &fx;

  fixture_open (f);

  /* The first import builds the rows (never built before). */
  import_fixture (f, PD_IMPORT_KIND_RATES, "rates.csv");
  import_fixture (f, PD_IMPORT_KIND_TARGETS, "targets.csv");
  import_fixture (f, PD_IMPORT_KIND_LINKS, "links.csv");
  import_fixture (f, PD_IMPORT_KIND_STORES, "stores.csv");

  for (const char *op = order; *op != '\0'; op++)
    {
      switch (*op)
        {
        case 'T': op_targets (f); break;
        case 'S': op_stores (f); break;
        case 'L': op_link (f); break;
        case 'R': op_revoke (f); break;
        case 'Y': op_sync (f); break;
        case 'M': op_merge (f); break;
        default: g_assert_not_reached ();
        }
      /* Each write left the rows current: nothing for a reader to do. */
      g_assert_true (pd_merchant_rows_is_stale (f->store, g_get_real_time () / G_USEC_PER_SEC, &stale, &error));
      g_assert_no_error (error);
      g_assert_false (stale);
    }

  /* Rows were appended and replaced, not rebuilt. */
  assert_rebuild_equal (f);
  fixture_close (f);
}

/* Rows built without their search keys (after an import), then the
 * background refresh: it makes them, and every search answers the same
 * before and after. */
static void
test_keys_later (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pd-test-merchant-writes-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(PdStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  PdMerchantState state;
  PdMerchantRefreshStats stats;
  gboolean current = FALSE;
  gint64 valid_until = 0;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_no_error (error);
  store = pd_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (pd_store_exec (store,
                                "WITH RECURSIVE c (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < 999)"
                                " INSERT INTO target_merchants (program_id, seller_id, seller_name, brand, market,"
                                " review_status, listed_at)"
                                " SELECT '" PROGRAM "', printf ('7%015d', i), 'Seller ' || i || ' Kite Trading',"
                                " CASE WHEN i % 2 = 0 THEN 'Fresh' ELSE 'Polaris' END, 'EU', 'approved', 0 FROM c",
                                &error));
  g_assert_no_error (error);
  g_assert_true (pd_merchant_refresh (path, now, PD_MERCHANT_REFRESH_REBUILD | PD_MERCHANT_REFRESH_NO_KEYS,
                                      NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pd_merchant_state_read (store, &state, &error));
  g_assert_cmpuint (state.built_max, ==, 0);
  before = dump_queries (store);

  /* Current as of now and later, not as of before they were made. */
  g_assert_true (pd_merchant_rows_is_current_as_of (path, now + 60, &current, &valid_until, &error));
  g_assert_no_error (error);
  g_assert_true (current);
  g_assert_true (pd_merchant_rows_is_current_as_of (path, now - 1, &current, &valid_until, &error));
  g_assert_false (current);

  /* The page's refresh on current rows: the keys only, no pass over
   * the sellers (which would move as_of). */
  g_assert_true (pd_merchant_refresh (path, now + 30, PD_MERCHANT_REFRESH_KEYS_ONLY, NULL, NULL, &stats, &error));
  g_assert_no_error (error);
  g_assert_false (stats.rebuilt);
  g_assert_true (pd_merchant_state_read (store, &state, &error));
  g_assert_cmpuint (state.built_max, ==, 1000);
  g_assert_cmpint (state.as_of, ==, now);
  after = dump_queries (store);
  g_assert_cmpstr (before, ==, after);
  g_assert_nonnull (strstr (after, "fresh/0: 500:"));

  /* Marked stale by a write: not current. */
  g_assert_true (pd_store_exec (store, "INSERT OR REPLACE INTO merchant_state (key, value) VALUES ('stale', '1')",
                                &error));
  g_assert_true (pd_merchant_rows_is_current_as_of (path, now, &current, &valid_until, &error));
  g_assert_no_error (error);
  g_assert_false (current);

  g_clear_object (&store);
  for (const char *const *f = (const char *const[]) { "store.db", "store.db-wal", "store.db-shm", NULL }; *f != NULL; f++)
    {
      g_autofree char *file = g_build_filename (dir, *f, NULL);
      g_remove (file);
    }
  g_rmdir (dir);
}

/* Imports that touch more sellers than are updated one by one: the pass
 * after the commit reads only theirs again (pd_merchant_rows_update ()),
 * and leaves the rows a rebuild makes. */
static void
test_many_sellers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) targets = g_string_new ("seller_id,seller_name,brand,market,review_status,program_id\n");
  g_autoptr(GString) renamed = g_string_new ("seller_id,seller_name,brand,market,review_status,program_id\n");
  g_autoptr(GString) stores = g_string_new ("store_id,seller_id,market,onboarded_at,first_sale_at,"
                                            "settled_gmv_30d,gmv_currency\n");
  g_autofree char *answers = NULL;
  gboolean stale = TRUE;
  Fixture fx = { 0 }, *f = &fx;

  fixture_open (f);

  for (guint i = 0; i < 3000; i++)
    {
      g_string_append_printf (targets, "7%015u,Seller %u Kite Trading,%s,EU,approved," PROGRAM "\n",
                              i, i, i % 2 == 0 ? "Fresh" : "Polaris");
      /* Another name for some, another brand for others. */
      if (i >= 1000 && i < 2500)
        g_string_append_printf (renamed, "7%015u,Seller %u %s,%s,EU,approved," PROGRAM "\n",
                                i, i, i % 3 == 0 ? "Zephyr Goods" : "Kite Trading", i % 5 == 0 ? "Nimbus" : "Fresh");
      /* A first store for some, two stores for a few. */
      if (i < 1500)
        g_string_append_printf (stores, "S-%u,7%015u,EU,2026-02-10T10:00:00+08:00,%s\n", i, i,
                                i % 4 == 0 ? "2026-02-12T10:00:00+08:00,900.00,CNY" : ",,");
      if (i < 1500 && i % 7 == 0)
        g_string_append_printf (stores, "T-%u,7%015u,JP,2026-02-11T10:00:00+08:00,,,\n", i, i);
    }
  import_fixture (f, PD_IMPORT_KIND_RATES, "rates.csv");
  import_text (f, PD_IMPORT_KIND_TARGETS, targets->str);
  import_text (f, PD_IMPORT_KIND_STORES, stores->str);
  import_text (f, PD_IMPORT_KIND_TARGETS, renamed->str);
  g_assert_true (pd_merchant_rows_is_stale (f->store, g_get_real_time () / G_USEC_PER_SEC, &stale, &error));
  g_assert_no_error (error);
  g_assert_false (stale);

  answers = dump_queries (f->store);
  g_assert_null (strstr (answers, "zephyr/0: 0:"));
  assert_rebuild_equal (f);
  fixture_close (f);
}

/* seller id -> row id, of the sellers with one row. */
static GHashTable *
single_row_ids (PdStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  PdMerchantState state;

  g_assert_true (pd_merchant_state_read (store, &state, &error));
  sql = g_strdup_printf ("SELECT seller_id, min (id) FROM merchant_rows_%u GROUP BY seller_id HAVING count (*) = 1",
                         state.current);
  stmt = pd_store_prepare (store, sql, &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         GINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
  return g_steal_pointer (&ids);
}

/* Links, then a first store for sellers on the list: a store's id gives
 * a row new words. Such a row keeps its id (its new words indexed under
 * it, and, when the search keys were made, the keys that begin them
 * hold it); a seller with two stores gets new rows. Searches by words
 * and by beginnings of one, two and more characters, Latin and CJK,
 * answer as after a full rebuild. */
static void assert_initials (PdStore *store, const char * const *typed);
static const char * const typed_q[] = { "Q", "q", NULL };

static void
test_words_grow (gconstpointer data)
{
  static const char * const searches[] = {
    "s", "s 1", "s 12", "s 123", "s 1234", "s-7", "t", "t 5", "q", "q1", "k", "ki", "kite", "kite 12",
    "seller 1", "seller", "fresh", "polaris", "1", "12", "123", "7", "70", "7000000000000123", "7000000000001",
    "北", "北极", "北极星", "极星", "星", "科", "科技", "电子", "北极星 s", "北极星 q", "s 3 科技", "号", "nobody",
  };
  static const char * const kinds[] = { "科技", "贸易", "电子", "家居" };
  gboolean with_keys = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) targets = g_string_new ("seller_id,seller_name,brand,market,review_status,program_id\n");
  g_autoptr(GString) links = g_string_new ("token,kind,seller_id,market,program_id,created_at,staff\n");
  g_autoptr(GString) stores = g_string_new ("store_id,seller_id,market,onboarded_at,via_link,first_sale_at,"
                                            "settled_gmv_30d,gmv_currency\n");
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  GHashTableIter iter;
  gpointer key, value;
  PdMerchantState state;
  guint kept = 0;
  gboolean stale = TRUE;
  Fixture fx = { 0 }, *f = &fx;

  fixture_open (f);
  for (guint i = 0; i < 2000; i++)
    {
      if (i % 2 == 0)
        g_string_append_printf (targets, "7%015u,Seller %u Kite Trading,Fresh,EU,approved," PROGRAM "\n", i, i);
      else
        g_string_append_printf (targets, "7%015u,深圳北极星%s有限公司 %u,Polaris,EU,approved," PROGRAM "\n",
                                i, kinds[i % 4], i);
      if (i < 1200)
        g_string_append_printf (links, "Tk%020u,onboarding,7%015u,EU," PROGRAM ",2026-01-05T10:00:00+08:00,Mei\n",
                                i, i);
      /* Store ids of new words ("s", "t", "q1..."), some whose beginnings
       * other rows hold ("s": the Latin names' "seller"). */
      if (i < 1000)
        {
          char via[32] = "";

          if (i < 600)
            g_snprintf (via, sizeof via, "Tk%020u", i);
          g_string_append_printf (stores, "%s%u,7%015u,EU,2026-02-10T10:00:00+08:00,%s,%s\n",
                                  i % 5 != 0 ? "Q" : i % 3 == 0 ? "T-" : "S-", i * 7, i, via,
                                  i % 4 == 0 ? "2026-02-12T10:00:00+08:00,900.00,CNY" : ",,");
        }
      if (i < 1000 && i % 100 == 1)
        g_string_append_printf (stores, "S-%u,7%015u,JP,2026-02-11T10:00:00+08:00,,,,\n", 90000 + i, i);
    }
  import_fixture (f, PD_IMPORT_KIND_RATES, "rates.csv");
  import_text (f, PD_IMPORT_KIND_TARGETS, targets->str);
  if (with_keys)
    {
      g_assert_true (pd_merchant_refresh (f->path, g_get_real_time () / G_USEC_PER_SEC, PD_MERCHANT_REFRESH_KEYS_ONLY,
                                          NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (pd_merchant_state_read (f->store, &state, &error));
  g_assert_cmpuint (state.built_max, ==, with_keys ? 2000 : 0);
  before = single_row_ids (f->store);
  g_assert_cmpuint (g_hash_table_size (before), ==, 2000);

  import_text (f, PD_IMPORT_KIND_LINKS, links->str);
  import_text (f, PD_IMPORT_KIND_STORES, stores->str);
  g_assert_true (pd_merchant_rows_is_stale (f->store, g_get_real_time () / G_USEC_PER_SEC, &stale, &error));
  g_assert_no_error (error);
  g_assert_false (stale);

  /* Every seller with one row kept its id; the ten with two stores have
   * two new rows. */
  after = single_row_ids (f->store);
  g_assert_cmpuint (g_hash_table_size (after), ==, 1990);
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (before, key)), ==, GPOINTER_TO_INT (value));
      kept++;
    }
  g_assert_cmpuint (kept, ==, 1990);
  g_assert_true (pd_merchant_state_read (f->store, &state, &error));
  g_assert_cmpuint (state.rows, ==, 2010);
  g_assert_cmpuint (state.built_max, ==, with_keys ? 2000 : 0);

  assert_rebuild_equal_for (f, searches, G_N_ELEMENTS (searches));
  /* 800 rows gained a word beginning with Q, which no row had before:
   * the one-character key the flush made holds each of them. */
  assert_initials (f->store, typed_q);
  fixture_close (f);
}

/* The rows the full-text index has for a word beginning @text (as the
 * index's own tokenizer folds it), less the deleted ones. */
static PdBits *
fts_rows (PdStore     *store,
          const char  *set,
          const char  *text,
          guint64      n_bits,
          PdBits      *dead)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT rowid FROM merchant_search_%s WHERE merchant_search_%s MATCH ?1",
                                          set, set);
  g_autofree char *match = g_strdup_printf ("\"%s\" *", text);
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (store, sql, &error);
  PdBits *bits = pd_bits_new (n_bits);

  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    pd_bits_set (bits, (guint64) sqlite3_column_int64 (stmt, 0));
  pd_bits_and_not (bits, dead);
  return bits;
}

static void
assert_bits_equal (const PdBits *a,
                   const PdBits *b,
                   const char   *what)
{
  g_assert_cmpuint (a->n_words, ==, b->n_words);
  if (memcmp (a->words, b->words, a->n_words * sizeof (guint64)) != 0)
    g_error ("search key “%s”: %" G_GUINT64_FORMAT " rows, the full-text index %" G_GUINT64_FORMAT,
             what, pd_bits_count (a), pd_bits_count (b));
}

/* The current set's one-character keys hold every row up to its last
 * one, and each holds exactly the rows MATCH '"c" *' gives; @typed are
 * queries whose first term has a key, which equals MATCH '"typed" *'. */
static void
assert_initials (PdStore            *store,
                 const char * const *typed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(PdBits) dead = NULL;
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) pd_bits_free);
  g_autofree char *sql = NULL;
  PdMerchantState state;
  const char *set;
  guint64 max_id, mark;
  gboolean found;

  g_assert_true (pd_merchant_state_read (store, &state, &error));
  g_assert_no_error (error);
  set = state.current == 1 ? "1" : "0";
  sql = g_strdup_printf ("SELECT ifnull (max (id), 0) FROM merchant_rows_%s", set);
  stmt = pd_store_prepare (store, sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  max_id = (guint64) sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  dead = pd_merchant_dead_ids_read (store, set, max_id + 1, &error);
  g_assert_no_error (error);

  g_assert_true (pd_merchant_initials_mark (store, set, &mark, &found, &error));
  g_assert_no_error (error);
  g_assert_true (found);
  g_assert_cmpuint (mark, ==, max_id);

  g_free (sql);
  sql = g_strdup_printf ("SELECT key, bits FROM merchant_keys_%s WHERE length (key) = 1", set);
  stmt = pd_store_prepare (store, sql, &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      PdBits *bits = pd_bits_deserialize (sqlite3_column_blob (stmt, 1), (gsize) sqlite3_column_bytes (stmt, 1),
                                          max_id + 1);
      g_autoptr(PdBits) fts = fts_rows (store, set, key, max_id + 1, dead);

      g_assert_nonnull (bits);
      pd_bits_and_not (bits, dead);
      assert_bits_equal (bits, fts, key);
      g_hash_table_insert (keys, g_strdup (key), bits);
    }
  g_assert_cmpuint (g_hash_table_size (keys), >=, 10);

  for (guint i = 0; typed[i] != NULL; i++)
    {
      g_auto(GStrv) terms = pd_merchant_text_query_terms (typed[i]);
      g_autoptr(PdBits) fts = fts_rows (store, set, typed[i], max_id + 1, dead);
      const PdBits *bits;

      g_assert_nonnull (terms);
      bits = g_hash_table_lookup (keys, terms[0]);
      if (bits == NULL)
        g_error ("no search key for “%s” (“%s”)", typed[i], terms[0]);
      assert_bits_equal (bits, fts, typed[i]);
      g_assert_cmpuint (pd_bits_count (bits), >, 0);
    }
}

/* The one-character search keys exist when an import ends (no refresh
 * has run), and the writes after it keep them equal to the full-text
 * index's answer: a links import updates rows in place, a stores import
 * and renames replace them (new ids, new words). */
static void
test_initials (void)
{
  static const char * const typed[] = { "K", "k", "S", "7", "北", "Ö", "é", "Ω", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) targets = g_string_new ("seller_id,seller_name,brand,market,review_status,program_id\n");
  g_autoptr(GString) links = g_string_new ("token,kind,seller_id,market,program_id,service_id,url,created_at,"
                                           "revoked_at,staff\n");
  g_autoptr(GString) stores = g_string_new ("store_id,seller_id,market,onboarded_at,first_sale_at,"
                                            "settled_gmv_30d,gmv_currency\n");
  g_autoptr(GString) renamed = g_string_new ("seller_id,seller_name,brand,market,review_status,program_id\n");
  g_autofree char *answers = NULL;
  Fixture fx = { 0 }, *f = &fx;

  fixture_open (f);
  for (guint i = 0; i < 3000; i++)
    {
      /* Latin in both cases, Chinese, accented and Greek letters
       * (SQLite's tokenizer folds those), digits. */
      static const char * const names[] = {
        "Seller KITE Trading", "北极星号商贸", "Ölfabrik Émile", "ΩMEGA Kite",
      };
      g_autofree char *name = g_strdup_printf ("%s %u", names[i % 4], i);

      g_string_append_printf (targets, "7%015u,%s,%s,EU,approved," PROGRAM "\n",
                              i, name, i % 2 == 0 ? "Fresh" : "Polaris");
      if (i < 1200)
        g_string_append_printf (links, "T%021u,onboarding,7%015u,EU," PROGRAM ",,,2026-01-05T10:00:00+08:00,,Lin\n",
                                i, i);
      if (i >= 1000 && i < 2500)
        g_string_append_printf (stores, "K-%u,7%015u,EU,2026-02-10T10:00:00+08:00,,,\n", i, i);
      if (i >= 2900)
        g_string_append_printf (renamed, "7%015u,Zephyr 北京 %u,Fresh,EU,approved," PROGRAM "\n", i, i);
    }
  import_fixture (f, PD_IMPORT_KIND_RATES, "rates.csv");
  import_text (f, PD_IMPORT_KIND_TARGETS, targets->str);
  assert_initials (f->store, typed);

  import_text (f, PD_IMPORT_KIND_LINKS, links->str);
  assert_initials (f->store, typed);
  import_text (f, PD_IMPORT_KIND_STORES, stores->str);
  assert_initials (f->store, typed);
  /* A hundred sellers: updated in the import's transaction. */
  import_text (f, PD_IMPORT_KIND_TARGETS, renamed->str);
  assert_initials (f->store, typed);
  answers = dump_queries (f->store);
  g_assert_null (strstr (answers, "zephyr/0: 0:"));

  /* The page's refresh makes only the longer keys. */
  g_assert_true (pd_merchant_refresh (f->path, g_get_real_time () / G_USEC_PER_SEC, PD_MERCHANT_REFRESH_KEYS_ONLY,
                                      NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_initials (f->store, typed);

  /* Rows written by a version without these keys (the mark behind the
   * last row): a write leaves the mark, and searches still answer as a
   * rebuild's do. */
  g_assert_true (pd_store_exec (f->store, "UPDATE merchant_keys_0 SET n = n - 7 WHERE key = '"
                                PD_MERCHANT_INITIALS_KEY "';"
                                "UPDATE merchant_keys_1 SET n = n - 7 WHERE key = '" PD_MERCHANT_INITIALS_KEY "'",
                                &error));
  g_assert_no_error (error);
  op_stores (f);
  assert_rebuild_equal (f);
  assert_initials (f->store, typed);
  fixture_close (f);
}

/* Beyond PD_MERCHANT_TOUCHED_MAX sellers the touched set is a sorted
 * list: a walk in seller order passes every seller added and no other.
 * Beyond PD_MERCHANT_TOUCHED_LIST_MAX it is a filter: every seller added
 * passes it, few others do. */
static void
test_touched_filter (void)
{
  static const guint sizes[] = { PD_MERCHANT_TOUCHED_MAX + 5000, PD_MERCHANT_TOUCHED_LIST_MAX + 5000 };

  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      g_autoptr(PdMerchantTouched) touched = pd_merchant_touched_new ();
      g_autoptr(GPtrArray) walk_ids = g_ptr_array_new_with_free_func (g_free);
      PdMerchantTouchedWalk walk;
      guint n = sizes[k];
      guint passed = 0;
      guint others = 0;

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *id = g_strdup_printf ("7494%015u", (i * 7919) % n);

          pd_merchant_touched_add (touched, id);
          /* Again, at once and later: noted once. */
          if (i % 3 == 0)
            pd_merchant_touched_add (touched, id);
          if (i % 5 == 0 && i > 0)
            {
              g_autofree char *earlier = g_strdup_printf ("7494%015u", ((i - 1) * 7919) % n);

              pd_merchant_touched_add (touched, earlier);
            }
          g_ptr_array_add (walk_ids, g_steal_pointer (&id));
        }
      for (guint i = 0; i < 100000; i++)
        g_ptr_array_add (walk_ids, g_strdup_printf ("%s%015u%s", i % 2 ? "7494" : "7493", i * 3, i % 2 ? "a" : ""));
      g_assert_false (pd_merchant_touched_is_empty (touched));
      pd_merchant_touched_seal (touched);
      g_ptr_array_sort (walk_ids, compare_strings);
      pd_merchant_touched_walk_init (&walk, touched);
      for (guint i = 0; i < walk_ids->len; i++)
        {
          const char *id = walk_ids->pdata[i];
          gboolean added = strlen (id) == 19 && g_str_has_prefix (id, "7494") &&
                           g_ascii_strtoull (id + 4, NULL, 10) < n;

          if (pd_merchant_touched_walk_has (&walk, id))
            {
              passed++;
              others += !added;
            }
          else
            g_assert_false (added);
        }
      if (k == 0)
        g_assert_cmpuint (others, ==, 0);
      else
        /* 100,000 others against 270,000 of 2^24 bits: about one in 62. */
        g_assert_cmpuint (others, <, 3000);
      g_assert_cmpuint (passed, ==, n + others);
    }
}

int
main (int   argc,
      char *argv[])
{
  static const char * const orders[] = { "TSLRY", "YRLST", "LTYSR", "SRTYL", "TT", "LRLR", "MTSM", "TMLYRS" };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    {
      g_autofree char *name = g_strdup_printf ("/merchant-writes/%s", orders[i]);

      g_test_add_data_func (name, orders[i], test_writes);
    }
  g_test_add_func ("/merchant-writes/keys-later", test_keys_later);
  g_test_add_func ("/merchant-writes/many-sellers", test_many_sellers);
  g_test_add_func ("/merchant-writes/touched-filter", test_touched_filter);
  g_test_add_data_func ("/merchant-writes/words-grow", GINT_TO_POINTER (FALSE), test_words_grow);
  g_test_add_data_func ("/merchant-writes/words-grow-keys", GINT_TO_POINTER (TRUE), test_words_grow);
  g_test_add_func ("/merchant-writes/initials", test_initials);
  return g_test_run ();
}
