/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-store.h"

G_BEGIN_DECLS

/* partnerdesk-cli export payouts: the payout review an agency sends to
 * finance before quarter close, as CSV (UTF-8 with a BOM, CRLF, for
 * Excel) or PDF (A4, cairo and Pango). */
int pd_cli_export_payouts_command (PdStore  *store,
                                   int       argc,
                                   char    **argv);

G_END_DECLS
