/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "pd-sandbox-api.h"
#include "pd-sandbox-db.h"

G_BEGIN_DECLS

/* The TikTok Shop Open API as the sandbox serves it (issue 17,
 * src/sandbox/README.md "The TikTok Shop Open API"): the
 * auth host's /api/v2/token/{get,refresh} and the API host's signed
 * endpoints, on the same port. The shops are the feed's `store` objects
 * of the authorizing seller, so their GMV moves as the scenario
 * advances. Grants and codes are kept in the sandbox file (meta
 * `open_api_state`); the app key and secret too, generated on first
 * use. */

#define PD_TYPE_SANDBOX_OPEN_API (pd_sandbox_open_api_get_type ())

G_DECLARE_FINAL_TYPE (PdSandboxOpenApi, pd_sandbox_open_api, PD, SANDBOX_OPEN_API, GObject)

PdSandboxOpenApi *pd_sandbox_open_api_new          (PdSandboxDb            *db,
                                                    GError                **error);
const char       *pd_sandbox_open_api_get_app_key  (PdSandboxOpenApi       *self);
const char       *pd_sandbox_open_api_get_app_secret (PdSandboxOpenApi     *self);
gboolean          pd_sandbox_open_api_owns_path    (const char             *path);
PdSandboxReply   *pd_sandbox_open_api_handle       (PdSandboxOpenApi       *self,
                                                    const PdSandboxRequest *request);

/* Admin (POST /sandbox/open-api/...): answers JSON text or NULL with
 * @error. */
char             *pd_sandbox_open_api_approve      (PdSandboxOpenApi       *self,
                                                    JsonObject             *body,
                                                    gint64                  now,
                                                    GError                **error);
char             *pd_sandbox_open_api_cancel       (PdSandboxOpenApi       *self,
                                                    JsonObject             *body,
                                                    GError                **error);
char             *pd_sandbox_open_api_override     (PdSandboxOpenApi       *self,
                                                    JsonObject             *body,
                                                    GError                **error);

G_END_DECLS
