#!/usr/bin/env bash
# Relay benchmark: pgbench against PostgreSQL directly, through Tracegate and through PgBouncer,
# in interleaved short rounds, then TPS per target and the ratios gateway/direct and
# gateway/PgBouncer per client count. A benchmark, not a test: it never fails on a ratio.
#
#   bench/relay.sh                                   # select-only, -c 1, 8, 32, 3 rounds of 10 s
#   bench/relay.sh --workload insert --clients 8     # 4 KB trace rows with PII into agent_traces
#   bench/relay.sh --help
#
# Everything runs on this machine, on loopback: a throw-away PostgreSQL cluster (Debian's
# server binaries, run as an unprivileged user because initdb refuses root), PgBouncer in
# session mode (installed with apt-get when missing and possible), and the gateway from
# proxy/target/tracegate.jar (build it with `mvn -B -DskipTests package`). All of it is
# stopped and removed on exit.
#
# Why interleaved rounds: on a 2-core machine shared by pgbench, PostgreSQL and the relay,
# one run of a target can differ from the next by a third (see FINDINGS.md). Each round runs
# every target once per client count, rotating which goes first, and the figures are means
# over the rounds, with the spread shown.
set -euo pipefail

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT_DIR

# ---------------------------------------------------------------- options
duration=10
rounds=3
warmup=5
clients="1 8 32"
workload=select
protocol=simple
scale=10
jar="$ROOT_DIR/proxy/target/tracegate.jar"
gateway_config=""
use_gateway=true
use_pgbouncer=true
keep=false
out=""
pg_port="${PG_PORT:-55432}"
gateway_port="${GATEWAY_PORT:-56432}"
admin_port="${ADMIN_PORT:-59187}"
pgbouncer_port="${PGBOUNCER_PORT:-56433}"
gateway_java_opts="${GATEWAY_JAVA_OPTS:-}"

usage() {
  cat <<EOF
Usage: bench/relay.sh [options]
  --duration S        seconds per pgbench run (default $duration)
  --rounds N          interleaved rounds (default $rounds)
  --warmup S          seconds of warm-up per target before the rounds, 0 for none (default $warmup)
  --clients "LIST"    pgbench client counts (default "$clients"); -j is min(2, clients)
  --workload W        select: pgbench -S (select-only); insert: 4 KB trace rows with PII
                      into public.agent_traces (default $workload)
  --protocol P        pgbench -M: simple, extended or prepared (default $protocol)
  --scale N           pgbench -i scale (default $scale)
  --jar FILE          gateway jar (default proxy/target/tracegate.jar)
  --gateway-config F  use this gateway config instead of the generated one (it must listen on
                      127.0.0.1:\$GATEWAY_PORT, reach PostgreSQL on 127.0.0.1:\$PG_PORT as
                      gateway/gateway-secret and accept user bench, password bench-secret)
  --no-gateway        leave the gateway out
  --no-pgbouncer      leave PgBouncer out
  --out FILE          also write every run as TSV (round, workload, clients, target, tps)
  --keep              keep the work directory (logs, configs) after exit
Ports (environment): PG_PORT=$pg_port GATEWAY_PORT=$gateway_port ADMIN_PORT=$admin_port PGBOUNCER_PORT=$pgbouncer_port
Gateway JVM options (environment): GATEWAY_JAVA_OPTS
EOF
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --workload) workload="$2"; shift 2 ;;
    --protocol) protocol="$2"; shift 2 ;;
    --scale) scale="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    --gateway-config) gateway_config="$(realpath "$2")"; shift 2 ;;
    --no-gateway) use_gateway=false; shift ;;
    --no-pgbouncer) use_pgbouncer=false; shift ;;
    --out) out="$2"; shift 2 ;;
    --keep) keep=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
case "$workload" in select|insert) ;; *) echo "--workload must be select or insert" >&2; exit 2 ;; esac
case "$protocol" in simple|extended|prepared) ;; *) echo "--protocol must be simple, extended or prepared" >&2; exit 2 ;; esac

log() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- tools
pg_bin="${PG_BIN:-}"
if [[ -z $pg_bin ]]; then
  pg_bin="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
fi
[[ -x $pg_bin/initdb && -x $pg_bin/pg_ctl ]] || die "no PostgreSQL server binaries (set PG_BIN; Debian: apt-get install postgresql)"
pgbench="$pg_bin/pgbench"; [[ -x $pgbench ]] || pgbench="$(command -v pgbench)" || die "pgbench not found"
psql="$pg_bin/psql"; [[ -x $psql ]] || psql="$(command -v psql)" || die "psql not found"

# initdb, postgres and pgbouncer refuse to run as root: run them as an ordinary user.
if [[ $(id -u) -eq 0 ]]; then
  db_user="${BENCH_DB_USER:-postgres}"
  id "$db_user" >/dev/null 2>&1 || die "user $db_user does not exist (set BENCH_DB_USER to an unprivileged user)"
  as_db_user() { runuser -u "$db_user" -- "$@"; }
else
  db_user="$(id -un)"
  as_db_user() { "$@"; }
fi

if [[ $use_pgbouncer == true ]] && ! command -v pgbouncer >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing pgbouncer with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null 2>&1; } \
      || true
  fi
  command -v pgbouncer >/dev/null 2>&1 || { log "pgbouncer not installable here: leaving it out"; use_pgbouncer=false; }
fi
if [[ $use_gateway == true ]] && ! java -jar "$jar" --version >/dev/null 2>&1; then
  log "no runnable gateway jar at $jar (build it: mvn -B -DskipTests package): leaving the gateway out"
  use_gateway=false
fi

port_in_use() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }
for port in "$pg_port" $([[ $use_gateway == true ]] && echo "$gateway_port $admin_port") \
            $([[ $use_pgbouncer == true ]] && echo "$pgbouncer_port"); do
  ! port_in_use "$port" || die "port $port is in use (override with PG_PORT, GATEWAY_PORT, ADMIN_PORT, PGBOUNCER_PORT)"
done

# ---------------------------------------------------------------- work directory and cleanup
work="$(mktemp -d /tmp/tracegate-bench.XXXXXX)"
chmod 755 "$work"
mkdir -p "$work/pg" "$work/pgbouncer" "$work/gateway" "$work/runs"
chown "$db_user" "$work/pg" "$work/pgbouncer"
gateway_pid=""
pgbouncer_pid=""
pg_started=false

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n $gateway_pid ]] && kill -0 "$gateway_pid" 2>/dev/null; then
    kill "$gateway_pid" 2>/dev/null || true
    for _ in $(seq 50); do
      [[ $(ps -o stat= -p "$gateway_pid" 2>/dev/null | tr -d " ") == [!Z]* ]] || break  # gone or a zombie
      sleep 0.2
    done
    kill -9 "$gateway_pid" 2>/dev/null || true
    wait "$gateway_pid" 2>/dev/null || true
  fi
  if [[ -n $pgbouncer_pid ]] && kill -0 "$pgbouncer_pid" 2>/dev/null; then
    kill "$pgbouncer_pid" 2>/dev/null || true
  fi
  if [[ $pg_started == true ]]; then
    as_db_user "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [[ $keep == true ]]; then
    log "work directory kept: $work"
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- PostgreSQL
log "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port (data in $work/pg, as $db_user)"
as_db_user "$pg_bin/initdb" -D "$work/pg/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
  -E UTF8 --locale=C.UTF-8 >"$work/pg/initdb.log" 2>&1 || { cat "$work/pg/initdb.log" >&2; die "initdb failed"; }
# synchronous_commit off: the insert workload would otherwise measure this machine's fsync,
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

superuser_sql() { "$psql" -X -q -v ON_ERROR_STOP=1 -h "$work/pg" -p "$pg_port" -U postgres -d "${2:-postgres}" -c "$1"; }
superuser_sql "CREATE ROLE gateway LOGIN PASSWORD 'gateway-secret'"
superuser_sql "CREATE DATABASE traces OWNER gateway"
export PGPASSWORD=gateway-secret
"$psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U gateway -d traces -c "
  CREATE TABLE public.agent_traces (
    id bigserial PRIMARY KEY,
    agent text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    reasoning text,
    payload jsonb)"
log "pgbench -i -s $scale"
"$pgbench" -i -q -s "$scale" -h 127.0.0.1 -p "$pg_port" -U gateway traces >"$work/pg/pgbench-init.log" 2>&1 \
  || { cat "$work/pg/pgbench-init.log" >&2; die "pgbench -i failed"; }
unset PGPASSWORD

# ---------------------------------------------------------------- PgBouncer (session mode)
if [[ $use_pgbouncer == true ]]; then
  log "$(pgbouncer --version 2>&1 | sed -n 1p) on 127.0.0.1:$pgbouncer_port, session mode"
  # A plain password in auth_file lets PgBouncer answer the client's SCRAM exchange and log in
  # to PostgreSQL with SCRAM in turn.
  printf '"gateway" "gateway-secret"\n' >"$work/pgbouncer/userlist.txt"
  cat >"$work/pgbouncer/pgbouncer.ini" <<EOF
[databases]
traces = host=127.0.0.1 port=$pg_port dbname=traces

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
fi

# ---------------------------------------------------------------- Tracegate
wait_for_login() { # port user password: until a query succeeds (30 s)
  for _ in $(seq 150); do
    if PGPASSWORD="$3" "$psql" -X -q -h 127.0.0.1 -p "$1" -U "$2" -d traces -tAc "SELECT 1" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.2
  done
  return 1
}

if [[ $use_gateway == true ]]; then
  config="$gateway_config"
  if [[ -z $config ]]; then
    verifier="$(java -jar "$jar" hash-password --password bench-secret | grep -o 'SCRAM-SHA-256\$[^[:space:]]*' | tail -n 1 || true)"
    [[ -n $verifier ]] || die "could not get a SCRAM verifier from: java -jar $jar hash-password --password bench-secret"
    config="$work/gateway/tracegate.yaml"
    cat >"$config" <<EOF
# Generated by bench/relay.sh: the example policy's shape, loopback ports, no TLS, one identity.
listen:
  host: 127.0.0.1
  port: $gateway_port
  tls:
    mode: "off"
upstream:
  host: 127.0.0.1
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
  sink: file
  file: $work/gateway/audit.jsonl
  postgres:
    url: ""
    user: ""
    password: ""
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
  dir: $work/gateway/sessions
  include_rows: false
admin:
  host: 127.0.0.1
  port: $admin_port
EOF
  fi
  log "Tracegate $(basename "$jar") on 127.0.0.1:$gateway_port (config $config)"
  # shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS is a list of JVM options
  (cd "$work/gateway" && exec java $gateway_java_opts -jar "$jar" serve --config "$config") \
    >"$work/gateway/tracegate.log" 2>&1 &
  gateway_pid=$!
  if ! wait_for_login "$gateway_port" bench bench-secret; then
    tail -n 30 "$work/gateway/tracegate.log" >&2
    die "the gateway did not accept user bench within 30 s"
  fi
fi

# ---------------------------------------------------------------- workload
targets=(direct)
[[ $use_gateway == true ]] && targets+=(gateway)
[[ $use_pgbouncer == true ]] && targets+=(pgbouncer)

target_port() { case "$1" in direct) echo "$pg_port" ;; gateway) echo "$gateway_port" ;; pgbouncer) echo "$pgbouncer_port" ;; esac; }
target_user() { case "$1" in gateway) echo bench ;; *) echo gateway ;; esac; }
target_password() { case "$1" in gateway) echo bench-secret ;; *) echo gateway-secret ;; esac; }

if [[ $workload == select ]]; then
  workload_args=(-S)
  workload_label="select-only (pgbench -S -M $protocol)"
else
  # One INSERT of a ~4 KB reasoning text and a JSON payload, both carrying PII the gateway
  # masks (card, email, phone, SSN, IBAN). :n makes every row's text differ, as real traces do.
  # No URL or shell command in it: the example policy holds those for review.
  script="$work/insert-trace.sql"
  paragraph='Step :n. The customer Jane Doe (jane.doe@example.com, +1 415 555 2671) asked why her card 4111 1111 1111 1111 was charged twice. I looked up account DE89 3704 0044 0532 0130 00 and the SSN on file, 123-45-6789, matched the one she gave. The second charge is a pending authorisation that will drop off in three business days; I explained that and offered a follow-up call. '
  reasoning=""
  while (( ${#reasoning} < 4096 )); do reasoning+="$paragraph"; done
  reasoning="${reasoning:0:4096}"
  {
    echo '\set n random(1, 1000000000)'
    printf "INSERT INTO public.agent_traces (agent, reasoning, payload) VALUES ('bench-agent', '%s', '{\"tool\": \"crm.lookup\", \"step\": :n, \"customer\": {\"email\": \"jane.doe@example.com\", \"card\": \"4111111111111111\"}, \"note\": \"refund pending\"}');\n" "$reasoning"
  } >"$script"
  workload_args=(-f "$script")
  workload_label="insert of 4 KB trace rows with PII (pgbench -f insert-trace.sql -M $protocol)"
fi

# run_pgbench TARGET CLIENTS SECONDS LOG: prints the TPS, or FAIL
run_pgbench() {
  local target=$1 c=$2 seconds=$3 logfile=$4 threads=$(( $2 < 2 ? $2 : 2 ))
  if PGPASSWORD="$(target_password "$target")" "$pgbench" -n "${workload_args[@]}" -M "$protocol" \
       -c "$c" -j "$threads" -T "$seconds" -h 127.0.0.1 -p "$(target_port "$target")" \
       -U "$(target_user "$target")" traces >"$logfile" 2>&1; then
    awk '/^tps = / { print $3; exit }' "$logfile"
  else
    echo FAIL
  fi
}

if (( warmup > 0 )); then
  for target in "${targets[@]}"; do
    log "warm-up: $target, ${warmup} s at -c 8"
    [[ $(run_pgbench "$target" 8 "$warmup" "$work/runs/warmup-$target.log") != FAIL ]] \
      || { tail -n 20 "$work/runs/warmup-$target.log" >&2; die "warm-up against $target failed"; }
  done
fi

results="$work/results.tsv"
: >"$results"
log "workload: $workload_label; $rounds rounds of ${duration} s per target and client count"
for (( round = 1; round <= rounds; round++ )); do
  for c in $clients; do
    n=${#targets[@]}
    for (( i = 0; i < n; i++ )); do
      target=${targets[$(( (i + round - 1) % n ))]}  # rotate who goes first
      logfile="$work/runs/r$round-c$c-$target.log"
      tps="$(run_pgbench "$target" "$c" "$duration" "$logfile")"
      printf '%d\t%s\t%d\t%s\t%s\n' "$round" "$workload" "$c" "$target" "$tps" >>"$results"
      log "round $round  -c $c  $(printf '%-9s' "$target")  tps ${tps%.*}"
      if [[ $tps == FAIL ]]; then tail -n 5 "$logfile" >&2; fi
    done
  done
done
[[ -z $out ]] || cp "$results" "$out"

# ---------------------------------------------------------------- report
echo
echo "Tracegate relay benchmark: $workload_label"
echo "$rounds interleaved rounds x ${duration} s, pgbench -j min(2, clients), scale $scale, $(nproc) cores, loopback"
echo "TPS is the mean over rounds (min-max in brackets); a run that failed counts as missing."
awk -F'\t' -v targets="${targets[*]}" -v clients="$clients" '
  $5 != "FAIL" { key = $3 SUBSEP $4; sum[key] += $5; cnt[key]++
                 if (!(key in lo) || $5 < lo[key]) lo[key] = $5
                 if (!(key in hi) || $5 > hi[key]) hi[key] = $5 }
  $5 == "FAIL" { failed[$3 SUBSEP $4]++ }
  function mean(c, t) { k = c SUBSEP t; return (k in cnt) ? sum[k] / cnt[k] : -1 }
  function ratio(a, b) { return (a > 0 && b > 0) ? sprintf("%.2f", a / b) : "n/a" }
  END {
    nt = split(targets, t, " "); nc = split(clients, cl, " ")
    printf "\n%-8s", "clients"
    for (i = 1; i <= nt; i++) printf "  %-24s", t[i]
    printf "  %-14s  %-16s  %-16s\n", "gateway/direct", "gateway/pgbouncer", "pgbouncer/direct"
    for (j = 1; j <= nc; j++) {
      c = cl[j]; printf "%-8s", c
      for (i = 1; i <= nt; i++) {
        m = mean(c, t[i]); k = c SUBSEP t[i]
        cell = (m < 0) ? "FAIL" : sprintf("%.0f [%.0f-%.0f]", m, lo[k], hi[k])
        if (k in failed) cell = cell " (" failed[k] " failed)"
        printf "  %-24s", cell
      }
      d = mean(c, "direct"); g = mean(c, "gateway"); p = mean(c, "pgbouncer")
      printf "  %-14s  %-16s  %-16s\n", ratio(g, d), ratio(g, p), ratio(p, d)
    }
  }' "$results"
echo
echo "targets: direct = PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on :$pg_port;" \
     "gateway = $( [[ $use_gateway == true ]] && echo "Tracegate on :$gateway_port" || echo "not run" );" \
     "pgbouncer = $( [[ $use_pgbouncer == true ]] && pgbouncer --version 2>&1 | sed -n 1p || echo "not run" )"
