/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The one-character search keys (pd-merchant-initials.c), for
 * src/store/merchants only: while rows' words are written, the ids of
 * the rows holding a word that begins with each character, so that the
 * first keystroke of a search reads one stored bitmap, from the moment
 * an import ends.
 *
 * A character is the first of a full-text token as SQLite's unicode61
 * tokenizer folds it, so the key "k" holds exactly the rows of
 * MATCH '"k" *'. The set's merchant_keys_N holds them like the longer
 * keys, and PD_MERCHANT_INITIALS_KEY's n says up to which row id they
 * are complete (the longer keys' "built_max" is for them alone): a
 * search asks the full-text index only for the rows after it. Absent,
 * the one-character keys are the longer keys' (up to "built_max"). */

#include "pd-store.h"

G_BEGIN_DECLS

/* merchant_keys_N's key whose n is the row id up to which the
 * one-character keys hold every row; not a search term (those are
 * letters and digits). */
#define PD_MERCHANT_INITIALS_KEY "#1"

typedef struct _PdMerchantInitials PdMerchantInitials;

/* For words written on @store's connection. */
PdMerchantInitials *pd_merchant_initials_new     (PdStore             *store);
void                pd_merchant_initials_free    (PdMerchantInitials  *initials);

/* About how many ids will be noted (a full build's rows): bitmaps are
 * made that large at once. */
void                pd_merchant_initials_expect  (PdMerchantInitials  *initials,
                                                  guint64              n_ids);

/* Notes row @id's words: @doc as pd_merchant_text_append_words()
 * makes it, @length bytes. */
void                pd_merchant_initials_add_doc (PdMerchantInitials  *initials,
                                                  guint64              id,
                                                  const char          *doc,
                                                  gsize                length);

/* A full build's end, in a transaction of its own on the store: stores
 * the keys of the characters at least @min_rows rows begin a word with,
 * complete up to @max_id. */
gboolean            pd_merchant_initials_store   (PdMerchantInitials  *initials,
                                                  const char          *set,
                                                  guint64              min_rows,
                                                  guint64              max_id,
                                                  guint64             *n_keys_out,
                                                  GError             **error);

/* A write's end, in its transaction: the rows noted since the last call
 * (the set's ids are below @n_ids) join the stored keys of their
 * characters (a character without a key stays with the full-text
 * index); with @complete the keys are complete up to @n_ids - 1 (the
 * write noted every row after the mark). */
gboolean            pd_merchant_initials_merge   (PdMerchantInitials  *initials,
                                                  const char          *set,
                                                  guint64              n_ids,
                                                  gboolean             complete,
                                                  GError             **error);

/* In the caller's transaction: set @set's one-character keys (made
 * with the others) hold every row up to @mark. */
gboolean            pd_merchant_initials_set_mark (PdStore            *store,
                                                   const char         *set,
                                                   guint64             mark,
                                                   GError            **error);

/* In the caller's transaction, before the keys of set @set are made
 * again from its full-text index: deletes them, but for the
 * one-character ones when they hold every row up to @max_id (TRUE in
 * *@initials_kept: make only the longer ones). */
gboolean            pd_merchant_initials_clear_keys (PdStore          *store,
                                                     const char       *set,
                                                     guint64           max_id,
                                                     gboolean         *initials_kept,
                                                     GError          **error);

/* The row id up to which set @set's one-character keys are complete;
 * FALSE in *@found when it holds none of its own. */
gboolean            pd_merchant_initials_mark    (PdStore             *store,
                                                  const char          *set,
                                                  guint64             *mark_out,
                                                  gboolean            *found,
                                                  GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdMerchantInitials, pd_merchant_initials_free)

G_END_DECLS
