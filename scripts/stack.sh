#!/usr/bin/env bash
# The whole pipeline without Docker: Kafka + InfluxDB run natively (scripts/services.sh),
# then InfluxDB setup (buckets, scoped tokens), the processor and the producers.
# Logs go to .tickflow/logs/; Ctrl-C stops everything this script started (Kafka and
# InfluxDB keep running: `npm run services -- down` stops them).
#
#   npm run stack                      simulator + generated sales
#   npm run stack -- --live            Yahoo Finance watchlist + generated sales
#   npm run stack -- --processors 3    three processors in one consumer group
#
# Existing services instead of native ones: export KAFKA_BROKERS, INFLUX_URL and INFLUX_TOKEN
# (an all-access token; INFLUX_ORG defaults to tickflow) before running, and nothing is started.
# Other env: WATCHLIST (live symbols), SIM_SYMBOLS, SALES_RATE, TICKFLOW_RUN_DIR, plus anything
# the services read (QUOTES_TOPIC, KAFKA_GROUP_ID, INFLUX_BUCKET, LOG_LEVEL, ...).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="${TICKFLOW_RUN_DIR:-$REPO/.tickflow}"
LOG_DIR="$RUN_DIR/logs"

log() { echo "[stack] $*" >&2; }
die() { echo "[stack] ERROR: $*" >&2; exit 1; }
usage() { sed -n '2,15p' "$0" >&2; exit "${1:-2}"; }

live=0
processors=1
while (($# > 0)); do
  case "$1" in
    --live) live=1 ;;
    --processors) [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || die "--processors needs a positive number"; processors="$2"; shift ;;
    -h | --help) usage 0 ;;
    *) echo "[stack] unknown option: $1" >&2; usage ;;
  esac
  shift
done

command -v node >/dev/null || die "node not found on PATH"
[[ -d "$REPO/node_modules/tsx" ]] || die "dependencies missing: run 'npm ci' first"
mkdir -p "$LOG_DIR"
cd "$REPO"

# ---------------------------------------------------------------- Kafka + InfluxDB
if [[ -n "${KAFKA_BROKERS:-}" && -n "${INFLUX_URL:-}" && -n "${INFLUX_TOKEN:-}" ]]; then
  log "using existing services from the environment: Kafka $KAFKA_BROKERS, InfluxDB $INFLUX_URL"
else
  log "starting native Kafka and InfluxDB (scripts/services.sh up)"
  TICKFLOW_RUN_DIR="$RUN_DIR" bash "$REPO/scripts/services.sh" up
  # shellcheck source=/dev/null
  source "$RUN_DIR/services.env"
fi
export INFLUX_ORG="${INFLUX_ORG:-tickflow}" INFLUX_BUCKET="${INFLUX_BUCKET:-tickflow}"
export KAFKAJS_NO_PARTITIONER_WARNING=1

# ---------------------------------------------------------------- InfluxDB setup
# The all-access token only creates buckets and two scoped tokens; the processor then
# writes with its scoped token (Grafana would read with the read-only one).
TOKENS_FILE="$RUN_DIR/influx-tokens.env"
log "InfluxDB setup (org $INFLUX_ORG): buckets, tokens -> $TOKENS_FILE"
INFLUX_ADMIN_TOKEN="$INFLUX_TOKEN" INFLUX_TOKENS_FILE="$TOKENS_FILE" \
  node --import tsx influxdb/setup.ts 2>>"$LOG_DIR/influx-setup.log" \
  || { tail -n 20 "$LOG_DIR/influx-setup.log" >&2; die "InfluxDB setup failed (log: $LOG_DIR/influx-setup.log)"; }
PROCESSOR_TOKEN="$(sed -n 's/^INFLUX_PROCESSOR_TOKEN=//p' "$TOKENS_FILE")"
[[ -n "$PROCESSOR_TOKEN" ]] || die "no INFLUX_PROCESSOR_TOKEN in $TOKENS_FILE"

# ---------------------------------------------------------------- pipeline
names=() pids=() logs=()
start() { # name, then the command; output to $LOG_DIR/<name>.log
  local name="$1"; shift
  local file="$LOG_DIR/$name.log"
  echo "==== $(date -u +%FT%TZ) $*" >>"$file"
  "$@" >>"$file" 2>&1 &
  names+=("$name") pids+=("$!") logs+=("$file")
  log "started $name (pid $!), log $file"
}

stopping=0
stop_all() {
  ((stopping)) && return
  stopping=1
  log "stopping ${#pids[@]} processes (graceful: the processor flushes and commits)"
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 200); do # 20 s, then SIGKILL
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  log "stopped. Kafka and InfluxDB are still running (npm run services -- status | down)"
}
trap 'stop_all; exit 130' INT TERM
trap 'stop_all' EXIT

for i in $(seq 1 "$processors"); do
  start "processor-$i" env INFLUX_TOKEN="$PROCESSOR_TOKEN" INSTANCE_ID="${INSTANCE_ID:-stack}-processor-$i" \
    node --import tsx processor/src/main.ts
done
if ((live)); then
  start producer-yahoo env PRODUCER_SYMBOLS="${WATCHLIST:-AAPL,MSFT,NVDA,BTC-USD,ETH-USD}" node --import tsx producer/src/main.ts yahoo
else
  start producer-sim env PRODUCER_SYMBOLS="${SIM_SYMBOLS:-AAPL,MSFT,NVDA,BTC-USD,ETH-USD,SHIB-USD}" node --import tsx producer/src/main.ts sim
fi
start producer-sales env PRODUCER_RATE="${SALES_RATE:-5}" node --import tsx producer/src/main.ts sales

log "pipeline running: Kafka $KAFKA_BROKERS -> InfluxDB $INFLUX_URL (org $INFLUX_ORG, bucket $INFLUX_BUCKET)"
log "follow the logs: tail -f $LOG_DIR/{processor-1,producer-*}.log    stop: Ctrl-C"

# Every process here runs until stopped, so the first one to exit is a failure. (A poll, not
# `wait -n`: that needs bash 5.1 and macOS ships 3.2.)
while :; do
  for i in "${!pids[@]}"; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      code=0
      wait "${pids[$i]}" || code=$?
      log "${names[$i]} exited unexpectedly (code $code); last lines of ${logs[$i]}:"
      tail -n 15 "${logs[$i]}" >&2
      exit 1
    fi
  done
  sleep 1
done
