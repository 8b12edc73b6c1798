#pragma once
/// \file vectorizer.hpp
/// Turns analysed profiles into BM25F vectors. A corpus is vectorised into "spaces": the
/// same profiles seen through different sets of fields.
///   - `all`:    every field; used by the default "similar" mode.
///   - `supply`: competences and offers; what a profile can give (the "needs" mode
///               searches here).
///   - `needs`:  the needs field, weighted against supply's statistics; used only as
///               queries against `supply`.

#include <cstddef>
#include <cstdint>
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
  return s == Space::all ? FieldMask{0x3f}
                         : static_cast<FieldMask>(field_bit(Field::competences) |
                                                  field_bit(Field::offers));
}

/// BM25F statistics and saturated term frequencies of one space.
struct SpaceVectors {
  FieldMask fields = 0;       ///< fields that make up this space
  SparseVectors sat;          ///< per profile: sat(t,d) of bm25.hpp, with the fields of each term
  std::vector<std::uint32_t> df;  ///< documents containing each term (by TermId)
  std::vector<float> idf;     ///< bm25_idf(df, n) by TermId
  double avg_len = 1;         ///< mean field-weighted length (>= tiny positive)
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

/// Vectorises `profiles` with `analyzer` and BM25F `options`, in parallel on the current
/// TBB arena. Languages not given in a profile are detected from its text.
CorpusVectors vectorize(const std::vector<Profile>& profiles, const Analyzer& analyzer,
                        const Bm25Options& options);

/// Weights free `text` as a query against `space` of `corpus` (terms unknown to the corpus
/// are dropped; the query's own length counts for saturation).
QueryVector text_query(std::string_view text, Language lang, const CorpusVectors& corpus,
                       Space space, const Analyzer& analyzer, const Bm25Options& options);

/// The stored query vector of profile row `row` of `sparse` (its sat values).
QueryVector row_query(const SparseVectors& sparse, std::size_t row);

}  // namespace scoutmatch
