#!/usr/bin/env python3
"""Binding overhead: Python-level calls against the same C++ calls timed inside C++.

    python3 bench/python_overhead.py [--profiles 10000] [--queries 1000] [--vectors 100000]

For each workload it reports the median of several alternating runs of
  - the Python call (argument conversion, GIL release, result arrays, id lookup), and
  - the bare C++ call (Index::recommend_batch / DenseIndex::search, timed with
    std::chrono inside the extension, no Python involved),
and the overhead in percent. Not a test (no assertions); the numbers go to
docs/PERFORMANCE.md. Needs the installed package (pip install .).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

import numpy as np

import scoutmatch
from scoutmatch import _scoutmatch as ext

ROOT = Path(__file__).resolve().parents[1]


def synthetic_profiles(n: int, seed: int = 1) -> list[dict]:
    """`n` profiles made from the demo data: copies with shuffled, partly dropped words."""
    rng = random.Random(seed)
    with open(ROOT / "data" / "demo" / "profiles.jsonl", encoding="utf-8") as f:
        base = [json.loads(line) for line in f if line.strip()]
    out = []
    for i in range(n):
        p = dict(base[i % len(base)])
        p["id"] = f"syn-{i}"
        for field in ("text", "competences", "offers", "needs"):
            words = (p.get(field) or "").split()
            rng.shuffle(words)
            p[field] = " ".join(words[: max(1, int(len(words) * rng.uniform(0.5, 1.0)))])
        out.append(p)
    return out


def paired(py_call, cpp_call, repeats: int) -> tuple[float, float]:
    """Medians of the Python call and the C++ call, run alternately (so that a busy
    machine slows both alike); one warm-up run each first."""
    py_call()
    cpp_call()
    py, cpp = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        py_call()
        py.append(time.perf_counter() - t0)
        cpp.append(cpp_call())
    return statistics.median(py), statistics.median(cpp)


def report(name: str, py: float, cpp: float) -> dict:
    overhead = (py - cpp) / cpp * 100.0
    print(f"{name:48s} python {py * 1e3:9.2f} ms   c++ {cpp * 1e3:9.2f} ms   overhead {overhead:+6.1f} %")
    return {"workload": name, "python_ms": py * 1e3, "cpp_ms": cpp * 1e3, "overhead_percent": overhead}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profiles", type=int, default=10000)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--vectors", type=int, default=100000)
    ap.add_argument("--dim", type=int, default=128)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--threads", type=int, default=0, help="0 = all cores")
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args()
    threads = args.threads or None
    results = []

    t0 = time.perf_counter()
    index = scoutmatch.Index.build(synthetic_profiles(args.profiles))
    print(f"built an index of {len(index)} profiles in {time.perf_counter() - t0:.1f} s")
    ids = index.ids[: args.queries]
    for k in (args.k, 100):
        py, cpp = paired(lambda: index.recommend_batch(ids, k=k, threads=threads),
                         lambda: ext._cpp_time_recommend_batch(index._ix, ids, k, threads, 1)[0], args.repeats)
        results.append(report(f"Index.recommend_batch {len(ids)} ids, k={k}", py, cpp))
    one = ids[:1]
    py, cpp = paired(lambda: index.recommend_batch(one, k=args.k, threads=threads),
                     lambda: ext._cpp_time_recommend_batch(index._ix, one, args.k, threads, 1)[0], args.repeats * 50)
    results.append(report(f"Index.recommend_batch 1 id, k={args.k}", py, cpp))

    rng = np.random.default_rng(0)
    dense = scoutmatch.DenseIndex(args.dim, "ip")
    dense.add(rng.standard_normal((args.vectors, args.dim)).astype(np.float32))
    for nq in (args.queries, 1):
        q = rng.standard_normal((nq, args.dim)).astype(np.float32)
        reps = args.repeats if nq > 1 else args.repeats * 10
        py, cpp = paired(lambda: dense.search(q, args.k, threads=threads),
                         lambda: ext._cpp_time_dense_search(dense, q, args.k, threads, 1)[0], reps)
        results.append(report(f"DenseIndex.search {nq} x {args.vectors} x {args.dim}, k={args.k}", py, cpp))
    print(json.dumps({"threads": args.threads, "results": results}, indent=1))


if __name__ == "__main__":
    main()
