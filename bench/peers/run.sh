#!/usr/bin/env bash
# Peer comparison (issue #6): scoutmatch against scikit-learn, scipy, bm25s, numpy, FAISS
# and hnswlib on the same synthetic data, in the same run.
#
#   bash bench/peers/run.sh --quick     # N = 20k, < 5 minutes after the one-time installs
#   bash bench/peers/run.sh             # N = 100k (and more); takes much longer
#   bash bench/peers/run.sh --quick --only text,sparse     # a subset (see peers.py --help)
#
# Creates a virtual environment in build/peers-venv (once), installs the peers from PyPI and
# the scoutmatch package from this work tree (pip install ., CMake build dir
# build/peers-python, kept for fast re-runs), then runs bench/peers/peers.py. Results:
# build/peers/results.jsonl (one JSON record per figure), build/peers/table.md, and the
# "Peer comparison" section of docs/PERFORMANCE.md (between its markers; --no-docs skips).
# PEERS_SKIP_INSTALL=1 skips the `pip install .` of scoutmatch (which recompiles whatever changed
# in the work tree). Not a test, never run by CI.
set -euo pipefail
cd "$(dirname "$0")/../.."
py="${PYTHON:-python3}"
venv="build/peers-venv"
if [ ! -x "$venv/bin/python" ]; then
  if ! "$py" -m venv "$venv"; then  # a Debian system Python needs python3-venv (and -dev headers)
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-dev python3-venv >/dev/null
    rm -rf "$venv" && "$py" -m venv "$venv"
  fi
fi
vpy="$venv/bin/python"
pip=("$vpy" -m pip install -q --disable-pip-version-check --root-user-action=ignore)
# The peers, at their best pip settings: faiss-cpu (wheel with AVX-512/AVX2 kernels chosen
# at run time), hnswlib (sdist, compiled here by pip; its setup.py adds -march=native),
# bm25s with numba (its fastest backend) and PyStemmer.
missing=()
for spec in numpy:numpy scipy:scipy sklearn:scikit-learn faiss:faiss-cpu hnswlib:hnswlib \
            bm25s:bm25s numba:numba Stemmer:PyStemmer threadpoolctl:threadpoolctl \
            scikit_build_core:scikit-build-core nanobind:nanobind; do
  "$vpy" -c "import ${spec%%:*}" 2>/dev/null || missing+=("${spec#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "peers: pip installing ${missing[*]}" >&2
  "${pip[@]}" "${missing[@]}"
fi
# scoutmatch itself, as users get it (Release, the package's own CMake flags).
if [ "${PEERS_SKIP_INSTALL:-0}" != 1 ]; then
  echo "peers: pip install . (build dir build/peers-python)" >&2
  t0=$SECONDS
  "${pip[@]}" --no-build-isolation --no-deps -C build-dir=build/peers-python .
  echo "peers: pip install . took $((SECONDS - t0)) s" >&2
fi
exec "$vpy" bench/peers/peers.py "$@"
