/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What a write to the store touched. */
typedef enum
{
  PD_ENTITY_TARGETS     = 1 << 0,  /* target merchant lists */
  PD_ENTITY_STORES      = 1 << 1,  /* TikTok Shop stores */
  PD_ENTITY_LINKS       = 1 << 2,  /* onboarding and authorization links */
  PD_ENTITY_RATES       = 1 << 3,  /* exchange rates */
  PD_ENTITY_PROGRAMS    = 1 << 4,  /* partner programs and their rules */
  PD_ENTITY_NOTES       = 1 << 5,  /* merchants' notes and staff assignments */
  PD_ENTITY_SYNCED      = 1 << 6,  /* what a sync pulls: authorizations, payouts, services, requests */
  PD_ENTITY_SETTINGS    = 1 << 7,  /* the store's settings (Preferences) */
  PD_ENTITY_CREDENTIALS = 1 << 8,  /* the sync credentials (kept outside the store) */
} PdEntityKind;

/* Every kind of data pages show (not settings nor credentials). */
#define PD_ENTITY_DATA (PD_ENTITY_TARGETS | PD_ENTITY_STORES | PD_ENTITY_LINKS | PD_ENTITY_RATES | \
                        PD_ENTITY_PROGRAMS | PD_ENTITY_NOTES | PD_ENTITY_SYNCED)
#define PD_ENTITY_ALL  (PD_ENTITY_DATA | PD_ENTITY_SETTINGS | PD_ENTITY_CREDENTIALS)

/* Who wrote. */
typedef enum
{
  PD_CHANGE_ORIGIN_WINDOW,         /* a user's action in this process */
  PD_CHANGE_ORIGIN_IMPORT,         /* an import run by this process */
  PD_CHANGE_ORIGIN_SYNC,           /* a sync run by this process */
  PD_CHANGE_ORIGIN_OTHER_PROCESS,  /* another process (partnerdesk-cli) */
} PdChangeOrigin;

/* The argument of PdStore::changed. @ids are the ids of the merchants
 * (seller ids) the change touched, NULL when it may have touched any:
 * link, note and assignment writes name their sellers; imports, syncs
 * and other processes' writes do not. */
typedef struct
{
  PdEntityKind   kinds;
  GStrv          ids;
  PdChangeOrigin origin;
} PdStoreChange;

#define PD_TYPE_STORE_CHANGE (pd_store_change_get_type ())

GType          pd_store_change_get_type  (void) G_GNUC_CONST;
PdStoreChange *pd_store_change_new       (PdEntityKind          kinds,
                                          const char * const   *ids,
                                          PdChangeOrigin        origin);
PdStoreChange *pd_store_change_copy      (const PdStoreChange  *change);
void           pd_store_change_free      (PdStoreChange        *change);
/* Whether @change may have touched any of @kinds. */
gboolean       pd_store_change_has       (const PdStoreChange  *change,
                                          PdEntityKind          kinds);
/* "targets", "links+notes"...: for logs and tests. */
char          *pd_entity_kind_to_string  (PdEntityKind          kinds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdStoreChange, pd_store_change_free)

G_END_DECLS
