/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "pd-platform-connection.h"

G_BEGIN_DECLS

/* The connection's state, shared by pd-platform-connection.c (requests,
 * retries, refresh) and pd-platform-connection-settings.c (its
 * accessors). */
struct _PdPlatformConnection
{
  GObject                    parent_instance;

  char                      *endpoint;
  SoupSession               *session;

  GMutex                     lock;          /* the fields below */
  PdCredentials             *credentials;
  gint64                     clock_offset;
  gboolean                   refreshed;     /* this run */
  guint                      retries;       /* this run */
  double                     delay_scale;
  guint                      kill_after;
  guint                      responses;
  guint                      request_timeout_ms;
  guint                      run_timeout_ms;
  gint64                     run_end_us;    /* monotonic; 0: no run begun */

  GMutex                     refresh_lock;  /* one refresh at a time */
  PdPlatformCredentialsFunc  credentials_func;
  gpointer                   credentials_data;
  PdPlatformRefreshFunc      refresh_func;
  gpointer                   refresh_data;
};

G_END_DECLS
