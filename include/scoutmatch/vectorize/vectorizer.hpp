#pragma once
/// \file vectorizer.hpp
/// Turns analysed profiles into BM25F vectors. A corpus is vectorised into "spaces": the
/// same profiles seen through different sets of fields.
///   - `all`:    every field; used by the default "similar" mode.
///   - `supply`: competences and offers; what a profile can give (the "needs" mode
///               searches here).
///   - `needs`:  the needs field, weighted against supply's statistics; used only as
///               queries against `supply`.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scoutmatch/text/analyzer.hpp"
#include "scoutmatch/types.hpp"
#include "scoutmatch/vectorize/bm25.hpp"
#include "scoutmatch/vectorize/sparse_vectors.hpp"
#include "scoutmatch/vectorize/vocabulary.hpp"

namespace scoutmatch {

/// Which view of the profiles a vector belongs to.
enum class Space : std::uint8_t { all = 0, supply = 1 };

/// The fields of a space.
constexpr FieldMask space_fields(Space s) noexcept {
  return s == Space::all
             ? FieldMask{0x3f}
             : static_cast<FieldMask>(field_bit(Field::competences) | field_bit(Field::offers));
}

/// BM25F statistics and saturated term frequencies of one space.
struct SpaceVectors {
  FieldMask fields = 0;  ///< fields that make up this space
  SparseVectors sat;     ///< per profile: sat(t,d) of bm25.hpp, with the fields of each term
  std::vector<std::uint32_t> df;  ///< documents containing each term (by TermId)
  std::vector<float> idf;         ///< bm25_idf(df, n) by TermId
  double avg_len = 1;             ///< mean field-weighted length (>= tiny positive)
};

/// The vectorised corpus: vocabulary and spaces. Rows are in profile order.
struct CorpusVectors {
  Vocabulary vocabulary;
  SpaceVectors all;     ///< Space::all
  SpaceVectors supply;  ///< Space::supply
  SparseVectors needs;  ///< per profile: the needs field, saturated against supply.avg_len
  std::vector<Language> languages;  ///< language used for each profile (given or detected)

  /// The space `s`.
  const SpaceVectors& space(Space s) const noexcept { return s == Space::all ? all : supply; }
};

/// A query vector: ascending term ids with their query weights (sat of the query).
struct QueryVector {
  std::vector<TermId> terms;
  std::vector<float> weights;
  /// True when no query term occurs in the corpus.
  bool empty() const noexcept { return terms.empty(); }
};

/// Length statistics of one space over a corpus, kept as integers so that they add up
/// exactly across shards.
struct SpaceStatistics {
  /// Per field: tokens of that field summed over the profiles whose field-weighted length
  /// in this space is > 0 (the "non-empty" ones).
  std::array<std::uint64_t, field_count> tokens{};
  /// Number of non-empty profiles.
  std::uint64_t nonempty = 0;

  /// Mean field-weighted length of the non-empty profiles: sum over the fields f of `mask`
  /// of w_f * tokens[f], divided by `nonempty`; 1 when no profile is non-empty.
  double avg_len(const Bm25Options& options, FieldMask mask) const noexcept;
};

/// The corpus-wide numbers that BM25F weights depend on: the number of profiles, per space
/// the length statistics, and per term its document frequency in each space. Statistics of
/// disjoint sets of profiles merge() into exactly the statistics of their union, so shards
/// vectorised with the merged statistics (vectorize(..., global)) get the weights, and
/// hence the scores, of one index of all profiles, bit for bit.
struct CorpusStatistics {
  AnalyzerOptions analyzer;              ///< the analysis the statistics were computed with
  Bm25Options bm25;                      ///< the weighting they were computed with
  std::uint64_t docs = 0;                ///< number of profiles
  SpaceStatistics all;                   ///< Space::all
  SpaceStatistics supply;                ///< Space::supply
  std::vector<std::string> terms;        ///< every index term, ascending, unique
  std::vector<std::uint32_t> df_all;     ///< per term: profiles containing it in Space::all
  std::vector<std::uint32_t> df_supply;  ///< per term: profiles containing it in Space::supply

  /// Statistics of `profiles` analysed with `analyzer` and weighted with `options` (in
  /// parallel on the current TBB arena). Costs about as much as vectorize().
  static CorpusStatistics of(const std::vector<Profile>& profiles, const Analyzer& analyzer,
                             const Bm25Options& options);

  /// Adds the statistics of a disjoint set of profiles. Throws invalid_argument
  /// [scoutmatch.stats.2] when the two were computed with different options.
  void merge(const CorpusStatistics& other);

  /// Throws invalid_argument [scoutmatch.stats.3] when the vectors do not have the same
  /// length, the terms are not ascending and unique, or a df exceeds docs.
  void validate() const;
};

/// Vectorises `profiles` with `analyzer` and BM25F `options`, in parallel on the current
/// TBB arena. Languages not given in a profile are detected from its text.
CorpusVectors vectorize(const std::vector<Profile>& profiles, const Analyzer& analyzer,
                        const Bm25Options& options);

/// Vectorises `profiles` (a shard) with the statistics `global` of a larger corpus that
/// contains them: document frequencies, idf, average lengths and the number of profiles
/// come from `global`, so every weight equals the one an index of the whole corpus has.
/// The vocabulary holds only the shard's terms (a subset of `global.terms`, in the same
/// order). Throws invalid_argument [scoutmatch.stats.1] when `global` does not cover the
/// shard (a term it lacks, fewer documents) or [scoutmatch.stats.2] when it was computed
/// with other options than `analyzer` and `options`.
CorpusVectors vectorize(const std::vector<Profile>& profiles, const Analyzer& analyzer,
                        const Bm25Options& options, const CorpusStatistics& global);

/// Weights free `text` as a query against `space` of `corpus` (terms unknown to the corpus
/// are dropped; the query's own length counts for saturation). With `lang` unknown the
/// text is analysed both as German and as English, each term counting with the larger of
/// its two frequencies: short queries rarely reveal their language.
QueryVector text_query(std::string_view text, Language lang, const CorpusVectors& corpus,
                       Space space, const Analyzer& analyzer, const Bm25Options& options);

/// The stored query vector of profile row `row` of `sparse` (its sat values).
QueryVector row_query(const SparseVectors& sparse, std::size_t row);

}  // namespace scoutmatch
