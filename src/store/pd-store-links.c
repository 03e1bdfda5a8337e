/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pd-country.h"
#include "pd-merchant-rows.h"
#include "pd-outbox.h"
#include "pd-store-links.h"
#include "pd-store-private.h"
#include "pd-store-team.h"
#include "pd-timestamp.h"

/* A link is `used` once a store was opened through it (src/core/README.md):
 * the platform says so through sync, or a store row (report import or
 * sync) names its token. The second is read here, not written into the
 * link row, which belongs to the platform's object. */
#define USED_BY_STORE "EXISTS (SELECT 1 FROM stores s WHERE s.via_token = links.token)"

#define LINK_COLUMNS \
  "token, kind, url," \
  " " PD_STORE_LINK_STATE_SQL "," \
  " seller_id, market, program_id, service_id, staff, created_at, expires_at," \
  " coalesce(used_at, (SELECT min(s.onboarded_at) FROM stores s WHERE s.via_token = links.token))," \
  " revoked_at"

/* A token collision among 2^128 values never happens; a retry costs
 * nothing and keeps the guarantee independent of the generator. */
#define TOKEN_ATTEMPTS 3

/* Page cache during a bulk creation, in KiB (as imports do). */
#define BULK_CACHE_KIB 40960

/* The statements one run of link writes reuses (a bulk creation makes
 * thousands of links in one transaction), and the base links per
 * market read so far. */
typedef struct
{
  PdStore      *store;
  gint64        now;
  sqlite3_stmt *current_target;
  sqlite3_stmt *program_target;
  sqlite3_stmt *program_exists;
  sqlite3_stmt *store_market;
  sqlite3_stmt *active_link;
  sqlite3_stmt *insert_link;
  sqlite3_stmt *get_link;
  sqlite3_stmt *revoke_link;
  GHashTable   *base_urls;      /* market -> base link ("" when none) */
  char         *only_program;   /* the only recruitment program, once looked up */
  gboolean      only_program_known;
} Writer;

static void
writer_clear (Writer *w)
{
  g_clear_pointer (&w->current_target, sqlite3_finalize);
  g_clear_pointer (&w->program_target, sqlite3_finalize);
  g_clear_pointer (&w->program_exists, sqlite3_finalize);
  g_clear_pointer (&w->store_market, sqlite3_finalize);
  g_clear_pointer (&w->active_link, sqlite3_finalize);
  g_clear_pointer (&w->insert_link, sqlite3_finalize);
  g_clear_pointer (&w->get_link, sqlite3_finalize);
  g_clear_pointer (&w->revoke_link, sqlite3_finalize);
  g_clear_pointer (&w->base_urls, g_hash_table_unref);
  g_clear_pointer (&w->only_program, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Writer, writer_clear)

static void
writer_init (Writer  *w,
             PdStore *store)
{
  memset (w, 0, sizeof *w);
  w->store = store;
  w->now = g_get_real_time () / G_USEC_PER_SEC;
  w->base_urls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Prepares *@stmt once, resets it for the next use otherwise. */
static gboolean
writer_statement (Writer         *w,
                  sqlite3_stmt  **stmt,
                  const char     *sql,
                  GError        **error)
{
  if (*stmt != NULL)
    {
      sqlite3_reset (*stmt);
      sqlite3_clear_bindings (*stmt);
      return TRUE;
    }
  *stmt = pd_store_prepare (w->store, sql, error);
  return *stmt != NULL;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static PdLink *
read_link (sqlite3_stmt *stmt,
           gint64        now)
{
  PdLink *link = g_new0 (PdLink, 1);
  const char *state = (const char *) sqlite3_column_text (stmt, 3);

  link->token = column_dup (stmt, 0);
  link->kind = column_dup (stmt, 1);
  link->url = column_dup (stmt, 2);
  link->seller_id = column_dup (stmt, 4);
  link->market = column_dup (stmt, 5);
  link->program_id = column_dup (stmt, 6);
  link->service_id = column_dup (stmt, 7);
  link->staff = column_dup (stmt, 8);
  link->created_at = sqlite3_column_int64 (stmt, 9);
  link->expires_at = sqlite3_column_int64 (stmt, 10);
  link->used_at = sqlite3_column_int64 (stmt, 11);
  link->revoked_at = sqlite3_column_int64 (stmt, 12);
  link->state = g_strdup (pd_link_effective_state (state, link->expires_at, now));
  return link;
}

static char *
format_time (gint64 when)
{
  return pd_timestamp_format (when, NULL);
}

/* The audit record of a link creation or revocation: subject
 * "link:<token>", details a JSON object of the link's fields. */
static gboolean
audit_link (PdStore       *store,
            const char    *action,
            const PdLink  *link,
            GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *subject = g_strconcat ("link:", link->token, NULL);
  g_autofree char *details = NULL;
  const struct { const char *name; const char *value; } fields[] = {
    { "kind", link->kind }, { "seller_id", link->seller_id }, { "market", link->market },
    { "program_id", link->program_id }, { "service_id", link->service_id },
    { "staff", link->staff }, { "url", link->url },
  };

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].value != NULL)
      {
        json_builder_set_member_name (builder, fields[i].name);
        json_builder_add_string_value (builder, fields[i].value);
      }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  details = json_to_string (root, FALSE);

  return pd_store_audit (store, action, subject, details, error);
}

static PdLink *
writer_get_link (Writer      *w,
                 const char  *token,
                 GError     **error)
{
  int rc;

  if (!writer_statement (w, &w->get_link, "SELECT " LINK_COLUMNS " FROM links WHERE token = ?1", error))
    return NULL;
  sqlite3_bind_text (w->get_link, 1, token, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (w->get_link);
  if (rc == SQLITE_ROW)
    return read_link (w->get_link, w->now);
  if (rc != SQLITE_DONE)
    pd_store_set_sql_error (w->store, error, _("reading a link"));
  else
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                 _("There is no link with token “%s”; expected the token of a link in this store"
                   " (see the Links page or `export links`)"), token);
  return NULL;
}

/* The seller's place on the target lists: @program_id's list when
 * given, else the latest list it is on and has not left (else the
 * latest it left). Outputs stay NULL when the seller is on none. */
static gboolean
writer_find_target (Writer      *w,
                    const char  *seller_id,
                    const char  *program_id,
                    char       **program_out,
                    char       **market_out,
                    GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  /* target_merchants has no index on seller_id alone: walk the few
   * programs and look each up by primary key (CROSS JOIN keeps SQLite
   * to that order). */
  if (program_id != NULL)
    {
      if (!writer_statement (w, &w->program_target,
                             "SELECT program_id, market FROM target_merchants"
                             " WHERE program_id = ?2 AND seller_id = ?1",
                             error))
        return FALSE;
      stmt = w->program_target;
      sqlite3_bind_text (stmt, 2, program_id, -1, SQLITE_TRANSIENT);
    }
  else
    {
      if (!writer_statement (w, &w->current_target,
                             "SELECT t.program_id, t.market FROM programs p"
                             " CROSS JOIN target_merchants t ON t.program_id = p.id AND t.seller_id = ?1"
                             " ORDER BY t.left_at IS NOT NULL, t.listed_at DESC, p.period_end DESC, p.id"
                             " LIMIT 1",
                             error))
        return FALSE;
      stmt = w->current_target;
    }
  sqlite3_bind_text (stmt, 1, seller_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *program_out = column_dup (stmt, 0);
      *market_out = column_dup (stmt, 1);
    }
  else if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (w->store, error, _("reading the target lists"));
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* A seller on no target list: the market of its stores, if any. */
static gboolean
writer_store_market (Writer      *w,
                     const char  *seller_id,
                     char       **market_out,
                     GError     **error)
{
  int rc;

  if (!writer_statement (w, &w->store_market,
                         "SELECT market FROM stores WHERE seller_id = ?1 AND market IS NOT NULL"
                         " ORDER BY onboarded_at LIMIT 1",
                         error))
    return FALSE;
  sqlite3_bind_text (w->store_market, 1, seller_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (w->store_market);
  if (rc == SQLITE_ROW)
    *market_out = column_dup (w->store_market, 0);
  else if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (w->store, error, _("reading the stores"));
      return FALSE;
    }
  sqlite3_reset (w->store_market);
  return TRUE;
}

static gboolean
writer_check_program (Writer      *w,
                      const char  *program_id,
                      GError     **error)
{
  int rc;

  if (!writer_statement (w, &w->program_exists, "SELECT 1 FROM programs WHERE id = ?1", error))
    return FALSE;
  sqlite3_bind_text (w->program_exists, 1, program_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (w->program_exists);
  sqlite3_reset (w->program_exists);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    pd_store_set_sql_error (w->store, error, _("reading the programs"));
  else
    g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                 _("There is no program “%s” in this store; expected the id of an imported or"
                   " synced program"), program_id);
  return FALSE;
}

/* The store's only recruitment program, as imports default to it. */
static const char *
writer_only_program (Writer  *w,
                     GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (w->only_program_known)
    return w->only_program;
  stmt = pd_store_prepare (w->store,
                           "SELECT id FROM programs WHERE kind = 'recruitment' ORDER BY id LIMIT 2",
                           error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      w->only_program = column_dup (stmt, 0);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        g_clear_pointer (&w->only_program, g_free);
    }
  if (rc != SQLITE_DONE)
    {
      g_clear_pointer (&w->only_program, g_free);
      pd_store_set_sql_error (w->store, error, _("reading the programs"));
      return NULL;
    }
  w->only_program_known = TRUE;
  return w->only_program;
}

/* The market's base link, or NULL with a clear error. */
static const char *
writer_base_url (Writer      *w,
                 const char  *market,
                 GError     **error)
{
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;
  const char *known = g_hash_table_lookup (w->base_urls, market);

  if (known == NULL)
    {
      key = g_strconcat ("onboarding_base_url.", market, NULL);
      value = pd_store_dup_setting (w->store, key, error);
      if (value == NULL)
        return NULL;
      known = value;
      g_hash_table_insert (w->base_urls, g_strdup (market), g_steal_pointer (&value));
    }
  if (*known == '\0')
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("Market %s has no onboarding base link; paste the market’s exclusive"
                     " onboarding link from the Partner Center in Preferences, or run"
                     " `partnerdesk-cli config set onboarding_base_url.%s URL`"),
                   market, market);
      return NULL;
    }
  return known;
}

/* "eu" -> "EU", "欧洲" -> "EU"; the market part of an
 * onboarding_base_url.<MARKET> key. */
static char *
normalize_market (const char  *market,
                  GError     **error)
{
  const char *named = pd_market_from_name (market);
  g_autofree char *upper = g_ascii_strup (named != NULL ? named : market, -1);
  size_t length;

  g_strstrip (upper);
  length = strlen (upper);
  for (const char *p = upper; *p != '\0'; p++)
    if (!g_ascii_isupper (*p))
      {
        length = 0;
        break;
      }
  if (length < 2 || length > 8)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("“%s” is not a market; expected a market code such as EU, JP or US"), market);
      return NULL;
    }
  return g_steal_pointer (&upper);
}

static gboolean
writer_revoke (Writer      *w,
               const char  *token,
               GError     **error)
{
  g_autoptr(PdLink) link = writer_get_link (w, token, error);
  g_autofree char *when = NULL;

  if (link == NULL)
    return FALSE;

  if (g_str_equal (link->state, "revoked"))
    {
      when = format_time (link->revoked_at);
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("Link %s was revoked already (%s); there is nothing to do"),
                   token, link->revoked_at > 0 ? when : _("time unknown"));
      return FALSE;
    }
  if (g_str_equal (link->state, "used"))
    {
      when = format_time (link->used_at);
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("Link %s was used (%s): a store was opened through it, so it cannot be"
                     " revoked"), token, link->used_at > 0 ? when : _("time unknown"));
      return FALSE;
    }
  if (g_str_equal (link->state, "expired"))
    {
      when = format_time (link->expires_at);
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("Link %s expired (%s); it cannot be used any more, so there is nothing to"
                     " revoke"), token, link->expires_at > 0 ? when : _("time unknown"));
      return FALSE;
    }

  if (!writer_statement (w, &w->revoke_link,
                         "UPDATE links SET state = 'revoked', revoked_at = ?2"
                         " WHERE token = ?1 AND state = 'active'",
                         error))
    return FALSE;
  sqlite3_bind_text (w->revoke_link, 1, token, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (w->revoke_link, 2, w->now);
  if (sqlite3_step (w->revoke_link) != SQLITE_DONE)
    {
      pd_store_set_sql_error (w->store, error, _("revoking a link"));
      return FALSE;
    }
  sqlite3_reset (w->revoke_link);

  return pd_outbox_enqueue_link_revoke (w->store, token, error) &&
         audit_link (w->store, "link.revoke", link, error);
}

/* Inserts a new link with a fresh token; *@token_out gets it. */
static gboolean
writer_insert (Writer      *w,
               const char  *kind,
               const char  *base_url,
               const char  *service_id,
               const char  *seller_id,
               const char  *market,
               const char  *program_id,
               int          duration_days,
               const char  *staff,
               char       **token_out,
               GError     **error)
{
  g_autofree char *who = staff != NULL && *staff != '\0' ? g_strdup (staff) : pd_store_dup_staff_name (w->store);

  for (int attempt = 0; attempt < TOKEN_ATTEMPTS; attempt++)
    {
      g_autofree char *token = pd_link_token_new (error);
      g_autofree char *url = NULL;
      int rc;

      if (token == NULL)
        return FALSE;
      if (base_url != NULL)
        url = pd_link_onboarding_url (base_url, token, error);
      else
        url = pd_link_authorization_url (service_id, token, pd_link_market_is_us (market));
      if (url == NULL)
        return FALSE;

      if (!writer_statement (w, &w->insert_link,
                             "INSERT INTO links (token, kind, url, state, seller_id, market, program_id,"
                             "                   service_id, created_at, duration_days, staff)"
                             " VALUES (?1, ?2, ?3, 'active', ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                             error))
        return FALSE;
      sqlite3_bind_text (w->insert_link, 1, token, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (w->insert_link, 2, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (w->insert_link, 3, url, -1, SQLITE_TRANSIENT);
      bind_text_or_null (w->insert_link, 4, seller_id);
      bind_text_or_null (w->insert_link, 5, market);
      bind_text_or_null (w->insert_link, 6, program_id);
      bind_text_or_null (w->insert_link, 7, service_id);
      sqlite3_bind_int64 (w->insert_link, 8, w->now);
      if (duration_days > 0)
        sqlite3_bind_int (w->insert_link, 9, duration_days);
      sqlite3_bind_text (w->insert_link, 10, who, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (w->insert_link);
      sqlite3_reset (w->insert_link);
      if (rc == SQLITE_DONE)
        {
          *token_out = g_steal_pointer (&token);
          return TRUE;
        }
      if (rc != SQLITE_CONSTRAINT)
        {
          pd_store_set_sql_error (w->store, error, _("adding a link"));
          return FALSE;
        }
      g_warning ("link token collision; drawing another one");
    }
  g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
               _("Cannot add a link: %d fresh tokens in a row were taken; the random number"
                 " generator is broken"), TOKEN_ATTEMPTS);
  return FALSE;
}

/* pd_store_link_onboarding() inside the caller's transaction. */
static gboolean
writer_onboarding (Writer      *w,
                   const char  *seller_id,
                   const char  *market,
                   const char  *program_id,
                   const char  *staff,
                   gboolean     force_new,
                   PdLink     **link_out,
                   gboolean    *created_out,
                   GError     **error)
{
  g_autofree char *target_program = NULL;
  g_autofree char *target_market = NULL;
  g_autofree char *use_market = NULL;
  g_autofree char *token = NULL;
  g_autoptr(PdLink) link = NULL;
  const char *use_program = program_id;
  const char *base_url;
  int rc;

  if (seller_id == NULL || *seller_id == '\0')
    {
      g_set_error_literal (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                           _("An onboarding link needs a seller; expected a seller id"));
      return FALSE;
    }

  if (program_id != NULL && !writer_check_program (w, program_id, error))
    return FALSE;
  if (!writer_find_target (w, seller_id, program_id, &target_program, &target_market, error))
    return FALSE;
  if (program_id != NULL && target_program == NULL && market == NULL &&
      !writer_find_target (w, seller_id, NULL, &target_program, &target_market, error))
    return FALSE;
  if (use_program == NULL)
    use_program = target_program;
  if (use_program == NULL)
    {
      g_autoptr(GError) local_error = NULL;

      use_program = writer_only_program (w, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (use_program == NULL)
        {
          g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                       _("Seller %s is on no target list and the store has no single recruitment"
                         " program; expected a program id (--program ID)"), seller_id);
          return FALSE;
        }
    }

  if (market == NULL && target_market == NULL &&
      !writer_store_market (w, seller_id, &target_market, error))
    return FALSE;
  if (market == NULL && target_market == NULL)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("Seller %s is on no target list and has no store, so its market is unknown;"
                     " expected a market (--market M)"), seller_id);
      return FALSE;
    }
  use_market = normalize_market (market != NULL ? market : target_market, error);
  if (use_market == NULL)
    return FALSE;

  /* +state: links_seller finds the seller's few links; without
   * statistics SQLite would walk every active link of links_state. */
  if (!writer_statement (w, &w->active_link,
                         "SELECT " LINK_COLUMNS " FROM links"
                         " WHERE seller_id = ?1 AND program_id IS ?2 AND kind = 'onboarding'"
                         "   AND market = ?3 AND +state = 'active'"
                         "   AND (expires_at IS NULL OR expires_at = 0 OR expires_at > ?4)"
                         "   AND NOT " USED_BY_STORE
                         " ORDER BY created_at DESC, token DESC LIMIT 1",
                         error))
    return FALSE;
  sqlite3_bind_text (w->active_link, 1, seller_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (w->active_link, 2, use_program, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (w->active_link, 3, use_market, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (w->active_link, 4, w->now);
  rc = sqlite3_step (w->active_link);
  if (rc == SQLITE_ROW)
    link = read_link (w->active_link, w->now);
  else if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (w->store, error, _("reading the seller’s links"));
      return FALSE;
    }
  sqlite3_reset (w->active_link);

  if (link != NULL && !force_new)
    {
      if (created_out != NULL)
        *created_out = FALSE;
      if (link_out != NULL)
        *link_out = g_steal_pointer (&link);
      return TRUE;
    }

  if (!force_new && !pd_store_team_refuse_duplicate (w->store, seller_id, use_program, staff, error))
    return FALSE;
  base_url = writer_base_url (w, use_market, error);
  if (base_url == NULL)
    return FALSE;
  if (link != NULL && !writer_revoke (w, link->token, error))
    return FALSE;
  g_clear_pointer (&link, pd_link_free);

  if (!writer_insert (w, "onboarding", base_url, NULL, seller_id, use_market, use_program, 0,
                      staff, &token, error) ||
      (link = writer_get_link (w, token, error)) == NULL ||
      !pd_outbox_enqueue_link_create (w->store, token, use_market, seller_id, use_program, 0,
                                      link->staff, error))
    return FALSE;
  if (link == NULL || !audit_link (w->store, "link.create", link, error))
    return FALSE;

  if (created_out != NULL)
    *created_out = TRUE;
  if (link_out != NULL)
    *link_out = g_steal_pointer (&link);
  return TRUE;
}

gboolean
pd_store_link_onboarding (PdStore     *store,
                          const char  *seller_id,
                          const char  *market,
                          const char  *program_id,
                          const char  *staff,
                          gboolean     force_new,
                          PdLink     **link_out,
                          gboolean    *created_out,
                          GError     **error)
{
  g_auto(Writer) w = { 0 };

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (link_out == NULL || *link_out == NULL, FALSE);

  writer_init (&w, store);
  if (!pd_store_begin (store, error))
    return FALSE;
  if (!writer_onboarding (&w, seller_id, market, program_id, staff, force_new, link_out,
                          created_out, error) ||
      !pd_merchant_rows_touch (store, (const char * const[]) { seller_id, NULL }, error))
    {
      pd_store_rollback (store);
      return FALSE;
    }
  writer_clear (&w);
  if (!pd_store_commit (store, error))
    {
      if (link_out != NULL)
        g_clear_pointer (link_out, pd_link_free);
      return FALSE;
    }
  pd_store_emit_change (store, PD_ENTITY_LINKS, (const char * const[]) { seller_id, NULL },
                        PD_CHANGE_ORIGIN_WINDOW);
  return TRUE;
}

/* The connection's cache_size pragma, or 0 when it cannot be read. */
static gint64
query_cache_size (PdStore *store)
{
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (store, "PRAGMA cache_size", NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

GPtrArray *
pd_store_link_onboarding_bulk (PdStore            *store,
                               const char * const *seller_ids,
                               const char         *program_id,
                               const char         *staff,
                               GError            **error)
{
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_link_free);
  g_auto(Writer) w = { 0 };
  GPtrArray *result = NULL;
  gint64 old_cache_size;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (seller_ids != NULL, NULL);

  writer_init (&w, store);
  /* A big selection writes tens of MB in one transaction: with SQLite's
   * 2 MB default cache, every index insert would spill to and read back
   * from the WAL (minutes for 100,000 links instead of seconds). */
  old_cache_size = query_cache_size (store);
  if (old_cache_size != 0)
    pd_store_exec (store, "PRAGMA cache_size = -" G_STRINGIFY (BULK_CACHE_KIB), NULL);
  if (!pd_store_begin (store, error))
    goto out;
  for (guint i = 0; seller_ids[i] != NULL; i++)
    {
      PdLink *link = NULL;

      if (!writer_onboarding (&w, seller_ids[i], NULL, program_id, staff, FALSE, &link, NULL, error))
        {
          pd_store_rollback (store);
          goto out;
        }
      g_ptr_array_add (links, link);
    }
  writer_clear (&w);
  if (pd_merchant_rows_touch (store, seller_ids, error) && pd_store_commit (store, error))
    {
      result = g_steal_pointer (&links);
      pd_store_emit_change (store, PD_ENTITY_LINKS, seller_ids, PD_CHANGE_ORIGIN_WINDOW);
    }
  else
    pd_store_rollback (store);

out:
  if (old_cache_size != 0)
    {
      g_autofree char *pragma = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT, old_cache_size);

      pd_store_exec (store, pragma, NULL);
    }
  return result;
}

gboolean
pd_store_link_authorization_for (PdStore            *store,
                                 const char         *service_id,
                                 const char         *seller_id,
                                 const char * const *shop_ids,
                                 int                 duration_days,
                                 const char         *renewal_of,
                                 const char         *staff,
                                 PdLink            **link_out,
                                 GError            **error)
{
  g_auto(Writer) w = { 0 };
  g_autofree char *target_program = NULL;
  g_autofree char *target_market = NULL;
  g_autofree char *market = NULL;
  g_autofree char *token = NULL;
  g_autoptr(PdLink) link = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (link_out == NULL || *link_out == NULL, FALSE);

  if (service_id == NULL || *service_id == '\0')
    {
      g_set_error_literal (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                           _("An authorization link needs a service; expected a service id"));
      return FALSE;
    }
  if (duration_days < 0 || duration_days > 3650)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("%d is not an authorization duration; expected 1 to 3650 days, or none to"
                     " let the seller pick"), duration_days);
      return FALSE;
    }
  if (seller_id != NULL && *seller_id == '\0')
    seller_id = NULL;

  writer_init (&w, store);
  if (!pd_store_begin (store, error))
    return FALSE;

  if (seller_id != NULL &&
      (!writer_find_target (&w, seller_id, NULL, &target_program, &target_market, error) ||
       (target_market == NULL && !writer_store_market (&w, seller_id, &target_market, error))))
    goto fail;
  if (target_market != NULL)
    market = g_ascii_strup (target_market, -1);

  if (!writer_insert (&w, "authorization", NULL, service_id, seller_id, market, NULL,
                      duration_days, staff, &token, error) ||
      (renewal_of != NULL && !pd_store_link_note_renewal (store, token, renewal_of, error)) ||
      !pd_outbox_enqueue_authorization_link_renewal (store, token, service_id, seller_id, market,
                                                     duration_days, shop_ids, renewal_of, error))
    goto fail;
  link = writer_get_link (&w, token, error);
  if (link == NULL || !audit_link (store, "link.create", link, error))
    goto fail;

  writer_clear (&w);
  if (!pd_store_commit (store, error))
    return FALSE;
  pd_store_emit_change (store, PD_ENTITY_LINKS,
                        seller_id != NULL ? (const char * const[]) { seller_id, NULL } : NULL,
                        PD_CHANGE_ORIGIN_WINDOW);
  if (link_out != NULL)
    *link_out = g_steal_pointer (&link);
  return TRUE;

fail:
  pd_store_rollback (store);
  return FALSE;
}

gboolean
pd_store_link_revoke (PdStore     *store,
                      const char  *token,
                      GError     **error)
{
  g_auto(Writer) w = { 0 };
  g_autoptr(PdLink) link = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (token != NULL, FALSE);

  writer_init (&w, store);
  if (!pd_store_begin (store, error))
    return FALSE;
  if (!writer_revoke (&w, token, error) ||
      (link = writer_get_link (&w, token, error)) == NULL ||
      !pd_merchant_rows_touch (store, (const char * const[]) { link->seller_id, NULL }, error))
    {
      pd_store_rollback (store);
      return FALSE;
    }
  writer_clear (&w);
  if (!pd_store_commit (store, error))
    return FALSE;
  pd_store_emit_change (store, PD_ENTITY_LINKS,
                        link->seller_id != NULL ? (const char * const[]) { link->seller_id, NULL } : NULL,
                        PD_CHANGE_ORIGIN_WINDOW);
  return TRUE;
}

PdLink *
pd_store_link_get (PdStore     *store,
                   const char  *token,
                   GError     **error)
{
  g_auto(Writer) w = { 0 };

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (token != NULL, NULL);

  writer_init (&w, store);
  return writer_get_link (&w, token, error);
}

static GPtrArray *
read_links (PdStore       *store,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_link_free);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (links, read_link (stmt, now));
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the links"));
      return NULL;
    }
  return g_steal_pointer (&links);
}

GPtrArray *
pd_store_links_for_seller (PdStore     *store,
                           const char  *seller_id,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (seller_id != NULL, NULL);

  stmt = pd_store_prepare (store,
                           "SELECT " LINK_COLUMNS " FROM links WHERE seller_id = ?1"
                           " ORDER BY created_at DESC, token DESC",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, seller_id, -1, SQLITE_TRANSIENT);
  return read_links (store, stmt, error);
}

/* The WHERE clause of an effective state (?1: now), or NULL for a
 * state that does not exist (pd-store-private.h). */
const char *
pd_store_links_state_condition (const char *state)
{
  if (state == NULL)
    return "1";
  if (g_str_equal (state, "active"))
    return "state = 'active' AND (expires_at IS NULL OR expires_at = 0 OR expires_at > ?1)"
           " AND NOT " USED_BY_STORE;
  if (g_str_equal (state, "expired"))
    return "(state = 'expired' OR (state = 'active' AND expires_at > 0 AND expires_at <= ?1))"
           " AND NOT " USED_BY_STORE;
  if (g_str_equal (state, "used"))
    /* +state: walk links_created newest first testing each link,
     * rather than gather every candidate of links_state and sort them. */
    return "(+state = 'used' OR (+state IN " PD_LINK_BECOMES_USED_SQL " AND " USED_BY_STORE "))";
  if (g_str_equal (state, "revoked"))
    return "state = 'revoked'";
  return NULL;
}

static gboolean
check_state (const char  *state,
             GError     **error)
{
  if (pd_store_links_state_condition (state) != NULL)
    return TRUE;
  g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
               _("“%s” is not a link state; expected active, used, expired or revoked"), state);
  return FALSE;
}

gboolean
pd_store_links_count (PdStore     *store,
                      const char  *state,
                      guint64     *count_out,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (count_out != NULL, FALSE);

  if (!check_state (state, error))
    return FALSE;
  sql = g_strdup_printf ("SELECT count(*) FROM links WHERE %s",
                         pd_store_links_state_condition (state));
  stmt = pd_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      pd_store_set_sql_error (store, error, _("counting the links"));
      return FALSE;
    }
  *count_out = (guint64) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

GPtrArray *
pd_store_links_page (PdStore     *store,
                     const char  *state,
                     guint64      offset,
                     guint        limit,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  if (!check_state (state, error))
    return NULL;
  /* Both keys descending: a backward walk of links_created/links_state.
   * The page's tokens first, from the index alone, then their rows: an
   * OFFSET of 999,000 skips index entries (60 ms), not table rows (0.6 s). */
  sql = g_strdup_printf ("SELECT " LINK_COLUMNS " FROM"
                         " (SELECT token AS page_token, created_at AS page_created FROM links WHERE %s"
                         "  ORDER BY created_at DESC, token DESC LIMIT ?2 OFFSET ?3) AS page"
                         " JOIN links ON links.token = page.page_token"
                         " ORDER BY page.page_created DESC, page.page_token DESC",
                         pd_store_links_state_condition (state));
  stmt = pd_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) MIN (offset, (guint64) G_MAXINT64));
  return read_links (store, stmt, error);
}
