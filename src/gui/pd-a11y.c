/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pd-a11y.h"

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
