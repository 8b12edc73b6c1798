#!/usr/bin/env bash
# Installs what scoutmatch needs on Debian 12 (apt packages), only where missing, then
# configures and builds into build/ (or $SCOUTMATCH_BUILD_DIR). Used by demo.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake ninja-build pkg-config zlib1g-dev
          libeigen3-dev libboost-serialization-dev libtbb-dev
          nlohmann-json3-dev libsimdjson-dev libcli11-dev libutf8proc-dev libstemmer-dev libxxhash-dev libhnswlib-dev wngerman
          libgtest-dev libgmock-dev libbenchmark-dev
          chromium chromium-driver python3-selenium)  # tests/browser: the landscape page

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "scoutmatch setup: installing ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

build_dir="${SCOUTMATCH_BUILD_DIR:-build}"
jobs="$(nproc 2>/dev/null || echo 2)"
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
fi
if [ -n "${SCOUTMATCH_BUILD_TARGET:-}" ]; then
  cmake --build "$build_dir" --parallel "$jobs" --target "$SCOUTMATCH_BUILD_TARGET"
else
  cmake --build "$build_dir" --parallel "$jobs"
fi
