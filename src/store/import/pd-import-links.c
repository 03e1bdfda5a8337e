/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-importer"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-import-links.h"
#include "pd-import-run-private.h"
#include "pd-store-private.h"
#include "pd-timestamp.h"

struct _PdImportLinks
{
  PdStore      *store;
  GTimeZone    *zone;
  sqlite3_stmt *lookup;
  sqlite3_stmt *seller_known;
};

/* Columns of the look-up, in PdImportLinkField order from 2. */
enum
{
  C_VERSION,
  C_PENDING,
  C_KIND,
  C_SELLER_ID,
  C_MARKET,
  C_PROGRAM_ID,
  C_SERVICE_ID,
  C_URL,
  C_CREATED_AT,
  C_REVOKED_AT,
  C_STATE,
};

static const char * const field_names[PD_IMPORT_LINK_N_FIELDS] = {
  "kind", "seller_id", "market", "program_id", "service_id", "url", "created_at", "revoked_at",
};

PdImportLinks *
pd_import_links_new (PdStore    *store,
                     GTimeZone  *zone,
                     GError    **error)
{
  g_autoptr(PdImportLinks) self = g_new0 (PdImportLinks, 1);

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  self->store = g_object_ref (store);
  self->zone = zone != NULL ? g_time_zone_ref (zone) : NULL;
  self->lookup = pd_store_prepare (store,
                                   "SELECT version,"
                                   " EXISTS (SELECT 1 FROM outbox WHERE subject_type = 'link' AND subject_id = ?1),"
                                   " kind, seller_id, market, program_id, service_id, url, created_at,"
                                   " revoked_at, state"
                                   " FROM links WHERE token = ?1",
                                   error);
  if (self->lookup == NULL)
    return NULL;
  self->seller_known = pd_store_prepare (store,
                                         "SELECT EXISTS (SELECT 1 FROM target_merchants WHERE seller_id = ?1)"
                                         " OR EXISTS (SELECT 1 FROM stores WHERE seller_id = ?1)"
                                         " OR EXISTS (SELECT 1 FROM links WHERE seller_id = ?1 AND token <> ?2)",
                                         error);
  if (self->seller_known == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

void
pd_import_links_free (PdImportLinks *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->lookup, sqlite3_finalize);
  g_clear_pointer (&self->seller_known, sqlite3_finalize);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_object (&self->store);
  g_free (self);
}

/* Whether the stored column @c holds @text ("" = NULL). */
static gboolean
same_text (sqlite3_stmt *stmt,
           int           c,
           const char   *text)
{
  const char *stored = (const char *) sqlite3_column_text (stmt, c);

  if (stored == NULL || *stored == '\0')
    return *text == '\0';
  return g_str_equal (stored, text);
}

static char *
format_time (PdImportLinks *self,
             gint64         t)
{
  return pd_timestamp_format (t, self->zone);
}

/* The stored value of column @c as text for messages ("" for none). */
static char *
stored_text (PdImportLinks *self,
             sqlite3_stmt  *stmt,
             int            c)
{
  if (sqlite3_column_type (stmt, c) == SQLITE_NULL)
    return g_strdup ("");
  if (c == C_CREATED_AT || c == C_REVOKED_AT)
    return format_time (self, sqlite3_column_int64 (stmt, c));
  return g_strdup ((const char *) sqlite3_column_text (stmt, c));
}

static gboolean
seller_is_known (PdImportLinks  *self,
                 const char     *seller_id,
                 const char     *token,
                 gboolean       *known_out,
                 GError        **error)
{
  int rc;

  sqlite3_bind_text (self->seller_known, 1, seller_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (self->seller_known, 2, token, -1, SQLITE_STATIC);
  rc = sqlite3_step (self->seller_known);
  if (rc != SQLITE_ROW)
    {
      pd_store_set_sql_error (self->store, error, _("looking up a seller"));
      sqlite3_reset (self->seller_known);
      return FALSE;
    }
  *known_out = sqlite3_column_int (self->seller_known, 0) != 0;
  sqlite3_reset (self->seller_known);
  return TRUE;
}

static gboolean
check_existing (PdImportLinks            *self,
                sqlite3_stmt             *stmt,
                const PdImportLinkRow    *row,
                PdImportLinkProblemFunc   func,
                gpointer                  user_data,
                GError                  **error)
{
  gboolean platform = sqlite3_column_int64 (stmt, C_VERSION) > 0 || sqlite3_column_int (stmt, C_PENDING) != 0;
  const char *stored_seller = (const char *) sqlite3_column_text (stmt, C_SELLER_ID);
  gint64 stored_revoked = sqlite3_column_type (stmt, C_REVOKED_AT) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, C_REVOKED_AT);
  gint64 revoked = row->revoked_at != 0 ? row->revoked_at : stored_revoked;

  if (platform)
    {
      for (int f = PD_IMPORT_LINK_KIND; f <= PD_IMPORT_LINK_CREATED_AT; f++)
        {
          int c = C_KIND + f;
          g_autofree char *file_text = NULL;
          g_autofree char *stored = NULL;
          g_autofree char *message = NULL;

          if (f == PD_IMPORT_LINK_CREATED_AT)
            {
              if (sqlite3_column_int64 (stmt, C_CREATED_AT) == row->created_at)
                continue;
              file_text = format_time (self, row->created_at);
            }
          else if (f == PD_IMPORT_LINK_KIND)
            {
              if (same_text (stmt, c, row->kind))
                continue;
              file_text = g_strdup (row->kind);
            }
          else
            {
              if (row->text[f] == NULL || same_text (stmt, c, row->text[f]))
                continue;
              file_text = g_strdup (row->text[f]);
            }
          stored = stored_text (self, stmt, c);
          /* TRANSLATORS: the first %s is a column name (url, seller_id...) */
          message = g_strdup_printf (_("link %s belongs to the platform (it came through sync, or is"
                                       " waiting to be sent), and its %s is “%s” there but “%s” in the"
                                       " file; expected the platform’s value or no %s column: an import"
                                       " may only change a platform link’s staff"),
                                     row->token, field_names[f], stored, file_text, field_names[f]);
          func (f, message, user_data);
        }

      if (row->revoked_at != 0 &&
          (row->revoked_at != stored_revoked ||
           g_strcmp0 ((const char *) sqlite3_column_text (stmt, C_STATE), "revoked") != 0))
        {
          g_autofree char *message = NULL;

          message = g_strdup_printf (_("link %s belongs to the platform and the file revokes it;"
                                       " expected an empty revoked_at: revoke it with"
                                       " `partnerdesk-cli link revoke %s` or on the Links page,"
                                       " which tells the platform"),
                                     row->token, row->token);
          func (PD_IMPORT_LINK_REVOKED_AT, message, user_data);
        }
      return TRUE;
    }

  if (!same_text (stmt, C_KIND, row->kind))
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("link %s is an %s link in the store, the file says %s; expected %s:"
                                   " a link’s kind never changes"),
                                 row->token, (const char *) sqlite3_column_text (stmt, C_KIND),
                                 row->kind, (const char *) sqlite3_column_text (stmt, C_KIND));
      func (PD_IMPORT_LINK_KIND, message, user_data);
    }

  if (stored_seller != NULL && *stored_seller != '\0' && row->text[PD_IMPORT_LINK_SELLER_ID] != NULL &&
      !g_str_equal (stored_seller, row->text[PD_IMPORT_LINK_SELLER_ID]))
    {
      const char *seller = row->text[PD_IMPORT_LINK_SELLER_ID];
      g_autofree char *message = NULL;
      gboolean known = TRUE;

      if (*seller != '\0' && !seller_is_known (self, seller, row->token, &known, error))
        return FALSE;
      if (*seller == '\0')
        message = g_strdup_printf (_("the file takes link %s away from seller %s; expected %s: a link is"
                                     " made for one seller"),
                                   row->token, stored_seller, stored_seller);
      else if (!known)
        message = g_strdup_printf (_("the file moves link %s from seller %s to seller %s, whom this"
                                     " store does not know; expected %s. A spreadsheet rounds long ids"
                                     " (7000000000000007 becomes 7000000000000010): export the file"
                                     " again and format the id columns as Text before saving"),
                                   row->token, stored_seller, seller, stored_seller);
      else
        message = g_strdup_printf (_("the file moves link %s from seller %s to seller %s; expected %s: a"
                                     " link is made for one seller. To invite %s, make a new link"
                                     " for them"),
                                   row->token, stored_seller, seller, stored_seller, seller);
      func (PD_IMPORT_LINK_SELLER_ID, message, user_data);
    }

  if (row->revoked_at == 0 && revoked != 0 && revoked < row->created_at)
    {
      g_autofree char *revoked_text = format_time (self, revoked);
      g_autofree char *created_text = format_time (self, row->created_at);
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("link %s was revoked at %s, before the file’s created_at %s;"
                                   " expected a creation time no later than its revocation"),
                                 row->token, revoked_text, created_text);
      func (PD_IMPORT_LINK_CREATED_AT, message, user_data);
    }
  return TRUE;
}

gboolean
pd_import_links_check_row (PdImportLinks            *self,
                           const PdImportLinkRow    *row,
                           PdImportLinkProblemFunc   func,
                           gpointer                  user_data)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (row != NULL && row->token != NULL && row->kind != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (row->revoked_at != 0 && row->revoked_at < row->created_at)
    {
      g_autofree char *revoked_text = format_time (self, row->revoked_at);
      g_autofree char *created_text = format_time (self, row->created_at);
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("the link is revoked at %s, before it was created (%s); expected"
                                   " a revocation time no earlier than created_at"),
                                 revoked_text, created_text);
      func (PD_IMPORT_LINK_REVOKED_AT, message, user_data);
      return FALSE;
    }
  return TRUE;
}

gboolean
pd_import_links_check_stored (PdImportLinks            *self,
                              const PdImportLinkRow    *row,
                              PdImportLinkProblemFunc   func,
                              gpointer                  user_data,
                              GError                  **error)
{
  gboolean ok;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (row != NULL && row->token != NULL && row->kind != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  sqlite3_bind_text (self->lookup, 1, row->token, -1, SQLITE_STATIC);
  rc = sqlite3_step (self->lookup);
  if (rc == SQLITE_DONE)
    {
      sqlite3_reset (self->lookup);
      return TRUE;
    }
  if (rc != SQLITE_ROW)
    {
      pd_store_set_sql_error (self->store, error, _("looking up a link"));
      sqlite3_reset (self->lookup);
      return FALSE;
    }
  ok = check_existing (self, self->lookup, row, func, user_data, error);
  sqlite3_reset (self->lookup);
  return ok;
}

static gboolean
single_key (Run         *run,
            GPtrArray   *fields,
            const char **prefix,
            const char **key)
{
  *prefix = NULL;
  *key = field (run, fields, 0);
  return *key != NULL && **key != '\0';
}

/* ------------------------------------------------------------------ */
/* Links. */

enum
{
  L_TOKEN,
  L_KIND,
  L_SELLER_ID,
  L_MARKET,
  L_PROGRAM_ID,
  L_SERVICE_ID,
  L_URL,
  L_CREATED_AT,
  L_REVOKED_AT,
  L_STAFF,
};

/* Labels: the headers pd_export_links() writes in the user's language;
 * the Chinese ones match po/zh_CN.po, so that a Chinese export imports
 * back in any language. */
static const PdCsvColumn link_columns[] = {
  { "token", NULL, TRUE, 0, N_("Token"), "令牌" },
  { "kind", NULL, TRUE, 0, N_("Kind"), "类型" },
  { "seller_id", "商家ID", FALSE, 0, N_("Seller ID"), "卖家 ID" },
  { "market", "站点", FALSE, 0, N_("Market"), "市场" },
  { "program_id", NULL, FALSE, 0, N_("Program"), "激励计划" },
  { "service_id", NULL, FALSE, 0, N_("Service ID"), "服务 ID" },
  { "url", NULL, FALSE, 0, N_("URL"), "URL" },
  { "created_at", NULL, TRUE, 0, N_("Created at"), "创建时间" },
  { "revoked_at", NULL, FALSE, 0, N_("Revoked at"), "撤销时间" },
  { "staff", NULL, FALSE, 0, N_("Staff"), "负责人" },
};

/* Parameters: ?1 token, ?2 kind, ?3 url, ?4 seller_id, ?5 market,
 * ?6 program_id, ?7 service_id, ?8 created_at, ?9 revoked_at, ?10 staff. */
static gboolean
links_prepare (Run     *run,
               GError **error)
{
  g_autoptr(GString) set = g_string_new (NULL);
  g_autoptr(GString) changed = g_string_new (NULL);

  pd_import_add_update_column (set, changed, "kind", 2);
  if (has_column (run, L_URL))
    pd_import_add_update_column (set, changed, "url", 3);
  if (has_column (run, L_SELLER_ID))
    pd_import_add_update_column (set, changed, "seller_id", 4);
  if (has_column (run, L_MARKET))
    pd_import_add_update_column (set, changed, "market", 5);
  if (has_column (run, L_PROGRAM_ID))
    pd_import_add_update_column (set, changed, "program_id", 6);
  if (has_column (run, L_SERVICE_ID))
    pd_import_add_update_column (set, changed, "service_id", 7);
  pd_import_add_update_column (set, changed, "created_at", 8);
  if (has_column (run, L_REVOKED_AT))
    {
      /* Revokes, never un-revokes. */
      g_string_append (set, ", revoked_at = ifnull(?9, revoked_at),"
                            " state = CASE WHEN ?9 IS NULL THEN state ELSE 'revoked' END");
      g_string_append (changed, " OR (?9 IS NOT NULL AND (revoked_at IS NOT ?9 OR state <> 'revoked'))");
    }
  if (has_column (run, L_STAFF))
    pd_import_add_update_column (set, changed, "staff", 10);

  run->scratch = g_string_new (NULL);

  return pd_import_prepare_statements (run,
                                       "INSERT INTO links (token, kind, url, state, seller_id, market, program_id,"
                                       " service_id, created_at, revoked_at, staff)"
                                       " VALUES (?1, ?2, ?3, CASE WHEN ?9 IS NULL THEN 'active' ELSE 'revoked' END,"
                                       " ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT DO NOTHING",
                                       "links", "token = ?1", set, changed, error);
}

typedef struct
{
  Run      *run;
  guint64   line;
  gboolean  ok;
} LinkProblems;

static void
add_link_problem (PdImportLinkField  f,
                  const char        *message,
                  gpointer           user_data)
{
  static const guint columns[PD_IMPORT_LINK_N_FIELDS] = {
    [PD_IMPORT_LINK_KIND] = L_KIND,
    [PD_IMPORT_LINK_SELLER_ID] = L_SELLER_ID,
    [PD_IMPORT_LINK_MARKET] = L_MARKET,
    [PD_IMPORT_LINK_PROGRAM_ID] = L_PROGRAM_ID,
    [PD_IMPORT_LINK_SERVICE_ID] = L_SERVICE_ID,
    [PD_IMPORT_LINK_URL] = L_URL,
    [PD_IMPORT_LINK_CREATED_AT] = L_CREATED_AT,
    [PD_IMPORT_LINK_REVOKED_AT] = L_REVOKED_AT,
  };
  LinkProblems *problems = user_data;

  pd_import_add_problem (problems->run, problems->line, columns[f], "%s", message);
  problems->ok = FALSE;
}

static gboolean
links_row (Run        *run,
           GPtrArray  *fields,
           guint64     line,
           GError    **error)
{
  PdImportResult *result = run->result;
  g_autoptr(GError) local_error = NULL;
  Value values[10] = { { 0 } };
  const char *token = field (run, fields, L_TOKEN);
  const char *kind_text = field (run, fields, L_KIND);
  const char *text;
  char market[17];
  const char *seller_id;
  PdLinkKind kind = PD_LINK_KIND_ONBOARDING;
  gboolean kind_ok = FALSE;
  gboolean token_ok = FALSE;
  gboolean created_ok = FALSE;
  gboolean ok = TRUE;

  if (*token == '\0')
    ok &= pd_import_require_text (run, line, L_TOKEN, token, N_("the link’s token, such as NAbO5gPMcSPpQMVYJMwgew"));
  else if (!pd_link_check_token (token, &local_error))
    {
      pd_import_add_value_problem (run, line, L_TOKEN, local_error);
      g_clear_error (&local_error);
      ok = FALSE;
    }
  else
    token_ok = TRUE;
  set_text (&values[0], token);

  if (pd_link_kind_parse (kind_text, &kind, &local_error))
    {
      set_text (&values[1], pd_link_kind_to_string (kind));
      kind_ok = TRUE;
    }
  else
    {
      pd_import_add_value_problem (run, line, L_KIND, local_error);
      g_clear_error (&local_error);
      ok = FALSE;
    }

  if ((text = nonempty (run, fields, L_URL)) != NULL)
    {
      set_text (&values[2], text);
      if (kind_ok && token_ok &&
          !pd_link_check_url (text, kind, token, field (run, fields, L_SERVICE_ID), &local_error))
        {
          pd_import_add_value_problem (run, line, L_URL, local_error);
          g_clear_error (&local_error);
          ok = FALSE;
        }
    }

  seller_id = pd_import_id_field (run, fields, L_SELLER_ID, 0, N_("seller id"), line, &ok);
  set_text (&values[3], seller_id);
  if ((text = nonempty (run, fields, L_MARKET)) != NULL)
    {
      if (pd_import_parse_market (run, line, L_MARKET, text, market))
        set_text (&values[4], market);
      else
        ok = FALSE;
    }
  set_text (&values[5], field (run, fields, L_PROGRAM_ID));
  set_text (&values[6], field (run, fields, L_SERVICE_ID));

  if (pd_timestamp_parse (field (run, fields, L_CREATED_AT), run->zone, &values[7].integer, &local_error))
    {
      values[7].type = V_INT;
      created_ok = TRUE;
    }
  else
    {
      pd_import_add_value_problem (run, line, L_CREATED_AT, local_error);
      g_clear_error (&local_error);
      ok = FALSE;
    }
  ok &= pd_import_parse_time (run, line, L_REVOKED_AT, field (run, fields, L_REVOKED_AT), &values[8]);
  set_text (&values[9], field (run, fields, L_STAFF));

  /* What the row would change of a link the store has; only the times
   * and the kind when something else is wrong already, nothing when the
   * token is in the file twice (a problem of its own). */
  if (token_ok && pd_import_check_key (run, line, L_TOKEN, run->no_prefix_state, NULL, token) && kind_ok && created_ok)
    {
      LinkProblems problems = { run, line, TRUE };
      PdImportLinkRow row = {
        .token = token,
        .kind = pd_link_kind_to_string (kind),
        .text = {
          [PD_IMPORT_LINK_SELLER_ID] = seller_id,
          [PD_IMPORT_LINK_MARKET] = !has_column (run, L_MARKET) ? NULL : values[4].type == V_TEXT ? values[4].text : "",
          [PD_IMPORT_LINK_PROGRAM_ID] = field (run, fields, L_PROGRAM_ID),
          [PD_IMPORT_LINK_SERVICE_ID] = field (run, fields, L_SERVICE_ID),
          [PD_IMPORT_LINK_URL] = field (run, fields, L_URL),
        },
        .created_at = values[7].integer,
        .revoked_at = values[8].type == V_INT ? values[8].integer : 0,
      };

      if (!ok)
        memset (row.text, 0, sizeof row.text);

      if (run->links == NULL && (run->links = pd_import_links_new (run->store, run->zone, error)) == NULL)
        return FALSE;
      pd_import_links_check_row (run->links, &row, add_link_problem, &problems);
      ok &= problems.ok;
      /* A new token: the INSERT finds its place in the search that
       * writes it, and there is no stored link to check the row against. */
      if (ok && result->n_problems == 0)
        {
          UpsertResult inserted = pd_import_insert_new (run, values, G_N_ELEMENTS (values), error);

          if (inserted != UPSERT_UNCHANGED)
            return inserted != UPSERT_FAILED;
        }
      if (!pd_import_links_check_stored (run->links, &row, add_link_problem, &problems, error))
        return FALSE;
      ok &= problems.ok;
    }
  else if (!token_ok && *token != '\0')
    pd_import_check_key (run, line, L_TOKEN, run->no_prefix_state, NULL, token);

  if (!ok || result->n_problems > 0)
    return TRUE;
  return pd_import_upsert (run, values, G_N_ELEMENTS (values), error) != UPSERT_FAILED;
}

const KindClass pd_import_links_class = {
  link_columns, G_N_ELEMENTS (link_columns), "import.links", N_("token"),
  links_prepare, links_row, single_key, NULL,
};

