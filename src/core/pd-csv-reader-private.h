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

G_END_DECLS
