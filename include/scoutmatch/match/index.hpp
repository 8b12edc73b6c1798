#pragma once
/// \file index.hpp
/// The profile index: build it from profiles, ask it for explained partner
/// recommendations, run whole-group matching, save and load it.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scoutmatch/index/all_pairs.hpp"
#include "scoutmatch/index/inverted_index.hpp"
#include "scoutmatch/index/partner_graph.hpp"
#include "scoutmatch/match/query.hpp"
#include "scoutmatch/text/analyzer.hpp"
#include "scoutmatch/types.hpp"
#include "scoutmatch/vectorize/bm25.hpp"
#include "scoutmatch/vectorize/vectorizer.hpp"

namespace scoutmatch {

/// Build-time choices, stored in the index.
struct IndexOptions {
  AnalyzerOptions analyzer;  ///< text analysis
  Bm25Options bm25;          ///< weighting
  /// Weight w of the dense (embedding) score in the fusion of Match::score, 0..1, used
  /// when the index and the query have embeddings and the query does not set its own.
  /// Default 0.5. Stored in the index.
  double dense_weight = 0.5;
  /// The largest k a query on this index may ask for, 1..scoutmatch::max_k (a limit for
  /// services that take k from untrusted callers). Default max_k. Stored in the index.
  std::size_t max_k = scoutmatch::max_k;
  /// Dimensions of the latent semantic space (LSA, vectorize/lsa.hpp) fitted on the
  /// profiles' BM25 weights at build and load time: 0 = none (default), else 1..1024
  /// (e.g. 128). With a space, every profile gets an LSA embedding that takes the place of
  /// user embeddings in the dense fusion (`dense_weight`, Query::dense_weight), so profiles
  /// that say the same thing in different words still meet; text queries fold into the
  /// same space. Cannot be combined with profiles that carry their own `embedding`
  /// ([scoutmatch.lsa.2]) nor with sharded builds ([scoutmatch.lsa.3]). Stored in the index.
  std::size_t semantic_dims = 0;
  /// Weights of the scoring signals (match/signals.hpp) for queries that do not set their
  /// own. Stored in the index; `scoutmatch tune` fits them on known partner pairs.
  SignalWeights weights;
  /// Worker threads for building: 0 = all cores. Not stored.
  std::size_t threads = 0;

  /// Throws invalid_argument ([scoutmatch.options...]) when a value is out of range.
  void validate() const;
};

/// A query in a form that another index can run: the query's index terms (strings,
/// ascending) with their weights, for one mode. Made by Index::portable_query() from a
/// profile or text of one index and run by Index::recommend(Query, PortableQuery) on
/// another built with the same CorpusStatistics (the shards of a distributed index), it
/// scores there exactly as it would in one index of all profiles.
struct PortableQuery {
  Mode mode = Mode::similar;       ///< the space the weights belong to
  std::vector<std::string> terms;  ///< index terms, strictly ascending
  std::vector<float> weights;      ///< query weight of each term, sat(t,q)
  std::optional<GeoPoint> origin;  ///< the query profile's location, for explanations
};

/// An immutable, searchable index of profiles. Copies share the same data (cheap);
/// every const member function is safe to call from many threads at once.
class Index {
 public:
  /// An empty index (size() == 0).
  Index();

  /// Builds an index of `profiles` (ids must be unique and non-empty: throws parse_error
  /// [scoutmatch.io.parse.3/4] otherwise; the readers already guarantee it).
  static Index build(std::vector<Profile> profiles, const IndexOptions& options = {});

  /// Builds the index of one shard of a larger corpus with the corpus' statistics
  /// `global` (see CorpusStatistics): every weight and score equals the one an index of
  /// the whole corpus gives. Throws like build(), and invalid_argument
  /// [scoutmatch.stats.N] when `global` does not cover `profiles` or was computed with
  /// other options. Defined in src/match/index_shard.cpp.
  static Index build(std::vector<Profile> profiles, const IndexOptions& options,
                     const CorpusStatistics& global);

  /// The corpus statistics of `profiles` for `options` (mergeable across shards; see
  /// CorpusStatistics). Runs on `options.threads` workers.
  static CorpusStatistics statistics(const std::vector<Profile>& profiles,
                                     const IndexOptions& options = {});

  /// `query`'s id or text as a PortableQuery of this index (throws like recommend()).
  PortableQuery portable_query(const Query& query) const;

  /// Runs `query` (its k, filters, exclusions, include_self, explain and threads) with the
  /// query vector `vector` instead of the one of its id or text; terms unknown to this
  /// index are skipped. The query profile itself is excluded when it is in this index and
  /// include_self is off. Throws invalid_argument [scoutmatch.query.9] when the modes of
  /// `query` and `vector` differ or the terms are not strictly ascending.
  std::vector<Match> recommend(const Query& query, const PortableQuery& vector) const;

  /// The index as bytes (the index file format: header and payload), e.g. for pickling.
  /// Defined in the io layer (src/io/index_bytes.cpp).
  std::string to_bytes() const;

  /// An index from to_bytes() bytes. Throws format_error like load(); `name` names the
  /// source in messages.
  static Index from_bytes(std::string_view bytes, const std::string& name = "<bytes>");

  /// Loads an index written by save(). Throws file_error when the file cannot be read and
  /// format_error ([scoutmatch.io.format.N]) when it is not a scoutmatch index, of a
  /// newer format version, truncated or damaged. Defined in the io layer.
  static Index load(const std::filesystem::path& path);

  /// Writes the index atomically: to a temporary file beside `path`, flushed to disk,
  /// then renamed over `path`; on failure `path` is untouched. Throws file_error.
  void save(const std::filesystem::path& path) const;

  /// A new index with `upserts` added and `removals` removed; this index is unchanged,
  /// so searches running on it keep a consistent snapshot. A profile in `upserts` whose
  /// id is already indexed replaces that profile in place; new ones are appended; ids in
  /// `removals` that are not indexed are ignored. Term statistics are those of the new
  /// set of profiles: the result equals Index::build() of that set. Cost: a rebuild,
  /// O(all profiles), on `threads` workers (0 = all cores, as IndexOptions::threads).
  /// Throws like build() (e.g. duplicate ids within `upserts`).
  Index updated(std::vector<Profile> upserts, const std::vector<std::string>& removals = {},
                std::size_t threads = 0) const;

  /// Recommended partners for `query`, best first. Throws not_found
  /// ([scoutmatch.query.not_found]) for an unknown profile id and invalid_argument for a
  /// bad query (see Query::validate) or a needs-mode query on a profile without needs.
  std::vector<Match> recommend(const Query& query) const;

  /// recommend() for many queries in parallel (`threads` 0 = all cores); results in the
  /// order of `queries`. Exceptions of any query are rethrown in the caller.
  std::vector<std::vector<Match>> recommend_batch(std::span<const Query> queries,
                                                  std::size_t threads = 0) const;

  /// Every pair of two groups of profiles at once, e.g. all companies against all research
  /// groups for a matchmaking event: for each document of `a_docs` its best `k` of
  /// `b_docs` and for each of `b_docs` its best `k` of `a_docs`, by the BM25F text score of
  /// the similar mode (Explanation::text_score: symmetric, so one pass serves both
  /// directions; no signals, embeddings or filters: select the groups with the documents
  /// you pass). A profile never matches itself. See all_pairs_topk() for ties, rounding and
  /// cost; `threads` 0 = the current TBB arena (all cores by default). Throws
  /// invalid_argument [scoutmatch.search.2] for k not in 1..1,000,000 or threads above
  /// 4096, [scoutmatch.query.14] for k above this index's max_k, and [scoutmatch.search.3]
  /// for a document number >= size().
  SparseAllPairs all_pairs(std::span<const std::uint32_t> a_docs,
                           std::span<const std::uint32_t> b_docs, std::size_t k = 10,
                           std::size_t threads = 0) const;

  /// Why `doc` matches `query`: the shared terms with their shares, the fields.
  Explanation explain(const Query& query, std::uint32_t doc, std::size_t max_terms = 5) const;

  /// Number of profiles.
  std::size_t size() const noexcept;
  /// The document number of profile `id`, if indexed.
  std::optional<std::uint32_t> find(std::string_view id) const;
  /// True when a profile with `id` is indexed.
  bool contains(std::string_view id) const { return find(id).has_value(); }
  /// The profile of document `doc` (< size()).
  const Profile& profile(std::uint32_t doc) const;
  /// All profiles, in document order.
  const std::vector<Profile>& profiles() const noexcept;
  /// The options the index was built with.
  const IndexOptions& options() const noexcept;
  /// The analyzer the index uses for queries.
  const Analyzer& analyzer() const noexcept;
  /// The vectorised corpus (vocabulary, BM25F vectors), for inspection and tests.
  const CorpusVectors& vectors() const noexcept;
  /// The partner graph (from Profile::projects and Profile::partners; empty without).
  const PartnerGraph& graph() const noexcept;
  /// A copy of this index (sharing its data) whose stored signal weights are `w`.
  Index with_weights(const SignalWeights& w) const;
  /// The value of every signal (match/signals.hpp) for every candidate of `query` that
  /// passes its filters (and, with new_partners_only, is not a partner already) and has a
  /// shared term, a tie or some activity; the raw material of scoring, tuning and
  /// ablations. Throws like recommend().
  SignalTable signals(const Query& query) const;
  /// The language used for document `doc` (given or detected).
  Language language(std::uint32_t doc) const;

  /// The query vector of `query` in the space its mode searches (for tests and tools).
  QueryVector query_vector(const Query& query) const;

  struct State;  ///< internal; public only for the io layer's persistence

  /// Internal: wraps state restored by the io layer.
  explicit Index(std::shared_ptr<const State> state);
  /// Internal: the state, for the io layer's persistence.
  const State& state() const noexcept { return *state_; }

 private:
  void check_limits(const Query& query) const;  // validate() and the index's max_k
  std::vector<Match> run(const Query& query, bool parallel) const;
  // run() for many queries, the plain text ones through InvertedIndex::search_batch.
  void run_batch(std::span<const Query> queries, std::vector<std::vector<Match>>& out) const;
  // The query's filters plus its exclusions (ids, itself, and with `signals` its partners).
  FilterSpec filter_spec(const Query& query, bool signals) const;
  std::vector<float> query_embedding(const Query& query) const;  // unit length, or empty
  void dense_scores(const std::vector<float>& query_embedding, std::vector<float>& out) const;
  std::vector<Match> run_signals(const Query& query, const QueryVector& qv,
                                 const CompiledFilter& filter, std::size_t k) const;
  void explain_signals(const Query& query, Match& m) const;
  SignalTable signal_table(const Query& query, const CompiledFilter& filter,
                           const QueryVector& qv) const;
  Explanation explain_with(const Query& query, const QueryVector& qv, std::uint32_t doc,
                           std::size_t max_terms) const;
  std::shared_ptr<const State> state_;
};

}  // namespace scoutmatch
