#!/usr/bin/env bash
# The shrinking table of docs/exploration.md: for each bug, the first failing run of
# `explore --strategy pct` in its generic scenario, shrunk with the default run budget; prints
# events, timed faults and non-default decisions before -> after, and the median events ratio.
#
#   scripts/shrink-table.sh [--jobs N] [BUG...]     (default: R2 R8 C3 C4 L1 P1 S1 E1 A1 A5)
set -euo pipefail
jobs=2
if [[ "${1:-}" == "--jobs" ]]; then jobs=$2; shift 2; fi
bugs=("$@")
[[ ${#bugs[@]} -gt 0 ]] || bugs=(R2 R8 C3 C4 L1 P1 S1 E1 A1 A5)
grovesim=${GROVESIM:-build/cli/grovesim}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scenario_of() {
  case $1 in A1|A2|A3) echo cachekv ;; A4) echo lock ;; A5|A6|A7) echo bank ;; *) echo vkv ;; esac
}
printf '%-4s %-8s %10s %10s %7s %9s %13s %s\n' bug scenario "events" "after" ratio faults decisions replays
ratios=()
for bug in "${bugs[@]}"; do
  scenario=$(scenario_of "$bug")
  out="$work/$bug"
  "$grovesim" explore --scenario "$scenario" --strategy pct --bug "$bug" --budget 2000 --jobs "$jobs" \
    --max-failures 1 --out "$out" --json > "$out.explore.json" 2>/dev/null || true
  finding=$(ls "$out"/failures/*.replay.json 2>/dev/null | head -1 || true)
  if [[ -z "$finding" ]]; then printf '%-4s %-8s not found in 2000 pct runs\n' "$bug" "$scenario"; continue; fi
  "$grovesim" shrink "$finding" --out "$out/shrunk.json" --json > "$out.shrink.json" 2>/dev/null || true
  rc=0; "$grovesim" replay "$out/shrunk.json" > "$out.replay.txt" 2>&1 || rc=$?
  case $rc in 1) replay=reproduces ;; 0) replay="PASSES (not reproduced)" ;; *) replay="replay exit $rc" ;; esac
  python3 - "$bug" "$scenario" "$out.shrink.json" "$replay" <<'PY'
import json, sys
bug, scenario, path, replay = sys.argv[1:]
s = json.load(open(path))
b, a = s["before"], s["after"]
ratio = a["events"] / b["events"]
print(f'{bug:<4} {scenario:<8} {b["events"]:>10} {a["events"]:>10} {ratio:>7.3f} {b.get("faults",0):>4}->{a.get("faults",0):<4} {b.get("decisions",0):>6}->{a.get("decisions",0):<6} {replay} ({s["checker"]})')
PY
done | tee "$work/table.txt"
python3 - "$work/table.txt" <<'PY'
import sys, statistics
ratios = []
for line in open(sys.argv[1]):
    parts = line.split()
    try: ratios.append(float(parts[4]))
    except (IndexError, ValueError): pass
if ratios: print(f"median events ratio over {len(ratios)} findings: {statistics.median(ratios):.3f}")
PY
