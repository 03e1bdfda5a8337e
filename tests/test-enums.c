/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-enums"

#include "pd-country.h"
#include "pd-currency.h"
#include "pd-enums.h"
#include "pd-stage.h"
#include "pd-value-error.h"

#include <string.h>

/* One parse function under test, cast to a common shape: every enum's
 * values are ints 0..n-1. */
typedef gboolean (*ParseFunc) (const char *text, int *out, GError **error);

/* Adapters with int in place of each enum type, so that no function is
 * called through a pointer of another type. */
#define ADAPTERS(prefix, Type)                                          \
  static gboolean                                                       \
  prefix##_parse_int (const char *text, int *out, GError **error)       \
  {                                                                     \
    Type value;                                                         \
                                                                        \
    if (!prefix##_parse (text, &value, error))                          \
      return FALSE;                                                     \
    *out = (int) value;                                                 \
    return TRUE;                                                        \
  }                                                                     \
  static const char *                                                   \
  prefix##_to_string_int (int value)                                    \
  {                                                                     \
    return prefix##_to_string ((Type) value);                           \
  }                                                                     \
  static const char *                                                   \
  prefix##_to_display_int (int value)                                   \
  {                                                                     \
    return prefix##_to_display ((Type) value);                          \
  }

ADAPTERS (pd_review_status, PdReviewStatus)
ADAPTERS (pd_store_status, PdStoreStatus)
ADAPTERS (pd_governance, PdGovernance)
ADAPTERS (pd_link_kind, PdLinkKind)
ADAPTERS (pd_link_state, PdLinkState)
ADAPTERS (pd_category_state, PdCategoryState)
ADAPTERS (pd_service_type, PdServiceType)
ADAPTERS (pd_seller_request_status, PdSellerRequestStatus)
ADAPTERS (pd_request_type, PdRequestType)
ADAPTERS (pd_authorization_state, PdAuthorizationState)
ADAPTERS (pd_payout_status, PdPayoutStatus)

static int
parse_ok (ParseFunc   parse,
          const char *text)
{
  g_autoptr(GError) error = NULL;
  int value = -1;

  if (!parse (text, &value, &error))
    g_error ("“%s” should parse: %s", text, error->message);

  return value;
}

static char *
parse_fails (ParseFunc   parse,
             const char *text,
             int         code)
{
  g_autoptr(GError) error = NULL;
  int value = 77;

  if (parse (text, &value, &error))
    g_error ("“%s” should be refused, got %d", text, value);

  g_assert_error (error, PD_VALUE_ERROR, code);
  g_assert_cmpint (value, ==, 77);

  return g_strdup (error->message);
}

static void
test_review_status (void)
{
  ParseFunc parse = pd_review_status_parse_int;
  g_autofree char *message = NULL;

  g_assert_cmpint (parse_ok (parse, "approved"), ==, PD_REVIEW_STATUS_APPROVED);
  g_assert_cmpint (parse_ok (parse, "  APPROVED "), ==, PD_REVIEW_STATUS_APPROVED);
  g_assert_cmpint (parse_ok (parse, "Approved"), ==, PD_REVIEW_STATUS_APPROVED);
  g_assert_cmpint (parse_ok (parse, "通过"), ==, PD_REVIEW_STATUS_APPROVED);
  g_assert_cmpint (parse_ok (parse, "\u3000已通过\u3000"), ==, PD_REVIEW_STATUS_APPROVED);
  g_assert_cmpint (parse_ok (parse, "pending"), ==, PD_REVIEW_STATUS_PENDING);
  g_assert_cmpint (parse_ok (parse, "PeNdInG\t"), ==, PD_REVIEW_STATUS_PENDING);
  g_assert_cmpint (parse_ok (parse, "待审核"), ==, PD_REVIEW_STATUS_PENDING);
  g_assert_cmpint (parse_ok (parse, " 审核中"), ==, PD_REVIEW_STATUS_PENDING);
  g_assert_cmpint (parse_ok (parse, "rejected"), ==, PD_REVIEW_STATUS_REJECTED);
  g_assert_cmpint (parse_ok (parse, "拒绝"), ==, PD_REVIEW_STATUS_REJECTED);
  g_assert_cmpint (parse_ok (parse, "未通过"), ==, PD_REVIEW_STATUS_REJECTED);

  message = parse_fails (parse, "accepted", PD_VALUE_ERROR_UNKNOWN);
  g_assert_nonnull (strstr (message, "“accepted”"));
  g_assert_nonnull (strstr (message, "approved (通过, 已通过)"));
  g_assert_nonnull (strstr (message, "pending (待审核, 审核中)"));
  g_assert_nonnull (strstr (message, "rejected (拒绝, 未通过)"));

  g_free (parse_fails (parse, "", PD_VALUE_ERROR_INVALID));
  g_free (parse_fails (parse, " \u3000 ", PD_VALUE_ERROR_INVALID));
  g_free (parse_fails (parse, "appro ved", PD_VALUE_ERROR_UNKNOWN));
  g_free (parse_fails (parse, "通 过", PD_VALUE_ERROR_UNKNOWN));
  g_free (parse_fails (parse, "approved.", PD_VALUE_ERROR_UNKNOWN));
  g_free (parse_fails (parse, "\xff", PD_VALUE_ERROR_INVALID));

  g_assert_cmpstr (pd_review_status_to_string (PD_REVIEW_STATUS_APPROVED), ==, "approved");
  g_assert_cmpstr (pd_review_status_to_string (PD_REVIEW_STATUS_PENDING), ==, "pending");
  g_assert_cmpstr (pd_review_status_to_string (PD_REVIEW_STATUS_REJECTED), ==, "rejected");
  g_assert_cmpstr (pd_review_status_to_display (PD_REVIEW_STATUS_PENDING), ==, "Pending");
}

static void
test_store_status_governance (void)
{
  ParseFunc store = pd_store_status_parse_int;
  ParseFunc governance = pd_governance_parse_int;
  g_autofree char *message = NULL;

  g_assert_cmpint (parse_ok (store, "normal"), ==, PD_STORE_STATUS_NORMAL);
  g_assert_cmpint (parse_ok (store, "正常"), ==, PD_STORE_STATUS_NORMAL);
  g_assert_cmpint (parse_ok (store, "Closing"), ==, PD_STORE_STATUS_CLOSING);
  g_assert_cmpint (parse_ok (store, "关店中"), ==, PD_STORE_STATUS_CLOSING);
  g_assert_cmpint (parse_ok (store, "CLOSED"), ==, PD_STORE_STATUS_CLOSED);
  g_assert_cmpint (parse_ok (store, "已关店 "), ==, PD_STORE_STATUS_CLOSED);
  message = parse_fails (store, "open", PD_VALUE_ERROR_UNKNOWN);
  g_assert_nonnull (strstr (message, "normal (正常), closing (关店中), closed (已关店)"));

  g_assert_cmpint (parse_ok (governance, "none"), ==, PD_GOVERNANCE_NONE);
  g_assert_cmpint (parse_ok (governance, "无"), ==, PD_GOVERNANCE_NONE);
  g_assert_cmpint (parse_ok (governance, "Warning"), ==, PD_GOVERNANCE_WARNING);
  g_assert_cmpint (parse_ok (governance, "警告"), ==, PD_GOVERNANCE_WARNING);
  g_assert_cmpint (parse_ok (governance, "high_risk"), ==, PD_GOVERNANCE_HIGH_RISK);
  g_assert_cmpint (parse_ok (governance, "HIGH_RISK"), ==, PD_GOVERNANCE_HIGH_RISK);
  g_assert_cmpint (parse_ok (governance, "High risk"), ==, PD_GOVERNANCE_HIGH_RISK);
  g_assert_cmpint (parse_ok (governance, "high-risk"), ==, PD_GOVERNANCE_HIGH_RISK);
  g_assert_cmpint (parse_ok (governance, "\u3000高风险\u3000"), ==, PD_GOVERNANCE_HIGH_RISK);
  g_free (parse_fails (governance, "highrisk", PD_VALUE_ERROR_UNKNOWN));
  g_free (parse_fails (governance, "high  risk", PD_VALUE_ERROR_UNKNOWN));
  g_free (parse_fails (governance, "风险", PD_VALUE_ERROR_UNKNOWN));

  g_assert_cmpstr (pd_governance_to_string (PD_GOVERNANCE_HIGH_RISK), ==, "high_risk");
  g_assert_cmpstr (pd_governance_to_display (PD_GOVERNANCE_HIGH_RISK), ==, "High risk");
  g_assert_cmpstr (pd_store_status_to_string (PD_STORE_STATUS_CLOSING), ==, "closing");
  g_assert_cmpstr (pd_store_status_to_display (PD_STORE_STATUS_CLOSED), ==, "Closed");
}

static void
test_other_enums (void)
{
  g_autofree char *message = NULL;

  g_assert_cmpint (parse_ok (pd_link_kind_parse_int, "入驻"), ==, PD_LINK_KIND_ONBOARDING);
  g_assert_cmpint (parse_ok (pd_link_kind_parse_int, "授权"), ==, PD_LINK_KIND_AUTHORIZATION);
  g_assert_cmpint (parse_ok (pd_link_kind_parse_int, " Authorization"), ==,
                   PD_LINK_KIND_AUTHORIZATION);
  g_assert_cmpint (parse_ok (pd_link_state_parse_int, "REVOKED"), ==, PD_LINK_STATE_REVOKED);
  g_assert_cmpint (parse_ok (pd_category_state_parse_int, "Not listed"), ==,
                   PD_CATEGORY_STATE_NOT_LISTED);
  g_assert_cmpint (parse_ok (pd_category_state_parse_int, "in_review"), ==,
                   PD_CATEGORY_STATE_IN_REVIEW);
  g_assert_cmpint (parse_ok (pd_service_type_parse_int, "custom"), ==, PD_SERVICE_TYPE_CUSTOM);
  g_assert_cmpint (parse_ok (pd_seller_request_status_parse_int, "partner_accepted"), ==,
                   PD_SELLER_REQUEST_STATUS_PARTNER_ACCEPTED);
  g_assert_cmpint (parse_ok (pd_request_type_parse_int, "platform_referral"), ==,
                   PD_REQUEST_TYPE_PLATFORM_REFERRAL);
  g_assert_cmpint (parse_ok (pd_authorization_state_parse_int, "canceled"), ==,
                   PD_AUTHORIZATION_STATE_CANCELED);
  g_assert_cmpint (parse_ok (pd_authorization_state_parse_int, "Cancelled"), ==,
                   PD_AUTHORIZATION_STATE_CANCELED);
  g_assert_cmpint (parse_ok (pd_payout_status_parse_int, "withheld"), ==,
                   PD_PAYOUT_STATUS_WITHHELD);

  message = parse_fails (pd_seller_request_status_parse_int, "open", PD_VALUE_ERROR_UNKNOWN);
  /* Each accepted value, with its Chinese words. */
  g_assert_nonnull (strstr (message, "partner_reviewing (审核中), partner_accepted (已接受), connected (已对接),"
                                     " closed (已关闭), rejected (已拒绝)"));
  g_free (parse_fails (pd_link_kind_parse_int, "onboard", PD_VALUE_ERROR_UNKNOWN));
  g_free (parse_fails (pd_payout_status_parse_int, "pending", PD_VALUE_ERROR_UNKNOWN));
}

/* Every value of every enum: token and display exist, the token parses
 * back to the value, and the GEnum type agrees. */
static void
test_round_trip (void)
{
  struct {
    GType (*get_type) (void);
    ParseFunc parse;
    const char * (*to_string) (int);
    const char * (*to_display) (int);
    int n_values;
  } enums[] = {
#define ENUM(prefix, n) \
    { prefix##_get_type, prefix##_parse_int, \
      prefix##_to_string_int, prefix##_to_display_int, n }
    ENUM (pd_review_status, 3),
    ENUM (pd_store_status, 3),
    ENUM (pd_governance, 3),
    ENUM (pd_link_kind, 2),
    ENUM (pd_link_state, 4),
    ENUM (pd_category_state, 5),
    ENUM (pd_service_type, 2),
    ENUM (pd_seller_request_status, 5),
    ENUM (pd_request_type, 2),
    ENUM (pd_authorization_state, 4),
    ENUM (pd_payout_status, 2),
#undef ENUM
  };

  for (guint i = 0; i < G_N_ELEMENTS (enums); i++)
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (enums[i].get_type ());

      g_assert_true (G_TYPE_IS_ENUM (enums[i].get_type ()));
      g_assert_cmpuint (klass->n_values, ==, enums[i].n_values);

      for (int v = 0; v < enums[i].n_values; v++)
        {
          const char *token = enums[i].to_string (v);
          const char *display = enums[i].to_display (v);
          g_autofree char *upper = g_ascii_strup (token, -1);
          g_autofree char *spaced = g_strdup (token);
          GEnumValue *value = g_enum_get_value (klass, v);

          g_strdelimit (spaced, "_", ' ');
          g_assert_nonnull (token);
          g_assert_nonnull (display);
          g_assert_cmpstr (display, !=, "");
          g_assert_cmpint (parse_ok (enums[i].parse, token), ==, v);
          g_assert_cmpint (parse_ok (enums[i].parse, upper), ==, v);
          g_assert_cmpint (parse_ok (enums[i].parse, spaced), ==, v);
          g_assert_nonnull (value);
          g_assert_cmpstr (value->value_nick, ==, token);
          g_assert_true (g_str_has_prefix (value->value_name, "PD_"));
        }
    }

  g_assert_cmpstr (g_type_name (PD_TYPE_GOVERNANCE), ==, "PdGovernance");
  g_assert_cmpstr (g_type_name (PD_TYPE_SELLER_REQUEST_STATUS), ==, "PdSellerRequestStatus");
}

static GPtrArray *
countries_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *codes = NULL;

  if (!pd_country_list_parse (text, &codes, &error))
    g_error ("“%s” should parse: %s", text, error->message);

  return codes;
}

static void
assert_countries (const char *text,
                  const char *expected)
{
  g_autoptr(GPtrArray) codes = countries_ok (text);
  g_autofree char *joined = NULL;

  g_ptr_array_add (codes, NULL);
  joined = g_strjoinv (",", (char **) codes->pdata);
  g_assert_cmpstr (joined, ==, expected);
}

static void
test_countries (void)
{
  assert_countries ("DE;FR;IT;ES", "DE,FR,IT,ES");
  assert_countries ("DE|FR|IT", "DE,FR,IT");
  assert_countries ("de ; Fr | it", "DE,FR,IT");
  assert_countries ("DE;FR;DE;fr;IT", "DE,FR,IT");
  assert_countries ("IT;DE;IT", "IT,DE");
  assert_countries ("", "");
  assert_countries ("   ", "");
  assert_countries ("DE;", "DE");
  assert_countries (";;DE;;FR;", "DE,FR");
  assert_countries ("\u3000GB\u3000;\u3000IE", "GB,IE");
  assert_countries ("DE；FR｜IT", "DE,FR,IT");
  assert_countries ("UK;GB;ie", "GB,IE");
  assert_countries ("AX|ZW|aq", "AX,ZW,AQ");

  {
    g_autoptr(GError) error = NULL;
    GPtrArray *codes = NULL;

    g_assert_false (pd_country_list_parse ("DE;XX;FR;Germany", &codes, &error));
    g_assert_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_UNKNOWN);
    g_assert_nonnull (strstr (error->message, "“XX”"));
    g_assert_nonnull (strstr (error->message, "“Germany”"));
    g_assert_null (strstr (error->message, "“DE”"));
    g_assert_null (codes);
    g_clear_error (&error);

    /* Commas separate CSV fields, never countries. */
    g_assert_false (pd_country_list_parse ("DE,FR", &codes, &error));
    g_assert_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_UNKNOWN);
    g_assert_nonnull (strstr (error->message, "“DE,FR”"));
    g_clear_error (&error);

    g_assert_false (pd_country_list_parse ("EU", &codes, &error));
    g_assert_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_UNKNOWN);
    g_clear_error (&error);

    g_assert_false (pd_country_list_parse ("DE;\xff", &codes, &error));
    g_assert_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID);
    g_assert_null (codes);
  }
}

static void
test_country_codes (void)
{
  g_autoptr(GError) error = NULL;
  const char *valid[] = { "AD", "CN", "DE", "GB", "JP", "US", "ZW", "AX", "BQ", "SS", "XK" };
  char code[3] = "";
  guint n_valid = 0;

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    n_valid += pd_country_is_valid (valid[i]);
  /* XK (Kosovo) is user-assigned, not ISO 3166-1. */
  g_assert_cmpuint (n_valid, ==, G_N_ELEMENTS (valid) - 1);
  g_assert_false (pd_country_is_valid ("XK"));
  g_assert_false (pd_country_is_valid ("UK"));
  g_assert_false (pd_country_is_valid ("de"));
  g_assert_false (pd_country_is_valid ("D"));
  g_assert_false (pd_country_is_valid ("DEU"));
  g_assert_false (pd_country_is_valid (""));

  /* All 249: count the valid pairs of letters. */
  n_valid = 0;
  for (char a = 'A'; a <= 'Z'; a++)
    for (char b = 'A'; b <= 'Z'; b++)
      {
        char pair[3] = { a, b, '\0' };

        n_valid += pd_country_is_valid (pair);
      }
  g_assert_cmpuint (n_valid, ==, 249);

  g_assert_true (pd_country_parse (" fr ", code, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "FR");
  g_assert_true (pd_country_parse ("uk", code, &error));
  g_assert_cmpstr (code, ==, "GB");
  g_assert_false (pd_country_parse ("ZZ", code, &error));
  g_assert_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_UNKNOWN);
  g_assert_nonnull (strstr (error->message, "“ZZ”"));
  g_clear_error (&error);
  g_assert_false (pd_country_parse ("", code, &error));
  g_assert_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_INVALID);
  g_assert_cmpstr (code, ==, "GB");
}

/* Chinese wherever English is accepted: markets, countries, currencies
 * and the enumerations a file or an option may carry, as the platform's
 * Chinese exports and the app's own Chinese labels write them. */
static void
test_chinese_names (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  char country[3], currency[4];
  PdLinkState link_state;
  PdPayoutStatus payout;
  PdServiceType service;
  PdSellerRequestStatus request;
  PdAuthorizationState authorization;
  PdCategoryState category;

  g_assert_cmpstr (pd_market_from_name ("欧洲"), ==, "EU");
  g_assert_cmpstr (pd_market_from_name (" 日本 "), ==, "JP");
  g_assert_cmpstr (pd_market_from_name ("英国"), ==, "UK");
  g_assert_cmpstr (pd_market_from_name ("美国"), ==, "US");
  g_assert_null (pd_market_from_name ("EU"));
  g_assert_null (pd_market_from_name ("火星"));

  g_assert_true (pd_country_parse ("德国", country, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (country, ==, "DE");
  g_assert_true (pd_country_list_parse ("德国；法国|意大利;ES;英国", &codes, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (codes->len, ==, 5);
  g_assert_cmpstr (g_ptr_array_index (codes, 0), ==, "DE");
  g_assert_cmpstr (g_ptr_array_index (codes, 4), ==, "GB");
  g_assert_false (pd_country_parse ("火星", country, &error));
  g_assert_error (error, PD_VALUE_ERROR, PD_VALUE_ERROR_UNKNOWN);
  g_clear_error (&error);

  g_assert_true (pd_currency_parse ("欧元", currency, &error));
  g_assert_cmpstr (currency, ==, "EUR");
  g_assert_true (pd_currency_parse (" 人民币 ", currency, &error));
  g_assert_cmpstr (currency, ==, "CNY");
  g_assert_true (pd_currency_parse ("日元", currency, &error));
  g_assert_cmpstr (currency, ==, "JPY");
  g_assert_no_error (error);

  g_assert_true (pd_link_state_parse ("已撤销", &link_state, &error));
  g_assert_cmpint (link_state, ==, PD_LINK_STATE_REVOKED);
  g_assert_true (pd_payout_status_parse ("已暂扣", &payout, &error));
  g_assert_cmpint (payout, ==, PD_PAYOUT_STATUS_WITHHELD);
  g_assert_true (pd_service_type_parse ("定制", &service, &error));
  g_assert_cmpint (service, ==, PD_SERVICE_TYPE_CUSTOM);
  g_assert_true (pd_seller_request_status_parse ("已接受", &request, &error));
  g_assert_cmpint (request, ==, PD_SELLER_REQUEST_STATUS_PARTNER_ACCEPTED);
  g_assert_true (pd_authorization_state_parse ("已取消", &authorization, &error));
  g_assert_cmpint (authorization, ==, PD_AUTHORIZATION_STATE_CANCELED);
  g_assert_true (pd_category_state_parse ("审核中", &category, &error));
  g_assert_cmpint (category, ==, PD_CATEGORY_STATE_IN_REVIEW);
  g_assert_no_error (error);
}

/* One table of stage names: each stage has one code, one display
 * name and one pipeline position, all different, and the codes read
 * back. */
static void
test_stages (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint positions = 0;

  for (PdStage s = 0; s < PD_N_STAGE_NAMES; s++)
    {
      PdStage back = PD_N_STAGE_NAMES;
      const char *display = pd_stage_to_display (s);

      g_assert_true (pd_stage_from_string (pd_stage_to_string (s), &back));
      g_assert_cmpint (back, ==, s);
      g_assert_true (pd_stage_from_position (pd_stage_to_position (s), &back));
      g_assert_cmpint (back, ==, s);
      g_assert_true (g_hash_table_add (seen, (gpointer) display));
      g_assert_true (g_hash_table_add (seen, (gpointer) pd_stage_to_string (s)));
      g_assert_cmpuint (positions & (1u << pd_stage_to_position (s)), ==, 0);
      positions |= 1u << pd_stage_to_position (s);
    }
  /* The target list comes first, then the pipeline in order. */
  g_assert_cmpuint (pd_stage_to_position (PD_STAGE_TARGET), ==, 0);
  g_assert_cmpuint (pd_stage_to_position (PD_STAGE_INVITED), <, pd_stage_to_position (PD_STAGE_ONBOARDED));
  g_assert_cmpuint (pd_stage_to_position (PD_STAGE_FIRST_SALE), <, pd_stage_to_position (PD_STAGE_SALES_MET));
  g_assert_cmpstr (pd_stage_to_display (PD_STAGE_SALES_MET), ==, "Sales Threshold Met");
  g_assert_cmpstr (pd_stage_to_display (PD_STAGE_FIRST_SALE), ==, "First Sale");
  g_assert_false (pd_stage_from_string ("qualified", &(PdStage) { 0 }));
  g_assert_false (pd_stage_from_position (5, &(PdStage) { 0 }));
  g_assert_cmpstr (pd_stage_describe (PD_STAGE_TARGET), ==, "");
  g_assert_cmpstr (pd_stage_describe (PD_STAGE_INVITED), !=, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/enums/review-status", test_review_status);
  g_test_add_func ("/enums/store-status-governance", test_store_status_governance);
  g_test_add_func ("/enums/others", test_other_enums);
  g_test_add_func ("/enums/round-trip", test_round_trip);
  g_test_add_func ("/enums/stages", test_stages);
  g_test_add_func ("/enums/chinese-names", test_chinese_names);
  g_test_add_func ("/enums/countries/list", test_countries);
  g_test_add_func ("/enums/countries/codes", test_country_codes);

  return g_test_run ();
}
