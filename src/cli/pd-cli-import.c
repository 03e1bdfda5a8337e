/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-cli"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pd-cli.h"
#include "pd-cli-import.h"
#include "pd-export.h"
#include "pd-export-merchants.h"
#include "pd-merchant-refresh.h"
#include "pd-importer.h"

/*
 * `import KIND FILE`, `export links` and `export merchants` (partnerdesk-cli(1)). All the work is in
 * PdImporter and pd_export_links(); this file only reads the arguments
 * and prints: the summary on stdout, warnings on stderr as "warning: ...",
 * problems on stderr one a line (the first PD_IMPORT_MAX_PROBLEMS, then a
 * count). Exit 2 for bad input or usage, 1 for anything else.
 */

static void
print_json_counts (const PdImportCounts *counts,
                   gboolean              replace)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "inserted");
  json_builder_add_int_value (builder, counts->inserted);
  json_builder_set_member_name (builder, "updated");
  json_builder_add_int_value (builder, counts->updated);
  json_builder_set_member_name (builder, "unchanged");
  json_builder_add_int_value (builder, counts->unchanged);
  if (replace)
    {
      json_builder_set_member_name (builder, "left");
      json_builder_add_int_value (builder, counts->left);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

int
pd_cli_import_command (PdStore  *store,
                       int       argc,
                       char    **argv)
{
  g_autoptr(PdImporter) importer = NULL;
  g_autoptr(GError) error = NULL;
  const char *positional[2] = { NULL, NULL };
  const char *program_id = NULL;
  const char *sheet = NULL;
  const PdImportCounts *counts;
  GPtrArray *warnings;
  guint n_positional = 0;
  gboolean replace = FALSE;
  gboolean json = FALSE;
  PdImportKind kind;

  for (int i = 1; i < argc; i++)
    {
      const char *value;

      if (g_str_equal (argv[i], "--replace"))
        replace = TRUE;
      else if (g_str_equal (argv[i], "--json"))
        json = TRUE;
      else if (pd_cli_option_value (argc, argv, &i, "--program", &value))
        program_id = value;
      else if (pd_cli_option_value (argc, argv, &i, "--sheet", &value))
        sheet = value;
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        {
          g_autofree char *message = g_strdup_printf (_("unknown option “%s”"), argv[i]);

          return pd_cli_usage_error (PD_CLI_IMPORT_USAGE, message);
        }
      else if (n_positional < G_N_ELEMENTS (positional))
        positional[n_positional++] = argv[i];
      else
        return pd_cli_usage_error (PD_CLI_IMPORT_USAGE, _("too many arguments"));
    }

  if (n_positional != 2)
    return pd_cli_usage_error (PD_CLI_IMPORT_USAGE, NULL);
  if (!pd_import_kind_from_string (positional[0], &kind))
    {
      g_autofree char *message = g_strdup_printf (_("unknown import kind “%s”; expected targets, stores, links, rates or program"),
                                                  positional[0]);

      return pd_cli_usage_error (PD_CLI_IMPORT_USAGE, message);
    }
  if (kind != PD_IMPORT_KIND_TARGETS && (replace || program_id != NULL))
    return pd_cli_usage_error (PD_CLI_IMPORT_USAGE, _("--program and --replace apply to target lists only"));

  importer = pd_importer_new (kind, positional[1]);
  pd_importer_set_program_id (importer, program_id);
  pd_importer_set_replace (importer, replace);
  pd_importer_set_sheet (importer, sheet);

  if (!pd_importer_run (importer, store, NULL, &error))
    {
      warnings = pd_importer_get_warnings (importer);
      for (guint i = 0; i < warnings->len; i++)
        g_printerr (_("warning: %s\n"), (const char *) g_ptr_array_index (warnings, i));

      if (g_error_matches (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID))
        {
          GPtrArray *problems = pd_importer_get_problems (importer);
          guint64 n_problems = pd_importer_get_n_problems (importer);

          for (guint i = 0; i < problems->len; i++)
            g_printerr ("%s\n", (const char *) g_ptr_array_index (problems, i));
          if (n_problems > problems->len)
            g_printerr (_("... and %" PRIu64 " more problems\n"), n_problems - problems->len);
          g_printerr (_("partnerdesk-cli: nothing was imported from %s\n"), positional[1]);
          return PD_CLI_EXIT_USAGE;
        }

      g_printerr ("partnerdesk-cli: %s\n", error->message);
      return PD_CLI_EXIT_FAILURE;
    }

  warnings = pd_importer_get_warnings (importer);
  for (guint i = 0; i < warnings->len; i++)
    g_printerr (_("warning: %s\n"), (const char *) g_ptr_array_index (warnings, i));

  counts = pd_importer_get_counts (importer);
  if (json)
    print_json_counts (counts, replace);
  else if (replace)
    g_print (_("%s: %" PRIu64 " inserted, %" PRIu64 " updated, %" PRIu64 " unchanged, %" PRIu64 " left the list\n"),
             positional[1], counts->inserted, counts->updated, counts->unchanged, counts->left);
  else
    g_print (_("%s: %" PRIu64 " inserted, %" PRIu64 " updated, %" PRIu64 " unchanged\n"),
             positional[1], counts->inserted, counts->updated, counts->unchanged);

  return PD_CLI_EXIT_OK;
}

int
pd_cli_export_command (PdStore  *store,
                       int       argc,
                       char    **argv)
{
  g_autoptr(GError) error = NULL;
  const char *output = NULL;
  const char *state = NULL;
  const char *search = NULL;
  guint64 n = 0;

  if (argc < 2 || !g_str_equal (argv[1], "links"))
    return pd_cli_usage_error (PD_CLI_EXPORT_LINKS_USAGE, NULL);

  for (int i = 2; i < argc; i++)
    {
      const char *value;

      if (pd_cli_option_value (argc, argv, &i, "--output", &value))
        output = value;
      else if (pd_cli_option_value (argc, argv, &i, "--state", &value))
        state = value;
      else if (pd_cli_option_value (argc, argv, &i, "--search", &value))
        search = value;
      else
        return pd_cli_unknown_argument (PD_CLI_EXPORT_LINKS_USAGE, argv[i]);
    }
  if (output == NULL || *output == '\0')
    return pd_cli_usage_error (PD_CLI_EXPORT_LINKS_USAGE, _("--output FILE is required"));

  if (!pd_export_links (store, state, search, output, &n, NULL, &error))
    {
      g_printerr ("partnerdesk-cli: %s\n", error->message);
      /* An output that is the store itself, or a folder, or an unknown
       * state: bad input. */
      return g_error_matches (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID) ?
             PD_CLI_EXIT_USAGE : PD_CLI_EXIT_FAILURE;
    }

  g_print (g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " link written to %s\n",
                        "%" PRIu64 " links written to %s\n", (gulong) MIN (n, G_MAXULONG)),
           n, output);
  return PD_CLI_EXIT_OK;
}

/* `export merchants --output FILE [filters]`: the rows the Merchants page
 * shows for the same filters, refreshed as of now first. */
int
pd_cli_export_merchants_command (PdStore  *store,
                                 int       argc,
                                 char    **argv)
{
  g_autoptr(GError) error = NULL;
  PdMerchantQuery query;
  const char *output = NULL;
  guint64 n = 0;
  int status = PD_CLI_EXIT_OK;

  pd_merchant_query_init (&query);
  for (int i = 2; i < argc; i++)
    {
      const char *value;

      if (pd_cli_option_value (argc, argv, &i, "--output", &value))
        output = value;
      else if (pd_cli_option_value (argc, argv, &i, "--program", &value))
        query.program_id = g_strdup (value);
      else if (pd_cli_option_value (argc, argv, &i, "--market", &value))
        query.market = g_strdup (value);
      else if (pd_cli_option_value (argc, argv, &i, "--staff", &value))
        query.staff = g_strdup (value);
      else if (pd_cli_option_value (argc, argv, &i, "--search", &value))
        query.search = g_strdup (value);
      else if (pd_cli_option_value (argc, argv, &i, "--verdict", &value))
        {
          PdMerchantVerdict verdict;

          if (!pd_merchant_verdict_from_string (value, &verdict))
            {
              pd_merchant_query_clear (&query);
              return pd_cli_usage_error (PD_CLI_EXPORT_MERCHANTS_USAGE,
                                         _("--verdict: expected qualified, pending, lost or none"));
            }
          query.verdict = verdict;
        }
      else
        {
          pd_merchant_query_clear (&query);
          return pd_cli_unknown_argument (PD_CLI_EXPORT_MERCHANTS_USAGE, argv[i]);
        }
    }
  if (output == NULL || *output == '\0')
    {
      pd_merchant_query_clear (&query);
      return pd_cli_usage_error (PD_CLI_EXPORT_MERCHANTS_USAGE, _("--output FILE is required"));
    }

  if (!pd_merchant_refresh (pd_store_get_path (store), g_get_real_time () / G_USEC_PER_SEC,
                            PD_MERCHANT_REFRESH_DEFAULT, NULL, NULL, NULL, &error) ||
      !pd_export_merchants (store, &query, output, &n, NULL, &error))
    {
      g_printerr ("partnerdesk-cli: %s\n", error->message);
      status = g_error_matches (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID) ?
               PD_CLI_EXIT_USAGE : PD_CLI_EXIT_FAILURE;
    }
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " merchant row written to %s\n",
                          "%" PRIu64 " merchant rows written to %s\n", (gulong) MIN (n, G_MAXULONG)),
             n, output);
  pd_merchant_query_clear (&query);
  return status;
}
