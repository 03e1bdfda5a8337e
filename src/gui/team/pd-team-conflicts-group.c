/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-team-conflicts"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-store-team-app.h"
#include "pd-team-button.h"
#include "pd-team-conflicts-group.h"
#include "pd-team-controller.h"
#include "pd-toast.h"

struct _PdTeamConflictsGroup
{
  AdwPreferencesGroup parent_instance;

  PdStore            *store;
  char               *seller_id;
  GPtrArray          *rows;
};

G_DEFINE_FINAL_TYPE (PdTeamConflictsGroup, pd_team_conflicts_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  RESOLVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
shown (const char *value)
{
  return value != NULL && *value != '\0' ? value : _("(empty)");
}

static void
resolve (PdTeamConflictsGroup *self,
         GtkWidget            *button,
         gboolean              keep_mine)
{
  const char *field = g_object_get_data (G_OBJECT (button), "pd-field");
  g_autofree char *seller_id = g_strdup (self->seller_id);
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || seller_id == NULL)
    return;
  if (!pd_store_team_resolve_conflict (self->store, seller_id, field, keep_mine, &error))
    {
      pd_toast_show_text (GTK_WIDGET (self), error->message);
      return;
    }
  pd_team_conflicts_group_load (self, self->store, seller_id);
  g_signal_emit (self, signals[RESOLVED], 0);
}

static void
on_keep_mine_cb (GtkButton            *button,
                 PdTeamConflictsGroup *self)
{
  resolve (self, GTK_WIDGET (button), TRUE);
}

static void
on_use_theirs_cb (GtkButton            *button,
                  PdTeamConflictsGroup *self)
{
  resolve (self, GTK_WIDGET (button), FALSE);
}

static GtkWidget *
version_row (const char *title,
             const char *value,
             gboolean    differs)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shown (value));
  gtk_widget_add_css_class (row, "property");
  if (differs)
    gtk_widget_add_css_class (row, "pd-differs");
  return row;
}

static GtkWidget *
conflict_row (PdTeamConflictsGroup *self,
              const PdTeamConflict *conflict)
{
  GtkWidget *expander = adw_expander_row_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *mine = pd_team_mnemonic_button (_("_Keep Mine"));
  GtkWidget *theirs = pd_team_mnemonic_button (_("_Use Theirs"));
  g_autofree char *mine_at = pd_team_format_time (conflict->mine_at);
  g_autofree char *theirs_at = pd_team_format_time (conflict->theirs_at);
  /* Translators: a version of a merchant's field: when it was made */
  g_autofree char *mine_title = g_strdup_printf (_("Your Version (%s)"), mine_at);
  /* Translators: the team hub's version of a field: who made it, and when */
  g_autofree char *theirs_title = g_strdup_printf (_("%s’s Version (%s)"),
                                                   conflict->theirs_by != NULL ? conflict->theirs_by : "?",
                                                   theirs_at);
  /* Translators: %s is the staff member whose edit the team hub kept */
  g_autofree char *subtitle = g_strdup_printf (_("%s changed it on another desktop after you did. Choose"
                                                 " which version to keep."),
                                               conflict->theirs_by != NULL ? conflict->theirs_by : "?");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), pd_team_field_title (conflict->field));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), version_row (mine_title, conflict->mine, TRUE));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), version_row (theirs_title, conflict->theirs, TRUE));

  gtk_widget_set_tooltip_text (mine, _("Send your version over the one the team hub kept"));
  gtk_widget_set_tooltip_text (theirs, _("Drop your version and keep the team hub’s"));
  gtk_widget_add_css_class (mine, "suggested-action");
  gtk_widget_set_valign (mine, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (theirs, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (mine), "pd-field", g_strdup (conflict->field), g_free);
  g_object_set_data_full (G_OBJECT (theirs), "pd-field", g_strdup (conflict->field), g_free);
  g_signal_connect_object (mine, "clicked", G_CALLBACK (on_keep_mine_cb), self, 0);
  g_signal_connect_object (theirs, "clicked", G_CALLBACK (on_use_theirs_cb), self, 0);
  gtk_box_append (GTK_BOX (buttons), theirs);
  gtk_box_append (GTK_BOX (buttons), mine);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), buttons);
  return expander;
}

void
pd_team_conflicts_group_load (PdTeamConflictsGroup *self,
                              PdStore              *store,
                              const char           *seller_id)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (PD_IS_TEAM_CONFLICTS_GROUP (self));

  g_set_object (&self->store, store);
  g_free (self->seller_id);
  self->seller_id = g_strdup (seller_id);
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  if (store != NULL && seller_id != NULL)
    {
      conflicts = pd_store_team_list_conflicts (store, seller_id, &error);
      if (conflicts == NULL)
        g_warning ("Cannot read the team conflicts of %s: %s", seller_id, error->message);
    }
  for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
    {
      const PdTeamConflict *conflict = g_ptr_array_index (conflicts, i);
      GtkWidget *row;

      if (g_strcmp0 (conflict->entity, "merchant") != 0)
        continue;
      row = conflict_row (self, conflict);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), self->rows->len > 0);
}

static void
pd_team_conflicts_group_dispose (GObject *object)
{
  PdTeamConflictsGroup *self = PD_TEAM_CONFLICTS_GROUP (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->seller_id, g_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (pd_team_conflicts_group_parent_class)->dispose (object);
}

static void
pd_team_conflicts_group_class_init (PdTeamConflictsGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pd_team_conflicts_group_dispose;

  signals[RESOLVED] = g_signal_new ("resolved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pd_team_conflicts_group_init (PdTeamConflictsGroup *self)
{
  self->rows = g_ptr_array_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Team Conflicts"));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
pd_team_conflicts_group_new (void)
{
  return g_object_new (PD_TYPE_TEAM_CONFLICTS_GROUP, NULL);
}
