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
start_export (PdOverviewPage       *self,
              GFile                *file,
              PdPayoutReviewFormat  format)
{
  self->exporting = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "overview.export", FALSE);
  g_clear_object (&self->export_cancellable);
  self->export_cancellable = g_cancellable_new ();
  pd_overview_page_export_async (self, file, format, self->export_cancellable,
                                 on_export_done_cb, g_object_ref (file));
}

static PdPayoutReviewFormat
chooser_format (GtkFileChooser *chooser)
{
  GtkFileFilter *filter = gtk_file_chooser_get_filter (chooser);

  if (filter != NULL && g_strcmp0 (g_object_get_data (G_OBJECT (filter), "pd-format"), "pdf") == 0)
    return PD_PAYOUT_REVIEW_PDF;
  if (filter != NULL && g_strcmp0 (g_object_get_data (G_OBJECT (filter), "pd-format"), "xlsx") == 0)
    return PD_PAYOUT_REVIEW_XLSX;
  return PD_PAYOUT_REVIEW_CSV;
}

/* The chosen format changed: the proposed name follows, so that the
 * dialog's own "replace?" question is about the file really written. */
static void
on_export_filter_changed_cb (GtkFileChooser *chooser,
                             GParamSpec     *pspec,
                             PdOverviewPage *self)
{
  g_autofree char *name = gtk_file_chooser_get_current_name (chooser);
  g_autofree char *renamed = NULL;

  if (name == NULL || *name == '\0')
    return;
  renamed = pd_payout_review_file_name (name, chooser_format (chooser));
  if (strcmp (name, renamed) != 0)
    gtk_file_chooser_set_current_name (chooser, renamed);
}

/* GtkFileChooserNative does not pass on its dialog's notifications: in
 * the dialog GTK shows without a portal (a GtkFileChooser window of
 * ours, transient for the page's window), follow the filter there. A
 * portal's dialog is another process: its filter is read at the
 * response, and the name fixed then. */
static void
follow_filter (PdOverviewPage *self,
               GtkWindow      *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          gtk_window_get_transient_for (window) == parent)
        g_signal_connect_object (window, "notify::filter", G_CALLBACK (on_export_filter_changed_cb), self, 0);
    }
}

typedef struct
{
  PdOverviewPage       *self;
  GFile                *file;
  PdPayoutReviewFormat  format;
} ReplaceQuestion;

static void
on_replace_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        gpointer          user_data)
{
  ReplaceQuestion *question = user_data;

  if (g_strcmp0 (response, "replace") == 0 && !question->self->exporting)
    start_export (question->self, question->file, question->format);
}

static void
replace_question_free (gpointer  data,
                       GClosure *closure)
{
  ReplaceQuestion *question = data;

  g_object_unref (question->self);
  g_object_unref (question->file);
  g_free (question);
}

static void
on_export_chooser_response_cb (GtkNativeDialog *chooser,
                               int              response,
                               PdOverviewPage  *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *fixed = NULL;
  PdPayoutReviewFormat format;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  /* The chosen filter decides the format, whatever the name says. */
  format = chooser_format (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (file == NULL)
    return;

  /* ... and the extension follows it. */
  basename = g_file_get_basename (file);
  fixed = pd_payout_review_file_name (basename, format);
  parent = g_file_get_parent (file);
  if (parent != NULL && strcmp (basename, fixed) != 0)
    {
      g_object_unref (file);
      file = g_file_get_child (parent, fixed);

      /* The dialog asked about the name typed, not this one. */
      if (g_file_query_exists (file, NULL))
        {
          GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
          ReplaceQuestion *question = g_new0 (ReplaceQuestion, 1);
          GtkWidget *dialog;

          dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                           _("Replace the Existing File?"), NULL);
          adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                          _("The review is saved as %s, which already exists. Replacing it overwrites its contents."),
                                          fixed);
          adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                            "cancel", _("_Cancel"),
                                            "replace", _("_Replace"),
                                            NULL);
          adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace",
                                                      ADW_RESPONSE_DESTRUCTIVE);
          adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
          adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
          question->self = g_object_ref (self);
          question->file = g_steal_pointer (&file);
          question->format = format;
          g_signal_connect_data (dialog, "response", G_CALLBACK (on_replace_response_cb), question,
                                 replace_question_free, 0);
          gtk_window_present (GTK_WINDOW (dialog));
          return;
        }
    }

  start_export (self, file, format);
}

/* The user's documents folder, else home: never the working directory. */
static GFile *
export_folder (void)
{
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (documents);
  return g_file_new_for_path (g_get_home_dir ());
}

static GtkFileFilter *
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
  return filter;
}

void
pd_overview_page_export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PdOverviewPage *self = PD_OVERVIEW_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *date = NULL;
  g_autofree char *name = NULL;
  GtkFileFilter *csv;

  if (self->snapshot == NULL || self->exporting)
    return;

  chooser = gtk_file_chooser_native_new (_("Export Payout Review"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  csv = add_filter (GTK_FILE_CHOOSER (chooser), _("CSV for Excel"), "csv", "*.csv", "text/csv");
  add_filter (GTK_FILE_CHOOSER (chooser), _("PDF document"), "pdf", "*.pdf", "application/pdf");
  add_filter (GTK_FILE_CHOOSER (chooser), _("Excel workbook"), "xlsx", "*.xlsx",
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), csv);
  folder = export_folder ();
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  date = pd_overview_format_time (self->snapshot->rules, self->snapshot->as_of, PD_OVERVIEW_TIME_DATE);
  /* Translators: the file name offered, "payout-review-<program>-<date>.csv". */
  name = g_strdup_printf (_("payout-review-%s-%s.csv"), self->snapshot->program_id, date);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_export_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
  follow_filter (self, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
}

