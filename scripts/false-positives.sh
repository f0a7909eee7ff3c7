#!/usr/bin/env bash
# False-positive check: runs at least SEEDS seeds (default 20,000), split evenly over every safe
# built-in scenario (all but those marked "expect_violations"), with no planted bug, through
# `grovesim campaign --jobs $(nproc)`, and reports the failing and the inconclusive seeds and the
# time it took. The correct protocol must come out with zero of both: an inconclusive seed (its
# linearizability check ran out of its step budget) proves nothing, so it is not a clean seed.
# Exit code 0 iff no seed failed and none was inconclusive.
#
#   scripts/false-positives.sh [SEEDS]        env: GROVESIM (binary), OUT (output directory)
#
# A failing seed leaves a replay file in $OUT/<scenario>/failures/, an inconclusive one in
# $OUT/<scenario>/inconclusive/ (`grovesim replay FILE`).
set -euo pipefail
cd "$(dirname "$0")/.."

total_seeds=${1:-20000}
grovesim=${GROVESIM:-build/cli/grovesim}
out=${OUT:-/tmp/grovesim-false-positives}
jobs=$(nproc)
[[ -x "$grovesim" ]] || { echo "no grovesim binary at $grovesim (set GROVESIM)" >&2; exit 2; }

# The safe built-in scenarios: every built-in that does not expect violations.
scenarios=()
for name in $("$grovesim" scenarios | awk '{print $1}'); do
  if ! "$grovesim" scenarios --show "$name" | grep -q '"expect_violations": *true'; then
    scenarios+=("$name")
  fi
done
per_scenario=$(( (total_seeds + ${#scenarios[@]} - 1) / ${#scenarios[@]} ))

rm -rf "$out"
mkdir -p "$out"
echo "false positives: ${#scenarios[@]} safe scenarios x $per_scenario seeds, $jobs jobs, no planted bug"
start=$(date +%s.%N)
seeds=0 failed=0 inconclusive=0
for name in "${scenarios[@]}"; do
  # Exit code 1 (some seed failed) or 3 (some inconclusive): counted below, not fatal.
  status=0
  "$grovesim" campaign --scenario "$name" --seeds "1..$per_scenario" --jobs "$jobs" \
    --out "$out/$name" --json > "$out/$name.json" 2> "$out/$name.log" || status=$?
  if [[ $status -ne 0 && $status -ne 1 && $status -ne 3 ]]; then
    echo "campaign $name exited $status (see $out/$name.log)" >&2
    exit 2
  fi
  read -r n f i steps w by <<< "$(jq -r '[.completed, .failed, .inconclusive, .max_check_steps,
      .wall_s, (.failures_by_checker | to_entries | map("\(.key)=\(.value)") | join(","))] | @tsv' \
      "$out/$name.json")"
  printf '  %-16s %6d seeds  %3d failed  %3d inconclusive  %7.1f s  max %d check steps  %s\n' \
    "$name" "$n" "$f" "$i" "$w" "$steps" "$by"
  seeds=$((seeds + n))
  failed=$((failed + f))
  inconclusive=$((inconclusive + i))
done
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
printf 'total: %d seeds, %d failed seeds, %d inconclusive seeds, %.0f s wall (%d jobs)\n' \
  "$seeds" "$failed" "$inconclusive" "$elapsed" "$jobs"
[[ $failed -eq 0 ]] || echo "replay files: $out/<scenario>/failures/ (grovesim replay FILE)"
[[ $inconclusive -eq 0 ]] ||
  echo "inconclusive seeds: $out/<scenario>/inconclusive/ (grovesim replay FILE --check-budget N)"
[[ $failed -eq 0 && $inconclusive -eq 0 ]]
