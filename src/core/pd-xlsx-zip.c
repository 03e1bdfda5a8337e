/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-xlsx"

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pd-xlsx-private.h"

/*
 * The workbook's zip, through libarchive's seekable zip reader (it reads the
 * central directory, so a truncated file is refused before any part is
 * used), and its XML parts through libxml2's streaming reader. Every byte a
 * part expands to is counted against one budget, whatever the headers claim,
 * so a zip bomb stops at the limit and not at the end of memory.
 */

static void
close_archive (PdXlsxZip *zip)
{
  if (zip->archive != NULL)
    archive_read_free (zip->archive);
  zip->archive = NULL;
}

static struct archive *
open_archive (PdXlsxZip  *zip,
              GError    **error)
{
  struct archive *a = archive_read_new ();

  archive_read_support_format_zip_seekable (a);
  archive_read_support_filter_none (a);
  if (archive_read_open_filename (a, zip->path, 64 * 1024) != ARCHIVE_OK)
    {
      g_set_error (error, PD_XLSX_ERROR, PD_XLSX_ERROR_CORRUPT,
                   _("%s: the workbook is damaged or truncated (%s); expected a complete .xlsx file"),
                   zip->display, archive_error_string (a) != NULL ? archive_error_string (a) : "?");
      archive_read_free (a);
      return NULL;
    }
  return a;
}

static void
set_encrypted (PdXlsxZip  *zip,
               GError    **error)
{
  g_set_error (error, PD_XLSX_ERROR, PD_XLSX_ERROR_ENCRYPTED,
               _("%s: the file is password protected; expected a workbook saved without a password"),
               zip->display);
}

PdXlsxZip *
pd_xlsx_zip_open (const char  *path,
                  const char  *display,
                  GError     **error)
{
  PdXlsxZip *zip;
  struct archive_entry *entry;
  PdFileKind kind = pd_file_kind_of_path (path);
  GStatBuf st;
  int r;

  zip = g_new0 (PdXlsxZip, 1);
  zip->path = g_strdup (path);
  zip->display = g_strdup (display);

  if (g_stat (path, &st) != 0)
    {
      g_set_error (error, PD_XLSX_ERROR, PD_XLSX_ERROR_IO, _("Cannot read %s: %s"),
                   display, g_strerror (errno));
      pd_xlsx_zip_free (zip);
      return NULL;
    }
  zip->file_size = st.st_size;
  zip->budget = MIN (PD_XLSX_MAX_UNCOMPRESSED, 1024 * 1024 + PD_XLSX_RATIO * zip->file_size);

  if (kind == PD_FILE_KIND_OLE)
    {
      set_encrypted (zip, error);
      pd_xlsx_zip_free (zip);
      return NULL;
    }
  if (kind != PD_FILE_KIND_ZIP)
    {
      g_set_error (error, PD_XLSX_ERROR, PD_XLSX_ERROR_NOT_XLSX,
                   _("%s: the file is not a zip; expected an .xlsx workbook"), display);
      pd_xlsx_zip_free (zip);
      return NULL;
    }

  /* Every entry's header, from the central directory: a truncated file
   * has none. */
  zip->archive = open_archive (zip, error);
  if (zip->archive == NULL)
    {
      pd_xlsx_zip_free (zip);
      return NULL;
    }
  while ((r = archive_read_next_header (zip->archive, &entry)) == ARCHIVE_OK)
    {
      if (archive_entry_is_encrypted (entry))
        {
          set_encrypted (zip, error);
          pd_xlsx_zip_free (zip);
          return NULL;
        }
    }
  if (r != ARCHIVE_EOF)
    {
      g_set_error (error, PD_XLSX_ERROR, PD_XLSX_ERROR_CORRUPT,
                   _("%s: the workbook is damaged or truncated (%s); expected a complete .xlsx file"),
                   display, archive_error_string (zip->archive) != NULL ? archive_error_string (zip->archive) : "?");
      pd_xlsx_zip_free (zip);
      return NULL;
    }
  close_archive (zip);
  return zip;
}

void
pd_xlsx_zip_free (PdXlsxZip *zip)
{
  if (zip == NULL)
    return;
  close_archive (zip);
  g_clear_error (&zip->error);
  g_free (zip->xml_error);
  g_free (zip->path);
  g_free (zip->display);
  g_free (zip);
}

gboolean
pd_xlsx_zip_seek (PdXlsxZip   *zip,
                  const char  *name,
                  GError     **error)
{
  struct archive_entry *entry;
  int r;

  close_archive (zip);
  zip->archive = open_archive (zip, error);
  if (zip->archive == NULL)
    return FALSE;
  while ((r = archive_read_next_header (zip->archive, &entry)) == ARCHIVE_OK)
    {
      const char *path = archive_entry_pathname (entry);

      if (path != NULL && g_ascii_strcasecmp (path, name) == 0)
        {
          zip->entry_size = archive_entry_size_is_set (entry) ? archive_entry_size (entry) : -1;
          zip->entry_read = 0;
          return TRUE;
        }
    }
  if (r != ARCHIVE_EOF)
    g_set_error (error, PD_XLSX_ERROR, PD_XLSX_ERROR_CORRUPT,
                 _("%s: the workbook is damaged or truncated (%s); expected a complete .xlsx file"),
                 zip->display, archive_error_string (zip->archive) != NULL ? archive_error_string (zip->archive) : "?");
  close_archive (zip);
  return FALSE;
}

/* Reads up to @len bytes of the current part, counting them against the
 * budget: -1 with zip->error set on an error. */
static gssize
read_part (PdXlsxZip *zip,
           char      *buf,
           gsize      len)
{
  la_ssize_t n;

  if (zip->error != NULL)
    return -1;
  n = archive_read_data (zip->archive, buf, len);
  if (n < 0)
    {
      g_set_error (&zip->error, PD_XLSX_ERROR, PD_XLSX_ERROR_CORRUPT,
                   _("%s: the workbook is damaged or truncated (%s); expected a complete .xlsx file"),
                   zip->display, archive_error_string (zip->archive) != NULL ? archive_error_string (zip->archive) : "?");
      return -1;
    }
  if ((guint64) n > zip->budget)
    {
      g_set_error (&zip->error, PD_XLSX_ERROR, PD_XLSX_ERROR_TOO_LARGE,
                   _("%s: the workbook expands to more than %" PRIu64 " MiB (a zip bomb?); expected at most %u times its size"),
                   zip->display, (guint64) (MIN (PD_XLSX_MAX_UNCOMPRESSED, 1024 * 1024 + PD_XLSX_RATIO * zip->file_size) >> 20),
                   PD_XLSX_RATIO);
      return -1;
    }
  zip->budget -= n;
  zip->entry_read += n;
  return n;
}

GBytes *
pd_xlsx_zip_read_all (PdXlsxZip  *zip,
                      GError    **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  char buf[16 * 1024];
  gssize n;

  while ((n = read_part (zip, buf, sizeof buf)) > 0)
    {
      if (data->len + n > PD_XLSX_MAX_SMALL_PART)
        {
          g_set_error (error, PD_XLSX_ERROR, PD_XLSX_ERROR_TOO_LARGE,
                       _("%s: a part of the workbook is over %u MiB; expected a smaller one"),
                       zip->display, PD_XLSX_MAX_SMALL_PART >> 20);
          return NULL;
        }
      g_byte_array_append (data, (guint8 *) buf, n);
    }
  if (n < 0)
    {
      g_propagate_error (error, g_steal_pointer (&zip->error));
      return NULL;
    }
  g_byte_array_append (data, (guint8 *) "", 1);
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

static int
xml_read (void *context,
          char *buffer,
          int   len)
{
  return read_part (context, buffer, len);
}

static int
xml_close (void *context)
{
  return 0;
}

static void
xml_error (void        *context,
           xmlErrorPtr  error)
{
  PdXlsxZip *zip = context;

  if (zip->xml_error == NULL && error != NULL && error->message != NULL)
    zip->xml_error = g_strstrip (g_strdup (error->message));
}

xmlTextReaderPtr
pd_xlsx_zip_xml (PdXlsxZip  *zip,
                 const char *name)
{
  xmlTextReaderPtr xml;

  g_clear_pointer (&zip->xml_error, g_free);
  /* No XML_PARSE_NOENT (entities stay unexpanded), no XML_PARSE_DTDLOAD,
   * no XML_PARSE_HUGE (libxml2's own limits on names and text stay). */
  xml = xmlReaderForIO (xml_read, xml_close, zip, name, NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT);
  if (xml != NULL)
    xmlTextReaderSetStructuredErrorHandler (xml, xml_error, zip);
  return xml;
}

int
pd_xlsx_xml_step (PdXlsxZip        *zip,
                  xmlTextReaderPtr  xml,
                  const char       *what,
                  int              *type_out,
                  GError          **error)
{
  int r = xmlTextReaderRead (xml);

  if (r == 1)
    {
      int type = xmlTextReaderNodeType (xml);

      if (type_out != NULL)
        *type_out = type;

      if (type == XML_READER_TYPE_DOCUMENT_TYPE || type == XML_READER_TYPE_ENTITY_REFERENCE ||
          type == XML_READER_TYPE_ENTITY)
        {
          g_set_error (error, PD_XLSX_ERROR, PD_XLSX_ERROR_UNSAFE,
                       _("%s: %s declares a document type or entities; expected plain XML as spreadsheets write it"),
                       zip->display, what);
          return -1;
        }
      return 1;
    }
  if (r == 0)
    return 0;
  if (zip->error != NULL)
    g_propagate_error (error, g_steal_pointer (&zip->error));
  else
    g_set_error (error, PD_XLSX_ERROR, PD_XLSX_ERROR_CORRUPT,
                 _("%s: %s is not well-formed XML (%s); expected a workbook as spreadsheets write it"),
                 zip->display, what, zip->xml_error != NULL ? zip->xml_error : "?");
  return -1;
}

guint64
pd_xlsx_zip_progress (PdXlsxZip *zip)
{
  if (zip->entry_size <= 0)
    return 0;
  return MIN (zip->file_size, (guint64) ((double) zip->entry_read / zip->entry_size * zip->file_size));
}
