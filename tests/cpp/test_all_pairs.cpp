// all_pairs_topk: both directions equal two DenseIndex::search calls bit for bit, on random
// (inexact) data with duplicated vectors (real ties), with both kernels, partial tiles, k
// above the other side's size, tiny and empty sides; and its errors.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "index/dense_kernels.hpp"
#include "scoutmatch/error.hpp"
#include "scoutmatch/index/all_pairs.hpp"

namespace sm = scoutmatch;
namespace kd = scoutmatch::detail::dense;

namespace {

// Gaussian vectors; every 7th one repeats an earlier one, so that scores tie exactly.
std::vector<float> random_vectors(std::size_t n, std::size_t dim, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> g;
  std::vector<float> v(n * dim);
  for (std::size_t r = 0; r < n; ++r)
    for (std::size_t j = 0; j < dim; ++j)
      v[r * dim + j] = r % 7 == 6 ? v[(r / 2) * dim + j] : g(rng);
  return v;
}

struct Result {
  std::vector<float> scores;
  std::vector<std::int64_t> ids;
};

void expect_same(const Result& a, const Result& b) {
  ASSERT_EQ(a.ids, b.ids);
  ASSERT_EQ(a.scores.size(), b.scores.size());
  for (std::size_t i = 0; i < a.scores.size(); ++i) {
    if (std::isnan(b.scores[i]))
      EXPECT_TRUE(std::isnan(a.scores[i])) << i;
    else
      EXPECT_EQ(a.scores[i], b.scores[i]) << i;
  }
}

Result search(const sm::DenseIndex& ix, const std::vector<float>& q, std::size_t k,
              std::size_t threads) {
  const std::size_t n = q.size() / ix.dim();
  Result r{std::vector<float>(n * k), std::vector<std::int64_t>(n * k)};
  ix.search(q, n, k, r.scores.data(), r.ids.data(), threads);
  return r;
}

std::pair<Result, Result> all_pairs(const sm::DenseIndex& a, const sm::DenseIndex& b, std::size_t k,
                                    std::size_t threads) {
  Result ra{std::vector<float>(a.size() * k, 7.0f), std::vector<std::int64_t>(a.size() * k, 7)};
  Result rb{std::vector<float>(b.size() * k, 7.0f), std::vector<std::int64_t>(b.size() * k, 7)};
  sm::all_pairs_topk(a, b, k, ra.scores.data(), ra.ids.data(), rb.scores.data(), rb.ids.data(),
                     threads);
  return {ra, rb};
}

struct Reset {
  ~Reset() { kd::set_kernel(kd::Kernel::automatic); }
};

}  // namespace

class AllPairs : public ::testing::TestWithParam<sm::Metric> {};

TEST_P(AllPairs, EqualsTwoSearchesWithBothKernels) {
  Reset reset;
  struct Case {
    std::size_t dim, na, nb, k, threads;
  };
  // Larger side a or b; several row tasks; partial panels (32) and tiles (12); k above the
  // other side's size (padding); a side of one vector (the single-query path) or none.
  const Case cases[] = {{50, 2600, 317, 10, 2}, {96, 205, 1500, 25, 1}, {50, 300, 13, 20, 2},
                        {16, 40, 29, 1, 2},     {50, 1, 700, 5, 2},     {50, 90, 1, 5, 2},
                        {8, 0, 50, 3, 2},       {8, 2, 2, 3, 0},        {32, 5000, 40, 300, 2}};
  for (const Case& c : cases) {
    const auto va = random_vectors(c.na, c.dim, static_cast<unsigned>(c.na + c.dim));
    const auto vb = random_vectors(c.nb, c.dim, static_cast<unsigned>(c.nb * 3 + 1));
    sm::DenseIndex a(c.dim, GetParam()), b(c.dim, GetParam());
    a.add(va, c.na, {});
    std::vector<std::int64_t> ids_b(c.nb);
    for (std::size_t i = 0; i < c.nb; ++i) ids_b[i] = static_cast<std::int64_t>(1000 + 3 * i);
    b.add(vb, c.nb, ids_b);
    for (const kd::Kernel kernel :
         {kd::Kernel::automatic, kd::Kernel::avx2, kd::Kernel::portable}) {
      kd::set_kernel(kernel);
      SCOPED_TRACE("na " + std::to_string(c.na) + " nb " + std::to_string(c.nb) + " kernel " +
                   std::to_string(static_cast<int>(kernel)));
      const auto [ra, rb] = all_pairs(a, b, c.k, c.threads);
      expect_same(ra, search(b, va, c.k, c.threads));
      expect_same(rb, search(a, vb, c.k, c.threads));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Metrics, AllPairs,
                         ::testing::Values(sm::Metric::ip, sm::Metric::cosine, sm::Metric::l2));

TEST(AllPairs, BadInputThrowsStableIds) {
  auto id_of = [](auto&& f) -> std::string {
    try {
      f();
    } catch (const sm::error& e) {
      return e.id();
    }
    return "";
  };
  sm::DenseIndex a(4), b(4), c(5), d(4, sm::Metric::cosine);
  a.add(std::vector<float>(8, 1.0f), 2);
  b.add(std::vector<float>(8, 1.0f), 2);
  std::vector<float> s(40);
  std::vector<std::int64_t> i(40);
  auto call = [&](const sm::DenseIndex& x, const sm::DenseIndex& y, std::size_t k,
                  std::size_t threads = 0) {
    sm::all_pairs_topk(x, y, k, s.data(), i.data(), s.data() + 20, i.data() + 20, threads);
  };
  EXPECT_EQ(id_of([&] { call(a, c, 1); }), "scoutmatch.dense.11");
  EXPECT_EQ(id_of([&] { call(a, d, 1); }), "scoutmatch.dense.12");
  EXPECT_EQ(id_of([&] { call(a, b, 0); }), "scoutmatch.dense.6");
  EXPECT_EQ(id_of([&] { call(a, b, 1, 5000); }), "scoutmatch.dense.6");
  EXPECT_EQ(id_of([&] { call(a, b, 2); }), "");
  EXPECT_EQ(i[0], 0);  // equal scores: the vector added first
  EXPECT_EQ(i[1], 1);
}
