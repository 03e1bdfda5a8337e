/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchants"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-a11y.h"
#include "pd-link-actions.h"
#include "pd-merchant-cell.h"
#include "pd-merchant-detail.h"
#include "pd-merchant-format.h"
#include "pd-merchant-gmv-cell.h"
#include "pd-merchant-item.h"
#include "pd-merchant-label-cell.h"
#include "pd-merchant-list-model.h"
#include "pd-merchant-notes.h"
#include "pd-merchant-refresher.h"
#include "pd-merchant-seller-cell.h"
#include "pd-merchants-page-private.h"
#include "pd-program-period.h"
#include "pd-store-links.h"
#include "pd-toast.h"


G_DEFINE_FINAL_TYPE (PdMerchantsPage, pd_merchants_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
pd_merchants_page_toast (PdMerchantsPage *self,
            const char      *message)
{
  pd_toast_show_text (GTK_WIDGET (self), message);
}

static gint64
now_seconds (PdMerchantsPage *self)
{
  return pd_clock_get_now (pd_context_get_clock (self->context));
}

/* Cells ------------------------------------------------------------------------ */

/* Each column's cell is a widget class with its template
 * (pd-merchant-cell.h); the factory gives it the item of its position. */
static void
on_setup_cell_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  PdMerchantsPage          *self)
{
  PdMerchantColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "pd-column"));
  GtkWidget *cell;

  switch (column)
    {
    case PD_MERCHANT_COLUMN_SELLER:
      cell = pd_merchant_seller_cell_new ();
      break;

    case PD_MERCHANT_COLUMN_GMV:
      cell = pd_merchant_gmv_cell_new ();
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
      cell = pd_merchant_label_cell_new (column, self->index, pd_context_get_clock (self->context));
      break;
    }
  gtk_list_item_set_child (list_item, cell);
}

static void
on_bind_cell_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 PdMerchantsPage          *self)
{
  pd_merchant_cell_set_item (PD_MERCHANT_CELL (gtk_list_item_get_child (list_item)),
                             gtk_list_item_get_item (list_item));
}

static void
on_unbind_cell_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   PdMerchantsPage          *self)
{
  pd_merchant_cell_set_item (PD_MERCHANT_CELL (gtk_list_item_get_child (list_item)), NULL);
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
  /* Stage fits its longest name, "Sales Threshold Met" (已达销售门槛);
   * Deadline "2026-12-31 · 124 days left" (the zone goes below it);
   * Seller to Deadline fit a 700 px window; GMV fits "CNY 2,000.00 of
   * 1,000.00" beside its bar. The columns whose text is long share what
   * a wider window has to spare. */
  static const int widths[PD_MERCHANT_N_COLUMNS] = { 210, 60, 150, 84, 180, 250, 80, 90, 150 };

  for (PdMerchantColumn c = 0; c < PD_MERCHANT_N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkSorter *sorter = GTK_SORTER (gtk_custom_sorter_new (probe_sort, GINT_TO_POINTER (c), NULL));
      GtkColumnViewColumn *column;

      g_object_set_data (G_OBJECT (factory), "pd-column", GINT_TO_POINTER (c));
      g_signal_connect_object (factory, "setup", G_CALLBACK (on_setup_cell_cb), self, 0);
      g_signal_connect_object (factory, "bind", G_CALLBACK (on_bind_cell_cb), self, 0);
      g_signal_connect_object (factory, "unbind", G_CALLBACK (on_unbind_cell_cb), self, 0);
      column = gtk_column_view_column_new (titles[c], factory);
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_fixed_width (column, widths[c]);
      if (c == PD_MERCHANT_COLUMN_SELLER || c == PD_MERCHANT_COLUMN_GMV || c == PD_MERCHANT_COLUMN_STAFF ||
          c == PD_MERCHANT_COLUMN_LINK)
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
  {
    guint position = gtk_drop_down_get_selected (self->stage_dropdown);
    PdStage stage;

    /* "Any Stage", then the stages in pipeline order. */
    self->query.stage = position != 0 && position != GTK_INVALID_LIST_POSITION &&
                        pd_stage_from_position (position - 1, &stage) ? (int) stage : -1;
  }

  if (!pd_merchant_query_equal (&self->query, pd_merchant_list_model_get_query (self->model)))
    {
      unselect_all (self);
      pd_merchant_list_model_set_query (self->model, &self->query);
      select_first (self);
    }
  update_count (self);
}

void
pd_merchants_page_requery (PdMerchantsPage *self)
{
  apply_query (self);
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
  gint64 now = now_seconds (self);

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
            /* A program whose period has ended says so. */
            g_free (g_ptr_array_index (program_names, i));
            g_ptr_array_index (program_names, i) = pd_program_dup_label (program, now);
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
  {
    g_autoptr(GtkBitset) current = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

    /* A copy: GtkMultiSelection hands out its own set, which unselecting
     * empties. */
    selected = gtk_bitset_copy (current);
  }
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
  pd_merchants_page_reveal_pending (self);
}

static void
on_refreshed_cb (PdMerchantRefresher *refresher,
                 const char          *error_message,
                 PdMerchantsPage     *self)
{
  if (error_message != NULL)
    pd_merchants_page_toast (self, _("The merchant list could not be updated; see the log"));
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

/* Rows of sellers whose links, notes or staff someone changed: updated
 * at once, in place (or rebuilt when their shape changed). */
static void
update_sellers (PdMerchantsPage    *self,
                const char * const *seller_ids)
{
  g_autoptr(GError) error = NULL;
  gboolean rebuild = FALSE;

  if (!pd_merchant_update_sellers (pd_context_get_store (self->context), seller_ids, now_seconds (self),
                                   &rebuild, &error))
    {
      g_warning ("Cannot update the merchants’ rows: %s", error->message);
      rebuild = TRUE;
    }
  /* A refresh under way read the store before this write and would write
   * its older rows over these: one more run follows it. */
  if (rebuild || pd_merchant_refresher_get_running (self->refresher))
    pd_merchant_refresher_request (self->refresher, PD_MERCHANT_REFRESH_DEFAULT);
  reload (self);
}

/* Whoever wrote (this page too): links, notes or assignments of named
 * sellers update their rows in place; anything else (an import, a sync,
 * another process) has updated the rows it touched itself
 * (pd-merchant-rows.h), and the background refresh only catches what
 * the clock changed or what was marked stale; a program written
 * rebuilds them. */
static void
on_store_changed_cb (PdStore             *store,
                     const PdStoreChange *change,
                     PdMerchantsPage     *self)
{
  if (!pd_store_change_has (change, PD_ENTITY_DATA))
    return;

  if (change->ids != NULL &&
      !pd_store_change_has (change, PD_ENTITY_DATA & ~(PD_ENTITY_LINKS | PD_ENTITY_NOTES)))
    {
      update_sellers (self, (const char * const *) change->ids);
      return;
    }
  /* An import of this process brought the rows up to date before its
   * progress bar finished: they show now, searchable at once (the
   * orders read anew here, not at the first keystroke), and the refresh
   * only makes the search keys when they lag, not a pass over every
   * seller competing with the typing. */
  if (change->origin == PD_CHANGE_ORIGIN_IMPORT && !pd_store_change_has (change, PD_ENTITY_PROGRAMS))
    {
      reload (self);
      pd_merchant_refresher_request (self->refresher, PD_MERCHANT_REFRESH_IF_STALE);
      return;
    }
  pd_merchant_refresher_request (self->refresher,
                                 pd_store_change_has (change, PD_ENTITY_PROGRAMS) &&
                                 change->origin != PD_CHANGE_ORIGIN_SYNC ?
                                 PD_MERCHANT_REFRESH_REBUILD : PD_MERCHANT_REFRESH_DEFAULT);
  update_stack (self);
}

/* Selection ------------------------------------------------------------------------ */

PdMerchantRow *
pd_merchants_page_current_row (PdMerchantsPage *self)
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

void
pd_merchants_page_show_details (PdMerchantsPage *self)
{
  g_autoptr(PdMerchantRow) row = pd_merchants_page_current_row (self);

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
  row = pd_merchants_page_current_row (self);
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
  pd_merchants_page_show_details (self);
}

static void
on_flap_revealed_cb (PdMerchantsPage *self)
{
  if (adw_flap_get_reveal_flap (self->flap))
    {
      g_autoptr(PdMerchantRow) row = pd_merchants_page_current_row (self);

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
  if (pd_merchants_page_current_row (self) == NULL)
    select_first (self);
  pd_merchants_page_show_details (self);
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
  /* The store said so: the row is updated already. */
  pd_merchants_page_toast (self, _("Notes saved"));
}

/* Life ------------------------------------------------------------------------- */

static void
pd_merchants_page_dispose (GObject *object)
{
  PdMerchantsPage *self = PD_MERCHANTS_PAGE (object);

  /* The refresher is the context's: it goes on (or stops) with it. */
  if (self->refresher != NULL)
    g_signal_handlers_disconnect_by_data (self->refresher, self);
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
  g_clear_pointer (&self->filter_program, g_free);
  g_clear_pointer (&self->reveal_seller, g_free);
  g_clear_pointer (&self->markets, g_ptr_array_unref);
  g_clear_pointer (&self->staff, g_ptr_array_unref);

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
  gtk_widget_class_bind_template_child (widget_class, PdMerchantsPage, stage_dropdown);
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

  pd_merchants_page_class_init_actions (widget_class);
}

static void
pd_merchants_page_init (PdMerchantsPage *self)
{
  g_autoptr(GtkStringList) verdicts = NULL;
  g_autoptr(GtkStringList) stages = NULL;

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
  stages = gtk_string_list_new (NULL);
  gtk_string_list_append (stages, _("Any Stage"));
  for (guint position = 0; position < PD_N_STAGE_NAMES; position++)
    {
      PdStage stage;

      if (pd_stage_from_position (position, &stage))
        gtk_string_list_append (stages, pd_stage_to_display (stage));
    }
  gtk_drop_down_set_model (self->stage_dropdown, G_LIST_MODEL (stages));
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
  g_signal_connect_object (self->stage_dropdown, "notify::selected", G_CALLBACK (on_filter_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->market_dropdown, "notify::selected", G_CALLBACK (on_filter_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->staff_dropdown, "notify::selected", G_CALLBACK (on_filter_changed_cb),
                           self, G_CONNECT_SWAPPED);

  g_object_bind_property (self->details_button, "active", self->flap, "reveal-flap",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->flap, "notify::reveal-flap", G_CALLBACK (on_flap_revealed_cb),
                           self, G_CONNECT_SWAPPED);

  pd_merchants_page_init_shortcuts (self);

  /* Rows scrolled into sight show what their cells have waited to show. */
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self->column_view), GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    g_signal_connect (adjustment, "value-changed", G_CALLBACK (pd_merchant_cell_flush_pending_soon), NULL);
    g_signal_connect (adjustment, "notify::page-size", G_CALLBACK (pd_merchant_cell_flush_pending_soon), NULL);
  }

  /* Screen readers name the filters' buttons, not "GtkToggleButton". */
  pd_a11y_label_column_view (self->column_view, _("Merchants"));
  pd_a11y_label_drop_down (self->program_dropdown, _("Program"));
  pd_a11y_label_drop_down (self->verdict_dropdown, _("Verdict"));
  pd_a11y_label_drop_down (self->stage_dropdown, _("Stage"));
  pd_a11y_label_drop_down (self->market_dropdown, _("Market"));
  pd_a11y_label_drop_down (self->staff_dropdown, _("Staff"));

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
    pd_merchant_refresher_request (self->refresher, PD_MERCHANT_REFRESH_IF_STALE);
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

  self->refresher = g_object_ref (pd_context_get_merchant_refresher (context));
  g_signal_connect_object (self->refresher, "refreshed", G_CALLBACK (on_refreshed_cb), self, 0);
  g_signal_connect_object (self->refresher, "notify::running", G_CALLBACK (on_refreshing_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->refresher, "notify::progress", G_CALLBACK (on_refresh_progress_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (pd_context_get_store (context), "changed", G_CALLBACK (on_store_changed_cb), self, 0);

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
   * after the window's first frame (pd-context.h), and only when the
   * rows are not current already (an import just made them): a pass
   * over a million rows would compete with the first keystrokes. */
  if (pd_context_is_started (context))
    pd_merchant_refresher_request (self->refresher, PD_MERCHANT_REFRESH_IF_STALE);
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
