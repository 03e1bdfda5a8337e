/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-cli.h"
#include "pd-cli-table.h"
#include "pd-config.h"
#include "pd-safe-text.h"

#define MAX_CELL_BYTES 240

struct _PdCliTable
{
  guint      n_columns;
  GPtrArray *rows;     /* of GStrv, the headers first */
};

PdCliTable *
pd_cli_table_new (const char * const *headers)
{
  PdCliTable *table = g_new0 (PdCliTable, 1);

  table->n_columns = g_strv_length ((char **) headers);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (table->rows, g_strdupv ((char **) headers));
  return table;
}

void
pd_cli_table_add_row (PdCliTable         *table,
                      const char * const *cells)
{
  char **row = g_new0 (char *, table->n_columns + 1);

  for (guint i = 0; i < table->n_columns; i++)
    row[i] = cells[i] != NULL && *cells[i] != '\0'
             ? pd_safe_text_dup (cells[i], -1, MAX_CELL_BYTES, PD_SAFE_TEXT_DEFAULT)
             : g_strdup ("-");
  g_ptr_array_add (table->rows, row);
}

gsize
pd_cli_display_width (const char *text)
{
  gsize width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80)
        width++;
      else if (!g_unichar_iszerowidth (c))
        width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

void
pd_cli_table_print (PdCliTable *table,
                    const char *empty_message)
{
  g_autofree gsize *widths = g_new0 (gsize, table->n_columns);

  if (table->rows->len == 1)
    {
      g_print ("%s\n", empty_message);
      goto out;
    }
  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_columns; c++)
        widths[c] = MAX (widths[c], pd_cli_display_width (row[c]));
    }
  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint c = 0; c < table->n_columns; c++)
        {
          g_string_append (line, row[c]);
          if (c + 1 < table->n_columns)
            for (gsize pad = pd_cli_display_width (row[c]); pad < widths[c] + 2; pad++)
              g_string_append_c (line, ' ');
        }
      g_print ("%s\n", line->str);
    }
out:
  g_ptr_array_unref (table->rows);
  g_free (table);
}

void
pd_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, FALSE);

  g_print ("%s\n", text);
}

void
pd_cli_json_string (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

char *
pd_cli_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = unix_seconds > 0 ? g_date_time_new_from_unix_local (unix_seconds) : NULL;

  return dt != NULL ? g_date_time_format_iso8601 (dt) : NULL;
}

int
pd_cli_report_error (const GError *error)
{
  g_printerr ("partnerdesk-cli: %s\n", error->message);
  if ((error->domain == PD_STORE_ERROR && error->code == PD_STORE_ERROR_INVALID) ||
      error->domain == PD_CONFIG_ERROR)
    return PD_CLI_EXIT_USAGE;
  return PD_CLI_EXIT_FAILURE;
}
