/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include <glib.h>

G_BEGIN_DECLS

/* Reading nullable columns of a statement's row, the same way in every
 * store file. For src/store only. */

/* FALSE (and 0) for NULL. */
static inline gboolean
optional_int (sqlite3_stmt *stmt,
              int           column,
              gint64       *out)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    {
      *out = 0;
      return FALSE;
    }
  *out = sqlite3_column_int64 (stmt, column);
  return TRUE;
}

/* A copy of a text column, NULL for NULL or ''. */
static inline char *
pd_column_dup_text (sqlite3_stmt *stmt,
                    int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

/* A text column copied into @strings (which owns it), NULL for NULL or
 * ''. */
static inline const char *
pd_column_chunk_text (GStringChunk *strings,
                      sqlite3_stmt *stmt,
                      int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);
  int length = sqlite3_column_bytes (stmt, column);

  if (text == NULL || length == 0)
    return NULL;
  return g_string_chunk_insert_len (strings, (const char *) text, length);
}

G_END_DECLS
