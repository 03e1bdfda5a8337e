/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

#include "pd-team-error.h"

G_BEGIN_DECLS

/* libpq underneath the team hub: connecting, and statements whose
 * values always travel as parameters (PQexecParams), never inside the
 * SQL text. Errors say what was being done and, for a refusal of the
 * hub's row-level security, what the team's rules allow. */

/* The hub's address checked: a postgresql:// URL (or libpq keywords)
 * without a password; off loopback and Unix sockets it must ask for
 * sslmode=verify-full, which is added when no sslmode is given. On
 * success *@normalized_out (may be NULL) is the URL to store (no
 * password) and *@user_out (may be NULL) the user it names, or NULL. */
gboolean  pd_team_db_check_url  (const char  *url,
                                 char       **normalized_out,
                                 char       **user_out,
                                 GError     **error);

/* Connects to @url (checked as above) with @password (NULL: none, or
 * what libpq finds itself, e.g. ~/.pgpass). The server's notices go to
 * the debug log, never to standard error. */
PGconn   *pd_team_db_connect    (const char  *url,
                                 const char  *password,
                                 GError     **error);

/* @conn's last error (libpq's, with the server's) as one line, without
 * the severity ("FATAL:") libpq puts before the server's words. */
char     *pd_team_db_dup_error_text (PGconn *conn);

/* @sql with @n_params text parameters; NULL and @error on failure (a
 * message naming @what). A result of tuples or of a command. */
PGresult *pd_team_db_query      (PGconn              *conn,
                                 const char          *sql,
                                 int                  n_params,
                                 const char * const  *params,
                                 const char          *what,
                                 GError             **error);
/* A statement (or several) without parameters nor rows; @what may be
 * NULL with @error NULL (a ROLLBACK). */
gboolean  pd_team_db_exec       (PGconn              *conn,
                                 const char          *sql,
                                 const char          *what,
                                 GError             **error);
/* The error of a failed result @res (or of @conn when @res is NULL). */
void      pd_team_db_set_error  (PGconn              *conn,
                                 const PGresult      *res,
                                 const char          *what,
                                 GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)

G_END_DECLS
