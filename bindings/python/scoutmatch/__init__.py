"""scoutmatch: explained partner recommendations for technology transfer.

The same C++ engine as the ``scoutmatch`` command-line program, with numpy in and out,
the GIL released while C++ works, pickling and Python exceptions with stable ids::

    import scoutmatch
    index = scoutmatch.Index.build("data/demo/profiles.jsonl")
    for m in index.recommend("swf-c-001", kind=["university", "research"], k=5, explain=True):
        print(m.rank, m.id, m.score, [t.term for t in m.explanation.terms])
    scores, ids = index.recommend_batch(["swf-c-001", "swf-c-002"], k=10)

Dense vectors: :class:`DenseIndex` (exact, like ``faiss.IndexFlat``), fused with BM25 by
:class:`HybridIndex`. Many machines: :mod:`scoutmatch.dask`.
"""

from __future__ import annotations

import os
import threading
from typing import Any, Iterable, Mapping, Sequence, Union

import numpy as np

from ._errors import Error, FileError, FormatError, InvalidArgument, NotFound, ParseError
from . import _scoutmatch as _ext
from ._scoutmatch import (
    CorpusStatistics,
    DenseIndex,
    Explanation,
    HnswIndex,
    Match,
    PortableQuery,
    Profile,
    SignalContribution,
    TermContribution,
)

__version__: str = _ext.__version__

PathLike = Union[str, "os.PathLike[str]"]
#: What Index.build accepts: a JSONL/CSV path, a list of dicts or Profiles, or a DataFrame.
Profiles = Union[PathLike, Sequence[Union[Mapping[str, Any], Profile]], Any]

KINDS = ("company", "university", "research", "startup", "public", "other")

#: The signals of the scoring model, in order (see ``weights`` of :meth:`Index.recommend`).
SIGNALS: tuple[str, ...] = tuple(_ext.SIGNALS)

#: Signal weights: ``{"text": 1.0, "partner_of_partner": 0.5, ...}``; signals not named keep
#: the library default.
Weights = Mapping[str, float]


def _weights(weights: Weights | None) -> dict[str, float] | None:
    if weights is None:
        return None
    if not isinstance(weights, Mapping):
        raise InvalidArgument(
            "[scoutmatch.signals.1] weights must be a dict of signal name -> weight, not "
            + type(weights).__name__)
    return dict(weights)


def _strings(value: Union[None, str, Iterable[str]]) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _is_dataframe(obj: Any) -> bool:
    return type(obj).__module__.startswith("pandas") and hasattr(obj, "to_dict") and hasattr(obj, "columns")


def _records(profiles: Any) -> tuple[Any, str]:
    """(records, source name) for the extension; paths are returned as str."""
    if isinstance(profiles, (str, os.PathLike)):
        return os.fspath(profiles), "path"
    if _is_dataframe(profiles):
        df = profiles
        # Missing values become None; numpy scalars become Python objects.
        records = df.astype(object).where(df.notna(), None).to_dict("records")
        return records, "<DataFrame>"
    return profiles, "<list>"


def read_profiles(
    path: PathLike, *, threads: int | None = None, rename: Mapping[str, str] | None = None
) -> list[Profile]:
    """Reads a JSONL/CSV profile file (optionally .gz) with the C++ readers.

    ``rename`` reads source fields as profile fields, e.g. ``{"train_projects": "projects"}``
    (like ``scoutmatch index --field train_projects=projects``); a target must be a profile
    field (InvalidArgument [scoutmatch.options.read.2] otherwise).

    Raises FileError or ParseError (with file, line and field) on bad input."""
    pairs = [(str(k), str(v)) for k, v in (rename or {}).items()]
    return _ext.read_profiles(os.fspath(path), threads, pairs)


def profiles_from_records(records: Any) -> list[Profile]:
    """Validates dicts (or DataFrame rows) and turns them into Profiles, with the readers'
    field rules and error ids; the line number in messages is the record's position."""
    recs, source = _records(records)
    if source == "path":
        return read_profiles(recs)
    return _ext.profiles_from_records(recs, source)


class TermMatrix:
    """The BM25F document-term matrix of a corpus, in CSR form (what :func:`vectorize` returns).

    Row ``i`` is document ``i``, column ``j`` the index term ``terms[j]`` (terms ascending:
    normalised, stemmed, compounds split into their parts). ``data[indptr[i]:indptr[i+1]]``
    are row ``i``'s values at columns ``indices[indptr[i]:indptr[i+1]]`` (ascending).
    A value is ``sat(t, d) * sqrt(idf(t))`` over all fields (see the README's BM25F
    formula), so ``X @ X.T`` holds the index's text scores of every pair of profiles (before
    any signal weights or dense fusion). ``idf`` is per column, ``ids`` the profiles' ids
    (None for a list of texts). :meth:`to_scipy` wraps the arrays without copying.
    """

    __slots__ = ("data", "indices", "indptr", "shape", "terms", "idf", "ids")

    def __init__(self, parts: dict[str, Any]) -> None:
        self.data: np.ndarray = parts["data"]  #: float32 values
        self.indices: np.ndarray = parts["indices"]  #: int32 columns
        self.indptr: np.ndarray = parts["indptr"]  #: int64 row starts, rows + 1 entries
        self.shape: tuple[int, int] = tuple(parts["shape"])  #: (documents, terms)
        self.terms: list[str] = parts["terms"]  #: column j's index term
        self.idf: np.ndarray = parts["idf"]  #: float32 BM25 idf per column
        self.ids: list[str] | None = parts["ids"]  #: profile ids, None for texts

    @property
    def nnz(self) -> int:
        """Number of stored values."""
        return int(self.data.shape[0])

    def to_scipy(self) -> Any:
        """A ``scipy.sparse.csr_array`` over the same arrays (no copy). Needs scipy
        (ImportError [scoutmatch.python.16] otherwise)."""
        try:
            from scipy.sparse import csr_array
        except ImportError as e:
            raise ImportError("[scoutmatch.python.16] TermMatrix.to_scipy needs scipy: pip install scipy") from e
        return csr_array((self.data, self.indices, self.indptr), shape=self.shape, copy=False)

    def __repr__(self) -> str:
        return f"scoutmatch.TermMatrix({self.shape[0]} documents x {self.shape[1]} terms, {self.nnz} values)"


def vectorize(
    documents: Union[Profiles, Sequence[str]],
    *,
    lang: str | None = None,
    threads: int | None = None,
    **options: Any,
) -> TermMatrix:
    """The BM25F document-term matrix of ``documents``, like scikit-learn's
    ``TfidfVectorizer.fit_transform`` but with the index's analysis (Unicode, German and
    English stemming, compound splitting, stop words) and weighting.

    ``documents``: a list of texts (each one document's ``text``), or anything
    :meth:`Index.build` accepts (a path, dicts, Profiles, a DataFrame; all fields count,
    with their field weights). ``lang``: "en", "de", or None to detect each document's
    language (profiles that give ``lang`` keep theirs). ``options``: the analysis and BM25
    options of :meth:`Index.build` (``k1``, ``b``, ``field_weights``, ``stop_words``,
    ``stem``, ``decompound``, ``min_part``, ``max_token``). ``threads``: None = all cores.

    Raises InvalidArgument [scoutmatch.python.15] for a list mixing texts and other objects,
    ParseError/FileError for bad profiles, InvalidArgument for bad options."""
    for name in ("dense_weight", "semantic_dims"):
        if name in options:
            raise TypeError(f"vectorize() got an unexpected keyword argument '{name}' (an index option)")
    recs, source = _records(documents)
    if source == "<list>" and not isinstance(recs, (list, tuple, str, bytes, Mapping)) and hasattr(recs, "__iter__"):
        recs = list(recs)  # a generator of texts: its first element decides, as for a list
    return TermMatrix(_ext._vectorize(recs, source, lang=lang, threads=threads, **options))


def _filters(
    k: int,
    kind: Union[None, str, Iterable[str]],
    country: Union[None, str, Iterable[str]],
    region: Union[None, str, Iterable[str]],
    near: tuple[float, float] | None,
    within_km: float | None,
    exclude: Union[None, str, Iterable[str]],
    include_self: bool,
    mode: str,
    explain: bool,
    explain_terms: int,
    threads: int | None,
) -> dict[str, Any]:
    return dict(
        k=k,
        kind=_strings(kind),
        country=_strings(country),
        region=_strings(region),
        near=None if near is None else (float(near[0]), float(near[1])),
        within_km=None if within_km is None else float(within_km),
        exclude=_strings(exclude),
        include_self=bool(include_self),
        mode=mode,
        explain=bool(explain),
        explain_terms=int(explain_terms),
        threads=threads,
    )


class Index:
    """An index of competence profiles that recommends explained partners (BM25F).

    Build it with :meth:`build` or :meth:`load`. Searching is safe from many threads at
    once (the GIL is released while C++ works). ``len(index)`` is the number of profiles,
    ``id in index`` tests an id. Pickling round-trips to an index with identical results.
    """

    __slots__ = ("_ix", "_id_table", "_lock", "__weakref__")

    def __init__(self, _index: Any = None) -> None:
        self._ix = _index if _index is not None else _ext._Index()
        self._id_table: np.ndarray | None = None
        self._lock = threading.Lock()

    # ---- building, loading, saving --------------------------------------------------------

    @classmethod
    def build(
        cls,
        profiles: Profiles,
        *,
        threads: int | None = None,
        stats: CorpusStatistics | None = None,
        **options: Any,
    ) -> "Index":
        """Builds an index of ``profiles``: a JSONL/CSV path (read by the C++ readers), a
        list of dicts or :class:`Profile` objects, or a pandas DataFrame (one row per
        profile; NaN/None mean "not given"). Fields and rules: see the README.

        ``options``: ``k1`` (1.2), ``b`` (0.75), ``field_weights`` (dict field -> weight),
        ``stop_words``, ``stem``, ``decompound`` (True), ``min_part`` (3), ``max_token``
        (64), ``dense_weight`` (0.5), ``semantic_dims`` (0 = no LSA space; e.g. 128: an LSA
        space fitted on the profiles' BM25 weights whose cosine enters the fused score with
        ``dense_weight``). ``threads``: build workers (None = all cores). ``stats``: corpus statistics
        of a larger corpus this is a shard of (see :mod:`scoutmatch.dask`).

        Raises ParseError/FileError for bad input, InvalidArgument for bad options,
        TypeError for an unknown option name."""
        recs, source = _records(profiles)
        if source == "path":
            ix = _ext._Index.build_from_path(recs, threads=threads, stats=stats, **options)
        else:
            ix = _ext._Index.build(recs, source, threads=threads, stats=stats, **options)
        return cls(ix)

    @classmethod
    def load(cls, path: PathLike) -> "Index":
        """Loads an index file written by :meth:`save` or ``scoutmatch index``. Raises
        FileError, or FormatError when the file is damaged or not an index."""
        return cls(_ext._Index.load(os.fspath(path)))

    def save(self, path: PathLike) -> None:
        """Writes the index atomically (temporary file, fsync, rename); the CLI reads it."""
        self._ix.save(os.fspath(path))

    @staticmethod
    def statistics(profiles: Profiles, *, threads: int | None = None, **options: Any) -> CorpusStatistics:
        """Mergeable corpus statistics of ``profiles`` for these options (see
        :mod:`scoutmatch.dask`): ``a.merge(b)`` gives the statistics of both."""
        recs, source = _records(profiles)
        return _ext._Index.statistics(recs, source, threads=threads, **options)

    def to_bytes(self) -> bytes:
        """The index file's bytes."""
        return self._ix.to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> "Index":
        """An index from :meth:`to_bytes`; raises FormatError for damaged bytes."""
        return cls(_ext._Index.from_bytes(data))

    def __getstate__(self) -> dict[str, Any]:
        return {"index": self._ix.to_bytes()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(_ext._Index.from_bytes(state["index"]))

    # ---- inspection ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ix)

    def __contains__(self, id: object) -> bool:
        return isinstance(id, str) and self._ix.contains(id)

    def __repr__(self) -> str:
        return f"scoutmatch.Index({len(self)} profiles)"

    @property
    def profiles(self) -> list[Profile]:
        """All profiles in document order (copies)."""
        return self._ix.profiles()

    @property
    def ids(self) -> list[str]:
        """All profile ids in document order."""
        return self._ix.ids()

    @property
    def options(self) -> dict[str, Any]:
        """The options the index was built with (pass them to build() to rebuild)."""
        return self._ix.options()

    def profile(self, id: str) -> Profile:
        """The profile with ``id``; raises NotFound."""
        doc = self._ix.find(id)
        if doc is None:
            raise NotFound(f'[scoutmatch.query.not_found] no profile with id "{id}" in the index')
        return self._ix.profile(doc)

    def doc(self, id: str) -> int | None:
        """The document number (position in :attr:`profiles`) of ``id``, or None."""
        return self._ix.find(id)

    def _ids_of(self, docs: np.ndarray) -> np.ndarray:
        table = self._id_table
        if table is None:
            table = np.array(self._ix.ids() + [""], dtype=object)  # [-1] -> ""
            self._id_table = table
        return table[docs]

    # ---- searching ---------------------------------------------------------------------------

    def recommend(
        self,
        id: str | None = None,
        *,
        text: str | None = None,
        lang: str | None = None,
        k: int = 10,
        kind: Union[None, str, Iterable[str]] = None,
        country: Union[None, str, Iterable[str]] = None,
        region: Union[None, str, Iterable[str]] = None,
        near: tuple[float, float] | None = None,
        within_km: float | None = None,
        exclude: Union[None, str, Iterable[str]] = None,
        include_self: bool = False,
        mode: str = "similar",
        explain: bool = False,
        explain_terms: int = 5,
        threads: int | None = None,
        embedding: Any = None,
        dense_weight: float | None = None,
        weights: Weights | None = None,
        reciprocal: bool = False,
        new_partners_only: bool = True,
    ) -> list[Match]:
        """Recommended partners for the profile ``id`` or for free ``text``, best first.

        Filters: ``kind`` (a kind or list of kinds), ``country`` (ISO codes), ``region``
        (NUTS prefixes), ``near=(lat, lon)`` with ``within_km``; ``exclude`` ids. ``mode``
        "similar" (all fields) or "needs" (the profile's needs against others' offers and
        competences). ``explain=True`` attaches an :class:`Explanation` to each match.

        Embeddings (when the profiles carry an ``embedding``): the score fuses BM25F and
        the cosine of the embeddings, ``(1 - w) * bm25 / best bm25 + w * max(0, cosine)``
        with ``w = dense_weight`` (default: the index option ``dense_weight``, 0.5; 0 =
        BM25F only). A profile query uses the profile's embedding; a text query uses
        ``embedding`` (a vector of the index's dimension), else BM25F only.

        Signal model (profiles with ``projects``/``partners``, see :data:`SIGNALS`): the
        score is ``sum of weight[s] * value_s``. ``weights`` overrides the index's weights
        for this call (a dict; signals not named keep the library default, as with the
        CLI's ``--weights``); ``reciprocal=True`` scores text both ways (a small profile is
        not swamped by a big one); ``new_partners_only=False`` also returns the query
        profile's existing partners. Explanations then carry ``signals``, ``via`` and a
        ``summary``.

        Raises NotFound for an unknown id, InvalidArgument for k <= 0 or bad filters, and
        InvalidArgument [scoutmatch.signals.1] / [scoutmatch.signals.2] for an unknown
        signal name or a non-finite weight."""
        f = _filters(k, kind, country, region, near, within_km, exclude, include_self, mode, explain,
                     explain_terms, threads)
        if embedding is not None:
            embedding = np.asarray(embedding, dtype=np.float32).reshape(-1).tolist()
        return self._ix.recommend(id, text, lang, **f, embedding=embedding, dense_weight=dense_weight,
                                  weights=_weights(weights), reciprocal=bool(reciprocal),
                                  new_partners_only=bool(new_partners_only))

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
        threads: int | None = None,
        return_docs: bool = False,
        dense_weight: float | None = None,
        weights: Weights | None = None,
        reciprocal: bool = False,
        new_partners_only: bool = True,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top-k for many queries at once, in parallel: ``(scores, ids)`` of shape (n, k).

        ``scores`` is float32 (NaN where fewer than k match); ``ids`` is an object array of
        profile ids ("" where fewer match), or with ``return_docs=True`` int64 document
        numbers (-1 where fewer match). Give ``ids`` (profile ids) or ``texts``. The
        filters, ``dense_weight``, ``weights``, ``reciprocal`` and ``new_partners_only`` are
        those of :meth:`recommend` and apply to every query."""
        f = _filters(k, kind, country, region, near, within_km, exclude, include_self, mode, False, 5, threads)
        if ids is not None:
            ids = _strings(ids)
        if texts is not None:
            texts = _strings(texts)
        scores, docs = self._ix.recommend_batch(ids, texts, lang, **f, dense_weight=dense_weight,
                                                weights=_weights(weights), reciprocal=bool(reciprocal),
                                                new_partners_only=bool(new_partners_only))
        return (scores, docs) if return_docs else (scores, self._ids_of(docs))

    def all_pairs(
        self,
        a: Union[Sequence[str], Sequence[int], np.ndarray],
        b: Union[Sequence[str], Sequence[int], np.ndarray],
        k: int = 10,
        *,
        threads: int | None = None,
        return_docs: bool = False,
    ) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
        """Every pair of two groups of profiles at once (e.g. all companies against all
        research groups for a matchmaking event): for each profile of ``a`` its best ``k``
        of ``b`` and for each of ``b`` its best ``k`` of ``a``, by the BM25F text score of
        the similar mode (``Explanation.text_score``; symmetric, so one pass serves both
        directions; no signals, embeddings or filters: choose the groups yourself, e.g.
        ``[p.id for p in index.profiles if p.kind == "company"]``). ``a``, ``b``: profile
        ids, or document numbers (ints / an integer array). Returns ``((a_scores, a_ids), (b_scores, b_ids))`` of shapes (len(a), k)
        and (len(b), k): float32 scores best first (NaN where fewer match: only scores
        > 0 count, and a profile never matches itself) and object arrays of profile ids
        ("" where fewer match), or with ``return_docs=True`` int64 document numbers (-1).
        Raises NotFound for an unknown id, InvalidArgument for k outside 1..1,000,000
        [scoutmatch.search.2], above the index's max_k [scoutmatch.query.14] or a
        document number out of range [scoutmatch.search.3]."""
        da, db = self._docs_of(a), self._docs_of(b)
        (sa, ia), (sb, ib) = self._ix.all_pairs(da, db, int(k), threads)
        if return_docs:
            return (sa, ia), (sb, ib)
        return (sa, self._ids_of(ia)), (sb, self._ids_of(ib))

    def _docs_of(self, group: Any) -> list[int]:
        if isinstance(group, str):
            group = [group]
        if isinstance(group, np.ndarray) and group.dtype.kind in "iu":
            return group.astype(np.int64, copy=False).ravel().tolist()
        items = list(group)
        if all(isinstance(x, str) for x in items):
            return self._ix.docs_of(items)
        if all(isinstance(x, (int, np.integer)) and not isinstance(x, bool) for x in items):
            return [int(x) for x in items]
        raise InvalidArgument("[scoutmatch.python.14] all_pairs: a group must be profile ids (str) or "
                              "document numbers (int), not a mix or other types")

    def evaluate(
        self,
        pairs: Union[PathLike, Iterable[Any]],
        k: int = 10,
        *,
        to_kind: Union[None, str, Iterable[str]] = None,
        mode: str = "similar",
        threads: int | None = None,
        weights: Weights | None = None,
        reciprocal: bool = False,
        new_partners_only: bool = True,
    ) -> dict[str, Any]:
        """Recall@k, nDCG@k, MRR and Hit@k against known partners, exactly as
        ``scoutmatch eval``. ``pairs``: a JSONL path, or an iterable of dicts
        ``{"query": id, "relevant": [ids]}`` or of ``(query, relevant)`` tuples.
        ``weights``, ``reciprocal``, ``new_partners_only``: as in :meth:`recommend`, for
        every query (default: the index's weights)."""
        return self._ix.evaluate(_pairs(pairs), k, _strings(to_kind), mode, threads,
                                 weights=_weights(weights), reciprocal=bool(reciprocal),
                                 new_partners_only=bool(new_partners_only))

    # ---- signal weights ------------------------------------------------------------------

    @property
    def weights(self) -> dict[str, float]:
        """The signal weights stored in the index (used by queries without ``weights``)."""
        return self._ix.weights()

    def with_weights(self, weights: Weights) -> "Index":
        """A copy of this index whose stored signal weights are ``weights`` (signals not
        named keep the library default); e.g. ``index.with_weights(tune(index,
        pairs)["weights"])``. Save it to keep them."""
        w = _weights(weights)
        assert w is not None
        return Index(self._ix.with_weights(w))

    # ---- changing (a new snapshot, by rebuilding) ---------------------------------------

    def update(self, upserts: Profiles = (), removals: Union[str, Iterable[str]] = (),
               threads: int | None = None) -> None:
        """Adds or replaces the profiles ``upserts`` (a known id is replaced in place, new
        ids are appended) and removes the ids ``removals`` (unknown ones are ignored), with
        the C++ core's ``Index::updated``: the result equals a build from scratch of the
        new set of profiles (same options). Cost: a rebuild, O(all profiles), without the
        GIL, on ``threads`` workers (None = all cores). Searches running meanwhile keep the
        snapshot they started with."""
        new = profiles_from_records(upserts) if not isinstance(upserts, tuple) or upserts else []
        with self._lock:
            rebuilt = self._ix.updated(new, _strings(removals), threads=threads)
            self._ix, self._id_table = rebuilt, None

    def add(self, profiles: Profiles) -> None:
        """Adds profiles (same input forms as :meth:`build`); a profile whose id is already
        indexed replaces it. See :meth:`update` for the cost (a rebuild, O(N))."""
        self.update(profiles)

    def remove(self, ids: Union[str, Iterable[str]]) -> None:
        """Removes profiles by id (a rebuild, O(N)). Raises NotFound, and removes nothing,
        when an id is not in the index."""
        drop = _strings(ids)
        with self._lock:
            for i in drop:
                if not self._ix.contains(i):
                    raise NotFound(f'[scoutmatch.query.not_found] no profile with id "{i}" in the index')
            rebuilt = self._ix.updated([], drop)
            self._ix, self._id_table = rebuilt, None


def _pairs(pairs: Union[PathLike, Iterable[Any]]) -> Any:
    if isinstance(pairs, (str, os.PathLike)):
        return os.fspath(pairs)
    p = []
    for item in pairs:
        if isinstance(item, Mapping):
            p.append((item["query"], _strings(item.get("relevant"))))
        else:
            q, rel = item
            p.append((q, _strings(rel)))
    return p


def tune(
    index: Index,
    pairs: Union[PathLike, Iterable[Any]],
    *,
    k: int = 10,
    to_kinds: Union[None, str, Iterable[str]] = None,
    mode: str = "similar",
    reciprocal: bool = False,
    folds: int = 5,
    rounds: int = 3,
    signals: Union[None, str, Iterable[str]] = None,
    start: Weights | None = None,
    threads: int | None = None,
) -> dict[str, Any]:
    """Fits the signal weights of ``index`` on known partner pairs (coordinate ascent on
    nDCG@k, like ``scoutmatch tune``), with ``folds``-fold cross-validation (0 = none).

    ``pairs``: as in :meth:`Index.evaluate`. ``to_kinds``: candidate kinds. ``signals``:
    the signals to fit (default: all that vary); ``start``: start weights over the library
    defaults. Returns a dict with ``weights`` (dict, fitted on all queries: pass it to
    :meth:`Index.with_weights`), ``start_weights``, the metrics ``start``, ``fitted``
    (in-sample) and ``cross_validated`` (None without folds), ``fold_weights``,
    ``candidates_per_query``, ``missing_queries``, ``skipped_no_relevant``, ``seconds``.

    Raises InvalidArgument [scoutmatch.tune.1] for options out of range and
    [scoutmatch.tune.2] when no query of the pairs can be evaluated."""
    return _ext.tune(
        index._ix, _pairs(pairs), k=k, to_kind=_strings(to_kinds), mode=mode,
        reciprocal=bool(reciprocal), folds=folds, rounds=rounds,
        signals=None if signals is None else _strings(signals), start=_weights(start),
        threads=threads)


from ._hybrid import HybridIndex, HybridMatch  # noqa: E402

__all__ = [
    "__version__",
    "Index",
    "Profile",
    "TermMatrix",
    "vectorize",
    "Match",
    "Explanation",
    "assign",
    "schedule",
    "TermContribution",
    "SignalContribution",
    "DenseIndex",
    "HnswIndex",
    "HybridIndex",
    "HybridMatch",
    "CorpusStatistics",
    "PortableQuery",
    "read_profiles",
    "profiles_from_records",
    "Error",
    "ParseError",
    "FormatError",
    "FileError",
    "InvalidArgument",
    "NotFound",
    "KINDS",
    "SIGNALS",
    "tune",
]


def assign(
    index: Index,
    companies: Iterable[str],
    partners: Iterable[str],
    *,
    capacity: int = 3,
    per_company: int = 1,
    method: str = "flow",
    candidates: int = 0,
    threads: int | None = None,
) -> dict[str, Any]:
    """Assigns ``companies`` to research ``partners`` (profile ids of ``index``), each
    partner taking at most ``capacity`` companies and each company at most ``per_company``
    partners, maximising the total mutual relevance (``method="flow"``: exact, min-cost
    flow), or by company-proposing stable matching (``"stable"``) or first come first
    served (``"greedy"``), like ``scoutmatch assign``. ``candidates`` > 0 restricts the
    flow to each company's best partners (faster; exact when large enough).

    Returns a dict with ``pairs`` (list of (company id, partner id, relevance)),
    ``total_relevance``, ``companies``, ``companies_placed`` and ``placed_share``.
    Raises InvalidArgument [scoutmatch.assign.N] for bad options or unknown ids."""
    return _ext.assign(index._ix, list(companies), list(partners), capacity=capacity,
                       per_company=per_company, method=method, candidates=candidates,
                       threads=threads)


def schedule(index: Index, event: Union[PathLike, dict], *, balance: bool = True,
             threads: int | None = None) -> dict[str, Any]:
    """Plans the meetings of an event (``event``: a dict in the EVENT.json format of the
    README, or the path of such a file), like ``scoutmatch schedule``. Returns the plan as
    a dict: ``meetings`` (a, b, slot, table, score), ``total_relevance`` and the fields
    of PLAN.json. Raises InvalidArgument [scoutmatch.schedule.N] for a bad event."""
    import json as _json
    if isinstance(event, dict):
        text = _json.dumps(event)
    else:
        with open(os.fspath(event), encoding="utf-8") as f:
            text = f.read()
    return _json.loads(_ext.schedule(index._ix, text, balance=balance, threads=threads))
