/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-store.h"

G_BEGIN_DECLS

#define PD_CLI_CATEGORIES_USAGE "categories [--json]"
#define PD_CLI_CATEGORY_USAGE "category apply ID | category withdraw ID"
#define PD_CLI_SERVICES_USAGE "services [--category ID] [--json]"
#define PD_CLI_SERVICE_USAGE \
  "service new --category ID --name TEXT --type public|custom [--description TEXT] [--price AMOUNT] | " \
  "service edit ID [--name TEXT] [--type public|custom] [--description TEXT] [--price AMOUNT]"

/* partnerdesk-cli categories, category, services, service (partnerdesk-cli(1)) */
int pd_cli_categories_command (PdStore *store, int argc, char **argv);
int pd_cli_category_command   (PdStore *store, int argc, char **argv);
int pd_cli_services_command   (PdStore *store, int argc, char **argv);
int pd_cli_service_command    (PdStore *store, int argc, char **argv);

G_END_DECLS
