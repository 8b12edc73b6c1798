"""scoutmatch.HnswIndex against hnswlib (pip, built here with -march=native) on the peers'
dense data (bench/peers dense_files: d = 384, embedding-like spectrum, 1,000 queries).

    PYTHONPATH=<build>/python build/peers-venv/bin/python bench/peers/ann_compare.py N \
        [--threads 1,2] [--ef 128,256,384] [--reps 5] [--precision f32,split] [--filters
    [--filter-ef 256] [--filter-modes graph,exact,auto]]

All graphs use M = 16, ef_construction = 200 and are built with 2 threads (build time
reported); scoutmatch once per --precision (HnswIndex precision "f32" and/or "split");
searches at each ef run interleaved (median of --reps), recall@10 against exact
inner-product search (FAISS IndexFlatIP). --filters adds filtered searches of scoutmatch at
1%, 10% and 50% of the vectors allowed (graph walk, exact scan and the automatic choice;
300 queries, 1 thread, ef = --filter-ef);
hnswlib 0.8's Python filter is a per-id Python callback, not comparable, so it is skipped.
The indexes are cached under build/peers/ann-cache (delete it to rebuild).
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import peers  # noqa: E402  (dense_files: the same data as the harness)

import hnswlib  # noqa: E402
import scoutmatch  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("n", type=int)
ap.add_argument("--threads", default="1,2")
ap.add_argument("--ef", default="128,256,384")
ap.add_argument("--reps", type=int, default=5)
ap.add_argument("--precision", default="f32",
                help="scoutmatch HnswIndex precisions to compare, e.g. f32,split")
ap.add_argument("--filters", action="store_true")
ap.add_argument("--filter-ef", type=int, default=256,
                help="ef of the filtered searches (at 1M recall@10 >= 0.95 needs ~1536)")
ap.add_argument("--filter-modes", default="graph,exact,auto",
                help="filter modes to run (the graph walk at 1%% and large ef is slow)")
a = ap.parse_args()
n, d, k = a.n, 384, 10
bpath, qpath = peers.dense_files(n, d, 1000)
B, Q = np.load(bpath), np.load(qpath)
cache = peers.OUT / "ann-cache"
cache.mkdir(parents=True, exist_ok=True)
tpath = cache / f"truth-{n}.npy"
if not tpath.exists():
    import faiss
    flat = faiss.IndexFlatIP(d)
    flat.add(B)
    np.save(tpath, flat.search(Q, k)[1])
T = np.load(tpath)


def recall(ids, truth=T):
    return float(np.mean([len(set(x) & set(y)) / k for x, y in zip(ids, truth)]))


precisions = a.precision.split(",")
hn_path = cache / f"hnswlib-{n}.bin"
HnswIndex = scoutmatch.HnswIndex
hn = hnswlib.Index(space="ip", dim=d)
if hn_path.exists():
    hn.load_index(str(hn_path))
    print("hnswlib index loaded from", cache)
else:
    t0 = time.perf_counter()
    hn.init_index(max_elements=n, ef_construction=200, M=16, random_seed=100)
    hn.set_num_threads(2)
    hn.add_items(B, np.arange(n))
    print(f"build N={n}, 2 threads: hnswlib {time.perf_counter() - t0:.1f} s", flush=True)
    hn.save_index(str(hn_path))
ours_all = {}
for prec in precisions:
    path = cache / (f"scoutmatch-{n}.smh" if prec == "f32" else f"scoutmatch-{prec}-{n}.smh")
    if path.exists():
        ours_all[prec] = HnswIndex.load(path)
        print(f"scoutmatch {prec} index loaded from", cache)
    else:
        t0 = time.perf_counter()
        ours_all[prec] = HnswIndex(d, "ip", M=16, ef_construction=200, precision=prec)
        ours_all[prec].add(B, threads=2)
        print(f"build N={n}, 2 threads: scoutmatch {prec} {time.perf_counter() - t0:.1f} s", flush=True)
        ours_all[prec].save(path)
    print(f"scoutmatch {prec}: kernels {HnswIndex.simd}; memory "
          f"{ours_all[prec].memory_bytes / n:.0f} bytes/vector (raw float32: {4 * d})")
ours = ours_all[precisions[0]]

for t in [int(x) for x in a.threads.split(",")]:
    hn.set_num_threads(t)
    for ef in [int(x) for x in a.ef.split(",")]:
        hn.set_ef(ef)
        r_hn = recall(hn.knn_query(Q, k=k)[0])
        r_o = {p: recall(o.search(Q, k, ef=ef, threads=t)[1]) for p, o in ours_all.items()}
        th, to = [], {p: [] for p in ours_all}
        for _ in range(a.reps):
            t0 = time.perf_counter()
            hn.knn_query(Q, k=k)
            th.append(time.perf_counter() - t0)
            for p, o in ours_all.items():
                t0 = time.perf_counter()
                o.search(Q, k, ef=ef, threads=t)
                to[p].append(time.perf_counter() - t0)
        qh = len(Q) / statistics.median(th)
        row = f"threads={t} ef={ef}: hnswlib recall@10 {r_hn:.4f} {qh:.0f} QPS"
        for p in ours_all:
            qo = len(Q) / statistics.median(to[p])
            row += f" | scoutmatch {p} recall@10 {r_o[p]:.4f} {qo:.0f} QPS, ratio {qo / qh:.2f}"
        print(row, flush=True)

if a.filters:
    rng = np.random.default_rng(7)
    Qf = Q[:300]
    for share in [0.01, 0.1, 0.5]:
        allowed = np.flatnonzero(rng.random(n) < share).astype(np.int64)
        truth = allowed[np.argsort(-(Qf @ B[allowed].T), axis=1)[:, :k]]
        row = [f"filter {share:.0%} ({len(allowed)} allowed)"]
        for mode in a.filter_modes.split(","):
            for ef in [a.filter_ef]:
                ids = ours.search(Qf, k, ef=ef, threads=1, filter=allowed, filter_mode=mode)[1]
                ts = []
                for _ in range(3):
                    t0 = time.perf_counter()
                    ours.search(Qf, k, ef=ef, threads=1, filter=allowed, filter_mode=mode)
                    ts.append(time.perf_counter() - t0)
                row.append(f"{mode}: recall@10 {recall(ids, truth):.3f}, "
                           f"{len(Qf) / statistics.median(ts):.0f} QPS")
        print(" | ".join(row), flush=True)
