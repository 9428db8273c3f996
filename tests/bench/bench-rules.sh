#!/bin/bash
# bench-rules.sh HELPER ACTIONS.policy BUS.conf [STARTS] [TOGETHER-ROUNDS]
#
# Start event → rule applied (issue 11): the real helper on a private bus with a real polkitd
# holds one rule for this benchmark's own tag of the busybox image (docker-fixture, a prefix
# of its own); no app runs. STARTS (50) times a container of that image is started with
# `docker run -d` (then removed), and TOGETHER-ROUNDS (10) times three are started at once.
# Latency = the helper's "Rule … applied on container:docker:ID" log time (written in its main
# loop after the worker made the change: the tbf is in the kernel by then) minus Docker's own
# timestamp of that container's start event (`docker events`, TimeNano; same wall clock).
# Each start is also checked: the tbf is read back from the kernel inside the container.
#
# Copyright 2026 The TC GUI developers
# SPDX-License-Identifier: GPL-3.0-or-later
source "$(dirname "$(readlink -f "$0")")/../lib.sh"

RATE=1234000 RATE_B=154250

tbf_rate() {
  nsenter -t "$(docker inspect -f '{{.State.Pid}}' "$1")" -n tc -j qdisc show dev eth0 2>/dev/null |
    jq -r '.[] | select(.root == true and .kind == "tbf") | .options.rate'
}
wait_rate() {
  local i
  for ((i = 0; i < 600; i++)); do [ "$(tbf_rate "$1")" = $RATE_B ] && return 0; sleep 0.05; done
  return 1
}
run_one() { docker run -d --name "$1" --network "$p-net" --label "io.github.tcgui.testenv=$p" \
              "localhost/bb:$p" sleep infinity >/dev/null; }

if [ "${1:-}" = --inner ]; then
  helper=$2 p=$3 tmp=$4 starts=$5 rounds=$6
  "$helper" --verbose --replace --idle-timeout 600 --journal "$tmp/journal" --rules "$tmp/rules.json" \
    >"$tmp/helper.log" 2>&1 &
  hpid=$!
  trap 'kill $hpid ${epid:-} 2>/dev/null; wait $hpid 2>/dev/null' EXIT
  gdbus wait --system --timeout 30 io.github.tcgui.Helper1 || exit 1
  gdbus call --system --dest io.github.tcgui.Helper1 --object-path /io/github/tcgui/Helper1 \
    --method io.github.tcgui.Helper1.SetRule "{'name': <'bench'>, 'selector': <{'kind': <'image'>,
      'image': <'localhost/bb:$p'>}>, 'outgoing': <{'rate-bps': <uint64 $RATE>}>}" >/dev/null || exit 1
  # Streamed, not asked afterwards: dockerd keeps only its last 256 events for --since.
  docker events --filter event=start --filter "label=io.github.tcgui.testenv=$p" \
    --format '{{.ID}} {{.TimeNano}}' >"$tmp/events" &
  epid=$!
  sleep 1
  : >"$tmp/ids"
  for i in $(seq "$starts"); do
    run_one "$p-s$i"
    wait_rate "$p-s$i" && docker inspect -f '{{.Id}} single' "$p-s$i" >>"$tmp/ids" ||
      echo "# $p-s$i: the tbf did not show"
    docker rm -f "$p-s$i" >/dev/null
  done
  for r in $(seq "$rounds"); do
    pids=()
    for k in 1 2 3; do run_one "$p-t$r-$k" & pids+=($!); done
    wait "${pids[@]}"   # not the helper's
    for k in 1 2 3; do
      wait_rate "$p-t$r-$k" && docker inspect -f '{{.Id}} together' "$p-t$r-$k" >>"$tmp/ids" ||
        echo "# $p-t$r-$k: the tbf did not show"
    done
    for k in 1 2 3; do docker rm -f "$p-t$r-$k" >/dev/null; done
  done
  sleep 1
  kill $epid; wait $epid 2>/dev/null
  python3 - "$tmp/ids" "$tmp/events" "$tmp/helper.log" <<'PY'
import re, sys, datetime, statistics
ids = [l.split() for l in open(sys.argv[1])]
start = {}
for l in open(sys.argv[2]):
    cid, ns = l.split()
    start.setdefault(cid, int(ns) / 1e9)          # the first start event of each container
applied = {}
day = datetime.datetime.utcnow().date()
for l in open(sys.argv[3], errors="replace"):
    m = re.search(r"(\d\d):(\d\d):(\d\d\.\d+): Rule \S+ applied on container:docker:([0-9a-f]+) ", l)
    if m and m.group(4) not in applied:
        h, mi, s = int(m.group(1)), int(m.group(2)), float(m.group(3))
        t = datetime.datetime(day.year, day.month, day.day, h, mi, tzinfo=datetime.timezone.utc)
        applied[m.group(4)] = t.timestamp() + s
for kind in ("single", "together"):
    lat = sorted((applied[c] - start[c]) * 1000 for c, k in ids if k == kind and c in applied and c in start)
    if not lat:
        print(f"# {kind}: no samples"); continue
    q = lambda p: lat[min(len(lat) - 1, int(round(p * (len(lat) - 1))))]
    print(f"{kind}: n={len(lat)} p50={q(.5):.0f} ms p90={q(.9):.0f} ms max={lat[-1]:.0f} ms min={lat[0]:.0f} ms")
PY
  exit
fi

helper=$1 actions=$2 busconf=$3 starts=${4:-50} rounds=${5:-10}
need_root
need_cmd docker nsenter tc jq gdbus python3
need_testenv polkit-bus
need_testenv docker-fixture
export TESTENV_PREFIX=${TEST_TAG}b
p=$TESTENV_PREFIX
tmp=$(mktemp -d)
cleanup() {
  local c
  for c in $(docker ps -aq --filter "label=io.github.tcgui.testenv=$p"); do docker rm -f "$c" >/dev/null; done
  docker rmi "localhost/bb:$p" >/dev/null 2>&1
  "$TCGUI_TESTENV/docker-fixture" down >/dev/null 2>&1
  [ -n "${TCGUI_BENCH_KEEP:-}" ] && echo "# kept $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT
"$TCGUI_TESTENV/docker-fixture" up >/dev/null || skip "docker-fixture up failed"
docker tag localhost/bb:latest "localhost/bb:$p"
pb=("$TCGUI_TESTENV/polkit-bus" --policy "$busconf")
cmp -s "$actions" "/usr/share/polkit-1/actions/${actions##*/}" || pb+=(--actions "$actions")
"${pb[@]}" -- bash "$(readlink -f "$0")" --inner "$(readlink -f "$helper")" "$p" "$tmp" "$starts" "$rounds"
