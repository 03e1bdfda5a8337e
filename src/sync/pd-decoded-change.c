/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-decoded-change.h"
#include "pd-enums.h"
#include "pd-program.h"
#include "pd-json-doc.h"
#include "pd-store-tables.h"
#include "pd-wire-field-private.h"

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

typedef struct
{
  const char        *type;
  const PdWireField *fields;
  guint              n_fields;
} TypeSpec;

/* Each list follows the columns of its store table (pd-store-tables.c),
 * one field per column in the same order; a member is named only where
 * the wire's name is not the column's. */

static const PdWireField program_fields[] = {
  { NULL, K_ID, F_REQUIRED },
};

static const PdWireField fx_rate_fields[] = {
  { NULL, K_CURRENCY, F_REQUIRED },
  { "cny_per_unit", K_RATE, F_REQUIRED },
  { NULL, K_NOW },
};

static const PdWireField target_fields[] = {
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

static const PdWireField store_fields[] = {
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

static const PdWireField link_fields[] = {
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
  /* renewal_of: the sandbox's link carries it; absent, the store keeps
   * what it knows (KEEP_LOCAL). */
  { NULL, K_ID },
};

static const PdWireField category_fields[] = {
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

static const PdWireField service_fields[] = {
  { NULL, K_ID, F_REQUIRED },
  { NULL, K_ID, F_REQUIRED },
  { NULL, K_TEXT, F_REQUIRED },
  { NULL, K_ENUM, F_REQUIRED, NULL, canon_service_type },
  { NULL, K_LONG_TEXT },
  { NULL, K_MONEY, 0, "currency" },
  { NULL, K_CURRENCY },
};

static const PdWireField seller_request_fields[] = {
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

static const PdWireField authorization_fields[] = {
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

static const PdWireField payout_fields[] = {
  { NULL, K_ID, F_REQUIRED },
  { NULL, K_ID, F_REQUIRED },
  { NULL, K_QUARTER, F_REQUIRED },
  { NULL, K_MONEY, F_REQUIRED, "currency" },
  { NULL, K_CURRENCY, F_REQUIRED },
  { NULL, K_ENUM, F_REQUIRED, NULL, canon_payout_status },
  { NULL, K_TIME },
  /* Beyond the contract: the merchant a withheld reward is for. */
  { NULL, K_ID },
  { NULL, K_ID },
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
  PdFeedChange   base;
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

const PdFeedChange *
pd_decoded_change_get_store_change (const PdDecodedChange *change)
{
  return &change->base;
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
      pd_wire_set_invalid (error, "%s", local_error->message);
      return FALSE;
    }
  if (!g_str_equal (pd_program_get_id (change->base.program), change->id))
    {
      pd_wire_set_invalid (error, _("%s.id is “%s” but the change is for program “%s”; expected the same id"),
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
          pd_wire_set_invalid (error, _("%s.id is “%s”; expected <program_id>:<seller_id> for a target merchant"),
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
      const PdWireField *field = &spec->fields[i];
      PdChangeValue *value = &change->values[i];

      if (!pd_wire_field_decode (data, where, field, field_member (change->base.table, spec, i), now, value, error))
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
          pd_wire_set_invalid (error, _("%s.%s is “%s” but the change is for %s “%s”; expected the same id"),
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
      pd_wire_set_invalid (error, _("%s.id is empty; expected the object’s id"), where);
      return NULL;
    }
  if (g_str_equal (op, "upsert"))
    change->base.op = PD_CHANGE_OP_UPSERT;
  else if (g_str_equal (op, "delete"))
    change->base.op = PD_CHANGE_OP_DELETE;
  else
    {
      pd_wire_set_invalid (error, _("%s.op is “%s”; expected upsert or delete"), where, op);
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
