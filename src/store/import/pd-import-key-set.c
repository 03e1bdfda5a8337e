/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "pd-import-key-set.h"

/* Keys seen: an open-addressing set of 64-bit hashes. */

/* The state after a key's prefix (a program id, or nothing) and the
 * separator, from which each key of that prefix is hashed. */
guint64
pd_import_key_hash_prefix (const char *prefix)
{
  guint64 h = pd_import_fnv_update (PD_IMPORT_FNV_OFFSET, prefix != NULL ? prefix : "");

  h ^= 0x1f;
  return h * PD_IMPORT_FNV_PRIME;
}

static void
key_set_insert (PdImportKeySet *set,
                guint64         h)
{
  gsize i = h & set->mask;

  while (set->slots[i] != 0)
    i = (i + 1) & set->mask;
  set->slots[i] = h;
}

static void
key_set_grow (PdImportKeySet *set)
{
  guint64 *old = set->slots;
  gsize old_size = old != NULL ? set->mask + 1 : 0;
  gsize size = old != NULL ? old_size * 2 : 1024;

  set->slots = g_new0 (guint64, size);
  set->mask = size - 1;
  for (gsize i = 0; i < old_size; i++)
    if (old[i] != 0)
      key_set_insert (set, old[i]);
  g_free (old);
}

/* FALSE when @h was already there. */
gboolean
pd_import_key_set_add (PdImportKeySet *set,
                       guint64         h)
{
  gsize i;

  if (set->slots == NULL || (set->n + 1) * 10 > (set->mask + 1) * 7)
    key_set_grow (set);

  for (i = h & set->mask; set->slots[i] != 0; i = (i + 1) & set->mask)
    if (set->slots[i] == h)
      return FALSE;
  set->slots[i] = h;
  set->n++;
  return TRUE;
}

void
pd_import_key_set_clear (PdImportKeySet *set)
{
  g_clear_pointer (&set->slots, g_free);
  set->mask = 0;
  set->n = 0;
}
