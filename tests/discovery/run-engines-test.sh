#!/bin/bash
# run-engines-test.sh ENGINE TEST-BINARY - the inventory against a real engine
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Brings up ../shared/testenv/ENGINE-fixture with a prefix of its own, runs
# test-inventory-engines, and brings the fixture down again (trap).
. "$(dirname "$0")/../lib.sh"
ENGINE=$1 BIN=$2
need_root
need_testenv "$ENGINE-fixture"
need_cmd nsenter ip
FIXTURE=$TCGUI_TESTENV/$ENGINE-fixture
export TESTENV_PREFIX=td$$
STATE=${TESTENV_STATE:-/run/tcgui-testenv}

sock=$("$FIXTURE" up) || skip "$ENGINE-fixture up failed"
trap '"$FIXTURE" down >/dev/null 2>&1; "$ENGINE" rm -f "$TESTENV_PREFIX-d" >/dev/null 2>&1' EXIT

# Stop the daemon (not the containers, for Podman), change a container
# while it is away, start it again.
case $ENGINE in
  docker)
    pidf=$STATE/dockerd$(echo "$sock" | tr / _).pid
    restart="kill \$(cat $pidf); while kill -0 \$(cat $pidf) 2>/dev/null; do sleep 0.1; done;
             rm -f $pidf; $FIXTURE up" ;;
  podman)
    pidf=$STATE/podman-service$(echo "$sock" | tr / _).pid
    [ -f "$pidf" ] || skip "the Podman API service was not started by the fixture"
    restart="kill \$(cat $pidf); while kill -0 \$(cat $pidf) 2>/dev/null; do sleep 0.1; done;
             rm -f $pidf; podman stop -t 0 $TESTENV_PREFIX-a; $FIXTURE up" ;;
esac

"$BIN" "$ENGINE" "$sock" "$TESTENV_PREFIX" "$restart"
