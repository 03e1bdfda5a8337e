/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-requests-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pd-a11y.h"
#include "pd-first-rows.h"
#include "pd-keyboard.h"
#include "pd-request-detail.h"
#include "pd-request-format.h"
#include "pd-request-item.h"
#include "pd-request-row.h"
#include "pd-requests-page-private.h"
#include "pd-store-services.h"
#include "pd-toast.h"

G_DEFINE_FINAL_TYPE (PdRequestsPage, pd_requests_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* In the order of the dropdowns; NULL: all. */
static const char * const filter_statuses[] = {
  NULL, "partner_reviewing", "partner_accepted", "connected", "rejected", "closed",
};
static const char * const filter_types[] = { NULL, "select_partners", "platform_referral" };
static const PdRequestSort sorts[] = {
  PD_REQUEST_SORT_NEWEST, PD_REQUEST_SORT_BUDGET, PD_REQUEST_SORT_GMV,
};

/* A row shows three lines of text between its margins: never lower than
 * this, in any language (pd-first-rows.h). */
#define MIN_ROW_HEIGHT 48

static void
set_drop_down_strings (GtkDropDown        *dropdown,
                       const char * const *strings)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (strings);

  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
}

static void
fill_drop_downs (PdRequestsPage *self)
{
  const char *statuses[G_N_ELEMENTS (filter_statuses) + 1] = { _("All States") };
  const char *types[] = { _("All Types"), NULL, NULL, NULL };
  const char *orders[] = { _("Newest First"), _("Highest Budget"), _("Highest GMV"), NULL };

  for (guint i = 1; i < G_N_ELEMENTS (filter_statuses); i++)
    statuses[i] = pd_request_status_display (filter_statuses[i]);
  for (guint i = 1; i < G_N_ELEMENTS (filter_types); i++)
    types[i] = pd_request_type_display (filter_types[i]);
  set_drop_down_strings (self->status_dropdown, statuses);
  set_drop_down_strings (self->type_dropdown, types);
  set_drop_down_strings (self->sort_dropdown, orders);
  set_drop_down_strings (self->category_dropdown, (const char * const[]) { _("All Categories"), NULL });
  pd_a11y_label_drop_down (self->status_dropdown, _("Filter by state"));
  pd_a11y_label_drop_down (self->type_dropdown, _("Filter by request type"));
  pd_a11y_label_drop_down (self->category_dropdown, _("Filter by service category"));
  pd_a11y_label_drop_down (self->sort_dropdown, _("Order"));
}

/* The category dropdown lists the agency's service categories by name. */
static void
fill_categories (PdRequestsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char *selected_id = NULL;
  guint selected = gtk_drop_down_get_selected (self->category_dropdown);
  guint position = 0;

  if (self->category_ids != NULL && selected < self->category_ids->len)
    selected_id = g_ptr_array_index (self->category_ids, selected);
  categories = pd_store_list_service_categories (pd_context_get_store (self->context), &error);
  if (categories == NULL)
    g_warning ("Cannot list the service categories: %s", error->message);

  {
    g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

    g_ptr_array_add (ids, NULL);
    gtk_string_list_append (names, _("All Categories"));
    for (guint i = 0; categories != NULL && i < categories->len; i++)
      {
        const PdServiceCategory *category = g_ptr_array_index (categories, i);

        if (g_strcmp0 (category->id, selected_id) == 0)
          position = ids->len;
        g_ptr_array_add (ids, g_strdup (category->id));
        gtk_string_list_append (names, category->name != NULL ? category->name : category->id);
      }
    g_clear_pointer (&self->category_ids, g_ptr_array_unref);
    self->category_ids = g_steal_pointer (&ids);
  }
  g_signal_handlers_block_matched (self->category_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->category_dropdown, position);
  g_signal_handlers_unblock_matched (self->category_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

/* An amount entry's bound; a bad one is marked and counts as none. */
static gint64
entry_bound (GtkEntry *entry)
{
  g_autoptr(GError) error = NULL;
  gint64 units;

  if (pd_request_parse_whole_units (gtk_editable_get_text (GTK_EDITABLE (entry)), &units, &error))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry), NULL);
      return units;
    }
  gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (entry), error->message);
  return PD_REQUEST_NO_BOUND;
}

/* A range whose ends cross is no range: both ends are marked. */
static void
read_range (GtkEntry *min_entry,
            GtkEntry *max_entry,
            gint64   *min,
            gint64   *max)
{
  *min = entry_bound (min_entry);
  *max = entry_bound (max_entry);
  if (*min != PD_REQUEST_NO_BOUND && *max != PD_REQUEST_NO_BOUND && *min > *max)
    {
      gtk_widget_add_css_class (GTK_WIDGET (max_entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (max_entry), _("The end of the range is below its start"));
      *min = *max = PD_REQUEST_NO_BOUND;
    }
}

static void
read_query (PdRequestsPage *self,
            PdRequestQuery *query)
{
  guint status = gtk_drop_down_get_selected (self->status_dropdown);
  guint type = gtk_drop_down_get_selected (self->type_dropdown);
  guint category = gtk_drop_down_get_selected (self->category_dropdown);
  guint sort = gtk_drop_down_get_selected (self->sort_dropdown);

  pd_request_query_init (query);
  query->status = status < G_N_ELEMENTS (filter_statuses) ? filter_statuses[status] : NULL;
  query->request_type = type < G_N_ELEMENTS (filter_types) ? filter_types[type] : NULL;
  if (self->category_ids != NULL && category < self->category_ids->len)
    query->category_id = g_ptr_array_index (self->category_ids, category);
  query->sort = sort < G_N_ELEMENTS (sorts) ? sorts[sort] : PD_REQUEST_SORT_NEWEST;
  read_range (self->budget_min_entry, self->budget_max_entry, &query->budget_min, &query->budget_max);
  read_range (self->gmv_min_entry, self->gmv_max_entry, &query->gmv_min, &query->gmv_max);
}

static void
update_count (PdRequestsPage *self)
{
  guint n = self->model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u request", "%u requests", n), n);
  PdRequestQuery all;
  guint64 total = n;
  gboolean amounts;

  gtk_label_set_text (self->count_label, text);
  amounts = self->model != NULL &&
            (pd_requests_model_get_query (self->model)->budget_min != PD_REQUEST_NO_BOUND ||
             pd_requests_model_get_query (self->model)->budget_max != PD_REQUEST_NO_BOUND ||
             pd_requests_model_get_query (self->model)->gmv_min != PD_REQUEST_NO_BOUND ||
             pd_requests_model_get_query (self->model)->gmv_max != PD_REQUEST_NO_BOUND);
  if (amounts)
    gtk_widget_add_css_class (GTK_WIDGET (self->amounts_button), "accent");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->amounts_button), "accent");

  /* The empty state is for a store without any request, not for an
   * empty filter. */
  if (self->model != NULL && n == 0)
    {
      g_autoptr(GError) error = NULL;

      pd_request_query_init (&all);
      if (!pd_store_seller_requests_count (pd_context_get_store (self->context), &all, &total, &error))
        g_warning ("Cannot count the seller requests: %s", error->message);
    }
  gtk_stack_set_visible_child_name (self->stack, total > 0 ? "list" : "empty");
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "rows" : "no-match");
}

static void
apply_query (PdRequestsPage *self)
{
  PdRequestQuery query;
  g_autoptr(GError) error = NULL;

  if (self->model == NULL)
    return;
  read_query (self, &query);
  if (!pd_requests_model_set_query (self->model, &query, &error))
    pd_toast_show_text (GTK_WIDGET (self), error->message);
  update_count (self);
}

static void
on_filter_changed_cb (PdRequestsPage *self)
{
  apply_query (self);
}

static void
on_amounts_changed_cb (PdRequestsPage *self)
{
  apply_query (self);
}

static void
reload (PdRequestsPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->model == NULL)
    return;
  if (!pd_requests_model_reload (self->model, &error))
    pd_toast_show_text (GTK_WIDGET (self), error->message);
  update_count (self);
  pd_requests_page_update_current (self);
}

static void
on_store_changed_cb (PdStore             *store,
                     const PdStoreChange *change,
                     PdRequestsPage      *self)
{
  if (!pd_store_change_has (change, PD_ENTITY_SYNCED))
    return;
  if (change->origin != PD_CHANGE_ORIGIN_WINDOW)
    fill_categories (self);
  reload (self);
  if (change->origin == PD_CHANGE_ORIGIN_SYNC)
    pd_requests_page_check_conflicts (self);
}

/* The detail follows the selection; a request stays in it when a
 * reload or filter takes it out of the list. */
static void
on_selection_changed_cb (PdRequestsPage *self)
{
  g_autoptr(PdRequestItem) item = gtk_single_selection_get_selected_item (self->selection) != NULL ?
                                  g_object_ref (gtk_single_selection_get_selected_item (self->selection)) : NULL;
  const PdSellerRequest *request = item != NULL ? pd_request_item_get_request (item) : NULL;

  if (request == NULL || request->id == NULL)
    return;
  if (self->current != NULL && g_strcmp0 (self->current->id, request->id) == 0)
    return;
  g_clear_pointer (&self->current, pd_seller_request_free);
  self->current = pd_seller_request_copy (request);
  pd_requests_page_update_current (self);
  /* Wide enough for both: the detail comes with the selection. Narrow,
   * it would cover the list; activating the row (Enter) opens it. */
  if (!adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, TRUE);
}

static void
on_activate_cb (GtkListView    *list_view,
                guint           position,
                PdRequestsPage *self)
{
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  adw_flap_set_reveal_flap (self->flap, TRUE);
}

static void
on_setup_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, pd_request_row_new ());
}

static void
on_bind_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  pd_request_row_set_item (PD_REQUEST_ROW (gtk_list_item_get_child (list_item)),
                           gtk_list_item_get_item (list_item));
}

static void
on_unbind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  pd_request_row_set_item (PD_REQUEST_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static void
pd_requests_page_dispose (GObject *object)
{
  PdRequestsPage *self = PD_REQUESTS_PAGE (object);

  pd_requests_page_set_context (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_REQUESTS_PAGE);
  g_clear_pointer (&self->current, pd_seller_request_free);
  g_clear_pointer (&self->moved_ids, g_hash_table_unref);
  g_clear_pointer (&self->conflicts_shown, g_hash_table_unref);
  g_clear_pointer (&self->category_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (pd_requests_page_parent_class)->dispose (object);
}

static void
pd_requests_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PdRequestsPage *self = PD_REQUESTS_PAGE (object);

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
pd_requests_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PdRequestsPage *self = PD_REQUESTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      pd_requests_page_set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_requests_page_class_init (PdRequestsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_requests_page_dispose;
  object_class->get_property = pd_requests_page_get_property;
  object_class->set_property = pd_requests_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PD_TYPE_REQUEST_DETAIL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/gui/pd-requests-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PdRequestsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PdRequestsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, PdRequestsPage, flap);
  gtk_widget_class_bind_template_child (widget_class, PdRequestsPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdRequestsPage, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdRequestsPage, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdRequestsPage, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdRequestsPage, amounts_button);
  gtk_widget_class_bind_template_child (widget_class, PdRequestsPage, budget_min_entry);
  gtk_widget_class_bind_template_child (widget_class, PdRequestsPage, budget_max_entry);
  gtk_widget_class_bind_template_child (widget_class, PdRequestsPage, gmv_min_entry);
  gtk_widget_class_bind_template_child (widget_class, PdRequestsPage, gmv_max_entry);
  gtk_widget_class_bind_template_child (widget_class, PdRequestsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, PdRequestsPage, details_button);
  gtk_widget_class_bind_template_child (widget_class, PdRequestsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, PdRequestsPage, detail);
  gtk_widget_class_bind_template_callback (widget_class, on_amounts_changed_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  pd_requests_page_install_actions (widget_class);
}

static void on_map_cb (PdRequestsPage *self);

static void
pd_requests_page_init (PdRequestsPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  pd_keyboard_tab_leaves_list (GTK_WIDGET (self->list_view));
  self->moved_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->conflicts_shown = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  fill_drop_downs (self);

  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  g_object_bind_property (self->details_button, "active", self->flap, "reveal-flap",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
  g_signal_connect_object (self->status_dropdown, "notify::selected",
                           G_CALLBACK (on_filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->type_dropdown, "notify::selected",
                           G_CALLBACK (on_filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->category_dropdown, "notify::selected",
                           G_CALLBACK (on_filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sort_dropdown, "notify::selected",
                           G_CALLBACK (on_filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (on_activate_cb), self, 0);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  pd_requests_page_update_current (self);
}

GtkWidget *
pd_requests_page_new (PdContext *context)
{
  return g_object_new (PD_TYPE_REQUESTS_PAGE, "context", context, NULL);
}

PdContext *
pd_requests_page_get_context (PdRequestsPage *self)
{
  g_return_val_if_fail (PD_IS_REQUESTS_PAGE (self), NULL);
  return self->context;
}

static void
load (PdRequestsPage *self)
{
  PdRequestQuery query;
  g_autoptr(GError) error = NULL;

  self->load_pending = FALSE;
  fill_categories (self);
  self->model = pd_requests_model_new (pd_context_get_store (self->context));
  read_query (self, &query);
  if (!pd_requests_model_set_query (self->model, &query, &error))
    g_warning ("Cannot filter the seller requests: %s", error->message);
  /* The first rows in the first frame, the rest in the next ones. */
  self->selection = gtk_single_selection_new (pd_first_rows_new (G_LIST_MODEL (self->model),
                                                                 GTK_WIDGET (self->list_view),
                                                                 MIN_ROW_HEIGHT));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (on_selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  self->store_changed_id = g_signal_connect_object (pd_context_get_store (self->context), "changed",
                                                    G_CALLBACK (on_store_changed_cb), self, 0);
  update_count (self);
  pd_requests_page_update_current (self);
}

static void
on_map_cb (PdRequestsPage *self)
{
  if (self->load_pending)
    load (self);
}

void
pd_requests_page_set_context (PdRequestsPage *self,
                              PdContext      *context)
{
  g_return_if_fail (PD_IS_REQUESTS_PAGE (self));
  g_return_if_fail (context == NULL || PD_IS_CONTEXT (context));

  if (self->context == context)
    return;

  if (self->context != NULL)
    g_clear_signal_handler (&self->store_changed_id, pd_context_get_store (self->context));
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_pointer (&self->current, pd_seller_request_free);
  g_set_object (&self->context, context);

  self->load_pending = context != NULL;
  if (context != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self);
  if (self->stack != NULL)
    {
      update_count (self);
      pd_requests_page_update_current (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

GListModel *
pd_requests_page_get_model (PdRequestsPage *self)
{
  g_return_val_if_fail (PD_IS_REQUESTS_PAGE (self), NULL);
  return G_LIST_MODEL (self->model);
}

GtkSelectionModel *
pd_requests_page_get_selection (PdRequestsPage *self)
{
  g_return_val_if_fail (PD_IS_REQUESTS_PAGE (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

void
pd_requests_page_set_status_filter (PdRequestsPage *self,
                                    const char     *status)
{
  g_return_if_fail (PD_IS_REQUESTS_PAGE (self));

  for (guint i = 0; i < G_N_ELEMENTS (filter_statuses); i++)
    if (g_strcmp0 (filter_statuses[i], status) == 0)
      {
        gtk_drop_down_set_selected (self->status_dropdown, i);
        return;
      }
  g_warning ("“%s” is not a request status", status);
}

void
pd_requests_page_set_sort (PdRequestsPage *self,
                           PdRequestSort   sort)
{
  g_return_if_fail (PD_IS_REQUESTS_PAGE (self));

  for (guint i = 0; i < G_N_ELEMENTS (sorts); i++)
    if (sorts[i] == sort)
      gtk_drop_down_set_selected (self->sort_dropdown, i);
}

gboolean
pd_requests_page_select (PdRequestsPage *self,
                         const char     *id)
{
  guint n;

  g_return_val_if_fail (PD_IS_REQUESTS_PAGE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (self->selection == NULL)
    return FALSE;
  pd_first_rows_show_all (gtk_single_selection_get_model (self->selection));
  /* The first pages only: a test's or a notification's request is new. */
  n = MIN (g_list_model_get_n_items (G_LIST_MODEL (self->selection)), 4 * PD_REQUESTS_MODEL_PAGE_SIZE);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdRequestItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), i);
      const PdSellerRequest *r = pd_request_item_get_request (item);

      if (g_strcmp0 (r->id, id) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          adw_flap_set_reveal_flap (self->flap, TRUE);
          return TRUE;
        }
    }
  return FALSE;
}
