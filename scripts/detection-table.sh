#!/usr/bin/env bash
# Runs-to-detection by strategy in the generic scenario (docs/exploration.md), measured so that
# the figures mean something despite the spread of a single hunt:
#  - random and pct runs are independent of each other (each run's schedule and faults come from
#    its own seed), so their mean runs-to-detection is runs / failing runs over one long
#    campaign (a geometric distribution's mean), with a 95% interval; only safety findings count, as in
#    `grovesim hunt`;
#  - guided runs learn from the runs before them, so guided is hunted from several starting
#    seeds and the mean (and median) over the starts is taken; a start that misses within --max
#    counts as --max (so that mean is a lower bound).
#
#   scripts/detection-table.sh [--runs N] [--starts K] [--max M] [--jobs J] [--depths "1 3 5"]
#                              [--strategies "random pct guided"] [BUG...]
#   (defaults: 4000 runs, 10 starts, 1000 max, 2 jobs, depth 3; bugs R10 C4 C5 C7 L4)
set -euo pipefail
runs=4000 starts=10 max=1000 jobs=2 depths="3" strategies="random pct guided"
while [[ $# -gt 0 ]]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --starts) starts=$2; shift 2 ;;
    --max) max=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --depths) depths=$2; shift 2 ;;
    --strategies) strategies=$2; shift 2 ;;
    --*) echo "detection-table.sh: unknown flag $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
bugs=("$@")
[[ ${#bugs[@]} -gt 0 ]] || bugs=(R10 C4 C5 C7 L4)
grovesim=${GROVESIM:-build/cli/grovesim}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# runs that found the bug as `hunt` counts it: a safety checker fired (a liveness-only failure
# or a crashed worker is not a finding); campaign lists "results", explore "failures"
findings() {  # summary.json
  python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rows = d.get("results", d.get("failures", []))
print(sum(any("/" in f and not f.startswith("liveness/") for f in r.get("fired", [])) for r in rows))
PY
}

# mean runs-to-detection of independent runs, with a 95% interval (Wilson's, on the rate)
rate_line() {  # label failed runs
  python3 - "$@" <<'PY'
import math, sys
label, failed, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
if failed == 0:
    print(f"  {label:<10} 0 of {runs} runs fail: mean > {runs}"); sys.exit()
z = 1.96; p = failed / runs
centre = (p + z*z/(2*runs)) / (1 + z*z/runs)
half = z * math.sqrt(p*(1-p)/runs + z*z/(4*runs*runs)) / (1 + z*z/runs)
print(f"  {label:<10} {failed} of {runs} runs fail: mean {runs/failed:.0f} runs "
      f"(95% {1/(centre+half):.0f}-{1/(centre-half):.0f})")
PY
}

for bug in "${bugs[@]}"; do
  echo "$bug"
  for strategy in $strategies; do
    case $strategy in
      random)
        "$grovesim" campaign --scenario vkv --bug "$bug" --seeds "1..$runs" --jobs "$jobs" --fail-fast \
          --out "$work/$bug-random" --json > "$work/$bug-random.json" 2>/dev/null || true
        failed=$(findings "$work/$bug-random.json")
        rate_line random "$failed" "$runs" ;;
      pct)
        for depth in $depths; do
          "$grovesim" explore --scenario vkv --strategy pct --depth "$depth" --bug "$bug" --budget "$runs" \
            --jobs "$jobs" --fail-fast --out "$work/$bug-pct$depth" --json > "$work/$bug-pct$depth.json" 2>/dev/null || true
          failed=$(findings "$work/$bug-pct$depth.json")
          rate_line "pct d=$depth" "$failed" "$runs"
        done ;;
      guided)
        found=()
        for ((i = 0; i < starts; ++i)); do
          first=$((1 + i * 100000))
          "$grovesim" hunt --bug "$bug" --generic --strategy guided --first-seed "$first" --max-seeds "$max" \
            --jobs "$jobs" --json > "$work/$bug-guided-$i.json" 2>/dev/null || true
          found+=("$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["bugs"][0]
print(r["seeds"] if r["found"] else ">"+str(r["seeds"]))' "$work/$bug-guided-$i.json")")
        done
        python3 - "${found[@]}" <<'PY'
import statistics, sys
vals = sys.argv[1:]
nums = [int(v.lstrip(">")) for v in vals]
missed = sum(v.startswith(">") for v in vals)
mean = sum(nums) / len(nums)
print(f"  {'guided':<10} {', '.join(vals)}: mean {'>' if missed else ''}{mean:.0f}, "
      f"median {statistics.median(nums):.0f} over {len(vals)} starts")
PY
        ;;
      *) echo "detection-table.sh: unknown strategy $strategy" >&2; exit 2 ;;
    esac
  done
done
