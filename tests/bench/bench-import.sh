#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The target list import benchmark (issue 3, item 8), side by side with
# sqlite3's own .import on the same file and the same machine.
#
#   bench-import.sh PARTNERDESK_CLI [ROWS [RUNS]]
#
# ROWS defaults to 1,000,000 (a ~150 MB list from gen-targets.py), RUNS to 3;
# every figure is the median of the runs, which alternate between the three
# measurements so that a busy moment of the machine hits all of them alike.
#
# Two files of the same rows (gen-targets.py): as generated (seller ids
# in random order, as the platform exports them) and sorted by seller id
# (a file in the table's key order). Each is measured against its own
# baseline: the order changes sqlite3's time far more than ours (its
# B-tree inserts are random for the shuffled file).
#
# What is compared, for each file:
#   baseline  sqlite3 (the Debian 12 shell, 3.40) `.import --csv --skip 1`
#             into a new database holding only
#               CREATE TABLE t (seller_id TEXT, seller_name TEXT, brand TEXT,
#                 market TEXT, country TEXT, contact_name TEXT,
#                 contact_email TEXT, contact_phone TEXT, review_status TEXT,
#                 program_id TEXT, PRIMARY KEY (program_id, seller_id))
#                 WITHOUT ROWID
#             with the shell's defaults (rollback journal, synchronous=FULL,
#             2 MB page cache; .import runs in one transaction), no checks.
#   import    partnerdesk-cli import targets FILE into a new store (created
#             beforehand, not timed), the whole command: WAL, every value
#             validated, duplicate keys checked, SHA-256 and audit row, one
#             transaction, and the Merchants page's rows built before it
#             exits (issue 16: searchable when the import ends).
#   reimport  the same command again on that store: every row unchanged.
#   commit    (printed, not a criterion) the import's own transaction, to
#             its commit, from the importer's debug line: the rest of the
#             command is the Merchants page's rows and their search index.
# Criteria (issue 16, item 3), for the seller-ordered file and for the
# shuffled one: import <= 1.5 x that file's baseline, reimport <= 1.0 x
# (wall clock, medians), peak RSS of each import < 100 MB. Exit status 1
# if one fails. CPU time is printed beside: on a busy machine the wall
# clock says little.
set -eu

CLI=${1:?usage: bench-import.sh PARTNERDESK_CLI [ROWS [RUNS]]}
ROWS=${2:-1000000}
RUNS=${3:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=/usr/bin/python3
TIME=/usr/bin/time

if [ ! -x "$TIME" ]; then
  echo "bench-import.sh: $TIME is missing (Debian package 'time')" >&2
  exit 77
fi
if ! command -v sqlite3 >/dev/null 2>&1; then
  echo "bench-import.sh: sqlite3 is missing (Debian package 'sqlite3')" >&2
  exit 77
fi
: "${PARTNERDESK_PROGRAMS_DIR:=$HERE/../../data/programs}"
export PARTNERDESK_PROGRAMS_DIR

DIR=$(mktemp -d "${TMPDIR:-/tmp}/pd-bench-XXXXXX")
trap 'rm -rf "$DIR"' EXIT INT TERM
CSV=$DIR/targets.csv
SORTED=$DIR/targets-sorted.csv

echo "Generating $ROWS rows..."
"$PYTHON" "$HERE/gen-targets.py" "$CSV" "$ROWS"
# Seller ids lead every line (19 digits, unquoted): a byte sort of the
# lines after the header is seller order.
{ head -n 1 "$CSV"; tail -n +2 "$CSV" | LC_ALL=C sort; } > "$SORTED"
echo "Files: $(wc -c < "$CSV") bytes, $(($(wc -l < "$CSV") - 1)) rows each; sqlite3 $(sqlite3 --version | cut -d' ' -f1); $(nproc) CPUs"

# measure NAME COMMAND...: appends "wall cpu rss_kb" to $DIR/NAME.
measure () {
  name=$1
  shift
  "$TIME" -f '%e %U %S %M' -o "$DIR/time.out" "$@" > "$DIR/out.txt" 2> "$DIR/err.txt" || {
    echo "bench-import.sh: $name failed:" >&2
    cat "$DIR/err.txt" "$DIR/out.txt" >&2
    exit 1
  }
  tail -n 1 "$DIR/time.out" | awk '{ printf "%.2f %.2f %d\n", $1, $2 + $3, $4 }' >> "$DIR/$name"
  printf '  %-17s %s s wall, %s s CPU, %s KB peak RSS' "$name" $(tail -n 1 "$DIR/$name")
  # The importer's own debug line: its transaction alone, before the
  # Merchants page's rows are made.
  commit=$(cat "$DIR/out.txt" "$DIR/err.txt" | sed -n 's/.*: committed after \([0-9.]*\) s.*/\1/p' | tail -n 1)
  [ -z "$commit" ] || { printf ' (committed after %s s)' "$commit"; echo "$commit" >> "$DIR/commit-$name"; }
  printf '\n'
}

# one ORDER FILE: a baseline, an import and a re-import of FILE.
one () {
  order=$1
  file=$2
  rm -f "$DIR"/base.db*
  sed "s|@FILE@|$file|" "$DIR/baseline.sql.in" > "$DIR/baseline.sql"
  measure "baseline-$order" sh -c "sqlite3 '$DIR/base.db' < '$DIR/baseline.sql'"
  rows=$(sqlite3 "$DIR/base.db" 'SELECT count(*) FROM t')
  [ "$rows" = "$ROWS" ] || { echo "baseline imported $rows rows" >&2; exit 1; }
  rm -f "$DIR"/base.db*

  rm -f "$DIR"/store.db*
  "$CLI" --store "$DIR/store.db" status > /dev/null
  measure "import-$order" env G_MESSAGES_DEBUG=pd-importer "$CLI" --store "$DIR/store.db" import targets "$file" --json
  grep -q "\"inserted\":$ROWS," "$DIR/out.txt" || { cat "$DIR/out.txt" >&2; exit 1; }
  measure "reimport-$order" env G_MESSAGES_DEBUG=pd-importer "$CLI" --store "$DIR/store.db" import targets "$file" --json
  grep -q "\"unchanged\":$ROWS}" "$DIR/out.txt" || { cat "$DIR/out.txt" >&2; exit 1; }
  rm -f "$DIR"/store.db*
}

cat > "$DIR/baseline.sql.in" <<SQL
CREATE TABLE t (seller_id TEXT, seller_name TEXT, brand TEXT, market TEXT, country TEXT,
  contact_name TEXT, contact_email TEXT, contact_phone TEXT, review_status TEXT,
  program_id TEXT, PRIMARY KEY (program_id, seller_id)) WITHOUT ROWID;
.import --csv --skip 1 @FILE@ t
SQL

run=1
while [ "$run" -le "$RUNS" ]; do
  echo "Run $run of $RUNS"
  one sorted "$SORTED"
  one shuffled "$CSV"
  run=$((run + 1))
done

median () {
  sort -n -k"$2" "$DIR/$1" | awk -v k="$2" '{ v[NR] = $k } END { print v[int((NR + 1) / 2)] }'
}

status=0
echo
echo "Medians of $RUNS runs ($ROWS rows):"
printf '  %-38s %8s %8s %8s %8s %10s\n' "" "wall s" "ratio" "CPU s" "ratio" "max RSS"
for order in sorted shuffled; do
  b_wall=$(median "baseline-$order" 1); b_cpu=$(median "baseline-$order" 2)
  i_wall=$(median "import-$order" 1); i_cpu=$(median "import-$order" 2)
  r_wall=$(median "reimport-$order" 1); r_cpu=$(median "reimport-$order" 2)
  c_wall=
  [ ! -f "$DIR/commit-import-$order" ] || c_wall=$(median "commit-import-$order" 1)
  i_max_rss=$(sort -n -k3 "$DIR/import-$order" | tail -n 1 | cut -d' ' -f3)
  r_max_rss=$(sort -n -k3 "$DIR/reimport-$order" | tail -n 1 | cut -d' ' -f3)
  awk -v o="$order" -v bw="$b_wall" -v bc="$b_cpu" -v iw="$i_wall" -v ic="$i_cpu" -v rw="$r_wall" -v rc="$r_cpu" \
      -v cw="$c_wall" -v irss="$i_max_rss" -v rrss="$r_max_rss" 'BEGIN {
    printf "  %-38s %8.2f %8s %8.2f %8s %10s\n", o ": sqlite3 .import (baseline)", bw, "1.00", bc, "1.00", "-"
    printf "  %-38s %8.2f %8.2f %8.2f %8.2f %7.1f MB\n", o ": import into an empty store", iw, iw / bw, ic, ic / bc, irss / 1024
    if (cw != "")
      printf "  %-38s %8.2f %8.2f %8s %8s %10s\n", o ": the import to its commit", cw, cw / bw, "-", "-", "-"
    printf "  %-38s %8.2f %8.2f %8.2f %8.2f %7.1f MB\n", o ": re-import, all unchanged", rw, rw / bw, rc, rc / bc, rrss / 1024
  }'
  awk -v b="$b_wall" -v i="$i_wall" 'BEGIN { exit !(i <= 1.5 * b) }' \
    && echo "  PASS $order: import <= 1.5 x baseline" || { echo "  FAIL $order: import > 1.5 x baseline"; status=1; }
  awk -v b="$b_wall" -v r="$r_wall" 'BEGIN { exit !(r <= 1.0 * b) }' \
    && echo "  PASS $order: reimport <= 1.0 x baseline" || { echo "  FAIL $order: reimport > 1.0 x baseline"; status=1; }
  awk -v a="$i_max_rss" -v c="$r_max_rss" 'BEGIN { exit !(a < 102400 && c < 102400) }' \
    && echo "  PASS $order: peak RSS < 100 MB" || { echo "  FAIL $order: peak RSS >= 100 MB"; status=1; }
done
exit $status
