#!/usr/bin/env bash
# Quick start 2: installs what is missing, builds everything (library, CLI, tests,
# benchmarks, examples) and runs the whole test suite with CTest: the GoogleTest programs,
# the CLI end to end, and the CMake consumer projects (find_package and add_subdirectory);
# then installs the Python package (pip install .) and runs its tests with pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
build_dir="${SCOUTMATCH_BUILD_DIR:-build}"
ctest --test-dir "$build_dir" --output-on-failure --parallel "$(nproc 2>/dev/null || echo 2)" "$@"

# The Python package and its tests (tests/python). pip builds the extension in its own
# CMake build dir ($build_dir/python, kept for fast re-runs) with the build tools of this
# Python (installed here only when missing, like pytest, numpy, scipy, pandas and dask).
py="${PYTHON:-python3}"
# A Debian system Python needs its headers, and refuses pip installs (PEP 668): use a
# virtual environment in the build dir there.
if ! "$py" -c 'import sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))'; then
  echo "scoutmatch test: installing python3-dev python3-venv" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-dev python3-venv >/dev/null
fi
if "$py" -c 'import sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["stdlib"], "EXTERNALLY-MANAGED")))'; then
  [ -x "$build_dir/venv/bin/python" ] || "$py" -m venv "$build_dir/venv"
  py="$build_dir/venv/bin/python"
fi
pip=("$py" -m pip install -q --disable-pip-version-check --root-user-action=ignore)
need=()
for spec in pytest:pytest numpy:numpy scipy:scipy pandas:pandas distributed:"dask[distributed]" \
            scikit_build_core:scikit-build-core nanobind:nanobind; do
  "$py" -c "import ${spec%%:*}" 2>/dev/null || need+=("${spec#*:}")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "scoutmatch test: pip installing ${need[*]}" >&2
  "${pip[@]}" "${need[@]}"
fi
"${pip[@]}" --no-build-isolation --no-deps -C build-dir="$build_dir/python" .
SCOUTMATCH_CLI="$build_dir/scoutmatch" "$py" -m pytest tests/python -q -p no:cacheprovider

# Sanitizer presets (asan, tsan) and a short libFuzzer run (docs/FUZZING.md).
bash scripts/sanitize.sh
