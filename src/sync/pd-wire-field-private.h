/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pd-json-doc.h"
#include "pd-store-changes.h"

G_BEGIN_DECLS

/* One value of a platform object, checked and turned into the value of a
 * store column. For src/sync/pd-decoded-change.c only. */

/* Longest accepted values, in bytes: generous for people's text, tight
 * enough that a hostile feed cannot grow the store without bound. */
#define MAX_ID         256
#define MAX_TYPE       64
#define MAX_TEXT       2048
#define MAX_LONG_TEXT  65536
#define MAX_URL        4096
#define MAX_LIST       1000
#define MAX_DAYS       36500

/* A domain enumeration's token as the store keeps it, or NULL. */
typedef const char *(*PdWireCanon) (const char  *text,
                                     GError     **error);

typedef enum
{
  K_ID,         /* a non-empty string of at most MAX_ID bytes */
  K_TEXT,
  K_LONG_TEXT,
  K_URL,
  K_ENUM,       /* canonical token of a domain enumeration */
  K_TIME,       /* ISO 8601 with an offset -> unix seconds */
  K_MONEY,      /* decimal string -> minor units of the currency beside it */
  K_CURRENCY,
  K_RATE,       /* decimal string -> millionths */
  K_COUNTRY,
  K_COUNTRIES,  /* array of codes -> "DE;FR" */
  K_MARKET,
  K_DAYS,
  K_STRINGS,    /* array of ids -> JSON array text */
  K_QUARTER,    /* "2026Q1" */
  K_VIA_TOKEN,  /* computed: the token of a store's via_link */
  K_NOW,        /* computed: the time of the apply */
  K_CLEARED,    /* computed: NULL on every upsert */
} PdWireKind;

enum
{
  F_REQUIRED    = 1 << 0,
};

/* How to read one column of a store table (pd-store-tables.c) from the
 * wire: the fields of a type follow its table's columns, in order. */
typedef struct
{
  const char   *member;    /* NULL: the column's name; "requirement.amount": one level of nesting at most */
  PdWireKind    kind;
  guint         flags;
  const char   *currency;  /* K_MONEY: the member holding its currency */
  PdWireCanon   canon;     /* K_ENUM */
  const char   *fallback;  /* an absent optional member stores this instead of NULL */
} PdWireField;

/* Sets a PD_SYNC_ERROR_INVALID_RESPONSE, made safe to print (it quotes
 * the platform's values). */
void     pd_wire_set_invalid   (GError             **error,
                                const char          *format,
                                ...) G_GNUC_PRINTF (2, 3);

/* Reads @field, at @path ("requirement.amount") of @data, into @out.
 * @now is the time of the apply, for K_NOW. Text in @out may point into
 * @data's document. */
gboolean pd_wire_field_decode  (const PdJsonValue   *data,
                                const char          *where,
                                const PdWireField   *field,
                                const char          *path,
                                gint64               now,
                                PdChangeValue       *out,
                                GError             **error);

G_END_DECLS
