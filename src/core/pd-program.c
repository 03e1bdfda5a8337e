/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-program"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "pd-country.h"
#include "pd-json-guard.h"
#include "pd-money.h"
#include "pd-program.h"
#include "pd-program-check-private.h"
#include "pd-time-zone.h"

/* A program is data (src/core/README.md): the file is kept verbatim so that
 * the engine can read every rule from it; this class validates the whole
 * file (pd_program_validate()) and exposes the fields that identify the
 * program and bound its period. */
struct _PdProgram
{
  GObject        parent_instance;

  char          *id;
  char          *name;
  PdProgramKind  kind;
  char          *timezone_id;
  GTimeZone     *timezone;
  char          *period_start;
  char          *period_end;
  GStrv          markets;
  char          *json;
};

G_DEFINE_TYPE (PdProgram, pd_program, G_TYPE_OBJECT)

G_DEFINE_QUARK (pd-program-error-quark, pd_program_error)

static void
pd_program_finalize (GObject *object)
{
  PdProgram *self = PD_PROGRAM (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->timezone_id);
  g_clear_pointer (&self->timezone, g_time_zone_unref);
  g_free (self->period_start);
  g_free (self->period_end);
  g_strfreev (self->markets);
  g_free (self->json);

  G_OBJECT_CLASS (pd_program_parent_class)->finalize (object);
}

static void
pd_program_class_init (PdProgramClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_program_finalize;
}

static void
pd_program_init (PdProgram *self)
{
}

static const char *
get_string_member (JsonObject  *object,
                   const char  *member,
                   const char  *display_name,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING ||
      (value = json_node_get_string (node)) == NULL || *value == '\0')
    {
      g_set_error (error, PD_PROGRAM_ERROR, PD_PROGRAM_ERROR_INVALID,
                   _("%s: field “%s” is missing or not a string; expected a non-empty string"),
                   display_name, member);
      return NULL;
    }
  return value;
}

static gboolean
check_date (const char  *text,
            const char  *member,
            const char  *display_name,
            GError     **error)
{
  int y, m, d;
  char tail;

  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
      !g_date_valid_dmy (d, m, y) || text[4] != '-' || text[7] != '-' || text[10] != '\0')
    {
      g_set_error (error, PD_PROGRAM_ERROR, PD_PROGRAM_ERROR_INVALID,
                   _("%s: field “%s” is “%s”; expected a date such as 2026-01-01"),
                   display_name, member, text);
      return FALSE;
    }
  return TRUE;
}

/**
 * pd_program_validate:
 * @data: a program file's contents
 * @length: its length, or -1 when NUL-terminated
 * @display_name: how messages name the file
 * @problems: (element-type utf8): where to append one message per problem,
 *   each `FILE: FIELD: what was wrong; expected ...`
 *
 * Checks a program file against src/core/README.md: JSON syntax, every field's
 * type and value, unknown and missing fields.
 *
 * Returns: %TRUE when the file has no problem
 */
gboolean
pd_program_validate (const char *data,
                     gssize      length,
                     const char *display_name,
                     GPtrArray  *problems)
{
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (display_name != NULL, FALSE);
  g_return_val_if_fail (problems != NULL, FALSE);

  return pd_program_check_data (data, length, display_name, FALSE, problems, NULL);
}

static void
set_problems_error (GPtrArray  *problems,
                    GError    **error)
{
  if (problems->len == 1)
    g_set_error_literal (error, PD_PROGRAM_ERROR, PD_PROGRAM_ERROR_INVALID, g_ptr_array_index (problems, 0));
  else
    g_set_error (error, PD_PROGRAM_ERROR, PD_PROGRAM_ERROR_INVALID,
                 g_dngettext (GETTEXT_PACKAGE, "%s (and %u more problem)", "%s (and %u more problems)",
                              problems->len - 1),
                 (const char *) g_ptr_array_index (problems, 0), problems->len - 1);
}

/* @prune: from the platform (src/sync/README.md: an object may carry fields
 * the table does not name; keep what you know, ignore the rest). Known
 * fields are checked as in a file; the program keeps the text without
 * the unknown ones, so that the store reads it back as a valid file. */
static PdProgram *
new_from_data (const char  *data,
               gssize       length,
               const char  *display_name,
               gboolean     prune,
               GError     **error)
{
  g_autoptr(PdProgram) self = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  JsonNode *node;
  JsonObject *root;
  JsonObject *period;
  JsonArray *markets;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  const char *s;

  if (!pd_program_check_data (data, length, display_name, prune, problems, &parsed))
    {
      set_problems_error (problems, error);
      return NULL;
    }
  root = json_node_get_object (parsed);

  self = g_object_new (PD_TYPE_PROGRAM, NULL);

  if (!(s = get_string_member (root, "id", display_name, error)))
    return NULL;
  self->id = g_strdup (s);
  if (!(s = get_string_member (root, "name", display_name, error)))
    return NULL;
  self->name = g_strdup (s);

  if (!(s = get_string_member (root, "kind", display_name, error)))
    return NULL;
  if (g_str_equal (s, "recruitment"))
    self->kind = PD_PROGRAM_KIND_RECRUITMENT;
  else if (g_str_equal (s, "seller-benefit"))
    self->kind = PD_PROGRAM_KIND_SELLER_BENEFIT;
  else
    {
      g_set_error (error, PD_PROGRAM_ERROR, PD_PROGRAM_ERROR_INVALID,
                   _("%s: field “kind” is “%s”; expected recruitment or seller-benefit"),
                   display_name, s);
      return NULL;
    }

  if (!(s = get_string_member (root, "timezone", display_name, error)))
    return NULL;
  self->timezone = pd_time_zone_new (s);
  if (self->timezone == NULL)
    {
      g_set_error (error, PD_PROGRAM_ERROR, PD_PROGRAM_ERROR_INVALID,
                   _("%s: field “timezone” is “%s”; expected an IANA time zone such as Asia/Shanghai"),
                   display_name, s);
      return NULL;
    }
  self->timezone_id = g_strdup (s);

  node = json_object_get_member (root, "period");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, PD_PROGRAM_ERROR, PD_PROGRAM_ERROR_INVALID,
                   _("%s: field “period” is missing; expected {\"start\": \"YYYY-MM-DD\", \"end\": \"YYYY-MM-DD\"}"),
                   display_name);
      return NULL;
    }
  period = json_node_get_object (node);
  if (!(s = get_string_member (period, "start", display_name, error)) ||
      !check_date (s, "period.start", display_name, error))
    return NULL;
  self->period_start = g_strdup (s);
  if (!(s = get_string_member (period, "end", display_name, error)) ||
      !check_date (s, "period.end", display_name, error))
    return NULL;
  self->period_end = g_strdup (s);
  if (g_strcmp0 (self->period_start, self->period_end) > 0)
    {
      g_set_error (error, PD_PROGRAM_ERROR, PD_PROGRAM_ERROR_INVALID,
                   _("%s: the period ends (%s) before it starts (%s)"),
                   display_name, self->period_end, self->period_start);
      return NULL;
    }

  node = json_object_get_member (root, "markets");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (markets = json_node_get_array (node)) == 0)
    {
      g_set_error (error, PD_PROGRAM_ERROR, PD_PROGRAM_ERROR_INVALID,
                   _("%s: field “markets” is missing or empty; expected a list such as [\"EU\", \"JP\"]"),
                   display_name);
      return NULL;
    }
  self->markets = g_new0 (char *, json_array_get_length (markets) + 1);
  for (guint i = 0; i < json_array_get_length (markets); i++)
    {
      JsonNode *m = json_array_get_element (markets, i);

      if (!JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_STRING)
        {
          g_set_error (error, PD_PROGRAM_ERROR, PD_PROGRAM_ERROR_INVALID,
                       _("%s: markets[%u] is not a string; expected a market code such as EU"),
                       display_name, i);
          return NULL;
        }
      /* A code, or a market's Chinese name (欧洲 -> EU). */
      self->markets[i] = g_strdup (pd_market_from_name (json_node_get_string (m)) != NULL ?
                                   pd_market_from_name (json_node_get_string (m)) :
                                   json_node_get_string (m));
    }

  if (prune)
    self->json = json_to_string (parsed, FALSE);
  else
    self->json = length < 0 ? g_strdup (data) : g_strndup (data, length);

  return g_steal_pointer (&self);
}

PdProgram *
pd_program_new_from_data (const char  *data,
                          gssize       length,
                          const char  *display_name,
                          GError     **error)
{
  return new_from_data (data, length, display_name, FALSE, error);
}

PdProgram *
pd_program_new_from_platform (const char  *data,
                              gssize       length,
                              const char  *display_name,
                              GError     **error)
{
  return new_from_data (data, length, display_name, TRUE, error);
}

PdProgram *
pd_program_new_from_file (const char  *path,
                          GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  return pd_program_new_from_data (contents, length, path, error);
}

const char *
pd_program_get_id (PdProgram *self)
{
  g_return_val_if_fail (PD_IS_PROGRAM (self), NULL);
  return self->id;
}

const char *
pd_program_get_name (PdProgram *self)
{
  g_return_val_if_fail (PD_IS_PROGRAM (self), NULL);
  return self->name;
}

PdProgramKind
pd_program_get_kind (PdProgram *self)
{
  g_return_val_if_fail (PD_IS_PROGRAM (self), 0);
  return self->kind;
}

const char *
pd_program_get_kind_string (PdProgram *self)
{
  g_return_val_if_fail (PD_IS_PROGRAM (self), NULL);
  return self->kind == PD_PROGRAM_KIND_RECRUITMENT ? "recruitment" : "seller-benefit";
}

const char *
pd_program_get_timezone_id (PdProgram *self)
{
  g_return_val_if_fail (PD_IS_PROGRAM (self), NULL);
  return self->timezone_id;
}

GTimeZone *
pd_program_get_timezone (PdProgram *self)
{
  g_return_val_if_fail (PD_IS_PROGRAM (self), NULL);
  return self->timezone;
}

const char *
pd_program_get_period_start (PdProgram *self)
{
  g_return_val_if_fail (PD_IS_PROGRAM (self), NULL);
  return self->period_start;
}

const char *
pd_program_get_period_end (PdProgram *self)
{
  g_return_val_if_fail (PD_IS_PROGRAM (self), NULL);
  return self->period_end;
}

const char * const *
pd_program_get_markets (PdProgram *self)
{
  g_return_val_if_fail (PD_IS_PROGRAM (self), NULL);
  return (const char * const *) self->markets;
}

const char *
pd_program_get_json (PdProgram *self)
{
  g_return_val_if_fail (PD_IS_PROGRAM (self), NULL);
  return self->json;
}
