"""scoutmatch.dask on a LocalCluster with several worker processes: sharded results equal
one index of all profiles exactly (same ids, bit-identical float32 scores)."""

from __future__ import annotations

import numpy as np
import pytest

import scoutmatch as sm

distributed = pytest.importorskip("distributed")
smd = pytest.importorskip("scoutmatch.dask")


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=3, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster, distributed.Client(cluster) as c:
        yield c


def assert_identical(a, b):
    assert a[0].dtype == b[0].dtype == np.float32
    assert np.array_equal(a[0], b[0], equal_nan=True)  # exact, not approximate
    assert np.array_equal(a[1], b[1])


def test_sharded_equals_one_index(client, demo_path, demo_index):
    sharded = smd.ShardedIndex.build(client, demo_path, n_shards=3)
    assert sharded.n_shards == 3 and len(sharded) == len(demo_index) and sharded.ids == demo_index.ids
    ids = demo_index.ids
    assert_identical(sharded.recommend_batch(ids, k=10), demo_index.recommend_batch(ids, k=10))
    kw = dict(k=7, kind=["university", "research"], exclude=["swf-u-001"])
    assert_identical(sharded.recommend_batch(ids, **kw), demo_index.recommend_batch(ids, **kw))
    with_needs = [p.id for p in demo_index.profiles if p.needs]
    assert_identical(sharded.recommend_batch(with_needs, k=5, mode="needs"),
                     demo_index.recommend_batch(with_needs, k=5, mode="needs"))
    texts = ["Wasserstofftechnologie Prüfstand", "lightweight design with fibre composites", "Holz"]
    assert_identical(sharded.recommend_batch(texts=texts, k=15, country="DE"),
                     demo_index.recommend_batch(texts=texts, k=15, country="DE"))
    assert_identical(sharded.recommend_batch(ids[:20], k=300, return_docs=True),
                     demo_index.recommend_batch(ids[:20], k=300, return_docs=True))
    with pytest.raises(sm.NotFound):
        sharded.recommend_batch(["no-such-id"])


def test_files_as_shards_and_match(client, demo_records, tmp_path):
    import json

    parts = [demo_records[:100], demo_records[100:130], demo_records[130:]]
    paths = []
    for i, part in enumerate(parts):
        p = tmp_path / f"shard{i}.jsonl"
        p.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part), encoding="utf-8")
        paths.append(str(p))
    whole = sm.Index.build(demo_records, k1=1.5)
    sharded = smd.ShardedIndex.build(client, paths, k1=1.5)
    assert sharded.n_shards == 3
    assert_identical(sharded.recommend_batch(whole.ids, k=10), whole.recommend_batch(whole.ids, k=10))
    df = smd.match(client, demo_records, from_kind="company", to_kind=["university"], k=3, n_shards=2)
    companies = [p.id for p in whole.profiles if p.kind == "company"]
    ref = sm.Index.build(demo_records).recommend_batch(companies, k=3, kind="university")
    assert df["query"].nunique() == len(companies)
    first = df[df["query"] == companies[0]]
    assert list(first["id"]) == [x for x in ref[1][0] if x]
    assert list(first["score"]) == [float(x) for x in ref[0][0] if not np.isnan(x)]
