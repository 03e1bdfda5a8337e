/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sign"

#include "config.h"

#include <string.h>

#include "pd-sign.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char *
pd_sign_request (const char   *app_secret,
                 const char   *path,
                 GHashTable   *query,
                 const guint8 *body,
                 gsize         body_length)
{
  g_autoptr(GHmac) hmac = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (app_secret != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) app_secret, strlen (app_secret));

  g_hmac_update (hmac, (const guchar *) app_secret, strlen (app_secret));
  g_hmac_update (hmac, (const guchar *) path, strlen (path));

  if (query != NULL)
    {
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!g_str_equal (key, "sign") && !g_str_equal (key, "access_token"))
          g_ptr_array_add (names, key);
      g_ptr_array_sort (names, compare_names);

      for (guint i = 0; i < names->len; i++)
        {
          const char *name = g_ptr_array_index (names, i);
          const char *value = g_hash_table_lookup (query, name);

          g_hmac_update (hmac, (const guchar *) name, strlen (name));
          if (value != NULL)
            g_hmac_update (hmac, (const guchar *) value, strlen (value));
        }
    }

  if (body != NULL && body_length > 0)
    g_hmac_update (hmac, body, body_length);
  g_hmac_update (hmac, (const guchar *) app_secret, strlen (app_secret));

  /* GHmac's hex string is lowercase. */
  return g_strdup (g_hmac_get_string (hmac));
}

gboolean
pd_sign_equal (const char *a,
               const char *b)
{
  gsize la, lb;
  guint8 diff = 0;

  if (a == NULL || b == NULL)
    return FALSE;
  la = strlen (a);
  lb = strlen (b);
  if (la != lb)
    return FALSE;
  for (gsize i = 0; i < la; i++)
    diff |= (guint8) (a[i] ^ b[i]);
  return diff == 0;
}
