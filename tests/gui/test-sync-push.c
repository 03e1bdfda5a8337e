/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-push"

#include "config.h"

#include <string.h>

#include "pd-outbox.h"
#include "pd-store-links.h"
#include "pd-sync-controller-private.h"
#include "sync-test-utils.h"
#include "tests/pd-test-wait.h"

/* A local change reaches the platform at once: the controller pushes
 * the outbox right after it (debounced), with no periodic sync (the
 * interval is 0), against the built partnerdesk-sandbox on loopback. */

typedef struct
{
  Sandbox          *sandbox;
  char             *dir;
  PdContext        *context;
  PdSyncController *controller;
  guint             finished;
  const char       *token;         /* the link waited for on the sandbox */
} Fixture;

static void
on_finished_cb (PdSyncController *controller,
                Fixture          *f)
{
  f->finished++;
}

static gboolean
is_idle_after_first_run (gpointer data)
{
  Fixture *f = data;

  return f->finished >= 1 && !pd_sync_controller_is_running (f->controller);
}

/* The demo synced once; then only local changes make it talk. */
static void
fixture_init (Fixture *f)
{
  g_autoptr(PdStore) store = test_store_new (&f->dir);
  g_autoptr(GError) error = NULL;

  f->sandbox = sandbox_start ("--seed", "demo", NULL);
  f->context = pd_context_new (store);
  f->controller = pd_sync_controller_new (f->context);
  pd_sync_controller_set_override (f->controller, f->sandbox->endpoint, f->sandbox->credentials);
  pd_sync_controller_set_delay_scale (f->controller, 0.01);
  g_assert_true (pd_store_set_setting (store, "sync_interval_minutes", "0", &error));
  g_assert_no_error (error);
  g_signal_connect (f->controller, "finished", G_CALLBACK (on_finished_cb), f);

  pd_sync_controller_start (f->controller);
  pd_test_wait_until (is_idle_after_first_run, f, 30000);
  g_assert_cmpint (pd_sync_controller_get_status (f->controller), ==, PD_SYNC_STATUS_IDLE);
  g_assert_cmpuint (pd_sync_controller_get_runs (f->controller), ==, 1);
  g_assert_cmpuint (pd_sync_controller_get_pushes (f->controller), ==, 0);
}

static void
fixture_clear (Fixture *f)
{
  pd_sync_controller_shutdown (f->controller);
  g_clear_object (&f->controller);
  g_clear_object (&f->context);
  g_clear_pointer (&f->sandbox, sandbox_stop);
  test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static PdStore *
get_store (Fixture *f)
{
  return pd_context_get_store (f->context);
}

/* Approved sellers of the current program with no link yet. */
static GStrv
sellers_without_link (Fixture *f,
                      guint    n)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT seller_id FROM target_merchants t"
                                              " WHERE review_status = 'approved' AND left_at IS NULL"
                                              " AND program_id LIKE 'eu-jp-pop-partner-%%'"
                                              " AND program_id != 'eu-jp-pop-partner-2026q1'"
                                              " AND NOT EXISTS (SELECT 1 FROM links l WHERE l.seller_id = t.seller_id)"
                                              " ORDER BY seller_id LIMIT 1 OFFSET %u", i);

      g_autofree char *seller_id = test_store_text (get_store (f), sql);

      g_strv_builder_add (builder, seller_id);
    }
  return g_strv_builder_end (builder);
}

static char *
new_link (Fixture    *f,
          const char *seller_id)
{
  g_autoptr(PdLink) link = NULL;
  g_autoptr(GError) error = NULL;
  gboolean created = FALSE;

  g_assert_true (pd_store_link_onboarding (get_store (f), seller_id, NULL, NULL, "Li Wei", FALSE,
                                           &link, &created, &error));
  g_assert_no_error (error);
  g_assert_true (created);
  return g_strdup (link->token);
}

/* The link's data on the sandbox, or NULL. */
static JsonObject *
sandbox_link (Fixture    *f,
              const char *token)
{
  g_autoptr(JsonArray) links = sandbox_objects (f->sandbox, "link");

  for (guint i = 0; i < json_array_get_length (links); i++)
    {
      JsonObject *object = json_array_get_object_element (links, i);

      if (g_strcmp0 (json_object_get_string_member (object, "id"), token) == 0)
        return json_object_ref (json_object_get_object_member (object, "data"));
    }
  return NULL;
}

static gboolean
sandbox_has_link (Fixture    *f,
                  const char *token)
{
  g_autoptr(JsonObject) link = sandbox_link (f, token);

  return link != NULL;
}

static gboolean
link_on_sandbox (gpointer data)
{
  Fixture *f = data;

  return sandbox_has_link (f, f->token);
}

static gboolean
pushed_and_idle (gpointer data)
{
  Fixture *f = data;

  return pd_sync_controller_get_pushes (f->controller) >= 1 &&
         !pd_sync_controller_is_running (f->controller);
}

static gboolean
link_revoked_on_sandbox (gpointer data)
{
  Fixture *f = data;
  g_autoptr(JsonObject) link = sandbox_link (f, f->token);

  return link != NULL && g_strcmp0 (json_object_get_string_member (link, "state"), "revoked") == 0;
}

static gboolean
pushed_twice_and_idle (gpointer data)
{
  Fixture *f = data;

  return pd_sync_controller_get_pushes (f->controller) >= 2 &&
         !pd_sync_controller_is_running (f->controller) &&
         pd_sync_controller_get_waiting (f->controller) == 0;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* A new link is on the platform within seconds, with no sync run; the
 * link keeps the time the user made it, not the platform's (its clock
 * is an hour ahead here), and the controller says it was sent. */
static void
test_new_link_pushed (void)
{
  Fixture f = { 0 };
  g_auto(GStrv) sellers = NULL;
  g_autofree char *token = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *created_before = NULL;
  g_autofree char *created_after = NULL;

  fixture_init (&f);
  sandbox_advance_clock (f.sandbox, 3600);
  sellers = sellers_without_link (&f, 1);
  token = new_link (&f, sellers[0]);
  sql = g_strdup_printf ("SELECT created_at FROM links WHERE token = '%s'", token);
  created_before = test_store_text (get_store (&f), sql);
  g_assert_cmpuint (pd_sync_controller_get_waiting (f.controller), >=, 1);

  f.token = token;
  pd_test_wait_until (link_on_sandbox, &f, 3000);
  pd_test_wait_until (pushed_and_idle, &f, 3000);

  g_assert_cmpuint (pd_sync_controller_get_runs (f.controller), ==, 1);
  g_assert_cmpuint (pd_sync_controller_get_pushes (f.controller), ==, 1);
  g_assert_cmpint (pd_sync_controller_get_status (f.controller), ==, PD_SYNC_STATUS_IDLE);
  /* Credited to the staff member who made it, on the platform too. */
  {
    g_autoptr(JsonObject) link = sandbox_link (&f, token);

    g_assert_cmpstr (json_object_get_string_member (link, "staff"), ==, "Li Wei");
  }
  g_assert_cmpuint (pd_sync_controller_get_waiting (f.controller), ==, 0);
  g_assert_cmpint (pd_sync_controller_get_sent_at (f.controller), >, 0);
  g_assert_cmpint (test_store_count (get_store (&f), "SELECT count(*) FROM outbox"), ==, 0);

  /* The platform's answer was applied (its version), its time was not. */
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM links WHERE token = '%s' AND version > 0", token);
  g_assert_cmpint (test_store_count (get_store (&f), sql), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT created_at FROM links WHERE token = '%s'", token);
  created_after = test_store_text (get_store (&f), sql);
  g_assert_cmpstr (created_after, ==, created_before);

  /* Revoked: on the platform at once too, and revoked when the user
   * revoked it, not when the platform says. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *revoked_before = NULL;
    g_autofree char *revoked_after = NULL;

    g_assert_true (pd_store_link_revoke (get_store (&f), token, &error));
    g_assert_no_error (error);
    g_free (sql);
    sql = g_strdup_printf ("SELECT revoked_at FROM links WHERE token = '%s'", token);
    revoked_before = test_store_text (get_store (&f), sql);
    pd_test_wait_until (link_revoked_on_sandbox, &f, 3000);
    pd_test_wait_until (pushed_twice_and_idle, &f, 3000);
    revoked_after = test_store_text (get_store (&f), sql);
    g_assert_cmpstr (revoked_after, ==, revoked_before);
    g_assert_cmpuint (pd_sync_controller_get_runs (f.controller), ==, 1);
  }

  fixture_clear (&f);
}

/* The platform cannot be reached: the entry stays, and the controller
 * says it is offline with one change waiting. */
static void
test_offline_push_keeps_entry (void)
{
  Fixture f = { 0 };
  g_auto(GStrv) sellers = NULL;
  g_autofree char *token = NULL;
  g_autofree char *last_error = NULL;

  fixture_init (&f);
  g_clear_pointer (&f.sandbox, sandbox_stop);
  sellers = sellers_without_link (&f, 1);
  token = new_link (&f, sellers[0]);

  pd_test_wait_until (pushed_and_idle, &f, 60000);
  g_assert_cmpint (pd_sync_controller_get_status (f.controller), ==, PD_SYNC_STATUS_OFFLINE);
  g_assert_error (pd_sync_controller_get_error (f.controller), PD_SYNC_ERROR, PD_SYNC_ERROR_NETWORK);
  g_assert_cmpuint (pd_sync_controller_get_waiting (f.controller), ==, 1);
  g_assert_cmpint (pd_sync_controller_get_sent_at (f.controller), ==, 0);
  g_assert_cmpuint (pd_sync_controller_get_runs (f.controller), ==, 1);
  g_assert_cmpint (test_store_count (get_store (&f), "SELECT count(*) FROM outbox WHERE state = 'pending'"),
                   ==, 1);
  last_error = test_store_text (get_store (&f), "SELECT last_error FROM outbox");
  g_assert_nonnull (last_error);
  g_assert_cmpstr (last_error, !=, "");

  fixture_clear (&f);
}

/* Three links made in a burst go out in one push. */
static void
test_burst_pushed_once (void)
{
  Fixture f = { 0 };
  g_auto(GStrv) sellers = NULL;
  char *tokens[3] = { NULL };

  fixture_init (&f);
  sellers = sellers_without_link (&f, 3);
  for (guint i = 0; i < 3; i++)
    tokens[i] = new_link (&f, sellers[i]);
  g_assert_cmpuint (pd_sync_controller_get_pushes (f.controller), ==, 0);

  pd_test_wait_until (pushed_and_idle, &f, 5000);
  /* Nothing more comes after it. */
  pd_test_spin_until (never, NULL, 1500);

  g_assert_cmpuint (pd_sync_controller_get_pushes (f.controller), ==, 1);
  g_assert_cmpuint (pd_sync_controller_get_runs (f.controller), ==, 1);
  g_assert_cmpuint (pd_sync_controller_get_waiting (f.controller), ==, 0);
  for (guint i = 0; i < 3; i++)
    g_assert_true (sandbox_has_link (&f, tokens[i]));
  for (guint i = 0; i < 3; i++)
    g_free (tokens[i]);

  fixture_clear (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_unsetenv ("PD_ENDPOINT");
  g_unsetenv ("PD_APP_KEY");
  g_unsetenv ("PD_APP_SECRET");
  g_unsetenv ("PD_ACCESS_TOKEN");
  g_unsetenv ("PD_REFRESH_TOKEN");

  g_test_init (&argc, &argv, NULL);
  sync_test_init (argc, argv);

  g_test_add_func ("/sync-push/new-link", test_new_link_pushed);
  g_test_add_func ("/sync-push/offline-keeps-entry", test_offline_push_keeps_entry);
  g_test_add_func ("/sync-push/burst-pushed-once", test_burst_pushed_once);

  return g_test_run ();
}
