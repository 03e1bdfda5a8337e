/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-preferences"

#include "config.h"

#include <string.h>

#include "gui-test-utils.h"
#include "pd-preferences-window.h"
#include "pd-store-entries.h"

/* Preferences write through pd_store_set_setting(): a refused value marks
 * the row and leaves the store alone, an accepted one is in the store. */

typedef struct
{
  PdContext *context;
  GtkWidget *prefs;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  if (!gui_test_has_display ())
    return;
  fixture->context = gui_test_context_new ();
  fixture->prefs = pd_preferences_window_new (NULL, fixture->context);
  gtk_window_present (GTK_WINDOW (fixture->prefs));
  pd_test_wait_until (gui_test_is_mapped, fixture->prefs, 5000);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->prefs != NULL)
    gui_test_destroy_window (GTK_WINDOW (fixture->prefs));
  gui_test_context_free (fixture->context);
}

static GtkWidget *
get_child (Fixture    *fixture,
           const char *name)
{
  GObject *child = gtk_widget_get_template_child (fixture->prefs, PD_TYPE_PREFERENCES_WINDOW, name);

  if (child == NULL)
    g_error ("The preferences window has no template child “%s”", name);
  return GTK_WIDGET (child);
}

static char *
dup_setting (Fixture    *fixture,
             const char *key)
{
  g_autoptr(GError) error = NULL;
  char *value = pd_store_dup_setting (pd_context_get_store (fixture->context), key, &error);

  g_assert_no_error (error);
  return value;
}

static void
apply (GtkWidget  *row,
       const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
}

static void
test_endpoint (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *row;
  g_autofree char *value = NULL;

  GUI_TEST_REQUIRE_DISPLAY ();

  row = get_child (fixture, "endpoint_row");
  g_assert_true (ADW_IS_ENTRY_ROW (row));
  g_assert_true (adw_entry_row_get_show_apply_button (ADW_ENTRY_ROW (row)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");

  /* Not a URL. */
  apply (row, "not a url");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  value = dup_setting (fixture, "endpoint");
  g_assert_cmpstr (value, ==, "");
  g_clear_pointer (&value, g_free);

  /* Plain http is only for loopback. */
  apply (row, "http://partner.example.com");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  value = dup_setting (fixture, "endpoint");
  g_assert_cmpstr (value, ==, "");
  g_clear_pointer (&value, g_free);

  /* Accepted, normalized (no trailing slash), and the mark goes away. */
  apply (row, "https://partner.example.com/");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  value = dup_setting (fixture, "endpoint");
  g_assert_cmpstr (value, ==, "https://partner.example.com");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "https://partner.example.com");
  g_clear_pointer (&value, g_free);

  /* A refused value after a good one keeps the good one. */
  apply (row, "ftp://partner.example.com");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  value = dup_setting (fixture, "endpoint");
  g_assert_cmpstr (value, ==, "https://partner.example.com");
  g_clear_pointer (&value, g_free);

  /* Typing again clears the mark. */
  gtk_editable_set_text (GTK_EDITABLE (row), "https://");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
}

static void
test_partner_id_and_timezone (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkWidget *partner_id;
  GtkWidget *timezone;
  g_autofree char *value = NULL;

  GUI_TEST_REQUIRE_DISPLAY ();

  partner_id = get_child (fixture, "partner_id_row");
  apply (partner_id, "has spaces");
  g_assert_true (gtk_widget_has_css_class (partner_id, "error"));
  value = dup_setting (fixture, "partner_id");
  g_assert_cmpstr (value, ==, "");
  g_clear_pointer (&value, g_free);

  apply (partner_id, "7495112233");
  g_assert_false (gtk_widget_has_css_class (partner_id, "error"));
  value = dup_setting (fixture, "partner_id");
  g_assert_cmpstr (value, ==, "7495112233");
  g_clear_pointer (&value, g_free);

  timezone = get_child (fixture, "import_timezone_row");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (timezone)), ==, "Asia/Shanghai");
  apply (timezone, "Mars/Olympus_Mons");
  g_assert_true (gtk_widget_has_css_class (timezone, "error"));
  value = dup_setting (fixture, "import_timezone");
  g_assert_cmpstr (value, ==, "Asia/Shanghai");
  g_clear_pointer (&value, g_free);

  apply (timezone, "Europe/Berlin");
  g_assert_false (gtk_widget_has_css_class (timezone, "error"));
  value = dup_setting (fixture, "import_timezone");
  g_assert_cmpstr (value, ==, "Europe/Berlin");
}

/* Issue 17: the Open API service id is a setting like the partner id;
 * the app's key and secret are keyring fields (no keyring here: the
 * save button is offered once they are typed, nothing goes to the
 * store). */
static void
test_open_api (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *service, *key, *button;
  g_autofree char *value = NULL;

  GUI_TEST_REQUIRE_DISPLAY ();

  service = get_child (fixture, "open_api_service_row");
  apply (service, "70 12");
  g_assert_true (gtk_widget_has_css_class (service, "error"));
  apply (service, "7012345678901234567");
  g_assert_false (gtk_widget_has_css_class (service, "error"));
  value = dup_setting (fixture, "open_api.service_id");
  g_assert_cmpstr (value, ==, "7012345678901234567");

  key = get_child (fixture, "open_api_key_row");
  button = get_child (fixture, "save_open_api_button");
  gtk_editable_set_text (GTK_EDITABLE (key), "oa-key");
  g_assert_true (gtk_widget_get_sensitive (button));
}

/* Your Name: the staff_name setting that links, notes and the audit
 * credit; a name on two lines is refused and marked. */
static void
test_staff_name (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *row;
  g_autofree char *value = NULL;

  GUI_TEST_REQUIRE_DISPLAY ();

  row = get_child (fixture, "staff_name_row");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");
  apply (row, "Li\nWei");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  value = dup_setting (fixture, "staff_name");
  g_assert_cmpstr (value, ==, "");
  g_clear_pointer (&value, g_free);

  apply (row, " 李伟 Li Wei ");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  value = dup_setting (fixture, "staff_name");
  g_assert_cmpstr (value, ==, "李伟 Li Wei");
  /* Shown as saved. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "李伟 Li Wei");
}

typedef struct
{
  Fixture    *fixture;
  const char *expected;
} WaitSetting;

static gboolean
setting_is (gpointer data)
{
  WaitSetting *wait = data;
  g_autofree char *value = dup_setting (wait->fixture, "sync_interval_minutes");

  return g_strcmp0 (value, wait->expected) == 0;
}

static void
test_sync_interval (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkSpinButton *spin;
  WaitSetting wait = { fixture, NULL };
  g_autofree char *value = NULL;

  GUI_TEST_REQUIRE_DISPLAY ();

  spin = GTK_SPIN_BUTTON (get_child (fixture, "sync_interval_spin"));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 15);

  /* Saved a moment after the last change. */
  gtk_spin_button_set_value (spin, 30);
  wait.expected = "30";
  pd_test_wait_until (setting_is, &wait, 5000);

  /* 0 means never. */
  gtk_spin_button_set_value (spin, 0);
  wait.expected = "0";
  pd_test_wait_until (setting_is, &wait, 5000);

  /* A change still pending when the window closes is saved, not lost. */
  gtk_spin_button_set_value (spin, 45);
  gui_test_destroy_window (GTK_WINDOW (fixture->prefs));
  fixture->prefs = NULL;
  value = dup_setting (fixture, "sync_interval_minutes");
  g_assert_cmpstr (value, ==, "45");
}

/* Stage rates: percent on screen, basis points in the store. */

static gboolean
spin_has_value (GtkWidget *widget,
                gpointer   data)
{
  return gtk_spin_button_get_value (GTK_SPIN_BUTTON (widget)) == *(const double *) data;
}

typedef struct
{
  Fixture *fixture;
  PdStage  stage;
  guint    expected_bp;
} WaitRate;

static gboolean
rate_is (gpointer data)
{
  WaitRate *wait = data;
  g_autoptr(GError) error = NULL;
  guint rate_bp[PD_N_STAGES];

  g_assert_true (pd_store_get_stage_rates (pd_context_get_store (wait->fixture->context), rate_bp, &error));
  g_assert_no_error (error);
  return rate_bp[wait->stage] == wait->expected_bp;
}

static void
test_stage_rates (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *group;
  GtkWidget *first_sale, *sales_met;
  double fifty = 50.0, eighty = 80.0;
  WaitRate wait = { fixture, PD_STAGE_FIRST_SALE, 6250 };

  GUI_TEST_REQUIRE_DISPLAY ();

  /* The migration's defaults are shown as percentages. */
  group = get_child (fixture, "stage_rates_group");
  first_sale = gui_test_find_widget (group, GTK_TYPE_SPIN_BUTTON, spin_has_value, &fifty);
  sales_met = gui_test_find_widget (group, GTK_TYPE_SPIN_BUTTON, spin_has_value, &eighty);
  g_assert_nonnull (first_sale);
  g_assert_nonnull (sales_met);
  /* Wide enough for "100.00": by default GTK cut "10.00" to "10.0". */
  g_assert_cmpint (gtk_editable_get_width_chars (GTK_EDITABLE (first_sale)), >=, 6);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (first_sale), 62.5);
  pd_test_wait_until (rate_is, &wait, 5000);

  /* Pending when the window closes: saved, not lost. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sales_met), 91.25);
  gui_test_destroy_window (GTK_WINDOW (fixture->prefs));
  fixture->prefs = NULL;
  wait.stage = PD_STAGE_SALES_MET;
  wait.expected_bp = 9125;
  g_assert_true (rate_is (&wait));
  wait.stage = PD_STAGE_INVITED;
  wait.expected_bp = 1000;
  g_assert_true (rate_is (&wait));
}

static gboolean
row_has_key (GtkWidget *widget,
             gpointer   data)
{
  return g_strcmp0 (g_object_get_data (G_OBJECT (widget), "pd-config-key"), data) == 0;
}

static GtkWidget *
find_market_row (Fixture    *fixture,
                 const char *market)
{
  g_autofree char *key = g_strconcat ("onboarding_base_url.", market, NULL);

  return gui_test_find_widget (get_child (fixture, "markets_group"), ADW_TYPE_ENTRY_ROW,
                               row_has_key, key);
}

static void
test_markets (Fixture       *fixture,
              gconstpointer  data)
{
  GtkWidget *add_row;
  GtkWidget *uk;
  GtkWidget *eu;
  g_autofree char *value = NULL;

  GUI_TEST_REQUIRE_DISPLAY ();

  /* The bundled programs' markets, one row each. */
  g_assert_nonnull (find_market_row (fixture, "EU"));
  g_assert_nonnull (find_market_row (fixture, "JP"));
  g_assert_nonnull (find_market_row (fixture, "US"));
  g_assert_null (find_market_row (fixture, "UK"));

  add_row = get_child (fixture, "add_market_row");
  apply (add_row, "U");
  g_assert_true (gtk_widget_has_css_class (add_row, "error"));
  g_assert_null (find_market_row (fixture, "U"));
  apply (add_row, "U K");
  g_assert_true (gtk_widget_has_css_class (add_row, "error"));

  /* Lower case is taken as the code it means. */
  apply (add_row, "uk");
  g_assert_false (gtk_widget_has_css_class (add_row, "error"));
  uk = find_market_row (fixture, "UK");
  g_assert_nonnull (uk);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (add_row)), ==, "");

  /* Adding it again does not add a second row. */
  apply (add_row, "UK");
  g_assert_true (find_market_row (fixture, "UK") == uk);

  apply (uk, "http://seller.example.com/join");
  g_assert_true (gtk_widget_has_css_class (uk, "error"));
  value = dup_setting (fixture, "onboarding_base_url.UK");
  g_assert_cmpstr (value, ==, "");
  g_clear_pointer (&value, g_free);

  apply (uk, "https://seller.example.com/join?code=UK1");
  g_assert_false (gtk_widget_has_css_class (uk, "error"));
  value = dup_setting (fixture, "onboarding_base_url.UK");
  g_assert_cmpstr (value, ==, "https://seller.example.com/join?code=UK1");
  g_clear_pointer (&value, g_free);

  eu = find_market_row (fixture, "EU");
  apply (eu, "https://seller.example.com/join?code=EU1");
  value = dup_setting (fixture, "onboarding_base_url.EU");
  g_assert_cmpstr (value, ==, "https://seller.example.com/join?code=EU1");
  g_clear_pointer (&value, g_free);

  /* A new window shows the market that has a link in the settings, and
   * its link. */
  gui_test_destroy_window (GTK_WINDOW (fixture->prefs));
  fixture->prefs = pd_preferences_window_new (NULL, fixture->context);
  uk = find_market_row (fixture, "UK");
  g_assert_nonnull (uk);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (uk)), ==, "https://seller.example.com/join?code=UK1");
}

static gboolean
widget_is_sensitive (gpointer data)
{
  return gtk_widget_get_sensitive (data);
}

/* The tests run without a session bus, so without a keyring: the window
 * must say so and keep working. */
static void
test_credentials_without_keyring (Fixture       *fixture,
                                  gconstpointer  data)
{
  GtkWidget *app_key;
  GtkWidget *save;

  GUI_TEST_REQUIRE_DISPLAY ();

  app_key = get_child (fixture, "app_key_row");
  save = get_child (fixture, "save_credentials_button");
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (app_key));

  /* No endpoint yet: nothing to attach credentials to. */
  g_assert_false (gtk_widget_get_sensitive (app_key));
  g_assert_false (gtk_widget_get_sensitive (save));

  /* With an endpoint the rows load (and fail to: no keyring). */
  apply (get_child (fixture, "endpoint_row"), "https://partner.example.com");
  pd_test_wait_until (widget_is_sensitive, app_key, 10000);
  g_assert_false (gtk_widget_get_sensitive (save));

  gtk_editable_set_text (GTK_EDITABLE (app_key), "key-123");
  g_assert_true (gtk_widget_get_sensitive (save));

  /* Saving fails cleanly and can be retried. */
  g_signal_emit_by_name (save, "clicked");
  g_assert_false (gtk_widget_get_sensitive (save));
  pd_test_wait_until (widget_is_sensitive, save, 10000);
  g_assert_true (gtk_widget_get_sensitive (app_key));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (app_key)), ==, "key-123");

  /* Applying the same endpoint again keeps what was typed... */
  apply (get_child (fixture, "endpoint_row"), "https://partner.example.com/");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (app_key)), ==, "key-123");
  g_assert_true (gtk_widget_get_sensitive (app_key));

  /* ...another endpoint has its own credentials. */
  apply (get_child (fixture, "endpoint_row"), "https://other.example.com");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (app_key)), ==, "");
  pd_test_wait_until (widget_is_sensitive, app_key, 10000);
  g_assert_false (gtk_widget_get_sensitive (save));
  gtk_editable_set_text (GTK_EDITABLE (app_key), "key-123");

  /* Never in the store. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) keys = pd_store_list_settings (pd_context_get_store (fixture->context), &error);

    g_assert_no_error (error);
    for (guint i = 0; i < keys->len; i++)
      {
        g_autofree char *value = dup_setting (fixture, g_ptr_array_index (keys, i));

        g_assert_null (strstr (value, "key-123"));
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  g_test_add ("/preferences/endpoint", Fixture, NULL,
              fixture_set_up, test_endpoint, fixture_tear_down);
  g_test_add ("/preferences/partner-id-and-timezone", Fixture, NULL,
              fixture_set_up, test_partner_id_and_timezone, fixture_tear_down);
  g_test_add ("/preferences/open-api", Fixture, NULL,
              fixture_set_up, test_open_api, fixture_tear_down);
  g_test_add ("/preferences/staff-name", Fixture, NULL,
              fixture_set_up, test_staff_name, fixture_tear_down);
  g_test_add ("/preferences/sync-interval", Fixture, NULL,
              fixture_set_up, test_sync_interval, fixture_tear_down);
  g_test_add ("/preferences/stage-rates", Fixture, NULL,
              fixture_set_up, test_stage_rates, fixture_tear_down);
  g_test_add ("/preferences/markets", Fixture, NULL,
              fixture_set_up, test_markets, fixture_tear_down);
  g_test_add ("/preferences/credentials-without-keyring", Fixture, NULL,
              fixture_set_up, test_credentials_without_keyring, fixture_tear_down);

  return gui_test_run ();
}
