/// \file csv.cpp
/// CSV reader (RFC 4180): header row, quoted fields with "" escapes, embedded delimiters
/// and line breaks, CRLF. The delimiter (',', ';' or tab) is detected from the header line.

#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>

#include "io/detail/reader.hpp"

namespace scoutmatch::io_detail {

namespace {

// The columns the reader knows; any other column is ignored.
enum Column : std::size_t {
  c_id,
  c_kind,
  c_name,
  c_text,
  c_competences,
  c_offers,
  c_needs,
  c_keywords,
  c_lang,
  c_country,
  c_region,
  c_nuts,
  c_city,
  c_lat,
  c_lon,
  c_sme,
  c_embedding,
  c_projects,
  c_partners,
  column_count
};
constexpr std::array<std::string_view, column_count> column_names{
    "id",       "kind", "name",      "text",     "competences", "offers", "needs",
    "keywords", "lang", "country",   "region",   "nuts",        "city",   "lat",
    "lon",      "sme",  "embedding", "projects", "partners"};
constexpr std::size_t no_column = static_cast<std::size_t>(-1);

std::string lower(std::string s) {
  for (char& c : s) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  return s;
}

// The delimiter that occurs most often outside quotes in the header line; ',' by default.
char detect_delimiter(std::string_view header) {
  std::size_t comma = 0, semicolon = 0, tab = 0;
  bool quoted = false;
  for (const char c : header) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    comma += c == ',';
    semicolon += c == ';';
    tab += c == '\t';
  }
  if (semicolon > comma && semicolon >= tab) return ';';
  if (tab > comma && tab > semicolon) return '\t';
  return ',';
}

class CsvParser {
 public:
  CsvParser(LineReader& lines, const ReadOptions& options) : lines_(lines), options_(options) {}

  // Splits the record that starts with `line` (just read) into fields_, reading further
  // lines while a quoted field continues. Returns the number of fields.
  std::size_t parse_record(std::string_view line, char delim, const Where& at) {
    count_ = 0;
    std::size_t total = line.size();
    std::size_t i = 0;
    for (;;) {
      std::string& f = new_field();
      std::size_t j = i;
      while (j < line.size() && (line[j] == ' ' || line[j] == '\t') && line[j] != delim) ++j;
      if (j < line.size() && line[j] == '"') {
        i = j + 1;
        for (;;) {
          const std::size_t q = line.find('"', i);
          if (q == std::string_view::npos) {
            // The quoted field continues on the next physical line.
            f.append(line.substr(i));
            f += '\n';
            if (!lines_.next(line))
              fail_field(id_csv_structure, at, column(count_ - 1),
                         "has an unterminated quote (the file ends inside a quoted field)");
            total += line.size() + 1;
            if (total > options_.max_line_bytes)
              fail(id_limit, at,
                   "record longer than max_line_bytes (" + std::to_string(options_.max_line_bytes) +
                       " bytes)");
            i = 0;
            continue;
          }
          f.append(line.substr(i, q - i));
          if (q + 1 < line.size() && line[q + 1] == '"') {
            f += '"';
            i = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t') && line[i] != delim) ++i;
        if (i == line.size()) return count_;
        if (line[i] != delim)
          fail_field(id_csv_structure, at, column(count_ - 1),
                     "has an unexpected character after its closing quote (a quote inside a "
                     "quoted field must be doubled)");
        ++i;
      } else {
        const std::size_t d = line.find(delim, i);
        if (d == std::string_view::npos) {
          f.append(line.substr(i));
          return count_;
        }
        f.append(line.substr(i, d - i));
        i = d + 1;
      }
    }
  }

  std::string& field(std::size_t i) { return fields_[i]; }
  void set_header(std::vector<std::string> names) { header_ = std::move(names); }

 private:
  std::string& new_field() {
    if (count_ == fields_.size()) fields_.emplace_back();
    std::string& f = fields_[count_++];
    f.clear();
    return f;
  }

  // The header name of column i, for messages ("column N" when unnamed or beyond).
  std::string column(std::size_t i) const {
    if (i < header_.size() && !header_[i].empty()) return header_[i];
    return "column " + std::to_string(i + 1);
  }

  LineReader& lines_;
  const ReadOptions& options_;
  std::vector<std::string> fields_;  // reused between records
  std::size_t count_ = 0;
  std::vector<std::string> header_;
};

std::optional<double> parse_number(std::string_view cell, std::string_view name, char delim,
                                   const Where& at) {
  std::string_view t = trim(cell);
  if (t.empty()) return std::nullopt;
  std::string buf;
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  // "51,03" with ';' as the delimiter: a decimal comma (German spreadsheets).
  if (delim != ',' && t.find('.') == std::string_view::npos &&
      t.find(',') != std::string_view::npos && t.find(',') == t.rfind(',')) {
    buf = t;
    buf[buf.find(',')] = '.';
    t = buf;
  }
  double v = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec == std::errc::result_out_of_range)
    fail_field(id_coordinates, at, name, "is out of range: \"" + excerpt(cell) + "\"");
  if (ec != std::errc() || end != t.data() + t.size() || !std::isfinite(v))
    fail_field(id_wrong_type, at, name, "must be a number, not \"" + excerpt(cell) + "\"");
  return v;
}

std::optional<bool> parse_bool(std::string_view cell, const Where& at) {
  const std::string_view t = trim(cell);
  if (t.empty()) return std::nullopt;
  std::string l(t.substr(0, 8));
  for (char& c : l) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  if (t.size() <= 8) {
    if (l == "true" || l == "1" || l == "yes" || l == "ja") return true;
    if (l == "false" || l == "0" || l == "no" || l == "nein") return false;
  }
  fail_field(
      id_wrong_type, at, "sme",
      "must be a boolean (true/false/1/0/yes/no/ja/nein or empty), not \"" + excerpt(cell) + "\"");
}

}  // namespace

std::vector<Profile> read_csv(LineReader& lines, const ReadOptions& options) {
  CsvParser parser(lines, options);
  std::string_view line;

  // Header: the first non-blank line.
  bool have_header = false;
  while (lines.next(line)) {
    if (!trim(line).empty()) {
      have_header = true;
      break;
    }
  }
  if (!have_header) {
    if (lines.line_number() == 0) fail(id_no_profiles, {lines.source(), 1}, "the file is empty");
    fail(id_no_profiles, lines.where(), "no profiles: the file has only blank lines");
  }
  const char delim = detect_delimiter(line);
  const Where header_at = lines.where();
  const std::size_t width = parser.parse_record(line, delim, header_at);
  std::array<std::size_t, column_count> col;
  col.fill(no_column);
  std::vector<std::string> names(width);
  for (std::size_t i = 0; i < width; ++i) {
    std::string name(trim(parser.field(i)));
    for (char& c : name) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    if (!name.empty()) {
      for (std::size_t j = 0; j < i; ++j)
        if (names[j] == name)
          fail_field(id_csv_structure, header_at, excerpt(name),
                     "appears twice in the header (columns " + std::to_string(j + 1) + " and " +
                         std::to_string(i + 1) + ")");
    }
    std::string_view as = name;
    for (const auto& [from, to] : options.rename)
      if (lower(from) == name) as = to;
    for (std::size_t c = 0; c < column_count; ++c)
      if (column_names[c] == as) col[c] = i;
    names[i] = std::move(name);
  }
  if (col[c_id] == no_column) fail(id_csv_structure, header_at, "the header has no \"id\" column");
  parser.set_header(names);

  std::vector<Profile> out;
  IdRegistry ids;
  const auto cell = [&](Column c) -> std::string* {
    return col[c] == no_column ? nullptr : &parser.field(col[c]);
  };
  while (lines.next(line)) {
    if (trim(line).empty()) continue;  // blank lines between records
    const Where at = lines.where();
    const std::size_t n = parser.parse_record(line, delim, at);
    if (n != width)
      fail(id_csv_structure, at,
           "the record has " + std::to_string(n) + " fields but the header has " +
               std::to_string(width));
    Profile p;
    p.id = std::move(*cell(c_id));
    ids.add(p.id, at);
    if (const std::string* s = cell(c_kind)) p.kind = parse_kind(*s, at);
    if (std::string* s = cell(c_name)) p.name = std::move(*s);
    if (std::string* s = cell(c_text)) p.text = std::move(*s);
    if (std::string* s = cell(c_competences)) p.competences = std::move(*s);
    if (std::string* s = cell(c_offers)) p.offers = std::move(*s);
    if (std::string* s = cell(c_needs)) p.needs = std::move(*s);
    if (const std::string* s = cell(c_keywords))
      split_keywords(*s, ";|", options.max_keywords, at, p.keywords);
    if (const std::string* s = cell(c_projects))
      split_keywords(*s, ";|", options.max_links, at, p.projects, "projects");
    if (const std::string* s = cell(c_partners))
      split_keywords(*s, ";|", options.max_links, at, p.partners, "partners");
    if (const std::string* s = cell(c_lang)) p.lang = parse_lang(*s, at);
    if (const std::string* s = cell(c_country)) p.country = normalize_country(*s);
    // "nuts" is an alias of "region"; a non-empty "region" wins.
    const std::string* region = cell(c_region);
    if (region != nullptr && !trim(*region).empty())
      p.region = *region;
    else if (const std::string* s = cell(c_nuts))
      p.region = *s;
    if (std::string* s = cell(c_city)) p.city = std::move(*s);
    if (const std::string* s = cell(c_lat)) p.lat = parse_number(*s, "lat", delim, at);
    if (const std::string* s = cell(c_lon)) p.lon = parse_number(*s, "lon", delim, at);
    check_coordinates(p, at);
    if (const std::string* s = cell(c_sme)) p.sme = parse_bool(*s, at);
    if (const std::string* s = cell(c_embedding)) p.embedding = parse_embedding(*s, options, at);
    check_text_sizes(p, options, at);
    out.push_back(std::move(p));
  }
  if (out.empty())
    fail(id_no_profiles, {lines.source(), lines.line_number() + 1},
         "no profiles: the file has a header but no records");
  return out;
}

}  // namespace scoutmatch::io_detail
