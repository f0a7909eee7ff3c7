#!/usr/bin/env bash
# Builds everything and runs the whole test suite (GoogleTest + RapidCheck through ctest).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
build_dir=${GROVE_BUILD_DIR:-build}
cd "$build_dir"
ctest --output-on-failure -j"$(nproc)" "$@"
