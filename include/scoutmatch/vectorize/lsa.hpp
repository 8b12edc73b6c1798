#pragma once
/// \file lsa.hpp
/// Latent semantic analysis: a low-rank "topic" space fitted on the BM25 weights of a
/// corpus, so that profiles that use different words for the same thing (words that occur
/// in the same company of other words) still come out similar. Needs no download: the
/// space is the truncated SVD of the corpus' own document-term matrix.
///
/// Method (Halko, Martinsson and Tropp 2011, "Finding structure with randomness", Alg. 4.4
/// and 5.1): the n x t matrix A holds each profile's weights sat(t,d) * sqrt(idf(t)), so that
/// A A^T is the BM25 score between profiles (bm25.hpp) and its best low-rank approximation
/// is what the space keeps;
/// a Gaussian test matrix (fixed seed) with `dims + oversample` columns is multiplied
/// through A and its transpose `power_iterations` times with re-orthonormalisation, the
/// small projected matrix is decomposed exactly, and the top `dims` right singular
/// vectors V_k (t x dims) are kept. A vector x of term weights maps to x * V_k, so a
/// profile's embedding is its row of U_k * Sigma_k and a text query folds in the same way.
/// Everything is deterministic: the same corpus gives the same space on every machine
/// and thread count.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "scoutmatch/vectorize/vectorizer.hpp"

namespace scoutmatch {

/// The largest number of LSA dimensions an index accepts.
inline constexpr std::size_t lsa_max_dims = 1024;

/// A fitted LSA space: the projection V_k of the corpus' terms.
class LsaModel {
 public:
  LsaModel() = default;

  /// Fits the space on `space` (its sat rows times sqrt of its idf) with at most `dims`
  /// dimensions; fewer when the matrix has lower rank (min(profiles, terms)) or some
  /// singular values are zero. An empty corpus gives an empty model (dims() == 0).
  /// `dims` must be 1..lsa_max_dims (invalid_argument [scoutmatch.lsa.1] otherwise).
  static LsaModel fit(const SpaceVectors& space, std::size_t dims, std::size_t oversample = 10,
                      std::size_t power_iterations = 2, std::uint64_t seed = 0x5eed15a);

  /// Number of dimensions (0 = no model).
  std::size_t dims() const noexcept { return dims_; }
  /// Number of terms the model knows (terms with id >= terms() contribute nothing).
  std::size_t terms() const noexcept { return terms_; }
  /// Singular values, descending (dims() of them).
  const std::vector<float>& singular_values() const noexcept { return sigma_; }

  /// Writes the embedding of the term-weight vector (weights sat(t) * sqrt(idf(t))) (`terms` ascending or not, `weights`
  /// one per term) into `out` (dims() floats) scaled to unit length. Returns false (and
  /// writes zeros) when the vector maps to zero, e.g. no known term.
  bool embed(std::span<const TermId> terms, std::span<const float> weights,
             std::span<float> out) const;

  /// The embeddings of every row of `space` (rows x dims(), row-major, unit rows; zero rows
  /// for rows that map to zero) and per row whether it is non-zero.
  void embed_rows(const SpaceVectors& space, std::vector<float>& out,
                  std::vector<std::uint8_t>& nonzero) const;

 private:
  std::size_t dims_ = 0, terms_ = 0;
  std::vector<float> projection_;  // terms_ x dims_, row-major: V_k
  std::vector<float> sigma_;
};

}  // namespace scoutmatch
