#!/usr/bin/env bash
# Quick start 2: installs what is missing, builds everything (library, CLI, tests,
# benchmarks, examples) and runs the whole test suite with CTest: the GoogleTest programs,
# the CLI end to end, and the CMake consumer projects (find_package and add_subdirectory).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
build_dir="${SCOUTMATCH_BUILD_DIR:-build}"
ctest --test-dir "$build_dir" --output-on-failure --parallel "$(nproc 2>/dev/null || echo 2)" "$@"
