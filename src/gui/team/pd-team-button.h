/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Sets @button's label to @mnemonic ("_Join") and its accessible name
 * to the label without its underline ("Join"), as the app's .ui files
 * do with a child GtkLabel: gtk_button_new_with_mnemonic() would make
 * GTK 4.8 name it "Join Join". */
static inline void
pd_team_button_set_mnemonic (GtkWidget  *button,
                             const char *mnemonic)
{
  g_autoptr(GString) plain = g_string_new (mnemonic);

  gtk_button_set_child (GTK_BUTTON (button), gtk_label_new_with_mnemonic (mnemonic));
  g_string_replace (plain, "_", "", 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, plain->str, -1);
}

static inline GtkWidget *
pd_team_mnemonic_button (const char *mnemonic)
{
  GtkWidget *button = gtk_button_new ();

  pd_team_button_set_mnemonic (button, mnemonic);
  return button;
}

G_END_DECLS
