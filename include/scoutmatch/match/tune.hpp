#pragma once
/// \file tune.hpp
/// Fitting the signal weights (match/signals.hpp) on known partner pairs: coordinate
/// ascent on mean nDCG@k (the "Coordinate Ascent" learning-to-rank method of Metzler and
/// Croft, 2007), with k-fold cross-validation to report what the fitted weights achieve
/// on queries they were not fitted on.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "scoutmatch/match/evaluate.hpp"
#include "scoutmatch/match/index.hpp"
#include "scoutmatch/match/signals.hpp"

namespace scoutmatch {

/// Settings of tune().
struct TuneOptions {
  std::size_t k = 10;          ///< cut-off of the optimised nDCG@k (1..1000)
  std::vector<Kind> to_kinds;  ///< candidate kinds (empty: all)
  Mode mode = Mode::similar;   ///< comparison mode
  bool reciprocal = false;     ///< Query::reciprocal while fitting
  /// Folds of the cross-validation, 2..20, or 0 for none. Default 5. Queries are assigned
  /// to folds by a hash of their id (stable across runs and machines).
  std::size_t folds = 5;
  std::size_t rounds = 3;  ///< passes of coordinate ascent over the signals, 1..100
  /// The signals whose weights are fitted; the others keep their start value. Empty = all
  /// signals that vary over the candidates of some query.
  std::vector<Signal> signals;
  /// Start weights; default SignalWeights{} (the library defaults).
  SignalWeights start;
  std::size_t threads = 0;  ///< 0 = all cores
  /// Throws invalid_argument [scoutmatch.tune.1] for a value out of range.
  void validate() const;
};

/// What tune() found.
struct TuneResult {
  SignalWeights weights;       ///< fitted on all queries: the ones to use
  EvalResult start;            ///< metrics of the start weights on all queries
  EvalResult fitted;           ///< metrics of `weights` on all queries (in-sample)
  EvalResult cross_validated;  ///< each fold's queries ranked with weights fitted on the others
  std::vector<SignalWeights> fold_weights;  ///< the weights fitted for each fold
  std::size_t candidates = 0;               ///< mean number of candidates per query
  double seconds = 0;                       ///< wall time
};

/// Fits the signal weights of `index` on `pairs` (query id -> relevant ids). Queries
/// missing from the index or without relevant candidates are counted and skipped, as in
/// evaluate(). Memory: the signal table of every query (candidates x 9 floats each).
/// Throws invalid_argument like TuneOptions::validate and [scoutmatch.tune.2] when no
/// query can be evaluated.
TuneResult tune(const Index& index, std::span<const EvalPair> pairs,
                const TuneOptions& options = {});

}  // namespace scoutmatch
