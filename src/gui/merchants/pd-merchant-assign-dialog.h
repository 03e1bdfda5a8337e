/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PD_TYPE_MERCHANT_ASSIGN_DIALOG (pd_merchant_assign_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PdMerchantAssignDialog, pd_merchant_assign_dialog, PD, MERCHANT_ASSIGN_DIALOG, AdwMessageDialog)

/* "Assign Staff" for @n_merchants merchants: a name typed, or chosen
 * among @staff (the names already in use), with the responses "cancel"
 * and "add". */
GtkWidget *pd_merchant_assign_dialog_new      (GtkWindow              *parent,
                                               guint                   n_merchants,
                                               GPtrArray              *staff);
/* The name, trimmed; "" for nobody. */
char      *pd_merchant_assign_dialog_dup_name (PdMerchantAssignDialog *self);

G_END_DECLS
