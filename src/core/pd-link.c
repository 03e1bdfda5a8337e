/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pd-link"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>
#include <sys/random.h>

#include "pd-link.h"

G_DEFINE_QUARK (pd-link-error-quark, pd_link_error)

G_DEFINE_BOXED_TYPE (PdLink, pd_link, pd_link_copy, pd_link_free)

PdLink *
pd_link_copy (const PdLink *link)
{
  PdLink *copy;

  g_return_val_if_fail (link != NULL, NULL);

  copy = g_memdup2 (link, sizeof *link);
  copy->token = g_strdup (link->token);
  copy->kind = g_strdup (link->kind);
  copy->url = g_strdup (link->url);
  copy->state = g_strdup (link->state);
  copy->seller_id = g_strdup (link->seller_id);
  copy->market = g_strdup (link->market);
  copy->program_id = g_strdup (link->program_id);
  copy->service_id = g_strdup (link->service_id);
  copy->staff = g_strdup (link->staff);
  return copy;
}

void
pd_link_free (PdLink *link)
{
  if (link == NULL)
    return;
  g_free (link->token);
  g_free (link->kind);
  g_free (link->url);
  g_free (link->state);
  g_free (link->seller_id);
  g_free (link->market);
  g_free (link->program_id);
  g_free (link->service_id);
  g_free (link->staff);
  g_free (link);
}

static gboolean
is_token_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_';
}

gboolean
pd_link_token_is_valid (const char *token)
{
  size_t length;

  if (token == NULL)
    return FALSE;
  length = strlen (token);
  if (length < PD_LINK_TOKEN_LENGTH || length > 128)
    return FALSE;
  for (const char *p = token; *p != '\0'; p++)
    if (!is_token_char (*p))
      return FALSE;
  return TRUE;
}

char *
pd_link_token_new (GError **error)
{
  guint8 bytes[PD_LINK_TOKEN_BYTES];
  size_t filled = 0;
  char *token;

  /* getrandom(2) blocks only until the kernel's pool is first seeded,
   * and returns at most what was asked; small reads are never short
   * but a signal may interrupt one. */
  while (filled < sizeof bytes)
    {
      ssize_t n = getrandom (bytes + filled, sizeof bytes - filled, 0);

      if (n < 0)
        {
          int saved = errno;

          if (saved == EINTR)
            continue;
          g_set_error (error, PD_LINK_ERROR, PD_LINK_ERROR_RANDOM,
                       _("Cannot make a link token: the system’s random number generator"
                         " failed (%s)"), g_strerror (saved));
          return NULL;
        }
      filled += (size_t) n;
    }

  /* URL-safe base64 (RFC 4648 §5) without padding: 16 bytes, 22 chars. */
  token = g_base64_encode (bytes, sizeof bytes);
  for (char *p = token; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }
  memset (bytes, 0, sizeof bytes);
  g_assert (strlen (token) == PD_LINK_TOKEN_LENGTH);
  return token;
}

/* Whether a raw query parameter ("pd_ref=abc", "PD%5Fref") is named
 * @name once percent-decoded. */
static gboolean
parameter_is (const char *parameter,
              size_t      length,
              const char *name)
{
  const char *equals = memchr (parameter, '=', length);
  g_autofree char *raw = g_strndup (parameter, equals != NULL ? (size_t) (equals - parameter) : length);
  g_autofree char *decoded = g_uri_unescape_string (raw, NULL);

  return decoded != NULL && g_str_equal (decoded, name);
}

char *
pd_link_onboarding_url (const char  *base_url,
                        const char  *token,
                        GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GString) url = NULL;
  g_autofree char *head = NULL;
  const char *fragment, *query, *scheme, *host;
  gboolean first = TRUE;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (pd_link_token_is_valid (token), NULL);

  uri = g_uri_parse (base_url, G_URI_FLAGS_ENCODED, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  if (uri == NULL || host == NULL || *host == '\0' ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    {
      g_set_error (error, PD_LINK_ERROR, PD_LINK_ERROR_BAD_URL,
                   _("The onboarding base link “%s” is not an http or https address;"
                     " expected the exclusive link from the Partner Center, such as"
                     " https://seller.tiktokshop.com/…"), base_url);
      return NULL;
    }

  /* Work on the text itself: the base link is kept byte for byte but
   * for the one parameter we own. */
  fragment = strchr (base_url, '#');
  head = g_strndup (base_url, fragment != NULL ? (size_t) (fragment - base_url) : strlen (base_url));
  query = strchr (head, '?');

  url = g_string_new (NULL);
  g_string_append_len (url, head, query != NULL ? query - head : (gssize) strlen (head));
  g_string_append_c (url, '?');
  if (query != NULL)
    {
      const char *p = query + 1;

      while (*p != '\0')
        {
          const char *end = strchr (p, '&');
          size_t length = end != NULL ? (size_t) (end - p) : strlen (p);

          if (length > 0 && !parameter_is (p, length, "pd_ref"))
            {
              if (!first)
                g_string_append_c (url, '&');
              g_string_append_len (url, p, length);
              first = FALSE;
            }
          p += length;
          if (*p == '&')
            p++;
        }
    }
  if (!first)
    g_string_append_c (url, '&');
  g_string_append_printf (url, "pd_ref=%s", token);
  if (fragment != NULL)
    g_string_append (url, fragment);

  return g_string_free (g_steal_pointer (&url), FALSE);
}

gboolean
pd_link_market_is_us (const char *market)
{
  if (market == NULL)
    return FALSE;
  while (g_ascii_isspace (*market))
    market++;
  return g_ascii_strncasecmp (market, "US", 2) == 0 &&
         (market[2] == '\0' || g_ascii_isspace (market[2]));
}

char *
pd_link_authorization_url (const char *service_id,
                           const char *state,
                           gboolean    us_seller)
{
  g_autofree char *service = NULL;
  g_autofree char *escaped_state = NULL;

  g_return_val_if_fail (service_id != NULL && *service_id != '\0', NULL);
  g_return_val_if_fail (state != NULL && *state != '\0', NULL);

  service = g_uri_escape_string (service_id, NULL, FALSE);
  escaped_state = g_uri_escape_string (state, NULL, FALSE);
  return g_strdup_printf ("https://services.%s/open/authorize?service_id=%s&state=%s",
                          us_seller ? "tiktokshops.us" : "tiktokshop.com",
                          service, escaped_state);
}

/* The decoded value of parameter @name in the query text @query (no
 * leading '?'; it ends at '\0' or '#'), or NULL. */
static char *
find_parameter (const char *query,
                const char *name)
{
  const char *p = query;

  while (*p != '\0' && *p != '#')
    {
      size_t length = strcspn (p, "&#");

      if (length > 0 && parameter_is (p, length, name))
        {
          const char *equals = memchr (p, '=', length);
          g_autofree char *raw = NULL;

          if (equals == NULL)
            return g_strdup ("");
          raw = g_strndup (equals + 1, length - (size_t) (equals + 1 - p));
          return g_uri_unescape_string (raw, NULL);
        }
      p += length;
      if (*p == '&')
        p++;
    }
  return NULL;
}

char *
pd_link_token_from_via_link (const char  *via_link,
                             GError     **error)
{
  g_autofree char *text = NULL;
  const char *query, *fragment;

  g_return_val_if_fail (via_link != NULL, NULL);

  text = g_strstrip (g_strdup (via_link));
  if (pd_link_token_is_valid (text))
    return g_steal_pointer (&text);

  if (strstr (text, "://") == NULL && strchr (text, '?') == NULL)
    {
      g_set_error (error, PD_LINK_ERROR, PD_LINK_ERROR_NO_TOKEN,
                   _("“%s” is neither a link nor a token; expected the invitation link (with"
                     " pd_ref=TOKEN) or its token alone (at least 22 characters of A-Z a-z 0-9 - _)"),
                   text);
      return NULL;
    }

  /* The query before the fragment, then a query inside the fragment
   * ("#/register?pd_ref=..."), for base links that route by fragment. */
  fragment = strchr (text, '#');
  query = strchr (text, '?');
  for (int pass = 0; pass < 2; pass++)
    {
      const char * const names[] = { "pd_ref", "state" };

      if (pass == 1)
        query = fragment != NULL ? strchr (fragment, '?') : NULL;
      else if (query != NULL && fragment != NULL && query > fragment)
        query = NULL;
      if (query == NULL)
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          g_autofree char *value = find_parameter (query + 1, names[i]);

          if (value == NULL)
            continue;
          if (pd_link_token_is_valid (value))
            return g_steal_pointer (&value);
          g_set_error (error, PD_LINK_ERROR, PD_LINK_ERROR_NO_TOKEN,
                       _("The %s parameter of “%s” is empty or badly encoded; expected %s=TOKEN"
                         " with at least 22 characters of A-Z a-z 0-9 - _"),
                       names[i], text, names[i]);
          return NULL;
        }
    }

  g_set_error (error, PD_LINK_ERROR, PD_LINK_ERROR_NO_TOKEN,
               _("The link “%s” has no pd_ref parameter; expected an invitation link made by"
                 " Partner Desk (…pd_ref=TOKEN)"), text);
  return NULL;
}

gboolean
pd_link_state_becomes_used (const char *stored_state)
{
  /* PD_LINK_BECOMES_USED_SQL, in C. */
  return g_strcmp0 (stored_state, "active") == 0 || g_strcmp0 (stored_state, "expired") == 0;
}

const char *
pd_link_effective_state (const char *state,
                         gint64      expires_at,
                         gint64      now)
{
  if (g_strcmp0 (state, "active") == 0 && expires_at > 0 && expires_at <= now)
    return "expired";
  return state;
}
