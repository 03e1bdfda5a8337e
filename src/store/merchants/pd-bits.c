/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchant"

#include "config.h"

#include <string.h>

#include "pd-bits.h"

#define KIND_DENSE  'D'
#define KIND_SPARSE 'S'

PdBits *
pd_bits_new (guint64 n_bits)
{
  PdBits *bits = g_new0 (PdBits, 1);

  bits->n_bits = n_bits;
  bits->n_words = (n_bits + 63) / 64;
  bits->words = g_new0 (guint64, MAX (bits->n_words, 1));
  return bits;
}

PdBits *
pd_bits_new_full (guint64 n_bits)
{
  PdBits *bits = pd_bits_new (n_bits);

  memset (bits->words, 0xff, bits->n_words * sizeof (guint64));
  if (n_bits % 64 != 0)
    bits->words[bits->n_words - 1] = (G_GUINT64_CONSTANT (1) << (n_bits % 64)) - 1;
  return bits;
}

PdBits *
pd_bits_copy (const PdBits *bits)
{
  PdBits *copy = pd_bits_new (bits->n_bits);

  memcpy (copy->words, bits->words, bits->n_words * sizeof (guint64));
  return copy;
}

void
pd_bits_free (PdBits *bits)
{
  if (bits == NULL)
    return;
  g_free (bits->words);
  g_free (bits);
}

void
pd_bits_grow (PdBits  **bits,
              guint64   n)
{
  PdBits *bigger;

  if (*bits != NULL && (*bits)->n_bits >= n)
    return;
  bigger = pd_bits_new (MAX (n, 1024) + MAX (n, 1024) / 4);
  if (*bits != NULL)
    {
      memcpy (bigger->words, (*bits)->words, (*bits)->n_words * sizeof (guint64));
      pd_bits_free (*bits);
    }
  *bits = bigger;
}

void
pd_bits_and (PdBits       *bits,
             const PdBits *other)
{
  guint64 n = MIN (bits->n_words, other->n_words);

  for (guint64 i = 0; i < n; i++)
    bits->words[i] &= other->words[i];
  for (guint64 i = n; i < bits->n_words; i++)
    bits->words[i] = 0;
}

void
pd_bits_and_not (PdBits       *bits,
                 const PdBits *other)
{
  guint64 n = MIN (bits->n_words, other->n_words);

  for (guint64 i = 0; i < n; i++)
    bits->words[i] &= ~other->words[i];
}

void
pd_bits_or (PdBits       *bits,
            const PdBits *other)
{
  guint64 n = MIN (bits->n_words, other->n_words);

  for (guint64 i = 0; i < n; i++)
    bits->words[i] |= other->words[i];
}

guint64
pd_bits_count (const PdBits *bits)
{
  guint64 count = 0;

  for (guint64 i = 0; i < bits->n_words; i++)
    count += (guint64) __builtin_popcountll (bits->words[i]);
  return count;
}

GBytes *
pd_bits_serialize (const PdBits *bits)
{
  guint64 count = pd_bits_count (bits);
  GByteArray *out;

  if (count * 32 > bits->n_bits)
    {
      out = g_byte_array_sized_new (1 + bits->n_words * 8);
      g_byte_array_append (out, (const guint8[]) { KIND_DENSE }, 1);
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
      g_byte_array_append (out, (const guint8 *) bits->words, (guint) (bits->n_words * 8));
#else
      for (guint64 i = 0; i < bits->n_words; i++)
        {
          guint64 le = GUINT64_TO_LE (bits->words[i]);

          g_byte_array_append (out, (const guint8 *) &le, 8);
        }
#endif
      return g_byte_array_free_to_bytes (out);
    }

  out = g_byte_array_sized_new (1 + count * 2);
  g_byte_array_append (out, (const guint8[]) { KIND_SPARSE }, 1);
  {
    guint64 last = 0;

    for (guint64 w = 0; w < bits->n_words; w++)
      {
        guint64 word = bits->words[w];

        while (word != 0)
          {
            guint64 id = w * 64 + (guint64) __builtin_ctzll (word);
            guint64 delta = id - last;
            guint8 buf[10];
            guint n = 0;

            word &= word - 1;
            last = id;
            do
              {
                buf[n] = (guint8) (delta & 0x7f);
                delta >>= 7;
                if (delta != 0)
                  buf[n] |= 0x80;
                n++;
              }
            while (delta != 0);
            g_byte_array_append (out, buf, n);
          }
      }
  }
  return g_byte_array_free_to_bytes (out);
}

PdBits *
pd_bits_deserialize (const guint8 *data,
                     gsize         length,
                     guint64       n_bits)
{
  g_autoptr(PdBits) bits = NULL;

  if (data == NULL || length < 1)
    return NULL;

  bits = pd_bits_new (n_bits);
  if (data[0] == KIND_DENSE)
    {
      guint64 n = MIN ((guint64) (length - 1) / 8, bits->n_words);

      for (guint64 i = 0; i < n; i++)
        {
          guint64 le;

          memcpy (&le, data + 1 + i * 8, 8);
          bits->words[i] = GUINT64_FROM_LE (le);
        }
      if (n == bits->n_words && n_bits % 64 != 0)
        bits->words[n - 1] &= (G_GUINT64_CONSTANT (1) << (n_bits % 64)) - 1;
      return g_steal_pointer (&bits);
    }

  if (data[0] == KIND_SPARSE)
    {
      guint64 id = 0;
      gsize i = 1;

      while (i < length)
        {
          guint64 delta = 0;
          guint shift = 0;

          for (;;)
            {
              if (i >= length || shift > 63)
                return NULL;
              delta |= (guint64) (data[i] & 0x7f) << shift;
              shift += 7;
              if (!(data[i++] & 0x80))
                break;
            }
          id += delta;
          pd_bits_set (bits, id);
        }
      return g_steal_pointer (&bits);
    }

  return NULL;
}
