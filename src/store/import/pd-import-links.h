/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-store.h"

G_BEGIN_DECLS

/* What `import links` may change of a link the store has already
 * (src/core/README.md, src/sync/README.md), checked before the row is written:
 *
 * - A link of the platform's (one that came through sync, version > 0,
 *   or one the outbox is still to send) is the platform's to change:
 *   the file may only change its staff, the agency's own field. Any
 *   other column that differs is refused: sync only brings newer
 *   versions, so a local change of such a link would never be repaired.
 *   Revoking it goes through `link revoke`, which tells the platform.
 * - A link is made for one seller, and its kind never changes: a file
 *   that gives an existing link another seller (a spreadsheet that
 *   rounded a 16-digit id does exactly that) or another kind is refused.
 * - A link's revocation cannot come before its creation, counting the
 *   revocation the store already has.
 *
 * For src/store/import only. */

typedef enum
{
  PD_IMPORT_LINK_KIND,
  PD_IMPORT_LINK_SELLER_ID,
  PD_IMPORT_LINK_MARKET,
  PD_IMPORT_LINK_PROGRAM_ID,
  PD_IMPORT_LINK_SERVICE_ID,
  PD_IMPORT_LINK_URL,
  PD_IMPORT_LINK_CREATED_AT,
  PD_IMPORT_LINK_REVOKED_AT,
  PD_IMPORT_LINK_N_FIELDS,
} PdImportLinkField;

/* A row as the importer will write it. A text field is NULL when the
 * file lacks the column (the stored value stays), "" when the cell is
 * empty (the stored value is cleared). @revoked_at: 0 for none (an empty
 * cell changes nothing). */
typedef struct
{
  const char *token;
  const char *kind;
  const char *text[PD_IMPORT_LINK_N_FIELDS];
  gint64      created_at;
  gint64      revoked_at;
} PdImportLinkRow;

typedef void (*PdImportLinkProblemFunc) (PdImportLinkField  field,
                                         const char        *message,
                                         gpointer           user_data);

typedef struct _PdImportLinks PdImportLinks;

PdImportLinks *pd_import_links_new   (PdStore                  *store,
                                      GTimeZone                *zone,
                                      GError                  **error);
void           pd_import_links_free  (PdImportLinks            *self);

/* Calls @func for the problem of @row on its own, whatever the store
 * holds (a revocation before the creation); FALSE when there is one. */
gboolean       pd_import_links_check_row    (PdImportLinks            *self,
                                             const PdImportLinkRow    *row,
                                             PdImportLinkProblemFunc   func,
                                             gpointer                  user_data);
/* Calls @func once for each problem of @row against the link the store
 * has under its token (none: no problem); FALSE only on a store error. */
gboolean       pd_import_links_check_stored (PdImportLinks            *self,
                                             const PdImportLinkRow    *row,
                                             PdImportLinkProblemFunc   func,
                                             gpointer                  user_data,
                                             GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdImportLinks, pd_import_links_free)

G_END_DECLS
