/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-money.h"
#include "pd-platform-connection.h"

G_BEGIN_DECLS

/* Private to pd-open-api-client.c and pd-open-api-reads.c. */

#define TOKEN_GET_PATH     "/api/v2/token/get"
#define TOKEN_REFRESH_PATH "/api/v2/token/refresh"
#define SHOPS_PATH         "/authorization/202309/shops"
#define PERFORMANCE_PATH   "/analytics/202405/shop/performance"
#define WAREHOUSES_PATH    "/logistics/202309/warehouses"
#define SELLER_SHOPS_PATH  "/seller/202309/shops"
#define ORDERS_PATH        "/order/202309/orders/search"

#define MAX_SHOPS          1000
#define MAX_WAREHOUSES     1000
#define MAX_INTERVALS      400
#define ORDERS_PAGE_SIZE   100
#define MAX_ORDER_PAGES    10000
#define MAX_TOKEN_BYTES    4096

char              *pd_open_api_describe_refusal  (const PdPlatformResponse *response);
/* The envelope {code, message, data, request_id}: `data` when `code`
 * is 0, else an error naming the endpoint and the platform's code. */
const PdJsonValue *pd_open_api_envelope_data     (const char           *where,
                                                  PdPlatformResponse   *response,
                                                  GError              **error);
/* A string member made safe to store and print; non-empty when
 * @required ("" when absent). */
char              *pd_open_api_get_text          (const PdJsonValue    *object,
                                                  const char           *where,
                                                  const char           *member,
                                                  gboolean              required,
                                                  gsize                 max_bytes,
                                                  GError              **error);
/* An id, a cipher, a token: visible ASCII without spaces, required. */
char              *pd_open_api_get_token_text    (const PdJsonValue    *object,
                                                  const char           *where,
                                                  const char           *member,
                                                  gsize                 max_bytes,
                                                  GError              **error);
/* data.shops[]: PdOpenApiShop; with @with_status their `status` too. */
GPtrArray         *pd_open_api_parse_shops       (const char           *where,
                                                  const PdJsonValue    *data,
                                                  gboolean              with_status,
                                                  GPtrArray           **statuses_out,
                                                  GError              **error);
/* A signed call; `data` of its envelope, valid while *@response_out. */
const PdJsonValue *pd_open_api_call              (PdPlatformConnection *connection,
                                                  const char           *method,
                                                  const char           *path,
                                                  const char * const   *query,
                                                  const char           *body,
                                                  PdPlatformResponse  **response_out,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
const PdJsonValue *pd_open_api_get               (PdPlatformConnection *connection,
                                                  const char           *path,
                                                  const char * const   *query,
                                                  PdPlatformResponse  **response_out,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
/* Shop performance's GMV over [@start, @end) (dates). */
gboolean           pd_open_api_read_gmv          (PdPlatformConnection *api,
                                                  const char           *cipher,
                                                  const char           *start,
                                                  const char           *end,
                                                  PdMoney              *gmv_out,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
gboolean           pd_open_api_is_gmv_status     (const char           *status);
/* The paid orders created in [@ge, @lt), page by page; gmv_out's
 * currency is "" when there is none. */
gboolean           pd_open_api_read_gmv_orders   (PdPlatformConnection *api,
                                                  const char           *cipher,
                                                  gint64                ge,
                                                  gint64                lt,
                                                  PdMoney              *gmv_out,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
/* The ENABLED warehouses' countries, ';'-joined. */
char              *pd_open_api_read_warehouse_countries (PdPlatformConnection *api,
                                                  const char           *cipher,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
/* The shop's status in Get Seller Shops ("CLOSED" when it is gone). */
char              *pd_open_api_read_status       (PdPlatformConnection *api,
                                                  const char           *shop_id,
                                                  GCancellable         *cancellable,
                                                  GError              **error);

G_END_DECLS
