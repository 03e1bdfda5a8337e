/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sync"

#include "config.h"

#include "pd-platform-connection.h"
#include "pd-platform-connection-private.h"

/* The connection's accessors: what it was made with, what a run has
 * done, and the knobs tests turn. */

const char *
pd_platform_connection_get_endpoint (PdPlatformConnection *self)
{
  g_return_val_if_fail (PD_IS_PLATFORM_CONNECTION (self), NULL);
  return self->endpoint;
}

void
pd_platform_connection_set_credentials_func (PdPlatformConnection      *self,
                                             PdPlatformCredentialsFunc  func,
                                             gpointer                   user_data)
{
  g_return_if_fail (PD_IS_PLATFORM_CONNECTION (self));
  self->credentials_func = func;
  self->credentials_data = user_data;
}

void
pd_platform_connection_set_refresh_func (PdPlatformConnection  *self,
                                         PdPlatformRefreshFunc  func,
                                         gpointer               user_data)
{
  g_return_if_fail (PD_IS_PLATFORM_CONNECTION (self));

  self->refresh_func = func;
  self->refresh_data = user_data;
}

PdCredentials *
pd_platform_connection_dup_credentials (PdPlatformConnection *self)
{
  PdCredentials *copy;

  g_return_val_if_fail (PD_IS_PLATFORM_CONNECTION (self), NULL);
  g_mutex_lock (&self->lock);
  copy = pd_credentials_copy (self->credentials);
  g_mutex_unlock (&self->lock);
  return copy;
}

gint64
pd_platform_connection_get_clock_offset (PdPlatformConnection *self)
{
  gint64 offset;

  g_return_val_if_fail (PD_IS_PLATFORM_CONNECTION (self), 0);
  g_mutex_lock (&self->lock);
  offset = self->clock_offset;
  g_mutex_unlock (&self->lock);
  return offset;
}

void
pd_platform_connection_set_clock_offset (PdPlatformConnection *self,
                                         gint64                seconds)
{
  g_return_if_fail (PD_IS_PLATFORM_CONNECTION (self));
  g_mutex_lock (&self->lock);
  self->clock_offset = seconds;
  g_mutex_unlock (&self->lock);
}

void
pd_platform_connection_begin_run (PdPlatformConnection *self)
{
  g_return_if_fail (PD_IS_PLATFORM_CONNECTION (self));
  g_mutex_lock (&self->lock);
  self->refreshed = FALSE;
  self->retries = 0;
  self->run_end_us = g_get_monotonic_time () + (gint64) self->run_timeout_ms * 1000;
  g_mutex_unlock (&self->lock);
}

void
pd_platform_connection_set_deadlines (PdPlatformConnection *self,
                                      guint                 request_ms,
                                      guint                 run_ms)
{
  g_return_if_fail (PD_IS_PLATFORM_CONNECTION (self));
  g_return_if_fail (request_ms > 0 && run_ms > 0);
  g_mutex_lock (&self->lock);
  self->request_timeout_ms = request_ms;
  self->run_timeout_ms = run_ms;
  g_mutex_unlock (&self->lock);
}

guint
pd_platform_connection_get_retries (PdPlatformConnection *self)
{
  guint retries;

  g_return_val_if_fail (PD_IS_PLATFORM_CONNECTION (self), 0);
  g_mutex_lock (&self->lock);
  retries = self->retries;
  g_mutex_unlock (&self->lock);
  return retries;
}

void
pd_platform_connection_set_delay_scale (PdPlatformConnection *self,
                                        double                scale)
{
  g_return_if_fail (PD_IS_PLATFORM_CONNECTION (self));
  g_return_if_fail (scale >= 0.0);
  self->delay_scale = scale;
}

void
pd_platform_connection_set_kill_after (PdPlatformConnection *self,
                                       guint                 n)
{
  g_return_if_fail (PD_IS_PLATFORM_CONNECTION (self));
  self->kill_after = n;
}
