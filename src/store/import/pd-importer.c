/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-importer"

#include "config.h"

#include "pd-import-run-private.h"

/* The importer object: what to import, the task that runs it (the run
 * engine is pd-import-run.c) and the results of the last run. */

struct _PdImporter
{
  GObject               parent_instance;

  PdImportKind          kind;
  char                 *path;
  char                 *program_id;
  char                 *sheet;
  gboolean              replace;

  PdImportProgressFunc  progress_func;
  gpointer              progress_data;
  GDestroyNotify        progress_notify;
  GMainContext         *progress_context;

  /* Results of the last run, copied back when it ends. */
  PdImportResult       *result;
  GPtrArray            *problem_messages;
};

G_DEFINE_FINAL_TYPE (PdImporter, pd_importer, G_TYPE_OBJECT)

G_DEFINE_QUARK (pd-import-error-quark, pd_import_error)

static const char * const kind_names[] = { "targets", "stores", "links", "rates", "program" };

/* ------------------------------------------------------------------ */
/* Progress, from the importing thread or through a main context. */

typedef struct
{
  PdImporter *self;
  guint64     bytes_read;
  guint64     bytes_total;
} ProgressData;

static gboolean
invoke_progress_cb (gpointer user_data)
{
  ProgressData *data = user_data;

  if (data->self->progress_func != NULL)
    data->self->progress_func (data->bytes_read, data->bytes_total, data->self->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_data_free (gpointer user_data)
{
  ProgressData *data = user_data;

  g_object_unref (data->self);
  g_free (data);
}

static void
report_progress (PdImporter *self,
                 guint64     bytes_read,
                 guint64     bytes_total)
{
  ProgressData *data;
  GSource *source;

  if (self->progress_func == NULL)
    return;
  if (self->progress_context == NULL)
    {
      self->progress_func (bytes_read, bytes_total, self->progress_data);
      return;
    }

  data = g_new0 (ProgressData, 1);
  data->self = g_object_ref (self);
  data->bytes_read = bytes_read;
  data->bytes_total = bytes_total;
  /* Not g_main_context_invoke(): it calls at once in this thread when
   * the context happens to be free, which the default context is until
   * its owner runs a loop. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, invoke_progress_cb, data, progress_data_free);
  g_source_set_static_name (source, "[pd-importer] progress");
  g_source_attach (source, self->progress_context);
  g_source_unref (source);
}

/* ------------------------------------------------------------------ */
/* The object. */

static void
pd_importer_finalize (GObject *object)
{
  PdImporter *self = PD_IMPORTER (object);

  if (self->progress_notify != NULL)
    self->progress_notify (self->progress_data);
  g_clear_pointer (&self->progress_context, g_main_context_unref);
  g_free (self->path);
  g_free (self->program_id);
  g_free (self->sheet);
  g_clear_pointer (&self->result, pd_import_result_free);
  g_clear_pointer (&self->problem_messages, g_ptr_array_unref);

  G_OBJECT_CLASS (pd_importer_parent_class)->finalize (object);
}

static void
pd_importer_class_init (PdImporterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_importer_finalize;
}

static void
pd_importer_init (PdImporter *self)
{
  self->result = pd_import_result_new ();
}

gboolean
pd_import_kind_from_string (const char   *text,
                            PdImportKind *out)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_str_equal (text, kind_names[i]))
        {
          if (out != NULL)
            *out = (PdImportKind) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
pd_import_kind_to_string (PdImportKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

/**
 * pd_importer_new:
 * @kind: what the file holds
 * @path: the file
 *
 * Returns: (transfer full): an importer; pd_importer_run() imports the file
 */
PdImporter *
pd_importer_new (PdImportKind  kind,
                 const char   *path)
{
  PdImporter *self;

  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (PD_TYPE_IMPORTER, NULL);
  self->kind = kind;
  self->path = g_strdup (path);
  return self;
}

PdImportKind
pd_importer_get_kind (PdImporter *self)
{
  g_return_val_if_fail (PD_IS_IMPORTER (self), 0);
  return self->kind;
}

const char *
pd_importer_get_path (PdImporter *self)
{
  g_return_val_if_fail (PD_IS_IMPORTER (self), NULL);
  return self->path;
}

/**
 * pd_importer_set_program_id:
 * @program_id: (nullable): the program of a target list's rows whose
 *   program_id is empty (or that has no such column); %NULL: the store's
 *   only recruitment program
 */
void
pd_importer_set_program_id (PdImporter *self,
                            const char *program_id)
{
  g_return_if_fail (PD_IS_IMPORTER (self));

  g_free (self->program_id);
  self->program_id = program_id != NULL && *program_id != '\0' ? g_strdup (program_id) : NULL;
}

/**
 * pd_importer_set_sheet:
 * @sheet: (nullable): the sheet of a workbook (.xlsx) to read; %NULL:
 *   the first. CSV files have none.
 */
void
pd_importer_set_sheet (PdImporter *self,
                       const char *sheet)
{
  g_return_if_fail (PD_IS_IMPORTER (self));

  g_free (self->sheet);
  self->sheet = sheet != NULL && *sheet != '\0' ? g_strdup (sheet) : NULL;
}

/**
 * pd_importer_set_replace:
 * @replace: whether a target list is its programs' whole current list:
 *   the sellers of those programs missing from it have left the list now
 */
void
pd_importer_set_replace (PdImporter *self,
                         gboolean    replace)
{
  g_return_if_fail (PD_IS_IMPORTER (self));
  self->replace = !!replace;
}

/**
 * pd_importer_set_progress_func:
 * @func: (nullable): called with the bytes read so far, at most ten times
 *   a second, in the importing thread (pd_importer_run()) or in the thread
 *   default main context of the caller of pd_importer_run_async()
 */
void
pd_importer_set_progress_func (PdImporter           *self,
                               PdImportProgressFunc  func,
                               gpointer              user_data,
                               GDestroyNotify        notify)
{
  g_return_if_fail (PD_IS_IMPORTER (self));

  if (self->progress_notify != NULL)
    self->progress_notify (self->progress_data);
  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_notify = notify;
}

static void
importer_progress (guint64  bytes_read,
                   guint64  bytes_total,
                   gpointer user_data)
{
  report_progress (user_data, bytes_read, bytes_total);
}

/* @options borrows the importer's strings: copy_options() for a worker. */
static void
importer_options (PdImporter      *self,
                  PdImportOptions *options)
{
  options->kind = self->kind;
  options->path = self->path;
  options->program_id = self->program_id;
  options->replace = self->replace;
  options->sheet = self->sheet;
  options->progress = importer_progress;
  options->progress_data = self;
}

/* The results of a run replace the last ones. */
static void
take_result (PdImporter     *self,
             PdImportResult *result)
{
  g_clear_pointer (&self->result, pd_import_result_free);
  g_clear_pointer (&self->problem_messages, g_ptr_array_unref);
  self->result = result;
}

/**
 * pd_importer_run:
 * @self: an importer
 * @store: the store, used only by the calling thread meanwhile
 * @cancellable: (nullable): cancels the import (nothing changes)
 * @error: PD_IMPORT_ERROR_INVALID with the problems, PD_IMPORT_ERROR_IO,
 *   a PD_STORE_ERROR or G_IO_ERROR_CANCELLED
 *
 * Imports the file in one transaction. On success the counts, warnings,
 * encoding and SHA-256 describe it; on PD_IMPORT_ERROR_INVALID the
 * problems do, and the store is unchanged.
 */
gboolean
pd_importer_run (PdImporter    *self,
                 PdStore       *store,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(PdImportResult) result = NULL;
  PdImportOptions options;
  gboolean ok;

  g_return_val_if_fail (PD_IS_IMPORTER (self), FALSE);
  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_clear_pointer (&self->progress_context, g_main_context_unref);
  importer_options (self, &options);
  result = pd_import_result_new ();
  ok = pd_import_run (&options, result, store, cancellable, error);
  take_result (self, g_steal_pointer (&result));
  return ok;
}

/* A worker's run: its own copy of the settings, its own results. */
typedef struct
{
  char            *store_path;
  PdImportOptions  options;
  PdImportResult  *result;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_free (job->store_path);
  g_free (job->options.path);
  g_free (job->options.program_id);
  g_free (job->options.sheet);
  g_clear_object (&job->options.progress_data);
  g_clear_pointer (&job->result, pd_import_result_free);
  g_free (job);
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autoptr(PdStore) store = NULL;
  GError *error = NULL;

  store = pd_store_open (job->store_path, &error);
  if (store == NULL || !pd_import_run (&job->options, job->result, store, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * pd_importer_run_async:
 * @store_path: the store file; the import opens its own connection to it
 *   in a worker thread
 *
 * Runs pd_importer_run() in a worker thread. Progress is reported in the
 * caller's thread default main context; the results are the importer's
 * once pd_importer_run_finish() is called.
 */
void
pd_importer_run_async (PdImporter          *self,
                       const char          *store_path,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job;

  g_return_if_fail (PD_IS_IMPORTER (self));
  g_return_if_fail (store_path != NULL);

  g_clear_pointer (&self->progress_context, g_main_context_unref);
  self->progress_context = g_main_context_ref_thread_default ();

  job = g_new0 (ImportJob, 1);
  job->store_path = g_strdup (store_path);
  importer_options (self, &job->options);
  job->options.path = g_strdup (self->path);
  job->options.program_id = g_strdup (self->program_id);
  job->options.sheet = g_strdup (self->sheet);
  job->options.progress_data = g_object_ref (self);
  job->result = pd_import_result_new ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_importer_run_async);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, run_in_thread);
}

gboolean
pd_importer_run_finish (PdImporter    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  ImportJob *job;

  g_return_val_if_fail (PD_IS_IMPORTER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (job->result != NULL)
    take_result (self, g_steal_pointer (&job->result));
  return g_task_propagate_boolean (G_TASK (result), error);
}

const PdImportCounts *
pd_importer_get_counts (PdImporter *self)
{
  g_return_val_if_fail (PD_IS_IMPORTER (self), NULL);
  return &self->result->counts;
}

/**
 * pd_importer_get_warnings:
 *
 * Returns: (transfer none) (element-type utf8): the last run's warnings
 *   (unknown columns, the encoding when not UTF-8...)
 */
GPtrArray *
pd_importer_get_warnings (PdImporter *self)
{
  g_return_val_if_fail (PD_IS_IMPORTER (self), NULL);
  return self->result->warnings;
}

/**
 * pd_importer_get_problems:
 *
 * Returns: (transfer none) (element-type utf8): the first
 *   PD_IMPORT_MAX_PROBLEMS problems of the last run, by line, each
 *   `FILE:LINE:COLUMN: what was wrong; expected ...`
 */
GPtrArray *
pd_importer_get_problems (PdImporter *self)
{
  g_return_val_if_fail (PD_IS_IMPORTER (self), NULL);

  if (self->problem_messages == NULL)
    {
      self->problem_messages = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < self->result->problems->len; i++)
        g_ptr_array_add (self->problem_messages,
                         g_strdup (g_array_index (self->result->problems, PdImportProblem, i).message));
    }
  return self->problem_messages;
}

/**
 * pd_importer_get_n_problems:
 *
 * Returns: how many problems the last run found, all of them counted
 */
guint64
pd_importer_get_n_problems (PdImporter *self)
{
  g_return_val_if_fail (PD_IS_IMPORTER (self), 0);
  return self->result->n_problems;
}

/**
 * pd_importer_get_encoding:
 *
 * Returns: (nullable): "UTF-8", "UTF-16LE", "UTF-16BE" or "GB18030"
 */
const char *
pd_importer_get_encoding (PdImporter *self)
{
  g_return_val_if_fail (PD_IS_IMPORTER (self), NULL);
  return self->result->encoding;
}

/**
 * pd_importer_get_sha256:
 *
 * Returns: (nullable): the SHA-256 of the file imported, in hexadecimal
 */
const char *
pd_importer_get_sha256 (PdImporter *self)
{
  g_return_val_if_fail (PD_IS_IMPORTER (self), NULL);
  return self->result->sha256;
}
