/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-json-guard"

#include "config.h"

#include <string.h>

#include "pd-json-guard.h"

/* The pre-scan in front of json-glib (issue 13, items 12 and 15). */

static void
assert_refused (const char       *text,
                PdJsonGuardError  code,
                const char       *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pd_json_guard_parse (text, -1, "f.json", &error);

  g_assert_null (node);
  g_assert_error (error, PD_JSON_GUARD_ERROR, (gint) code);
  if (message != NULL && strstr (error->message, message) == NULL)
    g_error ("“%s” does not say “%s”", error->message, message);
  g_assert_true (g_str_has_prefix (error->message, "f.json: "));
}

static void
assert_accepted (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pd_json_guard_parse (text, -1, "f.json", &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
}

static void
test_duplicates (void)
{
  assert_refused ("{\"a\": 1, \"a\": 2}", PD_JSON_GUARD_ERROR_DUPLICATE,
                  "line 1: the top-level object has the member “a” twice");
  assert_refused ("{\"b\": {\"c\": [{}, {\"x\": 1},\n {\"d\": 1, \"d\": 1}]}}", PD_JSON_GUARD_ERROR_DUPLICATE,
                  "line 2: the object b.c[2] has the member “d” twice");
  /* The same name, escaped: json-glib decodes both to "ab". */
  assert_refused ("{\"ab\": 1, \"a\\u0062\": 2}", PD_JSON_GUARD_ERROR_DUPLICATE, "member “ab” twice");
  assert_refused ("{\"\\ud83d\\ude00\": 1, \"\xf0\x9f\x98\x80\": 2}", PD_JSON_GUARD_ERROR_DUPLICATE, "twice");
  assert_refused ("[{\"a\": 1}, {\"a\": 1, \"b\": {\"a\": 1}, \"a\": 3}]", PD_JSON_GUARD_ERROR_DUPLICATE,
                  "the object [1] has the member “a” twice");

  /* The same name in sibling or nested objects is fine; so are strings
   * that look like names, braces and quotes inside strings. */
  assert_accepted ("{\"a\": {\"a\": {\"a\": 1}}, \"b\": [{\"a\": 1}, {\"a\": 2}]}");
  assert_accepted ("{\"a\": \"a\", \"b\": [\"a\", \"a\"], \"c\": \"}{\\\"a\\\": 1, \\\"a\\\"\"}");
  assert_accepted ("{\"a\\\"\": 1, \"a\": 2, \"A\": 3, \"a \": 4}");
}

static void
test_depth (void)
{
  for (guint depth = 63; depth <= 65; depth++)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < depth; i++)
        g_string_append (text, i % 2 ? "{\"k\":" : "[");
      g_string_append (text, "1");
      for (guint i = depth; i > 0; i--)
        g_string_append (text, (i - 1) % 2 ? "}" : "]");
      if (depth <= PD_JSON_GUARD_MAX_DEPTH)
        assert_accepted (text->str);
      else
        assert_refused (text->str, PD_JSON_GUARD_ERROR_TOO_DEEP, "nest more than 64 deep");
    }

  /* A million levels, closed or not: refused, no stack overflow. */
  {
    g_autofree char *deep = g_malloc (1000001);

    memset (deep, '[', 1000000);
    deep[1000000] = '\0';
    assert_refused (deep, PD_JSON_GUARD_ERROR_TOO_DEEP, "line 1:");
  }
  /* Brackets inside strings do not count. */
  {
    g_autoptr(GString) text = g_string_new ("[\"");

    for (guint i = 0; i < 1000; i++)
      g_string_append (text, "[{");
    g_string_append (text, "\"]");
    assert_accepted (text->str);
  }
}

static void
test_other (void)
{
  g_autoptr(GError) error = NULL;

  assert_refused ("{\"a\": \"x\\u0000y\"}", PD_JSON_GUARD_ERROR_INVALID, "\\u0000");
  assert_refused ("{\"a\": \"\xff\"}", PD_JSON_GUARD_ERROR_INVALID, "UTF-8");
  assert_refused ("{\"a\": 1,}", PD_JSON_GUARD_ERROR_INVALID, "not valid JSON");
  assert_refused ("{\"a\": [1}", PD_JSON_GUARD_ERROR_INVALID, "not valid JSON");
  assert_refused ("{\"a\": \"open", PD_JSON_GUARD_ERROR_INVALID, "not valid JSON");
  assert_refused ("", PD_JSON_GUARD_ERROR_INVALID, NULL);
  assert_accepted ("{\"a\": \"\\\\u0000\"}");  /* an escaped backslash, then text */

  g_assert_false (pd_json_guard_check ("[]", PD_JSON_GUARD_MAX_BYTES + 1, "f.json", &error));
  g_assert_error (error, PD_JSON_GUARD_ERROR, PD_JSON_GUARD_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* Stored text read back: absent, bad and not an object give NULL. */
  g_assert_null (pd_json_guard_parse_object (NULL, "x", NULL));
  g_assert_null (pd_json_guard_parse_object ("", "x", NULL));
  g_assert_null (pd_json_guard_parse_object ("[1]", "x", &error));
  g_assert_error (error, PD_JSON_GUARD_ERROR, PD_JSON_GUARD_ERROR_INVALID);
  g_clear_error (&error);
  {
    g_autoptr(JsonObject) object = pd_json_guard_parse_object ("{\"v\": 3}", "x", &error);

    g_assert_no_error (error);
    g_assert_cmpint (json_object_get_int_member (object, "v"), ==, 3);
  }
}

/* Linear: 200,000 members in one object and 200,000 small objects. */
static void
test_linear (void)
{
  g_autoptr(GString) wide = g_string_new ("{");
  g_autoptr(GString) many = g_string_new ("[");
  g_autoptr(GError) error = NULL;
  gint64 start;

  for (guint i = 0; i < 200000; i++)
    {
      g_string_append_printf (wide, "%s\"k%u\": %u", i ? "," : "", i, i);
      g_string_append_printf (many, "%s{\"a\": %u, \"b\": [%u]}", i ? "," : "", i, i);
    }
  g_string_append (wide, "}");
  g_string_append (many, "]");
  start = g_get_monotonic_time ();
  g_assert_true (pd_json_guard_check (wide->str, wide->len, "wide", &error));
  g_assert_true (pd_json_guard_check (many->str, many->len, "many", &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  g_string_truncate (wide, wide->len - 1);
  g_string_append (wide, ", \"k199999\": 0}");
  g_assert_false (pd_json_guard_check (wide->str, wide->len, "wide", &error));
  g_assert_error (error, PD_JSON_GUARD_ERROR, PD_JSON_GUARD_ERROR_DUPLICATE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json-guard/duplicates", test_duplicates);
  g_test_add_func ("/json-guard/depth", test_depth);
  g_test_add_func ("/json-guard/other", test_other);
  g_test_add_func ("/json-guard/linear", test_linear);
  return g_test_run ();
}
