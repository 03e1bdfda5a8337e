/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-overview"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-overview-page-private.h"
#include "pd-payout-review.h"
#include "pd-toast.h"

/* Print… (Ctrl+P): the payout review through GtkPrintOperation, with the
 * pages of its PDF. src/reports draws them once, in a worker thread, as
 * one cairo recording per page (pd_payout_review_draw_pages_async());
 * each "draw-page" replays its recording onto the printer's cairo
 * context, scaled to the paper when it is not A4 landscape. No layout
 * code lives here. */

typedef struct
{
  GtkPrintOperationAction  action;
  char                    *export_filename;
  GPtrArray               *pages;
  gboolean                 answered;
} PrintJob;

static void
print_job_free (gpointer data)
{
  PrintJob *job = data;

  g_free (job->export_filename);
  g_clear_pointer (&job->pages, g_ptr_array_unref);
  g_free (job);
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page_nr,
                 gpointer           user_data)
{
  GPtrArray *pages = user_data;
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double scale = MIN (gtk_print_context_get_width (context) / PD_PAYOUT_REVIEW_PAGE_WIDTH,
                      gtk_print_context_get_height (context) / PD_PAYOUT_REVIEW_PAGE_HEIGHT);

  if (page_nr < 0 || (guint) page_nr >= pages->len)
    return;
  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, g_ptr_array_index (pages, page_nr), 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* A synchronous run (an export to a file) emits "done" before it
 * returns, an asynchronous one after: whichever comes first answers. */
static void
answer (GTask                   *task,
        GtkPrintOperation       *operation,
        GtkPrintOperationResult  result)
{
  PrintJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (job->answered || result == GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    return;
  job->answered = TRUE;
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      g_task_return_error (task, error != NULL ? error :
                           g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, _("The review could not be printed")));
    }
  else
    g_task_return_boolean (task, result != GTK_PRINT_OPERATION_RESULT_CANCEL);
}

static void
on_print_done_cb (GtkPrintOperation       *operation,
                  GtkPrintOperationResult  result,
                  gpointer                 user_data)
{
  answer (G_TASK (user_data), operation, result);
}

static void
on_pages_drawn_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdOverviewPage *self = g_task_get_source_object (task);
  PrintJob *job = g_task_get_task_data (task);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(GtkPaperSize) a4 = NULL;
  g_autofree char *job_name = NULL;
  GtkRoot *root;
  GError *error = NULL;
  GtkPrintOperationResult res;

  job->pages = pd_payout_review_draw_pages_finish (result, &error);
  if (job->pages == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  operation = gtk_print_operation_new ();
  job_name = g_strdup_printf (_("Payout review %s"), self->snapshot != NULL ? self->snapshot->program_id : "");
  gtk_print_operation_set_job_name (operation, job_name);
  gtk_print_operation_set_n_pages (operation, (int) job->pages->len);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  /* The PDF's pages have their own margins. */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  setup = gtk_page_setup_new ();
  a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  gtk_page_setup_set_paper_size (setup, a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_allow_async (operation, TRUE);
  if (job->export_filename != NULL)
    gtk_print_operation_set_export_filename (operation, job->export_filename);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page_cb), job->pages);
  g_signal_connect_data (operation, "done", G_CALLBACK (on_print_done_cb), g_object_ref (task),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  res = gtk_print_operation_run (operation, job->action, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, &error);
  if (res == GTK_PRINT_OPERATION_RESULT_ERROR && !job->answered)
    {
      job->answered = TRUE;
      g_task_return_error (task, error != NULL ? error :
                           g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, _("The review could not be printed")));
      return;
    }
  g_clear_error (&error);
  answer (task, operation, res);
}

void
pd_overview_page_print_async (PdOverviewPage          *self,
                              GtkPrintOperationAction  action,
                              const char              *export_filename,
                              GCancellable            *cancellable,
                              GAsyncReadyCallback      callback,
                              gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  PrintJob *job;

  g_return_if_fail (PD_IS_OVERVIEW_PAGE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_overview_page_print_async);
  g_task_set_name (task, "[pd-overview] print");
  job = g_new0 (PrintJob, 1);
  job->action = action;
  job->export_filename = g_strdup (export_filename);
  g_task_set_task_data (task, job, print_job_free);

  if (self->context == NULL || self->snapshot == NULL ||
      self->snapshot->rules->kind != PD_PROGRAM_KIND_RECRUITMENT)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("No projection of a recruitment program is shown: nothing to print"));
      return;
    }
  pd_payout_review_draw_pages_async (pd_store_get_path (pd_context_get_store (self->context)),
                                     self->snapshot->program_id, self->snapshot->as_of,
                                     cancellable, on_pages_drawn_cb, g_steal_pointer (&task));
}

gboolean
pd_overview_page_print_finish (PdOverviewPage  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_printed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  PdOverviewPage *self = PD_OVERVIEW_PAGE (source);
  g_autoptr(GError) error = NULL;

  self->printing = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "overview.print",
                                 self->snapshot != NULL &&
                                 self->snapshot->rules->kind == PD_PROGRAM_KIND_RECRUITMENT);
  if (!pd_overview_page_print_finish (self, result, &error))
    {
      AdwToast *toast;

      if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Overview: printing the payout review failed: %s", error->message);
      toast = adw_toast_new_format (_("Could not print the payout review: %s"), error->message);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      pd_toast_show (GTK_WIDGET (self), toast);
    }
}

void
pd_overview_page_print_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  PdOverviewPage *self = PD_OVERVIEW_PAGE (widget);

  if (self->snapshot == NULL || self->snapshot->rules->kind != PD_PROGRAM_KIND_RECRUITMENT ||
      self->printing)
    return;
  /* One print at a time: the action comes back when it is done. */
  self->printing = TRUE;
  gtk_widget_action_set_enabled (widget, "overview.print", FALSE);
  pd_overview_page_print_async (self, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL, NULL,
                                on_printed_cb, NULL);
}
