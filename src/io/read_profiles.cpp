/// \file read_profiles.cpp
/// Entry points of the profile readers: option checks, format and gzip detection.

#include "scoutmatch/io/read_profiles.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "io/detail/reader.hpp"
#include "scoutmatch/error.hpp"

namespace scoutmatch {

void ReadOptions::validate() const {
  const auto zero = [](const char* name) {
    throw invalid_argument(io_detail::id_read_options,
                           std::string("ReadOptions::") + name + " must be at least 1");
  };
  if (max_line_bytes == 0) zero("max_line_bytes");
  if (max_keywords == 0) zero("max_keywords");
  if (max_json_depth == 0) zero("max_json_depth");
  if (max_embedding_dim == 0) zero("max_embedding_dim");
  if (max_text_bytes == 0) zero("max_text_bytes");
  if (max_links == 0) zero("max_links");
  static constexpr std::string_view known[] = {
      "id",       "kind", "name",      "text",     "competences", "offers", "needs",
      "keywords", "lang", "country",   "region",   "nuts",        "city",   "lat",
      "lon",      "sme",  "embedding", "projects", "partners"};
  for (const auto& [from, to] : rename) {
    if (from.empty() || std::find(std::begin(known), std::end(known), to) == std::end(known))
      throw invalid_argument("scoutmatch.options.read.2",
                             "cannot read field \"" + from + "\" as \"" + to +
                                 "\": the target must be a profile field (id, kind, name, text, "
                                 "competences, offers, needs, keywords, lang, country, region, "
                                 "city, lat, lon, sme, embedding, projects, partners)");
  }
}

namespace {

using namespace io_detail;

std::string lower_ascii(std::string s) {
  for (char& c : s) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  return s;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Decompresses when the data starts with the gzip magic (or must, when `expect_gzip`), then
// parses. An empty input is "no profiles", whatever the extension says.
std::vector<Profile> read_from(ByteSource& raw, ProfileFormat format, std::string_view source,
                               bool expect_gzip, const ReadOptions& options) {
  std::optional<PeekSource> peek;
  try {
    peek.emplace(raw);
  } catch (const SourceFailure& f) {
    throw file_error(f.id, std::string(source) + ":1: " + f.message);
  }
  const bool gz = is_gzip_magic(peek->head());
  if (expect_gzip && !gz && !peek->head().empty())
    fail(id_gzip, {source, 1},
         "not gzip data (the file name ends in .gz but the data does not "
         "start with the gzip magic bytes 1f 8b)");
  std::optional<GzipSource> gunzip;
  ByteSource* src = &*peek;
  if (gz) {
    try {
      gunzip.emplace(*peek);
    } catch (const SourceFailure& f) {
      fail(f.id, {source, 1}, f.message);
    }
    src = &*gunzip;
  }
  LineReader lines(*src, source, options.max_line_bytes);
  return format == ProfileFormat::csv ? read_csv(lines, options) : read_jsonl(lines, options);
}

}  // namespace

std::vector<Profile> read_profiles(const std::filesystem::path& path, const ReadOptions& options) {
  options.validate();
  const std::string source = path.string();
  std::string name = lower_ascii(path.filename().string());
  const bool gz_name = ends_with(name, ".gz");
  if (gz_name) name.resize(name.size() - 3);
  ProfileFormat format;
  if (ends_with(name, ".jsonl") || ends_with(name, ".ndjson") || ends_with(name, ".json"))
    format = ProfileFormat::jsonl;
  else if (ends_with(name, ".csv"))
    format = ProfileFormat::csv;
  else
    throw file_error(id_unknown_extension,
                     source +
                         ": unknown file extension (expected .jsonl, .ndjson, .json or "
                         ".csv, optionally followed by .gz)");
  FileSource file(path, source);
  return read_from(file, format, source, gz_name, options);
}

std::vector<Profile> read_profiles(std::istream& in, ProfileFormat format, std::string_view source,
                                   const ReadOptions& options) {
  options.validate();
  StreamSource stream(in);
  return read_from(stream, format, source, false, options);
}

}  // namespace scoutmatch
