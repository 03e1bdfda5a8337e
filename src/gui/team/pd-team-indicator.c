/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-team-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-team-button.h"
#include "pd-store-team.h"
#include "pd-team-indicator.h"

struct _PdTeamIndicator
{
  GtkWidget         parent_instance;

  PdTeamController *controller;

  /* Built when the store has joined a hub; the popover when it first opens.
   * An icon button, so that the header bar keeps the view switcher at the
   * window's default width: the state in words is its accessible name
   * (@label), tooltip and popover. */
  GtkMenuButton    *button;
  GtkImage         *icon;
  char             *label;
  GtkPopover       *popover;
  GtkLabel         *title;
  GtkLabel         *who;             /* staff name and hub */
  GtkLabel         *detail;
  GtkBox           *conflicts_box;   /* a button per conflict: its merchant */
};

G_DEFINE_FINAL_TYPE (PdTeamIndicator, pd_team_indicator, GTK_TYPE_WIDGET)

static void
set_icon (PdTeamIndicator *self,
          const char      *icon_name,
          const char      *css_class)
{
  static const char * const classes[] = { "warning", "error", "dim-label" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->icon), classes[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->icon), css_class);
  gtk_image_set_from_icon_name (self->icon, icon_name);
}

/* Each conflicting merchant's field, a button that opens the merchant
 * (win.show-merchant), where both versions wait for a choice. */
static void
show_conflicts (PdTeamIndicator *self,
                gboolean         shown)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  if (self->popover == NULL)
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->conflicts_box))) != NULL)
    gtk_box_remove (self->conflicts_box, child);
  gtk_widget_set_visible (GTK_WIDGET (self->conflicts_box), shown);
  if (!shown || self->controller == NULL)
    return;
  conflicts = pd_store_team_list_conflicts (pd_team_controller_get_store (self->controller), NULL, &error);
  for (guint i = 0; conflicts != NULL && i < conflicts->len && i < 10; i++)
    {
      const PdTeamConflict *conflict = g_ptr_array_index (conflicts, i);
      g_autofree char *text = NULL;
      GtkWidget *button;

      if (g_strcmp0 (conflict->entity, "merchant") != 0)
        continue;
      /* Translators: a conflicting field (notes, tags, assignee) and the merchant's seller id */
      text = g_strdup_printf (_("Open %s of %s"), pd_team_field_title (conflict->field), conflict->object);
      button = gtk_button_new_with_label (text);
      gtk_widget_add_css_class (button, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-merchant");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", "", conflict->object);
      gtk_box_append (self->conflicts_box, button);
    }
}

static void build_button (PdTeamIndicator *self);

/* “Team hub: postgresql://li@hub/agency (as Li Wei)”, or NULL: whether or not
 * the hub answers now. */
static char *
dup_who (PdTeamIndicator *self)
{
  g_auto(PdTeamState) state = { 0 };

  if (self->controller == NULL
      || !pd_store_team_get_state (pd_team_controller_get_store (self->controller), &state, NULL)
      || state.url == NULL)
    return NULL;
  if (state.staff == NULL || state.staff[0] == '\0')
    /* Translators: the team hub's address, in the header bar's team tooltip */
    return g_strdup_printf (_("Team hub: %s"), state.url);
  /* Translators: the team hub's address and a staff name, in the header bar's team tooltip */
  return g_strdup_printf (_("Team hub: %s (as %s)"), state.url, state.staff);
}

static void
update (PdTeamIndicator *self)
{
  PdTeamView view = PD_TEAM_VIEW_NOT_JOINED;
  guint pending = 0, conflicts = 0, refused = 0;
  const char *message = NULL;
  g_autofree char *label = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *who = NULL;
  g_autofree char *description = NULL;
  const char *title;

  if (self->controller != NULL)
    {
      view = pd_team_controller_get_view (self->controller);
      pending = pd_team_controller_get_pending (self->controller);
      conflicts = pd_team_controller_get_conflicts (self->controller);
      refused = pd_team_controller_get_refused (self->controller);
      message = pd_team_controller_get_message (self->controller);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), view != PD_TEAM_VIEW_NOT_JOINED);
  if (view == PD_TEAM_VIEW_NOT_JOINED && self->button == NULL)
    return;
  build_button (self);
  label = pd_team_view_to_label (view, pending, conflicts);

  switch (view)
    {
    case PD_TEAM_VIEW_SYNCING:
      title = _("Syncing with the team hub…");
      set_icon (self, "emblem-synchronizing-symbolic", NULL);
      break;
    case PD_TEAM_VIEW_WAITING:
      title = _("Your edits wait for the team hub");
      detail = g_strdup (message != NULL ? message : _("They are sent in a moment."));
      set_icon (self, message != NULL ? "network-offline-symbolic" : "emblem-synchronizing-symbolic", NULL);
      break;
    case PD_TEAM_VIEW_OFFLINE:
      title = _("The team hub cannot be reached");
      detail = g_strdup (message);
      set_icon (self, "network-offline-symbolic", NULL);
      break;
    case PD_TEAM_VIEW_CONFLICT:
      title = _("Another desktop changed what you changed");
      detail = g_strdup (_("Open the merchant to see both versions and choose one."));
      set_icon (self, "dialog-warning-symbolic", "warning");
      break;
    case PD_TEAM_VIEW_FAILED:
      title = _("The last team sync failed");
      detail = g_strdup (message);
      set_icon (self, "dialog-warning-symbolic", "error");
      break;
    case PD_TEAM_VIEW_UP_TO_DATE:
    case PD_TEAM_VIEW_NOT_JOINED:
    default:
      title = _("Your team’s notes, tags and assignees are up to date");
      set_icon (self, "system-users-symbolic", NULL);
      break;
    }
  if (refused > 0)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "The team hub refused %u edit; see Preferences → Team.",
                                                            "The team hub refused %u edits; see Preferences → Team.",
                                                            refused),
                                               refused);
      char *joined = detail != NULL ? g_strdup_printf ("%s\n%s", detail, more) : g_strdup (more);

      g_free (detail);
      detail = joined;
    }

  show_conflicts (self, view == PD_TEAM_VIEW_CONFLICT);
  g_free (self->label);
  self->label = g_steal_pointer (&label);
  who = dup_who (self);
  if (self->popover != NULL)
    {
      gtk_label_set_label (self->title, title);
      gtk_label_set_label (self->who, who != NULL ? who : "");
      gtk_widget_set_visible (GTK_WIDGET (self->who), who != NULL);
      gtk_label_set_label (self->detail, detail != NULL ? detail : "");
      gtk_widget_set_visible (GTK_WIDGET (self->detail), detail != NULL);
    }
  /* The button shows only an icon: its tooltip and accessible name and
   * description say the state, the hub and what to do, in words. */
  description = g_strjoin ("\n", title, detail != NULL ? detail : who, detail != NULL ? who : NULL, NULL);
  tooltip = g_strdup_printf ("%s\n%s", self->label, description);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
on_sync_clicked_cb (GtkButton       *button,
                    PdTeamIndicator *self)
{
  gtk_menu_button_popdown (self->button);
  if (self->controller != NULL)
    pd_team_controller_sync (self->controller);
}

void
pd_team_indicator_set_controller (PdTeamIndicator  *self,
                                  PdTeamController *controller)
{
  g_return_if_fail (PD_IS_TEAM_INDICATOR (self));

  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_set_object (&self->controller, controller);
  if (controller != NULL)
    g_signal_connect_object (controller, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

const char *
pd_team_indicator_get_label (PdTeamIndicator *self)
{
  g_return_val_if_fail (PD_IS_TEAM_INDICATOR (self), NULL);
  return self->label;
}

static void
build_popover (PdTeamIndicator *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *sync = pd_team_mnemonic_button (_("_Sync Now"));
  GtkWidget *preferences = pd_team_mnemonic_button (_("Team _Preferences"));

  self->popover = GTK_POPOVER (gtk_popover_new ());

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_size_request (box, 320, -1);
  self->title = GTK_LABEL (gtk_label_new (NULL));
  self->who = GTK_LABEL (gtk_label_new (NULL));
  self->detail = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->who), "dim-label");
  for (guint i = 0; i < 3; i++)
    {
      GtkLabel *label = i == 0 ? self->title : i == 1 ? self->who : self->detail;

      gtk_label_set_xalign (label, 0);
      gtk_label_set_wrap (label, TRUE);
      gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (label, 46);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (label));
    }
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
  self->conflicts_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->conflicts_box));
  gtk_widget_add_css_class (sync, "suggested-action");
  g_signal_connect_object (sync, "clicked", G_CALLBACK (on_sync_clicked_cb), self, 0);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (preferences), "app.preferences");
  gtk_box_append (GTK_BOX (buttons), sync);
  gtk_box_append (GTK_BOX (buttons), preferences);
  gtk_widget_set_margin_top (buttons, 6);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_popover_set_child (self->popover, box);
  gtk_menu_button_set_popover (self->button, GTK_WIDGET (self->popover));
  update (self);
}

static void
on_create_popup_cb (GtkMenuButton *button,
                    gpointer       user_data)
{
  PdTeamIndicator *self = user_data;

  if (self->popover == NULL)
    build_popover (self);
}

static void
build_button (PdTeamIndicator *self)
{
  if (self->button != NULL)
    return;
  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  self->icon = g_object_new (GTK_TYPE_IMAGE, "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  gtk_menu_button_set_child (self->button, GTK_WIDGET (self->icon));
  gtk_widget_add_css_class (GTK_WIDGET (self->button), "image-button");
  gtk_menu_button_set_create_popup_func (self->button, on_create_popup_cb, self, NULL);
  gtk_widget_set_parent (GTK_WIDGET (self->button), GTK_WIDGET (self));
}

static void
pd_team_indicator_dispose (GObject *object)
{
  PdTeamIndicator *self = PD_TEAM_INDICATOR (object);

  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_clear_object (&self->controller);
  g_clear_pointer ((GtkWidget **) &self->button, gtk_widget_unparent);
  g_clear_pointer (&self->label, g_free);
  G_OBJECT_CLASS (pd_team_indicator_parent_class)->dispose (object);
}

static void
pd_team_indicator_class_init (PdTeamIndicatorClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pd_team_indicator_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pd-team-indicator");
}

static void
pd_team_indicator_init (PdTeamIndicator *self)
{
  update (self);
}

GtkWidget *
pd_team_indicator_new (void)
{
  return g_object_new (PD_TYPE_TEAM_INDICATOR, NULL);
}
