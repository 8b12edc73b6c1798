#pragma once
/// \file filter.hpp
/// Filters tested during search: kind, country, region prefix, distance, excluded profiles.
/// A candidate that fails a filter is never scored into the top-k, so a filtered search
/// returns the best k among the candidates that pass (no over-fetching and dropping).

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "scoutmatch/types.hpp"

namespace scoutmatch {

/// A point on earth in degrees (WGS84).
struct GeoPoint {
  double lat = 0;  ///< latitude, -90..90
  double lon = 0;  ///< longitude, -180..180
};

/// Great-circle distance in km (haversine, mean earth radius 6371.0088 km).
double haversine_km(GeoPoint a, GeoPoint b) noexcept;

/// The attributes of every indexed profile that filters test, in column form.
struct DocAttributes {
  std::vector<Kind> kind;                  ///< per doc
  std::vector<std::uint16_t> country;      ///< per doc: index into `countries`, 0 = none
  std::vector<std::string> countries{""};  ///< distinct country codes; [0] is "" (none)
  std::vector<std::string> region;         ///< per doc, upper case, may be empty
  std::vector<double> lat, lon;            ///< per doc; NaN when unknown

  /// Number of documents.
  std::size_t size() const noexcept { return kind.size(); }
  /// Builds the columns from profiles.
  static DocAttributes from(const std::vector<Profile>& profiles);
  /// The location of `doc`, if known.
  std::optional<GeoPoint> location(std::uint32_t doc) const {
    if (std::isnan(lat[doc])) return std::nullopt;
    return GeoPoint{lat[doc], lon[doc]};
  }
};

/// What a search accepts. Empty lists mean "no restriction".
struct FilterSpec {
  std::vector<Kind> kinds;                   ///< accept these kinds only
  std::vector<std::string> countries;        ///< accept these country codes (case-insensitive)
  std::vector<std::string> region_prefixes;  ///< accept regions starting with one of these
  std::optional<GeoPoint> near;              ///< with within_km: centre of the distance filter
  double within_km = std::numeric_limits<double>::infinity();  ///< max distance from `near`, km
  double beyond_km = 0;  ///< with `near`: min distance from `near`, km (0 = none)
  std::vector<std::string> exclude_countries;        ///< reject these country codes
  std::vector<std::string> exclude_region_prefixes;  ///< reject regions starting with these
  std::vector<std::uint32_t> exclude;                ///< documents never returned
};

/// A FilterSpec resolved against one index's attributes, cheap to test per document.
class CompiledFilter {
 public:
  /// Resolves `spec` for `attrs` (both must outlive this object).
  CompiledFilter(const FilterSpec& spec, const DocAttributes& attrs);

  /// True when document `doc` passes every filter.
  bool accepts(std::uint32_t doc) const noexcept;

  /// True when no filter is set (every document passes).
  bool accepts_all() const noexcept { return trivial_; }

 private:
  const DocAttributes* attrs_;
  std::uint32_t kinds_mask_ = 0;
  std::vector<bool> country_ok_;  // by country index; empty = any
  std::vector<std::string> prefixes_, not_prefixes_;
  std::optional<GeoPoint> near_;
  double within_km_ = 0, beyond_km_ = 0;
  std::vector<std::uint32_t> exclude_;  // sorted
  bool trivial_ = true;
};

}  // namespace scoutmatch
