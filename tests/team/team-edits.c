/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "team-edits"

#include "config.h"

#include <stdlib.h>

#include "pd-merchant-notes.h"
#include "pd-store.h"

/* team-edits STORE PREFIX STAFF FIRST N: edits FIRST to FIRST+N-1 of a
 * desktop's series, each made as the app makes one (its own transaction
 * with the audit and the team outbox entry), for test-team.py's ten
 * desktops making a thousand edits each: a partnerdesk-cli process per
 * edit would take minutes.
 *
 * Edit k of the series, out of 1,000: k < 700 appends the line "edit k"
 * to the notes of seller PREFIX + (k mod 350, three digits), so each of
 * those 350 merchants' notes is edited twice; k >= 700 assigns seller
 * PREFIX + ((k - 700) / 2) to STAFF (k even) or clears the assignment
 * (k odd), so each of those 150 merchants is assigned, then cleared.
 * Every edit changes its field to a value it never had. */

#define NOTE_EDITS 700
#define NOTED_MERCHANTS 350

int
main (int    argc,
      char **argv)
{
  g_autoptr(PdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 first, n;

  if (argc != 6)
    {
      g_printerr ("usage: team-edits STORE PREFIX STAFF FIRST N\n");
      return 2;
    }
  store = pd_store_open (argv[1], &error);
  if (store == NULL)
    g_error ("%s", error->message);
  first = g_ascii_strtoll (argv[4], NULL, 10);
  n = g_ascii_strtoll (argv[5], NULL, 10);
  for (gint64 k = first; k < first + n; k++)
    {
      g_autofree char *seller = NULL;
      const char *ids[2] = { NULL, NULL };
      gboolean ok;

      if (k < NOTE_EDITS)
        {
          g_autofree char *note = g_strdup_printf ("edit %" G_GINT64_FORMAT, k);

          ids[0] = seller = g_strdup_printf ("%s%03d", argv[2], (int) (k % NOTED_MERCHANTS));
          ok = pd_merchant_notes_append (store, ids, note, g_get_real_time () / G_USEC_PER_SEC, &error);
        }
      else
        {
          ids[0] = seller = g_strdup_printf ("%s%03d", argv[2], (int) ((k - NOTE_EDITS) / 2));
          ok = pd_merchant_notes_assign (store, ids, k % 2 == 0 ? argv[3] : NULL, &error);
        }
      if (!ok)
        g_error ("edit %" G_GINT64_FORMAT ": %s", k, error->message);
    }
  return EXIT_SUCCESS;
}
