"""Batch matching of large profile sets on a dask.distributed cluster.

The profiles are split into shards (contiguous parts of the global profile list) that live
on the workers. Each worker builds its shard's index with the *global* corpus statistics
(document frequencies, average lengths, number of profiles; merged from per-shard
statistics), so every weight equals the one an index of all profiles has. A query is
answered by every shard and the per-shard top-k lists are merged into the global top-k
by score, equal scores by global position: the result is identical, bit for bit, to one
:class:`scoutmatch.Index` of all profiles (tests/python/test_dask.py checks this on a
LocalCluster).

Profile-id queries travel as :class:`scoutmatch.PortableQuery` (index terms and weights,
made by the shard that holds the profile); text queries are sent as text.

The sharded index ranks by BM25F only: profile embeddings are kept but not fused (the
core's fusion divides by the best BM25F score of the whole index, which a shard does not
know); it equals ``Index.recommend_batch(..., dense_weight=0)`` of all profiles.

::

    from dask.distributed import Client
    import scoutmatch.dask as smd

    client = Client("tcp://scheduler:8786")            # an existing cluster, or Client() locally
    sharded = smd.ShardedIndex.build(client, "profiles.jsonl", n_shards=8)
    scores, ids = sharded.recommend_batch(query_ids, k=10, kind=["university", "research"])

Every worker needs ``scoutmatch`` installed (``pip install .`` on each machine or in the
image); with a list of paths (one per shard), each worker reads its own file, which must be
readable there.
"""

from __future__ import annotations

import os
from typing import Any, Iterable, Sequence, Union

import numpy as np

from . import Index, _ext, _filters, _is_dataframe, _records, _strings
from ._errors import InvalidArgument, NotFound, ParseError

__all__ = ["ShardedIndex", "match"]


# ---- work done on the workers (module-level functions so that they pickle by name) ------

def _read_shard(source: Any, where: str) -> list:
    if isinstance(source, str):
        return _ext.read_profiles(source, None)
    return list(source)


def _shard_statistics(profiles: list, options: dict) -> Any:
    return _ext._Index.statistics(profiles, "<shard>", **options)


def _build_shard(profiles: list, stats: Any, options: dict, threads: int | None) -> Any:
    return _ext._Index.build(profiles, "<shard>", threads=threads, stats=stats, **options)


def _shard_ids(index: Any) -> list:
    return index.ids()


def _portable(index: Any, ids: list, mode: str) -> list:
    return index.portable_queries(ids, mode)


def _search_portable(index: Any, queries: list, query_ids: list, filters: dict):
    return index.recommend_portable_batch(queries, query_ids, **filters)


def _search_texts(index: Any, texts: list, lang: Any, filters: dict):
    return index.recommend_batch(None, texts, lang, **filters, dense_weight=0.0)


def _split(n: int, parts: int) -> list[tuple[int, int]]:
    step = -(-n // parts) if n else 0
    return [(min(n, i * step), min(n, (i + 1) * step)) for i in range(parts)]


class ShardedIndex:
    """A profile index split into shards on the workers of a Dask cluster; answers like
    one :class:`scoutmatch.Index` of all profiles (same scores, same order)."""

    def __init__(self, client: Any, shards: list, offsets: list[int], ids: list[str], options: dict) -> None:
        self.client = client
        self._shards = shards  # futures of the shard indexes, in global order
        self._offsets = np.asarray(offsets, dtype=np.int64)
        self._ids = np.array(list(ids) + [""], dtype=object)  # [-1] -> ""
        self._owner = {}
        for s in range(len(shards)):
            for pos in range(offsets[s], offsets[s + 1]):
                self._owner[ids[pos]] = s
        self.options = options

    @classmethod
    def build(
        cls,
        client: Any,
        profiles: Any,
        *,
        n_shards: int | None = None,
        threads: int | None = 1,
        **options: Any,
    ) -> "ShardedIndex":
        """Shards ``profiles`` over the cluster of ``client`` and builds the shard indexes.

        ``profiles``: a JSONL/CSV path, a list of dicts or Profiles, or a DataFrame (read
        and validated here, then split into ``n_shards`` contiguous parts, default one per
        worker); or a list of ``("path", ...)`` paths given as ``[path, ...]`` with
        ``n_shards=None`` meaning one shard per file, each read on a worker (the global
        order is the files' order, then the order in each file). ``threads``: TBB workers
        per shard task (default 1: Dask runs the shards in parallel). ``options`` as in
        :meth:`scoutmatch.Index.build`."""
        from . import profiles_from_records

        if options.pop("stats", None) is not None:
            raise TypeError("stats is computed by ShardedIndex.build")
        _ext._Index.statistics([], "<check>", **options)  # validates the options here
        workers = len(client.scheduler_info().get("workers", {})) or 1
        if isinstance(profiles, (list, tuple)) and profiles and all(isinstance(p, (str, os.PathLike)) for p in profiles):
            if n_shards is not None and n_shards != len(profiles):
                raise InvalidArgument("[scoutmatch.python.13] with a list of files, there is one shard per file")
            parts = [client.submit(_read_shard, os.fspath(p), "file", pure=False) for p in profiles]
        else:
            recs, source = _records(profiles)
            all_profiles = _ext.read_profiles(recs, None) if source == "path" else _ext.profiles_from_records(recs, source)
            n = n_shards or workers
            if n < 1:
                raise InvalidArgument("[scoutmatch.python.13] n_shards must be >= 1")
            parts = client.scatter([all_profiles[a:b] for a, b in _split(len(all_profiles), n)])
        stats_parts = client.map(_shard_statistics, parts, options=options, pure=False)
        stats = None
        for st in client.gather(stats_parts):
            if stats is None:
                stats = st
            else:
                stats.merge(st)
        stats_f = client.scatter(stats, broadcast=True)
        shards = client.map(_build_shard, parts, stats=stats_f, options=options, threads=threads, pure=False)
        shard_ids = client.gather(client.map(_shard_ids, shards, pure=False))
        offsets = [0]
        ids: list[str] = []
        for part in shard_ids:
            ids.extend(part)
            offsets.append(len(ids))
        if len(set(ids)) != len(ids):
            seen: set[str] = set()
            dup = next(i for i in ids if i in seen or seen.add(i))
            raise ParseError(f'[scoutmatch.io.parse.4] duplicate profile id "{dup}" across shards')
        del parts
        return cls(client, shards, offsets, ids, options)

    def __len__(self) -> int:
        return len(self._ids) - 1

    def __contains__(self, id: object) -> bool:
        return id in self._owner

    @property
    def n_shards(self) -> int:
        return len(self._shards)

    @property
    def ids(self) -> list[str]:
        """All profile ids in global order."""
        return list(self._ids[:-1])

    def recommend_batch(
        self,
        ids: Union[None, str, Sequence[str]] = None,
        k: int = 10,
        *,
        texts: Union[None, Sequence[str]] = None,
        lang: str | None = None,
        kind: Union[None, str, Iterable[str]] = None,
        country: Union[None, str, Iterable[str]] = None,
        region: Union[None, str, Iterable[str]] = None,
        near: tuple[float, float] | None = None,
        within_km: float | None = None,
        exclude: Union[None, str, Iterable[str]] = None,
        include_self: bool = False,
        mode: str = "similar",
        threads: int | None = 1,
        return_docs: bool = False,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Like :meth:`scoutmatch.Index.recommend_batch`: ``(scores, ids)`` of shape
        (n, k), float32 scores (NaN padding) and profile ids ("" padding), or with
        ``return_docs=True`` global positions (-1 padding)."""
        f = _filters(k, kind, country, region, near, within_km, exclude, include_self, mode, False, 5, threads)
        if (ids is None) == (texts is None):
            raise InvalidArgument("[scoutmatch.query.2] give exactly one of ids and texts")
        client = self.client
        if ids is not None:
            qids = _strings(ids)
            for q in qids:
                if q not in self._owner:
                    raise NotFound(f'[scoutmatch.query.not_found] no profile with id "{q}" in the index')
            # 1. the shard that holds each query profile makes its portable query
            by_shard: dict[int, list[int]] = {}
            for i, q in enumerate(qids):
                by_shard.setdefault(self._owner[q], []).append(i)
            made = {s: client.submit(_portable, self._shards[s], [qids[i] for i in rows], mode, pure=False)
                    for s, rows in by_shard.items()}
            queries: list[Any] = [None] * len(qids)
            for s, fut in made.items():
                for i, pq in zip(by_shard[s], fut.result()):
                    queries[i] = pq
            queries_f = client.scatter(queries, broadcast=True)
            # 2. every shard answers every query
            parts = [client.submit(_search_portable, sh, queries_f, qids, f, pure=False) for sh in self._shards]
        else:
            parts = [client.submit(_search_texts, sh, _strings(texts), lang, f, pure=False) for sh in self._shards]
        results = client.gather(parts)
        scores, pos = self._merge(results, int(k))
        return (scores, pos) if return_docs else (scores, self._ids[pos])

    def _merge(self, results: list, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Per-shard (scores, local docs) -> global top-k: score descending, then global
        position ascending (the order of one index; shards are contiguous parts)."""
        s = np.concatenate([r[0] for r in results], axis=1)
        p = np.concatenate([np.where(r[1] >= 0, r[1] + self._offsets[i], -1) for i, r in enumerate(results)], axis=1)
        pad = np.isnan(s)
        neg = np.where(pad, np.inf, -s.astype(np.float64))
        key_pos = np.where(pad, np.iinfo(np.int64).max, p)
        order = np.lexsort((key_pos, neg), axis=-1)[:, :k]
        return np.take_along_axis(s, order, axis=1), np.take_along_axis(p, order, axis=1)


def match(
    client: Any,
    profiles: Any,
    *,
    from_kind: Union[None, str, Iterable[str]] = None,
    to_kind: Union[None, str, Iterable[str]] = None,
    k: int = 10,
    mode: str = "similar",
    n_shards: int | None = None,
    **options: Any,
):
    """Whole-group matching like ``scoutmatch match``: for every profile of ``from_kind``
    (all when None; in mode "needs" those with a needs text) its top ``k`` partners of
    ``to_kind``. Returns a pandas DataFrame with
    columns query, rank, id, score (one row per match)."""
    import pandas as pd

    sharded = ShardedIndex.build(client, profiles, n_shards=n_shards, **options)
    kinds = set(_strings(from_kind))
    qids = [pid for pid, (kd, has_needs) in zip(sharded.ids, _kinds_of(client, sharded))
            if (not kinds or kd in kinds) and (mode != "needs" or has_needs)]
    scores, ids = sharded.recommend_batch(qids, k, kind=to_kind, mode=mode)
    rows = []
    for qi, q in enumerate(qids):
        for r in range(k):
            if ids[qi, r] != "":
                rows.append((q, r + 1, ids[qi, r], float(scores[qi, r])))
    return pd.DataFrame(rows, columns=["query", "rank", "id", "score"])


def _shard_kinds(index: Any) -> list:
    return [(p.kind, bool(p.needs)) for p in index.profiles()]


def _kinds_of(client: Any, sharded: ShardedIndex) -> list[tuple[str, bool]]:
    kinds: list[tuple[str, bool]] = []
    for part in client.gather(client.map(_shard_kinds, sharded._shards, pure=False)):
        kinds.extend(part)
    return kinds
