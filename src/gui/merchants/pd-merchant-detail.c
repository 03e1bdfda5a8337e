/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchants"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-a11y.h"
#include "pd-link.h"
#include "pd-merchant-detail.h"
#include "pd-merchant-format.h"
#include "pd-merchant-notes.h"
#include "pd-merchant-seller.h"
#include "pd-store-links.h"
#include "pd-store-open-api.h"
#include "pd-time-zone.h"
#include "pd-team-conflicts-group.h"

#define HISTORY_LIMIT 50

enum {
  GROUP_SELLER,
  GROUP_CHECKLIST,
  GROUP_LINKS,
  GROUP_STORES,
  GROUP_HISTORY,
  N_GROUPS
};

struct _PdMerchantDetail
{
  GtkBox               parent_instance;

  PdMerchantIndex     *index;
  PdClock             *clock;
  PdMerchantRow       *row;

  GtkLabel            *title_label;
  GtkLabel            *subtitle_label;
  AdwPreferencesGroup *seller_group;
  AdwPreferencesGroup *checklist_group;
  AdwPreferencesGroup *links_group;
  AdwPreferencesGroup *stores_group;
  AdwPreferencesGroup *history_group;
  PdTeamConflictsGroup *team_conflicts_group;
  GtkTextView         *notes_view;
  AdwEntryRow         *tags_row;
  AdwEntryRow         *assignee_row;
  GtkButton           *save_button;

  /* The rows added to each group, to remove them again. */
  GPtrArray           *added[N_GROUPS];
};

G_DEFINE_FINAL_TYPE (PdMerchantDetail, pd_merchant_detail, GTK_TYPE_BOX)

enum {
  NOTES_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static AdwPreferencesGroup *
group (PdMerchantDetail *self,
       guint             which)
{
  switch (which)
    {
    case GROUP_SELLER:
      return self->seller_group;
    case GROUP_CHECKLIST:
      return self->checklist_group;
    case GROUP_LINKS:
      return self->links_group;
    case GROUP_STORES:
      return self->stores_group;
    case GROUP_HISTORY:
    default:
      return self->history_group;
    }
}

static void
clear_group (PdMerchantDetail *self,
             guint             which)
{
  GPtrArray *rows = self->added[which];

  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group (self, which), g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

/* A row of plain text (user data is never markup). */
static AdwActionRow *
add_row (PdMerchantDetail *self,
         guint             which,
         const char       *title,
         const char       *subtitle)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (row, subtitle);
  adw_action_row_set_subtitle_lines (row, 0);
  adw_preferences_group_add (group (self, which), GTK_WIDGET (row));
  g_ptr_array_add (self->added[which], row);
  return row;
}

static void
add_suffix_label (AdwActionRow *row,
                  const char   *text,
                  const char   *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  adw_action_row_add_suffix (row, label);
}

static void
add_suffix_button (AdwActionRow *row,
                   const char   *icon,
                   const char   *label,
                   const char   *action,
                   const char   *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  adw_action_row_add_suffix (row, button);
}

static char *
format_time (gint64 t)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (t);

  return when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M") : g_strdup ("?");
}

static void
show_seller (PdMerchantDetail        *self,
             const PdMerchantContact *contact,
             PdRules                 *rules)
{
  const PdMerchantRow *row = self->row;
  g_autofree char *subtitle = NULL;

  gtk_label_set_text (self->title_label, row->seller_name != NULL ? row->seller_name : row->seller_id);
  subtitle = g_strjoin (" · ", row->seller_id, row->market != NULL ? row->market : "—",
                        rules != NULL && rules->program_name != NULL ? rules->program_name : row->program_id,
                        NULL);
  gtk_label_set_text (self->subtitle_label, subtitle);

  clear_group (self, GROUP_SELLER);
  if (!contact->listed)
    {
      add_row (self, GROUP_SELLER, _("Not on this program’s target list"), NULL);
      return;
    }
  if (contact->brand != NULL)
    add_row (self, GROUP_SELLER, contact->brand, _("Brand"));
  if (contact->contact_name != NULL)
    add_row (self, GROUP_SELLER, contact->contact_name, _("Contact"));
  if (contact->contact_email != NULL)
    add_row (self, GROUP_SELLER, contact->contact_email, _("Email"));
  if (contact->contact_phone != NULL)
    add_row (self, GROUP_SELLER, contact->contact_phone, _("Phone"));
  if (contact->country != NULL)
    add_row (self, GROUP_SELLER, contact->country, _("Country"));
  add_row (self, GROUP_SELLER, pd_review_status_to_display (contact->review_status), _("Target list review"));
}

/* Where the deciding figures came from, for each store the TikTok Shop
 * Open API has read (issue 17): beside the conditions they decide. */
static void
show_platform_figures (PdMerchantDetail *self,
                       PdMerchantSeller *seller,
                       gint64            now)
{
  const PdSellerInput *input = pd_merchant_seller_get_input (seller);
  PdStore *store = pd_merchant_index_get_store (self->index);

  for (guint i = 0; i < input->n_stores; i++)
    {
      const PdStoreInput *s = &input->stores[i];
      g_auto(PdOpenApiReading) reading = { 0 };
      g_autofree char *text = NULL;
      g_autofree char *title = NULL;

      if (!pd_store_open_api_get_reading (store, s->store_id, &reading, NULL))
        continue;
      text = pd_merchant_format_reading (&reading, now);
      /* Translators: a store id, e.g. "Store 7495000012 on the platform". */
      title = g_strdup_printf (_("Store %s on the platform"), s->store_id);
      add_row (self, GROUP_CHECKLIST, title, text);
    }
}

static void
show_checklist (PdMerchantDetail *self,
                PdMerchantSeller *seller,
                PdRules          *rules,
                gint64            now)
{
  g_autoptr(GPtrArray) checks = NULL;
  g_autofree char *description = NULL;
  PdVerdict verdict = PD_VERDICT_PENDING;
  PdStage stage = PD_STAGE_INVITED;

  clear_group (self, GROUP_CHECKLIST);
  if (seller == NULL || rules == NULL)
    {
      adw_preferences_group_set_description (self->checklist_group, NULL);
      add_row (self, GROUP_CHECKLIST, _("The program’s rules cannot be read"), NULL);
      return;
    }

  if (!pd_merchant_seller_checklist (seller, rules, now, self->row->store_id, &verdict, &stage, &checks))
    {
      adw_preferences_group_set_description (self->checklist_group,
                                             _("Not an entry of the program yet: create an onboarding link to invite this merchant."));
      return;
    }

  /* Translators: the engine's verdict and the entry's stage now, with
   * the Stage column's names: "Verdict now: Pending · stage: First Sale". */
  description = g_strdup_printf (_("Verdict now: %s · stage: %s"), pd_verdict_to_display (verdict),
                                 pd_stage_to_display (stage));
  /* The conditions' own words carry dates too ("onboarded 2026-03-02"):
   * once for all of them, the zone they are in. */
  if (!pd_time_zone_is_users (rules->timezone, now))
    {
      g_autofree char *verdict_line = g_steal_pointer (&description);

      /* Translators: under the verdict line; %s is a time zone such as Asia/Shanghai */
      g_autofree char *zone_line = g_strdup_printf (_("Dates in the program’s time zone, %s"),
                                                    rules->timezone_id);

      description = g_strconcat (verdict_line, "\n", zone_line, NULL);
    }
  adw_preferences_group_set_description (self->checklist_group, description);

  for (guint i = 0; i < checks->len; i++)
    {
      PdMerchantCheck *check = g_ptr_array_index (checks, i);
      g_autofree char *subtitle = NULL;
      const char *style;
      AdwActionRow *row;

      if (check->has_deadline)
        {
          g_autofree char *deadline = pd_merchant_format_deadline (rules, TRUE, check->deadline, now);

          /* Translators: a condition's detail, then its deadline. */
          subtitle = g_strdup_printf (_("%s\nDeadline: %s"), check->detail, deadline);
        }
      else
        subtitle = g_strdup (check->detail);

      row = add_row (self, GROUP_CHECKLIST, pd_condition_to_display (check->condition), subtitle);
      style = check->state == PD_CONDITION_STATE_MET ? "success" :
              check->state == PD_CONDITION_STATE_FAILED ? "error" :
              check->state == PD_CONDITION_STATE_UNMET ? "warning" : "dim-label";
      add_suffix_label (row, pd_merchant_condition_state (check->state), style);
    }
  show_platform_figures (self, seller, now);
}

static void
show_links (PdMerchantDetail *self,
            PdStore          *store,
            PdRules          *rules)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = pd_store_links_for_seller (store, self->row->seller_id, &error);

  clear_group (self, GROUP_LINKS);
  if (links == NULL)
    {
      add_row (self, GROUP_LINKS, _("The links cannot be read"), error->message);
      return;
    }
  if (links->len == 0)
    {
      add_row (self, GROUP_LINKS, _("No link yet"), _("Create an onboarding link to invite this merchant."));
      return;
    }

  for (guint i = 0; i < links->len; i++)
    {
      PdLink *link = g_ptr_array_index (links, i);
      g_autoptr(GString) evidence = g_string_new (NULL);
      g_autofree char *created = format_time (link->created_at);
      g_autofree char *title = NULL;
      AdwActionRow *row;

      /* Translators: a link's kind and state: "Onboarding link · Active". */
      title = g_strdup_printf (_("%s · %s"),
                               g_strcmp0 (link->kind, "authorization") == 0 ? _("Authorization link") : _("Onboarding link"),
                               pd_merchant_link_state_display (link->state));
      g_string_append_printf (evidence, _("Token %s"), link->token);
      g_string_append_c (evidence, '\n');
      if (link->staff != NULL)
        /* Translators: when a link was made and by whom. */
        g_string_append_printf (evidence, _("Created %s by %s"), created, link->staff);
      else
        g_string_append_printf (evidence, _("Created %s"), created);
      if (link->used_at > 0)
        {
          g_autofree char *used = format_time (link->used_at);

          g_string_append_c (evidence, '\n');
          g_string_append_printf (evidence, _("Used %s"), used);
        }
      if (link->revoked_at > 0)
        {
          g_autofree char *revoked = format_time (link->revoked_at);

          g_string_append_c (evidence, '\n');
          g_string_append_printf (evidence, _("Revoked %s"), revoked);
        }
      if (link->expires_at > 0)
        {
          g_autofree char *expires = format_time (link->expires_at);

          g_string_append_c (evidence, '\n');
          g_string_append_printf (evidence, _("Expires %s"), expires);
        }
      if (link->url != NULL)
        {
          g_string_append_c (evidence, '\n');
          g_string_append (evidence, link->url);
        }

      row = add_row (self, GROUP_LINKS, title, evidence->str);
      if (link->url != NULL)
        {
          add_suffix_button (row, "edit-copy-symbolic", _("Copy Link"), "merchants.copy-url", link->url);
          add_suffix_button (row, "view-grid-symbolic", _("Show QR Code"), "merchants.show-qr-url", link->url);
        }
      if (g_strcmp0 (link->state, "active") == 0)
        add_suffix_button (row, "action-unavailable-symbolic", _("Revoke Link"), "merchants.revoke-token", link->token);
    }
}

static void
show_stores (PdMerchantDetail *self,
             PdMerchantSeller *seller,
             PdRules          *rules)
{
  const PdSellerInput *input;

  clear_group (self, GROUP_STORES);
  if (seller == NULL)
    return;
  input = pd_merchant_seller_get_input (seller);
  if (input->n_stores == 0)
    {
      add_row (self, GROUP_STORES, _("No store yet"), NULL);
      return;
    }
  for (guint i = 0; i < input->n_stores; i++)
    {
      const PdStoreInput *s = &input->stores[i];
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *title = NULL;

      title = s->market != NULL ? g_strdup_printf ("%s · %s", s->store_id, s->market) : g_strdup (s->store_id);
      if (s->has_onboarded_at)
        {
          g_autofree char *date = pd_merchant_format_date (rules, s->onboarded_at);

          g_string_append_printf (text, _("Onboarded %s"), date);
        }
      else
        g_string_append (text, _("Not onboarded"));
      g_string_append (text, " · ");
      g_string_append (text, pd_store_status_to_display (s->status));
      if (s->governance != PD_GOVERNANCE_NONE)
        {
          g_string_append (text, " · ");
          g_string_append (text, pd_governance_to_display (s->governance));
          if (s->governance_reason != NULL)
            g_string_append_printf (text, " (%s)", s->governance_reason);
        }
      if (s->has_gmv)
        {
          g_autofree char *gmv = pd_money_format_display (&s->gmv);

          g_string_append_c (text, '\n');
          g_string_append_printf (text, _("Settled GMV in 30 days: %s"), gmv);
        }
      if (s->inventory_countries != NULL)
        {
          g_string_append_c (text, '\n');
          g_string_append_printf (text, _("Inventory: %s"), s->inventory_countries);
        }
      add_row (self, GROUP_STORES, title, text->str);
    }
}

static const char *
action_display (const char *action)
{
  if (g_strcmp0 (action, "merchant.notes") == 0)
    return _("Notes edited");
  if (g_strcmp0 (action, "merchant.note") == 0)
    return _("Note added");
  if (g_strcmp0 (action, "merchant.assign") == 0)
    return _("Assigned");
  if (g_strcmp0 (action, "link.create") == 0)
    return _("Link created");
  if (g_strcmp0 (action, "link.revoke") == 0)
    return _("Link revoked");
  return action;
}

static void
show_history (PdMerchantDetail *self,
              PdStore          *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = pd_audit_seller_history (store, self->row->seller_id, HISTORY_LIMIT, &error);

  clear_group (self, GROUP_HISTORY);
  if (entries == NULL)
    {
      add_row (self, GROUP_HISTORY, _("The history cannot be read"), error->message);
      return;
    }
  if (entries->len == 0)
    {
      add_row (self, GROUP_HISTORY, _("Nothing recorded yet"), NULL);
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      PdAuditEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *when = format_time (entry->at);
      g_autofree char *subtitle = NULL;

      if (entry->subject != NULL && g_str_has_prefix (entry->subject, "link:"))
        /* Translators: when, who, and which link: "2026-04-05 10:00 · lin · NAbO5gPM…". */
        subtitle = g_strdup_printf (_("%s · %s · %.8s…"), when, entry->user, entry->subject + 5);
      else
        subtitle = g_strdup_printf (_("%s · %s"), when, entry->user);
      add_row (self, GROUP_HISTORY, action_display (entry->action), subtitle);
    }
}

static void
show_notes (PdMerchantDetail *self,
            PdStore          *store)
{
  g_autoptr(GError) error = NULL;
  g_auto(PdMerchantNotes) notes = { 0 };

  if (!pd_merchant_notes_get (store, self->row->seller_id, &notes, &error))
    {
      g_warning ("Cannot read the notes of %s: %s", self->row->seller_id, error->message);
      return;
    }
  pd_team_conflicts_group_load (self->team_conflicts_group, store, self->row->seller_id);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view), notes.notes, -1);
  gtk_editable_set_text (GTK_EDITABLE (self->tags_row), notes.tags);
  gtk_editable_set_text (GTK_EDITABLE (self->assignee_row), notes.assignee != NULL ? notes.assignee : "");
}

static void
load (PdMerchantDetail *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdMerchantSeller) seller = NULL;
  g_auto(PdMerchantContact) contact = { 0 };
  PdStore *store;
  PdRules *rules;
  gint64 now;

  if (self->row == NULL || self->index == NULL || self->clock == NULL)
    return;
  now = pd_clock_get_now (self->clock);
  store = pd_merchant_index_get_store (self->index);
  rules = pd_merchant_index_get_rules (self->index, self->row->program_id);

  if (!pd_merchant_contact_get (store, self->row->program_id, self->row->seller_id, &contact, &error))
    {
      g_warning ("Cannot read the seller %s: %s", self->row->seller_id, error->message);
      g_clear_error (&error);
    }
  seller = pd_merchant_seller_load (store, self->row->program_id, self->row->seller_id, &error);
  if (seller == NULL)
    {
      g_warning ("Cannot read the seller %s: %s", self->row->seller_id, error->message);
      g_clear_error (&error);
    }

  show_seller (self, &contact, rules);
  show_checklist (self, seller, rules, now);
  show_links (self, store, rules);
  show_stores (self, seller, rules);
  show_notes (self, store);
  show_history (self, store);
}

static void
on_save_clicked_cb (PdMerchantDetail *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *assignee = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  if (self->row == NULL || self->index == NULL)
    return;
  buffer = gtk_text_view_get_buffer (self->notes_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  notes = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  assignee = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->assignee_row))));
  if (!pd_merchant_notes_save (pd_merchant_index_get_store (self->index), self->row->seller_id, notes,
                               gtk_editable_get_text (GTK_EDITABLE (self->tags_row)), assignee, &error))
    {
      g_warning ("Cannot save the notes of %s: %s", self->row->seller_id, error->message);
      return;
    }
  g_signal_emit (self, signals[NOTES_SAVED], 0, self->row->seller_id);
}

static void
pd_merchant_detail_dispose (GObject *object)
{
  PdMerchantDetail *self = PD_MERCHANT_DETAIL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_MERCHANT_DETAIL);
  g_clear_object (&self->index);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->row, pd_merchant_row_free);

  G_OBJECT_CLASS (pd_merchant_detail_parent_class)->dispose (object);
}

static void
pd_merchant_detail_finalize (GObject *object)
{
  PdMerchantDetail *self = PD_MERCHANT_DETAIL (object);

  for (guint i = 0; i < N_GROUPS; i++)
    g_ptr_array_unref (self->added[i]);

  G_OBJECT_CLASS (pd_merchant_detail_parent_class)->finalize (object);
}

static void
pd_merchant_detail_class_init (PdMerchantDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_merchant_detail_dispose;
  object_class->finalize = pd_merchant_detail_finalize;

  signals[NOTES_SAVED] =
    g_signal_new ("notes-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (PD_TYPE_TEAM_CONFLICTS_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/gui/pd-merchant-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, PdMerchantDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantDetail, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantDetail, seller_group);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantDetail, checklist_group);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantDetail, links_group);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantDetail, stores_group);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantDetail, history_group);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantDetail, team_conflicts_group);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantDetail, notes_view);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantDetail, tags_row);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantDetail, assignee_row);
  gtk_widget_class_bind_template_child (widget_class, PdMerchantDetail, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, load);
}

static void
pd_merchant_detail_init (PdMerchantDetail *self)
{
  for (guint i = 0; i < N_GROUPS; i++)
    self->added[i] = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  pd_a11y_name_lists (GTK_WIDGET (self));
}

GtkWidget *
pd_merchant_detail_new (void)
{
  return g_object_new (PD_TYPE_MERCHANT_DETAIL, NULL);
}

void
pd_merchant_detail_set_index (PdMerchantDetail *self,
                              PdMerchantIndex  *index,
                              PdClock          *clock)
{
  g_return_if_fail (PD_IS_MERCHANT_DETAIL (self));
  g_return_if_fail (clock == NULL || PD_IS_CLOCK (clock));

  g_set_object (&self->index, index);
  g_set_object (&self->clock, clock);
}

void
pd_merchant_detail_show_row (PdMerchantDetail    *self,
                             const PdMerchantRow *row)
{
  g_return_if_fail (PD_IS_MERCHANT_DETAIL (self));
  g_return_if_fail (row != NULL);

  g_clear_pointer (&self->row, pd_merchant_row_free);
  self->row = pd_merchant_row_copy (row);
  load (self);
}

const PdMerchantRow *
pd_merchant_detail_get_row (PdMerchantDetail *self)
{
  g_return_val_if_fail (PD_IS_MERCHANT_DETAIL (self), NULL);
  return self->row;
}

void
pd_merchant_detail_reload (PdMerchantDetail *self)
{
  g_autoptr(GError) error = NULL;
  PdMerchantRow *row;

  g_return_if_fail (PD_IS_MERCHANT_DETAIL (self));

  if (self->row == NULL || self->index == NULL)
    return;
  row = pd_merchant_index_get_row (self->index, self->row->program_id, self->row->seller_id,
                                   self->row->store_id, &error);
  if (row != NULL)
    {
      g_clear_pointer (&self->row, pd_merchant_row_free);
      self->row = row;
    }
  load (self);
}
