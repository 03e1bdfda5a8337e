/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-application"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-application.h"
#include "pd-authorization-notifier.h"
#include "pd-context.h"
#include "pd-first-frame-report.h"
#include "pd-preferences-window.h"
#include "pd-timestamp.h"
#include "pd-sync-controller.h"
#include "pd-test-hooks.h"
#include "pd-window.h"

struct _PdApplication
{
  AdwApplication  parent_instance;

  char           *store_path;
  PdClock        *clock;          /* pinned by --as-of, else NULL */
  PdContext      *context;
  PdAuthorizationNotifier *authorization_notifier;
};

G_DEFINE_FINAL_TYPE (PdApplication, pd_application, ADW_TYPE_APPLICATION)

static void
on_store_error_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            PdApplication    *self)
{
  g_application_release (G_APPLICATION (self));
}

/* A store that cannot be opened (written by a newer version, not a store,
 * unreadable) is explained to the user; the file is never touched. */
static void
show_store_error (PdApplication *self,
                  const GError  *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (NULL, _("Cannot Open the Store"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "quit", _("_Quit"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_application_hold (G_APPLICATION (self));
  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (on_store_error_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The window's first painted frame ends the start-up: background work
 * waits for it (pd_context_end_start()). With
 * PARTNERDESK_BENCH_FIRST_FRAME=1 (tests/bench/bench-first-frame.py) the
 * app prints the monotonic time of that frame and quits; the benchmark
 * compares it with the time it started the process, beside a bare GTK
 * window doing the same. */
static void
on_first_after_paint_cb (GdkFrameClock *clock,
                         PdApplication *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_after_paint_cb, self);
  if (pd_test_hook_bench_first_frame ())
    {
      pd_first_frame_report ();
      g_application_quit (G_APPLICATION (self));
      return;
    }
  if (self->context != NULL)
    pd_context_end_start (self->context);
}

static void
watch_first_frame (PdApplication *self,
                   GtkWindow     *window)
{
  GdkFrameClock *clock;

  gtk_widget_realize (GTK_WIDGET (window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect_object (clock, "after-paint",
                           G_CALLBACK (on_first_after_paint_cb), self, 0);
}

/* app.sync is off while a run goes on: one run at a time. */
static void
on_sync_running_cb (PdSyncController *controller,
                    GParamSpec       *pspec,
                    PdApplication    *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "sync");

  if (G_IS_SIMPLE_ACTION (action))
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                                 !pd_sync_controller_is_running (controller));
}

/* The controller lives in the context, where the window's sync indicator
 * finds it. */
static void
create_sync_controller (PdApplication *self)
{
  g_autoptr(PdSyncController) controller = pd_sync_controller_new (self->context);

  g_signal_connect_object (controller, "notify::running",
                           G_CALLBACK (on_sync_running_cb), self, 0);
  pd_context_set_sync_controller (self->context, controller);
}

static void
on_context_started_cb (PdContext        *context,
                       PdSyncController *controller)
{
  g_signal_handlers_disconnect_by_func (context, on_context_started_cb, controller);
  pd_sync_controller_start (controller);
}

static void
pd_application_activate (GApplication *application)
{
  PdApplication *self = PD_APPLICATION (application);
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window != NULL && PD_IS_WINDOW (window))
    {
      gtk_window_present (window);
      return;
    }

  if (self->context == NULL)
    {
      g_autofree char *path = self->store_path ? g_strdup (self->store_path)
                                               : pd_store_dup_default_path ();
      g_autoptr(PdStore) store = pd_store_open (path, &error);

      if (store == NULL)
        {
          g_warning ("%s", error->message);
          show_store_error (self, error);
          return;
        }
      self->context = pd_context_new_with_clock (store, self->clock);
      create_sync_controller (self);
      self->authorization_notifier = pd_authorization_notifier_new (application, self->context);
    }

  pd_context_begin_start (self->context);
  window = GTK_WINDOW (pd_window_new (ADW_APPLICATION (self), self->context));
  watch_first_frame (self, window);
  gtk_window_present (window);

  /* Sync at start, once the window has drawn its first frame. */
  g_signal_connect_object (self->context, "started", G_CALLBACK (on_context_started_cb),
                           pd_context_get_sync_controller (self->context), 0);
}

static int
pd_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  PdApplication *self = PD_APPLICATION (application);
  const char *path = NULL;
  const char *as_of = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "as-of", "&s", &as_of))
    {
      g_autoptr(GError) error = NULL;
      gint64 at;

      if (!pd_timestamp_parse (as_of, NULL, &at, &error))
        {
          /* Translators: the option's value was not a time; %s is the
           * reason. */
          g_printerr (_("partnerdesk: --as-of %s: %s; expected a time with its offset such as"
                        " 2026-03-25T12:00:00+08:00\n"), as_of, error->message);
          return 2;
        }
      g_clear_object (&self->clock);
      self->clock = pd_clock_new_pinned (at);
    }

  if (g_variant_dict_lookup (options, "store", "^&ay", &path))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

      g_free (self->store_path);
      self->store_path = g_file_get_path (file);
    }

  return -1;
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  PdApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (self->context == NULL)
    return;
  gtk_window_present (GTK_WINDOW (pd_preferences_window_new (parent, self->context)));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  PdApplication *self = user_data;
  static const char *developers[] = { "The Partner Desk developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Partner Desk"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Partner Desk developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("The desk a TikTok Shop Partner agency keeps open all day: merchants, links, services, requests and the quarter’s incentive payout."),
                        "website", "https://github.com/partnerdesk/partnerdesk",
                        "issue-url", "https://github.com/partnerdesk/partnerdesk/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GApplication *application = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (application)));

  /* Close each window so that it saves its state, then quit. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_application_quit (application);
}

static void
sync_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  PdApplication *self = user_data;

  if (self->context != NULL && pd_context_get_sync_controller (self->context) != NULL)
    pd_sync_controller_sync_now (pd_context_get_sync_controller (self->context));
}

/* The expiry notifications' default action (pd-authorization-notifier.h). */
static void
show_authorization_action (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  pd_authorization_notifier_show (G_APPLICATION (user_data), g_variant_get_string (parameter, NULL));
}

static const GActionEntry app_actions[] = {
  { "preferences", preferences_action, NULL, NULL, NULL, { 0 } },
  { "show-authorization", show_authorization_action, "s", NULL, NULL, { 0 } },
  { "sync", sync_action, NULL, NULL, NULL, { 0 } },
  { "about", about_action, NULL, NULL, NULL, { 0 } },
  { "quit", quit_action, NULL, NULL, NULL, { 0 } },
};

static void
pd_application_startup (GApplication *application)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *sync_accels[] = { "<Control>r", NULL };
  static const char *help_overlay_accels[] = { "<Control>question", NULL };

  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  /* The icon theme is read once, not twice. GTK 4.8 starts reading it in
   * a thread as soon as it exists, and every resource path added to it
   * afterwards throws that reading away if it is done, so the first icon
   * reads it again on this thread (~65 M instructions, a fifth of the
   * empty libadwaita window's first frame). GtkApplication adds the
   * resource base path's icons/ well after the theme exists, libadwaita
   * its own icons when adw_init() runs. So libadwaita is initialised
   * first, which adds its icons right after the theme exists, and the
   * app has no resource base path (pd_application_new()): it has no
   * icons, menus or help overlay there, and its one stylesheet is loaded
   * here as AdwApplication would have. */
  adw_init ();
  G_APPLICATION_CLASS (pd_application_parent_class)->startup (application);
  gtk_css_provider_load_from_resource (provider, "/io/github/partnerdesk/PartnerDesk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.sync", sync_accels);
  /* PdWindow builds its shortcuts window on first use. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.show-help-overlay", help_overlay_accels);
}

static void
pd_application_shutdown (GApplication *application)
{
  PdApplication *self = PD_APPLICATION (application);

  /* Quitting cancels a sync; it ends at its next request or page. The
   * controller holds the context: letting go of it ends the cycle. */
  if (self->context != NULL && pd_context_get_sync_controller (self->context) != NULL)
    {
      pd_sync_controller_shutdown (pd_context_get_sync_controller (self->context));
      pd_context_set_sync_controller (self->context, NULL);
    }

  G_APPLICATION_CLASS (pd_application_parent_class)->shutdown (application);
}

static void
pd_application_finalize (GObject *object)
{
  PdApplication *self = PD_APPLICATION (object);

  g_clear_object (&self->authorization_notifier);
  g_clear_object (&self->context);
  g_clear_object (&self->clock);
  g_free (self->store_path);

  G_OBJECT_CLASS (pd_application_parent_class)->finalize (object);
}

static void
pd_application_class_init (PdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = pd_application_finalize;
  app_class->activate = pd_application_activate;
  app_class->startup = pd_application_startup;
  app_class->shutdown = pd_application_shutdown;
  app_class->handle_local_options = pd_application_handle_local_options;
}

static void
pd_application_init (PdApplication *self)
{
  static const GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Open the store FILE instead of the default one"), N_("FILE") },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Show the pipeline as of TIME (ISO 8601 with its offset) instead of now:"
         " for demos, training and screenshots"), N_("TIME") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

PdApplication *
pd_application_new (void)
{
  return g_object_new (PD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       /* No icons, menus or stylesheet found by path:
                        * pd_application_startup() says why. */
                       "resource-base-path", NULL,
                       NULL);
}
