#include "scoutmatch/match/tune.hpp"

#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "scoutmatch/detail/arena.hpp"
#include "scoutmatch/error.hpp"

namespace scoutmatch {
namespace {

// One evaluable query: its candidates' signal values and which rows are relevant.
struct Case {
  SignalTable table;
  std::vector<std::uint32_t> relevant_rows;  // ascending
  std::size_t relevant = 0;                  // relevant ids in the index (some may not be rows)
  std::size_t fold = 0;
};

// Metrics of one case under `w`: rank = rows with a better score (ties: lower document).
// As in Index::recommend, a row that no weighted signal speaks for (every weight x value
// is 0) is not ranked at all.
RankingMetrics case_metrics(const Case& c, const SignalWeights& w, std::size_t k) {
  const std::size_t n = c.table.docs.size();
  thread_local std::vector<ScoredDoc> scored;
  thread_local std::vector<std::uint8_t> ranked;
  scored.clear();
  ranked.assign(n, 0);
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t i = 0; i < signal_count && !ranked[r]; ++i)
      ranked[r] = w.values[i] != 0 && c.table.values[r * signal_count + i] != 0;
    scored.push_back({static_cast<float>(c.table.score(r, w)), static_cast<std::uint32_t>(r)});
  }
  // The rank of each relevant row, without sorting everything.
  std::vector<std::size_t> ranks;
  for (std::uint32_t rr : c.relevant_rows) {
    if (!ranked[rr]) continue;
    const ScoredDoc me = scored[rr];
    std::size_t rank = 0;
    for (std::size_t o = 0; o < n; ++o) rank += ranked[o] && better(scored[o], me);
    ranks.push_back(rank);
  }
  std::sort(ranks.begin(), ranks.end());
  RankingMetrics m;
  std::size_t hits = 0;
  double dcg = 0;
  for (std::size_t rank : ranks)
    if (rank < k) {
      ++hits;
      dcg += 1.0 / std::log2(static_cast<double>(rank) + 2.0);
    }
  double idcg = 0;
  for (std::size_t i = 0; i < std::min(k, c.relevant); ++i)
    idcg += 1.0 / std::log2(static_cast<double>(i) + 2.0);
  m.recall = static_cast<double>(hits) / static_cast<double>(c.relevant);
  m.ndcg = dcg / idcg;
  m.mrr = ranks.empty() ? 0.0 : 1.0 / static_cast<double>(ranks.front() + 1);
  m.hit = hits > 0 ? 1.0 : 0.0;
  return m;
}

// Mean metrics over the cases selected by `use` (fold != skip_fold, or == only_fold).
template <class Use>
EvalResult mean_metrics(const std::vector<Case>& cases, const SignalWeights& w, std::size_t k,
                        Use use) {
  struct Sum {
    double recall = 0, ndcg = 0, mrr = 0, hit = 0;
    std::size_t n = 0;
  };
  const Sum s = tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(0, cases.size(), 16), Sum{},
      [&](const tbb::blocked_range<std::size_t>& r, Sum acc) {
        for (std::size_t i = r.begin(); i < r.end(); ++i) {
          if (!use(cases[i])) continue;
          const RankingMetrics m = case_metrics(cases[i], w, k);
          acc.recall += m.recall, acc.ndcg += m.ndcg, acc.mrr += m.mrr, acc.hit += m.hit;
          ++acc.n;
        }
        return acc;
      },
      [](Sum a, const Sum& b) {
        a.recall += b.recall, a.ndcg += b.ndcg, a.mrr += b.mrr, a.hit += b.hit, a.n += b.n;
        return a;
      });
  EvalResult e;
  e.k = k;
  e.queries = s.n;
  if (s.n) {
    const double n = static_cast<double>(s.n);
    e.recall = s.recall / n, e.ndcg = s.ndcg / n, e.mrr = s.mrr / n, e.hit = s.hit / n;
  }
  return e;
}

// Coordinate ascent: for each signal in turn, try additive steps (+-0.03 .. +-1) and
// keep the best improvement of mean nDCG@k; `rounds` passes.
template <class Use>
SignalWeights ascend(const std::vector<Case>& cases, const TuneOptions& o,
                     const std::vector<Signal>& signals, Use use) {
  SignalWeights w = o.start;
  double best = mean_metrics(cases, w, o.k, use).ndcg;
  constexpr double steps[] = {-1.0, -0.3, -0.1, -0.03, 0.03, 0.1, 0.3, 1.0};
  for (std::size_t round = 0; round < o.rounds; ++round) {
    bool improved = false;
    for (Signal s : signals) {
      SignalWeights round_best = w;
      for (double step : steps) {
        SignalWeights t = w;
        t[s] = std::round((t[s] + step) * 1e6) / 1e6;  // keep printed weights short
        const double v = mean_metrics(cases, t, o.k, use).ndcg;
        if (v > best + 1e-6) {
          best = v;
          round_best = t;
          improved = true;
        }
      }
      w = round_best;
    }
    if (!improved) break;
  }
  return w;
}

std::uint64_t fnv1a(const std::string& s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

}  // namespace

void TuneOptions::validate() const {
  if (k < 1 || k > 1000) throw invalid_argument("scoutmatch.tune.1", "k must be in 1..1000");
  if (folds == 1 || folds > 20)
    throw invalid_argument("scoutmatch.tune.1", "folds must be 0 (none) or 2..20");
  if (rounds < 1 || rounds > 100)
    throw invalid_argument("scoutmatch.tune.1", "rounds must be in 1..100");
  if (threads > 4096) throw invalid_argument("scoutmatch.tune.1", "threads must be 0..4096");
  start.validate();
}

TuneResult tune(const Index& index, std::span<const EvalPair> pairs, const TuneOptions& o) {
  o.validate();
  const auto t0 = std::chrono::steady_clock::now();
  return detail::in_arena(o.threads, [&] {
    TuneResult res;
    std::vector<Case> cases(pairs.size());
    std::vector<std::uint8_t> ok(pairs.size(), 0), missing(pairs.size(), 0);
    tbb::parallel_for(std::size_t{0}, pairs.size(), [&](std::size_t i) {
      const EvalPair& p = pairs[i];
      if (!index.contains(p.query)) {
        missing[i] = 1;
        return;
      }
      Case& c = cases[i];
      std::vector<std::uint32_t> rel;
      for (const std::string& id : p.relevant)
        if (auto d = index.find(id)) rel.push_back(*d);
      std::sort(rel.begin(), rel.end());
      rel.erase(std::unique(rel.begin(), rel.end()), rel.end());
      if (rel.empty()) return;
      c.relevant = rel.size();
      Query q = Query::similar_to(p.query).kinds(o.to_kinds).mode(o.mode).reciprocal(o.reciprocal);
      c.table = index.signals(q);
      for (std::uint32_t r = 0; r < c.table.docs.size(); ++r)
        if (std::binary_search(rel.begin(), rel.end(), c.table.docs[r]))
          c.relevant_rows.push_back(r);
      c.fold = o.folds ? fnv1a(p.query) % o.folds : 0;
      ok[i] = 1;
    });
    std::vector<Case> kept;
    for (std::size_t i = 0; i < cases.size(); ++i)
      if (ok[i]) kept.push_back(std::move(cases[i]));
    if (kept.empty())
      throw invalid_argument("scoutmatch.tune.2",
                             "no query of the pairs is in the index with a relevant candidate");
    std::size_t rows = 0;
    for (const Case& c : kept) rows += c.table.docs.size();
    res.candidates = rows / kept.size();

    // The signals to fit: those asked for, or all that vary somewhere.
    std::vector<Signal> signals = o.signals;
    if (signals.empty())
      for (std::size_t s = 0; s < signal_count; ++s) {
        bool varies = false;
        for (const Case& c : kept) {
          for (std::size_t r = 1; r < c.table.docs.size() && !varies; ++r)
            varies = c.table.value(r, Signal(s)) != c.table.value(0, Signal(s));
          if (varies) break;
        }
        if (varies) signals.push_back(static_cast<Signal>(s));
      }

    const auto all = [](const Case&) { return true; };
    res.start = mean_metrics(kept, o.start, o.k, all);
    if (o.folds >= 2) {
      // Each fold ranked with weights fitted on the other folds; metrics pooled per query.
      EvalResult cv;
      cv.k = o.k;
      for (std::size_t f = 0; f < o.folds; ++f) {
        const SignalWeights wf =
            ascend(kept, o, signals, [f](const Case& c) { return c.fold != f; });
        res.fold_weights.push_back(wf);
        const EvalResult e =
            mean_metrics(kept, wf, o.k, [f](const Case& c) { return c.fold == f; });
        const double n = static_cast<double>(e.queries);
        cv.recall += e.recall * n, cv.ndcg += e.ndcg * n, cv.mrr += e.mrr * n, cv.hit += e.hit * n;
        cv.queries += e.queries;
      }
      if (cv.queries) {
        const double n = static_cast<double>(cv.queries);
        cv.recall /= n, cv.ndcg /= n, cv.mrr /= n, cv.hit /= n;
      }
      res.cross_validated = cv;
    }
    res.weights = ascend(kept, o, signals, all);
    res.fitted = mean_metrics(kept, res.weights, o.k, all);
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      if (missing[i]) {
        ++res.start.missing_queries;
        if (res.start.missing_examples.size() < 10)
          res.start.missing_examples.push_back(pairs[i].query);
      } else if (!ok[i]) {
        ++res.start.skipped_no_relevant;
      }
    }
    res.fitted.missing_queries = res.cross_validated.missing_queries = res.start.missing_queries;
    res.fitted.skipped_no_relevant = res.cross_validated.skipped_no_relevant =
        res.start.skipped_no_relevant;
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return res;
  });
}

}  // namespace scoutmatch
