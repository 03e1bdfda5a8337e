/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-team-page"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-store-team.h"
#include "pd-team-button.h"
#include "pd-team-app-api.h"
#include "pd-team-controller.h"
#include "pd-team-page.h"

struct _PdTeamPage
{
  AdwPreferencesPage  parent_instance;

  PdContext          *context;
  GCancellable       *cancellable;
  gboolean            busy;

  AdwPreferencesGroup *join_group;
  AdwEntryRow        *url_row;
  AdwEntryRow        *staff_row;
  AdwEntryRow        *password_row;
  GtkButton          *join_button;
  GtkSpinner         *spinner;
  GtkLabel           *error_label;

  AdwPreferencesGroup *status_group;
  AdwActionRow       *hub_row;
  AdwActionRow       *connection_row;
  AdwActionRow       *schema_row;
  AdwActionRow       *pulled_row;
  AdwActionRow       *pending_row;
  AdwActionRow       *conflicts_row;
  AdwActionRow       *last_sync_row;
  AdwExpanderRow     *refused_row;
  GPtrArray          *refused_rows;
};

G_DEFINE_FINAL_TYPE (PdTeamPage, pd_team_page, ADW_TYPE_PREFERENCES_PAGE)

static void
show_error (PdTeamPage *self,
            const char *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_busy (PdTeamPage *self,
          gboolean    busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->join_button), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  if (busy)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);
}

static void
set_subtitle (AdwActionRow *row,
              const char   *text)
{
  adw_action_row_set_subtitle (row, text);
  /* The value is what a screen reader should say of the row. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

static void
show_refused (PdTeamPage   *self,
              PdTeamStatus *status)
{
  g_autofree char *count = NULL;

  for (guint i = 0; i < self->refused_rows->len; i++)
    adw_expander_row_remove (self->refused_row, g_ptr_array_index (self->refused_rows, i));
  g_ptr_array_set_size (self->refused_rows, 0);
  for (guint i = 0; status->refused != NULL && i < status->refused->len; i++)
    {
      const PdTeamOutboxItem *item = g_ptr_array_index (status->refused, i);
      g_autofree char *why = pd_team_message_to_text (item->last_error);
      /* Translators: a refused edit: the field, and the merchant (or other object) */
      g_autofree char *title = g_strdup_printf (_("%s of %s"), item->field, item->object);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), why != NULL ? why : "");
      adw_expander_row_add_row (self->refused_row, row);
      g_ptr_array_add (self->refused_rows, row);
    }
  count = g_strdup_printf ("%u", status->failed);
  adw_expander_row_set_subtitle (self->refused_row,
                                 status->failed == 0 ? _("None")
                                 : _("The hub’s row-level security did not allow these edits; they were put back."));
  adw_expander_row_set_enable_expansion (self->refused_row, status->failed > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->refused_row), TRUE);
}

static void
show_status (PdTeamPage   *self,
             PdTeamStatus *status)
{
  gboolean joined = status->state.url != NULL;
  g_autofree char *connection = NULL;
  g_autofree char *schema = NULL;
  g_autofree char *pulled = NULL;
  g_autofree char *pending = NULL;
  g_autofree char *conflicts = NULL;
  g_autofree char *last = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->status_group), joined);
  adw_preferences_group_set_title (self->join_group, joined ? _("Joined Team Hub") : _("Join a Team Hub"));
  pd_team_button_set_mnemonic (GTK_WIDGET (self->join_button), joined ? _("_Join Again") : _("_Join"));
  if (!joined)
    return;

  if (gtk_editable_get_text (GTK_EDITABLE (self->url_row))[0] == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), status->state.url);
  if (gtk_editable_get_text (GTK_EDITABLE (self->staff_row))[0] == '\0' && status->state.staff != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->staff_row), status->state.staff);

  set_subtitle (self->hub_row, status->state.url);
  if (status->connected)
    connection = g_strdup_printf (_("Connected as %s"), status->state.staff);
  else
    {
      g_autofree char *why = pd_team_message_to_text (status->connect_error);

      connection = g_strdup_printf (_("Not connected: %s"), why != NULL ? why : _("no answer"));
    }
  set_subtitle (self->connection_row, connection);
  schema = status->schema_version > 0 ? g_strdup_printf ("%u", status->schema_version) : g_strdup (_("Unknown"));
  set_subtitle (self->schema_row, schema);
  if (status->hub_seq >= 0)
    {
      g_autofree char *mine = g_strdup_printf ("%" G_GINT64_FORMAT, status->state.last_seq);
      g_autofree char *hubs = g_strdup_printf ("%" G_GINT64_FORMAT, status->hub_seq);

      /* Translators: change sequence numbers: the last pulled here, the hub's last */
      pulled = g_strdup_printf (_("%s of the hub’s %s"), mine, hubs);
    }
  else
    pulled = g_strdup_printf ("%" G_GINT64_FORMAT, status->state.last_seq);
  set_subtitle (self->pulled_row, pulled);
  pending = status->pending == 0 ? g_strdup (_("None"))
            : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u edit waits to be sent",
                                            "%u edits wait to be sent", status->pending), status->pending);
  set_subtitle (self->pending_row, pending);
  conflicts = status->conflicts == NULL || status->conflicts->len == 0
              ? g_strdup (_("None"))
              : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u edit lost to another desktop’s: open the merchant to choose",
                                              "%u edits lost to other desktops’: open the merchants to choose",
                                              status->conflicts->len), status->conflicts->len);
  set_subtitle (self->conflicts_row, conflicts);
  if (status->state.last_sync_at == 0)
    last = g_strdup (_("Never"));
  else
    {
      g_autofree char *when = pd_team_format_time (status->state.last_sync_at);
      g_autofree char *result = g_strcmp0 (status->state.last_result, "ok") == 0
                                ? g_strdup (_("succeeded"))
                                : pd_team_message_to_text (status->state.last_result);

      /* Translators: when the last team sync ran, and how it ended */
      last = g_strdup_printf (_("%s: %s"), when, result != NULL ? result : "");
    }
  set_subtitle (self->last_sync_row, last);
  show_refused (self, status);
}

static void
on_status_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  PdTeamPage *self = user_data;
  g_auto(PdTeamStatus) status = { 0 };
  g_autoptr(GError) error = NULL;

  if (!pd_team_app_status_finish (PD_STORE (source), result, &status, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  show_status (self, &status);
}

void
pd_team_page_refresh (PdTeamPage *self)
{
  g_return_if_fail (PD_IS_TEAM_PAGE (self));

  pd_team_app_status_async (pd_context_get_store (self->context), self->cancellable, on_status_cb, self);
}

static void
on_join_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  PdTeamPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;

  if (!pd_team_app_join_finish (PD_STORE (source), result, &warning, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      {
        g_autofree char *text = pd_team_error_to_text (error);

        show_error (self, text);
      }
      return;
    }
  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  if (warning != NULL)
    {
      /* Translators: %s says why the keyring did not save the password */
      g_autofree char *text = g_strdup_printf (_("Joined the team, but the password was not saved: %s"), warning);

      show_error (self, text);
    }
  pd_team_controller_start (pd_context_get_team_controller (self->context));
  pd_team_page_refresh (self);
}

static void
on_join_clicked_cb (PdTeamPage *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (self->busy)
    return;
  show_error (self, NULL);
  set_busy (self, TRUE);
  pd_team_app_join_async (pd_context_get_store (self->context),
                          gtk_editable_get_text (GTK_EDITABLE (self->url_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->staff_row)),
                          *password != '\0' ? password : NULL,
                          self->cancellable, on_join_cb, self);
}

static void
on_left_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  PdTeamPage *self;

  if (!pd_team_app_leave_finish (PD_STORE (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = PD_TEAM_PAGE (user_data);
  if (error != NULL)
    {
      show_error (self, error->message);
      return;
    }
  pd_team_controller_start (pd_context_get_team_controller (self->context));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  pd_team_page_refresh (self);
}

static void
on_leave_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      PdTeamPage       *self)
{
  if (!g_str_equal (response, "leave"))
    return;
  /* The keyring's item goes in a worker: the window never waits for it. */
  pd_team_app_leave_async (pd_context_get_store (self->context), self->cancellable, on_left_cb, self);
}

static void
on_leave_clicked_cb (PdTeamPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Leave the Team Hub?"),
                                   _("This desktop stops sharing notes, tags and assignees with the team."
                                     " Edits not yet sent and conflicts not yet settled are dropped; your"
                                     " local notes stay."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "leave", _("_Leave"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "leave", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_leave_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_sync_clicked_cb (PdTeamPage *self)
{
  pd_team_controller_sync (pd_context_get_team_controller (self->context));
}

static AdwActionRow *
add_status_row (PdTeamPage *self,
                const char *title)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (self->status_group, row);
  return ADW_ACTION_ROW (row);
}

static AdwEntryRow *
add_entry_row (PdTeamPage *self,
               GType       type,
               const char *title)
{
  GtkWidget *row = g_object_new (type, "title", title, NULL);

  adw_preferences_group_add (self->join_group, row);
  return ADW_ENTRY_ROW (row);
}

static void
build (PdTeamPage *self)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (self);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *status_buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *sync_button, *leave_button;

  adw_preferences_page_set_title (page, _("Team"));
  adw_preferences_page_set_icon_name (page, "system-users-symbolic");
  adw_preferences_page_set_name (page, "team");

  self->join_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->join_group, _("Join a Team Hub"));
  adw_preferences_group_set_description (self->join_group,
                                         _("Share merchants’ notes, tags, assignees and invitations with your"
                                           " agency’s other desktops through a PostgreSQL team hub. Ask your"
                                           " team lead for its address and your staff account."));
  self->url_row = add_entry_row (self, ADW_TYPE_ENTRY_ROW, _("Hub Address"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->url_row), _("Such as postgresql://li@hub.example.com/agency"));
  self->staff_row = add_entry_row (self, ADW_TYPE_ENTRY_ROW, _("Staff Name"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->staff_row), _("Your name as your team sees it, such as Li Wei"));
  self->password_row = add_entry_row (self, ADW_TYPE_PASSWORD_ENTRY_ROW, _("Password"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->password_row),
                               _("Kept in the keyring of this computer, never in Partner Desk’s files"));
  adw_preferences_page_add (page, self->join_group);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Team hub error"), -1);
  self->join_button = GTK_BUTTON (pd_team_mnemonic_button (_("_Join")));
  gtk_widget_add_css_class (GTK_WIDGET (self->join_button), "suggested-action");
  g_signal_connect_swapped (self->join_button, "clicked", G_CALLBACK (on_join_clicked_cb), self);
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_widget_set_margin_top (buttons, 12);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->join_button));
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->spinner));
  adw_preferences_group_add (self->join_group, buttons);
  adw_preferences_group_add (self->join_group, GTK_WIDGET (self->error_label));

  self->status_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->status_group, _("Status"));
  self->hub_row = add_status_row (self, _("Hub"));
  self->connection_row = add_status_row (self, _("Connection"));
  self->schema_row = add_status_row (self, _("Schema Version"));
  self->pulled_row = add_status_row (self, _("Last Pulled Change"));
  self->pending_row = add_status_row (self, _("Edits Waiting"));
  self->conflicts_row = add_status_row (self, _("Conflicts"));
  self->last_sync_row = add_status_row (self, _("Last Sync"));
  self->refused_row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->refused_row), _("Refused Edits"));
  adw_preferences_group_add (self->status_group, GTK_WIDGET (self->refused_row));
  sync_button = pd_team_mnemonic_button (_("_Sync Now"));
  g_signal_connect_swapped (sync_button, "clicked", G_CALLBACK (on_sync_clicked_cb), self);
  leave_button = pd_team_mnemonic_button (_("_Leave Team"));
  gtk_widget_add_css_class (leave_button, "destructive-action");
  g_signal_connect_swapped (leave_button, "clicked", G_CALLBACK (on_leave_clicked_cb), self);
  gtk_widget_set_margin_top (status_buttons, 12);
  gtk_box_append (GTK_BOX (status_buttons), sync_button);
  gtk_box_append (GTK_BOX (status_buttons), leave_button);
  adw_preferences_group_add (self->status_group, status_buttons);
  gtk_widget_set_visible (GTK_WIDGET (self->status_group), FALSE);
  adw_preferences_page_add (page, self->status_group);
}

static void
on_controller_notify_cb (PdTeamPage *self)
{
  if (!self->busy)
    pd_team_page_refresh (self);
}

static void
pd_team_page_dispose (GObject *object)
{
  PdTeamPage *self = PD_TEAM_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->refused_rows, g_ptr_array_unref);
  G_OBJECT_CLASS (pd_team_page_parent_class)->dispose (object);
}

static void
pd_team_page_class_init (PdTeamPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pd_team_page_dispose;
}

static void
pd_team_page_init (PdTeamPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->refused_rows = g_ptr_array_new ();
  build (self);
}

GtkWidget *
pd_team_page_new (PdContext *context)
{
  PdTeamPage *self;

  g_return_val_if_fail (PD_IS_CONTEXT (context), NULL);

  self = g_object_new (PD_TYPE_TEAM_PAGE, NULL);
  self->context = g_object_ref (context);
  g_signal_connect_object (pd_context_get_team_controller (context), "notify::view",
                           G_CALLBACK (on_controller_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (pd_context_get_team_controller (context), "notify::pending",
                           G_CALLBACK (on_controller_notify_cb), self, G_CONNECT_SWAPPED);
  pd_team_page_refresh (self);
  return GTK_WIDGET (self);
}
