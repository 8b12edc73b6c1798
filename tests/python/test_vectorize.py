"""scoutmatch.vectorize: the BM25F document-term matrix, checked against the formula by hand,
against the index's own scores, and for its inputs and errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

import scoutmatch as sm


def dense(m: sm.TermMatrix) -> np.ndarray:
    out = np.zeros(m.shape, dtype=np.float64)
    for i in range(m.shape[0]):
        lo, hi = m.indptr[i], m.indptr[i + 1]
        out[i, m.indices[lo:hi]] = m.data[lo:hi]
    return out


def test_values_follow_the_bm25f_formula():
    docs = ["alpha beta beta", "beta gamma", "delta"]
    m = sm.vectorize(docs, lang="en", stem=False, stop_words=False, decompound=False, threads=1)
    assert m.terms == ["alpha", "beta", "delta", "gamma"]
    assert m.shape == (3, 4) and m.ids is None
    assert m.data.dtype == np.float32 and m.indices.dtype == np.int32 and m.indptr.dtype == np.int64
    assert m.indptr.tolist() == [0, 2, 4, 5] and m.indices.tolist() == [0, 1, 1, 3, 2]
    k1, b, n = 1.2, 0.75, 3
    lengths, avg = [3, 2, 1], 2.0
    tf = {(0, "alpha"): 1, (0, "beta"): 2, (1, "beta"): 1, (1, "gamma"): 1, (2, "delta"): 1}
    df = {"alpha": 1, "beta": 2, "gamma": 1, "delta": 1}
    idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
    want = np.zeros((3, 4))
    for (row, term), f in tf.items():
        sat = f * (k1 + 1) / (f + k1 * (1 - b + b * lengths[row] / avg))
        want[row, m.terms.index(term)] = sat * math.sqrt(idf[term])
    np.testing.assert_allclose(dense(m), want, rtol=1e-6)
    np.testing.assert_allclose(m.idf, [idf[t] for t in m.terms], rtol=1e-6)
    # k1 and b reach the weights.
    m2 = sm.vectorize(docs, lang="en", stem=False, stop_words=False, k1=2.0, b=0.0)
    sat = 2 * 3.0 / (2 + 2.0)
    assert m2.data[1] == pytest.approx(sat * math.sqrt(idf["beta"]), rel=1e-6)


def test_row_products_are_the_index_text_scores():
    texts = [
        "Laser welding of aluminium car bodies and robot cells",
        "Robot vision and machine learning for welding inspection",
        "Hydrogen fuel cells, electrolysis and storage",
        "Fuel cell test benches for trucks",
        "Timber construction and wood composites",
    ]
    records = [{"id": f"d{i}", "kind": "research", "text": t, "lang": "en"} for i, t in enumerate(texts)]
    m = sm.vectorize(records)
    assert m.ids == [r["id"] for r in records]
    gram = dense(m) @ dense(m).T
    index = sm.Index.build(records)
    checked = 0
    for i, r in enumerate(records):
        for match in index.recommend(r["id"], k=len(records)):
            j = m.ids.index(match.id)
            assert match.score == pytest.approx(gram[i, j], rel=1e-5)
            checked += 1
    assert checked >= 6  # the welding pair, the fuel-cell pair, both directions, and more


def test_texts_and_records_give_the_same_matrix_and_threads_do_not_change_it():
    texts = ["Wasserstofftechnologie für Brennstoffzellen", "Wasserstoff und Robotik", "Holzbau"]
    a = sm.vectorize(texts, lang="de", threads=1)
    b = sm.vectorize([{"id": str(i), "text": t, "lang": "de"} for i, t in enumerate(texts)], threads=2)
    for name in ("data", "indices", "indptr", "idf"):
        assert np.array_equal(getattr(a, name), getattr(b, name))
    assert a.terms == b.terms and a.shape == b.shape


def test_german_compounds_meet_their_parts():
    m = sm.vectorize(["Wasserstofftechnologie", "Wasserstoff", "Holzbau"], lang="de")
    assert "wasserstoff" in m.terms
    col = m.terms.index("wasserstoff")
    rows = [i for i in range(3) if col in m.indices[m.indptr[i]:m.indptr[i + 1]]]
    assert rows == [0, 1]
    gram = dense(m) @ dense(m).T
    assert gram[0, 1] > 0 and gram[0, 2] == 0


def test_path_input_and_scipy(demo_path, demo_index):
    m = sm.vectorize(demo_path)
    assert m.shape[0] == len(demo_index) and m.ids == demo_index.ids
    assert m.indptr[-1] == m.nnz == len(m.indices)
    for i in range(m.shape[0]):  # ascending columns in every row
        assert np.all(np.diff(m.indices[m.indptr[i]:m.indptr[i + 1]]) > 0)
    scipy_sparse = pytest.importorskip("scipy.sparse")
    x = m.to_scipy()
    assert isinstance(x, scipy_sparse.csr_array) and x.shape == m.shape
    assert np.shares_memory(x.data, m.data)
    assert "TermMatrix(" in repr(m)


def test_generators_of_texts_and_of_records():
    texts = ["Laser welding", "Robot welding cells"]
    a = sm.vectorize(t for t in texts)
    b = sm.vectorize(texts)
    assert a.terms == b.terms and np.array_equal(a.data, b.data)
    c = sm.vectorize({"id": str(i), "text": t} for i, t in enumerate(texts))
    assert c.ids == ["0", "1"] and c.terms == b.terms


def test_empty_input():
    m = sm.vectorize([])
    assert m.shape == (0, 0) and m.nnz == 0 and m.indptr.tolist() == [0]


def test_errors_have_ids():
    with pytest.raises(sm.InvalidArgument, match=r"scoutmatch\.python\.15.*documents\[1\] is int"):
        sm.vectorize(["text", 3])
    with pytest.raises(sm.InvalidArgument, match=r"scoutmatch\.python\.8"):
        sm.vectorize(["text"], lang="fr")
    with pytest.raises(sm.InvalidArgument, match=r"scoutmatch\.options\.bm25"):
        sm.vectorize(["text"], k1=0)
    with pytest.raises(sm.ParseError, match=r"scoutmatch\.io\.parse\.6"):
        sm.vectorize(["ok", "\ud800"])
    with pytest.raises(sm.ParseError, match=r"scoutmatch\.io\.parse\.3"):
        sm.vectorize([{"text": "no id"}])
    with pytest.raises(sm.ParseError, match=r"scoutmatch\.io\.parse\.13.*not bytes"):
        sm.vectorize([b"bytes are not texts"])
    with pytest.raises(sm.InvalidArgument, match=r"scoutmatch\.python\.5"):
        sm.vectorize(5)
    with pytest.raises(sm.InvalidArgument, match=r"scoutmatch\.python\.5.*NoneType"):
        sm.vectorize(None)
    with pytest.raises(sm.InvalidArgument, match=r"scoutmatch\.python\.5.*NoneType"):
        sm.Index.build(None)
    with pytest.raises(TypeError, match="semantic_dims"):
        sm.vectorize(["text"], semantic_dims=8)
    with pytest.raises(sm.FileError):
        sm.vectorize("/nonexistent/profiles.jsonl")
