/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-core"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-json-guard.h"

G_DEFINE_QUARK (pd-json-guard-error-quark, pd_json_guard_error)

/* One open array or object of the pre-scan. */
typedef struct
{
  gboolean    object;
  gboolean    expect_key;  /* objects: the next string is a member name */
  guint       index;       /* arrays: the current element */
  char       *key;         /* objects: the current member's name */
  GHashTable *keys;        /* objects: the names seen so far */
} Frame;

typedef struct
{
  const char *data;
  gsize       length;
  gsize       pos;
  Frame       frames[PD_JSON_GUARD_MAX_DEPTH];
  guint       depth;
  const char *where;
} Scan;

static void
frame_clear (Frame *frame)
{
  g_clear_pointer (&frame->key, g_free);
  g_clear_pointer (&frame->keys, g_hash_table_unref);
}

/* Line of @pos, 1-based: computed only for a message. */
static guint
line_of (const Scan *s,
         gsize       pos)
{
  guint line = 1;

  for (gsize i = 0; i < pos && i < s->length; i++)
    if (s->data[i] == '\n')
      line++;
  return line;
}

/* "conditions.target", "benefits[2]"; the frames below @depth. */
static char *
path_of (const Scan *s,
         guint       depth)
{
  GString *path = g_string_new (NULL);

  for (guint i = 0; i + 1 < depth; i++)
    {
      const Frame *frame = &s->frames[i];

      if (frame->object)
        {
          if (path->len > 0)
            g_string_append_c (path, '.');
          g_string_append (path, frame->key != NULL ? frame->key : "");
        }
      else
        g_string_append_printf (path, "[%u]", frame->index);
    }
  return g_string_free (path, FALSE);
}

static gboolean
read_hex4 (const Scan *s,
           gsize       pos,
           gunichar   *out)
{
  gunichar value = 0;

  if (pos + 4 > s->length)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (s->data[pos + i]);

      if (digit < 0)
        return FALSE;
      value = value * 16 + (gunichar) digit;
    }
  *out = value;
  return TRUE;
}

typedef enum
{
  STRING_OK,
  STRING_UNTERMINATED,  /* json-glib will say what is wrong */
  STRING_REFUSED,
} StringScan;

/* Moves past the string at s->pos (its opening quote); with @decoded,
 * decodes it there, so that "\u0061" and "a" are the same name. A
 * "\u0000" is refused: json-glib would silently cut the string there. */
static StringScan
scan_string (Scan     *s,
             GString  *decoded,
             GError  **error)
{
  gsize start = s->pos;

  s->pos++;
  while (s->pos < s->length)
    {
      char c = s->data[s->pos];
      gunichar ch, low;

      if (c == '"')
        {
          s->pos++;
          return STRING_OK;
        }
      if (c != '\\')
        {
          if (decoded != NULL)
            g_string_append_c (decoded, c);
          s->pos++;
          continue;
        }
      if (s->pos + 1 >= s->length)
        return STRING_UNTERMINATED;
      c = s->data[s->pos + 1];
      s->pos += 2;
      if (c == 'u' && s->pos + 4 <= s->length && memcmp (s->data + s->pos, "0000", 4) == 0)
        {
          g_set_error (error, PD_JSON_GUARD_ERROR, PD_JSON_GUARD_ERROR_INVALID,
                       _("%s: line %u: a string holds \\u0000; expected text without NUL characters"),
                       s->where, line_of (s, start));
          return STRING_REFUSED;
        }
      if (decoded == NULL)
        continue;
      switch (c)
        {
        case 'b': g_string_append_c (decoded, '\b'); break;
        case 'f': g_string_append_c (decoded, '\f'); break;
        case 'n': g_string_append_c (decoded, '\n'); break;
        case 'r': g_string_append_c (decoded, '\r'); break;
        case 't': g_string_append_c (decoded, '\t'); break;
        case 'u':
          if (!read_hex4 (s, s->pos, &ch))
            break;  /* json-glib refuses it */
          s->pos += 4;
          if (ch >= 0xd800 && ch <= 0xdbff && s->pos + 6 <= s->length &&
              s->data[s->pos] == '\\' && s->data[s->pos + 1] == 'u' &&
              read_hex4 (s, s->pos + 2, &low) && low >= 0xdc00 && low <= 0xdfff)
            {
              ch = 0x10000 + ((ch - 0xd800) << 10) + (low - 0xdc00);
              s->pos += 6;
            }
          g_string_append_unichar (decoded, ch);
          break;
        default:
          g_string_append_c (decoded, c);
          break;
        }
    }
  return STRING_UNTERMINATED;
}

static gboolean
add_key (Scan     *s,
         GString  *key,
         gsize     start,
         GError  **error)
{
  Frame *frame = &s->frames[s->depth - 1];

  if (frame->keys == NULL)
    frame->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_hash_table_contains (frame->keys, key->str))
    {
      g_autofree char *path = path_of (s, s->depth);

      if (*path == '\0')
        g_set_error (error, PD_JSON_GUARD_ERROR, PD_JSON_GUARD_ERROR_DUPLICATE,
                     _("%s: line %u: the top-level object has the member “%s” twice; expected each name once"),
                     s->where, line_of (s, start), key->str);
      else
        g_set_error (error, PD_JSON_GUARD_ERROR, PD_JSON_GUARD_ERROR_DUPLICATE,
                     _("%s: line %u: the object %s has the member “%s” twice; expected each name once"),
                     s->where, line_of (s, start), path, key->str);
      return FALSE;
    }
  g_hash_table_add (frame->keys, g_strdup (key->str));
  g_free (frame->key);
  frame->key = g_strdup (key->str);
  frame->expect_key = FALSE;
  return TRUE;
}

static gboolean
scan (Scan    *s,
      GError **error)
{
  g_autoptr(GString) key = g_string_new (NULL);

  while (s->pos < s->length)
    {
      char c = s->data[s->pos];
      Frame *top = s->depth > 0 ? &s->frames[s->depth - 1] : NULL;

      switch (c)
        {
        case '"':
          {
            gboolean is_key = top != NULL && top->object && top->expect_key;
            gsize start = s->pos;

            g_string_truncate (key, 0);
            switch (scan_string (s, is_key ? key : NULL, error))
              {
              case STRING_UNTERMINATED:
                return TRUE;
              case STRING_REFUSED:
                return FALSE;
              case STRING_OK:
              default:
                break;
              }
            if (is_key && !add_key (s, key, start, error))
              return FALSE;
            continue;
          }
        case '{':
        case '[':
          if (s->depth >= PD_JSON_GUARD_MAX_DEPTH)
            {
              g_set_error (error, PD_JSON_GUARD_ERROR, PD_JSON_GUARD_ERROR_TOO_DEEP,
                           _("%s: line %u: arrays and objects nest more than %d deep; expected at most %d levels"),
                           s->where, line_of (s, s->pos), PD_JSON_GUARD_MAX_DEPTH, PD_JSON_GUARD_MAX_DEPTH);
              return FALSE;
            }
          top = &s->frames[s->depth++];
          memset (top, 0, sizeof *top);
          top->object = c == '{';
          top->expect_key = top->object;
          break;
        case '}':
        case ']':
          /* A mismatch is a syntax error: json-glib names it. */
          if (top == NULL || top->object != (c == '}'))
            return TRUE;
          frame_clear (top);
          s->depth--;
          break;
        case ',':
          if (top != NULL && top->object)
            top->expect_key = TRUE;
          else if (top != NULL)
            top->index++;
          break;
        default:
          break;
        }
      s->pos++;
    }
  return TRUE;
}

gboolean
pd_json_guard_check (const char  *data,
                     gsize        length,
                     const char  *where,
                     GError     **error)
{
  const char *end = NULL;
  Scan s = { 0 };
  gboolean ok;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (where != NULL, FALSE);

  if (length > PD_JSON_GUARD_MAX_BYTES)
    {
      g_set_error (error, PD_JSON_GUARD_ERROR, PD_JSON_GUARD_ERROR_TOO_LARGE,
                   _("%s: the text is %zu bytes long; expected at most %d"),
                   where, length, PD_JSON_GUARD_MAX_BYTES);
      return FALSE;
    }
  if (!g_utf8_validate_len (data, length, &end))
    {
      g_set_error (error, PD_JSON_GUARD_ERROR, PD_JSON_GUARD_ERROR_INVALID,
                   _("%s: the text is not valid UTF-8 (at byte %zu); expected JSON in UTF-8"),
                   where, (gsize) (end - data));
      return FALSE;
    }

  s.data = data;
  s.length = length;
  s.where = where;
  ok = scan (&s, error);
  for (guint i = 0; i < s.depth; i++)
    frame_clear (&s.frames[i]);
  return ok;
}

JsonNode *
pd_json_guard_parse (const char  *data,
                     gssize       length,
                     const char  *where,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize size;
  JsonNode *root;

  g_return_val_if_fail (data != NULL, NULL);

  size = length < 0 ? strlen (data) : (gsize) length;
  if (!pd_json_guard_check (data, size, where, error))
    return NULL;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, &local_error))
    {
      g_set_error (error, PD_JSON_GUARD_ERROR, PD_JSON_GUARD_ERROR_INVALID,
                   _("%s: not valid JSON: %s"), where, local_error->message);
      return NULL;
    }
  root = json_parser_steal_root (parser);
  if (root == NULL)
    {
      g_set_error (error, PD_JSON_GUARD_ERROR, PD_JSON_GUARD_ERROR_INVALID,
                   _("%s: the text is empty; expected JSON"), where);
      return NULL;
    }
  return root;
}

JsonObject *
pd_json_guard_parse_object (const char  *data,
                            const char  *where,
                            GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  if (data == NULL || *data == '\0')
    return NULL;
  root = pd_json_guard_parse (data, -1, where, error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, PD_JSON_GUARD_ERROR, PD_JSON_GUARD_ERROR_INVALID,
                   _("%s: the text is a JSON %s; expected an object"), where, json_node_type_name (root));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}
