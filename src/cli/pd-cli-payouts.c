/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-cli.h"
#include "pd-cli-payouts.h"
#include "pd-cli-project.h"
#include "pd-payout-review.h"

/* The payout review itself is written by pd-payout-review.c, through the
 * same export job as the Overview page's; this is its command line. */

static void
on_review_written_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Runs the export job and waits for it in a context of its own. */
static gboolean
write_review (PdStore               *store,
              PdProjectionSetup     *setup,
              const char            *program_id,
              PdPayoutReviewFormat   format,
              const char            *output,
              GError               **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_main_context_push_thread_default (context);
  pd_payout_review_write_async (pd_store_get_path (store), program_id, setup->as_of, format, output,
                                NULL, on_review_written_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  return pd_payout_review_write_finish (result, error);
}

int
pd_cli_export_payouts_command (PdStore  *store,
                               int       argc,
                               char    **argv)
{
  g_auto(PdProjectionSetup) setup = { 0 };
  g_autoptr(GError) error = NULL;
  const char *program_id = NULL;
  const char *as_of_text = NULL;
  const char *format_text = NULL;
  const char *output = NULL;
  PdPayoutReviewFormat format;
  int status;

  for (int i = 2; i < argc; i++)
    {
      const char *value;

      if (pd_cli_option_value (argc, argv, &i, "--program", &value))
        program_id = value;
      else if (pd_cli_option_value (argc, argv, &i, "--as-of", &value))
        as_of_text = value;
      else if (pd_cli_option_value (argc, argv, &i, "--format", &value))
        format_text = value;
      else if (pd_cli_option_value (argc, argv, &i, "--output", &value))
        output = value;
      else
        return pd_cli_unknown_argument (PD_CLI_EXPORT_PAYOUTS_USAGE, argv[i]);
    }
  if (program_id == NULL || as_of_text == NULL || format_text == NULL ||
      output == NULL || *output == '\0')
    return pd_cli_usage_error (PD_CLI_EXPORT_PAYOUTS_USAGE,
                               _("--program, --as-of, --format and --output are required"));
  if (g_ascii_strcasecmp (format_text, "csv") == 0)
    format = PD_PAYOUT_REVIEW_CSV;
  else if (g_ascii_strcasecmp (format_text, "pdf") == 0)
    format = PD_PAYOUT_REVIEW_PDF;
  else if (g_ascii_strcasecmp (format_text, "xlsx") == 0)
    format = PD_PAYOUT_REVIEW_XLSX;
  else
    {
      g_autofree char *message = g_strdup_printf (_("--format “%s”: expected csv, pdf or xlsx"), format_text);

      return pd_cli_usage_error (PD_CLI_EXPORT_PAYOUTS_USAGE, message);
    }

  status = pd_cli_project_setup (store, program_id, as_of_text, &setup);
  if (status != PD_CLI_EXIT_OK)
    return status;
  if (setup.rules->kind != PD_PROGRAM_KIND_RECRUITMENT)
    {
      g_printerr (_("partnerdesk-cli: program %s pays the partner nothing (kind %s); expected a recruitment program\n"),
                  program_id, "seller-benefit");
      return PD_CLI_EXIT_USAGE;
    }

  if (!write_review (store, &setup, program_id, format, output, &error))
    {
      g_printerr ("partnerdesk-cli: %s\n", error->message);
      /* An output that is the store itself, or a folder: bad input. */
      return g_error_matches (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID) ?
             PD_CLI_EXIT_USAGE : PD_CLI_EXIT_FAILURE;
    }

  g_print (_("Payout review written to %s\n"), output);
  return PD_CLI_EXIT_OK;
}
