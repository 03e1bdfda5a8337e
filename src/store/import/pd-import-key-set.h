/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The keys an import has seen, as 64-bit hashes (8 bytes a row): an
 * open-addressing set. A hash seen twice is only a candidate duplicate;
 * the run confirms it by reading the file again. */
typedef struct
{
  guint64 *slots;
  gsize    mask;
  gsize    n;
} PdImportKeySet;

#define PD_IMPORT_FNV_OFFSET G_GUINT64_CONSTANT (14695981039346656037)
#define PD_IMPORT_FNV_PRIME G_GUINT64_CONSTANT (1099511628211)

static inline guint64
pd_import_fnv_update (guint64     h,
                      const char *s)
{
  for (; *s != '\0'; s++)
    {
      h ^= (guchar) *s;
      h *= PD_IMPORT_FNV_PRIME;
    }
  return h;
}

guint64 pd_import_key_hash_prefix (const char *prefix);

static inline guint64
pd_import_key_hash (guint64     prefix_state,
                    const char *key)
{
  guint64 h = pd_import_fnv_update (prefix_state, key);

  /* FNV's low bits are weak: mix before using them as an index. */
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  h ^= h >> 33;
  return h != 0 ? h : 1;
}

gboolean pd_import_key_set_add   (PdImportKeySet *set,
                                  guint64         h);
void     pd_import_key_set_clear (PdImportKeySet *set);

G_END_DECLS
