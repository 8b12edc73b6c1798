#pragma once
/// \file relevance.hpp
/// Mutual (symmetric) relevance of pairs of profiles, the score that whole-group
/// assignment (assign.hpp) and event meeting plans (schedule.hpp) maximise.
///
/// For a pair (a, b) the index gives a directed score s(a -> b): b's score in the ranking
/// of `Query::similar_to(a)` (or its needs-mode query), divided by the best score a gets
/// from any profile of the other side, so that every query's best partner has 1 and the
/// scale does not depend on how long a's profile is. The mutual relevance is the harmonic
/// mean of both directions, 2 s(a->b) s(b->a) / (s(a->b) + s(b->a)), 0 when either is 0:
/// a pair is only relevant when it is relevant to both partners, and one enthusiastic side
/// cannot make up for an indifferent one. Values are in 0..1.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "scoutmatch/match/index.hpp"
#include "scoutmatch/match/query.hpp"

namespace scoutmatch {

/// A dense matrix of relevance values, row-major: value(i, j) = values[i * cols + j].
struct RelevanceMatrix {
  std::size_t rows = 0;       ///< number of row items (e.g. companies)
  std::size_t cols = 0;       ///< number of column items (e.g. partners)
  std::vector<float> values;  ///< rows * cols values, each in 0..1 (finite, >= 0)

  /// An all-zero rows x cols matrix.
  static RelevanceMatrix zeros(std::size_t rows, std::size_t cols) {
    return {rows, cols, std::vector<float>(rows * cols, 0.0f)};
  }
  /// The value of row i and column j.
  float operator()(std::size_t i, std::size_t j) const { return values[i * cols + j]; }
  /// The value of row i and column j, writable.
  float& operator()(std::size_t i, std::size_t j) { return values[i * cols + j]; }
};

/// How directed scores are taken from the index.
struct RelevanceOptions {
  /// Mode::similar (default) compares all fields. Mode::needs scores a -> b as a's needs
  /// against b's offers and competences; a profile without needs falls back to similar
  /// for its own direction.
  Mode mode = Mode::similar;
  /// Worker threads for the queries: 0 = the caller's TBB arena (all cores by default).
  std::size_t threads = 0;
};

/// Mutual relevance of every row profile (`rows`, ids) with every column profile (`cols`):
/// an rows.size() x cols.size() matrix as described in this file's comment. One
/// recommend() query per row and per column, run in parallel (Index::recommend_batch),
/// each asking for all matches of the other side's kinds (up to the index's max_k;
/// partners beyond it count as 0). A profile in both lists has relevance 0 with itself.
/// Throws not_found [scoutmatch.relevance.1] for an id the index does not hold and
/// invalid_argument [scoutmatch.relevance.2] for a duplicate id within one list.
RelevanceMatrix mutual_relevance(const Index& index, std::span<const std::string> rows,
                                 std::span<const std::string> cols,
                                 const RelevanceOptions& options = {});

/// Mutual relevance among one group of profiles (e.g. an event's participants): a
/// symmetric ids.size() x ids.size() matrix with 0 on the diagonal; each direction is
/// normalised by the query's best score within the group. Throws like the two-list form.
RelevanceMatrix mutual_relevance(const Index& index, std::span<const std::string> ids,
                                 const RelevanceOptions& options = {});

}  // namespace scoutmatch
