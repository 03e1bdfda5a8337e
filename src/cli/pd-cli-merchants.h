/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "pd-cli-table.h"
#include "pd-merchant-row.h"
#include "pd-store.h"

G_BEGIN_DECLS

#define PD_CLI_MERCHANTS_USAGE \
  "merchants [--program ID] [--search TEXT] [--verdict V] [--stage S] [--market M] [--staff NAME]" \
  " [--sort [-]COLUMN] [--limit N] [--json]"

/* partnerdesk-cli merchants (partnerdesk-cli(1)): the Merchants page's
 * rows, searched and filtered as the page does. */
int pd_cli_merchants_command (PdStore *store, int argc, char **argv);

/* One seller's rows (PdMerchantRow: per program and store, with stage
 * and verdict), brought up to date first; for merchant show. */
GPtrArray  *pd_cli_merchants_of_seller     (PdStore              *store,
                                            const char           *seller_id,
                                            GError              **error);
/* A row as `merchants --json` prints it, or in its table. */
void        pd_cli_merchants_add_json_row  (JsonBuilder          *builder,
                                            const PdMerchantRow  *row,
                                            GTimeZone            *zone);
PdCliTable *pd_cli_merchants_table_new     (void);
void        pd_cli_merchants_add_table_row (PdCliTable           *table,
                                            const PdMerchantRow  *row,
                                            GTimeZone            *zone);

G_END_DECLS
