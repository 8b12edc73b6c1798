#!/usr/bin/env bash
# Quick start 1: installs what is missing, builds, and runs `scoutmatch demo` on the bundled
# demo data (data/demo/profiles.jsonl). Extra arguments go to `scoutmatch demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
SCOUTMATCH_BUILD_TARGET=scoutmatch_cli bash scripts/setup.sh >&2
exec "${SCOUTMATCH_BUILD_DIR:-build}/scoutmatch" demo "$@"
