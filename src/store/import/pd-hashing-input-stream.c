/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-hashing-input-stream"

#include "config.h"

#include "pd-hashing-input-stream.h"

/*
 * Passes a stream through unchanged while computing the SHA-256 of every
 * byte read, for the audit log of an import. The digest is computed in a
 * thread of its own: the import is bound by parsing and SQLite, and on a
 * large file hashing inline would add about a twentieth to its time. The
 * bytes hashed are exactly the bytes the reader got, so the digest names
 * what was imported even if the file changes meanwhile.
 */

struct _PdHashingInputStream
{
  GInputStream  parent_instance;

  GInputStream *base_stream;
  GAsyncQueue  *queue;
  GThread      *thread;
  guint64       length;
  char         *digest;

  /* Bytes queued but not hashed yet: reading waits above MAX_PENDING, so
   * that a starved hashing thread cannot make the queue hold the file. */
  GMutex        lock;
  GCond         drained;
  gsize         pending;
};

#define MAX_PENDING (16 * 1024 * 1024)

G_DEFINE_FINAL_TYPE (PdHashingInputStream, pd_hashing_input_stream, G_TYPE_INPUT_STREAM)

/* Pushed after the last chunk. */
static char end_of_input;

/* Runs until stop_thread(); the stream outlives it. */
static gpointer
hash_thread (gpointer data)
{
  PdHashingInputStream *self = data;
  GChecksum *checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gpointer item;
  char *digest;

  while ((item = g_async_queue_pop (self->queue)) != &end_of_input)
    {
      GBytes *bytes = item;
      gsize size;
      const guchar *p = g_bytes_get_data (bytes, &size);

      g_checksum_update (checksum, p, size);
      g_bytes_unref (bytes);

      g_mutex_lock (&self->lock);
      self->pending -= size;
      g_cond_signal (&self->drained);
      g_mutex_unlock (&self->lock);
    }

  digest = g_strdup (g_checksum_get_string (checksum));
  g_checksum_free (checksum);
  return digest;
}

static void
stop_thread (PdHashingInputStream *self)
{
  if (self->thread == NULL)
    return;
  g_async_queue_push (self->queue, &end_of_input);
  self->digest = g_thread_join (self->thread);
  self->thread = NULL;
}

static gssize
pd_hashing_input_stream_read (GInputStream  *stream,
                              void          *buffer,
                              gsize          count,
                              GCancellable  *cancellable,
                              GError       **error)
{
  PdHashingInputStream *self = PD_HASHING_INPUT_STREAM (stream);
  gssize n = g_input_stream_read (self->base_stream, buffer, count, cancellable, error);

  if (n > 0 && self->thread != NULL)
    {
      g_mutex_lock (&self->lock);
      while (self->pending > MAX_PENDING)
        g_cond_wait (&self->drained, &self->lock);
      self->pending += n;
      g_mutex_unlock (&self->lock);

      g_async_queue_push (self->queue, g_bytes_new (buffer, n));
      self->length += n;
    }
  return n;
}

static gboolean
pd_hashing_input_stream_close (GInputStream  *stream,
                               GCancellable  *cancellable,
                               GError       **error)
{
  PdHashingInputStream *self = PD_HASHING_INPUT_STREAM (stream);

  return g_input_stream_close (self->base_stream, cancellable, error);
}

static void
pd_hashing_input_stream_finalize (GObject *object)
{
  PdHashingInputStream *self = PD_HASHING_INPUT_STREAM (object);

  stop_thread (self);
  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_object (&self->base_stream);
  g_free (self->digest);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->drained);

  G_OBJECT_CLASS (pd_hashing_input_stream_parent_class)->finalize (object);
}

static void
pd_hashing_input_stream_class_init (PdHashingInputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = pd_hashing_input_stream_finalize;
  stream_class->read_fn = pd_hashing_input_stream_read;
  stream_class->close_fn = pd_hashing_input_stream_close;
}

static void
pd_hashing_input_stream_init (PdHashingInputStream *self)
{
  self->queue = g_async_queue_new_full ((GDestroyNotify) g_bytes_unref);
  g_mutex_init (&self->lock);
  g_cond_init (&self->drained);
}

/**
 * pd_hashing_input_stream_new:
 * @base_stream: the stream to read from
 *
 * Returns: (transfer full): a stream that reads @base_stream and hashes
 *   what it reads
 */
GInputStream *
pd_hashing_input_stream_new (GInputStream *base_stream)
{
  PdHashingInputStream *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (base_stream), NULL);

  self = g_object_new (PD_TYPE_HASHING_INPUT_STREAM, NULL);
  self->base_stream = g_object_ref (base_stream);
  self->thread = g_thread_new ("pd-sha256", hash_thread, self);
  return G_INPUT_STREAM (self);
}

/**
 * pd_hashing_input_stream_finish:
 * @self: a stream
 * @length_out: (out) (optional): how many bytes were hashed
 *
 * Stops hashing; bytes read afterwards are not hashed.
 *
 * Returns: (transfer full): the SHA-256 of the bytes read so far, in
 *   lower-case hexadecimal
 */
char *
pd_hashing_input_stream_finish (PdHashingInputStream *self,
                                guint64              *length_out)
{
  g_return_val_if_fail (PD_IS_HASHING_INPUT_STREAM (self), NULL);

  stop_thread (self);
  if (length_out != NULL)
    *length_out = self->length;
  return g_strdup (self->digest);
}

gboolean
pd_hashing_input_stream_drain (PdHashingInputStream  *self,
                               GCancellable          *cancellable,
                               GError               **error)
{
  g_autofree char *buf = g_malloc (64 * 1024);
  gssize n;

  while ((n = g_input_stream_read (G_INPUT_STREAM (self), buf, 64 * 1024, cancellable, error)) > 0)
    ;
  return n == 0;
}
