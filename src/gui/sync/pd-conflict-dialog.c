/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-conflict-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-a11y.h"
#include "pd-conflict-dialog.h"
#include "pd-json-guard.h"
#include "pd-sync-text.h"

struct _PdConflictDialog
{
  AdwWindow            parent_instance;

  PdSyncController    *controller;
  PdOutboxItem        *item;

  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkLabel            *description_label;
  AdwPreferencesGroup *mine_group;
  AdwPreferencesGroup *theirs_group;
  GtkButton           *keep_mine_button;
  GtkButton           *use_theirs_button;
};

G_DEFINE_FINAL_TYPE (PdConflictDialog, pd_conflict_dialog, ADW_TYPE_WINDOW)

/* One field: its name above its value, "Differs" beside the name when
 * the other version has another value. */
static void
add_field (AdwPreferencesGroup *group,
           const char          *field_label,
           const char          *value,
           gboolean             differs)
{
  /* An AdwPreferencesRow: the group puts only those in its list. */
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (field_label);
  GtkWidget *text = gtk_label_new (value);
  g_autofree char *accessible = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field_label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_add_css_class (name, "caption");
  gtk_widget_add_css_class (name, "dim-label");
  gtk_box_append (GTK_BOX (header), name);
  if (differs)
    {
      GtkWidget *tag = gtk_label_new (_("Differs"));

      gtk_widget_add_css_class (tag, "caption-heading");
      gtk_widget_add_css_class (tag, "warning");
      gtk_box_append (GTK_BOX (header), tag);
      gtk_widget_add_css_class (text, "heading");
      gtk_widget_add_css_class (row, "pd-differs");
    }
  gtk_box_append (GTK_BOX (box), header);

  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_box_append (GTK_BOX (box), text);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  /* Translators: how a screen reader reads a field of a conflict: name, value, and whether the other version differs */
  accessible = differs ? g_strdup_printf (_("%s: %s (differs)"), field_label, value)
                       : g_strdup_printf (_("%s: %s"), field_label, value);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  adw_preferences_group_add (group, row);
}

/* "\"7\"", "W/\"7\"" or "7" -> 7; -1 when there is none. */
static gint64
parse_if_match (const char *if_match)
{
  g_autofree char *digits = NULL;
  gint64 version;

  if (if_match == NULL)
    return -1;
  if (g_str_has_prefix (if_match, "W/"))
    if_match += 2;
  digits = g_strdup (if_match);
  g_strdelimit (digits, "\"", ' ');
  g_strstrip (digits);
  if (!g_ascii_string_to_signed (digits, 10, 0, G_MAXINT64, &version, NULL))
    return -1;
  return version;
}

static gint64
object_version (JsonObject *object)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, "version") : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return -1;
  return json_node_get_int (node);
}

static gboolean
values_differ (JsonObject *mine,
               JsonObject *theirs,
               const char *field)
{
  JsonNode *a = mine != NULL ? json_object_get_member (mine, field) : NULL;
  JsonNode *b = theirs != NULL ? json_object_get_member (theirs, field) : NULL;

  if (a == NULL || b == NULL)
    return a != b && theirs != NULL;
  return !json_node_equal (a, b);
}

static void
add_json_field (AdwPreferencesGroup *group,
                JsonObject          *object,
                const char          *field,
                gboolean             differs)
{
  g_autofree char *label = pd_sync_text_field_label (field);
  g_autofree char *value = pd_sync_text_json_value (field, json_object_get_member (object, field));

  add_field (group, label, value, differs);
}

static void
fill (PdConflictDialog *self)
{
  g_autoptr(GList) mine_fields = NULL;
  g_autoptr(GList) theirs_fields = NULL;
  g_autofree char *what = pd_sync_text_describe (self->item);
  g_autofree char *description = NULL;
  /* Bounded and strict (pd-json-guard.h); a text that is not is shown as absent. */
  g_autoptr(JsonObject) mine = pd_json_guard_parse_object (self->item->body, "outbox.body", NULL);
  g_autoptr(JsonObject) theirs = pd_json_guard_parse_object (self->item->conflict_current,
                                                             "outbox.conflict_current", NULL);
  gint64 base = parse_if_match (self->item->if_match);
  gint64 current = object_version (theirs);

  adw_window_title_set_subtitle (self->window_title, what);
  /* Translators: %s describes the change, e.g. "Accept seller request SR-1001" */
  description = g_strdup_printf (_("“%s” was changed on the platform after you changed it here. Keep your change to send it over the platform’s version, or use theirs and drop yours."),
                                 what);
  gtk_label_set_label (self->description_label, description);

  /* Mine: what the change sets, and the version it was made on. */
  if (base >= 0)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, base);
      /* Translators: a group description; %s is a version number */
      g_autofree char *subtitle = g_strdup_printf (_("Made here, on version %s"), text);

      adw_preferences_group_set_description (self->mine_group, subtitle);
    }
  if (mine != NULL && json_object_get_size (mine) > 0)
    {
      mine_fields = json_object_get_members (mine);
      for (GList *l = mine_fields; l != NULL; l = l->next)
        add_json_field (self->mine_group, mine, l->data, values_differ (mine, theirs, l->data));
    }
  else
    add_field (self->mine_group, _("Change"), what, FALSE);
  if (base >= 0)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, base);

      add_field (self->mine_group, _("Version"), text, current >= 0 && current != base);
    }

  /* Theirs: the fields my change sets first, then the rest. */
  if (theirs == NULL)
    {
      add_field (self->theirs_group, _("Version"),
                 _("The platform did not send its version. Retry the change, or discard it."), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->keep_mine_button), FALSE);
      return;
    }
  if (current >= 0)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, current);
      /* Translators: a group description; %s is a version number */
      g_autofree char *subtitle = g_strdup_printf (_("Now current, version %s"), text);

      adw_preferences_group_set_description (self->theirs_group, subtitle);
    }
  /* Side by side with mine: the same fields (a "—" where the platform
   * has none), the version, then everything else the platform holds. */
  for (GList *l = mine_fields; l != NULL; l = l->next)
    if (json_object_has_member (theirs, l->data))
      add_json_field (self->theirs_group, theirs, l->data, values_differ (mine, theirs, l->data));
    else
      {
        g_autofree char *label = pd_sync_text_field_label (l->data);

        add_field (self->theirs_group, label, "—", TRUE);
      }
  if (json_object_has_member (theirs, "version"))
    add_json_field (self->theirs_group, theirs, "version", base >= 0 && current != base);
  theirs_fields = json_object_get_members (theirs);
  for (GList *l = theirs_fields; l != NULL; l = l->next)
    {
      const char *field = l->data;

      if ((mine != NULL && json_object_has_member (mine, field)) || g_str_equal (field, "version"))
        continue;
      add_json_field (self->theirs_group, theirs, field, FALSE);
    }
}

static void
add_error_toast (PdConflictDialog *self,
                 const char       *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_keep_mine_clicked_cb (PdConflictDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!pd_sync_controller_keep_mine (self->controller, self->item->id, &error))
    {
      add_error_toast (self, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_use_theirs_clicked_cb (PdConflictDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!pd_sync_controller_use_theirs (self->controller, self->item->id, &error))
    {
      add_error_toast (self, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
pd_conflict_dialog_dispose (GObject *object)
{
  PdConflictDialog *self = PD_CONFLICT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_CONFLICT_DIALOG);
  g_clear_object (&self->controller);

  G_OBJECT_CLASS (pd_conflict_dialog_parent_class)->dispose (object);
}

static void
pd_conflict_dialog_finalize (GObject *object)
{
  PdConflictDialog *self = PD_CONFLICT_DIALOG (object);

  g_clear_pointer (&self->item, pd_outbox_item_free);

  G_OBJECT_CLASS (pd_conflict_dialog_parent_class)->finalize (object);
}

static void
pd_conflict_dialog_class_init (PdConflictDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_conflict_dialog_dispose;
  object_class->finalize = pd_conflict_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/partnerdesk/PartnerDesk/gui/pd-conflict-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdConflictDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PdConflictDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, PdConflictDialog, description_label);
  gtk_widget_class_bind_template_child (widget_class, PdConflictDialog, mine_group);
  gtk_widget_class_bind_template_child (widget_class, PdConflictDialog, theirs_group);
  gtk_widget_class_bind_template_child (widget_class, PdConflictDialog, keep_mine_button);
  gtk_widget_class_bind_template_child (widget_class, PdConflictDialog, use_theirs_button);
  gtk_widget_class_bind_template_callback (widget_class, on_keep_mine_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_use_theirs_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
pd_conflict_dialog_init (PdConflictDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pd_a11y_name_lists (GTK_WIDGET (self));
}

GtkWidget *
pd_conflict_dialog_new (GtkWindow          *parent,
                        PdSyncController   *controller,
                        const PdOutboxItem *item)
{
  PdConflictDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PD_IS_SYNC_CONTROLLER (controller), NULL);
  g_return_val_if_fail (item != NULL, NULL);

  self = g_object_new (PD_TYPE_CONFLICT_DIALOG, "transient-for", parent, NULL);
  self->controller = g_object_ref (controller);
  self->item = pd_outbox_item_copy (item);
  fill (self);
  return GTK_WIDGET (self);
}
