/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-audit.h"
#include "pd-cli.h"
#include "pd-cli-merchants.h"
#include "pd-cli-table.h"
#include "pd-cli-team.h"
#include "pd-merchant-notes.h"
#include "pd-safe-text.h"
#include "pd-store-authorizations.h"
#include "pd-store-links.h"
#include "pd-store-sellers.h"
#include "pd-store-team.h"

#define AUDIT_LIMIT 50

/* The merchant as one JSON object: its agency fields (each with the
 * staff member and time the team hub credits), conflicts, links, audit. */
static void
print_json (PdStore                *store,
            const char             *seller_id,
            const PdSellerMatch    *seller,
            const PdMerchantNotes  *notes,
            GPtrArray              *conflicts,
            GPtrArray              *entries,
            GTimeZone              *zone,
            GPtrArray              *links,
            GPtrArray              *audit)
{
  static const char * const fields[] = { "notes", "tags", "assignee" };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *updated = pd_cli_format_time (notes->updated_at);

  json_builder_begin_object (builder);
  pd_cli_json_string (builder, "seller_id", seller_id);
  pd_cli_json_string (builder, "seller_name", seller != NULL ? seller->seller_name : NULL);
  pd_cli_json_string (builder, "market", seller != NULL ? seller->market : NULL);
  pd_cli_json_string (builder, "notes", notes->notes);
  pd_cli_json_string (builder, "tags", notes->tags);
  pd_cli_json_string (builder, "assignee", notes->assignee);
  pd_cli_json_string (builder, "updated_at", updated);
  json_builder_set_member_name (builder, "team");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *author = NULL;
      g_autofree char *at = NULL;
      gint64 when = 0;

      json_builder_set_member_name (builder, fields[i]);
      if (!pd_store_team_field_author (store, "merchant", seller_id, fields[i], &author, &when, NULL))
        {
          json_builder_add_null_value (builder);
          continue;
        }
      at = pd_cli_format_time (when);
      json_builder_begin_object (builder);
      pd_cli_json_string (builder, "by", author);
      pd_cli_json_string (builder, "at", at);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  pd_cli_team_add_conflicts_json (builder, conflicts);

  /* Its stores (and target rows without one) per program, with stage
   * and verdict: the rows `merchants --json` prints. */
  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    pd_cli_merchants_add_json_row (builder, g_ptr_array_index (entries, i), zone);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "links");
  json_builder_begin_array (builder);
  for (guint i = 0; i < links->len; i++)
    {
      const PdLink *link = g_ptr_array_index (links, i);
      g_autofree char *created = pd_cli_format_time (link->created_at);

      json_builder_begin_object (builder);
      pd_cli_json_string (builder, "token", link->token);
      pd_cli_json_string (builder, "kind", link->kind);
      pd_cli_json_string (builder, "state", link->state);
      pd_cli_json_string (builder, "program_id", link->program_id);
      pd_cli_json_string (builder, "staff", link->staff);
      pd_cli_json_string (builder, "created_at", created);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "audit");
  json_builder_begin_array (builder);
  for (guint i = 0; i < audit->len; i++)
    {
      const PdAuditEntry *entry = g_ptr_array_index (audit, i);
      g_autofree char *at = pd_cli_format_time (entry->at);

      json_builder_begin_object (builder);
      pd_cli_json_string (builder, "at", at);
      pd_cli_json_string (builder, "user", entry->user);
      pd_cli_json_string (builder, "action", entry->action);
      pd_cli_json_string (builder, "details", entry->details);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  pd_cli_print_json (builder);
}

static void
print_text (PdStore                *store,
            const char             *seller_id,
            const PdSellerMatch    *seller,
            const PdMerchantNotes  *notes,
            GPtrArray              *conflicts,
            GPtrArray              *entries,
            GTimeZone              *zone,
            GPtrArray              *links)
{
  g_auto(GStrv) lines = g_strsplit (notes->notes, "\n", -1);
  g_autofree char *safe_tags = pd_safe_text_dup (notes->tags, -1, 0, PD_SAFE_TEXT_DEFAULT);
  g_autofree char *safe_assignee = pd_safe_text_dup (notes->assignee != NULL ? notes->assignee : "",
                                                     -1, 0, PD_SAFE_TEXT_DEFAULT);
  g_autofree char *author = NULL;
  gint64 when = 0;

  if (seller != NULL)
    {
      g_autofree char *name = pd_safe_text_dup (seller->seller_name, -1, 0, PD_SAFE_TEXT_DEFAULT);

      g_print (_("Seller: %s, %s (%s)\n"), seller_id, name, seller->market);
    }
  else
    g_print (_("Seller: %s\n"), seller_id);
  g_print (_("Assignee: %s\n"), *safe_assignee != '\0' ? safe_assignee : _("nobody"));
  g_print (_("Tags: %s\n"), safe_tags);
  g_print (_("Notes:\n"));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = pd_safe_text_dup (lines[i], -1, 0, PD_SAFE_TEXT_DEFAULT);

      g_print ("  %s\n", line);
    }
  if (pd_store_team_field_author (store, "merchant", seller_id, "notes", &author, &when, NULL))
    {
      g_autofree char *at = pd_cli_format_time (when);
      g_autofree char *who = pd_safe_text_dup (author, -1, 0, PD_SAFE_TEXT_DEFAULT);

      g_print (_("Notes last shared by %s at %s\n"), who, at != NULL ? at : "");
    }
  pd_cli_team_print_conflicts (conflicts);
  if (entries->len > 0)
    {
      PdCliTable *table = pd_cli_merchants_table_new ();

      g_print (_("Stores and verdicts:\n"));
      for (guint i = 0; i < entries->len; i++)
        pd_cli_merchants_add_table_row (table, g_ptr_array_index (entries, i), zone);
      pd_cli_table_print (table, NULL);
    }
  for (guint i = 0; i < links->len; i++)
    {
      const PdLink *link = g_ptr_array_index (links, i);

      g_print (_("Link %s (%s, %s) by %s\n"), link->token, link->kind, link->state,
               link->staff != NULL ? link->staff : "-");
    }
}

static int
show_command (PdStore  *store,
              int       argc,
              char    **argv)
{
  static const char usage[] = "merchant show SELLER_ID [--json]";
  g_auto(PdMerchantNotes) notes = { 0 };
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(PdSellerMatch) seller = NULL;
  g_autoptr(GError) error = NULL;
  const char *seller_id = NULL;
  gboolean json = FALSE;

  for (int i = 2; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        json = TRUE;
      else if (seller_id == NULL && argv[i][0] != '-')
        seller_id = argv[i];
      else
        return pd_cli_unknown_argument (usage, argv[i]);
    }
  if (seller_id == NULL)
    return pd_cli_usage_error (usage, _("a seller id is required"));
  seller = pd_store_get_seller (store, seller_id, &error);
  if (error != NULL ||
      !pd_merchant_notes_get (store, seller_id, &notes, &error) ||
      (conflicts = pd_store_team_list_conflicts (store, seller_id, &error)) == NULL ||
      (links = pd_store_links_for_seller (store, seller_id, &error)) == NULL ||
      (audit = pd_audit_seller_history (store, seller_id, AUDIT_LIMIT, &error)) == NULL ||
      (zone = pd_store_dup_user_zone (store, &error)) == NULL ||
      (entries = pd_cli_merchants_of_seller (store, seller_id, &error)) == NULL)
    return pd_cli_report_error (error);
  if (json)
    print_json (store, seller_id, seller, &notes, conflicts, entries, zone, links, audit);
  else
    print_text (store, seller_id, seller, &notes, conflicts, entries, zone, links);
  return PD_CLI_EXIT_OK;
}

int
pd_cli_merchant_command (PdStore  *store,
                         int       argc,
                         char    **argv)
{
  g_autoptr(GError) error = NULL;

  if (argc >= 2 && g_str_equal (argv[1], "show"))
    return show_command (store, argc, argv);
  if (argc == 4 && *argv[2] == '\0')
    return pd_cli_usage_error (PD_CLI_MERCHANT_USAGE, _("a seller id is required"));
  if (argc == 4 && g_str_equal (argv[1], "note"))
    {
      const char * const ids[] = { argv[2], NULL };

      if (!pd_merchant_notes_append (store, ids, argv[3], g_get_real_time () / G_USEC_PER_SEC, &error))
        return pd_cli_report_error (error);
      return PD_CLI_EXIT_OK;
    }
  if (argc == 4 && g_str_equal (argv[1], "assign"))
    {
      const char * const ids[] = { argv[2], NULL };

      if (!pd_merchant_notes_assign (store, ids, argv[3], &error))
        return pd_cli_report_error (error);
      return PD_CLI_EXIT_OK;
    }
  return pd_cli_usage_error (PD_CLI_MERCHANT_USAGE, NULL);
}
