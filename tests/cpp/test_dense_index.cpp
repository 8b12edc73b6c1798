// DenseIndex: exact search equal to brute force (bit for bit on integer-valued data, where
// every sum is exact, including the tie order), metrics, filters, padding, remove, errors,
// persistence and concurrent searches.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>
#include <thread>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <cstring>

#include "../../bench/synthetic.hpp"
#include "dense_test_helpers.hpp"
#include "index/dense_kernels.hpp"
#include "scoutmatch/error.hpp"
#include "scoutmatch/index/all_pairs.hpp"
#include "scoutmatch/index/dense_index.hpp"
#include "test_helpers.hpp"

namespace sm = scoutmatch;
using sm::testing::brute;
using sm::testing::error_id;
using sm::testing::expect_same;
using sm::testing::Result;
using sm::testing::search;

namespace {

// Small integers: every product and sum is exact in float, so any summation order gives
// the same score and ties are real ties.
std::vector<float> int_vectors(std::size_t n, std::size_t dim, unsigned seed, int lo = -3,
                               int hi = 3) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> d(lo, hi);
  std::vector<float> v(n * dim);
  for (float& x : v) x = static_cast<float>(d(rng));
  return v;
}

// For cosine: entries in {-1, 0, 1} with exactly four non-zero ones, so the norm is 2 and
// the normalised entries (+-0.5) and all their dot products are exact.
std::vector<float> four_hot_vectors(std::size_t n, std::size_t dim, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<float> v(n * dim, 0.0f);
  std::vector<std::size_t> pos(dim);
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t j = 0; j < dim; ++j) pos[j] = j;
    std::shuffle(pos.begin(), pos.end(), rng);
    for (std::size_t j = 0; j < 4; ++j) v[r * dim + pos[j]] = (rng() & 1) ? 1.0f : -1.0f;
  }
  return v;
}

std::vector<float> test_vectors(sm::Metric m, std::size_t n, std::size_t dim, unsigned seed) {
  return m == sm::Metric::cosine ? four_hot_vectors(n, dim, seed) : int_vectors(n, dim, seed);
}

}  // namespace

class DenseMetric : public ::testing::TestWithParam<sm::Metric> {};

TEST_P(DenseMetric, EqualsBruteForceWithTiesSerialAndParallel) {
  // Exact data (see above), so the order of additions cannot matter and ties are real.
  for (unsigned seed : {1u, 2u, 3u}) {
    const std::size_t dim = 8 + seed;
    sm::DenseIndex ix(dim, GetParam());
    ix.add(test_vectors(GetParam(), 9000, dim, seed), 9000);
    const auto q = test_vectors(GetParam(), 37, dim, seed + 100);
    const Result ref = brute(ix, q, 25);
    expect_same(search(ix, q, 25, 1), ref);
    expect_same(search(ix, q, 25, 2), ref);
    expect_same(search(ix, q, 25, 0), ref);
    // One query alone splits the rows across tasks.
    const std::vector<float> one(q.begin(), q.begin() + static_cast<std::ptrdiff_t>(dim));
    expect_same(search(ix, one, 25, 2), brute(ix, one, 25));
  }
}

// Both implementations (the AVX-512 kernels where the CPU has them, and the portable Eigen
// products) at an embedding's dimension and at one that is not a multiple of 16, with row
// and query counts that leave partial register tiles (12 queries x 32 rows), a single query
// (the matrix-vector pass), large k, and a filter.
TEST_P(DenseMetric, BothKernelsEqualBruteForceOnPartialTiles) {
  namespace kd = sm::detail::dense;
  struct Reset {
    ~Reset() { kd::set_kernel(kd::Kernel::automatic); }
  } reset;
  for (const std::size_t dim : {96u, 50u}) {
    sm::DenseIndex ix(dim, GetParam());
    const std::size_t rows = 4096 * 2 + 45;  // several tasks, a partial last panel
    ix.add(test_vectors(GetParam(), rows, dim, 21), rows);
    const auto q = test_vectors(GetParam(), 29, dim, 22);
    const std::vector<float> one(q.begin(), q.begin() + static_cast<std::ptrdiff_t>(dim));
    std::vector<std::int64_t> allowed;
    for (std::int64_t id = 0; id < static_cast<std::int64_t>(rows); id += 7) allowed.push_back(id);
    sm::DenseIndex sub(dim, GetParam());
    for (const std::int64_t id : allowed)
      sub.add(std::span<const float>(ix.vectors().data() + id * dim, dim), 1,
              std::vector<std::int64_t>{id});
    const std::vector<float> five(q.begin(), q.begin() + static_cast<std::ptrdiff_t>(5 * dim));
    const std::vector<std::size_t> ks{1, 10, 300};
    std::vector<Result> ref_q, ref_one;  // brute force is the slow part: once per k
    for (const std::size_t k : ks) {
      ref_q.push_back(brute(ix, q, k));
      ref_one.push_back(brute(ix, one, k));
    }
    const Result ref_five = brute(ix, five, 10), ref_sub = brute(sub, q, 10),
                 ref_sub_one = brute(sub, one, 10);
    for (const kd::Kernel kernel :
         {kd::Kernel::automatic, kd::Kernel::avx2, kd::Kernel::portable}) {
      kd::set_kernel(kernel);
      SCOPED_TRACE("dim " + std::to_string(dim) + ", kernel " +
                   std::to_string(static_cast<int>(kernel)));
      for (std::size_t i = 0; i < ks.size(); ++i) {
        expect_same(search(ix, q, ks[i], 2), ref_q[i]);
        expect_same(search(ix, one, ks[i], 2), ref_one[i]);
      }
      // Fewer queries than a tile, on one worker.
      expect_same(search(ix, five, 10, 1), ref_five);
      // Filtered: the same as the subset index.
      expect_same(search(ix, q, 10, 2, &allowed), ref_sub);
      expect_same(search(ix, one, 10, 2, &allowed), ref_sub_one);
    }
  }
}

// Precision::bf16 on data that bfloat16 holds exactly (small integers, +-0.5) and whose
// sums are exact: every kernel (AMX tiles where the CPU has AMX-BF16 and the dimension
// fills whole K steps, as 96 here; vdpbf16ps where the CPU has AVX512_BF16, the float32
// fallback on widened values, the portable Eigen products) equals brute force bit for bit,
// ties included, at an even dimension, an odd one (a padded pair) and one that is not a
// multiple of 32.
TEST_P(DenseMetric, Bf16AllKernelsEqualBruteForceOnExactData) {
  namespace kd = sm::detail::dense;
  struct Reset {
    ~Reset() { kd::set_kernel(kd::Kernel::automatic); }
  } reset;
  for (const std::size_t dim : {96u, 51u, 40u}) {
    sm::DenseIndex ix(dim, GetParam(), sm::Precision::bf16);
    EXPECT_EQ(ix.precision(), sm::Precision::bf16);
    const std::size_t rows = 4096 * 2 + 45;
    ix.add(test_vectors(GetParam(), rows, dim, 23), rows);
    EXPECT_TRUE(ix.vectors().empty());
    EXPECT_EQ(ix.vectors_bf16().size(), rows * ix.bf16_stride());
    const auto q = test_vectors(GetParam(), 29, dim, 24);
    const std::vector<float> one(q.begin(), q.begin() + static_cast<std::ptrdiff_t>(dim));
    std::vector<std::int64_t> allowed;
    for (std::int64_t id = 0; id < static_cast<std::int64_t>(rows); id += 7) allowed.push_back(id);
    const Result ref = brute(ix, q, 10), ref_one = brute(ix, one, 300);
    // The float32 index of the same data gives the same results: the values are exact.
    sm::DenseIndex f32(dim, GetParam());
    f32.add(test_vectors(GetParam(), rows, dim, 23), rows);
    expect_same(brute(f32, q, 10), ref);
    for (const kd::Kernel kernel :
         {kd::Kernel::automatic, kd::Kernel::avx512_no_amx, kd::Kernel::avx512_no_bf16,
          kd::Kernel::avx2, kd::Kernel::portable}) {
      kd::set_kernel(kernel);
      SCOPED_TRACE("dim " + std::to_string(dim) + ", kernel " +
                   std::to_string(static_cast<int>(kernel)));
      expect_same(search(ix, q, 10, 2), ref);
      expect_same(search(ix, one, 300, 2), ref_one);
      expect_same(search(ix, q, 10, 1, &allowed), search(f32, q, 10, 1, &allowed));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Metrics, DenseMetric,
                         ::testing::Values(sm::Metric::ip, sm::Metric::cosine, sm::Metric::l2));

TEST(DenseIndex, TiesGoToTheVectorAddedFirst) {
  sm::DenseIndex ix(2, sm::Metric::ip);
  const std::vector<float> x{1, 0, 1, 0, 0, 1, 1, 0};
  ix.add(x, 4, std::vector<std::int64_t>{40, 10, 30, 20});
  const Result r = search(ix, {1, 0}, 4);
  EXPECT_EQ(r.ids, (std::vector<std::int64_t>{40, 10, 20, 30}));
  EXPECT_EQ(r.scores, (std::vector<float>{1, 1, 1, 0}));
}

TEST(DenseIndex, MetricsScoreAsDocumented) {
  const std::vector<float> x{3, 4, 1, 0};
  sm::DenseIndex ip(2, sm::Metric::ip), cos(2, sm::Metric::cosine), l2(2, sm::Metric::l2);
  for (auto* ix : {&ip, &cos, &l2}) ix->add(x, 2);
  const Result a = search(ip, {2, 0}, 2), b = search(cos, {2, 0}, 2), c = search(l2, {2, 0}, 2);
  EXPECT_EQ(a.ids, (std::vector<std::int64_t>{0, 1}));
  EXPECT_EQ(a.scores, (std::vector<float>{6, 2}));
  EXPECT_EQ(b.ids, (std::vector<std::int64_t>{1, 0}));
  EXPECT_FLOAT_EQ(b.scores[0], 1.0f);
  EXPECT_FLOAT_EQ(b.scores[1], 0.6f);
  EXPECT_EQ(c.ids, (std::vector<std::int64_t>{1, 0}));  // lower distance first
  EXPECT_EQ(c.scores, (std::vector<float>{1, 17}));
}

TEST(DenseIndex, PadsWithNanAndMinusOne) {
  sm::DenseIndex ix(3);
  ix.add(std::vector<float>{1, 2, 3, 4, 5, 6}, 2);
  const Result r = search(ix, {1, 1, 1}, 4);
  EXPECT_EQ(r.ids, (std::vector<std::int64_t>{1, 0, -1, -1}));
  EXPECT_TRUE(std::isnan(r.scores[2]) && std::isnan(r.scores[3]));
  sm::DenseIndex empty(3);
  const Result e = search(empty, {1, 1, 1}, 2);
  EXPECT_EQ(e.ids, (std::vector<std::int64_t>{-1, -1}));
}

TEST(DenseIndex, FilterKeepsOnlyAllowedIdsAndEqualsBruteForceOnTheSubset) {
  const std::size_t dim = 6;
  const auto x = int_vectors(3000, dim, 7);
  sm::DenseIndex ix(dim), sub(dim);
  ix.add(x, 3000);
  std::vector<std::int64_t> allowed;
  std::vector<float> xs;
  for (std::int64_t i = 0; i < 3000; i += 3) {
    allowed.push_back(i);
    xs.insert(xs.end(), x.begin() + i * dim, x.begin() + (i + 1) * dim);
  }
  sub.add(xs, allowed.size(), allowed);
  allowed.push_back(999999);  // unknown ids are ignored
  const auto q = int_vectors(20, dim, 8);
  expect_same(search(ix, q, 15, 2, &allowed), brute(sub, q, 15));
}

TEST(DenseIndex, RemoveKeepsOrderAndIsAllOrNothing) {
  sm::DenseIndex ix(2);
  ix.add(std::vector<float>{1, 0, 2, 0, 3, 0, 4, 0}, 4);
  EXPECT_EQ(error_id([&] { ix.remove(std::vector<std::int64_t>{1, 77}); }), "scoutmatch.dense.5");
  EXPECT_EQ(ix.size(), 4u);
  ix.remove(std::vector<std::int64_t>{1, 2});
  EXPECT_EQ(ix.ids(), (std::vector<std::int64_t>{0, 3}));
  EXPECT_FALSE(ix.contains(1));
  const Result r = search(ix, {1, 0}, 3);
  EXPECT_EQ(r.ids, (std::vector<std::int64_t>{3, 0, -1}));
  ix.add(std::vector<float>{5, 0}, 1);  // automatic ids continue after the largest seen
  EXPECT_EQ(ix.ids().back(), 4);
}

TEST(DenseIndex, BadInputThrowsStableIdsAndChangesNothing) {
  EXPECT_EQ(error_id([] { sm::DenseIndex(0); }), "scoutmatch.dense.1");
  EXPECT_EQ(error_id([] { sm::metric_from_string("dot"); }), "scoutmatch.dense.8");
  sm::DenseIndex ix(2, sm::Metric::cosine);
  EXPECT_EQ(error_id([&] { ix.add(std::vector<float>{1, 2, 3}, 2); }), "scoutmatch.dense.2");
  EXPECT_EQ(error_id([&] { ix.add(std::vector<float>{1, NAN}, 1); }), "scoutmatch.dense.3");
  EXPECT_EQ(error_id([&] { ix.add(std::vector<float>{1, INFINITY}, 1); }), "scoutmatch.dense.3");
  EXPECT_EQ(error_id([&] { ix.add(std::vector<float>{0, 0}, 1); }), "scoutmatch.dense.7");
  EXPECT_EQ(error_id([&] {
              ix.add(std::vector<float>{1, 0, 0, 1}, 2, std::vector<std::int64_t>{5, 5});
            }),
            "scoutmatch.dense.4");
  EXPECT_EQ(error_id([&] {
              ix.add(std::vector<float>{1, 0}, 1, std::vector<std::int64_t>{-2});
            }),
            "scoutmatch.dense.10");
  EXPECT_EQ(ix.size(), 0u);
  ix.add(std::vector<float>{1, 0}, 1, std::vector<std::int64_t>{5});
  EXPECT_EQ(error_id([&] {
              ix.add(std::vector<float>{0, 1}, 1, std::vector<std::int64_t>{5});
            }),
            "scoutmatch.dense.4");
  float s;
  std::int64_t i;
  EXPECT_EQ(error_id([&] {
              ix.search(std::vector<float>{1, 0}, 1, 0, &s, &i);
            }),
            "scoutmatch.dense.6");
  EXPECT_EQ(error_id([&] {
              ix.search(std::vector<float>{1, NAN}, 1, 1, &s, &i);
            }),
            "scoutmatch.dense.3");
  EXPECT_EQ(error_id([&] {
              ix.search(std::vector<float>{0, 0}, 1, 1, &s, &i);
            }),
            "scoutmatch.dense.7");
  EXPECT_EQ(ix.size(), 1u);
}

TEST(DenseIndex, SaveLoadAndBytesRoundTrip) {
  const auto dir = sm::testing::temp_dir("dense");
  for (sm::Metric m : {sm::Metric::ip, sm::Metric::cosine, sm::Metric::l2}) {
    sm::DenseIndex ix(5, m);
    ix.add(test_vectors(m, 500, 5, 3), 500);
    ix.remove(std::vector<std::int64_t>{3, 9});
    const auto q = test_vectors(m, 10, 5, 4);
    const auto path = dir / "d.smd";
    ix.save(path);
    const sm::DenseIndex back = sm::DenseIndex::load(path);
    EXPECT_EQ(back.metric(), m);
    EXPECT_EQ(back.ids(), ix.ids());
    EXPECT_EQ(back.next_id(), ix.next_id());
    expect_same(search(back, q, 7), search(ix, q, 7));
    expect_same(search(sm::DenseIndex::from_bytes(ix.to_bytes()), q, 7), search(ix, q, 7));
  }
}

TEST(DenseIndex, DamagedBytesAreRejected) {
  sm::DenseIndex ix(4);
  ix.add(int_vectors(10, 4, 1), 10);
  const std::string good = ix.to_bytes();
  auto id_of = [](const std::string& b) {
    return error_id([&] { sm::DenseIndex::from_bytes(b); });
  };
  EXPECT_EQ(id_of(good.substr(0, 10)), "scoutmatch.io.format.1");
  EXPECT_EQ(id_of("SMINDEX\x1a" + good.substr(8)), "scoutmatch.io.format.1");
  std::string v = good;
  v[8] = 9;
  EXPECT_EQ(id_of(v), "scoutmatch.io.format.2");
  EXPECT_EQ(id_of(good.substr(0, good.size() - 4)), "scoutmatch.io.format.3");
  std::string flipped = good;
  flipped[good.size() - 3] ^= 0x40;
  EXPECT_EQ(id_of(flipped), "scoutmatch.io.format.4");
  const auto dir = sm::testing::temp_dir("dense_bad");
  EXPECT_EQ(error_id([&] { sm::DenseIndex::load(dir / "missing.smd"); }), "scoutmatch.io.file.1");
}

TEST(DenseIndex, ConcurrentSearchesGiveTheSameResults) {
  sm::DenseIndex ix(16, sm::Metric::l2);
  ix.add(int_vectors(5000, 16, 11), 5000);
  const auto q = int_vectors(50, 16, 12);
  const Result ref = search(ix, q, 10, 1);
  std::vector<Result> got(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < got.size(); ++t)
    threads.emplace_back([&, t] { got[t] = search(ix, q, 10, 2); });
  for (auto& t : threads) t.join();
  for (const Result& r : got) expect_same(r, ref);
}

TEST(DenseIndex, MemoryStaysCloseToTheRawMatrix) {
  const std::size_t dim = 384, n = 2000;
  const auto x = int_vectors(n, dim, 31);
  const double raw = static_cast<double>(n * dim * sizeof(float));
  sm::DenseIndex once(dim);
  once.add(x, n);
  EXPECT_GE(static_cast<double>(once.memory_bytes()), raw);
  EXPECT_LE(static_cast<double>(once.memory_bytes()), 1.05 * raw);
  // Many small additions: the spare capacity stays at most about 1/16.
  sm::DenseIndex grown(dim);
  for (std::size_t r = 0; r < n; r += 10)
    grown.add(std::span<const float>(x.data() + r * dim, 10 * dim), 10);
  EXPECT_LE(static_cast<double>(grown.memory_bytes()), 1.05 * 1.0625 * raw);
}

TEST(DenseIndex, LargeDimensionUsesSmallerRowBlocksAndStaysExact) {
  // At dim 3,100 a packed block holds one 32-row panel; 300 rows make ten blocks.
  const std::size_t dim = 3100;
  sm::DenseIndex ix(dim, sm::Metric::l2);
  ix.add(int_vectors(300, dim, 41), 300);
  const auto q = int_vectors(13, dim, 42);
  expect_same(search(ix, q, 7, 2), brute(ix, q, 7));
}

namespace {

// Per query, the found ids that are among the reference's top k.
double recall_at(const Result& found, const Result& truth, std::size_t k) {
  std::size_t hits = 0;
  for (std::size_t i = 0; i < truth.ids.size(); i += k)
    for (std::size_t a = i; a < i + k; ++a)
      for (std::size_t b = i; b < i + k; ++b) hits += found.ids[a] == truth.ids[b];
  return static_cast<double>(hits) / static_cast<double>(truth.ids.size());
}

// Same scores within `tol`, and the same ids wherever the scores are not that close to a
// neighbour's (there the order may flip with the rounding).
void expect_close(const Result& a, const Result& b, std::size_t k, float tol) {
  ASSERT_EQ(a.ids.size(), b.ids.size());
  for (std::size_t i = 0; i < a.ids.size(); ++i) {
    ASSERT_NEAR(a.scores[i], b.scores[i], tol) << i;
    const std::size_t j = i % k;
    const bool tie_before = j > 0 && b.scores[i - 1] - b.scores[i] <= 2 * tol;
    const bool tie_after = j + 1 < k && b.scores[i] - b.scores[i + 1] <= 2 * tol;
    if (!tie_before && !tie_after) EXPECT_EQ(a.ids[i], b.ids[i]) << i;
  }
}

}  // namespace

// The target: on embedding-like unit vectors of dimension 384, the bf16 top 10
// overlaps the float32 top 10 by at least 99%.
TEST(DenseIndexBf16, RecallAgainstFloat32OnEmbeddingLikeData) {
  const std::size_t dim = 384, n = 20000, nq = 200, k = 10;
  const auto x = sm::bench::embedding_like(n, dim, 5);
  const auto q = sm::bench::embedding_like(nq, dim, 6);
  sm::DenseIndex f32(dim, sm::Metric::ip), bf16(dim, sm::Metric::ip, sm::Precision::bf16);
  f32.add(x, n);
  bf16.add(x, n);
  const Result truth = search(f32, q, k, 2), got = search(bf16, q, k, 2);
  EXPECT_GE(recall_at(got, truth, k), 0.99);
  // Scores: within a few bfloat16 roundings of the float32 ones.
  for (std::size_t i = 0; i < got.scores.size(); ++i)
    EXPECT_NEAR(got.scores[i], truth.scores[i], 0.02f) << i;
  // Half the memory (all included): 0.53x the float32 matrix at this dimension.
  EXPECT_LE(static_cast<double>(bf16.memory_bytes()), 0.55 * static_cast<double>(n * dim * 4));
  EXPECT_LE(static_cast<double>(bf16.memory_bytes()),
            0.53 * static_cast<double>(f32.memory_bytes()));
}

// The fallback (bfloat16 widened to float32, float32 kernels) and the portable products
// give the native kernels' results up to float rounding on inexact data, and agree with
// brute force the same way; batches and single queries.
TEST(DenseIndexBf16, FallbackEqualsNativeWithinRounding) {
  namespace kd = sm::detail::dense;
  struct Reset {
    ~Reset() { kd::set_kernel(kd::Kernel::automatic); }
  } reset;
  const std::size_t dim = 384, n = 9000, nq = 40, k = 10;
  for (const sm::Metric m : {sm::Metric::ip, sm::Metric::l2}) {
    sm::DenseIndex ix(dim, m, sm::Precision::bf16);
    ix.add(sm::bench::embedding_like(n, dim, 7), n);
    const auto q = sm::bench::embedding_like(nq, dim, 8);
    const std::vector<float> one(q.begin(), q.begin() + static_cast<std::ptrdiff_t>(dim));
    const Result ref = brute(ix, q, k), ref_one = brute(ix, one, k);
    kd::set_kernel(kd::Kernel::automatic);
    const Result native = search(ix, q, k, 2), native_one = search(ix, one, k, 2);
    for (const kd::Kernel kernel : {kd::Kernel::avx512_no_amx, kd::Kernel::avx512_no_bf16,
                                    kd::Kernel::avx2, kd::Kernel::portable}) {
      kd::set_kernel(kernel);
      SCOPED_TRACE("kernel " + std::to_string(static_cast<int>(kernel)));
      expect_close(search(ix, q, k, 2), native, k, 1e-5f);
      expect_close(search(ix, one, k, 1), native_one, k, 1e-5f);
    }
    kd::set_kernel(kd::Kernel::automatic);
    expect_close(native, ref, k, 1e-5f);
    expect_close(native_one, ref_one, k, 1e-5f);
  }
}

TEST(DenseIndexBf16, RoundingIsToNearestEvenAndStaysFinite) {
  namespace kd = sm::detail::dense;
  EXPECT_EQ(kd::to_bf16(1.0f), 0x3f80);
  EXPECT_EQ(kd::to_bf16(std::bit_cast<float>(0x3f808000u)), 0x3f80);  // tie: to even
  EXPECT_EQ(kd::to_bf16(std::bit_cast<float>(0x3f818000u)), 0x3f82);  // tie: to even
  EXPECT_EQ(kd::to_bf16(std::bit_cast<float>(0x3f808001u)), 0x3f81);
  EXPECT_EQ(kd::to_bf16(-2.0f), 0xc000);
  const float big = std::numeric_limits<float>::max();
  EXPECT_TRUE(std::isfinite(kd::from_bf16(kd::to_bf16(big))));
  EXPECT_TRUE(std::isfinite(kd::from_bf16(kd::to_bf16(-big))));
  EXPECT_EQ(kd::from_bf16(kd::to_bf16(0.15625f)), 0.15625f);
  // The stored values are the rounded ones.
  sm::DenseIndex ix(3, sm::Metric::ip, sm::Precision::bf16);
  ix.add(std::vector<float>{1.0f, std::bit_cast<float>(0x3f808001u), big}, 1);
  EXPECT_EQ(ix.vector_at(0), (std::vector<float>{1.0f, std::bit_cast<float>(0x3f810000u),
                                                 kd::from_bf16(kd::to_bf16(big))}));
}

TEST(DenseIndexBf16, RemoveSaveLoadAndBytesRoundTrip) {
  const auto dir = sm::testing::temp_dir("dense_bf16");
  for (sm::Metric m : {sm::Metric::ip, sm::Metric::cosine, sm::Metric::l2}) {
    for (const std::size_t dim : {5u, 6u}) {
      sm::DenseIndex ix(dim, m, sm::Precision::bf16);
      ix.add(sm::bench::embedding_like(500, dim, 3), 500);
      ix.remove(std::vector<std::int64_t>{3, 9});
      EXPECT_EQ(ix.size(), 498u);
      EXPECT_EQ(ix.vectors_bf16().size(), 498u * ix.bf16_stride());
      const auto q = sm::bench::embedding_like(10, dim, 4);
      const auto path = dir / "d.smd";
      ix.save(path);
      const sm::DenseIndex back = sm::DenseIndex::load(path);
      EXPECT_EQ(back.precision(), sm::Precision::bf16);
      EXPECT_EQ(back.metric(), m);
      EXPECT_EQ(back.ids(), ix.ids());
      EXPECT_EQ(back.next_id(), ix.next_id());
      EXPECT_EQ(back.vectors_bf16(), ix.vectors_bf16());
      expect_same(search(back, q, 7), search(ix, q, 7));
      expect_same(search(sm::DenseIndex::from_bytes(ix.to_bytes()), q, 7), search(ix, q, 7));
      // bf16 files hold 2 bytes a value.
      EXPECT_EQ(ix.to_bytes().size(), 32u + 8 + 1 + 1 + 8 + 8 + 498u * 8 + 498u * dim * 2);
    }
  }
}

namespace {

// A payload with a valid header around it (the checksum recomputed).
std::string with_header(std::uint32_t version, const std::string& payload) {
  std::string out(sm::dense_magic);
  auto put = [&](const auto& v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); };
  put(version);
  put(std::uint32_t{0});
  put(static_cast<std::uint64_t>(payload.size()));
  put(static_cast<std::uint64_t>(XXH64(payload.data(), payload.size(), 0)));
  return out + payload;
}

}  // namespace

TEST(DenseIndexBf16, Version1FilesStillLoadAndBadPrecisionIsRejected) {
  sm::DenseIndex ix(4, sm::Metric::l2);
  ix.add(int_vectors(10, 4, 1), 10);
  auto version_of = [](const std::string& b) {
    std::uint32_t v = 0;
    std::memcpy(&v, b.data() + 8, 4);
    return v;
  };
  // float32 indexes are written as version 1 (readable by builds before bfloat16), bf16
  // ones as version 2.
  const std::string written = ix.to_bytes();
  EXPECT_EQ(version_of(written), 1u);
  sm::DenseIndex half(4, sm::Metric::l2, sm::Precision::bf16);
  half.add(int_vectors(10, 4, 1), 10);
  EXPECT_EQ(version_of(half.to_bytes()), sm::dense_format_version);
  EXPECT_EQ(sm::dense_format_version, 2u);
  // Version 2 with float32: the same payload with the precision byte (after dim u64 and
  // metric u8).
  const std::string p1 = written.substr(32);
  std::string p2 = p1;
  p2.insert(p2.begin() + 9, char{0});  // Precision::f32
  const std::string v2 = with_header(2, p2);
  const sm::DenseIndex two = sm::DenseIndex::from_bytes(v2);
  EXPECT_EQ(two.precision(), sm::Precision::f32);
  EXPECT_EQ(two.vectors(), ix.vectors());
  const sm::DenseIndex old = sm::DenseIndex::from_bytes(with_header(1, p1));
  EXPECT_EQ(old.precision(), sm::Precision::f32);
  EXPECT_EQ(old.metric(), sm::Metric::l2);
  EXPECT_EQ(old.vectors(), ix.vectors());
  const auto q = int_vectors(3, 4, 2);
  expect_same(search(old, q, 5), search(ix, q, 5));
  auto id_of = [](const std::string& b) {
    return error_id([&] { sm::DenseIndex::from_bytes(b); });
  };
  // An unknown precision; a bf16 flag on float32 data (wrong length); a version-1 reader of a
  // version-2 payload sees the wrong length too.
  p2[9] = 7;
  EXPECT_EQ(id_of(with_header(2, p2)), "scoutmatch.io.format.6");
  p2[9] = 1;
  EXPECT_EQ(id_of(with_header(2, p2)), "scoutmatch.io.format.6");
  EXPECT_EQ(id_of(with_header(1, v2.substr(32))), "scoutmatch.io.format.6");
  EXPECT_EQ(id_of(with_header(3, v2.substr(32))), "scoutmatch.io.format.2");
  // Non-finite bfloat16 values in a file.
  sm::DenseIndex b(2, sm::Metric::ip, sm::Precision::bf16);
  b.add(std::vector<float>{1.0f, 2.0f}, 1);
  std::string pb = b.to_bytes().substr(32);
  pb[pb.size() - 1] = 0x7f;
  pb[pb.size() - 2] = static_cast<char>(0x80);  // +infinity
  EXPECT_EQ(id_of(with_header(2, pb)), "scoutmatch.io.format.6");
}

TEST(DenseIndexBf16, BadInputThrowsStableIds) {
  EXPECT_EQ(sm::precision_from_string("bf16"), sm::Precision::bf16);
  EXPECT_EQ(sm::precision_from_string("bfloat16"), sm::Precision::bf16);
  EXPECT_EQ(sm::precision_from_string("f32"), sm::Precision::f32);
  EXPECT_EQ(sm::to_string(sm::Precision::bf16), "bf16");
  EXPECT_EQ(error_id([] { sm::precision_from_string("fp16"); }), "scoutmatch.dense.13");
  EXPECT_EQ(error_id([] { sm::DenseIndex(4, sm::Metric::ip, static_cast<sm::Precision>(5)); }),
            "scoutmatch.dense.13");
  sm::DenseIndex ix(2, sm::Metric::cosine, sm::Precision::bf16);
  EXPECT_EQ(error_id([&] {
              ix.add(std::vector<float>{1.0f, std::numeric_limits<float>::quiet_NaN()}, 1);
            }),
            "scoutmatch.dense.3");
  EXPECT_EQ(error_id([&] { ix.add(std::vector<float>{0.0f, 0.0f}, 1); }), "scoutmatch.dense.7");
  EXPECT_EQ(error_id([&] {
              ix.add(std::vector<float>{1.0f, 2.0f, 3.0f}, 1);
            }),
            "scoutmatch.dense.2");
  EXPECT_EQ(ix.size(), 0u);
  ix.add(std::vector<float>{3.0f, 4.0f}, 1);
  sm::DenseIndex f(2, sm::Metric::cosine);
  f.add(std::vector<float>{3.0f, 4.0f}, 1);
  float s[2];
  std::int64_t i[2];
  EXPECT_EQ(error_id([&] { sm::all_pairs_topk(ix, f, 1, s, i, s + 1, i + 1); }),
            "scoutmatch.dense.14");
  EXPECT_EQ(error_id([&] { sm::all_pairs_topk(f, ix, 1, s, i, s + 1, i + 1); }),
            "scoutmatch.dense.14");
}
