/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-xlsx"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pd-xlsx-workbook.h"

/*
 * The workbook's map: the main part (from _rels/.rels), its sheets in order
 * with their parts, the shared strings' and the styles' parts, and the date
 * system. Only the relationships are followed; part names are never guessed
 * beyond the usual defaults.
 */

void
pd_xlsx_workbook_clear (PdXlsxWorkbook *book)
{
  g_clear_pointer (&book->sheet_names, g_ptr_array_unref);
  g_clear_pointer (&book->sheet_parts, g_ptr_array_unref);
  g_clear_pointer (&book->strings_part, g_free);
  g_clear_pointer (&book->styles_part, g_free);
}

/* Resolves a relationship's target against the folder of the part that
 * holds the relationships ("xl/"). */
static char *
resolve (const char *base_dir,
         const char *target)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  g_autofree char *joined = NULL;

  if (target[0] == '/')
    joined = g_strdup (target + 1);
  else
    joined = g_strconcat (base_dir, target, NULL);
  parts = g_strsplit (joined, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' || g_str_equal (parts[i], "."))
        continue;
      if (g_str_equal (parts[i], ".."))
        {
          if (out->len > 0)
            g_ptr_array_remove_index (out, out->len - 1);
          continue;
        }
      g_ptr_array_add (out, parts[i]);
    }
  g_ptr_array_add (out, NULL);
  return g_strjoinv ("/", (char **) out->pdata);
}

typedef struct
{
  char *id;
  char *type;
  char *target;
} Rel;

static void
rel_free (Rel *rel)
{
  g_free (rel->id);
  g_free (rel->type);
  g_free (rel->target);
  g_free (rel);
}

/* The relationships in the part @name, NULL on an error; empty when the
 * part is absent. */
static GPtrArray *
read_rels (PdXlsxZip   *zip,
           const char  *name,
           const char  *base_dir,
           GError     **error)
{
  g_autoptr(GPtrArray) rels = g_ptr_array_new_with_free_func ((GDestroyNotify) rel_free);
  xmlTextReaderPtr xml;
  GError *local_error = NULL;
  int r;

  if (!pd_xlsx_zip_seek (zip, name, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      return g_steal_pointer (&rels);
    }
  xml = pd_xlsx_zip_xml (zip, name);
  while ((r = pd_xlsx_xml_step (zip, xml, name, NULL, error)) == 1)
    {
      g_autofree char *target = NULL;
      Rel *rel;

      if (xmlTextReaderNodeType (xml) != XML_READER_TYPE_ELEMENT ||
          !g_str_equal ((const char *) xmlTextReaderConstLocalName (xml), "Relationship"))
        continue;
      target = (char *) xmlTextReaderGetAttribute (xml, BAD_CAST "Target");
      if (target == NULL)
        continue;
      rel = g_new0 (Rel, 1);
      rel->id = (char *) xmlTextReaderGetAttribute (xml, BAD_CAST "Id");
      rel->type = (char *) xmlTextReaderGetAttribute (xml, BAD_CAST "Type");
      rel->target = resolve (base_dir, target);
      g_ptr_array_add (rels, rel);
    }
  xmlFreeTextReader (xml);
  if (r < 0)
    return NULL;
  return g_steal_pointer (&rels);
}

static const Rel *
find_rel (GPtrArray  *rels,
          const char *type_suffix,
          const char *id)
{
  for (guint i = 0; i < rels->len; i++)
    {
      const Rel *rel = g_ptr_array_index (rels, i);

      if (type_suffix != NULL && rel->type != NULL && g_str_has_suffix (rel->type, type_suffix))
        return rel;
      if (id != NULL && rel->id != NULL && g_str_equal (rel->id, id))
        return rel;
    }
  return NULL;
}

static gboolean
read_workbook (PdXlsxWorkbook  *book,
               PdXlsxZip       *zip,
               const char      *part,
               GPtrArray       *ids,
               GError         **error)
{
  xmlTextReaderPtr xml;
  GError *local_error = NULL;
  int r;

  if (!pd_xlsx_zip_seek (zip, part, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        g_set_error (error, PD_XLSX_ERROR, PD_XLSX_ERROR_NOT_XLSX,
                     _("%s: the zip holds no workbook; expected an .xlsx file"), zip->display);
      return FALSE;
    }
  xml = pd_xlsx_zip_xml (zip, part);
  while ((r = pd_xlsx_xml_step (zip, xml, "workbook.xml", NULL, error)) == 1)
    {
      const char *name;

      if (xmlTextReaderNodeType (xml) != XML_READER_TYPE_ELEMENT)
        continue;
      name = (const char *) xmlTextReaderConstLocalName (xml);
      if (g_str_equal (name, "workbookPr"))
        {
          g_autofree char *value = (char *) xmlTextReaderGetAttribute (xml, BAD_CAST "date1904");

          book->date1904 = value != NULL && (g_str_equal (value, "1") || g_ascii_strcasecmp (value, "true") == 0);
        }
      else if (g_str_equal (name, "sheet"))
        {
          char *sheet_name = (char *) xmlTextReaderGetAttribute (xml, BAD_CAST "name");
          char *id = NULL;

          while (xmlTextReaderMoveToNextAttribute (xml) == 1)
            if (xmlTextReaderConstPrefix (xml) != NULL &&
                g_str_equal ((const char *) xmlTextReaderConstLocalName (xml), "id"))
              id = g_strdup ((const char *) xmlTextReaderConstValue (xml));
          xmlTextReaderMoveToElement (xml);
          if (sheet_name == NULL || id == NULL)
            {
              xmlFree (sheet_name);
              g_free (id);
              continue;
            }
          g_ptr_array_add (book->sheet_names, g_strdup (sheet_name));
          xmlFree (sheet_name);
          g_ptr_array_add (ids, id);
        }
    }
  xmlFreeTextReader (xml);
  return r == 0;
}

gboolean
pd_xlsx_workbook_read (PdXlsxWorkbook  *book,
                       PdXlsxZip       *zip,
                       GError         **error)
{
  g_autoptr(GPtrArray) root = NULL;
  g_autoptr(GPtrArray) rels = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *part = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *rels_name = NULL;
  const Rel *rel;

  book->sheet_names = g_ptr_array_new_with_free_func (g_free);
  book->sheet_parts = g_ptr_array_new_with_free_func (g_free);

  root = read_rels (zip, "_rels/.rels", "", error);
  if (root == NULL)
    return FALSE;
  rel = find_rel (root, "/officeDocument", NULL);
  part = g_strdup (rel != NULL ? rel->target : "xl/workbook.xml");
  if (!read_workbook (book, zip, part, ids, error))
    return FALSE;

  dir = g_path_get_dirname (part);
  base = g_path_get_basename (part);
  if (g_str_equal (dir, "."))
    {
      g_free (dir);
      dir = g_strdup ("");
    }
  else
    {
      char *with_slash = g_strconcat (dir, "/", NULL);

      g_free (dir);
      dir = with_slash;
    }
  rels_name = g_strconcat (dir, "_rels/", base, ".rels", NULL);
  rels = read_rels (zip, rels_name, dir, error);
  if (rels == NULL)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      rel = find_rel (rels, NULL, g_ptr_array_index (ids, i));
      g_ptr_array_add (book->sheet_parts, rel != NULL ? g_strdup (rel->target) : NULL);
    }
  rel = find_rel (rels, "/sharedStrings", NULL);
  if (rel != NULL)
    book->strings_part = g_strdup (rel->target);
  rel = find_rel (rels, "/styles", NULL);
  if (rel != NULL)
    book->styles_part = g_strdup (rel->target);

  if (book->sheet_names->len == 0)
    {
      g_set_error (error, PD_XLSX_ERROR, PD_XLSX_ERROR_NOT_XLSX,
                   _("%s: the workbook has no sheets; expected at least one"), zip->display);
      return FALSE;
    }
  return TRUE;
}

GStrv
pd_xlsx_list_sheets (const char  *path,
                     GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  PdXlsxZip *zip = pd_xlsx_zip_open (path, display, error);
  PdXlsxWorkbook book = { 0 };
  GStrv names = NULL;

  if (zip == NULL)
    return NULL;
  if (pd_xlsx_workbook_read (&book, zip, error))
    {
      g_ptr_array_add (book.sheet_names, NULL);
      names = (GStrv) g_ptr_array_steal (book.sheet_names, NULL);
    }
  pd_xlsx_workbook_clear (&book);
  pd_xlsx_zip_free (zip);
  return names;
}
