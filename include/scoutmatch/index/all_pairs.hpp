#pragma once
/// \file all_pairs.hpp
/// Exact top-k in both directions between two DenseIndex sets (e.g. every company's best
/// research groups and every research group's best companies) from ONE pass over the
/// product of the two sets, instead of two searches.
///
///     DenseIndex companies(384, Metric::cosine), groups(384, Metric::cosine);
///     ...
///     std::vector<float> cs(companies.size() * 10), gs(groups.size() * 10);
///     std::vector<std::int64_t> ci(cs.size()), gi(gs.size());
///     all_pairs_topk(companies, groups, 10, cs.data(), ci.data(), gs.data(), gi.data());
///
/// On CPUs with AVX-512 or AVX2 + FMA (chosen at run time) each register tile of 12 x 32 dot products
/// is tested against the k-th best of its 12 vectors of one side AND of its 32 vectors of
/// the other side, so only candidates reach a top-k heap in either direction; the work
/// runs in row ranges of the larger set on a tbb::task_arena of the caller's size.
/// Elsewhere (portable build, Metric::l2, or a side with fewer than 2 vectors) it is two
/// DenseIndex::search calls.
///
/// The same for BM25F text vectors (the second overload): the score of two profiles is
/// symmetric (bm25.hpp), so one pass over the pairs serves both directions too. Terms
/// frequent on both sides go through a dense product (the same 12 x 32 register tile), the
/// others through a sparse one (each profile's posting-list cursors, block by block).
///
///     const SpaceVectors& all = index.corpus().all;
///     SparseAllPairs r = all_pairs_topk(all, company_docs, group_docs, 10);
///     // r.a[i]: best groups of company_docs[i]; r.b[j]: best companies of group_docs[j]

#include <cstddef>
#include <cstdint>

#include <span>
#include <vector>

#include "scoutmatch/index/dense_index.hpp"
#include "scoutmatch/index/inverted_index.hpp"
#include "scoutmatch/vectorize/vectorizer.hpp"

namespace scoutmatch {

/// For each vector of `a` its best `k` vectors of `b`, and for each vector of `b` its best
/// `k` vectors of `a`, exactly: the results equal `b.search(A, a.size(), k, a_scores, a_ids)`
/// and `a.search(B, b.size(), k, b_scores, b_ids)`, where A and B are the vectors that
/// were added to `a` and `b` (for ip and l2 that is a.vectors() and b.vectors(); for cosine
/// the stored unit vectors are not normalised a second time). Written row-major: `a_scores`
/// and `a_ids` hold a.size() * k values (ids of `b`), `b_scores` and `b_ids` b.size() * k
/// (ids of `a`); best first, equal scores in the order the vectors were added, padded with
/// score NaN and id -1 where the other side has fewer than k vectors. `threads`: workers of
/// the task arena (0 = all cores). Both indexes must stay unchanged during the call.
/// Throws invalid_argument for k not in 1..1,000,000 or threads above 4096
/// [scoutmatch.dense.6], different dimensions [scoutmatch.dense.11], different metrics
/// [scoutmatch.dense.12] or an index of Precision::bf16 [scoutmatch.dense.14]. A
/// Precision::split index gives the float32 results; its vectors are rebuilt as float32 for
/// the call (n * dim * 4 bytes of temporary memory).
void all_pairs_topk(const DenseIndex& a, const DenseIndex& b, std::size_t k, float* a_scores,
                    std::int64_t* a_ids, float* b_scores, std::int64_t* b_ids,
                    std::size_t threads = 0);

/// The result of all_pairs_topk() on text vectors: per entry of `a_docs` its best entries
/// of `b_docs` (as document numbers, best first), and the other way round.
struct SparseAllPairs {
  std::vector<std::vector<ScoredDoc>> a;  ///< one list per a_docs entry, documents of b_docs
  std::vector<std::vector<ScoredDoc>> b;  ///< one list per b_docs entry, documents of a_docs
};

/// For each document of `a_docs` its best `k` documents of `b_docs` by the BM25F score of
/// `space` (score_document() with the one as query: sum over shared terms t of
/// sat(t,a) * idf(t) * sat(t,b)), and for each of `b_docs` its best `k` of `a_docs`, from one
/// pass. Like InvertedIndex::search: only scores > 0, fewer than k where fewer match, best
/// first; equal scores in the order of the other list. A document never matches itself
/// (the pair of a document with itself is skipped when it is in both lists). Scores are
/// the exact sums added in another order than search()'s (dense part first, then the
/// sparse part), so they can differ from score_document() in the last bits and a near-tie
/// at the k-th place can go either way. `threads`: workers of the task arena (0 = the
/// current arena). The larger list is split into tasks (two per worker), the smaller one
/// prepared once. Memory: the smaller side's dense panels and posting lists (about its
/// share of the space's nonzeros x 8 bytes) plus per task its heaps (size x k x 8 bytes).
/// Throws invalid_argument for k not in 1..1,000,000 or threads above 4096
/// [scoutmatch.search.2], or a document number not in the space [scoutmatch.search.3].
/// Defined in src/index/sparse_all_pairs.cpp.
SparseAllPairs all_pairs_topk(const SpaceVectors& space, std::span<const std::uint32_t> a_docs,
                              std::span<const std::uint32_t> b_docs, std::size_t k,
                              std::size_t threads = 0);

}  // namespace scoutmatch
