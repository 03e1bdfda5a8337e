/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "pd-importer.h"
#include "pd-test-q1.h"

char *
pd_test_q1_path (const char *name)
{
  const char *fixtures = g_getenv ("PARTNERDESK_FIXTURES_DIR");

  g_assert_nonnull (fixtures);
  return g_build_filename (fixtures, "q1-example", name, NULL);
}

static void
import_file (PdStore      *store,
             PdImportKind  kind,
             const char   *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdImporter) importer = pd_importer_new (kind, path);

  if (kind == PD_IMPORT_KIND_TARGETS)
    pd_importer_set_program_id (importer, PD_TEST_Q1_PROGRAM);
  g_assert_true (pd_importer_run (importer, store, NULL, &error));
  g_assert_no_error (error);
}

PdStore *
pd_test_q1_store_new (const char  *test,
                      char       **dir)
{
  static const char *names[] = { "rates.csv", "targets.csv", "links.csv", "stores.csv" };
  static const PdImportKind kinds[] = { PD_IMPORT_KIND_RATES, PD_IMPORT_KIND_TARGETS,
                                        PD_IMPORT_KIND_LINKS, PD_IMPORT_KIND_STORES };
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("pd-test-%s-XXXXXX", test);
  g_autofree char *path = NULL;
  g_autofree char *program = NULL;
  PdStore *store;

  *dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  path = g_build_filename (*dir, "store.db", NULL);
  store = pd_store_open (path, &error);
  g_assert_no_error (error);
  program = g_build_filename (g_getenv ("PARTNERDESK_PROGRAMS_DIR"), PD_TEST_Q1_PROGRAM ".json", NULL);
  import_file (store, PD_IMPORT_KIND_PROGRAM, program);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *file = pd_test_q1_path (names[i]);

      import_file (store, kinds[i], file);
    }
  return store;
}

void
pd_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

void
pd_test_q1_fixture_set_up (PdTestQ1Fixture *f,
                           gconstpointer    test)
{
  f->store = pd_test_q1_store_new (test, &f->dir);
}

void
pd_test_q1_fixture_tear_down (PdTestQ1Fixture *f,
                              gconstpointer    test)
{
  g_clear_object (&f->store);
  pd_test_remove_dir (f->dir);
  g_free (f->dir);
}
