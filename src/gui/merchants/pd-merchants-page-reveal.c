/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-merchants"

#include "config.h"

#include "pd-merchants-page-private.h"

/* Opening the page on one merchant or one slice of them, for other pages
 * (the Overview's at-risk list and funnel): the filters are set as the
 * user would set them, and a merchant asked for before the rows are
 * ready (the page was just built) is shown once they are. */

static guint
index_of (GPtrArray  *values,
          const char *value)
{
  for (guint i = 1; value != NULL && values != NULL && i < values->len; i++)
    if (g_strcmp0 (g_ptr_array_index (values, i), value) == 0)
      return i;
  return 0;
}

void
pd_merchants_page_set_filters (PdMerchantsPage *self,
                               const char      *program_id,
                               int              stage,
                               int              verdict)
{
  guint stage_position = 0;

  g_return_if_fail (PD_IS_MERCHANTS_PAGE (self));

  g_clear_pointer (&self->reveal_seller, g_free);
  if (stage >= 0 && stage < PD_N_STAGE_NAMES)
    stage_position = pd_stage_to_position ((PdStage) stage) + 1;
  g_free (self->filter_program);
  self->filter_program = g_strdup (program_id);

  self->updating_filters = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->program_dropdown, index_of (self->program_ids, program_id));
  gtk_drop_down_set_selected (self->verdict_dropdown, verdict >= 0 ? (guint) verdict + 1 : 0);
  gtk_drop_down_set_selected (self->stage_dropdown, stage_position);
  gtk_drop_down_set_selected (self->market_dropdown, 0);
  gtk_drop_down_set_selected (self->staff_dropdown, 0);
  self->updating_filters = FALSE;
  pd_merchants_page_requery (self);
}

/* Selects the pending merchant's row and opens its checklist, once the
 * rows are there. */
void
pd_merchants_page_reveal_pending (PdMerchantsPage *self)
{
  GListModel *model = G_LIST_MODEL (self->model);
  guint n;

  if (self->model == NULL || self->state.as_of == 0)
    return;

  /* The program the filters were asked for, once the list has it. */
  if (self->filter_program != NULL && index_of (self->program_ids, self->filter_program) > 0)
    {
      gtk_drop_down_set_selected (self->program_dropdown, index_of (self->program_ids, self->filter_program));
      g_clear_pointer (&self->filter_program, g_free);
    }
  if (self->reveal_seller == NULL)
    return;
  pd_merchants_page_requery (self);

  /* The search narrowed the rows to this seller's. */
  n = MIN (g_list_model_get_n_items (model), 200);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdMerchantItem) item = g_list_model_get_item (model, i);
      const PdMerchantRow *row = pd_merchant_item_get_row (item);

      if (g_strcmp0 (row->seller_id, self->reveal_seller) == 0)
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i, TRUE);
          pd_merchants_page_show_details (self);
          break;
        }
    }
  g_clear_pointer (&self->reveal_seller, g_free);
}

void
pd_merchants_page_show_merchant (PdMerchantsPage *self,
                                 const char      *program_id,
                                 const char      *seller_id)
{
  g_return_if_fail (PD_IS_MERCHANTS_PAGE (self));
  g_return_if_fail (seller_id != NULL);

  pd_merchants_page_set_filters (self, program_id, -1, -1);
  g_free (self->reveal_seller);
  self->reveal_seller = g_strdup (seller_id);
  self->updating_filters = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), seller_id);
  self->updating_filters = FALSE;
  pd_merchants_page_reveal_pending (self);
}
