/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The platform's errors (src/sync/README.md): each code has its
 * HTTP status and the snake_case name sent in `error.code`. The
 * messages are the platform's, in English, like a real platform's: they
 * travel on the wire and do not depend on the sandbox's locale. */
#define PD_SANDBOX_ERROR (pd_sandbox_error_quark ())

typedef enum
{
  PD_SANDBOX_ERROR_INVALID_BODY,            /* 400 invalid_body */
  PD_SANDBOX_ERROR_INVALID_PARAMETER,       /* 400 invalid_parameter */
  PD_SANDBOX_ERROR_INVALID_CURSOR,          /* 400 invalid_cursor */
  PD_SANDBOX_ERROR_MISSING_IDEMPOTENCY_KEY, /* 400 missing_idempotency_key */
  PD_SANDBOX_ERROR_INVALID_APP_KEY,         /* 401 invalid_app_key */
  PD_SANDBOX_ERROR_BAD_SIGNATURE,           /* 401 bad_signature */
  PD_SANDBOX_ERROR_BAD_TIMESTAMP,           /* 401 bad_timestamp */
  PD_SANDBOX_ERROR_INVALID_TOKEN,           /* 401 invalid_token */
  PD_SANDBOX_ERROR_TOKEN_EXPIRED,           /* 401 token_expired */
  PD_SANDBOX_ERROR_NOT_FOUND,               /* 404 not_found */
  PD_SANDBOX_ERROR_METHOD_NOT_ALLOWED,      /* 405 method_not_allowed */
  PD_SANDBOX_ERROR_VERSION_CONFLICT,        /* 409 version_conflict */
  PD_SANDBOX_ERROR_ALREADY_EXISTS,          /* 409 already_exists */
  PD_SANDBOX_ERROR_CURSOR_EXPIRED,          /* 410 cursor_expired */
  PD_SANDBOX_ERROR_PAYLOAD_TOO_LARGE,       /* 413 payload_too_large */
  PD_SANDBOX_ERROR_INVALID_TRANSITION,      /* 422 invalid_transition */
  PD_SANDBOX_ERROR_IDEMPOTENCY_MISMATCH,    /* 422 idempotency_mismatch */
  PD_SANDBOX_ERROR_VALIDATION_FAILED,       /* 422 validation_failed */
  PD_SANDBOX_ERROR_PRECONDITION_REQUIRED,   /* 428 precondition_required */
  PD_SANDBOX_ERROR_RATE_LIMITED,            /* 429 rate_limited */
  PD_SANDBOX_ERROR_INTERNAL,                /* 500 internal_error */
  PD_SANDBOX_ERROR_UNAVAILABLE,             /* 503 service_unavailable */
} PdSandboxError;

GQuark       pd_sandbox_error_quark    (void);

/* The HTTP status and the `error.code` of @code. */
guint        pd_sandbox_error_status   (PdSandboxError code);
const char  *pd_sandbox_error_name     (PdSandboxError code);

G_END_DECLS
