"""Assignment and event schedules from Python (the C++ tests cover the algorithms)."""
import pytest

import scoutmatch as sm


def test_assign_respects_capacities_and_beats_greedy(demo_index):
    ix = demo_index
    companies = [p.id for p in ix.profiles if p.kind == "company"][:40]
    partners = [p.id for p in ix.profiles if p.kind in ("university", "research")][:10]
    flow = sm.assign(ix, companies, partners, capacity=2)
    greedy = sm.assign(ix, companies, partners, capacity=2, method="greedy")
    per_partner = {}
    for c, p, r in flow["pairs"]:
        assert c in companies and p in partners and r > 0
        per_partner[p] = per_partner.get(p, 0) + 1
    assert max(per_partner.values()) <= 2
    assert len({c for c, _, _ in flow["pairs"]}) == flow["companies_placed"]
    assert flow["total_relevance"] >= greedy["total_relevance"] - 1e-9
    assert 0 < flow["placed_share"] <= 1


def test_assign_bad_input_has_ids(demo_index):
    with pytest.raises(sm.Error, match=r"scoutmatch\.assign\."):
        sm.assign(demo_index, ["no-such-id"], ["swf-u-001"])
    with pytest.raises(sm.Error, match=r"scoutmatch\.assign\.1"):
        sm.assign(demo_index, ["swf-c-001"], ["swf-u-001"], method="lottery")


def test_schedule_from_a_dict(demo_index):
    ids = [p.id for p in demo_index.profiles][:12]
    event = {"slots": 4, "tables": 3,
             "participants": [{"id": i, "max_meetings": 3} for i in ids],
             "must_not_meet": [[ids[0], ids[1]]]}
    plan = sm.schedule(demo_index, event)
    seen = set()
    for m in plan["meetings"]:
        assert {m["a"], m["b"]} != {ids[0], ids[1]}
        for who in (m["a"], m["b"]):
            assert (who, m["slot"]) not in seen  # nobody double-booked
            seen.add((who, m["slot"]))
        assert 0 <= m["table"] < 3 and 0 <= m["slot"] < 4
    assert plan["total_relevance"] == pytest.approx(sum(m["score"] for m in plan["meetings"]))
    with pytest.raises(sm.Error, match=r"scoutmatch\.schedule\.1"):
        sm.schedule(demo_index, dict(event, slots=0))
