/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "pd-store-requests.h"

G_BEGIN_DECLS

/* Text of a seller request for people, shared by its row and its detail. */

/* "USD 12,000.00" from the stored decimal @amount in @currency, "—" for
 * none (or for an amount that does not parse). */
char       *pd_request_format_money        (const char *amount,
                                            const char *currency);
/* "2026-01-05 10:00" in local time, "—" for none. */
char       *pd_request_format_time         (gint64      when);
/* @text, or "—" when NULL or empty. */
const char *pd_request_or_dash             (const char *text);
/* "Reviewing", "Accepted"..., or @status itself when unknown. */
const char *pd_request_status_display      (const char *status);
/* "Chosen by the seller", "Platform referral", or @type itself. */
const char *pd_request_type_display        (const char *type);
/* Gives @label the chip style of @status (pd-requests.css). */
void        pd_request_style_status_chip   (GtkWidget  *label,
                                            const char *status);
/* A bound typed in a filter entry, in whole units: "" is none
 * (PD_REQUEST_NO_BOUND); "1,000" and "1000" are 1000; anything else
 * (decimals, signs, letters) is an error saying what is expected. */
gboolean    pd_request_parse_whole_units   (const char *text,
                                            gint64     *units_out,
                                            GError    **error);

G_END_DECLS
