"""The profile index from Python: building from paths, dicts and DataFrames, recommend,
batches, persistence, pickling, evaluation, add/remove."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess

import numpy as np
import pytest

import scoutmatch
from conftest import ROOT


def same_batch(a, b):
    assert a[0].shape == b[0].shape
    assert np.array_equal(a[0], b[0], equal_nan=True)
    assert np.array_equal(a[1], b[1])


def test_version_and_exports():
    assert scoutmatch.__version__ == "0.1.0"
    assert issubclass(scoutmatch.ParseError, scoutmatch.Error)
    assert os.path.exists(os.path.join(os.path.dirname(scoutmatch.__file__), "py.typed"))


def test_build_from_path_list_and_dataframe_give_the_same_index(demo_path, demo_records, demo_index):
    pd = pytest.importorskip("pandas")
    from_list = scoutmatch.Index.build(demo_records)
    from_df = scoutmatch.Index.build(pd.DataFrame(demo_records))
    from_profiles = scoutmatch.Index.build(scoutmatch.read_profiles(demo_path))
    ids = demo_index.ids
    ref = demo_index.recommend_batch(ids, k=10)
    for other in (from_list, from_df, from_profiles):
        assert other.ids == ids
        same_batch(other.recommend_batch(ids, k=10), ref)


def test_long_texts_from_temporary_records_are_kept():
    # Long text fields are copied after all records are read: records that exist only
    # while iterated (a generator's dicts, non-ASCII text) must still arrive whole.
    def records():
        for i in range(300):
            yield {"id": f"p{i}", "text": f"Wasserstoff Prüfstand {i} " * (20 + i % 7),
                   "needs": "x" * 300 if i % 2 else "kurz", "offers": "ß" * (200 + i)}

    ix = scoutmatch.Index.build(records())
    for rec in records():
        p = ix.profile(rec["id"])
        assert (p.text, p.needs, p.offers) == (rec["text"], rec["needs"], rec["offers"])


def test_len_contains_profiles(demo_index, demo_records):
    assert len(demo_index) == len(demo_records)
    assert demo_records[0]["id"] in demo_index
    assert "no-such-id" not in demo_index
    assert 42 not in demo_index
    p = demo_index.profile(demo_records[0]["id"])
    assert p.name == demo_records[0]["name"]
    assert p.kind == demo_records[0]["kind"]
    assert p.to_dict()["id"] == demo_records[0]["id"]


def test_recommend_returns_matches_with_explanations(demo_index):
    ms = demo_index.recommend("swf-c-001", k=5, kind=["university", "research"], explain=True)
    assert 1 <= len(ms) <= 5
    assert [m.rank for m in ms] == list(range(1, len(ms) + 1))
    assert all(m.kind in ("university", "research") for m in ms)
    assert all(ms[i].score >= ms[i + 1].score for i in range(len(ms) - 1))
    assert all(m.id != "swf-c-001" for m in ms)
    e = ms[0].explanation
    assert e is not None and e.terms
    assert 0 < e.terms[0].share <= 1
    assert set(e.fields) <= {"name", "text", "competences", "offers", "needs", "keywords"}
    assert demo_index.recommend("swf-c-001", k=3)[0].explanation is None


def test_recommend_text_filters_and_modes(demo_index):
    ms = demo_index.recommend(text="Wasserstofftechnologie Prüfstand", k=10, kind="research")
    assert ms and all(m.kind == "research" for m in ms)
    near = demo_index.recommend(text="Leichtbau", k=50, near=(50.87, 8.02), within_km=30, explain=True)
    assert all(m.explanation.distance_km <= 30 for m in near)
    assert demo_index.recommend("swf-c-001", k=3, include_self=True)[0].id == "swf-c-001"
    excluded = demo_index.recommend("swf-c-001", k=3, exclude=["swf-u-001"])
    assert "swf-u-001" not in [m.id for m in excluded]
    needs = demo_index.recommend("swf-c-001", mode="needs", k=5)
    assert needs and needs != demo_index.recommend("swf-c-001", k=5)
    de = demo_index.recommend(text="Leichtbau", country="DE", k=5)
    assert all(demo_index.profile(m.id).country == "DE" for m in de)


def test_recommend_batch_equals_single_queries_and_pads(demo_index):
    ids = demo_index.ids[:20]
    scores, out = demo_index.recommend_batch(ids, k=8, kind="university")
    assert scores.shape == (20, 8) and scores.dtype == np.float32
    assert out.shape == (20, 8) and out.dtype == object
    for i, q in enumerate(ids):
        ms = demo_index.recommend(q, k=8, kind="university")
        assert list(out[i, : len(ms)]) == [m.id for m in ms]
        assert list(scores[i, : len(ms)]) == [np.float32(m.score) for m in ms]
    # Few universities near a point: padding with NaN and "" (or -1 for docs).
    s, o = demo_index.recommend_batch(texts=["Leichtbau"], k=50, kind="university", near=(50.87, 8.02), within_km=20)
    assert np.isnan(s[0, -1]) and o[0, -1] == ""
    s2, d = demo_index.recommend_batch(texts=["Leichtbau"], k=50, kind="university", near=(50.87, 8.02),
                                       within_km=20, return_docs=True)
    assert d.dtype == np.int64 and d[0, -1] == -1
    n = int((d[0] >= 0).sum())
    assert [demo_index.ids[x] for x in d[0, :n]] == list(o[0, :n])


def test_save_load_and_pickle_round_trip(demo_index, tmp_path):
    ids = demo_index.ids
    ref = demo_index.recommend_batch(ids, k=10)
    demo_index.save(tmp_path / "demo.smx")
    same_batch(scoutmatch.Index.load(tmp_path / "demo.smx").recommend_batch(ids, k=10), ref)
    back = pickle.loads(pickle.dumps(demo_index))
    same_batch(back.recommend_batch(ids, k=10), ref)
    assert back.options == demo_index.options
    assert [m.id for m in back.recommend("swf-c-001", explain=True)] == [m.id for m in demo_index.recommend("swf-c-001")]
    same_batch(scoutmatch.Index.from_bytes(demo_index.to_bytes()).recommend_batch(ids[:5], k=3),
               demo_index.recommend_batch(ids[:5], k=3))


def test_options_are_used_and_kept(demo_records):
    ix = scoutmatch.Index.build(demo_records[:50], k1=2.0, b=0.5, field_weights={"keywords": 3.0}, stem=False)
    o = ix.options
    assert o["k1"] == 2.0 and o["b"] == 0.5 and o["field_weights"]["keywords"] == 3.0 and o["stem"] is False
    default = scoutmatch.Index.build(demo_records[:50])
    q = demo_records[0]["id"]
    assert ix.recommend(q, k=3)[0].score != default.recommend(q, k=3)[0].score
    with pytest.raises(TypeError):
        scoutmatch.Index.build(demo_records[:5], no_such_option=1)


def test_evaluate_matches_the_cli(demo_index, demo_path, pairs_path, tmp_path):
    r = demo_index.evaluate(pairs_path, k=10, to_kind=["university", "research"])
    assert set(r) >= {"queries", "recall@10", "ndcg@10", "mrr", "hit@10", "skipped_no_relevant",
                      "missing_queries", "missing_relevant"}
    assert r["queries"] > 0 and 0 < r["recall@10"] <= 1
    with open(pairs_path, encoding="utf-8") as f:
        pairs = [json.loads(line) for line in f if line.strip()]
    assert demo_index.evaluate(pairs, k=10, to_kind=["university", "research"]) == r
    cli = os.environ.get("SCOUTMATCH_CLI") or shutil.which("scoutmatch") or str(ROOT / "build" / "scoutmatch")
    if not os.path.exists(cli):
        pytest.skip("the scoutmatch CLI is not built")
    demo_index.save(tmp_path / "d.smx")
    out = subprocess.run([cli, "eval", "--index", str(tmp_path / "d.smx"), "--pairs", str(pairs_path),
                          "--to-kind", "university,research"], capture_output=True, text=True, check=True)
    expected = json.loads(out.stdout)
    for key in r:
        assert r[key] == pytest.approx(expected[key], rel=1e-12), key


def test_add_update_and_remove_equal_a_rebuild(demo_records):
    ix = scoutmatch.Index.build(demo_records[:100])
    ix.add(demo_records[100:120])
    assert len(ix) == 120
    full = scoutmatch.Index.build(demo_records[:120])
    same_batch(ix.recommend_batch(full.ids, k=5), full.recommend_batch(full.ids, k=5))
    changed = dict(demo_records[0], text="Holzbau und Brettsperrholz")
    ix.add([changed])  # a known id is replaced in place
    assert len(ix) == 120 and ix.profile(changed["id"]).text == changed["text"]
    ix.update([demo_records[0]], removals=[r["id"] for r in demo_records[100:120]], threads=1)
    ref = scoutmatch.Index.build(demo_records[:100])
    same_batch(ix.recommend_batch(ref.ids, k=5), ref.recommend_batch(ref.ids, k=5))
    with pytest.raises(scoutmatch.NotFound):
        ix.remove(["no-such-id"])
    assert len(ix) == 100
    ix.remove(demo_records[5]["id"])
    assert len(ix) == 99 and demo_records[5]["id"] not in ix
    with pytest.raises(scoutmatch.ParseError):
        ix.add([{"id": "x"}, {"id": "x"}])


def test_profiles_with_embeddings_fuse_in_the_core(demo_records):
    rng = np.random.default_rng(5)
    vecs = rng.standard_normal((len(demo_records), 8)).astype(np.float32)
    recs = [dict(r, embedding=vecs[i]) for i, r in enumerate(demo_records)]
    ix = scoutmatch.Index.build(recs)
    assert ix.profile(recs[0]["id"]).embedding.shape == (8,)
    bm25 = scoutmatch.Index.build(demo_records)
    q = recs[0]["id"]
    assert [m.id for m in ix.recommend(q, k=10, dense_weight=0.0)] == [m.id for m in bm25.recommend(q, k=10)]
    fused = ix.recommend(q, k=10, explain=True)
    assert all(0 < m.score <= 1 for m in fused)
    assert fused[0].explanation.dense_score is not None and fused[0].explanation.text_score >= 0
    t = ix.recommend(text="Leichtbau", embedding=vecs[3], k=5, dense_weight=1.0)
    assert t[0].id == recs[3]["id"]
    back = pickle.loads(pickle.dumps(ix))
    assert [m.id for m in back.recommend(q, k=10)] == [m.id for m in fused]
    with pytest.raises(scoutmatch.ParseError) as e:
        scoutmatch.Index.build([{"id": "a", "embedding": [1.0, "x"]}])
    assert e.value.id == "scoutmatch.io.parse.2" and "embedding[1]" in str(e.value)


def test_statistics_merge_to_the_whole(demo_records):
    a = scoutmatch.Index.statistics(demo_records[:150])
    b = scoutmatch.Index.statistics(demo_records[150:])
    a.merge(b)
    assert a.docs == len(demo_records)
    back = pickle.loads(pickle.dumps(a))
    assert back.docs == a.docs and back.terms == a.terms
