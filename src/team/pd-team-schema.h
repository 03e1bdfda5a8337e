/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* The team hub's schema in PostgreSQL (schema `partnerdesk`), versioned
 * like the store's: pd-team-schema.c describes its tables, roles and
 * row-level security. */

guint     pd_team_schema_get_latest_version (void);

/* Creates or migrates the schema to the latest version in one
 * transaction (as the database's owner: it creates the roles team_staff
 * and team_lead when missing). A newer schema is refused
 * (PD_TEAM_ERROR_SCHEMA_TOO_NEW) and left as it is. */
gboolean  pd_team_schema_migrate            (PGconn   *conn,
                                             guint    *from_out,
                                             guint    *to_out,
                                             GError  **error);

/* For a desktop: the schema must be this Partner Desk's version; none or
 * an older one is PD_TEAM_ERROR_NOT_INITIALIZED, a newer one
 * PD_TEAM_ERROR_SCHEMA_TOO_NEW. */
gboolean  pd_team_schema_check              (PGconn   *conn,
                                             guint    *version_out,
                                             GError  **error);

G_END_DECLS
