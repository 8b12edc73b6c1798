#pragma once
/// \file query.hpp
/// A recommendation request: by profile id or free text, with per-call filters, k,
/// explanation and threads. Built fluently:
///
///     auto q = Query::similar_to("swf-c-001").kinds({Kind::university, Kind::research})
///                  .within_km({51.03, 7.85}, 80).k(10).explain();

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "scoutmatch/index/filter.hpp"
#include "scoutmatch/match/signals.hpp"
#include "scoutmatch/types.hpp"

namespace scoutmatch {

/// How a query profile is compared with candidates.
enum class Mode : std::uint8_t {
  similar = 0,  ///< all fields of the query against all fields of the candidates
  needs = 1,    ///< the query's `needs` against the candidates' `offers` and `competences`
};

/// "similar" or "needs".
constexpr std::string_view to_string(Mode m) noexcept {
  return m == Mode::needs ? "needs" : "similar";
}

/// The largest k a query may ask for.
inline constexpr std::size_t max_k = 1'000'000;

/// A recommendation request. Setters return *this; getters have the same name (except
/// includes_self() and explains(), whose setters take a default argument).
class Query {
 public:
  /// Partners for the indexed profile `id` (the profile itself is excluded by default).
  static Query similar_to(std::string id) {
    Query q;
    q.id_ = std::move(id);
    return q;
  }
  /// Partners for free text (e.g. "Wasserstoff Brennstoffzelle Prüfstand"); `lang`
  /// unknown = detect.
  static Query text(std::string text, Language lang = Language::unknown) {
    Query q;
    q.text_ = std::move(text);
    q.lang_ = lang;
    return q;
  }

  /// Number of results, 1..max_k. Default 10. More than the matches returns all matches.
  Query& k(std::size_t k) {
    k_ = k;
    return *this;
  }
  /// Comparison mode. Default Mode::similar.
  Query& mode(Mode m) {
    mode_ = m;
    return *this;
  }
  /// Accept only these kinds (empty: all).
  Query& kinds(std::vector<Kind> kinds) {
    filter_.kinds = std::move(kinds);
    return *this;
  }
  /// Accept only these countries, ISO codes, case-insensitive (empty: all).
  Query& countries(std::vector<std::string> c) {
    filter_.countries = std::move(c);
    return *this;
  }
  /// Accept only regions that start with one of these prefixes, e.g. "DEA5" (empty: all).
  Query& regions(std::vector<std::string> r) {
    filter_.region_prefixes = std::move(r);
    return *this;
  }
  /// Accept only profiles with coordinates within `km` kilometres of `point`.
  Query& within_km(GeoPoint point, double km) {
    filter_.near = point;
    filter_.within_km = km;
    return *this;
  }
  /// Reject these countries, ISO codes, case-insensitive (e.g. partners abroad only).
  Query& exclude_countries(std::vector<std::string> c) {
    filter_.exclude_countries = std::move(c);
    return *this;
  }
  /// Reject regions that start with one of these prefixes (e.g. "DEA5" to look beyond
  /// Arnsberg/Südwestfalen).
  Query& exclude_regions(std::vector<std::string> r) {
    filter_.exclude_region_prefixes = std::move(r);
    return *this;
  }
  /// Accept only profiles with coordinates between `min_km` and `max_km` kilometres of
  /// `point` (a distance range; max_km may be infinity).
  Query& between_km(GeoPoint point, double min_km, double max_km) {
    filter_.near = point;
    filter_.beyond_km = min_km;
    filter_.within_km = max_km;
    return *this;
  }
  /// Bridge mode: add `weight` x [candidate outside the home region] to the score (the
  /// other_region signal), to connect a region's firms with universities of another
  /// region. The home region is `home` (region prefixes, e.g. the NUTS-3 codes of
  /// Südwestfalen: DEA57, DEA58, DEA59, DEA5A, DEA5B) or, when empty, the query profile's
  /// own region (else its country). Default off; weight 1 outweighs a perfect text match
  /// under the default text weight 0.7.
  Query& bridge(double weight = 1.0, std::vector<std::string> home = {}) {
    bridge_ = weight;
    home_regions_ = std::move(home);
    return *this;
  }
  /// Never return these profile ids.
  Query& exclude(std::vector<std::string> ids) {
    exclude_ = std::move(ids);
    return *this;
  }
  /// Return the query profile itself too (default false).
  Query& include_self(bool yes = true) {
    include_self_ = yes;
    return *this;
  }
  /// Attach an Explanation to each Match with up to `terms` terms (default 5).
  Query& explain(bool yes = true, std::size_t terms = 5) {
    explain_ = yes;
    explain_terms_ = terms;
    return *this;
  }
  /// The query's own dense vector (for text queries; a profile query uses the profile's
  /// embedding). Its dimension must match the index's embeddings.
  Query& embedding(std::vector<float> v) {
    embedding_ = std::move(v);
    return *this;
  }
  /// Weight of the dense score in the fusion, 0..1 (0 = BM25 only, 1 = embeddings only);
  /// unset = IndexOptions::dense_weight.
  Query& dense_weight(double w) {
    dense_weight_ = w;
    return *this;
  }
  /// Weights of the scoring signals for this call (see match/signals.hpp); unset = the
  /// index's (IndexOptions::weights, set by `scoutmatch tune`).
  Query& weights(SignalWeights w) {
    weights_ = w;
    return *this;
  }
  /// Reciprocal text scoring: the text signal is the harmonic mean of how well the
  /// candidate covers the query and how well the query covers the candidate (each BM25F
  /// over the profile's self-score), so a small profile is not swamped by a big one.
  /// Default false.
  Query& reciprocal(bool yes = true) {
    reciprocal_ = yes;
    return *this;
  }
  /// Leave out the query profile's existing partners (its neighbours in the partner
  /// graph): the usual "find new partners" search. Default true; no effect without a
  /// partner graph or for text queries.
  Query& new_partners_only(bool yes = true) {
    new_partners_only_ = yes;
    return *this;
  }
  /// Worker threads for this call: 0 = the caller's TBB arena (all cores by default).
  Query& threads(std::size_t n) {
    threads_ = n;
    return *this;
  }

  const std::optional<std::string>& id() const noexcept { return id_; }
  const std::string& text() const noexcept { return text_; }
  Language lang() const noexcept { return lang_; }
  std::size_t k() const noexcept { return k_; }
  Mode mode() const noexcept { return mode_; }
  const FilterSpec& filter() const noexcept { return filter_; }
  const std::vector<std::string>& exclude() const noexcept { return exclude_; }
  bool includes_self() const noexcept { return include_self_; }
  bool explains() const noexcept { return explain_; }
  std::size_t explain_terms() const noexcept { return explain_terms_; }
  std::size_t threads() const noexcept { return threads_; }
  const std::vector<float>& embedding() const noexcept { return embedding_; }
  std::optional<double> dense_weight() const noexcept { return dense_weight_; }
  const std::optional<SignalWeights>& weights() const noexcept { return weights_; }
  bool reciprocal() const noexcept { return reciprocal_; }
  bool new_partners_only() const noexcept { return new_partners_only_; }
  std::optional<double> bridge() const noexcept { return bridge_; }
  const std::vector<std::string>& home_regions() const noexcept { return home_regions_; }

  /// Throws invalid_argument ([scoutmatch.query.N]) for k out of range, a missing query,
  /// an invalid point or radius.
  void validate() const;

 private:
  std::optional<std::string> id_;
  std::string text_;
  Language lang_ = Language::unknown;
  std::size_t k_ = 10;
  Mode mode_ = Mode::similar;
  FilterSpec filter_;
  std::vector<std::string> exclude_;
  bool include_self_ = false;
  bool explain_ = false;
  std::size_t explain_terms_ = 5;
  std::size_t threads_ = 0;
  std::vector<float> embedding_;
  std::optional<double> dense_weight_;
  std::optional<SignalWeights> weights_;
  bool reciprocal_ = false;
  bool new_partners_only_ = true;
  std::optional<double> bridge_;
  std::vector<std::string> home_regions_;
};

}  // namespace scoutmatch
