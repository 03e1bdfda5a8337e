/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PD_TYPE_HASHING_INPUT_STREAM (pd_hashing_input_stream_get_type ())

G_DECLARE_FINAL_TYPE (PdHashingInputStream, pd_hashing_input_stream, PD, HASHING_INPUT_STREAM, GInputStream)

GInputStream *pd_hashing_input_stream_new    (GInputStream          *base_stream);
char         *pd_hashing_input_stream_finish (PdHashingInputStream  *self,
                                              guint64               *length_out);

/* Reads the rest of the stream (hashing it). */
gboolean      pd_hashing_input_stream_drain  (PdHashingInputStream  *self,
                                              GCancellable          *cancellable,
                                              GError               **error);

G_END_DECLS
