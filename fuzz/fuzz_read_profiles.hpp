#pragma once
// The body of both profile-reader targets (fuzz_read_jsonl, fuzz_read_csv): read the bytes
// in one format; accepted profiles must keep the reader's promises (unique non-empty ids,
// valid UTF-8, coordinates in range, finite embeddings).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_common.hpp"
#include "scoutmatch/error.hpp"
#include "scoutmatch/io/read_profiles.hpp"

namespace scoutmatch_fuzz {

inline void check_profiles(const std::vector<scoutmatch::Profile>& profiles) {
  if (profiles.empty()) fail("reader returned no profiles without throwing");
  std::set<std::string_view> ids;
  for (const scoutmatch::Profile& p : profiles) {
    if (p.id.empty()) fail("empty id accepted");
    if (!ids.insert(p.id).second) fail("duplicate id accepted");
    for (const std::string* s : {&p.id, &p.name, &p.text, &p.competences, &p.offers, &p.needs,
                                 &p.country, &p.region, &p.city})
      if (!valid_utf8(*s)) fail("invalid UTF-8 in an accepted profile");
    for (const std::string& k : p.keywords)
      if (k.empty() || !valid_utf8(k)) fail("empty or invalid keyword accepted");
    if (p.lat.has_value() != p.lon.has_value()) fail("lat without lon accepted");
    if (p.lat && (!(*p.lat >= -90 && *p.lat <= 90) || !(*p.lon >= -180 && *p.lon <= 180)))
      fail("coordinates out of range accepted");
    for (float v : p.embedding)
      if (!std::isfinite(v)) fail("non-finite embedding value accepted");
  }
}

/// Reads `data` as a profile file of `format`; a scoutmatch::error is the expected rejection.
inline int fuzz_read_profiles(const std::uint8_t* data, std::size_t size,
                              scoutmatch::ProfileFormat format, const char* source) {
  scoutmatch::ReadOptions options;
  options.threads = 1;                // the result does not depend on it; keeps runs fast
  options.max_line_bytes = 1u << 20;  // smaller limits reach the limit checks too
  options.max_keywords = 64;
  options.max_embedding_dim = 256;
  try {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size), std::ios::binary);
    check_profiles(scoutmatch::read_profiles(in, format, source, options));
  } catch (const scoutmatch::error&) {
    // rejected with a scoutmatch error: expected
  }
  return 0;
}

}  // namespace scoutmatch_fuzz
