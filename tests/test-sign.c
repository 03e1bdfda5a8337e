/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sign"

#include "config.h"

#include <string.h>

#include "pd-sign.h"

static void
put (GHashTable *query,
     const char *name,
     const char *value)
{
  g_hash_table_insert (query, (gpointer) name, (gpointer) value);
}

/* The platform's published example (platform-api.md). */
static void
test_published_example (void)
{
  g_autoptr(GHashTable) query = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *sign = NULL;

  put (query, "app_key", "29a39d");
  put (query, "timestamp", "1623812664");
  sign = pd_sign_request ("e59af819cc", "/authorization/202309/shops", query, NULL, 0);
  g_assert_cmpstr (sign, ==, "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8");

  /* sign and access_token never take part. */
  put (query, "sign", "whatever");
  put (query, "access_token", "secret-token");
  g_clear_pointer (&sign, g_free);
  sign = pd_sign_request ("e59af819cc", "/authorization/202309/shops", query, NULL, 0);
  g_assert_cmpstr (sign, ==, "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8");
}

/* The two worked examples of the Open API guide (open-api.md): without a
 * body, and a shop-scoped POST whose raw body takes part while its
 * access_token does not. */
static void
test_open_api_examples (void)
{
  g_autoptr(GHashTable) query = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) search = g_hash_table_new (g_str_hash, g_str_equal);
  static const char body[] = "{\"create_time_ge\":1767196800}";
  g_autofree char *sign = NULL;
  g_autofree char *search_sign = NULL;

  put (query, "app_key", "123456");
  put (query, "timestamp", "1234567890");
  sign = pd_sign_request ("abc000def111", "/authorization/202309/shops", query, NULL, 0);
  g_assert_cmpstr (sign, ==, "c8767e4fd7a1b48a0ce3fd23197f058159ce11b53f1ae1ad6d1ec931a1da5540");

  put (search, "app_key", "123456");
  put (search, "timestamp", "1234567890");
  put (search, "shop_cipher", "ROW_abc");
  put (search, "page_size", "50");
  put (search, "access_token", "TTP_token");
  search_sign = pd_sign_request ("abc000def111", "/order/202309/orders/search", search,
                                 (const guint8 *) body, strlen (body));
  g_assert_cmpstr (search_sign, ==, "aa54f06732f352b53f2e455c69cc57f75c2562b912e63011ba647caf50746ee6");
}

static void
test_body_and_order (void)
{
  g_autoptr(GHashTable) a = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) b = g_hash_table_new (g_str_hash, g_str_equal);
  static const char body[] = "{\"kind\":\"onboarding\"}";
  g_autofree char *sa = NULL;
  g_autofree char *sb = NULL;
  g_autofree char *sc = NULL;
  g_autofree char *sd = NULL;

  /* Insertion order does not matter: parameters are sorted by name. */
  put (a, "timestamp", "1");
  put (a, "app_key", "k");
  put (b, "app_key", "k");
  put (b, "timestamp", "1");
  sa = pd_sign_request ("s", "/v1/links", a, (const guint8 *) body, sizeof body - 1);
  sb = pd_sign_request ("s", "/v1/links", b, (const guint8 *) body, sizeof body - 1);
  g_assert_cmpstr (sa, ==, sb);
  g_assert_cmpuint (strlen (sa), ==, 64);

  /* The body, the path and the secret each change the signature. */
  sc = pd_sign_request ("s", "/v1/links", a, NULL, 0);
  g_assert_cmpstr (sa, !=, sc);
  sd = pd_sign_request ("t", "/v1/links", a, (const guint8 *) body, sizeof body - 1);
  g_assert_cmpstr (sa, !=, sd);

  g_assert_true (pd_sign_equal (sa, sb));
  g_assert_false (pd_sign_equal (sa, sc));
  g_assert_false (pd_sign_equal (sa, "abc"));
  g_assert_false (pd_sign_equal (NULL, sa));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sign/published-example", test_published_example);
  g_test_add_func ("/sign/body-and-order", test_body_and_order);
  g_test_add_func ("/sign/open-api-examples", test_open_api_examples);
  return g_test_run ();
}
