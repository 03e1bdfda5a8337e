/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sync"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "pd-change-applier.h"
#include "pd-country.h"
#include "pd-currency.h"
#include "pd-enums.h"
#include "pd-money.h"
#include "pd-program.h"
#include "pd-safe-text.h"
#include "pd-store-private.h"
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
  F_KEY         = 1 << 1,
  F_KEEP_LOCAL  = 1 << 2,  /* the agency's field: a local value wins */
  F_INSERT_ONLY = 1 << 3,
};

typedef struct
{
  const char   *member;    /* "requirement.amount": one level of nesting at most */
  const char   *column;
  Kind          kind;
  guint         flags;
  const char   *currency;  /* K_MONEY: the member holding its currency */
  Canonicalize  canon;     /* K_ENUM */
  const char   *fallback;  /* an absent optional member stores this instead of NULL */
} Field;

typedef struct
{
  const char  *type;
  const char  *table;
  const Field *fields;
  guint        n_fields;
  gboolean     keeps_row_on_delete;  /* target merchants: left_at is set instead */
} TypeSpec;

static const Field program_fields[] = {
  { "id", "id", K_ID, F_REQUIRED | F_KEY },
};

static const Field fx_rate_fields[] = {
  { "currency", "currency", K_CURRENCY, F_REQUIRED | F_KEY },
  { "cny_per_unit", "cny_per_unit_micros", K_RATE, F_REQUIRED },
  { NULL, "updated_at", K_NOW },
};

static const Field target_fields[] = {
  { "program_id", "program_id", K_ID, F_KEY },
  { "seller_id", "seller_id", K_ID, F_REQUIRED | F_KEY },
  { "seller_name", "seller_name", K_TEXT, F_REQUIRED },
  { "brand", "brand", K_TEXT },
  { "market", "market", K_MARKET, F_REQUIRED },
  { "country", "country", K_COUNTRY },
  { "contact_name", "contact_name", K_TEXT },
  { "contact_email", "contact_email", K_TEXT },
  { "contact_phone", "contact_phone", K_TEXT },
  { "review_status", "review_status", K_ENUM, 0, NULL, canon_review_status, "pending" },
  { NULL, "listed_at", K_NOW, F_INSERT_ONLY },
  { NULL, "left_at", K_CLEARED },
};

static const Field store_fields[] = {
  { "store_id", "store_id", K_ID, F_REQUIRED | F_KEY },
  { "seller_id", "seller_id", K_ID, F_REQUIRED },
  { "market", "market", K_MARKET },
  { "onboarded_at", "onboarded_at", K_TIME },
  { "via_link", "via_link", K_URL },
  { "via_link", "via_token", K_VIA_TOKEN },
  { "first_sale_at", "first_sale_at", K_TIME },
  { "settled_gmv_30d", "settled_gmv_30d", K_MONEY, 0, "gmv_currency" },
  { "gmv_currency", "gmv_currency", K_CURRENCY },
  { "inventory_countries", "inventory_countries", K_COUNTRIES, 0, NULL, NULL, "" },
  { "store_status", "store_status", K_ENUM, 0, NULL, canon_store_status, "normal" },
  { "governance", "governance", K_ENUM, 0, NULL, canon_governance, "none" },
  { "governance_reason", "governance_reason", K_TEXT },
};

static const Field link_fields[] = {
  { "token", "token", K_ID, F_REQUIRED | F_KEY },
  { "kind", "kind", K_ENUM, F_REQUIRED, NULL, canon_link_kind },
  { "url", "url", K_URL, F_REQUIRED },
  { "state", "state", K_ENUM, F_REQUIRED, NULL, canon_link_state },
  { "created_at", "created_at", K_TIME, F_REQUIRED },
  { "seller_id", "seller_id", K_ID },
  { "market", "market", K_MARKET },
  { "program_id", "program_id", K_ID },
  { "service_id", "service_id", K_ID },
  { "expires_at", "expires_at", K_TIME },
  { "used_at", "used_at", K_TIME },
  { "revoked_at", "revoked_at", K_TIME },
  { "duration_days", "duration_days", K_DAYS },
  { "staff", "staff", K_TEXT, F_KEEP_LOCAL },
};

static const Field category_fields[] = {
  { "id", "id", K_ID, F_REQUIRED | F_KEY },
  { "name", "name", K_TEXT, F_REQUIRED },
  { "state", "state", K_ENUM, F_REQUIRED, NULL, canon_category_state },
  { "requirement.metric", "requirement_metric", K_TEXT },
  { "requirement.amount", "requirement_amount", K_MONEY, 0, "requirement.currency" },
  { "requirement.currency", "requirement_currency", K_CURRENCY },
  { "requirement.operation_qualification", "operation_qualification", K_LONG_TEXT },
  { "current.amount", "current_amount", K_MONEY, 0, "current.currency" },
  { "current.currency", "current_currency", K_CURRENCY },
};

static const Field service_fields[] = {
  { "id", "id", K_ID, F_REQUIRED | F_KEY },
  { "category_id", "category_id", K_ID, F_REQUIRED },
  { "name", "name", K_TEXT, F_REQUIRED },
  { "type", "type", K_ENUM, F_REQUIRED, NULL, canon_service_type },
  { "description", "description", K_LONG_TEXT },
  { "price", "price", K_MONEY, 0, "currency" },
  { "currency", "currency", K_CURRENCY },
};

static const Field seller_request_fields[] = {
  { "id", "id", K_ID, F_REQUIRED | F_KEY },
  { "status", "status", K_ENUM, F_REQUIRED, NULL, canon_seller_request_status },
  { "request_type", "request_type", K_ENUM, F_REQUIRED, NULL, canon_request_type },
  { "category_id", "category_id", K_ID },
  { "location", "location", K_TEXT },
  { "company_size", "company_size", K_TEXT },
  { "currency", "currency", K_CURRENCY },
  { "monthly_tiktok_shop_gmv", "monthly_tiktok_shop_gmv", K_MONEY, 0, "currency" },
  { "monthly_other_gmv", "monthly_other_gmv", K_MONEY, 0, "currency" },
  { "monthly_budget", "monthly_budget", K_MONEY, 0, "currency" },
  { "main_category", "main_category", K_TEXT },
  { "best_selling_product", "best_selling_product", K_TEXT },
  { "other_details", "other_details", K_LONG_TEXT },
  { "contact_name", "contact_name", K_TEXT },
  { "contact_email", "contact_email", K_TEXT },
  { "created_at", "created_at", K_TIME, F_REQUIRED },
  { "updated_at", "updated_at", K_TIME, F_REQUIRED },
};

static const Field authorization_fields[] = {
  { "id", "id", K_ID, F_REQUIRED | F_KEY },
  { "state", "state", K_ENUM, F_REQUIRED, NULL, canon_authorization_state },
  { "seller_id", "seller_id", K_ID, F_REQUIRED },
  { "service_id", "service_id", K_ID, F_REQUIRED },
  { "shop_ids", "shop_ids", K_STRINGS, 0, NULL, NULL, "[]" },
  { "contact_name", "contact_name", K_TEXT },
  { "contact_email", "contact_email", K_TEXT },
  { "starts_at", "starts_at", K_TIME, F_REQUIRED },
  { "expires_at", "expires_at", K_TIME },
  { "duration_days", "duration_days", K_DAYS },
  { "renewal_of", "renewal_of", K_ID },
};

static const Field payout_fields[] = {
  { "id", "id", K_ID, F_REQUIRED | F_KEY },
  { "program_id", "program_id", K_ID, F_REQUIRED },
  { "quarter", "quarter", K_QUARTER, F_REQUIRED },
  { "amount", "amount", K_MONEY, F_REQUIRED, "currency" },
  { "currency", "currency", K_CURRENCY, F_REQUIRED },
  { "status", "status", K_ENUM, F_REQUIRED, NULL, canon_payout_status },
  { "paid_at", "paid_at", K_TIME },
};

#define SPEC(type, table, fields, keeps) { type, table, fields, G_N_ELEMENTS (fields), keeps }

/* The program spec is special-cased: the whole file is validated by
 * PdProgram and saved by pd_store_save_program(). */
static const TypeSpec specs[] = {
  SPEC ("program", "programs", program_fields, FALSE),
  SPEC ("fx_rate", "exchange_rates", fx_rate_fields, FALSE),
  SPEC ("target_merchant", "target_merchants", target_fields, TRUE),
  SPEC ("store", "stores", store_fields, FALSE),
  SPEC ("link", "links", link_fields, FALSE),
  SPEC ("service_category", "service_categories", category_fields, FALSE),
  SPEC ("service", "services", service_fields, FALSE),
  SPEC ("seller_request", "seller_requests", seller_request_fields, FALSE),
  SPEC ("authorization", "authorizations", authorization_fields, FALSE),
  SPEC ("payout", "payouts", payout_fields, FALSE),
};

#define PROGRAM_SPEC (&specs[0])
#define TARGET_SPEC (&specs[2])

static const TypeSpec *
lookup_spec (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    if (g_str_equal (specs[i].type, type))
      return &specs[i];
  return NULL;
}

/* Decoded values */

typedef enum
{
  V_NULL,
  V_INT,
  V_TEXT,
} ValueKind;

/* Text is borrowed from the JSON document (kept alive by the change) or
 * static, unless @owned holds it. */
typedef struct
{
  ValueKind   kind;
  gint64      number;
  const char *text;
  char       *owned;
} Value;

struct _PdDecodedChange
{
  const TypeSpec *spec;     /* NULL: a type this client does not know */
  PdJsonDoc      *doc;
  const char     *type;     /* borrowed from @doc */
  char           *id;
  PdChangeOp      op;
  gint64          seq;
  gint64          version;
  Value          *values;   /* spec->n_fields, for upserts */
  Value           keys[2];  /* the primary key, from the id */
  guint           n_keys;
  PdProgram      *program;
};

static void
value_clear (Value *value)
{
  g_clear_pointer (&value->owned, g_free);
  value->text = NULL;
  value->kind = V_NULL;
}

static void
value_set_text (Value      *value,
                const char *text)
{
  value_clear (value);
  value->kind = V_TEXT;
  value->text = text;
}

static void
value_take_text (Value *value,
                 char  *text)
{
  value_clear (value);
  value->kind = V_TEXT;
  value->text = value->owned = text;
}

static void
value_set_int (Value  *value,
               gint64  number)
{
  value_clear (value);
  value->kind = V_INT;
  value->number = number;
}

void
pd_decoded_change_free (PdDecodedChange *change)
{
  if (change == NULL)
    return;
  if (change->values != NULL)
    {
      for (guint i = 0; i < change->spec->n_fields; i++)
        value_clear (&change->values[i]);
      g_free (change->values);
    }
  for (guint i = 0; i < G_N_ELEMENTS (change->keys); i++)
    value_clear (&change->keys[i]);
  g_clear_object (&change->program);
  g_clear_pointer (&change->doc, pd_json_doc_unref);
  g_free (change->id);
  g_free (change);
}

gint64
pd_decoded_change_get_seq (const PdDecodedChange *change)
{
  return change->seq;
}

const char *
pd_decoded_change_get_type_name (const PdDecodedChange *change)
{
  return change->type;
}

const char *
pd_decoded_change_get_id (const PdDecodedChange *change)
{
  return change->id;
}

gint64
pd_decoded_change_get_version (const PdDecodedChange *change)
{
  return change->version;
}

PdChangeOp
pd_decoded_change_get_op (const PdDecodedChange *change)
{
  return change->op;
}

gboolean
pd_decoded_change_is_known (const PdDecodedChange *change)
{
  return change->spec != NULL;
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
                    Value              *out,
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
    value_take_text (out, g_string_free (g_steal_pointer (&joined), FALSE));
  else
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (node, ids);
      value_take_text (out, json_to_string (node, FALSE));
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
              gint64              now,
              Value              *out,
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
      value_set_int (out, now);
      return TRUE;
    case K_CLEARED:
      value_clear (out);
      return TRUE;
    default:
      break;
    }

  if (!resolve_member (data, where, field->member, &object, &member, buffer, sizeof buffer,
                       &inner_where, error))
    return FALSE;
  if (object == NULL)
    {
      if (required)
        {
          set_invalid (error, _("%s.%s is missing"), where, field->member);
          return FALSE;
        }
      if (field->fallback != NULL)
        value_set_text (out, field->fallback);
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
          value_set_int (out, days);
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
              value_set_text (out, field->fallback);
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
        value_set_text (out, field->fallback);
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
      value_set_text (out, text);
      return TRUE;

    case K_TEXT:
    case K_LONG_TEXT:
      /* People's text is stored printable: no escape sequences, no
       * bidi overrides; descriptions keep their lines. */
      if (pd_safe_text_is_safe (text, field->kind == K_LONG_TEXT ? PD_SAFE_TEXT_MULTILINE : 0))
        value_set_text (out, text);
      else
        value_take_text (out, pd_safe_text_dup (text, -1, 0, field->kind == K_LONG_TEXT
                                                             ? PD_SAFE_TEXT_MULTILINE : 0));
      return TRUE;

    case K_URL:
      value_set_text (out, text);
      return TRUE;

    case K_VIA_TOKEN:
      {
        char *token = via_token_from_link (text);

        if (token != NULL)
          value_take_text (out, token);
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
        value_set_text (out, canonical);
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
        value_set_int (out, when);
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
        value_set_int (out, money.minor);
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
        value_take_text (out, g_strdup (code));
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
        value_set_int (out, rate.micros);
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
        value_take_text (out, g_strdup (code));
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
          value_set_text (out, text);
        else
          value_take_text (out, g_ascii_strup (text, -1));
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
      value_set_text (out, text);
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

  change->program = pd_program_new_from_platform (text, -1, where, &local_error);
  if (change->program == NULL)
    {
      set_invalid (error, "%s", local_error->message);
      return FALSE;
    }
  if (!g_str_equal (pd_program_get_id (change->program), change->id))
    {
      set_invalid (error, _("%s.id is “%s” but the change is for program “%s”; expected the same id"),
                   where, pd_program_get_id (change->program), change->id);
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
      value_take_text (&change->keys[0], g_strndup (change->id, (gsize) (colon - change->id)));
      value_set_text (&change->keys[1], colon + 1);
      change->n_keys = 2;
    }
  else
    {
      value_set_text (&change->keys[0], change->id);
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

  change->values = g_new0 (Value, spec->n_fields);
  for (guint i = 0; i < spec->n_fields; i++)
    {
      const Field *field = &spec->fields[i];
      Value *value = &change->values[i];

      if (!decode_field (data, where, field, now, value, error))
        return FALSE;
      if (!(field->flags & F_KEY))
        continue;

      /* A target merchant's program may be left out of its data: it is
       * in the change's id. */
      if (value->kind == V_NULL && key < change->n_keys)
        value_set_text (value, change->keys[key].text);
      if (value->kind != V_TEXT || key >= change->n_keys ||
          !g_str_equal (value->text, change->keys[key].text))
        {
          set_invalid (error, _("%s.%s is “%s” but the change is for %s “%s”; expected the same id"),
                       where, field->member, value->kind == V_TEXT ? value->text : "",
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
  if (!pd_json_get_integer (object, where, "seq", TRUE, 0, G_MAXINT64, NULL, &change->seq, error) ||
      !pd_json_get_string (object, where, "type", TRUE, MAX_TYPE, &type, error) ||
      !pd_json_get_string (object, where, "id", TRUE, MAX_ID * 2 + 1, &id, error) ||
      !pd_json_get_string (object, where, "op", TRUE, 16, &op, error) ||
      !pd_json_get_integer (object, where, "version", TRUE, 0, G_MAXINT64, NULL, &change->version, error))
    return NULL;

  if (*id == '\0')
    {
      set_invalid (error, _("%s.id is empty; expected the object’s id"), where);
      return NULL;
    }
  if (g_str_equal (op, "upsert"))
    change->op = PD_CHANGE_OP_UPSERT;
  else if (g_str_equal (op, "delete"))
    change->op = PD_CHANGE_OP_DELETE;
  else
    {
      set_invalid (error, _("%s.op is “%s”; expected upsert or delete"), where, op);
      return NULL;
    }

  change->type = type;
  change->id = g_strdup (id);
  change->spec = lookup_spec (type);
  if (change->spec == NULL)
    {
      g_debug ("%s: skipping a change of unknown type “%s”", where, type);
      return g_steal_pointer (&change);
    }
  if (!set_keys_from_id (change, where, error))
    return NULL;
  if (change->op == PD_CHANGE_OP_DELETE)
    return g_steal_pointer (&change);

  if (!pd_json_get_object (object, where, "data", TRUE, &data, error))
    return NULL;
  g_snprintf (data_where, sizeof data_where, "%s (%s %.200s) data", where, type, id);
  if (!decode_upsert (change, data, data_where, error))
    return NULL;
  return g_steal_pointer (&change);
}

PdDecodedChange *
pd_decoded_change_new_from_object (PdJsonDoc          *doc,
                                   const char         *type,
                                   const PdJsonValue  *object,
                                   const char         *where,
                                   GError            **error)
{
  g_autoptr(PdDecodedChange) change = g_new0 (PdDecodedChange, 1);
  const TypeSpec *spec = lookup_spec (type);
  const char *parts[2] = { NULL, NULL };
  guint n = 0;

  g_return_val_if_fail (spec != NULL, NULL);

  change->doc = pd_json_doc_ref (doc);
  change->spec = spec;
  change->type = spec->type;
  change->op = PD_CHANGE_OP_UPSERT;
  if (!pd_json_get_integer (object, where, "version", TRUE, 0, G_MAXINT64, NULL, &change->version, error))
    return NULL;

  for (guint i = 0; i < spec->n_fields && n < 2; i++)
    if (spec->fields[i].flags & F_KEY)
      {
        if (!pd_json_get_string (object, where, spec->fields[i].member, TRUE, MAX_ID, &parts[n], error))
          return NULL;
        n++;
      }
  change->id = n == 2 ? g_strconcat (parts[0], ":", parts[1], NULL) : g_strdup (parts[0]);
  if (!set_keys_from_id (change, where, error) ||
      !decode_upsert (change, object, where, error))
    return NULL;
  return g_steal_pointer (&change);
}

/* The applier */

typedef struct
{
  sqlite3_stmt *upsert;
  sqlite3_stmt *select_version;
  sqlite3_stmt *remove;
} SpecStatements;

struct _PdChangeApplier
{
  GObject         parent_instance;

  PdStore        *store;
  SpecStatements  statements[G_N_ELEMENTS (specs)];
  sqlite3_stmt   *tombstone_get;
  sqlite3_stmt   *tombstone_put;
  sqlite3_stmt   *tombstone_remove;
  sqlite3_stmt   *program_version;
  gint            has_tombstones;  /* -1: unknown, look each one up */
};

G_DEFINE_FINAL_TYPE (PdChangeApplier, pd_change_applier, G_TYPE_OBJECT)

static void
pd_change_applier_finalize (GObject *object)
{
  PdChangeApplier *self = PD_CHANGE_APPLIER (object);

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_clear_pointer (&self->statements[i].upsert, sqlite3_finalize);
      g_clear_pointer (&self->statements[i].select_version, sqlite3_finalize);
      g_clear_pointer (&self->statements[i].remove, sqlite3_finalize);
    }
  g_clear_pointer (&self->tombstone_get, sqlite3_finalize);
  g_clear_pointer (&self->tombstone_put, sqlite3_finalize);
  g_clear_pointer (&self->tombstone_remove, sqlite3_finalize);
  g_clear_pointer (&self->program_version, sqlite3_finalize);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pd_change_applier_parent_class)->finalize (object);
}

static void
pd_change_applier_class_init (PdChangeApplierClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_change_applier_finalize;
}

static void
pd_change_applier_init (PdChangeApplier *self)
{
  self->has_tombstones = -1;
}

PdChangeApplier *
pd_change_applier_new (PdStore *store)
{
  PdChangeApplier *self;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  self = g_object_new (PD_TYPE_CHANGE_APPLIER, NULL);
  self->store = g_object_ref (store);
  return self;
}

/* Inside the caller's write transaction nobody else adds tombstones: when
 * there are none, the lookup before each upsert can be skipped. */
gboolean
pd_change_applier_begin (PdChangeApplier  *self,
                         GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PD_IS_CHANGE_APPLIER (self), FALSE);

  self->has_tombstones = -1;
  stmt = pd_store_prepare (self->store, "SELECT EXISTS (SELECT 1 FROM tombstones)", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pd_store_set_sql_error (self->store, error, _("reading the tombstones"));
      return FALSE;
    }
  self->has_tombstones = sqlite3_column_int (stmt, 0);
  return TRUE;
}

static char *
key_condition (const TypeSpec *spec,
               guint           first_parameter)
{
  GString *where = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; i < spec->n_fields; i++)
    if (spec->fields[i].flags & F_KEY)
      {
        g_string_append_printf (where, "%s%s = ?%u", n > 0 ? " AND " : "",
                                spec->fields[i].column, first_parameter + n);
        n++;
      }
  return g_string_free (where, FALSE);
}

/* INSERT ... ON CONFLICT DO UPDATE ... WHERE newer: the version rule in
 * one statement, so that sqlite3_changes() says whether it applied. */
static char *
build_upsert (const TypeSpec *spec)
{
  g_autoptr(GString) columns = g_string_new (NULL);
  g_autoptr(GString) values = g_string_new (NULL);
  g_autoptr(GString) keys = g_string_new (NULL);
  g_autoptr(GString) updates = g_string_new (NULL);

  for (guint i = 0; i < spec->n_fields; i++)
    {
      const Field *field = &spec->fields[i];

      g_string_append_printf (columns, "%s, ", field->column);
      g_string_append_printf (values, "?%u, ", i + 1);
      if (field->flags & F_KEY)
        g_string_append_printf (keys, "%s%s", keys->len > 0 ? ", " : "", field->column);
      else if (field->flags & F_KEEP_LOCAL)
        g_string_append_printf (updates, "%s = coalesce (%s.%s, excluded.%s), ",
                                field->column, spec->table, field->column, field->column);
      else if (!(field->flags & F_INSERT_ONLY))
        g_string_append_printf (updates, "%s = excluded.%s, ", field->column, field->column);
    }
  return g_strdup_printf ("INSERT INTO %s (%sversion) VALUES (%s?%u)"
                          " ON CONFLICT (%s) DO UPDATE SET %sversion = excluded.version"
                          " WHERE excluded.version > %s.version",
                          spec->table, columns->str, values->str, spec->n_fields + 1,
                          keys->str, updates->str, spec->table);
}

static SpecStatements *
get_statements (PdChangeApplier  *self,
                const TypeSpec   *spec,
                GError          **error)
{
  SpecStatements *statements = &self->statements[spec - specs];
  g_autofree char *condition = NULL;
  g_autofree char *sql = NULL;
  guint n_keys;

  if (statements->select_version != NULL)
    return statements;

  condition = key_condition (spec, 1);
  n_keys = spec == TARGET_SPEC ? 2 : 1;

  sql = g_strdup_printf ("SELECT version FROM %s WHERE %s", spec->table, condition);
  statements->select_version = pd_store_prepare (self->store, sql, error);
  if (statements->select_version == NULL)
    return NULL;

  g_free (sql);
  if (spec->keeps_row_on_delete)
    sql = g_strdup_printf ("UPDATE %s SET left_at = coalesce (left_at, ?%u), version = ?%u WHERE %s",
                           spec->table, n_keys + 1, n_keys + 2, condition);
  else
    sql = g_strdup_printf ("DELETE FROM %s WHERE %s", spec->table, condition);
  statements->remove = pd_store_prepare (self->store, sql, error);
  if (statements->remove == NULL)
    return NULL;

  if (spec != PROGRAM_SPEC)
    {
      g_free (sql);
      sql = build_upsert (spec);
      statements->upsert = pd_store_prepare (self->store, sql, error);
      if (statements->upsert == NULL)
        return NULL;
    }
  return statements;
}

static void
bind_value (sqlite3_stmt *stmt,
            int           index,
            const Value  *value)
{
  switch (value->kind)
    {
    case V_INT:
      sqlite3_bind_int64 (stmt, index, value->number);
      break;
    case V_TEXT:
      sqlite3_bind_text (stmt, index, value->text, -1, SQLITE_STATIC);
      break;
    case V_NULL:
    default:
      sqlite3_bind_null (stmt, index);
      break;
    }
}

static void
bind_keys (sqlite3_stmt          *stmt,
           const PdDecodedChange *change)
{
  for (guint i = 0; i < change->n_keys; i++)
    bind_value (stmt, (int) i + 1, &change->keys[i]);
}

/* Runs @stmt to its end; a statement is always reset, even on error. */
static gboolean
step_done (PdChangeApplier        *self,
           sqlite3_stmt           *stmt,
           const PdDecodedChange  *change,
           GError                **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;

  if (sqlite3_extended_errcode (pd_store_get_db (self->store)) == SQLITE_CONSTRAINT_FOREIGNKEY)
    g_set_error (error, PD_SYNC_ERROR, PD_SYNC_ERROR_INVALID_CHANGE,
                 _("change %" PRId64 " (%s %s) names a program this store does not have;"
                   " expected the program’s own change before it"),
                 change->seq, change->type, change->id);
  else
    {
      g_autofree char *what = g_strdup_printf (_("applying change %" PRId64 " (%s %s)"),
                                               change->seq, change->type, change->id);

      pd_store_set_sql_error (self->store, error, what);
    }
  return FALSE;
}

/* The version of a row or tombstone, -1 when there is none. */
static gboolean
query_version (PdChangeApplier        *self,
               sqlite3_stmt           *stmt,
               const PdDecodedChange  *change,
               gint64                 *version_out,
               GError                **error)
{
  int rc = sqlite3_step (stmt);

  *version_out = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;
  pd_store_set_sql_error (self->store, error, _("reading a version"));
  return FALSE;
}

static gboolean
prepare_tombstones (PdChangeApplier  *self,
                    GError          **error)
{
  if (self->program_version != NULL)
    return TRUE;
  if ((self->tombstone_get = pd_store_prepare (self->store,
                                               "SELECT version FROM tombstones"
                                               " WHERE type = ?1 AND id = ?2", error)) == NULL ||
      (self->tombstone_put = pd_store_prepare (self->store,
                                               "INSERT INTO tombstones (type, id, version)"
                                               " VALUES (?1, ?2, ?3) ON CONFLICT (type, id)"
                                               " DO UPDATE SET version = max (version, excluded.version)",
                                               error)) == NULL ||
      (self->tombstone_remove = pd_store_prepare (self->store,
                                                  "DELETE FROM tombstones WHERE type = ?1 AND id = ?2",
                                                  error)) == NULL ||
      (self->program_version = pd_store_prepare (self->store,
                                                 "UPDATE programs SET version = ?2 WHERE id = ?1",
                                                 error)) == NULL)
    return FALSE;
  return TRUE;
}

static gboolean
apply_program (PdChangeApplier        *self,
               const PdDecodedChange  *change,
               SpecStatements         *statements,
               gboolean               *applied_out,
               GError                **error)
{
  gint64 local;

  bind_keys (statements->select_version, change);
  if (!query_version (self, statements->select_version, change, &local, error))
    return FALSE;
  if (change->version <= local)
    return TRUE;

  if (!pd_store_save_program (self->store, change->program, "sync", error))
    return FALSE;
  sqlite3_bind_text (self->program_version, 1, change->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (self->program_version, 2, change->version);
  if (!step_done (self, self->program_version, change, error))
    return FALSE;
  *applied_out = TRUE;
  return TRUE;
}

gboolean
pd_change_applier_apply (PdChangeApplier        *self,
                         const PdDecodedChange  *change,
                         gboolean               *applied_out,
                         GError                **error)
{
  SpecStatements *statements;
  gint64 tombstone;

  g_return_val_if_fail (PD_IS_CHANGE_APPLIER (self), FALSE);
  g_return_val_if_fail (change != NULL, FALSE);

  *applied_out = FALSE;
  if (change->spec == NULL)
    return TRUE;

  if (!prepare_tombstones (self, error) ||
      (statements = get_statements (self, change->spec, error)) == NULL)
    return FALSE;

  tombstone = -1;
  if (self->has_tombstones != 0)
    {
      sqlite3_bind_text (self->tombstone_get, 1, change->type, -1, SQLITE_STATIC);
      sqlite3_bind_text (self->tombstone_get, 2, change->id, -1, SQLITE_STATIC);
      if (!query_version (self, self->tombstone_get, change, &tombstone, error))
        return FALSE;
    }
  if (change->version <= tombstone)
    return TRUE;

  if (change->op == PD_CHANGE_OP_UPSERT)
    {
      if (change->spec == PROGRAM_SPEC)
        {
          if (!apply_program (self, change, statements, applied_out, error))
            return FALSE;
        }
      else
        {
          for (guint i = 0; i < change->spec->n_fields; i++)
            bind_value (statements->upsert, (int) i + 1, &change->values[i]);
          sqlite3_bind_int64 (statements->upsert, (int) change->spec->n_fields + 1, change->version);
          if (!step_done (self, statements->upsert, change, error))
            return FALSE;
          *applied_out = sqlite3_changes (pd_store_get_db (self->store)) > 0;
        }

      if (*applied_out && tombstone >= 0)
        {
          sqlite3_bind_text (self->tombstone_remove, 1, change->type, -1, SQLITE_STATIC);
          sqlite3_bind_text (self->tombstone_remove, 2, change->id, -1, SQLITE_STATIC);
          if (!step_done (self, self->tombstone_remove, change, error))
            return FALSE;
        }
      return TRUE;
    }

  /* A delete: ignored when the local copy is as new or newer. */
  {
    gint64 local;

    bind_keys (statements->select_version, change);
    if (!query_version (self, statements->select_version, change, &local, error))
      return FALSE;
    if (change->version <= local)
      return TRUE;

    if (local >= 0)
      {
        bind_keys (statements->remove, change);
        if (change->spec->keeps_row_on_delete)
          {
            sqlite3_bind_int64 (statements->remove, (int) change->n_keys + 1,
                                g_get_real_time () / G_USEC_PER_SEC);
            sqlite3_bind_int64 (statements->remove, (int) change->n_keys + 2, change->version);
          }
        if (!step_done (self, statements->remove, change, error))
          return FALSE;
      }

    sqlite3_bind_text (self->tombstone_put, 1, change->type, -1, SQLITE_STATIC);
    sqlite3_bind_text (self->tombstone_put, 2, change->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (self->tombstone_put, 3, change->version);
    if (!step_done (self, self->tombstone_put, change, error))
      return FALSE;
    if (self->has_tombstones == 0)
      self->has_tombstones = 1;
    *applied_out = TRUE;
    return TRUE;
  }
}
