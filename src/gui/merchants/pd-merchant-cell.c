/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchants"

#include "config.h"

#include "pd-merchant-cell.h"

/* A search keystroke gives new rows to every item the view holds: GTK
 * 4.8's list views keep some 200 rows of widgets around the visible ones,
 * and measuring all their new texts takes most of the keystroke. Cells
 * out of sight wait until the rows have been still for PENDING_DELAY_MS
 * (typing goes on meanwhile), or until the list scrolls
 * (pd_merchant_cell_flush_pending()). */
#define PENDING_DELAY_MS 150
/* Rows this close to the visible part count as visible. */
#define SHOWING_MARGIN 48
/* Before the next frame's layout (GDK_PRIORITY_REDRAW), not inside it:
 * a list view moves its adjustment while it allocates its rows, and a
 * row's new texts then would want a new allocation before the
 * snapshot. */
#define PENDING_FLUSH_PRIORITY (G_PRIORITY_HIGH_IDLE + 10)

typedef struct
{
  PdMerchantItem *item;
  gulong          row_handler;
  gboolean        pending;
} PdMerchantCellPrivate;

static GHashTable *pending_cells;  /* PdMerchantCell (not held: dispose takes them out) */
static guint       pending_id;
static gint64      pending_since;  /* the latest deferral */

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (PdMerchantCell, pd_merchant_cell, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (PdMerchantCell *self)
{
  PdMerchantCellPrivate *priv = pd_merchant_cell_get_instance_private (self);

  if (priv->item != NULL)
    PD_MERCHANT_CELL_GET_CLASS (self)->update (self, pd_merchant_item_get_row (priv->item));
}

/* Whether the cell is in (or near) the visible part of its scrolled
 * window. The list view unmaps the rows it keeps out of sight (but still
 * measures them); a cell mapped but not allocated yet counts as
 * visible. */
static gboolean
is_showing (PdMerchantCell *self)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return FALSE;
  if (scrolled == NULL || gtk_widget_get_height (GTK_WIDGET (self)) <= 0 ||
      !gtk_widget_compute_bounds (GTK_WIDGET (self), scrolled, &bounds))
    return TRUE;
  return bounds.origin.y + bounds.size.height >= -SHOWING_MARGIN &&
         bounds.origin.y <= gtk_widget_get_height (scrolled) + SHOWING_MARGIN;
}

static void
forget_pending (PdMerchantCell *self)
{
  PdMerchantCellPrivate *priv = pd_merchant_cell_get_instance_private (self);

  if (!priv->pending)
    return;
  priv->pending = FALSE;
  g_hash_table_remove (pending_cells, self);
}

static gboolean
on_pending_timeout_cb (gpointer user_data)
{
  gint64 wait_ms = PENDING_DELAY_MS - (g_get_monotonic_time () - pending_since) / 1000;

  pending_id = 0;
  /* Deferred again since: wait until the rows are still. */
  if (wait_ms > 0)
    {
      pending_id = g_timeout_add ((guint) wait_ms, on_pending_timeout_cb, NULL);
      return G_SOURCE_REMOVE;
    }
  pd_merchant_cell_flush_pending ();
  return G_SOURCE_REMOVE;
}

/* notify::row: the item's position shows another row. */
static void
on_row_changed_cb (PdMerchantCell *self)
{
  PdMerchantCellPrivate *priv = pd_merchant_cell_get_instance_private (self);

  if (is_showing (self))
    {
      forget_pending (self);
      update (self);
      return;
    }
  if (!priv->pending)
    {
      if (pending_cells == NULL)
        pending_cells = g_hash_table_new (NULL, NULL);
      g_hash_table_add (pending_cells, self);
      priv->pending = TRUE;
    }
  pending_since = g_get_monotonic_time ();
  if (pending_id == 0)
    pending_id = g_timeout_add (PENDING_DELAY_MS, on_pending_timeout_cb, NULL);
}

static guint flush_soon_id;

static gboolean
on_flush_soon_cb (gpointer user_data)
{
  flush_soon_id = 0;
  pd_merchant_cell_flush_pending ();
  return G_SOURCE_REMOVE;
}

void
pd_merchant_cell_flush_pending_soon (void)
{
  if (flush_soon_id == 0 && pending_cells != NULL && g_hash_table_size (pending_cells) > 0)
    flush_soon_id = g_idle_add_full (PENDING_FLUSH_PRIORITY, on_flush_soon_cb, NULL, NULL);
}

void
pd_merchant_cell_flush_pending (void)
{
  g_autofree gpointer *cells = NULL;
  guint n = 0;

  g_clear_handle_id (&pending_id, g_source_remove);
  if (pending_cells == NULL || g_hash_table_size (pending_cells) == 0)
    return;
  /* A cell's update may dispose another (a row that goes): take them all
   * out first, then update those still pending. */
  cells = g_hash_table_get_keys_as_array (pending_cells, &n);
  for (guint i = 0; i < n; i++)
    g_object_ref (cells[i]);
  for (guint i = 0; i < n; i++)
    {
      PdMerchantCell *cell = cells[i];
      PdMerchantCellPrivate *priv = pd_merchant_cell_get_instance_private (cell);

      if (priv->pending)
        {
          forget_pending (cell);
          update (cell);
        }
      g_object_unref (cell);
    }
}

static void
pd_merchant_cell_dispose (GObject *object)
{
  forget_pending (PD_MERCHANT_CELL (object));
  pd_merchant_cell_set_item (PD_MERCHANT_CELL (object), NULL);

  G_OBJECT_CLASS (pd_merchant_cell_parent_class)->dispose (object);
}

static void
pd_merchant_cell_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PdMerchantCellPrivate *priv = pd_merchant_cell_get_instance_private (PD_MERCHANT_CELL (object));

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, priv->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_merchant_cell_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_ITEM:
      pd_merchant_cell_set_item (PD_MERCHANT_CELL (object), g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_merchant_cell_class_init (PdMerchantCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_merchant_cell_dispose;
  object_class->get_property = pd_merchant_cell_get_property;
  object_class->set_property = pd_merchant_cell_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, PD_TYPE_MERCHANT_ITEM,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_merchant_cell_init (PdMerchantCell *self)
{
}

PdMerchantItem *
pd_merchant_cell_get_item (PdMerchantCell *self)
{
  PdMerchantCellPrivate *priv = pd_merchant_cell_get_instance_private (self);

  g_return_val_if_fail (PD_IS_MERCHANT_CELL (self), NULL);
  return priv->item;
}

void
pd_merchant_cell_set_item (PdMerchantCell *self,
                           PdMerchantItem *item)
{
  PdMerchantCellPrivate *priv = pd_merchant_cell_get_instance_private (self);

  g_return_if_fail (PD_IS_MERCHANT_CELL (self));
  g_return_if_fail (item == NULL || PD_IS_MERCHANT_ITEM (item));

  if (priv->item == item)
    return;
  if (priv->item != NULL)
    g_clear_signal_handler (&priv->row_handler, priv->item);
  forget_pending (self);
  g_set_object (&priv->item, item);
  if (item != NULL)
    {
      priv->row_handler = g_signal_connect_object (item, "notify::row", G_CALLBACK (on_row_changed_cb), self,
                                                   G_CONNECT_SWAPPED);
      update (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

void
pd_merchant_cell_set_label (GtkLabel   *label,
                            const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}
