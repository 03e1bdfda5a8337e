/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pd-money.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* The projection of a program as it stood after each import and each
 * sync (table projection_history): the Overview's trend over the
 * quarter. The Overview writes a point when it reads the projection as
 * of now and the store's latest import or sync has none yet. */

typedef enum
{
  PD_HISTORY_SOURCE_IMPORT,
  PD_HISTORY_SOURCE_SYNC,
} PdHistorySource;

typedef struct
{
  gint64           event_at;     /* when the import or sync happened */
  PdHistorySource  source;
  gint64           recorded_at;  /* the projection's as_of */
  PdMoney          confirmed;
  PdMoney          expected;
  PdMoney          upper;
} PdProjectionPoint;

/* The latest import (audit_log "import.*") or sync (sync_state), or
 * *@event_at 0 when there was none. */
gboolean  pd_store_latest_data_event        (PdStore                 *store,
                                             gint64                  *event_at,
                                             PdHistorySource         *source,
                                             GError                 **error);
/* Adds @point for @program_id unless one exists for its event; *@added
 * says whether it did. */
gboolean  pd_store_add_projection_point     (PdStore                 *store,
                                             const char              *program_id,
                                             const PdProjectionPoint *point,
                                             gboolean                *added,
                                             GError                 **error);
/* The points of @program_id, oldest event first (a GArray of
 * PdProjectionPoint). */
GArray   *pd_store_list_projection_points   (PdStore                 *store,
                                             const char              *program_id,
                                             GError                 **error);
const char *pd_history_source_to_string     (PdHistorySource          source);

G_END_DECLS
