#!/usr/bin/env bash
# Builds grovesim with AddressSanitizer + UBSan in ./build-sanitize, runs the tests there, then a
# short vkv and bank campaign under the sanitizers.
# Slow (a clean build takes minutes on 2 cores); not part of CI's test command.
set -euo pipefail
cd "$(dirname "$0")/.."
GROVE_BUILD_DIR=build-sanitize
if [ ! -f "$GROVE_BUILD_DIR/CMakeCache.txt" ]; then
  cmake -S . -B "$GROVE_BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGROVE_SANITIZE=ON \
    -DGROVE_BUILD_BENCH=OFF >/dev/null
fi
cmake --build "$GROVE_BUILD_DIR" -j"$(nproc)"
cd "$GROVE_BUILD_DIR"
ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j"$(nproc)" "$@"
# A short campaign under the sanitizers too: every checker, the worker pool, replay files.
out=$(mktemp -d)
ASAN_OPTIONS=detect_leaks=1 ./cli/grovesim campaign --scenario vkv --seeds 1..20 --jobs "$(nproc)" \
  --out "$out/campaign"
ASAN_OPTIONS=detect_leaks=1 ./cli/grovesim campaign --scenario bank --seeds 1..5 --jobs "$(nproc)" \
  --out "$out/bank"
rm -rf "$out"
