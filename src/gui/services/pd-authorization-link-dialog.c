/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-services"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-a11y.h"
#include "pd-authorization-link-dialog.h"
#include "pd-link-actions.h"
#include "pd-qr-code.h"
#include "pd-store-authorizations.h"
#include "pd-store-sellers.h"
#include "pd-store-services.h"

/* Matches shown under the search entry. */
#define SELLER_MATCHES 8

struct _PdAuthorizationLinkDialog
{
  AdwWindow       parent_instance;

  PdContext      *context;
  GPtrArray      *services;      /* PdService, in the service row's order */
  char           *seller_id;     /* NULL: any seller */
  PdLink         *link;          /* once made */

  AdwWindowTitle *window_title;
  GtkButton      *create_button;
  GtkButton      *done_button;
  GtkButton      *cancel_button;
  GtkLabel       *error_label;
  GtkStack       *stack;
  AdwComboRow    *service_row;
  AdwActionRow   *seller_row;
  GtkButton      *clear_seller_button;
  GtkSearchEntry *seller_search;
  GtkListBox     *seller_list;
  GtkTextView    *shops_view;
  GtkCheckButton *days30_check;
  GtkCheckButton *unlimited_check;
  GtkCheckButton *custom_check;
  GtkSpinButton  *days_spin;
  GtkLabel       *summary_label;
  PdQrCode       *qr_code;
  GtkLabel       *url_label;
  GtkLabel       *state_label;
};

G_DEFINE_FINAL_TYPE (PdAuthorizationLinkDialog, pd_authorization_link_dialog, ADW_TYPE_WINDOW)

static void
show_error (PdAuthorizationLinkDialog *self,
            const char                *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static const PdService *
selected_service (PdAuthorizationLinkDialog *self)
{
  guint i = adw_combo_row_get_selected (self->service_row);

  return self->services != NULL && i < self->services->len ? g_ptr_array_index (self->services, i) : NULL;
}

const char *
pd_authorization_link_dialog_get_service_id (PdAuthorizationLinkDialog *self)
{
  const PdService *service;

  g_return_val_if_fail (PD_IS_AUTHORIZATION_LINK_DIALOG (self), NULL);
  service = selected_service (self);
  return service != NULL ? service->id : NULL;
}

const char *
pd_authorization_link_dialog_get_seller_id (PdAuthorizationLinkDialog *self)
{
  g_return_val_if_fail (PD_IS_AUTHORIZATION_LINK_DIALOG (self), NULL);
  return self->seller_id;
}

const char *
pd_authorization_link_dialog_get_url (PdAuthorizationLinkDialog *self)
{
  g_return_val_if_fail (PD_IS_AUTHORIZATION_LINK_DIALOG (self), NULL);
  return self->link != NULL ? self->link->url : NULL;
}

/* "Yiwu Kite Co. (7000000000000001, EU)", or the id alone. */
static char *
describe_seller (const PdSellerMatch *match,
                 const char          *seller_id)
{
  if (match == NULL)
    return g_strdup (seller_id);
  /* TRANSLATORS: a seller: "Name (seller id, market)" */
  return g_strdup_printf (_("%s (%s, %s)"), match->seller_name, match->seller_id, match->market);
}

static void
set_seller (PdAuthorizationLinkDialog *self,
            const char                *seller_id)
{
  g_autoptr(PdSellerMatch) match = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;

  if (seller_id != NULL && *seller_id == '\0')
    seller_id = NULL;
  g_free (self->seller_id);
  self->seller_id = g_strdup (seller_id);
  gtk_widget_set_sensitive (GTK_WIDGET (self->clear_seller_button), seller_id != NULL);
  if (seller_id == NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->seller_row), _("Any seller who opens the link"));
      return;
    }
  match = pd_store_get_seller (pd_context_get_store (self->context), seller_id, &error);
  if (error != NULL)
    g_warning ("Cannot read seller %s: %s", seller_id, error->message);
  text = describe_seller (match, seller_id);
  escaped = g_markup_escape_text (text, -1);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->seller_row), escaped);
}

static void
on_choose_clicked_cb (GtkButton                 *button,
                      PdAuthorizationLinkDialog *self)
{
  const char *seller_id = g_object_get_data (G_OBJECT (button), "seller-id");

  if (seller_id == NULL)
    return;
  set_seller (self, seller_id);
  /* Clearing the search removes this button's row: last. */
  gtk_editable_set_text (GTK_EDITABLE (self->seller_search), "");
}

/* A match with a Choose button (the row activates it): a list box row
 * has no action a screen reader can trigger in GTK 4.8, a button has. */
static GtkWidget *
new_seller_row (PdAuthorizationLinkDialog *self,
                const PdSellerMatch       *match)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *choose = gtk_button_new_with_label (C_("seller", "Choose"));
  g_autofree char *title = g_markup_escape_text (match->seller_name, -1);
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *label = g_strdup_printf (_("Choose %s"), match->seller_name);

  if (match->brand != NULL && *match->brand != '\0')
    subtitle = g_strdup_printf ("%s · %s · %s", match->seller_id, match->market, match->brand);
  else
    subtitle = g_strdup_printf ("%s · %s", match->seller_id, match->market);
  escaped = g_markup_escape_text (subtitle, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (choose), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (choose), "seller-id", g_strdup (match->seller_id), g_free);
  g_signal_connect_object (choose, "clicked", G_CALLBACK (on_choose_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), choose);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), choose);
  return row;
}

static void
on_search_changed_cb (PdAuthorizationLinkDialog *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->seller_search))));
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->seller_list))) != NULL)
    gtk_list_box_remove (self->seller_list, child);
  if (*text == '\0')
    {
      gtk_widget_set_visible (GTK_WIDGET (self->seller_list), FALSE);
      return;
    }
  matches = pd_store_search_sellers (pd_context_get_store (self->context), text, SELLER_MATCHES, &error);
  if (matches == NULL)
    {
      show_error (self, error->message);
      return;
    }
  for (guint i = 0; i < matches->len; i++)
    gtk_list_box_append (self->seller_list, new_seller_row (self, g_ptr_array_index (matches, i)));
  if (matches->len == 0)
    {
      GtkWidget *none = gtk_label_new (_("No merchant on your target lists matches"));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_widget_set_margin_top (none, 12);
      gtk_widget_set_margin_bottom (none, 12);
      gtk_list_box_append (self->seller_list, none);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->seller_list), TRUE);
}

/* The shop ids as typed: split at commas, semicolons and line ends,
 * blanks dropped, duplicates once; NULL when there are none. */
static GStrv
dup_shop_ids (PdAuthorizationLinkDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->shops_view);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) words = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;
  guint n = 0;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  words = g_strsplit_set (text, ",;\n\r", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      char *id = g_strstrip (words[i]);

      if (*id == '\0' || !g_hash_table_add (seen, id))
        continue;
      g_strv_builder_add (builder, id);
      n++;
    }
  return n > 0 ? g_strv_builder_end (builder) : NULL;
}

static int
chosen_days (PdAuthorizationLinkDialog *self)
{
  if (gtk_check_button_get_active (self->unlimited_check))
    return 0;
  if (gtk_check_button_get_active (self->custom_check))
    {
      gtk_spin_button_update (self->days_spin);
      return gtk_spin_button_get_value_as_int (self->days_spin);
    }
  return 30;
}

static char *
describe_duration (int days)
{
  if (days == 0)
    return g_strdup (_("unlimited"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", days), days);
}

static void
show_link (PdAuthorizationLinkDialog *self,
           const PdService           *service,
           int                        days)
{
  g_autofree char *duration = describe_duration (days);
  g_autofree char *summary = NULL;
  g_autofree char *state = NULL;

  if (self->seller_id != NULL)
    /* TRANSLATORS: "Send this link to seller 7000000000000001: Shop Registration, 30 days" */
    summary = g_strdup_printf (_("Send this link to seller %s: %s, %s"), self->seller_id,
                               service->name, duration);
  else
    /* TRANSLATORS: "Any seller who opens this link can authorize Shop Registration, 30 days" */
    summary = g_strdup_printf (_("Any seller who opens this link can authorize %s, %s"),
                               service->name, duration);
  gtk_label_set_text (self->summary_label, summary);
  gtk_label_set_text (self->url_label, self->link->url);
  pd_qr_code_set_text (self->qr_code, self->link->url);
  state = g_strdup_printf (_("The link’s state %s is recorded, so the authorization that comes back"
                             " is matched to this seller and service. The next sync sends the link"
                             " to the platform."), self->link->token);
  gtk_label_set_text (self->state_label, state);

  gtk_stack_set_visible_child_name (self->stack, "result");
  gtk_widget_set_visible (GTK_WIDGET (self->create_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->done_button), TRUE);
  adw_window_title_set_title (self->window_title, _("Authorization Link"));
  gtk_widget_grab_focus (GTK_WIDGET (self->done_button));
}

gboolean
pd_authorization_link_dialog_create (PdAuthorizationLinkDialog *self)
{
  const PdService *service;
  g_auto(GStrv) shops = NULL;
  g_autoptr(GError) error = NULL;
  PdAuthorizationLinkRequest request = { 0 };
  int days;

  g_return_val_if_fail (PD_IS_AUTHORIZATION_LINK_DIALOG (self), FALSE);

  if (self->link != NULL)
    return TRUE;
  service = selected_service (self);
  if (service == NULL)
    {
      show_error (self, _("Choose a service: the link authorizes one service."));
      return FALSE;
    }
  shops = dup_shop_ids (self);
  days = chosen_days (self);
  request.service_id = service->id;
  request.seller_id = self->seller_id;
  request.shop_ids = (const char * const *) shops;
  request.duration_days = days;
  if (!pd_store_authorization_link (pd_context_get_store (self->context), &request, &self->link, &error))
    {
      show_error (self, error->message);
      return FALSE;
    }
  show_error (self, NULL);
  show_link (self, service, days);
  return TRUE;
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  pd_authorization_link_dialog_create (PD_AUTHORIZATION_LINK_DIALOG (widget));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PdAuthorizationLinkDialog *self = PD_AUTHORIZATION_LINK_DIALOG (widget);

  if (self->link != NULL && self->link->url != NULL)
    /* From inside the dialog's toast overlay: its toast, not the main window's. */
    pd_link_copy_to_clipboard (GTK_WIDGET (self->stack), self->link->url);
}

static void
show_qr_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PdAuthorizationLinkDialog *self = PD_AUTHORIZATION_LINK_DIALOG (widget);

  if (self->link != NULL && self->link->url != NULL)
    pd_link_show_qr_code (widget, self->link->url);
}

static void
clear_seller_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  set_seller (PD_AUTHORIZATION_LINK_DIALOG (widget), NULL);
}

static void
on_custom_toggled_cb (PdAuthorizationLinkDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->days_spin), gtk_check_button_get_active (self->custom_check));
}

static void
pd_authorization_link_dialog_dispose (GObject *object)
{
  PdAuthorizationLinkDialog *self = PD_AUTHORIZATION_LINK_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_AUTHORIZATION_LINK_DIALOG);
  g_clear_object (&self->context);
  g_clear_pointer (&self->services, g_ptr_array_unref);

  G_OBJECT_CLASS (pd_authorization_link_dialog_parent_class)->dispose (object);
}

static void
pd_authorization_link_dialog_finalize (GObject *object)
{
  PdAuthorizationLinkDialog *self = PD_AUTHORIZATION_LINK_DIALOG (object);

  g_free (self->seller_id);
  g_clear_pointer (&self->link, pd_link_free);

  G_OBJECT_CLASS (pd_authorization_link_dialog_parent_class)->finalize (object);
}

static void
pd_authorization_link_dialog_class_init (PdAuthorizationLinkDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_authorization_link_dialog_dispose;
  object_class->finalize = pd_authorization_link_dialog_finalize;

  g_type_ensure (PD_TYPE_QR_CODE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/gui/pd-authorization-link-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationLinkDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationLinkDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationLinkDialog, done_button);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationLinkDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationLinkDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationLinkDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationLinkDialog, service_row);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationLinkDialog, seller_row);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationLinkDialog, clear_seller_button);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationLinkDialog, seller_search);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationLinkDialog, seller_list);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationLinkDialog, shops_view);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationLinkDialog, days30_check);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationLinkDialog, unlimited_check);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationLinkDialog, custom_check);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationLinkDialog, days_spin);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationLinkDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationLinkDialog, qr_code);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationLinkDialog, url_label);
  gtk_widget_class_bind_template_child (widget_class, PdAuthorizationLinkDialog, state_label);

  gtk_widget_class_install_action (widget_class, "authorization-link.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "authorization-link.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "authorization-link.show-qr", NULL, show_qr_action);
  gtk_widget_class_install_action (widget_class, "authorization-link.clear-seller", NULL,
                                   clear_seller_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pd_authorization_link_dialog_init (PdAuthorizationLinkDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pd_a11y_name_lists (GTK_WIDGET (self));
  gtk_search_entry_set_key_capture_widget (self->seller_search, NULL);
  g_signal_connect_object (self->seller_search, "search-changed", G_CALLBACK (on_search_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->custom_check, "toggled", G_CALLBACK (on_custom_toggled_cb), self,
                           G_CONNECT_SWAPPED);
  on_custom_toggled_cb (self);
}

/* The services to choose from, with @service_id selected. */
static void
fill_services (PdAuthorizationLinkDialog *self,
               const char                *category_id,
               const char                *service_id)
{
  PdStore *store = pd_context_get_store (self->context);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  guint selected = 0;

  /* A given service is offered among its category's. */
  if (service_id != NULL)
    {
      g_autoptr(GPtrArray) all = pd_store_list_services (store, NULL, &error);
      const char *owner = NULL;

      for (guint i = 0; all != NULL && i < all->len && owner == NULL; i++)
        {
          const PdService *s = g_ptr_array_index (all, i);

          if (g_str_equal (s->id, service_id))
            owner = s->category_id;
        }
      if (owner != NULL)
        self->services = pd_store_list_services (store, owner, &error);
      else if (error == NULL)
        {
          g_autofree char *message =
            g_strdup_printf (_("No service “%s” in the store; choose another, or sync first."), service_id);

          show_error (self, message);
          service_id = NULL;
        }
    }
  if (self->services == NULL && error == NULL)
    self->services = pd_store_list_services (store, category_id, &error);
  /* A category the store does not know (a request's, before a sync):
   * every service to choose from, and why. */
  if (self->services == NULL && category_id != NULL &&
      g_error_matches (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID))
    {
      g_autofree char *message =
        g_strdup_printf (_("The service category “%s” is not in the store yet (sync first); choose"
                           " among every service."), category_id);

      show_error (self, message);
      g_clear_error (&error);
      category_id = NULL;
      self->services = pd_store_list_services (store, NULL, &error);
    }
  if (self->services == NULL)
    {
      show_error (self, error->message);
      self->services = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_service_free);
    }

  for (guint i = 0; i < self->services->len; i++)
    {
      const PdService *s = g_ptr_array_index (self->services, i);

      gtk_string_list_append (names, s->name != NULL ? s->name : s->id);
      if (g_strcmp0 (s->id, service_id) == 0)
        selected = i;
    }
  adw_combo_row_set_model (self->service_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->service_row, selected);
  if (self->services->len == 0 && !gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    show_error (self, category_id != NULL
                ? _("This category has no services yet: add one on the Services page first.")
                : _("There are no services yet: sync with the platform or add one on the Services page."));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "authorization-link.create", self->services->len > 0);
}

static const char *
given (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

PdAuthorizationLinkDialog *
pd_authorization_link_dialog_new (GtkWindow  *parent,
                                  PdContext  *context,
                                  const char *category_id,
                                  const char *service_id,
                                  const char *seller_id)
{
  PdAuthorizationLinkDialog *self;

  g_return_val_if_fail (PD_IS_CONTEXT (context), NULL);

  self = g_object_new (PD_TYPE_AUTHORIZATION_LINK_DIALOG, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  fill_services (self, given (category_id), given (service_id));
  set_seller (self, given (seller_id));
  return self;
}
