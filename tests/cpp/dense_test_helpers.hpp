#pragma once
// Shared by the DenseIndex tests: a search's results and their comparison.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "scoutmatch/index/dense_index.hpp"

namespace scoutmatch::testing {

/// Scores and ids of a search, row-major (queries x k).
struct Result {
  std::vector<float> scores;
  std::vector<std::int64_t> ids;
};

/// ix.search() of the queries `q` (row-major, dim() floats each).
inline Result search(const DenseIndex& ix, const std::vector<float>& q, std::size_t k,
                     std::size_t threads = 0, const std::vector<std::int64_t>* allowed = nullptr) {
  const std::size_t n = q.size() / ix.dim();
  Result r{std::vector<float>(n * k), std::vector<std::int64_t>(n * k)};
  ix.search(q, n, k, r.scores.data(), r.ids.data(), threads, allowed);
  return r;
}

/// ix.search_brute_force() of the queries `q`.
inline Result brute(const DenseIndex& ix, const std::vector<float>& q, std::size_t k) {
  const std::size_t n = q.size() / ix.dim();
  Result r{std::vector<float>(n * k), std::vector<std::int64_t>(n * k)};
  ix.search_brute_force(q, n, k, r.scores.data(), r.ids.data());
  return r;
}

/// The same ids and the same score bits (NaN padding as NaN).
inline void expect_same(const Result& a, const Result& b, const std::string& what = "") {
  ASSERT_EQ(a.ids, b.ids) << what;
  ASSERT_EQ(a.scores.size(), b.scores.size()) << what;
  for (std::size_t i = 0; i < a.scores.size(); ++i) {
    if (std::isnan(a.scores[i]))
      EXPECT_TRUE(std::isnan(b.scores[i])) << what << " " << i;
    else
      EXPECT_EQ(std::bit_cast<std::uint32_t>(a.scores[i]), std::bit_cast<std::uint32_t>(b.scores[i]))
          << what << " " << i << ": " << a.scores[i] << " vs " << b.scores[i];
  }
}

}  // namespace scoutmatch::testing
