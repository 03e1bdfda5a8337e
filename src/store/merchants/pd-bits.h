/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A set of Merchants page rows (ids 1..n) as a plain bitmap: a million
 * rows are 125 KiB, intersected and counted in microseconds. Filters,
 * search terms and their intersection are all PdBits. */

typedef struct
{
  guint64  n_bits;   /* ids 0..n_bits-1 (0 is never used) */
  guint64 *words;
  guint64  n_words;
} PdBits;

PdBits   *pd_bits_new          (guint64        n_bits);
PdBits   *pd_bits_new_full     (guint64        n_bits);
PdBits   *pd_bits_copy         (const PdBits  *bits);
void      pd_bits_free         (PdBits        *bits);
/* *@bits holds ids below @n afterwards (a new set when NULL), keeping
 * those set; it grows by a quarter more than asked. */
void      pd_bits_grow         (PdBits       **bits,
                                guint64        n);

static inline void
pd_bits_set (PdBits  *bits,
             guint64  i)
{
  if (i < bits->n_bits)
    bits->words[i >> 6] |= G_GUINT64_CONSTANT (1) << (i & 63);
}

static inline gboolean
pd_bits_get (const PdBits *bits,
             guint64       i)
{
  return i < bits->n_bits && (bits->words[i >> 6] >> (i & 63)) & 1;
}

void      pd_bits_and          (PdBits        *bits,
                                const PdBits  *other);
/* Clears the ids @other holds. */
void      pd_bits_and_not      (PdBits        *bits,
                                const PdBits  *other);
void      pd_bits_or           (PdBits        *bits,
                                const PdBits  *other);
guint64   pd_bits_count        (const PdBits  *bits);

/* Serialized for the store: a dense bitmap when more than one id in 32
 * is set, else the ids as ascending deltas in LEB128 varints. */
GBytes   *pd_bits_serialize    (const PdBits  *bits);
/* NULL when @data is not a serialized set; ids past @n_bits are dropped. */
PdBits   *pd_bits_deserialize  (const guint8  *data,
                                gsize          length,
                                guint64        n_bits);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdBits, pd_bits_free)

G_END_DECLS
