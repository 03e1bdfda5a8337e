/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-projection-setup.h"
#include "pd-store-entries.h"

gboolean
pd_projection_setup_load_rules (PdProjectionSetup  *setup,
                                PdStore            *store,
                                const char         *program_id,
                                GError            **error)
{
  g_return_val_if_fail (setup != NULL, FALSE);
  g_return_val_if_fail (PD_IS_STORE (store), FALSE);
  g_return_val_if_fail (program_id != NULL, FALSE);

  pd_projection_setup_clear (setup);
  setup->rules = pd_store_load_rules (store, program_id, error);
  return setup->rules != NULL;
}

gboolean
pd_projection_setup_set_as_of (PdProjectionSetup  *setup,
                               PdStore            *store,
                               gint64              as_of,
                               GError            **error)
{
  g_return_val_if_fail (setup != NULL && setup->rules != NULL, FALSE);
  g_return_val_if_fail (PD_IS_STORE (store), FALSE);

  setup->as_of = as_of;
  memset (&setup->model, 0, sizeof setup->model);
  if (setup->rules->kind != PD_PROGRAM_KIND_RECRUITMENT)
    return TRUE;
  return pd_store_load_expected_model (store, setup->rules, as_of, &setup->model, error);
}

gboolean
pd_projection_setup_load (PdProjectionSetup  *setup,
                          PdStore            *store,
                          const char         *program_id,
                          gint64              as_of,
                          GError            **error)
{
  return pd_projection_setup_load_rules (setup, store, program_id, error) &&
         pd_projection_setup_set_as_of (setup, store, as_of, error);
}

void
pd_projection_setup_clear (PdProjectionSetup *setup)
{
  g_clear_pointer (&setup->rules, pd_rules_unref);
  setup->as_of = 0;
  memset (&setup->model, 0, sizeof setup->model);
}

typedef struct
{
  PdRules               *rules;
  gint64                 as_of;
  PdProjection          *projection;
  GArray                *verdicts;
  PdProjectionEntryFunc  func;
  gpointer               user_data;
  GCancellable          *cancellable;
} Pass;

static gboolean
on_seller_cb (const PdSellerInput  *seller,
              gpointer              user_data,
              GError              **error)
{
  Pass *pass = user_data;
  PdEntryVerdict *verdicts;
  guint n;

  if (pass->cancellable != NULL &&
      g_cancellable_set_error_if_cancelled (pass->cancellable, error))
    return FALSE;

  g_array_set_size (pass->verdicts, MAX (seller->n_stores, 1));
  verdicts = (PdEntryVerdict *) (void *) pass->verdicts->data;
  n = pd_engine_evaluate_seller (pass->rules, pass->as_of, seller, verdicts);
  for (guint i = 0; i < n; i++)
    {
      pd_projection_add (pass->projection, &verdicts[i]);
      if (pass->func != NULL)
        pass->func (pass->projection, &verdicts[i], pass->user_data);
    }
  return TRUE;
}

PdProjection *
pd_projection_setup_run_full (PdProjectionSetup      *setup,
                              PdStore                *store,
                              PdStoreEntriesFlags     flags,
                              PdProjectionEntryFunc   func,
                              gpointer                user_data,
                              GCancellable           *cancellable,
                              GError                **error)
{
  g_autoptr(PdProjection) projection = NULL;
  g_autoptr(GArray) verdicts = NULL;
  Pass pass;

  g_return_val_if_fail (setup != NULL && setup->rules != NULL, NULL);
  g_return_val_if_fail (setup->rules->kind == PD_PROGRAM_KIND_RECRUITMENT, NULL);
  g_return_val_if_fail (PD_IS_STORE (store), NULL);

  projection = pd_projection_new (setup->rules, setup->as_of, &setup->model);
  verdicts = g_array_new (FALSE, TRUE, sizeof (PdEntryVerdict));
  pass.rules = setup->rules;
  pass.as_of = setup->as_of;
  pass.projection = projection;
  pass.verdicts = verdicts;
  pass.func = func;
  pass.user_data = user_data;
  pass.cancellable = cancellable;

  if (!pd_store_foreach_seller (store, setup->rules->program_id, flags,
                                on_seller_cb, &pass, error) ||
      !pd_projection_finish (projection, error))
    return NULL;
  return g_steal_pointer (&projection);
}

PdProjection *
pd_projection_setup_run (PdProjectionSetup  *setup,
                         PdStore            *store,
                         GCancellable       *cancellable,
                         GError            **error)
{
  return pd_projection_setup_run_full (setup, store, PD_STORE_ENTRIES_DEFAULT, NULL, NULL,
                                       cancellable, error);
}

void
pd_projection_append_missing (PdRules              *rules,
                              gint64                as_of,
                              const PdEntryVerdict *v,
                              GString              *out)
{
  PdConditionState wanted;

  if (v->verdict == PD_VERDICT_QUALIFIED)
    return;
  wanted = v->verdict == PD_VERDICT_LOST ? PD_CONDITION_STATE_FAILED : PD_CONDITION_STATE_UNMET;

  for (guint c = 0; c < PD_N_CONDITIONS; c++)
    {
      if (!(v->conditions & PD_CONDITION_BIT (c)) || v->results[c].state != wanted)
        continue;
      if (out->len > 0)
        g_string_append (out, "; ");
      /* Translators: a condition and what it lacks, "Settled GMV: GMV CNY 640.00 of 1,000.00". */
      g_string_append_printf (out, _("%s: "), pd_condition_to_display (c));
      pd_engine_append_detail (rules, as_of, v, c, out);
    }
}

char *
pd_projection_format_ppb (gint64 ppb)
{
  char *text = g_strdup_printf ("%" G_GINT64_FORMAT ".%09" G_GINT64_FORMAT,
                                ppb / PD_PPB, ppb % PD_PPB);
  gsize len = strlen (text);

  while (len > 0 && text[len - 1] == '0')
    text[--len] = '\0';
  if (len > 0 && text[len - 1] == '.')
    text[--len] = '\0';
  return text;
}
