/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The sandbox platform's own SQLite file (DIR/sandbox.db). It shares
 * nothing with the client's store: every object of the feed is one row
 * of `objects` (type, id, version, JSON data), and every mutation of an
 * object appends one row to `changes`, in the same transaction, with a
 * strictly increasing seq and the object's new version. */

#define PD_SANDBOX_DB_ERROR (pd_sandbox_db_error_quark ())

typedef enum
{
  PD_SANDBOX_DB_ERROR_SQL,
  PD_SANDBOX_DB_ERROR_NOT_A_SANDBOX,
  PD_SANDBOX_DB_ERROR_CORRUPT,
} PdSandboxDbError;

typedef struct
{
  char   *app_key;
  char   *app_secret;
  char   *access_token;
  char   *refresh_token;
  gint64  issued_at;               /* unix seconds the current pair was issued */
  char   *previous_access_token;   /* the pair before the last rotation, or NULL */
  char   *previous_refresh_token;
  gint64  previous_valid_until;    /* the previous refresh token is honoured until then */
} PdSandboxCredentials;

void pd_sandbox_credentials_clear (PdSandboxCredentials *credentials);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdSandboxCredentials, pd_sandbox_credentials_clear)

/* What the first request with an Idempotency-Key answered. */
typedef struct
{
  char  *method;
  char  *path;
  char  *body_hash;
  guint  status;
  char  *response;
} PdSandboxIdempotencyRecord;

void pd_sandbox_idempotency_record_free (PdSandboxIdempotencyRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSandboxIdempotencyRecord, pd_sandbox_idempotency_record_free)

#define PD_TYPE_SANDBOX_DB (pd_sandbox_db_get_type ())

G_DECLARE_FINAL_TYPE (PdSandboxDb, pd_sandbox_db, PD, SANDBOX_DB, GObject)

GQuark        pd_sandbox_db_error_quark        (void);

/* Opens (creating when absent) the sandbox file at @path. @created_out
 * tells whether the file is new and needs a seed. */
PdSandboxDb  *pd_sandbox_db_open               (const char            *path,
                                                gboolean              *created_out,
                                                GError               **error);
const char   *pd_sandbox_db_get_path           (PdSandboxDb           *self);

/* A write transaction (BEGIN IMMEDIATE); rollback never fails loudly. */
gboolean      pd_sandbox_db_begin              (PdSandboxDb           *self,
                                                GError               **error);
gboolean      pd_sandbox_db_commit             (PdSandboxDb           *self,
                                                GError               **error);
void          pd_sandbox_db_rollback           (PdSandboxDb           *self);

char         *pd_sandbox_db_dup_meta           (PdSandboxDb           *self,
                                                const char            *key);
gboolean      pd_sandbox_db_set_meta           (PdSandboxDb           *self,
                                                const char            *key,
                                                const char            *value,
                                                GError               **error);

gboolean      pd_sandbox_db_get_credentials    (PdSandboxDb           *self,
                                                PdSandboxCredentials  *out,
                                                GError               **error);
gboolean      pd_sandbox_db_set_credentials    (PdSandboxDb           *self,
                                                const PdSandboxCredentials *credentials,
                                                GError               **error);

/* The current object, or NULL (without an error) when it does not exist
 * or was deleted. */
JsonObject   *pd_sandbox_db_get_object         (PdSandboxDb           *self,
                                                const char            *type,
                                                const char            *id,
                                                gint64                *version_out,
                                                GError               **error);
/* Upsert: the version goes up by one and a change is appended. */
gboolean      pd_sandbox_db_put_object         (PdSandboxDb           *self,
                                                const char            *type,
                                                const char            *id,
                                                JsonObject            *data,
                                                gint64                *version_out,
                                                GError               **error);
gboolean      pd_sandbox_db_delete_object      (PdSandboxDb           *self,
                                                const char            *type,
                                                const char            *id,
                                                GError               **error);
/* Ids of the live objects of @type, sorted; with @json_path (an SQLite
 * JSON path such as "$.state") only those whose member equals @value. */
GPtrArray    *pd_sandbox_db_list_ids           (PdSandboxDb           *self,
                                                const char            *type,
                                                const char            *json_path,
                                                const char            *value,
                                                GError               **error);
gint64        pd_sandbox_db_count_objects      (PdSandboxDb           *self,
                                                const char            *type);
/* All live objects of @type (or of every type when NULL) as a JSON
 * array of {type, id, version, data}, for the admin endpoint. */
gboolean      pd_sandbox_db_dump_objects       (PdSandboxDb           *self,
                                                const char            *type,
                                                GString               *out,
                                                GError               **error);

/* Appends to @out the changes after @after_seq, at most @limit, as JSON
 * array elements separated by commas (no brackets). */
gboolean      pd_sandbox_db_read_changes       (PdSandboxDb           *self,
                                                gint64                 after_seq,
                                                guint                  limit,
                                                GString               *out,
                                                gint64                *last_seq_out,
                                                gboolean              *has_more_out,
                                                GError               **error);
gint64        pd_sandbox_db_get_max_seq        (PdSandboxDb           *self);
gint64        pd_sandbox_db_get_compacted_seq  (PdSandboxDb           *self);
/* Drops every change superseded by a later change of the same object and
 * moves the compaction point to the last seq: older cursors expire. */
gboolean      pd_sandbox_db_compact            (PdSandboxDb           *self,
                                                gint64                *removed_out,
                                                GError               **error);

PdSandboxIdempotencyRecord *
              pd_sandbox_db_lookup_idempotency (PdSandboxDb           *self,
                                                const char            *key,
                                                GError               **error);
gboolean      pd_sandbox_db_record_idempotency (PdSandboxDb           *self,
                                                const char            *key,
                                                const char            *method,
                                                const char            *path,
                                                const char            *body_hash,
                                                guint                  status,
                                                const char            *response,
                                                GError               **error);
/* One row per mutating request executed (never for a replay). */
gboolean      pd_sandbox_db_record_applied     (PdSandboxDb           *self,
                                                const char            *key,
                                                const char            *method,
                                                const char            *path,
                                                const char            *request_id,
                                                GError               **error);
gboolean      pd_sandbox_db_dump_applied       (PdSandboxDb           *self,
                                                GString               *out,
                                                GError               **error);

G_END_DECLS
