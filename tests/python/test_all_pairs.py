"""DenseIndex.all_pairs: both directions equal two searches, shapes, padding and errors."""

from __future__ import annotations

import numpy as np
import pytest

import scoutmatch as sm


@pytest.mark.parametrize("metric", ["ip", "cosine", "l2"])
def test_all_pairs_equals_two_searches(metric):
    rng = np.random.default_rng(3)
    xa = rng.standard_normal((700, 40)).astype(np.float32)
    xb = rng.standard_normal((130, 40)).astype(np.float32)
    a, b = sm.DenseIndex(40, metric), sm.DenseIndex(40, metric)
    a.add(xa)
    b.add(xb, np.arange(130, dtype=np.int64) * 2 + 5)
    (sa, ia), (sb, ib) = a.all_pairs(b, 7, threads=2)
    assert sa.shape == (700, 7) and sb.shape == (130, 7) and ia.dtype == np.int64
    ra, rb = b.search(xa, 7, threads=2), a.search(xb, 7, threads=2)
    assert np.array_equal(ia, ra[1]) and np.array_equal(sa, ra[0])
    assert np.array_equal(ib, rb[1]) and np.array_equal(sb, rb[0])


def test_all_pairs_pads_and_rejects_bad_input():
    a, b = sm.DenseIndex(4), sm.DenseIndex(4)
    a.add(np.eye(4, dtype=np.float32))
    b.add(np.ones((2, 4), dtype=np.float32))
    (sa, ia), (sb, ib) = a.all_pairs(b, 3)
    assert np.all(ia[:, 2] == -1) and np.all(np.isnan(sa[:, 2]))
    assert ib.shape == (2, 3) and np.array_equal(ib[0], [0, 1, 2])
    (_, self_ids), _ = a.all_pairs(a, 1)
    assert np.array_equal(self_ids[:, 0], [0, 1, 2, 3])
    with pytest.raises(sm.InvalidArgument, match=r"scoutmatch\.dense\.11"):
        a.all_pairs(sm.DenseIndex(5))
    with pytest.raises(sm.InvalidArgument, match=r"scoutmatch\.dense\.12"):
        a.all_pairs(sm.DenseIndex(4, "cosine"))
    with pytest.raises(sm.InvalidArgument, match=r"scoutmatch\.dense\.6"):
        a.all_pairs(b, 0)
