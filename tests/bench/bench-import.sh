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
# What is compared:
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
#             beforehand, not timed): WAL, every value validated, duplicate
#             keys checked, SHA-256 and audit row, one transaction.
#   reimport  the same command again on that store: every row unchanged.
# Criteria: import <= 1.5 x baseline, reimport <= 1.0 x baseline (wall
# clock), peak RSS of each import < 100 MB. Exit status 1 if one fails.
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

echo "Generating $ROWS rows..."
"$PYTHON" "$HERE/gen-targets.py" "$CSV" "$ROWS"
echo "File: $(wc -c < "$CSV") bytes, $(($(wc -l < "$CSV") - 1)) rows; sqlite3 $(sqlite3 --version | cut -d' ' -f1); $(nproc) CPUs"

cat > "$DIR/baseline.sql" <<SQL
CREATE TABLE t (seller_id TEXT, seller_name TEXT, brand TEXT, market TEXT, country TEXT,
  contact_name TEXT, contact_email TEXT, contact_phone TEXT, review_status TEXT,
  program_id TEXT, PRIMARY KEY (program_id, seller_id)) WITHOUT ROWID;
.import --csv --skip 1 $CSV t
SQL

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
  printf '  %-9s %s s wall, %s s CPU, %s KB peak RSS\n' "$name" $(tail -n 1 "$DIR/$name")
}

run=1
while [ "$run" -le "$RUNS" ]; do
  echo "Run $run of $RUNS"
  rm -f "$DIR"/base.db*
  measure baseline sh -c "sqlite3 '$DIR/base.db' < '$DIR/baseline.sql'"
  rows=$(sqlite3 "$DIR/base.db" 'SELECT count(*) FROM t')
  [ "$rows" = "$ROWS" ] || { echo "baseline imported $rows rows" >&2; exit 1; }
  rm -f "$DIR"/base.db*

  rm -f "$DIR"/store.db*
  "$CLI" --store "$DIR/store.db" status > /dev/null
  measure import "$CLI" --store "$DIR/store.db" import targets "$CSV" --json
  grep -q "\"inserted\":$ROWS," "$DIR/out.txt" || { cat "$DIR/out.txt" >&2; exit 1; }
  measure reimport "$CLI" --store "$DIR/store.db" import targets "$CSV" --json
  grep -q "\"unchanged\":$ROWS}" "$DIR/out.txt" || { cat "$DIR/out.txt" >&2; exit 1; }
  rm -f "$DIR"/store.db*
  run=$((run + 1))
done

median () {
  sort -n -k"$2" "$DIR/$1" | awk -v k="$2" '{ v[NR] = $k } END { print v[int((NR + 1) / 2)] }'
}

b_wall=$(median baseline 1); b_cpu=$(median baseline 2)
i_wall=$(median import 1); i_cpu=$(median import 2); i_rss=$(median import 3)
r_wall=$(median reimport 1); r_cpu=$(median reimport 2); r_rss=$(median reimport 3)
i_max_rss=$(sort -n -k3 "$DIR/import" | tail -n 1 | cut -d' ' -f3)
r_max_rss=$(sort -n -k3 "$DIR/reimport" | tail -n 1 | cut -d' ' -f3)

echo
echo "Medians of $RUNS runs ($ROWS rows):"
awk -v bw="$b_wall" -v bc="$b_cpu" -v iw="$i_wall" -v ic="$i_cpu" -v rw="$r_wall" -v rc="$r_cpu" \
    -v irss="$i_max_rss" -v rrss="$r_max_rss" 'BEGIN {
  printf "  %-34s %8s %8s %8s %8s %10s\n", "", "wall s", "ratio", "CPU s", "ratio", "max RSS"
  printf "  %-34s %8.2f %8s %8.2f %8s %10s\n", "sqlite3 .import (baseline)", bw, "1.00", bc, "1.00", "-"
  printf "  %-34s %8.2f %8.2f %8.2f %8.2f %7.1f MB\n", "import into an empty store", iw, iw / bw, ic, ic / bc, irss / 1024
  printf "  %-34s %8.2f %8.2f %8.2f %8.2f %7.1f MB\n", "re-import, all unchanged", rw, rw / bw, rc, rc / bc, rrss / 1024
}'

status=0
awk -v b="$b_wall" -v i="$i_wall" 'BEGIN { exit !(i <= 1.5 * b) }' \
  && echo "PASS import <= 1.5 x baseline" || { echo "FAIL import > 1.5 x baseline"; status=1; }
awk -v b="$b_wall" -v r="$r_wall" 'BEGIN { exit !(r <= 1.0 * b) }' \
  && echo "PASS reimport <= 1.0 x baseline" || { echo "FAIL reimport > 1.0 x baseline"; status=1; }
awk -v a="$i_max_rss" -v c="$r_max_rss" 'BEGIN { exit !(a < 102400 && c < 102400) }' \
  && echo "PASS peak RSS < 100 MB" || { echo "FAIL peak RSS >= 100 MB"; status=1; }
exit $status
