/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-links"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "pd-config.h"
#include "pd-merchant-notes.h"
#include "pd-outbox.h"
#include "pd-store-links.h"
#include "pd-store-private.h"

#define PROGRAM "eu-jp-pop-partner-2026q1"
#define OTHER_PROGRAM "us-top-2026q1"
#define EU_BASE "https://seller-eu.example.com/join?partner=P01&pd_ref=stale#apply"

typedef struct
{
  char    *dir;
  PdStore *store;
} Fixture;

static void
exec_ok (PdStore    *store,
         const char *sql)
{
  g_autoptr(GError) error = NULL;

  pd_store_exec (store, sql, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_setenv ("USER", "tester", TRUE);
  f->dir = g_dir_make_tmp ("pd-test-store-links-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "store.db", NULL);
  f->store = pd_store_open (path, &error);
  g_assert_no_error (error);

  g_assert_true (pd_store_set_setting (f->store, "onboarding_base_url.EU", EU_BASE, &error));
  g_assert_no_error (error);
  /* 7001 on the EU list; 7002 left one list and is on another;
   * 7003 a JP seller (JP has no base link); 7004 a US seller. */
  exec_ok (f->store,
           "INSERT INTO target_merchants (program_id, seller_id, seller_name, market, listed_at, left_at) VALUES"
           " ('" PROGRAM "', '7001', 'Alpha', 'EU', 100, NULL),"
           " ('" OTHER_PROGRAM "', '7002', 'Beta', 'EU', 300, 400),"
           " ('" PROGRAM "', '7002', 'Beta', 'EU', 200, NULL),"
           " ('" PROGRAM "', '7003', 'Gamma', 'JP', 100, NULL),"
           " ('" OTHER_PROGRAM "', '7004', 'Delta', 'US', 100, NULL);");
  /* The settings write above left its audit record; start clean. */
  exec_ok (f->store, "DELETE FROM audit_log;");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        remove_tree (child);
      }
  g_remove (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->dir);
}

static gint64
query_int (PdStore    *store,
           const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (pd_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static char *
query_text (PdStore    *store,
            const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (pd_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* links, outbox entries and link audit records */
static void
assert_counts (PdStore *store,
               gint64   links,
               gint64   outbox,
               gint64   audit)
{
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM links"), ==, links);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM outbox"), ==, outbox);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM audit_log WHERE action LIKE 'link.%'"), ==, audit);
}

static void
test_onboarding_reuse_and_new (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdLink) first = NULL;
  g_autoptr(PdLink) again = NULL;
  g_autoptr(PdLink) fresh = NULL;
  g_autoptr(PdLink) old = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autofree char *expected_url = NULL;
  g_autofree char *details = NULL;
  g_autofree char *revoke_path = NULL;
  PdOutboxItem *item;
  gboolean created = FALSE;

  g_assert_true (pd_store_link_onboarding (f->store, "7001", NULL, NULL, NULL, FALSE, &first, &created, &error));
  g_assert_no_error (error);
  g_assert_true (created);
  g_assert_true (pd_link_token_is_valid (first->token));
  g_assert_cmpuint (strlen (first->token), ==, PD_LINK_TOKEN_LENGTH);
  g_assert_cmpstr (first->kind, ==, "onboarding");
  g_assert_cmpstr (first->state, ==, "active");
  g_assert_cmpstr (first->seller_id, ==, "7001");
  g_assert_cmpstr (first->market, ==, "EU");
  g_assert_cmpstr (first->program_id, ==, PROGRAM);
  g_assert_cmpstr (first->staff, ==, "tester");
  g_assert_cmpint (first->created_at, >, 0);
  expected_url = g_strdup_printf ("https://seller-eu.example.com/join?partner=P01&pd_ref=%s#apply", first->token);
  g_assert_cmpstr (first->url, ==, expected_url);
  assert_counts (f->store, 1, 1, 1);

  /* The same request returns the same link and writes nothing. */
  created = TRUE;
  g_assert_true (pd_store_link_onboarding (f->store, "7001", "eu", PROGRAM, "Someone", FALSE, &again, &created, &error));
  g_assert_no_error (error);
  g_assert_false (created);
  g_assert_cmpstr (again->token, ==, first->token);
  g_assert_cmpstr (again->staff, ==, "tester");
  assert_counts (f->store, 1, 1, 1);

  /* --new: the old one is revoked, a fresh one made, both in the outbox. */
  g_assert_true (pd_store_link_onboarding (f->store, "7001", NULL, NULL, "Li Na", TRUE, &fresh, &created, &error));
  g_assert_no_error (error);
  g_assert_true (created);
  g_assert_cmpstr (fresh->token, !=, first->token);
  g_assert_cmpstr (fresh->staff, ==, "Li Na");
  old = pd_store_link_get (f->store, first->token, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (old->state, ==, "revoked");
  g_assert_cmpint (old->revoked_at, >, 0);
  assert_counts (f->store, 2, 3, 3);

  outbox = pd_outbox_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 3);
  item = g_ptr_array_index (outbox, 0);
  g_assert_cmpstr (item->method, ==, "POST");
  g_assert_cmpstr (item->path, ==, "/v1/links");
  g_assert_cmpstr (item->subject_type, ==, "link");
  g_assert_cmpstr (item->subject_id, ==, first->token);
  g_assert_nonnull (strstr (item->body, "\"kind\":\"onboarding\""));
  g_assert_nonnull (strstr (item->body, first->token));
  g_assert_nonnull (strstr (item->body, "\"market\":\"EU\""));
  g_assert_nonnull (strstr (item->body, "\"program_id\":\"" PROGRAM "\""));
  item = g_ptr_array_index (outbox, 1);
  revoke_path = g_strconcat ("/v1/links/", first->token, "/revoke", NULL);
  g_assert_cmpstr (item->path, ==, revoke_path);
  item = g_ptr_array_index (outbox, 2);
  g_assert_cmpstr (item->subject_id, ==, fresh->token);

  details = query_text (f->store, "SELECT details FROM audit_log WHERE action = 'link.revoke'");
  g_assert_nonnull (strstr (details, "\"seller_id\":\"7001\""));
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM audit_log WHERE action = 'link.create'"), ==, 2);

  /* Asking again returns the fresh one. */
  g_clear_pointer (&again, pd_link_free);
  g_assert_true (pd_store_link_onboarding (f->store, "7001", NULL, NULL, NULL, FALSE, &again, &created, &error));
  g_assert_cmpstr (again->token, ==, fresh->token);
  g_assert_false (created);
}

static void
test_onboarding_program_and_market (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdLink) current = NULL;
  g_autoptr(PdLink) other = NULL;
  g_autoptr(PdLink) unlisted = NULL;

  /* 7002 left the other program's list: its current program is PROGRAM. */
  g_assert_true (pd_store_link_onboarding (f->store, "7002", NULL, NULL, NULL, FALSE, &current, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (current->program_id, ==, PROGRAM);

  /* A link for the other program is another link. */
  g_assert_true (pd_store_link_onboarding (f->store, "7002", NULL, OTHER_PROGRAM, NULL, FALSE, &other, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (other->program_id, ==, OTHER_PROGRAM);
  g_assert_cmpstr (other->token, !=, current->token);

  /* A seller on no list: the market must be given; the program is the
   * store's only recruitment program. */
  g_assert_false (pd_store_link_onboarding (f->store, "9999", NULL, NULL, NULL, FALSE, &unlisted, NULL, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "--market"));
  g_clear_error (&error);
  g_assert_true (pd_store_link_onboarding (f->store, "9999", "EU", NULL, NULL, FALSE, &unlisted, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (unlisted->program_id, ==, PROGRAM);
  g_assert_cmpstr (unlisted->market, ==, "EU");

  /* Unknown program, bad market. */
  g_clear_pointer (&unlisted, pd_link_free);
  g_assert_false (pd_store_link_onboarding (f->store, "7001", NULL, "no-such-program", NULL, FALSE, &unlisted, NULL, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "no-such-program"));
  g_clear_error (&error);
  g_assert_false (pd_store_link_onboarding (f->store, "7001", "E-1", NULL, NULL, FALSE, &unlisted, NULL, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pd_store_link_onboarding (f->store, "", NULL, NULL, NULL, FALSE, &unlisted, NULL, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_assert_null (unlisted);
  assert_counts (f->store, 3, 3, 3);
}

static void
test_no_base_link_writes_nothing (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdLink) link = NULL;
  g_autoptr(GPtrArray) links = NULL;
  const char * const sellers[] = { "7001", "7002", "7003", NULL };
  const char * const eu_sellers[] = { "7001", "7002", "7001", NULL };

  g_assert_false (pd_store_link_onboarding (f->store, "7003", NULL, NULL, NULL, FALSE, &link, NULL, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "JP"));
  g_assert_nonnull (strstr (error->message, "onboarding_base_url.JP"));
  g_assert_null (link);
  g_clear_error (&error);
  assert_counts (f->store, 0, 0, 0);

  /* Bulk: one seller fails, nobody gets a link. */
  links = pd_store_link_onboarding_bulk (f->store, sellers, NULL, "Li", &error);
  g_assert_null (links);
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "JP"));
  g_clear_error (&error);
  assert_counts (f->store, 0, 0, 0);

  /* And --new on an existing link fails before revoking it. */
  exec_ok (f->store, "UPDATE target_merchants SET market = 'JP' WHERE seller_id = '7001'");
  g_assert_true (pd_store_link_onboarding (f->store, "7001", "EU", NULL, NULL, FALSE, &link, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&link, pd_link_free);
  exec_ok (f->store, "UPDATE settings SET value = '' WHERE key = 'onboarding_base_url.EU'");
  g_assert_false (pd_store_link_onboarding (f->store, "7001", "EU", NULL, NULL, TRUE, &link, NULL, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  assert_counts (f->store, 1, 1, 1);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM links WHERE state = 'active'"), ==, 1);

  /* Bulk that succeeds: in the order asked, a repeated seller once. */
  exec_ok (f->store, "UPDATE settings SET value = '" EU_BASE "' WHERE key = 'onboarding_base_url.EU';"
                     "UPDATE target_merchants SET market = 'EU' WHERE seller_id = '7001'");
  links = pd_store_link_onboarding_bulk (f->store, eu_sellers, NULL, "Li", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (links->len, ==, 3);
  g_assert_cmpstr (((PdLink *) links->pdata[0])->seller_id, ==, "7001");
  g_assert_cmpstr (((PdLink *) links->pdata[1])->seller_id, ==, "7002");
  g_assert_cmpstr (((PdLink *) links->pdata[1])->staff, ==, "Li");
  g_assert_cmpstr (((PdLink *) links->pdata[0])->token, ==, ((PdLink *) links->pdata[2])->token);
  assert_counts (f->store, 2, 2, 2);
}

/* A failure anywhere in the transaction (here: the audit log refuses
 * the record) leaves neither the link nor its outbox entry. */
static void
test_one_transaction (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdLink) link = NULL;

  exec_ok (f->store, "CREATE TEMP TRIGGER refuse_audit BEFORE INSERT ON main.audit_log"
                     " BEGIN SELECT RAISE(ABORT, 'audit log refused'); END;");
  g_assert_false (pd_store_link_onboarding (f->store, "7001", NULL, NULL, NULL, FALSE, &link, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "audit log refused"));
  g_clear_error (&error);
  g_assert_false (pd_store_link_authorization (f->store, "SVC-1", "7001", 0, NULL, &link, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  assert_counts (f->store, 0, 0, 0);

  exec_ok (f->store, "DROP TRIGGER temp.refuse_audit;");
  g_assert_true (pd_store_link_onboarding (f->store, "7001", NULL, NULL, NULL, FALSE, &link, NULL, &error));
  g_assert_no_error (error);
  assert_counts (f->store, 1, 1, 1);

  /* A revocation whose outbox entry fails is not revoked either. */
  exec_ok (f->store, "CREATE TEMP TRIGGER refuse_outbox BEFORE INSERT ON main.outbox"
                     " BEGIN SELECT RAISE(ABORT, 'outbox refused'); END;");
  g_assert_false (pd_store_link_revoke (f->store, link->token, &error));
  g_assert_nonnull (strstr (error->message, "outbox refused"));
  g_clear_error (&error);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM links WHERE state = 'active'"), ==, 1);
  assert_counts (f->store, 1, 1, 1);

  /* The outbox refuses to be written outside a transaction. */
  exec_ok (f->store, "DROP TRIGGER temp.refuse_outbox;");
  g_assert_false (pd_outbox_enqueue_link_revoke (f->store, link->token, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  assert_counts (f->store, 1, 1, 1);
}

static void
test_revocation_rules (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdLink) a = NULL;
  g_autoptr(PdLink) b = NULL;
  g_autoptr(PdLink) c = NULL;
  g_autoptr(PdLink) used = NULL;
  g_autoptr(PdLink) replacement = NULL;
  g_autofree char *sql = NULL;
  gboolean created = FALSE;

  g_assert_false (pd_store_link_revoke (f->store, "NoSuchTokenNoSuchToken", &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "NoSuchTokenNoSuchToken"));
  g_clear_error (&error);

  g_assert_true (pd_store_link_onboarding (f->store, "7001", NULL, NULL, NULL, FALSE, &a, NULL, &error));
  g_assert_true (pd_store_link_onboarding (f->store, "7002", NULL, NULL, NULL, FALSE, &b, NULL, &error));
  g_assert_true (pd_store_link_authorization (f->store, "SVC-1", NULL, 0, NULL, &c, &error));
  g_assert_no_error (error);

  g_assert_true (pd_store_link_revoke (f->store, a->token, &error));
  g_assert_no_error (error);
  g_assert_false (pd_store_link_revoke (f->store, a->token, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "revoked already"));
  g_clear_error (&error);

  /* A store opened through b: b is used, with the store's time. */
  sql = g_strdup_printf ("INSERT INTO stores (store_id, seller_id, market, onboarded_at, via_link, via_token)"
                         " VALUES ('S-1', '7002', 'EU', 1767225600, '%s', '%s')", b->url, b->token);
  exec_ok (f->store, sql);
  used = pd_store_link_get (f->store, b->token, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (used->state, ==, "used");
  g_assert_cmpint (used->used_at, ==, 1767225600);
  g_assert_false (pd_store_link_revoke (f->store, b->token, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "used"));
  g_clear_error (&error);

  /* An expired link cannot be revoked; asking for the seller's link
   * then makes a new one. */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("UPDATE links SET expires_at = 1000 WHERE token = '%s'", c->token);
  exec_ok (f->store, sql);
  g_assert_false (pd_store_link_revoke (f->store, c->token, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "expired"));
  g_clear_error (&error);

  g_clear_pointer (&a, pd_link_free);
  g_assert_true (pd_store_link_onboarding (f->store, "7001", NULL, NULL, NULL, FALSE, &a, &created, &error));
  g_assert_true (created);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("UPDATE links SET expires_at = 1000 WHERE token = '%s'", a->token);
  exec_ok (f->store, sql);
  g_assert_true (pd_store_link_onboarding (f->store, "7001", NULL, NULL, NULL, FALSE, &replacement, &created, &error));
  g_assert_no_error (error);
  g_assert_true (created);
  g_assert_cmpstr (replacement->token, !=, a->token);

  /* One revocation in the outbox: a's. */
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM outbox WHERE path LIKE '%/revoke'"), ==, 1);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM audit_log WHERE action = 'link.revoke'"), ==, 1);
}

static void
test_authorization (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdLink) us = NULL;
  g_autoptr(PdLink) eu = NULL;
  g_autoptr(PdLink) anyone = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *expected = NULL;
  PdOutboxItem *item;
  JsonObject *body;

  g_assert_true (pd_store_link_authorization (f->store, "SVC 1", "7004", 30, "Li", &us, &error));
  g_assert_no_error (error);
  expected = g_strdup_printf ("https://services.tiktokshops.us/open/authorize?service_id=SVC%%201&state=%s", us->token);
  g_assert_cmpstr (us->url, ==, expected);
  g_assert_cmpstr (us->kind, ==, "authorization");
  g_assert_cmpstr (us->market, ==, "US");
  g_assert_cmpstr (us->service_id, ==, "SVC 1");
  g_assert_cmpstr (us->staff, ==, "Li");
  g_assert_true (pd_link_token_is_valid (us->token));

  g_assert_true (pd_store_link_authorization (f->store, "SVC-2", "7001", 0, NULL, &eu, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (eu->url, "https://services.tiktokshop.com/open/authorize?service_id=SVC-2&state="));
  g_assert_true (g_str_has_suffix (eu->url, eu->token));
  g_assert_true (pd_store_link_authorization (f->store, "SVC-2", NULL, 0, NULL, &anyone, &error));
  g_assert_null (anyone->seller_id);
  g_assert_cmpstr (anyone->token, !=, eu->token);
  g_clear_pointer (&anyone, pd_link_free);

  g_assert_false (pd_store_link_authorization (f->store, "", NULL, 0, NULL, &anyone, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pd_store_link_authorization (f->store, "SVC-2", NULL, 4000, NULL, &anyone, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  assert_counts (f->store, 3, 3, 3);

  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM links WHERE duration_days = 30"), ==, 1);
  outbox = pd_outbox_list (f->store, &error);
  g_assert_no_error (error);
  item = g_ptr_array_index (outbox, 0);
  g_assert_cmpstr (item->path, ==, "/v1/authorization-links");
  g_assert_cmpstr (item->subject_id, ==, us->token);
  g_assert_true (json_parser_load_from_data (parser, item->body, -1, &error));
  body = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (body, "service_id"), ==, "SVC 1");
  g_assert_cmpstr (json_object_get_string_member (body, "seller_id"), ==, "7004");
  g_assert_cmpstr (json_object_get_string_member (body, "state"), ==, us->token);
  g_assert_cmpint (json_object_get_int_member (body, "duration_days"), ==, 30);
  item = g_ptr_array_index (outbox, 1);
  g_assert_true (json_parser_load_from_data (parser, item->body, -1, &error));
  body = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (body, "duration_days"));
  g_assert_true (json_object_get_null_member (body, "duration_days"));
}

static void
test_seller_history_and_paging (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  PdLink *links[5] = { NULL };
  const char *states[] = { NULL, "active", "used", "expired", "revoked" };
  guint64 counts[G_N_ELEMENTS (states)];
  guint64 total = 0;

  g_assert_true (pd_store_link_onboarding (f->store, "7001", NULL, NULL, NULL, FALSE, &links[0], NULL, &error));
  g_assert_true (pd_store_link_authorization (f->store, "SVC-1", "7001", 0, NULL, &links[1], &error));
  g_assert_true (pd_store_link_onboarding (f->store, "7001", NULL, NULL, NULL, TRUE, &links[2], NULL, &error));
  g_assert_true (pd_store_link_onboarding (f->store, "7002", NULL, NULL, NULL, FALSE, &links[3], NULL, &error));
  g_assert_true (pd_store_link_authorization (f->store, "SVC-1", NULL, 0, NULL, &links[4], &error));
  g_assert_no_error (error);
  /* Distinct times, in creation order. */
  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE links SET created_at = %u WHERE token = '%s'",
                                              1000 + i, links[i]->token);
      exec_ok (f->store, sql);
    }
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE links SET expires_at = 5 WHERE token = '%s';"
                                            "INSERT INTO stores (store_id, seller_id, via_token)"
                                            " VALUES ('S-9', '7002', '%s')",
                                            links[1]->token, links[3]->token);
    exec_ok (f->store, sql);
  }

  history = pd_store_links_for_seller (f->store, "7001", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 3);
  g_assert_cmpstr (((PdLink *) history->pdata[0])->token, ==, links[2]->token);
  g_assert_cmpstr (((PdLink *) history->pdata[1])->token, ==, links[1]->token);
  g_assert_cmpstr (((PdLink *) history->pdata[1])->state, ==, "expired");
  g_assert_cmpstr (((PdLink *) history->pdata[2])->token, ==, links[0]->token);
  g_assert_cmpstr (((PdLink *) history->pdata[2])->state, ==, "revoked");

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_assert_true (pd_store_links_count (f->store, states[i], &counts[i], &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (counts[0], ==, 5);
  g_assert_cmpuint (counts[1], ==, 2);   /* links[2], links[4] */
  g_assert_cmpuint (counts[2], ==, 1);   /* links[3] */
  g_assert_cmpuint (counts[3], ==, 1);   /* links[1] */
  g_assert_cmpuint (counts[4], ==, 1);   /* links[0] */
  g_assert_false (pd_store_links_count (f->store, "lost", &total, &error));
  g_assert_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Pages of 2 cover every link once, newest first. */
  for (guint64 offset = 0; offset < 6; offset += 2)
    {
      g_autoptr(GPtrArray) page = pd_store_links_page (f->store, NULL, offset, 2, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (page->len, ==, offset < 4 ? 2 : 1);
      for (guint i = 0; i < page->len; i++)
        {
          PdLink *link = page->pdata[i];

          g_assert_cmpstr (link->token, ==, links[4 - offset - i]->token);
          g_assert_false (g_hash_table_contains (seen, link->token));
          g_hash_table_add (seen, g_strdup (link->token));
        }
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 5);
  all = pd_store_links_page (f->store, "active", 0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpstr (((PdLink *) all->pdata[0])->token, ==, links[4]->token);

  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    pd_link_free (links[i]);
}

/* 100,000 links made through the store, in one bulk transaction: every
 * token is well formed and distinct, each with its outbox entry and
 * audit record. */
static void
test_uniqueness_100000 (Fixture       *f,
                        gconstpointer  data)
{
  const guint n = g_getenv ("PD_TEST_N") ? atoi (g_getenv ("PD_TEST_N")) : 100000;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GHashTable) tokens = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) sellers = g_new0 (char *, n + 1);
  g_autofree char *sql = NULL;
  gint64 start;

  sql = g_strdup_printf ("WITH RECURSIVE seq (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < %u)"
                         " INSERT INTO target_merchants (program_id, seller_id, seller_name, market, listed_at)"
                         " SELECT '" PROGRAM "', 'B' || i, 'Bulk ' || i, 'EU', 0 FROM seq", n);
  exec_ok (f->store, sql);
  for (guint i = 0; i < n; i++)
    sellers[i] = g_strdup_printf ("B%u", i + 1);

  start = g_get_monotonic_time ();
  links = pd_store_link_onboarding_bulk (f->store, (const char * const *) sellers, NULL, "bulk", &error);
  g_assert_no_error (error);
  g_test_message ("%u links in %.2f s", n, (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpuint (links->len, ==, n);

  for (guint i = 0; i < n; i++)
    {
      PdLink *link = links->pdata[i];

      g_assert_cmpstr (link->seller_id, ==, sellers[i]);
      g_assert_cmpuint (strlen (link->token), ==, PD_LINK_TOKEN_LENGTH);
      g_assert_true (pd_link_token_is_valid (link->token));
      g_assert_true (g_str_has_suffix (link->url, "#apply"));
      g_assert_false (g_hash_table_contains (tokens, link->token));
      g_hash_table_add (tokens, link->token);
    }
  g_assert_cmpuint (g_hash_table_size (tokens), ==, n);

  g_assert_cmpint (query_int (f->store, "SELECT count(DISTINCT token) FROM links"), ==, n);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM links WHERE length (token) <> 22"
                                        " OR token GLOB '*[^A-Za-z0-9_-]*'"), ==, 0);
  g_assert_cmpint (query_int (f->store, "SELECT count(DISTINCT url) FROM links"), ==, n);
  g_assert_cmpint (query_int (f->store, "SELECT count(DISTINCT subject_id) FROM outbox"), ==, n);
  g_assert_cmpint (query_int (f->store, "SELECT count(DISTINCT idempotency_key) FROM outbox"), ==, n);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM audit_log WHERE action = 'link.create'"), ==, n);
}

/* The staff name set in Preferences (or `config set staff_name`) is who
 * a new link, its outbox entry (the platform keeps it), a note and the
 * audit credit; the login name only while none is set. */
static void
test_staff_name (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdLink) link = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *user = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *staff = NULL;
  g_autofree char *sent = NULL;

  staff = pd_store_dup_staff_name (f->store);
  g_assert_cmpstr (staff, ==, "tester");

  g_assert_true (pd_store_set_setting (f->store, "staff_name", "  李伟 Li Wei ", &error));
  g_assert_no_error (error);
  g_clear_pointer (&staff, g_free);
  staff = pd_store_dup_staff_name (f->store);
  g_assert_cmpstr (staff, ==, "李伟 Li Wei");

  g_assert_true (pd_store_link_onboarding (f->store, "7001", NULL, NULL, NULL, FALSE, &link, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (link->staff, ==, "李伟 Li Wei");
  sent = query_text (f->store, "SELECT body FROM outbox WHERE path = '/v1/links'");
  body = json_from_string (sent, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "staff"), ==, "李伟 Li Wei");
  user = query_text (f->store, "SELECT user FROM audit_log WHERE action = 'link.create'");
  g_assert_cmpstr (user, ==, "李伟 Li Wei");

  g_assert_true (pd_merchant_notes_append (f->store, (const char * const[]) { "7001", NULL },
                                           "Called about the EU store", 1796600000, &error));
  g_assert_no_error (error);
  notes = query_text (f->store, "SELECT notes FROM merchant_notes WHERE seller_id = '7001'");
  g_assert_nonnull (strstr (notes, " 李伟 Li Wei: Called about the EU store"));

  /* A name on two lines is refused, and nothing changes. */
  g_assert_false (pd_store_set_setting (f->store, "staff_name", "Li\nWei", &error));
  g_assert_error (error, PD_CONFIG_ERROR, PD_CONFIG_ERROR_INVALID_VALUE);
  g_clear_pointer (&staff, g_free);
  staff = pd_store_dup_staff_name (f->store);
  g_assert_cmpstr (staff, ==, "李伟 Li Wei");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/store-links/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("onboarding-reuse-and-new", test_onboarding_reuse_and_new);
  ADD ("onboarding-program-and-market", test_onboarding_program_and_market);
  ADD ("no-base-link-writes-nothing", test_no_base_link_writes_nothing);
  ADD ("one-transaction", test_one_transaction);
  ADD ("revocation-rules", test_revocation_rules);
  ADD ("authorization", test_authorization);
  ADD ("seller-history-and-paging", test_seller_history_and_paging);
  ADD ("uniqueness-100000", test_uniqueness_100000);
  ADD ("staff-name", test_staff_name);
#undef ADD

  return g_test_run ();
}
