// all_pairs_topk on text vectors: both directions against brute force (score_document of
// every pair), with the dense + sparse kernel and the portable one, several blocks of
// columns, overlapping sides (a document never matches itself), k above a side's size,
// empty sides, any thread count; and its errors. The weights are small dyadic fractions,
// so every sum is exact in float whatever the order of additions: scores and ties must
// equal brute force exactly.
#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <numeric>
#include <random>

#include "index/dense_kernels.hpp"
#include "scoutmatch/error.hpp"
#include "scoutmatch/index/all_pairs.hpp"

namespace sm = scoutmatch;
namespace kd = scoutmatch::detail::dense;

namespace {

// `n` documents of up to `max_terms` terms from `v`, skewed so that the first terms are in
// most documents (the dense part) and the rest are rare (the sparse part).
sm::SpaceVectors skewed_space(std::size_t n, std::size_t v, std::size_t max_terms, unsigned seed) {
  std::mt19937 rng(seed);
  sm::SpaceVectors s;
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::uniform_int_distribution<std::size_t> len(0, max_terms);
  std::uniform_int_distribution<int> quarter(1, 8);
  for (std::size_t d = 0; d < n; ++d) {
    std::vector<sm::TermId> terms;
    for (std::size_t i = len(rng); i > 0; --i)
      terms.push_back(static_cast<sm::TermId>(std::pow(u(rng), 3.0) * static_cast<double>(v)));
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    for (auto t : terms) {
      s.sat.terms.push_back(t);
      s.sat.values.push_back(static_cast<float>(quarter(rng)) / 4);  // 0.25 .. 2
      s.sat.fields.push_back(1);
    }
    s.sat.offsets.push_back(s.sat.terms.size());
  }
  s.idf.resize(v);
  for (auto& x : s.idf) x = static_cast<float>(quarter(rng)) / 2;  // 0.5 .. 4
  s.df.assign(v, 1);
  return s;
}

// Brute force: for each of `from` its best k of `to` (score > 0, not itself), ties by
// position in `to`.
std::vector<std::vector<sm::ScoredDoc>> brute(const sm::SpaceVectors& s,
                                              const std::vector<std::uint32_t>& from,
                                              const std::vector<std::uint32_t>& to, std::size_t k) {
  std::vector<std::vector<sm::ScoredDoc>> out;
  for (std::uint32_t a : from) {
    const sm::QueryVector q = sm::row_query(s.sat, a);
    std::vector<std::pair<float, std::size_t>> all;
    for (std::size_t j = 0; j < to.size(); ++j) {
      if (to[j] == a) continue;
      const float score = sm::score_document(s, q, to[j]);
      if (score > 0) all.emplace_back(score, j);
    }
    std::stable_sort(all.begin(), all.end(), [](auto& x, auto& y) { return x.first > y.first; });
    if (all.size() > k) all.resize(k);
    std::vector<sm::ScoredDoc> r;
    for (auto& [score, j] : all) r.push_back({score, to[j]});
    out.push_back(std::move(r));
  }
  return out;
}

void expect_equal(const std::vector<std::vector<sm::ScoredDoc>>& got,
                  const std::vector<std::vector<sm::ScoredDoc>>& want, const char* side) {
  ASSERT_EQ(got.size(), want.size()) << side;
  for (std::size_t i = 0; i < got.size(); ++i) {
    ASSERT_EQ(got[i].size(), want[i].size()) << side << " " << i;
    for (std::size_t r = 0; r < got[i].size(); ++r) {
      EXPECT_EQ(got[i][r].doc, want[i][r].doc) << side << " " << i << " rank " << r;
      EXPECT_EQ(got[i][r].score, want[i][r].score) << side << " " << i << " rank " << r;
    }
  }
}

struct Reset {
  ~Reset() { kd::set_kernel(kd::Kernel::automatic); }
};

std::vector<std::uint32_t> range(std::uint32_t lo, std::uint32_t hi, std::uint32_t step = 1) {
  std::vector<std::uint32_t> r;
  for (std::uint32_t d = lo; d < hi; d += step) r.push_back(d);
  return r;
}

}  // namespace

TEST(SparseAllPairs, EqualsBruteForceWithBothKernels) {
  Reset reset;
  // 2,600 b columns: two blocks of the kernel, the second partial; a and b overlap.
  const sm::SpaceVectors s = skewed_space(3400, 400, 40, 7);
  const auto a = range(0, 1300, 1), b = range(800, 3400, 1);
  const auto want_a = brute(s, a, b, 10), want_b = brute(s, b, a, 10);
  for (auto kernel : {kd::Kernel::automatic, kd::Kernel::avx2, kd::Kernel::portable}) {
    kd::set_kernel(kernel);
    for (std::size_t threads : {1, 3}) {
      SCOPED_TRACE(std::to_string(static_cast<int>(kernel)) + " threads " +
                   std::to_string(threads));
      // Either side may be the larger one (the larger is split into tasks).
      const sm::SparseAllPairs r = sm::all_pairs_topk(s, a, b, 10, threads);
      expect_equal(r.a, want_a, "a");
      expect_equal(r.b, want_b, "b");
      const sm::SparseAllPairs back = sm::all_pairs_topk(s, b, a, 10, threads);
      expect_equal(back.a, want_b, "a (swapped)");
      expect_equal(back.b, want_a, "b (swapped)");
    }
  }
}

TEST(SparseAllPairs, UnsortedListsLargeKAndTinySides) {
  Reset reset;
  const sm::SpaceVectors s = skewed_space(300, 60, 12, 11);
  std::vector<std::uint32_t> a = range(0, 300, 3), b = range(1, 300, 2);
  std::mt19937 rng(3);
  std::shuffle(a.begin(), a.end(), rng);
  std::shuffle(b.begin(), b.end(), rng);
  for (auto kernel : {kd::Kernel::automatic, kd::Kernel::avx2, kd::Kernel::portable}) {
    kd::set_kernel(kernel);
    // k above both sides' sizes: every match, best first.
    for (std::size_t k : {1, 7, 500}) {
      const sm::SparseAllPairs r = sm::all_pairs_topk(s, a, b, k);
      expect_equal(r.a, brute(s, a, b, k), "a");
      expect_equal(r.b, brute(s, b, a, k), "b");
    }
    const std::vector<std::uint32_t> one{5}, none;
    const sm::SparseAllPairs r1 = sm::all_pairs_topk(s, one, b, 3);
    expect_equal(r1.a, brute(s, one, b, 3), "a");
    expect_equal(r1.b, brute(s, b, one, 3), "b");
    const sm::SparseAllPairs r0 = sm::all_pairs_topk(s, none, b, 3);
    EXPECT_TRUE(r0.a.empty());
    ASSERT_EQ(r0.b.size(), b.size());
    for (const auto& x : r0.b) EXPECT_TRUE(x.empty());
    // The same list on both sides: nobody is their own best partner.
    const sm::SparseAllPairs self = sm::all_pairs_topk(s, a, a, 5);
    expect_equal(self.a, brute(s, a, a, 5), "a");
    expect_equal(self.b, brute(s, a, a, 5), "b");
  }
}

TEST(SparseAllPairs, Errors) {
  const sm::SpaceVectors s = skewed_space(10, 20, 5, 1);
  const std::vector<std::uint32_t> a{0, 1}, bad{3, 10};
  auto id_of = [&](auto&& f) {
    try {
      f();
    } catch (const sm::error& e) {
      return std::string(e.id());
    }
    return std::string("none");
  };
  EXPECT_EQ(id_of([&] { sm::all_pairs_topk(s, a, a, 0); }), "scoutmatch.search.2");
  EXPECT_EQ(id_of([&] { sm::all_pairs_topk(s, a, a, 1'000'001); }), "scoutmatch.search.2");
  EXPECT_EQ(id_of([&] { sm::all_pairs_topk(s, a, a, 3, 5000); }), "scoutmatch.search.2");
  EXPECT_EQ(id_of([&] { sm::all_pairs_topk(s, a, bad, 3); }), "scoutmatch.search.3");
  EXPECT_EQ(id_of([&] { sm::all_pairs_topk(s, bad, a, 3); }), "scoutmatch.search.3");
}
