/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-overview"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-overview-format.h"
#include "pd-overview-page-private.h"
#include "pd-payout-review.h"
#include "pd-toast.h"

/* Export ----------------------------------------------------------------------- */

/* The review is written by the one export job of src/reports, which the
 * command line uses too; the page's task only carries its result. */
static void
on_review_written_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (pd_payout_review_write_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
pd_overview_page_export_async (PdOverviewPage       *self,
                               GFile                *file,
                               PdPayoutReviewFormat  format,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (PD_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_overview_page_export_async);
  g_task_set_name (task, "[pd-overview] export");

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Only files on this computer can be written"));
      return;
    }
  if (self->context == NULL || self->snapshot == NULL ||
      self->snapshot->rules->kind != PD_PROGRAM_KIND_RECRUITMENT)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("No projection of a recruitment program is shown: nothing to export"));
      return;
    }

  pd_payout_review_write_async (pd_store_get_path (pd_context_get_store (self->context)),
                                self->snapshot->program_id, self->snapshot->as_of, format, path,
                                cancellable, on_review_written_cb, g_steal_pointer (&task));
}

gboolean
pd_overview_page_export_finish (PdOverviewPage  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_open_export_clicked_cb (AdwToast       *toast,
                           PdOverviewPage *self)
{
  const char *uri = g_object_get_data (G_OBJECT (toast), "pd-overview-uri");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (uri != NULL)
    gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static void
on_export_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PdOverviewPage *self = PD_OVERVIEW_PAGE (source);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (file);
  AdwToast *toast;

  if (g_task_had_error (G_TASK (result)) && g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  self->exporting = FALSE;
  g_clear_object (&self->export_cancellable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "overview.export",
                                 self->snapshot != NULL &&
                                 self->snapshot->rules->kind == PD_PROGRAM_KIND_RECRUITMENT);

  if (!pd_overview_page_export_finish (self, result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Overview: exporting the payout review to %s failed: %s", name, error->message);
      message = g_strdup_printf (_("Cannot export the payout review: %s"), error->message);
      toast = adw_toast_new (message);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      pd_toast_show (GTK_WIDGET (self), toast);
      return;
    }

  toast = adw_toast_new_format (_("Payout review saved as %s"), name);
  adw_toast_set_button_label (toast, _("_Open"));
  g_object_set_data_full (G_OBJECT (toast), "pd-overview-uri", g_file_get_uri (file), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_open_export_clicked_cb), self, 0);
  pd_toast_show (GTK_WIDGET (self), toast);
}

static void
on_export_chooser_response_cb (GtkNativeDialog *chooser,
                               int              response,
                               PdOverviewPage  *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *basename = NULL;
  GtkFileFilter *filter;
  PdPayoutReviewFormat format = PD_PAYOUT_REVIEW_CSV;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));
  if (filter != NULL && g_strcmp0 (g_object_get_data (G_OBJECT (filter), "pd-format"), "pdf") == 0)
    format = PD_PAYOUT_REVIEW_PDF;
  else if (filter != NULL && g_strcmp0 (g_object_get_data (G_OBJECT (filter), "pd-format"), "xlsx") == 0)
    format = PD_PAYOUT_REVIEW_XLSX;
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (file == NULL)
    return;

  /* The name's extension decides; without one, the chosen filter. The
   * name offered ends in .csv: choosing PDF or Excel without changing it
   * asks for that format. */
  basename = g_file_get_basename (file);
  if (format != PD_PAYOUT_REVIEW_CSV && g_str_has_suffix (basename, ".csv"))
    basename[strlen (basename) - 4] = '\0';
  if (g_str_has_suffix (basename, ".pdf") || g_str_has_suffix (basename, ".PDF"))
    format = PD_PAYOUT_REVIEW_PDF;
  else if (g_str_has_suffix (basename, ".csv") || g_str_has_suffix (basename, ".CSV"))
    format = PD_PAYOUT_REVIEW_CSV;
  else if (g_str_has_suffix (basename, ".xlsx") || g_str_has_suffix (basename, ".XLSX"))
    format = PD_PAYOUT_REVIEW_XLSX;
  else
    {
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autofree char *with_extension =
        g_strconcat (basename, format == PD_PAYOUT_REVIEW_PDF ? ".pdf" :
                               format == PD_PAYOUT_REVIEW_XLSX ? ".xlsx" : ".csv", NULL);

      if (parent != NULL)
        {
          g_object_unref (file);
          file = g_file_get_child (parent, with_extension);
        }
    }

  self->exporting = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "overview.export", FALSE);
  g_clear_object (&self->export_cancellable);
  self->export_cancellable = g_cancellable_new ();
  pd_overview_page_export_async (self, file, format, self->export_cancellable,
                                 on_export_done_cb, g_object_ref (file));
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *format,
            const char     *pattern,
            const char     *mime_type)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_filter_add_mime_type (filter, mime_type);
  g_object_set_data_full (G_OBJECT (filter), "pd-format", g_strdup (format), g_free);
  gtk_file_chooser_add_filter (chooser, filter);
}

void
pd_overview_page_export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PdOverviewPage *self = PD_OVERVIEW_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *date = NULL;
  g_autofree char *name = NULL;

  if (self->snapshot == NULL || self->exporting)
    return;

  chooser = gtk_file_chooser_native_new (_("Export Payout Review"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  add_filter (GTK_FILE_CHOOSER (chooser), _("CSV for Excel"), "csv", "*.csv", "text/csv");
  add_filter (GTK_FILE_CHOOSER (chooser), _("PDF document"), "pdf", "*.pdf", "application/pdf");
  add_filter (GTK_FILE_CHOOSER (chooser), _("Excel workbook"), "xlsx", "*.xlsx",
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  date = pd_overview_format_time (self->snapshot->rules, self->snapshot->as_of, FALSE);
  /* Translators: the file name offered, "payout-review-<program>-<date>.csv". */
  name = g_strdup_printf (_("payout-review-%s-%s.csv"), self->snapshot->program_id, date);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_export_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

