#!/bin/bash
# test-ctl-german.sh TCGUICTL HELPER ACTIONS.policy BUS.conf LOCALEDIR - tcguictl in German:
# its --help, its usage errors (a bad value, a missing TARGET, an unknown command) and the
# real helper's typed errors (NoSuchNamespace, NoSuchInterface, and NotAuthorized for
# nobody on a private bus with a real polkitd), each a German sentence around the helper's
# English detail, with the D-Bus error name kept for scripts.
#
# tcguictl reads its catalog from the LOCALEDIR it was built with, where nothing is
# installed: each run gets a private mount namespace (unshare -m) in which a tmpfs over
# LOCALEDIR (or its nearest existing parent) holds the de.mo built from po/de.po. Nothing
# outside that process's namespace changes.
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
source "$(dirname "$(readlink -f "$0")")/../lib.sh"

# ctl ARGS...: tcguictl in English; stdout in $out, stderr in $err, status in $rc.
ctl() { out=$("$ctl" "$@" 2>"$tmp/err"); rc=$?; err=$(cat "$tmp/err"); }
# de CMD...: CMD with LANGUAGE=de and the built de.mo where tcguictl looks for it.
de() {
  out=$(unshare -m --propagation private bash -c '
          mnt=$1 dir=$2 mo=$3; shift 3
          mount -t tmpfs tcgui-test-locale "$mnt" && mkdir -p "$dir/de/LC_MESSAGES" &&
            cp "$mo" "$dir/de/LC_MESSAGES/tcgui.mo" || exit 125
          exec env LANGUAGE=de LC_ALL=C.UTF-8 "$@"' _ "$mnt" "$localedir" "$mo" "$@" \
        2>"$tmp/err")
  rc=$?; err=$(cat "$tmp/err")
}

if [ "${1:-}" = --inner ]; then
  shift
  ctl=$1 helper=$2 localedir=$3 mnt=$4 mo=$5 g=$6 tmp=$7
  "$helper" --replace --idle-timeout 600 --journal "$tmp/journal" >"$tmp/helper.log" 2>&1 &
  hpid=$!
  trap 'kill $hpid 2>/dev/null; wait $hpid 2>/dev/null' EXIT
  gdbus wait --system --timeout 30 io.github.tcgui.Helper1 || { cat "$tmp/helper.log"; exit 1; }

  de "$ctl" --help
  check "--help in German: exit 0, the commands' summaries ($(head -c 60 <<<"$out"))" \
    "[ $rc = 0 ] && [[ \"\$out\" == *'Befehle:'* && \"\$out\" == *'Die Ziele auflisten'* ]]"
  de "$ctl" set --help
  check "set --help in German: the options and their placeholders" \
    "[ $rc = 0 ] && [[ \"\$out\" == *'Formen, was die Schnittstelle sendet'* && \"\$out\" == *'--delay=ZEIT'* ]]"
  de "$ctl" --no-ask set "netns:$g" eg --delay abc
  check "a bad value: exit 2, German, naming the option ($err)" \
    "[ $rc = 2 ] && [[ \"\$err\" == *'--delay: „abc“ ist keine Zeit mit Einheit'* ]]"
  de "$ctl" --no-ask set
  check "no TARGET: exit 2, German ($err)" "[ $rc = 2 ] && [[ \"\$err\" == *'ZIEL fehlt'* ]]"
  de "$ctl" frobnicate
  check "an unknown command: exit 2, German" "[ $rc = 2 ] && [[ \"\$err\" == *'unbekannter Befehl „frobnicate“'* ]]"

  de "$ctl" --no-ask show "netns:$g-none"
  check "NoSuchNamespace from the helper: exit 1, the name kept, German ($err)" \
    "[ $rc = 1 ] && [[ \"\$err\" == *'io.github.tcgui.Error.NoSuchNamespace: Den Netzwerk-Namensraum gibt es nicht (mehr): '* ]]"
  check "… with the helper's detail naming the namespace" "[[ \"\$err\" == *'$g-none'* ]]"
  de "$ctl" --no-ask show "netns:$g" nosuchif
  check "NoSuchInterface from the helper: German ($err)" \
    "[ $rc = 1 ] && [[ \"\$err\" == *'NoSuchInterface: Die Netzwerkschnittstelle gibt es nicht (mehr): '*nosuchif* ]]"
  de "$TCGUI_TESTENV/run-as-nobody" "$ctl" --no-ask set "netns:$g" eg --rate 1mbit
  check "NotAuthorized for nobody: German ($err)" \
    "[ $rc = 1 ] && [[ \"\$err\" == *'NotAuthorized: Sie sind dazu nicht berechtigt: '* ]]"
  check "nobody changed nothing in the kernel" "[ \"\$(tc -n $g qdisc show dev eg | grep -c tbf)\" = 0 ]"

  ctl --no-ask show "netns:$g-none"
  check "in English the same error reads in English ($err)" \
    "[ $rc = 1 ] && [[ \"\$err\" == *'NoSuchNamespace: The network namespace does not exist (any more): '* ]]"
  kill $hpid 2>/dev/null; wait $hpid 2>/dev/null
  check "the helper reported no sanitizer error" "! grep -qE 'Sanitizer|runtime error' $tmp/helper.log"
  finish
  exit
fi

ctl=$1 helper=$2 actions=$3 busconf=$4 localedir=$5
need_root
need_cmd ip tc gdbus unshare mount
need_testenv polkit-bus
need_testenv run-as-nobody
mo=$TCGUI_BUILDDIR/po/de/LC_MESSAGES/tcgui.mo
[ -f "$mo" ] || skip "no built German catalog at $mo"
unshare -m --propagation private true 2>/dev/null || skip "unshare -m is not allowed here"
# The nearest existing directory at or above LOCALEDIR gets the tmpfs.
mnt=$localedir
while [ ! -d "$mnt" ]; do mnt=$(dirname "$mnt"); done
[ "$mnt" != / ] || skip "LOCALEDIR $localedir has no parent but / to mount over"

g=$TEST_TAG-ge
tmp=$(mktemp -d)
chmod 755 "$tmp"
cleanup() { ip netns del "$g" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
ip netns add "$g" || skip "cannot create a network namespace"
ip -n "$g" link add eg type veth peer name eg2 || skip "cannot create veth links"

pb=("$TCGUI_TESTENV/polkit-bus" --policy "$busconf")
cmp -s "$actions" "/usr/share/polkit-1/actions/${actions##*/}" || pb+=(--actions "$actions")
run_phase "${pb[@]}" -- bash "$(readlink -f "$0")" --inner "$(readlink -f "$ctl")" \
  "$(readlink -f "$helper")" "$localedir" "$mnt" "$mo" "$g" "$tmp"
