#!/usr/bin/env bash
# Shrinks every failing seed of a campaign and reports the events ratio (after / before) of each
# result, whether it replays with the same checker, and the median: the clock-unsafe figure of
# docs/exploration.md.
#
#   scripts/shrink-campaign.sh [--jobs N] [--timeout S] [SCENARIO [SEEDS]]   (default: clock-unsafe 1..200)
set -euo pipefail
jobs=2
timeout_s=300
while [[ "${1:-}" == --* ]]; do
  case $1 in --jobs) jobs=$2 ;; --timeout) timeout_s=$2 ;; *) echo "unknown flag $1" >&2; exit 2 ;; esac
  shift 2
done
scenario=${1:-clock-unsafe}
seeds=${2:-1..200}
grovesim=$(realpath "${GROVESIM:-build/cli/grovesim}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$grovesim" campaign --scenario "$scenario" --seeds "$seeds" --jobs "$jobs" --out "$work/campaign" > /dev/null || true
ls "$work"/campaign/failures/*.replay.json > "$work/failures.txt" 2>/dev/null || true
echo "$(wc -l < "$work/failures.txt") failing seeds of $scenario $seeds"
shrink_one() {
  local file=$1 name
  name=$(basename "$file" .replay.json)
  local shrink_rc=0
  timeout "$timeout_s" "$grovesim" shrink "$file" --out "$work/$name.shrunk.json" --json > "$work/$name.json" 2>/dev/null || shrink_rc=$?
  if [[ $shrink_rc -eq 124 ]]; then echo "$name timeout"; return; fi
  # Exit 0: the file's run passes now; 3: it is inconclusive (a seed the campaign timed out,
  # say). Neither has a failure to shrink.
  if [[ $shrink_rc -ne 1 ]] || ! python3 -c "import json,sys; json.load(open(sys.argv[1]))['before']" "$work/$name.json" 2>/dev/null; then
    echo "$name no-failure-to-shrink (shrink exit $shrink_rc)"; return
  fi
  local rc=0
  "$grovesim" replay "$work/$name.shrunk.json" > /dev/null 2>&1 || rc=$?
  python3 -c "
import json,sys
s=json.load(open('$work/$name.json'))
print('$name', s['before']['events'], s['after']['events'], s['after']['events']/s['before']['events'], s['checker'], 'replay-exit-$rc')"
}
export -f shrink_one
export grovesim work timeout_s
xargs -P "$jobs" -I{} bash -c 'shrink_one {}' < "$work/failures.txt" | tee "$work/results.txt"
python3 - "$work/results.txt" <<'PY'
import sys, statistics
rows = [l.split() for l in open(sys.argv[1]) if len(l.split()) == 6]
timeouts = [l for l in open(sys.argv[1]) if l.strip().endswith("timeout")]
skipped = [l for l in open(sys.argv[1]) if "no-failure-to-shrink" in l]
ratios = [float(r[3]) for r in rows]
longer = sum(1 for r in rows if int(r[2]) > int(r[1]))
not_replayed = sum(1 for r in rows if r[5] != "replay-exit-1")
if ratios:
    print(f"shrunk {len(rows)} (timed out {len(timeouts)}, nothing to shrink {len(skipped)}): median events ratio {statistics.median(ratios):.3f}, "
          f"max {max(ratios):.3f}, longer than input {longer}, not replaying with exit 1 {not_replayed}")
PY
