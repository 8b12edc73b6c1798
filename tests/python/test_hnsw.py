"""HnswIndex: recall against a numpy brute force, filters (graph walk and exact scan),
padding, persistence, pickling and clear errors."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

import scoutmatch as sm


def data(n=1500, d=24, seed=1):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((n, d)) * (np.arange(d) + 1.0) ** -0.4).astype(np.float32)


def recall(got, truth):
    return np.mean([len(set(a) & set(b) - {-1}) / max(1, len(set(b) - {-1})) for a, b in zip(got, truth)])


@pytest.mark.parametrize("metric", ["ip", "cosine", "l2"])
def test_recall_against_brute_force(metric):
    x, q = data(), data(40, seed=2)
    ids = np.arange(1500, dtype=np.int64) * 2 + 5
    ix = sm.HnswIndex(24, metric, M=8, ef_construction=64)
    ix.add(x, ids, threads=1)
    assert len(ix) == 1500 and 5 in ix and 6 not in ix
    exact = sm.DenseIndex(24, metric)
    exact.add(x, ids)
    _, truth = exact.search(q, 10)
    scores, got = ix.search(q, 10, ef=64)
    assert recall(got, truth) >= 0.95
    assert scores.shape == (40, 10) and got.dtype == np.int64


def test_filters_pickle_and_errors(tmp_path):
    x, q = data(), data(20, seed=3)
    ix = sm.HnswIndex(24, "cosine", M=8, ef_construction=64)
    ix.add(x, threads=1)
    allowed = np.arange(0, 1500, 10)
    exact = sm.DenseIndex(24, "cosine")
    exact.add(x)
    _, truth = exact.search(q, 10, filter=allowed)
    for mode in ["auto", "graph", "exact"]:
        _, got = ix.search(q, 10, ef=64, filter=allowed, filter_mode=mode)
        assert set(got.ravel()) <= set(allowed)
        assert recall(got, truth) >= 0.95
    _, got = ix.search(q, 3, filter=[7])
    assert (got[:, 0] == 7).all() and (got[:, 1:] == -1).all()
    back = pickle.loads(pickle.dumps(ix))
    assert np.array_equal(back.search(q, 10)[1], ix.search(q, 10)[1])
    ix.save(tmp_path / "a.smh")
    assert np.array_equal(sm.HnswIndex.load(tmp_path / "a.smh").search(q, 10)[1], ix.search(q, 10)[1])
    with pytest.raises(sm.InvalidArgument, match=r"\[scoutmatch\.hnsw\.8\]"):
        sm.HnswIndex(24, M=1)
    with pytest.raises(sm.InvalidArgument, match=r"\[scoutmatch\.hnsw\.4\]"):
        ix.add(x[:2], [3, 3])
    with pytest.raises(sm.InvalidArgument, match=r"\[scoutmatch\.hnsw\.6\]"):
        ix.search(q, 10, filter_mode="fast")
    with pytest.raises(sm.FormatError):
        sm.HnswIndex.from_bytes(b"not an index")


@pytest.mark.parametrize("metric", ["ip", "cosine", "l2"])
def test_split_precision_scores_are_float32(metric):
    x, q = data(), data(30, seed=4)
    split = sm.HnswIndex(24, metric, M=8, ef_construction=64, precision="split")
    f32 = sm.HnswIndex(24, metric, M=8, ef_construction=64)
    split.add(x, threads=1)
    f32.add(x, threads=1)
    assert split.precision == "split" and f32.precision == "f32"
    assert "precision='split'" in repr(split)
    assert split.memory_bytes == f32.memory_bytes
    exact = sm.DenseIndex(24, metric)
    exact.add(x)
    _, truth = exact.search(q, 10)
    scores, got = split.search(q, 10, ef=64)
    assert recall(got, truth) >= 0.95
    # Every score is the float32 one: that of the float32 index's exact scan for the same id.
    everything = np.arange(1500)
    s32, i32 = f32.search(q, 1500, filter=everything, filter_mode="exact")
    for r in range(len(q)):
        want = dict(zip(i32[r].tolist(), s32[r].tolist()))
        assert [want[i] for i in got[r].tolist()] == scores[r].tolist()
    back = pickle.loads(pickle.dumps(split))
    assert back.precision == "split"
    assert np.array_equal(back.search(q, 10)[0], split.search(q, 10)[0])
    with pytest.raises(sm.InvalidArgument, match=r"\[scoutmatch\.hnsw\.8\]"):
        sm.HnswIndex(24, precision="bf16")
    if metric != "cosine":
        big = x[:1].copy()
        big[0, 3] = 3.4e38
        with pytest.raises(sm.InvalidArgument, match=r"\[scoutmatch\.hnsw\.11\]"):
            split.add(big)
        assert len(split) == 1500
