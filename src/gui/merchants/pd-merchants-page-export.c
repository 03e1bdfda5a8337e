/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchants-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-export-merchants.h"
#include "pd-merchants-page-private.h"
#include "pd-toast.h"

/*
 * "merchants.export": the list as the page shows it (its filters, search
 * and sort) to CSV or an Excel workbook, written in a worker thread on a
 * connection of its own.
 */

typedef struct
{
  char            *store_path;
  char            *path;
  PdMerchantQuery  query;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->store_path);
  g_free (job->path);
  pd_merchant_query_clear (&job->query);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint64 n = 0;

  store = pd_store_open (job->store_path, &error);
  if (store == NULL || !pd_export_merchants (store, &job->query, job->path, &n, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, (gssize) MIN (n, (guint64) G_MAXSSIZE));
}

static void
on_export_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PdMerchantsPage *self = PD_MERCHANTS_PAGE (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gssize n = g_task_propagate_int (G_TASK (result), &error);

  if (n < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        pd_toast_show_text (GTK_WIDGET (self), error->message);
    }
  else
    {
      g_autofree char *name = g_filename_display_basename (job->path);
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu merchant row exported to %s",
                                      "%lu merchant rows exported to %s", (gulong) n),
                         (gulong) n, name);

      pd_toast_show_text (GTK_WIDGET (self), message);
    }
}

static void
on_export_response_cb (GtkNativeDialog *chooser,
                       int              response,
                       PdMerchantsPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->context != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GTask) task = NULL;
      ExportJob *job;

      if (path == NULL)
        {
          pd_toast_show_text (GTK_WIDGET (self), _("Only files on this computer can be written"));
          g_object_unref (chooser);
          return;
        }
      /* The Excel filter with a name that does not say: a workbook. */
      if (filter != NULL && g_object_get_data (G_OBJECT (filter), "pd-xlsx") != NULL &&
          !g_str_has_suffix (path, ".xlsx") && !g_str_has_suffix (path, ".XLSX"))
        {
          g_autofree char *stem = g_str_has_suffix (path, ".csv") ? g_strndup (path, strlen (path) - 4)
                                                                  : g_strdup (path);

          g_free (path);
          path = g_strconcat (stem, ".xlsx", NULL);
        }

      job = g_new0 (ExportJob, 1);
      job->store_path = g_strdup (pd_store_get_path (pd_context_get_store (self->context)));
      job->path = g_steal_pointer (&path);
      pd_merchant_query_copy (&self->query, &job->query);
      task = g_task_new (self, NULL, on_export_done_cb, NULL);
      g_task_set_source_tag (task, on_export_response_cb);
      g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
      g_task_run_in_thread (task, export_thread);
    }
  g_object_unref (chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) xlsx = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export Merchant List"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (xlsx, _("Excel workbook"));
  gtk_file_filter_add_pattern (xlsx, "*.xlsx");
  gtk_file_filter_add_pattern (xlsx, "*.XLSX");
  g_object_set_data (G_OBJECT (xlsx), "pd-xlsx", GINT_TO_POINTER (1));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), xlsx);
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_filter_add_pattern (csv, "*.CSV");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  /* Translators: the file name offered for the merchant list export. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("merchants.xlsx"));
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_export_response_cb), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
pd_merchants_page_class_init_export (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "merchants.export", NULL, export_action);
}
