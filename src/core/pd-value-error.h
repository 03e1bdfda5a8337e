/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The error domain shared by the value parsers of src/core (money,
 * currencies, countries, timestamps, enumerated values). Their messages
 * say what was wrong with the value and what was expected; callers that
 * know the file, line and column add those with g_prefix_error(). */
#define PD_VALUE_ERROR (pd_value_error_quark ())

typedef enum
{
  PD_VALUE_ERROR_INVALID,      /* not the expected syntax at all */
  PD_VALUE_ERROR_OUT_OF_RANGE, /* well formed, but too large, negative, no such date... */
  PD_VALUE_ERROR_TOO_PRECISE,  /* more decimals than the currency or the rate allows */
  PD_VALUE_ERROR_UNKNOWN,      /* not one of the accepted codes or words */
} PdValueError;

GQuark  pd_value_error_quark   (void);

/* Returns a copy of @text without leading and trailing white space, in
 * the Unicode sense (so the ideographic space U+3000 and the no-break
 * space U+00A0 that spreadsheets leave behind go too). Fails with
 * PD_VALUE_ERROR_INVALID when @text is not valid UTF-8; @what names the
 * value in that message (e.g. "amount"). */
char   *pd_value_dup_stripped  (const char  *text,
                                const char  *what,
                                GError     **error);

G_END_DECLS
