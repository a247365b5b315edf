#!/usr/bin/env bash
# Builds the server and starts it. With no SURGE_PG_URL / SURGE_REDIS_URL it starts embedded
# PostgreSQL and Redis (binaries from Maven artifacts) with data under ./data; SURGE_DEMO=true
# (the default here) seeds demo data and prints a generated admin key.
# Usage: ./run.sh            build, then start
#        SKIP_BUILD=1 ./run.sh   start the jar built last time
set -euo pipefail
cd "$(dirname "$0")"
if [ -z "${SKIP_BUILD:-}" ]; then
  mvn -B -q -DskipTests -pl server -am install
fi
export SURGE_DEMO="${SURGE_DEMO:-true}"
# Chronicle Map needs these module flags; the list lives in jvm.flags (see VERSIONS notes in docs).
exec java $(grep -v '^#' jvm.flags | tr '\n' ' ') ${JAVA_OPTS:-} -jar server/target/surge-server.jar "$@"
