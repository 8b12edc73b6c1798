#pragma once
/// \file bm25.hpp
/// Field-weighted BM25 (BM25F) weighting for profile-to-profile similarity.
///
/// For a term t and a profile d with per-field term frequencies tf_f and field lengths
/// len_f (in tokens), with field weights w_f:
///
///     tf~(t,d)  = sum_f w_f * tf_f(t,d)        len~(d) = sum_f w_f * len_f(d)
///     sat(t,d)  = tf~ * (k1 + 1) / (tf~ + k1 * (1 - b + b * len~(d) / avglen))
///     idf(t)    = ln(1 + (N - df + 0.5) / (df + 0.5))          (Lucene's, never negative)
///     score(q,d) = sum_t sat(t,q) * idf(t) * sat(t,d)
///
/// The query side is saturated with the same formula (its own length against avglen), so
/// the score of two profiles is symmetric: score(a,b) == score(b,a). That makes long
/// profile-as-query searches well behaved (no term counts 30 times) and reciprocal scoring
/// cheap. A free-text query is weighted the same way.

#include <array>
#include <cmath>
#include <cstddef>

#include "scoutmatch/types.hpp"

namespace scoutmatch {

/// BM25F parameters, chosen when an index is built and stored in it.
struct Bm25Options {
  /// Term-frequency saturation, > 0. Default 1.2 (Robertson; Lucene's default).
  double k1 = 1.2;
  /// Length normalisation, 0 (none) .. 1 (full). Default 0.75.
  double b = 0.75;
  /// Weight of each field (indexed by Field), >= 0: how much one occurrence of a term in
  /// that field counts. Defaults: name 0.5, text 1, competences 1.5, offers 1.5, needs 1,
  /// keywords 2 (tags and stated competences say more per word than prose).
  std::array<double, field_count> field_weights{0.5, 1.0, 1.5, 1.5, 1.0, 2.0};

  /// Throws invalid_argument ([scoutmatch.options.bm25.N]) when a value is out of range.
  void validate() const;
};

/// Lucene's BM25 idf: ln(1 + (n_docs - df + 0.5) / (df + 0.5)). `df` <= `n_docs`.
inline double bm25_idf(std::size_t df, std::size_t n_docs) noexcept {
  return std::log(1.0 + (static_cast<double>(n_docs) - static_cast<double>(df) + 0.5) /
                            (static_cast<double>(df) + 0.5));
}

/// The saturated term frequency sat(t,d) of the formula above. `tf` and `len` are the
/// field-weighted values; `avg_len` > 0.
inline double bm25_saturate(double tf, double len, double avg_len, double k1, double b) noexcept {
  return tf * (k1 + 1.0) / (tf + k1 * (1.0 - b + b * len / avg_len));
}

}  // namespace scoutmatch
