#!/usr/bin/env bash
# Checks bench/lib/OpenLoad.java against a stand-in server (bench/lib/test/StubServer.java) that freezes once,
# like a server in a long pause: an open workload charges every request that was due during the freeze with its wait
# (latency from the intended start), a closed loop sees only the few requests in flight; fresh request keys; statuses.
#   bench/lib/test/openload-test.sh        # ~1 minute; port STUB_PORT (18560)
set -uo pipefail
cd "$(dirname "$0")/../../.."
PORT="${STUB_PORT:-18560}"
T="$(mktemp -d /tmp/openload-test.XXXXXX)"
STUB=""
stub() {   # stub <stall at request n> <stall ms> <409 every n>
  [[ -z "$STUB" ]] || { kill "$STUB"; wait "$STUB" 2>/dev/null; }
  java bench/lib/test/StubServer.java "$PORT" "$@" >"$T/stub.log" 2>&1 &
  STUB=$!
  for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/stats" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "the stub did not start"; cat "$T/stub.log"; exit 1
}
trap '[[ -z "$STUB" ]] || kill "$STUB"; rm -rf "$T"' EXIT
passed=0; failed=0
check() {
  local what="$1"; shift
  if "$@"; then passed=$((passed + 1)); echo "  ok    $what"; else failed=$((failed + 1)); echo "  FAIL  $what"; fi
}
get() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k {print $2}'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a + 0 >= b + 0)}'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a + 0 < b + 0)}'; }
OL=(java bench/lib/OpenLoad.java --base "http://127.0.0.1:$PORT")

echo "open workload, 20/s for 4 s after 1 s of warm-up; the server freezes 1.5 s at request 30 (0.5 s into the measured part): 30 of the 80 counted requests are due during the freeze"
stub 30 1500 10
open="$("${OL[@]}" --method POST --path '/redeem/{n}' --body '{"x":"{uuid}"}' --token secret --key-header Idempotency-Key \
  --rate 20 --seconds 4 --warmup 1 --connections 64 --label open)"
echo "  $open"
stats="$(curl -fs "http://127.0.0.1:$PORT/stats")"
check "80 requests counted (20/s x 4 s), the 20 of the warm-up not" test "$(get "$open" n)" = 80
check "every request carried its own Idempotency-Key" test "$(get "$stats" keys)" = "$(get "$stats" requests)"
check "every request carried the bearer token" test "$(get "$stats" bearer)" = 100
# every 10th request the stub sees is a 409; which of them fall in the warm-up depends on arrival order: 8 +- 1 counted
check "the 409s are counted apart, as errors by status" bash -c "[[ '$(get "$open" status)' =~ ^201:(7[1-3]),409:([7-9])$ ]] && (( \${BASH_REMATCH[1]} + \${BASH_REMATCH[2]} == 80 ))"
check "... and not timed: ok + err = n" test "$(( $(get "$open" ok) + $(get "$open" err) ))" = 80
check "the requests due during the freeze are charged their wait: p90 >= 500 ms" ge "$(get "$open" p90)" 500
check "the longest waited about the whole freeze: max >= 1200 ms" ge "$(get "$open" max)" 1200
check "most were not delayed: p50 < 500 ms" lt "$(get "$open" p50)" 500

echo "the same freeze under a closed loop of 2 clients (what a closed-loop generator would report)"
stub 60 2000 0
closed="$("${OL[@]}" --path /lookup --closed 2 --seconds 4 --warmup 1 --label closed)"
echo "  $closed"
check "a closed loop hides the freeze: p90 < 500 ms" lt "$(get "$closed" p90)" 500
check "... though its max shows it" ge "$(get "$closed" max)" 1500

echo "with only 2 connections the open workload still counts from the intended start"
stub 0 0 0
few="$("${OL[@]}" --path /lookup --rate 50 --seconds 3 --connections 2 --arrivals poisson --label few)"
echo "  $few"
check "every request answered" test "$(get "$few" ok)" = "$(get "$few" n)"
check "poisson arrivals give about the rate (150 +- 45 requests in 3 s)" bash -c "(( $(get "$few" n) >= 105 && $(get "$few" n) <= 195 ))"
echo "a server that stops answering: frozen 60 s from request 10, 20/s for 2 s, the run waits 1 s after the last start"
stub 10 60000 0
t0=$SECONDS
stuck="$("${OL[@]}" --path /lookup --rate 20 --seconds 2 --drain 1 --label stuck)"
took=$((SECONDS - t0))
echo "  $stuck"
check "the requests still waiting are reported unfinished, not dropped (30 of 40)" bash -c "(( $(get "$stuck" unfinished) >= 25 && $(get "$stuck" ok) <= 15 ))"
check "they are timed with their wait so far: p50 >= 900 ms" ge "$(get "$stuck" p50)" 900
check "the run stops waiting after --drain, not at the end of the freeze (${took} s < 40 s, with the JVM start)" test "$took" -lt 40
echo "all $((passed + failed)) checks: $passed passed, $failed failed"
(( failed == 0 ))
