/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pd-keyboard.h"

#define PAGE_SHORTCUTS_KEY "pd-keyboard-page-shortcuts"

static gboolean
on_page_shortcut_cb (GtkWidget *widget,
                     GVariant  *args,
                     gpointer   user_data)
{
  const char *action_name = user_data;

  /* A managed shortcut is seen by the whole window: only the page on
   * screen answers it, and a disabled action lets the key go on. */
  if (!gtk_widget_get_mapped (widget) || !gtk_widget_is_sensitive (widget))
    return FALSE;
  return gtk_widget_activate_action (widget, action_name, NULL);
}

void
pd_keyboard_add_page_shortcut (GtkWidget       *page,
                               guint            keyval,
                               GdkModifierType  modifiers,
                               const char      *action_name)
{
  GtkEventController *controller;

  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (action_name != NULL);

  controller = g_object_get_data (G_OBJECT (page), PAGE_SHORTCUTS_KEY);
  if (controller == NULL)
    {
      controller = gtk_shortcut_controller_new ();
      gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_MANAGED);
      gtk_widget_add_controller (page, controller);
      g_object_set_data (G_OBJECT (page), PAGE_SHORTCUTS_KEY, controller);
    }
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (keyval, modifiers),
                                                          gtk_callback_action_new (on_page_shortcut_cb,
                                                                                   g_strdup (action_name),
                                                                                   g_free)));
}

/* Focuses the first widget after (before) @widget in the focus chain,
 * looking at @widget's later (earlier) siblings, then its ancestors'. */
gboolean
pd_keyboard_leave_list (GtkWidget        *list,
                        GtkDirectionType  direction)
{
  gboolean forward = direction == GTK_DIR_TAB_FORWARD;
  GtkWidget *widget = list;
  GtkWidget *parent;
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (list), FALSE);

  while ((parent = gtk_widget_get_parent (widget)) != NULL)
    {
      for (GtkWidget *sibling = forward ? gtk_widget_get_next_sibling (widget)
                                        : gtk_widget_get_prev_sibling (widget);
           sibling != NULL;
           sibling = forward ? gtk_widget_get_next_sibling (sibling)
                             : gtk_widget_get_prev_sibling (sibling))
        {
          if (gtk_widget_get_mapped (sibling) && gtk_widget_child_focus (sibling, direction))
            return TRUE;
        }
      widget = parent;
    }

  /* Past the window's last widget: start again from its first, as Tab does. */
  root = gtk_widget_get_root (list);
  if (root == NULL)
    return FALSE;
  gtk_root_set_focus (root, NULL);
  return gtk_widget_child_focus (GTK_WIDGET (root), direction);
}

static gboolean
on_list_key_pressed_cb (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        gpointer               user_data)
{
  GtkWidget *list = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  if (keyval == GDK_KEY_ISO_Left_Tab ||
      ((keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab) && (state & GDK_SHIFT_MASK) != 0))
    return pd_keyboard_leave_list (list, GTK_DIR_TAB_BACKWARD);
  if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab)
    return pd_keyboard_leave_list (list, GTK_DIR_TAB_FORWARD);
  return FALSE;
}

void
pd_keyboard_tab_leaves_list (GtkWidget *list)
{
  GtkEventController *keys;

  g_return_if_fail (GTK_IS_WIDGET (list));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_list_key_pressed_cb), NULL);
  gtk_widget_add_controller (list, keys);
}

static gboolean
on_entry_key_pressed_cb (GtkEventControllerKey *controller,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         gpointer               user_data)
{
  GtkWidget *list = user_data;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return FALSE;
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return FALSE;
  if (!gtk_widget_get_mapped (list))
    return FALSE;
  return gtk_widget_child_focus (list, GTK_DIR_TAB_FORWARD);
}

void
pd_keyboard_down_to_list (GtkWidget *entry,
                          GtkWidget *list)
{
  GtkEventController *keys;

  g_return_if_fail (GTK_IS_WIDGET (entry));
  g_return_if_fail (GTK_IS_WIDGET (list));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_entry_key_pressed_cb), list, 0);
  gtk_widget_add_controller (entry, keys);
}
