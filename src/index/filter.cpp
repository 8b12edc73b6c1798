#include "scoutmatch/index/filter.hpp"

#include <algorithm>
#include <cctype>
#include <numbers>

namespace scoutmatch {
namespace {
std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}
}  // namespace

double haversine_km(GeoPoint a, GeoPoint b) noexcept {
  constexpr double r = 6371.0088;
  constexpr double rad = std::numbers::pi / 180.0;
  const double dlat = (b.lat - a.lat) * rad, dlon = (b.lon - a.lon) * rad;
  const double s1 = std::sin(dlat / 2), s2 = std::sin(dlon / 2);
  const double h = s1 * s1 + std::cos(a.lat * rad) * std::cos(b.lat * rad) * s2 * s2;
  return 2 * r * std::asin(std::min(1.0, std::sqrt(h)));
}

DocAttributes DocAttributes::from(const std::vector<Profile>& profiles) {
  DocAttributes a;
  const std::size_t n = profiles.size();
  a.kind.resize(n);
  a.country.resize(n);
  a.region.resize(n);
  a.lat.resize(n);
  a.lon.resize(n);
  for (std::size_t d = 0; d < n; ++d) {
    const Profile& p = profiles[d];
    a.kind[d] = p.kind;
    const std::string c = upper(p.country);
    auto it = std::find(a.countries.begin(), a.countries.end(), c);
    if (it == a.countries.end()) {
      a.countries.push_back(c);
      it = a.countries.end() - 1;
    }
    a.country[d] = static_cast<std::uint16_t>(it - a.countries.begin());
    a.region[d] = upper(p.region);
    const bool geo = p.lat && p.lon;
    a.lat[d] = geo ? *p.lat : std::numeric_limits<double>::quiet_NaN();
    a.lon[d] = geo ? *p.lon : std::numeric_limits<double>::quiet_NaN();
  }
  return a;
}

CompiledFilter::CompiledFilter(const FilterSpec& spec, const DocAttributes& attrs)
    : attrs_(&attrs) {
  kinds_mask_ = 0;
  for (Kind k : spec.kinds) kinds_mask_ |= 1u << static_cast<unsigned>(k);
  if (spec.kinds.empty()) kinds_mask_ = ~0u;
  if (!spec.countries.empty()) {
    country_ok_.assign(attrs.countries.size(), false);
    for (const std::string& c : spec.countries) {
      auto it = std::find(attrs.countries.begin(), attrs.countries.end(), upper(c));
      if (it != attrs.countries.end() && !c.empty())
        country_ok_[it - attrs.countries.begin()] = true;
    }
  }
  if (!spec.exclude_countries.empty()) {
    if (country_ok_.empty()) country_ok_.assign(attrs.countries.size(), true);
    for (const std::string& c : spec.exclude_countries) {
      auto it = std::find(attrs.countries.begin(), attrs.countries.end(), upper(c));
      if (it != attrs.countries.end() && !c.empty())
        country_ok_[it - attrs.countries.begin()] = false;
    }
  }
  for (const std::string& p : spec.region_prefixes) prefixes_.push_back(upper(p));
  for (const std::string& p : spec.exclude_region_prefixes)
    if (!p.empty()) not_prefixes_.push_back(upper(p));
  if (spec.near && (std::isfinite(spec.within_km) || spec.beyond_km > 0)) {
    near_ = spec.near;
    within_km_ = spec.within_km;
    beyond_km_ = spec.beyond_km;
  }
  exclude_ = spec.exclude;
  std::sort(exclude_.begin(), exclude_.end());
  trivial_ = kinds_mask_ == ~0u && country_ok_.empty() && prefixes_.empty() &&
             not_prefixes_.empty() && !near_ && exclude_.empty();
}

bool CompiledFilter::accepts(std::uint32_t doc) const noexcept {
  if (trivial_) return true;
  const DocAttributes& a = *attrs_;
  if (!(kinds_mask_ & (1u << static_cast<unsigned>(a.kind[doc])))) return false;
  if (!country_ok_.empty() && !country_ok_[a.country[doc]]) return false;
  if (!prefixes_.empty()) {
    const std::string& r = a.region[doc];
    bool ok = false;
    for (const std::string& p : prefixes_) ok = ok || (!r.empty() && r.starts_with(p));
    if (!ok) return false;
  }
  for (const std::string& p : not_prefixes_)
    if (a.region[doc].starts_with(p)) return false;
  if (near_) {
    if (std::isnan(a.lat[doc])) return false;
    const double km = haversine_km(*near_, {a.lat[doc], a.lon[doc]});
    if (km > within_km_ || km < beyond_km_) return false;
  }
  if (!exclude_.empty() && std::binary_search(exclude_.begin(), exclude_.end(), doc)) return false;
  return true;
}

}  // namespace scoutmatch
