/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-requests-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pd-conflict-dialog.h"
#include "pd-link-actions.h"
#include "pd-outbox.h"
#include "pd-request-reject-dialog.h"
#include "pd-requests-page-private.h"
#include "pd-store-links.h"
#include "pd-team-duplicates.h"
#include "pd-toast.h"

/* What the page's buttons do with the current request (the one the
 * detail shows). Every change goes through the store, which writes the
 * request and its outbox entry (PATCH with If-Match) in one transaction
 * and refuses a transition the table forbids before anything is queued;
 * the buttons are off with the reason as their tooltip before that. */

static PdStore *
get_store (PdRequestsPage *self)
{
  return pd_context_get_store (self->context);
}

/* Why the request cannot be invited or sent a link, or NULL. */
static const char *
outreach_refusal (const PdSellerRequest *r)
{
  if (g_strcmp0 (r->status, "closed") == 0)
    return _("The seller closed this request; its contact is hidden");
  if (g_strcmp0 (r->status, "rejected") == 0)
    return _("Your agency rejected this request");
  return NULL;
}

void
pd_requests_page_update_current (PdRequestsPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autofree char *accept = NULL, *reject = NULL, *close = NULL;
  const char *outreach = NULL;
  gint64 conflict = 0;

  /* The store's version, not the list's copy: the detail shows the
   * request as it is now, even when a filter hides it. */
  if (self->current != NULL && self->context != NULL)
    {
      g_autoptr(GError) error = NULL;
      PdSellerRequest *fresh = pd_store_seller_request_get (get_store (self), self->current->id, &error);

      if (fresh != NULL)
        {
          pd_seller_request_free (self->current);
          self->current = fresh;
        }
      else
        g_clear_pointer (&self->current, pd_seller_request_free);
    }

  if (self->current != NULL)
    {
      PdStore *store = get_store (self);
      g_autoptr(GError) error = NULL;

      accept = pd_store_seller_request_refusal (store, self->current, PD_SELLER_REQUEST_STATUS_PARTNER_ACCEPTED);
      reject = pd_store_seller_request_refusal (store, self->current, PD_SELLER_REQUEST_STATUS_REJECTED);
      close = pd_store_seller_request_refusal (store, self->current, PD_SELLER_REQUEST_STATUS_CLOSED);
      outreach = outreach_refusal (self->current);
      if (!pd_store_seller_request_conflict (store, self->current->id, &conflict, &error))
        g_warning ("Cannot read the outbox: %s", error->message);
    }
  else
    accept = g_strdup (_("Select a request first")), reject = g_strdup (accept), close = g_strdup (accept);

  pd_request_detail_set_request (self->detail, self->current);
  pd_request_detail_set_refusals (self->detail, accept, reject, close);
  pd_request_detail_set_conflict (self->detail, conflict != 0);
  gtk_widget_action_set_enabled (widget, "requests.accept", accept == NULL);
  gtk_widget_action_set_enabled (widget, "requests.reject", reject == NULL);
  gtk_widget_action_set_enabled (widget, "requests.close", close == NULL);
  gtk_widget_action_set_enabled (widget, "requests.invite", self->current != NULL && outreach == NULL);
  gtk_widget_action_set_enabled (widget, "requests.authorization-link",
                                 self->current != NULL && outreach == NULL);
  gtk_widget_action_set_enabled (widget, "requests.resolve-conflict", conflict != 0);
}

static void
move_current (PdRequestsPage        *self,
              PdSellerRequestStatus  to,
              const char            *note)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *message;

  if (self->current == NULL || self->context == NULL)
    return;
  id = g_strdup (self->current->id);
  if (!pd_store_seller_request_move (get_store (self), id, to, note, &error))
    {
      pd_toast_show_text (GTK_WIDGET (self), error->message);
      return;
    }
  g_hash_table_add (self->moved_ids, g_strdup (id));
  switch (to)
    {
    case PD_SELLER_REQUEST_STATUS_PARTNER_ACCEPTED:
      message = _("Request accepted; the platform hears of it at the next sync");
      break;
    case PD_SELLER_REQUEST_STATUS_REJECTED:
      message = _("Request rejected; the platform hears of it at the next sync");
      break;
    default:
      message = _("Request closed; the platform hears of it at the next sync");
      break;
    }
  pd_toast_show_text (GTK_WIDGET (self), message);
  /* The store announced the change (the list reloads); the detail too. */
  pd_requests_page_update_current (self);
}

static void
accept_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  move_current (PD_REQUESTS_PAGE (widget), PD_SELLER_REQUEST_STATUS_PARTNER_ACCEPTED, NULL);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  move_current (PD_REQUESTS_PAGE (widget), PD_SELLER_REQUEST_STATUS_CLOSED, NULL);
}

static void
on_reject_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       PdRequestsPage   *self)
{
  g_autofree char *reason = NULL;
  const char *id = g_object_get_data (G_OBJECT (dialog), "pd-request-id");

  if (!g_str_equal (response, "reject"))
    return;
  /* The detail may have moved on while the dialog was open. */
  if (self->current == NULL || g_strcmp0 (self->current->id, id) != 0)
    return;
  reason = pd_request_reject_dialog_dup_reason (PD_REQUEST_REJECT_DIALOG (dialog));
  move_current (self, PD_SELLER_REQUEST_STATUS_REJECTED, reason);
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PdRequestsPage *self = PD_REQUESTS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->current == NULL)
    return;
  dialog = pd_request_reject_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         self->current->contact_name);
  g_object_set_data_full (G_OBJECT (dialog), "pd-request-id", g_strdup (self->current->id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reject_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The request's seller, or NULL with a toast saying why there is none. */
static char *
dup_seller_or_explain (PdRequestsPage *self,
                       gboolean        required)
{
  g_autoptr(GError) error = NULL;
  char *seller_id = pd_store_seller_request_dup_seller_id (get_store (self), self->current->id, &error);

  if (error != NULL)
    pd_toast_show_text (GTK_WIDGET (self), error->message);
  else if (seller_id == NULL && required)
    pd_toast_show_text (GTK_WIDGET (self),
                        _("No merchant on your target lists has this request’s contact email;"
                          " import or sync the list with this seller first"));
  return seller_id;
}

static void invite (PdRequestsPage *self, const char *seller_id, gboolean confirmed);

static void
on_duplicate_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          PdRequestsPage   *self)
{
  if (g_strcmp0 (response, "create") == 0)
    invite (self, g_object_get_data (G_OBJECT (dialog), "seller-id"), TRUE);
}

/* An onboarding link for @seller_id, its URL copied. A seller another
 * staff member of the team invited is asked about first (@confirmed:
 * asked, and the user said yes; the CLI's --new). */
static void
invite (PdRequestsPage *self,
        const char     *seller_id,
        gboolean        confirmed)
{
  g_autoptr(PdLink) link = NULL;
  g_autoptr(GError) error = NULL;
  gboolean created = FALSE;

  if (!pd_store_link_onboarding (get_store (self), seller_id, NULL, NULL, NULL, confirmed,
                                 &link, &created, &error))
    {
      const char *ids[] = { seller_id, NULL };
      const char *programs[] = { NULL, NULL };
      g_autofree char *body = NULL;
      GtkWidget *dialog;

      if (!confirmed && g_error_matches (error, PD_STORE_ERROR, PD_STORE_ERROR_INVALID))
        body = pd_team_find_duplicates (get_store (self), ids, programs, NULL);
      if (body == NULL)
        {
          pd_toast_show_text (GTK_WIDGET (self), error->message);
          return;
        }
      dialog = pd_team_duplicate_dialog_new (GTK_WIDGET (self), body);
      g_object_set_data_full (G_OBJECT (dialog), "seller-id", g_strdup (seller_id), g_free);
      g_signal_connect_object (dialog, "response", G_CALLBACK (on_duplicate_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  if (link->url != NULL)
    pd_link_copy_to_clipboard (GTK_WIDGET (self), link->url);
}

static void
invite_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PdRequestsPage *self = PD_REQUESTS_PAGE (widget);
  g_autofree char *seller_id = NULL;

  if (self->current == NULL || self->context == NULL)
    return;
  seller_id = dup_seller_or_explain (self, TRUE);
  if (seller_id == NULL)
    return;
  invite (self, seller_id, FALSE);
}

static void
authorization_link_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  PdRequestsPage *self = PD_REQUESTS_PAGE (widget);
  g_autofree char *seller_id = NULL;

  if (self->current == NULL || self->context == NULL)
    return;
  /* Without a known seller the link is still useful: the seller is left
   * for the dialog (and the platform) to pick. */
  seller_id = dup_seller_or_explain (self, FALSE);
  if (!gtk_widget_activate_action (widget, "win.authorization-link", "(sss)",
                                   self->current->category_id != NULL ? self->current->category_id : "",
                                   "", seller_id != NULL ? seller_id : ""))
    pd_toast_show_text (widget, _("Authorization links cannot be created in this window"));
}

static PdOutboxItem *
find_outbox_item (PdRequestsPage *self,
                  gint64          id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = pd_outbox_list (get_store (self), &error);

  if (items == NULL)
    {
      pd_toast_show_text (GTK_WIDGET (self), error->message);
      return NULL;
    }
  for (guint i = 0; i < items->len; i++)
    {
      const PdOutboxItem *item = g_ptr_array_index (items, i);

      if (item->id == id)
        return pd_outbox_item_copy (item);
    }
  return NULL;
}

static void
present_conflict (PdRequestsPage *self,
                  gint64          outbox_id)
{
  PdSyncController *controller = pd_context_get_sync_controller (self->context);
  g_autoptr(PdOutboxItem) item = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (controller == NULL)
    {
      pd_toast_show_text (GTK_WIDGET (self), _("Conflicts are settled in the window that syncs"));
      return;
    }
  item = find_outbox_item (self, outbox_id);
  if (item == NULL)
    return;
  g_hash_table_add (self->conflicts_shown, g_memdup2 (&item->id, sizeof item->id));
  dialog = pd_conflict_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, controller, item);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
resolve_conflict_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PdRequestsPage *self = PD_REQUESTS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  gint64 outbox_id = 0;

  if (self->current == NULL || self->context == NULL)
    return;
  if (!pd_store_seller_request_conflict (get_store (self), self->current->id, &outbox_id, &error))
    pd_toast_show_text (widget, error->message);
  else if (outbox_id != 0)
    present_conflict (self, outbox_id);
}

/* The requests moved here stay in moved_ids for the session (a few
 * dozen at most); the one whose conflict is shown leaves it. */
void
pd_requests_page_check_conflicts (PdRequestsPage *self)
{
  g_autoptr(GPtrArray) settled = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;
  gint64 to_show = 0;

  if (self->context == NULL)
    return;
  g_hash_table_iter_init (&iter, self->moved_ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr(GError) error = NULL;
      gint64 outbox_id = 0;

      if (!pd_store_seller_request_conflict (get_store (self), key, &outbox_id, &error))
        continue;
      if (outbox_id != 0 && to_show == 0 && !g_hash_table_contains (self->conflicts_shown, &outbox_id))
        {
          to_show = outbox_id;
          g_ptr_array_add (settled, g_strdup (key));
        }
    }
  for (guint i = 0; i < settled->len; i++)
    g_hash_table_remove (self->moved_ids, g_ptr_array_index (settled, i));
  /* One dialog at a time: the next sync brings the next one. */
  if (to_show != 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    present_conflict (self, to_show);
}

static void
hide_details_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  adw_flap_set_reveal_flap (PD_REQUESTS_PAGE (widget)->flap, FALSE);
}

void
pd_requests_page_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "requests.accept", NULL, accept_action);
  gtk_widget_class_install_action (widget_class, "requests.reject", NULL, reject_action);
  gtk_widget_class_install_action (widget_class, "requests.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "requests.invite", NULL, invite_action);
  gtk_widget_class_install_action (widget_class, "requests.authorization-link", NULL,
                                   authorization_link_action);
  gtk_widget_class_install_action (widget_class, "requests.resolve-conflict", NULL,
                                   resolve_conflict_action);
  gtk_widget_class_install_action (widget_class, "requests.hide-details", NULL, hide_details_action);
}
