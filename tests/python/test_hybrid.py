"""HybridIndex: BM25F fused with dense embeddings (made here, no model download)."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

import scoutmatch as sm


@pytest.fixture(scope="module")
def embeddings(demo_index):
    # A fixed random projection of a bag of hashed words: similar texts, similar vectors.
    rng = np.random.default_rng(0)
    table = rng.standard_normal((4096, 32)).astype(np.float32)
    out = []
    for p in demo_index.profiles:
        words = (p.text + " " + p.competences + " " + p.offers).lower().split()
        v = np.zeros(32, dtype=np.float32)
        for w in words:
            v += table[hash(w) % 4096]
        out.append(v if words else np.ones(32, dtype=np.float32))
    return np.stack(out)


def test_weight_zero_is_bm25_and_one_is_dense(demo_index, embeddings):
    h = sm.HybridIndex(demo_index, embeddings)
    q = "swf-c-001"
    bm25 = [m.id for m in demo_index.recommend(q, k=10, kind="university")]
    assert [m.id for m in h.recommend(q, k=10, kind="university", weight=0.0)] == bm25
    dense_only = h.recommend(q, k=10, kind="university", weight=1.0)
    doc = demo_index.doc(q)
    allowed = [i for i, p in enumerate(demo_index.profiles) if p.kind == "university"]
    _, ref = h.dense.search(embeddings[doc : doc + 1], 10, filter=allowed)
    assert [m.doc for m in dense_only] == ref[0].tolist()
    assert all(m.kind == "university" for m in dense_only)


def test_rrf_and_weighted_fusion(demo_index, embeddings):
    h = sm.HybridIndex(demo_index, embeddings, metric="l2")
    for fusion in ("rrf", "weighted"):
        ms = h.recommend("swf-c-001", k=8, fusion=fusion, weight=0.5)
        assert len(ms) == 8 and [m.rank for m in ms] == list(range(1, 9))
        assert all(ms[i].score >= ms[i + 1].score for i in range(7))
        assert "swf-c-001" not in [m.id for m in ms]
    top = h.recommend("swf-c-001", k=1, fusion="rrf", weight=0.5, rrf_k=60)[0]
    expected = 0.0
    if top.bm25_rank:
        expected += 0.5 / (60 + top.bm25_rank)
    if top.dense_rank:
        expected += 0.5 / (60 + top.dense_rank)
    assert top.score == pytest.approx(expected)
    with pytest.raises(sm.InvalidArgument):
        h.recommend("swf-c-001", fusion="max")


def test_profiles_carry_their_embedding(demo_records, embeddings):
    recs = [dict(r, embedding=embeddings[i]) for i, r in enumerate(demo_records)]
    h = sm.HybridIndex.build(recs)
    text_only = h.recommend(text="Wasserstoff Brennstoffzelle", k=5)
    assert [m.id for m in text_only] == [m.id for m in h.index.recommend(text="Wasserstoff Brennstoffzelle", k=5)]
    with_vec = h.recommend(text="Wasserstoff Brennstoffzelle", vector=embeddings[3], k=5)
    assert len(with_vec) == 5
    back = pickle.loads(pickle.dumps(h))
    assert [m.id for m in back.recommend("swf-c-001", k=5)] == [m.id for m in h.recommend("swf-c-001", k=5)]


def test_lsa_space_built_from_the_profiles(demo_records):
    """semantic_dims: an LSA space fitted on the profiles takes the embeddings' place."""
    recs = [
        {"id": "c1", "kind": "company", "text": "car engine repair"},
        {"id": "c2", "kind": "company", "text": "car wheel production"},
        {"id": "a1", "kind": "research", "text": "automobile engine design"},
        {"id": "a2", "kind": "research", "text": "automobile wheel testing"},
        {"id": "b1", "kind": "research", "text": "car automobile dealership"},
        {"id": "f1", "kind": "research", "text": "banana fruit import"},
        {"id": "f2", "kind": "research", "text": "apple fruit orchard"},
    ]
    plain = sm.Index.build(recs)
    lsa = sm.Index.build(recs, semantic_dims=2)
    assert lsa.options["semantic_dims"] == 2 and plain.options["semantic_dims"] == 0
    assert "a1" not in [m.id for m in plain.recommend(text="car", k=7)]
    got = [m.id for m in lsa.recommend(text="car", k=7)]
    assert got.index("a1") < got.index("f1")
    back = pickle.loads(pickle.dumps(lsa))
    assert [m.id for m in back.recommend(text="car", k=7)] == got
    with pytest.raises(sm.InvalidArgument) as e:
        sm.Index.build(recs, semantic_dims=5000)
    assert e.value.id == "scoutmatch.lsa.1"
