#!/bin/bash
# run-fuzz.sh TARGET [libFuzzer args...] SEED_DIR... - run one libFuzzer target for a
# bounded time (TCGUI_FUZZ_SECONDS, default 20) on a scratch copy of its seed corpus.
# Fails when libFuzzer reports a crash, a leak or a sanitizer error.
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
source "${TCGUI_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"

target=$1; shift
work=$(mktemp -d "${TMPDIR:-/tmp}/tcgui-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"

seconds=${TCGUI_FUZZ_SECONDS:-20}
# libFuzzer writes crash-* files into the cwd: keep them with the build's logs.
artifacts=${TCGUI_BUILDDIR:-.}/meson-logs/fuzz-$(basename "$target")
mkdir -p "$artifacts"
"$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$artifacts/" "$work/corpus" "$@" >"$work/log" 2>&1
rc=$?
tail -n 15 "$work/log"
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
check "$(basename "$target") ran ${runs:-0} inputs in ${seconds}s without a crash (libFuzzer status $rc)" \
  '[ "$rc" = 0 ] && [ "${runs:-0}" -gt 0 ]'
finish
