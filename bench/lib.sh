# shellcheck shell=bash
# Variables named in the header are the sourcing script's; functions are called indirectly.
# shellcheck disable=SC2034,SC2154,SC2317
# Shared by the bench/*.sh scripts: a throw-away PostgreSQL cluster, PgBouncer and the Tracegate
# gateway on loopback, all stopped and removed on exit. Source it, set the variables below,
# call bench_setup, then the bench_start_* functions you need.
#
# Inputs (set before bench_setup): pg_port, gateway_port, admin_port, pgbouncer_port, keep
# (true keeps the work directory), gateway_java_opts. Outputs: work (the work directory),
# pg_bin, pgbench, psql, pg_version, gateway_config, and the *_pid(s) variables the cleanup uses.
#
# Credentials everywhere: PostgreSQL role gateway / gateway-secret (SCRAM) owning database
# traces, which holds public.agent_traces and, after bench_pgbench_init, pgbench's tables;
# the gateway accepts identity bench / bench-secret (role agent).

log() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- tools and the unprivileged user
bench_find_tools() {
  pg_bin="${PG_BIN:-}"
  if [[ -z $pg_bin ]]; then
    pg_bin="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
  [[ -x $pg_bin/initdb && -x $pg_bin/pg_ctl ]] \
    || die "no PostgreSQL server binaries (set PG_BIN; Debian: apt-get install postgresql)"
  pgbench="$pg_bin/pgbench"; [[ -x $pgbench ]] || pgbench="$(command -v pgbench)" || die "pgbench not found"
  psql="$pg_bin/psql"; [[ -x $psql ]] || psql="$(command -v psql)" || die "psql not found"
  pg_version="$("$pg_bin/postgres" --version | awk '{print $3}')"

  # initdb, postgres and pgbouncer refuse to run as root: run them as an ordinary user.
  if [[ $(id -u) -eq 0 ]]; then
    db_user="${BENCH_DB_USER:-postgres}"
    id "$db_user" >/dev/null 2>&1 || die "user $db_user does not exist (set BENCH_DB_USER to an unprivileged user)"
    as_db_user() { runuser -u "$db_user" -- "$@"; }
  else
    db_user="$(id -un)"
    as_db_user() { "$@"; }
  fi
}

# Succeeds when pgbouncer is on the PATH, installing it with apt-get first when we can.
bench_have_pgbouncer() {
  command -v pgbouncer >/dev/null 2>&1 && return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing pgbouncer with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 \
           && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null 2>&1; } \
      || true
  fi
  command -v pgbouncer >/dev/null 2>&1
}

bench_gateway_runnable() { java -jar "$1" --version >/dev/null 2>&1; }

bench_require_free_ports() {
  local port
  for port in "$@"; do
    if ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then
      die "port $port is in use (override with PG_PORT, GATEWAY_PORT, ADMIN_PORT, PGBOUNCER_PORT)"
    fi
  done
}

# ---------------------------------------------------------------- work directory and cleanup
gateway_pids=()
pgbouncer_pid=""
pg_started=false

bench_setup() {
  bench_find_tools
  work="$(mktemp -d /tmp/tracegate-bench.XXXXXX)"
  chmod 755 "$work"
  mkdir -p "$work/pg" "$work/pgbouncer" "$work/gateway" "$work/runs"
  chown "$db_user" "$work/pg" "$work/pgbouncer"
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local pid
  for pid in "${gateway_pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || continue
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
      [[ $(ps -o stat= -p "$pid" 2>/dev/null | tr -d ' ') == [!Z]* ]] || break  # gone or a zombie
      sleep 0.2
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n $pgbouncer_pid ]] && kill -0 "$pgbouncer_pid" 2>/dev/null; then
    kill "$pgbouncer_pid" 2>/dev/null || true
  fi
  if [[ $pg_started == true ]]; then
    as_db_user "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [[ ${keep:-false} == true ]]; then
    log "work directory kept: $work"
  else
    rm -rf "$work"
  fi
  exit "$status"
}

# ---------------------------------------------------------------- PostgreSQL
bench_start_postgres() {
  log "PostgreSQL $pg_version on 127.0.0.1:$pg_port (data in $work/pg, run as $db_user)"
  as_db_user "$pg_bin/initdb" -D "$work/pg/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$work/pg/initdb.log" 2>&1 || { cat "$work/pg/initdb.log" >&2; die "initdb failed"; }
  # synchronous_commit off: an insert workload would otherwise measure this machine's fsync,
  # hiding what the relay costs. Select-only is unaffected.
  cat >>"$work/pg/data/postgresql.conf" <<EOF
port = $pg_port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$work/pg'
max_connections = 200
shared_buffers = 256MB
password_encryption = 'scram-sha-256'
synchronous_commit = off
EOF
  as_db_user "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/postgres.log" -w -t 60 start >/dev/null \
    || { tail -n 20 "$work/pg/postgres.log" >&2; die "PostgreSQL did not start"; }
  pg_started=true

  "$psql" -X -q -v ON_ERROR_STOP=1 -h "$work/pg" -p "$pg_port" -U postgres -d postgres \
    -c "CREATE ROLE gateway LOGIN PASSWORD 'gateway-secret'" \
    -c "CREATE DATABASE traces OWNER gateway" \
    -c "CREATE DATABASE audit OWNER gateway"
  PGPASSWORD=gateway-secret "$psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U gateway -d traces -c "
    CREATE TABLE public.agent_traces (
      id bigserial PRIMARY KEY,
      agent text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      reasoning text,
      payload jsonb)"
}

bench_pgbench_init() { # scale
  log "pgbench -i -s $1"
  PGPASSWORD=gateway-secret "$pgbench" -i -q -s "$1" -h 127.0.0.1 -p "$pg_port" -U gateway traces \
    >"$work/pg/pgbench-init.log" 2>&1 || { cat "$work/pg/pgbench-init.log" >&2; die "pgbench -i failed"; }
}

# Where the gateway and PgBouncer reach PostgreSQL: loopback TCP, or with upstream=unix its
# Unix-domain socket directory (both the same, so the comparison stays fair).
bench_upstream_host() { if [[ ${upstream:-tcp} == unix ]]; then echo "$work/pg"; else echo 127.0.0.1; fi; }

# ---------------------------------------------------------------- PgBouncer, session mode
bench_start_pgbouncer() {
  log "$(pgbouncer --version 2>&1 | sed -n 1p) on 127.0.0.1:$pgbouncer_port, session mode"
  # A plain password in auth_file lets PgBouncer answer the client's SCRAM exchange and log in
  # to PostgreSQL with SCRAM in turn.
  printf '"gateway" "gateway-secret"\n' >"$work/pgbouncer/userlist.txt"
  cat >"$work/pgbouncer/pgbouncer.ini" <<EOF
[databases]
traces = host=$(bench_upstream_host) port=$pg_port dbname=traces

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $pgbouncer_port
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $work/pgbouncer/userlist.txt
pool_mode = session
max_client_conn = 200
default_pool_size = 64
ignore_startup_parameters = extra_float_digits
logfile = $work/pgbouncer/pgbouncer.log
pidfile = $work/pgbouncer/pgbouncer.pid
EOF
  chown "$db_user" "$work/pgbouncer/userlist.txt" "$work/pgbouncer/pgbouncer.ini"
  chmod 600 "$work/pgbouncer/userlist.txt"
  as_db_user pgbouncer -d "$work/pgbouncer/pgbouncer.ini" >"$work/pgbouncer/stdout.log" 2>&1 \
    || { cat "$work/pgbouncer/stdout.log" >&2; die "pgbouncer did not start"; }
  for _ in $(seq 50); do [[ -s $work/pgbouncer/pgbouncer.pid ]] && break; sleep 0.1; done
  pgbouncer_pid="$(cat "$work/pgbouncer/pgbouncer.pid")"
  bench_wait_for_login "$pgbouncer_port" gateway gateway-secret || die "PgBouncer does not accept user gateway"
}

# ---------------------------------------------------------------- Tracegate
# bench_write_gateway_config JAR [NAME PORT ADMIN_PORT AUDIT_SINK]: writes $work/NAME/tracegate.yaml
# (the example policy's shape, loopback ports, no TLS, one identity bench; audit to a file, to
# the postgres sink in database audit of the bench cluster, or none) and sets gateway_config
# to its path. Defaults: gateway, $gateway_port, $admin_port, file.
bench_write_gateway_config() {
  local jar=$1 name=${2:-gateway} port=${3:-$gateway_port} admin=${4:-$admin_port} sink=${5:-file}
  local verifier dir="$work/${2:-gateway}" config audit_url=""
  config="$dir/tracegate.yaml"
  mkdir -p "$dir"
  [[ $sink != postgres ]] || audit_url="jdbc:postgresql://127.0.0.1:$pg_port/audit"
  verifier="$(java -jar "$jar" hash-password --password bench-secret | grep -o 'SCRAM-SHA-256\$[^[:space:]]*' | tail -n 1 || true)"
  [[ -n $verifier ]] || die "no SCRAM verifier from: java -jar $jar hash-password --password bench-secret"
  cat >"$config" <<EOF
# Generated by bench/lib.sh: the example policy's shape, loopback ports, no TLS, one identity.
listen:
  host: 127.0.0.1
  port: $port
  worker_threads: ${GATEWAY_WORKER_THREADS:-1}
  tls:
    mode: "off"
upstream:
  host: $(bench_upstream_host)
  port: $pg_port
  database: traces
  user: gateway
  password: gateway-secret
  tls:
    mode: disable
  pool:
    mode: session
    max_size: 64
    min_idle: 2
    acquire_timeout: 5s
identities:
  - name: bench
    roles: [agent]
    scram_sha_256: "$verifier"
tables:
  - name: public.agent_traces
    columns:
      reasoning: text
      payload: json
detectors:
  builtin: all
masking:
  default: redact
  by_type:
    credit_card: partial
    email: hash
  hash_key: bench-only-key
rules:
  - name: agents-write-traces
    when: { roles: [agent], statements: [insert, update], tables: [public.agent_traces] }
    action: mask
  - name: default
    when: {}
    action: allow
audit:
  sink: $sink
  file: $dir/audit.jsonl
  postgres:
    url: "$audit_url"
    user: gateway
    password: gateway-secret
  on_failure: block
approvals:
  webhook_url: ""
state:
  store: embedded
  postgres:
    url: ""
    user: ""
    password: ""
recording:
  enabled: false
  dir: $dir/sessions
  include_rows: false
admin:
  host: 127.0.0.1
  port: $admin
EOF
  gateway_config="$config"
}

bench_start_gateway() { # JAR CONFIG [NAME PORT]
  local jar=$1 config=$2 name=${3:-gateway} port=${4:-$gateway_port}
  mkdir -p "$work/$name"
  log "Tracegate ($name) on 127.0.0.1:$port (config $config)"
  # shellcheck disable=SC2086 # gateway_java_opts is a list of JVM options
  (cd "$work/$name" && exec java ${gateway_java_opts:-} -jar "$jar" serve --config "$config") \
    >"$work/$name/tracegate.log" 2>&1 &
  gateway_pids+=("$!")
  if ! bench_wait_for_login "$port" bench bench-secret; then
    tail -n 30 "$work/$name/tracegate.log" >&2
    die "the gateway ($name) did not accept user bench within 30 s"
  fi
}

bench_wait_for_login() { # PORT USER PASSWORD: until a query succeeds, 30 s at most
  for _ in $(seq 150); do
    if PGPASSWORD="$3" "$psql" -X -q -h 127.0.0.1 -p "$1" -U "$2" -d traces -tAc "SELECT 1" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.2
  done
  return 1
}
