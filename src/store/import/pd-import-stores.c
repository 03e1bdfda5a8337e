/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-importer"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-import-stores.h"
#include "pd-store-private.h"

struct _PdImportStores
{
  PdStore      *store;
  sqlite3_stmt *lookup;
};

PdImportStores *
pd_import_stores_new (PdStore  *store,
                      GError  **error)
{
  g_autoptr(PdImportStores) self = g_new0 (PdImportStores, 1);

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  self->store = g_object_ref (store);
  /* The stored seller, and whether the file's one is known: on a target
   * list or given a link, tables a stores import does not write (another
   * store would not do: an earlier row of the same file may have just
   * made one for the rounded id). */
  self->lookup = pd_store_prepare (store,
                                   "SELECT seller_id,"
                                   " EXISTS (SELECT 1 FROM target_merchants WHERE seller_id = ?2)"
                                   " OR EXISTS (SELECT 1 FROM links WHERE seller_id = ?2)"
                                   " FROM stores WHERE store_id = ?1 AND seller_id IS NOT ?2",
                                   error);
  if (self->lookup == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

void
pd_import_stores_free (PdImportStores *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->lookup, sqlite3_finalize);
  g_clear_object (&self->store);
  g_free (self);
}

gboolean
pd_import_stores_check_seller (PdImportStores  *self,
                               const char      *store_id,
                               const char      *seller_id,
                               char           **problem_out,
                               GError         **error)
{
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (store_id != NULL && seller_id != NULL, FALSE);
  g_return_val_if_fail (problem_out != NULL && *problem_out == NULL, FALSE);

  sqlite3_bind_text (self->lookup, 1, store_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (self->lookup, 2, seller_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (self->lookup);
  if (rc == SQLITE_ROW && sqlite3_column_int (self->lookup, 1) == 0)
    {
      const char *stored = (const char *) sqlite3_column_text (self->lookup, 0);

      *problem_out = g_strdup_printf (_("the file moves store %s from seller %s to seller %s, whom this"
                                        " store does not know; expected %s. A spreadsheet rounds long ids"
                                        " (7000000000000007 becomes 7000000000000010): export the file"
                                        " again and format the id columns as Text before saving"),
                                      store_id, stored, seller_id, stored);
    }
  else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pd_store_set_sql_error (self->store, error, _("looking up a store"));
      sqlite3_reset (self->lookup);
      return FALSE;
    }
  sqlite3_reset (self->lookup);
  return TRUE;
}
