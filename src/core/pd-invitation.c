/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-engine"

#include "config.h"

#include <string.h>

#include "pd-invitation.h"

gboolean
pd_link_input_dead_from (const PdLinkInput *link,
                         gint64            *out)
{
  gboolean has = FALSE;
  gint64 t = 0;

  if (link->has_revoked_at)
    {
      t = link->revoked_at;
      has = TRUE;
    }
  if (link->has_expires_at && (!has || link->expires_at < t))
    {
      t = link->expires_at;
      has = TRUE;
    }
  if (has && out != NULL)
    *out = t;
  return has;
}

void
pd_link_input_set_stored_state (PdLinkInput *link,
                                const char  *stored_state)
{
  link->revoked_undated = !link->has_revoked_at && g_strcmp0 (stored_state, "revoked") == 0;
  link->expired_undated = !link->has_expires_at && g_strcmp0 (stored_state, "expired") == 0;
}

gboolean
pd_link_input_is_live (const PdLinkInput *link,
                       gint64             as_of)
{
  gint64 dead_from;

  if (link->revoked_undated || link->expired_undated)
    return FALSE;
  /* Revoked or expired at the very second of @as_of: dead. */
  return !pd_link_input_dead_from (link, &dead_from) || dead_from > as_of;
}

void
pd_invitation_evaluate (const PdSellerInput *seller,
                        gint64               as_of,
                        PdInvitationState   *out)
{
  gboolean forever = FALSE;

  g_return_if_fail (seller != NULL && out != NULL);

  memset (out, 0, sizeof *out);
  if (seller->invitations == NULL || seller->n_invitations == 0)
    {
      out->live = seller->invited;
      return;
    }

  for (guint i = 0; i < seller->n_invitations; i++)
    {
      const PdLinkInput *link = &seller->invitations[i];
      gint64 dead_from;

      if (pd_link_input_is_live (link, as_of))
        {
          out->live = TRUE;
          /* Only the expiry is known ahead; a later revocation is not. */
          if (!link->has_expires_at)
            forever = TRUE;
          else if (!out->has_deadline || link->expires_at - 1 > out->deadline)
            {
              out->has_deadline = TRUE;
              out->deadline = link->expires_at - 1;
            }
        }
      else if (!pd_link_input_dead_from (link, &dead_from) ||
               link->revoked_undated || link->expired_undated)
        {
          /* Dead at an unknown time: named only when no dated one is. */
          if (out->last == NULL)
            {
              out->last = link;
              out->last_undated = TRUE;
              out->last_revoked = link->revoked_undated;
            }
        }
      else if (out->last == NULL || out->last_undated || dead_from > out->last_dead_from)
        {
          out->last = link;
          out->last_undated = FALSE;
          out->last_dead_from = dead_from;
          out->last_revoked = link->has_revoked_at && link->revoked_at == dead_from;
        }
    }

  if (out->live)
    {
      out->last = NULL;
      out->last_undated = FALSE;
      out->last_revoked = FALSE;
      out->last_dead_from = 0;
      if (forever)
        {
          out->has_deadline = FALSE;
          out->deadline = 0;
        }
    }
}
