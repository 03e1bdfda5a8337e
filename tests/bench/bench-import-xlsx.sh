#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The .xlsx import benchmark (issue 15, item 6): the same target list as CSV
# and as an .xlsx workbook (every text in the shared strings table, as Excel
# and LibreOffice write it), each imported into a new store.
#
#   bench-import-xlsx.sh PARTNERDESK_CLI [ROWS [RUNS]]
#
# ROWS defaults to 1,000,000, RUNS to 3; figures are medians, the runs
# alternating between the two files. Criteria: xlsx wall clock <= 2 x CSV,
# peak RSS of the xlsx import < 150 MB. Exit status 1 if one fails. CPU
# time is printed too: on a busy machine the wall clock says little.
set -eu

CLI=${1:?usage: bench-import-xlsx.sh PARTNERDESK_CLI [ROWS [RUNS]]}
ROWS=${2:-1000000}
RUNS=${3:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=/usr/bin/python3
TIME=/usr/bin/time

if [ ! -x "$TIME" ]; then
  echo "bench-import-xlsx.sh: $TIME is missing (Debian package 'time')" >&2
  exit 77
fi
: "${PARTNERDESK_PROGRAMS_DIR:=$HERE/../../data/programs}"
export PARTNERDESK_PROGRAMS_DIR
PROGRAM=$PARTNERDESK_PROGRAMS_DIR/eu-jp-pop-partner-2026q1.json

DIR=$(mktemp -d "${TMPDIR:-/tmp}/pd-bench-xlsx-XXXXXX")
trap 'rm -rf "$DIR"' EXIT INT TERM

echo "Generating $ROWS rows..."
"$PYTHON" "$HERE/gen-targets.py" "$DIR/targets.csv" "$ROWS"
"$PYTHON" "$HERE/gen-targets-xlsx.py" "$DIR/targets.csv" "$DIR/targets.xlsx"
echo "CSV $(wc -c < "$DIR/targets.csv") bytes, xlsx $(wc -c < "$DIR/targets.xlsx") bytes; $(nproc) CPUs"

# measure NAME FILE: imports FILE into a new store, appends "wall cpu rss_kb".
measure () {
  rm -f "$DIR"/store.db*
  "$CLI" --store "$DIR/store.db" import program "$PROGRAM" > /dev/null
  "$TIME" -f '%e %U %S %M' -o "$DIR/time.out" "$CLI" --store "$DIR/store.db" import targets "$2" \
    > "$DIR/out.txt" 2> "$DIR/err.txt" || {
    echo "bench-import-xlsx.sh: $1 failed:" >&2
    cat "$DIR/err.txt" "$DIR/out.txt" >&2
    exit 1
  }
  tail -n 1 "$DIR/time.out" | awk '{ printf "%.2f %.2f %d\n", $1, $2 + $3, $4 }' >> "$DIR/$1"
  printf '  %-5s %s s wall, %s s CPU, %s KB peak RSS\n' "$1" $(tail -n 1 "$DIR/$1")
}

run=1
while [ "$run" -le "$RUNS" ]; do
  echo "Run $run of $RUNS"
  measure csv "$DIR/targets.csv"
  measure xlsx "$DIR/targets.xlsx"
  run=$((run + 1))
done

median () {
  sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
csv_wall=$(cut -d' ' -f1 "$DIR/csv" | median)
csv_cpu=$(cut -d' ' -f2 "$DIR/csv" | median)
xlsx_wall=$(cut -d' ' -f1 "$DIR/xlsx" | median)
xlsx_cpu=$(cut -d' ' -f2 "$DIR/xlsx" | median)
xlsx_rss=$(cut -d' ' -f3 "$DIR/xlsx" | sort -n | tail -n 1)
echo "Medians: csv $csv_wall s wall ($csv_cpu s CPU), xlsx $xlsx_wall s wall ($xlsx_cpu s CPU), xlsx peak RSS $xlsx_rss KB"
awk -v c="$csv_wall" -v x="$xlsx_wall" -v cc="$csv_cpu" -v xc="$xlsx_cpu" -v rss="$xlsx_rss" 'BEGIN {
  printf "xlsx / csv: %.2f wall (criterion <= 2.00), %.2f CPU; peak RSS %.0f MB (criterion < 150)\n",
         x / c, xc / cc, rss / 1024
  exit !(x <= 2 * c && rss < 150 * 1024)
}'
