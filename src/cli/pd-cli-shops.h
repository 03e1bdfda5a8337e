/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-store.h"

G_BEGIN_DECLS

/* Shops read through the TikTok Shop Open API (issue 17): `shop connect
 * URL_OR_CODE`, `shop read [SHOP_ID]` and `shops [--json]`. */
#define PD_CLI_SHOP_USAGE  "shop connect URL_OR_CODE|- | shop read [SHOP_ID] [--overwrite-settled]"
#define PD_CLI_SHOPS_USAGE "shops [--json]"

int pd_cli_shop_command  (PdStore  *store,
                          int       argc,
                          char    **argv);
int pd_cli_shops_command (PdStore  *store,
                          int       argc,
                          char    **argv);

G_END_DECLS
