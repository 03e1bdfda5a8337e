/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the Overview's files share (pd-overview-page.c: reading the store
 * and showing a snapshot; pd-overview-page-export.c: Export Payout
 * Review…), as the Merchants page splits off its actions. */

#include "pd-overview-list.h"
#include "pd-overview-page.h"
#include "pd-overview-reconciliation.h"
#include "pd-overview-snapshot.h"

G_BEGIN_DECLS

struct _PdOverviewPage
{
  GtkWidget            parent_instance;

  PdContext           *context;
  gint64               as_of;          /* 0: now */
  char                *program_id;     /* the selected program */
  GPtrArray           *program_ids;    /* parallel to program_names */
  gboolean             filling_programs;
  GCancellable        *cancellable;    /* the snapshot being read */
  GCancellable        *export_cancellable;
  guint                refresh_source;
  guint                now_source;
  gulong               started_id;     /* waiting for the first frame */
  PdOverviewSnapshot  *snapshot;       /* the one shown */
  gint64               load_started;   /* monotonic, for the debug log */
  gboolean             busy;
  gboolean             exporting;
  gboolean             printing;       /* Print…'s pages or dialog under way */

  /* pd-overview-page.ui */
  GtkStack            *stack;
  AdwStatusPage       *overview_status;
  AdwStatusPage       *error_status;
  GtkSpinner          *loading_spinner;
  AdwBin              *data_bin;
  GtkStringList       *program_names;  /* the program row's */

  /* pd-overview-data.ui: NULL until the first snapshot is shown
   * (pd_overview_page_build_sections()). */
  GtkBuilder          *sections;
  AdwComboRow         *program_row;
  AdwActionRow        *as_of_row;
  GtkSpinner          *busy_spinner;
  AdwPreferencesGroup *payout_group;
  GtkWidget           *export_button;
  GtkLabel            *confirmed_amount_label;
  GtkLabel            *confirmed_detail_label;
  GtkWidget           *expected_card;
  GtkLabel            *expected_amount_label;
  GtkLabel            *expected_detail_label;
  GtkLabel            *expected_model_label;
  GtkLabel            *upper_amount_label;
  GtkLabel            *upper_detail_label;
  GtkLabel            *governance_factor_label;
  GtkLabel            *governance_detail_label;
  GtkBox              *charts_box;
  GtkWidget           *funnel_chart;   /* NULL until the first snapshot */
  GtkWidget           *weeks_chart;
  GtkWidget           *trend_chart;
  GtkBox              *insights_box;
  GtkWidget           *changes;        /* NULL until the first snapshot */
  GtkWidget           *assumptions;
  AdwPreferencesGroup *at_risk_group;
  GtkWidget           *at_risk_scroller;
  GtkWidget           *at_risk_empty;
  PdOverviewList      *at_risk_list;
  GtkListView         *at_risk_view;
  AdwPreferencesGroup *benefit_group;
  GtkWidget           *benefit_scroller;
  GtkWidget           *benefit_empty;
  PdOverviewList      *benefit_list;
  GtkListView         *benefit_view;
  PdOverviewReconciliation *reconciliation;
  AdwPreferencesGroup *payouts_group;
  GtkWidget           *payouts_scroller;
  GtkWidget           *payouts_empty;
  PdOverviewList      *payouts_list;
  GtkListView         *payouts_view;
  AdwPreferencesGroup *authorizations_group;
  GtkWidget           *authorizations_scroller;
  GtkWidget           *authorizations_empty;
  PdOverviewList      *authorizations_list;
  GtkListView         *authorizations_view;
};

/* pd-overview-page-export.c: the "overview.export" action. */
void pd_overview_page_export_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter);

/* pd-overview-page-print.c: the "overview.print" action (Ctrl+P). */
void pd_overview_page_print_action  (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter);

/* pd-overview-page-data.c: builds the sections under data_bin and sets
 * the fields from pd-overview-data.ui; FALSE if they were built already. */
gboolean pd_overview_page_build_sections (PdOverviewPage *self);

/* pd-overview-charts.c: the funnel and weekly payout of @snapshot. */
void pd_overview_page_show_charts   (PdOverviewPage     *self,
                                     PdOverviewSnapshot *snapshot);

/* pd-overview-insights.c: what changed and the assumptions of @snapshot. */
void pd_overview_page_show_insights (PdOverviewPage     *self,
                                     PdOverviewSnapshot *snapshot);

G_END_DECLS
