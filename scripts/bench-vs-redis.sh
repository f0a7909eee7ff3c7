#!/usr/bin/env bash
# Side-by-side throughput of grovesim's vKV and Redis on this machine (docs/runtime-bench.md).
#
#   scripts/bench-vs-redis.sh [--duration S] [--clients N] [--warmup S] [--config-servers N]
#                             [--group-commit-delay-us US] [--grovesim PATH] [--keep DIR]
#
# Every server runs pinned to core 0 (taskset -c 0) and the load generator (`grovesim
# kv-bench`, one process, N closed-loop clients) pinned to core 1, one target at a time:
#   redis        redis-server with its default configuration (RDB snapshots on, appendonly no)
#   redis-aof    redis-server --appendonly yes --appendfsync always (an fsync before replying)
#   grove-1      grovesim cluster up --replicas 1 --spares 0 (durable log: every put fdatasync'ed)
#   grove-3      grovesim cluster up --replicas 3 --spares 0 (primary + 2 backups, same core)
# both grovesim clusters with --config-servers N (default 1: the config service is off the
# data path; leases are renewed against it in the background) and the replicas' default commit
# delay (docs/runtime.md), or --group-commit-delay-us US (0: none).
# Workloads: 100% get, 100% put, 95% get / 5% put. Prints one table of ops/s, with grove-1 as a
# percentage of redis; then per-run latencies; then `redis-benchmark -t get,set` against redis.
# Servers listen on free ports; data goes to a temporary directory (under $TMPDIR, default
# /tmp: keep it on a real disk, since fsync on tmpfs is free); everything is stopped and
# removed on exit, even on error or Ctrl-C.
set -euo pipefail

duration=10
clients=50
warmup=1
config_servers=1
keys=1000
value_size=64
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
grovesim="$repo/build/cli/grovesim"
keep=""
delay_args=()

usage() { sed -n '4,5p' "$0" | sed 's/^# *//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="${2:?}"; shift 2 ;;
    --clients) clients="${2:?}"; shift 2 ;;
    --warmup) warmup="${2:?}"; shift 2 ;;
    --config-servers) config_servers="${2:?}"; shift 2 ;;
    --group-commit-delay-us) delay_args=(--group-commit-delay-us "${2:?}"); shift 2 ;;
    --grovesim) grovesim="${2:?}"; shift 2 ;;
    --keep) keep="${2:?}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "bench-vs-redis: unknown argument '$1'" >&2; usage ;;
  esac
done

for tool in redis-server redis-cli redis-benchmark taskset; do
  command -v "$tool" >/dev/null || { echo "bench-vs-redis: $tool not found (scripts/install-deps.sh installs it)" >&2; exit 2; }
done
[ -x "$grovesim" ] || { echo "bench-vs-redis: no grovesim at $grovesim (build it, or --grovesim PATH)" >&2; exit 2; }
if [ "$(nproc --all)" -lt 2 ]; then echo "bench-vs-redis: needs 2 cores (servers on 0, load on 1)" >&2; exit 2; fi

# A system Redis (Debian starts one on install) would share core time with ours: stop it.
if command -v service >/dev/null && service redis-server status >/dev/null 2>&1; then
  echo "bench-vs-redis: stopping the system redis-server service" >&2
  service redis-server stop >/dev/null 2>&1 || true
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/bench-vs-redis.XXXXXX")"
redis_pid=""
cluster_dir=""
sampler=""
cleanup() {
  set +e
  if [ -n "$sampler" ]; then kill "$sampler" 2>/dev/null; fi
  if [ -n "$redis_pid" ]; then kill "$redis_pid" 2>/dev/null; wait "$redis_pid" 2>/dev/null; fi
  if [ -n "$cluster_dir" ]; then "$grovesim" cluster down --dir "$cluster_dir" --wipe >/dev/null 2>&1; fi
  if [ -n "$keep" ]; then mkdir -p "$keep" && cp "$work"/*.json "$keep"/ 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "bench-vs-redis: no free port found" >&2; exit 1
}

start_redis() {  # name, extra args...
  local name="$1"; shift
  local port; port="$(free_port)"
  mkdir -p "$work/$name"
  taskset -c 0 redis-server --port "$port" --bind 127.0.0.1 --dir "$work/$name" \
    --logfile "$work/$name/redis.log" "$@" &
  redis_pid=$!
  for _ in $(seq 1 100); do
    if [ "$(redis-cli -p "$port" ping 2>/dev/null)" = PONG ]; then target_args=(--redis "127.0.0.1:$port"); redis_port=$port; return; fi
    sleep 0.1
  done
  echo "bench-vs-redis: $name did not start:" >&2; tail -5 "$work/$name/redis.log" >&2; exit 1
}
stop_redis() {
  kill "$redis_pid"; wait "$redis_pid" 2>/dev/null || true; redis_pid=""
}

start_grove() {  # name, replicas
  cluster_dir="$work/$1"
  taskset -c 0 "$grovesim" cluster up --dir "$cluster_dir" --replicas "$2" --spares 0 \
    --config-servers "$config_servers" "${delay_args[@]}" >/dev/null
  # Up means bootstrapped; wait until the primary has its lease and serves a put.
  taskset -c 1 "$grovesim" kv put bench:ready 1 --dir "$cluster_dir" --timeout 30 >/dev/null
  target_args=(--dir "$cluster_dir")
}
stop_grove() {
  "$grovesim" cluster down --dir "$cluster_dir" --wipe >/dev/null; cluster_dir=""
}

targets=(redis redis-aof grove-1 grove-3)
workloads=(get put mixed)
declare -A fraction=([get]=1 [put]=0 [mixed]=0.95)
declare -A label=([get]="100% get" [put]="100% put" [mixed]="95% get / 5% put")
declare -A ops p50 p99 errs

field() {  # file, section, key
  sed -n "s/.*\"$2\":{[^}]*\"$3\":\([-0-9.e+]*\).*/\1/p" "$1"
}

# Other processes using a CPU (this machine may be shared, e.g. with someone's build): their
# names, or nothing. Sampled every second during each run; a disturbed run is marked '*'.
others_busy() {
  ps -eo pcpu=,comm= | awk '$1 > 20 && $2 !~ /^(grovesim|redis-server|redis-benchmark|redis-cli|ps|awk|sed|sleep|bash|taskset|dd)$/ \
    { printf "%s(%s%%) ", $2, $1 }'
}
disturbed=""

run_workloads() {  # target
  local target="$1" w out
  for w in "${workloads[@]}"; do
    out="$work/$target-$w.json"
    echo "bench-vs-redis: $target, ${label[$w]} ($clients clients, ${duration}s)" >&2
    local busy
    (while :; do others_busy; echo; sleep 1; done) >"$work/busy" 2>/dev/null &
    sampler=$!
    if ! taskset -c 1 "$grovesim" kv-bench "${target_args[@]}" --clients "$clients" --duration "$duration" \
        --warmup "$warmup" --get-fraction "${fraction[$w]}" --keys "$keys" --value-size "$value_size" --json >"$out"; then
      echo "bench-vs-redis: kv-bench failed against $target" >&2
    fi
    kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true; sampler=""
    busy="$(tr ' ' '\n' <"$work/busy" | sed 's/(.*//' | sort -u | tr '\n' ' ' | sed 's/^ *//')"
    if [ -n "$busy" ]; then
      echo "bench-vs-redis: warning: other busy processes during $target, ${label[$w]}: $busy" >&2
      disturbed+="$target,$w "
    fi
    ops[$target,$w]="$(field "$out" all ops_per_s)"
    p50[$target,$w]="$(field "$out" all p50_us)"
    p99[$target,$w]="$(field "$out" all p99_us)"
    errs[$target,$w]="$(field "$out" all errors)"
  done
}

# The disk's synchronous-append latency now (it bounds every durable put; on a shared VM disk it
# drifts from run to run, so it is printed beside the results).
probe_disk() {
  local seconds
  seconds="$(dd if=/dev/zero of="$work/disk-probe" bs=64 count=300 oflag=dsync,append conv=notrunc 2>&1 |
    sed -n 's/.* copied, \([0-9.]*\) s,.*/\1/p')"
  rm -f "$work/disk-probe"
  awk -v s="${seconds:-0}" 'BEGIN { printf "%.0f", s / 300 * 1e6 }'
}
disk_before="$(probe_disk)"

reference=""
start_redis redis
run_workloads redis
reference="$(taskset -c 1 redis-benchmark -p "$redis_port" -t get,set -c "$clients" -q 2>&1 | tr '\r' '\n' | grep 'requests per second' || true)"
stop_redis
start_redis redis-aof --appendonly yes --appendfsync always
run_workloads redis-aof
stop_redis
start_grove grove-1 1
run_workloads grove-1
stop_grove
start_grove grove-3 3
run_workloads grove-3
stop_grove
disk_after="$(probe_disk)"

num() { [ -n "$1" ] && printf '%.0f' "$1" || printf 'n/a'; }
mark() { case " $disturbed " in *" $1 "*) printf '*' ;; esac; }
echo
echo "ops/s, $clients clients, ${duration}s each, servers on core 0, load generator on core 1"
echo "(redis-aof: appendfsync always; grove-N: N replicas, $config_servers config server(s), every put fdatasync'ed)"
echo "(disk: a synchronous 64-byte append took ${disk_before} us before the runs, ${disk_after} us after; dd oflag=dsync in $work)"
printf '%-18s %10s %10s %10s %10s %14s\n' workload redis redis-aof grove-1 grove-3 "grove-1/redis"
for w in "${workloads[@]}"; do
  pct="n/a"
  if [ -n "${ops[redis,$w]}" ] && [ -n "${ops[grove-1,$w]}" ]; then
    pct="$(awk -v a="${ops[grove-1,$w]}" -v b="${ops[redis,$w]}" 'BEGIN { printf "%.0f%%", (b > 0) ? 100 * a / b : 0 }')"
  fi
  printf '%-18s %10s %10s %10s %10s %14s\n' "${label[$w]}" "$(num "${ops[redis,$w]}")$(mark "redis,$w")" \
    "$(num "${ops[redis-aof,$w]}")$(mark "redis-aof,$w")" "$(num "${ops[grove-1,$w]}")$(mark "grove-1,$w")" \
    "$(num "${ops[grove-3,$w]}")$(mark "grove-3,$w")" "$pct"
done
if [ -n "$disturbed" ]; then
  echo "* other processes were busy on this machine around that run: its number is not trustworthy (see the warnings above)"
fi
echo
echo "latency p50 / p99 (us) and errors, all ops"
printf '%-18s %22s %22s %22s %22s\n' workload redis redis-aof grove-1 grove-3
for w in "${workloads[@]}"; do
  row=()
  for t in "${targets[@]}"; do
    row+=("$(printf '%.0f / %.0f  e=%s' "${p50[$t,$w]:-0}" "${p99[$t,$w]:-0}" "${errs[$t,$w]:-?}")")
  done
  printf '%-18s %22s %22s %22s %22s\n' "${label[$w]}" "${row[@]}"
done
echo
echo "redis-benchmark -t get,set -c $clients -q (redis default, on core 1):"
echo "${reference:-  (no output)}"
