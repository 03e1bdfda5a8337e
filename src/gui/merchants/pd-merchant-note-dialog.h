/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PD_TYPE_MERCHANT_NOTE_DIALOG (pd_merchant_note_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PdMerchantNoteDialog, pd_merchant_note_dialog, PD, MERCHANT_NOTE_DIALOG, AdwMessageDialog)

/* "Add a Note" to @n_merchants merchants: the note's text, with the
 * responses "cancel" and "add". */
GtkWidget  *pd_merchant_note_dialog_new      (GtkWindow            *parent,
                                              guint                 n_merchants);
const char *pd_merchant_note_dialog_get_text (PdMerchantNoteDialog *self);

G_END_DECLS
