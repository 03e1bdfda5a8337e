#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks every translation listed in po/LINGUAS with msgfmt --check.
# Usage: check-po.sh MSGFMT PO_DIR

set -u

if [ "$#" -ne 2 ]; then
  echo "usage: $0 MSGFMT PO_DIR" >&2
  exit 2
fi

msgfmt=$1
podir=$2
linguas="$podir/LINGUAS"

if [ ! -r "$linguas" ]; then
  echo "FAIL: cannot read $linguas: expected the list of translations" >&2
  exit 1
fi

# LINGUAS: language codes separated by blanks or newlines, '#' starts a comment.
langs=$(sed -e 's/#.*//' "$linguas" | tr -s ' \t' '\n\n' | sed -e '/^$/d')

if [ -z "$langs" ]; then
  echo "FAIL: $linguas lists no language" >&2
  exit 1
fi

failed=0
checked=0
for lang in $langs; do
  po="$podir/$lang.po"
  if [ ! -r "$po" ]; then
    echo "FAIL: $lang is listed in $linguas but $po does not exist" >&2
    failed=$((failed + 1))
    continue
  fi
  printf '%s: ' "$po"
  if ! "$msgfmt" --check --statistics -o /dev/null "$po" 2>&1; then
    echo "FAIL: msgfmt --check rejected $po" >&2
    failed=$((failed + 1))
  fi
  checked=$((checked + 1))
done

echo "$checked translation(s) checked, $failed failure(s)"
[ "$failed" -eq 0 ]
