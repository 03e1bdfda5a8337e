/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pd-store-change.h"

G_DEFINE_BOXED_TYPE (PdStoreChange, pd_store_change, pd_store_change_copy, pd_store_change_free)

PdStoreChange *
pd_store_change_new (PdEntityKind         kinds,
                     const char * const  *ids,
                     PdChangeOrigin       origin)
{
  PdStoreChange *change = g_new0 (PdStoreChange, 1);

  change->kinds = kinds;
  change->ids = ids != NULL ? g_strdupv ((char **) ids) : NULL;
  change->origin = origin;
  return change;
}

PdStoreChange *
pd_store_change_copy (const PdStoreChange *change)
{
  g_return_val_if_fail (change != NULL, NULL);
  return pd_store_change_new (change->kinds, (const char * const *) change->ids, change->origin);
}

void
pd_store_change_free (PdStoreChange *change)
{
  if (change == NULL)
    return;
  g_strfreev (change->ids);
  g_free (change);
}

gboolean
pd_store_change_has (const PdStoreChange *change,
                     PdEntityKind         kinds)
{
  g_return_val_if_fail (change != NULL, FALSE);
  return (change->kinds & kinds) != 0;
}

char *
pd_entity_kind_to_string (PdEntityKind kinds)
{
  static const char * const names[] = {
    "targets", "stores", "links", "rates", "program", "notes", "synced", "settings", "credentials",
  };
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (kinds & (1u << i))
      {
        if (text->len > 0)
          g_string_append_c (text, '+');
        g_string_append (text, names[i]);
      }
  return g_string_free (text, FALSE);
}
