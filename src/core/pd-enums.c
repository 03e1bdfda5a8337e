/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-enums"

#include "pd-enums.h"
#include "pd-value-error.h"

#include <glib/gi18n.h>
#include <string.h>

typedef struct
{
  int         value;
  const char *c_name;     /* for the GEnum type */
  const char *token;      /* canonical, lower case, '_' between words */
  const char *display;    /* untranslated label, msgctxt = table's what */
  const char *aliases[3]; /* other accepted spellings, matched exactly: the
                           * platform's Chinese words and the app's own zh_CN
                           * labels, so that what the screen shows is accepted */
} EnumEntry;

typedef struct
{
  const char      *type_name;
  const char      *what;      /* N_(): names the value in messages; also
                               * the translation context of the labels */
  const EnumEntry *entries;
  guint            n_entries;
} EnumTable;

#define ENTRY(value, token, display, ...) \
  { value, #value, token, display, { __VA_ARGS__ } }
#define TABLE(type_name, what, entries) \
  { type_name, what, entries, G_N_ELEMENTS (entries) }

static const EnumEntry review_status_entries[] = {
  ENTRY (PD_REVIEW_STATUS_APPROVED, "approved", NC_("review status", "Approved"), "通过", "已通过"),
  ENTRY (PD_REVIEW_STATUS_PENDING, "pending", NC_("review status", "Pending"), "待审核", "审核中"),
  ENTRY (PD_REVIEW_STATUS_REJECTED, "rejected", NC_("review status", "Rejected"), "拒绝", "未通过"),
};
static const EnumTable review_status_table =
  TABLE ("PdReviewStatus", N_("review status"), review_status_entries);

static const EnumEntry store_status_entries[] = {
  ENTRY (PD_STORE_STATUS_NORMAL, "normal", NC_("store status", "Normal"), "正常"),
  ENTRY (PD_STORE_STATUS_CLOSING, "closing", NC_("store status", "Closing"), "关店中"),
  ENTRY (PD_STORE_STATUS_CLOSED, "closed", NC_("store status", "Closed"), "已关店"),
};
static const EnumTable store_status_table =
  TABLE ("PdStoreStatus", N_("store status"), store_status_entries);

static const EnumEntry governance_entries[] = {
  ENTRY (PD_GOVERNANCE_NONE, "none", NC_("governance", "None"), "无"),
  ENTRY (PD_GOVERNANCE_WARNING, "warning", NC_("governance", "Warning"), "警告"),
  ENTRY (PD_GOVERNANCE_HIGH_RISK, "high_risk", NC_("governance", "High risk"), "高风险"),
};
static const EnumTable governance_table =
  TABLE ("PdGovernance", N_("governance"), governance_entries);

static const EnumEntry link_kind_entries[] = {
  ENTRY (PD_LINK_KIND_ONBOARDING, "onboarding", NC_("link kind", "Onboarding"), "入驻"),
  ENTRY (PD_LINK_KIND_AUTHORIZATION, "authorization", NC_("link kind", "Authorization"), "授权"),
};
static const EnumTable link_kind_table =
  TABLE ("PdLinkKind", N_("link kind"), link_kind_entries);

static const EnumEntry link_state_entries[] = {
  ENTRY (PD_LINK_STATE_ACTIVE, "active", NC_("link state", "Active"), "有效", "生效中"),
  ENTRY (PD_LINK_STATE_USED, "used", NC_("link state", "Used"), "已使用"),
  ENTRY (PD_LINK_STATE_EXPIRED, "expired", NC_("link state", "Expired"), "已过期"),
  ENTRY (PD_LINK_STATE_REVOKED, "revoked", NC_("link state", "Revoked"), "已撤销"),
};
static const EnumTable link_state_table =
  TABLE ("PdLinkState", N_("link state"), link_state_entries);

static const EnumEntry category_state_entries[] = {
  ENTRY (PD_CATEGORY_STATE_NOT_LISTED, "not_listed", NC_("category state", "Not listed"), "未开通", "未上架"),
  ENTRY (PD_CATEGORY_STATE_IN_REVIEW, "in_review", NC_("category state", "In review"), "审核中"),
  ENTRY (PD_CATEGORY_STATE_APPROVED, "approved", NC_("category state", "Approved"), "已通过"),
  ENTRY (PD_CATEGORY_STATE_REJECTED, "rejected", NC_("category state", "Rejected"), "已拒绝", "未通过"),
  ENTRY (PD_CATEGORY_STATE_SUSPENDED, "suspended", NC_("category state", "Suspended"), "已暂停"),
};
static const EnumTable category_state_table =
  TABLE ("PdCategoryState", N_("category state"), category_state_entries);

static const EnumEntry service_type_entries[] = {
  ENTRY (PD_SERVICE_TYPE_PUBLIC, "public", NC_("service type", "Public"), "公开"),
  ENTRY (PD_SERVICE_TYPE_CUSTOM, "custom", NC_("service type", "Custom"), "定制"),
};
static const EnumTable service_type_table =
  TABLE ("PdServiceType", N_("service type"), service_type_entries);

static const EnumEntry seller_request_status_entries[] = {
  ENTRY (PD_SELLER_REQUEST_STATUS_PARTNER_REVIEWING, "partner_reviewing", NC_("seller request status", "Reviewing"), "审核中"),
  ENTRY (PD_SELLER_REQUEST_STATUS_PARTNER_ACCEPTED, "partner_accepted", NC_("seller request status", "Accepted"), "已接受"),
  ENTRY (PD_SELLER_REQUEST_STATUS_CONNECTED, "connected", NC_("seller request status", "Connected"), "已对接"),
  ENTRY (PD_SELLER_REQUEST_STATUS_CLOSED, "closed", NC_("seller request status", "Closed"), "已关闭"),
  ENTRY (PD_SELLER_REQUEST_STATUS_REJECTED, "rejected", NC_("seller request status", "Rejected"), "已拒绝"),
};
static const EnumTable seller_request_status_table =
  TABLE ("PdSellerRequestStatus", N_("seller request status"), seller_request_status_entries);

static const EnumEntry request_type_entries[] = {
  ENTRY (PD_REQUEST_TYPE_SELECT_PARTNERS, "select_partners", NC_("request type", "Chosen by the seller"), "商家自选"),
  ENTRY (PD_REQUEST_TYPE_PLATFORM_REFERRAL, "platform_referral", NC_("request type", "Platform referral"), "平台推荐"),
};
static const EnumTable request_type_table =
  TABLE ("PdRequestType", N_("request type"), request_type_entries);

static const EnumEntry authorization_state_entries[] = {
  ENTRY (PD_AUTHORIZATION_STATE_ACTIVE, "active", NC_("authorization state", "Active"), "生效中"),
  ENTRY (PD_AUTHORIZATION_STATE_COMPLETED, "completed", NC_("authorization state", "Completed"), "已完成"),
  ENTRY (PD_AUTHORIZATION_STATE_CANCELED, "canceled", NC_("authorization state", "Canceled"), "cancelled", "已取消"),
  ENTRY (PD_AUTHORIZATION_STATE_CLOSED, "closed", NC_("authorization state", "Closed"), "已关闭"),
};
static const EnumTable authorization_state_table =
  TABLE ("PdAuthorizationState", N_("authorization state"), authorization_state_entries);

static const EnumEntry payout_status_entries[] = {
  ENTRY (PD_PAYOUT_STATUS_PAID, "paid", NC_("payout status", "Paid"), "已发放"),
  ENTRY (PD_PAYOUT_STATUS_WITHHELD, "withheld", NC_("payout status", "Withheld"), "已暂扣"),
};
static const EnumTable payout_status_table =
  TABLE ("PdPayoutStatus", N_("payout status"), payout_status_entries);


static const EnumEntry *
find_entry (const EnumTable *table,
            int              value)
{
  for (guint i = 0; i < table->n_entries; i++)
    if (table->entries[i].value == value)
      return &table->entries[i];

  return NULL;
}

/* "High risk" -> "high_risk": the form tokens are compared in. */
static char *
fold_token (const char *text)
{
  char *folded = g_ascii_strdown (text, -1);

  for (char *p = folded; *p != '\0'; p++)
    if (*p == ' ' || *p == '-')
      *p = '_';

  return folded;
}

static char *
describe_accepted (const EnumTable *table)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < table->n_entries; i++)
    {
      const EnumEntry *entry = &table->entries[i];

      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, entry->token);

      for (guint j = 0; j < G_N_ELEMENTS (entry->aliases) && entry->aliases[j] != NULL; j++)
        g_string_append_printf (s, "%s%s", j == 0 ? " (" : ", ", entry->aliases[j]);
      if (entry->aliases[0] != NULL)
        g_string_append_c (s, ')');
    }

  return g_string_free (s, FALSE);
}

static gboolean
enum_table_parse (const EnumTable  *table,
                  const char       *text,
                  int              *value_out,
                  GError          **error)
{
  g_autofree char *stripped = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *accepted = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value_out != NULL, FALSE);

  stripped = pd_value_dup_stripped (text, _(table->what), error);
  if (stripped == NULL)
    return FALSE;

  folded = fold_token (stripped);

  for (guint i = 0; i < table->n_entries; i++)
    {
      const EnumEntry *entry = &table->entries[i];

      if (strcmp (folded, entry->token) == 0)
        {
          *value_out = entry->value;
          return TRUE;
        }

      for (guint j = 0; j < G_N_ELEMENTS (entry->aliases) && entry->aliases[j] != NULL; j++)
        {
          if (g_ascii_strcasecmp (stripped, entry->aliases[j]) == 0)
            {
              *value_out = entry->value;
              return TRUE;
            }
        }
    }

  accepted = describe_accepted (table);

  if (*stripped == '\0')
    g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID,
                 _("The %s is empty: expected one of %s"),
                 _(table->what), accepted);
  else
    g_set_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_UNKNOWN,
                 _("“%s” is not a valid %s: expected one of %s"),
                 stripped, _(table->what), accepted);

  return FALSE;
}

static const char *
enum_table_to_string (const EnumTable *table,
                      int              value)
{
  const EnumEntry *entry = find_entry (table, value);

  g_return_val_if_fail (entry != NULL, NULL);

  return entry->token;
}

static const char *
enum_table_to_display (const EnumTable *table,
                       int              value)
{
  const EnumEntry *entry = find_entry (table, value);

  g_return_val_if_fail (entry != NULL, NULL);

  /* The table's what is the msgctxt of its labels (NC_ above). */
  return g_dpgettext2 (NULL, table->what, entry->display);
}

static GType
enum_table_get_type (const EnumTable *table,
                     gsize           *type_id)
{
  if (g_once_init_enter (type_id))
    {
      /* Registered once and kept for the life of the process, as
       * g_enum_register_static() requires. */
      GEnumValue *values = g_new0 (GEnumValue, table->n_entries + 1);
      GType type;

      for (guint i = 0; i < table->n_entries; i++)
        {
          values[i].value = table->entries[i].value;
          values[i].value_name = table->entries[i].c_name;
          values[i].value_nick = table->entries[i].token;
        }

      type = g_enum_register_static (table->type_name, values);
      g_once_init_leave (type_id, type);
    }

  return *type_id;
}

/* The four public functions of one enum, all thin wrappers. */
#define DEFINE_ENUM_FUNCTIONS(TypeName, type_name, table)               \
  GType                                                                 \
  type_name##_get_type (void)                                           \
  {                                                                     \
    static gsize type_id = 0;                                           \
                                                                        \
    return enum_table_get_type (&table, &type_id);                      \
  }                                                                     \
                                                                        \
  gboolean                                                              \
  type_name##_parse (const char  *text,                                 \
                     TypeName    *out,                                  \
                     GError     **error)                                \
  {                                                                     \
    int value;                                                          \
                                                                        \
    g_return_val_if_fail (out != NULL, FALSE);                          \
                                                                        \
    if (!enum_table_parse (&table, text, &value, error))                \
      return FALSE;                                                     \
                                                                        \
    *out = (TypeName) value;                                            \
    return TRUE;                                                        \
  }                                                                     \
                                                                        \
  const char *                                                          \
  type_name##_to_string (TypeName value)                                \
  {                                                                     \
    return enum_table_to_string (&table, value);                        \
  }                                                                     \
                                                                        \
  const char *                                                          \
  type_name##_to_display (TypeName value)                               \
  {                                                                     \
    return enum_table_to_display (&table, value);                       \
  }

DEFINE_ENUM_FUNCTIONS (PdReviewStatus, pd_review_status, review_status_table)
DEFINE_ENUM_FUNCTIONS (PdStoreStatus, pd_store_status, store_status_table)
DEFINE_ENUM_FUNCTIONS (PdGovernance, pd_governance, governance_table)
DEFINE_ENUM_FUNCTIONS (PdLinkKind, pd_link_kind, link_kind_table)
DEFINE_ENUM_FUNCTIONS (PdLinkState, pd_link_state, link_state_table)
DEFINE_ENUM_FUNCTIONS (PdCategoryState, pd_category_state, category_state_table)
DEFINE_ENUM_FUNCTIONS (PdServiceType, pd_service_type, service_type_table)
DEFINE_ENUM_FUNCTIONS (PdSellerRequestStatus, pd_seller_request_status, seller_request_status_table)
DEFINE_ENUM_FUNCTIONS (PdRequestType, pd_request_type, request_type_table)
DEFINE_ENUM_FUNCTIONS (PdAuthorizationState, pd_authorization_state, authorization_state_table)
DEFINE_ENUM_FUNCTIONS (PdPayoutStatus, pd_payout_status, payout_status_table)
