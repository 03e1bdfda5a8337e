/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pd-change-applier.h"
#include "pd-credentials.h"
#include "pd-store.h"
#include "pd-sync-client.h"

G_BEGIN_DECLS

/* The built partnerdesk-sandbox, run on a free loopback port with a
 * temporary data directory (meson passes the binaries' paths as the test
 * program's arguments: sync_test_init()). */
typedef struct
{
  GSubprocess   *process;
  char          *dir;
  char          *endpoint;
  PdCredentials *credentials;
  PdCredentials *open_app;     /* the Open API app's key and secret */
} Sandbox;

/* Reads the sandbox and CLI paths from the arguments left by
 * g_test_init(). */
void        sync_test_init            (int          argc,
                                       char       **argv);
const char *sync_test_get_sandbox     (void);
const char *sync_test_get_cli         (void);

/* The changes of the demo seed seeded now (after Q1 2026's payouts,
 * 2026-06-18: the current quarter's objects, and Q1 2026's history and
 * payouts). */
#define SYNC_TEST_DEMO_CHANGES 758

/* Extra arguments after --listen/--data, NULL-terminated; --admin is
 * always given. */
Sandbox    *sandbox_start             (const char  *first_arg,
                                       ...) G_GNUC_NULL_TERMINATED;
void        sandbox_stop              (Sandbox     *sandbox);
/* An unsigned /sandbox admin request; returns the parsed answer. */
JsonNode   *sandbox_admin             (Sandbox     *sandbox,
                                       const char  *method,
                                       const char  *path,
                                       const char  *body);
/* Moves the sandbox's clock @seconds forward (POST /sandbox/clock): a
 * token issued with --token-ttl T expires once T seconds have passed, with
 * no sleep. */
void        sandbox_advance_clock     (Sandbox     *sandbox,
                                       guint        seconds);
/* The live objects of @type (NULL: all), as an array of {type, id,
 * version, data}. */
JsonArray  *sandbox_objects           (Sandbox     *sandbox,
                                       const char  *type);
/* The sandbox's own database, read-only, for checks. */
char       *sandbox_db_path           (Sandbox     *sandbox);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sandbox, sandbox_stop)

/* A new store in a new temporary directory; *@dir_out may be NULL. */
PdStore    *test_store_new            (char       **dir_out);
gint64      test_store_count          (PdStore     *store,
                                       const char  *sql);
char       *test_store_text           (PdStore     *store,
                                       const char  *sql);
/* Every user table's row count, and sync_state, as one text: equal
 * before and after means "the store is unchanged". */
char       *test_store_fingerprint    (PdStore     *store);

/* The store holds exactly the sandbox's live objects, each in the
 * sandbox's version (target merchants: those still on the list). */
void        test_assert_store_equals_sandbox (PdStore  *store,
                                              Sandbox  *sandbox);

/* Runs one sync to its end on the default main context. */
gboolean    test_run_sync             (PdSyncClient   *client,
                                       GCancellable   *cancellable,
                                       PdSyncSummary  *summary,
                                       GError        **error);

void        test_remove_tree          (const char  *path);

/* A store in a temporary directory, as a g_test_add () fixture. */
typedef struct
{
  char    *dir;
  PdStore *store;
} StoreFixture;

void        store_fixture_set_up      (StoreFixture  *f,
                                       gconstpointer  data);
void        store_fixture_tear_down   (StoreFixture  *f,
                                       gconstpointer  data);

/* A store and a change applier on it, as a g_test_add () fixture. */
typedef struct
{
  char            *dir;
  PdStore         *store;
  PdChangeApplier *applier;
} ApplierFixture;

void        applier_fixture_set_up    (ApplierFixture *f,
                                       gconstpointer   data);
void        applier_fixture_tear_down (ApplierFixture *f,
                                       gconstpointer   data);
/* Applies one change of the feed, given as JSON, in its own transaction;
 * returns whether it changed the store (FALSE and @error when refused,
 * the transaction rolled back). */
gboolean    test_apply_json           (ApplierFixture *f,
                                       const char     *json,
                                       GError        **error);

/* A client of @store for @sandbox: the same retry policy, its waits
 * scaled by @delay_scale. */
PdSyncClient *test_client_new         (PdStore       *store,
                                       Sandbox       *sandbox,
                                       double         delay_scale);
/* Runs a sync that must succeed (the test fails otherwise). */
void        test_sync_ok              (PdSyncClient  *client,
                                       PdSyncSummary *summary);

G_END_DECLS
