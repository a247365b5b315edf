#!/usr/bin/env bash
# Throughput ceiling of a running Surge server, measured with wrk in one run:
#   (a) GET  /health/live                  - the HTTP stack alone: the ceiling
#   (b) POST /graphql  query Variant(sku)  - a real GraphQL read, as a ratio of that ceiling
#   (c) with RESERVE=1: POST /graphql  mutation reserveStock on one SKU - durable reservations
#       (each answered after its batch committed in PostgreSQL), as a ratio of the ceiling; the
#       script first receives 10,000,000 units of RESERVE_SKU at RESERVE_LOCATION so the storm
#       never runs out, and measures the disk's fdatasync rate with pg_test_fsync (when installed,
#       Debian's postgresql package) in FSYNC_DIR, to compare reservations/s with it.
#   (d) with ORDERS=1: POST /graphql  mutation placeOrder from lines (one unit of ORDER_SKU, paid):
#       a checkout in one call (reserve, route, allocate, each durable), as a ratio of the ceiling;
#       the script first receives 10,000,000 units of ORDER_SKU at RESERVE_LOCATION
#   (e) with ORDERS=1: POST /graphql  query orders(first: 100) with lines, customer, fulfilment
#       orders and shipments: the latency of the staff order page (run after (d), so there are orders)
# Each path is first warmed up for WARMUP seconds (not recorded), then measured for DURATION.
# The raw folder also gets paths.tsv (name, URL, connections per path), body-<i>.json and
# auth-<i>.txt (the Authorization header value the path was sent with, empty for none; the folder
# is mktemp's, mode 700), which compare.sh replays at half rate with the same key per path.
# Prints a markdown table (path, req/s, p50, p99, ratio to ceiling, errors); OUT=file appends it,
# with the date and the machine, to that file.
#
# Settings, as environment variables or NAME=value arguments (arguments win):
#   BASE_URL       default http://127.0.0.1:8080 (the server under test; nothing else is contacted)
#   SURGE_API_KEY  required: sent as "Authorization: Bearer <key>" on /graphql
#   DURATION       measured run per path, wrk syntax (20s, 1m; a bare number is seconds), default 20s
#   WARMUP         warm-up per path, seconds, default 20 (0 = none)
#   CONNECTIONS    wrk -c, default 64
#   THREADS        wrk -t, default 2
#   SKU            a SKU that exists, default DEMO-0001-M (demo data, SURGE_DEMO=true)
#   TIMEOUT        wrk --timeout: slower answers count as socket timeouts, default 2s
#   MAX_ERROR_PCT  fail above this % of bad answers on any path, default 1
#   OUT            file to append the table to (default: none)
#   WRK_CPUS       optional CPU list for wrk (taskset -c), e.g. 1 - keeps wrk off the server's cores
#   RESERVE        1 adds the reservation storm (c); default 0
#   RESERVE_SKU    default DEMO-0500-M; RESERVE_CHANNEL default web; RESERVE_LOCATION default BER-WH
#   ORDERS         1 adds the checkout (d) and the 100-order page (e); default 0
#   ORDER_SKU      default DEMO-0400-M (placed on channel RESERVE_CHANNEL)
#   PAGE_CONNECTIONS  wrk -c for the 100-order page (e), default 4: a few staff users, not a storm
#   STOREFRONT     1 (default) adds (f): the variant(sku) read of (b) sent with a CHANNEL key of
#                  RESERVE_CHANNEL (made by the script), as a storefront sends it: such reads of
#                  @cacheable fields are answered from the node's response cache (SURGE_RESPONSE_CACHE_MS).
#                  The storms (c) and (d) are then sent with that key too, as storefront traffic
#                  (staff mutations would each write an audit row); STOREFRONT=0 sends all with SURGE_API_KEY
#   FSYNC_DIR      where pg_test_fsync writes its test file, default . (put it on the server's disk)
#
# Exit status: 0 ok; 1 a path had more than MAX_ERROR_PCT % bad answers (non-2xx, 2xx with
# "errors" in the body, or socket errors/timeouts) or no answers at all; 2 bad usage / setup
# (no key, wrk missing, server not answering, unknown SKU).
#
# Example:
#   SURGE_API_KEY=dev-admin-key-change-me loadtests/ceiling.sh DURATION=30s OUT=docs/perf-log.md
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

for arg in "$@"; do
  case "$arg" in
    -h|--help) usage; exit 0 ;;
    BASE_URL=*|SURGE_API_KEY=*|DURATION=*|WARMUP=*|CONNECTIONS=*|THREADS=*|SKU=*|TIMEOUT=*|MAX_ERROR_PCT=*|OUT=*|WRK_CPUS=*|RESERVE=*|RESERVE_SKU=*|RESERVE_CHANNEL=*|RESERVE_LOCATION=*|FSYNC_DIR=*|ORDERS=*|ORDER_SKU=*|PAGE_CONNECTIONS=*|STOREFRONT=*)
      export "${arg?}" ;;
    *) echo "ceiling.sh: unknown argument '$arg' (use NAME=value; --help)" >&2; exit 2 ;;
  esac
done

BASE_URL="${BASE_URL:-http://127.0.0.1:8080}"
BASE_URL="${BASE_URL%/}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-20}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
SKU="${SKU:-DEMO-0001-M}"
TIMEOUT="${TIMEOUT:-2s}"
MAX_ERROR_PCT="${MAX_ERROR_PCT:-1}"
OUT="${OUT:-}"
WRK_CPUS="${WRK_CPUS:-}"
RESERVE="${RESERVE:-0}"
RESERVE_SKU="${RESERVE_SKU:-DEMO-0500-M}"
RESERVE_CHANNEL="${RESERVE_CHANNEL:-web}"
RESERVE_LOCATION="${RESERVE_LOCATION:-BER-WH}"
FSYNC_DIR="${FSYNC_DIR:-.}"
ORDERS="${ORDERS:-0}"
ORDER_SKU="${ORDER_SKU:-DEMO-0400-M}"
PAGE_CONNECTIONS="${PAGE_CONNECTIONS:-4}"
STOREFRONT="${STOREFRONT:-1}"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LUA="$SCRIPT_DIR/wrk/graphql-post.lua"

die() { echo "ceiling.sh: $*" >&2; exit 2; }
log() { echo "ceiling.sh: $*" >&2; }
# shellcheck source=loadtests/lib.sh
source "$SCRIPT_DIR/lib.sh"

# ---- checks ------------------------------------------------------------------------------------
[[ -n "${SURGE_API_KEY:-}" ]] || die "SURGE_API_KEY is required (an API key the server accepts)"
[[ -f "$LUA" ]] || die "missing $LUA"
[[ "$CONNECTIONS" =~ ^[0-9]+$ && "$THREADS" =~ ^[0-9]+$ && "$THREADS" -ge 1 ]] || die "CONNECTIONS and THREADS must be positive integers"
(( CONNECTIONS >= THREADS )) || die "CONNECTIONS ($CONNECTIONS) must be >= THREADS ($THREADS)"
[[ "$WARMUP" =~ ^[0-9]+s?$ ]] || die "WARMUP must be whole seconds (got '$WARMUP')"
WARMUP="${WARMUP%s}"
[[ "$DURATION" =~ ^[0-9]+$ ]] && DURATION="${DURATION}s"
[[ "$DURATION" =~ ^[0-9]+[smh]$ ]] || die "DURATION must look like 20s, 2m or 20 (got '$DURATION')"
[[ "$MAX_ERROR_PCT" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "MAX_ERROR_PCT must be a number"
[[ "$BASE_URL" =~ ^https?://[^/]+$ ]] || die "BASE_URL must be scheme://host[:port] without a path (got '$BASE_URL')"

if ! command -v wrk >/dev/null 2>&1; then
  log "wrk not found: installing it with apt-get"
  SUDO=""
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "wrk is missing and I am not root: apt-get install -y wrk"
    SUDO="sudo"
  fi
  $SUDO apt-get install -y wrk >&2 || { $SUDO apt-get update >&2 && $SUDO apt-get install -y wrk >&2; } \
    || die "could not install wrk"
fi
WRK=(wrk)
if [[ -n "$WRK_CPUS" ]]; then
  command -v taskset >/dev/null 2>&1 || die "WRK_CPUS set but taskset is missing (util-linux)"
  WRK=(taskset -c "$WRK_CPUS" wrk)
fi

# shellcheck disable=SC2016 # $sku is GraphQL, not shell
VARIANT_QUERY='query Variant($sku: String!) { variant(sku: $sku) { id sku title prices { amount currencyCode } product { title } } }'
GQL_BODY="{\"operationName\":\"Variant\",\"query\":$(json_str "$VARIANT_QUERY"),\"variables\":{\"sku\":$(json_str "$SKU")}}"
AUTH="Bearer $SURGE_API_KEY"

# ---- preflight: one request per path, so a wrong key/SKU fails in a second, not after minutes ----
if command -v curl >/dev/null 2>&1; then
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE_URL/health/live" || true)"
  [[ "$code" != 000 ]] || die "no answer from $BASE_URL/health/live: is the server up?"
  [[ "$code" == 200 ]] || die "GET $BASE_URL/health/live answered HTTP $code, expected 200"
  resp="$(curl -s --max-time 10 -w $'\n%{http_code}' -H 'Content-Type: application/json' \
    -H "Authorization: $AUTH" --data-binary "$GQL_BODY" "$BASE_URL/graphql" || true)"
  code="${resp##*$'\n'}"; body="${resp%$'\n'*}"
  [[ "$code" == 200 ]] || die "POST /graphql answered HTTP $code: ${body:0:300}"
  [[ "$body" != *'"errors"'* ]] || die "POST /graphql answered errors (API key? schema?): ${body:0:300}"
  [[ "$body" == *'"sku"'* ]] || die "variant(sku: \"$SKU\") found nothing: set SKU= to an existing SKU (${body:0:200})"
else
  log "curl not found: skipping the preflight requests"
fi

RAW_DIR="$(mktemp -d "${TMPDIR:-/tmp}/surge-ceiling.XXXXXX")"

STOREFRONT_AUTH=""
if [[ "$STOREFRONT" == 1 ]]; then
  if ! command -v curl >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then die "STOREFRONT=1 needs curl and python3 (STOREFRONT=0 to skip)"; fi
  channel_and_location "$RESERVE_CHANNEL" "$RESERVE_LOCATION" storefront_channel storefront_location
  # shellcheck disable=SC2154 # set by channel_and_location
  STOREFRONT_AUTH="Bearer $(storefront_key "$storefront_channel" "ceiling.sh storefront")"
fi

RESERVE_BODY=""
FSYNC_OPS=""
if [[ "$RESERVE" == 1 ]]; then
  if ! command -v curl >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then die "RESERVE=1 needs curl and python3"; fi
  channel_and_location "$RESERVE_CHANNEL" "$RESERVE_LOCATION" CHANNEL_ID LOCATION_ID
  receive_units "$RESERVE_SKU" "$LOCATION_ID" ceiling.sh
  log "received 10,000,000 units of $RESERVE_SKU at $RESERVE_LOCATION"
  RESERVE_BODY="$(reserve_body "$CHANNEL_ID" "$LOCATION_ID" "$RESERVE_SKU")"
  check="$(gql "$RESERVE_BODY")"
  [[ "$check" == *'"reservation":{"id"'* ]] || die "a test reservation failed: ${check:0:300}"
  FSYNC_BIN="$(ls /usr/lib/postgresql/*/bin/pg_test_fsync 2>/dev/null | tail -n 1 || true)"
  if [[ -n "$FSYNC_BIN" ]]; then
    log "pg_test_fsync in $FSYNC_DIR (5 s per method)"
    "$FSYNC_BIN" -s 5 -f "$FSYNC_DIR/.surge_pg_test_fsync.tmp" >"$RAW_DIR/pg_test_fsync.txt" 2>&1 || true
    rm -f "$FSYNC_DIR/.surge_pg_test_fsync.tmp"
    # The first "fdatasync" line: one 8kB write, then fdatasync (what a committing backend does).
    FSYNC_OPS="$(awk '$1 == "fdatasync" && $2 ~ /^[0-9.]+$/ { print $2; exit }' "$RAW_DIR/pg_test_fsync.txt")"
  else
    log "pg_test_fsync not found (Debian package postgresql-15): no fsync comparison"
  fi
fi

ORDER_BODY=""
PAGE_BODY=""
if [[ "$ORDERS" == 1 ]]; then
  if ! command -v curl >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then die "ORDERS=1 needs curl and python3"; fi
  channel_and_location "$RESERVE_CHANNEL" "$RESERVE_LOCATION" ORDER_CHANNEL_ID ORDER_LOCATION_ID
  receive_units "$ORDER_SKU" "$ORDER_LOCATION_ID" ceiling.sh
  log "received 10,000,000 units of $ORDER_SKU at $RESERVE_LOCATION"
  ORDER_BODY="$(order_body "$ORDER_CHANNEL_ID" "$ORDER_SKU")"
  check="$(gql "$ORDER_BODY")"
  [[ "$check" == *'"order":{"id"'* ]] || die "a test order failed: ${check:0:300}"
  PAGE_QUERY='query Page { orders(first: 100) { totalCount edges { node { number status customer { email } lines { sku quantityOrdered total { amount } } fulfillmentOrders { status lines { quantity quantityRemaining } } shipments { trackingNumber } } } } }'
  PAGE_BODY="{\"operationName\":\"Page\",\"query\":$(json_str "$PAGE_QUERY")}"
fi

# run_wrk <label> <duration> <url> <body> <auth> <outfile> [connections]
run_wrk() {
  local label="$1" dur="$2" url="$3" body="$4" auth="$5" out="$6" conns="${7:-$CONNECTIONS}"
  log "$label: wrk -t$THREADS -c$conns -d$dur $url"
  SURGE_WRK_BODY="$body" SURGE_WRK_AUTH="$auth" \
    "${WRK[@]}" -t"$THREADS" -c"$conns" -d"$dur" --timeout "$TIMEOUT" --latency \
    -s "$LUA" "$url" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed ($label)"; }
}

# wrk prints times as 812.00us, 1.23ms, 1.02s, 2.00m: to milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000;
    else if (u == "h") n *= 3600000; else if (u != "ms") { print "?"; exit }
    printf "%.2f", n }'
}

# parse <wrk output file>: sets RPS P50 P99 RESP NON2XX GQLERR SOCKERR
parse() {
  local f="$1" line
  RPS="$(awk '/^Requests\/sec:/ {print $2}' "$f")"
  P50="$(to_ms "$(awk '$1 == "50%" {print $2; exit}' "$f")")"
  P99="$(to_ms "$(awk '$1 == "99%" {print $2; exit}' "$f")")"
  line="$(grep '^SURGE_WRK ' "$f" || true)"
  RESP="$(sed -n 's/.*responses=\([0-9]*\).*/\1/p' <<<"$line")"
  NON2XX="$(sed -n 's/.*non2xx=\([0-9]*\).*/\1/p' <<<"$line")"
  GQLERR="$(sed -n 's/.*gqlerrors=\([0-9]*\).*/\1/p' <<<"$line")"
  # "  Socket errors: connect 0, read 0, write 0, timeout 0" (only printed when there are some)
  SOCKERR="$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$f")"
  : "${RPS:=0}" "${RESP:=0}" "${NON2XX:=0}" "${GQLERR:=0}" "${SOCKERR:=0}"
  [[ -n "$line" ]] || log "warning: no SURGE_WRK line in $f (Lua script did not report)"
}

# ---- runs ------------------------------------------------------------------------------------
declare -a NAMES URLS BODIES AUTHS CONNS
NAMES=("GET /health/live" "POST /graphql variant(sku)")
URLS=("$BASE_URL/health/live" "$BASE_URL/graphql")
BODIES=("" "$GQL_BODY")
AUTHS=("" "$AUTH")
CONNS=("$CONNECTIONS" "$CONNECTIONS")
if [[ -n "$RESERVE_BODY" ]]; then
  NAMES+=("POST /graphql reserveStock, one SKU, durable")
  URLS+=("$BASE_URL/graphql")
  BODIES+=("$RESERVE_BODY")
  AUTHS+=("${STOREFRONT_AUTH:-$AUTH}")
  CONNS+=("$CONNECTIONS")
fi

if [[ -n "$ORDER_BODY" ]]; then
  NAMES+=("POST /graphql placeOrder from lines (checkout), durable" "POST /graphql orders(first: 100) page, -c$PAGE_CONNECTIONS")
  URLS+=("$BASE_URL/graphql" "$BASE_URL/graphql")
  BODIES+=("$ORDER_BODY" "$PAGE_BODY")
  AUTHS+=("${STOREFRONT_AUTH:-$AUTH}" "$AUTH")
  CONNS+=("$CONNECTIONS" "$PAGE_CONNECTIONS")
fi

if [[ -n "$STOREFRONT_AUTH" ]]; then
  NAMES+=("POST /graphql variant(sku), storefront CHANNEL key (response cache)")
  URLS+=("$BASE_URL/graphql")
  BODIES+=("$GQL_BODY")
  AUTHS+=("$STOREFRONT_AUTH")
  CONNS+=("$CONNECTIONS")
fi

declare -a R_RPS R_P50 R_P99 R_ERR R_BAD R_TOTAL
for i in "${!NAMES[@]}"; do
  # What each path sends, for tools that replay a path (compare.sh's half-rate runs).
  printf '%s\t%s\t%s\n' "${NAMES[$i]}" "${URLS[$i]}" "${CONNS[$i]}" >>"$RAW_DIR/paths.tsv"
  printf '%s' "${BODIES[$i]}" >"$RAW_DIR/body-$i.json"
  printf '%s' "${AUTHS[$i]}" >"$RAW_DIR/auth-$i.txt"
  if (( WARMUP > 0 )); then
    run_wrk "warm-up ${NAMES[$i]}" "${WARMUP}s" "${URLS[$i]}" "${BODIES[$i]}" "${AUTHS[$i]}" "$RAW_DIR/warmup-$i.txt" "${CONNS[$i]}"
  fi
  run_wrk "measure ${NAMES[$i]}" "$DURATION" "${URLS[$i]}" "${BODIES[$i]}" "${AUTHS[$i]}" "$RAW_DIR/run-$i.txt" "${CONNS[$i]}"
  sed 's/^/    /' "$RAW_DIR/run-$i.txt" >&2
  parse "$RAW_DIR/run-$i.txt"
  R_RPS[i]="$RPS"; R_P50[i]="$P50"; R_P99[i]="$P99"
  R_BAD[i]=$(( NON2XX + GQLERR + SOCKERR ))
  R_TOTAL[i]=$(( RESP + SOCKERR ))
  R_ERR[i]="$NON2XX non-2xx, $GQLERR \"errors\", $SOCKERR socket"
done

# ---- report ------------------------------------------------------------------------------------
CEIL="${R_RPS[0]}"
status=0
TABLE="| path | req/s | p50 ms | p99 ms | ratio to ceiling | errors |
|---|---:|---:|---:|---:|---|"
for i in "${!NAMES[@]}"; do
  ratio="$(awk -v a="${R_RPS[$i]}" -v c="$CEIL" 'BEGIN { if (c > 0) printf "%.3f", a / c; else print "n/a" }')"
  pct="$(awk -v b="${R_BAD[$i]}" -v t="${R_TOTAL[$i]}" 'BEGIN { if (t > 0) printf "%.2f", 100 * b / t; else print "100.00" }')"
  rps="$(awk -v r="${R_RPS[$i]}" 'BEGIN { printf "%.0f", r }')"
  TABLE+=$'\n'"| ${NAMES[$i]} | $rps | ${R_P50[$i]} | ${R_P99[$i]} | $ratio | $pct % (${R_ERR[$i]}) |"
  if (( R_TOTAL[i] == 0 )); then
    log "FAIL: ${NAMES[$i]}: no answers at all"; status=1
  elif awk -v p="$pct" -v m="$MAX_ERROR_PCT" 'BEGIN { exit !(p > m) }'; then
    log "FAIL: ${NAMES[$i]}: $pct % bad answers (> $MAX_ERROR_PCT %): ${R_ERR[$i]}"; status=1
  fi
done

if [[ -n "$FSYNC_OPS" ]]; then
  last=2  # the reservation storm
  vs="$(awk -v r="${R_RPS[$last]}" -v f="$FSYNC_OPS" 'BEGIN { printf "%.2f", r / f }')"
  TABLE+=$'\n'"| disk: fdatasync of one 8kB write (pg_test_fsync) | $(printf '%.0f' "$FSYNC_OPS") | | | reservations/s ÷ fdatasync/s = $vs | |"
fi

CPU_MODEL="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)"
WRK_VERSION="$( (wrk -v 2>&1 || true) | awk 'NR == 1 { print $1, $2 }')"
HOST_LINE="$(date -u +%Y-%m-%dT%H:%M:%SZ); $(nproc) CPUs (${CPU_MODEL:-unknown CPU}); ${WRK_VERSION:-wrk}"
PARAMS_LINE="$BASE_URL, -t$THREADS -c$CONNECTIONS, $DURATION measured after ${WARMUP}s warm-up per path, timeout $TIMEOUT, sku $SKU${WRK_CPUS:+, wrk on CPUs $WRK_CPUS}"

echo
echo "$TABLE"
echo
echo "$HOST_LINE"
echo "$PARAMS_LINE"
echo "raw wrk output: $RAW_DIR"

if [[ -n "$OUT" ]]; then
  {
    echo
    echo "### Ceiling run $(date -u +%Y-%m-%dT%H:%M:%SZ)$([[ $status -ne 0 ]] && echo ' (FAILED: error threshold)')"
    echo
    echo "- machine: $(nproc) CPUs, ${CPU_MODEL:-unknown CPU}; ${WRK_VERSION:-wrk}"
    echo "- run: $PARAMS_LINE"
    echo
    echo "$TABLE"
  } >>"$OUT"
  log "appended to $OUT"
fi

exit "$status"
