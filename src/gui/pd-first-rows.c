/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-first-rows"

#include "config.h"

#include "pd-first-rows.h"

/* A GtkSliceListModel from 0: its positions are the model's, and it
 * passes the model's changes on as they are. */

typedef struct
{
  GtkSliceListModel *slice;
  guint              step;
  gboolean           painted;
} Growth;

static void
growth_free (gpointer data)
{
  Growth *growth = data;

  g_object_unref (growth->slice);
  g_free (growth);
}

static gboolean
on_tick_cb (GtkWidget     *view,
            GdkFrameClock *clock,
            gpointer       user_data)
{
  Growth *growth = user_data;
  guint size = gtk_slice_list_model_get_size (growth->slice);
  GListModel *model = gtk_slice_list_model_get_model (growth->slice);

  /* The first tick is in the frame that paints the first rows. */
  if (!growth->painted)
    {
      growth->painted = TRUE;
      return G_SOURCE_CONTINUE;
    }
  if (size == G_MAXUINT)
    return G_SOURCE_REMOVE;
  if (model == NULL || size >= g_list_model_get_n_items (model) ||
      size > G_MAXUINT - growth->step)
    {
      gtk_slice_list_model_set_size (growth->slice, G_MAXUINT);
      return G_SOURCE_REMOVE;
    }
  gtk_slice_list_model_set_size (growth->slice, size + growth->step);
  return G_SOURCE_CONTINUE;
}

/* The window's height is known when a page is first shown (its view
 * is not allocated yet); without a window, a tall screen's. */
static guint
rows_to_fill (GtkWidget *view,
              int        min_row_height)
{
  GtkRoot *root = gtk_widget_get_root (view);
  int height = root != NULL ? gtk_widget_get_height (GTK_WIDGET (root)) : 0;

  if (height <= 0)
    height = 1440;
  return (guint) (height / min_row_height) + 1;
}

GListModel *
pd_first_rows_new (GListModel *model,
                   GtkWidget  *view,
                   int         min_row_height)
{
  GtkSliceListModel *slice;
  Growth *growth;
  guint first;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (view), NULL);
  g_return_val_if_fail (min_row_height > 0, NULL);

  first = rows_to_fill (view, min_row_height);

  slice = gtk_slice_list_model_new (g_object_ref (model), 0, first);
  growth = g_new0 (Growth, 1);
  growth->slice = g_object_ref (slice);
  /* The rest soon, in frames that stay within their 16 ms here (~0.35
   * ms of CPU a Requests row): a filter or order change made while
   * rows still come pays for them. */
  growth->step = 2 * first;
  gtk_widget_add_tick_callback (view, on_tick_cb, growth, growth_free);
  return G_LIST_MODEL (slice);
}

void
pd_first_rows_show_all (GListModel *first_rows)
{
  g_return_if_fail (GTK_IS_SLICE_LIST_MODEL (first_rows));

  /* The tick callback sees it and goes. */
  gtk_slice_list_model_set_size (GTK_SLICE_LIST_MODEL (first_rows), G_MAXUINT);
}
