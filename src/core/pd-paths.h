/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where the programs' bundled data is.
 *
 * An installed program uses the install prefix (PKGDATADIR, LOCALEDIR).
 * A program run from its meson build tree (/proc/self/exe under the build
 * root) uses the tree's own copies instead: data/programs in the source,
 * po/ and data/ (the compiled GSettings schema) in the build. So
 * `_build/src/cli/partnerdesk-cli import targets FILE` works as it is,
 * without `meson devenv` (which sets the same through the environment).
 * An environment variable, when set, wins over both:
 * PARTNERDESK_PROGRAMS_DIR, PARTNERDESK_LOCALEDIR, GSETTINGS_SCHEMA_DIR. */

gboolean    pd_paths_in_build_tree   (void);
const char *pd_paths_programs_dir    (void);
const char *pd_paths_locale_dir      (void);

/* Where the app's file-format module is (src/gui/pd-formats.h):
 * LIBDIR/partnerdesk, or src/gui in the build tree. */
const char *pd_paths_module_dir      (void);

/* Binds the text domain to pd_paths_locale_dir () and, in the build tree,
 * points GSettings at the build's compiled schema unless
 * GSETTINGS_SCHEMA_DIR is set. Call first in main (), before any thread. */
void        pd_paths_init_program    (void);

G_END_DECLS
