# Dense exact search side by side, a quick check next to peers.py's w_dense: scoutmatch
# DenseIndex (float32, precision="split": float32 results, and precision="bf16") vs FAISS IndexFlatIP vs numpy on the data of
# dense_files(), interleaved runs, medians; batch of 1,000 queries, then single queries
# (each system at 1 and `threads`) interleaved with the memory bandwidth (STREAM triad, as
# peers.py's w_limits), and bf16's recall@10 against float32.
# Usage (PYTHONPATH: the python/ folder of a -DSCOUTMATCH_BUILD_PYTHON=ON build dir;
# SM_PEERS_DATA: where the .npy files are kept, default build/peers/data):
#   OMP_WAIT_POLICY=PASSIVE PYTHONPATH=build-x/python \
#     build/peers-venv/bin/python bench/peers/dense_compare.py N threads reps
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np, faiss, peers, scoutmatch
from threadpoolctl import threadpool_limits
if os.environ.get("SM_PEERS_DATA"):
    peers.DATA = Path(os.environ["SM_PEERS_DATA"])
n, t, reps = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
k, d = 10, 384
faiss.omp_set_num_threads(t)
lim = threadpool_limits(limits=t, user_api="blas")
bp, qp = peers.dense_files(n, d, 1000)
B, Q = np.load(bp), np.load(qp)
sm = scoutmatch.DenseIndex(d, "ip"); sm.add(B)
smb = scoutmatch.DenseIndex(d, "ip", precision="bf16"); smb.add(B)
sms = scoutmatch.DenseIndex(d, "ip", precision="split"); sms.add(B)
fx = faiss.IndexFlatIP(d); fx.add(B)
print(f"MEMORY n={n}: f32 {sm.memory_bytes / n:.0f} B/profile ({sm.memory_bytes / 1e6:.0f} MB), "
      f"split {sms.memory_bytes / n:.0f} B/profile, "
      f"bf16 {smb.memory_bytes / n:.0f} B/profile ({smb.memory_bytes / 1e6:.0f} MB), raw f32 {d * 4} B",
      flush=True)
qc = max(1, min(len(Q), (64 << 20) // n))
def np_batch():
    for lo in range(0, len(Q), qc):
        s = Q[lo:lo + qc] @ B.T
        part = np.argpartition(s, -k, axis=1)[:, -k:]
        np.take_along_axis(part, np.argsort(-np.take_along_axis(s, part, axis=1), axis=1), axis=1)
S = peers.interleaved({"sm": lambda: sm.search(Q, k, threads=t), "sm-split": lambda: sms.search(Q, k, threads=t),
                       "sm-bf16": lambda: smb.search(Q, k, threads=t),
                       "faiss": lambda: fx.search(Q, k), "numpy": np_batch}, reps)
med = {a: statistics.median(v) for a, v in S.items()}
print(f"BATCH n={n} t={t}: " + "  ".join(f"{a} {1000/m:.0f} QPS" for a, m in med.items()),
      f" sm/faiss={med['faiss']/med['sm']:.2f} bf16/faiss={med['faiss']/med['sm-bf16']:.2f}"
      f" sm/numpy={med['numpy']/med['sm']:.2f}", flush=True)
ns = int(min(1000, max(20, 3e9 / (n * d * 4))))
singles = [np.ascontiguousarray(Q[i:i + 1]) for i in range(ns)]
def mk_sm(ix, tt):
    return lambda: [ix.search(q, k, threads=tt) for q in singles]
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
# The memory bandwidth in the same run: the STREAM triad of peers.py's w_limits, run
# between the single-query rounds (its own timing of the triad loop, median of 5 each).
tmp = tempfile.TemporaryDirectory()
exe = Path(tmp.name) / "triad"
cc = shutil.which("gcc") or shutil.which("cc")
if cc:
    (Path(tmp.name) / "triad.c").write_text(peers.TRIAD_SRC)
    subprocess.run([cc, "-O3", "-march=native", "-fopenmp", "-o", str(exe), str(Path(tmp.name) / "triad.c")],
                   check=True)
tn = 50_000_000  # 3 x 400 MB of doubles
triad = {}
def mk_triad(tt):
    triad[tt] = []
    def f():
        env = dict(os.environ, OMP_NUM_THREADS=str(tt), OMP_PROC_BIND="spread")
        sec = float(subprocess.run([str(exe), str(tn), "5"], env=env, check=True, capture_output=True,
                                   text=True).stdout.split()[0])
        triad[tt].append(24.0 * tn / sec / 1e9)
    return f
fns = {}
for tt in sorted({1, t}):
    fns[f"sm-{tt}"] = mk_sm(sm, tt); fns[f"sm-split-{tt}"] = mk_sm(sms, tt)
    fns[f"sm-bf16-{tt}"] = mk_sm(smb, tt)
    fns[f"faiss-{tt}"] = mk_fx(tt); fns[f"numpy-{tt}"] = mk_np(tt)
    if cc:
        fns[f"triad-{tt}"] = mk_triad(tt)
S = peers.interleaved(fns, reps)
qps = {a: ns / statistics.median(v) for a, v in S.items() if not a.startswith("triad")}
# GB/s of matrix bytes read per second: float32 4 bytes a value, bf16 and split's high
# plane 2 (split's rescored rows not counted: a few hundred rows of 1.5 KB a query).
gbs = {a: v * n * d * (2 if "bf16" in a or "split" in a else 4) / 1e9 for a, v in qps.items()}
best_peer = max(v for a, v in qps.items() if not a.startswith("sm"))
best_sm = max(v for a, v in qps.items() if a.startswith("sm") and "bf16" not in a and "split" not in a)
best_split = max(v for a, v in qps.items() if "split" in a)
best_bf = max(v for a, v in qps.items() if "bf16" in a)
print(f"SINGLE n={n} t={t}: " + "  ".join(f"{a} {v:.1f} QPS ({gbs[a]:.1f} GB/s)" for a, v in qps.items()),
      f"\n  sm_best/peer_best={best_sm/best_peer:.2f}  split_best/peer_best={best_split/best_peer:.2f}"
      f"  bf16_best/peer_best={best_bf/best_peer:.2f}", flush=True)
for tt, v in triad.items():
    bw = statistics.median(v)
    print(f"TRIAD t={tt}: {bw:.1f} GB/s (median of {len(v)}, interleaved); sm-{tt} {gbs[f'sm-{tt}'] / bw:.0%}, "
          f"sm-split-{tt} {gbs[f'sm-split-{tt}'] / bw:.0%}, "
          f"sm-bf16-{tt} {gbs[f'sm-bf16-{tt}'] / bw:.0%}, faiss-{tt} {gbs[f'faiss-{tt}'] / bw:.0%}, "
          f"numpy-{tt} {gbs[f'numpy-{tt}'] / bw:.0%} of it", flush=True)

_, a = sm.search(Q, k, threads=t); _, b = fx.search(Q, k); _, c = smb.search(Q, k, threads=t)
print("recall vs faiss", peers.recall(a, b), " bf16 recall@10 vs f32", peers.recall(c, a))
# split gives float32's results: the same ids and the same score bits, single and batch.
ss, si = sms.search(Q, k, threads=t); fs, fi = sm.search(Q, k, threads=t)
one = [(sms.search(q, k, threads=t), sm.search(q, k, threads=t)) for q in singles[:20]]
same_single = all(np.array_equal(a[1], b[1]) and np.array_equal(a[0], b[0]) for a, b in one)
print("split == f32: batch", np.array_equal(si, fi) and np.array_equal(ss, fs), " single (20)", same_single)
