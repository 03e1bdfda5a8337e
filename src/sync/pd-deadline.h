/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A time limit on blocking work: a cancellable that is cancelled when
 * @parent is, or when the monotonic clock reaches @end_us, whichever
 * comes first. SoupSession's own timeout bounds each read, not a whole
 * answer (a server that sends one byte every few seconds is never timed
 * out): this bounds the whole. A small thread waits for the time, so the
 * work may block on any thread without a main loop. */
typedef struct _PdDeadline PdDeadline;

PdDeadline   *pd_deadline_new             (GCancellable *parent,
                                           gint64        end_us);
GCancellable *pd_deadline_get_cancellable (PdDeadline   *self);
/* The time ran out (FALSE when only @parent was cancelled). */
gboolean      pd_deadline_expired         (PdDeadline   *self);
void          pd_deadline_free            (PdDeadline   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdDeadline, pd_deadline_free)

G_END_DECLS
