#include "scoutmatch/match/evaluate.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "scoutmatch/error.hpp"

namespace scoutmatch {

RankingMetrics ranking_metrics(std::span<const std::uint32_t> ranking,
                               std::span<const std::uint32_t> relevant, std::size_t k) {
  RankingMetrics r;
  if (relevant.empty()) return r;
  std::size_t hits = 0;
  double dcg = 0;
  for (std::size_t rank = 0; rank < ranking.size(); ++rank) {
    if (!std::binary_search(relevant.begin(), relevant.end(), ranking[rank])) continue;
    if (r.mrr == 0) r.mrr = 1.0 / static_cast<double>(rank + 1);
    if (rank < k) {
      ++hits;
      dcg += 1.0 / std::log2(static_cast<double>(rank) + 2.0);
    }
  }
  double idcg = 0;
  for (std::size_t i = 0; i < std::min(k, relevant.size()); ++i)
    idcg += 1.0 / std::log2(static_cast<double>(i) + 2.0);
  r.recall = static_cast<double>(hits) / static_cast<double>(relevant.size());
  r.ndcg = dcg / idcg;
  r.hit = hits > 0 ? 1.0 : 0.0;
  return r;
}

EvalResult evaluate(const Index& index, std::span<const EvalPair> pairs,
                    const EvalOptions& options) {
  if (options.k < 1 || options.k > max_k)
    throw invalid_argument("scoutmatch.query.1", "k must be in 1.." + std::to_string(max_k));
  struct Row {
    bool missing = false, no_relevant = false;
    std::size_t missing_relevant = 0;
    double recall = 0, ndcg = 0, mrr = 0, hit = 0;
  };
  std::vector<Row> rows(pairs.size());
  auto one = [&](std::size_t i) {
    const EvalPair& p = pairs[i];
    Row& r = rows[i];
    if (!index.contains(p.query)) {
      r.missing = true;
      return;
    }
    std::vector<std::uint32_t> relevant;
    for (const std::string& id : p.relevant) {
      if (auto d = index.find(id))
        relevant.push_back(*d);
      else
        ++r.missing_relevant;
    }
    std::sort(relevant.begin(), relevant.end());
    relevant.erase(std::unique(relevant.begin(), relevant.end()), relevant.end());
    if (relevant.empty()) {
      r.no_relevant = true;
      return;
    }
    // The full ranking (up to the index's max_k) for MRR.
    Query q = Query::similar_to(p.query)
                  .k(std::clamp<std::size_t>(index.size(), 1, index.options().max_k))
                  .kinds(options.to_kinds)
                  .mode(options.mode)
                  .reciprocal(options.reciprocal)
                  .new_partners_only(options.new_partners_only);
    if (options.weights) q.weights(*options.weights);
    std::vector<std::uint32_t> ranking;
    for (const Match& m : index.recommend(q)) ranking.push_back(m.doc);
    const RankingMetrics m = ranking_metrics(ranking, relevant, options.k);
    r.recall = m.recall, r.ndcg = m.ndcg, r.mrr = m.mrr, r.hit = m.hit;
  };
  auto all = [&] {
    tbb::parallel_for(std::size_t{0}, pairs.size(), one);
    return 0;
  };
  if (options.threads == 0)
    all();
  else
    tbb::task_arena(static_cast<int>(std::min<std::size_t>(options.threads, 1024))).execute(all);

  EvalResult res;
  res.k = options.k;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    res.missing_relevant += r.missing_relevant;
    if (r.missing) {
      ++res.missing_queries;
      if (res.missing_examples.size() < 10) res.missing_examples.push_back(pairs[i].query);
      continue;
    }
    if (r.no_relevant) {
      ++res.skipped_no_relevant;
      continue;
    }
    ++res.queries;
    res.recall += r.recall;
    res.ndcg += r.ndcg;
    res.mrr += r.mrr;
    res.hit += r.hit;
  }
  if (res.queries) {
    const double n = static_cast<double>(res.queries);
    res.recall /= n, res.ndcg /= n, res.mrr /= n, res.hit /= n;
  }
  return res;
}

}  // namespace scoutmatch
