/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sync-text"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-json-guard.h"
#include "pd-sync-text.h"
#include "pd-timestamp.h"

#define SHORT_ID_CHARS 10

char *
pd_sync_text_synced_ago (gint64 then,
                         gint64 now)
{
  gint64 minutes, hours, days;

  if (then <= 0)
    return g_strdup (_("Not synced yet"));

  minutes = MAX (now - then, 0) / 60;
  hours = minutes / 60;
  days = hours / 24;
  if (minutes < 1)
    return g_strdup (_("Synced just now"));
  if (hours < 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Synced %d minute ago",
                                         "Synced %d minutes ago", (gulong) minutes),
                            (int) minutes);
  if (days < 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Synced %d hour ago",
                                         "Synced %d hours ago", (gulong) hours),
                            (int) hours);
  if (days < 7)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Synced %d day ago",
                                         "Synced %d days ago", (gulong) days),
                            (int) days);
  {
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (then);
    /* Translators: a date in strftime format, as in "Synced on 3 Apr 2026" */
    g_autofree char *date = g_date_time_format (dt, _("%-d %b %Y"));

    /* Translators: %s is a date such as "3 Apr 2026" */
    return g_strdup_printf (_("Synced on %s"), date);
  }
}

char *
pd_sync_text_time (gint64 unix_seconds,
                   gint64 now)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_seconds);
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (now);

  if (dt == NULL || today == NULL)
    return g_strdup ("—");
  if (g_date_time_get_year (dt) == g_date_time_get_year (today) &&
      g_date_time_get_day_of_year (dt) == g_date_time_get_day_of_year (today))
    /* Translators: a time of today in strftime format */
    return g_date_time_format (dt, _("%H:%M"));
  /* Translators: a date and time in strftime format */
  return g_date_time_format (dt, _("%-d %b %Y %H:%M"));
}

/* "1,500": grouped as the locale groups. */
static char *
format_count (guint64 n)
{
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

char *
pd_sync_text_progress (const PdSyncSummary *progress)
{
  g_autofree char *changes = NULL;

  if (progress == NULL)
    return g_strdup (_("Connecting…"));

  switch (progress->phase)
    {
    case PD_SYNC_PHASE_STARTING:
      return g_strdup (_("Connecting…"));

    case PD_SYNC_PHASE_PUSHING:
      if (progress->outbox_sent == 0)
        return g_strdup (_("Sending local changes…"));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sending local changes (%u sent)…",
                                           "Sending local changes (%u sent)…", progress->outbox_sent),
                              progress->outbox_sent);

    case PD_SYNC_PHASE_PULLING:
    case PD_SYNC_PHASE_DONE:
    default:
      if (progress->pages == 0)
        return g_strdup (_("Receiving changes…"));
      changes = format_count (progress->changes_applied + progress->changes_ignored);
      /* Translators: %u is a number of pages of the change feed, %s a number of changes */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Receiving changes (%u page, %s changes)…",
                                           "Receiving changes (%u pages, %s changes)…", progress->pages),
                              progress->pages, changes);
    }
}

char *
pd_sync_text_progress_short (const PdSyncSummary *progress)
{
  g_autofree char *changes = NULL;
  guint64 n;

  if (progress == NULL || progress->phase == PD_SYNC_PHASE_STARTING)
    return g_strdup (_("Connecting…"));
  if (progress->phase == PD_SYNC_PHASE_PUSHING)
    return g_strdup (_("Sending…"));
  n = progress->changes_applied + progress->changes_ignored;
  if (n == 0)
    return g_strdup (_("Syncing…"));
  changes = format_count (n);
  /* Translators: %s is a number of changes received, such as 1,500 */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Syncing… %s change", "Syncing… %s changes",
                                       (gulong) MIN (n, G_MAXULONG)),
                          changes);
}

char *
pd_sync_text_summary (const PdSyncSummary *summary)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *count = NULL;

  g_return_val_if_fail (summary != NULL, NULL);

  count = format_count (summary->changes_applied);
  if (summary->changes_applied == 0)
    g_ptr_array_add (parts, g_strdup (_("Nothing new from the platform")));
  else
    /* Translators: %s is a number, such as 1,500 */
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s change received",
                                                          "%s changes received",
                                                          (gulong) MIN (summary->changes_applied, G_MAXULONG)),
                                             count));
  if (summary->outbox_sent > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u local change sent",
                                                          "%u local changes sent", summary->outbox_sent),
                                             summary->outbox_sent));
  if (summary->outbox_failed > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u refused",
                                                          "%u refused", summary->outbox_failed),
                                             summary->outbox_failed));
  if (summary->outbox_conflicts > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u conflict",
                                                          "%u conflicts", summary->outbox_conflicts),
                                             summary->outbox_conflicts));
  if (summary->outbox_remaining > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u still waiting",
                                                          "%u still waiting", summary->outbox_remaining),
                                             summary->outbox_remaining));
  g_ptr_array_add (parts, NULL);
  /* Translators: the separator between the parts of a sync summary */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}

char *
pd_sync_text_result (const PdSyncSummary *summary,
                     gboolean             succeeded)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (summary != NULL, NULL);

  if (succeeded)
    {
      text = pd_sync_text_summary (summary);
      /* Translators: %s says what the last sync did, e.g. "716 changes received" */
      return g_strdup_printf (_("Last sync: %s"), text);
    }
  /* A run that reached nothing has nothing to report: "Nothing new"
   * would claim the platform was asked. */
  if (summary->changes_applied == 0 && summary->outbox_sent == 0 &&
      summary->outbox_failed == 0 && summary->outbox_conflicts == 0)
    return NULL;
  text = pd_sync_text_summary (summary);
  /* Translators: %s says what a failed sync did before it stopped, e.g. "500 changes received" */
  return g_strdup_printf (_("Before it stopped: %s"), text);
}

char *
pd_sync_text_waiting (guint waiting)
{
  /* Translators: the header bar's label; %u is a number of local changes not sent yet */
  return g_strdup_printf (_("Waiting: offline (%u)"), waiting);
}

/* Link tokens are 22 characters or more: enough to recognise one. */
static char *
shorten (const char *id)
{
  g_autofree char *head = NULL;

  if (id == NULL)
    return g_strdup ("?");
  if (g_utf8_strlen (id, -1) <= SHORT_ID_CHARS + 2)
    return g_strdup (id);
  head = g_utf8_substring (id, 0, SHORT_ID_CHARS);
  return g_strconcat (head, "…", NULL);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, name)) == NULL ||
      !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

char *
pd_sync_text_describe (const PdOutboxItem *item)
{
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) body = NULL;
  const char *type, *value;

  g_return_val_if_fail (item != NULL, NULL);

  body = pd_json_guard_parse_object (item->body, "outbox.body", NULL);
  type = item->subject_type != NULL ? item->subject_type : "";
  id = shorten (item->subject_id);

  if (g_str_equal (type, "seller_request"))
    {
      value = string_member (body, "status");
      if (g_strcmp0 (value, "partner_accepted") == 0)
        return g_strdup_printf (_("Accept seller request %s"), id);
      if (g_strcmp0 (value, "rejected") == 0)
        return g_strdup_printf (_("Reject seller request %s"), id);
      if (g_strcmp0 (value, "closed") == 0)
        return g_strdup_printf (_("Close seller request %s"), id);
      return g_strdup_printf (_("Update seller request %s"), id);
    }
  if (g_str_has_prefix (item->path, "/v1/authorization-links"))
    {
      g_autofree char *service = shorten (string_member (body, "service_id"));

      return g_strdup_printf (_("Create an authorization link for service %s"), service);
    }
  if (g_str_equal (type, "link"))
    {
      if (g_str_has_suffix (item->path, "/revoke"))
        return g_strdup_printf (_("Revoke link %s"), id);
      if ((value = string_member (body, "seller_id")) != NULL)
        return g_strdup_printf (_("Create an onboarding link for seller %s"), value);
      return g_strdup_printf (_("Create onboarding link %s"), id);
    }
  if (g_str_equal (type, "service"))
    {
      if ((value = string_member (body, "name")) != NULL)
        return g_strdup_printf (_("Save service “%s”"), value);
      return g_strdup_printf (_("Save service %s"), id);
    }
  if (g_str_equal (type, "service_category"))
    {
      if (g_str_has_suffix (item->path, "/apply"))
        return g_strdup_printf (_("Apply to list service category %s"), id);
      if (g_str_has_suffix (item->path, "/withdraw"))
        return g_strdup_printf (_("Withdraw service category %s"), id);
    }
  return g_strdup_printf ("%s %s", item->method, item->path);
}

char *
pd_sync_text_item_status (const PdOutboxItem *item,
                          gint64              now)
{
  g_autofree char *when = pd_sync_text_time (item->created_at, now);

  if (item->attempts == 0)
    /* Translators: %s is a time such as 10:32 */
    return g_strdup_printf (_("Queued %s"), when);
  /* Translators: %s is a time such as 10:32, %d a number of attempts to send */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Queued %s · %d attempt",
                                       "Queued %s · %d attempts", (gulong) item->attempts),
                          when, (int) item->attempts);
}

typedef struct
{
  const char *field;
  const char *label;
} FieldLabel;

static const FieldLabel field_labels[] = {
  { "id", N_("ID") },
  { "version", N_("Version") },
  { "status", N_("Status") },
  { "state", N_("State") },
  { "note", N_("Note") },
  { "request_type", N_("Request type") },
  { "category_id", N_("Category") },
  { "location", N_("Location") },
  { "company_size", N_("Company size") },
  { "currency", N_("Currency") },
  { "monthly_tiktok_shop_gmv", N_("Monthly TikTok Shop GMV") },
  { "monthly_other_gmv", N_("Monthly GMV elsewhere") },
  { "monthly_budget", N_("Monthly budget") },
  { "main_category", N_("Main category") },
  { "best_selling_product", N_("Best-selling product") },
  { "other_details", N_("Other details") },
  { "created_at", N_("Created") },
  { "updated_at", N_("Updated") },
  { "contact_name", N_("Contact name") },
  { "contact_email", N_("Contact e-mail") },
  { "name", N_("Name") },
  { "type", N_("Type") },
  { "description", N_("Description") },
  { "price", N_("Price") },
  { "token", N_("Token") },
  { "kind", N_("Kind") },
  { "url", N_("Link") },
  { "market", N_("Market") },
  { "seller_id", N_("Seller") },
  { "program_id", N_("Program") },
  { "service_id", N_("Service") },
  { "expires_at", N_("Expires") },
  { "used_at", N_("Used") },
  { "revoked_at", N_("Revoked") },
  { "duration_days", N_("Duration in days") },
  { "staff", N_("Staff") },
};

char *
pd_sync_text_field_label (const char *field)
{
  char *label;

  g_return_val_if_fail (field != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    if (g_str_equal (field, field_labels[i].field))
      return g_strdup (_(field_labels[i].label));

  /* A field this version does not know: its name, made readable. */
  label = g_strdelimit (g_strdup (field), "_", ' ');
  if (g_ascii_islower (label[0]))
    label[0] = g_ascii_toupper (label[0]);
  return label;
}

static gboolean
is_token (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static const FieldLabel status_labels[] = {
  { "partner_reviewing", N_("Reviewing") },
  { "partner_accepted", N_("Accepted") },
  { "connected", N_("Connected") },
  { "closed", N_("Closed") },
  { "rejected", N_("Rejected") },
  { "active", N_("Active") },
  { "used", N_("Used") },
  { "expired", N_("Expired") },
  { "revoked", N_("Revoked") },
  { "not_listed", N_("Not listed") },
  { "in_review", N_("In review") },
  { "approved", N_("Approved") },
  { "suspended", N_("Suspended") },
};

static char *
humanize_token (const char *token)
{
  char *text;

  for (guint i = 0; i < G_N_ELEMENTS (status_labels); i++)
    if (g_str_equal (token, status_labels[i].field))
      return g_strdup (_(status_labels[i].label));
  text = g_strdelimit (g_strdup (token), "_", ' ');
  text[0] = g_ascii_toupper (text[0]);
  return text;
}

static char *
format_time_text (const char *text)
{
  gint64 seconds;
  g_autoptr(GDateTime) dt = NULL;

  if (!pd_timestamp_parse (text, NULL, &seconds, NULL) ||
      (dt = g_date_time_new_from_unix_local (seconds)) == NULL)
    return g_strdup (text);
  return g_date_time_format (dt, _("%-d %b %Y %H:%M"));
}

char *
pd_sync_text_json_value (const char *field,
                         JsonNode   *node)
{
  static const char * const token_fields[] = {
    "status", "state", "request_type", "type", "kind", NULL
  };

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

      if (json_array_get_length (array) == 0)
        return g_strdup ("—");
      for (guint i = 0; i < json_array_get_length (array); i++)
        g_ptr_array_add (parts, pd_sync_text_json_value (NULL, json_array_get_element (array, i)));
      g_ptr_array_add (parts, NULL);
      return g_strjoinv (_(", "), (char **) parts->pdata);
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_to_string (node, FALSE);

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      {
        const char *text = json_node_get_string (node);

        if (field != NULL && g_strv_contains (token_fields, field) && is_token (text))
          return humanize_token (text);
        if (field != NULL && g_str_has_suffix (field, "_at"))
          return format_time_text (text);
        return *text != '\0' ? g_strdup (text) : g_strdup ("—");
      }

    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));

    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

    default:
      /* Doubles: as the platform wrote them (never money: money is text). */
      return json_to_string (node, FALSE);
    }
}
