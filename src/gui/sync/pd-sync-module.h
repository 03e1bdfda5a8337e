/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The sync module, libpdsyncclient.so: the platform's sync client, its
 * sign-in and the Open API client (src/sync but what sync_base_sources
 * names there) with libsoup and what libsoup brings (Kerberos, GSSAPI,
 * libpsl, libidn2, nghttp2...). Linked into the app, those libraries
 * were loaded and relocated before main() and searched by every later
 * dlopen(): about 17 M instructions of a first frame of some 1,380 M
 * (callgrind, tests/bench/README.md). The sync starts right after the
 * first frame and loads the module then; pd-sync-module.c defines the
 * functions of pd-sync-client.h, pd-open-api-client.h and
 * pd-platform-sign-in.h that the app calls as calls into it. The
 * credentials, the sync's errors and PdSyncSummary stay in the app. It
 * is installed beside the file-format module (pd-formats.h) and found
 * the same way. The command line and the tests of src/sync link src/sync
 * and libsoup instead. */

/* Loads the module (once, from any thread); FALSE and @error (in words
 * for the app) if it cannot be loaded. */
gboolean pd_sync_module_load      (GError              **error);
gboolean pd_sync_module_is_loaded (void);

/* When pd_sync_client_new() returned NULL: calls @callback with a result
 * that says why the module cannot be loaded, which
 * pd_sync_client_run_finish() returns. */
void     pd_sync_module_report    (GAsyncReadyCallback   callback,
                                   gpointer              user_data);

G_END_DECLS
