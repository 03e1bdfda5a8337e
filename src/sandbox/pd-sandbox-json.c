/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sandbox-json"

#include "config.h"

#include <string.h>

#include "pd-json-guard.h"
#include "pd-sandbox-error.h"
#include "pd-sandbox-json.h"

void
pd_sandbox_json_append_string (GString    *out,
                               const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
          break;
        }
    }
  g_string_append_c (out, '"');
}

char *
pd_sandbox_json_object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

/* Nesting depth outside strings (json-glib's parser recurses), and no
 * \u0000 inside strings (json-glib would cut the string there). */
static gboolean
check_structure (const char *data,
                 gsize       length)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\' && i + 5 < length && data[i + 1] == 'u' &&
              memcmp (data + i + 2, "0000", 4) == 0)
            return FALSE;
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > PD_SANDBOX_JSON_MAX_DEPTH)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

JsonNode *
pd_sandbox_json_parse (const char  *data,
                       gsize        length,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (memchr (data, '\0', length) != NULL)
    {
      g_set_error_literal (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_BODY,
                           "request body: a NUL byte; expected UTF-8 JSON text");
      return NULL;
    }
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_BODY,
                           "request body: not valid UTF-8; expected UTF-8 JSON text");
      return NULL;
    }
  if (!check_structure (data, length))
    {
      g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_BODY,
                   "request body: nested deeper than %d levels, or a \\u0000 in a string",
                   PD_SANDBOX_JSON_MAX_DEPTH);
      return NULL;
    }
  /* json-glib keeps the last of two members with one name: refused,
   * as the app refuses them (pd-json-guard.h). */
  if (!pd_json_guard_check (data, length, "request body", &local_error))
    {
      g_set_error_literal (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_BODY, local_error->message);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_BODY,
                   "request body: not JSON (%s)", local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_BODY,
                           "request body: empty; expected a JSON object");
      return NULL;
    }
  return json_node_ref (root);
}

JsonObject *
pd_sandbox_json_parse_object (const char  *data,
                              gsize        length,
                              gboolean     empty_ok,
                              GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  gboolean blank = TRUE;

  for (gsize i = 0; i < length && blank; i++)
    blank = g_ascii_isspace (data[i]);
  if (blank && empty_ok)
    return json_object_new ();

  root = pd_sandbox_json_parse (data, length, error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_BODY,
                           "request body: expected a JSON object");
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
append_canonical (GString  *out,
                  JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);
        g_autoptr(GPtrArray) names = g_ptr_array_new ();

        for (GList *l = members; l != NULL; l = l->next)
          g_ptr_array_add (names, l->data);
        g_ptr_array_sort (names, compare_strings);
        g_string_append_c (out, '{');
        for (guint i = 0; i < names->len; i++)
          {
            const char *name = g_ptr_array_index (names, i);

            if (i > 0)
              g_string_append_c (out, ',');
            pd_sandbox_json_append_string (out, name);
            g_string_append_c (out, ':');
            append_canonical (out, json_object_get_member (object, name));
          }
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_canonical (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      {
        g_autofree char *text = json_to_string (node, FALSE);

        g_string_append (out, text);
      }
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

char *
pd_sandbox_json_body_hash (const char *data,
                           gsize       length)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) canonical = NULL;
  gboolean blank = TRUE;

  for (gsize i = 0; i < length && blank; i++)
    blank = g_ascii_isspace (data[i]);
  if (blank)
    return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) "", 0);

  root = pd_sandbox_json_parse (data, length, NULL);
  if (root == NULL)
    return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);

  canonical = g_string_new (NULL);
  append_canonical (canonical, root);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical->str, canonical->len);
}

gboolean
pd_sandbox_json_get_string (JsonObject  *object,
                            const char  *member,
                            gboolean     required,
                            guint        max_chars,
                            const char **out,
                            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *value;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_BODY,
                       "request body: \"%s\" is missing; expected a string", member);
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_BODY,
                   "request body: \"%s\" has the wrong type; expected a string", member);
      return FALSE;
    }
  value = json_node_get_string (node);
  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_BODY,
                   "request body: \"%s\" is not valid Unicode (a lone surrogate?)", member);
      return FALSE;
    }
  if (required && (value == NULL || *value == '\0'))
    {
      g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_BODY,
                   "request body: \"%s\" is empty; expected a non-empty string", member);
      return FALSE;
    }
  if (value != NULL && g_utf8_strlen (value, -1) > (glong) max_chars)
    {
      g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_BODY,
                   "request body: \"%s\" is longer than %u characters", member, max_chars);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

gboolean
pd_sandbox_json_get_int (JsonObject  *object,
                         const char  *member,
                         gboolean     required,
                         gint64       min,
                         gint64       max,
                         gboolean    *present_out,
                         gint64      *out,
                         GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 value;

  *present_out = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_BODY,
                       "request body: \"%s\" is missing; expected an integer", member);
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_BODY,
                   "request body: \"%s\" has the wrong type; expected an integer", member);
      return FALSE;
    }
  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_BODY,
                   "request body: \"%s\" is %" G_GINT64_FORMAT "; expected %"
                   G_GINT64_FORMAT " to %" G_GINT64_FORMAT, member, value, min, max);
      return FALSE;
    }
  *present_out = TRUE;
  *out = value;
  return TRUE;
}

gboolean
pd_sandbox_json_get_string_array (JsonObject  *object,
                                  const char  *member,
                                  guint        max_items,
                                  guint        max_chars,
                                  GPtrArray  **out,
                                  GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(GPtrArray) items = NULL;
  JsonArray *array;
  guint n;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_BODY,
                   "request body: \"%s\" has the wrong type; expected an array of strings",
                   member);
      return FALSE;
    }
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n > max_items)
    {
      g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_BODY,
                   "request body: \"%s\" has %u items; at most %u are accepted",
                   member, n, max_items);
      return FALSE;
    }
  items = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *value;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING ||
          (value = json_node_get_string (element)) == NULL || *value == '\0' ||
          !g_utf8_validate (value, -1, NULL) || g_utf8_strlen (value, -1) > (glong) max_chars)
        {
          g_set_error (error, PD_SANDBOX_ERROR, PD_SANDBOX_ERROR_INVALID_BODY,
                       "request body: \"%s\" item %u: expected a non-empty Unicode string of at most %u characters",
                       member, i, max_chars);
          return FALSE;
        }
      g_ptr_array_add (items, g_strdup (value));
    }
  *out = g_steal_pointer (&items);
  return TRUE;
}

gboolean
pd_sandbox_json_is_token (const char *text,
                          gsize       min_length,
                          gsize       max_length)
{
  gsize n = 0;

  if (text == NULL)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++, n++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return n >= min_length && n <= max_length;
}
