/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-program.h"
#include "pd-store.h"
#include "pd-store-tables.h"

G_BEGIN_DECLS

/* Writing the platform's changes, already decoded and checked by
 * src/sync, following the contract's rules: an upsert whose version is
 * not newer than the local copy's (or than the tombstone of a deleted
 * object) is ignored; a delete removes the row and leaves a tombstone; a
 * later newer upsert brings the object back. Fields that belong to the
 * agency are never overwritten: merchant_notes is not touched, and a
 * link's `staff` keeps its local value. A target merchant removed from
 * the list keeps its row with `left_at` set (src/core/README.md: the seller left
 * the list then), so that the projection can still tell who was listed
 * when. */

#define PD_STORE_CHANGES_ERROR (pd_store_changes_error_quark ())

typedef enum
{
  /* a row names a program this store does not have */
  PD_STORE_CHANGES_ERROR_UNKNOWN_PROGRAM,
} PdStoreChangesError;

GQuark pd_store_changes_error_quark (void);

typedef enum
{
  PD_CHANGE_OP_UPSERT,
  PD_CHANGE_OP_DELETE,
} PdChangeOp;

typedef enum
{
  PD_CHANGE_VALUE_NULL,
  PD_CHANGE_VALUE_INT,
  PD_CHANGE_VALUE_TEXT,
} PdChangeValueKind;

/* @text is borrowed (from the decoded document, or static) unless
 * @owned holds it. */
typedef struct
{
  PdChangeValueKind  kind;
  gint64             number;
  const char        *text;
  char              *owned;
} PdChangeValue;

void pd_change_value_clear     (PdChangeValue *value);
void pd_change_value_set_text  (PdChangeValue *value,
                                const char    *text);
void pd_change_value_take_text (PdChangeValue *value,
                                char          *text);
void pd_change_value_set_int   (PdChangeValue *value,
                                gint64         number);

/* A decoded change, as the store needs it. @table NULL: a type the store
 * does not keep, skipped. Upserts of a program carry @program (saved by
 * pd_store_save_program()); others carry one value per column of
 * @table, in its order. @keys: the primary key, from the id. */
typedef struct
{
  const PdStoreTable *table;
  const char         *type;
  const char         *id;
  PdChangeOp          op;
  gint64              seq;
  gint64              version;
  const PdChangeValue *values;
  const PdChangeValue *keys;
  guint               n_keys;
  PdProgram          *program;
} PdFeedChange;

#define PD_TYPE_STORE_CHANGES (pd_store_changes_get_type ())

G_DECLARE_FINAL_TYPE (PdStoreChanges, pd_store_changes, PD, STORE_CHANGES, GObject)

PdStoreChanges *pd_store_changes_new        (PdStore               *store);
/* Call right after beginning each transaction the applier writes in. */
gboolean        pd_store_changes_begin      (PdStoreChanges        *self,
                                             GError               **error);
/* Inside the caller's transaction. @applied_out: whether the store
 * changed (FALSE: ignored as not newer, or of an unknown type). An error
 * leaves the transaction to roll back. */
gboolean        pd_store_changes_apply      (PdStoreChanges        *self,
                                             const PdFeedChange   *change,
                                             gboolean              *applied_out,
                                             GError               **error);
/* A page of the feed and the cursor after it, in one transaction: all
 * or nothing. An error of a change is prefixed with @where. */
gboolean        pd_store_changes_apply_page (PdStoreChanges        *self,
                                             const PdFeedChange  **changes,
                                             guint                  n_changes,
                                             const char            *next_cursor,
                                             const char            *where,
                                             guint64               *applied_out,
                                             guint64               *ignored_out,
                                             GError               **error);
/* An outbox entry the platform took: @answer (the object it answered,
 * or NULL) applied and the entry removed, in one transaction. An answer
 * that cannot be applied is left to the feed (logged), the entry is
 * still removed. */
gboolean        pd_store_changes_apply_sent (PdStoreChanges        *self,
                                             gint64                 outbox_id,
                                             const PdFeedChange   *answer,
                                             const char            *where,
                                             GError               **error);

G_END_DECLS
