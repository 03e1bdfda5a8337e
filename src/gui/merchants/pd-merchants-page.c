/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchants"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-link-actions.h"
#include "pd-merchant-detail.h"
#include "pd-merchant-format.h"
#include "pd-merchant-item.h"
#include "pd-merchant-list-model.h"
#include "pd-merchant-notes.h"
#include "pd-merchant-refresher.h"
#include "pd-merchants-page.h"
#include "pd-store-links.h"

/* Bulk actions take at most this many selected rows at a time: reading
 * the selection pages through the rows. */
#define MAX_BULK_ROWS 10000

struct _PdMerchantsPage
{
  AdwBin               parent_instance;

  PdContext           *context;
  PdMerchantIndex     *index;
  PdMerchantListModel *model;
  GtkMultiSelection   *selection;
  PdMerchantRefresher *refresher;
  PdMerchantQuery      query;
  PdMerchantState      state;

  GPtrArray           *program_ids;  /* [0] NULL: every program */
  GPtrArray           *markets;
  GPtrArray           *staff;
  gboolean             updating_filters;
  gboolean             own_change;
  GPtrArray           *pending_sellers;  /* whose link is being revoked */

  GtkColumnViewColumn *columns[PD_MERCHANT_N_COLUMNS];
  PdMerchantItem      *probe[2];

  GtkStack            *stack;
  AdwFlap             *flap;
  GtkSearchEntry      *search_entry;
  GtkToggleButton     *details_button;
  GtkDropDown         *program_dropdown;
  GtkDropDown         *verdict_dropdown;
  GtkDropDown         *market_dropdown;
  GtkDropDown         *staff_dropdown;
  GtkLabel            *count_label;
  GtkSpinner          *spinner;
  GtkProgressBar      *preparing_progress;
  GtkColumnView       *column_view;
  PdMerchantDetail    *detail;
};

G_DEFINE_FINAL_TYPE (PdMerchantsPage, pd_merchants_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_toast (PdMerchantsPage *self,
            const char      *message)
{
  pd_link_show_toast (GTK_WIDGET (self), message);
}

static gint64
now_seconds (PdMerchantsPage *self)
{
  return pd_clock_get_now (pd_context_get_clock (self->context));
}

/* Cells ------------------------------------------------------------------------ */

static const char * const verdict_styles[] = { "success", "warning", "error", "dim-label" };

static void
on_setup_cell_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  PdMerchantColumn column = GPOINTER_TO_INT (user_data);
  GtkWidget *child;

  switch (column)
    {
    case PD_MERCHANT_COLUMN_SELLER:
      {
        GtkWidget *name = gtk_label_new (NULL);
        GtkWidget *id = gtk_label_new (NULL);

        child = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
        gtk_label_set_xalign (GTK_LABEL (name), 0);
        gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
        gtk_label_set_xalign (GTK_LABEL (id), 0);
        gtk_widget_add_css_class (id, "caption");
        gtk_widget_add_css_class (id, "dim-label");
        gtk_box_append (GTK_BOX (child), name);
        gtk_box_append (GTK_BOX (child), id);
      }
      break;

    case PD_MERCHANT_COLUMN_GMV:
      {
        GtkWidget *bar = gtk_level_bar_new_for_interval (0.0, 1.0);
        GtkWidget *label = gtk_label_new (NULL);

        child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
        gtk_widget_set_size_request (bar, 48, -1);
        gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
        gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
        gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
        gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
        gtk_label_set_xalign (GTK_LABEL (label), 0);
        gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
        gtk_box_append (GTK_BOX (child), bar);
        gtk_box_append (GTK_BOX (child), label);
      }
      break;

    case PD_MERCHANT_COLUMN_MARKET:
    case PD_MERCHANT_COLUMN_STAGE:
    case PD_MERCHANT_COLUMN_VERDICT:
    case PD_MERCHANT_COLUMN_DEADLINE:
    case PD_MERCHANT_COLUMN_INVENTORY:
    case PD_MERCHANT_COLUMN_STAFF:
    case PD_MERCHANT_COLUMN_LINK:
    case PD_MERCHANT_N_COLUMNS:
    default:
      child = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (child), 0);
      gtk_label_set_ellipsize (GTK_LABEL (child), PANGO_ELLIPSIZE_END);
      break;
    }
  g_object_set_data (G_OBJECT (child), "pd-column", GINT_TO_POINTER (column));
  gtk_list_item_set_child (list_item, child);
}

/* Only what changed: a keystroke updates a couple of hundred rows of
 * cells, most of them showing the same words as before. */
static void
set_text (GtkLabel   *label,
          const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}

static void
update_cell (PdMerchantsPage     *self,
             PdMerchantColumn     column,
             GtkWidget           *child,
             const PdMerchantRow *row)
{
  g_autofree char *text = NULL;

  switch (column)
    {
    case PD_MERCHANT_COLUMN_SELLER:
      {
        GtkWidget *name = gtk_widget_get_first_child (child);
        GtkWidget *id = gtk_widget_get_next_sibling (name);

        set_text (GTK_LABEL (name), row->seller_name != NULL ? row->seller_name : row->seller_id);
        if (row->store_id != NULL)
          text = g_strdup_printf ("%s · %s", row->seller_id, row->store_id);
        set_text (GTK_LABEL (id), text != NULL ? text : row->seller_id);
        return;
      }

    case PD_MERCHANT_COLUMN_GMV:
      {
        GtkWidget *bar = gtk_widget_get_first_child (child);
        GtkWidget *label = gtk_widget_get_next_sibling (bar);
        double fraction = pd_merchant_gmv_fraction (row);

        gtk_widget_set_visible (bar, fraction >= 0);
        gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), MAX (fraction, 0));
        text = pd_merchant_format_gmv (row);
        set_text (GTK_LABEL (label), text);
        return;
      }

    case PD_MERCHANT_COLUMN_MARKET:
      set_text (GTK_LABEL (child), row->market != NULL ? row->market : "—");
      return;

    case PD_MERCHANT_COLUMN_STAGE:
      set_text (GTK_LABEL (child), pd_merchant_stage_to_display (row->stage));
      return;

    case PD_MERCHANT_COLUMN_VERDICT:
      for (guint i = 0; i < G_N_ELEMENTS (verdict_styles); i++)
        gtk_widget_remove_css_class (child, verdict_styles[i]);
      gtk_widget_add_css_class (child, pd_merchant_verdict_style (row->verdict));
      set_text (GTK_LABEL (child), pd_merchant_verdict_to_display (row->verdict));
      return;

    case PD_MERCHANT_COLUMN_DEADLINE:
      text = pd_merchant_format_deadline (pd_merchant_index_get_rules (self->index, row->program_id),
                                          row->has_deadline, row->deadline, now_seconds (self));
      set_text (GTK_LABEL (child), text);
      return;

    case PD_MERCHANT_COLUMN_INVENTORY:
      text = pd_merchant_format_countries (row);
      set_text (GTK_LABEL (child), text);
      return;

    case PD_MERCHANT_COLUMN_STAFF:
      set_text (GTK_LABEL (child), row->staff != NULL ? row->staff : "—");
      return;

    case PD_MERCHANT_COLUMN_LINK:
      text = pd_merchant_format_link (row);
      set_text (GTK_LABEL (child), text);
      gtk_widget_set_tooltip_text (child, row->link_url);
      return;

    case PD_MERCHANT_N_COLUMNS:
    default:
      return;
    }
}

/* The item's row changes when the query or the rows do (an item is a
 * position of the list): the cell follows. */
static void
on_item_row_cb (PdMerchantItem *item,
                GParamSpec     *pspec,
                GtkListItem    *list_item)
{
  GtkWidget *child = gtk_list_item_get_child (list_item);

  if (child == NULL)
    return;
  update_cell (g_object_get_data (G_OBJECT (child), "pd-page"),
               GPOINTER_TO_INT (g_object_get_data (G_OBJECT (child), "pd-column")),
               child, pd_merchant_item_get_row (item));
}

static void
on_bind_cell_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 PdMerchantsPage          *self)
{
  PdMerchantItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  gulong handler;

  if (item == NULL || child == NULL)
    return;
  g_object_set_data (G_OBJECT (child), "pd-page", self);
  update_cell (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (child), "pd-column")), child,
               pd_merchant_item_get_row (item));
  handler = g_signal_connect (item, "notify::row", G_CALLBACK (on_item_row_cb), list_item);
  g_object_set_data (G_OBJECT (list_item), "pd-row-handler", GUINT_TO_POINTER (handler));
}

static void
on_unbind_cell_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   PdMerchantsPage          *self)
{
  PdMerchantItem *item = gtk_list_item_get_item (list_item);
  gulong handler = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (list_item), "pd-row-handler"));

  if (item != NULL && handler != 0)
    g_signal_handler_disconnect (item, handler);
  g_object_set_data (G_OBJECT (list_item), "pd-row-handler", NULL);
}

/* Sorting ------------------------------------------------------------------------ */

/* GTK 4.8 does not say which column the view sorts by
 * (gtk_column_view_sorter_get_primary_sort_column() is 4.10): ask its
 * sorter to compare two items; it asks the primary column's sorter
 * first, which says which column it is and "larger", and the view
 * inverts that when the column sorts descending. */
static int probed_column = -1;

static int
probe_sort (gconstpointer a,
            gconstpointer b,
            gpointer      user_data)
{
  probed_column = GPOINTER_TO_INT (user_data);
  return GTK_ORDERING_LARGER;
}

static void apply_query (PdMerchantsPage *self);

static void
on_sorter_changed_cb (GtkSorter       *sorter,
                      GtkSorterChange  change,
                      PdMerchantsPage *self)
{
  GtkOrdering order;

  probed_column = -1;
  order = gtk_sorter_compare (sorter, self->probe[0], self->probe[1]);
  if (probed_column < 0 || probed_column >= PD_MERCHANT_N_COLUMNS)
    {
      self->query.sort = PD_MERCHANT_COLUMN_SELLER;
      self->query.descending = FALSE;
    }
  else
    {
      self->query.sort = probed_column;
      self->query.descending = order == GTK_ORDERING_SMALLER;
    }
  apply_query (self);
}

static void
create_columns (PdMerchantsPage *self)
{
  const char *titles[PD_MERCHANT_N_COLUMNS] = {
    _("Seller"), _("Market"), _("Stage"), _("Verdict"), _("Deadline"),
    _("GMV Progress"), _("Inventory"), _("Staff"), _("Link"),
  };
  static const int widths[PD_MERCHANT_N_COLUMNS] = { 240, 64, 100, 90, 180, 200, 80, 90, 150 };

  for (PdMerchantColumn c = 0; c < PD_MERCHANT_N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkSorter *sorter = GTK_SORTER (gtk_custom_sorter_new (probe_sort, GINT_TO_POINTER (c), NULL));
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cell_cb), GINT_TO_POINTER (c));
      g_signal_connect_object (factory, "bind", G_CALLBACK (on_bind_cell_cb), self, 0);
      g_signal_connect_object (factory, "unbind", G_CALLBACK (on_unbind_cell_cb), self, 0);
      column = gtk_column_view_column_new (titles[c], factory);
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_fixed_width (column, widths[c]);
      if (c == PD_MERCHANT_COLUMN_SELLER)
        gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
      self->columns[c] = column;
      g_object_unref (sorter);
      g_object_unref (column);
    }

  gtk_column_view_sort_by_column (self->column_view, self->columns[PD_MERCHANT_COLUMN_SELLER],
                                  GTK_SORT_ASCENDING);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (on_sorter_changed_cb), self, 0);
}

/* Query, filters, state ------------------------------------------------------------ */

static const char *
selected_value (GtkDropDown *dropdown,
                GPtrArray   *values)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  return values != NULL && i < values->len ? g_ptr_array_index (values, i) : NULL;
}

static void
update_count (PdMerchantsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;

  if (n == self->state.rows)
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u merchant", "%u merchants", n), n);
  else
    /* Translators: rows matching the search and filters, of all rows. */
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u merchant", "%u of %u merchants",
                                          (gulong) self->state.rows),
                             n, (guint) self->state.rows);
  if (self->state.as_of > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (self->state.as_of);
      g_autofree char *time = g_date_time_format (when, "%H:%M");

      /* Translators: "12 merchants · verdicts as of 10:42". */
      text = g_strdup_printf (_("%s · verdicts as of %s"), count, time);
    }
  gtk_label_set_text (self->count_label, text != NULL ? text : count);
}

/* Before replacing every row: GtkMultiSelection keeps its selected items
 * and, when they go, looks for them among every new item (4.8), which
 * would read a million rows. Our items are new objects anyway. */
static void
unselect_all (PdMerchantsPage *self)
{
  if (self->selection != NULL)
    gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
}

static void
select_first (PdMerchantsPage *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), 0, TRUE);
}

static void
apply_query (PdMerchantsPage *self)
{
  const char *search;

  if (self->model == NULL || self->updating_filters || self->search_entry == NULL)
    return;

  search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_clear_pointer (&self->query.search, g_free);
  self->query.search = *search != '\0' ? g_strdup (search) : NULL;
  g_clear_pointer (&self->query.program_id, g_free);
  self->query.program_id = g_strdup (selected_value (self->program_dropdown, self->program_ids));
  g_clear_pointer (&self->query.market, g_free);
  self->query.market = g_strdup (selected_value (self->market_dropdown, self->markets));
  g_clear_pointer (&self->query.staff, g_free);
  self->query.staff = g_strdup (selected_value (self->staff_dropdown, self->staff));
  {
    guint v = gtk_drop_down_get_selected (self->verdict_dropdown);

    self->query.verdict = v == 0 || v == GTK_INVALID_LIST_POSITION ? -1 : (int) v - 1;
  }

  if (!pd_merchant_query_equal (&self->query, pd_merchant_list_model_get_query (self->model)))
    {
      unselect_all (self);
      pd_merchant_list_model_set_query (self->model, &self->query);
      select_first (self);
    }
  update_count (self);
}

/* Fills @dropdown with "all" and @values, keeping the selected value. */
static void
fill_dropdown (GtkDropDown *dropdown,
               GPtrArray   *old_values,
               GPtrArray   *values,
               GPtrArray   *labels,
               const char  *all)
{
  const char *selected = selected_value (dropdown, old_values);
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint position = 0;

  gtk_string_list_append (list, all);
  for (guint i = 1; i < values->len; i++)
    {
      gtk_string_list_append (list, g_ptr_array_index (labels != NULL ? labels : values, i));
      if (g_strcmp0 (selected, g_ptr_array_index (values, i)) == 0)
        position = i;
    }
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (dropdown, position);
}

static GPtrArray *
values_with_all (GPtrArray *values)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (out, NULL);
  for (guint i = 0; values != NULL && i < values->len; i++)
    g_ptr_array_add (out, g_strdup (g_ptr_array_index (values, i)));
  return out;
}

static void
update_filters (PdMerchantsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) programs = NULL;
  g_autoptr(GPtrArray) markets = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GPtrArray) program_ids = NULL;
  g_autoptr(GPtrArray) program_names = NULL;
  g_autoptr(GPtrArray) all_programs = NULL;

  programs = pd_merchant_index_list_values (self->index, PD_MERCHANT_COLUMN_SELLER, &error);
  if (programs != NULL)
    markets = pd_merchant_index_list_values (self->index, PD_MERCHANT_COLUMN_MARKET, &error);
  if (markets != NULL)
    staff = pd_merchant_index_list_values (self->index, PD_MERCHANT_COLUMN_STAFF, &error);
  if (staff == NULL)
    {
      g_warning ("Cannot list the merchants’ filters: %s", error->message);
      return;
    }

  program_ids = values_with_all (programs);
  program_names = values_with_all (programs);
  all_programs = pd_store_list_programs (pd_context_get_store (self->context), NULL);
  for (guint i = 1; i < program_names->len && all_programs != NULL; i++)
    for (guint j = 0; j < all_programs->len; j++)
      {
        PdProgram *program = g_ptr_array_index (all_programs, j);

        if (g_strcmp0 (pd_program_get_id (program), g_ptr_array_index (program_ids, i)) == 0)
          {
            g_free (g_ptr_array_index (program_names, i));
            g_ptr_array_index (program_names, i) = g_strdup (pd_program_get_name (program));
          }
      }

  self->updating_filters = TRUE;
  fill_dropdown (self->program_dropdown, self->program_ids, program_ids, program_names, _("All Programs"));
  g_clear_pointer (&self->program_ids, g_ptr_array_unref);
  self->program_ids = g_steal_pointer (&program_ids);
  {
    g_autoptr(GPtrArray) values = values_with_all (markets);

    fill_dropdown (self->market_dropdown, self->markets, values, NULL, _("All Markets"));
    g_clear_pointer (&self->markets, g_ptr_array_unref);
    self->markets = g_steal_pointer (&values);
  }
  {
    g_autoptr(GPtrArray) values = values_with_all (staff);

    fill_dropdown (self->staff_dropdown, self->staff, values, NULL, _("All Staff"));
    g_clear_pointer (&self->staff, g_ptr_array_unref);
    self->staff = g_steal_pointer (&values);
  }
  self->updating_filters = FALSE;
}

static void
update_stack (PdMerchantsPage *self)
{
  g_autoptr(GError) error = NULL;
  gboolean has = FALSE;

  if (self->context == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  if (!pd_merchant_store_has_merchants (pd_context_get_store (self->context), &has, &error))
    g_warning ("%s", error->message);
  if (!has)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else if (self->state.as_of == 0)
    gtk_stack_set_visible_child_name (self->stack, "preparing");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
}

/* Re-reads everything after the rows changed, keeping the selection
 * where it was when the count did not change. */
static void
reload (PdMerchantsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkBitset) selected = NULL;
  guint before = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  gboolean changed = FALSE;

  if (!pd_merchant_index_check (self->index, &changed, &self->state, &error))
    g_warning ("Cannot read the merchants: %s", error->message);
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  unselect_all (self);
  update_filters (self);
  apply_query (self);
  unselect_all (self);
  pd_merchant_list_model_reload (self->model);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) == before && !gtk_bitset_is_empty (selected))
    gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), selected, selected);
  else
    select_first (self);
  update_count (self);
  update_stack (self);
  if (adw_flap_get_reveal_flap (self->flap))
    pd_merchant_detail_reload (self->detail);
}

static void
on_refreshed_cb (PdMerchantRefresher *refresher,
                 const char          *error_message,
                 PdMerchantsPage     *self)
{
  if (error_message != NULL)
    show_toast (self, _("The merchant list could not be updated; see the log"));
  reload (self);
}

/* The first build of the rows, with many merchants, takes a while: the
 * "preparing" state shows how far it is. */
static void
on_refresh_progress_cb (PdMerchantsPage *self)
{
  gtk_progress_bar_set_fraction (self->preparing_progress,
                                 pd_merchant_refresher_get_progress (self->refresher));
}

static void
on_refreshing_cb (PdMerchantsPage *self)
{
  gboolean running = pd_merchant_refresher_get_running (self->refresher);

  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
}

/* Rows whose links or staff we just changed: updated at once, in place. */
static void
update_sellers (PdMerchantsPage     *self,
                const char * const  *seller_ids)
{
  g_autoptr(GError) error = NULL;
  gboolean rebuild = FALSE;

  if (!pd_merchant_update_sellers (pd_context_get_store (self->context), seller_ids, now_seconds (self),
                                   &rebuild, &error))
    {
      g_warning ("Cannot update the merchants’ rows: %s", error->message);
      rebuild = TRUE;
    }
  if (rebuild)
    pd_merchant_refresher_request (self->refresher, PD_MERCHANT_REFRESH_DEFAULT);
  reload (self);
}

static void
on_store_changed_cb (PdContext       *context,
                     const char      *what,
                     PdMerchantsPage *self)
{
  if (g_strcmp0 (what, "settings") == 0 || g_strcmp0 (what, "credentials") == 0)
    return;
  if (self->own_change)
    return;

  if (self->pending_sellers->len > 0)
    {
      g_ptr_array_add (self->pending_sellers, NULL);
      update_sellers (self, (const char * const *) self->pending_sellers->pdata);
      g_ptr_array_set_size (self->pending_sellers, 0);
    }
  pd_merchant_refresher_request (self->refresher,
                                 g_strcmp0 (what, "targets") == 0 || g_strcmp0 (what, "program") == 0 ?
                                 PD_MERCHANT_REFRESH_REBUILD : PD_MERCHANT_REFRESH_DEFAULT);
  update_stack (self);
}

/* Tells the other pages, without refreshing ourselves again. */
static void
announce_change (PdMerchantsPage *self,
                 const char      *what)
{
  self->own_change = TRUE;
  pd_context_store_changed (self->context, what);
  self->own_change = FALSE;
}

/* Selection ------------------------------------------------------------------------ */

static PdMerchantRow *
current_row (PdMerchantsPage *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(PdMerchantItem) item = NULL;

  if (self->selection == NULL)
    return NULL;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_is_empty (selected))
    return NULL;
  item = g_list_model_get_item (G_LIST_MODEL (self->selection), gtk_bitset_get_minimum (selected));
  return item != NULL ? pd_merchant_row_copy (pd_merchant_item_get_row (item)) : NULL;
}

/* The selected rows (PdMerchantRow), or NULL with a toast when there are
 * none or too many. */
static GPtrArray *
selected_rows (PdMerchantsPage *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_merchant_row_free);
  GtkBitsetIter iter;
  guint position;

  if (self->selection == NULL)
    return NULL;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_is_empty (selected))
    {
      show_toast (self, _("Select merchants first"));
      return NULL;
    }
  if (gtk_bitset_get_size (selected) > MAX_BULK_ROWS)
    {
      g_autofree char *message = g_strdup_printf (_("Select at most %u merchants at a time"), MAX_BULK_ROWS);

      show_toast (self, message);
      return NULL;
    }
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(PdMerchantItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

      if (item != NULL && *pd_merchant_item_get_row (item)->seller_id != '\0')
        g_ptr_array_add (rows, pd_merchant_row_copy (pd_merchant_item_get_row (item)));
    }
  return g_steal_pointer (&rows);
}

/* Distinct seller ids of @rows, NULL-terminated. */
static GStrv
seller_ids (GPtrArray *rows)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < rows->len; i++)
    {
      const PdMerchantRow *row = g_ptr_array_index (rows, i);

      if (g_hash_table_add (seen, row->seller_id))
        g_strv_builder_add (builder, row->seller_id);
    }
  return g_strv_builder_end (builder);
}

static void
show_details (PdMerchantsPage *self)
{
  g_autoptr(PdMerchantRow) row = current_row (self);

  if (row == NULL)
    return;
  pd_merchant_detail_show_row (self->detail, row);
  adw_flap_set_reveal_flap (self->flap, TRUE);
}

static void
on_selection_changed_cb (PdMerchantsPage *self)
{
  g_autoptr(PdMerchantRow) row = NULL;
  const PdMerchantRow *shown;

  if (!adw_flap_get_reveal_flap (self->flap))
    return;
  row = current_row (self);
  shown = pd_merchant_detail_get_row (self->detail);
  if (row == NULL || (shown != NULL && shown->id == row->id &&
                      g_strcmp0 (shown->seller_id, row->seller_id) == 0))
    return;
  pd_merchant_detail_show_row (self->detail, row);
}

static void
on_column_view_activate_cb (PdMerchantsPage *self,
                            guint            position)
{
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  show_details (self);
}

static void
on_flap_revealed_cb (PdMerchantsPage *self)
{
  if (adw_flap_get_reveal_flap (self->flap))
    {
      g_autoptr(PdMerchantRow) row = current_row (self);

      if (row != NULL)
        pd_merchant_detail_show_row (self->detail, row);
    }
}

static void
on_search_changed_cb (PdMerchantsPage *self)
{
  apply_query (self);
}

static void
on_search_activate_cb (PdMerchantsPage *self)
{
  if (current_row (self) == NULL)
    select_first (self);
  show_details (self);
}

static void
on_search_stop_cb (PdMerchantsPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_filter_changed_cb (PdMerchantsPage *self)
{
  apply_query (self);
}

static void
on_notes_saved_cb (PdMerchantsPage *self,
                   const char      *seller_id)
{
  const char * const sellers[] = { seller_id, NULL };

  update_sellers (self, sellers);
  announce_change (self, "notes");
  show_toast (self, _("Notes saved"));
}

/* Actions ------------------------------------------------------------------------ */

static void
show_error (PdMerchantsPage *self,
            const char      *heading,
            const char      *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_link_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PdMerchantsPage *self = PD_MERCHANTS_PAGE (widget);
  g_autoptr(GPtrArray) rows = selected_rows (self);
  g_autoptr(GHashTable) by_program = NULL;
  g_auto(GStrv) all = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint made = 0;

  if (rows == NULL || rows->len == 0)
    return;

  /* One transaction per program: every seller gets its link or none. */
  by_program = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < rows->len; i++)
    {
      PdMerchantRow *row = g_ptr_array_index (rows, i);
      GPtrArray *list = g_hash_table_lookup (by_program, row->program_id);

      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (by_program, row->program_id, list);
        }
      g_ptr_array_add (list, row);
    }

  g_hash_table_iter_init (&iter, by_program);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) ids = seller_ids (value);
      g_autoptr(GPtrArray) links = pd_store_link_onboarding_bulk (pd_context_get_store (self->context),
                                                                  (const char * const *) ids, key, NULL,
                                                                  &error);

      if (links == NULL)
        {
          show_error (self, _("Cannot Create Links"), error->message);
          break;
        }
      made += links->len;
    }

  all = seller_ids (rows);
  update_sellers (self, (const char * const *) all);
  if (made > 0)
    {
      g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "Onboarding link ready for %u merchant",
                                                               "Onboarding links ready for %u merchants", made),
                                                  made);

      announce_change (self, "links");
      show_toast (self, message);
    }
}

/* The URL of the selected row's link; NULL after telling why not. */
static char *
selected_link_url (PdMerchantsPage *self,
                   char           **token_out)
{
  g_autoptr(PdMerchantRow) row = current_row (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdLink) link = NULL;

  if (row == NULL)
    {
      show_toast (self, _("Select a merchant first"));
      return NULL;
    }
  if (row->link_token == NULL)
    {
      show_toast (self, _("This merchant has no link yet: create one with Ctrl+L"));
      return NULL;
    }
  if (token_out != NULL)
    *token_out = g_strdup (row->link_token);
  if (row->link_url != NULL)
    return g_strdup (row->link_url);
  link = pd_store_link_get (pd_context_get_store (self->context), row->link_token, &error);
  if (link == NULL || link->url == NULL)
    {
      show_toast (self, _("This link has no URL: it was imported without one"));
      return NULL;
    }
  return g_strdup (link->url);
}

/* The URL a link action is for: its parameter (the detail pane's link
 * history), else the selected merchant's link. */
static char *
action_link_url (PdMerchantsPage *self,
                 GVariant        *parameter)
{
  if (parameter != NULL)
    return g_variant_dup_string (parameter, NULL);
  return selected_link_url (self, NULL);
}

static void
copy_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_autofree char *url = action_link_url (PD_MERCHANTS_PAGE (widget), parameter);

  if (url != NULL)
    pd_link_copy_to_clipboard (widget, url);
}

static void
show_qr_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_autofree char *url = action_link_url (PD_MERCHANTS_PAGE (widget), parameter);

  if (url != NULL)
    pd_link_show_qr_code (widget, url);
}

static void
revoke_link (PdMerchantsPage *self,
             const char      *seller_id,
             const char      *token)
{
  /* The helper asks, revokes and says "links" changed: that seller's
   * rows are updated then. */
  g_ptr_array_add (self->pending_sellers, g_strdup (seller_id));
  pd_link_revoke_with_confirmation (GTK_WIDGET (self), self->context, token);
}

static void
revoke_link_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PdMerchantsPage *self = PD_MERCHANTS_PAGE (widget);
  g_autoptr(PdMerchantRow) row = current_row (self);

  if (row == NULL)
    {
      show_toast (self, _("Select a merchant first"));
      return;
    }
  if (row->link_token == NULL || g_strcmp0 (row->link_state, "active") != 0)
    {
      show_toast (self, _("This merchant has no active link to revoke"));
      return;
    }
  revoke_link (self, row->seller_id, row->link_token);
}

static void
revoke_token_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PdMerchantsPage *self = PD_MERCHANTS_PAGE (widget);
  const PdMerchantRow *row = pd_merchant_detail_get_row (self->detail);

  if (row != NULL)
    revoke_link (self, row->seller_id, g_variant_get_string (parameter, NULL));
}

typedef struct
{
  PdMerchantsPage *page;
  GStrv            sellers;
  GtkEditable     *entry;
  GtkDropDown     *choices;
  GPtrArray       *names;
} DialogData;

static void
dialog_data_free (gpointer data)
{
  DialogData *d = data;

  g_object_unref (d->page);
  g_strfreev (d->sellers);
  g_clear_pointer (&d->names, g_ptr_array_unref);
  g_free (d);
}

static void
on_note_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     DialogData       *d)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "add") != 0)
    return;
  if (!pd_merchant_notes_append (pd_context_get_store (d->page->context), (const char * const *) d->sellers,
                                 gtk_editable_get_text (d->entry),
                                 g_get_real_time () / G_USEC_PER_SEC, &error))
    {
      show_error (d->page, _("Cannot Add the Note"), error->message);
      return;
    }
  if (adw_flap_get_reveal_flap (d->page->flap))
    pd_merchant_detail_reload (d->page->detail);
  announce_change (d->page, "notes");
  show_toast (d->page, _("Note added"));
}

static GtkWidget *
new_dialog (PdMerchantsPage *self,
            const char      *heading,
            const char      *body,
            const char      *verb)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "add", verb, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}

static void
add_note_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PdMerchantsPage *self = PD_MERCHANTS_PAGE (widget);
  g_autoptr(GPtrArray) rows = selected_rows (self);
  g_autofree char *body = NULL;
  DialogData *d;
  GtkWidget *dialog, *entry;

  if (rows == NULL || rows->len == 0)
    return;
  d = g_new0 (DialogData, 1);
  d->page = g_object_ref (self);
  d->sellers = seller_ids (rows);
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The note is added, dated and signed, to %u merchant.",
                                       "The note is added, dated and signed, to %u merchants.",
                                       g_strv_length (d->sellers)),
                          g_strv_length (d->sellers));
  dialog = new_dialog (self, _("Add a Note"), body, _("_Add"));
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Called back, sent the deck…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note"), -1);
  d->entry = GTK_EDITABLE (entry);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_note_response_cb), d,
                         (GClosureNotify) (void (*) (void)) dialog_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_staff_chosen_cb (GtkDropDown *dropdown,
                    GParamSpec  *pspec,
                    DialogData  *d)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  if (d->names != NULL && i > 0 && i < d->names->len)
    gtk_editable_set_text (d->entry, g_ptr_array_index (d->names, i));
}

static void
on_assign_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       DialogData       *d)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (g_strcmp0 (response, "add") != 0)
    return;
  name = g_strstrip (g_strdup (gtk_editable_get_text (d->entry)));
  if (!pd_merchant_notes_assign (pd_context_get_store (d->page->context), (const char * const *) d->sellers,
                                 name, &error))
    {
      show_error (d->page, _("Cannot Assign"), error->message);
      return;
    }
  update_sellers (d->page, (const char * const *) d->sellers);
  announce_change (d->page, "notes");
  if (*name != '\0')
    /* Translators: %s is a staff member's name. */
    message = g_strdup_printf (_("Assigned to %s"), name);
  show_toast (d->page, message != NULL ? message : _("Assignment removed"));
}

static void
assign_staff_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PdMerchantsPage *self = PD_MERCHANTS_PAGE (widget);
  g_autoptr(GPtrArray) rows = selected_rows (self);
  g_autoptr(GtkStringList) list = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  g_autofree char *body = NULL;
  DialogData *d;
  GtkWidget *dialog, *box, *entry, *dropdown;

  if (rows == NULL || rows->len == 0)
    return;
  d = g_new0 (DialogData, 1);
  d->page = g_object_ref (self);
  d->sellers = seller_ids (rows);
  staff = pd_merchant_list_staff (pd_context_get_store (self->context), NULL);
  d->names = values_with_all (staff);

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Who follows up %u merchant? Leave the name empty for nobody.",
                                       "Who follows up %u merchants? Leave the name empty for nobody.",
                                       g_strv_length (d->sellers)),
                          g_strv_length (d->sellers));
  dialog = new_dialog (self, _("Assign Staff"), body, _("_Assign"));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  list = gtk_string_list_new (NULL);
  gtk_string_list_append (list, _("Choose someone…"));
  for (guint i = 1; i < d->names->len; i++)
    gtk_string_list_append (list, g_ptr_array_index (d->names, i));
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&list)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Staff"), -1);
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Name"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Assignee"), -1);
  gtk_box_append (GTK_BOX (box), dropdown);
  gtk_box_append (GTK_BOX (box), entry);
  d->entry = GTK_EDITABLE (entry);
  d->choices = GTK_DROP_DOWN (dropdown);
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (on_staff_chosen_cb), d);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_assign_response_cb), d,
                         (GClosureNotify) (void (*) (void)) dialog_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PdMerchantsPage *self = PD_MERCHANTS_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
show_details_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  show_details (PD_MERCHANTS_PAGE (widget));
}

static void
hide_details_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  adw_flap_set_reveal_flap (PD_MERCHANTS_PAGE (widget)->flap, FALSE);
}

/* Ctrl+F and Ctrl+L work from anywhere in the window while the page is
 * shown, not only when the focus is in it. */
static gboolean
on_global_shortcut_cb (GtkWidget *widget,
                       GVariant  *args,
                       gpointer   user_data)
{
  PdMerchantsPage *self = PD_MERCHANTS_PAGE (widget);

  if (!gtk_widget_get_mapped (widget) || self->context == NULL ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "list") != 0)
    return FALSE;
  gtk_widget_activate_action (widget, user_data, NULL);
  return TRUE;
}

/* Life ------------------------------------------------------------------------- */

static void
pd_merchants_page_dispose (GObject *object)
{
  PdMerchantsPage *self = PD_MERCHANTS_PAGE (object);

  if (self->refresher != NULL)
    {
      pd_merchant_refresher_stop (self->refresher);
      g_signal_handlers_disconnect_by_data (self->refresher, self);
    }
  if (self->column_view != NULL)
    {
      g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
      gtk_column_view_set_model (self->column_view, NULL);
    }
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  /* The template's top widget is the bin's child: let the bin let go of
   * it first, or disposing the template leaves the bin a stale pointer. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_MERCHANTS_PAGE);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_clear_object (&self->refresher);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->index);
  g_clear_object (&self->context);
  g_clear_object (&self->probe[0]);
  g_clear_object (&self->probe[1]);

  G_OBJECT_CLASS (pd_merchants_page_parent_class)->dispose (object);
}

static void
pd_merchants_page_finalize (GObject *object)
{
  PdMerchantsPage *self = PD_MERCHANTS_PAGE (object);

  pd_merchant_query_clear (&self->query);
  g_clear_pointer (&self->program_ids, g_ptr_array_unref);
  g_clear_pointer (&self->markets, g_ptr_array_unref);
  g_clear_pointer (&self->staff, g_ptr_array_unref);
  g_ptr_array_unref (self->pending_sellers);

  G_OBJECT_CLASS (pd_merchants_page_parent_class)->finalize (object);
}

static void
pd_merchants_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PdMerchantsPage *self = PD_MERCHANTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_merchants_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PdMerchantsPage *self = PD_MERCHANTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      pd_merchants_page_set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_merchants_page_class_init (PdMerchantsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_merchants_page_dispose;
  object_class->finalize = pd_merchants_page_finalize;
  object_class->get_property = pd_merchants_page_get_property;
  object_class->set_property = pd_merchants_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PD_TYPE_MERCHANT_DETAIL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/gui/pd-merchants-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PdMerchantsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantsPage, flap);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantsPage, details_button);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantsPage, program_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantsPage, verdict_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantsPage, market_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantsPage, staff_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantsPage, preparing_progress);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantsPage, detail);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_notes_saved_cb);

  gtk_widget_class_install_action (widget_class, "merchants.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "merchants.new-link", NULL, new_link_action);
  gtk_widget_class_install_action (widget_class, "merchants.copy-link", NULL, copy_link_action);
  gtk_widget_class_install_action (widget_class, "merchants.show-qr", NULL, show_qr_action);
  gtk_widget_class_install_action (widget_class, "merchants.revoke-link", NULL, revoke_link_action);
  gtk_widget_class_install_action (widget_class, "merchants.copy-url", "s", copy_link_action);
  gtk_widget_class_install_action (widget_class, "merchants.show-qr-url", "s", show_qr_action);
  gtk_widget_class_install_action (widget_class, "merchants.revoke-token", "s", revoke_token_action);
  gtk_widget_class_install_action (widget_class, "merchants.add-note", NULL, add_note_action);
  gtk_widget_class_install_action (widget_class, "merchants.assign-staff", NULL, assign_staff_action);
  gtk_widget_class_install_action (widget_class, "merchants.show-details", NULL, show_details_action);
  gtk_widget_class_install_action (widget_class, "merchants.hide-details", NULL, hide_details_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "merchants.copy-link", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "merchants.hide-details", NULL);
}

static void
pd_merchants_page_init (PdMerchantsPage *self)
{
  GtkEventController *shortcuts;
  g_autoptr(GtkStringList) verdicts = NULL;

  self->pending_sellers = g_ptr_array_new_with_free_func (g_free);
  pd_merchant_query_init (&self->query);
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < 2; i++)
    {
      PdMerchantRow *row = g_new0 (PdMerchantRow, 1);

      row->seller_id = g_strdup ("");
      self->probe[i] = pd_merchant_item_new (row);
    }
  create_columns (self);

  verdicts = gtk_string_list_new (NULL);
  gtk_string_list_append (verdicts, _("Any Verdict"));
  for (PdMerchantVerdict v = 0; v < PD_MERCHANT_N_VERDICTS; v++)
    gtk_string_list_append (verdicts, pd_merchant_verdict_to_display (v));
  gtk_drop_down_set_model (self->verdict_dropdown, G_LIST_MODEL (verdicts));
  {
    const char *all[] = { _("All Programs"), NULL };
    const char *markets[] = { _("All Markets"), NULL };
    const char *staff[] = { _("All Staff"), NULL };
    g_autoptr(GtkStringList) a = gtk_string_list_new (all);
    g_autoptr(GtkStringList) m = gtk_string_list_new (markets);
    g_autoptr(GtkStringList) s = gtk_string_list_new (staff);

    gtk_drop_down_set_model (self->program_dropdown, G_LIST_MODEL (a));
    gtk_drop_down_set_model (self->market_dropdown, G_LIST_MODEL (m));
    gtk_drop_down_set_model (self->staff_dropdown, G_LIST_MODEL (s));
  }
  g_signal_connect_object (self->program_dropdown, "notify::selected", G_CALLBACK (on_filter_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->verdict_dropdown, "notify::selected", G_CALLBACK (on_filter_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->market_dropdown, "notify::selected", G_CALLBACK (on_filter_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->staff_dropdown, "notify::selected", G_CALLBACK (on_filter_changed_cb),
                           self, G_CONNECT_SWAPPED);

  g_object_bind_property (self->details_button, "active", self->flap, "reveal-flap",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->flap, "notify::reveal-flap", G_CALLBACK (on_flap_revealed_cb),
                           self, G_CONNECT_SWAPPED);

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (on_global_shortcut_cb,
                                                                                   (gpointer) "merchants.search",
                                                                                   NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_l, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (on_global_shortcut_cb,
                                                                                   (gpointer) "merchants.new-link",
                                                                                   NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  update_stack (self);
}

GtkWidget *
pd_merchants_page_new (PdContext *context)
{
  return g_object_new (PD_TYPE_MERCHANTS_PAGE, "context", context, NULL);
}

PdContext *
pd_merchants_page_get_context (PdMerchantsPage *self)
{
  g_return_val_if_fail (PD_IS_MERCHANTS_PAGE (self), NULL);
  return self->context;
}

static void
on_context_started_cb (PdMerchantsPage *self)
{
  if (self->refresher != NULL)
    pd_merchant_refresher_request (self->refresher, PD_MERCHANT_REFRESH_DEFAULT);
}

void
pd_merchants_page_set_context (PdMerchantsPage *self,
                               PdContext       *context)
{
  g_autoptr(GError) error = NULL;
  PdStore *store;

  g_return_if_fail (PD_IS_MERCHANTS_PAGE (self));
  g_return_if_fail (context == NULL || PD_IS_CONTEXT (context));

  if (self->context == context)
    return;
  if (self->context != NULL)
    {
      g_warning ("The Merchants page already has a context; it cannot change");
      return;
    }
  if (context == NULL)
    return;

  self->context = g_object_ref (context);
  store = pd_context_get_store (context);
  self->index = pd_merchant_index_new (store);
  self->model = pd_merchant_list_model_new (self->index);
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (on_selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  pd_merchant_detail_set_index (self->detail, self->index, pd_context_get_clock (self->context));

  self->refresher = pd_merchant_refresher_new (pd_store_get_path (store),
                                              pd_context_get_clock (self->context));
  g_signal_connect_object (self->refresher, "refreshed", G_CALLBACK (on_refreshed_cb), self, 0);
  g_signal_connect_object (self->refresher, "notify::running", G_CALLBACK (on_refreshing_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->refresher, "notify::progress", G_CALLBACK (on_refresh_progress_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "store-changed", G_CALLBACK (on_store_changed_cb), self, 0);

  if (!pd_merchant_index_check (self->index, NULL, &self->state, &error))
    g_warning ("Cannot read the merchants: %s", error->message);
  update_filters (self);
  apply_query (self);
  unselect_all (self);
  pd_merchant_list_model_reload (self->model);
  select_first (self);
  update_count (self);
  update_stack (self);

  /* Verdicts as of now, and whatever changed while the app was closed:
   * after the window's first frame (pd-context.h). */
  if (pd_context_is_started (context))
    pd_merchant_refresher_request (self->refresher, PD_MERCHANT_REFRESH_DEFAULT);
  else
    g_signal_connect_object (context, "started", G_CALLBACK (on_context_started_cb), self,
                             G_CONNECT_SWAPPED);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

GtkColumnView *
pd_merchants_page_get_column_view (PdMerchantsPage *self)
{
  g_return_val_if_fail (PD_IS_MERCHANTS_PAGE (self), NULL);
  return self->column_view;
}

GListModel *
pd_merchants_page_get_model (PdMerchantsPage *self)
{
  g_return_val_if_fail (PD_IS_MERCHANTS_PAGE (self), NULL);
  return self->model != NULL ? G_LIST_MODEL (self->model) : NULL;
}

gboolean
pd_merchants_page_get_refreshing (PdMerchantsPage *self)
{
  g_return_val_if_fail (PD_IS_MERCHANTS_PAGE (self), FALSE);
  return self->refresher != NULL && pd_merchant_refresher_get_running (self->refresher);
}
