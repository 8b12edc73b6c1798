/// \file fields.cpp
/// Field conversions and checks shared by the JSONL and CSV readers.

#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>
#include <xxhash.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "io/detail/reader.hpp"

namespace scoutmatch::io_detail {

namespace {
char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}
char ascii_upper(char c) noexcept {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
}

std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}
}  // namespace

Kind parse_kind(std::string_view value, const Where& at) {
  const std::string_view t = trim(value);
  if (t.empty()) return Kind::other;
  if (t.size() <= 16) {
    if (const auto k = kind_from_string(lower(t))) return *k;
  }
  fail_field(id_unknown_kind, at, "kind",
             "is unknown: \"" + excerpt(t) +
                 "\" (expected company, university, research, startup, public or other)");
}

Language parse_lang(std::string_view value, const Where& at) {
  const std::string_view t = trim(value);
  if (t.empty()) return Language::unknown;
  if (t.size() == 2) {
    const std::string l = lower(t);
    if (l == "de") return Language::de;
    if (l == "en") return Language::en;
  }
  fail_field(id_unknown_lang, at, "lang",
             "is unknown: \"" + excerpt(t) + "\" (expected \"de\", \"en\", \"\" or null)");
}

std::string normalize_country(std::string_view value) {
  std::string out(trim(value));
  for (char& c : out) c = ascii_upper(c);
  return out;
}

void split_keywords(std::string_view value, std::string_view separators, std::size_t max_keywords,
                    const Where& at, std::vector<std::string>& out, std::string_view field) {
  while (true) {
    const std::size_t cut = value.find_first_of(separators);
    const std::string_view part = trim(value.substr(0, cut));
    if (!part.empty()) {
      if (out.size() >= max_keywords)
        fail_field(id_limit, at, std::string(field),
                   "has more than " +
                       std::string(field == "keywords" ? "max_keywords" : "max_links") + " (" +
                       std::to_string(max_keywords) + ") entries");
      out.emplace_back(part);
    }
    if (cut == std::string_view::npos) break;
    value.remove_prefix(cut + 1);
  }
}

void fail_duplicate_id(const std::string& id, const Where& at, std::size_t first_line) {
  fail_field(
      id_duplicate_id, at, "id",
      "\"" + excerpt(id) + "\" is a duplicate of the id on line " + std::to_string(first_line));
}

void IdRegistry::add(const std::string& id, const Where& at) {
  if (trim(id).empty()) fail_field(id_missing_id, at, "id", "must not be empty");
  const auto [it, inserted] = first_line_.try_emplace(id, at.line);
  if (!inserted) fail_duplicate_id(id, at, it->second);
}

std::optional<std::pair<std::size_t, std::size_t>> first_duplicate_id(
    const std::vector<Profile>& profiles) {
  const std::size_t n = profiles.size();
  std::vector<std::pair<std::uint64_t, std::size_t>> keys(n);  // (hash of the id, index)
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) {
    keys[i] = {XXH3_64bits(profiles[i].id.data(), profiles[i].id.size()), i};
  });
  tbb::parallel_sort(keys.begin(), keys.end());
  std::optional<std::pair<std::size_t, std::size_t>> best;
  for (std::size_t g = 0; g < n;) {
    std::size_t e = g + 1;
    while (e < n && keys[e].first == keys[g].first) ++e;
    // A group of equal hashes, by ascending index: its first member equal to an earlier
    // one (the group's only candidate; distinct ids rarely share a 64-bit hash).
    bool found = false;
    for (std::size_t j = g + 1; j < e && !found; ++j)
      for (std::size_t i = g; i < j; ++i)
        if (profiles[keys[i].second].id == profiles[keys[j].second].id) {
          if (!best || keys[j].second < best->second) best = {keys[i].second, keys[j].second};
          found = true;
          break;
        }
    g = e;
  }
  return best;
}

void check_coordinates(const Profile& p, const Where& at) {
  if (p.lat.has_value() != p.lon.has_value())
    fail_field(id_coordinates, at, p.lat ? "lon" : "lat",
               "is missing: lat and lon must be given together (or both left out)");
  if (!p.lat) return;
  if (!std::isfinite(*p.lat) || *p.lat < -90.0 || *p.lat > 90.0)
    fail_field(id_coordinates, at, "lat",
               "is out of range: " + format_number(*p.lat) + " (expected -90..90)");
  if (!std::isfinite(*p.lon) || *p.lon < -180.0 || *p.lon > 180.0)
    fail_field(id_coordinates, at, "lon",
               "is out of range: " + format_number(*p.lon) + " (expected -180..180)");
}

void check_text_sizes(const Profile& p, const ReadOptions& options, const Where& at) {
  const auto check = [&](const std::string& value, std::string_view field) {
    if (value.size() > options.max_text_bytes)
      fail_field(
          id_limit, at, field,
          "is longer than max_text_bytes (" + std::to_string(options.max_text_bytes) + " bytes)");
  };
  check(p.name, "name");
  check(p.text, "text");
  check(p.competences, "competences");
  check(p.offers, "offers");
  check(p.needs, "needs");
  check(p.city, "city");
  check(p.region, "region");
  check(p.country, "country");
  for (const std::string& k : p.keywords) check(k, "keywords");
  for (const std::string& k : p.projects) check(k, "projects");
  for (const std::string& k : p.partners) check(k, "partners");
}

void check_embedding_size(std::size_t n, const ReadOptions& options, const Where& at) {
  if (n > options.max_embedding_dim)
    fail_field(id_limit, at, "embedding",
               "has more than max_embedding_dim (" + std::to_string(options.max_embedding_dim) +
                   ") values");
}

float to_embedding_value(double v, std::size_t index, const Where& at) {
  const auto f = static_cast<float>(v);
  if (!std::isfinite(v) || !std::isfinite(f))
    fail_field(id_embedding_value, at, "embedding[" + std::to_string(index) + "]",
               "must be a finite 32-bit float, got " + format_number(v));
  return f;
}

std::vector<float> parse_embedding(std::string_view cell, const ReadOptions& options,
                                   const Where& at) {
  std::vector<float> out;
  std::size_t i = 0;
  while (i < cell.size()) {
    while (i < cell.size() &&
           (cell[i] == ' ' || cell[i] == ';' || cell[i] == '|' || cell[i] == '\t'))
      ++i;
    if (i == cell.size()) break;
    std::size_t j = i;
    while (j < cell.size() && cell[j] != ' ' && cell[j] != ';' && cell[j] != '|' && cell[j] != '\t')
      ++j;
    const std::string item(cell.substr(i, j - i));
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(item.c_str(), &end);
    if (end != item.c_str() + item.size() || item.empty())
      fail_field(id_wrong_type, at, "embedding[" + std::to_string(out.size()) + "]",
                 "must be a number, got \"" + excerpt(item) + "\"");
    check_embedding_size(out.size() + 1, options, at);
    out.push_back(to_embedding_value(v, out.size(), at));
    i = j;
  }
  return out;
}

}  // namespace scoutmatch::io_detail
