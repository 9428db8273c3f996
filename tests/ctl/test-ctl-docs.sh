#!/bin/bash
# test-ctl-docs.sh TCGUICTL COMPLETION [MANPAGE] - the man page built from
# docs/tcguictl.1.scd names every command and exit status tcguictl has, and
# the bash completion completes commands, options, targets, presets and rule's
# subcommands.
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
source "$(dirname "$(readlink -f "$0")")/../lib.sh"
ctl=$(readlink -f "$1") completion=$2 man=${3:-}

commands=$("$ctl" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } /^$/ { on = 0 }')
check "tcguictl --help lists 8 commands" "[ \$(wc -w <<<\"\$commands\") = 8 ]"
if [ -n "$man" ] && [ -f "$man" ]; then
  for c in $commands; do
    check "the man page describes '$c'" "grep -q '^\\\\fB$c\\\\fR' '$man'"
  done
  check "the man page has the exit statuses" "grep -q 'EXIT STATUS' '$man' && grep -q 'NotAuthorized' '$man'"
  if command -v man >/dev/null; then
    check "man renders it" "MANWIDTH=80 man -l '$man' 2>&1 | grep -q 'tcguictl - shape network traffic'"
  else
    echo "# no 'man' here (apt-get install man-db): the page is not rendered"
  fi
else
  fail "the man page was not built (scdoc missing?): '$man'"
fi

complete_line() {
  PATH=$(dirname "$ctl"):$PATH bash -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    _tcguictl; echo "${COMPREPLY[*]}"' _ "$completion" "$@"
}
check "completes the command 'se' → set" "[ \"\$(complete_line tcguictl se)\" = set ]"
check "completes set's options (--rate)" "[[ \" \$(complete_line tcguictl set web --ra) \" == *' --rate '* ]]"
check "completes presets (--preset wpt-3 → wpt-3g…)" \
  "[[ \" \$(complete_line tcguictl set web --preset wpt-3) \" == *' wpt-3g '* ]]"
check "completes --runtime" "[ \"\$(complete_line tcguictl list --runtime po)\" = podman ]"
check "completes rule's subcommands (rule d → delete disable)" \
  "[ \"\$(complete_line tcguictl rule d)\" = 'delete disable' ]"
check "completes rule add's options (--ima → --image)" \
  "[ \"\$(complete_line tcguictl rule add x --ima)\" = --image ]"
check "completes rule add's shaping options too (--ra → --rate)" \
  "[[ \" \$(complete_line tcguictl rule add x --ra) \" == *' --rate '* ]]"
check "completes set --for (1 → 10m 1h 1d)" "[ \"\$(complete_line tcguictl set web --for 1)\" = '10m 1h 1d' ]"
finish
