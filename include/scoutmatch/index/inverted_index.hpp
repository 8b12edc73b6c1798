#pragma once
/// \file inverted_index.hpp
/// Exact top-k search over BM25F vectors with an inverted index, parallel with oneTBB across
/// queries and, for large indexes, within one query over ranges of documents.
///
/// Scoring is term-at-a-time over blocks of documents small enough that the block's float
/// accumulator stays in the L1 cache. Frequent ("head") terms, those in at least 1/8 of the
/// documents, are stored as a bitmap of their documents plus their weights packed in
/// document order and added 16 documents at a time (AVX-512 expand where the CPU has it,
/// chosen at run time); the other terms keep posting lists. Queries whose postings are few
/// (less than 1/16 of the documents) skip the blocks and score only the documents they
/// touch. Every path adds each document's contributions in ascending term id with the same
/// float operations (accumulate()), so all give the scores of search_exhaustive() bit for
/// bit.

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
/// weight idf(t) * sat(t,d), documents ascending (a posting list, or for head terms a
/// bitmap and the packed weights). Immutable once built; thread-safe to read.
class InvertedIndex {
 public:
  InvertedIndex() = default;

  /// Documents per scoring block (the accumulator of one block: 16 KB).
  static constexpr std::uint32_t block_docs = 4096;

  /// Builds the postings from a space's forward vectors (a counting sort, O(nnz)).
  static InvertedIndex build(const SpaceVectors& space);

  /// The best `k` documents for `query` that pass `filter` and have a score > 0, best
  /// first (see better()). Fewer when fewer match. `parallel`: split the documents into
  /// ranges scored as tasks on the current TBB arena (worth it from ~20k documents).
  std::vector<ScoredDoc> search(const QueryVector& query, std::size_t k,
                                const CompiledFilter& filter, bool parallel = false) const;

  /// The score of every document for `query` into `out` (resized to docs()), in the same
  /// order of additions as search().
  void score_all(const QueryVector& query, std::vector<float>& out) const;

  /// Number of documents.
  std::size_t docs() const noexcept { return n_docs_; }
  /// Number of postings (document-term pairs, head terms included).
  std::size_t postings() const noexcept { return nnz_; }
  /// Number of head terms (stored as bitmaps, see the file comment).
  std::size_t head_terms() const noexcept { return head_start_.size() - 1; }
  /// Bytes held by the index's arrays (capacity not counted). A scipy CSR matrix of the
  /// same vectors takes 8 bytes per posting plus 4 or 8 per row; this index stores 8 per
  /// posting of a non-head term, 4 per posting of a head term plus its bitmap (N/8 bytes,
  /// at most 1 byte per posting), and small per-term and per-block tables.
  std::size_t memory_bytes() const noexcept;

 private:
  struct Cursor;
  void cursors(const QueryVector& query, std::uint32_t lo, std::vector<Cursor>& out) const;
  void score_block(std::vector<Cursor>& cur, std::uint32_t b0, std::uint32_t b1,
                   float* acc) const;
  std::vector<ScoredDoc> search_range(const QueryVector& query, std::size_t k,
                                      const CompiledFilter& filter, std::uint32_t lo,
                                      std::uint32_t hi) const;
  bool few_postings(const QueryVector& query) const noexcept;
  std::vector<ScoredDoc> search_sparse(const QueryVector& query, std::size_t k,
                                       const CompiledFilter& filter) const;
  std::size_t n_docs_ = 0, nnz_ = 0;
  // Posting lists of the non-head terms (head terms have empty ranges).
  std::vector<std::uint64_t> offsets_{0};
  std::vector<std::uint32_t> docs_;
  std::vector<float> weights_;
  // Head terms: slot per term (npos: not a head term); per slot a bitmap of words_ 64-bit
  // words, the index of its first weight in head_values_, and per block the number of its
  // weights before that block. head_values_ has 16 floats of padding at the end.
  std::vector<std::uint32_t> head_of_;
  std::size_t words_ = 0, blocks_ = 0;
  std::vector<std::uint64_t> head_bits_;
  std::vector<std::uint64_t> head_start_{0};
  std::vector<std::uint32_t> head_prefix_;
  std::vector<float> head_values_;
};

namespace detail {
/// Enables (default where the CPU has AVX-512F) or disables the AVX-512 scoring kernels of
/// InvertedIndex; returns the previous setting. For tests comparing the two; not thread-safe
/// against searches running at the same time.
bool inverted_index_simd(bool enable) noexcept;
}  // namespace detail

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
