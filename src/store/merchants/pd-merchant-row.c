/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchant"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "pd-merchant-row.h"

G_DEFINE_BOXED_TYPE (PdMerchantRow, pd_merchant_row, pd_merchant_row_copy, pd_merchant_row_free)

PdMerchantRow *
pd_merchant_row_copy (const PdMerchantRow *row)
{
  PdMerchantRow *copy;

  g_return_val_if_fail (row != NULL, NULL);

  copy = g_memdup2 (row, sizeof *row);
  copy->program_id = g_strdup (row->program_id);
  copy->seller_id = g_strdup (row->seller_id);
  copy->store_id = g_strdup (row->store_id);
  copy->seller_name = g_strdup (row->seller_name);
  copy->market = g_strdup (row->market);
  copy->staff = g_strdup (row->staff);
  copy->link_token = g_strdup (row->link_token);
  copy->link_url = g_strdup (row->link_url);
  copy->link_state = g_strdup (row->link_state);
  return copy;
}

void
pd_merchant_row_free (PdMerchantRow *row)
{
  if (row == NULL)
    return;
  g_free (row->program_id);
  g_free (row->seller_id);
  g_free (row->store_id);
  g_free (row->seller_name);
  g_free (row->market);
  g_free (row->staff);
  g_free (row->link_token);
  g_free (row->link_url);
  g_free (row->link_state);
  g_free (row);
}

static const char * const verdict_names[] = {
  "qualified", "pending", "lost", "none",
};

static const char * const column_names[] = {
  "seller", "market", "stage", "verdict", "deadline", "gmv", "inventory", "staff", "link",
};

G_STATIC_ASSERT (G_N_ELEMENTS (verdict_names) == PD_MERCHANT_N_VERDICTS);
G_STATIC_ASSERT (G_N_ELEMENTS (column_names) == PD_MERCHANT_N_COLUMNS);

static gboolean
lookup (const char         *text,
        const char * const *names,
        guint               n_names,
        guint              *out)
{
  for (guint i = 0; text != NULL && i < n_names; i++)
    if (strcmp (text, names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
pd_merchant_verdict_to_string (PdMerchantVerdict verdict)
{
  g_return_val_if_fail (verdict < PD_MERCHANT_N_VERDICTS, NULL);
  return verdict_names[verdict];
}

const char *
pd_merchant_verdict_to_display (PdMerchantVerdict verdict)
{
  if (verdict == PD_MERCHANT_VERDICT_NONE)
    return C_("verdict", "Not Invited");
  return pd_verdict_to_display ((PdVerdict) verdict);
}

gboolean
pd_merchant_verdict_from_string (const char        *text,
                                 PdMerchantVerdict *out)
{
  guint i;

  if (!lookup (text, verdict_names, G_N_ELEMENTS (verdict_names), &i))
    return FALSE;
  *out = i;
  return TRUE;
}

const char *
pd_merchant_column_to_string (PdMerchantColumn column)
{
  g_return_val_if_fail (column < PD_MERCHANT_N_COLUMNS, NULL);
  return column_names[column];
}

gboolean
pd_merchant_column_from_string (const char       *text,
                                PdMerchantColumn *out)
{
  guint i;

  if (!lookup (text, column_names, G_N_ELEMENTS (column_names), &i))
    return FALSE;
  *out = i;
  return TRUE;
}

PdMerchantLinkRank
pd_merchant_link_rank (const char *state)
{
  if (state == NULL)
    return PD_MERCHANT_LINK_NONE;
  if (strcmp (state, "active") == 0)
    return PD_MERCHANT_LINK_ACTIVE;
  if (strcmp (state, "used") == 0)
    return PD_MERCHANT_LINK_USED;
  if (strcmp (state, "expired") == 0)
    return PD_MERCHANT_LINK_EXPIRED;
  return PD_MERCHANT_LINK_REVOKED;
}

/* The C collations order by code point, which is UTF-8's byte order:
 * the folded text is its own key (and strxfrm() would cost 3 µs a row
 * for nothing). */
static gboolean
collation_is_bytewise (void)
{
  const char *collation = setlocale (LC_COLLATE, NULL);

  return collation == NULL || strcmp (collation, "C") == 0 || strcmp (collation, "POSIX") == 0 ||
         g_str_has_prefix (collation, "C.");
}

char *
pd_merchant_name_key (const char *name)
{
  g_autofree char *folded = g_utf8_casefold (name != NULL ? name : "", -1);
  char *key;
  char *levels;

  if (collation_is_bytewise ())
    return g_steal_pointer (&folded);
  key = g_utf8_collate_key (folded, -1);
  /* glibc's keys hold the primary weights of every character, then,
   * after a 1, the accents, case... levels: the primary level alone is
   * the locale's alphabetic (pinyin) order at a third of the size for
   * Latin names; names equal at that level keep their row order. */
  levels = strchr (key, '\x01');
  if (levels != NULL && levels != key)
    *levels = '\0';
  return key;
}

gint64
pd_merchant_collation_id (void)
{
  const char *collation = setlocale (LC_COLLATE, NULL);

  /* Never 0: 0 is a store built before keys said their collation. */
  return (gint64) g_str_hash (collation != NULL ? collation : "C") + 1;
}
