#pragma once
/// \file inverted_index.hpp
/// Exact top-k search over BM25F vectors with an inverted index (term-at-a-time scoring
/// into a dense accumulator), parallel with oneTBB across queries and, for large indexes,
/// within one query over ranges of documents.

#include <cstdint>
#include <span>
#include <vector>

#include "scoutmatch/index/filter.hpp"
#include "scoutmatch/vectorize/vectorizer.hpp"

namespace scoutmatch {

/// A document and its score.
struct ScoredDoc {
  float score = 0;
  std::uint32_t doc = 0;
};

/// The result order: higher score first; equal scores by ascending document number.
constexpr bool better(const ScoredDoc& a, const ScoredDoc& b) noexcept {
  return a.score > b.score || (a.score == b.score && a.doc < b.doc);
}

/// One posting's contribution, shared by every scoring path so that they give bit-identical
/// sums (the order of additions is ascending term id everywhere).
inline void accumulate(float& acc, float query_weight, float doc_weight) noexcept {
  const float product = query_weight * doc_weight;
  acc = acc + product;
}

/// An inverted index of one space: for each term the documents that contain it, with
/// weight idf(t) * sat(t,d), documents ascending. Immutable once built; thread-safe to read.
class InvertedIndex {
 public:
  InvertedIndex() = default;

  /// Builds the postings from a space's forward vectors (a counting sort, O(nnz)).
  static InvertedIndex build(const SpaceVectors& space);

  /// The best `k` documents for `query` that pass `filter` and have a score > 0, best
  /// first (see better()). Fewer when fewer match. `parallel`: split the documents into
  /// ranges scored as tasks on the current TBB arena (worth it from ~20k documents).
  std::vector<ScoredDoc> search(const QueryVector& query, std::size_t k,
                                const CompiledFilter& filter, bool parallel = false) const;

  /// The score of every document for `query` into `out` (resized to docs()), in the same
  /// order of additions as search().
  void score_all(const QueryVector& query, std::vector<float>& out) const {
    score_range(query, 0, static_cast<std::uint32_t>(n_docs_), out);
  }

  /// Number of documents.
  std::size_t docs() const noexcept { return n_docs_; }
  /// Number of postings.
  std::size_t postings() const noexcept { return docs_.size(); }

 private:
  void score_range(const QueryVector& query, std::uint32_t lo, std::uint32_t hi,
                   std::vector<float>& acc) const;
  std::size_t n_docs_ = 0;
  std::vector<std::uint64_t> offsets_{0};
  std::vector<std::uint32_t> docs_;
  std::vector<float> weights_;
};

/// The reference: scores every document by a merge of the query with its forward vector
/// (no inverted index) and keeps the best k that pass `filter`. Same order and ties as
/// InvertedIndex::search; used by tests and for verification.
std::vector<ScoredDoc> search_exhaustive(const SpaceVectors& space, const QueryVector& query,
                                         std::size_t k, const CompiledFilter& filter);

/// The score of one document for `query`, and each query term's contribution
/// (`contributions` gets one entry per shared term: term id and contribution).
float score_document(const SpaceVectors& space, const QueryVector& query, std::uint32_t doc,
                     std::vector<std::pair<TermId, float>>* contributions = nullptr);

/// Keeps the best `k` of `candidates` (see better()), sorted best first.
void keep_top_k(std::vector<ScoredDoc>& candidates, std::size_t k);

}  // namespace scoutmatch
