/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pd-a11y.h"

#include <glib/gi18n.h>

static GtkWidget *
find_toggle (GtkWidget *widget)
{
  if (GTK_IS_TOGGLE_BUTTON (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_toggle (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
pd_a11y_label_drop_down (GtkDropDown *dropdown,
                         const char  *label)
{
  GtkWidget *toggle;

  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));
  g_return_if_fail (label != NULL);

  toggle = find_toggle (GTK_WIDGET (dropdown));
  if (toggle != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

void
pd_a11y_label_row (GtkWidget  *widget,
                   const char *label)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (label != NULL);

  /* The row is the ancestor whose parent is the list (a column view's
   * inner list is a GtkListView too); a cell of a column view sits one
   * level below it. */
  for (GtkWidget *row = widget; row != NULL; row = gtk_widget_get_parent (row))
    {
      GtkWidget *parent = gtk_widget_get_parent (row);

      if (parent != NULL && (GTK_IS_LIST_VIEW (parent) || GTK_IS_GRID_VIEW (parent)))
        {
          gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
          return;
        }
    }
}

void
pd_a11y_label_column_view (GtkColumnView *column_view,
                           const char    *label)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW (column_view));
  g_return_if_fail (label != NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (column_view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      /* The inner list, and the row of column titles above it. */
      if (GTK_IS_LIST_VIEW (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      else if (g_strcmp0 (gtk_widget_get_css_name (child), "header") == 0)
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Column Titles"), -1);
    }
}

/* libadwaita 1.2 builds an AdwPreferencesGroup as box > listbox_box >
 * listbox, its own list first; what the app adds that is not a row goes
 * after it, and is named by the app. */
static AdwPreferencesGroup *
group_of_own_list (GtkWidget *list)
{
  GtkWidget *listbox_box = gtk_widget_get_parent (list);
  GtkWidget *box = listbox_box != NULL ? gtk_widget_get_parent (listbox_box) : NULL;
  GtkWidget *group = box != NULL ? gtk_widget_get_parent (box) : NULL;

  if (group == NULL || !ADW_IS_PREFERENCES_GROUP (group) ||
      gtk_widget_get_first_child (listbox_box) != list)
    return NULL;
  return ADW_PREFERENCES_GROUP (group);
}

/* A group without a title: the heading label the page puts before it. */
static const char *
label_before (GtkWidget *widget)
{
  GtkWidget *prev = gtk_widget_get_prev_sibling (widget);

  if (GTK_IS_LABEL (prev))
    return gtk_label_get_text (GTK_LABEL (prev));
  return NULL;
}

void
pd_a11y_name_lists (GtkWidget *root)
{
  AdwPreferencesGroup *group;

  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_LIST_BOX (root) && (group = group_of_own_list (root)) != NULL)
    {
      const char *text = adw_preferences_group_get_title (group);

      if (text == NULL || *text == '\0')
        text = adw_preferences_group_get_description (group);
      if (text == NULL || *text == '\0')
        text = label_before (GTK_WIDGET (group));
      gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      text != NULL && *text != '\0' ? text : _("List"), -1);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    pd_a11y_name_lists (child);
}

static void
label_lists_under (GtkWidget  *widget,
                   const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      else
        label_lists_under (child, label);
    }
}

void
pd_a11y_label_expander_row (AdwExpanderRow *row,
                            const char     *label)
{
  g_return_if_fail (ADW_IS_EXPANDER_ROW (row));
  g_return_if_fail (label != NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  label_lists_under (GTK_WIDGET (row), label);
}
