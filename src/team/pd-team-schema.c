/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-team"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-team-db.h"
#include "pd-team-schema.h"

/*
 * The team hub's schema, in the PostgreSQL schema `partnerdesk`.
 *
 * - Staff are database roles, members of `team_staff`; leads are members
 *   of `team_lead` (itself a member of team_staff). A lead or the owner
 *   adds them with `partnerdesk-cli team staff add` (migration 2's
 *   add_staff()), or the agency's IT with CREATE ROLE li LOGIN PASSWORD
 *   '…' IN ROLE team_staff. A desktop that joins writes its staff name
 *   into `staff` (one per role) and itself into `desktops`.
 * - Row-level security: everyone reads everything; staff edit the notes,
 *   tags and assignee of merchants assigned to them or to nobody, and
 *   assign merchants only to themselves (or to nobody); leads edit any
 *   merchant, the program overrides and the stage rates. Each role
 *   writes only change, audit and invitation rows under its own name.
 * - `changes` is the log the desktops pull, by `seq`. push() (below;
 *   desktops call it through migration 3's push_attributed()) is the
 *   only writer: it takes one transaction-wide advisory lock, so
 *   sequence numbers are committed in order and a pull "after seq N"
 *   never skips a row that commits later with a smaller number. Every
 *   insert notifies `partnerdesk_changes` (LISTEN/NOTIFY), delivered at
 *   commit.
 * - `push_keys`: each push's idempotency key and its outcome, written in
 *   the push's own transaction: a retried key returns the first outcome
 *   and changes nothing (exactly once).
 * - A field's `_seq` is the change that last set it: a push names the
 *   seq it was made on (its base); a newer different value there is a
 *   conflict, answered with the hub's value and the change that set it
 *   (its author, desktop and time: push_attributed()).
 * - `audit` is the change log read as an audit: who, from which
 *   desktop, when, what.
 * Never edit a released migration: append one.
 */

static const char migration_1[] =
  "CREATE SCHEMA partnerdesk;"
  "CREATE TABLE partnerdesk.schema_version (version integer NOT NULL,"
  "  migrated_at timestamptz NOT NULL DEFAULT now());"
  "DO $$ BEGIN"
  "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'team_staff') THEN"
  "    CREATE ROLE team_staff NOLOGIN; END IF;"
  "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'team_lead') THEN"
  "    CREATE ROLE team_lead NOLOGIN IN ROLE team_staff; END IF;"
  "END $$;"
  "GRANT USAGE ON SCHEMA partnerdesk TO team_staff;"
  "GRANT SELECT ON partnerdesk.schema_version TO team_staff;"

  "CREATE TABLE partnerdesk.staff ("
  "  role      name PRIMARY KEY DEFAULT current_user,"
  "  name      text NOT NULL UNIQUE CHECK (length (name) BETWEEN 1 AND 100),"
  "  joined_at timestamptz NOT NULL DEFAULT now());"
  "CREATE TABLE partnerdesk.desktops ("
  "  id         text PRIMARY KEY CHECK (length (id) BETWEEN 1 AND 100),"
  "  role       name NOT NULL DEFAULT current_user,"
  "  staff      text NOT NULL,"
  "  joined_at  timestamptz NOT NULL DEFAULT now(),"
  "  last_seen_at timestamptz);"

  "CREATE FUNCTION partnerdesk.is_lead () RETURNS boolean LANGUAGE sql STABLE AS"
  "  $$ SELECT pg_has_role (current_user, 'team_lead', 'MEMBER') $$;"
  "CREATE FUNCTION partnerdesk.my_name () RETURNS text LANGUAGE sql STABLE AS"
  "  $$ SELECT name FROM partnerdesk.staff WHERE role = current_user $$;"

  "CREATE TABLE partnerdesk.changes ("
  "  seq     bigserial PRIMARY KEY,"
  "  entity  text NOT NULL CHECK (entity IN ('merchant', 'invitation', 'override', 'stage_rate')),"
  "  key     text NOT NULL,"
  "  field   text NOT NULL,"
  "  value   text,"
  "  author  text NOT NULL,"
  "  role    name NOT NULL DEFAULT current_user,"
  "  desktop text NOT NULL,"
  "  at      timestamptz NOT NULL DEFAULT now());"
  "CREATE FUNCTION partnerdesk.notify_change () RETURNS trigger LANGUAGE plpgsql AS"
  "  $$ BEGIN PERFORM pg_notify ('partnerdesk_changes', NEW.seq::text); RETURN NULL; END $$;"
  "CREATE TRIGGER changes_notify AFTER INSERT ON partnerdesk.changes"
  "  FOR EACH ROW EXECUTE FUNCTION partnerdesk.notify_change ();"
  "CREATE VIEW partnerdesk.audit WITH (security_invoker = true) AS"
  "  SELECT seq, at, author, desktop, entity || '.' || field AS action, key AS subject,"
  "         value AS details FROM partnerdesk.changes;"

  "CREATE TABLE partnerdesk.push_keys ("
  "  key       text PRIMARY KEY,"
  "  role      name NOT NULL DEFAULT current_user,"
  "  outcome   text NOT NULL CHECK (outcome IN ('applied', 'unchanged', 'conflict')),"
  "  seq       bigint NOT NULL,"
  "  value     text,"
  "  author    text,"
  "  at        timestamptz,"
  "  pushed_at timestamptz NOT NULL DEFAULT now());"

  "CREATE TABLE partnerdesk.merchants ("
  "  seller_id    text PRIMARY KEY,"
  "  notes        text NOT NULL DEFAULT '',"
  "  notes_seq    bigint NOT NULL DEFAULT 0,"
  "  tags         text NOT NULL DEFAULT '',"
  "  tags_seq     bigint NOT NULL DEFAULT 0,"
  "  assignee     text,"
  "  assignee_seq bigint NOT NULL DEFAULT 0,"
  "  updated_by   text,"
  "  updated_at   timestamptz);"

  "CREATE TABLE partnerdesk.invitations ("
  "  token      text PRIMARY KEY,"
  "  seller_id  text NOT NULL,"
  "  program_id text,"
  "  staff      text NOT NULL,"
  "  role       name NOT NULL DEFAULT current_user,"
  "  desktop    text NOT NULL,"
  "  created_at timestamptz NOT NULL);"
  "CREATE INDEX invitations_seller ON partnerdesk.invitations (seller_id, program_id);"

  "CREATE TABLE partnerdesk.program_overrides ("
  "  program_id text NOT NULL,"
  "  key        text NOT NULL,"
  "  value      text,"
  "  value_seq  bigint NOT NULL DEFAULT 0,"
  "  set_by     text NOT NULL,"
  "  set_at     timestamptz NOT NULL DEFAULT now(),"
  "  PRIMARY KEY (program_id, key));"
  "CREATE TABLE partnerdesk.stage_rates ("
  "  program_id text NOT NULL,"
  "  stage      text NOT NULL,"
  "  rate       text,"
  "  rate_seq   bigint NOT NULL DEFAULT 0,"
  "  set_by     text NOT NULL,"
  "  set_at     timestamptz NOT NULL DEFAULT now(),"
  "  PRIMARY KEY (program_id, stage));"

  /* Privileges, then the policies that narrow them. */
  "GRANT SELECT, INSERT, UPDATE ON partnerdesk.staff, partnerdesk.desktops TO team_staff;"
  "GRANT SELECT, INSERT ON partnerdesk.changes, partnerdesk.invitations, partnerdesk.push_keys TO team_staff;"
  "GRANT SELECT ON partnerdesk.audit TO team_staff;"
  "GRANT USAGE ON SEQUENCE partnerdesk.changes_seq_seq TO team_staff;"
  "GRANT SELECT, INSERT, UPDATE ON partnerdesk.merchants TO team_staff;"
  "GRANT SELECT, INSERT, UPDATE, DELETE ON partnerdesk.program_overrides,"
  "  partnerdesk.stage_rates TO team_staff;"

  "ALTER TABLE partnerdesk.staff ENABLE ROW LEVEL SECURITY;"
  "CREATE POLICY read ON partnerdesk.staff FOR SELECT USING (true);"
  "CREATE POLICY own_insert ON partnerdesk.staff FOR INSERT WITH CHECK (role = current_user);"
  "CREATE POLICY own_update ON partnerdesk.staff FOR UPDATE USING (role = current_user)"
  "  WITH CHECK (role = current_user);"
  "ALTER TABLE partnerdesk.desktops ENABLE ROW LEVEL SECURITY;"
  "CREATE POLICY read ON partnerdesk.desktops FOR SELECT USING (true);"
  "CREATE POLICY own_insert ON partnerdesk.desktops FOR INSERT WITH CHECK (role = current_user);"
  "CREATE POLICY own_update ON partnerdesk.desktops FOR UPDATE USING (role = current_user)"
  "  WITH CHECK (role = current_user);"
  "ALTER TABLE partnerdesk.changes ENABLE ROW LEVEL SECURITY;"
  "CREATE POLICY read ON partnerdesk.changes FOR SELECT USING (true);"
  "CREATE POLICY own_insert ON partnerdesk.changes FOR INSERT"
  "  WITH CHECK (role = current_user AND author = partnerdesk.my_name ());"
  "ALTER TABLE partnerdesk.push_keys ENABLE ROW LEVEL SECURITY;"
  "CREATE POLICY own ON partnerdesk.push_keys USING (role = current_user)"
  "  WITH CHECK (role = current_user);"
  "ALTER TABLE partnerdesk.invitations ENABLE ROW LEVEL SECURITY;"
  "CREATE POLICY read ON partnerdesk.invitations FOR SELECT USING (true);"
  "CREATE POLICY own_insert ON partnerdesk.invitations FOR INSERT WITH CHECK (role = current_user);"
  "ALTER TABLE partnerdesk.merchants ENABLE ROW LEVEL SECURITY;"
  "CREATE POLICY read ON partnerdesk.merchants FOR SELECT USING (true);"
  "CREATE POLICY mine_insert ON partnerdesk.merchants FOR INSERT WITH CHECK"
  "  (partnerdesk.is_lead () OR assignee IS NULL OR assignee = partnerdesk.my_name ());"
  "CREATE POLICY mine_update ON partnerdesk.merchants FOR UPDATE USING"
  "  (partnerdesk.is_lead () OR assignee IS NULL OR assignee = partnerdesk.my_name ()) WITH CHECK"
  "  (partnerdesk.is_lead () OR assignee IS NULL OR assignee = partnerdesk.my_name ());"
  "ALTER TABLE partnerdesk.program_overrides ENABLE ROW LEVEL SECURITY;"
  "CREATE POLICY read ON partnerdesk.program_overrides FOR SELECT USING (true);"
  "CREATE POLICY leads ON partnerdesk.program_overrides FOR ALL USING (partnerdesk.is_lead ())"
  "  WITH CHECK (partnerdesk.is_lead ());"
  "ALTER TABLE partnerdesk.stage_rates ENABLE ROW LEVEL SECURITY;"
  "CREATE POLICY read ON partnerdesk.stage_rates FOR SELECT USING (true);"
  "CREATE POLICY leads ON partnerdesk.stage_rates FOR ALL USING (partnerdesk.is_lead ())"
  "  WITH CHECK (partnerdesk.is_lead ());"

  /* One field of one object, pushed once per key. SECURITY INVOKER: the
   * policies above apply to the pusher. */
  "CREATE FUNCTION partnerdesk.push (p_key text, p_entity text, p_object text, p_field text,"
  "    p_value text, p_base bigint, p_desktop text,"
  "    OUT outcome text, OUT seq bigint, OUT cur_value text, OUT cur_author text,"
  "    OUT cur_at timestamptz)"
  "  LANGUAGE plpgsql SECURITY INVOKER AS $$"
  "DECLARE"
  "  me text := partnerdesk.my_name ();"
  "  cur_seq bigint := 0;"
  "  found_row boolean := false;"
  "  inv jsonb;"
  "  owner text;"
  "BEGIN"
  "  PERFORM pg_advisory_xact_lock (hashtext ('partnerdesk.changes'));"
  "  SELECT k.outcome, k.seq, k.value, k.author, k.at INTO outcome, seq, cur_value, cur_author, cur_at"
  "    FROM partnerdesk.push_keys k WHERE k.key = p_key;"
  "  IF FOUND THEN RETURN; END IF;"
  "  IF me IS NULL THEN"
  "    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',"
  "      MESSAGE = format ('role %s has not joined the team', current_user);"
  "  END IF;"
  "  IF p_entity = 'merchant' THEN"
  "    IF p_field NOT IN ('notes', 'tags', 'assignee') THEN"
  "      RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',"
  "        MESSAGE = format ('unknown merchant field %s', p_field);"
  "    END IF;"
  "    SELECT true, CASE p_field WHEN 'notes' THEN m.notes WHEN 'tags' THEN m.tags ELSE m.assignee END,"
  "           CASE p_field WHEN 'notes' THEN m.notes_seq WHEN 'tags' THEN m.tags_seq ELSE m.assignee_seq END,"
  "           m.updated_by, m.updated_at"
  "      INTO found_row, cur_value, cur_seq, cur_author, cur_at"
  "      FROM partnerdesk.merchants m WHERE m.seller_id = p_object;"
  "  ELSIF p_entity = 'override' THEN"
  "    SELECT true, o.value, o.value_seq, o.set_by, o.set_at INTO found_row, cur_value, cur_seq, cur_author, cur_at"
  "      FROM partnerdesk.program_overrides o WHERE o.program_id = p_object AND o.key = p_field;"
  "  ELSIF p_entity = 'stage_rate' THEN"
  "    SELECT true, r.rate, r.rate_seq, r.set_by, r.set_at INTO found_row, cur_value, cur_seq, cur_author, cur_at"
  "      FROM partnerdesk.stage_rates r WHERE r.program_id = p_object AND r.stage = p_field;"
  "  ELSIF p_entity <> 'invitation' THEN"
  "    RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',"
  "      MESSAGE = format ('unknown entity %s', p_entity);"
  "  END IF;"
  /* The policies refuse these too; here the refusal gets its words. */
  "  IF p_entity = 'override' AND NOT partnerdesk.is_lead () THEN"
  "    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',"
  "      MESSAGE = format ('only a team lead may override %s of program %s', p_field, p_object);"
  "  ELSIF p_entity = 'stage_rate' AND NOT partnerdesk.is_lead () THEN"
  "    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',"
  "      MESSAGE = format ('only a team lead may change the stage rate of %s', p_field);"
  "  END IF;"
  "  IF p_entity = 'merchant' AND NOT partnerdesk.is_lead () THEN"
  "    SELECT m.assignee INTO owner FROM partnerdesk.merchants m WHERE m.seller_id = p_object;"
  "    IF owner IS NOT NULL AND owner <> me THEN"
  "      RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',"
  "        MESSAGE = format ('merchant %s is assigned to %s', p_object, owner);"
  "    END IF;"
  "    IF p_field = 'assignee' AND p_value IS NOT NULL AND p_value <> me THEN"
  "      RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',"
  "        MESSAGE = format ('only a team lead may assign merchant %s to %s', p_object, p_value);"
  "    END IF;"
  "  END IF;"
  "  IF found_row AND cur_value IS NOT DISTINCT FROM p_value THEN"
  "    outcome := 'unchanged'; seq := cur_seq;"
  "  ELSIF found_row AND cur_seq > p_base THEN"
  "    outcome := 'conflict'; seq := cur_seq;"
  "  ELSE"
  "    INSERT INTO partnerdesk.changes (entity, key, field, value, author, desktop)"
  "      VALUES (p_entity, p_object, p_field, p_value, me, p_desktop) RETURNING changes.seq INTO seq;"
  "    outcome := 'applied'; cur_value := p_value; cur_author := me; cur_at := now ();"
  "    IF p_entity = 'merchant' THEN"
  "      INSERT INTO partnerdesk.merchants AS m (seller_id, notes, notes_seq, tags, tags_seq,"
  "          assignee, assignee_seq, updated_by, updated_at)"
  "        VALUES (p_object,"
  "          CASE WHEN p_field = 'notes' THEN coalesce (p_value, '') ELSE '' END,"
  "          CASE WHEN p_field = 'notes' THEN seq ELSE 0 END,"
  "          CASE WHEN p_field = 'tags' THEN coalesce (p_value, '') ELSE '' END,"
  "          CASE WHEN p_field = 'tags' THEN seq ELSE 0 END,"
  "          CASE WHEN p_field = 'assignee' THEN p_value END,"
  "          CASE WHEN p_field = 'assignee' THEN seq ELSE 0 END, me, now ())"
  "        ON CONFLICT (seller_id) DO UPDATE SET"
  "          notes = CASE WHEN p_field = 'notes' THEN coalesce (p_value, '') ELSE m.notes END,"
  "          notes_seq = CASE WHEN p_field = 'notes' THEN seq ELSE m.notes_seq END,"
  "          tags = CASE WHEN p_field = 'tags' THEN coalesce (p_value, '') ELSE m.tags END,"
  "          tags_seq = CASE WHEN p_field = 'tags' THEN seq ELSE m.tags_seq END,"
  "          assignee = CASE WHEN p_field = 'assignee' THEN p_value ELSE m.assignee END,"
  "          assignee_seq = CASE WHEN p_field = 'assignee' THEN seq ELSE m.assignee_seq END,"
  "          updated_by = me, updated_at = now ();"
  "    ELSIF p_entity = 'override' THEN"
  "      INSERT INTO partnerdesk.program_overrides AS o (program_id, key, value, value_seq, set_by)"
  "        VALUES (p_object, p_field, p_value, seq, me)"
  "        ON CONFLICT (program_id, key) DO UPDATE SET value = p_value, value_seq = seq,"
  "          set_by = me, set_at = now ();"
  "    ELSIF p_entity = 'stage_rate' THEN"
  "      INSERT INTO partnerdesk.stage_rates AS r (program_id, stage, rate, rate_seq, set_by)"
  "        VALUES (p_object, p_field, p_value, seq, me)"
  "        ON CONFLICT (program_id, stage) DO UPDATE SET rate = p_value, rate_seq = seq,"
  "          set_by = me, set_at = now ();"
  "    ELSE"
  "      inv := p_value::jsonb;"
  "      INSERT INTO partnerdesk.invitations (token, seller_id, program_id, staff, desktop, created_at)"
  "        VALUES (p_object, inv->>'seller_id', inv->>'program_id', me, p_desktop,"
  "                to_timestamp ((inv->>'created_at')::bigint))"
  "        ON CONFLICT (token) DO NOTHING;"
  "    END IF;"
  "  END IF;"
  "  INSERT INTO partnerdesk.push_keys (key, outcome, seq, value, author, at)"
  "    VALUES (p_key, outcome, seq, cur_value, cur_author, cur_at);"
  "END $$;"
  "GRANT EXECUTE ON FUNCTION partnerdesk.push TO team_staff;";

/* Staff accounts without raw SQL (partnerdesk-cli team staff): a team
 * lead, or the database owner who ran the migration and owns these
 * functions, adds and removes login roles in team_staff or team_lead.
 * SECURITY DEFINER: they run with the owner's right to create roles, so
 * leads need no CREATEROLE of their own; only team_lead (and the owner)
 * may execute them. The password arrives as a SCRAM verifier, made by
 * the client (PQencryptPasswordConn): the hub never sees it in clear. */
static const char migration_2[] =
  "CREATE FUNCTION partnerdesk.add_staff (p_role text, p_verifier text, p_lead boolean)"
  "  RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$"
  "BEGIN"
  "  IF p_role IS NULL OR p_role !~ '^[a-z][a-z0-9_]{0,62}$' OR left (p_role, 3) = 'pg_'"
  "     OR left (p_role, 5) = 'team_' THEN"
  "    RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',"
  "      MESSAGE = format ('%s is not a usable account name', p_role);"
  "  END IF;"
  "  IF p_verifier IS NULL OR left (p_verifier, 14) <> 'SCRAM-SHA-256$' THEN"
  "    RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',"
  "      MESSAGE = 'expected the password as a SCRAM-SHA-256 verifier';"
  "  END IF;"
  "  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_role) THEN"
  "    RAISE EXCEPTION USING ERRCODE = 'duplicate_object',"
  "      MESSAGE = format ('an account named %s exists already', p_role);"
  "  END IF;"
  "  EXECUTE format ('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', p_role, p_verifier,"
  "                  CASE WHEN p_lead THEN 'team_lead' ELSE 'team_staff' END);"
  "END $$;"
  "CREATE FUNCTION partnerdesk.remove_staff (p_role text)"
  "  RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$"
  "BEGIN"
  "  IF NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = p_role AND r.rolcanlogin"
  "                 AND NOT r.rolsuper AND pg_has_role (r.oid, 'team_staff', 'MEMBER')) THEN"
  "    RAISE EXCEPTION USING ERRCODE = 'undefined_object',"
  "      MESSAGE = format ('%s is no staff account of the team', p_role);"
  "  END IF;"
  "  IF p_role = session_user THEN"
  "    RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',"
  "      MESSAGE = 'an account cannot remove itself';"
  "  END IF;"
  "  EXECUTE format ('DROP ROLE %I', p_role);"
  "END $$;"
  "REVOKE ALL ON FUNCTION partnerdesk.add_staff, partnerdesk.remove_staff FROM PUBLIC;"
  "GRANT EXECUTE ON FUNCTION partnerdesk.add_staff, partnerdesk.remove_staff TO team_lead;";

/* A push's answer attributed as the log has it: push() answers a
 * conflict (or an unchanged value) with the merchant's last editor and
 * time, whoever set another field since, and never names a desktop; a
 * desktop recording that answer differed from one that pulled the same
 * change. push_attributed() answers with the author, desktop and time of
 * change `seq`, the change the field holds (none: seq 0, NULL), for a
 * key pushed again too. Its second statement reads the log with a fresh
 * snapshot (plpgsql, READ COMMITTED): this push's own change, and the
 * one another push committed before the lock was granted, are seen. */
static const char migration_3[] =
  "CREATE FUNCTION partnerdesk.push_attributed (p_key text, p_entity text, p_object text,"
  "    p_field text, p_value text, p_base bigint, p_desktop text,"
  "    OUT outcome text, OUT seq bigint, OUT cur_value text, OUT cur_author text,"
  "    OUT cur_desktop text, OUT cur_at timestamptz)"
  "  LANGUAGE plpgsql SECURITY INVOKER AS $$"
  "BEGIN"
  "  SELECT p.outcome, p.seq, p.cur_value INTO outcome, seq, cur_value"
  "    FROM partnerdesk.push (p_key, p_entity, p_object, p_field, p_value, p_base, p_desktop) p;"
  "  SELECT c.author, c.desktop, c.at INTO cur_author, cur_desktop, cur_at"
  "    FROM partnerdesk.changes c WHERE c.seq = push_attributed.seq;"
  "END $$;"
  "GRANT EXECUTE ON FUNCTION partnerdesk.push_attributed TO team_staff;";

static const char * const migrations[] = {
  NULL,
  migration_1,
  migration_2,
  migration_3,
};

#define LATEST (G_N_ELEMENTS (migrations) - 1)

guint
pd_team_schema_get_latest_version (void)
{
  return LATEST;
}

/* The hub's schema version: 0 when there is no schema. */
static gboolean
read_version (PGconn   *conn,
              guint    *version_out,
              GError  **error)
{
  g_autoptr(PGresult) res = NULL;

  /* Two statements: a query naming a missing table does not plan. */
  res = pd_team_db_query (conn, "SELECT to_regclass ('partnerdesk.schema_version') IS NOT NULL",
                          0, NULL, _("reading the team hub’s schema version"), error);
  if (res == NULL)
    return FALSE;
  if (!g_str_equal (PQgetvalue (res, 0, 0), "t"))
    {
      *version_out = 0;
      return TRUE;
    }
  g_clear_pointer (&res, PQclear);
  res = pd_team_db_query (conn, "SELECT coalesce (max (version), 0) FROM partnerdesk.schema_version",
                          0, NULL, _("reading the team hub’s schema version"), error);
  if (res == NULL)
    return FALSE;
  *version_out = (guint) g_ascii_strtoull (PQgetvalue (res, 0, 0), NULL, 10);
  return TRUE;
}

static gboolean
refuse_newer (guint    version,
              GError **error)
{
  if (version <= LATEST)
    return TRUE;
  g_set_error (error, PD_TEAM_ERROR, PD_TEAM_ERROR_SCHEMA_TOO_NEW,
               _("The team hub’s schema is version %u, newer than this Partner Desk knows (%u):"
                 " another desktop with a newer Partner Desk migrated it. Update Partner Desk on"
                 " this desktop; nothing was changed"),
               version, (guint) LATEST);
  return FALSE;
}

gboolean
pd_team_schema_check (PGconn   *conn,
                      guint    *version_out,
                      GError  **error)
{
  guint version = 0;

  if (!read_version (conn, &version, error) || !refuse_newer (version, error))
    return FALSE;
  if (version == 0)
    {
      g_set_error (error, PD_TEAM_ERROR, PD_TEAM_ERROR_NOT_INITIALIZED,
                   _("This database holds no team hub yet: run “partnerdesk-cli team init URL” with"
                     " the database owner’s account first"));
      return FALSE;
    }
  if (version < LATEST)
    {
      g_set_error (error, PD_TEAM_ERROR, PD_TEAM_ERROR_NOT_INITIALIZED,
                   _("The team hub’s schema is version %u, older than this Partner Desk’s (%u):"
                     " run “partnerdesk-cli team init URL” with the database owner’s account to"
                     " migrate it"),
                   version, (guint) LATEST);
      return FALSE;
    }
  if (version_out != NULL)
    *version_out = version;
  return TRUE;
}

gboolean
pd_team_schema_migrate (PGconn   *conn,
                        guint    *from_out,
                        guint    *to_out,
                        GError  **error)
{
  guint version = 0;

  /* One transaction, serialized against another desktop migrating. */
  if (!pd_team_db_exec (conn, "BEGIN", _("starting the migration"), error))
    return FALSE;
  if (!pd_team_db_exec (conn, "SELECT pg_advisory_xact_lock (hashtext ('partnerdesk.migrate'))",
                        _("waiting for another migration"), error) ||
      !read_version (conn, &version, error) ||
      !refuse_newer (version, error))
    goto fail;
  if (from_out != NULL)
    *from_out = version;
  for (guint v = version + 1; v <= LATEST; v++)
    {
      g_autofree char *what = g_strdup_printf (_("migrating the team hub to version %u"), v);
      g_autofree char *number = g_strdup_printf ("%u", v);
      const char *params[] = { number };
      g_autoptr(PGresult) res = NULL;

      if (!pd_team_db_exec (conn, migrations[v], what, error))
        goto fail;
      res = pd_team_db_query (conn, "INSERT INTO partnerdesk.schema_version (version) VALUES ($1::integer)",
                              1, params, what, error);
      if (res == NULL)
        goto fail;
    }
  if (!pd_team_db_exec (conn, "COMMIT", _("committing the migration"), error))
    goto fail;
  if (to_out != NULL)
    *to_out = LATEST;
  return TRUE;

fail:
  pd_team_db_exec (conn, "ROLLBACK", NULL, NULL);
  return FALSE;
}
