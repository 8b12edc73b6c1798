#pragma once
/// \file evaluate.hpp
/// Offline evaluation of recommendations against known partnerships (binary relevance).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "scoutmatch/match/index.hpp"

namespace scoutmatch {

/// One query profile and the partners it really worked with.
struct EvalPair {
  std::string query;                  ///< profile id of the query
  std::vector<std::string> relevant;  ///< profile ids of its true partners
};

/// Evaluation settings.
struct EvalOptions {
  std::size_t k = 10;          ///< cut-off for Recall@k, nDCG@k and Hit@k (1..max_k)
  std::vector<Kind> to_kinds;  ///< candidate kinds (empty: all)
  Mode mode = Mode::similar;   ///< comparison mode
  std::size_t threads = 0;     ///< 0 = all cores
  /// Signal weights for the queries (unset: the index's); see match/signals.hpp.
  std::optional<SignalWeights> weights;
  bool reciprocal = false;        ///< Query::reciprocal for every query
  bool new_partners_only = true;  ///< Query::new_partners_only for every query
};

/// The metrics of one ranked list.
struct RankingMetrics {
  double recall = 0, ndcg = 0, mrr = 0, hit = 0;
};

/// Recall@k, nDCG@k (binary gains, log2 discount, IDCG over min(k, |relevant|)), the
/// reciprocal rank of the first relevant item in the whole ranking (0 if none) and Hit@k
/// of `ranking` (best first) against the set `relevant` (ascending, non-empty).
RankingMetrics ranking_metrics(std::span<const std::uint32_t> ranking,
                               std::span<const std::uint32_t> relevant, std::size_t k);

/// Mean metrics over the evaluated queries.
struct EvalResult {
  std::size_t k = 10;
  std::size_t queries = 0;                    ///< queries evaluated
  std::size_t skipped_no_relevant = 0;        ///< queries with no relevant partner in the index
  std::size_t missing_queries = 0;            ///< query ids not in the index (reported, not fatal)
  std::size_t missing_relevant = 0;           ///< relevant ids not in the index (ignored)
  std::vector<std::string> missing_examples;  ///< up to 10 missing query ids
  double recall = 0;                          ///< mean |relevant in top k| / |relevant|
  double ndcg = 0;  ///< mean DCG@k / IDCG@k, log2 discount, IDCG over min(k, |relevant|)
  double mrr = 0;   ///< mean 1 / rank of the first relevant in the full ranking (0 if none)
  double hit = 0;   ///< share of queries with a relevant partner in the top k
};

/// Ranks every candidate for each pair's query (the query itself excluded) and averages
/// the metrics. Relevant ids missing from the index are ignored; a query left with none
/// is skipped and counted. Runs the queries in parallel.
EvalResult evaluate(const Index& index, std::span<const EvalPair> pairs,
                    const EvalOptions& options = {});

}  // namespace scoutmatch
