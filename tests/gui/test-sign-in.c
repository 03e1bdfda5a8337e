/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sign-in"

#include "config.h"

#include <string.h>

#include "gui-test-utils.h"
#include "pd-preferences-window.h"
#include "pd-sign-in-dialog.h"
#include "pd-sync-controller-private.h"
#include "sync-test-utils.h"

/* Preferences → Platform → Sign In…: the app key and secret get the
 * tokens from the built partnerdesk-sandbox (POST /v1/auth/token), all
 * four go to the keyring (an unlocked gnome-keyring-daemon:
 * tests/sync/keyring-session.sh), the address becomes the endpoint. A
 * wrong secret says so in the dialog and saves nothing. And a demo
 * session's Preferences say that it syncs with the sandbox. */

typedef struct
{
  Sandbox        *sandbox;
  PdContext      *context;
  PdSignInDialog *dialog;
  char           *signed_in;
} Fixture;

static void
on_signed_in_cb (PdSignInDialog *dialog,
                 const char     *endpoint,
                 Fixture        *f)
{
  g_free (f->signed_in);
  f->signed_in = g_strdup (endpoint);
}

static void
fixture_init (Fixture *f)
{
  f->sandbox = sandbox_start ("--seed", "empty", NULL);
  f->context = gui_test_context_new ();
  f->dialog = PD_SIGN_IN_DIALOG (pd_sign_in_dialog_new (NULL, f->context));
  g_object_add_weak_pointer (G_OBJECT (f->dialog), (gpointer *) &f->dialog);
  g_signal_connect (f->dialog, "signed-in", G_CALLBACK (on_signed_in_cb), f);
  gtk_window_present (GTK_WINDOW (f->dialog));
  pd_test_wait_until (gui_test_is_mapped, f->dialog, 5000);
}

static void
fixture_clear (Fixture *f)
{
  if (f->dialog != NULL)
    gui_test_destroy_window (GTK_WINDOW (f->dialog));
  gui_test_context_free (f->context);
  g_clear_pointer (&f->sandbox, sandbox_stop);
  g_clear_pointer (&f->signed_in, g_free);
}

static GtkWidget *
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->dialog), PD_TYPE_SIGN_IN_DIALOG, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static void
fill_and_sign_in (Fixture    *f,
                  const char *secret)
{
  gtk_editable_set_text (GTK_EDITABLE (child (f, "endpoint_row")), f->sandbox->endpoint);
  gtk_editable_set_text (GTK_EDITABLE (child (f, "app_key_row")), f->sandbox->credentials->app_key);
  gtk_editable_set_text (GTK_EDITABLE (child (f, "app_secret_row")), secret);
  g_signal_emit_by_name (child (f, "sign_in_button"), "clicked");
}

static gboolean
dialog_closed (gpointer data)
{
  Fixture *f = data;

  return f->signed_in != NULL && (f->dialog == NULL || !gtk_widget_get_visible (GTK_WIDGET (f->dialog)));
}

static gboolean
idle_again (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_sensitive (child (f, "sign_in_button"));
}

static void
test_sign_in (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCredentials) saved = NULL;
  g_autofree char *endpoint = NULL;

  GUI_TEST_REQUIRE_DISPLAY ();
  if (g_getenv ("PARTNERDESK_TEST_KEYRING") == NULL)
    {
      g_test_skip ("no keyring session (tests/sync/keyring-session.sh)");
      return;
    }

  fixture_init (&f);
  fill_and_sign_in (&f, f.sandbox->credentials->app_secret);
  pd_test_wait_until (dialog_closed, &f, 30000);
  g_assert_cmpstr (f.signed_in, ==, f.sandbox->endpoint);

  /* The four credentials, the tokens the platform's. */
  saved = pd_credentials_load_sync (f.sandbox->endpoint, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pd_credentials_is_complete (saved));
  g_assert_cmpstr (saved->app_key, ==, f.sandbox->credentials->app_key);
  g_assert_cmpstr (saved->app_secret, ==, f.sandbox->credentials->app_secret);
  g_assert_cmpstr (saved->access_token, ==, f.sandbox->credentials->access_token);
  g_assert_cmpstr (saved->refresh_token, ==, f.sandbox->credentials->refresh_token);
  /* The address is the endpoint now. */
  endpoint = pd_store_dup_setting (pd_context_get_store (f.context), "endpoint", &error);
  g_assert_cmpstr (endpoint, ==, f.sandbox->endpoint);

  fixture_clear (&f);
}

static void
test_wrong_secret (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCredentials) saved = NULL;
  g_autofree char *endpoint = NULL;

  GUI_TEST_REQUIRE_DISPLAY ();

  fixture_init (&f);
  fill_and_sign_in (&f, "not-the-secret");
  g_assert_false (gtk_widget_get_sensitive (child (&f, "sign_in_button")));
  pd_test_wait_until (idle_again, &f, 30000);

  g_assert_nonnull (f.dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f.dialog)));
  g_assert_null (f.signed_in);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (&f, "status_label"))), ==,
                   "The platform refused the app secret: check it and try again.");
  g_assert_true (gtk_widget_has_css_class (child (&f, "status_label"), "error"));
  /* Nothing saved: neither the endpoint nor (with a keyring) the keys. */
  endpoint = pd_store_dup_setting (pd_context_get_store (f.context), "endpoint", &error);
  g_assert_cmpstr (endpoint, ==, "");
  if (g_getenv ("PARTNERDESK_TEST_KEYRING") != NULL)
    {
      saved = pd_credentials_load_sync (f.sandbox->endpoint, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (saved == NULL || !pd_credentials_is_complete (saved));
    }

  /* An address that is not one is refused before anything is sent. */
  gtk_editable_set_text (GTK_EDITABLE (child (&f, "endpoint_row")), "platform dot example");
  g_signal_emit_by_name (child (&f, "sign_in_button"), "clicked");
  g_assert_true (gtk_widget_get_sensitive (child (&f, "sign_in_button")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (&f, "status_label"))), "endpoint"));

  fixture_clear (&f);
}

/* ./run's session: the endpoint row cannot be edited (it would be saved
 * and ignored) and the group says where this session syncs. */
static void
test_demo_session_said (void)
{
  g_autoptr(PdSyncController) controller = NULL;
  g_autoptr(PdCredentials) credentials = pd_credentials_new ();
  PdContext *context;
  GtkWidget *window;
  GtkWidget *endpoint_row;
  AdwPreferencesGroup *group;

  GUI_TEST_REQUIRE_DISPLAY ();

  context = gui_test_context_new ();
  credentials->app_key = g_strdup ("key");
  credentials->app_secret = g_strdup ("secret");
  credentials->access_token = g_strdup ("TTP_a");
  credentials->refresh_token = g_strdup ("TTR_r");
  controller = pd_sync_controller_new (context);
  pd_sync_controller_set_override (controller, "http://127.0.0.1:41234", credentials);
  pd_context_set_sync_controller (context, controller);

  window = pd_preferences_window_new (NULL, context);
  gtk_window_present (GTK_WINDOW (window));
  endpoint_row = GTK_WIDGET (gtk_widget_get_template_child (window, PD_TYPE_PREFERENCES_WINDOW, "endpoint_row"));
  group = ADW_PREFERENCES_GROUP (gtk_widget_get_template_child (window, PD_TYPE_PREFERENCES_WINDOW,
                                                                "connection_group"));
  g_assert_false (gtk_widget_get_sensitive (endpoint_row));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (group),
                            "This demo session syncs with the sandbox at http://127.0.0.1:41234"));

  gui_test_destroy_window (GTK_WINDOW (window));
  pd_context_set_sync_controller (context, NULL);
  pd_sync_controller_shutdown (controller);
  gui_test_context_free (context);
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

  gui_test_init (&argc, &argv);
  sync_test_init (argc, argv);

  g_test_add_func ("/sign-in/good-secret", test_sign_in);
  g_test_add_func ("/sign-in/wrong-secret", test_wrong_secret);
  g_test_add_func ("/sign-in/demo-session-said", test_demo_session_said);

  return gui_test_run ();
}
