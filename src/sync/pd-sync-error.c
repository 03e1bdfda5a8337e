/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "pd-sync-error.h"

G_DEFINE_QUARK (pd-sync-error-quark, pd_sync_error)

gboolean
pd_sync_error_is_auth (const GError *error)
{
  return error != NULL && error->domain == PD_SYNC_ERROR &&
         (error->code == PD_SYNC_ERROR_AUTH || error->code == PD_SYNC_ERROR_APP_KEY_REFUSED ||
          error->code == PD_SYNC_ERROR_SECRET_REFUSED || error->code == PD_SYNC_ERROR_CLOCK);
}

char *
pd_sync_error_to_text (const GError *error,
                       const char   *endpoint)
{
  return pd_sync_error_to_text_full (error, endpoint, PD_SYNC_ERROR_FOR_APP);
}

/* Where a person fixes the credentials: the app's Preferences, or for
 * partnerdesk-cli also the environment it reads them from (partnerdesk-cli(1), ENVIRONMENT). */
static char *
credentials_text (PdSyncError          code,
                  PdSyncErrorAudience  audience)
{
  gboolean cli = audience == PD_SYNC_ERROR_FOR_CLI;

  switch (code)
    {
    case PD_SYNC_ERROR_SECRET_REFUSED:
      return g_strdup (cli ? _("The platform refused the app secret: check it in Partner Desk’s Preferences,"
                               " or PD_APP_SECRET.")
                           : _("The platform refused the app secret: check it in Preferences."));
    case PD_SYNC_ERROR_APP_KEY_REFUSED:
      return g_strdup (cli ? _("The platform does not know this app key: check it in Partner Desk’s"
                               " Preferences, or PD_APP_KEY.")
                           : _("The platform does not know this app key: check it in Preferences."));
    case PD_SYNC_ERROR_AUTH:
      return g_strdup (cli ? _("The platform no longer accepts this sign-in: sign in again in Partner Desk’s"
                               " Preferences, or set new PD_ACCESS_TOKEN and PD_REFRESH_TOKEN.")
                           : _("The platform no longer accepts this sign-in: sign in again in Preferences."));
    case PD_SYNC_ERROR_NO_CREDENTIALS:
    default:
      return g_strdup (cli ? _("Sign in to the platform in Partner Desk’s Preferences, or set PD_APP_KEY,"
                               " PD_APP_SECRET, PD_ACCESS_TOKEN and PD_REFRESH_TOKEN.")
                           : _("Sign in to the platform in Preferences."));
    }
}

char *
pd_sync_error_to_text_full (const GError        *error,
                            const char          *endpoint,
                            PdSyncErrorAudience  audience)
{
  const char *where = endpoint != NULL && *endpoint != '\0' ? endpoint : _("the platform’s address");

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != PD_SYNC_ERROR)
    return g_strdup (error->message);

  switch ((PdSyncError) error->code)
    {
    case PD_SYNC_ERROR_NETWORK:
      /* Translators: %s is the platform's address, a URL */
      return g_strdup_printf (_("Cannot reach the platform at %s: check the address or your network."),
                              where);
    case PD_SYNC_ERROR_SERVER:
      /* Translators: %s is the platform's address, a URL */
      return g_strdup_printf (_("The platform at %s is having trouble and did not answer: try again later."),
                              where);
    case PD_SYNC_ERROR_SECRET_REFUSED:
    case PD_SYNC_ERROR_APP_KEY_REFUSED:
    case PD_SYNC_ERROR_AUTH:
    case PD_SYNC_ERROR_NO_CREDENTIALS:
      return credentials_text ((PdSyncError) error->code, audience);
    case PD_SYNC_ERROR_CLOCK:
      return g_strdup (_("This computer’s clock is too far from the platform’s: set the date and time,"
                         " then sync again."));
    case PD_SYNC_ERROR_INVALID_RESPONSE:
    case PD_SYNC_ERROR_TOO_LARGE:
    case PD_SYNC_ERROR_TRUNCATED:
    case PD_SYNC_ERROR_INVALID_CHANGE:
      /* Translators: %s is the platform's address, a URL */
      return g_strdup_printf (_("The platform at %s sent data this app cannot use: nothing was changed."
                                " Try again later; if it keeps happening, send the details to your"
                                " platform contact."), where);
    case PD_SYNC_ERROR_CURSOR_EXPIRED:
    case PD_SYNC_ERROR_REFUSED:
    case PD_SYNC_ERROR_BUSY:
    default:
      return g_strdup (error->message);
    }
}
