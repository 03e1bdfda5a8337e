/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "pd-sandbox-api.h"
#include "pd-sandbox-open-api.h"
#include "pd-sandbox-db.h"

G_BEGIN_DECLS

/* The HTTP side of the sandbox: a SoupServer on a loopback address that
 * feeds PdSandboxApi, refuses bodies over 1 MB while they arrive, and
 * injects faults into the /v1 API when asked to. With @admin it also
 * serves the unsigned /sandbox endpoints (README.md). */

typedef struct
{
  gboolean admin;
  double   fail_rate;      /* fraction of /v1 requests answered 503 before anything is done */
  double   truncate_rate;  /* fraction of /v1 responses cut short after processing */
  guint    latency_ms;     /* delay before each /v1 request is processed */
  guint    rate_limit;     /* /v1 requests per second before 429; 0: unlimited */
  guint32  fault_seed;     /* seed of the fault dice */
} PdSandboxServerOptions;

#define PD_TYPE_SANDBOX_SERVER (pd_sandbox_server_get_type ())

G_DECLARE_FINAL_TYPE (PdSandboxServer, pd_sandbox_server, PD, SANDBOX_SERVER, GObject)

PdSandboxServer *pd_sandbox_server_new           (PdSandboxDb                  *db,
                                                  PdSandboxApi                 *api,
                                                  const PdSandboxServerOptions *options);
/* @address must be a loopback address; port 0 picks a free one. */
gboolean         pd_sandbox_server_listen        (PdSandboxServer              *self,
                                                  GInetSocketAddress           *address,
                                                  GError                      **error);
/* "http://127.0.0.1:PORT" once listening. */
char            *pd_sandbox_server_dup_endpoint  (PdSandboxServer              *self);
/* The Open API's app (its key and secret), or NULL when it is off. */
PdSandboxOpenApi *pd_sandbox_server_get_open_api (PdSandboxServer             *self);
void             pd_sandbox_server_disconnect    (PdSandboxServer              *self);

G_END_DECLS
