/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-csv-reader.h"

G_BEGIN_DECLS

/* For tests: how many input bytes are decoded and handed to the parser at a
 * time (default 256 KiB), so that records straddle chunk boundaries. Call
 * before the first pd_csv_reader_next(). */
void pd_csv_reader_set_chunk_size (PdCsvReader *self,
                                   gsize        chunk_size);

/* In a file read as GB18030: whether the row in @fields (as decoded) was
 * UTF-8 text in the file, and in *@column_out the 1-based field where its
 * first CJK character is. @cd_back: a UTF-8 to GB18030 converter, opened
 * on first use ((GIConv) -1 until then), the caller's to close
 * (pd-csv-mixed.c). */
gboolean pd_csv_row_is_utf8_in_gb18030 (GIConv     *cd_back,
                                        GPtrArray  *fields,
                                        guint      *column_out);

typedef enum
{
  PD_UTF8_OK,
  PD_UTF8_INCOMPLETE,
  PD_UTF8_INVALID,
} PdUtf8Status;

/* Validates s[0..len) per Unicode table 3-7. *valid_len receives the length
 * of the valid part; *non_ascii is set when it holds a multi-byte sequence.
 * PD_UTF8_INCOMPLETE: the rest is the valid start of a sequence cut short.
 * (pd-csv-mixed.c) */
PdUtf8Status pd_csv_validate_utf8 (const guchar *s,
                                   gsize         len,
                                   gsize        *valid_len,
                                   gboolean     *non_ascii);

G_END_DECLS
