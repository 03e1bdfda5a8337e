/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "pd-funnel.h"
#include "pd-projection-history.h"

G_BEGIN_DECLS

/* The Overview's charts, drawn with GtkSnapshot in the theme's colours
 * (libadwaita's named colours: light, dark and high contrast follow),
 * each with its figures in words as its accessible description.
 *
 * PdOverviewFunnel: one row per step of the quarter's funnel (pd-funnel.h),
 * its count and reward, and those lost before it; clicking a step (or
 * Enter on the focused step) activates win.show-merchants for it.
 *
 * PdOverviewWeeks: payout by week of onboarding, confirmed and pending
 * stacked. */

#define PD_TYPE_OVERVIEW_FUNNEL (pd_overview_funnel_get_type ())
G_DECLARE_FINAL_TYPE (PdOverviewFunnel, pd_overview_funnel, PD, OVERVIEW_FUNNEL, GtkWidget)

GtkWidget  *pd_overview_funnel_new           (void);
/* @funnel is copied; @rules gives the program's id and dates. */
void        pd_overview_funnel_set_funnel    (PdOverviewFunnel *self,
                                              PdRules          *rules,
                                              const PdFunnel   *funnel);
/* The figures in words, as the screen reader reads them. */
const char *pd_overview_funnel_get_text      (PdOverviewFunnel *self);
/* What clicking @step activates: win.show-merchants's "(sii)" target. */
GVariant   *pd_overview_funnel_step_target   (PdOverviewFunnel *self,
                                              PdFunnelStep      step);

#define PD_TYPE_OVERVIEW_WEEKS (pd_overview_weeks_get_type ())
G_DECLARE_FINAL_TYPE (PdOverviewWeeks, pd_overview_weeks, PD, OVERVIEW_WEEKS, GtkWidget)

GtkWidget  *pd_overview_weeks_new            (void);
void        pd_overview_weeks_set_funnel     (PdOverviewWeeks  *self,
                                              PdRules          *rules,
                                              const PdFunnel   *funnel);
const char *pd_overview_weeks_get_text       (PdOverviewWeeks  *self);

/* PdOverviewTrend: confirmed, expected and upper as they stood after each
 * import and sync (pd-projection-history.h), over the quarter. */
#define PD_TYPE_OVERVIEW_TREND (pd_overview_trend_get_type ())
G_DECLARE_FINAL_TYPE (PdOverviewTrend, pd_overview_trend, PD, OVERVIEW_TREND, GtkWidget)

GtkWidget  *pd_overview_trend_new            (void);
/* @points: PdProjectionPoint, oldest first (kept). */
void        pd_overview_trend_set_points     (PdOverviewTrend  *self,
                                              PdRules          *rules,
                                              GArray           *points);
const char *pd_overview_trend_get_text       (PdOverviewTrend  *self);

/* Shared by the charts: a named colour of the theme, or @fallback. */
void        pd_overview_chart_color          (GtkWidget        *widget,
                                              const char       *name,
                                              GdkRGBA          *out);
/* Text at (@x, @y) in @color; returns the layout's width. */
int         pd_overview_chart_text           (GtkWidget        *widget,
                                              GtkSnapshot      *snapshot,
                                              PangoLayout      *layout,
                                              const char       *text,
                                              float             x,
                                              float             y,
                                              const GdkRGBA    *color);

G_END_DECLS
