/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-merchant-list-model"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "pd-merchant-item.h"
#include "pd-merchant-list-model.h"
#include "pd-merchant-refresh.h"
#include "pd-store-private.h"

/* PdMerchantListModel without a display: a GListModel of the query's
 * count whose items are read a page at a time and only for the pages
 * asked for; a new query (sort, filter, search) replaces every item with
 * one items-changed. 5,000 generated merchants. */

#define PROGRAM "eu-jp-pop-partner-2026q1"
#define N_SELLERS 5000

typedef struct
{
  char                *dir;
  char                *path;
  PdStore             *store;
  PdMerchantIndex     *index;
  PdMerchantListModel *model;
  guint                changes;
  guint                last_position, last_removed, last_added;
  PdMerchantItem      *held[2];
  guint                next_held;
} Fixture;

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Fixture    *f)
{
  f->changes++;
  f->last_position = position;
  f->last_removed = removed;
  f->last_added = added;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) sql = g_string_new ("BEGIN;");
  PdMerchantRefreshStats stats;

  f->dir = g_dir_make_tmp ("pd-test-merchant-list-model-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "store.db", NULL);
  f->store = pd_store_open (f->path, &error);
  g_assert_no_error (error);

  /* Seller n: every third one a Chinese name, every fifth JP, every
   * seventh pending review. */
  for (guint n = 0; n < N_SELLERS; n++)
    g_string_append_printf (sql,
                            "INSERT INTO target_merchants (program_id, seller_id, seller_name, brand, market,"
                            " review_status, listed_at) VALUES ('" PROGRAM "', '7%015u', '%s%u', 'B%u', '%s',"
                            " '%s', 0);",
                            n, n % 3 == 0 ? "深圳市晨光科技" : "Seller ", n, n % 40,
                            n % 5 == 0 ? "JP" : "EU", n % 7 == 0 ? "pending" : "approved");
  g_string_append (sql, "COMMIT;");
  g_assert_true (pd_store_exec (f->store, sql->str, &error));
  g_assert_no_error (error);
  g_assert_true (pd_merchant_refresh (f->path, 1775000000, PD_MERCHANT_REFRESH_DEFAULT, NULL, NULL, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.rows, ==, N_SELLERS);

  f->index = pd_merchant_index_new (f->store);
  f->model = pd_merchant_list_model_new (f->index);
  g_signal_connect (f->model, "items-changed", G_CALLBACK (on_items_changed_cb), f);
  pd_merchant_list_model_reload (f->model);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->held[0]);
  g_clear_object (&f->held[1]);
  g_clear_object (&f->model);
  g_clear_object (&f->index);
  g_clear_object (&f->store);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
release_held (Fixture *f)
{
  g_clear_object (&f->held[0]);
  g_clear_object (&f->held[1]);
}

/* The row at @position: its item is kept until two more are asked for
 * (an item lives only while someone holds it). */
static const PdMerchantRow *
row_at (Fixture *f,
        guint    position)
{
  GListModel *model = G_LIST_MODEL (f->model);
  PdMerchantItem *item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  g_assert_true (PD_IS_MERCHANT_ITEM (item));
  g_clear_object (&f->held[f->next_held]);
  f->held[f->next_held] = item;
  f->next_held = (f->next_held + 1) % 2;
  return pd_merchant_item_get_row (item);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
test_paging (Fixture       *f,
             gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (f->model);
  guint pages;

  g_assert_true (g_list_model_get_item_type (model) == PD_TYPE_MERCHANT_ITEM);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_SELLERS);
  g_assert_cmpuint (f->changes, ==, 1);
  g_assert_cmpuint (f->last_added, ==, N_SELLERS);

  /* Nothing read until asked; no item kept once let go. */
  g_assert_cmpuint (pd_merchant_list_model_get_pages_read (f->model), ==, 0);
  g_assert_cmpuint (pd_merchant_list_model_get_cached_items (f->model), ==, 0);

  /* One page for all of its rows. */
  for (guint i = 0; i < PD_MERCHANT_LIST_PAGE; i++)
    row_at (f, i);
  g_assert_cmpuint (pd_merchant_list_model_get_pages_read (f->model), ==, 1);

  /* Far away, then back: a page each; the cache stays small. */
  row_at (f, N_SELLERS - 1);
  row_at (f, N_SELLERS / 2);
  g_assert_cmpuint (pd_merchant_list_model_get_pages_read (f->model), ==, 3);
  row_at (f, 3);
  g_assert_cmpuint (pd_merchant_list_model_get_pages_read (f->model), ==, 3);
  for (guint i = 0; i < N_SELLERS; i += PD_MERCHANT_LIST_PAGE)
    row_at (f, i);
  pages = pd_merchant_list_model_get_pages_read (f->model);
  g_assert_cmpuint (pages, >=, (N_SELLERS + PD_MERCHANT_LIST_PAGE - 1) / PD_MERCHANT_LIST_PAGE);
  g_assert_cmpuint (pd_merchant_list_model_get_cached_items (f->model), <=,
                    PD_MERCHANT_LIST_PAGE * PD_MERCHANT_LIST_MAX_PAGES);

  /* Past the end: nothing. */
  g_assert_null (g_list_model_get_item (model, N_SELLERS));
  release_held (f);
  g_assert_cmpuint (pd_merchant_list_model_get_live_items (f->model), ==, 0);

  /* Every row once, in the order of the sort. */
  {
    g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autofree char *previous = NULL;

    for (guint i = 0; i < N_SELLERS; i++)
      {
        g_autoptr(PdMerchantItem) item = g_list_model_get_item (model, i);
        const PdMerchantRow *row = pd_merchant_item_get_row (item);
        g_autofree char *key = g_utf8_casefold (row->seller_name, -1);

        g_array_append_val (ids, row->id);
        if (previous != NULL)
          g_assert_cmpstr (previous, <=, key);
        g_free (previous);
        previous = g_steal_pointer (&key);
      }
    g_array_sort (ids, compare_ids);
    for (guint i = 1; i < ids->len; i++)
      g_assert_cmpint (g_array_index (ids, gint64, i - 1), <, g_array_index (ids, gint64, i));
  }
}

static void
count_notify (guint *notified)
{
  (*notified)++;
}

static void
test_query (Fixture       *f,
            gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (f->model);
  PdMerchantQuery query;
  guint n;

  /* A sort: the same number of rows, no items-changed; an item held
   * (as the view holds those of its rows) shows the row now at its
   * position, and says so. */
  {
    g_autoptr(PdMerchantItem) held = g_list_model_get_item (model, 0);
    g_autofree char *before = g_strdup (pd_merchant_item_get_row (held)->seller_id);
    guint notified = 0;

    g_signal_connect_swapped (held, "notify::row", G_CALLBACK (count_notify), &notified);
    g_assert_cmpuint (pd_merchant_list_model_get_live_items (f->model), ==, 1);
    pd_merchant_query_init (&query);
    query.sort = PD_MERCHANT_COLUMN_VERDICT;
    query.descending = TRUE;
    f->changes = 0;
    pd_merchant_list_model_set_query (f->model, &query);
    g_assert_cmpuint (f->changes, ==, 0);
    g_assert_cmpuint (notified, ==, 1);
    g_assert_true (g_list_model_get_item (model, 0) == held);
    g_object_unref (held);
    g_assert_cmpint (pd_merchant_item_get_row (held)->verdict, ==, PD_MERCHANT_VERDICT_NONE);
    g_assert_cmpstr (pd_merchant_item_get_row (held)->seller_id, !=, before);
  }
  release_held (f);
  g_assert_cmpuint (pd_merchant_list_model_get_live_items (f->model), ==, 0);
  for (guint i = 0; i + 1 < N_SELLERS; i += 97)
    g_assert_cmpint (row_at (f, i)->verdict, >=, row_at (f, i + 1)->verdict);

  /* The same query again: nothing. */
  pd_merchant_list_model_set_query (f->model, &query);
  g_assert_cmpuint (f->changes, ==, 0);

  /* A filter: the rows past the new end go. */
  query.market = g_strdup ("JP");
  pd_merchant_list_model_set_query (f->model, &query);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_SELLERS / 5);
  g_assert_cmpuint (f->changes, ==, 1);
  g_assert_cmpuint (f->last_position, ==, N_SELLERS / 5);
  g_assert_cmpuint (f->last_removed, ==, N_SELLERS - N_SELLERS / 5);
  g_assert_cmpuint (f->last_added, ==, 0);
  for (guint i = 0; i < N_SELLERS / 5; i += 13)
    g_assert_cmpstr (row_at (f, i)->market, ==, "JP");

  /* A search, one and two Chinese characters, then Latin. */
  g_clear_pointer (&query.market, g_free);
  query.search = g_strdup ("晨");
  pd_merchant_list_model_set_query (f->model, &query);
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, ==, (N_SELLERS + 2) / 3);
  g_free (query.search);
  query.search = g_strdup ("晨光");
  pd_merchant_list_model_set_query (f->model, &query);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  g_free (query.search);
  query.search = g_strdup ("seller 49");
  pd_merchant_list_model_set_query (f->model, &query);
  /* Sellers 49, 490-499, 4900-4999 without the Chinese-named ones. */
  n = 0;
  for (guint s = 0; s < N_SELLERS; s++)
    {
      g_autofree char *text = g_strdup_printf ("%u", s);

      if (s % 3 != 0 && g_str_has_prefix (text, "49"))
        n++;
    }
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);

  /* Everything again. */
  pd_merchant_query_clear (&query);
  pd_merchant_query_init (&query);
  pd_merchant_list_model_set_query (f->model, &query);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_SELLERS);
  pd_merchant_query_clear (&query);
}

static void
test_reload (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char * const sellers[] = { "7000000000000001", NULL };
  gboolean rebuild = TRUE;
  guint pages;

  row_at (f, 0);
  pages = pd_merchant_list_model_get_pages_read (f->model);

  /* The rows changed in place: reload reads them again. */
  g_assert_true (pd_store_exec (f->store,
                                "INSERT INTO merchant_notes (seller_id, assignee, updated_at)"
                                " VALUES ('7000000000000001', 'Mei', 0)", &error));
  g_assert_true (pd_merchant_update_sellers (f->store, sellers, 1775000000, &rebuild, &error));
  g_assert_no_error (error);
  g_assert_false (rebuild);
  f->changes = 0;
  pd_merchant_list_model_reload (f->model);
  g_assert_cmpuint (f->changes, ==, 0);
  /* Only the page of the item still held was read again. */
  g_assert_cmpuint (pd_merchant_list_model_get_cached_items (f->model), ==, PD_MERCHANT_LIST_PAGE);
  g_assert_cmpuint (pd_merchant_list_model_get_pages_read (f->model), ==, pages + 1);
  {
    PdMerchantQuery query;

    pd_merchant_query_init (&query);
    query.staff = g_strdup ("Mei");
    pd_merchant_list_model_set_query (f->model, &query);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 1);
    g_assert_cmpstr (row_at (f, 0)->seller_id, ==, "7000000000000001");
    g_assert_cmpuint (pd_merchant_list_model_get_pages_read (f->model), >, pages);
    pd_merchant_query_clear (&query);
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/merchant-list-model/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("paging", test_paging);
  ADD ("query", test_query);
  ADD ("reload", test_reload);
#undef ADD

  return g_test_run ();
}
