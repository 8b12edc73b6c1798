#pragma once
// Small helpers shared by the CLI's subcommands (src/cli/*.cpp).
#include <tbb/global_control.h>

#include <iomanip>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "scoutmatch/error.hpp"
#include "scoutmatch/types.hpp"

namespace scoutmatch::cli {

/// The non-empty items of a comma-separated list, spaces removed.
inline std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else if (c != ' ') {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

/// Kinds from a comma-separated list; throws invalid_argument [scoutmatch.cli.2].
inline std::vector<Kind> parse_kinds(const std::string& s) {
  std::vector<Kind> kinds;
  for (const std::string& k : split_list(s)) {
    auto kind = kind_from_string(k);
    if (!kind)
      throw invalid_argument(
          "scoutmatch.cli.2",
          "unknown kind \"" + k + "\" (use company, university, research, startup, public, other)");
    kinds.push_back(*kind);
  }
  return kinds;
}

/// Limits the whole process to `threads` TBB workers (0 = all cores) while alive.
inline std::optional<tbb::global_control> thread_limit(std::size_t threads) {
  if (threads == 0) return std::nullopt;
  return std::make_optional<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                 threads);
}

/// `v` with `digits` decimals.
inline std::string fixed(double v, int digits) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << v;
  return s.str();
}

}  // namespace scoutmatch::cli
