#!/usr/bin/env bash
# Installs every Debian 12 package grovesim's build, tests and benchmarks need.
# Idempotent: quiet and quick when everything is present; runs `apt-get update` only when a
# package is missing. Must run as root (or with sudo available).
set -euo pipefail

packages=(
  g++ cmake make
  libboost-context-dev      # fibers (Boost.Context, fcontext backend)
  librapidcheck-dev         # property tests
  nlohmann-json3-dev        # JSON: scenarios, histories, traces, reports
  libcli11-dev              # the command line
  libgtest-dev libgmock-dev # tests
  libbenchmark-dev          # bench/
  parallel                  # sharded campaigns on one machine (docs/campaigns.md, tested)
  redis-server redis-tools  # scripts/bench-vs-redis.sh (docs/runtime-bench.md)
)
# The HTML report test renders reports in headless Chromium (it skips without it). Set
# GROVE_NO_BROWSER=1 to leave the browser out.
if [ "${GROVE_NO_BROWSER:-0}" != 1 ]; then
  packages+=(chromium)
fi
# The parser fuzzers (scripts/fuzz.sh) need clang and its libFuzzer/sanitizer runtimes. Set
# GROVE_NO_FUZZ=1 to leave them out.
if [ "${GROVE_NO_FUZZ:-0}" != 1 ]; then
  packages+=(clang libclang-rt-14-dev)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
