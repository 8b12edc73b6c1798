// The sparse exact search kernel alone (InvertedIndex::search, no Index, no query analysis)
// on synthetic profiles of 300 Zipf words (bench/synthetic.hpp): profile vectors as queries,
// top-10, one thread; with the SIMD kernels (AVX-512, else AVX2, where the CPU has them) and
// the portable ones. Counters: qps, postings per query, and bytes per profile of the index against a
// scipy CSR matrix of the same vectors (float32 + int32 per nonzero + int32 row pointers).
#include <benchmark/benchmark.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <map>
#include <memory>

#include "scoutmatch/scoutmatch.hpp"
#include "synthetic.hpp"

namespace sm = scoutmatch;

namespace {

struct Fixture {
  sm::CorpusVectors vectors;
  sm::InvertedIndex index;
  sm::DocAttributes attrs;
};

const Fixture& fixture(std::size_t n) {
  static std::map<std::size_t, std::unique_ptr<Fixture>> cache;
  auto& slot = cache[n];
  if (!slot) {
    const auto profiles = sm::bench::synthetic_profiles(n);
    slot = std::make_unique<Fixture>();
    slot->vectors = sm::vectorize(profiles, sm::Analyzer(), sm::Bm25Options{});
    slot->index = sm::InvertedIndex::build(slot->vectors.all);
    slot->attrs = sm::DocAttributes::from(profiles);
  }
  return *slot;
}

// Args: N, SIMD (1: AVX-512 or AVX2 where available, 0: portable), intra-query parallel.
void BM_SparseSearchProfile(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const Fixture& f = fixture(n);
  const bool before = sm::detail::inverted_index_simd(state.range(1) != 0);
  const sm::CompiledFilter none({}, f.attrs);
  std::size_t i = 0;
  double postings = 0;
  for (auto _ : state) {
    const sm::QueryVector q = sm::row_query(f.vectors.all.sat, i++ * 7919 % n);
    auto r = f.index.search(q, 10, none);
    benchmark::DoNotOptimize(r.data());
  }
  for (std::size_t j = 0; j < 50; ++j) {
    const sm::QueryVector q = sm::row_query(f.vectors.all.sat, j * 7919 % n);
    for (sm::TermId t : q.terms) postings += f.vectors.all.df[t];
  }
  sm::detail::inverted_index_simd(before);
  state.counters["qps"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["postings/query"] = postings / 50;
  state.counters["B/profile"] = static_cast<double>(f.index.memory_bytes()) / static_cast<double>(n);
  state.counters["csr B/profile"] =
      static_cast<double>(8 * f.index.postings() + 4 * (n + 1)) / static_cast<double>(n);
  state.counters["head terms"] = static_cast<double>(f.index.head_terms());
}

// Batches of 256 profile queries (two batches taken in turn, 512 distinct profiles), top-10:
// Args: N, mode (0: one search() per query, queries in parallel -- what recommend_batch did
// before search_batch; 1: search_batch), threads (a TBB arena of that many), kernels (0:
// portable, 1: the CPU's best, 2: at most AVX2, as on CPUs without AVX-512), forward
// vectors given to search_batch (1: the register tile with exact rescoring, see
// InvertedIndex::search_batch).
// qps counts queries. Run both modes interleaved (--benchmark_enable_random_interleaving).
void BM_SparseSearchBatch(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const Fixture& f = fixture(n);
  const bool batched = state.range(1) != 0;
  tbb::task_arena arena(static_cast<int>(state.range(2)));
  using SK = sm::detail::SparseKernel;
  const SK before = sm::detail::inverted_index_kernel(state.range(3) == 0   ? SK::portable
                                                      : state.range(3) == 2 ? SK::avx2
                                                                            : SK::avx512);
  const sm::CompiledFilter none({}, f.attrs);
  constexpr std::size_t batch = 256;
  std::vector<sm::QueryVector> qs;
  for (std::size_t j = 0; j < 2 * batch; ++j)
    qs.push_back(sm::row_query(f.vectors.all.sat, j * 7919 % n));
  std::size_t it = 0;
  for (auto _ : state) {
    const std::span<const sm::QueryVector> b(qs.data() + (it++ % 2) * batch, batch);
    std::vector<std::vector<sm::ScoredDoc>> r;
    arena.execute([&] {
      if (batched) {
        r = f.index.search_batch(b, 10, none, /*parallel=*/true,
                                 state.range(4) != 0 ? &f.vectors.all : nullptr);
      } else {
        r.resize(b.size());
        tbb::parallel_for(std::size_t{0}, b.size(),
                          [&](std::size_t i) { r[i] = f.index.search(b[i], 10, none); });
      }
    });
    benchmark::DoNotOptimize(r.data());
  }
  sm::detail::inverted_index_kernel(before);
  state.counters["qps"] = benchmark::Counter(static_cast<double>(state.iterations() * batch),
                                             benchmark::Counter::kIsRate);
}

// 1,000 free-text queries of 10 words drawn uniformly from the 2,000 most frequent words of
// the synthetic vocabulary (as bench/peers' 10-word queries), weighted by text_query(),
// top-10. Args: N, mode (0: one search() per query in turn; 1: search_batch over all 1,000,
// which sends them to search() too unless they have many head terms), threads (a TBB arena
// of that many; mode 0 runs the queries in parallel over it). qps counts queries; the
// analysis of the text is not timed.
void BM_SparseSearchShort(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const Fixture& f = fixture(n);
  const bool batched = state.range(1) != 0;
  tbb::task_arena arena(static_cast<int>(state.range(2)));
  const sm::CompiledFilter none({}, f.attrs);
  static std::map<std::size_t, std::vector<sm::QueryVector>> cache;
  std::vector<sm::QueryVector>& qs = cache[n];
  if (qs.empty()) {
    const auto vocab = sm::bench::pseudo_words(100000);
    std::mt19937_64 rng(11);
    for (int j = 0; j < 1000; ++j) {
      std::string text;
      for (int w = 0; w < 10; ++w) text += vocab[rng() % 2000] + " ";
      qs.push_back(sm::text_query(text, sm::Language::en, f.vectors, sm::Space::all,
                                  sm::Analyzer(), sm::Bm25Options{}));
    }
  }
  double postings = 0;
  for (const sm::QueryVector& q : qs)
    for (sm::TermId t : q.terms) postings += f.vectors.all.df[t];
  for (auto _ : state) {
    std::vector<std::vector<sm::ScoredDoc>> r;
    arena.execute([&] {
      if (batched) {
        r = f.index.search_batch(qs, 10, none, /*parallel=*/true, &f.vectors.all);
      } else {
        r.resize(qs.size());
        tbb::parallel_for(std::size_t{0}, qs.size(),
                          [&](std::size_t i) { r[i] = f.index.search(qs[i], 10, none); });
      }
    });
    benchmark::DoNotOptimize(r.data());
  }
  state.counters["qps"] = benchmark::Counter(static_cast<double>(state.iterations() * qs.size()),
                                             benchmark::Counter::kIsRate);
  state.counters["postings/query"] = postings / static_cast<double>(qs.size());
}

// score_all (every document's score; the signal model and dense fusion use it).
void BM_SparseScoreAll(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const Fixture& f = fixture(n);
  std::vector<float> out;
  std::size_t i = 0;
  for (auto _ : state) {
    const sm::QueryVector q = sm::row_query(f.vectors.all.sat, i++ * 7919 % n);
    f.index.score_all(q, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["qps"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_SparseSearchProfile)
    ->Args({20000, 1})
    ->Args({20000, 0})
    ->Args({100000, 1})
    ->Args({100000, 0})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SparseSearchBatch)
    ->Args({100000, 0, 1, 1, 0})
    ->Args({100000, 1, 1, 1, 0})
    ->Args({100000, 1, 1, 1, 1})
    ->Args({100000, 0, 2, 1, 0})
    ->Args({100000, 1, 2, 1, 0})
    ->Args({100000, 1, 2, 1, 1})
    ->Args({100000, 1, 1, 2, 1})
    ->Args({100000, 1, 2, 2, 1})
    ->Args({100000, 1, 2, 0, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_SparseSearchShort)
    ->Args({10000, 0, 1})
    ->Args({100000, 0, 1})
    ->Args({100000, 1, 1})
    ->Args({100000, 0, 2})
    ->Args({100000, 1, 2})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SparseScoreAll)->Arg(100000)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
