// Index build (profiles/s) and recommendation latency / throughput on synthetic profiles
// of 300 Zipf-distributed words, N = 10k and 100k. Threads: the second argument.
#include <benchmark/benchmark.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <string>

#include "scoutmatch/scoutmatch.hpp"
#include "synthetic.hpp"

namespace sm = scoutmatch;

namespace {

const std::vector<sm::Profile>& profiles(std::size_t n) {
  static std::map<std::size_t, std::vector<sm::Profile>> cache;
  auto it = cache.find(n);
  if (it == cache.end()) it = cache.emplace(n, sm::bench::synthetic_profiles(n)).first;
  return it->second;
}

const sm::Index& index_of(std::size_t n) {
  static std::map<std::size_t, std::unique_ptr<sm::Index>> cache;
  auto& slot = cache[n];
  if (!slot) slot = std::make_unique<sm::Index>(sm::Index::build(profiles(n)));
  return *slot;
}

void BM_BuildIndex(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  sm::IndexOptions o;
  o.threads = static_cast<std::size_t>(state.range(1));
  const auto& ps = profiles(n);
  std::size_t bytes = 0;
  for (const auto& p : ps) bytes += p.text.size();
  for (auto _ : state) {
    sm::Index ix = sm::Index::build(ps, o);
    benchmark::DoNotOptimize(ix.size());
  }
  state.counters["profiles/s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * n), benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}

// read_profiles of a JSONL file of `n` synthetic profiles (written once, beside the other
// temporary files) with state.range(1) threads: the JSONL reader's parse (simdjson) and
// checks, as `scoutmatch index --profiles` and Index.build(path) run them.
void BM_ReadJsonl(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      ("scoutmatch-bench-" + std::to_string(n) + "-" + std::to_string(::getpid()) + ".jsonl");
  std::size_t bytes = 0;
  {
    std::ofstream out(path, std::ios::binary);
    for (const sm::Profile& p : profiles(n)) {  // ASCII words: nothing to escape
      const std::string line =
          R"({"id":")" + p.id + R"(","kind":"research","lang":"en","text":")" + p.text + "\"}\n";
      out << line;
      bytes += line.size();
    }
  }
  sm::ReadOptions o;
  o.threads = static_cast<std::size_t>(state.range(1));
  for (auto _ : state) benchmark::DoNotOptimize(sm::read_profiles(path, o).size());
  std::filesystem::remove(path);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["profiles/s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * n), benchmark::Counter::kIsRate);
}

// One profile-as-query recommendation at a time (latency); intra-query parallel from 20k.
void BM_RecommendProfile(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const sm::Index& ix = index_of(n);
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(state.range(1)));
  std::size_t i = 0;
  for (auto _ : state) {
    auto r = ix.recommend(
        sm::Query::similar_to(ix.profile(static_cast<std::uint32_t>(i++ * 7919 % n)).id).k(10));
    benchmark::DoNotOptimize(r.data());
  }
  state.counters["qps"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

// A batch of 200 profile queries (throughput).
void BM_RecommendBatch(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const sm::Index& ix = index_of(n);
  std::vector<sm::Query> qs;
  for (std::size_t i = 0; i < 200; ++i)
    qs.push_back(
        sm::Query::similar_to(ix.profile(static_cast<std::uint32_t>(i * 7919 % n)).id).k(10));
  for (auto _ : state) {
    auto r = ix.recommend_batch(qs, static_cast<std::size_t>(state.range(1)));
    benchmark::DoNotOptimize(r.data());
  }
  state.counters["qps"] = benchmark::Counter(static_cast<double>(state.iterations() * qs.size()),
                                             benchmark::Counter::kIsRate);
}

// The same batch as BM_RecommendBatch as one recommend() per query (single-threaded each),
// the queries in parallel on `threads` workers: what recommend_batch did before it used
// InvertedIndex::search_batch. Compare the two interleaved
// (--benchmark_enable_random_interleaving).
void BM_RecommendLoop(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const sm::Index& ix = index_of(n);
  std::vector<sm::Query> qs;
  for (std::size_t i = 0; i < 200; ++i)
    qs.push_back(sm::Query::similar_to(ix.profile(static_cast<std::uint32_t>(i * 7919 % n)).id)
                     .k(10)
                     .threads(1));
  tbb::task_arena arena(static_cast<int>(state.range(1)));
  for (auto _ : state) {
    std::vector<std::vector<sm::Match>> r(qs.size());
    arena.execute([&] {
      tbb::parallel_for(std::size_t{0}, qs.size(),
                        [&](std::size_t i) { r[i] = ix.recommend(qs[i]); });
    });
    benchmark::DoNotOptimize(r.data());
  }
  state.counters["qps"] = benchmark::Counter(static_cast<double>(state.iterations() * qs.size()),
                                             benchmark::Counter::kIsRate);
}

// Short free-text queries (10 words).
void BM_RecommendText(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const sm::Index& ix = index_of(n);
  const auto words = sm::bench::pseudo_words(100000);
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(state.range(1)));
  std::size_t i = 0;
  for (auto _ : state) {
    std::string text;
    for (int w = 0; w < 10; ++w)
      text += words[(i * 31 + static_cast<std::size_t>(w) * 977) % 2000] + " ";
    ++i;
    auto r = ix.recommend(sm::Query::text(text, sm::Language::en).k(10));
    benchmark::DoNotOptimize(r.data());
  }
  state.counters["qps"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

// A batch of 1,000 short free-text queries (10 words drawn uniformly from the 2,000 most
// frequent words, like bench/peers' short queries), through recommend_batch (throughput).
void BM_RecommendShortTextBatch(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const sm::Index& ix = index_of(n);
  const auto words = sm::bench::pseudo_words(100000);
  std::mt19937_64 rng(11);
  std::vector<sm::Query> qs;
  for (std::size_t i = 0; i < 1000; ++i) {
    std::string text;
    for (int w = 0; w < 10; ++w) text += (w ? " " : "") + words[rng() % 2000];
    qs.push_back(sm::Query::text(std::move(text), sm::Language::en).k(10));
  }
  for (auto _ : state) {
    auto r = ix.recommend_batch(qs, static_cast<std::size_t>(state.range(1)));
    benchmark::DoNotOptimize(r.data());
  }
  state.counters["qps"] = benchmark::Counter(static_cast<double>(state.iterations() * qs.size()),
                                             benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_BuildIndex)
    ->Args({10000, 1})
    ->Args({10000, 2})
    ->Args({100000, 2})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK(BM_ReadJsonl)
    ->Args({100000, 1})
    ->Args({100000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_RecommendProfile)
    ->Args({10000, 1})
    ->Args({100000, 1})
    ->Args({100000, 2})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_RecommendBatch)
    ->Args({10000, 2})
    ->Args({100000, 1})
    ->Args({100000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_RecommendLoop)
    ->Args({100000, 1})
    ->Args({100000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_RecommendText)->Args({10000, 1})->Args({100000, 1})->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_RecommendShortTextBatch)
    ->Args({100000, 1})
    ->Args({100000, 2})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
