/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-store.h"

G_BEGIN_DECLS

/* Shops connected through the TikTok Shop Open API (issue 17, schema
 * version 16): grants (a seller's authorization of the agency's app,
 * keyed by open_id; its tokens are in the keyring, only their expiries
 * here), the shops each covers, and the figures last read from them with
 * their source and instant. */

#define PD_STORE_OPEN_API_ERROR (pd_store_open_api_error_quark ())

typedef enum
{
  PD_STORE_OPEN_API_ERROR_UNKNOWN_LINK,   /* no authorization link has that state */
  PD_STORE_OPEN_API_ERROR_REVOKED_LINK,   /* the link was revoked */
  PD_STORE_OPEN_API_ERROR_UNKNOWN_SHOP,
} PdStoreOpenApiError;

GQuark pd_store_open_api_error_quark (void);

typedef struct
{
  char   *open_id;
  char   *link_token;          /* the authorization link's state, or NULL */
  char   *seller_id;           /* ours, from that link, or NULL */
  char   *seller_name;
  char   *seller_region;
  gint64  access_expires_at;
  gint64  refresh_expires_at;  /* the authorization's end */
} PdOpenApiGrant;

typedef struct
{
  char   *shop_id;
  char   *open_id;
  char   *name;
  char   *region;
  char   *seller_type;
  char   *cipher;
  char   *shop_code;
  char   *state;               /* connected, expired, cancelled */
  char   *seller_id;           /* the grant's, or NULL */
  char   *seller_name;         /* the grant's (the platform's name), may be "" */
  gint64  access_expires_at;   /* the grant's */
  gint64  refresh_expires_at;  /* the grant's: the authorization's end */
  gint64  connected_at;
  gint64  last_read_at;        /* 0: never */
  char   *last_error;
} PdOpenApiShop;

/* What one read of a shop found; a NULL endpoint: that figure was not
 * read. */
typedef struct
{
  gint64      read_at;
  const char *gmv_endpoint;
  gint64      gmv_amount;      /* minor units */
  const char *gmv_currency;
  const char *gmv_window_start;
  const char *gmv_window_end;
  const char *warehouses_endpoint;
  const char *warehouse_countries;  /* ';'-joined */
  const char *status_endpoint;
  const char *shop_status;
} PdOpenApiFigures;

/* The figures last read for a shop, for display beside the store's. */
typedef struct
{
  gboolean has_gmv;
  gint64   gmv_amount;
  char     gmv_currency[4];
  gint64   gmv_read_at;
  char    *warehouse_countries;   /* NULL: never read */
  gint64   warehouses_read_at;
  char    *shop_status;           /* NULL: never read */
  gint64   status_read_at;
} PdOpenApiReading;

void pd_open_api_reading_clear (PdOpenApiReading *reading);
void pd_open_api_reading_free  (PdOpenApiReading *reading);

/* Where the stores' 30-day GMV, the figure that decides most verdicts,
 * came from: the platform's Open API (what a read copied there still
 * stands), the partner feed of a sync (a store with a version), or an
 * imported report. */
typedef struct
{
  guint  n_platform;
  gint64 platform_read_at;   /* the least recent of those reads; 0: none */
  guint  n_synced;
  guint  n_imported;
} PdOpenApiSources;
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdOpenApiReading, pd_open_api_reading_clear)

void pd_open_api_grant_free (PdOpenApiGrant *grant);
void pd_open_api_shop_free  (PdOpenApiShop  *shop);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdOpenApiGrant, pd_open_api_grant_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdOpenApiShop, pd_open_api_shop_free)

/* The authorization link recorded for @state: its seller (may be NULL)
 * in @seller_id_out. Fails with UNKNOWN_LINK or REVOKED_LINK. */
gboolean   pd_store_open_api_check_link     (PdStore               *store,
                                             const char            *state,
                                             char                 **seller_id_out,
                                             GError               **error);
/* The grant and its shops, in one transaction; shops keep their last
 * read. The authorization's end (@grant's refresh_expires_at) becomes
 * the expiry of the seller's active authorization of the link's service,
 * which the Authorizations page and its notices show. @shops: PdOpenApiShop (only id, name, region, seller_type,
 * cipher and shop_code are read).
 *
 * A seller who authorizes again replaces the grant cleanly: with the same
 * open_id, the shops it no longer covers are no longer connected; with
 * another, the shops move to the new grant and an old grant left
 * without a shop is forgotten, its open_id in @replaced_out (NULL-terminated,
 * may be empty; the caller drops its tokens). Figures read stay. */
gboolean   pd_store_open_api_save_connection (PdStore              *store,
                                             const PdOpenApiGrant  *grant,
                                             GPtrArray             *shops,
                                             gint64                 now,
                                             GStrv                 *replaced_out,
                                             GError               **error);
/* Every connected shop (or @shop_id alone), by shop id: PdOpenApiShop. */
GPtrArray *pd_store_open_api_list_shops     (PdStore               *store,
                                             const char            *shop_id,
                                             GError               **error);
/* After a refresh; the authorization's end also goes to the seller's
 * active authorization of the link's service (as at the connection). */
gboolean   pd_store_open_api_set_expiries   (PdStore               *store,
                                             const char            *open_id,
                                             gint64                 access_expires_at,
                                             gint64                 refresh_expires_at,
                                             GError               **error);
/* The grant and its shops marked @state ("expired" or "cancelled"),
 * with @reason; their figures stay. */
gboolean   pd_store_open_api_end_grant      (PdStore               *store,
                                             const char            *open_id,
                                             const char            *state,
                                             const char            *reason,
                                             GError               **error);
/* A failed read of a shop: its error, nothing else changes. */
gboolean   pd_store_open_api_note_error     (PdStore               *store,
                                             const char            *shop_id,
                                             const char            *message,
                                             GError               **error);
/* When the store of that id opened (our stores table): FALSE, without an
 * error, when it is not known. */
gboolean   pd_store_open_api_get_store_opened (PdStore             *store,
                                             const char            *shop_id,
                                             gint64                *onboarded_at_out,
                                             GError               **error);
/* The store's GMV currency (stores.gmv_currency), or NULL. */
char      *pd_store_open_api_dup_store_currency (PdStore           *store,
                                             const char            *shop_id);
/* FALSE, without an error, when nothing was ever read for @shop_id. */
gboolean   pd_store_open_api_get_reading    (PdStore               *store,
                                             const char            *shop_id,
                                             PdOpenApiReading      *out,
                                             GError               **error);
/* Every shop's last reading, by shop id (= store id): a GHashTable of
 * char * to PdOpenApiReading *. */
GHashTable *pd_store_open_api_list_readings (PdStore               *store,
                                             GError               **error);
gboolean   pd_store_open_api_count_sources  (PdStore               *store,
                                             PdOpenApiSources      *out,
                                             GError               **error);
/* A disconnection: the grant and its shops are forgotten (the caller
 * drops its tokens from the keyring); the figures read stay, with their
 * source and instant. */
gboolean   pd_store_open_api_forget_grant   (PdStore               *store,
                                             const char            *open_id,
                                             GError               **error);
/* The figures of one read, in one transaction: open_api_figures, the
 * shop's last read, and the store's 30-day GMV and inventory countries
 * (the engine's inputs) when they are ours to write: empty, or what a
 * previous read copied there; an imported or synced figure is replaced
 * only with @overwrite_settled. @applied_out: whether the GMV was. */
gboolean   pd_store_open_api_write_figures  (PdStore               *store,
                                             const char            *shop_id,
                                             const PdOpenApiFigures *figures,
                                             gboolean               overwrite_settled,
                                             gboolean              *applied_out,
                                             GError               **error);

G_END_DECLS
