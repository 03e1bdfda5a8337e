/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-team-duplicates"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-store-team.h"
#include "pd-store-team-app.h"
#include "pd-team-controller.h"
#include "pd-team-duplicates.h"

char *
pd_team_find_duplicates (PdStore             *store,
                         const char * const  *seller_ids,
                         const char * const  *program_ids,
                         GHashTable         **sellers_out)
{
  g_autoptr(GString) text = NULL;
  g_autoptr(GHashTable) sellers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *me = NULL;

  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  me = pd_store_dup_staff_name (store);
  for (guint i = 0; seller_ids[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdTeamInvitation) other = NULL;
      g_autofree char *date = NULL;
      g_autofree char *line = NULL;
      g_autofree char *program = NULL;

      /* Per program, always: a link named with no program goes where its
       * creation puts it, and only that program's invitations count. */
      if (program_ids[i] != NULL && *program_ids[i] != '\0')
        program = g_strdup (program_ids[i]);
      else
        program = pd_store_team_link_program (store, seller_ids[i], &error);
      /* The lookup behind pd_store_team_refuse_duplicate() (the CLI's check). */
      if (program != NULL)
        other = pd_store_team_find_invitation (store, seller_ids[i], program, me, &error);
      if (other == NULL)
        {
          /* Cannot tell: the link's own creation reports the store's error. */
          if (error != NULL)
            g_debug ("Cannot check the team's invitations of %s: %s", seller_ids[i], error->message);
          continue;
        }
      date = pd_team_format_time (other->created_at);
      /* Translators: seller id, staff name, date and time, program id */
      line = g_strdup_printf (_("%s was invited by %s on %s (program %s)."), seller_ids[i],
                              other->staff != NULL ? other->staff : "?", date,
                              other->program_id != NULL ? other->program_id : "-");
      if (text == NULL)
        text = g_string_new (line);
      else
        g_string_append_printf (text, "\n%s", line);
      g_hash_table_add (sellers, g_strdup_printf ("%s\t%s", seller_ids[i], program_ids[i] != NULL ? program_ids[i] : ""));
    }
  if (sellers_out != NULL)
    *sellers_out = g_steal_pointer (&sellers);
  return text != NULL ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

GtkWidget *
pd_team_duplicate_dialog_new (GtkWidget  *parent,
                              const char *body)
{
  GtkRoot *root = parent != NULL ? gtk_widget_get_root (parent) : NULL;
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Already Invited by Your Team"), NULL);
  /* Translators: %s names who invited which merchant and when, one a line */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s\n\nTwo invitations of the same merchant compete for its credit. Create"
                                    " another link anyway?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "create", _("C_reate Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "create", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}
