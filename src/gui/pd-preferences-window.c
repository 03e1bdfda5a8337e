/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-a11y.h"
#include "pd-config.h"
#include "pd-credentials.h"
#include "pd-open-api-client.h"
#include "pd-preferences-window.h"
#include "pd-sign-in-dialog.h"
#include "pd-stage-rates-group.h"
#include "pd-sync-controller.h"
#include "pd-toast.h"
#include "pd-store-entries.h"
#include "pd-team-page.h"

#define MARKET_KEY_PREFIX "onboarding_base_url."
#define SYNC_INTERVAL_SAVE_DELAY_MS 600

/* The key a settings row edits, set on each AdwEntryRow. */
#define ROW_KEY "pd-config-key"

struct _PdPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  PdContext            *context;
  GCancellable         *cancellable;

  /* The endpoint the credential rows belong to (the saved one). */
  char                 *credentials_endpoint;
  gboolean              loading_credentials;
  guint                 sync_interval_timeout_id;

  /* Market code -> its AdwEntryRow (borrowed: the group owns it). */
  GHashTable           *market_rows;

  AdwEntryRow          *staff_name_row;

  AdwPreferencesGroup  *connection_group;
  AdwEntryRow          *endpoint_row;
  AdwEntryRow          *partner_id_row;
  GtkSpinButton        *sync_interval_spin;

  AdwPreferencesGroup  *credentials_group;
  GtkButton            *save_credentials_button;
  AdwEntryRow          *app_key_row;
  AdwEntryRow          *app_secret_row;
  AdwEntryRow          *access_token_row;
  AdwEntryRow          *refresh_token_row;

  /* Issue 17: the Open API app (its key and secret in the keyring). */
  GtkButton            *save_open_api_button;
  AdwEntryRow          *open_api_service_row;
  AdwEntryRow          *open_api_key_row;
  AdwEntryRow          *open_api_secret_row;
  gboolean              loading_open_api;

  AdwPreferencesGroup  *markets_group;
  AdwEntryRow          *add_market_row;

  AdwEntryRow          *import_timezone_row;

  PdStageRatesGroup    *stage_rates_group;
};

G_DEFINE_FINAL_TYPE (PdPreferencesWindow, pd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load_credentials (PdPreferencesWindow *self);

static void
add_toast (PdPreferencesWindow *self,
           const char          *message)
{
  AdwToast *toast = adw_toast_new (message);

  /* Errors can be long: leave them up until dismissed or replaced. */
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  pd_toast_show (GTK_WIDGET (self), toast);
}

static void
add_short_toast (PdPreferencesWindow *self,
                 const char          *message)
{
  pd_toast_show_text (GTK_WIDGET (self), message);
}

static PdStore *
get_store (PdPreferencesWindow *self)
{
  return pd_context_get_store (self->context);
}

/* Settings rows */

static void
set_row_error (AdwEntryRow *row,
               gboolean     error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
load_row (PdPreferencesWindow *self,
          AdwEntryRow         *row)
{
  const char *key = g_object_get_data (G_OBJECT (row), ROW_KEY);
  g_autoptr(GError) error = NULL;
  g_autofree char *value = pd_store_dup_setting (get_store (self), key, &error);

  if (value == NULL)
    {
      g_warning ("Cannot read the setting %s from the store: %s", key, error->message);
      add_toast (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (row), value);
}

static void
on_setting_row_apply_cb (AdwEntryRow         *row,
                         PdPreferencesWindow *self)
{
  const char *key = g_object_get_data (G_OBJECT (row), ROW_KEY);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;

  if (!pd_store_set_setting (get_store (self), key, text, &error))
    {
      set_row_error (row, TRUE);
      add_toast (self, error->message);
      return;
    }
  set_row_error (row, FALSE);
  /* The store said PD_ENTITY_SETTINGS changed: the sync follows the endpoint. */

  /* Show the value as the store normalized it (e.g. no trailing slash). */
  saved = pd_store_dup_setting (get_store (self), key, NULL);
  if (saved != NULL && g_strcmp0 (saved, text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), saved);

  /* Credentials are kept per endpoint: show the new endpoint's. */
  if (g_str_equal (key, "endpoint") && g_strcmp0 (saved, self->credentials_endpoint) != 0)
    load_credentials (self);
}

static void
on_setting_row_changed_cb (AdwEntryRow         *row,
                           PdPreferencesWindow *self)
{
  /* Editing again clears the mark of the last refused value. */
  set_row_error (row, FALSE);
}

static void
setup_setting_row (PdPreferencesWindow *self,
                   AdwEntryRow         *row,
                   const char          *key)
{
  g_object_set_data_full (G_OBJECT (row), ROW_KEY, g_strdup (key), g_free);
  load_row (self, row);
  g_signal_connect_object (row, "apply", G_CALLBACK (on_setting_row_apply_cb), self, 0);
  g_signal_connect_object (row, "changed", G_CALLBACK (on_setting_row_changed_cb), self, 0);
}

/* Sync interval: saved a moment after the last change, so that holding
 * the spin button's + does not write (and audit) every step. */

static void
save_sync_interval (PdPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->sync_interval_spin));

  if (!pd_store_set_setting (get_store (self), "sync_interval_minutes", value, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->sync_interval_spin), "error");
      add_toast (self, error->message);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->sync_interval_spin), "error");
  /* The store said PD_ENTITY_SETTINGS changed: the sync follows the interval. */
}

static gboolean
on_sync_interval_timeout_cb (gpointer user_data)
{
  PdPreferencesWindow *self = user_data;

  self->sync_interval_timeout_id = 0;
  save_sync_interval (self);
  return G_SOURCE_REMOVE;
}

static void
on_sync_interval_value_changed_cb (GtkSpinButton       *spin,
                                   PdPreferencesWindow *self)
{
  g_clear_handle_id (&self->sync_interval_timeout_id, g_source_remove);
  self->sync_interval_timeout_id = g_timeout_add (SYNC_INTERVAL_SAVE_DELAY_MS,
                                                  on_sync_interval_timeout_cb, self);
}

static void
setup_sync_interval (PdPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = pd_store_dup_setting (get_store (self), "sync_interval_minutes", &error);
  guint64 minutes = 0;

  if (value == NULL)
    {
      g_warning ("Cannot read the setting sync_interval_minutes from the store: %s", error->message);
      add_toast (self, error->message);
    }
  else if (!g_ascii_string_to_unsigned (value, 10, 0, 1440, &minutes, &error))
    g_warning ("The stored sync_interval_minutes “%s” is not a number of minutes: %s",
               value, error->message);
  else
    gtk_spin_button_set_value (self->sync_interval_spin, (double) minutes);

  g_signal_connect_object (self->sync_interval_spin, "value-changed",
                           G_CALLBACK (on_sync_interval_value_changed_cb), self, 0);
}

/* Credentials */

static AdwEntryRow *
credential_row (PdPreferencesWindow *self,
                guint                i)
{
  AdwEntryRow *rows[] = {
    self->app_key_row, self->app_secret_row, self->access_token_row, self->refresh_token_row,
  };

  return i < G_N_ELEMENTS (rows) ? rows[i] : NULL;
}

static char **
credential_field (PdCredentials *credentials,
                  guint          i)
{
  char **fields[] = {
    &credentials->app_key, &credentials->app_secret,
    &credentials->access_token, &credentials->refresh_token,
  };

  return fields[i];
}

static void
set_credentials_sensitive (PdPreferencesWindow *self,
                           gboolean             sensitive)
{
  for (guint i = 0; credential_row (self, i) != NULL; i++)
    gtk_widget_set_sensitive (GTK_WIDGET (credential_row (self, i)), sensitive);
}

static void
on_credentials_loaded_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(PdPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdCredentials) credentials = pd_credentials_load_finish (result, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  self->loading_credentials = TRUE;
  for (guint i = 0; credential_row (self, i) != NULL; i++)
    {
      const char *value = credentials != NULL ? *credential_field (credentials, i) : NULL;

      gtk_editable_set_text (GTK_EDITABLE (credential_row (self, i)), value != NULL ? value : "");
    }
  self->loading_credentials = FALSE;

  set_credentials_sensitive (self, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_credentials_button), FALSE);

  if (credentials == NULL)
    {
      /* No keyring is a normal situation (a bare session, a sandbox
       * without the portal): say it in the window, not as a warning.
       * The message names the keyring failure, never a secret. */
      g_debug ("Cannot load the credentials for %s: %s", self->credentials_endpoint, error->message);
      add_toast (self, error->message);
    }
}

static void
load_credentials (PdPreferencesWindow *self)
{
  g_autofree char *endpoint = pd_store_dup_setting (get_store (self), "endpoint", NULL);

  g_free (self->credentials_endpoint);
  self->credentials_endpoint = g_steal_pointer (&endpoint);

  /* Clear what belonged to the previous endpoint while the keyring answers. */
  self->loading_credentials = TRUE;
  for (guint i = 0; credential_row (self, i) != NULL; i++)
    gtk_editable_set_text (GTK_EDITABLE (credential_row (self, i)), "");
  self->loading_credentials = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_credentials_button), FALSE);
  set_credentials_sensitive (self, FALSE);

  /* Credentials are kept per endpoint: without one there is nothing to
   * attach them to. */
  if (self->credentials_endpoint == NULL || *self->credentials_endpoint == '\0')
    {
      adw_preferences_group_set_description (self->credentials_group,
                                             _("Saved in the keyring, never in the store. Sign In… asks for the platform’s address, the app key and the app secret; to enter credentials by hand, enter the endpoint first."));
      return;
    }

  adw_preferences_group_set_description (self->credentials_group,
                                         _("Saved in the keyring, never in the store"));
  pd_credentials_load_async (self->credentials_endpoint, self->cancellable,
                             on_credentials_loaded_cb, g_object_ref (self));
}

static void
on_credentials_saved_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(PdPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pd_credentials_save_finish (result, &error))
    {
      if (g_cancellable_is_cancelled (self->cancellable))
        return;
      g_debug ("Cannot save the credentials for %s: %s", self->credentials_endpoint, error->message);
      set_credentials_sensitive (self, TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->save_credentials_button), TRUE);
      add_toast (self, error->message);
      return;
    }

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  set_credentials_sensitive (self, TRUE);
  add_short_toast (self, _("Credentials saved to the keyring"));
  /* The sync tries them. The keyring is not the store, but what the store
   * syncs with them changes: this window wrote, this window tells. */
  pd_store_emit_change (get_store (self), PD_ENTITY_CREDENTIALS, NULL, PD_CHANGE_ORIGIN_WINDOW);
}

static void
on_save_credentials_clicked_cb (GtkButton           *button,
                                PdPreferencesWindow *self)
{
  g_autoptr(PdCredentials) credentials = pd_credentials_new ();

  if (self->credentials_endpoint == NULL || *self->credentials_endpoint == '\0')
    return;

  for (guint i = 0; credential_row (self, i) != NULL; i++)
    *credential_field (credentials, i) = g_strdup (gtk_editable_get_text (GTK_EDITABLE (credential_row (self, i))));

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_credentials_button), FALSE);
  set_credentials_sensitive (self, FALSE);
  pd_credentials_save_async (credentials, self->credentials_endpoint, self->cancellable,
                             on_credentials_saved_cb, g_object_ref (self));
}

static void
on_credential_changed_cb (GtkEditable         *editable,
                          PdPreferencesWindow *self)
{
  if (self->loading_credentials)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_credentials_button), TRUE);
}

static void
setup_credentials (PdPreferencesWindow *self)
{
  for (guint i = 0; credential_row (self, i) != NULL; i++)
    g_signal_connect_object (credential_row (self, i), "changed",
                             G_CALLBACK (on_credential_changed_cb), self, 0);
  g_signal_connect_object (self->save_credentials_button, "clicked",
                           G_CALLBACK (on_save_credentials_clicked_cb), self, 0);
  load_credentials (self);
}

/* Signing in: the guided way (PdSignInDialog) */

static void
on_signed_in_cb (PdSignInDialog      *dialog,
                 const char          *endpoint,
                 PdPreferencesWindow *self)
{
  g_autofree char *text = NULL;

  load_row (self, self->endpoint_row);
  load_credentials (self);
  /* Translators: %s is the platform's address, a URL */
  text = g_strdup_printf (_("Signed in at %s"), endpoint);
  add_short_toast (self, text);
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PdPreferencesWindow *self = PD_PREFERENCES_WINDOW (widget);
  GtkWidget *dialog = pd_sign_in_dialog_new (GTK_WINDOW (self), self->context);

  g_signal_connect_object (dialog, "signed-in", G_CALLBACK (on_signed_in_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A demo session (./run: PD_ENDPOINT and credentials from the
 * environment) syncs with the sandbox whatever the endpoint setting
 * says: the row would be saved and ignored, so it says so instead. */
static void
show_session (PdPreferencesWindow *self)
{
  PdSyncController *controller = pd_context_get_sync_controller (self->context);
  g_autofree char *text = NULL;

  if (controller == NULL || !pd_sync_controller_get_from_environment (controller))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->endpoint_row), FALSE);
  /* Translators: %s is the sandbox's address, a URL */
  text = g_strdup_printf (_("This demo session syncs with the sandbox at %s, with the sandbox’s own credentials,"
                            " whatever is set here. The endpoint and sign-in below are used when Partner Desk"
                            " is started on its own."),
                          pd_sync_controller_get_endpoint (controller));
  adw_preferences_group_set_description (self->connection_group, text);
}

/* Markets */

static AdwEntryRow *
add_market_row (PdPreferencesWindow *self,
                const char          *market)
{
  g_autofree char *key = g_strconcat (MARKET_KEY_PREFIX, market, NULL);
  g_autofree char *title = NULL;
  AdwEntryRow *row;

  g_assert (pd_config_is_market_key (key, NULL));

  /* Translators: %s is a market code such as EU, JP or US */
  title = g_strdup_printf (_("%s Onboarding Link"), market);
  row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_show_apply_button (row, TRUE);
  adw_entry_row_set_input_purpose (row, GTK_INPUT_PURPOSE_URL);
  adw_entry_row_set_input_hints (row, GTK_INPUT_HINT_NO_SPELLCHECK);
  setup_setting_row (self, row, key);

  adw_preferences_group_add (self->markets_group, GTK_WIDGET (row));
  g_hash_table_insert (self->market_rows, g_strdup (market), row);
  return row;
}

static void
collect_market (GPtrArray  *markets,
                const char *market)
{
  g_autofree char *key = g_strconcat (MARKET_KEY_PREFIX, market, NULL);

  if (!pd_config_is_market_key (key, NULL))
    {
      g_warning ("Ignoring the market “%s”: expected two to eight capital letters", market);
      return;
    }
  if (!g_ptr_array_find_with_equal_func (markets, market, g_str_equal, NULL))
    g_ptr_array_add (markets, g_strdup (market));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* One row per market of the store's programs and per market that already
 * has a link in the settings. */
static void
setup_markets (PdPreferencesWindow *self)
{
  g_autoptr(GPtrArray) markets = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) programs = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) error = NULL;

  programs = pd_store_list_programs (get_store (self), &error);
  if (programs == NULL)
    {
      g_warning ("Cannot list the programs of the store: %s", error->message);
      add_toast (self, error->message);
      g_clear_error (&error);
    }
  else
    {
      for (guint i = 0; i < programs->len; i++)
        {
          const char * const *program_markets = pd_program_get_markets (g_ptr_array_index (programs, i));

          for (guint j = 0; program_markets != NULL && program_markets[j] != NULL; j++)
            collect_market (markets, program_markets[j]);
        }
    }

  keys = pd_store_list_settings (get_store (self), &error);
  if (keys == NULL)
    {
      g_warning ("Cannot list the settings of the store: %s", error->message);
      add_toast (self, error->message);
    }
  else
    {
      for (guint i = 0; i < keys->len; i++)
        {
          const char *market = NULL;

          if (pd_config_is_market_key (g_ptr_array_index (keys, i), &market))
            collect_market (markets, market);
        }
    }

  g_ptr_array_sort (markets, compare_strings);
  for (guint i = 0; i < markets->len; i++)
    add_market_row (self, g_ptr_array_index (markets, i));
}

static void
on_add_market_apply_cb (AdwEntryRow         *row,
                        PdPreferencesWindow *self)
{
  g_autofree char *market = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (row)), -1);
  g_autofree char *key = NULL;
  AdwEntryRow *market_row;

  g_strstrip (market);
  key = g_strconcat (MARKET_KEY_PREFIX, market, NULL);
  if (!pd_config_is_market_key (key, NULL))
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” is not a market code; expected two to eight capital letters, such as UK"),
                         market);

      set_row_error (row, TRUE);
      add_toast (self, message);
      return;
    }
  set_row_error (row, FALSE);

  market_row = g_hash_table_lookup (self->market_rows, market);
  if (market_row == NULL)
    market_row = add_market_row (self, market);

  /* Move the focus first: clearing a focused entry row would show its
   * apply button again. */
  gtk_widget_grab_focus (GTK_WIDGET (market_row));
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

/* The Open API app's key and secret (issue 17): one keyring item each
 * under "open-api", as the CLI and the sync read them. */

static void
on_open_api_loaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(PdPreferencesWindow) self = user_data;
  g_autoptr(PdCredentials) app = pd_credentials_load_finish (result, NULL);

  /* Nothing saved, or no keyring: what the user may have typed stays. */
  if (g_cancellable_is_cancelled (self->cancellable) || app == NULL ||
      (app->app_key == NULL && app->app_secret == NULL))
    return;
  self->loading_open_api = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->open_api_key_row),
                         app != NULL && app->app_key != NULL ? app->app_key : "");
  gtk_editable_set_text (GTK_EDITABLE (self->open_api_secret_row),
                         app != NULL && app->app_secret != NULL ? app->app_secret : "");
  self->loading_open_api = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_open_api_button), FALSE);
}

static void
on_open_api_saved_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(PdPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (!pd_credentials_save_finish (result, &error))
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->save_open_api_button), TRUE);
      add_toast (self, error->message);
      return;
    }
  add_short_toast (self, _("Open API key and secret saved to the keyring"));
}

static void
on_save_open_api_clicked_cb (GtkButton           *button,
                             PdPreferencesWindow *self)
{
  g_autoptr(PdCredentials) app = pd_credentials_new ();

  app->app_key = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->open_api_key_row)));
  app->app_secret = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->open_api_secret_row)));
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_open_api_button), FALSE);
  pd_credentials_save_async (app, PD_OPEN_API_KEYRING_APP, self->cancellable, on_open_api_saved_cb,
                             g_object_ref (self));
}

static void
on_open_api_changed_cb (GtkEditable         *editable,
                        PdPreferencesWindow *self)
{
  if (!self->loading_open_api)
    gtk_widget_set_sensitive (GTK_WIDGET (self->save_open_api_button), TRUE);
}

static void
setup_open_api (PdPreferencesWindow *self)
{
  setup_setting_row (self, self->open_api_service_row, "open_api.service_id");
  g_signal_connect_object (self->open_api_key_row, "changed", G_CALLBACK (on_open_api_changed_cb), self, 0);
  g_signal_connect_object (self->open_api_secret_row, "changed", G_CALLBACK (on_open_api_changed_cb), self, 0);
  g_signal_connect_object (self->save_open_api_button, "clicked",
                           G_CALLBACK (on_save_open_api_clicked_cb), self, 0);
  pd_credentials_load_async (PD_OPEN_API_KEYRING_APP, self->cancellable, on_open_api_loaded_cb,
                             g_object_ref (self));
}

/* GObject */

static void
pd_preferences_window_constructed (GObject *object)
{
  PdPreferencesWindow *self = PD_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (pd_preferences_window_parent_class)->constructed (object);

  g_return_if_fail (PD_IS_CONTEXT (self->context));

  setup_setting_row (self, self->staff_name_row, "staff_name");
  setup_setting_row (self, self->endpoint_row, "endpoint");
  setup_setting_row (self, self->partner_id_row, "partner_id");
  setup_setting_row (self, self->import_timezone_row, "import_timezone");
  setup_sync_interval (self);
  /* The same group as the Overview's Program Settings (pd-stage-rates-group.h). */
  pd_stage_rates_group_set_store (self->stage_rates_group, get_store (self));
  setup_markets (self);
  g_signal_connect_object (self->add_market_row, "apply",
                           G_CALLBACK (on_add_market_apply_cb), self, 0);
  g_signal_connect_object (self->add_market_row, "changed",
                           G_CALLBACK (on_setting_row_changed_cb), self, 0);
  setup_credentials (self);
  setup_open_api (self);
  show_session (self);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (pd_team_page_new (self->context)));
}

static void
pd_preferences_window_dispose (GObject *object)
{
  PdPreferencesWindow *self = PD_PREFERENCES_WINDOW (object);

  /* A pending sync interval is saved, not lost. */
  if (self->sync_interval_timeout_id != 0)
    {
      g_clear_handle_id (&self->sync_interval_timeout_id, g_source_remove);
      if (self->context != NULL && self->sync_interval_spin != NULL)
        save_sync_interval (self);
    }
  if (self->stage_rates_group != NULL)
    pd_stage_rates_group_flush (self->stage_rates_group);

  g_cancellable_cancel (self->cancellable);
  if (self->market_rows != NULL)
    g_hash_table_remove_all (self->market_rows);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pd_preferences_window_parent_class)->dispose (object);
}

static void
pd_preferences_window_finalize (GObject *object)
{
  PdPreferencesWindow *self = PD_PREFERENCES_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->market_rows, g_hash_table_unref);
  g_free (self->credentials_endpoint);

  G_OBJECT_CLASS (pd_preferences_window_parent_class)->finalize (object);
}

static void
pd_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PdPreferencesWindow *self = PD_PREFERENCES_WINDOW (object);

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
pd_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  PdPreferencesWindow *self = PD_PREFERENCES_WINDOW (object);

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
pd_preferences_window_class_init (PdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pd_preferences_window_constructed;
  object_class->dispose = pd_preferences_window_dispose;
  object_class->finalize = pd_preferences_window_finalize;
  object_class->get_property = pd_preferences_window_get_property;
  object_class->set_property = pd_preferences_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PD_TYPE_STAGE_RATES_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/partnerdesk/PartnerDesk/gui/pd-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, staff_name_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, connection_group);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, partner_id_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, sync_interval_spin);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, credentials_group);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, save_credentials_button);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, app_key_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, app_secret_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, access_token_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, refresh_token_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, save_open_api_button);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, open_api_service_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, open_api_key_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, open_api_secret_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, markets_group);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, add_market_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, import_timezone_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesWindow, stage_rates_group);

  gtk_widget_class_install_action (widget_class, "preferences.sign-in", NULL, sign_in_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
pd_preferences_window_init (PdPreferencesWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->market_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  pd_a11y_name_lists (GTK_WIDGET (self));
}

GtkWidget *
pd_preferences_window_new (GtkWindow *parent,
                           PdContext *context)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PD_IS_CONTEXT (context), NULL);

  return g_object_new (PD_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "context", context,
                       NULL);
}
