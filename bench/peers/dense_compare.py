# Dense exact search side by side, a quick check next to peers.py's w_dense: scoutmatch
# DenseIndex vs FAISS IndexFlatIP vs numpy on the data of dense_files(), interleaved runs,
# medians; batch of 1,000 queries, then single queries (each system at 1 and `threads`).
# Usage (PYTHONPATH: the python/ folder of a -DSCOUTMATCH_BUILD_PYTHON=ON build dir):
#   OMP_WAIT_POLICY=PASSIVE PYTHONPATH=build-x/python \
#     build/peers-venv/bin/python bench/peers/dense_compare.py N threads reps
import os
import statistics
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np, faiss, peers, scoutmatch
from threadpoolctl import threadpool_limits
n, t, reps = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
k, d = 10, 384
faiss.omp_set_num_threads(t)
lim = threadpool_limits(limits=t, user_api="blas")
bp, qp = peers.dense_files(n, d, 1000)
B, Q = np.load(bp), np.load(qp)
sm = scoutmatch.DenseIndex(d, "ip"); sm.add(B)
fx = faiss.IndexFlatIP(d); fx.add(B)
qc = max(1, min(len(Q), (64 << 20) // n))
def np_batch():
    for lo in range(0, len(Q), qc):
        s = Q[lo:lo + qc] @ B.T
        part = np.argpartition(s, -k, axis=1)[:, -k:]
        np.take_along_axis(part, np.argsort(-np.take_along_axis(s, part, axis=1), axis=1), axis=1)
S = peers.interleaved({"sm": lambda: sm.search(Q, k, threads=t), "faiss": lambda: fx.search(Q, k), "numpy": np_batch}, reps)
med = {a: statistics.median(v) for a, v in S.items()}
print(f"BATCH n={n} t={t}: " + "  ".join(f"{a} {1000/m:.0f} QPS" for a, m in med.items()),
      f" sm/faiss={med['faiss']/med['sm']:.2f} sm/numpy={med['numpy']/med['sm']:.2f}", flush=True)
ns = int(min(1000, max(20, 3e9 / (n * d * 4))))
singles = [np.ascontiguousarray(Q[i:i + 1]) for i in range(ns)]
def mk_sm(tt):
    return lambda: [sm.search(q, k, threads=tt) for q in singles]
def mk_fx(tt):
    def f():
        faiss.omp_set_num_threads(tt)
        for q in singles: fx.search(q, k)
        faiss.omp_set_num_threads(t)
    return f
def mk_np(tt):
    def f():
        with threadpool_limits(limits=tt, user_api="blas"):
            for q in singles:
                s = B @ q[0]; p = np.argpartition(s, -k)[-k:]; p[np.argsort(-s[p])]
    return f
fns = {}
for tt in sorted({1, t}):
    fns[f"sm-{tt}"] = mk_sm(tt); fns[f"faiss-{tt}"] = mk_fx(tt); fns[f"numpy-{tt}"] = mk_np(tt)
S = peers.interleaved(fns, reps)
qps = {a: ns / statistics.median(v) for a, v in S.items()}
best_peer = max(v for a, v in qps.items() if not a.startswith("sm"))
best_sm = max(v for a, v in qps.items() if a.startswith("sm"))
print(f"SINGLE n={n} t={t}: " + "  ".join(f"{a} {v:.0f}" for a, v in qps.items()),
      f" sm_best/peer_best={best_sm/best_peer:.2f}  sm GB/s={best_sm*n*d*4/1e9:.1f}", flush=True)
_, a = sm.search(Q, k, threads=t); _, b = fx.search(Q, k)
print("recall vs faiss", peers.recall(a, b))
