/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sync"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "pd-decoded-change.h"
#include "pd-country.h"
#include "pd-currency.h"
#include "pd-enums.h"
#include "pd-money.h"
#include "pd-program.h"
#include "pd-safe-text.h"
#include "pd-store-tables.h"
#include "pd-sync-error.h"
#include "pd-json-doc.h"
#include "pd-timestamp.h"

/* Longest accepted values, in bytes: generous for people's text, tight
 * enough that a hostile feed cannot grow the store without bound. */
#define MAX_ID         256
#define MAX_TYPE       64
#define MAX_TEXT       2048
#define MAX_LONG_TEXT  65536
#define MAX_URL        4096
#define MAX_LIST       1000
#define MAX_DAYS       36500

typedef const char *(*Canonicalize) (const char  *text,
                                     GError     **error);

#define ENUM_CANON(name, ctype)                                 \
  static const char *                                           \
  canon_##name (const char  *text,                              \
                GError     **error)                             \
  {                                                             \
    ctype value;                                                \
                                                                \
    if (!pd_##name##_parse (text, &value, error))               \
      return NULL;                                              \
    return pd_##name##_to_string (value);                       \
  }

ENUM_CANON (review_status, PdReviewStatus)
ENUM_CANON (store_status, PdStoreStatus)
ENUM_CANON (governance, PdGovernance)
ENUM_CANON (link_kind, PdLinkKind)
ENUM_CANON (link_state, PdLinkState)
ENUM_CANON (category_state, PdCategoryState)
ENUM_CANON (service_type, PdServiceType)
ENUM_CANON (seller_request_status, PdSellerRequestStatus)
ENUM_CANON (request_type, PdRequestType)
ENUM_CANON (authorization_state, PdAuthorizationState)
ENUM_CANON (payout_status, PdPayoutStatus)

typedef enum
{
  K_ID,         /* a non-empty string of at most MAX_ID bytes */
  K_TEXT,
  K_LONG_TEXT,
  K_URL,
  K_ENUM,       /* canonical token of a domain enumeration */
  K_TIME,       /* ISO 8601 with an offset -> unix seconds */
  K_MONEY,      /* decimal string -> minor units of the currency beside it */
  K_CURRENCY,
  K_RATE,       /* decimal string -> millionths */
  K_COUNTRY,
  K_COUNTRIES,  /* array of codes -> "DE;FR" */
  K_MARKET,
  K_DAYS,
  K_STRINGS,    /* array of ids -> JSON array text */
  K_QUARTER,    /* "2026Q1" */
  K_VIA_TOKEN,  /* computed: the token of a store's via_link */
  K_NOW,        /* computed: the time of the apply */
  K_CLEARED,    /* computed: NULL on every upsert */
} Kind;

enum
{
  F_REQUIRED    = 1 << 0,
};

/* How to read one column of a store table (pd-store-tables.c) from the
 * wire: the fields of a type follow its table's columns, in order. */
typedef struct
{
  const char   *member;    /* NULL: the column's name; "requirement.amount": one level of nesting at most */
  Kind          kind;
  guint         flags;
  const char   *currency;  /* K_MONEY: the member holding its currency */
  Canonicalize  canon;     /* K_ENUM */
  const char   *fallback;  /* an absent optional member stores this instead of NULL */
} Field;

typedef struct
{
  const char         *type;
  const Field        *fields;
  guint               n_fields;
} TypeSpec;

static const Field program_fields[] = {
  { NULL, K_ID, F_REQUIRED },
};

static const Field fx_rate_fields[] = {
  { NULL, K_CURRENCY, F_REQUIRED },
  { "cny_per_unit", K_RATE, F_REQUIRED },
  { NULL, K_NOW },
};

static const Field target_fields[] = {
  { NULL, K_ID },
  { NULL, K_ID, F_REQUIRED },
  { NULL, K_TEXT, F_REQUIRED },
  { NULL, K_TEXT },
  { NULL, K_MARKET, F_REQUIRED },
  { NULL, K_COUNTRY },
  { NULL, K_TEXT },
  { NULL, K_TEXT },
  { NULL, K_TEXT },
  { NULL, K_ENUM, 0, NULL, canon_review_status, "pending" },
  { NULL, K_NOW },
  { NULL, K_CLEARED },
};

static const Field store_fields[] = {
  { NULL, K_ID, F_REQUIRED },
  { NULL, K_ID, F_REQUIRED },
  { NULL, K_MARKET },
  { NULL, K_TIME },
  { NULL, K_URL },
  { "via_link", K_VIA_TOKEN },
  { NULL, K_TIME },
  { NULL, K_MONEY, 0, "gmv_currency" },
  { NULL, K_CURRENCY },
  { NULL, K_COUNTRIES, 0, NULL, NULL, "" },
  { NULL, K_ENUM, 0, NULL, canon_store_status, "normal" },
  { NULL, K_ENUM, 0, NULL, canon_governance, "none" },
  { NULL, K_TEXT },
};

static const Field link_fields[] = {
  { NULL, K_ID, F_REQUIRED },
  { NULL, K_ENUM, F_REQUIRED, NULL, canon_link_kind },
  { NULL, K_URL, F_REQUIRED },
  { NULL, K_ENUM, F_REQUIRED, NULL, canon_link_state },
  { NULL, K_TIME, F_REQUIRED },
  { NULL, K_ID },
  { NULL, K_MARKET },
  { NULL, K_ID },
  { NULL, K_ID },
  { NULL, K_TIME },
  { NULL, K_TIME },
  { NULL, K_TIME },
  { NULL, K_DAYS },
  { NULL, K_TEXT },
};

static const Field category_fields[] = {
  { NULL, K_ID, F_REQUIRED },
  { NULL, K_TEXT, F_REQUIRED },
  { NULL, K_ENUM, F_REQUIRED, NULL, canon_category_state },
  { "requirement.metric", K_TEXT },
  { "requirement.amount", K_MONEY, 0, "requirement.currency" },
  { "requirement.currency", K_CURRENCY },
  { "requirement.operation_qualification", K_LONG_TEXT },
  { "current.amount", K_MONEY, 0, "current.currency" },
  { "current.currency", K_CURRENCY },
};

static const Field service_fields[] = {
  { NULL, K_ID, F_REQUIRED },
  { NULL, K_ID, F_REQUIRED },
  { NULL, K_TEXT, F_REQUIRED },
  { NULL, K_ENUM, F_REQUIRED, NULL, canon_service_type },
  { NULL, K_LONG_TEXT },
  { NULL, K_MONEY, 0, "currency" },
  { NULL, K_CURRENCY },
};

static const Field seller_request_fields[] = {
  { NULL, K_ID, F_REQUIRED },
  { NULL, K_ENUM, F_REQUIRED, NULL, canon_seller_request_status },
  { NULL, K_ENUM, F_REQUIRED, NULL, canon_request_type },
  { NULL, K_ID },
  { NULL, K_TEXT },
  { NULL, K_TEXT },
  { NULL, K_CURRENCY },
  { NULL, K_MONEY, 0, "currency" },
  { NULL, K_MONEY, 0, "currency" },
  { NULL, K_MONEY, 0, "currency" },
  { NULL, K_TEXT },
  { NULL, K_TEXT },
  { NULL, K_LONG_TEXT },
  { NULL, K_TEXT },
  { NULL, K_TEXT },
  { NULL, K_TIME, F_REQUIRED },
  { NULL, K_TIME, F_REQUIRED },
};

static const Field authorization_fields[] = {
  { NULL, K_ID, F_REQUIRED },
  { NULL, K_ENUM, F_REQUIRED, NULL, canon_authorization_state },
  { NULL, K_ID, F_REQUIRED },
  { NULL, K_ID, F_REQUIRED },
  { NULL, K_STRINGS, 0, NULL, NULL, "[]" },
  { NULL, K_TEXT },
  { NULL, K_TEXT },
  { NULL, K_TIME, F_REQUIRED },
  { NULL, K_TIME },
  { NULL, K_DAYS },
  { NULL, K_ID },
};

static const Field payout_fields[] = {
  { NULL, K_ID, F_REQUIRED },
  { NULL, K_ID, F_REQUIRED },
  { NULL, K_QUARTER, F_REQUIRED },
  { NULL, K_MONEY, F_REQUIRED, "currency" },
  { NULL, K_CURRENCY, F_REQUIRED },
  { NULL, K_ENUM, F_REQUIRED, NULL, canon_payout_status },
  { NULL, K_TIME },
};

#define SPEC(type, fields) { type, fields, G_N_ELEMENTS (fields) }

/* The program spec is special-cased: the whole file is validated by
 * PdProgram and saved by pd_store_save_program(). */
static const TypeSpec specs[] = {
  SPEC ("program", program_fields),
  SPEC ("fx_rate", fx_rate_fields),
  SPEC ("target_merchant", target_fields),
  SPEC ("store", store_fields),
  SPEC ("link", link_fields),
  SPEC ("service_category", category_fields),
  SPEC ("service", service_fields),
  SPEC ("seller_request", seller_request_fields),
  SPEC ("authorization", authorization_fields),
  SPEC ("payout", payout_fields),
};

#define PROGRAM_SPEC (&specs[0])
#define TARGET_SPEC (&specs[2])

static const TypeSpec *
lookup_spec (const char          *type,
             const PdStoreTable **table_out)
{
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    if (g_str_equal (specs[i].type, type))
      {
        *table_out = pd_store_table_lookup (type);
        /* The fields follow the table's columns one to one. */
        g_assert (*table_out != NULL && (*table_out)->n_columns == specs[i].n_fields);
        return &specs[i];
      }
  *table_out = NULL;
  return NULL;
}

/* The wire member of the @i-th field: the column's own name unless the
 * field says otherwise. */
static const char *
field_member (const PdStoreTable *table,
              const TypeSpec     *spec,
              guint               i)
{
  return spec->fields[i].member != NULL ? spec->fields[i].member : table->columns[i].name;
}

static gboolean
field_is_key (const PdStoreTable *table,
              guint               i)
{
  return (table->columns[i].flags & PD_TABLE_COLUMN_KEY) != 0;
}

/* @base is what the store applies; its values and keys point into this
 * change, their text into @doc. */
struct _PdDecodedChange
{
  PdStoreChange   base;
  const TypeSpec *spec;     /* NULL: a type this client does not know */
  PdJsonDoc      *doc;
  char           *id;
  PdChangeValue          *values;   /* spec->n_fields, for upserts */
  PdChangeValue           keys[2];  /* the primary key, from the id */
  guint           n_keys;
};

/* Points the store's view at what this change holds. */
static PdDecodedChange *
finish_change (PdDecodedChange *change)
{
  change->base.id = change->id;
  change->base.values = change->values;
  change->base.keys = change->keys;
  change->base.n_keys = change->n_keys;
  return change;
}

void
pd_decoded_change_free (PdDecodedChange *change)
{
  if (change == NULL)
    return;
  if (change->values != NULL)
    {
      for (guint i = 0; i < change->spec->n_fields; i++)
        pd_change_value_clear (&change->values[i]);
      g_free (change->values);
    }
  for (guint i = 0; i < G_N_ELEMENTS (change->keys); i++)
    pd_change_value_clear (&change->keys[i]);
  g_clear_object (&change->base.program);
  g_clear_pointer (&change->doc, pd_json_doc_unref);
  g_free (change->id);
  g_free (change);
}

gint64
pd_decoded_change_get_seq (const PdDecodedChange *change)
{
  return change->base.seq;
}

const char *
pd_decoded_change_get_type_name (const PdDecodedChange *change)
{
  return change->base.type;
}

const char *
pd_decoded_change_get_id (const PdDecodedChange *change)
{
  return change->id;
}

gint64
pd_decoded_change_get_version (const PdDecodedChange *change)
{
  return change->base.version;
}

PdChangeOp
pd_decoded_change_get_op (const PdDecodedChange *change)
{
  return change->base.op;
}

gboolean
pd_decoded_change_is_known (const PdDecodedChange *change)
{
  return change->spec != NULL;
}

const PdStoreChange *
pd_decoded_change_get_store_change (const PdDecodedChange *change)
{
  return &change->base;
}

static void
set_invalid (GError     **error,
             const char  *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
set_invalid (GError     **error,
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
 * link field holding the token alone (domain.md). NULL otherwise: the
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
                    PdChangeValue              *out,
                    GError            **error)
{
  guint n = pd_json_value_get_length (array);
  g_autoptr(GString) joined = g_string_new (NULL);
  g_autoptr(JsonArray) ids = NULL;
  const PdJsonValue *element;
  guint i = 0;

  if (n > MAX_LIST)
    {
      set_invalid (error, _("%s.%s has %u items; expected at most %u"), where, member, n, MAX_LIST);
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
          set_invalid (error, _("%s.%s[%u] is %s; expected a string"), where, member, i,
                       pd_json_value_describe (element));
          return FALSE;
        }
      if (countries)
        {
          g_autoptr(GError) local_error = NULL;
          char code[3];

          if (!pd_country_parse (text, code, &local_error))
            {
              set_invalid (error, _("%s.%s[%u]: %s"), where, member, i, local_error->message);
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
              set_invalid (error, _("%s.%s[%u] is not an id; expected 1 to %d bytes"),
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
      set_invalid (error, _("%s.%s: %s"), inner_where, member, local_error->message);
      return FALSE;
    }
  *present = TRUE;
  return TRUE;
}

static gboolean
decode_field (const PdJsonValue  *data,
              const char         *where,
              const Field        *field,
              const char         *path,
              gint64              now,
              PdChangeValue              *out,
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
          set_invalid (error, _("%s.%s is missing"), where, path);
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
          set_invalid (error, _("%s.%s is empty; expected an id"), inner_where, member);
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
            set_invalid (error, _("%s.%s: %s"), inner_where, member, local_error->message);
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
            set_invalid (error, _("%s.%s: %s"), inner_where, member, local_error->message);
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
            set_invalid (error, _("%s.%s is an amount without its currency; expected %s beside it"),
                         inner_where, member, field->currency);
            return FALSE;
          }
        if (!pd_money_parse (text, currency, PD_MONEY_PARSE_NO_GROUPING, &money, &local_error))
          {
            set_invalid (error, _("%s.%s: %s"), inner_where, member, local_error->message);
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
            set_invalid (error, _("%s.%s: %s"), inner_where, member, local_error->message);
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
            set_invalid (error, _("%s.%s: %s"), inner_where, member, local_error->message);
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
            set_invalid (error, _("%s.%s: %s"), inner_where, member, local_error->message);
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
            set_invalid (error, _("%s.%s is “%s”; expected a market code such as EU, JP or US"),
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
          set_invalid (error, _("%s.%s is “%s”; expected a quarter such as 2026Q1"),
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

static gboolean
decode_program (PdDecodedChange    *change,
                const PdJsonValue  *data,
                const char         *where,
                GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = pd_json_doc_dup_text (change->doc, data);

  change->base.program = pd_program_new_from_platform (text, -1, where, &local_error);
  if (change->base.program == NULL)
    {
      set_invalid (error, "%s", local_error->message);
      return FALSE;
    }
  if (!g_str_equal (pd_program_get_id (change->base.program), change->id))
    {
      set_invalid (error, _("%s.id is “%s” but the change is for program “%s”; expected the same id"),
                   where, pd_program_get_id (change->base.program), change->id);
      return FALSE;
    }
  return TRUE;
}

/* The primary key from the change's id: "<program_id>:<seller_id>" for a
 * target merchant, the id itself otherwise. */
static gboolean
set_keys_from_id (PdDecodedChange  *change,
                  const char       *where,
                  GError          **error)
{
  if (change->spec == TARGET_SPEC)
    {
      const char *colon = strchr (change->id, ':');

      if (colon == NULL || colon == change->id || colon[1] == '\0')
        {
          set_invalid (error, _("%s.id is “%s”; expected <program_id>:<seller_id> for a target merchant"),
                       where, change->id);
          return FALSE;
        }
      pd_change_value_take_text (&change->keys[0], g_strndup (change->id, (gsize) (colon - change->id)));
      pd_change_value_set_text (&change->keys[1], colon + 1);
      change->n_keys = 2;
    }
  else
    {
      pd_change_value_set_text (&change->keys[0], change->id);
      change->n_keys = 1;
    }
  return TRUE;
}

static gboolean
decode_upsert (PdDecodedChange    *change,
               const PdJsonValue  *data,
               const char         *where,
               GError            **error)
{
  const TypeSpec *spec = change->spec;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint key = 0;

  if (spec == PROGRAM_SPEC)
    return decode_program (change, data, where, error);

  change->values = g_new0 (PdChangeValue, spec->n_fields);
  for (guint i = 0; i < spec->n_fields; i++)
    {
      const Field *field = &spec->fields[i];
      PdChangeValue *value = &change->values[i];

      if (!decode_field (data, where, field, field_member (change->base.table, spec, i), now, value, error))
        return FALSE;
      if (!field_is_key (change->base.table, i))
        continue;

      /* A target merchant's program may be left out of its data: it is
       * in the change's id. */
      if (value->kind == PD_CHANGE_VALUE_NULL && key < change->n_keys)
        pd_change_value_set_text (value, change->keys[key].text);
      if (value->kind != PD_CHANGE_VALUE_TEXT || key >= change->n_keys ||
          !g_str_equal (value->text, change->keys[key].text))
        {
          set_invalid (error, _("%s.%s is “%s” but the change is for %s “%s”; expected the same id"),
                       where, field_member (change->base.table, spec, i), value->kind == PD_CHANGE_VALUE_TEXT ? value->text : "",
                       spec->type, change->id);
          return FALSE;
        }
      key++;
    }
  return TRUE;
}

PdDecodedChange *
pd_decoded_change_new_from_feed (PdJsonDoc          *doc,
                                 const PdJsonValue  *object,
                                 const char         *where,
                                 GError            **error)
{
  g_autoptr(PdDecodedChange) change = g_new0 (PdDecodedChange, 1);
  const char *type, *id, *op;
  const PdJsonValue *data = NULL;
  char data_where[512];

  change->doc = pd_json_doc_ref (doc);
  if (!pd_json_get_integer (object, where, "seq", TRUE, 0, G_MAXINT64, NULL, &change->base.seq, error) ||
      !pd_json_get_string (object, where, "type", TRUE, MAX_TYPE, &type, error) ||
      !pd_json_get_string (object, where, "id", TRUE, MAX_ID * 2 + 1, &id, error) ||
      !pd_json_get_string (object, where, "op", TRUE, 16, &op, error) ||
      !pd_json_get_integer (object, where, "version", TRUE, 0, G_MAXINT64, NULL, &change->base.version, error))
    return NULL;

  if (*id == '\0')
    {
      set_invalid (error, _("%s.id is empty; expected the object’s id"), where);
      return NULL;
    }
  if (g_str_equal (op, "upsert"))
    change->base.op = PD_CHANGE_OP_UPSERT;
  else if (g_str_equal (op, "delete"))
    change->base.op = PD_CHANGE_OP_DELETE;
  else
    {
      set_invalid (error, _("%s.op is “%s”; expected upsert or delete"), where, op);
      return NULL;
    }

  change->base.type = type;
  change->id = g_strdup (id);
  change->spec = lookup_spec (type, &change->base.table);
  if (change->spec == NULL)
    {
      g_debug ("%s: skipping a change of unknown type “%s”", where, type);
      return finish_change (g_steal_pointer (&change));
    }
  if (!set_keys_from_id (change, where, error))
    return NULL;
  if (change->base.op == PD_CHANGE_OP_DELETE)
    return finish_change (g_steal_pointer (&change));

  if (!pd_json_get_object (object, where, "data", TRUE, &data, error))
    return NULL;
  g_snprintf (data_where, sizeof data_where, "%s (%s %.200s) data", where, type, id);
  if (!decode_upsert (change, data, data_where, error))
    return NULL;
  return finish_change (g_steal_pointer (&change));
}

PdDecodedChange *
pd_decoded_change_new_from_object (PdJsonDoc          *doc,
                                   const char         *type,
                                   const PdJsonValue  *object,
                                   const char         *where,
                                   GError            **error)
{
  g_autoptr(PdDecodedChange) change = g_new0 (PdDecodedChange, 1);
  const PdStoreTable *table = NULL;
  const TypeSpec *spec = lookup_spec (type, &table);
  const char *parts[2] = { NULL, NULL };
  guint n = 0;

  g_return_val_if_fail (spec != NULL, NULL);

  change->doc = pd_json_doc_ref (doc);
  change->spec = spec;
  change->base.table = table;
  change->base.type = spec->type;
  change->base.op = PD_CHANGE_OP_UPSERT;
  if (!pd_json_get_integer (object, where, "version", TRUE, 0, G_MAXINT64, NULL, &change->base.version, error))
    return NULL;

  for (guint i = 0; i < spec->n_fields && n < 2; i++)
    if (field_is_key (table, i))
      {
        if (!pd_json_get_string (object, where, field_member (table, spec, i), TRUE, MAX_ID, &parts[n], error))
          return NULL;
        n++;
      }
  change->id = n == 2 ? g_strconcat (parts[0], ":", parts[1], NULL) : g_strdup (parts[0]);
  if (!set_keys_from_id (change, where, error) ||
      !decode_upsert (change, object, where, error))
    return NULL;
  return finish_change (g_steal_pointer (&change));
}
