/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-engine.h"
#include "pd-projection.h"
#include "pd-reconciliation.h"
#include "pd-projection-history.h"
#include "pd-rules.h"
#include "pd-store-open-api.h"

G_BEGIN_DECLS

/* Everything the Overview shows for one program as of one instant, read
 * in a worker thread on a store connection of its own (a million
 * sellers take a couple of seconds), then handed to the page, which only
 * reads it. Reference counted: the page's list models keep the snapshot
 * they show alive. */

#define PD_OVERVIEW_AUTHORIZATION_DAYS 15

/* Kind seller-benefit: one merchant's benefit window. */
typedef struct
{
  const char     *seller_id;
  const char     *seller_name;  /* NULL when the target list has none */
  const char     *store_id;     /* NULL: not joined */
  PdBenefitState  state;
  gint64          joined_at;
  gint64          ends_at;
  gint64          days_left;
} PdOverviewBenefit;

typedef struct
{
  /* What to read. */
  char         *store_path;
  char         *program_id;
  gint64        as_of;
  gboolean      record_history; /* as_of is now: note the point of the latest import or sync */

  /* What was read. */
  PdRules      *rules;
  PdProjection *projection;     /* kind recruitment */
  GHashTable   *names;          /* at-risk seller id -> name from the target list */
  GArray       *benefits;       /* PdOverviewBenefit (kind seller-benefit), soonest end first */
  GStringChunk *strings;        /* behind the names and the benefits */
  GPtrArray    *authorizations; /* PdExpiringAuthorization, soonest first */
  GPtrArray    *payouts;        /* PdPayoutRecord of the program, newest first */
  GArray       *history;        /* PdProjectionPoint (kind recruitment), oldest first */
  PdReconciliation *reconciliation; /* once the period is over (kind recruitment), else NULL */
  /* What changed since the previous import or sync (kind recruitment,
   * pd-entry-diff.h): PdEntryChange, largest move first, or NULL when
   * there is nothing to compare with yet, and when that event was. */
  GArray       *changes;
  GStringChunk *change_strings; /* behind the changes' ids and names */
  gint64        changes_since;  /* the earlier event's time */
  PdHistorySource changes_source;
  GHashTable   *change_names;   /* changed seller id -> name from the target list */
  GPtrArray    *overrides;      /* PdProgramOverride in force (kind recruitment) */
  /* Where the deciding figures came from (issue 17): each connected
   * shop's last reading from the TikTok Shop Open API by store id
   * (PdOpenApiReading), and how many stores' GMV is the platform's. */
  GHashTable   *readings;
  PdOpenApiSources sources;
  gint64        now;            /* for "2 hours ago": the clock's, set by the page */
} PdOverviewSnapshot;

PdOverviewSnapshot *pd_overview_snapshot_new    (const char          *store_path,
                                                 const char          *program_id,
                                                 gint64               as_of);
PdOverviewSnapshot *pd_overview_snapshot_ref    (PdOverviewSnapshot  *snapshot);
void                pd_overview_snapshot_unref  (PdOverviewSnapshot  *snapshot);

/* Blocking: run it in a worker thread. Opens its own connection to the
 * store; cancelling stops it with G_IO_ERROR_CANCELLED. */
gboolean            pd_overview_snapshot_load   (PdOverviewSnapshot  *snapshot,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

/* The seller's name for an at-risk entry, or NULL. */
const char         *pd_overview_snapshot_get_name (PdOverviewSnapshot *snapshot,
                                                   const char         *seller_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdOverviewSnapshot, pd_overview_snapshot_unref)

G_END_DECLS
