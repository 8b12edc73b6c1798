#include "scoutmatch/match/signals.hpp"

#include <charconv>
#include <cmath>

#include "scoutmatch/error.hpp"

namespace scoutmatch {

bool SignalWeights::uses_network() const noexcept {
  for (Signal s : {Signal::common_partners, Signal::adamic_adar, Signal::partner_of_partner,
                   Signal::activity, Signal::attachment})
    if ((*this)[s] != 0) return true;
  return false;
}

SignalWeights SignalWeights::only(Signal s) noexcept {
  SignalWeights w;
  w.values.fill(0.0);
  w[s] = 1.0;
  return w;
}

std::string SignalWeights::to_string() const {
  std::string out;
  for (std::size_t i = 0; i < signal_count; ++i) {
    if (i) out += ',';
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, values[i]);
    out += scoutmatch::to_string(static_cast<Signal>(i));
    out += '=';
    out.append(buf, r.ptr);
  }
  return out;
}

SignalWeights& SignalWeights::set(std::string_view spec) {
  SignalWeights next = *this;  // all or nothing: *this changes only when every item parses
  while (!spec.empty()) {
    const std::size_t comma = spec.find(',');
    std::string_view item = spec.substr(0, comma);
    spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.empty()) continue;
    const std::size_t eq = item.find('=');
    const auto name = item.substr(0, eq);
    const auto s = signal_from_string(name);
    if (!s || eq == std::string_view::npos)
      throw invalid_argument("scoutmatch.signals.1",
                             "expected name=weight with a signal name (text, common_partners, "
                             "adamic_adar, partner_of_partner, activity, attachment, "
                             "same_country, proximity, other_region), got \"" +
                                 std::string(item) + "\"");
    const std::string_view num = item.substr(eq + 1);
    double v = 0;
    const auto r = std::from_chars(num.data(), num.data() + num.size(), v);
    if (r.ec != std::errc{} || r.ptr != num.data() + num.size())
      throw invalid_argument(
          "scoutmatch.signals.1",
          "the weight of " + std::string(name) + " is not a number: \"" + std::string(num) + "\"");
    next[*s] = v;
  }
  next.validate();
  *this = next;
  return *this;
}

void SignalWeights::validate() const {
  for (std::size_t i = 0; i < signal_count; ++i)
    if (!std::isfinite(values[i]) || std::abs(values[i]) > 1e6)
      throw invalid_argument("scoutmatch.signals.2",
                             "the weight of " +
                                 std::string(scoutmatch::to_string(static_cast<Signal>(i))) +
                                 " must be finite and within +-1e6");
}

}  // namespace scoutmatch
