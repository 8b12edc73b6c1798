#include "scoutmatch/io/portfolio_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <system_error>
#include <unordered_set>

#include "scoutmatch/error.hpp"
#include "scoutmatch/version.hpp"

namespace scoutmatch {
namespace {

std::string_view trim(std::string_view s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string shared_terms(const Match& m, std::string_view sep) {
  std::string s;
  if (!m.explanation) return s;
  for (const TermContribution& t : m.explanation->terms) {
    if (!s.empty()) s += sep;
    s += t.term + " " + std::to_string(std::lround(t.share * 100)) + "%";
  }
  return s;
}

std::string field_names(FieldMask mask) {
  std::string s;
  for (std::size_t f = 0; f < field_count; ++f)
    if (mask & (1u << f)) {
      if (!s.empty()) s += ' ';
      s += to_string(static_cast<Field>(f));
    }
  return s;
}

}  // namespace

void PortfolioOptions::validate() const {
  auto fail = [](const std::string& m) {
    throw invalid_argument("scoutmatch.portfolio.3", "PortfolioOptions::" + m);
  };
  if (k < 1 || k > 1000) fail("k must be in 1..1000, got " + std::to_string(k));
  if (explain_terms < 1 || explain_terms > 50)
    fail("explain_terms must be in 1..50, got " + std::to_string(explain_terms));
  if (threads > 4096) fail("threads must be at most 4096, got " + std::to_string(threads));
}

std::vector<std::string> parse_id_list(std::string_view text) {
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  std::size_t line_start = 0;
  while (line_start <= text.size()) {
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    const std::string_view line = trim(text.substr(line_start, line_end - line_start));
    if (!line.starts_with('#')) {
      std::size_t b = 0;
      while (b <= line.size()) {
        std::size_t e = line.find_first_of(",;", b);
        if (e == std::string_view::npos) e = line.size();
        const std::string_view id = trim(line.substr(b, e - b));
        if (!id.empty() && seen.emplace(id).second) out.emplace_back(id);
        b = e + 1;
      }
    }
    line_start = line_end + 1;
  }
  return out;
}

std::vector<std::string> read_id_list(const std::string& file_or_list) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file_or_list, ec)) return parse_id_list(file_or_list);
  std::ifstream in(file_or_list, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof())
    throw file_error("scoutmatch.portfolio.4", file_or_list + ": cannot read the id list");
  if (!in.is_open())
    throw file_error("scoutmatch.portfolio.4", file_or_list + ": cannot open the id list");
  return parse_id_list(text.str());
}

Portfolio build_portfolio(const Index& index, std::span<const std::string> ids,
                          const PortfolioOptions& options) {
  options.validate();
  if (ids.empty())
    throw invalid_argument("scoutmatch.portfolio.2", "the list of profile ids is empty");
  std::vector<std::string> missing;
  std::size_t missing_count = 0;
  Portfolio out;
  out.options = options;
  out.options.progress = nullptr;
  for (const std::string& id : ids) {
    const auto doc = index.find(id);
    if (!doc) {
      if (missing.size() < 10) missing.push_back(id);
      ++missing_count;
      continue;
    }
    out.entries.push_back({*doc, {}});
  }
  if (missing_count) {
    std::string list;
    for (const std::string& id : missing) list += (list.empty() ? "\"" : ", \"") + id + "\"";
    if (missing_count > missing.size())
      list += " and " + std::to_string(missing_count - missing.size()) + " more";
    throw not_found("scoutmatch.portfolio.1", std::to_string(missing_count) + " of " +
                                                  std::to_string(ids.size()) +
                                                  " ids are not in the index: " + list);
  }
  constexpr std::size_t batch = 64;
  std::vector<Query> queries;
  for (std::size_t begin = 0; begin < out.entries.size(); begin += batch) {
    const std::size_t end = std::min(out.entries.size(), begin + batch);
    queries.clear();
    for (std::size_t i = begin; i < end; ++i) {
      Query q = Query::similar_to(index.profile(out.entries[i].doc).id);
      q.k(options.k).kinds(options.kinds).explain(true, options.explain_terms);
      queries.push_back(std::move(q));
    }
    auto results = index.recommend_batch(queries, options.threads);
    for (std::size_t i = 0; i < results.size(); ++i)
      out.entries[begin + i].partners = std::move(results[i]);
    if (options.progress) options.progress(end, out.entries.size());
  }
  return out;
}

std::string csv_field(std::string_view s) {
  const bool quote = s.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!s.empty() && (s.front() == ' ' || s.back() == ' ' || s.front() == '\t' ||
                                     s.back() == '\t'));
  if (!quote) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string portfolio_csv(const Index& index, const Portfolio& portfolio) {
  std::string out =
      "profile_id,profile_name,rank,partner_id,partner_name,partner_kind,partner_region,"
      "partner_city,score,shared_terms,matched_fields,distance_km\r\n";
  auto row = [&out](std::initializer_list<std::string_view> fields) {
    bool first = true;
    for (std::string_view f : fields) {
      if (!first) out += ',';
      out += csv_field(f);
      first = false;
    }
    out += "\r\n";
  };
  for (const PortfolioEntry& e : portfolio.entries) {
    const Profile& p = index.profile(e.doc);
    if (e.partners.empty()) row({p.id, p.name, "", "", "", "", "", "", "", "", "", ""});
    for (const Match& m : e.partners) {
      const Profile& q = index.profile(m.doc);
      const std::string rank = std::to_string(m.rank), score = fixed(m.score, 4);
      const std::string terms = shared_terms(m, "; ");
      const std::string fields = m.explanation ? field_names(m.explanation->fields) : "";
      const std::string km = m.explanation && m.explanation->distance_km
                                 ? fixed(*m.explanation->distance_km, 1)
                                 : std::string();
      const std::string region = !q.region.empty() ? q.region : q.country;
      row({p.id, p.name, rank, q.id, q.name, to_string(q.kind), region, q.city, score, terms,
           fields, km});
    }
  }
  return out;
}

std::string portfolio_html(const Index& index, const Portfolio& portfolio, std::string_view title) {
  const auto& opt = portfolio.options;
  std::string kinds;
  for (Kind k : opt.kinds) kinds += (kinds.empty() ? "" : ", ") + std::string(to_string(k));
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>" + html_escape(title) + "</title>\n<style>\n";
  h += "body{font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;color:#1d2733;"
       "max-width:1100px;margin:24px auto;padding:0 16px}\n"
       "h1{font-size:22px}h2{font-size:17px;margin:28px 0 4px;border-top:2px solid #1d2733;"
       "padding-top:10px}.meta{color:#5a6875}\n"
       "table{border-collapse:collapse;width:100%;margin-top:8px}th,td{text-align:left;"
       "vertical-align:top;padding:5px 8px;border-bottom:1px solid #dde3e9}"
       "th{font-size:12px;text-transform:uppercase;color:#5a6875}\n"
       "td.num{text-align:right;font-variant-numeric:tabular-nums}"
       ".term{display:inline-block;margin:1px 6px 1px 0}"
       ".bar{display:inline-block;height:6px;background:#1557a0;border-radius:3px;"
       "margin-left:4px;vertical-align:middle}\n"
       "ol.toc{columns:2}@media print{h2{break-before:auto}tr{break-inside:avoid}}\n";
  h += "</style>\n</head>\n<body>\n";
  h += "<h1>" + html_escape(title) + "</h1>\n";
  h += "<p class=\"meta\">" + std::to_string(portfolio.entries.size()) + " profiles, top " +
       std::to_string(opt.k) + " partners each" +
       (kinds.empty() ? std::string() : " (" + html_escape(kinds) + ")") +
       ". Shared terms show each term's share of the match score. Made by scoutmatch " +
       std::string(version_string) + ".</p>\n<ol class=\"toc\">\n";
  for (std::size_t i = 0; i < portfolio.entries.size(); ++i) {
    const Profile& p = index.profile(portfolio.entries[i].doc);
    h += "<li><a href=\"#p" + std::to_string(i) + "\">" +
         html_escape(p.name.empty() ? p.id : p.name) + "</a></li>\n";
  }
  h += "</ol>\n";
  for (std::size_t i = 0; i < portfolio.entries.size(); ++i) {
    const PortfolioEntry& e = portfolio.entries[i];
    const Profile& p = index.profile(e.doc);
    std::string where = p.city;
    const std::string region = !p.region.empty() ? p.region : p.country;
    if (!region.empty()) where += (where.empty() ? "" : ", ") + region;
    h += "<section id=\"p" + std::to_string(i) + "\">\n<h2>" +
         html_escape(p.name.empty() ? p.id : p.name) + "</h2>\n<div class=\"meta\">" +
         html_escape(p.id) + " · " + std::string(to_string(p.kind)) +
         (where.empty() ? "" : " · " + html_escape(where)) + "</div>\n";
    if (!p.needs.empty()) h += "<p><b>Needs:</b> " + html_escape(p.needs) + "</p>\n";
    if (e.partners.empty()) {
      h += "<p class=\"meta\">No partner shares a term with this profile.</p>\n</section>\n";
      continue;
    }
    h += "<table>\n<tr><th>#</th><th>Partner</th><th>Kind</th><th>Region</th><th>Score</th>"
         "<th>Shared terms</th><th>Fields</th><th>km</th></tr>\n";
    for (const Match& m : e.partners) {
      const Profile& q = index.profile(m.doc);
      std::string terms;
      if (m.explanation)
        for (const TermContribution& t : m.explanation->terms)
          terms +=
              "<span class=\"term\">" + html_escape(t.term) + " " +
              std::to_string(std::lround(t.share * 100)) +
              "%<span class=\"bar\" style=\"width:" + std::to_string(std::lround(t.share * 60)) +
              "px\"></span></span>";
      const std::string qregion = !q.region.empty() ? q.region : q.country;
      const std::string qwhere =
          q.city.empty() ? qregion : q.city + (qregion.empty() ? "" : ", " + qregion);
      h += "<tr><td class=\"num\">" + std::to_string(m.rank) + "</td><td>" +
           html_escape(q.name.empty() ? q.id : q.name) + "<br><span class=\"meta\">" +
           html_escape(q.id) + "</span></td><td>" + std::string(to_string(q.kind)) + "</td><td>" +
           html_escape(qwhere) + "</td><td class=\"num\">" + fixed(m.score, 2) + "</td><td>" +
           terms + "</td><td>" +
           html_escape(m.explanation ? field_names(m.explanation->fields) : "") +
           "</td><td class=\"num\">" +
           (m.explanation && m.explanation->distance_km ? fixed(*m.explanation->distance_km, 0)
                                                        : "") +
           "</td></tr>\n";
    }
    h += "</table>\n</section>\n";
  }
  h += "</body>\n</html>\n";
  return h;
}

}  // namespace scoutmatch
