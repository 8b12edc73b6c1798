// Top-10 in both directions between two sets of embedding-like unit vectors (d = 384, the
// data of bench_dense.cpp): all_pairs_topk (one pass) against two DenseIndex::search calls.
// Arguments: size of a (companies), size of b (research groups), threads, kernel (0 =
// automatic: AVX-512, else AVX2 + FMA, where present; 1 = portable). GFLOP/s counts one
// product (2·na·nb·d).
// With SCOUTMATCH_ALL_PAIRS_A and _B set to .npy files (float32, C order, d = 384; e.g. from
// bench/peers/all_pairs_compare.py) the sets are read from them instead (their first na, nb
// rows).
// BM_sparse_all_pairs: the same for BM25F text vectors of synthetic 300-word profiles
// (bench/synthetic.hpp; a = the first na of na + nb profiles, b = the rest), one pass
// against b-side and a-side InvertedIndex::search_batch; pairs/s counts na * nb.
#include <benchmark/benchmark.h>
#include <tbb/task_arena.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "index/dense_kernels.hpp"
#include "scoutmatch/index/all_pairs.hpp"
#include "scoutmatch/scoutmatch.hpp"
#include "synthetic.hpp"

namespace sm = scoutmatch;
namespace kd = scoutmatch::detail::dense;

namespace {

constexpr std::size_t dim = 384;
constexpr std::size_t top_k = 10;

// The first n rows of a float32 C-order .npy file of `dim` columns.
std::vector<float> read_npy(const char* path, std::size_t n) {
  std::ifstream in(path, std::ios::binary);
  char head[10];
  if (!in.read(head, 10) || std::string(head + 1, 5) != "NUMPY")
    throw std::runtime_error(std::string("not a .npy file: ") + path);
  std::size_t header_len = static_cast<unsigned char>(head[8]) |
                           (static_cast<std::size_t>(static_cast<unsigned char>(head[9])) << 8);
  if (head[6] >= 2) {  // version 2+: 4-byte header length
    char more[2];
    in.read(more, 2);
    header_len |= (static_cast<std::size_t>(static_cast<unsigned char>(more[0])) << 16) |
                  (static_cast<std::size_t>(static_cast<unsigned char>(more[1])) << 24);
  }
  std::string header(header_len, ' ');
  in.read(header.data(), static_cast<std::streamsize>(header_len));
  if (header.find("<f4") == std::string::npos ||
      header.find("'fortran_order': False") == std::string::npos)
    throw std::runtime_error(std::string("expected float32 C order: ") + path);
  std::vector<float> v(n * dim);
  if (!in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(v.size() * 4)))
    throw std::runtime_error(std::string("too few rows in ") + path);
  return v;
}

const sm::DenseIndex& index_of(std::size_t n, unsigned seed) {
  static std::map<std::pair<std::size_t, unsigned>, std::unique_ptr<sm::DenseIndex>> cache;
  auto& slot = cache[{n, seed}];
  if (!slot) {
    slot = std::make_unique<sm::DenseIndex>(dim, sm::Metric::ip);
    const char* file = std::getenv(seed == 5 ? "SCOUTMATCH_ALL_PAIRS_A" : "SCOUTMATCH_ALL_PAIRS_B");
    slot->add(file ? read_npy(file, n) : scoutmatch::bench::embedding_like(n, dim, seed), n);
  }
  return *slot;
}

void counters(benchmark::State& state, std::size_t na, std::size_t nb) {
  state.counters["GFLOP/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * 2.0 * na * nb * dim / 1e9,
                         benchmark::Counter::kIsRate);
}

void BM_all_pairs(benchmark::State& state) {
  const auto na = static_cast<std::size_t>(state.range(0)),
             nb = static_cast<std::size_t>(state.range(1)),
             threads = static_cast<std::size_t>(state.range(2));
  kd::set_kernel(state.range(3) == 1 ? kd::Kernel::portable : kd::Kernel::automatic);
  const sm::DenseIndex &a = index_of(na, 5), &b = index_of(nb, 6);
  std::vector<float> as(na * top_k), bs(nb * top_k);
  std::vector<std::int64_t> ai(na * top_k), bi(nb * top_k);
  for (auto _ : state) {
    sm::all_pairs_topk(a, b, top_k, as.data(), ai.data(), bs.data(), bi.data(), threads);
    benchmark::DoNotOptimize(ai.data());
    benchmark::DoNotOptimize(bi.data());
  }
  counters(state, na, nb);
  kd::set_kernel(kd::Kernel::automatic);
}

// The same results from b.search(a's vectors) and a.search(b's vectors).
void BM_all_pairs_two_searches(benchmark::State& state) {
  const auto na = static_cast<std::size_t>(state.range(0)),
             nb = static_cast<std::size_t>(state.range(1)),
             threads = static_cast<std::size_t>(state.range(2));
  kd::set_kernel(state.range(3) == 1 ? kd::Kernel::portable : kd::Kernel::automatic);
  const sm::DenseIndex &a = index_of(na, 5), &b = index_of(nb, 6);
  std::vector<float> as(na * top_k), bs(nb * top_k);
  std::vector<std::int64_t> ai(na * top_k), bi(nb * top_k);
  for (auto _ : state) {
    b.search(a.vectors(), na, top_k, as.data(), ai.data(), threads);
    a.search(b.vectors(), nb, top_k, bs.data(), bi.data(), threads);
    benchmark::DoNotOptimize(ai.data());
    benchmark::DoNotOptimize(bi.data());
  }
  counters(state, na, nb);
  kd::set_kernel(kd::Kernel::automatic);
}

struct TextSets {
  sm::CorpusVectors vectors;
  std::vector<std::uint32_t> a, b;
};

const TextSets& text_sets(std::size_t na, std::size_t nb) {
  static std::map<std::pair<std::size_t, std::size_t>, std::unique_ptr<TextSets>> cache;
  auto& slot = cache[{na, nb}];
  if (!slot) {
    slot = std::make_unique<TextSets>();
    slot->vectors =
        sm::vectorize(sm::bench::synthetic_profiles(na + nb), sm::Analyzer(), sm::Bm25Options{});
    for (std::uint32_t d = 0; d < na + nb; ++d) (d < na ? slot->a : slot->b).push_back(d);
  }
  return *slot;
}

// Args: na, nb, threads, kernel (0 automatic, 1 portable).
void BM_sparse_all_pairs(benchmark::State& state) {
  const auto na = static_cast<std::size_t>(state.range(0)),
             nb = static_cast<std::size_t>(state.range(1)),
             threads = static_cast<std::size_t>(state.range(2));
  kd::set_kernel(state.range(3) == 1 ? kd::Kernel::portable : kd::Kernel::automatic);
  const TextSets& t = text_sets(na, nb);
  for (auto _ : state) {
    auto r = sm::all_pairs_topk(t.vectors.all, t.a, t.b, top_k, threads);
    benchmark::DoNotOptimize(r.a.data());
  }
  state.counters["pairs/s"] = benchmark::Counter(
      static_cast<double>(na) * static_cast<double>(nb) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
  kd::set_kernel(kd::Kernel::automatic);
}

// The same results from two batches of searches: each a in an index of b, each b in an
// index of a (the indexes built outside the timing).
void BM_sparse_all_pairs_two_searches(benchmark::State& state) {
  const auto na = static_cast<std::size_t>(state.range(0)),
             nb = static_cast<std::size_t>(state.range(1)),
             threads = static_cast<std::size_t>(state.range(2));
  const TextSets& t = text_sets(na, nb);
  auto subset = [&](const std::vector<std::uint32_t>& docs) {
    sm::SpaceVectors s = t.vectors.all;
    sm::SparseVectors rows;
    for (std::uint32_t d : docs) {
      const sm::SparseRow r = s.sat.row(d);
      rows.terms.insert(rows.terms.end(), r.terms.begin(), r.terms.end());
      rows.values.insert(rows.values.end(), r.values.begin(), r.values.end());
      rows.fields.insert(rows.fields.end(), r.fields.begin(), r.fields.end());
      rows.offsets.push_back(rows.terms.size());
    }
    s.sat = std::move(rows);
    return sm::InvertedIndex::build(s);
  };
  const sm::InvertedIndex ia = subset(t.a), ib = subset(t.b);
  std::vector<sm::QueryVector> qa, qb;
  for (std::uint32_t d : t.a) qa.push_back(sm::row_query(t.vectors.all.sat, d));
  for (std::uint32_t d : t.b) qb.push_back(sm::row_query(t.vectors.all.sat, d));
  const sm::FilterSpec spec;
  const sm::DocAttributes attrs;
  const sm::CompiledFilter none(spec, attrs);  // no filter: the attributes are never read
  tbb::task_arena arena(static_cast<int>(threads));
  for (auto _ : state) {
    arena.execute([&] {
      auto ra = ib.search_batch(qa, top_k, none, true);
      auto rb = ia.search_batch(qb, top_k, none, true);
      benchmark::DoNotOptimize(ra.data());
      benchmark::DoNotOptimize(rb.data());
    });
  }
  state.counters["pairs/s"] = benchmark::Counter(
      static_cast<double>(na) * static_cast<double>(nb) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_sparse_all_pairs)
    ->Args({20000, 4000, 2, 0})
    ->Args({20000, 20000, 2, 0})
    ->Args({100000, 20000, 2, 0})
    ->Args({100000, 20000, 1, 0})
    ->Args({20000, 4000, 2, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_sparse_all_pairs_two_searches)
    ->Args({20000, 4000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_all_pairs)
    ->Args({20000, 4000, 2, 0})
    ->Args({100000, 20000, 2, 0})
    ->Args({20000, 4000, 2, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_all_pairs_two_searches)
    ->Args({20000, 4000, 2, 0})
    ->Args({100000, 20000, 2, 0})
    ->Args({20000, 4000, 2, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_MAIN();
