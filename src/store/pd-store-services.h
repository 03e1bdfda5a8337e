/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-store.h"

G_BEGIN_DECLS

/* Service categories and services (src/core/README.md, src/sync/README.md): what
 * sync brought into the store, and the agency's changes to them. Each
 * change is written with its outbox entry in one transaction; `sync`
 * sends it. Refusals (unknown id, a state that does not allow the
 * change, bad input) are PD_STORE_ERROR_INVALID and change nothing. */

typedef struct
{
  char *id;
  char *name;
  char *state;                    /* not_listed, in_review, approved... */
  char *requirement_metric;       /* or NULL */
  char *requirement_amount;       /* canonical decimal text, or NULL */
  char *requirement_currency;     /* or NULL */
  char *operation_qualification;  /* or NULL */
  char *current_amount;           /* canonical decimal text, or NULL */
  char *current_currency;         /* or NULL */
} PdServiceCategory;

typedef struct
{
  char *id;
  char *category_id;
  char *name;
  char *type;          /* public or custom */
  char *description;   /* or NULL */
  char *price;         /* canonical decimal text, or NULL */
  char *currency;      /* or NULL */
} PdService;

/* What `service new` / `service edit` give; NULL: not given (for an
 * edit: unchanged). @price: "99.00", or with its currency "99.00 EUR" /
 * "EUR 99.00" (else the service's currency, USD for a new one). */
typedef struct
{
  const char *category_id;
  const char *name;
  const char *type;
  const char *description;
  const char *price;
} PdServiceEdit;

typedef enum
{
  PD_CATEGORY_ACTION_APPLY,
  PD_CATEGORY_ACTION_WITHDRAW,
} PdCategoryAction;

void        pd_service_category_free        (PdServiceCategory *category);
void        pd_service_free                 (PdService         *service);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdServiceCategory, pd_service_category_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdService, pd_service_free)

/* Every category, by id, as PdServiceCategory. */
GPtrArray  *pd_store_list_service_categories (PdStore     *store,
                                              GError     **error);

/* The state @action moves @from to (apply: not_listed or rejected ->
 * in_review; withdraw: in_review or approved -> not_listed), or NULL
 * when that state does not allow it. */
const char *pd_category_action_target       (PdCategoryAction  action,
                                             const char       *from);

/* Queues POST /v1/service-categories/{id}/apply|withdraw and moves the
 * local category to its new state. *@state_out (may be NULL): it. */
gboolean    pd_store_category_move          (PdStore          *store,
                                             const char       *category_id,
                                             PdCategoryAction  action,
                                             char            **state_out,
                                             GError          **error);

/* The services, by category then id; @category_id NULL: all (a category
 * the store does not know is refused, PD_STORE_ERROR_INVALID). */
GPtrArray  *pd_store_list_services          (PdStore     *store,
                                             const char  *category_id,
                                             GError     **error);

/* @service_id NULL: a new service (category, name, type and price
 * required), its new id in *@id_out; else an edit of that service (at
 * least one field). Queues PUT /v1/services/{id} with the whole object. */
gboolean    pd_store_service_save           (PdStore             *store,
                                             const char          *service_id,
                                             const PdServiceEdit *edit,
                                             char               **id_out,
                                             GError             **error);

G_END_DECLS
