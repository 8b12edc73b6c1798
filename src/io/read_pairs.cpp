// Reader for evaluation pairs {"query": ID, "relevant": [ID, ...]} in JSON Lines.
#include "scoutmatch/io/read_pairs.hpp"

#include <nlohmann/json.hpp>

#include <optional>

#include "io/detail/reader.hpp"

namespace scoutmatch {

std::vector<EvalPair> read_pairs(const std::filesystem::path& path) {
  using namespace io_detail;
  const std::string name = path.string();
  FileSource file(path, name);
  std::optional<PeekSource> peek;
  try {
    peek.emplace(file);
  } catch (const SourceFailure& f) {
    if (f.id == id_read_error) throw file_error(f.id, name + ": " + f.message);
    throw parse_error(f.id, name + ": " + f.message);
  }
  std::optional<GzipSource> gz;
  ByteSource* src = &*peek;
  if (is_gzip_magic(peek->head())) src = &gz.emplace(*peek);
  LineReader lines(*src, name, ReadOptions{}.max_line_bytes);
  std::vector<EvalPair> pairs;
  std::string_view line;
  while (lines.next(line)) {
    if (trim(line).empty()) continue;
    const Where at = lines.where();
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
      fail(id_malformed_json, at, std::string("malformed JSON: ") + e.what());
    }
    if (!j.is_object()) fail(id_not_object, at, "a pairs line must be a JSON object");
    EvalPair p;
    auto q = j.find("query");
    if (q == j.end() || !q->is_string() || q->get_ref<const std::string&>().empty())
      fail_field(id_wrong_type, at, "query", "must be a non-empty string");
    p.query = q->get<std::string>();
    auto r = j.find("relevant");
    if (r == j.end() || !r->is_array())
      fail_field(id_wrong_type, at, "relevant", "must be a list of ids");
    for (const auto& id : *r) {
      if (!id.is_string()) fail_field(id_wrong_type, at, "relevant", "must be a list of strings");
      p.relevant.push_back(id.get<std::string>());
    }
    pairs.push_back(std::move(p));
  }
  if (pairs.empty()) fail(id_no_profiles, {name, lines.line_number()}, "no pairs in the file");
  return pairs;
}

}  // namespace scoutmatch
