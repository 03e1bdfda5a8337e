/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-link"

#include "config.h"

#include <string.h>

#include "pd-link.h"

#define TOKEN "AbCdEfGhIjKlMnOpQrSt_-"

static void
test_token_format (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint bit_counts[PD_LINK_TOKEN_BYTES * 8] = { 0 };
  const guint n = 2000;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *token = pd_link_token_new (&error);
      g_autofree char *standard = NULL;
      g_autofree guchar *bytes = NULL;
      gsize length = 0;

      g_assert_no_error (error);
      g_assert_nonnull (token);
      g_assert_cmpuint (strlen (token), ==, PD_LINK_TOKEN_LENGTH);
      for (const char *p = token; *p != '\0'; p++)
        g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
      g_assert_true (pd_link_token_is_valid (token));
      g_assert_false (g_hash_table_contains (seen, token));

      /* It decodes back to 16 bytes (URL-safe alphabet, no padding). */
      standard = g_strdup_printf ("%s==", token);
      g_strdelimit (standard, "-", '+');
      g_strdelimit (standard, "_", '/');
      bytes = g_base64_decode (standard, &length);
      g_assert_cmpuint (length, ==, PD_LINK_TOKEN_BYTES);
      for (guint b = 0; b < PD_LINK_TOKEN_BYTES * 8; b++)
        bit_counts[b] += (bytes[b / 8] >> (b % 8)) & 1;

      g_hash_table_add (seen, g_steal_pointer (&token));
    }

  /* Every one of the 128 bits varies, about half the time (a stuck or
   * biased bit would be far outside 2000/2 +- 200). */
  for (guint b = 0; b < PD_LINK_TOKEN_BYTES * 8; b++)
    {
      g_assert_cmpuint (bit_counts[b], >, n / 2 - 200);
      g_assert_cmpuint (bit_counts[b], <, n / 2 + 200);
    }
}

static void
test_token_validity (void)
{
  g_assert_true (pd_link_token_is_valid (TOKEN));
  g_assert_false (pd_link_token_is_valid (NULL));
  g_assert_false (pd_link_token_is_valid (""));
  g_assert_false (pd_link_token_is_valid ("short"));
  g_assert_false (pd_link_token_is_valid ("AbCdEfGhIjKlMnOpQrSt+/"));
  g_assert_false (pd_link_token_is_valid ("AbCdEfGhIjKlMnOpQrSt_="));
  g_assert_false (pd_link_token_is_valid ("AbCdEfGhIjKlMnOpQrSt é"));
}

static void
test_onboarding_url (void)
{
  static const struct { const char *base; const char *expected; } cases[] = {
    { "https://seller.example.com/register",
      "https://seller.example.com/register?pd_ref=" TOKEN },
    { "https://seller.example.com/register?partner=P01&channel=tsp",
      "https://seller.example.com/register?partner=P01&channel=tsp&pd_ref=" TOKEN },
    /* An existing pd_ref is replaced, wherever it is, encoded or not. */
    { "https://seller.example.com/r?a=1&pd_ref=old&b=%20x#section",
      "https://seller.example.com/r?a=1&b=%20x&pd_ref=" TOKEN "#section" },
    { "https://seller.example.com/r?pd%5Fref=old&pd_ref&a=1",
      "https://seller.example.com/r?a=1&pd_ref=" TOKEN },
    /* Look-alike names are kept. */
    { "https://seller.example.com/r?pd_refx=1&xpd_ref=2",
      "https://seller.example.com/r?pd_refx=1&xpd_ref=2&pd_ref=" TOKEN },
    /* The fragment stays last, even when it routes with its own query. */
    { "https://seller.example.com/#/join?from=tsp",
      "https://seller.example.com/?pd_ref=" TOKEN "#/join?from=tsp" },
    { "https://seller.example.com/r?&a=1&&",
      "https://seller.example.com/r?a=1&pd_ref=" TOKEN },
    { "https://seller.example.com/r?",
      "https://seller.example.com/r?pd_ref=" TOKEN },
    { "HTTP://127.0.0.1:8080/r?x=%E5%95%86",
      "HTTP://127.0.0.1:8080/r?x=%E5%95%86&pd_ref=" TOKEN },
  };
  static const char * const bad[] = {
    "", "seller.example.com/register", "/register?x=1", "ftp://seller.example.com/r",
    "https://", "mailto:a@example.com", "not a url at all",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = pd_link_onboarding_url (cases[i].base, TOKEN, &error);
      g_autofree char *back = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (url, ==, cases[i].expected);
      back = pd_link_token_from_via_link (url, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (back, ==, TOKEN);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = pd_link_onboarding_url (bad[i], TOKEN, &error);

      g_test_message ("bad base link: “%s”", bad[i]);
      g_assert_null (url);
      g_assert_error (error, PD_LINK_ERROR, PD_LINK_ERROR_BAD_URL);
      g_assert_nonnull (strstr (error->message, "http"));
    }
}

static void
test_authorization_url (void)
{
  g_autofree char *global = pd_link_authorization_url ("7011223344", TOKEN, FALSE);
  g_autofree char *us = pd_link_authorization_url ("7011223344", TOKEN, TRUE);
  g_autofree char *escaped = pd_link_authorization_url ("svc a/b&c=d", TOKEN, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *back = NULL;

  g_assert_cmpstr (global, ==,
                   "https://services.tiktokshop.com/open/authorize?service_id=7011223344&state=" TOKEN);
  g_assert_cmpstr (us, ==,
                   "https://services.tiktokshops.us/open/authorize?service_id=7011223344&state=" TOKEN);
  g_assert_cmpstr (escaped, ==,
                   "https://services.tiktokshop.com/open/authorize?service_id=svc%20a%2Fb%26c%3Dd&state=" TOKEN);

  g_assert_true (pd_link_market_is_us ("US"));
  g_assert_true (pd_link_market_is_us ("us"));
  g_assert_true (pd_link_market_is_us (" US "));
  g_assert_false (pd_link_market_is_us ("USA"));
  g_assert_false (pd_link_market_is_us ("EU"));
  g_assert_false (pd_link_market_is_us (""));
  g_assert_false (pd_link_market_is_us (NULL));

  /* A store's via_link may hold an authorization link: its state. */
  back = pd_link_token_from_via_link (us, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back, ==, TOKEN);
}

static void
test_via_link (void)
{
  static const struct { const char *via_link; const char *token; } good[] = {
    { TOKEN, TOKEN },
    { "  " TOKEN "\t", TOKEN },
    { "https://s.example.com/r?a=1&pd_ref=" TOKEN, TOKEN },
    { "https://s.example.com/r?pd_ref=" TOKEN "&a=1#frag", TOKEN },
    { "https://s.example.com/r?pd%5Fref=" TOKEN, TOKEN },
    { "https://s.example.com/#/join?pd_ref=" TOKEN, TOKEN },
    { "s.example.com/r?pd_ref=" TOKEN, TOKEN },
  };
  static const char * const bad[] = {
    "", "short", "https://s.example.com/r", "https://s.example.com/r?a=1",
    "https://s.example.com/r?pd_ref=", "https://s.example.com/r?pd_ref=abc",
    "https://s.example.com/r?pd_ref=" TOKEN "%21", "has spaces in it but no link",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *token = pd_link_token_from_via_link (good[i].via_link, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (token, ==, good[i].token);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *token = pd_link_token_from_via_link (bad[i], &error);

      g_test_message ("bad via_link: “%s”", bad[i]);
      g_assert_null (token);
      g_assert_error (error, PD_LINK_ERROR, PD_LINK_ERROR_NO_TOKEN);
    }
}

static void
test_effective_state (void)
{
  g_assert_cmpstr (pd_link_effective_state ("active", 0, 1000), ==, "active");
  g_assert_cmpstr (pd_link_effective_state ("active", 1001, 1000), ==, "active");
  g_assert_cmpstr (pd_link_effective_state ("active", 1000, 1000), ==, "expired");
  g_assert_cmpstr (pd_link_effective_state ("used", 10, 1000), ==, "used");
  g_assert_cmpstr (pd_link_effective_state ("revoked", 10, 1000), ==, "revoked");
  g_assert_cmpstr (pd_link_effective_state ("expired", 0, 1000), ==, "expired");
}

static void
test_boxed (void)
{
  PdLink link = {
    .token = (char *) TOKEN, .kind = (char *) "onboarding", .url = (char *) "https://x/?pd_ref=" TOKEN,
    .state = (char *) "active", .seller_id = (char *) "7001", .market = (char *) "EU",
    .program_id = (char *) "p", .service_id = NULL, .staff = (char *) "Li",
    .created_at = 1, .expires_at = 2, .used_at = 3, .revoked_at = 4,
  };
  g_autoptr(PdLink) copy = g_boxed_copy (PD_TYPE_LINK, &link);

  g_assert_true (copy->token != link.token);
  g_assert_cmpstr (copy->token, ==, TOKEN);
  g_assert_cmpstr (copy->staff, ==, "Li");
  g_assert_null (copy->service_id);
  g_assert_cmpint (copy->revoked_at, ==, 4);
  g_assert_cmpstr (g_type_name (PD_TYPE_LINK), ==, "PdLink");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/link/token/format", test_token_format);
  g_test_add_func ("/link/token/validity", test_token_validity);
  g_test_add_func ("/link/url/onboarding", test_onboarding_url);
  g_test_add_func ("/link/url/authorization", test_authorization_url);
  g_test_add_func ("/link/via-link", test_via_link);
  g_test_add_func ("/link/effective-state", test_effective_state);
  g_test_add_func ("/link/boxed", test_boxed);

  return g_test_run ();
}
