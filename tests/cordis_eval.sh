#!/usr/bin/env bash
# Builds an index of the real CORDIS profiles (../shared/data/cordis, beside the project)
# and evaluates the dev pairs: every query must be evaluated, and text-only BM25F must beat
# the README's tf-idf baseline (nDCG@10 0.0101, Recall@10 0.0071). Skips (exit 77) when
# the data is absent.
set -euo pipefail
cli="$1"; data="${2:-$(dirname "$0")/../../shared/data/cordis}"
if [ ! -f "$data/profiles.jsonl.gz" ] || [ ! -f "$data/dev_pairs.jsonl" ]; then
  echo "SKIP: CORDIS data not found at $data (it lives in ../shared/data/cordis beside the project)"
  exit 77
fi
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
"$cli" index --profiles "$data/profiles.jsonl.gz" --out "$tmp/cordis.smx" --format json
out="$("$cli" eval --index "$tmp/cordis.smx" --pairs "$data/dev_pairs.jsonl" --to-kind university,research)"
echo "$out"
python3 - "$out" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
assert r["queries"] == 1493 and r["missing_queries"] == 0, r
assert r["ndcg@10"] > 0.0101 and r["recall@10"] > 0.0071, r
print("cordis text-only eval beats the tf-idf baseline")
PY
