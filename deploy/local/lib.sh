#!/usr/bin/env bash
# Shared by up, down, test and bench: package installation and a private PostgreSQL and RabbitMQ that run as plain
# processes (no systemd, no Docker) with their own data directories and ports, state under deploy/local/state/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STACK="${METROLOGY_STACK:-up}"
STATE="$ROOT/deploy/local/state/$STACK"
PGBIN=/usr/lib/postgresql/15/bin

# Each stack has its own ports, so `up` and `test` can run side by side.
# A second test stack (`METROLOGY_STACK=test-NAME METROLOGY_PORT_BASE=58`) lets two test runs share a machine;
# a demo-NAME stack (`METROLOGY_STACK=demo-check METROLOGY_PORT_BASE=59 deploy/local/up --port 59080`) is an `up`
# platform with its demo data beside the others.
case "$STACK" in
  up)     PORT_BASE=55 ;;
  test)   PORT_BASE=56 ;;
  bench)  PORT_BASE=57 ;;
  # The base a stack was started with is kept in its state, so `down` and `status` find it without being told.
  test-*|demo-*)
    PORT_BASE="${METROLOGY_PORT_BASE:-$(cat "$STATE/port-base" 2>/dev/null || true)}"
    [[ -n "$PORT_BASE" ]] || { echo "a test-NAME or demo-NAME stack needs METROLOGY_PORT_BASE (58..64)" >&2; exit 2; }
    if [[ -n "${METROLOGY_PORT_BASE:-}" && "$PORT_BASE" =~ ^(5[5-9]|6[0-4])$ ]]; then mkdir -p "$STATE"; echo "$PORT_BASE" > "$STATE/port-base"; fi ;;
  *)      echo "unknown METROLOGY_STACK=$STACK" >&2; exit 2 ;;
esac
[[ "$PORT_BASE" =~ ^(5[5-9]|6[0-4])$ ]] || { echo "METROLOGY_PORT_BASE must be 55..64" >&2; exit 2; }
PG_PORT="${METROLOGY_PG_PORT:-${PORT_BASE}432}"
AMQP_PORT="${METROLOGY_AMQP_PORT:-${PORT_BASE}672}"
DIST_PORT="${PORT_BASE}682"
EPMD_PORT="${PORT_BASE}369"
PG_SOCKET="$STATE/pg/run"
SERVICES=(identity devices flows records certificates reports)
declare -A SCALE=()   # instances per service for start_platform; `up --scale` fills it

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

install_packages() {
  # LibreOffice (headless, with CJK fonts and the Python UNO bridge) renders certificates; poppler-utils' pdfsig and
  # pdftotext check the PDFs in the tests.
  local wanted=(librabbitmq-dev rabbitmq-server postgresql-15 postgresql-client-15 protobuf-compiler libprotobuf-dev curl
    libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-draw-nogui python3-uno fonts-noto-cjk poppler-utils zlib1g-dev zbar-tools)
  local missing=()
  for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
  fi
}

# --- secrets ------------------------------------------------------------------------------------------------------

# One random password per database role, kept in the stack's state so a re-run keeps working with the same data.
secret() {
  local name="$1" file="$STATE/secrets/$1"
  mkdir -p "$STATE/secrets"; chmod 700 "$STATE/secrets"
  [[ -s "$file" ]] || head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$file"
  cat "$file"
}

# --- PostgreSQL ---------------------------------------------------------------------------------------------------

pg_data_dir() {
  # PostgreSQL runs as the postgres user, which must be able to reach its data directory. If the checkout lives
  # somewhere it cannot traverse (a 0700 home, say), keep the data under /var/tmp instead.
  mkdir -p "$STATE/pg"
  chown postgres:postgres "$STATE/pg"
  if runuser -u postgres -- test -w "$STATE/pg"; then
    echo "$STATE/pg"
  else
    local alt="/var/tmp/metrology-$STACK-$(echo "$ROOT" | md5sum | cut -c1-8)"
    mkdir -p "$alt"; chown postgres:postgres "$alt"; echo "$alt"
  fi
}

start_postgres() {
  reserve_stack_ports
  local base; base="$(pg_data_dir)"
  local data="$base/data"
  mkdir -p "$base/log" "$base/run"; chown postgres:postgres "$base/log" "$base/run"
  PG_SOCKET="$base/run"
  echo "$base" > "$STATE/pg-base"
  if [[ ! -f "$data/PG_VERSION" ]]; then
    log "initialising PostgreSQL in $data"
    local pwfile; pwfile="$(mktemp)"; secret postgres > "$pwfile"; chmod 644 "$pwfile"
    runuser -u postgres -- "$PGBIN/initdb" -D "$data" -U postgres --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
  fi
  if runuser -u postgres -- "$PGBIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "PostgreSQL already running on port $PG_PORT"
  else
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$data" -l "$base/log/postgres.log" -w -t 60 \
      -o "-p $PG_PORT -k $base/run -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB -c fsync=${METROLOGY_PG_FSYNC:-on}" \
      start >/dev/null
  fi
}

stop_postgres() {
  [[ -f "$STATE/pg-base" ]] || return 0
  local data; data="$(cat "$STATE/pg-base")/data"
  if [[ -f "$data/postmaster.pid" ]]; then
    log "stopping PostgreSQL"
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true
  fi
}

psql_admin() {
  local base; base="$(cat "$STATE/pg-base")"
  runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -h "$base/run" -p "$PG_PORT" -U postgres "$@"
}

# Creates the database, one role per service owning one schema, and the audit schema those roles may only append
# to and read (deploy/compose/audit.sql); a role reaches nothing else. Safe to run again on an existing database.
bootstrap_database() {
  local schemas=("${SERVICES[@]}" "$@")
  psql_admin -d postgres -tc "SELECT 1 FROM pg_database WHERE datname = 'metrology'" | grep -q 1 \
    || psql_admin -d postgres -c "CREATE DATABASE metrology"
  {
    echo "REVOKE ALL ON DATABASE metrology FROM PUBLIC;"
    echo "REVOKE ALL ON SCHEMA public FROM PUBLIC;"
    cat "$ROOT/deploy/compose/audit.sql"
    for schema in "${schemas[@]}"; do
      local role="metrology_$schema" password; password="$(secret "db-$schema")"
      cat <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN CREATE ROLE $role LOGIN; END IF;
END \$\$;
ALTER ROLE $role WITH LOGIN PASSWORD '$password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
GRANT CONNECT ON DATABASE metrology TO $role;
CREATE SCHEMA IF NOT EXISTS $schema AUTHORIZATION $role;
REVOKE ALL ON SCHEMA $schema FROM PUBLIC;
DO \$\$ BEGIN PERFORM audit.enroll('$role'); END \$\$;
SQL
    done
  } | psql_admin -d metrology
}

# --- RabbitMQ -----------------------------------------------------------------------------------------------------

rabbit_env() {
  export RABBITMQ_NODENAME="metrology-$STACK@localhost"
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT="$AMQP_PORT"
  export RABBITMQ_DIST_PORT="$DIST_PORT"
  export ERL_EPMD_PORT="$EPMD_PORT"
  export RABBITMQ_MNESIA_BASE="$STATE/rabbitmq/mnesia"
  export RABBITMQ_LOG_BASE="$STATE/rabbitmq/log"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$STATE/rabbitmq/enabled_plugins"
  export RABBITMQ_CONFIG_FILE="$STATE/rabbitmq/rabbitmq"
  export RABBITMQ_PID_FILE="$STATE/rabbitmq/pid"
  export HOME="$STATE/rabbitmq/home"
}

# Every stack listens on ports 55000..64999, and Linux hands out outgoing connections' source ports from
# 32768..60999 by default, so a busy machine (a test run opens tens of thousands of connections) can hold one of our
# ports as some connection's source port when a broker or database wants to listen on it. CI once lost `up` that way:
# RabbitMQ died with eaddrinuse on 55672 with nothing listening there. Reserving the range keeps the kernel from
# choosing those ports for outgoing connections; it changes nothing else. Needs root (as do the packages); without it we
# go on and the failure, if it comes, says which socket held the port.
reserve_stack_ports() {
  local file=/proc/sys/net/ipv4/ip_local_reserved_ports wanted=55000-64999
  [[ -w "$file" ]] || return 0
  local current; current="$(cat "$file")"
  [[ ",$current," == *",$wanted,"* ]] && return 0
  echo "${current:+$current,}$wanted" > "$file" 2>/dev/null || log "could not reserve ports $wanted from the ephemeral range"
}

# Who holds a port: listeners and connections whose local end is that port.
port_holders() {
  ss -tanp "( sport = :$1 )" 2>/dev/null | tail -n +2 || true
}

start_rabbitmq() {
  reserve_stack_ports
  mkdir -p "$STATE/rabbitmq/home" "$STATE/rabbitmq/log" "$STATE/rabbitmq/mnesia"
  [[ -f "$STATE/rabbitmq/enabled_plugins" ]] || echo "[]." > "$STATE/rabbitmq/enabled_plugins"
  # A memory alarm at 40 % of a 24 GiB machine would never fire in a test; keep defaults otherwise.
  [[ -f "$STATE/rabbitmq/rabbitmq.conf" ]] || printf 'log.console = false\nlog.file.level = warning\n' > "$STATE/rabbitmq/rabbitmq.conf"
  if (echo > "/dev/tcp/127.0.0.1/$AMQP_PORT") 2>/dev/null; then
    log "RabbitMQ already listening on $AMQP_PORT"
    return 0
  fi
  log "starting RabbitMQ on 127.0.0.1:$AMQP_PORT"
  local attempt
  for attempt in 1 2; do
    (rabbit_env; nohup /usr/lib/rabbitmq/bin/rabbitmq-server > "$STATE/rabbitmq/log/stdout.log" 2>&1 &)
    wait_for_port "$AMQP_PORT" 90 "RabbitMQ" "beam.*-home $STATE/rabbitmq/home" && return 0
    if grep -q eaddrinuse "$STATE/rabbitmq/log/stdout.log" && ((attempt == 1)); then
      # Another socket had the port (see reserve_stack_ports). RabbitMQ's listener cannot even share it with a closed
      # connection in TIME-WAIT, which lasts 60 s; wait that out and try once more.
      log "port $AMQP_PORT was in use by: $(port_holders "$AMQP_PORT" | tr '\n' ';')"
      stop_rabbitmq
      local waited
      for ((waited = 0; waited < 70 && $(port_holders "$AMQP_PORT" | wc -l) > 0; waited++)); do sleep 1; done
      continue
    fi
    tail -30 "$STATE/rabbitmq/log/stdout.log" >&2
    return 1
  done
}

rabbitmqctl_stack() {
  (rabbit_env; /usr/lib/rabbitmq/bin/rabbitmqctl -q "$@")
}

stop_rabbitmq() {
  if [[ -f "$STATE/rabbitmq/pid" ]] || (echo > "/dev/tcp/127.0.0.1/$AMQP_PORT") 2>/dev/null; then
    log "stopping RabbitMQ"
    rabbitmqctl_stack stop >/dev/null 2>&1 || { [[ -f "$STATE/rabbitmq/pid" ]] && kill "$(cat "$STATE/rabbitmq/pid")" 2>/dev/null || true; }
    rm -f "$STATE/rabbitmq/pid"
  fi
  # rabbitmq-server leaves its epmd behind; it is ours (own port), so end it.
  (rabbit_env; epmd -port "$EPMD_PORT" -kill >/dev/null 2>&1 || true)
}

# wait_for_port PORT SECONDS NAME [PROCESS-PATTERN]: with a pattern, stop waiting as soon as no process matches it
# (the server died at start; waiting out the timeout would only delay the error).
wait_for_port() {
  local port="$1" seconds="$2" name="$3" pattern="${4:-}"
  for ((i = 0; i < seconds * 4; i++)); do
    (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    if [[ -n "$pattern" ]] && ((i > 40)) && ! pgrep -f -- "$pattern" >/dev/null; then
      log "$name exited before it opened port $port"
      return 1
    fi
    sleep 0.25
  done
  log "$name did not open port $port within ${seconds}s"
  return 1
}

# --- the platform's processes -------------------------------------------------------------------------------------

service_env() {
  local service="$1"
  [[ "$service" == converter ]] && return 0   # no broker, no database: start_converters gives its settings
  echo "METROLOGY_AMQP_URL=amqp://guest:guest@127.0.0.1:$AMQP_PORT/"
  [[ "$service" == gateway ]] && return 0
  echo "METROLOGY_DB_HOST=127.0.0.1"
  echo "METROLOGY_DB_PORT=$PG_PORT"
  echo "METROLOGY_DB_NAME=metrology"
  echo "METROLOGY_DB_USER=metrology_$service"
  echo "METROLOGY_DB_PASSWORD=$(secret "db-$service")"
}

# start_process NAME INSTANCE BINARY [VAR=VALUE ...]: runs in the background under deploy/local/supervise, which
# restarts it with backoff when it dies; the supervisor's PID goes to pids/, the process's state to supervisor/
# (read by deploy/local/status), its output to logs/.
start_process() {
  local name="$1" instance="$2" binary="$3"; shift 3
  mkdir -p "$STATE/logs" "$STATE/pids" "$STATE/supervisor"
  local -a environment
  mapfile -t environment < <(service_env "$name")
  local log_file="$STATE/logs/$name-$instance.log"
  : > "$log_file"
  env "${environment[@]}" METROLOGY_INSTANCE_ID="$name-$instance" "$@" \
    nohup "$ROOT/deploy/local/supervise" "$STATE/supervisor/$name-$instance" "$log_file" "$binary" >/dev/null 2>&1 &
  echo "$!" > "$STATE/pids/$name-$instance.pid"
}

# supervised_pid NAME-INSTANCE: the PID of the process itself (not its supervisor), empty while it is not running.
supervised_pid() {
  local file="$STATE/supervisor/$1"
  [[ -f "$file" ]] || return 0
  sed -n 's/^pid=//p' "$file" | grep -v '^0$' || true
}

# stop_processes [GLOB]: every process start_process started, or those whose NAME-INSTANCE matches GLOB.
stop_processes() {
  [[ -d "$STATE/pids" ]] || return 0
  local pids=() children=()
  for file in "$STATE"/pids/${1:-*}.pid; do
    [[ -f "$file" ]] || continue
    local pid child; pid="$(cat "$file")"; child="$(supervised_pid "$(basename "$file" .pid)")"
    [[ -n "$child" ]] && children+=("$child")
    # The supervisor passes SIGTERM on and does not restart what it was asked to stop.
    kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
    rm -f "$file"
  done
  # SIGTERM lets each service finish its in-flight requests; give them 15 s, then force.
  for ((i = 0; i < 60; i++)); do
    local alive=0
    for pid in "${pids[@]}" "${children[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || return 0
    sleep 0.25
  done
  for pid in "${pids[@]}" "${children[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
}

# data_key SERVICE: the key that encrypts SERVICE's secrets at rest (identity: resident ID numbers; certificates: the
# seal's private key; reports: the feed's signing key), generated once and kept with the stack's other secrets (losing
# it loses what it sealed).
data_key() {
  local file="$STATE/secrets/$1-data-key"
  if [[ ! -s "$file" ]]; then
    mkdir -p "$STATE/secrets"; chmod 700 "$STATE/secrets"
    head -c 32 /dev/urandom | base64 > "$file"; chmod 600 "$file"
  fi
  cat "$file"
}

# start_platform BIN HTTP_PORT METRICS_BASE ADMIN_PASSWORD [VAR=VALUE ...]: every service (as many instances as the
# global SCALE map asks, else one) and the gateway, each with a metrics port counted up from METRICS_BASE (the
# gateway gets METRICS_BASE itself). The extra VAR=VALUE go to every process.
start_platform() {
  local bin="$1" http_port="$2" metrics_port="$3" admin_password="$4"; shift 4
  local gateway_metrics="$metrics_port"
  for service in "${SERVICES[@]}"; do
    local count=1
    [[ -n "${SCALE[$service]:-}" ]] && count="${SCALE[$service]}"
    for ((i = 1; i <= count; i++)); do
      metrics_port=$((metrics_port + 1))
      local secrets=()   # only identity gets the administrator's password; each service with secrets its own data key
      case "$service" in
        # IDENTITY_WEBAUTHN_ORIGINS: the mobile app's WebAuthn client data names the gateway's origin (issue 18).
        identity) secrets=(METROLOGY_ADMIN_PASSWORD="$admin_password" METROLOGY_IDENTITY_DATA_KEY="$(data_key identity)"
                           IDENTITY_WEBAUTHN_ORIGINS="${IDENTITY_WEBAUTHN_ORIGINS:-http://localhost:$http_port}") ;;
        certificates) secrets=(METROLOGY_CERTIFICATES_DATA_KEY="$(data_key certificates)") ;;
        reports) secrets=(METROLOGY_REPORTS_DATA_KEY="$(data_key reports)") ;;
      esac
      start_process "$service" "$i" "$bin/$service" METROLOGY_METRICS_PORT="$metrics_port" "${secrets[@]}" "$@"
      log "started $service #$i (metrics on :$metrics_port)"
    done
  done
  start_process gateway 1 "$bin/gateway" METROLOGY_HTTP_PORT="$http_port" METROLOGY_METRICS_PORT="$gateway_metrics" "$@"
}

# wait_until_ready URL SECONDS: polls the gateway's /readyz; on failure prints its last answer and the logs' tails.
wait_until_ready() {
  local url="$1" seconds="$2"
  log "waiting for $url/readyz"
  for ((i = 0; i < seconds * 2; i++)); do
    curl -fsS "$url/readyz" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  log "the platform did not become ready; last readiness answer and logs:"
  curl -sS "$url/readyz" >&2 || true
  tail -n 20 "$STATE"/logs/*.log >&2
  return 1
}

# --- document converters ------------------------------------------------------------------------------------------

# METROLOGY_CONVERTERS instances [2] of deploy/converter/converter.py, each one long-lived LibreOffice with its own
# profile under $STATE/converter/I, on port ${PORT_BASE}31I (I = 1..8; BASE319 is left to tests that start their own),
# supervised like the services (logs/converter-I.log, pids/, status). Run by Debian's /usr/bin/python3 (its shebang):
# python3-uno belongs to that interpreter only.
CONVERTERS="${METROLOGY_CONVERTERS:-2}"
[[ "$CONVERTERS" =~ ^[0-8]$ ]] || { echo "METROLOGY_CONVERTERS must be 0..8" >&2; exit 2; }

converter_port() { echo $((PORT_BASE * 1000 + 310 + $1)); }

# converter_urls: the comma-separated base URLs the services' ConverterPool reads (METROLOGY_CONVERTER_URLS).
converter_urls() {
  local urls=()
  for ((i = 1; i <= CONVERTERS; i++)); do urls+=("http://127.0.0.1:$(converter_port "$i")"); done
  local IFS=,; echo "${urls[*]}"
}

# start_converters: starts them, waits until each has its LibreOffice connected (GET /health is 200), and exports
# METROLOGY_CONVERTER_URLS for the processes started after it.
start_converters() {
  ((CONVERTERS > 0)) || { log "no converters (METROLOGY_CONVERTERS=0)"; return 0; }
  /usr/bin/python3 -c 'import uno' 2>/dev/null || { log "python3-uno is missing (install_packages)"; return 1; }
  stop_converters   # a second start replaces them
  for ((i = 1; i <= CONVERTERS; i++)); do
    mkdir -p "$STATE/converter/$i"
    start_process converter "$i" "$ROOT/deploy/converter/converter.py" METROLOGY_CONVERTER_PORT="$(converter_port "$i")" \
      METROLOGY_CONVERTER_PROFILE="$STATE/converter/$i"
  done
  export METROLOGY_CONVERTER_URLS; METROLOGY_CONVERTER_URLS="$(converter_urls)"
  for ((i = 1; i <= CONVERTERS; i++)); do
    local url="http://127.0.0.1:$(converter_port "$i")" ready=0
    # A fresh profile costs LibreOffice a few seconds on its first start.
    for ((t = 0; t < 240; t++)); do curl -fsS --max-time 2 "$url/health" >/dev/null 2>&1 && { ready=1; break; }; sleep 0.5; done
    ((ready)) || { log "converter $i did not become ready on $url"; tail -20 "$STATE/logs/converter-$i.log" >&2; return 1; }
    log "converter #$i ready on $url"
  done
}

stop_converters() { stop_processes 'converter-*'; }
