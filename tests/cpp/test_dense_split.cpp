// DenseIndex with Precision::split: the two 16-bit planes hold every float32 exactly, and
// every search path (single queries through the high plane and exact rescoring, batches,
// the AVX2 and portable kernels, filters) gives the float32 index's results bit for bit,
// including on data made to put many rows within the bound of the k-th best.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "../../bench/synthetic.hpp"
#include "dense_test_helpers.hpp"
#include "index/dense_kernels.hpp"
#include "scoutmatch/error.hpp"
#include "scoutmatch/index/all_pairs.hpp"
#include "scoutmatch/index/dense_index.hpp"
#include "test_helpers.hpp"

namespace sm = scoutmatch;
namespace kd = sm::detail::dense;
using sm::testing::error_id;
using sm::testing::expect_same;
using sm::testing::Result;
using sm::testing::search;

namespace {

// Each query alone (the single-query path), results concatenated.
Result search_one_by_one(const sm::DenseIndex& ix, const std::vector<float>& q, std::size_t k,
                         std::size_t threads, const std::vector<std::int64_t>* allowed = nullptr) {
  Result all;
  for (std::size_t i = 0; i < q.size() / ix.dim(); ++i) {
    const std::vector<float> one(q.begin() + static_cast<std::ptrdiff_t>(i * ix.dim()),
                                 q.begin() + static_cast<std::ptrdiff_t>((i + 1) * ix.dim()));
    const Result r = search(ix, one, k, threads, allowed);
    all.scores.insert(all.scores.end(), r.scores.begin(), r.scores.end());
    all.ids.insert(all.ids.end(), r.ids.begin(), r.ids.end());
  }
  return all;
}

std::vector<float> gaussian(std::size_t n, std::size_t dim, unsigned seed, float scale = 1.0f) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> d(0.0f, scale);
  std::vector<float> v(n * dim);
  for (float& x : v) x = d(rng);
  return v;
}

// Near ties: every row is the same base vector with a few entries moved in their low 16
// bits, so all rows share (almost) one high plane and their bfloat16 scores cannot tell
// them apart; only the exact rescoring can. Some rows are exact copies (ties of equal
// scores go to the row added first).
std::vector<float> near_ties(std::size_t n, std::size_t dim, unsigned seed) {
  std::mt19937 rng(seed);
  const std::vector<float> base = gaussian(1, dim, seed + 1);
  std::vector<float> v(n * dim);
  for (std::size_t r = 0; r < n; ++r) {
    std::copy(base.begin(), base.end(), v.begin() + static_cast<std::ptrdiff_t>(r * dim));
    if (r % 7 == 3) continue;  // an exact copy of the base
    for (int t = 0; t < 3; ++t) {
      float& x = v[r * dim + rng() % dim];
      x = std::bit_cast<float>(std::bit_cast<std::uint32_t>(x) ^
                               static_cast<std::uint32_t>(rng() & 0x7fffu));
    }
  }
  return v;
}

struct ResetKernel {
  ~ResetKernel() { kd::set_kernel(kd::Kernel::automatic); }
};

}  // namespace

TEST(DenseSplit, SplitAndJoinAreExactWithTheDocumentedBound) {
  auto check = [](std::uint32_t u) {
    const float f = std::bit_cast<float>(u);
    std::uint16_t hi = 0;
    std::int16_t lo = 0;
    const bool ok = kd::split_f32(f, hi, lo);
    // Refused exactly for non-finite values and magnitudes that round to infinity.
    const bool refuse = (u & 0x7fffffffu) >= 0x7f7f8000u;
    ASSERT_EQ(ok, !refuse) << std::hex << u;
    if (!ok) return;
    ASSERT_EQ(std::bit_cast<std::uint32_t>(kd::join_f32(hi, lo)), u) << std::hex << u;
    const double h = kd::from_bf16(hi), x = f;
    ASSERT_LE(std::abs(x - h), std::max(std::ldexp(std::abs(x), -8), std::ldexp(1.0, -134)))
        << std::hex << u;
    ASSERT_EQ(std::signbit(h), std::signbit(x)) << std::hex << u;
  };
  // Every low half under high halves at the edges (zero, subnormals, one, the binade
  // borders, the largest finite values, both signs), then random patterns.
  for (const std::uint32_t high : {0x0000u, 0x0001u, 0x007fu, 0x0080u, 0x3f7fu, 0x3f80u, 0x7f7eu,
                                   0x7f7fu, 0x7f80u, 0x7fc0u, 0x8000u, 0x807fu, 0xbf80u, 0xff7fu})
    for (std::uint32_t low = 0; low <= 0xffffu; ++low) check(high << 16 | low);
  std::mt19937 rng(7);
  for (int i = 0; i < 2'000'000; ++i) check(static_cast<std::uint32_t>(rng()));
}

class DenseSplitMetric : public ::testing::TestWithParam<sm::Metric> {};

// The same vectors in a float32 and a split index: every search path gives the same bits
// (on CPUs with AMX-BF16, batches of ip and cosine at dimensions 64 and 384 go through the
// AMX tiles over the high plane and the exact rescoring).
TEST_P(DenseSplitMetric, EqualsFloat32BitForBit) {
  const sm::Metric m = GetParam();
  ResetKernel reset;
  struct Case {
    std::size_t n, dim;
    std::vector<float> x, q;
  };
  std::vector<Case> cases;
  cases.push_back({6000, 384, sm::bench::embedding_like(6000, 384, 11),
                   sm::bench::embedding_like(13, 384, 12)});
  cases.push_back({3000, 33, gaussian(3000, 33, 13, 3.0f), gaussian(5, 33, 14)});
  cases.push_back({500, 7, near_ties(500, 7, 15), near_ties(4, 7, 16)});
  cases.push_back({2000, 64, near_ties(2000, 64, 17), gaussian(3, 64, 18)});
  for (const Case& c : cases) {
    sm::DenseIndex f32(c.dim, m), split(c.dim, m, sm::Precision::split);
    f32.add(c.x, c.n);
    split.add(c.x, c.n);
    ASSERT_EQ(split.precision(), sm::Precision::split);
    for (std::size_t r = 0; r < c.n; r += 97) {
      const std::vector<float> a = f32.vector_at(r), b = split.vector_at(r);
      ASSERT_EQ(0, std::memcmp(a.data(), b.data(), a.size() * sizeof(float))) << r;
    }
    std::vector<std::int64_t> allowed;
    for (std::int64_t id = 0; id < static_cast<std::int64_t>(c.n); id += 3) allowed.push_back(id);
    for (const kd::Kernel kernel :
         {kd::Kernel::automatic, kd::Kernel::avx2, kd::Kernel::portable}) {
      kd::set_kernel(kernel);
      for (const std::size_t k : {std::size_t{1}, std::size_t{10}, std::size_t{150}})
        for (const std::size_t threads : {std::size_t{1}, std::size_t{2}}) {
          const std::string what = "dim " + std::to_string(c.dim) + " kernel " +
                                   std::to_string(static_cast<int>(kernel)) + " k " +
                                   std::to_string(k) + " threads " + std::to_string(threads);
          expect_same(search_one_by_one(split, c.q, k, threads),
                      search_one_by_one(f32, c.q, k, threads), what + " single");
          expect_same(search(split, c.q, k, threads), search(f32, c.q, k, threads),
                      what + " batch");
          expect_same(search_one_by_one(split, c.q, k, threads, &allowed),
                      search_one_by_one(f32, c.q, k, threads, &allowed), what + " filtered");
          expect_same(search(split, c.q, k, threads, &allowed),
                      search(f32, c.q, k, threads, &allowed), what + " filtered batch");
        }
    }
    kd::set_kernel(kd::Kernel::automatic);
    // Brute force: the same stored values, so the same results as float32's brute force.
    const std::size_t nq = c.q.size() / c.dim;
    Result a{std::vector<float>(nq * 5), std::vector<std::int64_t>(nq * 5)}, b = a;
    split.search_brute_force(c.q, nq, 5, a.scores.data(), a.ids.data());
    f32.search_brute_force(c.q, nq, 5, b.scores.data(), b.ids.data());
    expect_same(a, b, "brute force");
  }
}

INSTANTIATE_TEST_SUITE_P(Metrics, DenseSplitMetric,
                         ::testing::Values(sm::Metric::ip, sm::Metric::cosine, sm::Metric::l2));

// Large and subnormal magnitudes (inner product: no normalisation).
TEST(DenseSplit, ExtremeMagnitudesEqualFloat32) {
  const std::size_t dim = 16, n = 400;
  for (const float scale : {1e17f, 1e-39f, 1e-44f}) {
    std::vector<float> x = gaussian(n, dim, 21, scale), q = gaussian(3, dim, 22, 1.0f);
    sm::DenseIndex f32(dim, sm::Metric::ip), split(dim, sm::Metric::ip, sm::Precision::split);
    f32.add(x, n);
    split.add(x, n);
    expect_same(search_one_by_one(split, q, 10, 1), search_one_by_one(f32, q, 10, 1),
                "scale " + std::to_string(scale));
  }
}

TEST(DenseSplit, RemoveSaveLoadAndMemory) {
  const std::size_t dim = 48, n = 3000;
  const auto x = gaussian(n, dim, 31), q = gaussian(6, dim, 32);
  sm::DenseIndex f32(dim, sm::Metric::l2), split(dim, sm::Metric::l2, sm::Precision::split);
  f32.add(x, n);
  split.add(x, n);
  // Memory: the float32 matrix's bytes (two 2-byte planes) plus a norm per vector.
  EXPECT_LE(split.memory_bytes(), f32.memory_bytes() + n * 4 + 64);
  EXPECT_TRUE(split.vectors().empty());
  EXPECT_EQ(split.vectors_bf16().size(), n * split.bf16_stride());
  std::vector<std::int64_t> gone;
  for (std::int64_t id = 5; id < static_cast<std::int64_t>(n); id += 11) gone.push_back(id);
  f32.remove(gone);
  split.remove(gone);
  expect_same(search_one_by_one(split, q, 10, 2), search_one_by_one(f32, q, 10, 2), "removed");
  const std::string bytes = split.to_bytes();
  std::uint32_t version = 0;
  std::memcpy(&version, bytes.data() + 8, 4);
  EXPECT_EQ(version, 2u);
  const sm::DenseIndex back = sm::DenseIndex::from_bytes(bytes);
  EXPECT_EQ(back.precision(), sm::Precision::split);
  EXPECT_EQ(back.ids(), split.ids());
  EXPECT_EQ(back.vectors_bf16(), split.vectors_bf16());
  expect_same(search_one_by_one(back, q, 10, 2), search_one_by_one(f32, q, 10, 2), "loaded");
  expect_same(search(back, q, 10, 2), search(f32, q, 10, 2), "loaded batch");
  // The file holds the exact float32 values: the float32 index's payload (version 1) with
  // the precision byte (after dim u64 and metric u8).
  std::string payload = bytes.substr(32);
  EXPECT_EQ(payload[9], char{2});
  payload.erase(9, 1);
  EXPECT_EQ(payload, f32.to_bytes().substr(32));
}

// Cosine normalises through double where |v|^2 overflows or underflows float32, so huge
// and tiny vectors keep their direction (they used to become zeros or infinities).
TEST(DenseSplit, CosineKeepsTheDirectionOfHugeAndTinyVectors) {
  for (const sm::Precision p : {sm::Precision::f32, sm::Precision::split}) {
    sm::DenseIndex ix(2, sm::Metric::cosine, p);
    ix.add(std::vector<float>{3e38f, 3e38f, 1e-44f, 0.0f, 3.0f, 4.0f}, 3);
    const std::vector<float> huge = ix.vector_at(0), tiny = ix.vector_at(1);
    EXPECT_NEAR(huge[0], std::sqrt(0.5f), 1e-6f);
    EXPECT_NEAR(huge[1], std::sqrt(0.5f), 1e-6f);
    EXPECT_EQ(tiny[0], 1.0f);
    const Result r = search(ix, std::vector<float>{1e-40f, 1e-40f}, 3);
    EXPECT_EQ(r.ids[0], 0);
    EXPECT_NEAR(r.scores[0], 1.0f, 1e-6f);
  }
}

TEST(DenseSplit, BadInputThrowsStableIdsAndChangesNothing) {
  EXPECT_EQ(sm::precision_from_string("split"), sm::Precision::split);
  EXPECT_EQ(sm::to_string(sm::Precision::split), "split");
  EXPECT_EQ(error_id([] { sm::precision_from_string("f16"); }), "scoutmatch.dense.13");
  EXPECT_EQ(error_id([] { sm::DenseIndex(4, sm::Metric::ip, static_cast<sm::Precision>(3)); }),
            "scoutmatch.dense.13");
  sm::DenseIndex ix(2, sm::Metric::ip, sm::Precision::split);
  ix.add(std::vector<float>{1.0f, 2.0f}, 1);
  // 3.39e38 rounds to infinity in the high plane; the largest value below it is accepted.
  const float too_big = std::bit_cast<float>(0x7f7f8000u);
  const float largest = std::bit_cast<float>(0x7f7f7fffu);
  EXPECT_EQ(error_id([&] {
              ix.add(std::vector<float>{0.5f, 0.5f, -too_big, 1.0f}, 2);
            }),
            "scoutmatch.dense.15");
  EXPECT_EQ(ix.size(), 1u);
  ix.add(std::vector<float>{largest, -largest}, 1);
  EXPECT_EQ(ix.vector_at(1), (std::vector<float>{largest, -largest}));
  EXPECT_EQ(error_id([&] {
              ix.add(std::vector<float>{1.0f, std::numeric_limits<float>::infinity()}, 1);
            }),
            "scoutmatch.dense.3");
  // Cosine normalises first, so any finite vector fits.
  sm::DenseIndex cos(2, sm::Metric::cosine, sm::Precision::split);
  cos.add(std::vector<float>{3e38f, 3.3e38f}, 1);
  EXPECT_EQ(error_id([&] { cos.add(std::vector<float>{0.0f, 0.0f}, 1); }), "scoutmatch.dense.7");
}

// all_pairs_topk of split indexes: the float32 indexes' results (one pass for ip and
// cosine, two searches for l2).
TEST(DenseSplit, AllPairsEqualFloat32) {
  const std::size_t dim = 40, na = 700, nb = 300, k = 7;
  const auto xa = gaussian(na, dim, 41), xb = gaussian(nb, dim, 42);
  for (const sm::Metric m : {sm::Metric::ip, sm::Metric::cosine, sm::Metric::l2}) {
    sm::DenseIndex fa(dim, m), fb(dim, m), sa(dim, m, sm::Precision::split),
        sb(dim, m, sm::Precision::split);
    fa.add(xa, na);
    sa.add(xa, na);
    fb.add(xb, nb);
    sb.add(xb, nb);
    auto run = [&](const sm::DenseIndex& a, const sm::DenseIndex& b) {
      std::pair<Result, Result> r{{std::vector<float>(na * k), std::vector<std::int64_t>(na * k)},
                                  {std::vector<float>(nb * k), std::vector<std::int64_t>(nb * k)}};
      sm::all_pairs_topk(a, b, k, r.first.scores.data(), r.first.ids.data(), r.second.scores.data(),
                         r.second.ids.data(), 2);
      return r;
    };
    const auto want = run(fa, fb);
    for (const auto& got : {run(sa, sb), run(sa, fb), run(fa, sb)}) {
      expect_same(got.first, want.first, "a side, metric " + std::string(sm::to_string(m)));
      expect_same(got.second, want.second, "b side, metric " + std::string(sm::to_string(m)));
    }
  }
  sm::DenseIndex half(dim, sm::Metric::ip, sm::Precision::bf16);
  half.add(xb, nb);
  sm::DenseIndex sa(dim, sm::Metric::ip, sm::Precision::split);
  sa.add(xa, na);
  std::vector<float> s(na * k + nb * k);
  std::vector<std::int64_t> i(na * k + nb * k);
  EXPECT_EQ(error_id([&] {
              sm::all_pairs_topk(sa, half, k, s.data(), i.data(), s.data() + na * k,
                                 i.data() + na * k);
            }),
            "scoutmatch.dense.14");
}
