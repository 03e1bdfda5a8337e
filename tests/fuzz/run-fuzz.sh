#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A bounded fuzzing run: run-fuzz.sh TARGET SEED-CORPUS DICT
#
# Fuzzes for PD_FUZZ_SECONDS (60 by default) from the seed corpus. New
# inputs go to a temporary directory, never into the source tree; a crash,
# a leak, undefined behaviour or a failed check stops the run, fails the
# test and leaves the input in the current directory (crash-*, leak-*,
# ...) with its reproduction command in the log.
#
# The mutations follow PD_FUZZ_SEED (33 by default), so that CI repeats a
# run already known to pass and a finding reproduces; set another seed, or
# 0 for a random one, to explore.
set -eu
target=$1 seeds=$2 dict=$3
seconds=${PD_FUZZ_SECONDS:-60}
seed=${PD_FUZZ_SEED:-33}
work=$(mktemp -d "${TMPDIR:-/tmp}/pd-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
# libFuzzer exits 77 on a crash by default, which meson takes for a skip.
"$target" -seed="$seed" -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 \
  -error_exitcode=1 -timeout_exitcode=1 \
  -dict="$dict" -print_final_stats=1 "$work" "$seeds"
