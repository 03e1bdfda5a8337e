/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sync"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "pd-json-doc.h"
#include "pd-sync-error.h"

/* Values sit in one array in document order; a container is followed by
 * its children (an object by key, value, key, value...), and `size`
 * counts the values of its subtree, itself included, so that a sibling
 * is one addition away. */
struct _PdJsonValue
{
  guint8       kind;
  guint8       is_integer;
  guint8       boolean;
  guint32      size;
  guint32      count;    /* elements or members */
  guint32      offset;   /* the raw text, in the body */
  guint32      length;
  gint64       integer;  /* integers; during the parse, a string's place in the arena */
  const char  *text;     /* strings, decoded and NUL-terminated */
};

struct _PdJsonDoc
{
  gint         ref_count;
  GBytes      *body;
  const char  *data;
  PdJsonValue *values;
  guint        n_values;
  char        *arena;    /* every decoded string, one allocation */
};

typedef struct
{
  const char  *data;
  gsize        length;
  gsize        pos;
  GArray      *values;
  char        *arena;
  gsize        arena_used;
  const char  *where;
  GError     **error;
} Parser;

static gboolean
fail (Parser     *p,
      const char *expected)
{
  if (p->pos >= p->length)
    g_set_error (p->error, PD_SYNC_ERROR, PD_SYNC_ERROR_TRUNCATED,
                 _("%s: the response is not valid JSON: it ends after %zu bytes where %s was expected; it may have been cut short"),
                 p->where, p->length, _(expected));
  else
    g_set_error (p->error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                 _("%s: the response is not valid JSON at byte %zu: expected %s"),
                 p->where, p->pos, _(expected));
  return FALSE;
}

static void
skip_space (Parser *p)
{
  while (p->pos < p->length)
    {
      char c = p->data[p->pos];

      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        break;
      p->pos++;
    }
}

static guint
push_value (Parser     *p,
            PdJsonKind  kind)
{
  PdJsonValue value = { 0 };

  value.kind = kind;
  value.size = 1;
  value.offset = (guint32) p->pos;
  g_array_append_val (p->values, value);
  return p->values->len - 1;
}

#define VALUE_AT(p, i) (&g_array_index ((p)->values, PdJsonValue, (i)))

static gboolean
read_hex4 (Parser   *p,
           gunichar *out)
{
  gunichar value = 0;

  if (p->pos + 4 > p->length)
    return fail (p, N_("four hexadecimal digits after \\u"));
  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p->data[p->pos + i]);

      if (digit < 0)
        {
          p->pos += i;
          return fail (p, N_("four hexadecimal digits after \\u"));
        }
      value = value * 16 + (gunichar) digit;
    }
  p->pos += 4;
  *out = value;
  return TRUE;
}

/* The body is already known to be UTF-8: bytes are copied as they are,
 * escapes decoded. The decoded text is never longer than the raw one,
 * quotes included, so the arena (as large as the body) never overflows. */
static gboolean
parse_string (Parser *p)
{
  guint index = push_value (p, PD_JSON_STRING);
  gsize start = p->arena_used;
  char *out = p->arena + p->arena_used;

  p->pos++;  /* the opening quote */
  for (;;)
    {
      guchar c;

      if (p->pos >= p->length)
        return fail (p, N_("the end of a string"));
      c = (guchar) p->data[p->pos];
      if (c == '"')
        {
          p->pos++;
          break;
        }
      if (c < 0x20)
        return fail (p, N_("a string without control characters (escape them)"));
      if (c != '\\')
        {
          *out++ = (char) c;
          p->pos++;
          continue;
        }

      p->pos++;
      if (p->pos >= p->length)
        return fail (p, N_("an escape sequence"));
      c = (guchar) p->data[p->pos++];
      switch (c)
        {
        case '"': *out++ = '"'; break;
        case '\\': *out++ = '\\'; break;
        case '/': *out++ = '/'; break;
        case 'b': *out++ = '\b'; break;
        case 'f': *out++ = '\f'; break;
        case 'n': *out++ = '\n'; break;
        case 'r': *out++ = '\r'; break;
        case 't': *out++ = '\t'; break;
        case 'u':
          {
            gunichar ch, low;

            if (!read_hex4 (p, &ch))
              return FALSE;
            if (ch >= 0xdc00 && ch <= 0xdfff)
              return fail (p, N_("a high surrogate before a low one (\\ud800 to \\udbff)"));
            if (ch >= 0xd800 && ch <= 0xdbff)
              {
                if (p->pos + 2 > p->length || p->data[p->pos] != '\\' || p->data[p->pos + 1] != 'u')
                  return fail (p, N_("a low surrogate (\\udc00 to \\udfff) after a high one"));
                p->pos += 2;
                if (!read_hex4 (p, &low))
                  return FALSE;
                if (low < 0xdc00 || low > 0xdfff)
                  return fail (p, N_("a low surrogate (\\udc00 to \\udfff) after a high one"));
                ch = 0x10000 + ((ch - 0xd800) << 10) + (low - 0xdc00);
              }
            if (ch == 0)
              return fail (p, N_("a string without \\u0000"));
            out += g_unichar_to_utf8 (ch, out);
            break;
          }
        default:
          p->pos--;
          return fail (p, N_("an escape sequence: \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX"));
        }
    }
  *out++ = '\0';
  p->arena_used = (gsize) (out - p->arena);
  VALUE_AT (p, index)->integer = (gint64) start;
  VALUE_AT (p, index)->length = (guint32) (p->pos - VALUE_AT (p, index)->offset);
  return TRUE;
}

static gboolean
parse_number (Parser *p)
{
  guint index = push_value (p, PD_JSON_NUMBER);
  gboolean negative = FALSE, integer = TRUE, overflow = FALSE;
  guint64 magnitude = 0;
  PdJsonValue *value;

  if (p->data[p->pos] == '-')
    {
      negative = TRUE;
      p->pos++;
    }
  if (p->pos >= p->length || !g_ascii_isdigit (p->data[p->pos]))
    return fail (p, N_("a digit"));
  if (p->data[p->pos] == '0')
    p->pos++;
  else
    while (p->pos < p->length && g_ascii_isdigit (p->data[p->pos]))
      {
        guint digit = (guint) (p->data[p->pos++] - '0');

        if (magnitude > (G_MAXUINT64 - digit) / 10)
          overflow = TRUE;
        else
          magnitude = magnitude * 10 + digit;
      }
  if (p->pos < p->length && p->data[p->pos] == '.')
    {
      integer = FALSE;
      p->pos++;
      if (p->pos >= p->length || !g_ascii_isdigit (p->data[p->pos]))
        return fail (p, N_("a digit after the decimal point"));
      while (p->pos < p->length && g_ascii_isdigit (p->data[p->pos]))
        p->pos++;
    }
  if (p->pos < p->length && (p->data[p->pos] == 'e' || p->data[p->pos] == 'E'))
    {
      integer = FALSE;
      p->pos++;
      if (p->pos < p->length && (p->data[p->pos] == '+' || p->data[p->pos] == '-'))
        p->pos++;
      if (p->pos >= p->length || !g_ascii_isdigit (p->data[p->pos]))
        return fail (p, N_("a digit in the exponent"));
      while (p->pos < p->length && g_ascii_isdigit (p->data[p->pos]))
        p->pos++;
    }

  value = VALUE_AT (p, index);
  value->length = (guint32) (p->pos - value->offset);
  if (integer && !overflow &&
      (negative ? magnitude <= (guint64) G_MAXINT64 + 1 : magnitude <= (guint64) G_MAXINT64))
    {
      value->is_integer = TRUE;
      value->integer = negative ? (gint64) (0 - magnitude) : (gint64) magnitude;
    }
  return TRUE;
}

static gboolean
parse_literal (Parser     *p,
               const char *word,
               PdJsonKind  kind,
               gboolean    boolean)
{
  gsize n = strlen (word);
  guint index;

  if (p->pos + n > p->length || memcmp (p->data + p->pos, word, n) != 0)
    return fail (p, N_("a JSON value"));
  index = push_value (p, kind);
  VALUE_AT (p, index)->boolean = boolean;
  VALUE_AT (p, index)->length = (guint32) n;
  p->pos += n;
  return TRUE;
}

static gboolean parse_value (Parser *p,
                             guint   depth);

/* json-glib and this reader would each answer one of two members with
 * the same name, silently: the response is refused instead, naming the
 * member. Small objects compare pairwise, larger ones through a set:
 * linear in the members either way. */
static gboolean
check_unique_names (Parser *p,
                    guint   index)
{
  const PdJsonValue *object = VALUE_AT (p, index);
  const PdJsonValue *keys[16];
  g_autoptr(GHashTable) seen = NULL;
  const PdJsonValue *key = object + 1;
  const char *arena = p->arena;

  for (guint32 i = 0; i < object->count; i++)
    {
      const char *name = arena + key->integer;  /* strings sit in the arena until the end */
      gboolean repeated = FALSE;

      if (object->count <= G_N_ELEMENTS (keys))
        {
          for (guint32 j = 0; j < i && !repeated; j++)
            repeated = strcmp (arena + keys[j]->integer, name) == 0;
          keys[i] = key;
        }
      else
        {
          if (seen == NULL)
            seen = g_hash_table_new (g_str_hash, g_str_equal);
          repeated = !g_hash_table_add (seen, (gpointer) name);
        }
      if (repeated)
        {
          g_set_error (p->error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                       _("%s: the response names the member “%s” twice in the object at byte %u;"
                         " expected each name once"), p->where, name, object->offset);
          return FALSE;
        }
      key = key + 1 + (key + 1)->size;
    }
  return TRUE;
}

static gboolean
parse_container (Parser *p,
                 guint   depth,
                 gboolean object)
{
  guint index = push_value (p, object ? PD_JSON_OBJECT : PD_JSON_ARRAY);
  char close = object ? '}' : ']';
  guint32 count = 0;

  if (depth >= PD_JSON_MAX_DEPTH)
    {
      g_set_error (p->error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                   _("%s: the response nests arrays or objects more than %d deep; expected a"
                     " response of the platform API"), p->where, PD_JSON_MAX_DEPTH);
      return FALSE;
    }

  p->pos++;
  skip_space (p);
  if (p->pos < p->length && p->data[p->pos] == close)
    p->pos++;
  else
    for (;;)
      {
        if (object)
          {
            if (p->pos >= p->length || p->data[p->pos] != '"')
              return fail (p, N_("a member name in double quotes"));
            if (!parse_string (p))
              return FALSE;
            skip_space (p);
            if (p->pos >= p->length || p->data[p->pos] != ':')
              return fail (p, N_("a colon after the member name"));
            p->pos++;
            skip_space (p);
          }
        if (!parse_value (p, depth + 1))
          return FALSE;
        count++;
        skip_space (p);
        if (p->pos < p->length && p->data[p->pos] == ',')
          {
            p->pos++;
            skip_space (p);
            continue;
          }
        if (p->pos < p->length && p->data[p->pos] == close)
          {
            p->pos++;
            break;
          }
        return fail (p, object ? N_("a comma or the closing brace of an object")
                               : N_("a comma or the closing bracket of an array"));
      }

  VALUE_AT (p, index)->count = count;
  VALUE_AT (p, index)->size = p->values->len - index;
  VALUE_AT (p, index)->length = (guint32) (p->pos - VALUE_AT (p, index)->offset);
  return !object || count < 2 || check_unique_names (p, index);
}

static gboolean
parse_value (Parser *p,
             guint   depth)
{
  if (p->pos >= p->length)
    return fail (p, N_("a JSON value"));
  switch (p->data[p->pos])
    {
    case '{':
      return parse_container (p, depth, TRUE);
    case '[':
      return parse_container (p, depth, FALSE);
    case '"':
      return parse_string (p);
    case 't':
      return parse_literal (p, "true", PD_JSON_BOOLEAN, TRUE);
    case 'f':
      return parse_literal (p, "false", PD_JSON_BOOLEAN, FALSE);
    case 'n':
      return parse_literal (p, "null", PD_JSON_NULL, FALSE);
    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return parse_number (p);
    default:
      return fail (p, N_("a JSON value"));
    }
}

PdJsonDoc *
pd_json_doc_parse (const char  *where,
                   GBytes      *body,
                   GError     **error)
{
  g_autoptr(GArray) values = NULL;
  g_autofree char *arena = NULL;
  const char *data, *end = NULL;
  gsize length;
  PdJsonDoc *doc;
  Parser p = { 0 };

  g_return_val_if_fail (where != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  data = g_bytes_get_data (body, &length);
  if (length == 0)
    {
      g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                   _("%s: the response body is empty; expected a JSON object"), where);
      return NULL;
    }
  if (length > G_MAXUINT32 / 2)
    {
      g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_TOO_LARGE,
                   _("%s: the response body is too large"), where);
      return NULL;
    }
  if (!g_utf8_validate_len (data, length, &end))
    {
      g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                   _("%s: the response body is not valid UTF-8 (at byte %zu of %zu); expected UTF-8 JSON"),
                   where, (gsize) (end - data), length);
      return NULL;
    }

  values = g_array_sized_new (FALSE, FALSE, sizeof (PdJsonValue), (guint) MIN (length / 16 + 16, 1 << 18));
  arena = g_malloc (length + 1);
  p.data = data;
  p.length = length;
  p.values = values;
  p.arena = arena;
  p.where = where;
  p.error = error;

  skip_space (&p);
  if (!parse_value (&p, 0))
    return NULL;
  skip_space (&p);
  if (p.pos != p.length)
    {
      fail (&p, N_("the end of the response after one JSON value"));
      return NULL;
    }

  doc = g_new0 (PdJsonDoc, 1);
  doc->ref_count = 1;
  doc->body = g_bytes_ref (body);
  doc->data = data;
  doc->n_values = values->len;
  doc->values = (PdJsonValue *) (void *) g_array_free (g_steal_pointer (&values), FALSE);
  doc->arena = g_steal_pointer (&arena);
  for (guint i = 0; i < doc->n_values; i++)
    if (doc->values[i].kind == PD_JSON_STRING)
      doc->values[i].text = doc->arena + doc->values[i].integer;
  return doc;
}

PdJsonDoc *
pd_json_doc_ref (PdJsonDoc *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);
  g_atomic_int_inc (&doc->ref_count);
  return doc;
}

void
pd_json_doc_unref (PdJsonDoc *doc)
{
  if (doc == NULL || !g_atomic_int_dec_and_test (&doc->ref_count))
    return;
  g_bytes_unref (doc->body);
  g_free (doc->values);
  g_free (doc->arena);
  g_free (doc);
}

const PdJsonValue *
pd_json_doc_get_root (PdJsonDoc *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);
  return &doc->values[0];
}

PdJsonKind
pd_json_value_get_kind (const PdJsonValue *value)
{
  return (PdJsonKind) value->kind;
}

const char *
pd_json_value_describe (const PdJsonValue *value)
{
  if (value == NULL)
    return _("missing");
  switch ((PdJsonKind) value->kind)
    {
    case PD_JSON_OBJECT:
      return _("an object");
    case PD_JSON_ARRAY:
      return _("an array");
    case PD_JSON_NULL:
      return _("null");
    case PD_JSON_STRING:
      return _("a string");
    case PD_JSON_BOOLEAN:
      return _("a boolean");
    case PD_JSON_NUMBER:
      return value->is_integer ? _("an integer") : _("a number that is not a 64-bit integer");
    default:
      return _("a value");
    }
}

guint
pd_json_value_get_length (const PdJsonValue *value)
{
  return value->count;
}

const PdJsonValue *
pd_json_value_get_first (const PdJsonValue *container)
{
  if (container->count == 0)
    return NULL;
  return container->kind == PD_JSON_OBJECT ? container + 2 : container + 1;
}

const PdJsonValue *
pd_json_value_get_next (const PdJsonValue *container,
                        const PdJsonValue *child)
{
  const PdJsonValue *end = container + container->size;
  const PdJsonValue *next = child + child->size;

  if (container->kind == PD_JSON_OBJECT)
    next++;  /* past the next member's name */
  return next < end ? next : NULL;
}

const char *
pd_json_value_get_name (const PdJsonValue *member_value)
{
  /* In document order a member's value follows its name. */
  return (member_value - 1)->text;
}

const PdJsonValue *
pd_json_value_get_member (const PdJsonValue *object,
                          const char        *name)
{
  const PdJsonValue *key;

  if (object->kind != PD_JSON_OBJECT)
    return NULL;
  key = object + 1;
  for (guint32 i = 0; i < object->count; i++)
    {
      const PdJsonValue *value = key + 1;

      if (strcmp (key->text, name) == 0)
        return value;
      key = value + value->size;
    }
  return NULL;
}

const char *
pd_json_value_get_string (const PdJsonValue *value)
{
  return value->kind == PD_JSON_STRING ? value->text : NULL;
}

gboolean
pd_json_value_is_integer (const PdJsonValue *value)
{
  return value->kind == PD_JSON_NUMBER && value->is_integer;
}

gint64
pd_json_value_get_integer (const PdJsonValue *value)
{
  return pd_json_value_is_integer (value) ? value->integer : 0;
}

gboolean
pd_json_value_get_boolean (const PdJsonValue *value)
{
  return value->kind == PD_JSON_BOOLEAN && value->boolean;
}

char *
pd_json_doc_dup_text (PdJsonDoc         *doc,
                      const PdJsonValue *value)
{
  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (value >= doc->values && value < doc->values + doc->n_values, NULL);
  return g_strndup (doc->data + value->offset, value->length);
}

/* Typed members */

static const PdJsonValue *
get_member (const PdJsonValue  *object,
            const char         *where,
            const char         *member,
            gboolean            required,
            const char         *expected,
            GError            **error)
{
  const PdJsonValue *value = pd_json_value_get_member (object, member);

  if (value != NULL && value->kind != PD_JSON_NULL)
    return value;
  if (required)
    g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                 value == NULL ? _("%s.%s is missing; expected %s") : _("%s.%s is null; expected %s"),
                 where, member, _(expected));
  return NULL;
}

static gboolean
wrong_type (GError            **error,
            const char         *where,
            const char         *member,
            const PdJsonValue  *value,
            const char         *expected)
{
  g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
               _("%s.%s is %s; expected %s"), where, member, pd_json_value_describe (value), _(expected));
  return FALSE;
}

gboolean
pd_json_get_string (const PdJsonValue  *object,
                    const char         *where,
                    const char         *member,
                    gboolean            required,
                    gsize               max_bytes,
                    const char        **out,
                    GError            **error)
{
  const PdJsonValue *value = get_member (object, where, member, required, N_("a string"), error);
  gsize length;

  *out = NULL;
  if (value == NULL)
    return !required;
  if (value->kind != PD_JSON_STRING)
    return wrong_type (error, where, member, value, N_("a string"));
  length = strlen (value->text);
  if (length > max_bytes)
    {
      g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                   _("%s.%s is %zu bytes long; expected at most %zu"),
                   where, member, length, max_bytes);
      return FALSE;
    }
  *out = value->text;
  return TRUE;
}

gboolean
pd_json_get_integer (const PdJsonValue  *object,
                     const char         *where,
                     const char         *member,
                     gboolean            required,
                     gint64              min,
                     gint64              max,
                     gboolean           *present_out,
                     gint64             *out,
                     GError            **error)
{
  const PdJsonValue *value = get_member (object, where, member, required, N_("an integer"), error);

  if (present_out != NULL)
    *present_out = FALSE;
  *out = 0;
  if (value == NULL)
    return !required;
  if (!pd_json_value_is_integer (value))
    return wrong_type (error, where, member, value, N_("an integer"));
  if (value->integer < min || value->integer > max)
    {
      g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE,
                   _("%s.%s is %" PRId64 "; expected %" PRId64 " to %" PRId64),
                   where, member, value->integer, min, max);
      return FALSE;
    }
  if (present_out != NULL)
    *present_out = TRUE;
  *out = value->integer;
  return TRUE;
}

gboolean
pd_json_get_boolean (const PdJsonValue  *object,
                     const char         *where,
                     const char         *member,
                     gboolean           *out,
                     GError            **error)
{
  const PdJsonValue *value = get_member (object, where, member, TRUE, N_("true or false"), error);

  *out = FALSE;
  if (value == NULL)
    return FALSE;
  if (value->kind != PD_JSON_BOOLEAN)
    return wrong_type (error, where, member, value, N_("true or false"));
  *out = value->boolean;
  return TRUE;
}

static gboolean
get_container (const PdJsonValue  *object,
               const char         *where,
               const char         *member,
               gboolean            required,
               PdJsonKind          kind,
               const char         *expected,
               const PdJsonValue **out,
               GError            **error)
{
  const PdJsonValue *value = get_member (object, where, member, required, expected, error);

  *out = NULL;
  if (value == NULL)
    return !required;
  if (value->kind != kind)
    return wrong_type (error, where, member, value, expected);
  *out = value;
  return TRUE;
}

gboolean
pd_json_get_object (const PdJsonValue  *object,
                    const char         *where,
                    const char         *member,
                    gboolean            required,
                    const PdJsonValue **out,
                    GError            **error)
{
  return get_container (object, where, member, required, PD_JSON_OBJECT, N_("an object"), out, error);
}

gboolean
pd_json_get_array (const PdJsonValue  *object,
                   const char         *where,
                   const char         *member,
                   gboolean            required,
                   const PdJsonValue **out,
                   GError            **error)
{
  return get_container (object, where, member, required, PD_JSON_ARRAY, N_("an array"), out, error);
}
