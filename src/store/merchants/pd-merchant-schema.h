/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The Merchants page's materialized rows (schema version 7), for
 * src/store only.
 *
 * Two sets of tables, suffixes _0 and _1; merchant_state's "current"
 * names the one the page reads. A full rebuild fills the other set in
 * short transactions (the store stays writable for imports and links
 * meanwhile), switches "current" in one small transaction and empties
 * the old set; a refresh that changes only verdicts, stages, links or
 * staff updates the current set in place.
 *
 * merchant_rows_N: one row per entry of a recruitment program (the
 * engine's entries) and per seller on its target list that has none
 * yet (verdict 3, stage 0). Ids are 1..n in (program_id, seller_id,
 * engine entry) order, so a program's rows are one id range. Columns
 * hold the engine's result as of merchant_state's "as_of".
 *
 * merchant_search_N: each row's words (pd-merchant-text.h), rowid = id
 * (a row that gained words has them in entries of their own under the
 * same rowid: pd-merchant-writer.c); contentless and without positions:
 * only "which rows hold a word starting so" is ever asked. (It keeps its column sizes: without them
 * the table cannot be scanned, and a plain dump of the store fails.)
 *
 * merchant_keys_N: for every word beginning that at least
 * PD_MERCHANT_KEY_MIN_ROWS rows hold, those rows as a serialized PdBits:
 * a keystroke that matches half the table reads one blob instead of
 * walking half a million postings. The one-character ones are made as
 * the rows are written (pd-merchant-initials.h), the longer ones by a
 * pass over the full-text index. */

/* The full-text index also keeps a list per two-character word
 * beginning (prefix='2'): a second keystroke reads one list instead of
 * merging every word starting so ("74" begins a million seller ids).
 * One-character beginnings need no list of their own: the writes keep
 * their rows as search keys (pd-merchant-initials.h), and the index is
 * asked only for the few rows written after those keys, or for a
 * character fewer than PD_MERCHANT_KEY_MIN_ROWS rows hold. Their lists
 * cost a large import more than they saved: see tests/bench/README.md,
 * "Two-character lists only". */
#define PD_MERCHANT_SEARCH_TABLE(s) \
  "CREATE VIRTUAL TABLE merchant_search_" s " USING fts5 (doc, content='', detail=none," \
  "  tokenize='unicode61 remove_diacritics 0', prefix='2');"

#define PD_MERCHANT_ROWS_TABLE(s) \
  "CREATE TABLE merchant_rows_" s " (" \
  "  id               INTEGER PRIMARY KEY," \
  "  program_id       TEXT NOT NULL," \
  "  seller_id        TEXT NOT NULL," \
  "  store_id         TEXT," \
  "  doc_hash         INTEGER NOT NULL," \
  "  seller_name      TEXT," \
  "  name_key         TEXT NOT NULL," \
  "  market           TEXT," \
  "  stage            INTEGER NOT NULL," \
  "  verdict          INTEGER NOT NULL," \
  "  deadline         INTEGER," \
  "  gmv_minor        INTEGER," \
  "  gmv_currency     TEXT," \
  "  gmv_cny          INTEGER," \
  "  gmv_threshold    INTEGER," \
  "  gmv_permille     INTEGER," \
  "  countries        INTEGER," \
  "  countries_needed INTEGER," \
  "  staff            TEXT," \
  "  link_token       TEXT," \
  "  link_url         TEXT," \
  "  link_state       TEXT," \
  "  link_created_at  INTEGER," \
  "  link_rank        INTEGER NOT NULL DEFAULT 0" \
  ");" \
  PD_MERCHANT_SEARCH_TABLE (s) \
  "CREATE TABLE merchant_keys_" s " (" \
  "  key  TEXT PRIMARY KEY NOT NULL," \
  "  n    INTEGER NOT NULL," \
  "  bits BLOB NOT NULL" \
  ") WITHOUT ROWID;"

/* One index per sortable column (its sort order, then id), the program
 * ranges and the rows of a seller. Dropped while a set is filled and
 * made again after: sorting once is far faster than a million random
 * inserts into each. */
#define PD_MERCHANT_ROWS_INDEXES(s) \
  "CREATE INDEX IF NOT EXISTS merchant_rows_" s "_program ON merchant_rows_" s " (program_id, id);" \
  "CREATE INDEX IF NOT EXISTS merchant_rows_" s "_seller ON merchant_rows_" s " (seller_id, id);" \
  "CREATE INDEX IF NOT EXISTS merchant_rows_" s "_name ON merchant_rows_" s " (name_key, id);" \
  "CREATE INDEX IF NOT EXISTS merchant_rows_" s "_market ON merchant_rows_" s " (market, id);" \
  "CREATE INDEX IF NOT EXISTS merchant_rows_" s "_stage ON merchant_rows_" s " (stage, id);" \
  "CREATE INDEX IF NOT EXISTS merchant_rows_" s "_verdict ON merchant_rows_" s " (verdict, id);" \
  "CREATE INDEX IF NOT EXISTS merchant_rows_" s "_deadline ON merchant_rows_" s " (deadline, id);" \
  "CREATE INDEX IF NOT EXISTS merchant_rows_" s "_gmv ON merchant_rows_" s " (gmv_permille, id);" \
  "CREATE INDEX IF NOT EXISTS merchant_rows_" s "_countries ON merchant_rows_" s " (countries, id);" \
  "CREATE INDEX IF NOT EXISTS merchant_rows_" s "_staff ON merchant_rows_" s " (staff, id);" \
  "CREATE INDEX IF NOT EXISTS merchant_rows_" s "_link ON merchant_rows_" s " (link_rank, link_created_at, id);"

#define PD_MERCHANT_ROWS_DROP_INDEXES(s) \
  "DROP INDEX IF EXISTS merchant_rows_" s "_program;" \
  "DROP INDEX IF EXISTS merchant_rows_" s "_seller;" \
  "DROP INDEX IF EXISTS merchant_rows_" s "_name;" \
  "DROP INDEX IF EXISTS merchant_rows_" s "_market;" \
  "DROP INDEX IF EXISTS merchant_rows_" s "_stage;" \
  "DROP INDEX IF EXISTS merchant_rows_" s "_verdict;" \
  "DROP INDEX IF EXISTS merchant_rows_" s "_deadline;" \
  "DROP INDEX IF EXISTS merchant_rows_" s "_gmv;" \
  "DROP INDEX IF EXISTS merchant_rows_" s "_countries;" \
  "DROP INDEX IF EXISTS merchant_rows_" s "_staff;" \
  "DROP INDEX IF EXISTS merchant_rows_" s "_link;"

#define PD_MERCHANT_SCHEMA \
  "CREATE TABLE merchant_state (" \
  "  key   TEXT PRIMARY KEY NOT NULL," \
  "  value TEXT NOT NULL" \
  ") WITHOUT ROWID;" \
  "INSERT INTO merchant_state (key, value) VALUES ('current', '0'), ('generation', '0');" \
  PD_MERCHANT_ROWS_TABLE ("0") \
  PD_MERCHANT_ROWS_INDEXES ("0") \
  PD_MERCHANT_ROWS_TABLE ("1") \
  PD_MERCHANT_ROWS_INDEXES ("1")
