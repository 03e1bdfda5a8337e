/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pd-entry-diff.h"
#include "pd-projection-history.h"
#include "pd-projection-setup.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* Every entry of a program as it stood after an import or a sync (table
 * entry_marks, pd-entry-diff.h): written beside the projection's trend
 * point (pd-projection-history.h) by the Overview, read back to say what
 * changed since the previous import or sync. Only the marks of the two
 * latest events of a program are kept. */

/* Writes @marks (sorted by pd_entry_mark_compare()) for the event at
 * @event_at unless that event has marks already (*@added says), and
 * forgets the marks of every event before the one preceding it. */
gboolean  pd_store_save_entry_marks  (PdStore            *store,
                                      const char         *program_id,
                                      gint64              event_at,
                                      const PdEntryMark  *marks,
                                      guint               n_marks,
                                      gboolean           *added,
                                      GError            **error);

/* The marks of the latest event of @program_id strictly before
 * @before (sorted; strings in @strings), its time in *@event_at and
 * whether it was an import or a sync in *@source (when the trend has
 * its point; else an import), or an empty array with *@event_at 0. */
GArray   *pd_store_load_entry_marks  (PdStore            *store,
                                      const char         *program_id,
                                      gint64              before,
                                      GStringChunk       *strings,
                                      gint64             *event_at,
                                      PdHistorySource    *source,
                                      GError            **error);

/* Adds to @names (id -> name, strings in @strings) the target-list name
 * of each of @seller_ids that has one in @program_id. */
gboolean  pd_store_lookup_seller_names (PdStore            *store,
                                        const char         *program_id,
                                        const char * const *seller_ids,
                                        guint               n_ids,
                                        GHashTable         *names,
                                        GStringChunk       *strings,
                                        GError            **error);

/* Collects the mark of every entry a projection pass adds: give it as
 * the pass's PdProjectionEntryFunc with a PdEntryMarks as its data
 * (pd_entry_marks_init()), and chain @func for the caller's own. */
typedef struct
{
  GArray                *marks;    /* PdEntryMark */
  GStringChunk          *strings;  /* behind the marks' ids */
  PdProjectionEntryFunc  func;
  gpointer               user_data;
} PdEntryMarks;

void      pd_entry_marks_init        (PdEntryMarks          *marks,
                                      PdProjectionEntryFunc  func,
                                      gpointer               user_data);
void      pd_entry_marks_clear       (PdEntryMarks          *marks);
void      pd_entry_marks_add_cb      (PdProjection          *projection,
                                      const PdEntryVerdict  *verdict,
                                      gpointer               user_data);
/* Once the projection is finished: sorts the marks and prices them with
 * its model, reward and governance factor. */
gboolean  pd_entry_marks_finish      (PdEntryMarks          *marks,
                                      PdProjection          *projection,
                                      GError               **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdEntryMarks, pd_entry_marks_clear)

G_END_DECLS
