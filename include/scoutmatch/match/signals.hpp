#pragma once
/// \file signals.hpp
/// The signals a recommendation score is made of, and the linear model that combines them.
///
/// For a query profile q and a candidate c, the score is
///
///     score(q, c) = sum over signals s of weight[s] * value_s(q, c)
///
/// with these values (ln = natural logarithm; "partners" are the neighbours of a profile
/// in the partner graph, see index/partner_graph.hpp; w(a, b) is the tie strength of a and
/// b = number of shared activities + 1 when one lists the other in `partners`):
///
/// | signal               | value_s(q, c)                                                  |
/// |----------------------|----------------------------------------------------------------|
/// | text                 | BM25F(q, c) / best BM25F among the accepted candidates (0..1); |
/// |                      | with embeddings the dense-fused score; reciprocal: harmonic    |
/// |                      | mean of BM25F / self-score of q and of c                       |
/// | common_partners      | ln(1 + number of shared partners)                              |
/// | adamic_adar          | ln(1 + sum over shared partners p of 1 / ln(1 + deg p))        |
/// | partner_of_partner   | ln(1 + 10 * sum over shared partners p of                      |
/// |                      |         sqrt(w(q,p)) * sqrt(w(p,c)) / sqrt(deg p))             |
/// | activity             | ln(1 + number of c's activities (projects))                    |
/// | attachment           | ln(1 + number of c's partners of q's kind)                     |
/// | same_country         | 1 when q and c have the same country, else 0                   |
/// | proximity            | exp(-distance / 100 km) when both have coordinates, else 0     |
/// | other_region         | 1 when c lies outside the home region, else 0 ("bridge" mode): |
/// |                      | Query::bridge's home prefixes, else q's region (both regions   |
/// |                      | known), else q's country (both countries known)                |
///
/// partner_of_partner is item-based collaborative filtering: organisations that worked
/// with your partners also worked with c, each partner's vote damped by its degree.
/// activity and attachment are priors (preferential attachment): active organisations that
/// already work with many organisations of your kind take on new partners more often.
/// The network signals need a query profile; for text queries they are 0.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scoutmatch {

/// The signals of the scoring model, in the order of SignalWeights::values.
enum class Signal : std::uint8_t {
  text = 0,
  common_partners = 1,
  adamic_adar = 2,
  partner_of_partner = 3,
  activity = 4,
  attachment = 5,
  same_country = 6,
  proximity = 7,
  other_region = 8,
};

/// Number of signals.
inline constexpr std::size_t signal_count = 9;

/// The signal's name as used in files, the CLI and Python ("text", "common_partners", ...).
constexpr std::string_view to_string(Signal s) noexcept {
  constexpr std::array<std::string_view, signal_count> names{
      "text",       "common_partners", "adamic_adar", "partner_of_partner", "activity",
      "attachment", "same_country",    "proximity",   "other_region"};
  return names[static_cast<std::size_t>(s)];
}

/// Parses a signal name; nullopt when unknown.
constexpr std::optional<Signal> signal_from_string(std::string_view s) noexcept {
  for (std::size_t i = 0; i < signal_count; ++i)
    if (to_string(static_cast<Signal>(i)) == s) return static_cast<Signal>(i);
  return std::nullopt;
}

/// The weights of the linear scoring model, one per Signal. Stored in the index (set by
/// `scoutmatch tune`), overridable per query (Query::weights).
///
/// The defaults were fitted by coordinate ascent on nDCG@10 of the CORDIS dev pairs and
/// rounded (docs/QUALITY.md gives the 5-fold cross-validated figures); on profiles without
/// projects or partners only `text` (and the optional geographic signals) act, so the
/// ranking is the text ranking.
struct SignalWeights {
  std::array<double, signal_count> values{0.7, 0.07, 0.0, 1.0, 0.03, 0.05, 0.3, 0.0, 0.0};

  /// The weight of `s`.
  double operator[](Signal s) const noexcept { return values[static_cast<std::size_t>(s)]; }
  /// The weight of `s`, writable.
  double& operator[](Signal s) noexcept { return values[static_cast<std::size_t>(s)]; }
  /// True when some network signal (common_partners .. attachment) has a non-zero weight.
  bool uses_network() const noexcept;
  /// Weights with only `s` at 1 (for ablations).
  static SignalWeights only(Signal s) noexcept;
  /// "text=1,common_partners=0.2,...": every signal, in order.
  std::string to_string() const;
  /// Parses "name=value,..." over these weights (the signals not named keep their
  /// weight). Throws invalid_argument [scoutmatch.signals.1] for an unknown name or a bad
  /// number, [scoutmatch.signals.2] for a non-finite weight.
  SignalWeights& set(std::string_view spec);
  /// Throws invalid_argument [scoutmatch.signals.2] when a weight is not finite or has a
  /// magnitude above 1e6.
  void validate() const;
  bool operator==(const SignalWeights&) const = default;
};

/// The signal values of a query's candidates (Index::signals): row r is candidate docs[r]
/// (ascending), its values values[r * signal_count + s] for Signal s.
struct SignalTable {
  std::vector<std::uint32_t> docs;  ///< candidate document numbers, ascending
  std::vector<float> values;        ///< docs.size() x signal_count, row-major
  std::vector<float> cosine;        ///< embedding cosine per row, when fused (else empty)
  bool distance_known = false;      ///< the query has a location (proximity is meaningful)
  /// The value of signal `s` for row `r`.
  float value(std::size_t r, Signal s) const noexcept {
    return values[r * signal_count + static_cast<std::size_t>(s)];
  }
  /// The linear score of row `r` under `w`.
  double score(std::size_t r, const SignalWeights& w) const noexcept {
    double x = 0;
    for (std::size_t i = 0; i < signal_count; ++i) x += w.values[i] * values[r * signal_count + i];
    return x;
  }
};

}  // namespace scoutmatch
