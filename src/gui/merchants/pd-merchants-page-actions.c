/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchants"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-keyboard.h"
#include "pd-link-actions.h"
#include "pd-merchant-assign-dialog.h"
#include "pd-merchant-note-dialog.h"
#include "pd-staff-name-dialog.h"
#include "pd-merchant-notes.h"
#include "pd-merchants-page-private.h"
#include "pd-program-period.h"
#include "pd-store-links.h"
#include "pd-team-duplicates.h"

/* Bulk actions take at most this many selected rows at a time: reading
 * the selection pages through the rows. */
#define MAX_BULK_ROWS 10000

/* Selection ------------------------------------------------------------------------ */

/* The selected rows (PdMerchantRow), or NULL with a toast when there are
 * none or too many. */
static GPtrArray *
selected_rows (PdMerchantsPage *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_merchant_row_free);
  GtkBitsetIter iter;
  guint position;

  if (self->selection == NULL)
    return NULL;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_is_empty (selected))
    {
      pd_merchants_page_toast (self, _("Select merchants first"));
      return NULL;
    }
  if (gtk_bitset_get_size (selected) > MAX_BULK_ROWS)
    {
      g_autofree char *message = g_strdup_printf (_("Select at most %u merchants at a time"), MAX_BULK_ROWS);

      pd_merchants_page_toast (self, message);
      return NULL;
    }
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(PdMerchantItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

      if (item != NULL && *pd_merchant_item_get_row (item)->seller_id != '\0')
        g_ptr_array_add (rows, pd_merchant_row_copy (pd_merchant_item_get_row (item)));
    }
  return g_steal_pointer (&rows);
}

/* Distinct seller ids of @rows, NULL-terminated. */
static GStrv
seller_ids (GPtrArray *rows)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < rows->len; i++)
    {
      const PdMerchantRow *row = g_ptr_array_index (rows, i);

      if (g_hash_table_add (seen, row->seller_id))
        g_strv_builder_add (builder, row->seller_id);
    }
  return g_strv_builder_end (builder);
}

/* Actions ------------------------------------------------------------------------ */

static void
show_error (PdMerchantsPage *self,
            const char      *heading,
            const char      *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Makes an onboarding link for each of @rows, one transaction per
 * program: every seller gets its link or none. The sellers of @confirmed
 * ("SELLER\tPROGRAM", another staff member of the team invited them
 * and the user confirmed) get a link of their own each. */
static void
make_links (PdMerchantsPage *self,
            GPtrArray       *rows,
            GHashTable      *confirmed)
{
  g_autoptr(GHashTable) by_program = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint made = 0;
  PdStore *store = pd_context_get_store (self->context);

  /* One transaction per program: every seller gets its link or none. */
  by_program = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < rows->len; i++)
    {
      PdMerchantRow *row = g_ptr_array_index (rows, i);
      g_autofree char *pair = g_strdup_printf ("%s\t%s", row->seller_id, row->program_id != NULL ? row->program_id : "");
      GPtrArray *list = g_hash_table_lookup (by_program, row->program_id);

      if (confirmed != NULL && g_hash_table_contains (confirmed, pair))
        {
          g_autoptr(GError) error = NULL;

          if (!pd_store_link_onboarding (store, row->seller_id, NULL, row->program_id, NULL, TRUE, NULL, NULL, &error))
            {
              show_error (self, _("Cannot Create Links"), error->message);
              return;
            }
          made++;
          continue;
        }
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (by_program, row->program_id, list);
        }
      g_ptr_array_add (list, row);
    }

  g_hash_table_iter_init (&iter, by_program);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) ids = seller_ids (value);
      g_autoptr(GPtrArray) links = pd_store_link_onboarding_bulk (store, (const char * const *) ids, key, NULL,
                                                                  &error);

      if (links == NULL)
        {
          show_error (self, _("Cannot Create Links"), error->message);
          break;
        }
      made += links->len;
    }

  /* Their rows were updated when the store said it wrote the links. */
  if (made > 0)
    {
      g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "Onboarding link ready for %u merchant",
                                                               "Onboarding links ready for %u merchants", made),
                                                  made);

      pd_merchants_page_toast (self, message);
    }
}

static void
on_duplicate_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          gpointer          user_data)
{
  if (g_strcmp0 (response, "create") == 0)
    make_links (PD_MERCHANTS_PAGE (user_data), g_object_get_data (G_OBJECT (dialog), "rows"),
                g_object_get_data (G_OBJECT (dialog), "confirmed"));
}

/* make_links(), after a confirmation for the sellers another staff
 * member of the team already invited (the CLI's --new). */
static void
create_links (PdMerchantsPage *self,
              GPtrArray       *rows)
{
  g_autoptr(GStrvBuilder) sellers = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) programs = g_strv_builder_new ();
  g_autoptr(GHashTable) confirmed = NULL;
  g_auto(GStrv) seller_list = NULL;
  g_auto(GStrv) program_list = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  for (guint i = 0; i < rows->len; i++)
    {
      const PdMerchantRow *row = g_ptr_array_index (rows, i);

      g_strv_builder_add (sellers, row->seller_id);
      g_strv_builder_add (programs, row->program_id != NULL ? row->program_id : "");
    }
  seller_list = g_strv_builder_end (sellers);
  program_list = g_strv_builder_end (programs);
  body = pd_team_find_duplicates (pd_context_get_store (self->context), (const char * const *) seller_list,
                                  (const char * const *) program_list, &confirmed);
  if (body == NULL)
    {
      make_links (self, rows, NULL);
      return;
    }
  dialog = pd_team_duplicate_dialog_new (GTK_WIDGET (self), body);
  g_object_set_data_full (G_OBJECT (dialog), "rows", g_ptr_array_ref (rows), (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (dialog), "confirmed", g_steal_pointer (&confirmed),
                          (GDestroyNotify) g_hash_table_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_duplicate_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}


/* The programs of @rows whose period has ended, by name with its end
 * ("Name (ended 2026-03-31)"), or NULL when none has. */
static char *
ended_programs (PdMerchantsPage *self,
                GPtrArray       *rows)
{
  g_autoptr(GPtrArray) programs = pd_store_list_programs (pd_context_get_store (self->context), NULL);
  g_autoptr(GString) names = NULL;
  gint64 now = pd_clock_get_now (pd_context_get_clock (self->context));

  for (guint i = 0; programs != NULL && i < programs->len; i++)
    {
      PdProgram *program = g_ptr_array_index (programs, i);
      gboolean chosen = FALSE;

      for (guint j = 0; j < rows->len && !chosen; j++)
        chosen = g_strcmp0 (((PdMerchantRow *) g_ptr_array_index (rows, j))->program_id,
                            pd_program_get_id (program)) == 0;
      if (chosen && pd_program_has_ended (program, now))
        {
          g_autofree char *label = pd_program_dup_label (program, now);

          if (names == NULL)
            names = g_string_new (label);
          else
            g_string_append_printf (names, ", %s", label);
        }
    }
  return names != NULL ? g_string_free (g_steal_pointer (&names), FALSE) : NULL;
}

static void
on_ended_program_response_cb (AdwMessageDialog *dialog,
                              const char       *response,
                              gpointer          user_data)
{
  PdMerchantsPage *self = PD_MERCHANTS_PAGE (user_data);

  if (g_strcmp0 (response, "create") == 0)
    create_links (self, g_object_get_data (G_OBJECT (dialog), "rows"));
}

static void
new_link_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PdMerchantsPage *self = PD_MERCHANTS_PAGE (widget);
  g_autoptr(GPtrArray) rows = selected_rows (self);
  g_autofree char *ended = NULL;
  GtkRoot *root;
  GtkWidget *dialog;

  if (rows == NULL || rows->len == 0)
    return;
  /* The link credits its maker: asked once, then this action again. */
  if (!pd_staff_name_is_set (self->context))
    {
      pd_staff_name_ask_then (widget, self->context, action_name);
      return;
    }

  /* A link for a program whose period has ended brings no store that
   * counts for it: ask before anything is created. */
  ended = ended_programs (self, rows);
  if (ended == NULL)
    {
      create_links (self, rows);
      return;
    }
  root = gtk_widget_get_root (widget);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Program Has Ended"), NULL);
  /* Translators: %s is a program "Name (ended 2026-03-31)", or several
   * separated by commas. */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s: a store opened through a new link cannot count for a period that is over."
                                    " Create the link anyway?"), ended);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "create", _("C_reate Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "create",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "rows", g_steal_pointer (&rows), (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_ended_program_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The URL of the selected row's link; NULL after telling why not. */
static char *
selected_link_url (PdMerchantsPage *self,
                   char           **token_out)
{
  g_autoptr(PdMerchantRow) row = pd_merchants_page_current_row (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdLink) link = NULL;

  if (row == NULL)
    {
      pd_merchants_page_toast (self, _("Select a merchant first"));
      return NULL;
    }
  if (row->link_token == NULL)
    {
      pd_merchants_page_toast (self, _("This merchant has no link yet: create one with Ctrl+L"));
      return NULL;
    }
  if (token_out != NULL)
    *token_out = g_strdup (row->link_token);
  if (row->link_url != NULL)
    return g_strdup (row->link_url);
  link = pd_store_link_get (pd_context_get_store (self->context), row->link_token, &error);
  if (link == NULL || link->url == NULL)
    {
      pd_merchants_page_toast (self, _("This link has no URL: it was imported without one"));
      return NULL;
    }
  return g_strdup (link->url);
}

/* The URL a link action is for: its parameter (the detail pane's link
 * history), else the selected merchant's link. */
static char *
action_link_url (PdMerchantsPage *self,
                 GVariant        *parameter)
{
  if (parameter != NULL)
    return g_variant_dup_string (parameter, NULL);
  return selected_link_url (self, NULL);
}

static void
copy_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_autofree char *url = action_link_url (PD_MERCHANTS_PAGE (widget), parameter);

  if (url != NULL)
    pd_link_copy_to_clipboard (widget, url);
}

static void
show_qr_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_autofree char *url = action_link_url (PD_MERCHANTS_PAGE (widget), parameter);

  if (url != NULL)
    pd_link_show_qr_code (widget, url);
}

static void
revoke_link (PdMerchantsPage *self,
             const char      *seller_id,
             const char      *token)
{
  /* The helper asks and revokes; the store says which seller's link
   * changed, and the rows are updated then. */
  pd_link_revoke_with_confirmation (GTK_WIDGET (self), self->context, token);
}

static void
revoke_link_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PdMerchantsPage *self = PD_MERCHANTS_PAGE (widget);
  g_autoptr(PdMerchantRow) row = pd_merchants_page_current_row (self);

  if (row == NULL)
    {
      pd_merchants_page_toast (self, _("Select a merchant first"));
      return;
    }
  if (row->link_token == NULL || g_strcmp0 (row->link_state, "active") != 0)
    {
      pd_merchants_page_toast (self, _("This merchant has no active link to revoke"));
      return;
    }
  revoke_link (self, row->seller_id, row->link_token);
}

static void
revoke_token_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PdMerchantsPage *self = PD_MERCHANTS_PAGE (widget);
  const PdMerchantRow *row = pd_merchant_detail_get_row (self->detail);

  if (row != NULL)
    revoke_link (self, row->seller_id, g_variant_get_string (parameter, NULL));
}

/* The page and the sellers a dialog is for, until it answers. */
typedef struct
{
  PdMerchantsPage *page;
  GStrv            sellers;
} DialogData;

static void
dialog_data_free (gpointer data)
{
  DialogData *d = data;

  g_object_unref (d->page);
  g_strfreev (d->sellers);
  g_free (d);
}

static GtkWindow *
parent_window (PdMerchantsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* Presents @dialog for the selected rows' sellers; @response_cb gets the
 * DialogData. */
static void
present_dialog (PdMerchantsPage *self,
                GtkWidget       *dialog,
                GStrv            sellers,
                GCallback        response_cb)
{
  DialogData *d = g_new0 (DialogData, 1);

  d->page = g_object_ref (self);
  d->sellers = sellers;
  g_signal_connect_data (dialog, "response", response_cb, d,
                         (GClosureNotify) (void (*) (void)) dialog_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_note_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     DialogData       *d)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "add") != 0)
    return;
  if (!pd_merchant_notes_append (pd_context_get_store (d->page->context), (const char * const *) d->sellers,
                                 pd_merchant_note_dialog_get_text (PD_MERCHANT_NOTE_DIALOG (dialog)),
                                 g_get_real_time () / G_USEC_PER_SEC, &error))
    {
      show_error (d->page, _("Cannot Add the Note"), error->message);
      return;
    }
  pd_merchants_page_toast (d->page, _("Note added"));
}

static void
add_note_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PdMerchantsPage *self = PD_MERCHANTS_PAGE (widget);
  g_autoptr(GPtrArray) rows = selected_rows (self);
  GStrv sellers;

  if (rows == NULL || rows->len == 0)
    return;
  if (!pd_staff_name_is_set (self->context))
    {
      pd_staff_name_ask_then (widget, self->context, action_name);
      return;
    }
  sellers = seller_ids (rows);
  present_dialog (self, pd_merchant_note_dialog_new (parent_window (self), g_strv_length (sellers)),
                  sellers, G_CALLBACK (on_note_response_cb));
}

static void
on_assign_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       DialogData       *d)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (g_strcmp0 (response, "add") != 0)
    return;
  name = pd_merchant_assign_dialog_dup_name (PD_MERCHANT_ASSIGN_DIALOG (dialog));
  if (!pd_merchant_notes_assign (pd_context_get_store (d->page->context), (const char * const *) d->sellers,
                                 name, &error))
    {
      show_error (d->page, _("Cannot Assign"), error->message);
      return;
    }
  if (*name != '\0')
    /* Translators: %s is a staff member's name. */
    message = g_strdup_printf (_("Assigned to %s"), name);
  pd_merchants_page_toast (d->page, message != NULL ? message : _("Assignment removed"));
}

static void
assign_staff_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PdMerchantsPage *self = PD_MERCHANTS_PAGE (widget);
  g_autoptr(GPtrArray) rows = selected_rows (self);
  g_autoptr(GPtrArray) staff = NULL;
  GStrv sellers;

  if (rows == NULL || rows->len == 0)
    return;
  sellers = seller_ids (rows);
  staff = pd_merchant_list_staff (pd_context_get_store (self->context), NULL);
  present_dialog (self, pd_merchant_assign_dialog_new (parent_window (self), g_strv_length (sellers), staff),
                  sellers, G_CALLBACK (on_assign_response_cb));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PdMerchantsPage *self = PD_MERCHANTS_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
show_details_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  pd_merchants_page_show_details (PD_MERCHANTS_PAGE (widget));
}

static void
hide_details_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  adw_flap_set_reveal_flap (PD_MERCHANTS_PAGE (widget)->flap, FALSE);
}

/* Ctrl+F and Ctrl+L work from anywhere in the window while the page is
 * shown, not only when the focus is in it. */
static gboolean
on_global_shortcut_cb (GtkWidget *widget,
                       GVariant  *args,
                       gpointer   user_data)
{
  PdMerchantsPage *self = PD_MERCHANTS_PAGE (widget);

  if (!gtk_widget_get_mapped (widget) || self->context == NULL ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "list") != 0)
    return FALSE;
  gtk_widget_activate_action (widget, user_data, NULL);
  return TRUE;
}

void
pd_merchants_page_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "merchants.search", NULL, search_action);
  pd_merchants_page_class_init_export (widget_class);
  gtk_widget_class_install_action (widget_class, "merchants.new-link", NULL, new_link_action);
  gtk_widget_class_install_action (widget_class, "merchants.copy-link", NULL, copy_link_action);
  gtk_widget_class_install_action (widget_class, "merchants.show-qr", NULL, show_qr_action);
  gtk_widget_class_install_action (widget_class, "merchants.revoke-link", NULL, revoke_link_action);
  gtk_widget_class_install_action (widget_class, "merchants.copy-url", "s", copy_link_action);
  gtk_widget_class_install_action (widget_class, "merchants.show-qr-url", "s", show_qr_action);
  gtk_widget_class_install_action (widget_class, "merchants.revoke-token", "s", revoke_token_action);
  gtk_widget_class_install_action (widget_class, "merchants.add-note", NULL, add_note_action);
  gtk_widget_class_install_action (widget_class, "merchants.assign-staff", NULL, assign_staff_action);
  gtk_widget_class_install_action (widget_class, "merchants.show-details", NULL, show_details_action);
  gtk_widget_class_install_action (widget_class, "merchants.hide-details", NULL, hide_details_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "merchants.copy-link", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "merchants.hide-details", NULL);
}

void
pd_merchants_page_init_shortcuts (PdMerchantsPage *self)
{
  GtkEventController *shortcuts;

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (on_global_shortcut_cb,
                                                                                   (gpointer) "merchants.search",
                                                                                   NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_l, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (on_global_shortcut_cb,
                                                                                   (gpointer) "merchants.new-link",
                                                                                   NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  pd_keyboard_add_page_shortcut (GTK_WIDGET (self), GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "merchants.export");
  pd_keyboard_tab_leaves_list (GTK_WIDGET (self->column_view));
  pd_keyboard_down_to_list (GTK_WIDGET (self->search_entry), GTK_WIDGET (self->column_view));
}
