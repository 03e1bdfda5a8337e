/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pd-csv-reader.h"
#include "pd-row-source.h"

G_BEGIN_DECLS

/**
 * PdCsvColumn:
 * @name: the column's name, matched ignoring ASCII case
 * @alias: (nullable): the Chinese header the platform's exports use
 *   (e.g. "商家ID"), matched the same way
 * @required: whether the file must have the column
 * @max_chars: the longest value, in characters; 0 for
 *   %PD_CSV_MAX_VALUE_CHARS
 * @label: (nullable): the header our own exports write (an untranslated
 *   msgid), matched as is and translated to the user's language
 * @label_zh: (nullable): @label's Chinese translation, matched in every
 *   language, so that an export made in Chinese imports back anywhere
 */
typedef struct
{
  const char *name;
  const char *alias;
  gboolean required;
  guint max_chars;
  const char *label;
  const char *label_zh;
} PdCsvColumn;

/* The longest value of a column, unless the column says otherwise: an
 * id, an amount, an address or a URL is far shorter. */
#define PD_CSV_MAX_VALUE_CHARS 1000

/* The longest name (a seller's, a contact's) that target lists bring:
 * the longest company names are some 60 characters. */
#define PD_CSV_MAX_NAME_CHARS 300

typedef struct _PdCsvHeader PdCsvHeader;

PdCsvHeader *pd_csv_header_new          (const PdCsvColumn  *columns,
                                         guint               n_columns,
                                         GPtrArray          *header_fields,
                                         const char         *display_name,
                                         GPtrArray         **warnings_out,
                                         GError            **error);
PdCsvHeader *pd_csv_header_new_for_source (const PdCsvColumn *columns,
                                           guint              n_columns,
                                           GPtrArray         *header_fields,
                                           const char        *display_name,
                                           PdRowSource       *source,
                                           guint64            line,
                                           GPtrArray        **warnings_out,
                                           GError           **error);
void         pd_csv_header_free         (PdCsvHeader        *self);

int          pd_csv_header_index        (PdCsvHeader        *self,
                                         guint               column);
guint        pd_csv_header_get_n_fields (PdCsvHeader        *self);
const char  *pd_csv_header_get          (PdCsvHeader        *self,
                                         GPtrArray          *fields,
                                         guint               column);
gboolean     pd_csv_header_check_record (PdCsvHeader        *self,
                                         GPtrArray          *fields,
                                         guint64             line,
                                         GError            **error);

const char  *pd_csv_trim                (const char         *text,
                                         gsize              *length_out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdCsvHeader, pd_csv_header_free)

G_END_DECLS
