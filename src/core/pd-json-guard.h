/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Every JSON text the app reads with json-glib goes through here (program
 * files, stored conflict payloads and outbox bodies, sandbox request
 * bodies). json-glib 1.6 recurses once per nesting level, so a file
 * 75,000 levels deep overflows the stack, and it keeps the last of two
 * members with the same name without a word. One linear pass over the
 * bytes first refuses text over PD_JSON_GUARD_MAX_BYTES, invalid UTF-8,
 * nesting deeper than PD_JSON_GUARD_MAX_DEPTH and repeated member names,
 * naming the member and where it is; only then does json-glib parse.
 * (Platform responses have their own strict reader, pd-json-doc.c, with
 * the same rules.) */

#define PD_JSON_GUARD_MAX_DEPTH 64
#define PD_JSON_GUARD_MAX_BYTES (16 * 1024 * 1024)

#define PD_JSON_GUARD_ERROR (pd_json_guard_error_quark ())

typedef enum
{
  PD_JSON_GUARD_ERROR_INVALID,    /* not UTF-8 JSON */
  PD_JSON_GUARD_ERROR_TOO_LARGE,  /* over PD_JSON_GUARD_MAX_BYTES */
  PD_JSON_GUARD_ERROR_TOO_DEEP,   /* nested over PD_JSON_GUARD_MAX_DEPTH */
  PD_JSON_GUARD_ERROR_DUPLICATE,  /* an object names a member twice */
} PdJsonGuardError;

GQuark    pd_json_guard_error_quark (void);

/* The pre-scan alone. @where names the text in messages ("us.json"). */
gboolean  pd_json_guard_check       (const char  *data,
                                     gsize        length,
                                     const char  *where,
                                     GError     **error);

/* The pre-scan, then json-glib. @length -1: @data is NUL-terminated.
 * Returns the root (never NULL on success). */
JsonNode *pd_json_guard_parse       (const char  *data,
                                     gssize       length,
                                     const char  *where,
                                     GError     **error);

/* The same, for a text that must hold an object; NULL without an error
 * when @data is NULL or empty (nothing stored). Used where a stored text
 * is read back and a bad one is treated as absent. */
JsonObject *pd_json_guard_parse_object (const char  *data,
                                        const char  *where,
                                        GError     **error);

G_END_DECLS
