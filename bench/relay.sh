#!/usr/bin/env bash
# Relay benchmark: pgbench against PostgreSQL directly, through Tracegate and through PgBouncer,
# in interleaved short rounds, then TPS per target and the ratios gateway/direct and
# gateway/PgBouncer per client count. A benchmark, not a test: it never fails on a ratio.
#
#   bench/relay.sh                                   # select-only, -c 1, 8, 32, 3 rounds of 10 s
#   bench/relay.sh --workload insert --clients 8     # 4 KB trace rows with PII into agent_traces
#   bench/relay.sh --help
#   GATEWAY_WORKER_THREADS=2 bench/relay.sh ...     # the gateway's listen.worker_threads (default 1)
#   bench/relay.sh --workload insert --audit-variants --no-pgbouncer --clients 8
#                                                    # audit overhead: file and postgres sinks vs none
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
warmup=""
clients="1 8 32"
workload=select
protocol=simple
scale=10
jar="$ROOT_DIR/proxy/target/tracegate.jar"
gateway_config=""
use_gateway=true
use_pgbouncer=true
audit_variants=false
upstream=tcp
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
  --warmup S          seconds of warm-up per target before the rounds, 0 for none (default 5 for
                      select, 25 for insert: the JIT compiler works ~20 s on the masking path
                      under the insert load before the gateway's throughput settles)
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
  --upstream U        how the gateway and PgBouncer reach PostgreSQL: tcp (loopback, default) or
                      unix (its Unix-domain socket); pgbench reaches each target over TCP
  --audit-variants    also run two more gateways, the same but for audit.sink: gateway-noaudit
                      (none) and gateway-pgaudit (postgres, database audit of the same cluster);
                      "gateway" keeps the file sink. Adds the audit overhead of each sink.
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
    --audit-variants) audit_variants=true; shift ;;
    --upstream) upstream="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --keep) keep=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
case "$workload" in select|insert) ;; *) echo "--workload must be select or insert" >&2; exit 2 ;; esac
[[ -n $warmup ]] || warmup=$( [[ $workload == insert ]] && echo 25 || echo 5 )
case "$upstream" in tcp|unix) ;; *) echo "--upstream must be tcp or unix" >&2; exit 2 ;; esac
case "$protocol" in simple|extended|prepared) ;; *) echo "--protocol must be simple, extended or prepared" >&2; exit 2 ;; esac

# shellcheck source=bench/lib.sh
source "$ROOT_DIR/bench/lib.sh"

if [[ $use_pgbouncer == true ]] && ! bench_have_pgbouncer; then
  log "pgbouncer not installable here: leaving it out"
  use_pgbouncer=false
fi
if [[ $use_gateway == true ]] && ! bench_gateway_runnable "$jar"; then
  log "no runnable gateway jar at $jar (build it: mvn -B -DskipTests package): leaving the gateway out"
  use_gateway=false
fi
[[ $use_gateway == true ]] || audit_variants=false
[[ -z $gateway_config || $audit_variants == false ]] || { echo "--audit-variants generates its own configs: drop --gateway-config" >&2; exit 2; }
noaudit_port=$(( gateway_port + 10 )); pgaudit_port=$(( gateway_port + 20 ))
ports=("$pg_port")
[[ $use_gateway == true ]] && ports+=("$gateway_port" "$admin_port")
[[ $audit_variants == true ]] && ports+=("$noaudit_port" "$(( admin_port + 10 ))" "$pgaudit_port" "$(( admin_port + 20 ))")
[[ $use_pgbouncer == true ]] && ports+=("$pgbouncer_port")
bench_require_free_ports "${ports[@]}"

bench_setup
bench_start_postgres
bench_pgbench_init "$scale"
[[ $use_pgbouncer == false ]] || bench_start_pgbouncer
if [[ $use_gateway == true ]]; then
  [[ -n $gateway_config ]] || bench_write_gateway_config "$jar"
  bench_start_gateway "$jar" "$gateway_config"
fi
if [[ $audit_variants == true ]]; then
  bench_write_gateway_config "$jar" gateway-noaudit "$noaudit_port" "$(( admin_port + 10 ))" none
  bench_start_gateway "$jar" "$gateway_config" gateway-noaudit "$noaudit_port"
  bench_write_gateway_config "$jar" gateway-pgaudit "$pgaudit_port" "$(( admin_port + 20 ))" postgres
  bench_start_gateway "$jar" "$gateway_config" gateway-pgaudit "$pgaudit_port"
fi

# ---------------------------------------------------------------- workload
targets=(direct)
[[ $use_gateway == true ]] && targets+=(gateway)
[[ $use_pgbouncer == true ]] && targets+=(pgbouncer)
[[ $audit_variants == true ]] && targets+=(gateway-noaudit gateway-pgaudit)

target_port() {
  case "$1" in
    direct) echo "$pg_port" ;; gateway) echo "$gateway_port" ;; pgbouncer) echo "$pgbouncer_port" ;;
    gateway-noaudit) echo "$noaudit_port" ;; gateway-pgaudit) echo "$pgaudit_port" ;;
  esac
}
target_user() { case "$1" in gateway*) echo bench ;; *) echo gateway ;; esac; }
target_password() { case "$1" in gateway*) echo bench-secret ;; *) echo gateway-secret ;; esac; }

if [[ $workload == select ]]; then
  workload_args=(-S)
  workload_label="select-only (pgbench -S -M $protocol)"
else
  # One INSERT of a ~4 KB reasoning text and a JSON payload, both carrying PII the gateway
  # masks (card, email, phone, SSN, IBAN). :n makes every row's text differ, as real traces do;
  # :target (pgbench -D) names the route in the agent column, for the PII check after the runs.
  # No URL or shell command in it: the example policy holds those for review.
  script="$work/insert-trace.sql"
  paragraph='Step :n. The customer Jane Doe (jane.doe@example.com, +1 415 555 2671) asked why her card 4111 1111 1111 1111 was charged twice. I looked up account DE89 3704 0044 0532 0130 00 and the SSN on file, 123-45-6789, matched the one she gave. The second charge is a pending authorisation that will drop off in three business days; I explained that and offered a follow-up call. '
  reasoning=""
  while (( ${#reasoning} < 4096 )); do reasoning+="$paragraph"; done
  reasoning="${reasoning:0:4096}"
  {
    echo '\set n random(1, 1000000000)'
    printf "INSERT INTO public.agent_traces (agent, reasoning, payload) VALUES ('bench-:target', '%s', '{\"tool\": \"crm.lookup\", \"step\": :n, \"customer\": {\"email\": \"jane.doe@example.com\", \"card\": \"4111111111111111\"}, \"note\": \"refund pending\"}');\n" "$reasoning"
  } >"$script"
  workload_args=(-f "$script")
  workload_label="insert of 4 KB trace rows with PII (pgbench -f insert-trace.sql -M $protocol)"
fi

# run_pgbench TARGET CLIENTS SECONDS LOG: prints the TPS, or FAIL
run_pgbench() {
  local target=$1 c=$2 seconds=$3 logfile=$4 threads=$(( $2 < 2 ? $2 : 2 ))
  if PGPASSWORD="$(target_password "$target")" "$pgbench" -n "${workload_args[@]}" -M "$protocol" -D target="$target" \
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

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
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
echo "$rounds interleaved rounds x ${duration} s, pgbench -j min(2, clients), scale $scale, $(nproc) cores, loopback;" \
     "gateway and PgBouncer reach PostgreSQL over $( [[ $upstream == unix ]] && echo "its Unix-domain socket" || echo "TCP" )"
echo "TPS is the mean over rounds (min-max in brackets); a run that failed counts as missing."
echo "load average (1, 5, 15 min) before the rounds: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)" \
     "(above ~2 on 2 cores, something else was competing)"
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
    if (targets ~ /gateway-noaudit/) {
      printf "\naudit overhead (TPS lost against audit.sink: none):\n%-8s  %-12s  %-12s\n", "clients", "file", "postgres"
      for (j = 1; j <= nc; j++) {
        c = cl[j]; n = mean(c, "gateway-noaudit"); f = mean(c, "gateway"); q = mean(c, "gateway-pgaudit")
        printf "%-8s  %-12s  %-12s\n", c, (n > 0 && f > 0) ? sprintf("%.1f%%", 100 * (1 - f / n)) : "n/a",
               (n > 0 && q > 0) ? sprintf("%.1f%%", 100 * (1 - q / n)) : "n/a"
      }
    }
  }' "$results"
if [[ $workload == insert ]]; then
  echo
  echo "rows written per route, and how many still hold the raw card number or e-mail address:"
  PGPASSWORD=gateway-secret "$psql" -X -q -h 127.0.0.1 -p "$pg_port" -U gateway -d traces -c "
    SELECT agent AS route, count(*) AS rows,
           count(*) FILTER (WHERE reasoning LIKE '%4111 1111 1111 1111%'
                               OR reasoning LIKE '%jane.doe@example.com%'
                               OR payload::text LIKE '%jane.doe@example.com%') AS rows_with_raw_pii
    FROM public.agent_traces GROUP BY agent ORDER BY agent"
fi
echo
echo "targets: direct = PostgreSQL $pg_version on :$pg_port;" \
     "gateway = $( [[ $use_gateway == true ]] && echo "Tracegate on :$gateway_port" || echo "not run" );" \
     "pgbouncer = $( [[ $use_pgbouncer == true ]] && pgbouncer --version 2>&1 | sed -n 1p || echo "not run" )"
