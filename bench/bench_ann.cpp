// HnswIndex (approximate dense search): graph build (vectors/s), batch search QPS with
// recall@10 against exact search as a counter, and filtered search at 1%, 10% and 50% of
// the vectors allowed. Embedding-like data: d = 384, Gaussian with per-dimension spread
// (j+1)^-0.4, normalised, N = 20k (M = 16, ef_construction = 200; the peer comparison at
// N = 100k and 1M lives in bench/peers). Arguments: ef or share, then threads, then the
// storage precision (0: f32, 2: split, the bfloat16 high half walked and float32 rescoring),
// then (BM_HnswSearch) the distance kernels, capped at the CPU's (2: AVX-512, 1: AVX2, 0: SSE).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>

#include "scoutmatch/index/dense_index.hpp"
#include "scoutmatch/index/hnsw_index.hpp"
#include "synthetic.hpp"

namespace sm = scoutmatch;

namespace {

constexpr std::size_t dim = 384, n_base = 20000, n_queries = 500, k = 10;

const std::vector<float>& base() {
  static const auto v = scoutmatch::bench::embedding_like(n_base, dim, 1);
  return v;
}
const std::vector<float>& queries() {
  static const auto v = scoutmatch::bench::embedding_like(n_queries, dim, 2);
  return v;
}

sm::Precision precision_of(const benchmark::State& state, int arg) {
  return static_cast<sm::Precision>(state.range(arg));
}

// The index of a precision whose distances use `kernel` (built with the CPU's best kernels,
// so that all of them search the same graph; then reloaded to take `kernel`).
const sm::HnswIndex& index(sm::Precision precision,
                           sm::detail::HnswKernel kernel = sm::detail::HnswKernel::avx512) {
  static std::map<std::pair<sm::Precision, sm::detail::HnswKernel>, std::unique_ptr<sm::HnswIndex>>
      cache;
  auto& slot = cache[{precision, kernel}];
  if (!slot) {
    if (kernel == sm::detail::HnswKernel::avx512) {
      slot = std::make_unique<sm::HnswIndex>(dim, sm::Metric::ip,
                                             sm::HnswOptions{.precision = precision});
      slot->add(base(), n_base);
    } else {
      const std::string bytes = index(precision).to_bytes();
      const auto before = sm::detail::hnsw_kernel(kernel);
      slot = std::make_unique<sm::HnswIndex>(sm::HnswIndex::from_bytes(bytes));
      sm::detail::hnsw_kernel(before);
    }
  }
  return *slot;
}

const sm::DenseIndex& exact_index() {
  static const auto ix = [] {
    sm::DenseIndex d(dim, sm::Metric::ip);
    d.add(base(), n_base);
    return d;
  }();
  return ix;
}

double recall(const std::vector<std::int64_t>& got, const std::vector<std::int64_t>* allowed) {
  std::vector<float> s(n_queries * k);
  std::vector<std::int64_t> truth(n_queries * k);
  exact_index().search(queries(), n_queries, k, s.data(), truth.data(), 0, allowed);
  std::size_t hit = 0, total = 0;
  for (std::size_t r = 0; r < n_queries; ++r) {
    const std::set<std::int64_t> g(got.begin() + r * k, got.begin() + (r + 1) * k);
    for (std::size_t j = 0; j < k; ++j)
      if (truth[r * k + j] >= 0) ++total, hit += g.count(truth[r * k + j]);
  }
  return total ? static_cast<double>(hit) / total : 1.0;
}

void BM_HnswBuild(benchmark::State& state) {
  const std::size_t n = 5000, threads = static_cast<std::size_t>(state.range(0));
  const auto& v = base();
  const sm::HnswOptions options{.precision = precision_of(state, 1)};
  for (auto _ : state) {
    sm::HnswIndex h(dim, sm::Metric::ip, options);
    h.add({v.data(), n * dim}, n, {}, threads);
    benchmark::DoNotOptimize(h.size());
  }
  state.counters["vectors/s"] =
      benchmark::Counter(static_cast<double>(n * state.iterations()), benchmark::Counter::kIsRate);
}

void BM_HnswSearch(benchmark::State& state) {
  const auto kernel = state.range(3) >= 2 ? sm::detail::HnswKernel::avx512
                                          : static_cast<sm::detail::HnswKernel>(state.range(3));
  const auto& ix = index(precision_of(state, 2), kernel);
  sm::HnswSearchParams p;
  p.ef = static_cast<std::size_t>(state.range(0));
  p.threads = static_cast<std::size_t>(state.range(1));
  std::vector<float> scores(n_queries * k);
  std::vector<std::int64_t> ids(n_queries * k);
  for (auto _ : state) ix.search(queries(), n_queries, k, scores.data(), ids.data(), p);
  state.counters["QPS"] = benchmark::Counter(static_cast<double>(n_queries * state.iterations()),
                                             benchmark::Counter::kIsRate);
  state.counters["recall@10"] = recall(ids, nullptr);
}

void BM_HnswFilteredSearch(benchmark::State& state) {
  const auto& ix = index(precision_of(state, 2));
  const double share = static_cast<double>(state.range(0)) / 100.0;
  std::vector<std::int64_t> allowed;
  std::mt19937 rng(3);
  for (std::size_t i = 0; i < n_base; ++i)
    if (std::uniform_real_distribution<double>(0, 1)(rng) < share)
      allowed.push_back(static_cast<std::int64_t>(i));
  sm::HnswSearchParams p;
  p.ef = 128;
  p.threads = static_cast<std::size_t>(state.range(1));
  p.allowed = &allowed;
  std::vector<float> scores(n_queries * k);
  std::vector<std::int64_t> ids(n_queries * k);
  for (auto _ : state) ix.search(queries(), n_queries, k, scores.data(), ids.data(), p);
  state.counters["QPS"] = benchmark::Counter(static_cast<double>(n_queries * state.iterations()),
                                             benchmark::Counter::kIsRate);
  state.counters["recall@10"] = recall(ids, &allowed);
  state.counters["exact_scan"] = allowed.size() < ix.exact_filter_threshold(p.ef) ? 1 : 0;
}

}  // namespace

BENCHMARK(BM_HnswBuild)
    ->Args({1, 0})
    ->Args({2, 0})
    ->Args({2, 2})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HnswSearch)
    ->Args({64, 1, 0, 2})
    ->Args({128, 1, 0, 2})
    ->Args({256, 1, 0, 2})
    ->Args({128, 2, 0, 2})
    ->Args({128, 1, 2, 2})
    ->Args({128, 2, 2, 2})
    ->Args({128, 1, 0, 1})
    ->Args({128, 1, 2, 1})
    ->Args({128, 1, 0, 0})
    ->Args({128, 1, 2, 0})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HnswFilteredSearch)
    ->Args({1, 1, 0})
    ->Args({10, 1, 0})
    ->Args({50, 1, 0})
    ->Args({1, 1, 2})
    ->Args({50, 1, 2})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
