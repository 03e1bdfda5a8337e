/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "pd-merchant-schema.h"
#include "pd-store-migrations.h"
#include "pd-store-requests.h"

/*
 * Conventions of the schema:
 * - times are INTEGER Unix seconds (UTC); a column ending in _at is one;
 * - money is INTEGER minor units of the currency in the column beside it
 *   (never a float); exchange rates are INTEGER millionths (6 decimals);
 * - enumerations are stored as their canonical English token, checked;
 * - `version` is the platform's object version (sync ignores older ones),
 *   0 for objects only known locally;
 * - lists (countries, shop ids) are stored as text: countries `;`-joined,
 *   shop ids as a JSON array.
 * Never edit a released migration: append a new one.
 */

static const char migration_1[] =
  "CREATE TABLE settings ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT NOT NULL"
  ") WITHOUT ROWID;"

  "CREATE TABLE programs ("
  "  id           TEXT PRIMARY KEY NOT NULL,"
  "  name         TEXT NOT NULL,"
  "  kind         TEXT NOT NULL CHECK (kind IN ('recruitment', 'seller-benefit')),"
  "  timezone     TEXT NOT NULL,"
  "  period_start TEXT NOT NULL,"
  "  period_end   TEXT NOT NULL,"
  "  markets      TEXT NOT NULL,"
  "  json         TEXT NOT NULL,"
  "  source       TEXT NOT NULL CHECK (source IN ('bundled', 'import', 'sync')),"
  "  version      INTEGER NOT NULL DEFAULT 0,"
  "  updated_at   INTEGER NOT NULL"
  ") WITHOUT ROWID;"

  "CREATE TABLE target_merchants ("
  "  program_id    TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,"
  "  seller_id     TEXT NOT NULL,"
  "  seller_name   TEXT NOT NULL,"
  "  brand         TEXT,"
  "  market        TEXT NOT NULL,"
  "  country       TEXT,"
  "  contact_name  TEXT,"
  "  contact_email TEXT,"
  "  contact_phone TEXT,"
  "  review_status TEXT NOT NULL DEFAULT 'pending'"
  "                CHECK (review_status IN ('pending', 'approved', 'rejected')),"
  "  listed_at     INTEGER NOT NULL,"
  "  left_at       INTEGER,"
  "  version       INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (program_id, seller_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX target_merchants_seller ON target_merchants (seller_id);"

  "CREATE TABLE links ("
  "  token         TEXT PRIMARY KEY NOT NULL,"
  "  kind          TEXT NOT NULL CHECK (kind IN ('onboarding', 'authorization')),"
  "  url           TEXT,"
  "  state         TEXT NOT NULL DEFAULT 'active'"
  "                CHECK (state IN ('active', 'used', 'expired', 'revoked')),"
  "  seller_id     TEXT,"
  "  market        TEXT,"
  "  program_id    TEXT,"
  "  service_id    TEXT,"
  "  created_at    INTEGER NOT NULL,"
  "  expires_at    INTEGER,"
  "  used_at       INTEGER,"
  "  revoked_at    INTEGER,"
  "  duration_days INTEGER,"
  "  staff         TEXT,"
  "  version       INTEGER NOT NULL DEFAULT 0"
  ") WITHOUT ROWID;"
  "CREATE INDEX links_seller ON links (seller_id, program_id);"

  "CREATE TABLE stores ("
  "  store_id            TEXT PRIMARY KEY NOT NULL,"
  "  seller_id           TEXT NOT NULL,"
  "  market              TEXT,"
  "  onboarded_at        INTEGER,"
  "  via_link            TEXT,"
  "  via_token           TEXT,"
  "  first_sale_at       INTEGER,"
  "  settled_gmv_30d     INTEGER,"
  "  gmv_currency        TEXT,"
  "  inventory_countries TEXT NOT NULL DEFAULT '',"
  "  store_status        TEXT NOT NULL DEFAULT 'normal'"
  "                      CHECK (store_status IN ('normal', 'closing', 'closed')),"
  "  governance          TEXT NOT NULL DEFAULT 'none'"
  "                      CHECK (governance IN ('none', 'warning', 'high_risk')),"
  "  governance_reason   TEXT,"
  "  version             INTEGER NOT NULL DEFAULT 0,"
  "  CHECK (settled_gmv_30d IS NULL OR gmv_currency IS NOT NULL)"
  ") WITHOUT ROWID;"
  "CREATE INDEX stores_seller ON stores (seller_id, onboarded_at);"
  "CREATE INDEX stores_via_token ON stores (via_token);"

  "CREATE TABLE exchange_rates ("
  "  currency            TEXT PRIMARY KEY NOT NULL,"
  "  cny_per_unit_micros INTEGER NOT NULL CHECK (cny_per_unit_micros > 0),"
  "  updated_at          INTEGER NOT NULL,"
  "  version             INTEGER NOT NULL DEFAULT 0"
  ") WITHOUT ROWID;"

  "CREATE TABLE service_categories ("
  "  id                      TEXT PRIMARY KEY NOT NULL,"
  "  name                    TEXT NOT NULL,"
  "  state                   TEXT NOT NULL DEFAULT 'not_listed'"
  "                          CHECK (state IN ('not_listed', 'in_review', 'approved', 'rejected', 'suspended')),"
  "  requirement_metric      TEXT,"
  "  requirement_amount      INTEGER,"
  "  requirement_currency    TEXT,"
  "  operation_qualification TEXT,"
  "  current_amount          INTEGER,"
  "  current_currency        TEXT,"
  "  version                 INTEGER NOT NULL DEFAULT 0"
  ") WITHOUT ROWID;"

  "CREATE TABLE services ("
  "  id          TEXT PRIMARY KEY NOT NULL,"
  "  category_id TEXT NOT NULL,"
  "  name        TEXT NOT NULL,"
  "  type        TEXT NOT NULL CHECK (type IN ('public', 'custom')),"
  "  description TEXT,"
  "  price       INTEGER,"
  "  currency    TEXT,"
  "  version     INTEGER NOT NULL DEFAULT 0"
  ") WITHOUT ROWID;"
  "CREATE INDEX services_category ON services (category_id);"

  "CREATE TABLE seller_requests ("
  "  id                      TEXT PRIMARY KEY NOT NULL,"
  "  status                  TEXT NOT NULL"
  "                          CHECK (status IN ('partner_reviewing', 'partner_accepted', 'connected', 'closed', 'rejected')),"
  "  request_type            TEXT NOT NULL CHECK (request_type IN ('select_partners', 'platform_referral')),"
  "  category_id             TEXT,"
  "  location                TEXT,"
  "  company_size            TEXT,"
  "  currency                TEXT,"
  "  monthly_tiktok_shop_gmv INTEGER,"
  "  monthly_other_gmv       INTEGER,"
  "  monthly_budget          INTEGER,"
  "  main_category           TEXT,"
  "  best_selling_product    TEXT,"
  "  other_details           TEXT,"
  "  contact_name            TEXT,"
  "  contact_email           TEXT,"
  "  created_at              INTEGER NOT NULL,"
  "  updated_at              INTEGER NOT NULL,"
  "  version                 INTEGER NOT NULL DEFAULT 0"
  ") WITHOUT ROWID;"

  "CREATE TABLE authorizations ("
  "  id            TEXT PRIMARY KEY NOT NULL,"
  "  state         TEXT NOT NULL CHECK (state IN ('active', 'completed', 'canceled', 'closed')),"
  "  seller_id     TEXT NOT NULL,"
  "  service_id    TEXT NOT NULL,"
  "  shop_ids      TEXT NOT NULL DEFAULT '[]',"
  "  contact_name  TEXT,"
  "  contact_email TEXT,"
  "  starts_at     INTEGER NOT NULL,"
  "  expires_at    INTEGER,"
  "  duration_days INTEGER,"
  "  renewal_of    TEXT,"
  "  version       INTEGER NOT NULL DEFAULT 0"
  ") WITHOUT ROWID;"
  "CREATE INDEX authorizations_expiry ON authorizations (state, expires_at);"

  "CREATE TABLE payouts ("
  "  id         TEXT PRIMARY KEY NOT NULL,"
  "  program_id TEXT NOT NULL,"
  "  quarter    TEXT NOT NULL,"
  "  amount     INTEGER NOT NULL,"
  "  currency   TEXT NOT NULL,"
  "  status     TEXT NOT NULL CHECK (status IN ('paid', 'withheld')),"
  "  paid_at    INTEGER,"
  "  version    INTEGER NOT NULL DEFAULT 0"
  ") WITHOUT ROWID;"

  /* A local change waiting to reach the platform. The idempotency key is
   * fixed when the change is written and kept across retries. */
  "CREATE TABLE outbox ("
  "  id              INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  idempotency_key TEXT NOT NULL UNIQUE,"
  "  method          TEXT NOT NULL,"
  "  path            TEXT NOT NULL,"
  "  body            TEXT NOT NULL DEFAULT '',"
  "  subject_type    TEXT NOT NULL,"
  "  subject_id      TEXT NOT NULL,"
  "  state           TEXT NOT NULL DEFAULT 'pending'"
  "                  CHECK (state IN ('pending', 'failed', 'conflict')),"
  "  attempts        INTEGER NOT NULL DEFAULT 0,"
  "  last_error      TEXT,"
  "  next_attempt_at INTEGER,"
  "  created_at      INTEGER NOT NULL"
  ");"

  "CREATE TABLE sync_state ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT"
  ") WITHOUT ROWID;"

  /* Deleted platform objects, so that a replayed older upsert stays
   * deleted and a newer one brings the object back. */
  "CREATE TABLE tombstones ("
  "  type    TEXT NOT NULL,"
  "  id      TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  PRIMARY KEY (type, id)"
  ") WITHOUT ROWID;"

  "CREATE TABLE audit_log ("
  "  id      INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  at      INTEGER NOT NULL,"
  "  user    TEXT NOT NULL,"
  "  action  TEXT NOT NULL,"
  "  subject TEXT,"
  "  details TEXT"
  ");"
  "CREATE INDEX audit_log_subject ON audit_log (subject);";

/* Version 2: the agency's own fields on a merchant (never overwritten by
 * a pull) and the default per-stage rates of the expected-value model. */
static const char migration_2[] =
  "CREATE TABLE merchant_notes ("
  "  seller_id  TEXT PRIMARY KEY NOT NULL,"
  "  notes      TEXT NOT NULL DEFAULT '',"
  "  tags       TEXT NOT NULL DEFAULT '',"
  "  assignee   TEXT,"
  "  updated_at INTEGER NOT NULL"
  ") WITHOUT ROWID;"

  /* Probability, in basis points, that a pending entry at this stage goes
   * on to qualify; editable in Preferences. */
  "CREATE TABLE stage_rates ("
  "  stage     TEXT PRIMARY KEY NOT NULL"
  "            CHECK (stage IN ('invited', 'onboarded', 'first_sale', 'sales_met')),"
  "  rate_bp   INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000)"
  ") WITHOUT ROWID;"
  "INSERT INTO stage_rates (stage, rate_bp) VALUES"
  "  ('invited', 1000), ('onboarded', 3000), ('first_sale', 5000), ('sales_met', 8000);";

/* Version 3: the projection reads a program's stores and links in
 * seller order (the first-store rule needs a seller's stores together).
 * Covering indexes make those two reads sequential scans instead of one
 * random table lookup per row (about 8x faster over a million stores);
 * they replace the narrower indexes on the same leading columns. */
static const char migration_3[] =
  "DROP INDEX stores_seller;"
  "CREATE INDEX stores_seller ON stores (seller_id, onboarded_at, store_id, market, via_token,"
  "  first_sale_at, settled_gmv_30d, gmv_currency, inventory_countries, store_status,"
  "  governance, governance_reason);"
  "DROP INDEX links_seller;"
  "CREATE INDEX links_seller ON links (seller_id, program_id, kind, created_at, revoked_at, market);";

/* Version 4: target lists are imported a million rows at a time, and an
 * index on seller_id alone doubled the B-tree work of every imported row
 * (each insert landed in a second, randomly ordered tree). Every lookup
 * of a target is by program and seller, which the primary key serves;
 * only `status` counts distinct sellers across programs, a scan it can
 * afford. */
static const char migration_4[] =
  "DROP INDEX target_merchants_seller;";

/* Version 5: the sync client's outbox keeps the version a change was
 * made on (sent as If-Match, e.g. a seller request's status) and, when
 * the platform answers 409, its current object, so that the user sees
 * both versions and chooses. */
static const char migration_5[] =
  "ALTER TABLE outbox ADD COLUMN if_match TEXT;"
  "ALTER TABLE outbox ADD COLUMN conflict_current TEXT;";

/* Version 6: the Links page pages through every link newest first,
 * whole or by state, with LIMIT/OFFSET: two indexes make each page an
 * index walk instead of a sort of the whole table. */
static const char migration_6[] =
  "CREATE INDEX links_created ON links (created_at, token, state, expires_at);"
  "CREATE INDEX links_state ON links (state, created_at, token, expires_at);";

/* Version 7: the Merchants page's materialized rows, search words and
 * keys (pd-merchant-schema.h). */
static const char migration_7[] = PD_MERCHANT_SCHEMA;

/* Version 8: whether an invited seller's onboarding links can still
 * bring a store depends on their expiry too (issue 13): the projection's
 * seller-ordered read of the links needs expires_at (and the stored
 * state, for a revocation or expiry sync gave without its time), and
 * without them in
 * the covering index each link cost a random table lookup (about 6x
 * slower). token stays before it, so that the readers' order (..., market,
 * token) is still the index's own. */
static const char migration_8[] =
  "DROP INDEX links_seller;"
  "CREATE INDEX links_seller ON links (seller_id, program_id, kind, created_at, revoked_at, market,"
  "  token, expires_at, state);";

/* Version 9: one table of stage names (pd-stage.h). The Merchants
 * page's rows stored a stage of their own, where 3 meant "first sale or
 * over the sales threshold" and 4 and 5 repeated the verdict (qualified,
 * lost); they now store the core stage's pipeline position (0 target
 * list, 1 invited, 2 store opened, 3 first sale, 4 sales threshold met).
 * Codes 0 to 3 keep their place; 4 and 5 cannot be mapped without the
 * engine, so they read as the nearest known stage until the next
 * refresh, which forgetting the rows' as_of turns into a full rebuild
 * (the rows are derived data: nothing is lost). */
static const char migration_9[] =
  "UPDATE merchant_rows_0 SET stage = 4 WHERE stage > 4;"
  "UPDATE merchant_rows_1 SET stage = 4 WHERE stage > 4;"
  "DELETE FROM merchant_state WHERE key IN ('as_of', 'valid_until');";

/* Version 10: the Authorizations page and its notifications (issue 12).
 * authorization_notices remembers which expiry notification (15 days
 * before, then 3) was sent for which expiry of an authorization, so that
 * a restart does not send it again and a later expiry (the platform
 * extended it) is announced afresh. The page pages through every
 * authorization soonest first (unlimited last) and each row names the
 * newest authorization renewing it: an index for each. */
static const char migration_10[] =
  "CREATE TABLE authorization_notices ("
  "  authorization_id TEXT NOT NULL,"
  "  expires_at       INTEGER NOT NULL,"
  "  window_days      INTEGER NOT NULL CHECK (window_days IN (3, 15)),"
  "  sent_at          INTEGER NOT NULL,"
  "  PRIMARY KEY (authorization_id, expires_at, window_days)"
  ") WITHOUT ROWID;"
  "CREATE INDEX authorizations_renewal ON authorizations (renewal_of, starts_at, id);"
  "CREATE INDEX authorizations_soonest ON authorizations"
  "  (IFNULL(expires_at, 9223372036854775807), id);";

/* Version 11: the Requests page pages through 100,000 seller requests
 * in three orders, optionally by state: an index per order (the amount
 * ones on the very whole-unit expressions the queries sort by), so the
 * first page is read off an index instead of sorting every request. */
static const char migration_11[] =
  "CREATE INDEX seller_requests_created ON seller_requests (created_at, id);"
  "CREATE INDEX seller_requests_status ON seller_requests (status, created_at, id);"
  "CREATE INDEX seller_requests_budget ON seller_requests (" PD_REQUEST_BUDGET_UNITS_SQL ", id);"
  "CREATE INDEX seller_requests_gmv ON seller_requests (" PD_REQUEST_GMV_UNITS_SQL ", id);";

/* Version 12: review of the Authorizations page (issue 12). Its order
 * is the active authorizations soonest first (unlimited last), then the
 * ended ones (completed, canceled, closed, or past their expiry) most
 * recently ended first; which active ones have ended depends on the
 * time, so the page reads the active part and the ended part apart,
 * each an index walk: the active ones by state and expiry (unlimited as
 * the largest time), the ended by their end (the expiry, or the start
 * when there is none). A renewal link remembers the authorization it
 * renews, so that the row offers the pending link after a restart
 * instead of another one. */
static const char migration_12[] =
  "DROP INDEX authorizations_soonest;"
  "CREATE INDEX authorizations_soonest ON authorizations"
  "  (state, IFNULL(expires_at, 9223372036854775807), id);"
  "CREATE INDEX authorizations_ended ON authorizations"
  "  (state = 'active', IFNULL(expires_at, starts_at), id);"
  "ALTER TABLE links ADD COLUMN renewal_of TEXT;"
  "CREATE INDEX links_renewal ON links (renewal_of, created_at, token) WHERE renewal_of IS NOT NULL;";

/* Version 13: the projection as it stood after
 * each import and each sync, for the Overview's trend. Written by the
 * Overview when it reads the projection after the store changed
 * (pd-projection-history.h). */
static const char migration_13[] =
  "CREATE TABLE projection_history ("
  "  program_id  TEXT NOT NULL,"
  "  event_at    INTEGER NOT NULL,"   /* the import's or the sync's time */
  "  source      TEXT NOT NULL CHECK (source IN ('import', 'sync')),"
  "  recorded_at INTEGER NOT NULL,"   /* the instant the projection is as of */
  "  currency    TEXT NOT NULL,"
  "  confirmed   INTEGER NOT NULL,"   /* minor units */
  "  expected    INTEGER NOT NULL,"
  "  upper       INTEGER NOT NULL,"
  "  PRIMARY KEY (program_id, event_at, source)"
  ") WITHOUT ROWID;";

/* Version 14: a payout record may name the merchant it is for (the
 * platform sends `seller_id` and `store_id` beyond the contract's
 * columns when it withholds one merchant's reward): the Overview's
 * reconciliation compares merchant by merchant where it does. */
static const char migration_14[] =
  "ALTER TABLE payouts ADD COLUMN seller_id TEXT;"
  "ALTER TABLE payouts ADD COLUMN store_id TEXT;";

/* Version 15: issue 14, items 5 and 3. program_overrides: the
 * assumptions of a program the agency overrode (pd-rules-override.h),
 * applied whenever the program's rules are read, each change audited.
 * entry_mark_events and entry_marks: every entry of a program as it
 * stood after an import or a sync (pd-entry-diff.h), for the Overview's list of what changed
 * since the previous one; only the two latest events are kept. */
static const char migration_15[] =
  "CREATE TABLE program_overrides ("
  "  program_id TEXT NOT NULL,"
  "  key        TEXT NOT NULL,"
  "  value      TEXT NOT NULL,"
  "  set_at     INTEGER NOT NULL,"
  "  set_by     TEXT NOT NULL,"
  "  PRIMARY KEY (program_id, key)"
  ") WITHOUT ROWID;"
  "CREATE TABLE entry_mark_events ("
  "  id         INTEGER PRIMARY KEY,"
  "  program_id TEXT NOT NULL,"
  "  event_at   INTEGER NOT NULL,"
  "  complete   INTEGER NOT NULL DEFAULT 0,"  /* written in batches: 1 once all are */
  "  UNIQUE (program_id, event_at)"
  ");"
  /* A million entries per event: the program once per event, the
   * verdict, stage and flags in one integer (pd-store-entry-marks.c). */
  "CREATE TABLE entry_marks ("
  "  event        INTEGER NOT NULL REFERENCES entry_mark_events (id) ON DELETE CASCADE,"
  "  seller_id    TEXT NOT NULL,"
  "  store_id     TEXT NOT NULL,"     /* '' for an invited seller without a store */
  "  state        INTEGER NOT NULL,"  /* verdict | stage << 2 | flags << 5 */
  "  contribution INTEGER NOT NULL,"  /* minor units, after the governance factor */
  "  PRIMARY KEY (event, seller_id, store_id)"
  ") WITHOUT ROWID;";

/* Version 16: shops read through the TikTok Shop Open API (issue 17,
 * README "Shops read from the TikTok Shop Open API"). A seller's
 * authorization of the agency's app is a grant (its open_id); its access and refresh tokens live in
 * the keyring only, keyed by open_id: the store keeps their expiry times,
 * the refresh token's being when the authorization ends. Each shop the
 * grant covers is a row of open_api_shops (shop id = our stores.store_id
 * when the store is known). open_api_figures holds the last figures read
 * for a shop, each with its source (the endpoint) and instant, apart
 * from the stores' own columns, so that an imported settled figure is
 * never lost; gmv_applied and warehouses_applied remember what was last
 * copied into stores (settled_gmv_30d, inventory_countries), which tells
 * our copy from an imported one. */
static const char migration_16[] =
  "CREATE TABLE open_api_grants ("
  "  open_id            TEXT PRIMARY KEY NOT NULL,"
  "  link_token         TEXT,"             /* the authorization link's state */
  "  seller_id          TEXT,"             /* ours, from that link */
  "  seller_name        TEXT NOT NULL DEFAULT '',"
  "  seller_region      TEXT,"
  "  access_expires_at  INTEGER NOT NULL,"
  "  refresh_expires_at INTEGER NOT NULL," /* the authorization's end */
  "  state              TEXT NOT NULL DEFAULT 'connected'"
  "                     CHECK (state IN ('connected', 'expired', 'cancelled')),"
  "  connected_at       INTEGER NOT NULL,"
  "  updated_at         INTEGER NOT NULL,"
  "  last_error         TEXT"
  ") WITHOUT ROWID;"
  "CREATE TABLE open_api_shops ("
  "  shop_id      TEXT PRIMARY KEY NOT NULL,"
  "  open_id      TEXT NOT NULL REFERENCES open_api_grants (open_id),"
  "  name         TEXT NOT NULL,"
  "  region       TEXT NOT NULL,"
  "  seller_type  TEXT,"
  "  cipher       TEXT NOT NULL,"
  "  shop_code    TEXT,"
  "  state        TEXT NOT NULL DEFAULT 'connected'"
  "               CHECK (state IN ('connected', 'expired', 'cancelled')),"
  "  connected_at INTEGER NOT NULL,"
  "  last_read_at INTEGER,"
  "  last_error   TEXT"
  ") WITHOUT ROWID;"
  "CREATE INDEX open_api_shops_grant ON open_api_shops (open_id, shop_id);"
  "CREATE TABLE open_api_figures ("
  "  shop_id               TEXT PRIMARY KEY NOT NULL,"
  "  gmv_amount            INTEGER,"      /* minor units */
  "  gmv_currency          TEXT,"
  "  gmv_window_start      TEXT,"         /* RFC 3339 instant (orders), or YYYY-MM-DD */
  "  gmv_window_end        TEXT,"         /* exclusive, likewise */
  "  gmv_endpoint          TEXT,"
  "  gmv_read_at           INTEGER,"
  "  gmv_applied           INTEGER,"      /* what we last wrote to stores */
  "  warehouse_countries   TEXT,"         /* ';'-joined, active warehouses */
  "  warehouses_endpoint   TEXT,"
  "  warehouses_read_at    INTEGER,"
  "  warehouses_applied    TEXT,"         /* what we last wrote to stores */
  "  shop_status           TEXT,"
  "  status_endpoint       TEXT,"
  "  status_read_at        INTEGER,"
  "  CHECK (gmv_amount IS NULL OR gmv_currency IS NOT NULL)"
  ") WITHOUT ROWID;";

/* Version 17: the team hub (issue 20; pd-store-team.h); the hub joined
 * and the last change pulled are sync_state keys "team.*". team_outbox: edits of the agency's own fields waiting for the hub,
 * one field each with its idempotency key and base (the hub change the
 * edit was made on). team_fields: the hub's version of each shared
 * field (value, author, desktop, time). team_conflicts: an edit the hub
 * did not take, beside the hub's version. team_invitations: the
 * team's onboarding links, for the duplicate invitation check. */
static const char migration_17[] =
  "CREATE TABLE team_outbox ("
  "  id              INTEGER PRIMARY KEY,"
  "  idempotency_key TEXT NOT NULL UNIQUE,"
  "  entity          TEXT NOT NULL,"
  "  object          TEXT NOT NULL,"
  "  field           TEXT NOT NULL,"
  "  value           TEXT,"
  "  base_seq        INTEGER NOT NULL DEFAULT 0,"
  "  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'failed')),"
  "  attempts        INTEGER NOT NULL DEFAULT 0,"
  "  last_error      TEXT,"
  "  created_at      INTEGER NOT NULL"
  ");"
  "CREATE INDEX team_outbox_field ON team_outbox (entity, object, field);"
  "CREATE TABLE team_fields ("
  "  entity  TEXT NOT NULL,"
  "  object  TEXT NOT NULL,"
  "  field   TEXT NOT NULL,"
  "  seq     INTEGER NOT NULL,"
  "  value   TEXT,"
  "  author  TEXT NOT NULL,"
  "  desktop TEXT,"
  "  at      INTEGER NOT NULL,"
  "  PRIMARY KEY (entity, object, field)"
  ") WITHOUT ROWID;"
  "CREATE TABLE team_conflicts ("
  "  entity      TEXT NOT NULL,"
  "  object      TEXT NOT NULL,"
  "  field       TEXT NOT NULL,"
  "  mine        TEXT,"
  "  mine_at     INTEGER NOT NULL,"
  "  theirs      TEXT,"
  "  theirs_by   TEXT NOT NULL,"
  "  theirs_at   INTEGER NOT NULL,"
  "  PRIMARY KEY (entity, object, field)"
  ") WITHOUT ROWID;"
  "CREATE TABLE team_invitations ("
  "  token      TEXT PRIMARY KEY NOT NULL,"
  "  seller_id  TEXT NOT NULL,"
  "  program_id TEXT,"
  "  staff      TEXT NOT NULL,"
  "  desktop    TEXT,"
  "  created_at INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE INDEX team_invitations_seller ON team_invitations (seller_id, program_id);";

/* The Merchants page's full-text indexes made again with the current
 * definition (pd-merchant-schema.h). The rows are derived data: the
 * indexes and their search keys are emptied and forgetting the rows'
 * as_of makes the next refresh rebuild them. */
#define MERCHANT_SEARCH_REMADE \
  "DROP TABLE merchant_search_0;" \
  "DROP TABLE merchant_search_1;" \
  PD_MERCHANT_SEARCH_TABLE ("0") \
  PD_MERCHANT_SEARCH_TABLE ("1") \
  "DELETE FROM merchant_keys_0;" \
  "DELETE FROM merchant_keys_1;" \
  "DELETE FROM merchant_state WHERE key IN ('as_of', 'valid_until');" \
  "INSERT OR REPLACE INTO merchant_state (key, value) VALUES ('built_max', '0');"

/* Version 18: the Merchants page's full-text indexes keep lists of
 * one- and two-character word beginnings. */
static const char migration_18[] = MERCHANT_SEARCH_REMADE;

/* Version 19: the enumerations' CHECK constraints of the tables that
 * imports fill row by row (target lists, links, stores) as comparisons
 * joined by OR. SQLite 3.40 checks `x IN ('a', 'b', 'c')` by building a
 * temporary B-tree of the list for each row it inserts or updates: a
 * third of a target row's insert (300,000 rows: 1.6 s of CPU with it,
 * 1.0 s with the OR form, 0.95 s without a check). The same values pass
 * and fail. The text is changed in place, SQLite's documented way to
 * change a CHECK constraint that the stored rows satisfy; the table made
 * and dropped after it changes the schema's cookie, so that every
 * connection, this one included, reads the schema again. */
static const char migration_19[] =
  "PRAGMA writable_schema = ON;"
  "UPDATE sqlite_schema SET sql = replace (sql,"
  "  'CHECK (review_status IN (''pending'', ''approved'', ''rejected''))',"
  "  'CHECK (review_status = ''pending'' OR review_status = ''approved'' OR review_status = ''rejected'')')"
  "  WHERE type = 'table' AND name = 'target_merchants';"
  "UPDATE sqlite_schema SET sql = replace (sql,"
  "  'CHECK (kind IN (''onboarding'', ''authorization''))',"
  "  'CHECK (kind = ''onboarding'' OR kind = ''authorization'')')"
  "  WHERE type = 'table' AND name = 'links';"
  "UPDATE sqlite_schema SET sql = replace (sql,"
  "  'CHECK (state IN (''active'', ''used'', ''expired'', ''revoked''))',"
  "  'CHECK (state = ''active'' OR state = ''used'' OR state = ''expired'' OR state = ''revoked'')')"
  "  WHERE type = 'table' AND name = 'links';"
  "UPDATE sqlite_schema SET sql = replace (sql,"
  "  'CHECK (store_status IN (''normal'', ''closing'', ''closed''))',"
  "  'CHECK (store_status = ''normal'' OR store_status = ''closing'' OR store_status = ''closed'')')"
  "  WHERE type = 'table' AND name = 'stores';"
  "UPDATE sqlite_schema SET sql = replace (sql,"
  "  'CHECK (governance IN (''none'', ''warning'', ''high_risk''))',"
  "  'CHECK (governance = ''none'' OR governance = ''warning'' OR governance = ''high_risk'')')"
  "  WHERE type = 'table' AND name = 'stores';"
  "PRAGMA writable_schema = OFF;"
  "CREATE TABLE pd_schema_changed (x);"
  "DROP TABLE pd_schema_changed;";

/* Version 20: the full-text indexes keep the two-character lists only:
 * the writes keep the one-character beginnings as search keys, and the
 * one-character lists cost a large import more than they saved. */
static const char migration_20[] = MERCHANT_SEARCH_REMADE;

static const PdStoreMigration migrations[] = {
  { 1, migration_1 },
  { 2, migration_2 },
  { 3, migration_3 },
  { 4, migration_4 },
  { 5, migration_5 },
  { 6, migration_6 },
  { 7, migration_7 },
  { 8, migration_8 },
  { 9, migration_9 },
  { 10, migration_10 },
  { 11, migration_11 },
  { 12, migration_12 },
  { 13, migration_13 },
  { 14, migration_14 },
  { 15, migration_15 },
  { 16, migration_16 },
  { 17, migration_17 },
  { 18, migration_18 },
  { 19, migration_19 },
  { 20, migration_20 },
};

const PdStoreMigration *
pd_store_migrations_get (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}
