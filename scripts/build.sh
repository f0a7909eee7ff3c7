#!/usr/bin/env bash
# Configures (once) and builds grovesim in ./build. Extra arguments go to `cmake --build`.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${GROVE_BUILD_DIR:-build}
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE="${GROVE_BUILD_TYPE:-RelWithDebInfo}" >/dev/null
fi
cmake --build "$build_dir" -j"$(nproc)" "$@"
