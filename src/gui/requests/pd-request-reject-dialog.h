/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PD_TYPE_REQUEST_REJECT_DIALOG (pd_request_reject_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PdRequestRejectDialog, pd_request_reject_dialog, PD, REQUEST_REJECT_DIALOG,
                      AdwMessageDialog)

/* "Reject Request?" for the request of @contact (NULL: hidden), asking
 * for the reason the seller is told; the response "reject" is enabled
 * once a reason is typed, "cancel" always. */
GtkWidget  *pd_request_reject_dialog_new        (GtkWindow             *parent,
                                                 const char            *contact);
/* The reason, trimmed. */
char       *pd_request_reject_dialog_dup_reason (PdRequestRejectDialog *self);

G_END_DECLS
