"""Type stubs of the compiled extension scoutmatch._scoutmatch (nanobind).

Users import these names from ``scoutmatch``; ``_Index`` is wrapped by
``scoutmatch.Index``.
"""

from __future__ import annotations

import os
from typing import Any, Iterable, Iterator, Sequence

import numpy as np
import numpy.typing as npt

__version__: str
SIGNALS: list[str]
"""The signal names of the scoring model, in order."""

class Profile:
    """One organisation's competence profile. ``Profile(id="c1", kind="company", text=...)``
    takes the fields of the README's table, with the readers' rules and error ids."""

    id: str
    """Unique, non-empty id."""
    name: str
    text: str
    competences: str
    offers: str
    needs: str
    keywords: list[str]
    country: str
    """ISO code, upper case, or ""."""
    region: str
    """NUTS code or free label, or ""."""
    city: str
    sme: bool | None
    projects: list[str]
    """Ids of joint activities (projects, events, cluster memberships)."""
    partners: list[str]
    """Profile ids of earlier partners."""
    def __init__(self, **fields: Any) -> None: ...
    @property
    def embedding(self) -> npt.NDArray[np.float32] | None:
        """The profile's embedding, or None."""
    @staticmethod
    def from_dict(d: Any) -> Profile:
        """A Profile from a dict; raises ParseError like the readers."""
    @property
    def kind(self) -> str:
        """company, university, research, startup, public or other."""
    @property
    def lang(self) -> str | None:
        """"de", "en" or None (detected when indexed)."""
    @property
    def lat(self) -> float | None:
        """Latitude in degrees, or None."""
    @property
    def lon(self) -> float | None:
        """Longitude in degrees, or None."""
    def to_dict(self) -> dict[str, Any]:
        """The fields as a dict (as in a JSONL line)."""
    def __eq__(self, other: object) -> bool: ...

class TermContribution:
    """One shared term of an explanation."""

    @property
    def term(self) -> str:
        """Readable surface form, e.g. 'Wasserstoff'."""
    @property
    def stem(self) -> str:
        """The index term (normalised, stemmed)."""
    @property
    def share(self) -> float:
        """Share of the score, 0..1."""
    @property
    def score(self) -> float:
        """Absolute contribution to the score."""
    @property
    def fields(self) -> list[str]:
        """The candidate's fields the term occurs in."""

class SignalContribution:
    """One signal's part of a match's score; unpacks as ``(signal, value, contribution)``."""

    @property
    def signal(self) -> str:
        """Signal name, e.g. 'partner_of_partner' (see scoutmatch.SIGNALS)."""
    @property
    def value(self) -> float:
        """The signal's value for this pair."""
    @property
    def contribution(self) -> float:
        """weight x value: its part of Match.score."""
    def __iter__(self) -> Iterator[str | float]: ...

class Explanation:
    """Why a candidate was recommended."""

    @property
    def terms(self) -> list[TermContribution]:
        """Shared terms, largest contribution first."""
    @property
    def fields(self) -> list[str]:
        """Candidate fields that matched."""
    @property
    def distance_km(self) -> float | None:
        """Distance to the query point or profile, if both locations are known."""
    @property
    def text_score(self) -> float:
        """The BM25F similarity (before any fusion)."""
    @property
    def dense_score(self) -> float | None:
        """Cosine of the embeddings, when fused."""
    @property
    def signals(self) -> list[SignalContribution]:
        """Each signal with a non-zero part of the score, largest first (signal model)."""
    @property
    def via(self) -> list[str]:
        """Earlier partners of the query that also worked with the candidate (ids,
        strongest tie first, at most 5)."""
    @property
    def via_count(self) -> int:
        """Number of shared earlier partners."""
    @property
    def candidate_projects(self) -> int:
        """The candidate's number of joint activities."""
    @property
    def summary(self) -> str:
        """One readable line, e.g. "shared topics: ...; worked with 2 of your partners: ..."."""

class Match:
    """One recommended partner."""

    @property
    def rank(self) -> int:
        """1-based rank."""
    @property
    def doc(self) -> int:
        """Document number (position in Index.profiles)."""
    @property
    def id(self) -> str:
        """Profile id."""
    @property
    def name(self) -> str:
        """Profile name."""
    @property
    def kind(self) -> str:
        """Profile kind."""
    @property
    def score(self) -> float:
        """Higher is better: the BM25F similarity (not normalised), or with embeddings the
        fused score (1 - w) * bm25 / best bm25 + w * max(0, cosine)."""
    @property
    def explanation(self) -> Explanation | None:
        """An Explanation when asked for (explain=True), else None."""

class CorpusStatistics:
    """Mergeable corpus statistics (document frequencies, length totals, profile count):
    statistics of disjoint shards merged equal those of their union. Picklable."""

    def __init__(self) -> None: ...
    @property
    def docs(self) -> int:
        """Number of profiles counted."""
    @property
    def terms(self) -> int:
        """Number of distinct index terms."""
    def merge(self, other: CorpusStatistics) -> None:
        """Adds the statistics of a disjoint set of profiles (same options, else
        InvalidArgument [scoutmatch.stats.2])."""

class PortableQuery:
    """A profile query as index terms and weights, runnable on every shard built with the
    same CorpusStatistics (scores as in one index). Picklable."""

    @property
    def mode(self) -> str: ...
    @property
    def terms(self) -> list[str]: ...
    @property
    def weights(self) -> list[float]: ...

class DenseIndex:
    """An exact (brute-force) index of float32 vectors with int64 ids, like
    ``faiss.IndexFlat``: results equal a brute-force search.

    ``metric``: "ip" (inner product, higher is better), "cosine" (vectors normalised on
    add, higher is better) or "l2" (squared distance, LOWER is better). Equal scores come
    in the order the vectors were added. Searches may run from many threads at once (the
    GIL is released); add/remove wait for running searches. Picklable.
    """

    def __init__(self, dim: int, metric: str = "ip", *, precision: str = "f32") -> None:
        """``precision``: "f32" (float32, exact), "split" (float32 kept exactly as two 16-bit
        planes: the same results as "f32", bit for bit, with single queries about twice as
        fast, as they read only the bfloat16 high plane and score the few candidates again
        in float32; memory as "f32" plus 4 bytes a vector; refuses values of magnitude
        >= 3.39e38 [scoutmatch.dense.15]) or "bf16" (vectors and queries rounded to
        bfloat16: half the memory, about twice the scan speed on CPUs with AVX512_BF16,
        scores within ~1% and a top 10 that overlaps float32's by ~99% on embeddings).
        Raises InvalidArgument for dim < 1 [scoutmatch.dense.1], an unknown metric
        [scoutmatch.dense.8] or precision [scoutmatch.dense.13]."""
    @property
    def dim(self) -> int:
        """Vector dimension."""
    @property
    def metric(self) -> str:
        """"ip", "cosine" or "l2"."""
    @property
    def precision(self) -> str:
        """"f32", "split" or "bf16"."""
    @property
    def memory_bytes(self) -> int:
        """Bytes of memory the index holds (vectors, ids, norms, id map)."""
    @property
    def ids(self) -> npt.NDArray[np.int64]:
        """The stored ids in insertion order (a copy)."""
    def __len__(self) -> int: ...
    def __contains__(self, id: object) -> bool: ...
    def add(self, vectors: npt.NDArray[np.float32], ids: npt.ArrayLike | None = None) -> None:
        """Adds vectors: a C-contiguous float32 array of shape (n, dim), read in place.
        ``ids``: n unique int64 ids >= 0 (not yet in the index), or None for automatic ids
        (one past the largest seen). Wrong dtype/shape/layout, NaN or infinity, duplicate
        ids raise InvalidArgument; nothing is added then."""
    def remove(self, ids: npt.ArrayLike) -> None:
        """Removes vectors by id; NotFound (and nothing removed) for an unknown id."""
    def search(
        self,
        queries: npt.NDArray[np.float32],
        k: int = 10,
        *,
        threads: int | None = None,
        filter: npt.ArrayLike | None = None,
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]:
        """The best k vectors for each query row: ``(scores, ids)`` of shape (n, k),
        padded with NaN / -1 where fewer than k qualify. ``queries``: C-contiguous float32
        (n, dim), read in place. ``filter``: allowed ids (others are never returned).
        ``threads``: TBB workers (None = all cores). Raises InvalidArgument for k <= 0,
        wrong arrays or NaN."""
    def all_pairs(
        self, other: DenseIndex, k: int = 10, *, threads: int | None = None
    ) -> tuple[
        tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]],
        tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]],
    ]:
        """The best k of ``other`` for each vector of this index AND the best k of this
        index for each vector of ``other``, exactly (equal to ``other.search(my vectors)``
        and ``self.search(other's vectors)``), from one pass over the product:
        ``((scores, ids), (other_scores, other_ids))`` of shapes (len(self), k) and
        (len(other), k), padded with NaN / -1. Raises InvalidArgument for k <= 0 [.6],
        different dimensions [scoutmatch.dense.11] or metrics [scoutmatch.dense.12], and
        for a "bf16" index [scoutmatch.dense.14] ("split" gives the float32 results)."""
    def save(self, path: str | os.PathLike[str]) -> None:
        """Writes the index atomically (versioned header, XXH64 checksum)."""
    @staticmethod
    def load(path: str | os.PathLike[str]) -> DenseIndex:
        """Reads a saved index; FileError or FormatError."""
    def to_bytes(self) -> bytes: ...
    @staticmethod
    def from_bytes(data: bytes) -> DenseIndex: ...

class HnswIndex:
    """An approximate index of float32 vectors with int64 ids: an HNSW graph built by
    hnswlib, searched by scoutmatch (like ``hnswlib.Index``, with DenseIndex's ids, metrics
    and score conventions). Recall grows with ``ef``. Vectors cannot be removed. Searches
    may run from many threads at once (the GIL is released); add waits for running
    searches. Picklable.
    """

    def __init__(
        self, dim: int, metric: str = "ip", *, M: int = 16, ef_construction: int = 200,
        seed: int = 100, precision: str = "f32"
    ) -> None:
        """``M``: links per node (2..256); ``ef_construction``: candidate list size while
        building (1..65536); ``precision``: "f32", or "split" (each float32 stored exactly
        as a bfloat16 high half, which the graph walk reads, and a low half, read only to
        score the final candidates in float32: half the bytes per visited node, same
        memory; values >= 3.39e38 in magnitude are refused with [scoutmatch.hnsw.11]).
        InvalidArgument [scoutmatch.hnsw.1], [.8], [scoutmatch.dense.8]."""
    @property
    def dim(self) -> int: ...
    @property
    def metric(self) -> str: ...
    @property
    def M(self) -> int: ...
    @property
    def ef_construction(self) -> int: ...
    @property
    def precision(self) -> str: ...
    @property
    def memory_bytes(self) -> int:
        """Bytes held by the graph and its vectors."""
    simd: str
    """The distance kernels used on this CPU: "avx512", "avx2" or "sse"."""
    def __len__(self) -> int: ...
    def __contains__(self, id: object) -> bool: ...
    def add(
        self, vectors: npt.NDArray[np.float32], ids: npt.ArrayLike | None = None, *,
        threads: int | None = None
    ) -> None:
        """Adds vectors (C-contiguous float32 (n, dim)) and links them into the graph on
        ``threads`` workers (None = all cores; 1 = reproducible graph). ``ids``: unique
        int64 >= 0, or None for automatic ids. Bad input raises InvalidArgument and adds
        nothing."""
    def search(
        self,
        queries: npt.NDArray[np.float32],
        k: int = 10,
        *,
        ef: int = 0,
        threads: int | None = None,
        filter: npt.ArrayLike | None = None,
        filter_mode: str = "auto",
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]:
        """The (approximately) best k vectors per query: ``(scores, ids)`` of shape
        (n, k), padded with NaN / -1. ``ef``: candidate list size (0 = max(k, 64); about
        256 reaches recall@10 0.95 on 100k embedding-like vectors of d = 384).
        ``filter``: allowed ids. ``filter_mode``: "auto" (exact scan of the allowed vectors
        when they are few, graph walk otherwise), "graph" or "exact"."""
    def save(self, path: str | os.PathLike[str]) -> None:
        """Writes the index atomically (versioned header, XXH64 checksum)."""
    @staticmethod
    def load(path: str | os.PathLike[str]) -> HnswIndex:
        """Reads a saved index; FileError or FormatError."""
    def to_bytes(self) -> bytes: ...
    @staticmethod
    def from_bytes(data: bytes) -> HnswIndex: ...

class _Index:
    """The C++ profile index; use scoutmatch.Index."""

    def __init__(self) -> None: ...
    @staticmethod
    def build(records: Any, source: str = "<list>", **options: Any) -> _Index: ...
    @staticmethod
    def build_from_path(path: str, **options: Any) -> _Index: ...
    @staticmethod
    def statistics(records: Any, source: str = "<list>", **options: Any) -> CorpusStatistics: ...
    @staticmethod
    def load(path: str) -> _Index: ...
    def save(self, path: str) -> None: ...
    def to_bytes(self) -> bytes: ...
    @staticmethod
    def from_bytes(data: bytes) -> _Index: ...
    def updated(self, upserts: Any, removals: Sequence[str] = ..., threads: int | None = ...) -> _Index: ...
    def __len__(self) -> int: ...
    def contains(self, id: str) -> bool: ...
    def find(self, id: str) -> int | None: ...
    def ids(self) -> list[str]: ...
    def profiles(self) -> list[Profile]: ...
    def profile(self, doc: int) -> Profile: ...
    def options(self) -> dict[str, Any]: ...
    def vocabulary_size(self) -> int: ...
    def recommend(self, id: str | None = None, text: str | None = None, lang: str | None = None,
                  **filters: Any) -> list[Match]: ...
    def recommend_batch(self, ids: Sequence[str] | None = None, texts: Sequence[str] | None = None,
                        lang: str | None = None, **filters: Any
                        ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]: ...
    def filter_docs(self, **filters: Any) -> list[int]: ...
    def docs_of(self, ids: Sequence[str]) -> list[int]: ...
    def all_pairs(self, a: Sequence[int], b: Sequence[int], k: int = 10, threads: int | None = None
                  ) -> tuple[tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]],
                             tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]]: ...
    def portable_queries(self, ids: Sequence[str], mode: str = "similar") -> list[PortableQuery]: ...
    def recommend_portable_batch(self, queries: Sequence[PortableQuery], query_ids: Sequence[str],
                                 **filters: Any) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]: ...
    def evaluate(self, pairs: Any, k: int = 10, to_kind: Iterable[str] = ..., mode: str = "similar",
                 threads: int | None = None, weights: dict[str, float] | None = None,
                 reciprocal: bool = False, new_partners_only: bool = True) -> dict[str, Any]: ...
    def weights(self) -> dict[str, float]: ...
    def with_weights(self, weights: dict[str, float]) -> _Index: ...

def read_profiles(path: str, threads: int | None = None,
                  rename: Sequence[tuple[str, str]] = ...) -> list[Profile]:
    """Reads a JSONL/CSV profile file with the C++ readers."""

def _vectorize(documents: Any, source: str = "<list>", lang: str | None = None,
               **options: Any) -> dict[str, Any]:
    """The BM25F document-term matrix's parts (scoutmatch.vectorize wraps it)."""

def tune(index: _Index, pairs: Any, k: int = 10, to_kind: Sequence[str] = ..., mode: str = "similar",
         reciprocal: bool = False, folds: int = 5, rounds: int = 3,
         signals: Sequence[str] | None = None, start: dict[str, float] | None = None,
         threads: int | None = None) -> dict[str, Any]:
    """Fits the signal weights (scoutmatch.tune wraps it)."""

def profiles_from_records(records: Any, source: str = "<list>") -> list[Profile]:
    """Validates dicts into Profiles with the readers' rules."""

def assign(index: _Index, companies: list[str], partners: list[str], capacity: int = 3,
           per_company: int = 1, method: str = "flow", candidates: int = 0,
           threads: int | None = None) -> dict[str, Any]: ...
def schedule(index: _Index, event_json: str, balance: bool = True,
             threads: int | None = None) -> str: ...
