/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-config"

#include "config.h"

#include <string.h>

#include "pd-config.h"

static void
assert_valid (const char *key,
              const char *value,
              const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;

  g_test_message ("%s = %s", key, value);
  g_assert_true (pd_config_validate (key, value, &normalized, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, expected);
}

static void
assert_invalid (const char *key,
                const char *value,
                int         code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;

  {
    /* Escaped: a value that is not UTF-8 (or holds a line break) must not
     * break the TAP stream. */
    g_autofree char *shown = g_strescape (value, NULL);

    g_test_message ("%s = %s", key, shown);
  }
  g_assert_false (pd_config_validate (key, value, &normalized, &error));
  g_assert_error (error, PD_CONFIG_ERROR, code);
  g_assert_null (normalized);
  /* Every message names the key it is about. */
  g_assert_true (strstr (error->message, key) != NULL);
}

static void
test_endpoint (void)
{
  assert_valid ("endpoint", "https://open.example.com/", "https://open.example.com");
  assert_valid ("endpoint", "  https://open.example.com/api  ", "https://open.example.com/api");
  assert_valid ("endpoint", "http://127.0.0.1:8080", "http://127.0.0.1:8080");
  assert_valid ("endpoint", "", "");
  assert_invalid ("endpoint", "http://open.example.com", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("endpoint", "open.example.com", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("endpoint", "ftp://open.example.com", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("endpoint", "https://", PD_CONFIG_ERROR_INVALID_VALUE);
  /* Issue 13.15: no line breaks or spaces inside (GUri escapes them and
   * the value went to logs and requests as typed), no user:password@
   * (the password then shows in every error and the audit log), no
   * query (paths are appended); the password is never echoed. */
  assert_invalid ("endpoint", "http://127.0.0.1:8080\r\nX-Injected: 1", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("endpoint", "https://open.example.com/a\nb", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("endpoint", "https://open.example.com/a b", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("endpoint", "https://open.example.com/\x7f", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("endpoint", "https://user:s3cret@open.example.com", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("endpoint", "http://user@127.0.0.1:8080", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("endpoint", "https://open.example.com/?x=1", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("endpoint", "https://open.example.com/#x", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("onboarding_base_url.EU", "https://user:s3cret@links.example/eu", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("onboarding_base_url.EU", "https://links.example/eu\r\nX: y", PD_CONFIG_ERROR_INVALID_VALUE);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (pd_config_validate ("endpoint", "https://user:s3cret@open.example.com", NULL, &error));
    g_assert_null (strstr (error->message, "s3cret"));
  }
  /* The sandbox and the demo: plain http on loopback; IPv6 loopback. */
  assert_valid ("endpoint", "http://localhost:41234/", "http://localhost:41234");
  assert_valid ("endpoint", "http://[::1]:41234", "http://[::1]:41234");
}

static void
test_market_links (void)
{
  const char *market = NULL;

  g_assert_true (pd_config_is_market_key ("onboarding_base_url.EU", &market));
  g_assert_cmpstr (market, ==, "EU");
  g_assert_false (pd_config_is_market_key ("onboarding_base_url.eu", NULL));
  g_assert_false (pd_config_is_market_key ("onboarding_base_url.", NULL));
  g_assert_false (pd_config_is_market_key ("onboarding_base_url.E", NULL));
  assert_valid ("onboarding_base_url.JP", "https://partner-links.example/jp?partner=PD01",
                "https://partner-links.example/jp?partner=PD01");
  assert_invalid ("onboarding_base_url.JP", "not a link", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("onboarding_base_url.jp", "https://x.example", PD_CONFIG_ERROR_UNKNOWN_KEY);
}

static void
test_others (void)
{
  assert_valid ("partner_id", " PD01 ", "PD01");
  assert_invalid ("partner_id", "PD 01", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_valid ("sync_interval_minutes", "0", "0");
  assert_valid ("sync_interval_minutes", "1440", "1440");
  assert_valid ("sync_interval_minutes", "015", "15");
  assert_invalid ("sync_interval_minutes", "1441", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("sync_interval_minutes", "-1", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("sync_interval_minutes", "1.5", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_valid ("import_timezone", "Europe/Berlin", "Europe/Berlin");
  assert_invalid ("import_timezone", "Mars/Olympus", PD_CONFIG_ERROR_INVALID_VALUE);
  /* Issue 13.15: ids that GLib would open as files outside its zone
   * database (a real zone file reached by a path is still refused). */
  assert_valid ("import_timezone", "Etc/GMT+8", "Etc/GMT+8");
  assert_valid ("import_timezone", "America/Port-au-Prince", "America/Port-au-Prince");
  assert_valid ("import_timezone", "UTC", "UTC");
  assert_invalid ("import_timezone", "../../../../usr/share/zoneinfo/Europe/Berlin", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("import_timezone", "Europe/../Europe/Berlin", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("import_timezone", "/usr/share/zoneinfo/Europe/Berlin", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("import_timezone", "../../etc/passwd", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("import_timezone", ":Europe/Berlin", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("import_timezone", "Europe/Berlin/", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("import_timezone", "Europe//Berlin", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("import_timezone", "Europe/Ber\nlin", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("import_timezone", "Europe/Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                  PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("colour", "blue", PD_CONFIG_ERROR_UNKNOWN_KEY);
  assert_invalid ("partner_id", "\xff\xfe", PD_CONFIG_ERROR_INVALID_VALUE);
}

static void
test_defaults (void)
{
  g_assert_cmpstr (pd_config_get_default ("import_timezone"), ==, "Asia/Shanghai");
  g_assert_cmpstr (pd_config_get_default ("sync_interval_minutes"), ==, "15");
  g_assert_cmpstr (pd_config_get_default ("onboarding_base_url.US"), ==, "");
  g_assert_null (pd_config_get_default ("colour"));
}

/* Issue 17: the Open API app's settings (cli.md); its key and secret are
 * secrets and never settings. */
static void
test_open_api (void)
{
  assert_valid ("open_api.endpoint", "https://open-api.tiktokglobalshop.com/",
                "https://open-api.tiktokglobalshop.com");
  assert_valid ("open_api.auth_endpoint", "http://127.0.0.1:4100", "http://127.0.0.1:4100");
  assert_invalid ("open_api.endpoint", "http://open-api.example.com", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("open_api.auth_endpoint", "https://auth.example.com/?app_secret=x",
                  PD_CONFIG_ERROR_INVALID_VALUE);
  assert_valid ("open_api.service_id", " 7012345678901234567 ", "7012345678901234567");
  assert_invalid ("open_api.service_id", "70 12", PD_CONFIG_ERROR_INVALID_VALUE);
  assert_invalid ("open_api.app_secret", "x", PD_CONFIG_ERROR_UNKNOWN_KEY);
  g_assert_cmpstr (pd_config_get_default ("open_api.auth_endpoint"), ==,
                   "https://auth.tiktok-shops.com");
  g_assert_cmpstr (pd_config_get_default ("open_api.endpoint"), ==,
                   "https://open-api.tiktokglobalshop.com");
  g_assert_cmpstr (pd_config_get_default ("open_api.service_id"), ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/config/endpoint", test_endpoint);
  g_test_add_func ("/config/market-links", test_market_links);
  g_test_add_func ("/config/others", test_others);
  g_test_add_func ("/config/defaults", test_defaults);
  g_test_add_func ("/config/open-api", test_open_api);
  return g_test_run ();
}
