/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-text"

#include "config.h"

#include "pd-sync-text.h"

/* The words of the sync indicator for each failure: what happened and
 * what to do, never the protocol's terms. No display needed. */

#define ENDPOINT "https://platform.example.com"

static void
assert_error_text (PdSyncError  code,
                   const char  *technical,
                   const char  *expected)
{
  g_autoptr(GError) error = g_error_new_literal (PD_SYNC_ERROR, code, technical);
  g_autofree char *text = pd_sync_error_to_text (error, ENDPOINT);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_error_network (void)
{
  assert_error_text (PD_SYNC_ERROR_NETWORK,
                     "GET /v1/partner: Could not connect: Connection refused (after 6 attempts); try again later",
                     "Cannot reach the platform at " ENDPOINT ": check the address or your network.");
}

static void
test_error_secret (void)
{
  /* The platform's own words speak of the sorted query parameters: not
   * for a person. */
  assert_error_text (PD_SYNC_ERROR_SECRET_REFUSED,
                     "GET /v1/partner: 401 bad_signature: the signature does not match the request;"
                     " sign the path, the sorted query parameters...",
                     "The platform refused the app secret: check it in Preferences.");
}

static void
test_error_app_key (void)
{
  assert_error_text (PD_SYNC_ERROR_APP_KEY_REFUSED, "GET /v1/partner: 401 invalid_app_key",
                     "The platform does not know this app key: check it in Preferences.");
}

static void
test_error_token (void)
{
  assert_error_text (PD_SYNC_ERROR_AUTH, "GET /v1/partner: 401 invalid_token",
                     "The platform no longer accepts this sign-in: sign in again in Preferences.");
}

static void
test_error_clock (void)
{
  assert_error_text (PD_SYNC_ERROR_CLOCK, "GET /v1/partner: 401 bad_timestamp",
                     "This computer’s clock is too far from the platform’s: set the date and time,"
                     " then sync again.");
}

static void
test_error_server (void)
{
  assert_error_text (PD_SYNC_ERROR_SERVER, "GET /v1/changes: 503 service_unavailable (after 6 attempts)",
                     "The platform at " ENDPOINT " is having trouble and did not answer: try again later.");
}

static void
test_error_unreadable (void)
{
  const char *expected = "The platform at " ENDPOINT " sent data this app cannot use: nothing was changed."
                         " Try again later; if it keeps happening, send the details to your platform contact.";

  assert_error_text (PD_SYNC_ERROR_INVALID_RESPONSE, "GET /v1/changes: changes[3].seq: expected a number",
                     expected);
  assert_error_text (PD_SYNC_ERROR_TOO_LARGE, "GET /v1/changes: the body is over 16 MiB", expected);
}

static void
test_error_no_credentials (void)
{
  assert_error_text (PD_SYNC_ERROR_NO_CREDENTIALS, "no credentials",
                     "Sign in to the platform in Preferences.");
}

/* A refusal of one request is already about that request: said as is. */
static void
test_error_other (void)
{
  assert_error_text (PD_SYNC_ERROR_REFUSED, "POST /v1/links: 422 validation_failed: market",
                     "POST /v1/links: 422 validation_failed: market");
}

static void
test_error_no_endpoint (void)
{
  g_autoptr(GError) error = g_error_new_literal (PD_SYNC_ERROR, PD_SYNC_ERROR_NETWORK, "x");
  g_autofree char *text = pd_sync_error_to_text (error, "");

  g_assert_cmpstr (text, ==, "Cannot reach the platform at the platform’s address: check the address or"
                             " your network.");
}

/* A never-synced store whose run reached nothing: no "Nothing new from
 * the platform". */
static void
test_result (void)
{
  PdSyncSummary nothing = { 0 };
  PdSyncSummary some = { 0 };
  g_autofree char *failed_nothing = pd_sync_text_result (&nothing, FALSE);
  g_autofree char *ok_nothing = pd_sync_text_result (&nothing, TRUE);
  g_autofree char *failed_some = NULL;
  g_autofree char *ok_some = NULL;

  g_assert_null (failed_nothing);
  g_assert_cmpstr (ok_nothing, ==, "Last sync: Nothing new from the platform");

  some.changes_applied = 500;
  some.outbox_sent = 1;
  failed_some = pd_sync_text_result (&some, FALSE);
  ok_some = pd_sync_text_result (&some, TRUE);
  g_assert_cmpstr (failed_some, ==, "Before it stopped: 500 changes received, 1 local change sent");
  g_assert_cmpstr (ok_some, ==, "Last sync: 500 changes received, 1 local change sent");
}

static void
test_waiting_and_sending (void)
{
  g_autofree char *waiting = pd_sync_text_waiting (2);
  PdSyncSummary pushing = { .phase = PD_SYNC_PHASE_PUSHING };
  g_autofree char *sending = pd_sync_text_progress_short (&pushing);

  g_assert_cmpstr (waiting, ==, "Waiting: offline (2)");
  g_assert_cmpstr (sending, ==, "Sending…");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-text/error/network", test_error_network);
  g_test_add_func ("/sync-text/error/secret", test_error_secret);
  g_test_add_func ("/sync-text/error/app-key", test_error_app_key);
  g_test_add_func ("/sync-text/error/token", test_error_token);
  g_test_add_func ("/sync-text/error/clock", test_error_clock);
  g_test_add_func ("/sync-text/error/server", test_error_server);
  g_test_add_func ("/sync-text/error/unreadable", test_error_unreadable);
  g_test_add_func ("/sync-text/error/no-credentials", test_error_no_credentials);
  g_test_add_func ("/sync-text/error/other", test_error_other);
  g_test_add_func ("/sync-text/error/no-endpoint", test_error_no_endpoint);
  g_test_add_func ("/sync-text/result", test_result);
  g_test_add_func ("/sync-text/waiting-and-sending", test_waiting_and_sending);

  return g_test_run ();
}
