/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "pd-country.h"
#include "pd-currency.h"
#include "pd-money.h"
#include "pd-safe-text.h"
#include "pd-sync-error.h"
#include "pd-timestamp.h"
#include "pd-wire-field-private.h"

void
pd_wire_set_invalid (GError     **error,
                     const char  *format,
                     ...)
{
  g_autofree char *message = NULL;
  g_autofree char *safe = NULL;
  va_list args;

  if (error == NULL)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  /* The message quotes the platform's values: made safe to print. */
  safe = pd_safe_text_dup (message, -1, 0, PD_SAFE_TEXT_DEFAULT);
  *error = g_error_new_literal (PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_RESPONSE, safe);
}

/* "requirement.amount" in @data: the object holding the member (NULL,
 * without an error, when the parent object is absent), the member's own
 * name and the place for messages, written into @where_buffer. */
static gboolean
resolve_member (const PdJsonValue   *data,
                const char          *where,
                const char          *path,
                const PdJsonValue  **object_out,
                const char         **member_out,
                char                *where_buffer,
                gsize                where_size,
                const char         **where_out,
                GError             **error)
{
  const char *dot = strchr (path, '.');
  char parent[64];

  *object_out = data;
  *member_out = path;
  *where_out = where;
  if (dot == NULL)
    return TRUE;

  g_strlcpy (parent, path, MIN (sizeof parent, (gsize) (dot - path) + 1));
  if (!pd_json_get_object (data, where, parent, FALSE, object_out, error))
    return FALSE;
  *member_out = dot + 1;
  g_snprintf (where_buffer, where_size, "%s.%s", where, parent);
  *where_out = where_buffer;
  return TRUE;
}

static gboolean
is_token_text (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.' && *p != '~')
      return FALSE;
  return TRUE;
}

/* The token of an invitation: the pd_ref parameter of the link, or the
 * link field holding the token alone (src/core/README.md). NULL otherwise: the
 * store then counts as opened without our link. */
static char *
via_token_from_link (const char *link)
{
  const char *query;

  if (strstr (link, "://") == NULL)
    return is_token_text (link) ? g_strdup (link) : NULL;

  query = strchr (link, '?');
  if (query == NULL)
    return NULL;
  for (const char *p = query + 1; *p != '\0' && *p != '#';)
    {
      const char *end = p + strcspn (p, "&#");

      if (g_str_has_prefix (p, "pd_ref=") && end > p + strlen ("pd_ref="))
        {
          g_autofree char *value = g_uri_unescape_segment (p + strlen ("pd_ref="), end, NULL);

          return value != NULL && is_token_text (value) ? g_steal_pointer (&value) : NULL;
        }
      p = *end == '&' ? end + 1 : end;
    }
  return NULL;
}

static gboolean
decode_string_list (const PdJsonValue  *array,
                    const char         *where,
                    const char         *member,
                    gboolean            countries,
                    PdChangeValue      *out,
                    GError            **error)
{
  guint n = pd_json_value_get_length (array);
  g_autoptr(GString) joined = g_string_new (NULL);
  g_autoptr(JsonArray) ids = NULL;
  const PdJsonValue *element;
  guint i = 0;

  if (n > MAX_LIST)
    {
      pd_wire_set_invalid (error, _("%s.%s has %u items; expected at most %u"), where, member, n, MAX_LIST);
      return FALSE;
    }
  if (!countries)
    ids = json_array_sized_new (n);

  for (element = pd_json_value_get_first (array); element != NULL;
       element = pd_json_value_get_next (array, element), i++)
    {
      const char *text = pd_json_value_get_string (element);

      if (text == NULL)
        {
          pd_wire_set_invalid (error, _("%s.%s[%u] is %s; expected a string"), where, member, i,
                       pd_json_value_describe (element));
          return FALSE;
        }
      if (countries)
        {
          g_autoptr(GError) local_error = NULL;
          char code[3];

          if (!pd_country_parse (text, code, &local_error))
            {
              pd_wire_set_invalid (error, _("%s.%s[%u]: %s"), where, member, i, local_error->message);
              return FALSE;
            }
          if (strstr (joined->str, code) != NULL)
            continue;
          if (joined->len > 0)
            g_string_append_c (joined, ';');
          g_string_append (joined, code);
        }
      else
        {
          if (*text == '\0' || strlen (text) > MAX_ID)
            {
              pd_wire_set_invalid (error, _("%s.%s[%u] is not an id; expected 1 to %d bytes"),
                           where, member, i, MAX_ID);
              return FALSE;
            }
          json_array_add_string_element (ids, text);
        }
    }

  if (countries)
    pd_change_value_take_text (out, g_string_free (g_steal_pointer (&joined), FALSE));
  else
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (node, ids);
      pd_change_value_take_text (out, json_to_string (node, FALSE));
    }
  return TRUE;
}

static gboolean
decode_currency (const PdJsonValue  *data,
                 const char         *where,
                 const char         *path,
                 char                code[4],
                 gboolean           *present,
                 GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  const PdJsonValue *object = NULL;
  const char *member = NULL;
  const char *inner_where = NULL;
  const char *text = NULL;
  char buffer[320];

  *present = FALSE;
  if (!resolve_member (data, where, path, &object, &member, buffer, sizeof buffer, &inner_where, error))
    return FALSE;
  if (object == NULL)
    return TRUE;
  if (!pd_json_get_string (object, inner_where, member, FALSE, 16, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!pd_currency_parse (text, code, &local_error))
    {
      pd_wire_set_invalid (error, _("%s.%s: %s"), inner_where, member, local_error->message);
      return FALSE;
    }
  *present = TRUE;
  return TRUE;
}

gboolean
pd_wire_field_decode (const PdJsonValue  *data,
                      const char         *where,
                      const PdWireField  *field,
                      const char         *path,
                      gint64              now,
                      PdChangeValue      *out,
                      GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  const PdJsonValue *object = NULL;
  const char *member = NULL;
  const char *inner_where = NULL;
  const char *text = NULL;
  gboolean required = (field->flags & F_REQUIRED) != 0;
  gsize max_bytes = MAX_TEXT;
  char buffer[320];

  switch (field->kind)
    {
    case K_NOW:
      pd_change_value_set_int (out, now);
      return TRUE;
    case K_CLEARED:
      pd_change_value_clear (out);
      return TRUE;
    default:
      break;
    }

  if (!resolve_member (data, where, path, &object, &member, buffer, sizeof buffer,
                       &inner_where, error))
    return FALSE;
  if (object == NULL)
    {
      if (required)
        {
          pd_wire_set_invalid (error, _("%s.%s is missing"), where, path);
          return FALSE;
        }
      if (field->fallback != NULL)
        pd_change_value_set_text (out, field->fallback);
      return TRUE;
    }

  /* Members that are not strings. */
  switch (field->kind)
    {
    case K_DAYS:
      {
        gboolean present;
        gint64 days;

        if (!pd_json_get_integer (object, inner_where, member, required, 1, MAX_DAYS,
                                  &present, &days, error))
          return FALSE;
        if (present)
          pd_change_value_set_int (out, days);
        return TRUE;
      }
    case K_COUNTRIES:
    case K_STRINGS:
      {
        const PdJsonValue *array = NULL;

        if (!pd_json_get_array (object, inner_where, member, required, &array, error))
          return FALSE;
        if (array == NULL)
          {
            if (field->fallback != NULL)
              pd_change_value_set_text (out, field->fallback);
            return TRUE;
          }
        return decode_string_list (array, inner_where, member, field->kind == K_COUNTRIES, out, error);
      }
    default:
      break;
    }

  if (field->kind == K_LONG_TEXT)
    max_bytes = MAX_LONG_TEXT;
  else if (field->kind == K_URL || field->kind == K_VIA_TOKEN)
    max_bytes = MAX_URL;
  else if (field->kind == K_ID)
    max_bytes = MAX_ID;

  if (!pd_json_get_string (object, inner_where, member, required, max_bytes, &text, error))
    return FALSE;
  if (text == NULL)
    {
      if (field->fallback != NULL)
        pd_change_value_set_text (out, field->fallback);
      return TRUE;
    }

  switch (field->kind)
    {
    case K_ID:
      if (*text == '\0')
        {
          pd_wire_set_invalid (error, _("%s.%s is empty; expected an id"), inner_where, member);
          return FALSE;
        }
      pd_change_value_set_text (out, text);
      return TRUE;

    case K_TEXT:
    case K_LONG_TEXT:
      /* People's text is stored printable: no escape sequences, no
       * bidi overrides; descriptions keep their lines. */
      if (pd_safe_text_is_safe (text, field->kind == K_LONG_TEXT ? PD_SAFE_TEXT_MULTILINE : 0))
        pd_change_value_set_text (out, text);
      else
        pd_change_value_take_text (out, pd_safe_text_dup (text, -1, 0, field->kind == K_LONG_TEXT
                                                             ? PD_SAFE_TEXT_MULTILINE : 0));
      return TRUE;

    case K_URL:
      pd_change_value_set_text (out, text);
      return TRUE;

    case K_VIA_TOKEN:
      {
        char *token = via_token_from_link (text);

        if (token != NULL)
          pd_change_value_take_text (out, token);
        return TRUE;
      }

    case K_ENUM:
      {
        const char *canonical = field->canon (text, &local_error);

        if (canonical == NULL)
          {
            pd_wire_set_invalid (error, _("%s.%s: %s"), inner_where, member, local_error->message);
            return FALSE;
          }
        pd_change_value_set_text (out, canonical);
        return TRUE;
      }

    case K_TIME:
      {
        gint64 when;

        if (!pd_timestamp_parse (text, NULL, &when, &local_error))
          {
            pd_wire_set_invalid (error, _("%s.%s: %s"), inner_where, member, local_error->message);
            return FALSE;
          }
        pd_change_value_set_int (out, when);
        return TRUE;
      }

    case K_MONEY:
      {
        char currency[4] = { 0 };
        gboolean has_currency;
        PdMoney money;

        if (!decode_currency (data, where, field->currency, currency, &has_currency, error))
          return FALSE;
        if (!has_currency)
          {
            pd_wire_set_invalid (error, _("%s.%s is an amount without its currency; expected %s beside it"),
                         inner_where, member, field->currency);
            return FALSE;
          }
        if (!pd_money_parse (text, currency, PD_MONEY_PARSE_NO_GROUPING, &money, &local_error))
          {
            pd_wire_set_invalid (error, _("%s.%s: %s"), inner_where, member, local_error->message);
            return FALSE;
          }
        pd_change_value_set_int (out, money.minor);
        return TRUE;
      }

    case K_CURRENCY:
      {
        char code[4];

        if (!pd_currency_parse (text, code, &local_error))
          {
            pd_wire_set_invalid (error, _("%s.%s: %s"), inner_where, member, local_error->message);
            return FALSE;
          }
        pd_change_value_take_text (out, g_strdup (code));
        return TRUE;
      }

    case K_RATE:
      {
        PdRate rate;

        if (!pd_rate_parse (text, &rate, &local_error))
          {
            pd_wire_set_invalid (error, _("%s.%s: %s"), inner_where, member, local_error->message);
            return FALSE;
          }
        pd_change_value_set_int (out, rate.micros);
        return TRUE;
      }

    case K_COUNTRY:
      {
        char code[3];

        if (!pd_country_parse (text, code, &local_error))
          {
            pd_wire_set_invalid (error, _("%s.%s: %s"), inner_where, member, local_error->message);
            return FALSE;
          }
        pd_change_value_take_text (out, g_strdup (code));
        return TRUE;
      }

    case K_MARKET:
      {
        gsize length = strlen (text);
        gboolean upper = TRUE;

        for (gsize i = 0; i < length; i++)
          {
            if (!g_ascii_isalnum (text[i]))
              length = 0;
            else if (g_ascii_islower (text[i]))
              upper = FALSE;
          }
        if (length < 2 || length > 16)
          {
            pd_wire_set_invalid (error, _("%s.%s is “%s”; expected a market code such as EU, JP or US"),
                         inner_where, member, text);
            return FALSE;
          }
        if (upper)
          pd_change_value_set_text (out, text);
        else
          pd_change_value_take_text (out, g_ascii_strup (text, -1));
        return TRUE;
      }

    case K_QUARTER:
      if (strlen (text) != 6 || !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) ||
          !g_ascii_isdigit (text[2]) || !g_ascii_isdigit (text[3]) || text[4] != 'Q' ||
          text[5] < '1' || text[5] > '4')
        {
          pd_wire_set_invalid (error, _("%s.%s is “%s”; expected a quarter such as 2026Q1"),
                       inner_where, member, text);
          return FALSE;
        }
      pd_change_value_set_text (out, text);
      return TRUE;

    case K_DAYS:
    case K_COUNTRIES:
    case K_STRINGS:
    case K_NOW:
    case K_CLEARED:
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}
