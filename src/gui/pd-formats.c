/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-formats"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "pd-formats.h"
#include "pd-module.h"
#include "pd-row-source.h"
#include "pd-xlsx-reader.h"
#include "pd-xlsx-writer.h"

/* The app's side of the file-format module (pd-formats.h): its entry
 * points, resolved once, on first use, from any thread. */

typedef struct
{
  GType         (*reader_get_type)     (void);
  PdXlsxReader *(*reader_new_for_path) (const char *, const char *, const char *, GError **);
  GStrv         (*list_sheets)         (const char *, GError **);
  PdXlsxSink   *(*sink_new)            (const char *, GError **);
  void          (*sink_free)           (PdXlsxSink *);
  void          (*sink_set_dates)      (PdXlsxSink *, gboolean);
  void          (*sink_sheet)          (PdXlsxSink *, const char *, gboolean);
  void          (*sink_text)           (PdXlsxSink *, const char *);
  void          (*sink_number)         (PdXlsxSink *, const char *);
  void          (*sink_end_row)        (PdXlsxSink *);
  gboolean      (*sink_finish)         (PdXlsxSink *, GOutputStream *, GCancellable *, GError **);
  guchar       *(*qr_encode)           (const char *, guint *);
} Formats;

#define ENTRY(field, symbol) PD_MODULE_ENTRY (Formats, field, symbol)

static const PdModuleEntry entries[] = {
  ENTRY (reader_get_type, pd_xlsx_reader_get_type),
  ENTRY (reader_new_for_path, pd_xlsx_reader_new_for_path),
  ENTRY (list_sheets, pd_xlsx_list_sheets),
  ENTRY (sink_new, pd_xlsx_sink_new),
  ENTRY (sink_free, pd_xlsx_sink_free),
  ENTRY (sink_set_dates, pd_xlsx_sink_set_dates),
  ENTRY (sink_sheet, pd_xlsx_sink_sheet),
  ENTRY (sink_text, pd_xlsx_sink_text),
  ENTRY (sink_number, pd_xlsx_sink_number),
  ENTRY (sink_end_row, pd_xlsx_sink_end_row),
  ENTRY (sink_finish, pd_xlsx_sink_finish),
  ENTRY (qr_encode, pd_formats_module_qr_encode),
};

/* What the module calls back (pd-formats.dynamic-list): linked into
 * every program that can load it, whatever else that program uses. */
static gpointer const callbacks[] G_GNUC_UNUSED __attribute__ ((used)) = {
  pd_file_kind_of_path, pd_row_source_get_type, pd_xlsx_error_quark,
};

static Formats formats;
static PdModule module = PD_MODULE_INIT ("pdformats", entries, formats);

static gboolean
load (GError **error)
{
  const char *why;

  if (pd_module_load (&module, &why))
    return TRUE;
  /* Translators: %s is the system's reason, such as a missing file. */
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("Excel workbooks cannot be read or written: the file-format module of this installation cannot be loaded (%s)"),
               why);
  return FALSE;
}

/* No reader exists before the module is loaded. */
GType
pd_xlsx_reader_get_type (void)
{
  return pd_module_is_loaded (&module) ? formats.reader_get_type () : G_TYPE_INVALID;
}

PdXlsxReader *
pd_xlsx_reader_new_for_path (const char  *path,
                             const char  *sheet,
                             const char  *display_name,
                             GError     **error)
{
  return load (error) ? formats.reader_new_for_path (path, sheet, display_name, error) : NULL;
}

GStrv
pd_xlsx_list_sheets (const char  *path,
                     GError     **error)
{
  return load (error) ? formats.list_sheets (path, error) : NULL;
}

PdXlsxSink *
pd_xlsx_sink_new (const char  *display_name,
                  GError     **error)
{
  return load (error) ? formats.sink_new (display_name, error) : NULL;
}

/* A sink exists only once the module is loaded. */
void
pd_xlsx_sink_free (PdXlsxSink *self)
{
  formats.sink_free (self);
}

void
pd_xlsx_sink_set_dates (PdXlsxSink *self,
                        gboolean    dates)
{
  formats.sink_set_dates (self, dates);
}

void
pd_xlsx_sink_sheet (PdXlsxSink *self,
                    const char *name,
                    gboolean    header)
{
  formats.sink_sheet (self, name, header);
}

void
pd_xlsx_sink_text (PdXlsxSink *self,
                   const char *text)
{
  formats.sink_text (self, text);
}

void
pd_xlsx_sink_number (PdXlsxSink *self,
                     const char *text)
{
  formats.sink_number (self, text);
}

void
pd_xlsx_sink_end_row (PdXlsxSink *self)
{
  formats.sink_end_row (self);
}

gboolean
pd_xlsx_sink_finish (PdXlsxSink     *self,
                     GOutputStream  *stream,
                     GCancellable   *cancellable,
                     GError        **error)
{
  return formats.sink_finish (self, stream, cancellable, error);
}

guchar *
pd_formats_qr_encode (const char *text,
                      guint      *modules_out)
{
  *modules_out = 0;
  return load (NULL) ? formats.qr_encode (text, modules_out) : NULL;
}
