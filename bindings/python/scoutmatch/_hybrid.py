"""Hybrid recommendations: BM25F from an :class:`~scoutmatch.Index` fused with dense
embeddings of the same profiles in a :class:`~scoutmatch.DenseIndex`.

The fusion runs in Python over the two C++ searches (each releases the GIL):

1. BM25F: ``index.recommend(...)`` with the filters, ``candidates`` results;
2. dense: ``DenseIndex.search`` with the query profile's own embedding (or ``vector``),
   restricted to the profiles that pass the same filters, ``candidates`` results;
3. fusion of the two candidate lists:

   - ``"rrf"`` (default), reciprocal rank fusion:
     ``score = (1 - weight) / (rrf_k + rank_bm25) + weight / (rrf_k + rank_dense)``,
     a list the profile is missing from contributes 0. Robust to the different scales.
   - ``"weighted"``: each list's scores min-max normalised to 0..1 over its candidates
     (for l2 distances inverted, so 1 is best), then
     ``score = (1 - weight) * bm25 + weight * dense`` (missing = 0).

   Equal fused scores are ordered by document number. ``weight`` 0 gives the BM25 order,
   1 the dense order (among the candidates).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, Iterable, Union

import numpy as np

from ._scoutmatch import DenseIndex


@dataclasses.dataclass(frozen=True)
class HybridMatch:
    """One fused recommendation."""

    rank: int  #: 1-based rank
    doc: int  #: document number in the Index
    id: str  #: profile id
    name: str  #: profile name
    kind: str  #: profile kind
    score: float  #: fused score, higher is better
    bm25_score: float  #: BM25F score, NaN when not among the BM25 candidates
    dense_score: float  #: dense score (l2: distance), NaN when not among the dense candidates
    bm25_rank: int | None  #: 1-based rank among the BM25 candidates
    dense_rank: int | None  #: 1-based rank among the dense candidates


class HybridIndex:
    """A profile :class:`~scoutmatch.Index` with one embedding per profile.

    ``embeddings``: float32 array of shape (len(index), dim), row i for the i-th profile of
    ``index.profiles`` (document order); or a mapping id -> vector. ``metric``: of the dense
    side, "cosine" (default), "ip" or "l2". Picklable.
    """

    def __init__(self, index: Any, embeddings: Any, *, metric: str = "cosine") -> None:
        self.index = index
        if isinstance(embeddings, dict):
            ids = index.ids
            missing = [i for i in ids if i not in embeddings]
            if missing:
                from ._errors import InvalidArgument

                raise InvalidArgument(f'[scoutmatch.python.11] no embedding for profile "{missing[0]}"')
            embeddings = np.stack([np.asarray(embeddings[i], dtype=np.float32) for i in ids])
        emb = np.ascontiguousarray(embeddings, dtype=np.float32)
        if emb.ndim != 2 or emb.shape[0] != len(index):
            from ._errors import InvalidArgument

            raise InvalidArgument(
                f"[scoutmatch.python.3] embeddings must have shape ({len(index)}, dim), not {emb.shape}")
        self.dense = DenseIndex(emb.shape[1], metric)
        self.dense.add(emb, np.arange(len(index), dtype=np.int64))
        self._emb = emb

    @classmethod
    def build(
        cls,
        profiles: Any,
        *,
        embeddings: Any = None,
        embedding_field: str = "embedding",
        metric: str = "cosine",
        threads: int | None = None,
        **options: Any,
    ) -> "HybridIndex":
        """Builds the Index of ``profiles`` (as :meth:`Index.build`) and the dense side.

        The embeddings come from ``embeddings`` (an array in profile order, or a mapping id
        -> vector), or else from each profile's ``embedding_field`` (a dict key or a
        DataFrame column holding a vector): profiles can carry their embedding."""
        from . import Index, _is_dataframe

        if embeddings is None:
            if _is_dataframe(profiles):
                embeddings = np.stack([np.asarray(v, dtype=np.float32) for v in profiles[embedding_field]])
            else:
                profiles = list(profiles)
                embeddings = np.stack([np.asarray(p[embedding_field], dtype=np.float32) for p in profiles])
        index = Index.build(profiles, threads=threads, **options)
        return cls(index, embeddings, metric=metric)

    def __len__(self) -> int:
        return len(self.index)

    def __getstate__(self) -> dict[str, Any]:
        return {"index": self.index, "embeddings": self._emb, "metric": self.dense.metric}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["index"], state["embeddings"], metric=state["metric"])

    def recommend(
        self,
        id: str | None = None,
        *,
        text: str | None = None,
        vector: Any = None,
        k: int = 10,
        fusion: str = "rrf",
        weight: float = 0.5,
        rrf_k: float = 60.0,
        candidates: int = 100,
        kind: Union[None, str, Iterable[str]] = None,
        country: Union[None, str, Iterable[str]] = None,
        region: Union[None, str, Iterable[str]] = None,
        near: tuple[float, float] | None = None,
        within_km: float | None = None,
        exclude: Union[None, str, Iterable[str]] = None,
        include_self: bool = False,
        mode: str = "similar",
        threads: int | None = None,
    ) -> list[HybridMatch]:
        """Fused recommendations for the profile ``id`` (its stored embedding is the dense
        query) or for ``text`` (give its embedding as ``vector``, else only BM25 counts).
        ``vector`` alone gives a dense-only query (no BM25 side). Filters as in
        :meth:`Index.recommend`; see the module text for ``fusion``, ``weight`` and
        ``rrf_k``. ``candidates``: results taken from each side before fusion (>= k)."""
        from . import _strings
        from ._errors import InvalidArgument

        if fusion not in ("rrf", "weighted"):
            raise InvalidArgument(f'[scoutmatch.python.12] fusion must be "rrf" or "weighted", not "{fusion}"')
        if not (0.0 <= weight <= 1.0):
            raise InvalidArgument(f"[scoutmatch.python.12] weight must be in [0, 1], got {weight}")
        if k < 1:
            raise InvalidArgument(f"[scoutmatch.query.1] k must be in 1..1000000, got {k}")
        candidates = max(int(candidates), int(k))
        filters = dict(kind=kind, country=country, region=region, near=near, within_km=within_km)
        bm25: list[tuple[int, float]] = []
        if id is not None or text is not None:
            for m in self.index.recommend(id, text=text, k=candidates, exclude=exclude, include_self=include_self,
                                          mode=mode, threads=threads, **filters):
                bm25.append((m.doc, m.score))
        dense: list[tuple[int, float]] = []
        q = None
        if vector is not None:
            q = np.ascontiguousarray(vector, dtype=np.float32).reshape(1, -1)
        elif id is not None:
            doc = self.index.doc(id)
            if doc is None:
                self.index.profile(id)  # raises NotFound
            q = self._emb[doc : doc + 1]
        if q is not None:
            ex = _strings(exclude)
            if id is not None and not include_self:
                ex.append(id)
            allowed = np.asarray(self.index._ix.filter_docs(
                kind=_strings(kind), country=_strings(country), region=_strings(region),
                near=None if near is None else (float(near[0]), float(near[1])),
                within_km=None if within_km is None else float(within_km), exclude=ex), dtype=np.int64)
            scores, docs = self.dense.search(q, candidates, threads=threads, filter=allowed)
            dense = [(int(d), float(s)) for d, s in zip(docs[0], scores[0]) if d >= 0]

        fused: dict[int, float] = {}
        if fusion == "rrf":
            for w, lst in ((1.0 - weight, bm25), (weight, dense)):
                for r, (d, _) in enumerate(lst, start=1):
                    fused[d] = fused.get(d, 0.0) + w / (rrf_k + r)
        else:
            for w, lst, lower_better in ((1.0 - weight, bm25, False),
                                         (weight, dense, self.dense.metric == "l2")):
                if not lst:
                    continue
                vals = [s for _, s in lst]
                lo, hi = min(vals), max(vals)
                for d, s in lst:
                    norm = 1.0 if hi == lo else (s - lo) / (hi - lo)
                    if lower_better:
                        norm = 1.0 - norm if hi != lo else 1.0
                    fused[d] = fused.get(d, 0.0) + w * norm
            for lst in (bm25, dense):  # a candidate of either list stays a candidate
                for d, _ in lst:
                    fused.setdefault(d, 0.0)
        b_rank = {d: (r, s) for r, (d, s) in enumerate(bm25, start=1)}
        d_rank = {d: (r, s) for r, (d, s) in enumerate(dense, start=1)}
        order = sorted(fused.items(), key=lambda item: (-item[1], item[0]))[:k]
        out = []
        for rank, (doc, score) in enumerate(order, start=1):
            p = self.index._ix.profile(doc)
            br, dr = b_rank.get(doc), d_rank.get(doc)
            out.append(HybridMatch(
                rank=rank, doc=doc, id=p.id, name=p.name, kind=p.kind, score=score,
                bm25_score=br[1] if br else math.nan, dense_score=dr[1] if dr else math.nan,
                bm25_rank=br[0] if br else None, dense_rank=dr[0] if dr else None))
        return out
