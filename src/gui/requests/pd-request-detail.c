/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-request-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-a11y.h"
#include "pd-request-detail.h"
#include "pd-request-format.h"

typedef enum
{
  FIELD_CONTACT_NAME,
  FIELD_CONTACT_EMAIL,
  FIELD_LOCATION,
  FIELD_COMPANY_SIZE,
  FIELD_CURRENCY,
  FIELD_TIKTOK_GMV,
  FIELD_OTHER_GMV,
  FIELD_BUDGET,
  FIELD_MAIN_CATEGORY,
  FIELD_BEST_SELLER,
  FIELD_OTHER_DETAILS,
  FIELD_REQUEST_TYPE,
  FIELD_CATEGORY,
  FIELD_CREATED,
  FIELD_UPDATED,
  N_FIELDS
} Field;

typedef enum { GROUP_CONTACT, GROUP_BUSINESS, GROUP_REQUEST } Group;

/* The request form of the platform, in its order; * = required there. */
static const struct
{
  Field       field;
  Group       group;
  const char *title;
} fields[] = {
  { FIELD_CONTACT_NAME, GROUP_CONTACT, N_("Contact name") },
  { FIELD_CONTACT_EMAIL, GROUP_CONTACT, N_("Contact email") },
  { FIELD_LOCATION, GROUP_CONTACT, N_("Location") },
  { FIELD_COMPANY_SIZE, GROUP_CONTACT, N_("Company size") },
  { FIELD_CURRENCY, GROUP_BUSINESS, N_("Currency") },
  { FIELD_TIKTOK_GMV, GROUP_BUSINESS, N_("Monthly TikTok Shop GMV") },
  { FIELD_OTHER_GMV, GROUP_BUSINESS, N_("Monthly GMV on other channels") },
  { FIELD_BUDGET, GROUP_BUSINESS, N_("Monthly budget for the partner") },
  { FIELD_MAIN_CATEGORY, GROUP_BUSINESS, N_("Main product category") },
  { FIELD_BEST_SELLER, GROUP_BUSINESS, N_("Best-selling product") },
  { FIELD_OTHER_DETAILS, GROUP_BUSINESS, N_("Other details") },
  { FIELD_REQUEST_TYPE, GROUP_REQUEST, N_("Request type") },
  { FIELD_CATEGORY, GROUP_REQUEST, N_("Service category") },
  { FIELD_CREATED, GROUP_REQUEST, N_("Received") },
  { FIELD_UPDATED, GROUP_REQUEST, N_("Last changed") },
};

struct _PdRequestDetail
{
  GtkBox           parent_instance;

  AdwActionRow    *rows[N_FIELDS];

  GtkLabel        *title_label;
  GtkLabel        *status_label;
  GtkLabel        *id_label;
  GtkWidget       *conflict_box;
  GtkWidget       *accept_button;
  GtkWidget       *reject_button;
  GtkWidget       *close_button;
  AdwPreferencesGroup *contact_group;
  AdwPreferencesGroup *business_group;
  AdwPreferencesGroup *request_group;
};

G_DEFINE_FINAL_TYPE (PdRequestDetail, pd_request_detail, GTK_TYPE_BOX)

static char *
field_text (const PdSellerRequest *r,
            Field                  field)
{
  gboolean closed = g_strcmp0 (r->status, "closed") == 0;

  switch (field)
    {
    case FIELD_CONTACT_NAME:
      return g_strdup (closed ? _("Hidden: the request is closed") : pd_request_or_dash (r->contact_name));
    case FIELD_CONTACT_EMAIL:
      return g_strdup (closed ? _("Hidden: the request is closed") : pd_request_or_dash (r->contact_email));
    case FIELD_LOCATION:
      return g_strdup (pd_request_or_dash (r->location));
    case FIELD_COMPANY_SIZE:
      return g_strdup (pd_request_or_dash (r->company_size));
    case FIELD_CURRENCY:
      return g_strdup (pd_request_or_dash (r->currency));
    case FIELD_TIKTOK_GMV:
      return pd_request_format_money (r->monthly_tiktok_shop_gmv, r->currency);
    case FIELD_OTHER_GMV:
      return pd_request_format_money (r->monthly_other_gmv, r->currency);
    case FIELD_BUDGET:
      return pd_request_format_money (r->monthly_budget, r->currency);
    case FIELD_MAIN_CATEGORY:
      return g_strdup (pd_request_or_dash (r->main_category));
    case FIELD_BEST_SELLER:
      return g_strdup (pd_request_or_dash (r->best_selling_product));
    case FIELD_OTHER_DETAILS:
      return g_strdup (pd_request_or_dash (r->other_details));
    case FIELD_REQUEST_TYPE:
      return g_strdup (pd_request_type_display (r->request_type));
    case FIELD_CATEGORY:
      return g_strdup (pd_request_or_dash (r->category_id));
    case FIELD_CREATED:
      return pd_request_format_time (r->created_at);
    case FIELD_UPDATED:
      return pd_request_format_time (r->updated_at);
    case N_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

static void
pd_request_detail_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PD_TYPE_REQUEST_DETAIL);

  G_OBJECT_CLASS (pd_request_detail_parent_class)->dispose (object);
}

static void
pd_request_detail_class_init (PdRequestDetailClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pd_request_detail_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/partnerdesk/PartnerDesk/gui/pd-request-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, PdRequestDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, PdRequestDetail, status_label);
  gtk_widget_class_bind_template_child (widget_class, PdRequestDetail, id_label);
  gtk_widget_class_bind_template_child (widget_class, PdRequestDetail, conflict_box);
  gtk_widget_class_bind_template_child (widget_class, PdRequestDetail, accept_button);
  gtk_widget_class_bind_template_child (widget_class, PdRequestDetail, reject_button);
  gtk_widget_class_bind_template_child (widget_class, PdRequestDetail, close_button);
  gtk_widget_class_bind_template_child (widget_class, PdRequestDetail, contact_group);
  gtk_widget_class_bind_template_child (widget_class, PdRequestDetail, business_group);
  gtk_widget_class_bind_template_child (widget_class, PdRequestDetail, request_group);
}

static void
pd_request_detail_init (PdRequestDetail *self)
{
  AdwPreferencesGroup *groups[3];

  gtk_widget_init_template (GTK_WIDGET (self));
  pd_a11y_name_lists (GTK_WIDGET (self));
  groups[GROUP_CONTACT] = self->contact_group;
  groups[GROUP_BUSINESS] = self->business_group;
  groups[GROUP_REQUEST] = self->request_group;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(fields[i].title));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_widget_add_css_class (GTK_WIDGET (row), "property");
      adw_preferences_group_add (groups[fields[i].group], GTK_WIDGET (row));
      self->rows[fields[i].field] = row;
    }
  pd_request_detail_set_request (self, NULL);
}

GtkWidget *
pd_request_detail_new (void)
{
  return g_object_new (PD_TYPE_REQUEST_DETAIL, NULL);
}

void
pd_request_detail_set_request (PdRequestDetail       *self,
                               const PdSellerRequest *request)
{
  g_return_if_fail (PD_IS_REQUEST_DETAIL (self));

  if (request == NULL || request->id == NULL)
    {
      gtk_label_set_text (self->title_label, _("No Request Selected"));
      gtk_label_set_text (self->status_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
      gtk_label_set_text (self->id_label, "");
      for (guint i = 0; i < N_FIELDS; i++)
        adw_action_row_set_subtitle (self->rows[i], "—");
      return;
    }
  gtk_label_set_text (self->title_label, request->contact_name != NULL ? request->contact_name
                                                                       : _("Contact hidden"));
  gtk_label_set_text (self->status_label, pd_request_status_display (request->status));
  pd_request_style_status_chip (GTK_WIDGET (self->status_label), request->status);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
  gtk_label_set_text (self->id_label, request->id);
  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autofree char *text = field_text (request, i);

      adw_action_row_set_subtitle (self->rows[i], text);
    }
}

static void
set_refusal (GtkWidget  *button,
             const char *refusal)
{
  gtk_widget_set_tooltip_text (button, refusal);
}

void
pd_request_detail_set_refusals (PdRequestDetail *self,
                                const char      *accept,
                                const char      *reject,
                                const char      *close)
{
  g_return_if_fail (PD_IS_REQUEST_DETAIL (self));

  set_refusal (self->accept_button, accept);
  set_refusal (self->reject_button, reject);
  set_refusal (self->close_button, close);
}

void
pd_request_detail_set_conflict (PdRequestDetail *self,
                                gboolean         conflict)
{
  g_return_if_fail (PD_IS_REQUEST_DETAIL (self));
  gtk_widget_set_visible (self->conflict_box, conflict);
}
