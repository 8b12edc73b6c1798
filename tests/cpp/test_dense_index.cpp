// DenseIndex: exact search equal to brute force (bit for bit on integer-valued data, where
// every sum is exact, including the tie order), metrics, filters, padding, remove, errors,
// persistence and concurrent searches.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>
#include <thread>

#include "index/dense_kernels.hpp"
#include "scoutmatch/error.hpp"
#include "scoutmatch/index/dense_index.hpp"
#include "test_helpers.hpp"

namespace sm = scoutmatch;

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

struct Result {
  std::vector<float> scores;
  std::vector<std::int64_t> ids;
};

Result search(const sm::DenseIndex& ix, const std::vector<float>& q, std::size_t k,
              std::size_t threads = 0, const std::vector<std::int64_t>* allowed = nullptr) {
  const std::size_t n = q.size() / ix.dim();
  Result r{std::vector<float>(n * k), std::vector<std::int64_t>(n * k)};
  ix.search(q, n, k, r.scores.data(), r.ids.data(), threads, allowed);
  return r;
}

Result brute(const sm::DenseIndex& ix, const std::vector<float>& q, std::size_t k) {
  const std::size_t n = q.size() / ix.dim();
  Result r{std::vector<float>(n * k), std::vector<std::int64_t>(n * k)};
  ix.search_brute_force(q, n, k, r.scores.data(), r.ids.data());
  return r;
}

void expect_same(const Result& a, const Result& b) {
  ASSERT_EQ(a.ids, b.ids);
  ASSERT_EQ(a.scores.size(), b.scores.size());
  for (std::size_t i = 0; i < a.scores.size(); ++i) {
    if (std::isnan(a.scores[i]))
      EXPECT_TRUE(std::isnan(b.scores[i])) << i;
    else
      EXPECT_EQ(a.scores[i], b.scores[i]) << i;
  }
}

std::string error_id(auto&& f) {
  try {
    f();
  } catch (const sm::error& e) {
    return e.id();
  }
  return "";
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
    for (const kd::Kernel kernel : {kd::Kernel::automatic, kd::Kernel::portable}) {
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
