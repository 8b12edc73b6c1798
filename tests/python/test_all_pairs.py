"""DenseIndex.all_pairs: both directions equal two searches, shapes, padding and errors; Index.all_pairs
(text): both directions equal brute force over the explained text scores, ids or document numbers, errors."""

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


def _text_top(index, query_id, group, k):
    """Brute force: the best k of `group` for `query_id` by the BM25F text score."""
    ms = index.recommend(query_id, k=len(index), explain=True, weights={"text": 1.0})
    score = {m.id: m.explanation.text_score for m in ms if m.id in group}
    best = sorted(((s, index.doc(i)) for i, s in score.items() if s > 0), key=lambda x: (-x[0], x[1]))
    return best[:k]


def test_index_all_pairs_equals_text_scores_both_ways(demo_index):
    companies = [p.id for p in demo_index.profiles if p.kind == "company"]
    partners = [p.id for p in demo_index.profiles if p.kind in ("university", "research")]
    assert len(companies) > 10 and len(partners) > 10
    (sa, ia), (sb, ib) = demo_index.all_pairs(companies, partners, 5, threads=2)
    assert sa.shape == (len(companies), 5) and ib.shape == (len(partners), 5) and ia.dtype == object
    for rows, scores, ids, other in ((companies, sa, ia, set(partners)), (partners, sb, ib, set(companies))):
        for i, q in enumerate(rows):
            want = _text_top(demo_index, q, other, 5)
            n = int((ids[i] != "").sum())
            assert n == len(want), q
            np.testing.assert_allclose(scores[i, :n], [s for s, _ in want], rtol=1e-5)
            # Equal up to the order of near-equal scores (another order of additions).
            for j in range(n):
                if j + 1 < n and abs(want[j][0] - want[j + 1][0]) < 1e-5 * want[j][0]:
                    continue
                if j > 0 and abs(want[j][0] - want[j - 1][0]) < 1e-5 * want[j][0]:
                    continue
                assert ids[i, j] == demo_index.ids[want[j][1]], (q, j)
            assert np.all(np.isnan(scores[i, n:]))
    # Document numbers in and out, the same result.
    da = np.array([demo_index.doc(c) for c in companies], dtype=np.int64)
    db = [demo_index.doc(p) for p in partners]
    (sa2, ia2), (sb2, ib2) = demo_index.all_pairs(da, db, 5, return_docs=True)
    assert ia2.dtype == np.int64 and np.array_equal(sa2, sa, equal_nan=True)
    assert [demo_index.ids[d] if d >= 0 else "" for d in ia2.ravel()] == list(ia.ravel())
    # One group against itself: nobody is their own partner.
    (_, self_ids), _ = demo_index.all_pairs(companies, companies, 3)
    assert all(self_ids[i, 0] != c for i, c in enumerate(companies))


def test_index_all_pairs_rejects_bad_input(demo_index):
    ids = demo_index.ids[:3]
    with pytest.raises(sm.NotFound):
        demo_index.all_pairs(ids, ["no such profile"])
    with pytest.raises(sm.InvalidArgument, match=r"scoutmatch\.search\.2"):
        demo_index.all_pairs(ids, ids, 0)
    with pytest.raises(sm.InvalidArgument, match=r"scoutmatch\.search\.3"):
        demo_index.all_pairs([0, len(demo_index)], ids)
    with pytest.raises(sm.InvalidArgument, match=r"scoutmatch\.search\.3"):
        demo_index.all_pairs([-1], ids)
    with pytest.raises(sm.InvalidArgument, match=r"scoutmatch\.python\.14"):
        demo_index.all_pairs([0, "x"], ids)
