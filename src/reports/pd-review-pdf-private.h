/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "pd-payout-review.h"

G_BEGIN_DECLS

/* The payout review's pages, drawn with cairo and Pango (pd-payout-review.c
 * says what goes on them): a title, paragraphs, a table whose header
 * repeats on every page, a footer with the page number. The same drawing
 * goes to a PDF surface (the export) or to one recording surface per page
 * (the print, which replays them onto the printer's cairo context), so a
 * printed review has the pages of the PDF. */

/* A4 landscape, in points: the entries' table has eight columns, three
 * of them amounts finance adds up. */
#define PD_REVIEW_PAGE_WIDTH   PD_PAYOUT_REVIEW_PAGE_WIDTH
#define PD_REVIEW_PAGE_HEIGHT  PD_PAYOUT_REVIEW_PAGE_HEIGHT

typedef struct
{
  const char     *title;
  double          width;
  PangoAlignment  align;
} PdReviewColumn;

enum { PD_REVIEW_COL_SELLER, PD_REVIEW_COL_STORE, PD_REVIEW_COL_MARKET, PD_REVIEW_COL_VERDICT,
       PD_REVIEW_COL_REWARD, PD_REVIEW_COL_FACTOR, PD_REVIEW_COL_PAYABLE, PD_REVIEW_COL_MISSING,
       PD_REVIEW_N_COLUMNS };

typedef struct
{
  cairo_surface_t      *surface;
  cairo_t              *cr;
  GPtrArray            *pages;  /* recording: the finished pages; NULL for a PDF */
  PangoLayout          *layout;
  PangoFontDescription *font;
  PangoFontDescription *bold;
  PangoFontDescription *title;
  PdReviewColumn        columns[PD_REVIEW_N_COLUMNS];
  double                y;
  guint                 page;
  const char           *program_id;
  gboolean              in_table;
} PdReviewPdf;

/* @surface: a PDF surface of the page size (taken), or NULL to record
 * each page (pd_review_pdf_take_pages()). */
void       pd_review_pdf_init       (PdReviewPdf          *pdf,
                                     cairo_surface_t      *surface,
                                     const char           *program_id);
void       pd_review_pdf_clear      (PdReviewPdf          *pdf);

/* A paragraph across the page. */
void       pd_review_pdf_paragraph  (PdReviewPdf          *pdf,
                                     const char           *text,
                                     PangoFontDescription *font,
                                     double                indent,
                                     double                space_after);
/* One table row; cells wrap, the row is as tall as its tallest cell and
 * moves to the next page whole. */
void       pd_review_pdf_row        (PdReviewPdf          *pdf,
                                     const char * const   *cells,
                                     PangoFontDescription *font,
                                     gboolean              header);
void       pd_review_pdf_table_header (PdReviewPdf        *pdf);
/* The last page's footer; a PDF's surface is finished after it. */
void       pd_review_pdf_end        (PdReviewPdf          *pdf);
/* Recording: the pages (cairo_surface_t, each PD_REVIEW_PAGE_WIDTH x
 * PD_REVIEW_PAGE_HEIGHT), after pd_review_pdf_end(). */
GPtrArray *pd_review_pdf_take_pages (PdReviewPdf          *pdf);

G_END_DECLS
