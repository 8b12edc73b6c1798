#include "scoutmatch/io/landscape_page.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <string_view>
#include <system_error>
#include <unordered_map>

#include "scoutmatch/error.hpp"
#include "scoutmatch/io/atomic_file.hpp"

namespace scoutmatch {
namespace {

using json = nlohmann::json;

constexpr std::string_view page_template =
#include "landscape_page.html.inc"
    ;

// `v` rounded to `digits` decimals, so that the JSON stays short.
double rounded(double v, int digits) {
  const double f = std::pow(10.0, digits);
  return std::round(v * f) / f;
}

json kinds_json(const std::array<std::size_t, kind_count>& kinds) {
  json j = json::object();
  for (std::size_t k = 0; k < kind_count; ++k)
    if (kinds[k]) j[std::string(to_string(static_cast<Kind>(k)))] = kinds[k];
  return j;
}

json members_json(const Index& index, const std::vector<TopicMember>& members) {
  json a = json::array();
  for (const TopicMember& m : members) {
    const Profile& p = index.profile(m.doc);
    a.push_back({{"id", p.id},
                 {"name", p.name},
                 {"kind", std::string(to_string(p.kind))},
                 {"similarity", rounded(m.similarity, 4)}});
  }
  return a;
}

void check_landscape(const Index& index, const Landscape& l) {
  if (l.topic_of.size() != index.size() || l.xy.size() != index.size() ||
      l.similarity.size() != index.size() || l.topic_xy.size() != l.topics.size())
    throw invalid_argument("scoutmatch.landscape.3",
                           "the landscape was not built from this index (sizes differ)");
}

// Replaces every occurrence of `key` in `s` by `value`.
void replace_all(std::string& s, std::string_view key, std::string_view value) {
  for (std::size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + value.size()))
    s.replace(at, key.size(), value);
}

}  // namespace

void LandscapePageOptions::validate() const {
  auto fail = [](const std::string& m) {
    throw invalid_argument("scoutmatch.landscape.3", "LandscapePageOptions::" + m);
  };
  if (partners > 50) fail("partners must be in 0..50, got " + std::to_string(partners));
  if (explain_terms < 1 || explain_terms > 20)
    fail("explain_terms must be in 1..20, got " + std::to_string(explain_terms));
  if (threads > 4096) fail("threads must be at most 4096, got " + std::to_string(threads));
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::vector<std::vector<Match>> landscape_partners(const Index& index,
                                                   const LandscapePageOptions& options) {
  options.validate();
  std::vector<std::vector<Match>> out(index.size());
  if (options.partners == 0 || index.size() == 0) return out;
  // Batches keep memory bounded and let the caller show progress.
  constexpr std::size_t batch = 1024;
  std::vector<Query> queries;
  for (std::size_t begin = 0; begin < index.size(); begin += batch) {
    const std::size_t end = std::min(index.size(), begin + batch);
    queries.clear();
    for (std::size_t d = begin; d < end; ++d) {
      Query q = Query::similar_to(index.profile(static_cast<std::uint32_t>(d)).id);
      q.k(std::min(options.partners, index.options().max_k))
          .kinds(options.partner_kinds)
          .explain(true, options.explain_terms);
      queries.push_back(std::move(q));
    }
    auto results = index.recommend_batch(queries, options.threads);
    for (std::size_t i = 0; i < results.size(); ++i) out[begin + i] = std::move(results[i]);
    if (options.progress) options.progress(end, index.size());
  }
  return out;
}

std::string landscape_json(const Index& index, const Landscape& l) {
  check_landscape(index, l);
  json topics = json::array();
  for (const Topic& t : l.topics) {
    json terms = json::array();
    for (const TopicTerm& x : t.terms)
      terms.push_back({{"term", x.term},
                       {"stem", x.stem},
                       {"weight", rounded(x.weight, 5)},
                       {"contrast", rounded(x.contrast, 5)}});
    topics.push_back({{"id", t.id},
                      {"label", t.label},
                      {"size", t.size},
                      {"cohesion", rounded(t.cohesion, 4)},
                      {"x", rounded(l.topic_xy[t.id][0], 4)},
                      {"y", rounded(l.topic_xy[t.id][1], 4)},
                      {"kinds", kinds_json(t.kinds)},
                      {"terms", terms},
                      {"companies", members_json(index, t.companies)},
                      {"research", members_json(index, t.research)}});
  }
  json counts = json::array();
  for (const LandscapeCount& c : l.counts)
    counts.push_back({{"topic", c.topic},
                      {"kind", std::string(to_string(c.kind))},
                      {"region", c.region},
                      {"count", c.count}});
  json profiles = json::array();
  for (std::uint32_t d = 0; d < index.size(); ++d) {
    const Profile& p = index.profile(d);
    json j{{"id", p.id},
           {"kind", std::string(to_string(p.kind))},
           {"topic", l.topic_of[d] < 0 ? json(nullptr) : json(l.topic_of[d])},
           {"similarity", rounded(l.similarity[d], 4)},
           {"x", rounded(l.xy[d][0], 4)},
           {"y", rounded(l.xy[d][1], 4)}};
    profiles.push_back(std::move(j));
  }
  const json doc{{"profiles_total", index.size()},
                 {"topics_requested", l.requested_topics},
                 {"iterations", l.iterations},
                 {"objective", rounded(l.objective, 5)},
                 {"unassigned", l.unassigned},
                 {"topics", topics},
                 {"counts", counts},
                 {"profiles", profiles}};
  return doc.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string landscape_html(const Index& index, const Landscape& l,
                           const std::vector<std::vector<Match>>& partners,
                           const LandscapePageOptions& options) {
  options.validate();
  check_landscape(index, l);
  const std::size_t n = index.size();
  if (!partners.empty() && partners.size() != n)
    throw invalid_argument("scoutmatch.landscape.3",
                           "partners must be empty or hold one list per profile");

  // Profiles as columns (shorter than one object per profile).
  json id = json::array(), name = json::array(), kind = json::array(), topic = json::array(),
       region = json::array(), city = json::array(), x = json::array(), y = json::array(),
       lat = json::array(), lon = json::array(), sim = json::array();
  for (std::uint32_t d = 0; d < n; ++d) {
    const Profile& p = index.profile(d);
    id.push_back(p.id);
    name.push_back(p.name);
    kind.push_back(static_cast<int>(p.kind));
    topic.push_back(l.topic_of[d]);
    region.push_back(landscape_region(p));
    city.push_back(p.city);
    x.push_back(rounded(l.xy[d][0], 4));
    y.push_back(rounded(l.xy[d][1], 4));
    lat.push_back(p.lat && p.lon ? json(rounded(*p.lat, 4)) : json(nullptr));
    lon.push_back(p.lat && p.lon ? json(rounded(*p.lon, 4)) : json(nullptr));
    sim.push_back(rounded(l.similarity[d], 3));
  }

  // Partners: [doc, score, [term index, percent, ...], distance_km?]; terms shared.
  std::vector<std::string> terms;
  std::unordered_map<std::string, std::size_t> term_ids;
  json plist = json::array();
  for (std::uint32_t d = 0; d < n; ++d) {
    json row = json::array();
    if (!partners.empty())
      for (const Match& m : partners[d]) {
        json flat = json::array();
        std::optional<double> km;
        if (m.explanation) {
          for (const TermContribution& t : m.explanation->terms) {
            auto [it, fresh] = term_ids.try_emplace(t.term, terms.size());
            if (fresh) terms.push_back(t.term);
            flat.push_back(it->second);
            flat.push_back(static_cast<int>(std::lround(t.share * 100)));
          }
          km = m.explanation->distance_km;
        }
        json p = json::array({m.doc, rounded(m.score, 3), flat});
        if (km) p.push_back(rounded(*km, 1));
        row.push_back(std::move(p));
      }
    plist.push_back(std::move(row));
  }

  json topics = json::array();
  for (const Topic& t : l.topics) {
    json tt = json::array(), comp = json::array(), res = json::array(), kinds = json::array();
    for (const TopicTerm& x : t.terms) tt.push_back(x.term);
    for (const TopicMember& m : t.companies) comp.push_back(m.doc);
    for (const TopicMember& m : t.research) res.push_back(m.doc);
    for (std::size_t k : t.kinds) kinds.push_back(k);
    topics.push_back({{"label", t.label},
                      {"terms", tt},
                      {"size", t.size},
                      {"cohesion", rounded(t.cohesion, 3)},
                      {"x", rounded(l.topic_xy[t.id][0], 4)},
                      {"y", rounded(l.topic_xy[t.id][1], 4)},
                      {"kinds", kinds},
                      {"companies", comp},
                      {"research", res}});
  }
  json kinds = json::array();
  for (std::size_t k = 0; k < kind_count; ++k)
    kinds.push_back(std::string(to_string(static_cast<Kind>(k))));
  json partner_kinds = json::array();
  for (Kind k : options.partner_kinds) partner_kinds.push_back(std::string(to_string(k)));

  const json data{{"settings",
                   {{"partners", partners.empty() ? 0 : options.partners},
                    {"partner_kinds", partner_kinds},
                    {"iterations", l.iterations},
                    {"objective", rounded(l.objective, 4)}}},
                  {"kinds", kinds},
                  {"topics", topics},
                  {"terms", terms},
                  {"profiles",
                   {{"id", id},
                    {"name", name},
                    {"kind", kind},
                    {"topic", topic},
                    {"region", region},
                    {"city", city},
                    {"x", x},
                    {"y", y},
                    {"lat", lat},
                    {"lon", lon},
                    {"sim", sim}}},
                  {"partners", plist}};
  // '<' only occurs inside JSON strings, where \u003c means the same: no "</script>" can
  // end the data block early.
  std::string blob = data.dump(-1, ' ', false, json::error_handler_t::replace);
  replace_all(blob, "<", "\\u003c");

  // Fill the placeholders in one pass, so that text substituted for one is never scanned
  // for another.
  const std::string title = html_escape(options.title);
  std::string page;
  page.reserve(page_template.size() + blob.size() + 2 * title.size());
  std::size_t from = 0;
  while (true) {
    const std::size_t at = page_template.find('@', from);
    if (at == std::string_view::npos) break;
    const std::string_view rest = page_template.substr(at);
    page.append(page_template.substr(from, at - from));
    if (rest.starts_with("@TITLE@")) {
      page += title;
      from = at + 7;
    } else if (rest.starts_with("@DATA@")) {
      page += blob;
      from = at + 6;
    } else {
      page += '@';
      from = at + 1;
    }
  }
  page.append(page_template.substr(from));
  return page;
}

LandscapeFiles write_landscape(const Index& index, const Landscape& landscape,
                               const std::filesystem::path& dir,
                               const LandscapePageOptions& options) {
  options.validate();
  check_landscape(index, landscape);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw file_error("scoutmatch.landscape.4",
                     dir.string() + ": cannot create the output directory" +
                         (ec ? ": " + ec.message() : std::string(" (a file has that name)")));
  const std::vector<std::vector<Match>> partners = landscape_partners(index, options);
  LandscapeFiles files{dir / "landscape.json", dir / "landscape.html", 0, 0};
  const std::string j = landscape_json(index, landscape);
  const std::string h = landscape_html(index, landscape, partners, options);
  write_file_atomically(files.json, {j});
  write_file_atomically(files.html, {h});
  files.json_bytes = j.size();
  files.html_bytes = h.size();
  return files;
}

}  // namespace scoutmatch
