/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pd-store-overrides.h"
#include "pd-store-private.h"
#include "pd-store-team.h"
#include "pd-store-rules.h"

void
pd_program_override_free (PdProgramOverride *override)
{
  if (override == NULL)
    return;
  g_free (override->name);
  g_free (override->value);
  g_free (override->file_value);
  g_free (override->set_by);
  g_free (override);
}

guint
pd_stage_rate_default_bp (PdStage stage)
{
  /* As migration 1 fills stage_rates. */
  static const guint defaults[PD_N_STAGES] = { 1000, 3000, 5000, 8000 };

  g_return_val_if_fail (stage < PD_N_STAGES, 0);
  return defaults[stage];
}

/* The rows, in key order, unparsed keys left out. */
static GPtrArray *
read_overrides (PdStore     *store,
                const char  *program_id,
                GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_program_override_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pd_store_prepare (store,
                           "SELECT key, value, set_at, set_by FROM program_overrides"
                           " WHERE program_id = ?1 ORDER BY key",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, program_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdProgramOverride *o;
      PdOverrideKey key;

      if (!pd_override_key_from_string ((const char *) sqlite3_column_text (stmt, 0), &key))
        continue;
      o = g_new0 (PdProgramOverride, 1);
      o->key = key;
      o->name = g_strdup (pd_override_key_to_string (key));
      o->value = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      o->set_at = sqlite3_column_int64 (stmt, 2);
      o->set_by = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      g_ptr_array_add (list, o);
    }
  if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the program’s overrides"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gint
compare_keys (gconstpointer a,
              gconstpointer b)
{
  const PdProgramOverride *x = *(PdProgramOverride * const *) a;
  const PdProgramOverride *y = *(PdProgramOverride * const *) b;

  return (int) x->key - (int) y->key;
}

GPtrArray *
pd_store_list_overrides (PdStore     *store,
                         const char  *program_id,
                         GError     **error)
{
  g_autoptr(PdRules) rules = NULL;
  GPtrArray *list;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);
  g_return_val_if_fail (program_id != NULL, NULL);

  rules = pd_store_load_file_rules (store, program_id, error);
  if (rules == NULL)
    return NULL;
  list = read_overrides (store, program_id, error);
  if (list == NULL)
    return NULL;
  g_ptr_array_sort (list, compare_keys);
  for (guint i = 0; i < list->len; i++)
    {
      PdProgramOverride *o = g_ptr_array_index (list, i);

      o->file_value = pd_rules_can_override (rules, o->key) ? pd_rules_dup_override_value (rules, o->key) : NULL;
    }
  return list;
}

gboolean
pd_store_apply_overrides (PdStore  *store,
                          PdRules  *rules,
                          GError  **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GArray) keys = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (rules != NULL, FALSE);

  list = read_overrides (store, rules->program_id, error);
  if (list == NULL)
    return FALSE;
  if (list->len == 0)
    return TRUE;

  keys = g_array_new (FALSE, FALSE, sizeof (PdOverrideKey));
  values = g_ptr_array_new ();
  for (guint i = 0; i < list->len; i++)
    {
      PdProgramOverride *o = g_ptr_array_index (list, i);

      if (!pd_rules_can_override (rules, o->key))
        {
          g_message ("Override %s of program %s left out: the program has no such rule any more",
                     pd_override_key_to_string (o->key), rules->program_id);
          continue;
        }
      g_array_append_val (keys, o->key);
      g_ptr_array_add (values, o->value);
    }
  if (pd_rules_apply_overrides (rules, (const PdOverrideKey *) (void *) keys->data,
                                (const char * const *) values->pdata, keys->len, &local_error))
    return TRUE;

  /* Together they no longer fit the program (say, a shorter country list
   * from the platform under a larger minimum): each alone, where it can. */
  g_message ("Overrides of program %s do not apply together: %s", rules->program_id, local_error->message);
  for (guint i = 0; i < keys->len; i++)
    {
      g_autoptr(GError) one_error = NULL;
      PdOverrideKey key = g_array_index (keys, PdOverrideKey, i);
      const char *value = g_ptr_array_index (values, i);

      if (!pd_rules_apply_overrides (rules, &key, &value, 1, &one_error))
        g_message ("Override %s of program %s left out: %s", pd_override_key_to_string (key),
                   rules->program_id, one_error->message);
    }
  return TRUE;
}

static char *
audit_details (PdOverrideKey  key,
               const char    *value,
               const char    *previous,
               const char    *file_value)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, pd_override_key_to_string (key));
  json_builder_set_member_name (builder, "value");
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "previous");
  json_builder_add_string_value (builder, previous);
  json_builder_set_member_name (builder, "program_file");
  json_builder_add_string_value (builder, file_value);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

gboolean
pd_store_set_override (PdStore        *store,
                       const char     *program_id,
                       PdOverrideKey   key,
                       const char     *value,
                       gboolean       *changed,
                       GError        **error)
{
  g_autoptr(PdRules) file_rules = NULL;
  g_autoptr(PdRules) rules = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *file_value = NULL;
  g_autofree char *previous = NULL;
  g_autofree char *details = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *who = NULL;
  gboolean remove;

  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (program_id != NULL, FALSE);
  g_return_val_if_fail (key < PD_N_OVERRIDES, FALSE);

  if (changed != NULL)
    *changed = FALSE;

  file_rules = pd_store_load_file_rules (store, program_id, error);
  if (file_rules == NULL)
    return FALSE;
  if (!pd_rules_can_override (file_rules, key))
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("Program %s has no “%s” to override; expected a recruitment program with that rule"),
                   program_id, pd_override_key_to_string (key));
      return FALSE;
    }
  if (value != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      canonical = pd_override_normalize (key, value, &local_error);
      if (canonical == NULL)
        {
          g_set_error_literal (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID, local_error->message);
          return FALSE;
        }
    }

  file_value = pd_rules_dup_override_value (file_rules, key);
  rules = pd_store_load_rules (store, program_id, error);
  if (rules == NULL)
    return FALSE;
  previous = pd_rules_dup_override_value (rules, key);
  remove = canonical == NULL || pd_override_values_equal (key, canonical, file_value);

  /* The new value must fit with the overrides it joins: the rules as
   * they are now, with it. */
  if (canonical != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      const char *values[] = { canonical };

      if (!pd_rules_apply_overrides (rules, &key, values, 1, &local_error))
        {
          g_set_error_literal (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID, local_error->message);
          return FALSE;
        }
    }

  if (!pd_store_begin (store, error))
    return FALSE;
  {
    g_autoptr(sqlite3_stmt) current = pd_store_prepare (store,
                                                        "SELECT value FROM program_overrides"
                                                        " WHERE program_id = ?1 AND key = ?2", error);
    gboolean stored;

    if (current == NULL)
      goto fail;
    sqlite3_bind_text (current, 1, program_id, -1, SQLITE_STATIC);
    sqlite3_bind_text (current, 2, pd_override_key_to_string (key), -1, SQLITE_STATIC);
    stored = sqlite3_step (current) == SQLITE_ROW;
    if ((remove && !stored) ||
        (!remove && stored && g_strcmp0 ((const char *) sqlite3_column_text (current, 0), canonical) == 0))
      {
        pd_store_rollback (store);
        return TRUE;
      }
  }

  who = pd_store_dup_staff_name (store);
  if (remove)
    stmt = pd_store_prepare (store, "DELETE FROM program_overrides WHERE program_id = ?1 AND key = ?2", error);
  else
    stmt = pd_store_prepare (store,
                             "INSERT INTO program_overrides (program_id, key, value, set_at, set_by)"
                             " VALUES (?1, ?2, ?3, ?4, ?5)"
                             " ON CONFLICT (program_id, key) DO UPDATE SET value = excluded.value,"
                             " set_at = excluded.set_at, set_by = excluded.set_by",
                             error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, program_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, pd_override_key_to_string (key), -1, SQLITE_STATIC);
  if (!remove)
    {
      sqlite3_bind_text (stmt, 3, canonical, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
      sqlite3_bind_text (stmt, 5, who, -1, SQLITE_STATIC);
    }
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("saving the program’s override"));
      goto fail;
    }
  details = audit_details (key, remove ? NULL : canonical, previous, file_value);
  subject = g_strconcat ("program:", program_id, NULL);
  if (!pd_store_audit (store, "program.override", subject, details, error) ||
      !pd_store_team_queue_field (store, "override", program_id, pd_override_key_to_string (key),
                                  remove ? NULL : canonical, error))
    goto fail;
  if (!pd_store_commit (store, error))
    return FALSE;
  if (changed != NULL)
    *changed = TRUE;
  return TRUE;

fail:
  pd_store_rollback (store);
  return FALSE;
}

char *
pd_stage_rate_format (guint rate_bp)
{
  PdFraction f = { MIN (rate_bp, 10000), 10000 };
  g_autofree char *text = pd_fraction_format (&f);
  gsize len = strlen (text);

  /* "0.4000" -> "0.4". */
  if (strchr (text, '.') != NULL)
    {
      while (len > 0 && text[len - 1] == '0')
        text[--len] = '\0';
      if (len > 0 && text[len - 1] == '.')
        text[--len] = '\0';
    }
  return g_steal_pointer (&text);
}

gboolean
pd_stage_rate_parse (const char  *text,
                     guint       *rate_bp,
                     GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  PdFraction f;

  if (!pd_decimal_parse_fraction (trimmed, &f, NULL) || f.denominator > 10000)
    {
      g_set_error (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID,
                   _("Stage rate “%s” is not valid; expected a decimal from 0 to 1 with at most four decimals, such as 0.45"),
                   text);
      return FALSE;
    }
  *rate_bp = (guint) (f.numerator * (10000 / f.denominator));
  return TRUE;
}

/* Who last set @stage's rate, from the audit log. */
static gboolean
read_stage_audit (PdStore            *store,
                  PdProgramOverride  *o,
                  GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = pd_store_prepare (store,
                                                   "SELECT at, user FROM audit_log WHERE action = 'stage-rate.set'"
                                                   " AND subject = ?1 ORDER BY id DESC LIMIT 1",
                                                   error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, pd_stage_to_string (o->stage), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      o->set_at = sqlite3_column_int64 (stmt, 0);
      o->set_by = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  else if (rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (store, error, _("reading the audit log"));
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
pd_store_list_all_overrides (PdStore     *store,
                             const char  *program_id,
                             GError     **error)
{
  g_autoptr(GPtrArray) list = pd_store_list_overrides (store, program_id, error);
  guint rate_bp[PD_N_STAGES];

  if (list == NULL || !pd_store_get_stage_rates (store, rate_bp, error))
    return NULL;
  for (guint s = 0; s < PD_N_STAGES; s++)
    {
      PdProgramOverride *o;

      if (rate_bp[s] == pd_stage_rate_default_bp (s))
        continue;
      o = g_new0 (PdProgramOverride, 1);
      o->key = PD_N_OVERRIDES;
      o->stage = s;
      o->name = g_strconcat ("stage_rate.", pd_stage_to_string (s), NULL);
      o->value = pd_stage_rate_format (rate_bp[s]);
      o->file_value = pd_stage_rate_format (pd_stage_rate_default_bp (s));
      g_ptr_array_add (list, o);
      if (!read_stage_audit (store, o, error))
        return NULL;
    }
  return g_steal_pointer (&list);
}

char *
pd_program_override_dup_label (const PdProgramOverride *o)
{
  if (o->key < PD_N_OVERRIDES)
    return g_strdup (pd_override_key_to_display (o->key));
  /* Translators: a stage's default rate of the expected payout model,
   * "Default rate, First Sale". */
  return g_strdup_printf (_("Default rate, %s"), pd_stage_to_display (o->stage));
}

char *
pd_program_override_describe (const PdProgramOverride *o)
{
  g_autofree char *label = pd_program_override_dup_label (o);
  g_autofree char *value = g_strdup (o->value);
  g_autofree char *original = g_strdup (o->file_value != NULL ? o->file_value : "—");
  g_autofree char *when = NULL;

  if (o->key == PD_OVERRIDE_INVENTORY_COUNTRIES)
    {
      /* "DE, FR, IT": a list reads better spaced. */
      g_auto(GStrv) a = g_strsplit (value, ";", -1);
      g_auto(GStrv) b = g_strsplit (original, ";", -1);

      g_free (value);
      g_free (original);
      value = g_strjoinv (", ", a);
      original = g_strjoinv (", ", b);
    }
  if (o->set_at > 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (o->set_at);

      when = dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M") : NULL;
    }
  if (o->key == PD_N_OVERRIDES)
    {
      if (when != NULL && o->set_by != NULL)
        /* Translators: "Default rate, First Sale: 0.4 instead of 0.5 (the
         * built-in rate), set by Li Wei on 2026-03-02 10:00". */
        return g_strdup_printf (_("%s: %s instead of %s (the built-in rate), set by %s on %s"),
                                label, value, original, o->set_by, when);
      return g_strdup_printf (_("%s: %s instead of %s (the built-in rate)"), label, value, original);
    }
  if (when != NULL && o->set_by != NULL)
    /* Translators: "Governance paid fraction: 0.3 instead of 0.5 (the
     * program file), set by Li Wei on 2026-03-02 10:00". */
    return g_strdup_printf (_("%s: %s instead of %s (the program file), set by %s on %s"),
                            label, value, original, o->set_by, when);
  return g_strdup_printf (_("%s: %s instead of %s (the program file)"), label, value, original);
}
