/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-import-window"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "pd-a11y.h"
#include "pd-import-window.h"
#include "pd-toast.h"
#include "pd-import-guess.h"
#include "pd-importer.h"
#include "pd-program-period.h"
#include "pd-window.h"
#include "pd-xlsx-reader.h"

struct _PdImportWindow
{
  AdwWindow      parent_instance;

  PdContext     *context;
  GFile         *file;
  GtkWindow     *parent;
  PdImporter    *importer;
  GCancellable  *cancellable;
  GPtrArray     *program_ids;
  /* A workbook's sheets, NULL for other files. */
  GStrv          sheets;

  AdwActionRow  *file_row;
  AdwComboRow   *sheet_row;
  AdwComboRow   *kind_row;
  AdwComboRow   *program_row;
  AdwActionRow  *replace_row;
  GtkSwitch     *replace_switch;
  GtkButton     *import_button;
  GtkButton     *cancel_button;
  GtkWidget     *progress_group;
  GtkProgressBar *progress_bar;
};

G_DEFINE_FINAL_TYPE (PdImportWindow, pd_import_window, ADW_TYPE_WINDOW)

/* In the order of the "Contents" combo row. */
static const PdImportKind kinds[] = {
  PD_IMPORT_KIND_TARGETS,
  PD_IMPORT_KIND_STORES,
  PD_IMPORT_KIND_LINKS,
  PD_IMPORT_KIND_RATES,
  PD_IMPORT_KIND_PROGRAM,
};

static PdImportKind
get_selected_kind (PdImportWindow *self)
{
  guint i = adw_combo_row_get_selected (self->kind_row);

  return i < G_N_ELEMENTS (kinds) ? kinds[i] : PD_IMPORT_KIND_TARGETS;
}

static void
on_kind_selected_cb (PdImportWindow *self)
{
  gboolean targets = get_selected_kind (self) == PD_IMPORT_KIND_TARGETS;

  gtk_widget_set_visible (GTK_WIDGET (self->program_row), targets && self->program_ids->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->replace_row), targets);
}

/* A workbook's contents are guessed from the chosen sheet's header. */
static void
guess_kind (PdImportWindow *self)
{
  g_autofree char *path = g_file_get_path (self->file);
  PdImportKind guess = PD_IMPORT_KIND_TARGETS;
  const char *sheet = NULL;

  if (self->sheets != NULL && adw_combo_row_get_selected (self->sheet_row) < g_strv_length (self->sheets))
    sheet = self->sheets[adw_combo_row_get_selected (self->sheet_row)];
  if (path != NULL && pd_import_guess_kind_in_sheet (path, sheet, &guess, NULL))
    for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
      if (kinds[i] == guess)
        adw_combo_row_set_selected (self->kind_row, i);
}

static void
on_sheet_selected_cb (PdImportWindow *self)
{
  if (self->sheets != NULL)
    guess_kind (self);
}

/* A workbook with several sheets: ask which one (the first is chosen). */
static void
load_sheets (PdImportWindow *self,
             const char     *path)
{
  g_autoptr(GtkStringList) names = NULL;

  if (path == NULL || pd_file_kind_of_path (path) != PD_FILE_KIND_ZIP)
    return;
  self->sheets = pd_xlsx_list_sheets (path, NULL);
  if (self->sheets == NULL || g_strv_length (self->sheets) < 2)
    return;
  names = gtk_string_list_new ((const char * const *) self->sheets);
  adw_combo_row_set_model (self->sheet_row, G_LIST_MODEL (names));
  gtk_widget_set_visible (GTK_WIDGET (self->sheet_row), TRUE);
}

static void
set_running (PdImportWindow *self,
             gboolean        running)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sheet_row), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->program_row), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->replace_row), !running);
  gtk_widget_set_visible (self->progress_group, running);
  if (running)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      gtk_progress_bar_set_text (self->progress_bar, _("Reading…"));
    }
}

static void
on_progress (guint64  bytes_read,
             guint64  bytes_total,
             gpointer user_data)
{
  PdImportWindow *self = user_data;

  if (bytes_total > 0)
    {
      double fraction = MIN (1.0, (double) bytes_read / (double) bytes_total);
      g_autofree char *text = g_strdup_printf (_("%.0f %%"), fraction * 100.0);

      gtk_progress_bar_set_fraction (self->progress_bar, fraction);
      gtk_progress_bar_set_text (self->progress_bar, text);
    }
  else
    gtk_progress_bar_pulse (self->progress_bar);
}

static char *
join_lines (GPtrArray *lines)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; lines != NULL && i < lines->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, g_ptr_array_index (lines, i));
    }
  return g_string_free (text, FALSE);
}

/* A dialog with a heading, a body and a scrollable, selectable list. */
static void
show_report (GtkWindow  *parent,
             const char *heading,
             const char *body,
             const char *details)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *label = gtk_label_new (details);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_yalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "monospace");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 160);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_widget_set_size_request (scrolled, 480, -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
report_success (PdImportWindow *self)
{
  const PdImportCounts *counts = pd_importer_get_counts (self->importer);
  GPtrArray *warnings = pd_importer_get_warnings (self->importer);
  g_autofree char *basename = g_file_get_basename (self->file);
  g_autofree char *summary = NULL;

  if (counts->left > 0)
    summary = g_strdup_printf (_("Imported %s: %" PRIu64 " new, %" PRIu64 " updated, %" PRIu64 " unchanged, %" PRIu64 " left the list"),
                               basename, counts->inserted, counts->updated, counts->unchanged, counts->left);
  else
    summary = g_strdup_printf (_("Imported %s: %" PRIu64 " new, %" PRIu64 " updated, %" PRIu64 " unchanged"),
                               basename, counts->inserted, counts->updated, counts->unchanged);

  if (PD_IS_WINDOW (self->parent))
    pd_toast_show_text (GTK_WIDGET (self->parent), summary);

  if (warnings != NULL && warnings->len > 0)
    {
      g_autofree char *details = join_lines (warnings);

      show_report (self->parent, _("Imported with Warnings"), summary, details);
    }
}

static void
report_failure (PdImportWindow *self,
                const GError   *error)
{
  g_autofree char *basename = g_file_get_basename (self->file);
  g_autofree char *body = NULL;
  g_autofree char *details = NULL;
  guint64 n_problems = pd_importer_get_n_problems (self->importer);
  GPtrArray *problems = pd_importer_get_problems (self->importer);

  if (g_error_matches (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID) && problems != NULL && problems->len > 0)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *listed = join_lines (problems);

      body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s has %" PRIu64 " problem. Nothing was imported; the store is unchanged.",
                                           "%s has %" PRIu64 " problems. Nothing was imported; the store is unchanged.",
                                           n_problems),
                              basename, n_problems);
      g_string_append (text, listed);
      if (n_problems > problems->len)
        {
          g_string_append_c (text, '\n');
          g_string_append_printf (text, _("… and %" PRIu64 " more"), n_problems - problems->len);
        }
      details = g_string_free (g_steal_pointer (&text), FALSE);
    }
  else
    {
      body = g_strdup_printf (_("Nothing was imported from %s; the store is unchanged."), basename);
      details = g_strdup (error->message);
    }

  show_report (self->parent, _("Import Failed"), body, details);
}

/* What an import of @kind writes. */
static PdEntityKind
entity_kind (PdImportKind kind)
{
  switch (kind)
    {
    case PD_IMPORT_KIND_TARGETS:
      return PD_ENTITY_TARGETS;
    case PD_IMPORT_KIND_STORES:
      return PD_ENTITY_STORES;
    case PD_IMPORT_KIND_LINKS:
      return PD_ENTITY_LINKS;
    case PD_IMPORT_KIND_RATES:
      return PD_ENTITY_RATES;
    case PD_IMPORT_KIND_PROGRAM:
      return PD_ENTITY_PROGRAMS;
    default:
      return PD_ENTITY_DATA;
    }
}

static void
on_import_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PdImportWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = pd_importer_run_finish (PD_IMPORTER (source), result, &error);

  pd_importer_set_progress_func (PD_IMPORTER (source), NULL, NULL, NULL);
  if (error != NULL)
    g_debug ("Import of %s failed: %s", pd_importer_get_path (PD_IMPORTER (source)), error->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Cancel was pressed: the store is unchanged, the form stays open
       * unless the window itself was closed. */
      if (gtk_widget_get_visible (GTK_WIDGET (self)))
        set_running (self, FALSE);
      if (PD_IS_WINDOW (self->parent))
        pd_toast_show_text (GTK_WIDGET (self->parent), _("Import cancelled; nothing was changed"));
      return;
    }

  if (ok)
    {
      /* The import wrote on a connection of its own, in a worker thread:
       * its completion is where this process tells what it wrote. */
      pd_store_emit_change (pd_context_get_store (self->context),
                            entity_kind (pd_importer_get_kind (self->importer)), NULL,
                            PD_CHANGE_ORIGIN_IMPORT);
      report_success (self);
    }
  else
    report_failure (self, error);

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_import_clicked_cb (PdImportWindow *self)
{
  g_autofree char *path = g_file_get_path (self->file);
  PdImportKind kind = get_selected_kind (self);

  g_clear_object (&self->importer);
  g_clear_object (&self->cancellable);
  self->importer = pd_importer_new (kind, path);
  self->cancellable = g_cancellable_new ();

  if (self->sheets != NULL)
    {
      guint i = adw_combo_row_get_selected (self->sheet_row);

      if (i < g_strv_length (self->sheets))
        pd_importer_set_sheet (self->importer, self->sheets[i]);
    }

  if (kind == PD_IMPORT_KIND_TARGETS)
    {
      guint i = adw_combo_row_get_selected (self->program_row);

      if (i < self->program_ids->len)
        pd_importer_set_program_id (self->importer, g_ptr_array_index (self->program_ids, i));
      pd_importer_set_replace (self->importer, gtk_switch_get_active (self->replace_switch));
    }

  pd_importer_set_progress_func (self->importer, on_progress, self, NULL);
  set_running (self, TRUE);
  pd_importer_run_async (self->importer,
                         pd_store_get_path (pd_context_get_store (self->context)),
                         self->cancellable, on_import_done_cb, g_object_ref (self));
}

static void
on_cancel_clicked_cb (PdImportWindow *self)
{
  if (self->cancellable != NULL && !g_cancellable_is_cancelled (self->cancellable) &&
      !gtk_widget_get_sensitive (GTK_WIDGET (self->import_button)))
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static gboolean
pd_import_window_close_request (GtkWindow *window)
{
  PdImportWindow *self = PD_IMPORT_WINDOW (window);

  /* Closing while importing cancels: the import rolls back. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (pd_import_window_parent_class)->close_request (window);
}

static void
pd_import_window_dispose (GObject *object)
{
  PdImportWindow *self = PD_IMPORT_WINDOW (object);

  if (self->importer != NULL)
    pd_importer_set_progress_func (self->importer, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_IMPORT_WINDOW);
  g_clear_object (&self->importer);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_object (&self->file);
  g_clear_pointer (&self->program_ids, g_ptr_array_unref);
  g_clear_pointer (&self->sheets, g_strfreev);
  g_clear_weak_pointer (&self->parent);

  G_OBJECT_CLASS (pd_import_window_parent_class)->dispose (object);
}

static void
pd_import_window_class_init (PdImportWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pd_import_window_dispose;
  window_class->close_request = pd_import_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/partnerdesk/PartnerDesk/gui/pd-import-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PdImportWindow, file_row);
  gtk_widget_class_bind_template_child (widget_class, PdImportWindow, kind_row);
  gtk_widget_class_bind_template_child (widget_class, PdImportWindow, sheet_row);
  gtk_widget_class_bind_template_child (widget_class, PdImportWindow, program_row);
  gtk_widget_class_bind_template_child (widget_class, PdImportWindow, replace_row);
  gtk_widget_class_bind_template_child (widget_class, PdImportWindow, replace_switch);
  gtk_widget_class_bind_template_child (widget_class, PdImportWindow, import_button);
  gtk_widget_class_bind_template_child (widget_class, PdImportWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, PdImportWindow, progress_group);
  gtk_widget_class_bind_template_child (widget_class, PdImportWindow, progress_bar);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sheet_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pd_import_window_init (PdImportWindow *self)
{
  self->program_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  pd_a11y_name_lists (GTK_WIDGET (self));
}

/* The recruitment programs a target list can belong to, newest first. */
static void
load_programs (PdImportWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) programs = pd_store_list_programs (pd_context_get_store (self->context), &error);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gint64 now = pd_clock_get_now (pd_context_get_clock (self->context));

  if (programs == NULL)
    {
      g_warning ("Cannot list programs: %s", error->message);
      return;
    }
  for (guint i = 0; i < programs->len; i++)
    {
      PdProgram *program = g_ptr_array_index (programs, i);
      g_autofree char *label = pd_program_dup_label (program, now);

      if (pd_program_get_kind (program) != PD_PROGRAM_KIND_RECRUITMENT)
        continue;
      g_ptr_array_add (self->program_ids, g_strdup (pd_program_get_id (program)));
      /* A program whose period has ended says so. */
      gtk_string_list_append (names, label);
    }
  adw_combo_row_set_model (self->program_row, G_LIST_MODEL (names));
}

PdImportWindow *
pd_import_window_new (GtkWindow *parent,
                      PdContext *context,
                      GFile     *file)
{
  PdImportWindow *self;
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (PD_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (PD_TYPE_IMPORT_WINDOW, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  self->file = g_object_ref (file);
  g_set_weak_pointer (&self->parent, parent);

  path = g_file_get_path (file);
  display = g_file_get_parse_name (file);
  adw_action_row_set_subtitle (self->file_row, display);
  load_programs (self);
  load_sheets (self, path);
  guess_kind (self);
  on_kind_selected_cb (self);

  return self;
}
