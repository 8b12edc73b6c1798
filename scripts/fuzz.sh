#!/usr/bin/env bash
# Bounded libFuzzer run for CI (docs/FUZZING.md): installs clang if missing, builds the
# `fuzz` preset into build-fuzz/, replays every file under fuzz/regressions/<target>/,
# then fuzzes each target for SCOUTMATCH_FUZZ_SECONDS (default 30) over its seed corpus
# (fuzz/corpus/<target>/) and regressions, two targets at a time. New corpus entries go
# to build-fuzz/fuzz-work/<target>/ (the checked-in corpus is never modified); crashing
# inputs to build-fuzz/fuzz-artifacts/<target>/. Fails if any target crashes.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(clang libclang-rt-14-dev cmake ninja-build zlib1g-dev libeigen3-dev
          libboost-serialization-dev libtbb-dev nlohmann-json3-dev libsimdjson-dev libutf8proc-dev
          libstemmer-dev libxxhash-dev libhnswlib-dev wngerman)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "scoutmatch fuzz: installing ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

seconds="${SCOUTMATCH_FUZZ_SECONDS:-30}"
jobs="$(nproc 2>/dev/null || echo 2)"
build=build-fuzz
start=$SECONDS
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --parallel "$jobs"

# Seeds of the loader in the current index format (a copy is in fuzz/corpus/).
"$build/fuzz/make_index_seeds" data/demo/profiles.jsonl "$build/fuzz-seeds/fuzz_index_load"

declare -A max_len=([fuzz_read_jsonl]=16384 [fuzz_read_csv]=16384 [fuzz_analyzer]=4096
                    [fuzz_index_load]=32768)
declare -A dict=([fuzz_read_jsonl]=fuzz/dict/jsonl.dict [fuzz_read_csv]=fuzz/dict/csv.dict)
# Under ASan the JSONL reader's RSS grows by a few hundred KB per input and is never given
# back (not so in release builds; docs/FUZZING.md), so that target runs in fork mode:
# short child processes, each starting from a fresh heap.
declare -A mode=([fuzz_read_jsonl]=-fork=1)

run_target() {
  local t="$1" exe="$build/fuzz/$1"
  local work="$build/fuzz-work/$t" artifacts="$build/fuzz-artifacts/$t/"
  mkdir -p "$work" "$artifacts"
  : >"$build/fuzz-$t.log"
  local dirs=("fuzz/corpus/$t")
  [ -d "fuzz/regressions/$t" ] && dirs+=("fuzz/regressions/$t")
  [ -d "$build/fuzz-seeds/$t" ] && dirs+=("$build/fuzz-seeds/$t")
  # Every known crash must stay fixed: replay each regression input once.
  local regressions=()
  [ -d "fuzz/regressions/$t" ] && regressions=(fuzz/regressions/"$t"/*)
  if [ ${#regressions[@]} -gt 0 ] && [ -e "${regressions[0]}" ]; then
    "$exe" -rss_limit_mb=2048 -timeout=30 "${regressions[@]}" >>"$build/fuzz-$t.log" 2>&1 ||
      { echo "fuzz: $t fails on a regression input" >&2; tail -n 40 "$build/fuzz-$t.log" >&2; return 1; }
  fi
  local extra=()
  [ -n "${dict[$t]:-}" ] && extra+=("-dict=${dict[$t]}")
  [ -n "${mode[$t]:-}" ] && extra+=("${mode[$t]}")
  "$exe" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=30 -max_len="${max_len[$t]}" \
    -print_final_stats=1 -artifact_prefix="$artifacts" "${extra[@]}" "$work" "${dirs[@]}" \
    >>"$build/fuzz-$t.log" 2>&1 ||
    { echo "fuzz: $t crashed (input in $artifacts)" >&2; tail -n 60 "$build/fuzz-$t.log" >&2; return 1; }
  echo "fuzz: $t ok: $(grep -E '^stat::number_of_executed_units|^#[0-9]+: cov' "$build/fuzz-$t.log" | tail -n 1)" >&2
}

targets=(fuzz_read_jsonl fuzz_read_csv fuzz_analyzer fuzz_index_load)
failed=0
pids=()
for t in "${targets[@]}"; do
  run_target "$t" &
  pids+=($!)
  if [ ${#pids[@]} -ge "$jobs" ]; then
    wait "${pids[0]}" || failed=1
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || failed=1; done
echo "fuzz: done in $((SECONDS - start)) s" >&2
exit "$failed"
