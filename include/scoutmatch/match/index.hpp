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

#include "scoutmatch/index/inverted_index.hpp"
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
  /// Worker threads for building: 0 = all cores. Not stored.
  std::size_t threads = 0;

  /// Throws invalid_argument ([scoutmatch.options...]) when a value is out of range.
  void validate() const;
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
  /// O(all profiles). Throws like build() (e.g. duplicate ids within `upserts`).
  Index updated(std::vector<Profile> upserts, const std::vector<std::string>& removals = {}) const;

  /// Recommended partners for `query`, best first. Throws not_found
  /// ([scoutmatch.query.not_found]) for an unknown profile id and invalid_argument for a
  /// bad query (see Query::validate) or a needs-mode query on a profile without needs.
  std::vector<Match> recommend(const Query& query) const;

  /// recommend() for many queries in parallel (`threads` 0 = all cores); results in the
  /// order of `queries`. Exceptions of any query are rethrown in the caller.
  std::vector<std::vector<Match>> recommend_batch(std::span<const Query> queries,
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
  std::vector<Match> run(const Query& query, bool parallel) const;
  std::vector<float> query_embedding(const Query& query) const;  // unit length, or empty
  void dense_scores(const std::vector<float>& query_embedding, std::vector<float>& out) const;
  Explanation explain_with(const Query& query, const QueryVector& qv, std::uint32_t doc,
                           std::size_t max_terms) const;
  std::shared_ptr<const State> state_;
};

}  // namespace scoutmatch
