/// \file jsonl.cpp
/// JSON Lines reader: one JSON object per line, parsed with simdjson (nlohmann/json words
/// the reason when a line is not valid JSON).

#include <simdjson.h>
#include <nlohmann/json.hpp>

#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <string>

#include "io/detail/reader.hpp"

namespace scoutmatch::io_detail {

namespace {

using json = nlohmann::json;
namespace dom = simdjson::dom;

// Rejects lines nested deeper than `max_depth` before the parser sees them, so that a line
// of a million '[' costs one linear scan and no parser state or recursion.
void check_depth(std::string_view line, std::size_t max_depth, const Where& at) {
  std::size_t depth = 0;
  bool in_string = false;
  const char* p = line.data();
  const char* const end = p + line.size();
  for (; p != end; ++p) {
    const char c = *p;
    if (in_string) {
      if (c == '\\') {
        if (p + 1 != end) ++p;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth)
        fail(id_limit, at,
             "JSON nested deeper than max_json_depth (" + std::to_string(max_depth) + ")");
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
}

// nlohmann's message without its own id and the always-1 line number.
std::string json_reason(const json::exception& e) {
  std::string_view w = e.what();
  if (const auto b = w.find("] "); b != std::string_view::npos) w.remove_prefix(b + 2);
  constexpr std::string_view at_line = "parse error at line 1, ";
  if (w.substr(0, at_line.size()) == at_line) w.remove_prefix(at_line.size());
  return excerpt(w, 300);
}

// The type names of the messages (nlohmann/json's, which the reader has always used).
const char* type_name(dom::element v) noexcept {
  switch (v.type()) {
    case dom::element_type::ARRAY:
      return "array";
    case dom::element_type::OBJECT:
      return "object";
    case dom::element_type::INT64:
    case dom::element_type::UINT64:
    case dom::element_type::DOUBLE:
      return "number";
    case dom::element_type::STRING:
      return "string";
    case dom::element_type::BOOL:
      return "boolean";
    case dom::element_type::NULL_VALUE:
      return "null";
  }
  return "value";
}

[[noreturn]] void wrong_type(const Where& at, std::string_view field, std::string_view expected,
                             dom::element v) {
  fail_field(id_wrong_type, at, field,
             "must be " + std::string(expected) + ", not " + std::string(type_name(v)));
}

bool is_number(dom::element v) noexcept {
  return v.is_int64() || v.is_uint64() || v.is_double();
}

// A number as a double (integers converted, as nlohmann did).
double number_of(dom::element v) noexcept {
  if (v.is_double()) return v.get_double().value_unsafe();
  if (v.is_int64()) return static_cast<double>(v.get_int64().value_unsafe());
  return static_cast<double>(v.get_uint64().value_unsafe());
}

std::string_view string_of(dom::element v) noexcept {
  return v.get_string().value_unsafe();
}

// The members of one JSON object as the profile sees them: the last value of a repeated
// key (as nlohmann kept it), then ReadOptions::rename applied in order (a renamed member
// replaces the member of its new name). Objects have a handful of members: a flat list.
class Members {
 public:
  Members(dom::object obj, const ReadOptions& opt) {
    for (const dom::key_value_pair kv : obj) {
      if (const std::size_t i = index(kv.key); i != npos)
        list_[i].second = kv.value;
      else
        list_.emplace_back(kv.key, kv.value);
    }
    for (const auto& [from, to] : opt.rename) {
      const std::size_t f = index(from);
      if (f == npos || from == to) continue;
      list_[f].first = to;
      if (const std::size_t t = index(to, f); t != npos) list_.erase(list_.begin() + t);
    }
  }

  /// The value of `key`; nullopt when it is absent or null.
  std::optional<dom::element> get(std::string_view key) const {
    const std::size_t i = index(key);
    if (i == npos || list_[i].second.is_null()) return std::nullopt;
    return list_[i].second;
  }

 private:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  std::size_t index(std::string_view key, std::size_t skip = npos) const noexcept {
    for (std::size_t i = 0; i < list_.size(); ++i)
      if (i != skip && list_[i].first == key) return i;
    return npos;
  }
  std::vector<std::pair<std::string_view, dom::element>> list_;
};

// A string field: a string, or an array of strings joined with "\n" (null entries skipped).
void take_text(const Members& obj, const char* key, std::string& dst, const Where& at) {
  const auto v = obj.get(key);
  if (!v) return;
  if (v->is_string()) {
    dst = string_of(*v);
    return;
  }
  if (!v->is_array()) wrong_type(at, key, "a string or an array of strings", *v);
  const dom::array a = v->get_array().value_unsafe();
  std::size_t i = 0;
  for (const dom::element e : a) {
    if (e.is_string()) {
      if (!dst.empty()) dst += '\n';
      dst += string_of(e);
    } else if (!e.is_null()) {
      wrong_type(at, std::string(key) + "[" + std::to_string(i) + "]", "a string", e);
    }
    ++i;
  }
}

// A plain string field (no arrays): country, region, city, kind, lang.
std::optional<std::string_view> get_string(const Members& obj, const char* key, const Where& at) {
  const auto v = obj.get(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) wrong_type(at, key, "a string", *v);
  return string_of(*v);
}

std::optional<double> get_number(const Members& obj, const char* key, const Where& at) {
  const auto v = obj.get(key);
  if (!v) return std::nullopt;
  if (!is_number(*v)) wrong_type(at, key, "a number", *v);
  return number_of(*v);
}

// A list field (keywords, projects, partners): an array of strings (null entries skipped)
// or one string split at ';'; entries trimmed, empty ones dropped.
void take_list(const Members& obj, const char* key, std::size_t max, const Where& at,
               std::vector<std::string>& out) {
  const auto v = obj.get(key);
  if (!v) return;
  const std::string limit = std::string(key) == "keywords" ? "max_keywords" : "max_links";
  if (v->is_string()) {
    split_keywords(string_of(*v), ";", max, at, out, key);
  } else if (v->is_array()) {
    const dom::array a = v->get_array().value_unsafe();
    const std::size_t n = a.size();
    if (n > max)
      fail_field(id_limit, at, key,
                 "has more than " + limit + " (" + std::to_string(max) + ") entries");
    out.reserve(n);
    std::size_t i = 0;
    for (const dom::element e : a) {
      if (e.is_string()) {
        const std::string_view t = trim(string_of(e));
        if (!t.empty()) out.emplace_back(t);
      } else if (!e.is_null()) {
        wrong_type(at, std::string(key) + "[" + std::to_string(i) + "]", "a string", e);
      }
      ++i;
    }
  } else {
    wrong_type(at, key, "an array of strings or a string", *v);
  }
}

// Builds a profile; the id's uniqueness is checked later, in file order.
Profile profile_from_json(dom::object o, const Where& at, const ReadOptions& opt) {
  const Members obj(o, opt);
  Profile p;
  {
    const auto v = obj.get("id");
    if (!v) fail_field(id_missing_id, at, "id", "is missing");
    if (!v->is_string()) wrong_type(at, "id", "a string", *v);
    p.id = string_of(*v);
    if (trim(p.id).empty()) fail_field(id_missing_id, at, "id", "must not be empty");
  }
  if (const auto s = get_string(obj, "kind", at)) p.kind = parse_kind(*s, at);
  take_text(obj, "name", p.name, at);
  take_text(obj, "text", p.text, at);
  take_text(obj, "competences", p.competences, at);
  take_text(obj, "offers", p.offers, at);
  take_text(obj, "needs", p.needs, at);
  take_list(obj, "keywords", opt.max_keywords, at, p.keywords);
  take_list(obj, "projects", opt.max_links, at, p.projects);
  take_list(obj, "partners", opt.max_links, at, p.partners);
  if (const auto s = get_string(obj, "lang", at)) p.lang = parse_lang(*s, at);
  if (const auto s = get_string(obj, "country", at)) p.country = normalize_country(*s);
  // "nuts" is an alias of "region"; a non-empty "region" wins.
  const auto region = get_string(obj, "region", at);
  const auto nuts = get_string(obj, "nuts", at);
  if (region && !trim(*region).empty())
    p.region = *region;
  else if (nuts)
    p.region = *nuts;
  take_text(obj, "city", p.city, at);
  p.lat = get_number(obj, "lat", at);
  p.lon = get_number(obj, "lon", at);
  check_coordinates(p, at);
  if (const auto v = obj.get("sme")) {
    if (!v->is_bool()) wrong_type(at, "sme", "true, false or null", *v);
    p.sme = v->get_bool().value_unsafe();
  }
  if (const auto v = obj.get("embedding")) {
    if (!v->is_array()) wrong_type(at, "embedding", "an array of numbers", *v);
    const dom::array a = v->get_array().value_unsafe();
    check_embedding_size(a.size(), opt, at);
    p.embedding.reserve(a.size());
    std::size_t i = 0;
    for (const dom::element e : a) {
      if (!is_number(e)) wrong_type(at, "embedding[" + std::to_string(i) + "]", "a number", e);
      p.embedding.push_back(to_embedding_value(number_of(e), i, at));
      ++i;
    }
  }
  check_text_sizes(p, opt, at);
  return p;
}

// A run of consecutive non-blank lines, parsed by one task of the pipeline.
struct Batch {
  std::string data;                                        // the lines, back to back
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // offset and length in data
  std::vector<std::size_t> line_numbers;                   // 1-based line of each span
  std::vector<Profile> profiles;                           // parsed, in line order
  std::exception_ptr error;  // the first error of this batch; lines after it are not parsed
};

constexpr std::size_t batch_bytes = 1u << 20;  // target size of a batch
constexpr std::size_t batch_lines = 2048;      // most lines per batch

// Parses one line with simdjson. `line` must be followed by simdjson::SIMDJSON_PADDING
// readable bytes (the batch's data has them). A line simdjson refuses is parsed again with
// nlohmann/json, whose reason (with the column) is the one the messages have always had.
Profile parse_line(dom::parser& parser, std::string_view line, const Where& at,
                   const ReadOptions& options) {
  check_depth(line, options.max_json_depth, at);
  dom::element doc;
  if (const auto err = parser.parse(line.data(), line.size(), false).get(doc)) {
    try {
      [[maybe_unused]] const json accepted = json::parse(line.begin(), line.end());
    } catch (const json::exception& e) {
      fail(id_malformed_json, at, "malformed JSON: " + json_reason(e));
    }
    // Accepted by nlohmann only: integers beyond 64 bits.
    fail(id_malformed_json, at, std::string("malformed JSON: ") + simdjson::error_message(err));
  }
  if (!doc.is_object())
    fail(id_not_object, at, "each line must be a JSON object, not " + std::string(type_name(doc)));
  return profile_from_json(doc.get_object().value_unsafe(), at, options);
}

}  // namespace

std::vector<Profile> read_jsonl(LineReader& lines, const ReadOptions& options) {
  // A three-stage pipeline: reading and splitting (serial), JSON parsing (parallel), and
  // collecting with the duplicate-id check (serial, in file order). Errors travel with
  // their batch, so the error reported is always the first one in the file, as if read
  // sequentially. No exception leaves a stage (a cancelled TBB pipeline would leak the
  // batches in flight); after the first error the stages drain and the error is rethrown.
  std::vector<Profile> out;
  IdRegistry ids;
  bool done = false;                // input exhausted or failed (input stage only)
  std::atomic<bool> failed{false};  // an error was collected; stop reading and parsing
  std::exception_ptr error;         // the first error in file order (collect stage only)
  std::exception_ptr input_error;   // an error before any batch existed (input stage only)
  const auto read_batch = [&](tbb::flow_control& fc) -> std::shared_ptr<Batch> {
    if (done || failed.load(std::memory_order_relaxed)) {
      fc.stop();
      return nullptr;
    }
    std::shared_ptr<Batch> b;
    try {
      b = std::make_shared<Batch>();
      std::string_view line;
      while (b->data.size() < batch_bytes && b->spans.size() < batch_lines) {
        if (!lines.next(line)) {
          done = true;
          break;
        }
        if (trim(line).empty()) continue;  // blank lines are allowed anywhere
        b->spans.emplace_back(b->data.size(), line.size());
        b->line_numbers.push_back(lines.line_number());
        b->data.append(line);
      }
    } catch (...) {
      done = true;
      if (!b) {  // not even a batch to carry the error: it comes after all read lines
        input_error = std::current_exception();
        fc.stop();
        return nullptr;
      }
      b->error = std::current_exception();
    }
    if (b->spans.empty() && !b->error) {
      fc.stop();
      return nullptr;
    }
    return b;
  };
  const auto parse_batch = [&](std::shared_ptr<Batch> b) -> std::shared_ptr<Batch> {
    if (failed.load(std::memory_order_relaxed)) return b;  // will be dropped
    std::exception_ptr late = b->error;  // a read error comes after all lines of the batch
    b->error = nullptr;
    try {
      b->data.append(simdjson::SIMDJSON_PADDING, ' ');  // what simdjson may read past a line
      b->profiles.reserve(b->spans.size());
      dom::parser parser;  // per batch: no buffers kept after the read
      // Deep enough for whatever check_depth() lets through (its limit is configurable).
      if (parser.allocate(4096, std::max<std::size_t>(options.max_json_depth + 2,
                                                      simdjson::DEFAULT_MAX_DEPTH)) != 0)
        throw std::bad_alloc();
      for (std::size_t i = 0; i < b->spans.size(); ++i) {
        const auto [off, len] = b->spans[i];
        b->profiles.push_back(parse_line(parser, std::string_view(b->data).substr(off, len),
                                         {lines.source(), b->line_numbers[i]}, options));
      }
      b->error = late;
    } catch (...) {
      b->error = std::current_exception();
    }
    return b;
  };
  const auto collect = [&](std::shared_ptr<Batch> b) {
    if (failed.load(std::memory_order_relaxed)) return;
    try {
      for (std::size_t i = 0; i < b->profiles.size(); ++i) {
        ids.add(b->profiles[i].id, {lines.source(), b->line_numbers[i]});
        out.push_back(std::move(b->profiles[i]));
      }
      if (b->error) std::rethrow_exception(b->error);
    } catch (...) {
      error = std::current_exception();
      failed = true;
    }
  };

  const int threads = options.threads == 0
                          ? tbb::task_arena::automatic
                          : static_cast<int>(std::min<std::size_t>(options.threads, 1024));
  tbb::task_arena arena(threads);
  arena.execute([&] {
    const std::size_t tokens = 2 * static_cast<std::size_t>(arena.max_concurrency()) + 1;
    tbb::parallel_pipeline(
        tokens, tbb::make_filter<void, std::shared_ptr<Batch>>(tbb::filter_mode::serial_in_order,
                                                               read_batch) &
                    tbb::make_filter<std::shared_ptr<Batch>, std::shared_ptr<Batch>>(
                        tbb::filter_mode::parallel, parse_batch) &
                    tbb::make_filter<std::shared_ptr<Batch>, void>(
                        tbb::filter_mode::serial_in_order, collect));
  });
  if (error) std::rethrow_exception(error);
  if (input_error) std::rethrow_exception(input_error);

  if (out.empty()) {
    if (lines.line_number() == 0) fail(id_no_profiles, {lines.source(), 1}, "the file is empty");
    fail(id_no_profiles, lines.where(), "no profiles: the file has only blank lines");
  }
  return out;
}

}  // namespace scoutmatch::io_detail
