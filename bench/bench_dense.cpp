// DenseIndex exact top-10 search on embedding-like unit vectors (d = 384, Gaussian with
// variances ~ i^-0.8, normalised: the dot products are distributed like those of
// bench/peers' rotated data). Arguments: N, threads, kernel (0 = automatic: AVX-512 where
// present, else AVX2 + FMA; 1 = portable Eigen products; 3 = AVX2 even where AVX-512 is
// present). Batch: 1000 queries per call; single: one query per call. BM_dense_tile and
// BM_dense_dots time the bare SIMD kernels (one core, no top-k).
// The *_bf16 variants search a Precision::bf16 index of the same vectors (kernel 2: AVX-512
// without AVX512_BF16, the widen-to-float32 fallback); "GB/s" (bytes_per_second) counts the
// matrix bytes a search reads: n * dim * 4 for float32, n * dim * 2 for bf16. The *_split
// variants search a Precision::split index (float32 results; single queries read the high
// plane, n * dim * 2 bytes, plus the rows they score again). Compare runs
// interleaved: --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true.
#include <benchmark/benchmark.h>

#include <cmath>
#include <map>
#include <memory>
#include <random>
#include <vector>

#include "index/dense_kernels.hpp"
#include "scoutmatch/index/dense_index.hpp"
#include "synthetic.hpp"

namespace sm = scoutmatch;
namespace kd = scoutmatch::detail::dense;

namespace {

constexpr std::size_t dim = 384;
constexpr std::size_t top_k = 10;

const sm::DenseIndex& index_of(std::size_t n, sm::Precision p = sm::Precision::f32) {
  static std::map<std::pair<std::size_t, sm::Precision>, std::unique_ptr<sm::DenseIndex>> cache;
  auto& slot = cache[{n, p}];
  if (!slot) {
    slot = std::make_unique<sm::DenseIndex>(dim, sm::Metric::ip, p);
    slot->add(scoutmatch::bench::embedding_like(n, dim, 5), n);
  }
  return *slot;
}

const std::vector<float>& queries() {
  static const std::vector<float> q = scoutmatch::bench::embedding_like(1000, dim, 6);
  return q;
}

void set_kernel(const benchmark::State& state) {
  kd::set_kernel(state.range(2) == 1   ? kd::Kernel::portable
                 : state.range(2) == 2 ? kd::Kernel::avx512_no_bf16
                 : state.range(2) == 3 ? kd::Kernel::avx2
                 : state.range(2) == 4 ? kd::Kernel::avx512_no_amx
                                       : kd::Kernel::automatic);
}

void dense_batch(benchmark::State& state, sm::Precision p) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto threads = static_cast<std::size_t>(state.range(1));
  set_kernel(state);
  const sm::DenseIndex& ix = index_of(n, p);
  const auto& q = queries();
  const std::size_t nq = q.size() / dim;
  std::vector<float> scores(nq * top_k);
  std::vector<std::int64_t> ids(nq * top_k);
  for (auto _ : state) {
    ix.search(q, nq, top_k, scores.data(), ids.data(), threads);
    benchmark::DoNotOptimize(ids.data());
  }
  state.counters["QPS"] =
      benchmark::Counter(static_cast<double>(state.iterations() * nq), benchmark::Counter::kIsRate);
  state.counters["GFLOP/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * 2.0 * nq * n * dim / 1e9,
                         benchmark::Counter::kIsRate);
  state.counters["memory/raw"] =
      static_cast<double>(ix.memory_bytes()) / static_cast<double>(n * dim * sizeof(float));
  state.counters["bytes/profile"] = static_cast<double>(ix.memory_bytes()) / static_cast<double>(n);
  kd::set_kernel(kd::Kernel::automatic);
}

void BM_dense_batch(benchmark::State& state) {
  dense_batch(state, sm::Precision::f32);
}
void BM_dense_batch_bf16(benchmark::State& state) {
  dense_batch(state, sm::Precision::bf16);
}
void BM_dense_batch_split(benchmark::State& state) {
  dense_batch(state, sm::Precision::split);
}

void dense_single(benchmark::State& state, sm::Precision p) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto threads = static_cast<std::size_t>(state.range(1));
  set_kernel(state);
  const sm::DenseIndex& ix = index_of(n, p);
  const auto& q = queries();
  float scores[top_k];
  std::int64_t ids[top_k];
  std::size_t i = 0;
  for (auto _ : state) {
    ix.search(std::span<const float>(q.data() + (i++ % 1000) * dim, dim), 1, top_k, scores, ids,
              threads);
    benchmark::DoNotOptimize(ids);
  }
  state.counters["QPS"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  const std::size_t value_bytes = p == sm::Precision::f32 ? 4 : 2;
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * n * dim * value_bytes));
  kd::set_kernel(kd::Kernel::automatic);
}

void BM_dense_single(benchmark::State& state) {
  dense_single(state, sm::Precision::f32);
}
void BM_dense_single_bf16(benchmark::State& state) {
  dense_single(state, sm::Precision::bf16);
}
void BM_dense_single_split(benchmark::State& state) {
  dense_single(state, sm::Precision::split);
}

// 12 queries x 256 rows per call (8 register tiles), operands in L1/L2: the compute peak.
// Arg: 0 the best kernel the CPU has, 3 AVX2.
void BM_dense_tile(benchmark::State& state) {
  kd::set_kernel(state.range(0) == 3 ? kd::Kernel::avx2 : kd::Kernel::automatic);
  if (!kd::use_simd()) {
    kd::set_kernel(kd::Kernel::automatic);
    state.SkipWithError("no AVX-512 or AVX2");
    return;
  }
  const auto x = scoutmatch::bench::embedding_like(256, dim, 1),
             q = scoutmatch::bench::embedding_like(kd::tile_queries, dim, 2);
  std::vector<float> xp(256 * dim), qp(kd::tile_queries * dim);
  for (std::size_t p = 0; p < 8; ++p)
    kd::pack_rows(x.data() + p * 32 * dim, 32, dim, xp.data() + p * 32 * dim);
  kd::pack_queries(q.data(), kd::tile_queries, dim, qp.data());
  std::vector<float> thr(kd::tile_queries, 1.0f), c(kd::tile_queries * kd::tile_rows);
  std::uint32_t masks[kd::tile_queries];
  for (auto _ : state)
    for (std::size_t p = 0; p < 8; ++p)
      benchmark::DoNotOptimize(
          kd::tile(qp.data(), xp.data() + p * 32 * dim, dim, thr.data(), false, c.data(), masks));
  kd::set_kernel(kd::Kernel::automatic);
  state.counters["GFLOP/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * 2.0 * kd::tile_queries * 256 * dim / 1e9,
      benchmark::Counter::kIsRate);
}

// One query against N rows on one core, no top-k: the memory-bound matrix-vector pass.
// Args: N, kernel (0 the best the CPU has, 3 AVX2).
void BM_dense_dots(benchmark::State& state) {
  kd::set_kernel(state.range(1) == 3 ? kd::Kernel::avx2 : kd::Kernel::automatic);
  if (!kd::use_simd()) {
    kd::set_kernel(kd::Kernel::automatic);
    state.SkipWithError("no AVX-512 or AVX2");
    return;
  }
  const auto n = static_cast<std::size_t>(state.range(0));
  const sm::DenseIndex& ix = index_of(n);
  std::vector<float> out(n);
  for (auto _ : state) {
    kd::dots(queries().data(), ix.vectors().data(), n, dim, out.data());
    benchmark::DoNotOptimize(out.data());
  }
  kd::set_kernel(kd::Kernel::automatic);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * n * dim * 4));
}

}  // namespace

BENCHMARK(BM_dense_batch)
    ->Args({100000, 2, 0})
    ->Args({100000, 2, 3})
    ->Args({100000, 2, 1})
    ->Args({100000, 1, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_dense_single)
    ->Args({100000, 2, 0})
    ->Args({100000, 1, 0})
    ->Args({100000, 2, 1})
    ->Args({1000000, 2, 0})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();
BENCHMARK(BM_dense_batch_bf16)
    ->Args({100000, 2, 0})
    ->Args({100000, 1, 0})
    ->Args({100000, 2, 2})
    ->Args({100000, 2, 4})
    ->Args({100000, 1, 4})
    ->Args({1000000, 2, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_dense_single_bf16)
    ->Args({100000, 2, 0})
    ->Args({100000, 1, 0})
    ->Args({100000, 2, 2})
    ->Args({1000000, 2, 0})
    ->Args({1000000, 1, 0})
    ->Args({1000000, 2, 2})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();
// float32 at 1M for the same run as the bf16 rows above.
BENCHMARK(BM_dense_batch)->Args({1000000, 2, 0})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_dense_single)
    ->Args({1000000, 2, 0})
    ->Args({1000000, 1, 0})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();
// split: the float32 results with the single-query pass over the high plane.
BENCHMARK(BM_dense_single_split)
    ->Args({100000, 2, 0})
    ->Args({100000, 1, 0})
    ->Args({100000, 2, 3})
    ->Args({1000000, 2, 0})
    ->Args({1000000, 1, 0})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();
BENCHMARK(BM_dense_batch_split)
    ->Args({100000, 2, 0})
    ->Args({1000000, 2, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_dense_tile)->Arg(0)->Arg(3)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_dense_dots)->Args({100000, 0})->Args({100000, 3})->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
