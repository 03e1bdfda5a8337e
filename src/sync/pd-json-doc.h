/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A platform response, parsed and checked in one pass (src/sync/README.md:
 * responses are untrusted input).
 *
 * Why not json-glib here: json-glib 1.6 builds a GHashTable per object
 * and parses about 25 MB/s; the change feed's pages (up to 1,000 changes,
 * about 400 kB each) then cost more than fetching them, and the first
 * sync of 100,000 changes took 2.9 times as long as curl fetching the same
 * pages. This reader keeps the values in one flat array over the body's
 * bytes (one allocation for the strings), parses strictly by RFC 8259,
 * and is many times faster. Request bodies are still written with
 * json-glib (pd-outbox.c).
 *
 * The document accepts only: valid UTF-8 without NUL bytes, strict JSON
 * (no comments, no trailing commas, no leading zeros, no control
 * characters in strings), no "\u0000" and no lone surrogate in strings,
 * nesting at most PD_JSON_MAX_DEPTH deep (a body of a million '[' does
 * not exhaust the stack), integers that fit in 64 bits, and objects
 * that name each member once (a repeated name is refused, named). */

#define PD_JSON_MAX_DEPTH 64

typedef enum
{
  PD_JSON_NULL,
  PD_JSON_BOOLEAN,
  PD_JSON_NUMBER,
  PD_JSON_STRING,
  PD_JSON_ARRAY,
  PD_JSON_OBJECT,
} PdJsonKind;

typedef struct _PdJsonDoc PdJsonDoc;
typedef struct _PdJsonValue PdJsonValue;

/* @where names the body in messages ("GET /v1/changes"); errors are
 * PD_SYNC_ERROR_INVALID_RESPONSE, or PD_SYNC_ERROR_TRUNCATED when the
 * body ends in the middle of a value (it was probably cut short). The document keeps a reference to
 * @body: every string and value it hands out lives as long as it. */
PdJsonDoc         *pd_json_doc_parse           (const char         *where,
                                                GBytes             *body,
                                                GError            **error);
PdJsonDoc         *pd_json_doc_ref             (PdJsonDoc          *doc);
void               pd_json_doc_unref           (PdJsonDoc          *doc);
const PdJsonValue *pd_json_doc_get_root        (PdJsonDoc          *doc);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdJsonDoc, pd_json_doc_unref)

PdJsonKind         pd_json_value_get_kind      (const PdJsonValue  *value);
/* "a string", "a number", "an object", "null"...: for messages;
 * "missing" for NULL. */
const char        *pd_json_value_describe      (const PdJsonValue  *value);
/* Elements of an array, members of an object. */
guint              pd_json_value_get_length    (const PdJsonValue  *value);
/* Iteration over an array's elements or an object's member values:
 * first, then next until NULL. */
const PdJsonValue *pd_json_value_get_first     (const PdJsonValue  *container);
const PdJsonValue *pd_json_value_get_next      (const PdJsonValue  *container,
                                                const PdJsonValue  *child);
/* The name of an object's member, given its value (from the iteration). */
const char        *pd_json_value_get_name      (const PdJsonValue  *member_value);
/* The value of an object's member, or NULL. */
const PdJsonValue *pd_json_value_get_member    (const PdJsonValue  *object,
                                                const char         *name);
/* The decoded text of a string; NULL for other kinds. */
const char        *pd_json_value_get_string    (const PdJsonValue  *value);
gboolean           pd_json_value_is_integer    (const PdJsonValue  *value);
gint64             pd_json_value_get_integer   (const PdJsonValue  *value);
gboolean           pd_json_value_get_boolean   (const PdJsonValue  *value);
/* @value (of @doc) exactly as the body wrote it. */
char              *pd_json_doc_dup_text        (PdJsonDoc          *doc,
                                                const PdJsonValue  *value);

/* Typed members, checked: @where is the object's place for messages
 * ("GET /v1/changes: changes[3].data"); a member that is absent or null
 * is an error when @required ("…data.store_id is missing; expected a
 * string"), and absent otherwise (*@out NULL, *@present_out FALSE). */
gboolean           pd_json_get_string          (const PdJsonValue  *object,
                                                const char         *where,
                                                const char         *member,
                                                gboolean            required,
                                                gsize               max_bytes,
                                                const char        **out,
                                                GError            **error);
gboolean           pd_json_get_integer         (const PdJsonValue  *object,
                                                const char         *where,
                                                const char         *member,
                                                gboolean            required,
                                                gint64              min,
                                                gint64              max,
                                                gboolean           *present_out,
                                                gint64             *out,
                                                GError            **error);
gboolean           pd_json_get_boolean         (const PdJsonValue  *object,
                                                const char         *where,
                                                const char         *member,
                                                gboolean           *out,
                                                GError            **error);
gboolean           pd_json_get_object          (const PdJsonValue  *object,
                                                const char         *where,
                                                const char         *member,
                                                gboolean            required,
                                                const PdJsonValue **out,
                                                GError            **error);
gboolean           pd_json_get_array           (const PdJsonValue  *object,
                                                const char         *where,
                                                const char         *member,
                                                gboolean            required,
                                                const PdJsonValue **out,
                                                GError            **error);

G_END_DECLS
