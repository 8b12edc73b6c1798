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
          nlohmann-json3-dev libsimdjson-dev libcli11-dev libutf8proc-dev libstemmer-dev libxxhash-dev libhnswlib-dev wngerman
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

# ThreadSanitizer only sees synchronisation in instrumented code, and Debian's libtbb is
# not instrumented: every hand-over between TBB tasks would look like a race. So the tsan
# preset links a oneTBB built with -fsanitize=thread from the Debian source package of the
# installed libtbb-dev (same version; about 1 minute, once, into build-tsan/_deps/). The
# source is fetched with a private apt configuration (deb-src), /etc/apt is not touched.
tsan_tbb() {
  local deps="$PWD/build-tsan/_deps" version
  [ -f "$deps/tbb/lib/cmake/TBB/TBBConfig.cmake" ] && return 0
  version="$(dpkg-query -W -f='${Version}' libtbb-dev)"
  echo "scoutmatch sanitize: building oneTBB $version with -fsanitize=thread" >&2
  rm -rf "$deps/apt" "$deps/onetbb-src" "$deps/onetbb-build"
  mkdir -p "$deps/apt/lists/partial" "$deps/apt/cache/archives/partial" "$deps/onetbb-src"
  local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  printf 'deb-src [signed-by=%s] http://deb.debian.org/debian %s main\n' \
    "$keyring" bookworm "$keyring" bookworm-updates >"$deps/apt/sources.list"
  printf 'deb-src [signed-by=%s] http://deb.debian.org/debian-security bookworm-security main\n' \
    "$keyring" >>"$deps/apt/sources.list"
  local apt_opts=(-o "Dir::Etc::sourcelist=$deps/apt/sources.list" -o Dir::Etc::sourceparts=-
                  -o "Dir::State::Lists=$deps/apt/lists" -o "Dir::Cache=$deps/apt/cache")
  apt-get "${apt_opts[@]}" update -qq
  (cd "$deps/onetbb-src" && apt-get "${apt_opts[@]}" source -qq "onetbb=$version" >/dev/null 2>&1)
  local src
  src="$(find "$deps/onetbb-src" -maxdepth 1 -mindepth 1 -type d -name 'onetbb-*' | head -n 1)"
  cmake -S "$src" -B "$deps/onetbb-build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DTBB_TEST=OFF -DTBB_EXAMPLES=OFF -DTBB_STRICT=OFF -DTBBMALLOC_BUILD=OFF -DTBB_SANITIZE=thread \
    -DCMAKE_INSTALL_PREFIX="$deps/tbb" -DCMAKE_INSTALL_LIBDIR=lib >/dev/null
  cmake --build "$deps/onetbb-build" --parallel "$jobs" >/dev/null
  cmake --install "$deps/onetbb-build" >/dev/null
}

for preset in ${SCOUTMATCH_SANITIZERS:-asan tsan}; do
  echo "== sanitizer preset $preset" >&2
  start=$SECONDS
  if [ "$preset" = tsan ]; then
    tsan_tbb
    cmake --preset tsan -DTBB_DIR="$PWD/build-tsan/_deps/tbb/lib/cmake/TBB" >/dev/null
  else
    cmake --preset "$preset" >/dev/null
  fi
  cmake --build --preset "$preset" --parallel "$jobs"
  ctest --preset "$preset" --parallel "$jobs" "$@"
  echo "== sanitizer preset $preset: passed in $((SECONDS - start)) s" >&2
done

if [ "${SCOUTMATCH_FUZZ:-1}" != 0 ]; then
  bash scripts/fuzz.sh
fi
