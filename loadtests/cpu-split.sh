#!/usr/bin/env bash
# Where the CPU of one request goes, for A/B comparisons of a change to the flash-sale path.
# Starts a Surge server of its own from JAR (embedded PostgreSQL and Redis, demo data, a fresh data
# directory), then storms one path with wrk (the same Lua script as ceiling.sh) and prints one line
# per path: req/s, p50, p99, and CPU per answered request of the server JVM, of PostgreSQL (the
# postmaster and its backends, from /proc) and of wrk, and how idle the machine was. The storm on
# /graphql is sent with a CHANNEL key of channel "web", as a storefront sends it.
#
# Settings, as environment variables:
#   JAR       server jar, default server/target/surge-server.jar (copy jars aside to compare builds)
#   MODE      reserve (default: reserveStock, one line, on DEMO-0500-M at BER-WH), order (placeOrder
#             from lines, DEMO-0400-M) or both
#   CEIL      1 (default) first measures GET /health/live the same way (the ceiling); 0 skips it
#   C         wrk connections, default 64; DUR measured seconds, default 20; WARM warm-up seconds, default 20
#   PORT      default 18090
#   PRE_SQL   SQL run once in the embedded PostgreSQL before the storm (to try a schema change without a build)
#   JAVA_OPTS extra JVM options for the server (e.g. async-profiler's -agentpath)
#   PG_NICE   renice PostgreSQL (the postmaster and its backends; new backends inherit it) to this
#             value before the storms, e.g. -10, to see what the journal's serial PostgreSQL stage
#             gains when it does not wait behind the server and wrk for the same two CPUs (root only)
#
# Example (docs/PERFORMANCE.md §3b):  C=256 loadtests/cpu-split.sh
# Needs wrk, curl, python3. Ticks are 10 ms, so use DUR >= 15 for a stable split.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="${JAR:-$ROOT/server/target/surge-server.jar}"
PORT="${PORT:-18090}"; DUR="${DUR:-20}"; WARM="${WARM:-20}"; C="${C:-64}"; MODE="${MODE:-reserve}"
LUA="$ROOT/loadtests/wrk/graphql-post.lua"
[[ -f "$JAR" ]] || { echo "cpu-split.sh: no server jar at $JAR (mvn -B -q -DskipTests -pl server -am package)" >&2; exit 2; }
D="$(mktemp -d "${TMPDIR:-/tmp}/surge-cpu-split.XXXXXX")"

SURGE_DEMO=true SURGE_DATA_DIR="$D" SURGE_HTTP_PORT="$PORT" \
  java $(grep -v '^#' "$ROOT/jvm.flags" | tr '\n' ' ') ${JAVA_OPTS:-} -jar "$JAR" >"$D/server.log" 2>&1 &
SPID=$!
trap 'kill $SPID 2>/dev/null; wait $SPID 2>/dev/null; rm -rf "$D"' EXIT
for _ in $(seq 1 120); do curl -sf "localhost:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 1; done
KEY="$(cat "$D/demo-admin-key")"
if [[ -n "${PRE_SQL:-}" ]]; then
  PGPORT="$(grep -o 'embedded PostgreSQL on port [0-9]*' "$D/server.log" | awk '{print $NF}')"
  PGPASSWORD=postgres psql -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -v ON_ERROR_STOP=1 <<<"$PRE_SQL"
fi

if [[ -n "${PG_NICE:-}" ]]; then
  pm="$(head -1 "$(find "$D" -name postmaster.pid | head -1)")"
  renice -n "$PG_NICE" -p "$pm" $(pgrep -P "$pm") >/dev/null
fi

die() { echo "cpu-split.sh: $*" >&2; exit 2; }
BASE_URL="http://127.0.0.1:$PORT"; AUTH="Bearer $KEY"
# shellcheck source=loadtests/lib.sh
source "$ROOT/loadtests/lib.sh"
channel_and_location web BER-WH CH LOC
for S in DEMO-0500-M DEMO-0400-M; do receive_units "$S" "$LOC" cpu-split; done
SECRET="$(storefront_key "$CH" cpu-split)"
RES="$(reserve_body "$CH" "$LOC" DEMO-0500-M)"
ORD="$(order_body "$CH" DEMO-0400-M)"

# CPU ticks (utime + stime) of the server JVM and of PostgreSQL (postmaster, reaped and live children).
cpu() {
  local pm
  pm="$(head -1 "$(find "$D" -name postmaster.pid | head -1)")"
  echo "$(awk '{print $14 + $15}' "/proc/$SPID/stat") $( { awk '{print $16 + $17}' "/proc/$pm/stat"; \
    for x in $pm $(pgrep -P "$pm"); do awk '{print $14 + $15}' "/proc/$x/stat" 2>/dev/null; done; } | awk '{s += $1} END {print s + 0}')"
}
idle() { awk '/^cpu / {print $5 + $6}' /proc/stat; }
# The journal's batches so far and the seconds they spent being written.
journal() {
  curl -s "localhost:$PORT/metrics" | awk '/^surge_reservations_batches_total / { b = $2 } /^surge_reservations_batch_write_seconds_total / { s = $2 } END { print b + 0, s + 0 }'
}

# storm <label> <body> <auth> <path>
storm() {
  local j0 p0 j1 p1 t0 t1 i0 i1 w wp b0 s0 b1 s1
  SURGE_WRK_BODY="$2" SURGE_WRK_AUTH="$3" wrk -t2 -c"$C" -d"${WARM}s" --timeout 2s -s "$LUA" "http://127.0.0.1:$PORT/$4" >/dev/null 2>&1
  read -r b0 s0 < <(journal)
  read -r j0 p0 < <(cpu); t0=$(date +%s.%N); i0=$(idle)
  SURGE_WRK_BODY="$2" SURGE_WRK_AUTH="$3" wrk -t2 -c"$C" -d"${DUR}s" --timeout 2s --latency -s "$LUA" \
    "http://127.0.0.1:$PORT/$4" >"$D/$1.txt" 2>&1 &
  wp=$!
  sleep $((DUR - 1)); w=$(awk '{print $14 + $15}' "/proc/$wp/stat" 2>/dev/null || echo 0); wait "$wp"
  read -r j1 p1 < <(cpu); t1=$(date +%s.%N); i1=$(idle)
  read -r b1 s1 < <(journal)
  awk -v n="$1" -v r="$(awk '/^Requests\/sec/ {print $2}' "$D/$1.txt")" \
      -v a="$(awk '$1 == "50%" {print $2}' "$D/$1.txt")" -v b="$(awk '$1 == "99%" {print $2}' "$D/$1.txt")" \
      -v j=$((j1 - j0)) -v p=$((p1 - p0)) -v w="$w" -v id=$((i1 - i0)) -v t0="$t0" -v t1="$t1" -v dur="$DUR" \
      -v e="$(grep SURGE_WRK "$D/$1.txt" || true)" -v cpus="$(nproc)" \
      -v nb="$(awk -v a="$b0" -v b="$b1" 'BEGIN { print b - a }')" -v ws="$(awk -v a="$s0" -v b="$s1" 'BEGIN { print b - a }')" 'BEGIN {
        total = r * (t1 - t0)
        printf "%-8s c%-4s %9.0f req/s  p50 %-8s p99 %-8s  CPU per request: server JVM %.1f us, PostgreSQL %.1f us, wrk %.1f us; idle %.0f%%",
          n, ENVIRON["C"], r, a, b, j * 10000 / total, p * 10000 / total, w * 10000 / (r * (dur - 1)), id / (t1 - t0) / cpus
        if (nb > 0) printf "; journal: %.0f batches/s, %.2f ms each, busy %.0f%%", nb / (t1 - t0), ws * 1000 / nb, ws * 100 / (t1 - t0)
        printf "  %s\n", e }'
}

export C
[[ "${CEIL:-1}" == 1 ]] && storm health "" "" health/live
case "$MODE" in
  reserve) storm reserve "$RES" "Bearer $SECRET" graphql ;;
  order) storm order "$ORD" "Bearer $SECRET" graphql ;;
  both) storm reserve "$RES" "Bearer $SECRET" graphql; storm order "$ORD" "Bearer $SECRET" graphql ;;
  *) echo "cpu-split.sh: MODE must be reserve, order or both" >&2; exit 2 ;;
esac
curl -s "localhost:$PORT/metrics" | grep -E '^surge_reservations_batch_mean' || true
