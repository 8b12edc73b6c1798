// HnswIndex: recall against exact search (DenseIndex), ids and scores per metric, filters
// (graph walk, exact fallback, automatic), padding, incremental adds, persistence (round
// trip, damaged files, an inconsistent graph behind a valid checksum), bad input, and
// concurrent searches. Small sets: these run under ASan and TSan too.
#include <gtest/gtest.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <map>
#include <random>
#include <set>

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "scoutmatch/error.hpp"
#include "scoutmatch/index/dense_index.hpp"
#include "scoutmatch/index/hnsw_index.hpp"
#include "test_helpers.hpp"

#if defined(__SANITIZE_THREAD__)
// hnswlib 0.6.2 takes its per-node link-list locks in an order that ThreadSanitizer's
// lock-order graph reports as a potential deadlock, even with one inserting thread (addPoint
// holds the new node's locks while searchBaseLayer locks the visited nodes'). The report is
// about hnswlib's own insertion protocol, and its stacks are not always symbolised under ctest,
// so a suppression file cannot name it: this test program alone turns deadlock detection off.
// Data races are still reported.
extern "C" const char* __tsan_default_options() {
  return "detect_deadlocks=0";
}
#endif

namespace sm = scoutmatch;

namespace {

// Embedding-like: Gaussian with decaying per-dimension spread (std ~ (j+1)^-0.4).
std::vector<float> embeddings(std::size_t n, std::size_t dim, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> g;
  std::vector<float> v(n * dim);
  for (std::size_t r = 0; r < n; ++r)
    for (std::size_t j = 0; j < dim; ++j)
      v[r * dim + j] = g(rng) * std::pow(static_cast<float>(j + 1), -0.4f);
  return v;
}

struct Result {
  std::vector<float> scores;
  std::vector<std::int64_t> ids;
};

Result search(const sm::HnswIndex& ix, const std::vector<float>& q, std::size_t k,
              sm::HnswSearchParams p = {}) {
  const std::size_t n = q.size() / ix.dim();
  Result r{std::vector<float>(n * k), std::vector<std::int64_t>(n * k)};
  ix.search(q, n, k, r.scores.data(), r.ids.data(), p);
  return r;
}

Result exact(const sm::DenseIndex& ix, const std::vector<float>& q, std::size_t k,
             const std::vector<std::int64_t>* allowed = nullptr) {
  const std::size_t n = q.size() / ix.dim();
  Result r{std::vector<float>(n * k), std::vector<std::int64_t>(n * k)};
  ix.search(q, n, k, r.scores.data(), r.ids.data(), 1, allowed);
  return r;
}

// Share of the exact top-k ids (ignoring padding) that the approximate rows contain.
double recall(const Result& approx, const Result& truth, std::size_t k) {
  std::size_t hit = 0, total = 0;
  for (std::size_t r = 0; r < truth.ids.size() / k; ++r) {
    const std::set<std::int64_t> got(approx.ids.begin() + r * k, approx.ids.begin() + (r + 1) * k);
    for (std::size_t j = 0; j < k; ++j) {
      const std::int64_t id = truth.ids[r * k + j];
      if (id < 0) continue;
      ++total;
      hit += got.count(id);
    }
  }
  return total ? static_cast<double>(hit) / total : 1.0;
}

template <class E>
void expect_error(const std::string& id, const auto& f) {
  try {
    f();
    ADD_FAILURE() << "expected " << id;
  } catch (const E& e) {
    EXPECT_EQ(e.id(), id) << e.what();
  }
}

constexpr std::size_t dim = 24, n = 1500, nq = 40, k = 10;

struct Fixture {
  std::vector<float> base = embeddings(n, dim, 1), queries = embeddings(nq, dim, 2);
  std::vector<std::int64_t> ids;
  Fixture() {
    for (std::size_t i = 0; i < n; ++i) ids.push_back(static_cast<std::int64_t>(7 + 3 * i));
  }
  sm::HnswIndex hnsw(sm::Metric m, std::size_t threads = 1,
                     sm::Precision precision = sm::Precision::f32) const {
    sm::HnswIndex ix(dim, m, {.M = 8, .ef_construction = 64, .precision = precision});
    ix.add(base, n, ids, threads);
    return ix;
  }
  sm::DenseIndex dense(sm::Metric m) const {
    sm::DenseIndex ix(dim, m);
    ix.add(base, n, ids);
    return ix;
  }
};

}  // namespace

TEST(HnswIndex, RecallAgainstExactSearchForEachMetric) {
  const Fixture f;
  for (const sm::Metric m : {sm::Metric::ip, sm::Metric::cosine, sm::Metric::l2}) {
    const auto ix = f.hnsw(m);
    const auto truth = exact(f.dense(m), f.queries, k);
    sm::HnswSearchParams p;
    p.ef = 64;
    const auto got = search(ix, f.queries, k, p);
    EXPECT_GE(recall(got, truth, k), 0.95) << sm::to_string(m);
    // Scores are the metric's own (like DenseIndex), best first, for the ids returned.
    for (std::size_t r = 0; r < nq; ++r)
      for (std::size_t j = 0; j < k; ++j) {
        const std::int64_t id = got.ids[r * k + j];
        ASSERT_GE(id, 7);
        const std::size_t row = static_cast<std::size_t>(id - 7) / 3;
        const float* q = f.queries.data() + r * dim;
        const float* x = f.base.data() + row * dim;
        double dot = 0, qq = 0, xx = 0, l2 = 0;
        for (std::size_t c = 0; c < dim; ++c) {
          dot += q[c] * x[c], qq += q[c] * q[c], xx += x[c] * x[c];
          l2 += (q[c] - x[c]) * (q[c] - x[c]);
        }
        const double want = m == sm::Metric::ip   ? dot
                            : m == sm::Metric::l2 ? l2
                                                  : dot / std::sqrt(qq * xx);
        EXPECT_NEAR(got.scores[r * k + j], want, 1e-4 * (1 + std::abs(want)));
        if (j > 0) {
          const float prev = got.scores[r * k + j - 1], cur = got.scores[r * k + j];
          EXPECT_TRUE(m == sm::Metric::l2 ? prev <= cur : prev >= cur);
        }
      }
  }
}

TEST(HnswIndex, TinyEfLosesRecallSoTheRecallCheckCanFail) {
  // With ef = k = 1 on a sparse graph, a walk misses some true nearest neighbours: the
  // recall measure used above does see a weaker search.
  const Fixture f;
  sm::HnswIndex ix(dim, sm::Metric::l2, {.M = 2, .ef_construction = 2});
  ix.add(f.base, n, f.ids, 1);
  const auto truth = exact(f.dense(sm::Metric::l2), f.queries, k);
  sm::HnswSearchParams p;
  p.ef = 1;
  EXPECT_LT(recall(search(ix, f.queries, k, p), truth, k), 0.95);
}

TEST(HnswIndex, EveryStoredVectorFindsItself) {
  const Fixture f;
  const auto ix = f.hnsw(sm::Metric::l2);
  const std::vector<float> q(f.base.begin(), f.base.begin() + 200 * dim);
  const auto got = search(ix, q, 1);
  std::size_t self = 0;
  for (std::size_t r = 0; r < 200; ++r) self += got.ids[r] == f.ids[r];
  EXPECT_GE(self, 198u);
  EXPECT_EQ(ix.size(), n);
  EXPECT_TRUE(ix.contains(7));
  EXPECT_FALSE(ix.contains(8));
  EXPECT_EQ(ix.next_id(), f.ids.back() + 1);
  EXPECT_GT(ix.memory_bytes(), n * dim * sizeof(float));
}

TEST(HnswIndex, FiltersAreRespectedAndKeepRecall) {
  const Fixture f;
  const auto ix = f.hnsw(sm::Metric::cosine);
  const auto dense = f.dense(sm::Metric::cosine);
  std::mt19937 rng(3);
  for (const double share : {0.01, 0.1, 0.5}) {
    std::vector<std::int64_t> allowed;
    for (const std::int64_t id : f.ids)
      if (std::uniform_real_distribution<double>(0, 1)(rng) < share) allowed.push_back(id);
    allowed.push_back(-5);      // ignored: negative
    allowed.push_back(100000);  // ignored: not in the index
    const std::set<std::int64_t> ok(allowed.begin(), allowed.end());
    const auto truth = exact(dense, f.queries, k, &allowed);
    for (const auto mode :
         {sm::HnswFilterMode::automatic, sm::HnswFilterMode::graph, sm::HnswFilterMode::exact}) {
      sm::HnswSearchParams p;
      p.ef = 64;
      p.allowed = &allowed;
      p.filter_mode = mode;
      const auto got = search(ix, f.queries, k, p);
      for (const std::int64_t id : got.ids)
        if (id >= 0) EXPECT_TRUE(ok.count(id)) << id;
      EXPECT_GE(recall(got, truth, k), 0.95) << share << " mode " << static_cast<int>(mode);
      if (mode == sm::HnswFilterMode::exact) EXPECT_EQ(got.ids, truth.ids) << share;
    }
  }
}

TEST(HnswIndex, FewerCandidatesThanKArePadded) {
  const Fixture f;
  const auto ix = f.hnsw(sm::Metric::ip);
  const std::vector<std::int64_t> allowed{11, 13};  // 11 is not an id (ids are 7 + 3i)
  for (const auto mode : {sm::HnswFilterMode::graph, sm::HnswFilterMode::exact}) {
    sm::HnswSearchParams p;
    p.allowed = &allowed;
    p.filter_mode = mode;
    const auto got = search(ix, f.queries, 3, p);
    for (std::size_t r = 0; r < nq; ++r) {
      EXPECT_EQ(got.ids[r * 3], 13);
      EXPECT_EQ(got.ids[r * 3 + 1], -1);
      EXPECT_TRUE(std::isnan(got.scores[r * 3 + 2]));
    }
  }
  const std::vector<std::int64_t> none;
  sm::HnswSearchParams p;
  p.allowed = &none;
  EXPECT_EQ(search(ix, f.queries, 2, p).ids, std::vector<std::int64_t>(nq * 2, -1));
  const sm::HnswIndex empty(dim);
  EXPECT_EQ(search(empty, f.queries, 2).ids, std::vector<std::int64_t>(nq * 2, -1));
}

TEST(HnswIndex, IncrementalAddsWithAutomaticIds) {
  const Fixture f;
  sm::HnswIndex ix(dim, sm::Metric::l2, {.M = 8, .ef_construction = 64});
  ix.add({f.base.data(), 500 * dim}, 500, {}, 1);  // ids 0..499
  // 500..1499, grows the graph. One thread: hnswlib's parallel insert shares an unlocked
  // level generator, which TSan (CI) reports; the parallel path is exercised by bench_ann.
  ix.add({f.base.data() + 500 * dim, 1000 * dim}, 1000, {}, 1);
  EXPECT_EQ(ix.size(), n);
  EXPECT_EQ(ix.next_id(), 1500);
  sm::DenseIndex dense(dim, sm::Metric::l2);
  dense.add(f.base, n);
  sm::HnswSearchParams p;
  p.ef = 64;
  EXPECT_GE(recall(search(ix, f.queries, k, p), exact(dense, f.queries, k), k), 0.95);
}

TEST(HnswIndex, ThreadsGiveTheSameResultsAndConcurrentSearchesAgree) {
  const Fixture f;
  const auto ix = f.hnsw(sm::Metric::ip);
  sm::HnswSearchParams one;
  one.threads = 1;
  const auto want = search(ix, f.queries, k, one);
  sm::HnswSearchParams two;
  two.threads = 2;
  EXPECT_EQ(search(ix, f.queries, k, two).ids, want.ids);
  std::vector<Result> got(4);
  tbb::task_arena arena(2);
  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, got.size(),
                      [&](std::size_t i) { got[i] = search(ix, f.queries, k, one); });
  });
  for (const auto& r : got) EXPECT_EQ(r.ids, want.ids);
}

TEST(HnswIndex, SaveLoadRoundTrip) {
  const Fixture f;
  const auto ix = f.hnsw(sm::Metric::cosine);
  const auto dir = sm::testing::temp_dir("hnsw_roundtrip");
  ix.save(dir / "a.smh");
  const auto back = sm::HnswIndex::load(dir / "a.smh");
  EXPECT_EQ(back.size(), ix.size());
  EXPECT_EQ(back.dim(), dim);
  EXPECT_EQ(back.metric(), sm::Metric::cosine);
  EXPECT_EQ(back.options().M, 8u);
  EXPECT_EQ(back.next_id(), ix.next_id());
  EXPECT_EQ(back.to_bytes(), ix.to_bytes());
  const auto a = search(ix, f.queries, k), b = search(back, f.queries, k);
  EXPECT_EQ(a.ids, b.ids);
  EXPECT_EQ(a.scores, b.scores);
  // A loaded index takes more vectors.
  auto more = sm::HnswIndex::from_bytes(ix.to_bytes());
  more.add({f.queries.data(), dim}, 1, std::vector<std::int64_t>{1});
  EXPECT_EQ(search(more, {f.queries.begin(), f.queries.begin() + dim}, 1).ids[0], 1);
  // An empty index too.
  const sm::HnswIndex empty(5, sm::Metric::l2);
  EXPECT_EQ(sm::HnswIndex::from_bytes(empty.to_bytes()).dim(), 5u);
}

TEST(HnswIndex, DamagedFilesAreRefused) {
  const Fixture f;
  const std::string good = f.hnsw(sm::Metric::l2).to_bytes();
  expect_error<sm::format_error>("scoutmatch.io.format.1",
                                 [&] { sm::HnswIndex::from_bytes(good.substr(0, 20)); });
  std::string bad = good;
  bad[0] = 'X';
  expect_error<sm::format_error>("scoutmatch.io.format.1", [&] { sm::HnswIndex::from_bytes(bad); });
  bad = good;
  bad[8] = 9;  // version
  expect_error<sm::format_error>("scoutmatch.io.format.2", [&] { sm::HnswIndex::from_bytes(bad); });
  expect_error<sm::format_error>("scoutmatch.io.format.3", [&] {
    sm::HnswIndex::from_bytes(good.substr(0, good.size() - 1));
  });
  bad = good;
  bad[good.size() / 2] ^= 1;
  expect_error<sm::format_error>("scoutmatch.io.format.4", [&] { sm::HnswIndex::from_bytes(bad); });
  // A link outside the graph behind a valid checksum: node 0's first level-0 link.
  // Payload: dim, metric, M, efc, seed, precision, n, next id (50 bytes), top level, entry,
  // node size (16 bytes), then node 0: link count (4 bytes) and its links.
  bad = good;
  const std::uint32_t far = 1u << 30;
  std::memcpy(bad.data() + 32 + 66 + 4, &far, 4);
  const std::uint64_t sum = XXH64(bad.data() + 32, bad.size() - 32, 0);
  std::memcpy(bad.data() + 24, &sum, 8);
  expect_error<sm::format_error>("scoutmatch.hnsw.10", [&] { sm::HnswIndex::from_bytes(bad); });
  const auto dir = sm::testing::temp_dir("hnsw_damaged");
  expect_error<sm::file_error>("scoutmatch.io.file.1",
                               [&] { sm::HnswIndex::load(dir / "missing.smh"); });
}

TEST(HnswIndex, BadInputIsRefusedAndLeavesTheIndexUnchanged) {
  expect_error<sm::invalid_argument>("scoutmatch.hnsw.1", [] { sm::HnswIndex(0); });
  expect_error<sm::invalid_argument>("scoutmatch.hnsw.8",
                                     [] { sm::HnswIndex(4, sm::Metric::ip, {.M = 1}); });
  expect_error<sm::invalid_argument>(
      "scoutmatch.hnsw.8", [] { sm::HnswIndex(4, sm::Metric::ip, {.ef_construction = 0}); });
  sm::HnswIndex ix(2, sm::Metric::cosine);
  ix.add(std::vector<float>{1, 0, 0, 1}, 2, std::vector<std::int64_t>{4, 5});
  const std::vector<float> two{1, 1, 2, 2};
  expect_error<sm::invalid_argument>("scoutmatch.hnsw.2", [&] { ix.add(two, 3); });
  expect_error<sm::invalid_argument>("scoutmatch.hnsw.2",
                                     [&] { ix.add(two, 2, std::vector<std::int64_t>{1}); });
  expect_error<sm::invalid_argument>("scoutmatch.hnsw.3", [&] {
    ix.add(std::vector<float>{1, NAN}, 1);
  });
  expect_error<sm::invalid_argument>("scoutmatch.hnsw.4", [&] {
    ix.add(two, 2, std::vector<std::int64_t>{9, 9});
  });
  expect_error<sm::invalid_argument>("scoutmatch.hnsw.4", [&] {
    ix.add(two, 2, std::vector<std::int64_t>{9, 5});
  });
  expect_error<sm::invalid_argument>("scoutmatch.hnsw.5", [&] {
    ix.add(two, 2, std::vector<std::int64_t>{9, -2});
  });
  expect_error<sm::invalid_argument>("scoutmatch.hnsw.7", [&] {
    ix.add(std::vector<float>{1, 1, 0, 0}, 2);
  });
  EXPECT_EQ(ix.size(), 2u);
  EXPECT_FALSE(ix.contains(9));
  EXPECT_EQ(ix.next_id(), 6);
  float s[4];
  std::int64_t id[4];
  const std::vector<float> q{1, 0};
  expect_error<sm::invalid_argument>("scoutmatch.hnsw.6", [&] { ix.search(q, 1, 0, s, id); });
  sm::HnswSearchParams p;
  p.ef = sm::hnsw_max_ef + 1;
  expect_error<sm::invalid_argument>("scoutmatch.hnsw.6", [&] { ix.search(q, 1, 1, s, id, p); });
  p = {};
  p.threads = 5000;
  expect_error<sm::invalid_argument>("scoutmatch.hnsw.6", [&] { ix.search(q, 1, 1, s, id, p); });
  expect_error<sm::invalid_argument>("scoutmatch.hnsw.2", [&] { ix.search(q, 2, 1, s, id); });
  expect_error<sm::invalid_argument>("scoutmatch.hnsw.3", [&] {
    ix.search(std::vector<float>{INFINITY, 0}, 1, 1, s, id);
  });
  expect_error<sm::invalid_argument>("scoutmatch.hnsw.7", [&] {
    ix.search(std::vector<float>{0, 0}, 1, 1, s, id);
  });
  ix.search(q, 1, 2, s, id);
  EXPECT_EQ(id[0], 4);
  EXPECT_FLOAT_EQ(s[0], 1.0f);
  EXPECT_EQ(id[1], 5);
  EXPECT_NEAR(s[1], 0.0f, 1e-6);
}

// Cosine normalises vectors whose 1/|v| overflows float32 (|v| below ~3e-39) through double:
// they keep their direction instead of turning into infinities and NaN.
TEST(HnswIndex, CosineKeepsTheDirectionOfTinyAndHugeVectors) {
  sm::HnswIndex ix(2, sm::Metric::cosine, {.M = 4, .ef_construction = 8});
  ix.add(std::vector<float>{1e-44f, 0.0f, 0.0f, 3e38f, 3.0f, 4.0f}, 3, {}, 1);
  for (const auto& [q, want] : std::vector<std::pair<std::vector<float>, std::int64_t>>{
           {{1e-40f, 0.0f}, 0}, {{0.0f, 1e-42f}, 1}, {{3.0f, 4.0f}, 2}}) {
    const auto got = search(ix, q, 1);
    EXPECT_EQ(got.ids[0], want);
    EXPECT_NEAR(got.scores[0], 1.0f, 1e-6f);
  }
}

// ---- Precision::split ---------------------------------------------------------------------

// The walk reads the bfloat16 high planes; every score it returns is the float32 one, and the
// exact scan's results equal Precision::f32's bit for bit; with each kernel (AVX-512, AVX2,
// SSE, as far as the CPU has them).
TEST(HnswSplit, ScoresAreFloat32AndRecallHoldsForEachMetricAndKernel) {
  using K = sm::detail::HnswKernel;
  struct Reset {
    ~Reset() { sm::detail::hnsw_kernel(K::avx512); }
  } reset;
  const Fixture f;
  for (const K kernel : {K::avx512, K::avx2, K::sse})
    for (const sm::Metric m : {sm::Metric::ip, sm::Metric::cosine, sm::Metric::l2}) {
      sm::detail::hnsw_kernel(kernel);
      SCOPED_TRACE(std::string(sm::HnswIndex::simd_level()));
      const auto split = f.hnsw(m, 1, sm::Precision::split);
      const auto f32 = f.hnsw(m);
      EXPECT_EQ(split.options().precision, sm::Precision::split);
      EXPECT_EQ(split.memory_bytes(), f32.memory_bytes()) << "two halves = one float32";
      sm::HnswSearchParams all;
      all.allowed = &f.ids;
      all.filter_mode = sm::HnswFilterMode::exact;
      const auto scan = search(split, f.queries, n, all);
      const auto scan32 = search(f32, f.queries, n, all);
      EXPECT_EQ(scan.ids, scan32.ids) << sm::to_string(m);
      EXPECT_EQ(scan.scores, scan32.scores) << sm::to_string(m);
      sm::HnswSearchParams p;
      p.ef = 64;
      const auto got = search(split, f.queries, k, p);
      EXPECT_GE(recall(got, exact(f.dense(m), f.queries, k), k), 0.95) << sm::to_string(m);
      for (std::size_t r = 0; r < nq; ++r) {
        std::map<std::int64_t, float> score_of;
        for (std::size_t j = 0; j < n; ++j)
          score_of[scan32.ids[r * n + j]] = scan32.scores[r * n + j];
        for (std::size_t j = 0; j < k; ++j) {
          const std::int64_t id = got.ids[r * k + j];
          ASSERT_TRUE(score_of.count(id));
          EXPECT_EQ(got.scores[r * k + j], score_of[id]) << sm::to_string(m) << " id " << id;
        }
      }
    }
}

// Vectors whose float32 values are bfloat16 numbers (low halves 0), d a multiple of 16: the
// split kernels (bfloat16 widened) then do the float32 kernels' very operations, so the build
// makes the same graph and the walk the same steps: the results equal f32's bit for bit. A
// wrong split kernel (AVX-512, AVX2 or SSE) would show here even where recall hides it.
// d = 112 runs each kernel's unrolled loop and its single-vector loop.
TEST(HnswSplit, OnBfloat16ValuesTheWalkIsFloat32sWalk) {
  using K = sm::detail::HnswKernel;
  struct Reset {
    ~Reset() { sm::detail::hnsw_kernel(K::avx512); }
  } reset;
  constexpr std::size_t d = 112, rows = 800, nq2 = 30;
  auto bf16_exact = [](std::vector<float> v) {
    for (float& x : v) x = std::bit_cast<float>(std::bit_cast<std::uint32_t>(x) & 0xffff0000u);
    return v;
  };
  const auto base = bf16_exact(embeddings(rows, d, 5)), qs = bf16_exact(embeddings(nq2, d, 6));
  for (const K kernel : {K::avx512, K::avx2, K::sse})
    for (const sm::Metric m : {sm::Metric::ip, sm::Metric::l2}) {
      sm::detail::hnsw_kernel(kernel);
      SCOPED_TRACE(std::string(sm::HnswIndex::simd_level()) + " " + std::string(sm::to_string(m)));
      sm::HnswIndex f32(d, m, {.M = 8, .ef_construction = 48});
      sm::HnswIndex split(d, m, {.M = 8, .ef_construction = 48, .precision = sm::Precision::split});
      f32.add(base, rows, {}, 1);
      split.add(base, rows, {}, 1);
      for (const std::size_t ef : {10, 40}) {
        sm::HnswSearchParams p;
        p.ef = ef;
        const auto a = search(f32, qs, k, p), b = search(split, qs, k, p);
        EXPECT_EQ(a.ids, b.ids);
        EXPECT_EQ(a.scores, b.scores);
      }
    }
}

// Two vectors equal in the high plane (1 + 2^-10 rounds to 1 in bfloat16): the walk sees a tie,
// which it breaks by insertion order; the float32 rescoring puts the larger one first.
TEST(HnswSplit, CandidatesAreRankedByTheirFloat32Scores) {
  for (const sm::Metric m : {sm::Metric::ip, sm::Metric::l2}) {
    sm::HnswIndex ix(2, m, {.M = 4, .ef_construction = 8, .precision = sm::Precision::split});
    const float big = 1.0f + 0x1p-10f;
    ix.add(std::vector<float>{1.0f, 0.0f, big, 0.0f, -1.0f, 0.5f}, 3, {}, 1);
    const std::vector<float> q =
        m == sm::Metric::ip ? std::vector<float>{1.0f, 0.0f} : std::vector<float>{2.0f, 0.0f};
    const auto got = search(ix, q, 2);
    EXPECT_EQ(got.ids[0], 1) << sm::to_string(m);
    EXPECT_EQ(got.ids[1], 0) << sm::to_string(m);
    EXPECT_EQ(got.scores[0], m == sm::Metric::ip ? big : (2.0f - big) * (2.0f - big));
  }
}

TEST(HnswSplit, SaveLoadRoundTripAndVersion1FilesStillLoad) {
  const Fixture f;
  const auto ix = f.hnsw(sm::Metric::ip, 1, sm::Precision::split);
  const auto back = sm::HnswIndex::from_bytes(ix.to_bytes());
  EXPECT_EQ(back.options().precision, sm::Precision::split);
  EXPECT_EQ(back.to_bytes(), ix.to_bytes());
  const auto a = search(ix, f.queries, k), b = search(back, f.queries, k);
  EXPECT_EQ(a.ids, b.ids);
  EXPECT_EQ(a.scores, b.scores);
  // A float32 index written in format version 1 (no precision byte) reads as float32.
  const auto f32 = f.hnsw(sm::Metric::ip);
  std::string v1 = f32.to_bytes();
  v1.erase(32 + 33, 1);  // the precision byte after dim, metric, M, efc, seed
  const std::uint32_t version = 1;
  const std::uint64_t length = v1.size() - 32;
  std::memcpy(v1.data() + 8, &version, 4);
  std::memcpy(v1.data() + 16, &length, 8);
  const std::uint64_t sum = XXH64(v1.data() + 32, v1.size() - 32, 0);
  std::memcpy(v1.data() + 24, &sum, 8);
  const auto old = sm::HnswIndex::from_bytes(v1);
  EXPECT_EQ(old.options().precision, sm::Precision::f32);
  EXPECT_EQ(old.to_bytes(), f32.to_bytes());
  // An unknown precision byte is refused.
  std::string bad = f32.to_bytes();
  bad[32 + 33] = 7;
  const std::uint64_t bad_sum = XXH64(bad.data() + 32, bad.size() - 32, 0);
  std::memcpy(bad.data() + 24, &bad_sum, 8);
  expect_error<sm::format_error>("scoutmatch.hnsw.10", [&] { sm::HnswIndex::from_bytes(bad); });
}

TEST(HnswSplit, ValuesTooLargeForTheHalvesAreRefused) {
  expect_error<sm::invalid_argument>("scoutmatch.hnsw.8", [] {
    sm::HnswIndex(4, sm::Metric::ip, {.precision = sm::Precision::bf16});
  });
  sm::HnswIndex ix(2, sm::Metric::l2, {.precision = sm::Precision::split});
  ix.add(std::vector<float>{1, 2}, 1);
  expect_error<sm::invalid_argument>("scoutmatch.hnsw.11", [&] {
    ix.add(std::vector<float>{3, 4, 1, 3.4e38f}, 2);
  });
  EXPECT_EQ(ix.size(), 1u);
  ix.add(std::vector<float>{3, 3.38e38f}, 1);  // below the limit
  EXPECT_EQ(ix.size(), 2u);
  // Cosine normalises first: any finite vector fits.
  sm::HnswIndex cos(2, sm::Metric::cosine, {.precision = sm::Precision::split});
  cos.add(std::vector<float>{3e38f, 3.4e38f}, 1);
  EXPECT_EQ(cos.size(), 1u);
}
