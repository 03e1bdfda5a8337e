/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PD_CONFIG_ERROR (pd_config_error_quark ())

typedef enum
{
  PD_CONFIG_ERROR_UNKNOWN_KEY,
  PD_CONFIG_ERROR_INVALID_VALUE,
} PdConfigError;

GQuark       pd_config_error_quark     (void);

/* The non-secret settings that Preferences and `partnerdesk-cli config`
 * edit. They live in the store so that the app and the CLI share them.
 * Keys: endpoint, partner_id, onboarding_base_url.<MARKET>,
 * sync_interval_minutes, import_timezone, staff_name (the name links,
 * notes and the audit credit the user with; "" until set: then the
 * login name), open_api.service_id, open_api.auth_endpoint and
 * open_api.endpoint (the TikTok Shop Open API app, README;
 * its key and secret are in the keyring, never here). */
#define PD_CONFIG_STAFF_NAME_MAX 100

gboolean     pd_config_validate        (const char  *key,
                                        const char  *value,
                                        char       **normalized_out,
                                        GError     **error);
const char  *pd_config_get_default     (const char  *key);
const char * const *pd_config_get_fixed_keys (void);
gboolean     pd_config_is_market_key   (const char  *key,
                                        const char **market_out);

G_END_DECLS
