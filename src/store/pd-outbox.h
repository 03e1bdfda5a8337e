/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "pd-store.h"

G_BEGIN_DECLS

/* The outbox: local changes waiting to reach the platform.
 *
 * src/sync/README.md: "A local change and its outbox entry are written in
 * one SQLite transaction; the outbox entry gets its Idempotency-Key then,
 * and keeps it across retries and restarts". So the enqueue calls below
 * must run inside the transaction that writes the local change (opened
 * by the caller with pd_store_begin()); they fail otherwise. The sync
 * client sends the entries in order, with their stored key: sent entries
 * leave the outbox, a permanent refusal stays as `failed` with its last
 * error, a 409 stays as `conflict` with the platform's current object,
 * for the user to choose. */

typedef enum
{
  PD_OUTBOX_STATE_PENDING,
  PD_OUTBOX_STATE_FAILED,
  PD_OUTBOX_STATE_CONFLICT,
} PdOutboxState;

typedef struct
{
  gint64         id;
  char          *idempotency_key;
  char          *method;
  char          *path;
  char          *body;              /* the exact bytes to send; "" for none */
  char          *if_match;          /* "\"7\"", or NULL */
  char          *subject_type;      /* a src/sync/README.md type: "link", "seller_request"... */
  char          *subject_id;
  PdOutboxState  state;
  gint64         attempts;
  char          *last_error;        /* or NULL */
  gint64         next_attempt_at;   /* 0: none */
  gint64         created_at;
  char          *conflict_current;  /* 409: the platform's object as JSON, or NULL */
} PdOutboxItem;

#define PD_TYPE_OUTBOX_ITEM (pd_outbox_item_get_type ())

GType         pd_outbox_item_get_type              (void) G_GNUC_CONST;
PdOutboxItem *pd_outbox_item_copy                  (const PdOutboxItem *item);
void          pd_outbox_item_free                  (PdOutboxItem       *item);
const char   *pd_outbox_state_to_string            (PdOutboxState       state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdOutboxItem, pd_outbox_item_free)

/* Inside the caller's transaction. @body: the exact JSON to send, or
 * NULL; @if_match: a version for If-Match, or NULL. *@key_out (may be
 * NULL) receives the new Idempotency-Key. */
gboolean      pd_outbox_enqueue                    (PdStore      *store,
                                                    const char   *method,
                                                    const char   *path,
                                                    const char   *body,
                                                    const char   *if_match,
                                                    const char   *subject_type,
                                                    const char   *subject_id,
                                                    char        **key_out,
                                                    GError      **error);

/* POST /v1/links for an onboarding link the caller has just inserted
 * into `links`. @expires_at: unix seconds, or 0. @staff: who made it, as
 * the link row credits them. Optional arguments may be NULL. */
gboolean      pd_outbox_enqueue_link_create        (PdStore      *store,
                                                    const char   *token,
                                                    const char   *market,
                                                    const char   *seller_id,
                                                    const char   *program_id,
                                                    gint64        expires_at,
                                                    const char   *staff,
                                                    GError      **error);
/* POST /v1/authorization-links for an authorization link the caller has
 * just inserted into `links` with @state as its token. The body carries
 * service_id, seller_id (optional), duration_days (null when @duration_days
 * is 0: the seller picks) and, beyond the table of src/sync/README.md (an
 * object may carry more fields), the app's `state` token and the
 * seller's `market` (optional), so that the platform can build the same
 * URL. */
gboolean      pd_outbox_enqueue_authorization_link_create (PdStore *store,
                                                    const char   *state,
                                                    const char   *service_id,
                                                    const char   *seller_id,
                                                    const char   *market,
                                                    int           duration_days,
                                                    GError      **error);
/* The same with the shops the link is for (NULL-terminated, or NULL)
 * and, for a renewal link, the authorization it renews (or NULL). */
gboolean      pd_outbox_enqueue_authorization_link_renewal (PdStore *store,
                                                    const char   *state,
                                                    const char   *service_id,
                                                    const char   *seller_id,
                                                    const char   *market,
                                                    int           duration_days,
                                                    const char * const *shop_ids,
                                                    const char   *renewal_of,
                                                    GError      **error);
/* POST /v1/links/{token}/revoke */
gboolean      pd_outbox_enqueue_link_revoke        (PdStore      *store,
                                                    const char   *token,
                                                    GError      **error);
/* PATCH /v1/seller-requests/{id} with If-Match: the @version the user
 * saw when they changed the status. @note may be NULL. */
gboolean      pd_outbox_enqueue_seller_request_status (PdStore   *store,
                                                    const char   *request_id,
                                                    const char   *status,
                                                    const char   *note,
                                                    gint64        version,
                                                    GError      **error);

/* Every entry, oldest first, as PdOutboxItem. */
GPtrArray    *pd_outbox_list                       (PdStore      *store,
                                                    GError      **error);
/* The first pending entry after @after_id (0: from the start), or NULL
 * (without an error) when there is none. */
PdOutboxItem *pd_outbox_next_pending               (PdStore      *store,
                                                    gint64        after_id,
                                                    GError      **error);

/* The user's choices. retry: a failed or conflicting entry is pending
 * again. discard: the entry is dropped (for a conflict: keep the
 * platform's version). rebase: keep my change over a conflict: its
 * If-Match becomes the version of the platform's current object, with a
 * new Idempotency-Key, pending again. Each writes the audit log. */
gboolean      pd_outbox_retry                      (PdStore      *store,
                                                    gint64        id,
                                                    GError      **error);
gboolean      pd_outbox_discard                    (PdStore      *store,
                                                    gint64        id,
                                                    GError      **error);
gboolean      pd_outbox_rebase                     (PdStore      *store,
                                                    gint64        id,
                                                    GError      **error);

/* For the sync client, inside its transaction (the answer's object is
 * applied to the store in the same one). */
/* The entries waiting to be sent. */
gboolean      pd_outbox_count_pending              (PdStore      *store,
                                                    guint        *count_out,
                                                    GError      **error);

gboolean      pd_outbox_remove_sent                (PdStore      *store,
                                                    gint64        id,
                                                    GError      **error);
gboolean      pd_outbox_record_failure             (PdStore      *store,
                                                    gint64        id,
                                                    PdOutboxState state,
                                                    const char   *last_error,
                                                    gint64        next_attempt_at,
                                                    const char   *conflict_current,
                                                    GError      **error);
/* The same, in its own transaction: for the sync client, whose failure
 * of an entry is no local change. */
gboolean      pd_outbox_record_failure_alone       (PdStore      *store,
                                                    gint64        id,
                                                    PdOutboxState state,
                                                    const char   *last_error,
                                                    gint64        next_attempt_at,
                                                    const char   *conflict_current,
                                                    GError      **error);

G_END_DECLS
