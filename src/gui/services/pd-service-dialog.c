/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-services"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-a11y.h"
#include "pd-money.h"
#include "pd-service-dialog.h"
#include "pd-store-services.h"
#include "pd-toast.h"

struct _PdServiceDialog
{
  AdwWindow       parent_instance;

  PdContext      *context;
  char           *category_id;
  PdService      *service;     /* NULL: a new service */
  GtkStringList  *currencies;

  AdwWindowTitle *window_title;
  AdwEntryRow    *name_row;
  AdwComboRow    *type_row;
  GtkLabel       *name_error;
  GtkTextView    *description_view;
  AdwEntryRow    *price_row;
  AdwComboRow    *currency_row;
  GtkLabel       *price_error;
  GtkLabel       *error_label;
};

G_DEFINE_FINAL_TYPE (PdServiceDialog, pd_service_dialog, ADW_TYPE_WINDOW)

/* In the type row's order. */
static const char * const types[] = { "public", "custom" };

/* The currencies offered first; a service's own is added when missing. */
static const char * const common_currencies[] = { "USD", "EUR", "GBP", "CNY", "JPY" };

static void
show_error (GtkLabel   *label,
            GtkWidget  *field,
            const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (field != NULL)
    {
      if (message != NULL)
        gtk_widget_add_css_class (field, "error");
      else
        gtk_widget_remove_css_class (field, "error");
    }
}

static char *
dup_description (PdServiceDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static const char *
selected_currency (PdServiceDialog *self)
{
  guint i = adw_combo_row_get_selected (self->currency_row);

  return i < g_list_model_get_n_items (G_LIST_MODEL (self->currencies))
         ? gtk_string_list_get_string (self->currencies, i) : "USD";
}

/* NULL when @new equals @old: an edit names only what changed. */
static const char *
changed (const char *new,
         const char *old,
         gboolean    creating)
{
  return creating || g_strcmp0 (new, old != NULL ? old : "") != 0 ? new : NULL;
}

gboolean
pd_service_dialog_save (PdServiceDialog *self)
{
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  g_autofree char *price_text = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *price = NULL;
  g_autofree char *new_id = NULL;
  g_autoptr(GError) error = NULL;
  const char *currency = selected_currency (self);
  const char *type;
  gboolean creating = self->service == NULL;
  gboolean ok = TRUE;
  PdMoney money;
  PdServiceEdit edit = { 0 };

  g_return_val_if_fail (PD_IS_SERVICE_DIALOG (self), FALSE);

  show_error (self->error_label, NULL, NULL);
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  if (*name == '\0')
    {
      show_error (self->name_error, GTK_WIDGET (self->name_row),
                  _("Give the service a name: sellers see it in the Service Market and on the"
                    " authorization page."));
      ok = FALSE;
    }
  else
    show_error (self->name_error, GTK_WIDGET (self->name_row), NULL);

  price_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->price_row))));
  if (*price_text == '\0')
    {
      show_error (self->price_error, GTK_WIDGET (self->price_row),
                  _("Give a price, such as 1200.00; 0 for a free service."));
      ok = FALSE;
    }
  else if (!pd_money_parse (price_text, currency, PD_MONEY_PARSE_DEFAULT, &money, &error))
    {
      /* pd_money_parse() names the text, the currency and what is expected. */
      show_error (self->price_error, GTK_WIDGET (self->price_row), error->message);
      g_clear_error (&error);
      ok = FALSE;
    }
  else
    show_error (self->price_error, GTK_WIDGET (self->price_row), NULL);
  if (!ok)
    return FALSE;

  description = dup_description (self);
  type = types[MIN (adw_combo_row_get_selected (self->type_row), G_N_ELEMENTS (types) - 1)];
  amount = pd_money_format_amount (&money);
  price = g_strdup_printf ("%s %s", amount, money.currency);

  edit.category_id = creating ? self->category_id : NULL;
  edit.name = changed (name, creating ? NULL : self->service->name, creating);
  edit.type = changed (type, creating ? NULL : self->service->type, creating);
  edit.description = changed (description, creating ? NULL : self->service->description, creating);
  if (creating || g_strcmp0 (amount, self->service->price) != 0 ||
      g_strcmp0 (money.currency, self->service->currency) != 0)
    edit.price = price;

  if (!creating && edit.name == NULL && edit.type == NULL && edit.description == NULL && edit.price == NULL)
    {
      gtk_window_close (GTK_WINDOW (self));
      return TRUE;
    }

  if (!pd_store_service_save (pd_context_get_store (self->context),
                              creating ? NULL : self->service->id, &edit, &new_id, &error))
    {
      show_error (self->error_label, NULL, error->message);
      return FALSE;
    }
  pd_store_emit_change (pd_context_get_store (self->context), PD_ENTITY_SYNCED, NULL,
                        PD_CHANGE_ORIGIN_WINDOW);
  {
    GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

    if (parent != NULL)
      pd_toast_show_text (GTK_WIDGET (parent),
                          creating ? _("Service created; the next sync sends it to the platform")
                                   : _("Service saved; the next sync sends it to the platform"));
  }
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  pd_service_dialog_save (PD_SERVICE_DIALOG (widget));
}

static void
on_price_changed_cb (PdServiceDialog *self)
{
  show_error (self->price_error, GTK_WIDGET (self->price_row), NULL);
}

static void
on_name_changed_cb (PdServiceDialog *self)
{
  show_error (self->name_error, GTK_WIDGET (self->name_row), NULL);
}

static void
pd_service_dialog_dispose (GObject *object)
{
  PdServiceDialog *self = PD_SERVICE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_SERVICE_DIALOG);
  g_clear_object (&self->context);
  g_clear_object (&self->currencies);

  G_OBJECT_CLASS (pd_service_dialog_parent_class)->dispose (object);
}

static void
pd_service_dialog_finalize (GObject *object)
{
  PdServiceDialog *self = PD_SERVICE_DIALOG (object);

  g_free (self->category_id);
  g_clear_pointer (&self->service, pd_service_free);

  G_OBJECT_CLASS (pd_service_dialog_parent_class)->finalize (object);
}

static void
pd_service_dialog_class_init (PdServiceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_service_dialog_dispose;
  object_class->finalize = pd_service_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/gui/pd-service-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdServiceDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, PdServiceDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, PdServiceDialog, type_row);
  gtk_widget_class_bind_template_child (widget_class, PdServiceDialog, name_error);
  gtk_widget_class_bind_template_child (widget_class, PdServiceDialog, description_view);
  gtk_widget_class_bind_template_child (widget_class, PdServiceDialog, price_row);
  gtk_widget_class_bind_template_child (widget_class, PdServiceDialog, currency_row);
  gtk_widget_class_bind_template_child (widget_class, PdServiceDialog, price_error);
  gtk_widget_class_bind_template_child (widget_class, PdServiceDialog, error_label);

  gtk_widget_class_install_action (widget_class, "service.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "service.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

/* AdwEntryRow 1.2 leaves its text unnamed for screen readers: the
 * row's title names it. */
static void
label_entry_row (AdwEntryRow *row)
{
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (row));

  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), -1);
}

static void
pd_service_dialog_init (PdServiceDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pd_a11y_name_lists (GTK_WIDGET (self));
  label_entry_row (self->name_row);
  label_entry_row (self->price_row);
  g_signal_connect_object (self->price_row, "changed", G_CALLBACK (on_price_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->name_row, "changed", G_CALLBACK (on_name_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
fill_currencies (PdServiceDialog *self,
                 const char      *current)
{
  guint selected = 0;

  self->currencies = gtk_string_list_new ((const char * const *) common_currencies);
  if (current != NULL && !g_strv_contains ((const char * const *) common_currencies, current))
    gtk_string_list_append (self->currencies, current);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->currencies)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->currencies, i), current) == 0)
      selected = i;
  adw_combo_row_set_model (self->currency_row, G_LIST_MODEL (self->currencies));
  adw_combo_row_set_selected (self->currency_row, selected);
}

PdServiceDialog *
pd_service_dialog_new (GtkWindow       *parent,
                       PdContext       *context,
                       const char      *category_id,
                       const PdService *service)
{
  PdServiceDialog *self;

  g_return_val_if_fail (PD_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (category_id != NULL || service != NULL, NULL);

  self = g_object_new (PD_TYPE_SERVICE_DIALOG, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  self->category_id = g_strdup (service != NULL ? service->category_id : category_id);
  fill_currencies (self, service != NULL && service->currency != NULL ? service->currency : "USD");

  if (service == NULL)
    {
      g_autoptr(GPtrArray) categories = pd_store_list_service_categories (pd_context_get_store (context), NULL);

      gtk_window_set_title (GTK_WINDOW (self), _("New Service"));
      adw_window_title_set_title (self->window_title, _("New Service"));
      adw_window_title_set_subtitle (self->window_title, category_id);
      for (guint i = 0; categories != NULL && i < categories->len; i++)
        {
          const PdServiceCategory *c = g_ptr_array_index (categories, i);

          if (g_strcmp0 (c->id, category_id) == 0 && c->name != NULL)
            adw_window_title_set_subtitle (self->window_title, c->name);
        }
      adw_combo_row_set_selected (self->type_row, 0);
      return self;
    }

  self->service = g_new0 (PdService, 1);
  self->service->id = g_strdup (service->id);
  self->service->category_id = g_strdup (service->category_id);
  self->service->name = g_strdup (service->name);
  self->service->type = g_strdup (service->type);
  self->service->description = g_strdup (service->description);
  self->service->price = g_strdup (service->price);
  self->service->currency = g_strdup (service->currency);

  gtk_window_set_title (GTK_WINDOW (self), _("Edit Service"));
  adw_window_title_set_title (self->window_title, _("Edit Service"));
  adw_window_title_set_subtitle (self->window_title, service->id);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), service->name != NULL ? service->name : "");
  adw_combo_row_set_selected (self->type_row, g_strcmp0 (service->type, "custom") == 0 ? 1 : 0);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view),
                            service->description != NULL ? service->description : "", -1);
  gtk_editable_set_text (GTK_EDITABLE (self->price_row), service->price != NULL ? service->price : "");
  return self;
}
