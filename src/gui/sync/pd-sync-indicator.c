/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sync-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-conflict-dialog.h"
#include "pd-outbox-row.h"
#include "pd-sync-indicator.h"
#include "pd-sync-text.h"
#include "pd-window.h"
#include "pd-toast.h"

/* "Synced 2 minutes ago" stays true to the minute. */
#define REFRESH_SECONDS 20
/* "Sent" after a push, before "Synced ... ago" again. */
#define SENT_SHOWN_SECONDS 60

struct _PdSyncIndicator
{
  GtkWidget         parent_instance;

  PdSyncController *controller;
  guint             refresh_id;
  guint             attention;       /* conflicts and refused entries */

  GtkMenuButton    *button;
  GtkStack         *icon_stack;
  GtkImage         *icon;
  GtkSpinner       *spinner;
  GtkLabel         *label;

  /* The popover (pd-sync-popover.ui), built the first time it opens. */
  GtkBuilder       *popover_builder;
  GtkPopover       *popover;
  GtkLabel         *status_title;
  GtkLabel         *status_detail;
  GtkLabel         *error_details;
  GtkLabel         *endpoint_label;
  GtkButton        *sync_button;
  GtkButton        *preferences_button;
  GtkLabel         *result_label;
  GtkLabel         *environment_label;
  GtkWidget        *conflicts_box;
  GtkLabel         *conflicts_title;
  GtkListBox       *conflicts_list;
  GtkLabel         *outbox_title;
  GtkListBox       *outbox_list;
};

G_DEFINE_FINAL_TYPE (PdSyncIndicator, pd_sync_indicator, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTROLLER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
show_error (PdSyncIndicator *self,
            const char      *message)
{
  pd_toast_show_text (GTK_WIDGET (self), message);
}

/* The outbox */

static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static void
reload_outbox (PdSyncIndicator *self)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *conflicts_title = NULL;
  g_autofree char *outbox_title = NULL;
  guint conflicts = 0, waiting = 0, refused = 0;
  gint64 now = now_seconds ();

  if (self->popover != NULL)
    {
      clear_list (self->conflicts_list);
      clear_list (self->outbox_list);
    }

  if (self->controller != NULL)
    {
      PdStore *store = pd_context_get_store (pd_sync_controller_get_context (self->controller));

      items = pd_outbox_list (store, &error);
      if (items == NULL)
        g_warning ("Cannot list the outbox of %s: %s", pd_store_get_path (store), error->message);
    }

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      const PdOutboxItem *item = g_ptr_array_index (items, i);

      if (item->state == PD_OUTBOX_STATE_CONFLICT)
        {
          if (self->popover != NULL)
            gtk_list_box_append (self->conflicts_list, pd_outbox_row_new (item, now));
          conflicts++;
          continue;
        }
      if (self->popover != NULL)
        gtk_list_box_append (self->outbox_list, pd_outbox_row_new (item, now));
      waiting++;
      if (item->state == PD_OUTBOX_STATE_FAILED)
        refused++;
    }

  self->attention = conflicts + refused;
  if (self->popover == NULL)
    return;
  gtk_widget_set_visible (self->conflicts_box, conflicts > 0);
  conflicts_title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Conflict", "%u Conflicts", conflicts),
                                     conflicts);
  gtk_label_set_label (self->conflicts_title, conflicts_title);
  if (waiting > 0)
    /* Translators: a heading; %u is a number of local changes */
    outbox_title = g_strdup_printf (_("Waiting to Send (%u)"), waiting);
  else
    outbox_title = g_strdup (_("Waiting to Send"));
  gtk_label_set_label (self->outbox_title, outbox_title);
}

/* The state */

static void
set_icon (PdSyncIndicator *self,
          const char      *icon_name,
          const char      *css_class)
{
  static const char * const classes[] = { "warning", "error", "success", "dim-label" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->icon), classes[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->icon), css_class);
  gtk_image_set_from_icon_name (self->icon, icon_name);
  gtk_stack_set_visible_child_name (self->icon_stack, "icon");
  gtk_spinner_stop (self->spinner);
}

/* The popover's side of update(). */
static void
update_popover (PdSyncIndicator *self,
                PdSyncStatus     status,
                const char      *title,
                const char      *detail,
                const char      *details,
                const char      *endpoint,
                gboolean         preferences)
{
  const PdSyncSummary *last = NULL;
  g_autofree char *result = NULL;

  if (self->controller != NULL)
    last = pd_sync_controller_get_last_summary (self->controller);
  gtk_label_set_label (self->status_title, title);
  gtk_label_set_label (self->status_detail, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_detail), detail != NULL && *detail != '\0');
  gtk_label_set_label (self->endpoint_label, endpoint != NULL ? endpoint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->endpoint_label), endpoint != NULL && *endpoint != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->preferences_button), preferences);
  gtk_widget_set_visible (GTK_WIDGET (self->environment_label),
                          self->controller != NULL && pd_sync_controller_get_from_environment (self->controller));

  gtk_label_set_label (self->error_details, details != NULL ? details : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_details), details != NULL && *details != '\0' &&
                          g_strcmp0 (details, detail) != 0);

  if (last != NULL && status != PD_SYNC_STATUS_SYNCING)
    result = pd_sync_text_result (last, pd_sync_controller_get_last_summary_ok (self->controller));
  gtk_label_set_label (self->result_label, result != NULL ? result : "");
  gtk_widget_set_visible (GTK_WIDGET (self->result_label), result != NULL);
}

static void
update (PdSyncIndicator *self)
{
  PdSyncStatus status = PD_SYNC_STATUS_NOT_CONFIGURED;
  const char *message = NULL;
  const char *endpoint = NULL;
  const GError *error = NULL;
  g_autofree char *label = NULL;
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *details = NULL;
  g_autofree char *tooltip = NULL;
  gboolean preferences = FALSE;
  guint waiting = 0;
  gint64 sent_at = 0, now = now_seconds ();

  if (self->controller != NULL)
    {
      status = pd_sync_controller_get_status (self->controller);
      message = pd_sync_controller_get_message (self->controller);
      endpoint = pd_sync_controller_get_endpoint (self->controller);
      error = pd_sync_controller_get_error (self->controller);
      waiting = pd_sync_controller_get_waiting (self->controller);
      sent_at = pd_sync_controller_get_sent_at (self->controller);
    }

  switch (status)
    {
    case PD_SYNC_STATUS_SYNCING:
      {
        const PdSyncSummary *progress = pd_sync_controller_get_progress (self->controller);

        label = pd_sync_text_progress_short (progress);
        title = g_strdup (progress->phase == PD_SYNC_PHASE_PUSHING ? _("Sending your changes…") : _("Syncing…"));
        detail = pd_sync_text_progress (progress);
        gtk_stack_set_visible_child_name (self->icon_stack, "spinner");
        gtk_spinner_start (self->spinner);
      }
      break;

    case PD_SYNC_STATUS_IDLE:
      if (sent_at > 0 && now - sent_at < SENT_SHOWN_SECONDS && self->attention == 0)
        {
          label = g_strdup (_("Sent"));
          title = g_strdup (_("Your changes reached the platform"));
          detail = pd_sync_text_synced_ago (pd_sync_controller_get_last_sync_at (self->controller), now);
          set_icon (self, "emblem-ok-symbolic", "success");
          break;
        }
      label = pd_sync_text_synced_ago (pd_sync_controller_get_last_sync_at (self->controller), now);
      title = g_strdup (label);
      if (self->attention > 0)
        {
          set_icon (self, "dialog-warning-symbolic", "warning");
          detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%u local change needs your attention",
                                                 "%u local changes need your attention",
                                                 self->attention),
                                    self->attention);
        }
      else
        set_icon (self, "emblem-synchronizing-symbolic", NULL);
      break;

    case PD_SYNC_STATUS_ERROR:
      label = g_strdup (_("Sync Failed"));
      title = g_strdup (_("The last sync failed"));
      detail = error != NULL ? pd_sync_error_to_text (error, endpoint) : g_strdup (message);
      details = g_strdup (message);
      set_icon (self, "dialog-warning-symbolic", "error");
      preferences = pd_sync_error_is_auth (error);
      break;

    case PD_SYNC_STATUS_OFFLINE:
      if (waiting > 0)
        {
          label = pd_sync_text_waiting (waiting);
          title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u change waits to be sent",
                                                "%u changes wait to be sent", waiting),
                                   waiting);
        }
      else
        {
          label = g_strdup (_("Offline"));
          title = g_strdup (_("The platform cannot be reached"));
        }
      detail = error != NULL ? pd_sync_error_to_text (error, endpoint) : g_strdup (message);
      details = g_strdup (message);
      set_icon (self, "network-offline-symbolic", NULL);
      break;

    case PD_SYNC_STATUS_NOT_CONFIGURED:
    default:
      label = g_strdup (_("Sync Not Set Up"));
      title = g_strdup (_("Sync is not set up"));
      detail = g_strdup (message != NULL ? message
                                         : _("Sign in to the platform in Preferences."));
      set_icon (self, "network-server-symbolic", "dim-label");
      preferences = TRUE;
      break;
    }

  gtk_label_set_label (self->label, label);
  if (self->popover != NULL)
    update_popover (self, status, title, detail, details, endpoint, preferences);

  /* Hovering says why; the popover says it all. */
  tooltip = detail != NULL && *detail != '\0' ? g_strdup_printf ("%s\n%s", title, detail) : g_strdup (title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, detail != NULL ? detail : "",
                                  -1);

  /* The outbox must not change under a run that may be sending it. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.retry", status != PD_SYNC_STATUS_SYNCING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.discard", status != PD_SYNC_STATUS_SYNCING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.resolve", status != PD_SYNC_STATUS_SYNCING);
}

static void
reload (PdSyncIndicator *self)
{
  reload_outbox (self);
  update (self);
}

static void
on_controller_notify_cb (PdSyncController *controller,
                         GParamSpec       *pspec,
                         PdSyncIndicator  *self)
{
  update (self);
}

static void
on_controller_changed_cb (PdSyncController *controller,
                          PdSyncIndicator  *self)
{
  reload (self);
}

static gboolean
on_refresh_cb (gpointer user_data)
{
  update (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_popover_show_cb (GtkPopover      *popover,
                    PdSyncIndicator *self)
{
  reload (self);
}

/* The popover: built with the window, it cost the first frame some 6 M
 * instructions (of about 1,400 M) for what nobody may open; built when
 * it first opens instead. */
static void
build_popover (PdSyncIndicator *self)
{
  GtkWidget *placeholder;

  if (self->popover != NULL)
    return;
  self->popover_builder = gtk_builder_new_from_resource ("/io/github/partnerdesk/PartnerDesk/gui/pd-sync-popover.ui");
#define GET(field) (self->field = (gpointer) gtk_builder_get_object (self->popover_builder, #field))
  GET (status_title);
  GET (status_detail);
  GET (error_details);
  GET (endpoint_label);
  GET (sync_button);
  GET (preferences_button);
  GET (result_label);
  GET (environment_label);
  GET (conflicts_box);
  GET (conflicts_title);
  GET (conflicts_list);
  GET (outbox_title);
  GET (outbox_list);
  GET (popover);
#undef GET

  placeholder = gtk_label_new (_("Nothing is waiting to be sent."));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_list_box_set_placeholder (self->outbox_list, placeholder);

  g_signal_connect_object (self->popover, "show", G_CALLBACK (on_popover_show_cb), self, 0);
  gtk_menu_button_set_popover (self->button, GTK_WIDGET (self->popover));
  reload (self);
}

static void
on_create_popup_cb (GtkMenuButton *button,
                    gpointer       user_data)
{
  build_popover (user_data);
}

/* Actions of the outbox rows */

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PdSyncIndicator *self = PD_SYNC_INDICATOR (widget);
  g_autoptr(GError) error = NULL;

  if (self->controller == NULL)
    return;
  if (!pd_sync_controller_retry (self->controller, g_variant_get_int64 (parameter), &error))
    show_error (self, error->message);
  reload (self);
}

static void
on_discard_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        PdSyncIndicator  *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "pd-outbox-id"));
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "discard") || self->controller == NULL)
    return;
  if (!pd_sync_controller_discard (self->controller, id, &error))
    show_error (self, error->message);
  reload (self);
}

static const PdOutboxItem *
find_row_item (GtkListBox *list,
               gint64      id)
{
  GtkListBoxRow *row;

  if (list == NULL)
    return NULL;
  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (PD_IS_OUTBOX_ROW (row) && pd_outbox_row_get_item (PD_OUTBOX_ROW (row))->id == id)
      return pd_outbox_row_get_item (PD_OUTBOX_ROW (row));
  return NULL;
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PdSyncIndicator *self = PD_SYNC_INDICATOR (widget);
  gint64 id = g_variant_get_int64 (parameter);
  const PdOutboxItem *item = find_row_item (self->outbox_list, id);
  g_autofree char *what = NULL;
  g_autofree char *body = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (item == NULL)
    item = find_row_item (self->conflicts_list, id);
  what = item != NULL ? pd_sync_text_describe (item) : g_strdup (_("This change"));
  /* Translators: %s describes a local change, e.g. "Accept seller request SR-1001" */
  body = g_strdup_printf (_("“%s” will not reach the platform. This cannot be undone."), what);

  if (self->popover != NULL)
    gtk_popover_popdown (self->popover);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Discard This Change?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "pd-outbox-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
resolve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PdSyncIndicator *self = PD_SYNC_INDICATOR (widget);
  const PdOutboxItem *item = find_row_item (self->conflicts_list, g_variant_get_int64 (parameter));
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (item == NULL || self->controller == NULL)
    return;
  if (self->popover != NULL)
    gtk_popover_popdown (self->popover);
  dialog = pd_conflict_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   self->controller, item);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GtkWidget */

static void
pd_sync_indicator_map (GtkWidget *widget)
{
  PdSyncIndicator *self = PD_SYNC_INDICATOR (widget);

  GTK_WIDGET_CLASS (pd_sync_indicator_parent_class)->map (widget);

  reload (self);
  if (self->refresh_id == 0)
    {
      self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, on_refresh_cb, self);
      g_source_set_name_by_id (self->refresh_id, "[partnerdesk] sync indicator refresh");
    }
}

static void
pd_sync_indicator_unmap (GtkWidget *widget)
{
  PdSyncIndicator *self = PD_SYNC_INDICATOR (widget);

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  GTK_WIDGET_CLASS (pd_sync_indicator_parent_class)->unmap (widget);
}

/* GObject */

static void
pd_sync_indicator_dispose (GObject *object)
{
  PdSyncIndicator *self = PD_SYNC_INDICATOR (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_clear_object (&self->controller);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_SYNC_INDICATOR);
  g_clear_object (&self->popover_builder);

  G_OBJECT_CLASS (pd_sync_indicator_parent_class)->dispose (object);
}

static void
pd_sync_indicator_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PdSyncIndicator *self = PD_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      g_value_set_object (value, self->controller);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_sync_indicator_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PdSyncIndicator *self = PD_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      pd_sync_indicator_set_controller (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_sync_indicator_class_init (PdSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_sync_indicator_dispose;
  object_class->get_property = pd_sync_indicator_get_property;
  object_class->set_property = pd_sync_indicator_set_property;
  widget_class->map = pd_sync_indicator_map;
  widget_class->unmap = pd_sync_indicator_unmap;

  properties[PROP_CONTROLLER] =
    g_param_spec_object ("controller", NULL, NULL, PD_TYPE_SYNC_CONTROLLER,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/partnerdesk/PartnerDesk/gui/pd-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, PdSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, PdSyncIndicator, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, PdSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, PdSyncIndicator, spinner);
  gtk_widget_class_bind_template_child (widget_class, PdSyncIndicator, label);

  gtk_widget_class_install_action (widget_class, "sync.retry", "x", retry_action);
  gtk_widget_class_install_action (widget_class, "sync.discard", "x", discard_action);
  gtk_widget_class_install_action (widget_class, "sync.resolve", "x", resolve_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pdsyncindicator");

  g_type_ensure (PD_TYPE_OUTBOX_ROW);
}

static void
pd_sync_indicator_init (PdSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->button, on_create_popup_cb, self, NULL);
  update (self);
}

GtkWidget *
pd_sync_indicator_new (void)
{
  return g_object_new (PD_TYPE_SYNC_INDICATOR, NULL);
}

PdSyncController *
pd_sync_indicator_get_controller (PdSyncIndicator *self)
{
  g_return_val_if_fail (PD_IS_SYNC_INDICATOR (self), NULL);
  return self->controller;
}

void
pd_sync_indicator_set_controller (PdSyncIndicator  *self,
                                  PdSyncController *controller)
{
  g_return_if_fail (PD_IS_SYNC_INDICATOR (self));
  g_return_if_fail (controller == NULL || PD_IS_SYNC_CONTROLLER (controller));

  if (self->controller == controller)
    return;
  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_set_object (&self->controller, controller);
  if (controller != NULL)
    {
      g_signal_connect_object (controller, "notify", G_CALLBACK (on_controller_notify_cb), self, 0);
      g_signal_connect_object (controller, "finished", G_CALLBACK (on_controller_changed_cb), self, 0);
      g_signal_connect_object (controller, "outbox-changed", G_CALLBACK (on_controller_changed_cb), self, 0);
    }
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTROLLER]);
}

GObject *
pd_sync_indicator_get_popover_child (PdSyncIndicator *self,
                                     const char      *name)
{
  g_return_val_if_fail (PD_IS_SYNC_INDICATOR (self), NULL);

  build_popover (self);
  return gtk_builder_get_object (self->popover_builder, name);
}

void
pd_sync_indicator_popup (PdSyncIndicator *self)
{
  g_return_if_fail (PD_IS_SYNC_INDICATOR (self));
  gtk_menu_button_popup (self->button);
}
