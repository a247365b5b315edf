#!/usr/bin/env bash
# One comparable run on this machine: builds and starts a Surge server of its own (embedded
# PostgreSQL and Redis, demo data, a fresh data directory), measures it with ceiling.sh
# (RESERVE=1 ORDERS=1: the /health/live ceiling, variant(sku:), the single-SKU durable reservation
# storm, checkout via placeOrder, the 100-order page, the storefront variant read), stops it, prints one table and appends it,
# with the date and the machine, to docs/PERFORMANCE.md ("compare.sh runs"); writes
# docs/perf/compare-latest.tsv and redraws docs/perf/compare.svg with loadtests/chart.py.
# Then (HALF_RATE=1, the default) it replays each path at half the rate just measured with
# FixedRate (loadtests/target/fixed-rate.jar, built from this module: constant rate, open model,
# latency from each request's intended start) and adds p50/p99 at half rate to the table: the
# performance goal is "p99 under 50 ms at half the measured maximum rate".
#
# While wrk runs (it prints nothing until the end) a heartbeat line every HEARTBEAT seconds says
# what runs, for how long, and how many HTTP requests the server has answered so far (from its
# /metrics: vertx_http_server_requests_total, summed over codes and methods).
#
# Settings, as environment variables or NAME=value arguments (arguments win):
#   SKIP_BUILD   1 = use server/target/surge-server.jar and loadtests/target/fixed-rate.jar as built
#                (default: mvn -B -q -DskipTests -pl server -am install, and with HALF_RATE=1
#                mvn -B -q -DskipTests -pl loadtests package)
#   PORT         HTTP port of the server this script starts, default 18080 (must be free)
#   DURATION     measured run per path (wrk syntax), default 20s
#   WARMUP       warm-up per path, seconds, default 20
#   CONNECTIONS  wrk -c, default 64; THREADS wrk -t, default 2; WRK_CPUS passed on to ceiling.sh
#   HALF_RATE    1 (default) = after the max-rate runs, run each path at half its measured rate
#                with loadtests/target/fixed-rate.jar (constant rate, latency without coordinated
#                omission), same connections and Authorization as its max-rate run; 0 = skip
#   HALF_WARMUP  seconds each half-rate run sends first, not recorded, default 15: the client's
#                JVM compiles for the first seconds and, sharing the two CPUs, slowed the server
#                enough to queue up to 2 s of requests at 10,000 reservations/s with 3 s of warm-up
#                (p99 1.96 s with 3 s, 15 ms with 15 s: docs/PERFORMANCE.md §5)
#   HALF_MAX_RATE  req/s cap for a half-rate run, default 15000 (0 = none). FixedRate shares the
#                CPUs with the server: at tens of thousands of req/s (half the ceiling, half the
#                cached storefront read) the client itself would set the latency. A capped path
#                is replayed at the cap instead, its cells marked * and named in the note
#   DOC          markdown file to append to, default docs/PERFORMANCE.md ("" = don't append)
#   PERF_DIR     where compare-latest.tsv and compare.svg go, default docs/perf
#   HEARTBEAT    seconds between progress lines, default 5
#   JAVA_OPTS    extra JVM options for the server, as in run.sh
#
# Total time ≈ server start (≈ 20 s) + 6 paths × (WARMUP + DURATION) + pg_test_fsync (≈ 75 s)
# + with HALF_RATE=1: 6 × (HALF_WARMUP + DURATION + ≈ 1 s JVM start), ≈ 3.7 min with the defaults
# (≈ 9 min in all instead of ≈ 5).
# Exit status: ceiling.sh's (0 ok, 1 a path above its error threshold, 2 setup); 2 when the server
# does not start. The server is stopped on exit, Ctrl-C and errors; its data directory is deleted.
#
# Example (quick check, not a measurement):  SKIP_BUILD=1 DURATION=5s WARMUP=3 loadtests/compare.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

for arg in "$@"; do
  case "$arg" in
    -h|--help) usage; exit 0 ;;
    SKIP_BUILD=*|PORT=*|DURATION=*|WARMUP=*|CONNECTIONS=*|THREADS=*|WRK_CPUS=*|HALF_RATE=*|HALF_WARMUP=*|HALF_MAX_RATE=*|DOC=*|PERF_DIR=*|HEARTBEAT=*)
      export "${arg?}" ;;
    *) echo "compare.sh: unknown argument '$arg' (use NAME=value; --help)" >&2; exit 2 ;;
  esac
done

SKIP_BUILD="${SKIP_BUILD:-}"
PORT="${PORT:-18080}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-20}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
WRK_CPUS="${WRK_CPUS:-}"
HALF_RATE="${HALF_RATE:-1}"
HALF_WARMUP="${HALF_WARMUP:-15}"
HALF_MAX_RATE="${HALF_MAX_RATE:-15000}"
DOC="${DOC-$ROOT/docs/PERFORMANCE.md}"
PERF_DIR="${PERF_DIR:-$ROOT/docs/perf}"
HEARTBEAT="${HEARTBEAT:-5}"
BASE_URL="http://127.0.0.1:$PORT"

log() { echo "compare.sh: $*" >&2; }
die() { echo "compare.sh: $*" >&2; exit 2; }

[[ "$PORT" =~ ^[0-9]+$ ]] || die "PORT must be a number"
[[ "$HALF_RATE" == 0 || "$HALF_RATE" == 1 ]] || die "HALF_RATE must be 0 or 1"
[[ "$HALF_WARMUP" =~ ^[0-9]+$ ]] || die "HALF_WARMUP must be whole seconds"
[[ "$HALF_MAX_RATE" =~ ^[0-9]+$ ]] || die "HALF_MAX_RATE must be a whole number (req/s, 0 = no cap)"
command -v curl >/dev/null 2>&1 || die "curl is needed"
if curl -s -o /dev/null --max-time 2 "$BASE_URL/health/live"; then
  die "something already answers on port $PORT: stop it or set PORT="
fi

# ---- build, start ------------------------------------------------------------------------------
RATE_JAR="$ROOT/loadtests/target/fixed-rate.jar"
if [[ -z "$SKIP_BUILD" ]]; then
  log "building the server (mvn -B -q -DskipTests -pl server -am install)"
  (cd "$ROOT" && mvn -B -q -DskipTests -pl server -am install) || die "build failed"
  if [[ "$HALF_RATE" == 1 ]]; then
    log "building the half-rate load generator (mvn -B -q -DskipTests -pl loadtests package)"
    (cd "$ROOT" && mvn -B -q -DskipTests -pl loadtests package) || die "build of loadtests/target/fixed-rate.jar failed"
  fi
fi
JAR="$ROOT/server/target/surge-server.jar"
[[ -f "$JAR" ]] || die "$JAR missing: build it (drop SKIP_BUILD)"
if [[ "$HALF_RATE" == 1 && ! -f "$RATE_JAR" ]]; then
  die "$RATE_JAR missing (HALF_RATE=1 needs it): build it with 'mvn -B -q -DskipTests -pl loadtests package', drop SKIP_BUILD, or set HALF_RATE=0"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/surge-compare.XXXXXX")"
DATA_DIR="$WORK/data"
SERVER_PID=""
BEAT_PID=""

# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$BEAT_PID" ]]; then kill "$BEAT_PID" 2>/dev/null || true; fi
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    log "stopping the server (pid $SERVER_PID)"
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$SERVER_PID" 2>/dev/null && { log "server still up after 30 s: SIGKILL"; kill -KILL "$SERVER_PID" 2>/dev/null || true; }
  fi
  rm -rf "$DATA_DIR"
  log "server log and raw output: $WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "starting the server on port $PORT, data in $DATA_DIR (embedded PostgreSQL + Redis, demo data)"
# As run.sh does: the Chronicle Map module flags from jvm.flags.
# shellcheck disable=SC2046,SC2086 # word splitting of the flag list is intended
(cd "$ROOT" && SURGE_DATA_DIR="$DATA_DIR" SURGE_DEMO=true SURGE_HTTP_PORT="$PORT" \
  exec java $(grep -v '^#' jvm.flags | tr '\n' ' ') ${JAVA_OPTS:-} -jar "$JAR") >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

START=$SECONDS
until curl -s -o /dev/null --max-time 2 "$BASE_URL/health/live" && [[ -s "$DATA_DIR/demo-admin-key" ]]; do
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 30 "$WORK/server.log" >&2; die "the server exited during start-up"; }
  (( SECONDS - START < 180 )) || { tail -n 30 "$WORK/server.log" >&2; die "the server did not answer within 180 s"; }
  sleep 1
done
KEY="$(tr -d '[:space:]' <"$DATA_DIR/demo-admin-key")"
log "server up after $((SECONDS - START)) s"

# ---- heartbeat -----------------------------------------------------------------------------------
# Sum of the server's HTTP request counters ("" when /metrics does not answer).
requests_so_far() {
  curl -s --max-time 2 "$BASE_URL/metrics" 2>/dev/null \
    | awk '/^vertx_http_server_requests_total[{ ]/ { n += $NF; seen = 1 } END { if (seen) printf "%.0f", n }'
}

# Every HEARTBEAT s: the step ceiling.sh logged last ("warm-up <path>" / "measure <path>"), how
# long it has run, and the requests the server answered since it began.
heartbeat() {
  local step="" since=$SECONDS base="" now label total printed=$SECONDS
  # Looks every second (so a new step is seen within 1 s), prints every HEARTBEAT s.
  while sleep 1; do
    label="$(grep -E '^ceiling\.sh: (warm-up|measure) ' "$WORK/ceiling.err" 2>/dev/null | tail -n 1 | sed 's/^ceiling\.sh: //; s/: wrk .*//' || true)"
    [[ -z "$label" ]] && label="setting up (stock, test requests, fsync test)"
    now="$(requests_so_far || true)"
    if [[ "$label" != "$step" ]]; then step="$label"; since=$SECONDS; base="$now"; fi
    (( SECONDS - printed >= HEARTBEAT )) || continue
    printed=$SECONDS
    if [[ -n "$now" && -n "$base" ]]; then total="$(( now - base )) requests so far"; else total="request count unavailable (/metrics)"; fi
    printf 'compare.sh: [%s] %s: %d s, %s\n' "$(date -u +%H:%M:%S)" "$step" "$((SECONDS - since))" "$total" >&2
  done
}

# ---- measure ---------------------------------------------------------------------------------------
: >"$WORK/ceiling.err"
heartbeat &
BEAT_PID=$!
log "ceiling.sh RESERVE=1 ORDERS=1 (6 paths × (${WARMUP} s warm-up + $DURATION)); progress every $HEARTBEAT s"
set +e
SURGE_API_KEY="$KEY" bash "$ROOT/loadtests/ceiling.sh" BASE_URL="$BASE_URL" RESERVE=1 ORDERS=1 \
  DURATION="$DURATION" WARMUP="$WARMUP" CONNECTIONS="$CONNECTIONS" THREADS="$THREADS" WRK_CPUS="$WRK_CPUS" \
  FSYNC_DIR="$WORK" >"$WORK/ceiling.out" 2>"$WORK/ceiling.err"
STATUS=$?
set -e
kill "$BEAT_PID" 2>/dev/null || true
BEAT_PID=""
if ! grep -q '^| GET /health/live' "$WORK/ceiling.out"; then
  cat "$WORK/ceiling.err" >&2
  die "ceiling.sh gave no table (exit $STATUS)"
fi
RAW_DIR="$(sed -n 's/^raw wrk output: //p' "$WORK/ceiling.out")"

# ---- half rate ----------------------------------------------------------------------------------
# HALF[i]="p50|p99" (ms) at half of path i's measured rate, or empty; HALF_AT[i] the rate replayed
# and HALF_MARK[i] "*" when that is HALF_MAX_RATE rather than half. Each path is replayed with
# what ceiling.sh recorded for it in the raw folder: URL and connections (paths.tsv), body
# (body-<i>.json, empty = GET) and Authorization header (auth-<i>.txt: the admin key, or the
# storefront CHANNEL key ceiling.sh made), so both runs send the same request.
declare -a HALF HALF_AT HALF_MARK
HALF_NOTE=""
if [[ "$HALF_RATE" == 1 ]]; then
  if [[ -f "$RAW_DIR/paths.tsv" ]]; then
    RATE_JAVA=(java)
    [[ -n "$WRK_CPUS" ]] && RATE_JAVA=(taskset -c "$WRK_CPUS" java)
    HALF_BAD=""
    HALF_CAPPED=""
    i=0
    while IFS=$'\t' read -r name url conns; do
      rps="$(awk '/^Requests\/sec:/ { print $2 }' "$RAW_DIR/run-$i.txt")"
      half="$(awk -v r="${rps:-0}" 'BEGIN { printf "%d", r / 2 }')"
      if (( HALF_MAX_RATE > 0 && half > HALF_MAX_RATE )); then
        HALF_CAPPED+="${HALF_CAPPED:+; }${name#POST /graphql } (½ = $half/s)"
        half="$HALF_MAX_RATE"
        HALF_MARK[i]="*"
      fi
      if (( half > 0 )); then
        HALF_AT[i]="$half"
        args=(--rate "$half" --duration "$DURATION" --warmup "$HALF_WARMUP" --connections "$conns")
        [[ -s "$RAW_DIR/body-$i.json" ]] && args+=(--body "$RAW_DIR/body-$i.json")
        [[ -s "$RAW_DIR/auth-$i.txt" ]] && args+=(--auth-file "$RAW_DIR/auth-$i.txt")
        log "half rate: $name at $half req/s${HALF_MARK[i]:+ (capped: HALF_MAX_RATE)} for $DURATION after ${HALF_WARMUP} s (fixed-rate.jar)"
        # Its progress lines (every 5 s) go to stderr with ours; the report to half-<i>.txt.
        "${RATE_JAVA[@]}" -jar "$RATE_JAR" "${args[@]}" "$url" </dev/null >"$RAW_DIR/half-$i.txt" \
          || log "fixed-rate.jar failed for $name (see $RAW_DIR/half-$i.txt)"
        # SURGE_RATE sent= responses= non2xx= gqlerrors= socket= p50_ms= p99_ms= max_ms= ...
        line="$(grep '^SURGE_RATE ' "$RAW_DIR/half-$i.txt" || true)"
        if [[ -n "$line" ]]; then
          HALF[i]="$(sed -n 's/.* p50_ms=\([0-9.]*\).* p99_ms=\([0-9.]*\).*/\1|\2/p' <<<"$line")"
          bad="$(awk '{ for (f = 1; f <= NF; f++) { split($f, kv, "="); v[kv[1]] = kv[2] } }
            END { n = v["non2xx"] + v["gqlerrors"] + v["socket"]; if (n > 0) printf "%d of %d", n, v["sent"] }' <<<"$line")"
          [[ -n "$bad" ]] && HALF_BAD+="${HALF_BAD:+; }${name#POST /graphql }: $bad bad"
        fi
      fi
      i=$((i + 1))
    done <"$RAW_DIR/paths.tsv"
    HALF_NOTE="half rate: FixedRate (loadtests/target/fixed-rate.jar: constant rate, latency from each request's intended start) at half each path's measured req/s for $DURATION after ${HALF_WARMUP} s unrecorded, same connections and key"
    [[ -n "$HALF_CAPPED" ]] && HALF_NOTE+="; * capped at HALF_MAX_RATE = $HALF_MAX_RATE req/s, not half (the client shares the CPUs with the server): $HALF_CAPPED"
    [[ -n "$HALF_BAD" ]] && { HALF_NOTE+="; errors at half rate: $HALF_BAD"; log "errors at half rate: $HALF_BAD"; }
  else
    HALF_NOTE="half rate skipped: ceiling.sh left no $RAW_DIR/paths.tsv"
    log "$HALF_NOTE"
  fi
fi

# ---- report --------------------------------------------------------------------------------------
CPU_MODEL="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)"
MEM_GB="$(awk '/^MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo '?')"
MACHINE="$(nproc) CPUs (${CPU_MODEL:-unknown CPU}), ${MEM_GB} GB RAM, $(uname -sr); $(java -version 2>&1 | head -n 1)"
WHEN="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
SETTINGS="wrk -t$THREADS -c$CONNECTIONS (orders page -c4), $DURATION measured after ${WARMUP} s warm-up per path; server, PostgreSQL, Redis and the load generator on the same machine; fresh data directory, demo data"

TABLE="| scenario | req/s | p50 ms | p99 ms | ratio to ceiling | errors |"
SEP="|---|---:|---:|---:|---:|---|"
[[ "$HALF_RATE" == 1 && -n "${HALF[*]:-}" ]] && { TABLE+=" p50 ms at ½ rate | p99 ms at ½ rate |"; SEP+="---:|---:|"; }
TABLE+=$'\n'"$SEP"
mkdir -p "$PERF_DIR"
TSV="$PERF_DIR/compare-latest.tsv"
{
  echo "# $WHEN; $MACHINE; $SETTINGS; ceiling.sh exit $STATUS"
  printf 'scenario\treq_per_s\tp50_ms\tp99_ms\tratio\terrors\thalf_p50_ms\thalf_p99_ms\thalf_rate_per_s\n'
} >"$TSV"
i=0
while IFS= read -r row; do
  # ceiling.sh's rows: | path | req/s | p50 | p99 | ratio | errors |
  IFS='|' read -r _ name rps p50 p99 ratio errs _ <<<"$row"
  name="$(xargs <<<"$name")"; rps="$(xargs <<<"$rps")"; p50="$(xargs <<<"$p50")"; p99="$(xargs <<<"$p99")"
  ratio="$(xargs <<<"$ratio")"; errs="$(sed 's/^ *//; s/ *$//' <<<"$errs")"
  name="${name#POST /graphql }"
  half="${HALF[$i]:-|}"
  line="| $name | $rps | $p50 | $p99 | $ratio | $errs |"
  mark="${HALF_MARK[$i]:-}"
  [[ -z "${HALF[$i]:-}" ]] && mark=""
  [[ "$HALF_RATE" == 1 && -n "${HALF[*]:-}" ]] && line+=" ${half%%|*}$mark | ${half##*|}$mark |"
  TABLE+=$'\n'"$line"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$rps" "$p50" "$p99" "$ratio" "${errs%% %*}" "${half%%|*}" "${half##*|}" "${HALF_AT[$i]:-}" >>"$TSV"
  i=$((i + 1))
done < <(grep -E '^\| (GET|POST) ' "$WORK/ceiling.out")
FSYNC_ROW="$(grep -E '^\| disk:' "$WORK/ceiling.out" || true)"
[[ -n "$FSYNC_ROW" ]] && TABLE+=$'\n'"$FSYNC_ROW"

echo
echo "$TABLE"
echo
echo "$WHEN; $MACHINE"
echo "$SETTINGS"
[[ -n "$HALF_NOTE" ]] && echo "$HALF_NOTE"
echo "tsv: $TSV"

if [[ -n "$DOC" ]]; then
  # shellcheck disable=SC2016 # backticks are markdown
  grep -q '^## compare.sh runs' "$DOC" 2>/dev/null || {
    printf '\n## compare.sh runs\n\n'
    printf 'Appended by `loadtests/compare.sh` (one server of its own per run, same machine, same settings\n'
    printf 'unless a run says otherwise); the chart of the latest run is `docs/perf/compare.svg`.\n'
  } >>"$DOC"
  {
    echo
    echo "### $WHEN$([[ $STATUS -ne 0 ]] && echo " (ceiling.sh exit $STATUS)")"
    echo
    echo "- machine: $MACHINE"
    echo "- run: $SETTINGS"
    [[ -n "$HALF_NOTE" ]] && echo "- $HALF_NOTE"
    echo
    echo "$TABLE"
  } >>"$DOC"
  log "appended to $DOC"
fi

if command -v python3 >/dev/null 2>&1; then
  python3 "$ROOT/loadtests/chart.py" "$TSV" "$PERF_DIR/compare.svg" && log "chart: $PERF_DIR/compare.svg"
else
  log "python3 not found: no chart"
fi

exit "$STATUS"
