/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Believable cross-border merchants for the demo seed and the scenario:
 * Chinese, Latin and mixed company names, brands, contacts. Everything
 * comes from the GRand it is given, so a seed is reproducible. */

typedef struct
{
  char *seller_id;      /* 16 digits, like the platform's */
  char *seller_name;
  char *brand;
  char *country;
  char *contact_name;
  char *contact_email;
  char *contact_phone;
} PdSandboxMerchant;

void   pd_sandbox_merchant_generate  (GRand             *rand,
                                      PdSandboxMerchant *out);
void   pd_sandbox_merchant_clear     (PdSandboxMerchant *merchant);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdSandboxMerchant, pd_sandbox_merchant_clear)

char  *pd_sandbox_names_seller_id    (GRand             *rand);
char  *pd_sandbox_names_shop_id      (GRand             *rand);
/* A contact: "王伟", "Kevin Zhang"...; the e-mail at @domain. */
void   pd_sandbox_names_person       (GRand             *rand,
                                      const char        *domain,
                                      char             **name_out,
                                      char             **email_out);
/* 128 bits from @rand, base64url: link tokens of the seed (a real
 * agency's tokens come from a CSPRNG; the seed's must be reproducible). */
char  *pd_sandbox_names_token        (GRand             *rand);
const char *pd_sandbox_names_pick    (GRand             *rand,
                                      const char * const *list);

G_END_DECLS
