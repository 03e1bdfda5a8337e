/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pd-csv-reader.h"

G_BEGIN_DECLS

/* For tests: how many input bytes are decoded and handed to the parser at a
 * time (default 256 KiB), so that records straddle chunk boundaries. Call
 * before the first pd_csv_reader_next(). */
void pd_csv_reader_set_chunk_size (PdCsvReader *self,
                                   gsize        chunk_size);

G_END_DECLS
