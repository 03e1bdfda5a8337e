/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-first-rows"

#include "config.h"

#include "gui-test-utils.h"
#include "pd-first-rows.h"

/* The first rows of a big list first (src/gui/pd-first-rows.c): the
 * list view gets as many rows as fill its window in its first frame,
 * the rest in the frames after, at the model's own positions; a caller
 * can have them all at once; then the rows follow the model. */

#define N_ROWS         1000
#define MIN_ROW_HEIGHT 48

typedef struct
{
  GtkWidget     *window;
  GtkListView   *list_view;
  GtkStringList *strings;
  GListModel    *first_rows;
} Fixture;

static void
on_setup_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, gtk_label_new (NULL));
}

static void
on_bind_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)),
                      gtk_string_object_get_string (gtk_list_item_get_item (list_item)));
}

static gboolean painted;

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gpointer       user_data)
{
  painted = TRUE;
}

static gboolean
is_painted (gpointer data)
{
  return painted;
}

static void
wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), NULL);

  painted = FALSE;
  gtk_widget_queue_draw (widget);
  pd_test_wait_until (is_painted, NULL, 5000);
  g_signal_handler_disconnect (clock, id);
}

static guint
n_row_widgets (GtkListView *list_view)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static gboolean
holds_all (gpointer data)
{
  Fixture *f = data;

  return g_list_model_get_n_items (f->first_rows) == g_list_model_get_n_items (G_LIST_MODEL (f->strings));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  f->strings = gtk_string_list_new (NULL);
  for (guint i = 0; i < GPOINTER_TO_UINT (data); i++)
    {
      g_autofree char *text = g_strdup_printf ("row %u", i);

      gtk_string_list_append (f->strings, text);
    }
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cb), NULL);
  f->list_view = GTK_LIST_VIEW (gtk_list_view_new (NULL, factory));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (f->list_view));
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 600, 480);
  gtk_window_set_child (GTK_WINDOW (f->window), scrolled);
  gtk_window_present (GTK_WINDOW (f->window));
  pd_test_wait_until (gui_test_is_mapped, f->list_view, 5000);
  wait_for_frame (f->window);

  /* As a page does when it is first shown: its window has its size. */
  f->first_rows = pd_first_rows_new (G_LIST_MODEL (f->strings), GTK_WIDGET (f->list_view), MIN_ROW_HEIGHT);
  gtk_list_view_set_model (f->list_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (f->first_rows))));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gui_test_destroy_window (GTK_WINDOW (f->window));
  g_clear_object (&f->first_rows);
  g_clear_object (&f->strings);
}

static void
test_first_frame_then_the_rest (Fixture       *f,
                                gconstpointer  data)
{
  guint first;

  GUI_TEST_REQUIRE_DISPLAY ();

  first = (guint) gtk_widget_get_height (f->window) / MIN_ROW_HEIGHT + 1;
  g_assert_cmpuint (first, <, 200);
  g_assert_cmpuint (g_list_model_get_n_items (f->first_rows), ==, first);
  wait_for_frame (f->window);
  /* GTK 4.8 would have built 200 rows for this frame. */
  g_assert_cmpuint (n_row_widgets (f->list_view), <=, first);
  g_assert_cmpuint (g_list_model_get_n_items (f->first_rows), <, N_ROWS);

  pd_test_wait_until (holds_all, f, 5000);
  for (guint i = 0; i < N_ROWS; i += 97)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (f->first_rows, i);
      g_autofree char *text = g_strdup_printf ("row %u", i);

      g_assert_cmpstr (gtk_string_object_get_string (item), ==, text);
    }

  /* From then on, the rows are the model's. */
  gtk_string_list_append (f->strings, "one more");
  g_assert_cmpuint (g_list_model_get_n_items (f->first_rows), ==, N_ROWS + 1);
  gtk_string_list_splice (f->strings, 0, N_ROWS + 1, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (f->first_rows), ==, 0);
}

static void
test_show_all (Fixture       *f,
               gconstpointer  data)
{
  GUI_TEST_REQUIRE_DISPLAY ();

  g_assert_cmpuint (g_list_model_get_n_items (f->first_rows), <, N_ROWS);
  pd_first_rows_show_all (f->first_rows);
  g_assert_cmpuint (g_list_model_get_n_items (f->first_rows), ==, N_ROWS);
  wait_for_frame (f->window);
  wait_for_frame (f->window);
  g_assert_cmpuint (g_list_model_get_n_items (f->first_rows), ==, N_ROWS);
}

static void
test_short_list (Fixture       *f,
                 gconstpointer  data)
{
  GUI_TEST_REQUIRE_DISPLAY ();

  g_assert_cmpuint (g_list_model_get_n_items (f->first_rows), ==, 3);
  wait_for_frame (f->window);
  wait_for_frame (f->window);
  gtk_string_list_append (f->strings, "row 3");
  g_assert_cmpuint (g_list_model_get_n_items (f->first_rows), ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  g_test_add ("/first-rows/first-frame-then-the-rest", Fixture, GUINT_TO_POINTER (N_ROWS),
              fixture_set_up, test_first_frame_then_the_rest, fixture_tear_down);
  g_test_add ("/first-rows/show-all", Fixture, GUINT_TO_POINTER (N_ROWS),
              fixture_set_up, test_show_all, fixture_tear_down);
  g_test_add ("/first-rows/short-list", Fixture, GUINT_TO_POINTER (3),
              fixture_set_up, test_short_list, fixture_tear_down);

  return gui_test_run ();
}
