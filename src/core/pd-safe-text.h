/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Text from outside the app (the platform's error codes and messages,
 * the names and values a response carries) is made safe once, where it
 * enters, before it is stored or printed: a terminal must not run an
 * escape sequence that a server sent, a log line must not be split or
 * forged by a CR/LF, and a right-to-left override must not reorder what
 * follows it on screen.
 *
 * Replaced by a space: C0 controls (U+0000-U+001F, so ESC, CR, LF and
 * TAB), DEL, C1 controls (U+0080-U+009F, so CSI), and the line and
 * paragraph separators U+2028/U+2029. Removed: the bidirectional
 * formatting characters (U+061C, U+200E, U+200F, U+202A-U+202E,
 * U+2066-U+2069). Invalid UTF-8 becomes U+FFFD. */
typedef enum
{
  PD_SAFE_TEXT_DEFAULT   = 0,
  PD_SAFE_TEXT_MULTILINE = 1 << 0,  /* keep LF and TAB (descriptions); CR still goes */
} PdSafeTextFlags;

/* @length: bytes, or -1 when NUL-terminated. @max_bytes: the result is
 * cut at a character boundary to at most this many bytes (0: no limit).
 * Never NULL for a non-NULL @text. */
char     *pd_safe_text_dup  (const char       *text,
                             gssize            length,
                             gsize             max_bytes,
                             PdSafeTextFlags   flags);

/* @error's message made safe in place (it may quote the platform). */
void      pd_safe_text_fix_error (GError           *error);

/* Whether @text would come back unchanged (valid UTF-8 and none of the
 * characters above). */
gboolean  pd_safe_text_is_safe (const char       *text,
                                PdSafeTextFlags   flags);

G_END_DECLS
