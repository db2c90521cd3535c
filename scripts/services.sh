#!/usr/bin/env bash
# Runs the test dependencies natively (no Docker): a single-node KRaft Kafka and InfluxDB 2.x.
#
#   scripts/services.sh up            start both (idempotent: reuses ours if already healthy)
#   scripts/services.sh down          stop both and delete their data
#   scripts/services.sh status        pids / health / versions (exit 0 only if both healthy)
#   scripts/services.sh env           print $RUN_DIR/services.env (export lines)
#   scripts/services.sh stop-influx | start-influx | stop-kafka | start-kafka
#                                     stop/start one service, keeping its data (outage tests)
#
# Env: TICKFLOW_CACHE (jars, influxd binary; default ~/.cache/tickflow),
#      TICKFLOW_RUN_DIR (data, pids, logs, services.env; default <repo>/.tickflow),
#      KAFKA_PORT (19092), KAFKA_CONTROLLER_PORT (KAFKA_PORT+1), INFLUX_PORT (18086),
#      KAFKA_START_TIMEOUT / INFLUX_START_TIMEOUT (seconds, default 90 / 60).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${TICKFLOW_CACHE:-$HOME/.cache/tickflow}"
RUN_DIR="${TICKFLOW_RUN_DIR:-$REPO/.tickflow}"

# Versions are pinned here, not read from the environment: services.env exports
# KAFKA_VERSION/INFLUX_VERSION, and sourcing it must not change what we run.
# The Kafka version lives in the pom so there is one source of truth for the jars.
KAFKA_VER="$(sed -n 's#.*<kafka.version>\(.*\)</kafka.version>.*#\1#p' "$REPO/scripts/kafka/pom.xml")"
INFLUX_VER="2.7.12"
KAFKA_LIBS="$CACHE/kafka-$KAFKA_VER/libs"
INFLUXD="$CACHE/influxd-v$INFLUX_VER/influxd"

INFLUX_ORG_NAME="tickflow"
INFLUX_BUCKET_NAME="tickflow"
INFLUX_USER="tickflow"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
INFLUX_START_TIMEOUT="${INFLUX_START_TIMEOUT:-60}"

log() { echo "[services] $*" >&2; }
die() { echo "[services] ERROR: $*" >&2; exit 1; }

# ---------------------------------------------------------------- layout / ports

mkdir -p "$RUN_DIR"
RUN_DIR="$(cd "$RUN_DIR" && pwd)" # absolute: it is what identifies our processes (see is_ours)
KAFKA_DIR="$RUN_DIR/kafka"
INFLUX_DIR="$RUN_DIR/influxdb"
LOG_DIR="$RUN_DIR/logs"
PORTS_FILE="$RUN_DIR/ports.env"
ENV_FILE="$RUN_DIR/services.env"
CREDS_FILE="$INFLUX_DIR/credentials.env"
KAFKA_PID="$KAFKA_DIR/kafka.pid"
INFLUX_PID="$INFLUX_DIR/influxd.pid"
KAFKA_LOG="$LOG_DIR/kafka.log"
INFLUX_LOG="$LOG_DIR/influxd.log"

# Ports: explicit env wins, then the ports the current state was created with, then defaults.
# (So `KAFKA_PORT=29092 services.sh up` followed by a plain `services.sh status` just works.)
STATE_KAFKA_PORT="" STATE_KAFKA_CONTROLLER_PORT="" STATE_INFLUX_PORT=""
if [[ -f "$PORTS_FILE" ]]; then
  # shellcheck source=/dev/null
  source "$PORTS_FILE"
fi
KAFKA_PORT="${KAFKA_PORT:-${STATE_KAFKA_PORT:-19092}}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-${STATE_KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}}"
INFLUX_PORT="${INFLUX_PORT:-${STATE_INFLUX_PORT:-18086}}"
for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$INFLUX_PORT"; do
  [[ "$p" =~ ^[0-9]+$ ]] || die "invalid port '$p'"
done
KAFKA_ADDR="127.0.0.1:$KAFKA_PORT"
INFLUX_URL="http://127.0.0.1:$INFLUX_PORT"

# ---------------------------------------------------------------- process helpers

pid_of() { if [[ -f "$1" ]]; then cat "$1" 2>/dev/null || true; fi; }

# A pid file alone is not proof: the pid may have been reused. Our processes always
# carry a path under $RUN_DIR in their command line, so check that too.
is_ours() {
  local pid; pid="$(pid_of "$1")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && ps -o args= -p "$pid" 2>/dev/null | grep -qF -- "$RUN_DIR/"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Fails loudly if a port we are about to bind is held by someone else.
require_free_port() {
  local port="$1" what="$2" var="$3"
  if port_in_use "$port"; then
    echo "[services] ERROR: port $port ($what) is already in use by a process this script did not start." >&2
    if command -v ss >/dev/null; then ss -ltnp "sport = :$port" 2>/dev/null | sed 's/^/[services]   /' >&2 || true; fi
    die "stop that process, or pick another port, e.g. $var=$((port + 10000)) $0 up"
  fi
}

# Start a command detached from our session (so Ctrl-C in a test runner does not kill it)
# with all fds redirected (so callers capturing our output never wait on it) and the lock
# fd closed (or the daemon would hold our flock forever).
start_bg() {
  local pidfile="$1" logfile="$2" workdir="$3"; shift 3
  local launcher=()
  if command -v setsid >/dev/null; then launcher=(setsid); fi
  (cd "$workdir" && exec "${launcher[@]}" "$@" </dev/null >>"$logfile" 2>&1 9>&-) &
  echo $! >"$pidfile"
}

# Right after start_bg the pid may still be the forking subshell (no $RUN_DIR in its args
# yet), so code that just started a process checks plain liveness instead of is_ours.
is_alive() { local pid; pid="$(pid_of "$1")"; [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; }

# stop_pid PIDFILE NAME [force]: force = we know the pid is ours (we just started it).
stop_pid() {
  local pidfile="$1" name="$2" force="${3:-}" pid
  if [[ "$force" == force ]]; then is_alive "$pidfile"; else is_ours "$pidfile"; fi || { rm -f "$pidfile"; return 0; }
  pid="$(pid_of "$pidfile")"
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do # 10 s grace period, then SIGKILL
    kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; return 0; }
    sleep 0.1
  done
  log "$name did not exit after 10 s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  rm -f "$pidfile"
}

fail_with_log() {
  local name="$1" logfile="$2" pidfile="$3" msg="$4"
  echo "[services] ERROR: $name: $msg" >&2
  echo "[services] ---- last 40 lines of $logfile ----" >&2
  tail -n 40 "$logfile" >&2 2>/dev/null || true
  echo "[services] ---- end of $logfile ----" >&2
  stop_pid "$pidfile" "$name" force
  exit 1
}

# ---------------------------------------------------------------- Kafka

fetch_kafka_jars() {
  if compgen -G "$KAFKA_LIBS/kafka_2.13-$KAFKA_VER.jar" >/dev/null; then return 0; fi
  command -v mvn >/dev/null || die "mvn not found: it is needed once to fetch the Kafka $KAFKA_VER jars"
  log "fetching Kafka $KAFKA_VER jars from Maven Central into $KAFKA_LIBS (about 1 min when ~/.m2 is cold)"
  local tmp="$KAFKA_LIBS.tmp.$$" out
  rm -rf "$tmp"
  # Output captured: with -q, mvn prints only stray colour codes unless something fails.
  out="$(mvn -q -B -f "$REPO/scripts/kafka/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$tmp" -DincludeScope=runtime -Dkafka.version="$KAFKA_VER" 2>&1)" \
    || { echo "$out" >&2; rm -rf "$tmp"; die "fetching the Kafka jars with mvn failed"; }
  rm -rf "$KAFKA_LIBS" && mv "$tmp" "$KAFKA_LIBS" # atomic-ish: never leave a half-filled cache
}

write_kafka_config() {
  mkdir -p "$KAFKA_DIR/data"
  cat >"$KAFKA_DIR/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DIR/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
num.partitions=1
auto.create.topics.enable=true
EOF
  # WARN keeps the log readable; KafkaRaftServer says "started", AppInfoParser says the version.
  cat >"$KAFKA_DIR/log4j.properties" <<'EOF'
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaRaftServer=INFO
log4j.logger.org.apache.kafka.common.utils.AppInfoParser=INFO
EOF
}

format_kafka_storage() {
  # A cluster id is 16 random bytes, base64url without padding (what `StorageTool random-uuid`
  # prints); generating it here saves a JVM start. Kafka rejects ids that start with '-'.
  local id="-"
  while [[ "$id" == -* ]]; do id="$(openssl rand -base64 16 | tr '+/' '-_' | tr -d '=\n')"; done
  java -Dlog4j.configuration="file:$KAFKA_DIR/log4j.properties" -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool format -t "$id" -c "$KAFKA_DIR/server.properties" >>"$KAFKA_LOG" 2>&1 \
    || { tail -n 40 "$KAFKA_LOG" >&2; die "kafka storage format failed"; }
}

# Healthy = the broker answers a metadata request with itself in the cluster. kafkajs comes
# from the repo's node_modules; before `npm ci` we can only check the TCP port.
kafka_healthy() {
  port_in_use "$KAFKA_PORT" || return 1
  if [[ ! -d "$REPO/node_modules/kafkajs" ]]; then return 0; fi
  (cd "$REPO" && KAFKAJS_NO_PARTITIONER_WARNING=1 timeout 15 node -e '
    const { Kafka, logLevel } = require("kafkajs");
    const admin = new Kafka({ clientId: "tickflow-services", brokers: [process.argv[1]], logLevel: logLevel.NOTHING,
      retry: { retries: 0 }, connectionTimeout: 2000, requestTimeout: 5000 }).admin();
    admin.connect().then(() => admin.describeCluster())
      .then((c) => admin.disconnect().then(() => process.exit(c.brokers.length > 0 ? 0 : 1)))
      .catch(() => process.exit(1));' "$KAFKA_ADDR") >/dev/null 2>&1
}

kafka_version() {
  local v
  v="$(grep -o 'Kafka version: [^ ]*' "$KAFKA_LOG" 2>/dev/null | tail -n 1 | awk '{print $3}')"
  if [[ -z "$v" ]]; then # fall back to the jar on the classpath
    v="$(basename "$(compgen -G "$KAFKA_LIBS/kafka_2.13-*.jar" | grep -v -- '-test' | head -n 1)" .jar)"
    v="${v#kafka_2.13-}"
  fi
  echo "$v"
}

start_kafka_process() {
  require_free_port "$KAFKA_PORT" "Kafka" KAFKA_PORT
  require_free_port "$KAFKA_CONTROLLER_PORT" "Kafka controller" KAFKA_CONTROLLER_PORT
  write_kafka_config # regenerated every start; the data dir holds the state
  echo "==== $(date -u +%FT%TZ) starting kafka on $KAFKA_ADDR ====" >>"$KAFKA_LOG"
  start_bg "$KAFKA_PID" "$KAFKA_LOG" "$KAFKA_DIR" \
    java -Xms256m -Xmx512m -XX:+UseSerialGC -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$KAFKA_DIR/log4j.properties" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_DIR/server.properties"
  wait_kafka
}

wait_kafka() {
  local deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  kafka_healthy && return 0
  log "waiting for Kafka on $KAFKA_ADDR (timeout ${KAFKA_START_TIMEOUT}s)"
  until kafka_healthy; do
    is_alive "$KAFKA_PID" || fail_with_log kafka "$KAFKA_LOG" "$KAFKA_PID" "the broker process exited during startup"
    ((SECONDS < deadline)) || fail_with_log kafka "$KAFKA_LOG" "$KAFKA_PID" "not healthy after ${KAFKA_START_TIMEOUT}s"
    sleep 1
  done
}

# ---------------------------------------------------------------- InfluxDB

build_influxd() {
  [[ -x "$INFLUXD" ]] && return 0
  log "influxd $INFLUX_VER not cached: building it from source (a cold build takes 5-25 min)"
  INFLUX_VERSION="v$INFLUX_VER" TICKFLOW_CACHE="$CACHE" bash "$REPO/scripts/lib/build-influxd.sh"
  [[ -x "$INFLUXD" ]] || die "influxd build finished but $INFLUXD is missing"
}

influx_health() { curl -fsS --max-time 3 "$INFLUX_URL/health" 2>/dev/null | tr -d '\n'; }
influx_healthy() { influx_health | grep -q '"status": *"pass"'; }
influx_version() { influx_health | sed -n 's/.*"version": *"\([^"]*\)".*/\1/p'; }

start_influx_process() {
  require_free_port "$INFLUX_PORT" "InfluxDB" INFLUX_PORT
  mkdir -p "$INFLUX_DIR/data"
  echo "==== $(date -u +%FT%TZ) starting influxd on $INFLUX_URL ====" >>"$INFLUX_LOG"
  # cwd = data dir: influxd also reads config.{toml,yaml,json} from its working directory.
  start_bg "$INFLUX_PID" "$INFLUX_LOG" "$INFLUX_DIR/data" \
    "$INFLUXD" --bolt-path "$INFLUX_DIR/data/influxd.bolt" --engine-path "$INFLUX_DIR/data/engine" \
    --sqlite-path "$INFLUX_DIR/data/influxd.sqlite" --http-bind-address "127.0.0.1:$INFLUX_PORT" \
    --reporting-disabled --log-level warn
  wait_influx
}

wait_influx() {
  local deadline=$((SECONDS + INFLUX_START_TIMEOUT))
  influx_healthy && return 0
  log "waiting for InfluxDB on $INFLUX_URL (timeout ${INFLUX_START_TIMEOUT}s)"
  until influx_healthy; do
    is_alive "$INFLUX_PID" || fail_with_log influxd "$INFLUX_LOG" "$INFLUX_PID" "influxd exited during startup"
    ((SECONDS < deadline)) || fail_with_log influxd "$INFLUX_LOG" "$INFLUX_PID" "not healthy after ${INFLUX_START_TIMEOUT}s"
    sleep 0.5
  done
}

# One-time onboarding. Credentials are random per state dir and kept next to the data,
# so a restart (start-influx, or up after a crash) reuses them.
setup_influx() {
  local allowed
  allowed="$(curl -fsS --max-time 5 "$INFLUX_URL/api/v2/setup" | tr -d '\n ' )" || die "GET /api/v2/setup failed"
  if [[ "$allowed" != *'"allowed":true'* ]]; then
    [[ -f "$CREDS_FILE" ]] || die "InfluxDB at $INFLUX_URL is already set up but $CREDS_FILE is missing; run '$0 down' and retry"
    return 0
  fi
  local token password body
  token="$(openssl rand -hex 32)"
  password="$(openssl rand -hex 16)"
  body="$(printf '{"username":"%s","password":"%s","org":"%s","bucket":"%s","token":"%s","retentionPeriodSeconds":0}' \
    "$INFLUX_USER" "$password" "$INFLUX_ORG_NAME" "$INFLUX_BUCKET_NAME" "$token")"
  (umask 077 && printf 'INFLUX_TOKEN=%s\nINFLUX_USERNAME=%s\nINFLUX_PASSWORD=%s\n' "$token" "$INFLUX_USER" "$password" >"$CREDS_FILE")
  curl -fsS --max-time 10 -X POST -H 'Content-Type: application/json' --data "$body" "$INFLUX_URL/api/v2/setup" >/dev/null \
    || fail_with_log influxd "$INFLUX_LOG" "$INFLUX_PID" "POST /api/v2/setup failed"
  log "InfluxDB onboarded: org=$INFLUX_ORG_NAME bucket=$INFLUX_BUCKET_NAME user=$INFLUX_USER (credentials in $CREDS_FILE)"
}

# ---------------------------------------------------------------- state

write_ports_file() {
  printf 'STATE_KAFKA_PORT=%s\nSTATE_KAFKA_CONTROLLER_PORT=%s\nSTATE_INFLUX_PORT=%s\n' \
    "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$INFLUX_PORT" >"$PORTS_FILE"
}

write_env_file() {
  local token kv iv
  token="$(sed -n 's/^INFLUX_TOKEN=//p' "$CREDS_FILE")"
  kv="$(kafka_version)"
  iv="$(influx_version)"
  (umask 077 && cat >"$ENV_FILE.tmp" <<EOF
export KAFKA_BROKERS=$KAFKA_ADDR
export INFLUX_URL=$INFLUX_URL
export INFLUX_TOKEN=$token
export INFLUX_ORG=$INFLUX_ORG_NAME
export INFLUX_BUCKET=$INFLUX_BUCKET_NAME
export KAFKA_VERSION=${kv:-$KAFKA_VER}
export INFLUX_VERSION=${iv#v}
EOF
  )
  mv "$ENV_FILE.tmp" "$ENV_FILE"
}

wipe_state() { rm -rf "$KAFKA_DIR" "$INFLUX_DIR" "$ENV_FILE" "$PORTS_FILE"; }

# Serialise commands that change state (e.g. two test runs calling `up` at once).
take_lock() {
  exec 9>"$RUN_DIR/.lock"
  if command -v flock >/dev/null; then
    flock -w 3600 9 || die "timed out waiting for another services.sh ($RUN_DIR/.lock)"
  fi
}

# ---------------------------------------------------------------- commands

cmd_up() {
  take_lock
  local kafka_up=0 influx_up=0
  is_ours "$KAFKA_PID" && kafka_up=1
  is_ours "$INFLUX_PID" && influx_up=1

  # State made with other ports: reuse is impossible while running, and pointless when not.
  local other_ports=0
  if [[ -f "$PORTS_FILE" ]] && [[ "$STATE_KAFKA_PORT:$STATE_KAFKA_CONTROLLER_PORT:$STATE_INFLUX_PORT" != "$KAFKA_PORT:$KAFKA_CONTROLLER_PORT:$INFLUX_PORT" ]]; then
    if ((kafka_up || influx_up)); then
      die "services in $RUN_DIR run on ports $STATE_KAFKA_PORT/$STATE_INFLUX_PORT, not the requested $KAFKA_PORT/$INFLUX_PORT; run '$0 down' first"
    fi
    other_ports=1
  fi
  # Check every port we will bind before changing anything, so a conflict leaves no half state.
  if ((!kafka_up)); then
    require_free_port "$KAFKA_PORT" "Kafka" KAFKA_PORT
    require_free_port "$KAFKA_CONTROLLER_PORT" "Kafka controller" KAFKA_CONTROLLER_PORT
  fi
  if ((!influx_up)); then require_free_port "$INFLUX_PORT" "InfluxDB" INFLUX_PORT; fi
  if ((other_ports)); then
    log "discarding stopped state created for other ports"
    wipe_state
  fi
  # Leftovers from a run whose processes died (reboot, crash) are reused only if complete.
  if ((!kafka_up && !influx_up)) && [[ ! -f "$CREDS_FILE" || ! -f "$KAFKA_DIR/data/meta.properties" ]]; then
    wipe_state
  fi
  mkdir -p "$LOG_DIR" "$KAFKA_DIR" "$INFLUX_DIR"
  write_ports_file

  if ((kafka_up)); then
    log "Kafka already running (pid $(pid_of "$KAFKA_PID")): reusing it"
    wait_kafka
  else
    fetch_kafka_jars
    if [[ ! -f "$KAFKA_DIR/data/meta.properties" ]]; then
      : >"$KAFKA_LOG"
      write_kafka_config
      format_kafka_storage
    fi
    start_kafka_process
  fi

  if ((influx_up)); then
    log "InfluxDB already running (pid $(pid_of "$INFLUX_PID")): reusing it"
    wait_influx
  else
    build_influxd
    [[ -f "$CREDS_FILE" ]] || : >"$INFLUX_LOG"
    start_influx_process
  fi
  setup_influx
  write_env_file

  log "Kafka $(kafka_version) ready at $KAFKA_ADDR (pid $(pid_of "$KAFKA_PID"))"
  log "InfluxDB $(influx_version) ready at $INFLUX_URL (pid $(pid_of "$INFLUX_PID"))"
  log "env: $ENV_FILE  (load with: source <($0 env))"
}

cmd_down() {
  take_lock
  stop_pid "$KAFKA_PID" kafka
  stop_pid "$INFLUX_PID" influxd
  wipe_state # logs are kept in $LOG_DIR for post-mortems; the next fresh `up` truncates them
  log "services stopped; data deleted"
}

cmd_status() {
  local rc=0 pid
  pid="$(pid_of "$KAFKA_PID")"
  if ! is_ours "$KAFKA_PID"; then echo "kafka:    stopped"; rc=1
  elif kafka_healthy; then echo "kafka:    running pid=$pid addr=$KAFKA_ADDR version=$(kafka_version) healthy"
  else echo "kafka:    running pid=$pid addr=$KAFKA_ADDR UNHEALTHY"; rc=1; fi
  pid="$(pid_of "$INFLUX_PID")"
  if ! is_ours "$INFLUX_PID"; then echo "influxdb: stopped"; rc=1
  elif influx_healthy; then echo "influxdb: running pid=$pid url=$INFLUX_URL version=$(influx_version) healthy"
  else echo "influxdb: running pid=$pid url=$INFLUX_URL UNHEALTHY"; rc=1; fi
  return "$rc"
}

cmd_env() {
  [[ -f "$ENV_FILE" ]] || die "$ENV_FILE not found; run '$0 up' first"
  cat "$ENV_FILE"
}

require_state() {
  [[ -f "$PORTS_FILE" && -d "$1" ]] || die "no $2 state in $RUN_DIR; run '$0 up' first"
}

cmd_stop_one() { # keeps data: used to simulate an outage
  take_lock
  case "$1" in
    kafka) stop_pid "$KAFKA_PID" kafka ;;
    influx) stop_pid "$INFLUX_PID" influxd ;;
  esac
  log "$1 stopped (data kept)"
}

cmd_start_one() {
  take_lock
  case "$1" in
    kafka)
      require_state "$KAFKA_DIR/data" kafka
      if is_ours "$KAFKA_PID"; then log "Kafka already running"; wait_kafka; else start_kafka_process; fi
      log "Kafka $(kafka_version) ready at $KAFKA_ADDR" ;;
    influx)
      require_state "$INFLUX_DIR/data" influxdb
      if is_ours "$INFLUX_PID"; then log "InfluxDB already running"; wait_influx; else start_influx_process; fi
      log "InfluxDB $(influx_version) ready at $INFLUX_URL" ;;
  esac
}

need() { command -v "$1" >/dev/null || die "'$1' not found on PATH ($2)"; }

main() {
  local cmd="${1:-}"
  case "$cmd" in
    up | start-kafka | start-influx)
      need java "Kafka runs on the JVM"; need curl "InfluxDB health/setup"; need openssl "random secrets"; need node "Kafka health check" ;;
  esac
  case "$cmd" in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    env) cmd_env ;;
    stop-kafka) cmd_stop_one kafka ;;
    stop-influx) cmd_stop_one influx ;;
    start-kafka) cmd_start_one kafka ;;
    start-influx) cmd_start_one influx ;;
    *) sed -n '2,14p' "$0" >&2; exit 2 ;;
  esac
}

main "$@"
