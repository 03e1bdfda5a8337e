/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* JSON helpers of the sandbox. Request bodies are untrusted: the parser
 * refuses invalid UTF-8, NUL bytes and nesting deeper than
 * PD_SANDBOX_JSON_MAX_DEPTH (json-glib recurses, a deep body would
 * overflow the stack), and the getters check types and sizes. Their
 * errors are PD_SANDBOX_ERROR_INVALID_BODY and name the member. */

#define PD_SANDBOX_JSON_MAX_DEPTH 32

void        pd_sandbox_json_append_string     (GString      *out,
                                               const char   *text);
char       *pd_sandbox_json_object_to_string  (JsonObject   *object);

JsonNode   *pd_sandbox_json_parse             (const char   *data,
                                               gsize         length,
                                               GError      **error);
/* An empty body is an empty object when @empty_ok, else an error. */
JsonObject *pd_sandbox_json_parse_object      (const char   *data,
                                               gsize         length,
                                               gboolean      empty_ok,
                                               GError      **error);

/* Lowercase hex SHA-256 of the body's canonical JSON (members sorted,
 * no white space), so that the same request re-serialised with other
 * spacing or member order is still "the same body"; a body that is not
 * JSON is hashed as raw bytes. */
char       *pd_sandbox_json_body_hash         (const char   *data,
                                               gsize         length);

/* A string member of at most @max_chars characters. Absent or null:
 * *@out = NULL, an error only when @required. An empty string counts
 * as absent for a required member. */
gboolean    pd_sandbox_json_get_string        (JsonObject   *object,
                                               const char   *member,
                                               gboolean      required,
                                               guint         max_chars,
                                               const char  **out,
                                               GError      **error);
/* An integer member (no fraction, no exponent) in [@min, @max]. */
gboolean    pd_sandbox_json_get_int           (JsonObject   *object,
                                               const char   *member,
                                               gboolean      required,
                                               gint64        min,
                                               gint64        max,
                                               gboolean     *present_out,
                                               gint64       *out,
                                               GError      **error);
/* An array of at most @max_items non-empty strings, each at most
 * @max_chars characters; *@out is NULL when absent. */
gboolean    pd_sandbox_json_get_string_array  (JsonObject   *object,
                                               const char   *member,
                                               guint         max_items,
                                               guint         max_chars,
                                               GPtrArray   **out,
                                               GError      **error);

/* [A-Za-z0-9_-]{min,max}: link tokens, ids in paths. */
gboolean    pd_sandbox_json_is_token          (const char   *text,
                                               gsize         min_length,
                                               gsize         max_length);

G_END_DECLS
