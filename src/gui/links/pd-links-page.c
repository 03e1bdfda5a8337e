/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-links-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pd-a11y.h"
#include "pd-enums.h"
#include "pd-keyboard.h"
#include "pd-export.h"
#include "pd-link-actions.h"
#include "pd-link-item.h"
#include "pd-links-model.h"
#include "pd-links-page.h"
#include "pd-store-links.h"
#include "pd-store-sellers.h"
#include "pd-toast.h"

struct _PdLinksPage
{
  GtkWidget           parent_instance;

  PdContext          *context;
  gulong              store_changed_id;
  gboolean            load_pending;
  PdLinksModel       *model;
  GtkMultiSelection  *selection;
  GCancellable       *cancellable;

  GtkStack           *stack;
  GtkDropDown        *state_dropdown;
  GtkLabel           *count_label;
  GtkColumnView      *column_view;

  GHashTable         *seller_names;   /* seller id -> name ("" when unknown) */

  /* Narrower than the table with every column: the secondary columns
   * hide (their values stay in the merchant's tooltip). */
  gboolean            narrow;
  int                 full_width;     /* the table's width with them all */
  guint               narrow_idle_id;
};

G_DEFINE_FINAL_TYPE (PdLinksPage, pd_links_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* In the order of the state dropdown; NULL: all. */
static const char * const filter_states[] = { NULL, "active", "used", "expired", "revoked" };

typedef enum
{
  COLUMN_STATE,
  COLUMN_KIND,
  COLUMN_MERCHANT,
  COLUMN_MARKET,
  COLUMN_CREATED,
  COLUMN_EXPIRES,
  COLUMN_USED,
  COLUMN_STAFF,
  COLUMN_URL,
} Column;

/* secondary: hidden when the page is too narrow for every column (at
 * 700 px): what a row is (its state, merchant, creation, URL) stays. */
static const struct
{
  Column      column;
  const char *title;
  gboolean    expand;
  gboolean    monospace;
  gboolean    secondary;
} columns[] = {
  { COLUMN_STATE, N_("State"), FALSE, FALSE, FALSE },
  { COLUMN_KIND, N_("Kind"), FALSE, FALSE, TRUE },
  { COLUMN_MERCHANT, N_("Merchant"), TRUE, FALSE, FALSE },
  { COLUMN_MARKET, N_("Market"), FALSE, FALSE, TRUE },
  { COLUMN_CREATED, N_("Created"), FALSE, FALSE, FALSE },
  { COLUMN_EXPIRES, N_("Expires"), FALSE, FALSE, TRUE },
  { COLUMN_USED, N_("Used"), FALSE, FALSE, TRUE },
  { COLUMN_STAFF, N_("Staff"), FALSE, FALSE, TRUE },
  { COLUMN_URL, N_("URL"), TRUE, TRUE, FALSE },
};

static const char * const state_classes[] = { "success", "accent", "warning", "error" };

/* "2026-01-05 10:00" in local time, "—" for none. */
static char *
format_time (gint64 when)
{
  g_autoptr(GDateTime) dt = NULL;

  if (when <= 0)
    return g_strdup ("—");
  dt = g_date_time_new_from_unix_local (when);
  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M") : g_strdup ("—");
}

static const char *
or_dash (const char *text)
{
  return text != NULL && *text != '\0' ? text : "—";
}

static void
on_setup_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (column == COLUMN_URL || column == COLUMN_MERCHANT || column == COLUMN_STAFF)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* Names, staff and links can be long: they are cut with an ellipsis
   * and said in full by the tooltip; a merchant's column has room for a
   * short name and its 16-digit id. */
  if (column == COLUMN_URL)
    gtk_label_set_width_chars (GTK_LABEL (label), 24);
  if (column == COLUMN_MERCHANT)
    gtk_label_set_width_chars (GTK_LABEL (label), 26);
  if (column == COLUMN_STAFF)
    gtk_label_set_width_chars (GTK_LABEL (label), 8);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    if (columns[i].column == column && columns[i].monospace)
      gtk_widget_add_css_class (label, "monospace");
  if (column == COLUMN_CREATED || column == COLUMN_EXPIRES || column == COLUMN_USED)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

/* The merchant's name from the target lists, looked up once per seller
 * while the page shows; NULL when no list holds it. */
static const char *
seller_name (PdLinksPage *self,
             const char  *seller_id)
{
  const char *name;

  if (self == NULL || self->context == NULL || seller_id == NULL || *seller_id == '\0')
    return NULL;
  name = g_hash_table_lookup (self->seller_names, seller_id);
  if (name == NULL)
    {
      g_autoptr(PdSellerMatch) match = pd_store_get_seller (pd_context_get_store (self->context), seller_id,
                                                            NULL);

      name = g_strdup (match != NULL && match->seller_name != NULL ? match->seller_name : "");
      g_hash_table_insert (self->seller_names, g_strdup (seller_id), (char *) name);
    }
  return *name != '\0' ? name : NULL;
}

/* The cell's text for @column, without the merchant's name; NULL for
 * the columns whose text needs more than the link. */
static char *
column_text (const PdLink *link,
             Column        column)
{
  PdLinkKind kind;

  switch (column)
    {
    case COLUMN_KIND:
      if (link->kind != NULL && pd_link_kind_parse (link->kind, &kind, NULL))
        return g_strdup (pd_link_kind_to_display (kind));
      return g_strdup (or_dash (link->kind));
    case COLUMN_MARKET:
      return g_strdup (or_dash (link->market));
    case COLUMN_CREATED:
      return format_time (link->created_at);
    case COLUMN_EXPIRES:
      return format_time (link->expires_at);
    case COLUMN_USED:
      return format_time (link->used_at);
    case COLUMN_STAFF:
      return g_strdup (or_dash (link->staff));
    case COLUMN_STATE:
    case COLUMN_MERCHANT:
    case COLUMN_URL:
    default:
      return NULL;
    }
}

char *
pd_links_page_describe_link (const PdLink *link,
                             const char   *merchant)
{
  g_autoptr(GString) text = g_string_new (merchant);

  g_return_val_if_fail (link != NULL, NULL);

  /* Every column a narrow page hides, so that hovering the merchant
   * tells the whole link. */
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      g_autofree char *value = NULL;

      if (!columns[i].secondary || (value = column_text (link, columns[i].column)) == NULL)
        continue;
      g_string_append_c (text, '\n');
      /* Translators: a line of a link's tooltip: a column's title and its
       * value, "Kind: Onboarding", "Used: 2026-03-31 10:00". */
      g_string_append_printf (text, _("%s: %s"), _(columns[i].title), value);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
on_bind_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  PdLinkItem *item = gtk_list_item_get_item (list_item);
  const PdLink *link = item != NULL ? pd_link_item_get_link (item) : NULL;
  g_autofree char *owned = NULL;
  const char *text = "";

  if (link == NULL)
    return;

  switch (column)
    {
    case COLUMN_STATE:
      {
        PdLinkState state;

        for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
          gtk_widget_remove_css_class (GTK_WIDGET (label), state_classes[i]);
        if (link->state != NULL && pd_link_state_parse (link->state, &state, NULL))
          {
            text = pd_link_state_to_display (state);
            gtk_widget_add_css_class (GTK_WIDGET (label), state_classes[state]);
          }
        else
          text = or_dash (link->state);
      }
      break;

    case COLUMN_MERCHANT:
      {
        const char *name = seller_name (g_object_get_data (G_OBJECT (factory), "pd-links-page"),
                                        link->seller_id);
        g_autofree char *tooltip = NULL;

        if (name != NULL)
          text = owned = g_strdup_printf ("%s · %s", name, link->seller_id);
        else
          text = or_dash (link->seller_id);
        tooltip = pd_links_page_describe_link (link, text);
        gtk_widget_set_tooltip_text (GTK_WIDGET (label), tooltip);
        {
          g_autofree char *kind = column_text (link, COLUMN_KIND);
          /* TRANSLATORS: what a screen reader reads for a link's row: the
           * merchant, then the kind of link */
          g_autofree char *row_name = g_strdup_printf (_("%s, %s"), text, kind);

          pd_a11y_label_row (GTK_WIDGET (label), row_name);
        }
      }
      break;

    case COLUMN_KIND:
    case COLUMN_MARKET:
    case COLUMN_CREATED:
    case COLUMN_EXPIRES:
    case COLUMN_USED:
      text = owned = column_text (link, column);
      break;

    case COLUMN_STAFF:
      text = owned = column_text (link, column);
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), link->staff);
      break;

    case COLUMN_URL:
      text = or_dash (link->url);
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), link->url);
      break;

    default:
      g_assert_not_reached ();
    }
  gtk_label_set_text (label, text);
}

static void
add_columns (PdLinksPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_object_set_data (G_OBJECT (factory), "pd-links-page", self);
      g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cb), GINT_TO_POINTER (columns[i].column));
      g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cb), GINT_TO_POINTER (columns[i].column));
      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
      g_object_unref (column);
    }
}

/* The selected links, in list order (borrowed from their items, which
 * the returned array keeps alive). */
static GPtrArray *
dup_selected_items (PdLinksPage *self)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  guint position;

  if (self->selection == NULL)
    return items;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
       more; more = gtk_bitset_iter_next (&iter, &position))
    {
      PdLinkItem *item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

      if (item != NULL)
        g_ptr_array_add (items, item);
    }
  return items;
}

static const PdLink *
single_selected (GPtrArray *items)
{
  const PdLink *link;

  if (items->len != 1)
    return NULL;
  link = pd_link_item_get_link (g_ptr_array_index (items, 0));
  return link->token != NULL ? link : NULL;
}

static void
update_actions (PdLinksPage *self)
{
  g_autoptr(GPtrArray) items = dup_selected_items (self);
  const PdLink *link = single_selected (items);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "links.copy", items->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "links.show-qr", link != NULL && link->url != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "links.revoke",
                                 link != NULL && g_strcmp0 (link->state, "active") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "links.export", self->context != NULL);
}

static void
update_count (PdLinksPage *self)
{
  guint n = self->model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u link", "%u links", n), n);
  guint64 total = n;

  gtk_label_set_text (self->count_label, text);

  /* The empty state is for a store without any link, not for an empty
   * filter. */
  if (self->model != NULL && pd_links_model_get_state (self->model) != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!pd_store_links_count (pd_context_get_store (self->context), NULL, &total, &error))
        g_warning ("Cannot count the links: %s", error->message);
    }
  gtk_stack_set_visible_child_name (self->stack, total > 0 ? "list" : "empty");
}

static void
reload (PdLinksPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->model == NULL)
    return;
  if (!pd_links_model_reload (self->model, &error))
    pd_toast_show_text (GTK_WIDGET (self), error->message);
  update_count (self);
  update_actions (self);
}

static void
on_store_changed_cb (PdStore             *store,
                     const PdStoreChange *change,
                     PdLinksPage         *self)
{
  if (!pd_store_change_has (change, PD_ENTITY_DATA))
    return;
  g_hash_table_remove_all (self->seller_names);
  reload (self);
}

static void
on_state_selected_cb (PdLinksPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->state_dropdown);
  g_autoptr(GError) error = NULL;

  if (self->model == NULL || selected >= G_N_ELEMENTS (filter_states))
    return;
  if (!pd_links_model_set_state (self->model, filter_states[selected], &error))
    pd_toast_show_text (GTK_WIDGET (self), error->message);
  update_count (self);
  update_actions (self);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PdLinksPage *self = PD_LINKS_PAGE (widget);
  g_autoptr(GPtrArray) items = dup_selected_items (self);
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; i < items->len; i++)
    {
      const PdLink *link = pd_link_item_get_link (g_ptr_array_index (items, i));

      if (link->url == NULL)
        continue;
      if (n++ > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, link->url);
    }
  if (n == 1)
    pd_link_copy_to_clipboard (widget, text->str);
  else if (n > 1)
    {
      g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u link copied",
                                                               "%u links copied", n), n);

      gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text->str);
      pd_toast_show_text (widget, message);
    }
}

static void
show_qr_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_autoptr(GPtrArray) items = dup_selected_items (PD_LINKS_PAGE (widget));
  const PdLink *link = single_selected (items);

  if (link != NULL && link->url != NULL)
    pd_link_show_qr_code (widget, link->url);
}

static void
revoke_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PdLinksPage *self = PD_LINKS_PAGE (widget);
  g_autoptr(GPtrArray) items = dup_selected_items (self);
  const PdLink *link = single_selected (items);

  if (link != NULL && self->context != NULL)
    pd_link_revoke_with_confirmation (widget, self->context, link->token);
}

/* Export in a thread, on a connection of its own: a million links take
 * seconds, and the UI keeps its connection. Task data: the store's path,
 * the file's, and the state the page filters by (NULL: all), so that the
 * file holds the links the page shows. */
static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  char **paths = task_data;
  g_autoptr(PdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint64 n = 0;

  store = pd_store_open (paths[0], &error);
  if (store == NULL || !pd_export_links (store, paths[2], NULL, paths[1], &n, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, (gssize) MIN (n, (guint64) G_MAXSSIZE));
}

static void
on_export_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PdLinksPage *self = PD_LINKS_PAGE (source);
  char **paths = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gssize n = g_task_propagate_int (G_TASK (result), &error);

  if (n < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        pd_toast_show_text (GTK_WIDGET (self), error->message);
    }
  else
    {
      g_autofree char *name = g_filename_display_basename (paths[1]);
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu link exported to %s",
                                      "%lu links exported to %s", (gulong) n),
                         (gulong) n, name);

      pd_toast_show_text (GTK_WIDGET (self), message);
    }
}

static void
on_export_response_cb (GtkNativeDialog *chooser,
                       int              response,
                       PdLinksPage     *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->context != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));

      /* The Excel filter with a name that does not say: a workbook. */
      if (path != NULL && filter != NULL && g_object_get_data (G_OBJECT (filter), "pd-xlsx") != NULL &&
          !g_str_has_suffix (path, ".xlsx") && !g_str_has_suffix (path, ".XLSX"))
        {
          g_autofree char *stem = g_str_has_suffix (path, ".csv") ? g_strndup (path, strlen (path) - 4)
                                                                  : g_strdup (path);

          g_free (path);
          path = g_strconcat (stem, ".xlsx", NULL);
        }

      if (path == NULL)
        pd_toast_show_text (GTK_WIDGET (self), _("Only files on this computer can be written"));
      else
        pd_links_page_export (self, path);
    }
  g_object_unref (chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) xlsx = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export Links"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.CSV");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_filter_set_name (xlsx, _("Excel workbook"));
  gtk_file_filter_add_pattern (xlsx, "*.xlsx");
  gtk_file_filter_add_pattern (xlsx, "*.XLSX");
  g_object_set_data (G_OBJECT (xlsx), "pd-xlsx", GINT_TO_POINTER (1));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), xlsx);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("links.csv"));
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_export_response_cb), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_activate_cb (GtkColumnView *column_view,
                guint          position,
                PdLinksPage   *self)
{
  g_autoptr(PdLinkItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (item != NULL && pd_link_item_get_link (item)->url != NULL)
    pd_link_show_qr_code (GTK_WIDGET (self), pd_link_item_get_link (item)->url);
}

static void
set_narrow (PdLinksPage *self,
            gboolean     narrow)
{
  g_autoptr(GListModel) view_columns = NULL;

  if (self->narrow == narrow)
    return;
  self->narrow = narrow;
  view_columns = g_object_ref (gtk_column_view_get_columns (self->column_view));
  for (guint i = 0; i < G_N_ELEMENTS (columns) && i < g_list_model_get_n_items (view_columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, i);

      if (columns[i].secondary)
        gtk_column_view_column_set_visible (column, !narrow);
    }
}

static gboolean
on_narrow_idle_cb (gpointer user_data)
{
  PdLinksPage *self = user_data;
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  self->narrow_idle_id = 0;
  set_narrow (self, width > 0 && width < self->full_width);
  return G_SOURCE_REMOVE;
}

static void
pd_links_page_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  PdLinksPage *self = PD_LINKS_PAGE (widget);

  gtk_widget_measure (GTK_WIDGET (self->stack), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

/* No AdwBreakpoint in libadwaita 1.2: the page compares its width with
 * the table's at each allocation, and hides or shows the secondary
 * columns from an idle, not while the allocation is going on (hiding a
 * column queues a resize of the table it is allocating). The table's
 * full width is measured while all columns show, and kept while some
 * hide, so that the page widens them back only when they fit. */
static void
pd_links_page_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  PdLinksPage *self = PD_LINKS_PAGE (widget);

  if (!self->narrow)
    gtk_widget_measure (GTK_WIDGET (self->column_view), GTK_ORIENTATION_HORIZONTAL, -1,
                        &self->full_width, NULL, NULL, NULL);
  if ((width < self->full_width) != self->narrow && self->narrow_idle_id == 0)
    self->narrow_idle_id = g_idle_add (on_narrow_idle_cb, self);
  gtk_widget_allocate (GTK_WIDGET (self->stack), width, height, baseline, NULL);
}

static void
pd_links_page_dispose (GObject *object)
{
  PdLinksPage *self = PD_LINKS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->narrow_idle_id, g_source_remove);
  pd_links_page_set_context (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_LINKS_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->seller_names, g_hash_table_unref);

  G_OBJECT_CLASS (pd_links_page_parent_class)->dispose (object);
}

static void
pd_links_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PdLinksPage *self = PD_LINKS_PAGE (object);

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
pd_links_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PdLinksPage *self = PD_LINKS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      pd_links_page_set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_links_page_class_init (PdLinksPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_links_page_dispose;
  object_class->get_property = pd_links_page_get_property;
  object_class->set_property = pd_links_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/gui/pd-links-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PdLinksPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PdLinksPage, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdLinksPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, PdLinksPage, column_view);
  widget_class->measure = pd_links_page_measure;
  widget_class->size_allocate = pd_links_page_size_allocate;

  gtk_widget_class_install_action (widget_class, "links.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "links.show-qr", NULL, show_qr_action);
  gtk_widget_class_install_action (widget_class, "links.revoke", NULL, revoke_action);
  gtk_widget_class_install_action (widget_class, "links.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "links.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "links.revoke", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "links.revoke", NULL);
}

static void on_map_cb (PdLinksPage *self);


static void
pd_links_page_init (PdLinksPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pd_keyboard_add_page_shortcut (GTK_WIDGET (self), GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "links.export");
  pd_keyboard_tab_leaves_list (GTK_WIDGET (self->column_view));
  pd_a11y_label_drop_down (self->state_dropdown, _("Filter by state"));
  pd_a11y_label_column_view (self->column_view, _("Links"));

  self->cancellable = g_cancellable_new ();
  self->seller_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  add_columns (self);
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
  g_signal_connect_object (self->state_dropdown, "notify::selected",
                           G_CALLBACK (on_state_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->column_view, "activate", G_CALLBACK (on_activate_cb), self, 0);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  update_actions (self);
}

GtkWidget *
pd_links_page_new (PdContext *context)
{
  return g_object_new (PD_TYPE_LINKS_PAGE, "context", context, NULL);
}

PdContext *
pd_links_page_get_context (PdLinksPage *self)
{
  g_return_val_if_fail (PD_IS_LINKS_PAGE (self), NULL);
  return self->context;
}

/* The links are read when the page is first shown, not when the window
 * is built: counting a million links has no place before the first
 * frame of the Overview. */
static void
load (PdLinksPage *self)
{
  PdContext *context = self->context;
  guint selected = gtk_drop_down_get_selected (self->state_dropdown);
  g_autoptr(GError) error = NULL;

  self->load_pending = FALSE;
  self->model = pd_links_model_new (pd_context_get_store (context));
  if (selected < G_N_ELEMENTS (filter_states) && filter_states[selected] != NULL &&
      !pd_links_model_set_state (self->model, filter_states[selected], &error))
    g_warning ("Cannot filter the links: %s", error->message);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->model)));
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  self->store_changed_id = g_signal_connect_object (pd_context_get_store (context), "changed",
                                                    G_CALLBACK (on_store_changed_cb), self, 0);
  update_count (self);
  update_actions (self);
}

static void
on_map_cb (PdLinksPage *self)
{
  if (self->load_pending)
    load (self);
}

void
pd_links_page_set_context (PdLinksPage *self,
                           PdContext   *context)
{
  g_return_if_fail (PD_IS_LINKS_PAGE (self));
  g_return_if_fail (context == NULL || PD_IS_CONTEXT (context));

  if (self->context == context)
    return;

  if (self->context != NULL)
    g_clear_signal_handler (&self->store_changed_id, pd_context_get_store (self->context));
  gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_hash_table_remove_all (self->seller_names);
  g_set_object (&self->context, context);

  self->load_pending = context != NULL;
  if (context != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self);
  update_count (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

GListModel *
pd_links_page_get_model (PdLinksPage *self)
{
  g_return_val_if_fail (PD_IS_LINKS_PAGE (self), NULL);
  return G_LIST_MODEL (self->model);
}

GtkSelectionModel *
pd_links_page_get_selection (PdLinksPage *self)
{
  g_return_val_if_fail (PD_IS_LINKS_PAGE (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

void
pd_links_page_set_state_filter (PdLinksPage *self,
                                const char  *state)
{
  g_return_if_fail (PD_IS_LINKS_PAGE (self));

  for (guint i = 0; i < G_N_ELEMENTS (filter_states); i++)
    if (g_strcmp0 (filter_states[i], state) == 0)
      {
        gtk_drop_down_set_selected (self->state_dropdown, i);
        return;
      }
  g_warning ("“%s” is not a link state; expected active, used, expired or revoked", state);
}

void
pd_links_page_export (PdLinksPage *self,
                      const char  *path)
{
  g_autoptr(GTask) task = NULL;
  char **paths;

  g_return_if_fail (PD_IS_LINKS_PAGE (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (self->context != NULL);

  paths = g_new0 (char *, 4);
  paths[0] = g_strdup (pd_store_get_path (pd_context_get_store (self->context)));
  paths[1] = g_strdup (path);
  if (self->model != NULL)
    paths[2] = g_strdup (pd_links_model_get_state (self->model));
  task = g_task_new (self, self->cancellable, on_export_done_cb, NULL);
  g_task_set_source_tag (task, pd_links_page_export);
  g_task_set_task_data (task, paths, (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, export_thread);
}
