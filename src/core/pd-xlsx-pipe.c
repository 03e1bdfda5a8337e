/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-xlsx"

#include "config.h"

#include <string.h>

#include "pd-xlsx-pipe.h"

/*
 * Rows parsed in a worker thread and handed over in batches: parsing a
 * sheet's XML costs about as much as writing its rows to the store, and the
 * two then run side by side. A few batches of a few hundred rows circulate
 * between the threads, so memory stays bounded whatever the sheet's size.
 */

#define N_BATCHES 4
#define BATCH_ROWS 512
#define BATCH_BYTES (256 * 1024)

typedef struct
{
  guint64 line;
  guint first;      /* index into offsets */
  guint n_fields;
} RowRef;

typedef struct
{
  GString *buf;
  GArray *offsets;  /* gsize into buf, per field */
  GArray *rows;     /* RowRef */
  GError *error;
  gboolean end;
} Batch;

struct _PdXlsxPipe
{
  PdXlsxProduceFunc produce;
  gpointer data;
  GThread *worker;
  GAsyncQueue *full;
  GAsyncQueue *empty;
  gint stop;

  Batch *current;
  guint current_row;
  GPtrArray *fields;
  gboolean finished;
};

static void
batch_free (Batch *batch)
{
  g_string_free (batch->buf, TRUE);
  g_array_unref (batch->offsets);
  g_array_unref (batch->rows);
  g_clear_error (&batch->error);
  g_free (batch);
}

static gpointer
work (gpointer user_data)
{
  PdXlsxPipe *self = user_data;

  for (;;)
    {
      Batch *batch = g_async_queue_pop (self->empty);

      if (g_atomic_int_get (&self->stop))
        {
          if (batch->buf != NULL)
            batch_free (batch);
          else
            g_free (batch);
          return NULL;
        }
      g_string_truncate (batch->buf, 0);
      g_array_set_size (batch->offsets, 0);
      g_array_set_size (batch->rows, 0);
      while (batch->rows->len < BATCH_ROWS && batch->buf->len < BATCH_BYTES)
        {
          GPtrArray *fields = NULL;
          guint64 line = 0;
          RowRef row;

          if (!self->produce (self->data, &fields, &line, &batch->error))
            {
              batch->end = TRUE;
              break;
            }
          row.line = line;
          row.first = batch->offsets->len;
          row.n_fields = fields->len;
          for (guint i = 0; i < fields->len; i++)
            {
              const char *text = g_ptr_array_index (fields, i);
              gsize offset = batch->buf->len;

              g_array_append_val (batch->offsets, offset);
              g_string_append_len (batch->buf, text, strlen (text) + 1);
            }
          g_array_append_val (batch->rows, row);
        }
      g_async_queue_push (self->full, batch);
      if (batch->end)
        return NULL;
    }
}

PdXlsxPipe *
pd_xlsx_pipe_new (PdXlsxProduceFunc  produce,
                  gpointer           data)
{
  PdXlsxPipe *self = g_new0 (PdXlsxPipe, 1);

  self->produce = produce;
  self->data = data;
  self->full = g_async_queue_new ();
  self->empty = g_async_queue_new ();
  self->fields = g_ptr_array_new ();
  for (guint i = 0; i < N_BATCHES; i++)
    {
      Batch *batch = g_new0 (Batch, 1);

      batch->buf = g_string_sized_new (BATCH_BYTES + 4096);
      batch->offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
      batch->rows = g_array_new (FALSE, FALSE, sizeof (RowRef));
      g_async_queue_push (self->empty, batch);
    }
  self->worker = g_thread_new ("pd-xlsx-rows", work, self);
  return self;
}

gboolean
pd_xlsx_pipe_next (PdXlsxPipe   *self,
                   GPtrArray   **fields_out,
                   guint64      *line_out,
                   GError      **error)
{
  for (;;)
    {
      Batch *batch = self->current;

      if (batch != NULL && self->current_row < batch->rows->len)
        {
          const RowRef *row = &g_array_index (batch->rows, RowRef, self->current_row++);

          g_ptr_array_set_size (self->fields, row->n_fields);
          for (guint i = 0; i < row->n_fields; i++)
            self->fields->pdata[i] = batch->buf->str + g_array_index (batch->offsets, gsize, row->first + i);
          *fields_out = self->fields;
          *line_out = row->line;
          return TRUE;
        }
      if (self->finished)
        return FALSE;
      if (batch != NULL && batch->end)
        {
          self->finished = TRUE;
          if (batch->error != NULL)
            g_propagate_error (error, g_steal_pointer (&batch->error));
          return FALSE;
        }
      if (batch != NULL)
        g_async_queue_push (self->empty, batch);
      self->current = g_async_queue_pop (self->full);
      self->current_row = 0;
    }
}

void
pd_xlsx_pipe_free (PdXlsxPipe *self)
{
  Batch *batch;

  if (self == NULL)
    return;
  /* The worker waits for an empty batch, or has ended: wake it to stop. */
  g_atomic_int_set (&self->stop, 1);
  if (self->current != NULL)
    g_async_queue_push (self->empty, self->current);
  else
    g_async_queue_push (self->empty, g_new0 (Batch, 1) /* freed below */);
  g_thread_join (self->worker);

  while ((batch = g_async_queue_try_pop (self->full)) != NULL)
    batch_free (batch);
  while ((batch = g_async_queue_try_pop (self->empty)) != NULL)
    {
      if (batch->buf != NULL)
        batch_free (batch);
      else
        g_free (batch);
    }
  g_async_queue_unref (self->full);
  g_async_queue_unref (self->empty);
  g_ptr_array_unref (self->fields);
  g_free (self);
}
