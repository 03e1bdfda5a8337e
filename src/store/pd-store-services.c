/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pd-currency.h"
#include "pd-enums.h"
#include "pd-money.h"
#include "pd-outbox.h"
#include "pd-store-objects-private.h"
#include "pd-store-services.h"

#define DEFAULT_SERVICE_CURRENCY "USD"
#define MAX_NAME_CHARS           200
#define MAX_DESCRIPTION_CHARS    5000

char *
pd_store_objects_dup_money (sqlite3_stmt *stmt,
                            int           column,
                            int           currency_column)
{
  const char *currency = (const char *) sqlite3_column_text (stmt, currency_column);
  PdMoney money = { 0 };

  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  money.minor = sqlite3_column_int64 (stmt, column);
  if (currency == NULL || strlen (currency) != 3)
    return g_strdup_printf ("%" G_GINT64_FORMAT, money.minor);
  memcpy (money.currency, currency, 4);
  return pd_money_format_amount (&money);
}

gboolean
pd_store_objects_check_text (const char  *what,
                             const char  *text,
                             gboolean     allow_empty,
                             glong        max_chars,
                             GError     **error)
{
  g_autofree char *trimmed = NULL;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("%s is not valid UTF-8 text"), what);
      return FALSE;
    }
  trimmed = g_strstrip (g_strdup (text));
  if (!allow_empty && *trimmed == '\0')
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("%s is empty; expected some text"), what);
      return FALSE;
    }
  if (g_utf8_strlen (text, -1) > max_chars)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("%s is longer than %ld characters"), what, max_chars);
      return FALSE;
    }
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 && c != '\n' && c != '\t')
        {
          g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                       _("%s contains a control character; expected plain text"), what);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
pd_store_objects_finish (PdStore  *store,
                         gboolean  ok,
                         GError  **error)
{
  if (ok && pd_store_commit (store, error))
    return TRUE;
  pd_store_rollback (store);
  return FALSE;
}

void
pd_service_category_free (PdServiceCategory *category)
{
  if (category == NULL)
    return;
  g_free (category->id);
  g_free (category->name);
  g_free (category->state);
  g_free (category->requirement_metric);
  g_free (category->requirement_amount);
  g_free (category->requirement_currency);
  g_free (category->operation_qualification);
  g_free (category->current_amount);
  g_free (category->current_currency);
  g_free (category);
}

void
pd_service_free (PdService *service)
{
  if (service == NULL)
    return;
  g_free (service->id);
  g_free (service->category_id);
  g_free (service->name);
  g_free (service->type);
  g_free (service->description);
  g_free (service->price);
  g_free (service->currency);
  g_free (service);
}

GPtrArray *
pd_store_list_service_categories (PdStore  *store,
                                  GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  stmt = pd_store_prepare (store,
                           "SELECT id, name, state, requirement_metric, requirement_amount,"
                           "  requirement_currency, operation_qualification, current_amount,"
                           "  current_currency"
                           " FROM service_categories ORDER BY id",
                           error);
  if (stmt == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_service_category_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdServiceCategory *c = g_new0 (PdServiceCategory, 1);

      c->id = pd_column_dup_text (stmt, 0);
      c->name = pd_column_dup_text (stmt, 1);
      c->state = pd_column_dup_text (stmt, 2);
      c->requirement_metric = pd_column_dup_text (stmt, 3);
      c->requirement_amount = pd_store_objects_dup_money (stmt, 4, 5);
      c->requirement_currency = pd_column_dup_text (stmt, 5);
      c->operation_qualification = pd_column_dup_text (stmt, 6);
      c->current_amount = pd_store_objects_dup_money (stmt, 7, 8);
      c->current_currency = pd_column_dup_text (stmt, 8);
      g_ptr_array_add (list, c);
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the service categories"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

const char *
pd_category_action_target (PdCategoryAction  action,
                           const char       *from)
{
  /* src/sync/README.md: apply -> in_review, withdraw -> not_listed; the
   * sandbox's README names the states each is allowed from. */
  static const struct { PdCategoryAction action; const char *from; const char *to; } moves[] = {
    { PD_CATEGORY_ACTION_APPLY, "not_listed", "in_review" },
    { PD_CATEGORY_ACTION_APPLY, "rejected", "in_review" },
    { PD_CATEGORY_ACTION_WITHDRAW, "in_review", "not_listed" },
    { PD_CATEGORY_ACTION_WITHDRAW, "approved", "not_listed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    if (moves[i].action == action && g_strcmp0 (moves[i].from, from) == 0)
      return moves[i].to;
  return NULL;
}

static char *
dup_category_state (PdStore     *store,
                    const char  *category_id,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    pd_store_prepare (store, "SELECT state FROM service_categories WHERE id = ?1", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, category_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (rc == SQLITE_DONE)
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                 _("No service category “%s” in the store; expected the id of one that"
                   " `categories` lists (sync first)"), category_id);
  else
    pd_store_set_sql_error (store, error, _("reading the service category"));
  return NULL;
}

gboolean
pd_store_objects_check_nothing_queued (PdStore     *store,
                      const char  *subject_type,
                      const char  *subject_id,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    pd_store_prepare (store,
                      "SELECT state FROM outbox WHERE subject_type = ?1 AND subject_id = ?2 LIMIT 1",
                      error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, subject_type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, subject_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc == SQLITE_ROW)
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                 _("“%s” has a change waiting in the outbox (%s); run `sync` (or settle it"
                   " in the app) before changing it again"),
                 subject_id, (const char *) sqlite3_column_text (stmt, 0));
  else
    pd_store_set_sql_error (store, error, _("reading the outbox"));
  return FALSE;
}

gboolean
pd_store_category_move (PdStore           *store,
                        const char        *category_id,
                        PdCategoryAction   action,
                        char             **state_out,
                        GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *from = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  const char *verb = action == PD_CATEGORY_ACTION_APPLY ? "apply" : "withdraw";
  const char *to;
  gboolean ok;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (category_id != NULL, FALSE);

  if (!pd_store_begin (store, error))
    return FALSE;
  from = dup_category_state (store, category_id, error);
  if (from == NULL)
    return pd_store_objects_finish (store, FALSE, error);

  to = pd_category_action_target (action, from);
  if (to == NULL)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   action == PD_CATEGORY_ACTION_APPLY
                   ? _("Service category “%s” is %s; an application is possible only when it is"
                       " not_listed or rejected")
                   : _("Service category “%s” is %s; it can be withdrawn only when it is"
                       " in_review or approved"),
                   category_id, from);
      return pd_store_objects_finish (store, FALSE, error);
    }

  stmt = pd_store_prepare (store, "UPDATE service_categories SET state = ?2 WHERE id = ?1", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, category_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      if (!ok)
        pd_store_set_sql_error (store, error, _("updating the service category"));
    }
  escaped = g_uri_escape_string (category_id, NULL, FALSE);
  path = g_strdup_printf ("/v1/service-categories/%s/%s", escaped, verb);
  ok = ok &&
       pd_outbox_enqueue (store, "POST", path, NULL, NULL, "service_category", category_id, NULL, error) &&
       pd_store_audit (store, action == PD_CATEGORY_ACTION_APPLY ? "category.apply" : "category.withdraw",
                       category_id, from, error);
  if (!pd_store_objects_finish (store, ok, error))
    return FALSE;
  if (state_out != NULL)
    *state_out = g_strdup (to);
  return TRUE;
}

GPtrArray *
pd_store_list_services (PdStore     *store,
                        const char  *category_id,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  /* An unknown category is a typo more often than an empty one. */
  if (category_id != NULL)
    {
      g_autofree char *state = dup_category_state (store, category_id, error);

      if (state == NULL)
        return NULL;
    }
  stmt = pd_store_prepare (store,
                           "SELECT id, category_id, name, type, description, price, currency"
                           " FROM services WHERE ?1 IS NULL OR category_id = ?1"
                           " ORDER BY category_id, id",
                           error);
  if (stmt == NULL)
    return NULL;
  if (category_id != NULL)
    sqlite3_bind_text (stmt, 1, category_id, -1, SQLITE_STATIC);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_service_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdService *s = g_new0 (PdService, 1);

      s->id = pd_column_dup_text (stmt, 0);
      s->category_id = pd_column_dup_text (stmt, 1);
      s->name = pd_column_dup_text (stmt, 2);
      s->type = pd_column_dup_text (stmt, 3);
      s->description = pd_column_dup_text (stmt, 4);
      s->price = pd_store_objects_dup_money (stmt, 5, 6);
      s->currency = pd_column_dup_text (stmt, 6);
      g_ptr_array_add (list, s);
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the services"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

static PdService *
get_service (PdStore     *store,
             const char  *service_id,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    pd_store_prepare (store,
                      "SELECT id, category_id, name, type, description, price, currency"
                      " FROM services WHERE id = ?1",
                      error);
  PdService *s;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, service_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                     _("No service “%s” in the store; expected the id of one that `services`"
                       " lists"), service_id);
      else
        pd_store_set_sql_error (store, error, _("reading the service"));
      return NULL;
    }
  s = g_new0 (PdService, 1);
  s->id = pd_column_dup_text (stmt, 0);
  s->category_id = pd_column_dup_text (stmt, 1);
  s->name = pd_column_dup_text (stmt, 2);
  s->type = pd_column_dup_text (stmt, 3);
  s->description = pd_column_dup_text (stmt, 4);
  s->price = pd_store_objects_dup_money (stmt, 5, 6);
  s->currency = pd_column_dup_text (stmt, 6);
  return s;
}

/* "99.00", "99.00 EUR" or "EUR 99.00" in @fallback_currency unless one
 * is given. Money is never a float: pd_money_parse() only. */
static gboolean
parse_price (const char  *text,
             const char  *fallback_currency,
             PdMoney     *money,
             GError     **error)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t", -1);
  const char *amount = NULL, *currency = fallback_currency;
  g_autoptr(GError) local = NULL;
  guint n = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      n++;
      if (g_ascii_isalpha (*words[i]))
        currency = words[i];
      else
        amount = words[i];
    }
  if (amount == NULL || n > 2 || (n == 2 && currency == fallback_currency))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("Price “%s” is not an amount; expected a decimal such as 99.00, optionally"
                     " with its currency (99.00 EUR)"), text);
      return FALSE;
    }
  if (!pd_money_parse (amount, currency, PD_MONEY_PARSE_DEFAULT, money, &local))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("Price “%s”: %s"), text, local->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_edit (PdStore             *store,
            const PdServiceEdit *edit,
            GError             **error)
{
  g_autofree char *state = NULL;
  PdServiceType type;
  g_autoptr(GError) local = NULL;

  if (edit->name != NULL && !pd_store_objects_check_text (_("The name"), edit->name, FALSE, MAX_NAME_CHARS, error))
    return FALSE;
  if (edit->description != NULL &&
      !pd_store_objects_check_text (_("The description"), edit->description, TRUE, MAX_DESCRIPTION_CHARS, error))
    return FALSE;
  if (edit->type != NULL && !pd_service_type_parse (edit->type, &type, &local))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("Type “%s” is not a service type; expected public or custom"), edit->type);
      return FALSE;
    }
  if (edit->category_id != NULL)
    {
      state = dup_category_state (store, edit->category_id, error);
      if (state == NULL)
        return FALSE;
    }
  return TRUE;
}

static char *
service_body (const PdService *s,
              gboolean         with_currency)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "category_id");
  json_builder_add_string_value (builder, s->category_id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, s->name);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, s->type);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, s->description != NULL ? s->description : "");
  json_builder_set_member_name (builder, "price");
  json_builder_add_string_value (builder, s->price);
  if (with_currency)
    {
      json_builder_set_member_name (builder, "currency");
      json_builder_add_string_value (builder, s->currency);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
write_service (PdStore          *store,
               const PdService  *s,
               PdMoney          *money,
               GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    pd_store_prepare (store,
                      "INSERT INTO services (id, category_id, name, type, description, price, currency)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                      " ON CONFLICT (id) DO UPDATE SET category_id = ?2, name = ?3, type = ?4,"
                      "   description = ?5, price = ?6, currency = ?7",
                      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, s->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, s->category_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, s->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, s->type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, s->description != NULL ? s->description : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, money->minor);
  sqlite3_bind_text (stmt, 7, money->currency, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_DONE)
    return TRUE;
  pd_store_set_sql_error (store, error, _("saving the service"));
  return FALSE;
}

static void
replace (char       **field,
         const char  *value)
{
  if (value == NULL)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

gboolean
pd_store_service_save (PdStore              *store,
                       const char           *service_id,
                       const PdServiceEdit  *edit,
                       char                **id_out,
                       GError              **error)
{
  g_autoptr(PdService) s = NULL;
  g_autofree char *body = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  PdMoney money = { 0 };
  gboolean currency_given = FALSE;
  gboolean ok;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (edit != NULL, FALSE);

  if (service_id == NULL &&
      (edit->category_id == NULL || edit->name == NULL || edit->type == NULL || edit->price == NULL))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("A new service needs a category, a name, a type and a price (the platform"
                     " lists every service with its price; 0 for a free one)"));
      return FALSE;
    }
  if (service_id != NULL && edit->category_id == NULL && edit->name == NULL &&
      edit->type == NULL && edit->description == NULL && edit->price == NULL)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("Nothing to change; expected at least one of the name, type, description"
                     " or price"));
      return FALSE;
    }

  if (!pd_store_begin (store, error))
    return FALSE;
  if (!check_edit (store, edit, error))
    return pd_store_objects_finish (store, FALSE, error);

  if (service_id != NULL)
    {
      s = get_service (store, service_id, error);
      if (s == NULL)
        return pd_store_objects_finish (store, FALSE, error);
    }
  else
    {
      /* PUT /v1/services/{id}: the client names a new service. */
      g_autofree char *uuid = g_uuid_string_random ();

      s = g_new0 (PdService, 1);
      s->id = g_strconcat ("svc-", uuid, NULL);
    }
  replace (&s->category_id, edit->category_id);
  replace (&s->name, edit->name);
  replace (&s->type, edit->type);
  replace (&s->description, edit->description);
  if (s->type != NULL)
    {
      PdServiceType type;

      if (pd_service_type_parse (s->type, &type, NULL))
        replace (&s->type, pd_service_type_to_string (type));
    }

  if (edit->price != NULL)
    {
      const char *fallback = s->currency != NULL ? s->currency : DEFAULT_SERVICE_CURRENCY;

      if (!parse_price (edit->price, fallback, &money, error))
        return pd_store_objects_finish (store, FALSE, error);
      currency_given = s->currency == NULL || !g_str_equal (money.currency, s->currency) ||
                       service_id == NULL;
      g_free (s->price);
      s->price = pd_money_format_amount (&money);
      replace (&s->currency, money.currency);
    }
  else if (s->price == NULL || s->currency == NULL ||
           !pd_money_parse (s->price, s->currency, PD_MONEY_PARSE_NO_GROUPING, &money, NULL))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("Service “%s” has no price yet; give one with --price AMOUNT"), s->id);
      return pd_store_objects_finish (store, FALSE, error);
    }

  body = service_body (s, currency_given);
  escaped = g_uri_escape_string (s->id, NULL, FALSE);
  path = g_strdup_printf ("/v1/services/%s", escaped);
  ok = write_service (store, s, &money, error) &&
       pd_outbox_enqueue (store, "PUT", path, body, NULL, "service", s->id, NULL, error) &&
       pd_store_audit (store, service_id == NULL ? "service.create" : "service.edit", s->id, body, error);
  if (!pd_store_objects_finish (store, ok, error))
    return FALSE;
  if (id_out != NULL)
    *id_out = g_strdup (s->id);
  return TRUE;
}
