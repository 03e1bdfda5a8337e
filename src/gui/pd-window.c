/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-authorizations-page.h"
#include "pd-authorization-link-dialog.h"
#include "pd-import-window.h"
#include "pd-links-page.h"
#include "pd-merchants-page.h"
#include "pd-overview-page.h"
#include "pd-services-page.h"
#include "pd-requests-badge.h"
#include "pd-requests-page.h"
#include "pd-sync-indicator.h"
#include "pd-team-indicator.h"
#include "pd-toast.h"
#include "pd-window.h"

struct _PdWindow
{
  AdwApplicationWindow  parent_instance;

  PdContext            *context;

  AdwToastOverlay      *toast_overlay;
  PdSyncIndicator      *sync_indicator;
  PdTeamIndicator      *team_indicator;
  AdwViewStack         *stack;
  AdwViewStackPage     *authorizations_page;
  GtkWidget            *requests_slot;
  PdRequestsBadge      *requests_badge;  /* reviewing requests on the switcher */

  guint                 prefetch_id;    /* builds the hidden pages when idle */
};

G_DEFINE_FINAL_TYPE (PdWindow, pd_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const page_names[] = {
  "overview", "merchants", "links", "services", "requests", "authorizations",
};

/* Only the Overview is built with the window. The other pages are slots
 * (AdwBin) in the view stack, filled when a page is first shown, or once
 * the first frame is drawn, one page per idle: their widgets neither
 * delay the first frame nor get measured for it. */
static GtkWidget *
new_page (PdWindow   *self,
          const char *name)
{
  if (g_str_equal (name, "merchants"))
    return g_object_new (PD_TYPE_MERCHANTS_PAGE, "context", self->context, NULL);
  if (g_str_equal (name, "links"))
    return g_object_new (PD_TYPE_LINKS_PAGE, "context", self->context, NULL);
  if (g_str_equal (name, "authorizations"))
    return pd_authorizations_page_new (self->context);
  if (g_str_equal (name, "services"))
    return g_object_new (PD_TYPE_SERVICES_PAGE, "context", self->context, NULL);
  if (g_str_equal (name, "requests"))
    return g_object_new (PD_TYPE_REQUESTS_PAGE, "context", self->context, NULL);
  return NULL;
}

/* Fills the slot of the page NAME if it is still empty; TRUE if it built
 * the page now. */
static gboolean
ensure_page (PdWindow   *self,
             const char *name)
{
  GtkWidget *slot;
  GtkWidget *page;

  if (name == NULL)
    return FALSE;
  slot = adw_view_stack_get_child_by_name (self->stack, name);
  if (!ADW_IS_BIN (slot) || adw_bin_get_child (ADW_BIN (slot)) != NULL)
    return FALSE;
  page = new_page (self, name);
  if (page == NULL)
    return FALSE;
  adw_bin_set_child (ADW_BIN (slot), page);
  return TRUE;
}

static void
on_visible_child_changed_cb (PdWindow *self)
{
  ensure_page (self, adw_view_stack_get_visible_child_name (self->stack));
}

static gboolean
prefetch_page_cb (gpointer data)
{
  PdWindow *self = data;

  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    if (ensure_page (self, page_names[i]))
      return G_SOURCE_CONTINUE;
  self->prefetch_id = 0;
  return G_SOURCE_REMOVE;
}

static void
schedule_prefetch (PdWindow *self)
{
  if (self->prefetch_id == 0)
    self->prefetch_id = g_idle_add_full (G_PRIORITY_LOW, prefetch_page_cb, self, NULL);
}

static void
on_context_started_cb (PdContext *context,
                       PdWindow  *self)
{
  schedule_prefetch (self);
}

static void
save_window_state (PdWindow *self)
{
  GSettings *settings = pd_context_get_settings (self->context);
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (settings);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }
  g_settings_apply (settings);
}

static gboolean
pd_window_close_request (GtkWindow *window)
{
  save_window_state (PD_WINDOW (window));
  return GTK_WINDOW_CLASS (pd_window_parent_class)->close_request (window);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  pd_window_show_page (PD_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* win.show-merchant ("(ss)": program id, seller id): the Merchants page
 * on that merchant, its checklist open (the Overview's at-risk list). */
static void
show_merchant_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  const char *program_id = NULL;
  const char *seller_id = NULL;
  GtkWidget *page = pd_window_get_page (self, "merchants");

  g_variant_get (parameter, "(&s&s)", &program_id, &seller_id);
  if (!PD_IS_MERCHANTS_PAGE (page) || *seller_id == '\0')
    return;
  pd_window_show_page (self, "merchants");
  pd_merchants_page_show_merchant (PD_MERCHANTS_PAGE (page), *program_id != '\0' ? program_id : NULL,
                                   seller_id);
}

/* win.show-merchants ("(sii)": program id, PdStage or -1, verdict or
 * -1): the Merchants page filtered so (the Overview's funnel). */
static void
show_merchants_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  const char *program_id = NULL;
  gint32 stage = -1;
  gint32 verdict = -1;
  GtkWidget *page = pd_window_get_page (self, "merchants");

  g_variant_get (parameter, "(&sii)", &program_id, &stage, &verdict);
  if (!PD_IS_MERCHANTS_PAGE (page))
    return;
  pd_window_show_page (self, "merchants");
  pd_merchants_page_set_filters (PD_MERCHANTS_PAGE (page), *program_id != '\0' ? program_id : NULL,
                                 stage, verdict);
}

/* The shortcuts window is built the first time it is asked for, not with
 * every window (GtkApplication would load gtk/help-overlay.ui at once). */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/io/github/partnerdesk/PartnerDesk/gui/pd-help-overlay.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (window, overlay);
    }
  gtk_window_present (GTK_WINDOW (overlay));
}

/* win.authorization-link (category_id, service_id, seller_id), "" for
 * not given: the Services, Requests and Authorizations pages open the
 * authorization link dialog through it. */
static void
authorization_link_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  const char *category_id, *service_id, *seller_id;
  PdAuthorizationLinkDialog *dialog;

  g_variant_get (parameter, "(&s&s&s)", &category_id, &service_id, &seller_id);
  dialog = pd_authorization_link_dialog_new (GTK_WINDOW (self), self->context,
                                             category_id, service_id, seller_id);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Import a file: from the file chooser, or dropped on the window. */
static void
import_file (PdWindow *self,
             GFile    *file)
{
  g_autofree char *path = g_file_get_path (file);
  PdImportWindow *import;

  if (path == NULL)
    {
      pd_toast_show_text (GTK_WIDGET (self), _("Only files on this computer can be imported"));
      return;
    }
  pd_window_show_page (self, "merchants");
  import = pd_import_window_new (GTK_WINDOW (self), self->context, file);
  gtk_window_present (GTK_WINDOW (import));
}

static void
on_import_chooser_response_cb (GtkNativeDialog *chooser,
                               int              response,
                               PdWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        import_file (self, file);
    }
  g_object_unref (chooser);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *first_pattern,
            ...)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  va_list args;

  gtk_file_filter_set_name (filter, name);
  va_start (args, first_pattern);
  for (const char *p = first_pattern; p != NULL; p = va_arg (args, const char *))
    gtk_file_filter_add_pattern (filter, p);
  va_end (args);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Import File"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  add_filter (GTK_FILE_CHOOSER (chooser), _("Spreadsheets and program files"),
              "*.csv", "*.CSV", "*.tsv", "*.txt", "*.xlsx", "*.XLSX", "*.json", NULL);
  add_filter (GTK_FILE_CHOOSER (chooser), _("All files"), "*", NULL);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_import_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
on_drop_cb (GtkDropTarget *target,
            const GValue  *value,
            double         x,
            double         y,
            PdWindow      *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = g_value_get_boxed (value);
  if (files == NULL)
    return FALSE;
  /* One import at a time: the first file. */
  import_file (self, files->data);
  return TRUE;
}

static void
on_sync_controller_cb (PdWindow *self)
{
  PdSyncController *controller = pd_context_get_sync_controller (self->context);

  if (controller != NULL)
    pd_sync_indicator_set_controller (self->sync_indicator, controller);
}

static void
pd_window_constructed (GObject *object)
{
  PdWindow *self = PD_WINDOW (object);
  GSettings *settings = pd_context_get_settings (self->context);

  G_OBJECT_CLASS (pd_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* The header bar's indicator shows the context's sync controller, once
   * the application made one. */
  g_signal_connect_object (self->context, "notify::sync-controller",
                           G_CALLBACK (on_sync_controller_cb), self, G_CONNECT_SWAPPED);
  on_sync_controller_cb (self);
  pd_team_indicator_set_controller (self->team_indicator, pd_context_get_team_controller (self->context));

  /* Authorizations expiring within 15 days are counted on the view
   * switcher from the start, before their page is built. */
  pd_authorization_monitor_bind_badge (pd_context_get_authorization_monitor (self->context),
                                       self->authorizations_page);

  self->requests_badge = pd_requests_badge_new (self->context,
                                                adw_view_stack_get_page (self->stack, self->requests_slot));

  if (pd_context_is_started (self->context))
    schedule_prefetch (self);
  else
    g_signal_connect_object (self->context, "started",
                             G_CALLBACK (on_context_started_cb), self, 0);
}

static void
pd_window_dispose (GObject *object)
{
  PdWindow *self = PD_WINDOW (object);

  g_clear_handle_id (&self->prefetch_id, g_source_remove);
  g_clear_object (&self->requests_badge);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pd_window_parent_class)->dispose (object);
}

static void
pd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PdWindow *self = PD_WINDOW (object);

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
pd_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PdWindow *self = PD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_window_class_init (PdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = pd_window_constructed;
  object_class->dispose = pd_window_dispose;
  object_class->get_property = pd_window_get_property;
  object_class->set_property = pd_window_set_property;
  window_class->close_request = pd_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PD_TYPE_SYNC_INDICATOR);
  g_type_ensure (PD_TYPE_TEAM_INDICATOR);
  g_type_ensure (PD_TYPE_OVERVIEW_PAGE);
  /* The GTK types of the first frame's templates (this one, the sync
   * indicator's, the Overview's), registered before GtkBuilder meets
   * their names: it would look each up by its get_type() symbol through
   * every library the program has loaded (~0.5 M instructions a type). */
  g_type_ensure (GTK_TYPE_ACTION_BAR);
  g_type_ensure (GTK_TYPE_BOX);
  g_type_ensure (GTK_TYPE_DROP_CONTROLLER_MOTION);
  g_type_ensure (GTK_TYPE_IMAGE);
  g_type_ensure (GTK_TYPE_LABEL);
  g_type_ensure (GTK_TYPE_LIST_BOX);
  g_type_ensure (GTK_TYPE_MENU_BUTTON);
  g_type_ensure (GTK_TYPE_SCROLLED_WINDOW);
  g_type_ensure (GTK_TYPE_SPINNER);
  g_type_ensure (GTK_TYPE_STACK);
  g_type_ensure (GTK_TYPE_STACK_PAGE);
  g_type_ensure (GTK_TYPE_STRING_LIST);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/partnerdesk/PartnerDesk/gui/pd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, team_indicator);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, authorizations_page);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, requests_slot);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_child_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-page", "s", page_names[i]);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);

  gtk_widget_class_install_action (widget_class, "win.show-merchant", "(ss)", show_merchant_action);
  gtk_widget_class_install_action (widget_class, "win.show-merchants", "(sii)", show_merchants_action);

  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   show_help_overlay_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_question, GDK_CONTROL_MASK,
                                       "win.show-help-overlay", NULL);

  gtk_widget_class_install_action (widget_class, "win.authorization-link", "(sss)",
                                   authorization_link_action);

  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK,
                                       "win.import", NULL);
}

static void
pd_window_init (PdWindow *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (on_drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

PdWindow *
pd_window_new (AdwApplication *application,
               PdContext      *context)
{
  return g_object_new (PD_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

PdContext *
pd_window_get_context (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);
  return self->context;
}

GtkWidget *
pd_window_get_page (PdWindow   *self,
                    const char *name)
{
  GtkWidget *slot;

  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);

  ensure_page (self, name);
  slot = adw_view_stack_get_child_by_name (self->stack, name);
  return ADW_IS_BIN (slot) ? adw_bin_get_child (ADW_BIN (slot)) : slot;
}

void
pd_window_show_page (PdWindow   *self,
                     const char *name)
{
  g_return_if_fail (PD_IS_WINDOW (self));

  if (adw_view_stack_get_child_by_name (self->stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, name);
}

