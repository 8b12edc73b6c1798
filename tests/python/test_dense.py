"""DenseIndex: exact results equal to a numpy brute force, padding, filters, removal,
persistence, pickling and clear errors for wrong arrays."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

import scoutmatch as sm


def brute(x, ids, q, k, metric):
    if metric == "cosine":
        x = x / np.linalg.norm(x, axis=1, keepdims=True)
        q = q / np.linalg.norm(q, axis=1, keepdims=True)
    if metric == "l2":
        s = ((q[:, None, :].astype(np.float64) - x[None, :, :]) ** 2).sum(-1)
        order = np.argsort(s, axis=1, kind="stable")[:, :k]
    else:
        s = q.astype(np.float64) @ x.T.astype(np.float64)
        order = np.argsort(-s, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(s, order, 1), ids[order]


@pytest.mark.parametrize("metric", ["ip", "cosine", "l2"])
def test_search_equals_brute_force(metric):
    rng = np.random.default_rng(7)
    x = rng.standard_normal((2000, 24)).astype(np.float32)
    ids = rng.permutation(10_000)[:2000].astype(np.int64)
    q = rng.standard_normal((33, 24)).astype(np.float32)
    ix = sm.DenseIndex(24, metric)
    ix.add(x, ids)
    scores, got = ix.search(q, 10)
    assert scores.dtype == np.float32 and got.dtype == np.int64 and scores.shape == (33, 10)
    ref_s, ref_ids = brute(x, ids, q, 10, metric)
    assert np.array_equal(got, ref_ids)
    np.testing.assert_allclose(scores, ref_s, rtol=1e-4, atol=1e-4)
    assert np.array_equal(ix.search(q, 10, threads=1)[1], got)


def test_integer_data_is_exact_with_ties_in_insertion_order():
    x = np.array([[1, 0], [1, 0], [0, 1], [1, 0]], dtype=np.float32)
    ix = sm.DenseIndex(2)
    ix.add(x, np.array([40, 10, 30, 20]))
    s, i = ix.search(np.array([[1, 0]], dtype=np.float32), 4)
    assert i.tolist() == [[40, 10, 20, 30]] and s.tolist() == [[1, 1, 1, 0]]


def test_padding_filter_remove_and_auto_ids():
    ix = sm.DenseIndex(3, "l2")
    ix.add(np.eye(3, dtype=np.float32))
    assert ix.ids.tolist() == [0, 1, 2] and len(ix) == 3 and 1 in ix
    s, i = ix.search(np.array([[1, 0, 0]], dtype=np.float32), 5)
    assert i[0, :3].tolist() == [0, 1, 2] and i[0, 3:].tolist() == [-1, -1] and np.isnan(s[0, 3:]).all()
    s, i = ix.search(np.array([[1, 0, 0]], dtype=np.float32), 2, filter=[2, 1, 99])
    assert i.tolist() == [[1, 2]]
    ix.remove([1])
    assert ix.ids.tolist() == [0, 2] and 1 not in ix
    ix.add(np.ones((1, 3), dtype=np.float32))
    assert ix.ids.tolist() == [0, 2, 3]


def test_save_load_pickle(tmp_path):
    rng = np.random.default_rng(1)
    ix = sm.DenseIndex(8, "cosine")
    ix.add(rng.standard_normal((100, 8)).astype(np.float32))
    q = rng.standard_normal((5, 8)).astype(np.float32)
    ref = ix.search(q, 7)
    ix.save(tmp_path / "v.smd")
    for other in (sm.DenseIndex.load(tmp_path / "v.smd"), pickle.loads(pickle.dumps(ix)),
                  sm.DenseIndex.from_bytes(ix.to_bytes())):
        got = other.search(q, 7)
        assert np.array_equal(got[0], ref[0]) and np.array_equal(got[1], ref[1])
        assert other.metric == "cosine" and other.dim == 8
    with pytest.raises(sm.FormatError):
        sm.DenseIndex.from_bytes(ix.to_bytes()[:-3])


def test_wrong_arrays_get_clear_errors():
    ix = sm.DenseIndex(4)
    good = np.ones((2, 4), dtype=np.float32)
    ix.add(good)
    cases = [
        (lambda: ix.add(np.ones((2, 4))), "scoutmatch.python.2", "float32"),
        (lambda: ix.add(np.ones((2, 5), dtype=np.float32)), "scoutmatch.python.3", "shape"),
        (lambda: ix.search(np.ones(4, dtype=np.float32), 1), "scoutmatch.python.3", "reshape"),
        (lambda: ix.add(np.ones((4, 2), dtype=np.float32).T), "scoutmatch.python.4", "contiguous"),
        (lambda: ix.search(np.ones((8, 4), dtype=np.float32)[::2], 1), "scoutmatch.python.4", "contiguous"),
        (lambda: ix.search([[1.0, 2.0, 3.0, 4.0]], 1), "scoutmatch.python.1", "numpy array"),
        (lambda: ix.add(np.array([[1, np.nan, 0, 0]], dtype=np.float32)), "scoutmatch.dense.3", "NaN"),
        (lambda: ix.search(np.array([[np.inf, 0, 0, 0]], dtype=np.float32), 1), "scoutmatch.dense.3", "NaN"),
        (lambda: ix.search(good, 0), "scoutmatch.dense.6", "k must be"),
        (lambda: ix.search(good, -1), "scoutmatch.dense.6", "k must be"),
        (lambda: ix.add(good, ids=[0, 1]), "scoutmatch.dense.4", "already"),
        (lambda: ix.add(good, ids=[7]), "scoutmatch.dense.2", "ids"),
        (lambda: ix.add(good[:1], ids=[-5]), "scoutmatch.dense.10", "negative"),
        (lambda: sm.DenseIndex(4, "dot"), "scoutmatch.dense.8", "metric"),
        (lambda: sm.DenseIndex(0), "scoutmatch.dense.1", "dimension"),
        (lambda: sm.DenseIndex(2, "cosine").add(np.zeros((1, 2), dtype=np.float32)), "scoutmatch.dense.7", "zeros"),
    ]
    for f, error_id, words in cases:
        with pytest.raises(sm.InvalidArgument) as e:
            f()
        assert e.value.id == error_id and words in str(e.value), (error_id, str(e.value))
    with pytest.raises(sm.NotFound) as e:
        ix.remove([12345])
    assert e.value.id == "scoutmatch.dense.5" and isinstance(e.value, KeyError)
    assert len(ix) == 2  # failed calls changed nothing


def test_add_reads_float32_input_in_place_and_results_are_fresh_arrays():
    ix = sm.DenseIndex(4)
    x = np.arange(40, dtype=np.float32).reshape(10, 4)
    ix.add(x)
    x[:] = 0  # the index keeps its own copy of the data
    s, i = ix.search(np.ones((1, 4), dtype=np.float32), 1)
    assert i[0, 0] == 9 and s.flags["C_CONTIGUOUS"] and s.flags["OWNDATA"] is False and s.base is not None


def test_bf16_precision_recall_memory_persistence_and_errors(tmp_path):
    rng = np.random.default_rng(11)
    d = 64
    x = rng.standard_normal((3000, d)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    q = rng.standard_normal((50, d)).astype(np.float32)
    f32 = sm.DenseIndex(d, "ip")
    bf = sm.DenseIndex(d, "ip", precision="bf16")
    f32.add(x)
    bf.add(x)
    assert bf.precision == "bf16" and f32.precision == "f32"
    assert "bf16" in repr(bf)
    assert bf.memory_bytes < 0.6 * f32.memory_bytes
    s32, i32 = f32.search(q, 10)
    s16, i16 = bf.search(q, 10)
    hits = sum(len(set(a) & set(b)) for a, b in zip(i16.tolist(), i32.tolist()))
    assert hits / i32.size >= 0.95
    np.testing.assert_allclose(s16, s32, atol=0.05)
    bf.save(tmp_path / "bf.smd")
    back = sm.DenseIndex.load(tmp_path / "bf.smd")
    assert back.precision == "bf16"
    np.testing.assert_array_equal(back.search(q, 10)[1], i16)
    again = pickle.loads(pickle.dumps(bf))
    assert again.precision == "bf16"
    np.testing.assert_array_equal(again.search(q, 10)[1], i16)
    with pytest.raises(sm.InvalidArgument) as e:
        sm.DenseIndex(d, "ip", precision="fp8")
    assert e.value.id == "scoutmatch.dense.13"
    with pytest.raises(sm.InvalidArgument) as e:
        bf.all_pairs(f32)
    assert e.value.id == "scoutmatch.dense.14"


def test_split_precision_gives_float32_results_single_and_batch(tmp_path):
    rng = np.random.default_rng(12)
    d = 48
    x = (rng.standard_normal((4000, d)) * 2).astype(np.float32)
    q = rng.standard_normal((9, d)).astype(np.float32)
    for metric in ("ip", "cosine", "l2"):
        f32 = sm.DenseIndex(d, metric)
        sp = sm.DenseIndex(d, metric, precision="split")
        f32.add(x)
        sp.add(x)
        assert sp.precision == "split" and "split" in repr(sp)
        # same ids and the same score bits: batches, and one query at a time
        for a, b in zip(sp.search(q, 10), f32.search(q, 10)):
            np.testing.assert_array_equal(a, b)
        for i in range(len(q)):
            for a, b in zip(sp.search(q[i:i + 1], 10, threads=1), f32.search(q[i:i + 1], 10, threads=1)):
                np.testing.assert_array_equal(a, b)
        assert sp.memory_bytes <= f32.memory_bytes + 4 * len(x) + 64
    sp.save(tmp_path / "sp.smd")
    back = sm.DenseIndex.load(tmp_path / "sp.smd")
    assert back.precision == "split"
    np.testing.assert_array_equal(back.search(q[:1], 10)[1], sp.search(q[:1], 10)[1])
    again = pickle.loads(pickle.dumps(sp))
    np.testing.assert_array_equal(again.search(q, 5)[0], sp.search(q, 5)[0])
    big = np.full((1, d), 3.4e38, dtype=np.float32)
    with pytest.raises(sm.InvalidArgument) as e:
        sp.add(big)
    assert e.value.id == "scoutmatch.dense.15"
    # all pairs: the float32 results, in one pass (ip) and by two searches (l2)
    for metric in ("ip", "l2"):
        f32 = sm.DenseIndex(d, metric)
        sp = sm.DenseIndex(d, metric, precision="split")
        f32.add(x[:300])
        sp.add(x[:300])
        other = sm.DenseIndex(d, metric, precision="split")
        other.add(x[300:500])
        for a, b in zip(sp.all_pairs(other, 5), f32.all_pairs(other, 5)):
            for u, v in zip(a, b):
                np.testing.assert_array_equal(u, v)
