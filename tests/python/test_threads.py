"""Several Python threads search one index at once (the GIL is released in C++); the
results equal the single-threaded ones."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

import scoutmatch as sm


def test_eight_threads_recommend_batch_equal_single_threaded(demo_index):
    ids = demo_index.ids
    ref = demo_index.recommend_batch(ids, k=10, threads=1)
    ref_one = [[m.id for m in demo_index.recommend(q, k=5, explain=True)] for q in ids[:40]]

    def work(t):
        out = []
        for _ in range(3):
            s, i = demo_index.recommend_batch(ids, k=10, threads=2)
            out.append(np.array_equal(s, ref[0], equal_nan=True) and np.array_equal(i, ref[1]))
            mine = [[m.id for m in demo_index.recommend(q, k=5, explain=True)] for q in ids[:40][t::8]]
            out.append(mine == ref_one[t::8])
        return all(out)

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(work, range(8)))


def test_eight_threads_dense_search_equal_single_threaded():
    rng = np.random.default_rng(3)
    ix = sm.DenseIndex(32, "cosine")
    ix.add(rng.standard_normal((20_000, 32)).astype(np.float32))
    q = rng.standard_normal((64, 32)).astype(np.float32)
    ref = ix.search(q, 10, threads=1)
    barrier = threading.Barrier(8)

    def work(_):
        barrier.wait()
        return [ix.search(q, 10) for _ in range(3)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        for results in pool.map(work, range(8)):
            for s, i in results:
                assert np.array_equal(s, ref[0]) and np.array_equal(i, ref[1])


def test_searches_during_add_see_a_consistent_index(demo_records):
    ix = sm.Index.build(demo_records[:150])
    first = set(ix.ids)
    stop = threading.Event()
    errors = []

    def search():
        while not stop.is_set():
            _, got = ix.recommend_batch(demo_records[0]["id"], k=5)
            if got.shape != (1, 5):
                errors.append(got.shape)

    threads = [threading.Thread(target=search) for _ in range(4)]
    for t in threads:
        t.start()
    ix.add(demo_records[150:])
    stop.set()
    for t in threads:
        t.join()
    assert not errors and set(ix.ids) > first
