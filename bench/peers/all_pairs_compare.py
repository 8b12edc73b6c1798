# Top-10 in both directions (issue #6, target 5): scoutmatch all_pairs_topk (one pass, C++
# program bench_all_pairs) vs FAISS IndexFlatIP doing the two searches, on the same data
# (dense_files(): a = its base set, b = its query set), alternating run by run; medians.
# Usage:
#   OMP_WAIT_POLICY=PASSIVE build/peers-venv/bin/python bench/peers/all_pairs_compare.py \
#       BUILD_DIR NA NB THREADS REPS
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np, faiss, peers  # noqa: E401
from threadpoolctl import threadpool_limits

build, na, nb, t, reps = Path(sys.argv[1]), *map(int, sys.argv[2:6])
k, d = 10, 384
peers.DATA = build / "all-pairs-data"  # own cache: never the shared build/peers
pa, pb = peers.dense_files(na, d, nb)
A, B = np.load(pa), np.load(pb)
faiss.omp_set_num_threads(t)
lim = threadpool_limits(limits=t, user_api="blas")
fa = faiss.IndexFlatIP(d); fa.add(A)
fb = faiss.IndexFlatIP(d); fb.add(B)


def run_faiss():
    t0 = time.perf_counter()
    sa, ia = fb.search(A, k)  # each of a: its best k of b
    sb, ib = fa.search(B, k)  # each of b: its best k of a
    return time.perf_counter() - t0, (ia, ib)


env = dict(os.environ, SCOUTMATCH_ALL_PAIRS_A=str(pa), SCOUTMATCH_ALL_PAIRS_B=str(pb))


def run_sm(name):
    out = subprocess.run([str(build / "bench" / "bench_all_pairs"),
                          f"--benchmark_filter=^{name}/{na}/{nb}/{t}/0/",
                          "--benchmark_min_time=0.01", "--benchmark_format=json"],
                         env=env, check=True, capture_output=True, text=True).stdout
    b = json.loads(out)["benchmarks"][0]
    return b["real_time"] / 1e3  # ms -> s


S = {"sm_one_pass": [], "sm_two_searches": [], "faiss_two_searches": []}
if na * nb <= 10**8:
    run_faiss()  # warm-up (not at the large sizes: minutes per run)
for r in range(reps):
    S["faiss_two_searches"].append(run_faiss()[0])
    S["sm_one_pass"].append(run_sm("BM_all_pairs"))
    if r < 2 or na * nb <= 10**8:
        S["sm_two_searches"].append(run_sm("BM_all_pairs_two_searches"))
    print({a: [round(x, 2) for x in v] for a, v in S.items()}, flush=True)
med = {a: statistics.median(v) for a, v in S.items() if v}
print(f"ALL-PAIRS {na} x {nb}, t={t}: " + "  ".join(f"{a} {m:.2f} s" for a, m in med.items()),
      f" faiss/sm_one_pass={med['faiss_two_searches'] / med['sm_one_pass']:.2f}", flush=True)
