#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks every translation listed in po/LINGUAS with msgfmt --check, and
# that it translates every message the sources mark (none missing or fuzzy).
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

# The template, from the sources, when gettext's tools are there.
pot=
srcdir=$(dirname "$podir")
if command -v xgettext >/dev/null 2>&1 && command -v msgmerge >/dev/null 2>&1; then
  pot=$(mktemp "${TMPDIR:-/tmp}/pd-check-po.XXXXXX")
  trap 'rm -f "$pot"' EXIT
  if ! (cd "$srcdir" && xgettext --files-from=po/POTFILES.in --from-code=UTF-8 \
          --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
          --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
          --output="$pot" 2>/dev/null); then
    echo "FAIL: xgettext could not read the files of po/POTFILES.in" >&2
    failed=$((failed + 1))
    pot=
  fi
elif [ -z "${PARTNERDESK_ALLOW_SKIP:-}" ]; then
  echo "FAIL: xgettext or msgmerge is not installed: install the Debian package gettext (./run test does)" >&2
  failed=$((failed + 1))
fi
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
  # Complete: every message the sources mark (po/POTFILES.in, extracted as
  # po/meson.build's preset does) has a translation, none fuzzy.
  if [ -n "$pot" ]; then
    stats=$(msgmerge --quiet --no-fuzzy-matching "$po" "$pot" -o - |
            msgfmt --statistics -o /dev/null - 2>&1)
    case $stats in
      *untranslated*|*fuzzy*)
        echo "FAIL: $po is incomplete against the sources ($stats); the missing messages:" >&2
        msgmerge --quiet --no-fuzzy-matching "$po" "$pot" -o - |
          msgattrib --untranslated --no-obsolete | grep -A3 '^#:' >&2
        failed=$((failed + 1))
        ;;
    esac
  fi
  checked=$((checked + 1))
done

echo "$checked translation(s) checked, $failed failure(s)"
[ "$failed" -eq 0 ]
