/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-program"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "pd-program-name.h"

/* The programs' names of the program files Partner Desk ships
 * (data/programs) and the platform's later quarters of them, without
 * their ", Q1 2026". */
static const char *const known_names[] = {
  N_("Europe & Japan Cross-Border POP Ecosystem Partner"),
  N_("US TOP Program"),
};

static const char *
translate_base (const char *base,
                gsize       length)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_names); i++)
    if (strlen (known_names[i]) == length && strncmp (known_names[i], base, length) == 0)
      return _(known_names[i]);
  return NULL;
}

char *
pd_program_name_to_display (const char *name)
{
  const char *comma;
  const char *base;
  int quarter = 0, year = 0, consumed = 0;

  if (name == NULL)
    return NULL;
  comma = strrchr (name, ',');
  if (comma == NULL)
    {
      base = translate_base (name, strlen (name));
      return g_strdup (base != NULL ? base : name);
    }
  base = translate_base (name, (gsize) (comma - name));
  if (base == NULL ||
      sscanf (comma, ", Q%1d %4d%n", &quarter, &year, &consumed) != 2 ||
      comma[consumed] != '\0' || quarter < 1 || quarter > 4)
    return g_strdup (name);
  /* Translators: a program's name and its quarter,
   * "Europe & Japan Cross-Border POP Ecosystem Partner, Q1 2026". */
  return g_strdup_printf (_("%1$s, Q%2$d %3$d"), base, quarter, year);
}
