/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-payout-review"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-review-pdf-private.h"

#define PAGE_WIDTH   PD_REVIEW_PAGE_WIDTH
#define PAGE_HEIGHT  PD_REVIEW_PAGE_HEIGHT
#define MARGIN       40.0
#define FOOTER       18.0
#define CELL_PADDING 3.0

static double
pdf_layout (PdReviewPdf          *pdf,
            const char           *text,
            PangoFontDescription *font,
            double                width,
            PangoAlignment        align)
{
  int w, h;

  pango_layout_set_font_description (pdf->layout, font);
  pango_layout_set_width (pdf->layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (pdf->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (pdf->layout, align);
  pango_layout_set_text (pdf->layout, text != NULL ? text : "", -1);
  pango_layout_get_size (pdf->layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static void
pdf_show (PdReviewPdf *pdf,
          double       x,
          double       y)
{
  cairo_move_to (pdf->cr, x, y);
  pango_cairo_show_layout (pdf->cr, pdf->layout);
}

static void
pdf_footer (PdReviewPdf *pdf)
{
  g_autofree char *text = g_strdup_printf (_("Payout review · %s · page %u"), pdf->program_id, pdf->page);

  cairo_set_source_rgb (pdf->cr, 0.4, 0.4, 0.4);
  pdf_layout (pdf, text, pdf->font, PAGE_WIDTH - 2 * MARGIN, PANGO_ALIGN_RIGHT);
  pdf_show (pdf, MARGIN, PAGE_HEIGHT - MARGIN);
  cairo_set_source_rgb (pdf->cr, 0, 0, 0);
}

static void
record_page (PdReviewPdf *pdf)
{
  cairo_rectangle_t extents = { 0, 0, PAGE_WIDTH, PAGE_HEIGHT };

  g_clear_pointer (&pdf->cr, cairo_destroy);
  if (pdf->surface != NULL)
    g_ptr_array_add (pdf->pages, g_steal_pointer (&pdf->surface));
  pdf->surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
  pdf->cr = cairo_create (pdf->surface);
  if (pdf->layout != NULL)
    pango_cairo_update_layout (pdf->cr, pdf->layout);
}

static void
pdf_new_page (PdReviewPdf *pdf)
{
  pdf_footer (pdf);
  if (pdf->pages != NULL)
    record_page (pdf);
  else
    cairo_show_page (pdf->cr);
  pdf->page++;
  pdf->y = MARGIN;
  if (pdf->in_table)
    pd_review_pdf_table_header (pdf);
}

void
pd_review_pdf_paragraph (PdReviewPdf          *pdf,
                         const char           *text,
                         PangoFontDescription *font,
                         double                indent,
                         double                space_after)
{
  double h = pdf_layout (pdf, text, font, PAGE_WIDTH - 2 * MARGIN - indent, PANGO_ALIGN_LEFT);

  if (pdf->y + h > PAGE_HEIGHT - MARGIN - FOOTER)
    {
      pdf_new_page (pdf);
      pdf_layout (pdf, text, font, PAGE_WIDTH - 2 * MARGIN - indent, PANGO_ALIGN_LEFT);
    }
  pdf_show (pdf, MARGIN + indent, pdf->y);
  pdf->y += h + space_after;
}

void
pd_review_pdf_row (PdReviewPdf          *pdf,
                   const char * const   *cells,
                   PangoFontDescription *font,
                   gboolean              header)
{
  double height = 0;
  double x = MARGIN;

  for (guint i = 0; i < PD_REVIEW_N_COLUMNS; i++)
    height = MAX (height, pdf_layout (pdf, cells[i], font,
                                      pdf->columns[i].width - 2 * CELL_PADDING,
                                      pdf->columns[i].align));
  height += 2 * CELL_PADDING;

  if (!header && pdf->y + height > PAGE_HEIGHT - MARGIN - FOOTER)
    pdf_new_page (pdf);

  if (header)
    {
      cairo_set_source_rgb (pdf->cr, 0.90, 0.92, 0.95);
      cairo_rectangle (pdf->cr, MARGIN, pdf->y, PAGE_WIDTH - 2 * MARGIN, height);
      cairo_fill (pdf->cr);
      cairo_set_source_rgb (pdf->cr, 0, 0, 0);
    }

  for (guint i = 0; i < PD_REVIEW_N_COLUMNS; i++)
    {
      pdf_layout (pdf, cells[i], font, pdf->columns[i].width - 2 * CELL_PADDING, pdf->columns[i].align);
      pdf_show (pdf, x + CELL_PADDING, pdf->y + CELL_PADDING);
      x += pdf->columns[i].width;
    }
  pdf->y += height;

  cairo_set_source_rgb (pdf->cr, 0.75, 0.75, 0.75);
  cairo_set_line_width (pdf->cr, 0.4);
  cairo_move_to (pdf->cr, MARGIN, pdf->y);
  cairo_line_to (pdf->cr, PAGE_WIDTH - MARGIN, pdf->y);
  cairo_stroke (pdf->cr);
  cairo_set_source_rgb (pdf->cr, 0, 0, 0);
}

void
pd_review_pdf_table_header (PdReviewPdf *pdf)
{
  const char *cells[PD_REVIEW_N_COLUMNS];

  for (guint i = 0; i < PD_REVIEW_N_COLUMNS; i++)
    cells[i] = pdf->columns[i].title;
  pd_review_pdf_row (pdf, cells, pdf->bold, TRUE);
}

void
pd_review_pdf_init (PdReviewPdf     *pdf,
                    cairo_surface_t *surface,
                    const char      *program_id)
{
  const PdReviewColumn columns[PD_REVIEW_N_COLUMNS] = {
    { _("Seller"), 140, PANGO_ALIGN_LEFT },
    { _("Store"), 62, PANGO_ALIGN_LEFT },
    { _("Market"), 50, PANGO_ALIGN_LEFT },
    { _("Verdict and stage"), 106, PANGO_ALIGN_LEFT },
    { _("Reward"), 62, PANGO_ALIGN_RIGHT },
    /* Translators: the governance factor, as a short table heading. */
    { C_("payout review", "Factor"), 50, PANGO_ALIGN_RIGHT },
    { _("Payable"), 62, PANGO_ALIGN_RIGHT },
    { _("What is missing"), 0, PANGO_ALIGN_LEFT },
  };
  cairo_font_options_t *options;
  double used = 0;

  memset (pdf, 0, sizeof *pdf);
  memcpy (pdf->columns, columns, sizeof columns);
  for (guint i = 0; i < PD_REVIEW_COL_MISSING; i++)
    used += pdf->columns[i].width;
  pdf->columns[PD_REVIEW_COL_MISSING].width = PAGE_WIDTH - 2 * MARGIN - used;

  if (surface != NULL)
    {
      pdf->surface = surface;
      pdf->cr = cairo_create (surface);
    }
  else
    {
      pdf->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
      record_page (pdf);
    }

  pdf->layout = pango_cairo_create_layout (pdf->cr);
  /* What a PDF surface uses: the text measures the same, and breaks the
   * same pages, on a recording surface. */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (pango_layout_get_context (pdf->layout), options);
  pango_layout_context_changed (pdf->layout);
  cairo_font_options_destroy (options);
  /* Latin from DejaVu (Noto Sans CJK sets ’ and • full width), Chinese
   * from Noto Sans CJK SC. */
  pdf->font = pango_font_description_from_string ("DejaVu Sans, Noto Sans CJK SC 7.5");
  pdf->bold = pango_font_description_from_string ("DejaVu Sans, Noto Sans CJK SC Bold 7.5");
  pdf->title = pango_font_description_from_string ("DejaVu Sans, Noto Sans CJK SC Bold 15");
  pdf->y = MARGIN;
  pdf->page = 1;
  pdf->program_id = program_id;
}

void
pd_review_pdf_end (PdReviewPdf *pdf)
{
  pdf_footer (pdf);
  if (pdf->pages != NULL)
    {
      g_clear_pointer (&pdf->cr, cairo_destroy);
      g_ptr_array_add (pdf->pages, g_steal_pointer (&pdf->surface));
    }
  else
    cairo_surface_finish (pdf->surface);
}

GPtrArray *
pd_review_pdf_take_pages (PdReviewPdf *pdf)
{
  return g_steal_pointer (&pdf->pages);
}

void
pd_review_pdf_clear (PdReviewPdf *pdf)
{
  g_clear_object (&pdf->layout);
  g_clear_pointer (&pdf->font, pango_font_description_free);
  g_clear_pointer (&pdf->bold, pango_font_description_free);
  g_clear_pointer (&pdf->title, pango_font_description_free);
  g_clear_pointer (&pdf->cr, cairo_destroy);
  g_clear_pointer (&pdf->surface, cairo_surface_destroy);
  g_clear_pointer (&pdf->pages, g_ptr_array_unref);
}
