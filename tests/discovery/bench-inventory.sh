#!/bin/bash
# bench-inventory.sh [ENGINE] [N] [EVENTS] - inventory timings with N running containers
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run as root from the source dir: TCGUI_BUILDDIR=$PWD/build tests/discovery/bench-inventory.sh docker 200 40
# Brings up ENGINE-fixture (prefix bi$$), starts N extra containers on its
# network, runs bench-inventory (in-process inventory) and times GetInventory
# through the real helper on a private bus (cold, then warm), cleans up.
. "$(dirname "$(readlink -f "$0")")/../lib.sh"
ENGINE=${1:-docker} N=${2:-200} EVENTS=${3:-40}
BUILD=${TCGUI_BUILDDIR:-$PWD}
need_root
need_testenv "$ENGINE-fixture"
export TESTENV_PREFIX=bi$$
RM_NOW=; [ "$ENGINE" = podman ] && RM_NOW="-t 0"   # sleep as PID 1 ignores SIGTERM
sock=$("$TCGUI_TESTENV/$ENGINE-fixture" up) || skip "fixture failed"
cleanup() {
  "$ENGINE" ps -aq --filter "label=io.github.tcgui.testenv=$TESTENV_PREFIX" |
    xargs -r -n 20 -P 2 "$ENGINE" rm -f $RM_NOW >/dev/null 2>&1
  "$TCGUI_TESTENV/$ENGINE-fixture" down >/dev/null
}
trap cleanup EXIT
start=$(date +%s)
seq "$N" | xargs -P 3 -I{} "$ENGINE" run -d --name "$TESTENV_PREFIX-n{}" \
  --label "io.github.tcgui.testenv=$TESTENV_PREFIX" --network "$TESTENV_PREFIX-net" \
  localhost/bb:latest sleep infinity >/dev/null
echo "# started $N containers in $(( $(date +%s) - start )) s; running: $("$ENGINE" ps -q | wc -l)"
"$BUILD/tests/discovery/bench-inventory" "$ENGINE" "$sock" "$TESTENV_PREFIX" "$EVENTS"

# Through the helper and the bus: the first call starts the inventory.
if [ -x "$TCGUI_TESTENV/polkit-bus" ]; then
  "$TCGUI_TESTENV/polkit-bus" --policy "$TCGUI_SRCDIR/data/io.github.tcgui.Helper1.conf" \
    --actions "$BUILD/data/io.github.tcgui.policy" -- bash -c '
    "$0" --replace --idle-timeout 60 --journal /tmp/bench-journal.$$ >/dev/null 2>&1 & H=$!
    for _ in $(seq 100); do gdbus introspect --system --dest io.github.tcgui.Helper1 \
      --object-path /io/github/tcgui/Helper1 >/dev/null 2>&1 && break; sleep 0.05; done
    for what in cold warm warm; do
      s=$(date +%s%N)
      n=$(gdbus call --system --dest io.github.tcgui.Helper1 --object-path /io/github/tcgui/Helper1 \
            --method io.github.tcgui.Helper1.GetInventory | grep -o "pid:[0-9]*:[0-9]*" | sort -u | wc -l)
      echo "dbus-getinventory-$what-ms $(( ($(date +%s%N) - s) / 1000000 )) namespaces $n"
    done
    kill $H; wait; rm -f /tmp/bench-journal.$$' "$BUILD/helper/tcgui-helper"
fi
