#!/usr/bin/env bash
# Sanitizer CI step (called at the end of scripts/test.sh): configures, builds and tests the
# CMake presets `asan` (AddressSanitizer + UndefinedBehaviorSanitizer) and `tsan`
# (ThreadSanitizer) from CMakePresets.json into build-asan/ and build-tsan/, then runs
# the bounded libFuzzer step (scripts/fuzz.sh). Installs missing Debian packages first.
#
# Environment: SCOUTMATCH_SANITIZERS (default "asan tsan") picks the presets;
# SCOUTMATCH_FUZZ=0 skips the fuzz step. Extra arguments go to every ctest call.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake ninja-build pkg-config zlib1g-dev
          libeigen3-dev libboost-serialization-dev libtbb-dev
          nlohmann-json3-dev libcli11-dev libutf8proc-dev libstemmer-dev libxxhash-dev wngerman
          libgtest-dev libgmock-dev libasan8 libubsan1 libtsan2)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "scoutmatch sanitize: installing ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

jobs="$(nproc 2>/dev/null || echo 2)"
for preset in ${SCOUTMATCH_SANITIZERS:-asan tsan}; do
  echo "== sanitizer preset $preset" >&2
  start=$SECONDS
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" --parallel "$jobs"
  ctest --preset "$preset" --parallel "$jobs" "$@"
  echo "== sanitizer preset $preset: passed in $((SECONDS - start)) s" >&2
done

if [ "${SCOUTMATCH_FUZZ:-1}" != 0 ]; then
  bash scripts/fuzz.sh
fi
