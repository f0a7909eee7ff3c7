#!/usr/bin/env bash
# Builds the libFuzzer parser targets (fuzz/) with clang, ASan and UBSan in ./build-fuzz and runs
# each for RUNS executions (default 100000), seeded from the repository's own test data.
#
#   scripts/fuzz.sh [RUNS]
#   GROVE_FUZZ_TARGETS="etcd_fuzzer edn_fuzzer" scripts/fuzz.sh 1000000   # a subset
#
# Prints executions and crashes per target and exits 1 if any target crashed, hung, ran out of
# memory or leaked. libFuzzer stops a target at its first crash, so "crashes" is 0 or 1; the
# input is kept in build-fuzz/crashes/TARGET/ (rerun it: build-fuzz/fuzz/TARGET FILE).
# Needs clang and libclang-rt-14-dev (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-100000}
build_dir=build-fuzz
targets=(${GROVE_FUZZ_TARGETS:-scenario_fuzzer replay_fuzzer history_json_fuzzer etcd_fuzzer
         kv_log_fuzzer edn_fuzzer history_detect_fuzzer ghost_jsonl_fuzzer})

if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  launcher=()
  if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
  CC=clang CXX=clang++ cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DGROVE_FUZZ=ON -DGROVE_BUILD_TESTS=OFF -DGROVE_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null
fi
# One job: the machine is shared; two only when it is idle.
jobs=1
if awk '{ exit !($1 < 1.0) }' /proc/loadavg; then jobs=2; fi
cmake --build "$build_dir" -j"$jobs" --target fuzzers

# Seed corpora: copies of test data in a scratch directory that libFuzzer may add to; nothing of
# it is kept.
corpus_root=$(mktemp -d)
trap 'rm -rf "$corpus_root"' EXIT
seed() {  # seed TARGET FILE...
  local target=$1
  shift
  mkdir -p "$corpus_root/$target"
  cp "$@" "$corpus_root/$target/"
}
porcupine=tests/data/porcupine
seed scenario_fuzzer scenarios/builtin/*.json
# Replay files of every built-in scenario, as `grovesim run` writes them.
mkdir -p "$corpus_root/replay_fuzzer"
for scenario in scenarios/builtin/*.json; do
  name=$(basename "$scenario" .json)
  printf '{"format":"grovesim-replay","version":1,"grovesim_version":"0.1.0",'\
'"scenario_name":"%s","seed":7,"bugs":["A1"],"trace_hash":"00c0ffee0badf00d",'\
'"violations":["lease/read-after-lease-expiry: x"],"fail_fast":false,"scenario":%s}\n' \
    "$name" "$(cat "$scenario")" >"$corpus_root/replay_fuzzer/$name.replay.json"
done
seed history_json_fuzzer fuzz/seeds/history_json/*
seed etcd_fuzzer "$porcupine"/jepsen/*.log
seed kv_log_fuzzer "$porcupine"/kv/*.txt
seed edn_fuzzer fuzz/seeds/edn/* "$porcupine"/kv/c01-*.txt
seed history_detect_fuzzer fuzz/seeds/history_json/* fuzz/seeds/edn/* \
  "$porcupine"/jepsen/etcd_00*.log "$porcupine"/kv/c01-*.txt
seed ghost_jsonl_fuzzer fuzz/seeds/ghost_jsonl/*

failed=0
printf '%-24s %12s %8s\n' target executions crashes
for target in "${targets[@]}"; do
  crash_dir="$build_dir/crashes/$target"
  mkdir -p "$crash_dir" "$corpus_root/$target"
  log="$build_dir/fuzz-$target.log"
  before=$(find "$crash_dir" -type f | wc -l)
  status=0
  "$build_dir/fuzz/$target" "$corpus_root/$target" -runs="$runs" -max_len=65536 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$crash_dir/" >"$log" 2>&1 || status=$?
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  crashes=$(( $(find "$crash_dir" -type f | wc -l) - before ))
  # A failure without an artifact (e.g. the binary would not start) still counts.
  if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes=1; fi
  printf '%-24s %12s %8s\n' "$target" "${executions:-?}" "$crashes"
  if [ "$crashes" -ne 0 ]; then
    failed=1
    grep -m1 -E 'ERROR|runtime error|bad error message|terminate' "$log" | sed 's/^/    /' || true
    echo "    log: $log; inputs: $crash_dir/"
  fi
done
exit "$failed"
