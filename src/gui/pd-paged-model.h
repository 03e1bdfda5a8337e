/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PD_TYPE_PAGED_MODEL (pd_paged_model_get_type ())

G_DECLARE_DERIVABLE_TYPE (PdPagedModel, pd_paged_model, PD, PAGED_MODEL, GObject)

/* The one lazy list model of the app's big lists (Merchants, Links, and
 * the pages to come): a GListModel that knows only its count and reads
 * fixed-size pages of rows when a view asks for a position, keeping the
 * few most recently used pages. A million rows are never a million
 * objects: an item exists only while someone (the view) holds it, and the
 * model hands out the same item for a position while it lives.
 *
 * A subclass says how to count and read its rows and how to make an item
 * of one. With update_item, an item stands for a position: on a reload
 * the items alive get the row now at their position and only the change
 * of count is an items-changed, at the end (GTK 4.8's list views, told
 * that every row was replaced, destroy and rebuild every row widget and
 * look for each old item among all the new ones). Without it, a reload
 * replaces every item. */
struct _PdPagedModelClass
{
  GObjectClass parent_class;

  /* How many rows there are now. */
  gboolean   (*count)       (PdPagedModel  *self,
                             guint         *n_rows,
                             GError       **error);
  /* At most @limit rows from @offset on, in a GPtrArray that frees them. */
  GPtrArray *(*read)        (PdPagedModel  *self,
                             guint          offset,
                             guint          limit,
                             GError       **error);
  /* A new item of @row (copy what it keeps); @row is NULL for a position
   * whose row could not be read (the store lost rows since it was
   * counted, or failed): the view still needs an item there. */
  gpointer   (*new_item)    (PdPagedModel  *self,
                             gconstpointer  row);
  /* Optional: gives a live @item the row now at its position (NULL: as
   * for new_item). */
  void       (*update_item) (PdPagedModel  *self,
                             gpointer       item,
                             gconstpointer  row);
};

/* Counts again and forgets the cached pages; items-changed as above. */
gboolean pd_paged_model_reload          (PdPagedModel  *self,
                                         GError       **error);

/* For tests: pages read so far, rows in the page cache, items alive. */
guint    pd_paged_model_get_pages_read  (PdPagedModel  *self);
guint    pd_paged_model_get_cached_rows (PdPagedModel  *self);
guint    pd_paged_model_get_live_items  (PdPagedModel  *self);

G_END_DECLS
