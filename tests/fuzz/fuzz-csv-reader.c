/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-csv-reader"

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#include "pd-csv-header.h"
#include "pd-csv-reader.h"
#include "pd-csv-reader-private.h"

/*
 * libFuzzer target for the streaming CSV reader and the header matcher.
 *
 * Input: the first byte picks the reader's chunk size (see chunk_size_for())
 * and whether an ASCII filler comes first (see FILLER_FLAG), the rest is the
 * file. Besides the sanitizers, the harness checks what the API promises:
 * every field and value handed out is valid UTF-8, values come out trimmed,
 * record lines never go back, errors are PdCsvErrors with a UTF-8 message, all
 * of a file is read unless an error stops it, and a reader that failed or
 * ended stays so.
 */

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The target-list columns of domain.md. */
static const PdCsvColumn target_columns[] = {
  { "seller_id", "商家ID", TRUE },
  { "seller_name", "商家名称", TRUE },
  { "market", "站点", TRUE },
  { "brand", "品牌", FALSE },
  { "country", "国家", FALSE },
  { "contact_name", "联系人", FALSE },
  { "contact_email", "邮箱", FALSE },
  { "contact_phone", "电话", FALSE },
  { "review_status", "审核状态", FALSE },
  { "program_id", NULL, FALSE },
};

#define FUZZ_CHECK(cond) \
  G_STMT_START { \
    if (G_UNLIKELY (!(cond))) \
      { \
        g_printerr ("%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        abort (); \
      } \
  } G_STMT_END

/* Selector bit 7: the file starts with up to 64 KiB of ASCII CSV (a target
 * list header and rows), FILLER_SIZE minus the second input byte long, and the
 * fuzzed bytes follow. The reader settles encoding and delimiter on its first
 * 64 KiB, so without it the paths after detection (more reads, ASCII that
 * turns out to be GB18030, a UTF-8 sequence cut by a read) would need inputs
 * longer than -max_len. */
#define FILLER_FLAG 0x80
#define FILLER_SIZE (64 * 1024)

static char *filler;

/* Selector bits 0-6: 0x00..0x5F give 1 to 96 bytes, so that records, UTF-8
 * sequences, CRLFs and UTF-16 units straddle chunks; 0x60..0x7F give 256 B
 * to 512 KiB. With the filler, the small sizes are 64 times larger (64 B to
 * 6 KiB): 64 KiB decoded a byte at a time take ~0.1 s under the sanitizers,
 * and where chunks fall within the fuzzed bytes still varies with the
 * filler's length. */
static gsize
chunk_size_for (guint8 selector)
{
  guint k = selector & 0x7F;

  if (k >= 0x60)
    return (gsize) 256 << ((k - 0x60) % 12);
  if (selector & FILLER_FLAG)
    return ((gsize) k + 1) * 64;
  return (gsize) k + 1;
}

/* Long rows: the time per input goes on bytes, not on records. */
static void
make_filler (void)
{
  static const char header[] = "seller_id,seller_name,market,brand\r\n";
  static const char row_start[] = "S0001,Filler Co,US,";
  gsize len = strlen (header);

  filler = g_malloc (FILLER_SIZE);
  memcpy (filler, header, len);
  while (len < FILLER_SIZE)
    {
      gsize n = MIN (strlen (row_start), FILLER_SIZE - len);

      memcpy (filler + len, row_start, n);
      len += n;
      n = MIN (1000, FILLER_SIZE - len);
      memset (filler + len, 'b', n);
      len += n;
      n = MIN (2, FILLER_SIZE - len);
      memcpy (filler + len, "\r\n", n);
      len += n;
    }
}

static void
check_error (const GError *error)
{
  FUZZ_CHECK (error != NULL);
  FUZZ_CHECK (error->domain == PD_CSV_ERROR);
  FUZZ_CHECK (error->message != NULL && error->message[0] != '\0');
  FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
}

static void
check_fields (GPtrArray *fields)
{
  guint i;

  FUZZ_CHECK (fields != NULL);
  FUZZ_CHECK (fields->len >= 1);
  FUZZ_CHECK (fields->len <= PD_CSV_MAX_FIELDS);
  for (i = 0; i < fields->len; i++)
    {
      const char *field = g_ptr_array_index (fields, i);

      FUZZ_CHECK (field != NULL);
      FUZZ_CHECK (strlen (field) <= PD_CSV_MAX_FIELD_SIZE);
      FUZZ_CHECK (g_utf8_validate (field, -1, NULL));
    }
}

static void
check_record (PdCsvHeader *header,
              GPtrArray   *fields,
              guint64      line)
{
  g_autoptr(GError) error = NULL;
  guint j;

  for (j = 0; j < G_N_ELEMENTS (target_columns); j++)
    {
      const char *value = pd_csv_header_get (header, fields, j);
      int idx = pd_csv_header_index (header, j);
      const char *trimmed;
      gsize len;

      if (idx < 0)
        {
          FUZZ_CHECK (value == NULL);
          continue;
        }
      FUZZ_CHECK (value != NULL);
      FUZZ_CHECK (g_utf8_validate (value, -1, NULL));
      if ((guint) idx >= fields->len)
        FUZZ_CHECK (value[0] == '\0');

      /* Already trimmed: trimming again changes nothing, unless an
       * apostrophe protected the cell's first character (pd_csv_unwrap ():
       * an export of a value that began with a tab or a carriage return
       * gives that value back whole). */
      trimmed = pd_csv_trim (value, &len);
      if ((guint) idx < fields->len)
        {
          gsize raw_len;
          const char *raw = pd_csv_trim (g_ptr_array_index (fields, idx), &raw_len);

          if (raw_len >= 2 && raw[0] == '\'' && (raw[1] == '\t' || raw[1] == '\r'))
            continue;
        }
      FUZZ_CHECK (trimmed == value);
      FUZZ_CHECK (len == strlen (value));
    }

  if (!pd_csv_header_check_record (header, fields, line, &error))
    {
      check_error (error);
      FUZZ_CHECK (error->code == PD_CSV_ERROR_EXTRA_FIELD ||
                  error->code == PD_CSV_ERROR_MISSING_FIELD ||
                  error->code == PD_CSV_ERROR_VALUE_TOO_LONG);
      if (error->code == PD_CSV_ERROR_EXTRA_FIELD)
        FUZZ_CHECK (fields->len > pd_csv_header_get_n_fields (header));
      if (error->code == PD_CSV_ERROR_MISSING_FIELD)
        FUZZ_CHECK (fields->len < pd_csv_header_get_n_fields (header));
    }
  else
    FUZZ_CHECK (error == NULL);
}

static PdCsvHeader *
match_header (GPtrArray *header_fields)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  PdCsvHeader *header;
  guint i;

  header = pd_csv_header_new (target_columns, G_N_ELEMENTS (target_columns),
                              header_fields, "fuzz.csv", &warnings, &error);
  if (header == NULL)
    {
      check_error (error);
      FUZZ_CHECK (error->code == PD_CSV_ERROR_MISSING_COLUMN ||
                  error->code == PD_CSV_ERROR_DUPLICATE_COLUMN);
      FUZZ_CHECK (warnings == NULL);
      return NULL;
    }

  FUZZ_CHECK (error == NULL);
  FUZZ_CHECK (warnings != NULL);
  for (i = 0; i < warnings->len; i++)
    FUZZ_CHECK (g_utf8_validate (g_ptr_array_index (warnings, i), -1, NULL));
  FUZZ_CHECK (pd_csv_header_get_n_fields (header) ==
              (header_fields != NULL ? header_fields->len : 0));

  return header;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A g_return_if_fail() that trips is a bug the fuzzer should stop at. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  make_filler ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(PdCsvReader) reader = NULL;
  g_autoptr(PdCsvHeader) header = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *fields = NULL;
  gboolean first = TRUE;
  guint64 last_line = 0;
  gsize file_size = 0;
  guint8 selector;

  if (size == 0)
    return 0;
  selector = data[0];
  data++;
  size--;

  /* libFuzzer's buffer outlives the reader: no copies needed. */
  stream = g_memory_input_stream_new ();
  if ((selector & FILLER_FLAG) && size > 0)
    {
      file_size = FILLER_SIZE - data[0];
      g_memory_input_stream_add_data (G_MEMORY_INPUT_STREAM (stream), filler, file_size, NULL);
      data++;
      size--;
    }
  g_memory_input_stream_add_data (G_MEMORY_INPUT_STREAM (stream), data, size, NULL);
  file_size += size;

  reader = pd_csv_reader_new_for_stream (stream, "fuzz.csv");
  pd_csv_reader_set_chunk_size (reader, chunk_size_for (selector));

  FUZZ_CHECK (pd_csv_reader_get_encoding (reader) == NULL);

  while (pd_csv_reader_next (reader, &fields, &error))
    {
      guint64 line = pd_csv_reader_get_record_line (reader);

      check_fields (fields);
      FUZZ_CHECK (line >= 1 && line >= last_line);
      last_line = line;

      if (first)
        {
          first = FALSE;
          header = match_header (fields);
          continue;
        }
      if (header != NULL)
        check_record (header, fields, line);
    }

  FUZZ_CHECK (fields == NULL);
  FUZZ_CHECK (pd_csv_reader_get_encoding (reader) != NULL);
  FUZZ_CHECK (pd_csv_reader_get_delimiter (reader) == ',' ||
              pd_csv_reader_get_delimiter (reader) == '\t');
  FUZZ_CHECK (pd_csv_reader_get_bytes_read (reader) <= file_size);

  if (first && error == NULL)
    {
      /* An empty file: it lacks every required column. */
      g_autoptr(PdCsvHeader) empty = match_header (NULL);

      FUZZ_CHECK (empty == NULL);
    }

  if (error != NULL)
    {
      g_autoptr(GError) again = NULL;

      check_error (error);
      FUZZ_CHECK (error->code != PD_CSV_ERROR_MISSING_COLUMN &&
                  error->code != PD_CSV_ERROR_DUPLICATE_COLUMN &&
                  error->code != PD_CSV_ERROR_EXTRA_FIELD);

      /* A failed reader keeps failing. */
      FUZZ_CHECK (!pd_csv_reader_next (reader, &fields, &again));
      check_error (again);
      FUZZ_CHECK (fields == NULL);
    }
  else
    {
      FUZZ_CHECK (pd_csv_reader_get_bytes_read (reader) == file_size);
      /* At the end it stays at the end. */
      FUZZ_CHECK (!pd_csv_reader_next (reader, &fields, &error));
      FUZZ_CHECK (error == NULL && fields == NULL);
    }

  return 0;
}
