#pragma once
/// \file inverted_index.hpp
/// Exact top-k search over BM25F vectors with an inverted index, parallel with oneTBB across
/// queries and, for large indexes, within one query over ranges of documents.
///
/// Scoring is term-at-a-time over blocks of documents small enough that the block's float
/// accumulator stays in the L1 cache. Frequent ("head") terms, those in at least 1/8 of the
/// documents, are stored as a bitmap of their documents plus their weights packed in
/// document order and added 16 documents at a time (AVX-512 expand where the CPU has it,
/// else 8 with AVX2, chosen at run time); the other terms keep posting lists. Queries whose
/// postings are few (less than 1/16 of the documents) skip the blocks and score only the documents
/// they touch. Every path adds each document's contributions in ascending term id with the same
/// float operations (accumulate()), so all give the scores of search_exhaustive() bit for
/// bit.
///
/// search_batch() answers many queries at once and shares the head terms' data between
/// them (one query alone streams all its head terms' packed weights, ~14 MB for a 300-word
/// profile over 100k documents, from L3 or memory). It takes groups of batch_group queries
/// and walks the documents block-major, in blocks of up to batch_block documents (fewer
/// when the group has many head terms, so that the slab stays within batch_slab_bytes):
/// for each block, the head terms that any query of the group has are expanded once into
/// a dense slab (one row of block floats per head term, zeros where a document lacks it);
/// then each query of the group scores the block into its own L1-resident accumulator,
/// its terms in ascending term id as search() does: a run of consecutive head terms is one
/// pass over the block adding the slab rows 16 documents at a time with the accumulator in
/// a register (multiply, then add in the lanes of the documents that have the term, the
/// bitmap being the mask: the operations of accumulate(), no fused multiply-add), a
/// non-head term adds its postings in the block; then the block's documents above the
/// query's top-k threshold are collected. So scores, order and ties equal search()'s for
/// each query. Head term ids are interleaved with the others (ids are alphabetical), so
/// the order of additions per document forbids a matrix product across queries or adding
/// the head terms first. The non-head postings of a query are read a few per term and
/// block, in thousands of streams the hardware prefetcher does not follow: the next
/// query's are prefetched while one query is scored. Measured on 300-word profiles over
/// 100k documents: large blocks (few visits per posting list) beat an L2-sized slab, and
/// 64-query groups beat 8 to 32. The slab is scratch of the group (freed when the group is
/// done; the allocator hands the same memory to the next group), not part of the index.
///
/// Given the forward vectors (and AVX-512 or AVX2 + FMA), search_batch() scores a group another
/// way: the head terms as a dense product (12 queries x 32 documents in registers, fused
/// multiply-adds), the other terms per query over spans of at most 64k documents (of equal
/// size) into an L2-resident row; documents within a proven rounding allowance of a query's k-th
/// best are scored again exactly, so the results stay search()'s. Measured on 300-word profiles
/// over 100k documents (bench_sparse, BM_SparseSearchBatch): 1.55-1.65x the block-major path.

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
  /// Queries with few postings keep a per-thread accumulator of 4 bytes per document
  /// (zero between calls, sized for the largest index searched on that thread) so that they
  /// cost O(postings), not O(documents).
  std::vector<ScoredDoc> search(const QueryVector& query, std::size_t k,
                                const CompiledFilter& filter, bool parallel = false) const;

  /// Queries per group of search_batch() (the head-term slab of a block serves a group).
  static constexpr std::size_t batch_group = 64;
  /// Head terms a query needs to be scored in a group by search_batch(); one with fewer
  /// (a short text) costs less through search() alone than the group's slab (measured:
  /// 10-word queries 15% slower in groups, 300-word profiles with ~60 head terms faster).
  static constexpr std::size_t batch_min_heads = 16;
  /// Most documents per block of search_batch() (a multiple of 64).
  static constexpr std::uint32_t batch_block = 4096;
  /// Bytes of the per-block head-term slab of search_batch() (L3-resident: a smaller,
  /// L2-sized slab means smaller blocks and more, shorter visits of each posting list,
  /// which measured slower); the block shrinks (down to 256 documents) when the group has
  /// more than 192 head terms.
  static constexpr std::size_t batch_slab_bytes = 3 * 1024 * 1024;

  /// search() for many queries at once: result i is exactly search(queries[i], ks[i],
  /// *filters[i]) (same scores, order and ties), computed block-major over groups of
  /// batch_group queries that share each block's head-term data (see the file comment);
  /// faster than one search() per query for long queries (profiles) with many head terms;
  /// the others (fewer than batch_min_heads) run through search() one by one.
  /// `ks` and `filters`: one entry per query, or a single one shared by all (the filters
  /// must outlive the call). `parallel`: the groups run as tasks on the current TBB arena.
  /// Throws invalid_argument `scoutmatch.search.1` when a span's size is neither 1 nor
  /// queries.size(), or a filter is null.
  ///
  /// `forward`: the space this index was built from (its forward vectors), or null. Given
  /// it, on a CPU with AVX-512 or AVX2 + FMA and when every weight is >= 0, a group's head terms
  /// are scored as a dense product of 12 queries x 32 documents in registers (fused multiply-adds,
  /// another order of additions; with AVX2 each query over its own head terms only, the same
  /// sums), plus the other terms; every document whose score comes within the
  /// proven rounding allowance of the query's k-th best is kept as a candidate and scored again
  /// exactly (score_document()), so the results stay those of search() bit for bit (the proof is at
  /// search_group_tile() in src/index/inverted_index.cpp). Index::recommend_batch passes them.
  /// Throws invalid_argument `scoutmatch.search.4` when `forward` cannot be the space the index was
  /// built from (another number of documents, terms or postings). A group of the tile path uses
  /// scratch of about 4 (heads x 4k + 72 x span) bytes, span <= 64k documents (~18 MB on 300-word
  /// profiles over 100k documents: two spans of 52k), freed when the group is done.
  std::vector<std::vector<ScoredDoc>> search_batch(std::span<const QueryVector> queries,
                                                   std::span<const std::size_t> ks,
                                                   std::span<const CompiledFilter* const> filters,
                                                   bool parallel = false,
                                                   const SpaceVectors* forward = nullptr) const;
  /// search_batch() with one `k` and one `filter` for every query.
  std::vector<std::vector<ScoredDoc>> search_batch(std::span<const QueryVector> queries,
                                                   std::size_t k, const CompiledFilter& filter,
                                                   bool parallel = false,
                                                   const SpaceVectors* forward = nullptr) const;

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
  void score_block(std::vector<Cursor>& cur, std::uint32_t b0, std::uint32_t b1, float* acc) const;
  std::vector<ScoredDoc> search_range(const QueryVector& query, std::size_t k,
                                      const CompiledFilter& filter, std::uint32_t lo,
                                      std::uint32_t hi) const;
  bool few_postings(const QueryVector& query) const noexcept;
  std::vector<ScoredDoc> search_sparse(const QueryVector& query, std::size_t k,
                                       const CompiledFilter& filter) const;
  void search_group(std::span<const QueryVector* const> queries, std::span<const std::size_t> ks,
                    std::span<const CompiledFilter* const> filters,
                    std::span<std::vector<ScoredDoc>* const> out) const;
  std::size_t group_heads(std::span<const QueryVector* const> queries,
                          std::vector<std::uint32_t>& row_of,
                          std::vector<std::uint32_t>& slots) const;
  bool tile_ready(std::span<const QueryVector* const> queries) const noexcept;
  void search_group_tile(std::span<const QueryVector* const> queries,
                         std::span<const std::size_t> ks,
                         std::span<const CompiledFilter* const> filters,
                         std::span<std::vector<ScoredDoc>* const> out,
                         const SpaceVectors& forward) const;
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
  // Whether every weight is 0 or a normal float in [2^-60, 2^60] (the rounding allowance
  // of search_group_tile() holds for such products and sums).
  bool tame_weights_ = true;
};

namespace detail {
/// The scoring kernels of InvertedIndex.
enum class SparseKernel : int {
  portable = 0,  ///< plain C++
  avx2 = 1,      ///< AVX2 + FMA (x86-64 CPUs without AVX-512)
  avx512 = 2,    ///< AVX-512F
};
/// Selects the scoring kernels, capped at what the CPU has (the default is the best it
/// has); returns the previous selection. For tests and benchmarks comparing them; not
/// thread-safe against searches running at the same time.
SparseKernel inverted_index_kernel(SparseKernel k) noexcept;
/// inverted_index_kernel(best the CPU has) when `enable`, else portable; returns whether
/// SIMD kernels were selected before.
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
