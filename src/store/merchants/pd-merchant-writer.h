/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Writing one seller's rows into a set that readers read
 * (pd-merchant-writer.c), for src/store/merchants only: the rows of a
 * seller that keep their shape (as many rows, each with the same words
 * or more) are updated in place; otherwise they are deleted and the new
 * ones appended with new ids.
 *
 * Ids are never reused: a deleted row's id joins the set's dead ids
 * (merchant_keys_N's entry with the empty key, a serialized PdBits),
 * which a search subtracts from what the full-text index and the keys
 * say (a contentless index cannot forget a row's words without them).
 * The keys hold the rows up to merchant_state's "built_max"; a search
 * asks the full-text index for the rows after it. The one-character
 * keys (pd-merchant-initials.h) get the rows written as they are
 * written. A rebuild starts over with ids 1..n and no dead ids. */

#include "pd-bits.h"
#include "pd-merchant-initials.h"
#include "pd-merchant-values.h"
#include "pd-store.h"

G_BEGIN_DECLS

/* merchant_keys_N's key for the dead ids. */
#define PD_MERCHANT_DEAD_KEY ""

/* A row that keeps its id and gains words: they are indexed under its
 * id at the flush, in id order. */
typedef struct
{
  gint64 id;
  gsize  offset;   /* of its new words in the writer's grown_words */
  gsize  length;
} PdMerchantGrown;

typedef struct
{
  PdStore       *store;
  char           set[2];
  sqlite3_stmt  *existing;
  GHashTable    *updates;     /* mask of the columns set -> its UPDATE */
  char         **columns;     /* VALUE_COLUMNS, one by one */
  sqlite3_stmt  *insert_row;
  sqlite3_stmt  *insert_doc;
  sqlite3_stmt  *delete_row;
  gboolean       begun;
  gint64         next_id;
  PdBits        *dead;
  gboolean       dead_changed;
  PdBits        *seen;        /* or NULL: the ids written or kept */
  guint64        built_max;   /* the search keys hold the ids up to this one */
  GArray        *grown;       /* PdMerchantGrown, until the flush */
  GString       *grown_words; /* their new words, each followed by a space */
  GString       *old_doc;     /* scratch */
  PdMerchantInitials *initials;   /* the words' first characters since begin */
  gboolean       initials_complete; /* their keys held every row at begin */
  gint64         rows_delta;
  gboolean       changed;     /* since begin: readers must drop their caches */
  guint64        updated;
  guint64        replaced;
  guint64        grown_rows;  /* of the updated: given words in place */
} PdMerchantRowWriter;

gboolean pd_merchant_row_writer_init  (PdMerchantRowWriter  *w,
                                       PdStore              *store,
                                       const char           *set,
                                       GError              **error);
void     pd_merchant_row_writer_clear (PdMerchantRowWriter  *w);

/* In a new write transaction, before the first put. */
gboolean pd_merchant_row_writer_begin (PdMerchantRowWriter  *w,
                                       GError              **error);

/* The seller's rows in @program_id are now @values (@n of them, maybe 0)
 * with the search text @docs (@doc_lengths bytes each). */
gboolean pd_merchant_row_writer_put   (PdMerchantRowWriter  *w,
                                       const char           *program_id,
                                       const char           *seller_id,
                                       const Values         *values,
                                       const char * const   *docs,
                                       const gsize          *doc_lengths,
                                       guint                 n,
                                       GError              **error);

/* Deletes the row @id (a seller no longer there). */
gboolean pd_merchant_row_writer_delete (PdMerchantRowWriter *w,
                                        gint64               id,
                                        GError             **error);

/* Before the commit: indexes the words rows gained, stores the dead
 * ids and the row count. */
gboolean pd_merchant_row_writer_flush (PdMerchantRowWriter  *w,
                                       GError              **error);

/* One search key's row through @stmt, whose ?1, ?2 and ?3 are the key
 * (@length bytes, or -1), its number of rows and its rows serialized;
 * the serialized size to @size_out (may be NULL). */
gboolean pd_merchant_keys_write       (PdStore                *store,
                                       sqlite3_stmt           *stmt,
                                       const char             *key,
                                       int                     length,
                                       const PdBits           *bits,
                                       guint64                 count,
                                       gsize                  *size_out,
                                       GError                **error);

/* The search keys of set @set (up to @built_max) that are a beginning
 * of one of the @n rows' new words, with those rows added, in the
 * caller's transaction (pd-merchant-keys.c). */
gboolean pd_merchant_keys_add_grown   (PdStore                *store,
                                       const char             *set,
                                       guint64                 built_max,
                                       const PdMerchantGrown  *grown,
                                       guint                   n,
                                       const char             *words,
                                       GError                **error);

/* The set's dead ids (empty when none), for ids below @n_bits. */
PdBits  *pd_merchant_dead_ids_read    (PdStore              *store,
                                       const char           *set,
                                       guint64               n_bits,
                                       GError              **error);

G_END_DECLS
