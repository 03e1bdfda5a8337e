/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "pd-sandbox-api.h"
#include "pd-sandbox-error.h"

G_BEGIN_DECLS

struct _PdSandboxApi
{
  GObject      parent_instance;

  PdSandboxDb *db;
  gint64       token_ttl;
};

/* Replies. The _error variants take ownership of @error. */
PdSandboxReply *pd_sandbox_reply_new_json     (guint                   status,
                                               char                   *body);
/* {"<wrapper>": object} or the bare object when @wrapper is NULL; the
 * object gets a "version" member and the reply an ETag. */
PdSandboxReply *pd_sandbox_reply_new_object   (guint                   status,
                                               const char             *wrapper,
                                               JsonObject             *object,
                                               gint64                  version);
PdSandboxReply *pd_sandbox_api_error          (const PdSandboxRequest *request,
                                               GError                 *error);
PdSandboxReply *pd_sandbox_api_error_printf   (const PdSandboxRequest *request,
                                               PdSandboxError          code,
                                               const char             *format,
                                               ...) G_GNUC_PRINTF (3, 4);

/* Handlers of the mutating endpoints (pd-sandbox-api-objects.c). They
 * run inside the request's write transaction; @params are the '*'
 * segments of the route. */
PdSandboxReply *pd_sandbox_api_create_link               (PdSandboxApi           *self,
                                                          const PdSandboxRequest *request,
                                                          char                  **params);
PdSandboxReply *pd_sandbox_api_revoke_link               (PdSandboxApi           *self,
                                                          const PdSandboxRequest *request,
                                                          char                  **params);
PdSandboxReply *pd_sandbox_api_create_authorization_link (PdSandboxApi           *self,
                                                          const PdSandboxRequest *request,
                                                          char                  **params);
PdSandboxReply *pd_sandbox_api_update_seller_request     (PdSandboxApi           *self,
                                                          const PdSandboxRequest *request,
                                                          char                  **params);
PdSandboxReply *pd_sandbox_api_put_service               (PdSandboxApi           *self,
                                                          const PdSandboxRequest *request,
                                                          char                  **params);
PdSandboxReply *pd_sandbox_api_apply_category            (PdSandboxApi           *self,
                                                          const PdSandboxRequest *request,
                                                          char                  **params);
PdSandboxReply *pd_sandbox_api_withdraw_category         (PdSandboxApi           *self,
                                                          const PdSandboxRequest *request,
                                                          char                  **params);

G_END_DECLS
