"""The signal model from Python: weights, reciprocal, new_partners_only, explanations,
projects/partners on profiles, read_profiles(rename=...), tune() and with_weights()."""

from __future__ import annotations

import json
import math
import pickle

import pytest

import scoutmatch

TOPICS = ["hydrogen", "laser", "ceramic", "robotics", "polymer", "battery", "optics", "forging"]


def corpus() -> list[dict]:
    """Eight queries q_i: three decoys d_i_j share q_i's topic word; the true partner r_i
    shares no word but worked with q_i's partner p_i (a partner-of-partner candidate)."""
    out = []
    for i, t in enumerate(TOPICS):
        out.append({"id": f"q{i}", "kind": "company", "name": f"Company {i}", "text": t,
                    "lang": "en", "projects": [f"A{i}"]})
        out.append({"id": f"p{i}", "kind": "research", "name": f"Institute {i}",
                    "text": "partner institute number", "lang": "en", "projects": [f"A{i}", f"B{i}"]})
        out.append({"id": f"r{i}", "kind": "university", "name": f"Chair {i}", "text": "faculty chair",
                    "lang": "en", "projects": f"B{i}"})  # one string: split at ';'
        for j in range(3):
            out.append({"id": f"d{i}_{j}", "kind": "university", "text": f"{t} lab", "lang": "en"})
    return out


PAIRS = [(f"q{i}", [f"r{i}"]) for i in range(len(TOPICS))]
TEXT_ONLY = {s: 0.0 for s in ("common_partners", "adamic_adar", "partner_of_partner", "activity",
                              "attachment", "same_country")} | {"text": 1.0}


@pytest.fixture(scope="module")
def net() -> scoutmatch.Index:
    return scoutmatch.Index.build(corpus())


def test_signal_names():
    assert scoutmatch.SIGNALS == ("text", "common_partners", "adamic_adar", "partner_of_partner",
                                  "activity", "attachment", "same_country", "proximity", "other_region")


def test_profiles_carry_projects_and_partners(net):
    p = net.profile("p3")
    assert p.projects == ["A3", "B3"]
    assert net.profile("r3").projects == ["B3"]
    assert p.partners == []
    q = scoutmatch.Profile(id="x", text="t", projects=["P1", None, " P2 "], partners="a;b")
    assert q.projects == ["P1", "P2"]
    assert q.partners == ["a", "b"]
    assert q.to_dict()["projects"] == ["P1", "P2"]
    assert pickle.loads(pickle.dumps(q)) == q
    assert q != scoutmatch.Profile(id="x", text="t", projects=["P1"], partners="a;b")
    with pytest.raises(scoutmatch.ParseError) as e:
        scoutmatch.Profile(id="x", projects=[1])
    assert e.value.id == "scoutmatch.io.parse.2"


def test_weights_change_the_ranking(net):
    text = net.recommend("q2", weights=TEXT_ONLY, k=5)
    assert [m.id for m in text][:3] == ["d2_0", "d2_1", "d2_2"]
    assert "r2" not in [m.id for m in text]
    network = net.recommend("q2", weights={"text": 1, "partner_of_partner": 1}, k=5)
    assert network[0].id == "r2"
    # The stored (default) weights rank r2 first as well: partner_of_partner is 1.
    assert net.recommend("q2", k=1)[0].id == "r2"
    # recommend_batch takes the same arguments.
    _, ids = net.recommend_batch(["q2", "q5"], k=3, weights=TEXT_ONLY)
    assert "r2" not in list(ids[0]) and "r5" not in list(ids[1])
    _, ids = net.recommend_batch(["q2", "q5"], k=3, weights={"partner_of_partner": 1})
    assert ids[0][0] == "r2" and ids[1][0] == "r5"


def test_new_partners_only_and_reciprocal(net):
    fresh = [m.id for m in net.recommend("q2", k=100)]
    assert "p2" not in fresh and "q2" not in fresh
    assert "p2" in [m.id for m in net.recommend("q2", k=100, new_partners_only=False)]
    big = "hydrogen fuel cell membrane stack " + " ".join(f"topic{i} hydrogen" for i in range(120))
    ix = scoutmatch.Index.build([
        {"id": "q", "kind": "company", "text": "hydrogen fuel cell membrane stack", "lang": "en"},
        {"id": "big", "kind": "research", "text": big, "lang": "en"},
        {"id": "small", "kind": "research", "text": "hydrogen membrane", "lang": "en"},
    ])
    assert [m.id for m in ix.recommend("q", weights={"text": 1})] == ["big", "small"]
    assert [m.id for m in ix.recommend("q", weights={"text": 1}, reciprocal=True)] == ["small", "big"]


def test_explanation_signals_via_summary(net):
    w = {"text": 1, "partner_of_partner": 1}
    m = net.recommend("q2", weights=w, k=2, explain=True)[0]
    e = m.explanation
    assert m.id == "r2"
    assert e.via == ["p2"] and e.via_count == 1
    assert e.candidate_projects == 1
    assert "worked with 1 of your partners: Institute 2" in e.summary
    names = [s.signal for s in e.signals]
    assert "partner_of_partner" in names
    assert set(names) <= set(scoutmatch.SIGNALS)
    assert math.isclose(sum(s.contribution for s in e.signals), m.score, rel_tol=1e-5)
    for s in e.signals:
        name, value, contribution = s  # unpacks as a tuple
        defaults = scoutmatch.Index.build([{"id": "z", "text": "z"}]).weights
        weight = w.get(name, defaults[name])
        assert math.isclose(contribution, weight * value, rel_tol=1e-9)
    # Plain BM25F on an index without projects: no signals in the explanation.
    plain = scoutmatch.Index.build([{k: v for k, v in r.items() if k != "projects"} for r in corpus()])
    e2 = plain.recommend("q2", k=1, explain=True)[0].explanation
    assert e2.signals == [] and e2.via == [] and e2.via_count == 0


def test_evaluate_with_weights(net):
    a = net.evaluate(PAIRS, k=3, weights=TEXT_ONLY)
    b = net.evaluate([{"query": q, "relevant": r} for q, r in PAIRS], k=3,
                     weights={"text": 1, "partner_of_partner": 1})
    assert a["queries"] == b["queries"] == 8
    assert a["ndcg@3"] == 0.0
    assert b["ndcg@3"] == 1.0
    # Without weights: the index's (the defaults: partner_of_partner = 1).
    assert net.evaluate(PAIRS, k=3)["ndcg@3"] == 1.0


def test_tune_returns_weights(net):
    start = dict(TEXT_ONLY)
    r = scoutmatch.tune(net, PAIRS, k=3, folds=2, start=start, threads=2)
    assert set(r["weights"]) == set(scoutmatch.SIGNALS)
    assert r["start_weights"]["text"] == 1.0
    assert r["start"]["queries"] == 8
    assert r["start"]["ndcg@3"] == 0.0
    assert r["fitted"]["ndcg@3"] >= r["start"]["ndcg@3"]
    assert r["fitted"]["ndcg@3"] > 0.9
    assert r["cross_validated"]["queries"] == 8
    assert len(r["fold_weights"]) == 2
    # Only the signals asked for move.
    r2 = scoutmatch.tune(net, PAIRS, k=3, folds=0, start=start, signals=["text", "partner_of_partner"])
    assert r2["cross_validated"] is None and r2["fold_weights"] == []
    assert r2["weights"]["partner_of_partner"] > 0
    for s in ("common_partners", "activity", "attachment"):
        assert r2["weights"][s] == 0.0
    tuned = net.with_weights(r2["weights"])
    assert tuned.weights == pytest.approx(r2["weights"])
    assert tuned.evaluate(PAIRS, k=3)["ndcg@3"] == pytest.approx(r2["fitted"]["ndcg@3"])
    back = pickle.loads(pickle.dumps(tuned))
    assert back.weights == tuned.weights
    assert net.weights["text"] == 0.7  # the original is unchanged


def test_tune_errors(net):
    with pytest.raises(scoutmatch.InvalidArgument) as e:
        scoutmatch.tune(net, PAIRS, folds=1)
    assert e.value.id == "scoutmatch.tune.1"
    with pytest.raises(scoutmatch.InvalidArgument) as e:
        scoutmatch.tune(net, PAIRS, k=0)
    assert e.value.id == "scoutmatch.tune.1"
    with pytest.raises(scoutmatch.InvalidArgument) as e:
        scoutmatch.tune(net, [("ghost", ["r1"])])
    assert e.value.id == "scoutmatch.tune.2"
    with pytest.raises(scoutmatch.InvalidArgument) as e:
        scoutmatch.tune(net, PAIRS, signals=["text", "bogus"])
    assert e.value.id == "scoutmatch.signals.1"


@pytest.mark.parametrize("weights, eid", [
    ({"bogus": 1.0}, "scoutmatch.signals.1"),
    ({"text": "high"}, "scoutmatch.signals.1"),
    ({"text": None}, "scoutmatch.signals.1"),
    ({"text": float("nan")}, "scoutmatch.signals.2"),
    ({"activity": float("inf")}, "scoutmatch.signals.2"),
    ({"text": 1e7}, "scoutmatch.signals.2"),
    ([("text", 1.0)], "scoutmatch.signals.1"),
])
def test_bad_weights_raise_with_the_id(net, weights, eid):
    for call in (lambda: net.recommend("q1", weights=weights),
                 lambda: net.recommend_batch(["q1"], weights=weights),
                 lambda: net.evaluate(PAIRS, weights=weights),
                 lambda: net.with_weights(weights),
                 lambda: scoutmatch.tune(net, PAIRS, start=weights)):
        with pytest.raises(scoutmatch.InvalidArgument) as e:
            call()
        assert e.value.id == eid
        assert isinstance(e.value, scoutmatch.Error)
        assert f"[{eid}]" in str(e.value)


def test_read_profiles_rename(tmp_path):
    path = tmp_path / "p.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for r in corpus():
            r = dict(r)
            if "projects" in r:
                r["train_projects"] = r.pop("projects")
            f.write(json.dumps(r) + "\n")
    plain = scoutmatch.read_profiles(path)
    assert all(p.projects == [] for p in plain)
    renamed = scoutmatch.read_profiles(path, rename={"train_projects": "projects"})
    assert renamed[1].id == "p0" and renamed[1].projects == ["A0", "B0"]
    ix = scoutmatch.Index.build(renamed)
    assert ix.recommend("q2", weights={"partner_of_partner": 1}, k=1)[0].id == "r2"
    with pytest.raises(scoutmatch.InvalidArgument) as e:
        scoutmatch.read_profiles(path, rename={"train_projects": "budget"})
    assert e.value.id == "scoutmatch.options.read.2"


def test_with_weights_survives_save_and_load(net, tmp_path):
    w = dict(net.weights, text=0.25, adamic_adar=0.5)
    ix = net.with_weights({"text": 0.25, "adamic_adar": 0.5})
    assert ix.weights == pytest.approx(w)
    ix.save(tmp_path / "w.smx")
    back = scoutmatch.Index.load(tmp_path / "w.smx")
    assert back.weights == pytest.approx(w)
    assert back.profile("p4").projects == ["A4", "B4"]
    assert [m.id for m in back.recommend("q4", k=5)] == [m.id for m in ix.recommend("q4", k=5)]
