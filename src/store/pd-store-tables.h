/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The tables that the platform's objects land in, named once: the
 * change applier (pd-store-changes.c) builds its statements from them,
 * the sync decoder (src/sync/pd-decoded-change.c) fills one value per
 * column in the same order, and the importer's inserts of targets,
 * stores and rates name their columns through it
 * (pd_store_table_insert_sql()). */

typedef enum
{
  PD_TABLE_COLUMN_KEY         = 1 << 0,  /* part of the primary key, in key order */
  PD_TABLE_COLUMN_KEEP_LOCAL  = 1 << 1,  /* the agency's field: a local value wins */
  PD_TABLE_COLUMN_INSERT_ONLY = 1 << 2,  /* set when the row is made, never updated */
} PdTableColumnFlags;

typedef struct
{
  const char         *name;
  PdTableColumnFlags  flags;
} PdTableColumn;

typedef struct
{
  const char          *type;     /* the platform's type: "link", "target_merchant"... */
  const char          *table;
  const PdTableColumn *columns;
  guint                n_columns;
  guint                n_keys;
  /* target merchants: a delete sets left_at instead of removing the row */
  gboolean             keeps_row_on_delete;
} PdStoreTable;

/* NULL for a type the store does not keep. */
const PdStoreTable *pd_store_table_lookup        (const char          *type);
/* "INSERT INTO <table> (<first @n_columns columns>) VALUES (?1, ...)
 * @tail": parameter i+1 is column i, for the importer's kinds that write
 * these tables (targets, stores, rates). */
char               *pd_store_table_insert_sql    (const PdStoreTable  *table,
                                                  guint                n_columns,
                                                  const char          *tail);

G_END_DECLS
