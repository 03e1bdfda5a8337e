/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "pd-context.h"
#include "pd-link.h"

G_BEGIN_DECLS

#define PD_TYPE_LINKS_PAGE (pd_links_page_get_type ())

G_DECLARE_FINAL_TYPE (PdLinksPage, pd_links_page, PD, LINKS_PAGE, GtkWidget)

/* The Links page: every onboarding and authorization link with its
 * state, merchant, times and staff, filtered by state; copy, QR code,
 * revoke, export CSV. Its "context" property may be set after
 * construction (bound from the window's). */
GtkWidget   *pd_links_page_new         (PdContext   *context);
PdContext   *pd_links_page_get_context (PdLinksPage *self);
void         pd_links_page_set_context (PdLinksPage *self,
                                        PdContext   *context);
/* The page's model and selection, for tests. */
GListModel  *pd_links_page_get_model   (PdLinksPage *self);
GtkSelectionModel *pd_links_page_get_selection (PdLinksPage *self);
/* Writes the links the page shows (its state filter) as CSV, or .xlsx,
 * to @path (pd_export_links(), as `export links --state` does) in a
 * thread; a toast says how it went. */
void         pd_links_page_export      (PdLinksPage *self,
                                        const char  *path);
/* NULL for all, else a state; what the dropdown selects. */
void         pd_links_page_set_state_filter (PdLinksPage *self,
                                             const char  *state);

/* The merchant cell's tooltip: @merchant, then a line per column that a
 * narrow page hides ("Kind: Onboarding", "Used: 2026-03-31 10:00"). */
char        *pd_links_page_describe_link (const PdLink *link,
                                          const char   *merchant);

G_END_DECLS
