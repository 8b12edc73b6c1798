// The competence landscape (match/landscape.hpp), its page (io/landscape_page.hpp) and the
// portfolio report (io/portfolio_report.hpp).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "scoutmatch/io/landscape_page.hpp"
#include "scoutmatch/io/portfolio_report.hpp"
#include "scoutmatch/match/landscape.hpp"
#include "test_helpers.hpp"

namespace sm = scoutmatch;
using sm::testing::error_id;
using json = nlohmann::json;

namespace {

// Three clearly separated themes, ten German profiles each, with varied wording; kinds
// and regions rotate so that every theme has companies and research partners.
std::vector<sm::Profile> themed_profiles() {
  const std::array<std::vector<std::string>, 3> themes{{
      {"Wasserstoff", "Elektrolyse", "Brennstoffzelle", "Wasserstoffspeicher", "Elektrolyseur",
       "Wasserstoff", "Tankstelle", "Membran"},
      {"Roboter", "Robotik", "Greifer", "Roboterarm", "Sensorik", "Roboter", "Steuerung",
       "Bahnplanung"},
      {"Holz", "Möbel", "Holzbau", "Furnier", "Sägewerk", "Holz", "Tischlerei", "Schreinerei"},
  }};
  const std::array<sm::Kind, 5> kinds{sm::Kind::company, sm::Kind::university, sm::Kind::research,
                                      sm::Kind::startup, sm::Kind::company};
  std::vector<sm::Profile> out;
  for (std::size_t t = 0; t < themes.size(); ++t)
    for (std::size_t i = 0; i < 10; ++i) {
      std::string text;
      for (std::size_t w = 0; w < 5; ++w) text += themes[t][(i + w * 3) % themes[t].size()] + " ";
      text += "und " + themes[t][i % themes[t].size()] + " für Kunden und Partner.";
      sm::Profile p = sm::testing::make_profile("t" + std::to_string(t) + "-" + std::to_string(i),
                                                kinds[i % kinds.size()], text, sm::Language::de);
      p.name = "Firma " + std::to_string(t) + "." + std::to_string(i);
      if (i % 3 == 0)
        p.region = "DEA5";
      else if (i % 3 == 1)
        p.region = "DE11";
      p.country = i % 3 == 2 ? "AT" : "DE";
      out.push_back(std::move(p));
    }
  return out;
}

const sm::Index& themed_index() {
  static const sm::Index index = sm::Index::build(themed_profiles());
  return index;
}

sm::LandscapeOptions three_topics() {
  sm::LandscapeOptions o;
  o.topics = 3;
  return o;
}

// The topic holding most profiles whose id starts with `prefix`.
std::size_t topic_of_theme(const sm::Index& index, const sm::Landscape& l,
                           const std::string& prefix) {
  std::map<std::int32_t, int> votes;
  for (std::uint32_t d = 0; d < index.size(); ++d)
    if (index.profile(d).id.rfind(prefix, 0) == 0) ++votes[l.topic_of[d]];
  return static_cast<std::size_t>(std::max_element(votes.begin(), votes.end(), [](auto a, auto b) {
                                    return a.second < b.second;
                                  })->first);
}

bool has_term(const sm::Topic& t, const std::string& surface) {
  for (const auto& x : t.terms)
    if (x.term == surface) return true;
  return false;
}

// A minimal RFC 4180 reader: records of fields.
std::vector<std::vector<std::string>> parse_csv(const std::string& s) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false, in_quotes = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      in_quotes = quoted = true;
    } else if (c == ',') {
      rows.back().push_back(field);
      field.clear();
    } else if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      rows.back().push_back(field);
      field.clear();
      rows.emplace_back();
      ++i;
    } else {
      field += c;
    }
  }
  (void)quoted;
  if (rows.back().empty() && field.empty()) rows.pop_back();
  return rows;
}

// The JSON data block embedded in a landscape page.
json page_data(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"landscape-data\">";
  const auto b = html.find(open);
  EXPECT_NE(b, std::string::npos);
  const auto e = html.find("</script>", b);
  return json::parse(html.substr(b + open.size(), e - b - open.size()));
}

}  // namespace

TEST(Landscape, FindsSeparatedThemesAndLabelsThemWithSurfaceForms) {
  const sm::Index& index = themed_index();
  const sm::Landscape l = sm::build_landscape(index, three_topics());
  ASSERT_EQ(l.topics.size(), 3u);
  const std::size_t h = topic_of_theme(index, l, "t0-"), r = topic_of_theme(index, l, "t1-"),
                    w = topic_of_theme(index, l, "t2-");
  EXPECT_EQ((std::set<std::size_t>{h, r, w}).size(), 3u);
  // Every profile is in its theme's topic.
  for (std::uint32_t d = 0; d < index.size(); ++d) {
    const std::string& id = index.profile(d).id;
    const std::size_t want = id[1] == '0' ? h : id[1] == '1' ? r : w;
    EXPECT_EQ(l.topic_of[d], static_cast<std::int32_t>(want)) << id;
  }
  for (const sm::Topic& t : l.topics) EXPECT_EQ(t.size, 10u);
  // Labels use the readable surface forms (capitalised, unstemmed), not the index terms.
  EXPECT_TRUE(has_term(l.topics[h], "Wasserstoff")) << l.topics[h].label;
  EXPECT_TRUE(has_term(l.topics[r], "Roboter")) << l.topics[r].label;
  EXPECT_TRUE(has_term(l.topics[w], "Holz")) << l.topics[w].label;
  for (const sm::Topic& t : l.topics) {
    EXPECT_FALSE(t.label.empty());
    for (const auto& x : t.terms) {
      EXPECT_NE(x.term, x.stem) << "surface form expected for " << x.stem;
      EXPECT_GT(x.weight, 0);
      EXPECT_GT(x.contrast, 0);
    }
    EXPECT_FALSE(has_term(t, "und"));  // stop words are not indexed
  }
  EXPECT_EQ(l.topics[h].label.find("Holz"), std::string::npos);
  EXPECT_EQ(l.topics[w].label.find("Wasserstoff"), std::string::npos);
  EXPECT_GT(l.objective, 0.3);
  EXPECT_GE(l.iterations, 1u);
}

TEST(Landscape, AutomaticTopicCount) {
  EXPECT_EQ(sm::auto_topic_count(0), 0u);
  EXPECT_EQ(sm::auto_topic_count(1), 1u);
  EXPECT_EQ(sm::auto_topic_count(8), 2u);
  EXPECT_EQ(sm::auto_topic_count(30), 4u);
  EXPECT_EQ(sm::auto_topic_count(320), 13u);
  EXPECT_EQ(sm::auto_topic_count(30000), 30u);
  const sm::Landscape l = sm::build_landscape(themed_index());
  EXPECT_EQ(l.requested_topics, 4u);
  EXPECT_GE(l.topics.size(), 3u);
  EXPECT_LE(l.topics.size(), 4u);
  // Sizes descending, ids in order.
  for (std::size_t i = 0; i < l.topics.size(); ++i) {
    EXPECT_EQ(l.topics[i].id, i);
    if (i) EXPECT_GE(l.topics[i - 1].size, l.topics[i].size);
  }
}

TEST(Landscape, CountsAddUp) {
  const sm::Index& index = themed_index();
  const sm::Landscape l = sm::build_landscape(index, three_topics());
  std::size_t total = 0;
  std::map<std::size_t, std::size_t> by_topic;
  std::map<std::string, std::size_t> by_region;
  for (const auto& c : l.counts) {
    EXPECT_GT(c.count, 0u);
    total += c.count;
    by_topic[c.topic] += c.count;
    by_region[c.region] += c.count;
  }
  EXPECT_EQ(total, index.size() - l.unassigned);
  EXPECT_EQ(l.unassigned, 0u);
  for (const sm::Topic& t : l.topics) {
    EXPECT_EQ(by_topic[t.id], t.size);
    std::size_t kinds = 0;
    for (auto k : t.kinds) kinds += k;
    EXPECT_EQ(kinds, t.size);
  }
  // Region, else country: i % 3 == 2 have no region and count under "AT".
  EXPECT_EQ(by_region["AT"], 9u);
  EXPECT_EQ(by_region["DEA5"], 12u);
  EXPECT_EQ(by_region["DE11"], 9u);
  // Sorted by topic, kind, region.
  for (std::size_t i = 1; i < l.counts.size(); ++i) {
    const auto& a = l.counts[i - 1];
    const auto& b = l.counts[i];
    EXPECT_TRUE(std::tie(a.topic, a.kind, a.region) < std::tie(b.topic, b.kind, b.region));
  }
}

TEST(Landscape, LeadersAreOfTheRightKindsAndClosestFirst) {
  const sm::Index& index = themed_index();
  sm::LandscapeOptions o = three_topics();
  o.leaders = 3;
  const sm::Landscape l = sm::build_landscape(index, o);
  for (const sm::Topic& t : l.topics) {
    ASSERT_FALSE(t.companies.empty());
    ASSERT_FALSE(t.research.empty());
    EXPECT_LE(t.companies.size(), 3u);
    for (std::size_t i = 0; i < t.companies.size(); ++i) {
      const sm::Kind k = index.profile(t.companies[i].doc).kind;
      EXPECT_TRUE(k == sm::Kind::company || k == sm::Kind::startup);
      EXPECT_EQ(l.topic_of[t.companies[i].doc], static_cast<std::int32_t>(t.id));
      if (i) EXPECT_GE(t.companies[i - 1].similarity, t.companies[i].similarity);
    }
    for (const auto& m : t.research) {
      const sm::Kind k = index.profile(m.doc).kind;
      EXPECT_TRUE(k == sm::Kind::university || k == sm::Kind::research);
    }
    EXPECT_GT(t.cohesion, 0);
    EXPECT_LE(t.cohesion, 1.0001);
  }
}

TEST(Landscape, DeterministicForASeedWhateverTheThreads) {
  const sm::Index index = sm::Index::build(sm::read_profiles(sm::testing::demo_profiles()));
  sm::LandscapeOptions a;
  a.threads = 1;
  sm::LandscapeOptions b;
  b.threads = 2;
  const sm::Landscape x = sm::build_landscape(index, a), y = sm::build_landscape(index, b);
  ASSERT_EQ(x.topics.size(), y.topics.size());
  EXPECT_EQ(x.topic_of, y.topic_of);
  EXPECT_EQ(x.similarity, y.similarity);
  for (std::size_t t = 0; t < x.topics.size(); ++t) EXPECT_EQ(x.topics[t].label, y.topics[t].label);
  for (std::size_t d = 0; d < index.size(); ++d) {
    EXPECT_EQ(x.xy[d], y.xy[d]);
    EXPECT_TRUE(std::isfinite(x.xy[d][0]) && std::isfinite(x.xy[d][1]));
    EXPECT_LT(std::abs(x.xy[d][0]), 1.5f);
    EXPECT_LT(std::abs(x.xy[d][1]), 1.5f);
  }
  // Labels are unique.
  std::set<std::string> labels;
  for (const auto& t : x.topics) labels.insert(t.label);
  EXPECT_EQ(labels.size(), x.topics.size());
}

TEST(Landscape, BadOptionsRaiseTheirIds) {
  const sm::Index& index = themed_index();
  auto with = [&](auto change) {
    sm::LandscapeOptions o;
    change(o);
    return error_id([&] { sm::build_landscape(index, o); });
  };
  EXPECT_EQ(with([](auto& o) { o.topics = 1001; }), "scoutmatch.landscape.1");
  EXPECT_EQ(with([](auto& o) { o.iterations = 0; }), "scoutmatch.landscape.1");
  EXPECT_EQ(with([](auto& o) { o.terms_per_topic = 0; }), "scoutmatch.landscape.1");
  EXPECT_EQ(with([](auto& o) { o.label_terms = 9; }), "scoutmatch.landscape.1");
  EXPECT_EQ(with([](auto& o) { o.threads = 5000; }), "scoutmatch.landscape.1");
  EXPECT_EQ(with([](auto& o) { o.topics = 1000; }), "");  // capped at the profiles

  // Nothing to cluster: profiles without indexed terms.
  const sm::Index empty =
      sm::Index::build({sm::testing::make_profile("a", sm::Kind::company, "the"),
                        sm::testing::make_profile("b", sm::Kind::company, "")});
  EXPECT_EQ(error_id([&] { sm::build_landscape(empty); }), "scoutmatch.landscape.2");

  sm::LandscapePageOptions p;
  p.partners = 51;
  EXPECT_EQ(error_id([&] { p.validate(); }), "scoutmatch.landscape.3");
  p.partners = 5;
  p.explain_terms = 0;
  EXPECT_EQ(error_id([&] { p.validate(); }), "scoutmatch.landscape.3");
}

TEST(Landscape, ProfilesWithoutTermsAreUnassigned) {
  auto profiles = themed_profiles();
  profiles.push_back(sm::testing::make_profile("empty", sm::Kind::company, ""));
  const sm::Index index = sm::Index::build(profiles);
  const sm::Landscape l = sm::build_landscape(index, three_topics());
  EXPECT_EQ(l.unassigned, 1u);
  EXPECT_EQ(l.topic_of[*index.find("empty")], -1);
  std::size_t total = 0;
  for (const auto& c : l.counts) total += c.count;
  EXPECT_EQ(total, index.size() - 1);
}

TEST(LandscapePage, JsonIsValidAndComplete) {
  const sm::Index& index = themed_index();
  const sm::Landscape l = sm::build_landscape(index, three_topics());
  const json j = json::parse(sm::landscape_json(index, l));
  EXPECT_EQ(j["profiles_total"], index.size());
  ASSERT_EQ(j["topics"].size(), 3u);
  ASSERT_EQ(j["profiles"].size(), index.size());
  std::size_t sizes = 0;
  for (const auto& t : j["topics"]) {
    for (const char* key :
         {"id", "label", "size", "cohesion", "x", "y", "kinds", "terms", "companies", "research"})
      EXPECT_TRUE(t.contains(key)) << key;
    EXPECT_FALSE(t["terms"].empty());
    EXPECT_TRUE(t["terms"][0].contains("term") && t["terms"][0].contains("stem"));
    EXPECT_TRUE(t["companies"][0].contains("id") && t["companies"][0].contains("name"));
    sizes += t["size"].get<std::size_t>();
  }
  EXPECT_EQ(sizes, index.size());
  std::size_t counted = 0;
  for (const auto& c : j["counts"]) counted += c["count"].get<std::size_t>();
  EXPECT_EQ(counted, index.size());
  for (std::size_t d = 0; d < index.size(); ++d) {
    const auto& p = j["profiles"][d];
    EXPECT_EQ(p["id"], index.profile(static_cast<std::uint32_t>(d)).id);
    EXPECT_EQ(p["topic"], l.topic_of[d]);
    EXPECT_TRUE(p.contains("x") && p.contains("y") && p.contains("similarity") &&
                p.contains("kind"));
  }
}

TEST(LandscapePage, HtmlIsSelfContainedAndEmbedsPartners) {
  auto profiles = themed_profiles();
  profiles[0].name = "Evil </script><script>alert(1)</script> & Co";
  const sm::Index index = sm::Index::build(profiles);
  const sm::Landscape l = sm::build_landscape(index, three_topics());
  sm::LandscapePageOptions o;
  o.title = "Landscape <Südwestfalen>";
  const auto partners = sm::landscape_partners(index, o);
  ASSERT_EQ(partners.size(), index.size());
  const std::string html = sm::landscape_html(index, l, partners, o);

  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_FALSE(std::regex_search(
      html, std::regex(R"((src|href)\s*=\s*["']?\s*(https?:)?//)", std::regex::icase)));
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  EXPECT_NE(html.find("<canvas id=\"map\">"), std::string::npos);
  // The name cannot close the data block: exactly the page's own two script ends.
  std::size_t ends = 0;
  for (auto at = html.find("</script>"); at != std::string::npos;
       at = html.find("</script>", at + 1))
    ++ends;
  EXPECT_EQ(ends, 2u);
  EXPECT_NE(html.find("<title>Landscape &lt;Südwestfalen&gt;</title>"), std::string::npos);

  const json data = page_data(html);
  EXPECT_EQ(data["profiles"]["id"].size(), index.size());
  EXPECT_EQ(data["profiles"]["name"][0], profiles[0].name);
  ASSERT_EQ(data["topics"].size(), 3u);
  for (std::size_t t = 0; t < 3; ++t) EXPECT_EQ(data["topics"][t]["label"], l.topics[t].label);
  ASSERT_EQ(data["partners"].size(), index.size());
  std::size_t with_terms = 0;
  for (std::size_t d = 0; d < index.size(); ++d) {
    const auto& row = data["partners"][d];
    EXPECT_EQ(row.size(), partners[d].size());
    EXPECT_LE(row.size(), 5u);
    for (std::size_t i = 0; i < row.size(); ++i) {
      EXPECT_EQ(row[i][0], partners[d][i].doc);
      EXPECT_NE(row[i][0], d);  // never the profile itself
      for (std::size_t k = 0; k + 1 < row[i][2].size(); k += 2) {
        EXPECT_LT(row[i][2][k].get<std::size_t>(), data["terms"].size());
        ++with_terms;
      }
    }
  }
  EXPECT_GT(with_terms, index.size());
}

TEST(LandscapePage, WritesBothFilesAtomicallyIntoANewDirectory) {
  const sm::Index& index = themed_index();
  const sm::Landscape l = sm::build_landscape(index, three_topics());
  const auto dir = sm::testing::temp_dir("landscape_write") / "a" / "b";
  sm::LandscapePageOptions o;
  std::size_t calls = 0, last = 0;
  o.progress = [&](std::size_t done, std::size_t total) {
    ++calls;
    EXPECT_EQ(total, index.size());
    EXPECT_GT(done, last);
    last = done;
  };
  const sm::LandscapeFiles f = sm::write_landscape(index, l, dir, o);
  EXPECT_TRUE(std::filesystem::exists(dir / "landscape.json"));
  EXPECT_TRUE(std::filesystem::exists(dir / "landscape.html"));
  EXPECT_EQ(std::filesystem::file_size(f.html), f.html_bytes);
  EXPECT_EQ(last, index.size());
  EXPECT_GE(calls, 1u);
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files += e.is_regular_file();
  EXPECT_EQ(files, 2u);  // no temporary files left behind

  const auto blocked = sm::testing::temp_dir("landscape_blocked") / "file";
  sm::testing::write_text(blocked, "x");
  EXPECT_EQ(error_id([&] { sm::write_landscape(index, l, blocked, o); }), "scoutmatch.landscape.4");
  // A landscape of another index is refused.
  const sm::Index other = sm::Index::build(sm::read_profiles(sm::testing::demo_profiles()));
  EXPECT_EQ(error_id([&] { sm::landscape_json(other, l); }), "scoutmatch.landscape.3");
}

TEST(Portfolio, IdLists) {
  EXPECT_EQ(sm::parse_id_list(" a, b ,,c;d\n# comment, x\n\ne\r\na\n"),
            (std::vector<std::string>{"a", "b", "c", "d", "e"}));
  EXPECT_TRUE(sm::parse_id_list("").empty());
  const auto file = sm::testing::temp_dir("portfolio_ids") / "ids.txt";
  sm::testing::write_text(file, "# my companies\nt0-0\nt1-0, t2-0\n");
  EXPECT_EQ(sm::read_id_list(file.string()), (std::vector<std::string>{"t0-0", "t1-0", "t2-0"}));
  EXPECT_EQ(sm::read_id_list("t0-0,t1-0"), (std::vector<std::string>{"t0-0", "t1-0"}));
}

TEST(Portfolio, CsvQuoting) {
  EXPECT_EQ(sm::csv_field("plain"), "plain");
  EXPECT_EQ(sm::csv_field(""), "");
  EXPECT_EQ(sm::csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(sm::csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(sm::csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(sm::csv_field(" padded"), "\" padded\"");
  EXPECT_EQ(sm::csv_field("Müller; Söhne"), "Müller; Söhne");
}

TEST(Portfolio, ReportsTopPartnersAsCsvAndHtml) {
  auto profiles = themed_profiles();
  profiles[0].name = "Wasser, \"Stoff\" &\nSöhne <GmbH>";
  const sm::Index index = sm::Index::build(profiles);
  sm::PortfolioOptions o;
  o.k = 3;
  o.kinds = {sm::Kind::university, sm::Kind::research};
  const std::vector<std::string> ids{"t0-0", "t1-0", "t2-4"};
  const sm::Portfolio p = sm::build_portfolio(index, ids, o);
  ASSERT_EQ(p.entries.size(), 3u);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(index.profile(p.entries[i].doc).id, ids[i]);
    ASSERT_FALSE(p.entries[i].partners.empty());
    EXPECT_LE(p.entries[i].partners.size(), 3u);
    for (const auto& m : p.entries[i].partners) {
      EXPECT_TRUE(m.kind == sm::Kind::university || m.kind == sm::Kind::research);
      ASSERT_TRUE(m.explanation.has_value());
      EXPECT_EQ(m.id.substr(0, 3), ids[i].substr(0, 3));  // same theme
    }
  }

  const std::string csv = sm::portfolio_csv(index, p);
  const auto rows = parse_csv(csv);
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[0].size(), 12u);
  EXPECT_EQ(rows[0][0], "profile_id");
  std::size_t partners = 0;
  for (const auto& e : p.entries) partners += e.partners.size();
  EXPECT_EQ(rows.size(), 1 + partners);
  for (std::size_t r = 1; r < rows.size(); ++r) EXPECT_EQ(rows[r].size(), 12u) << r;
  EXPECT_EQ(rows[1][0], "t0-0");
  EXPECT_EQ(rows[1][1], profiles[0].name);  // round-trips through the quoting
  EXPECT_EQ(rows[1][2], "1");
  EXPECT_EQ(rows[1][3], p.entries[0].partners[0].id);
  EXPECT_NE(rows[1][9].find('%'), std::string::npos);  // shared terms with shares

  const std::string html = sm::portfolio_html(index, p, "Report <1>");
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("Report &lt;1&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;GmbH&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<GmbH>"), std::string::npos);
  EXPECT_NE(html.find(p.entries[1].partners[0].id), std::string::npos);
}

TEST(Portfolio, UnknownIdsAndBadOptions) {
  const sm::Index& index = themed_index();
  const std::vector<std::string> ids{"t0-0", "nope", "t1-0", "missing"};
  try {
    sm::build_portfolio(index, ids);
    FAIL() << "expected not_found";
  } catch (const sm::not_found& e) {
    EXPECT_EQ(e.id(), "scoutmatch.portfolio.1");
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("[scoutmatch.portfolio.1] ", 0), 0u);
    EXPECT_NE(what.find("\"nope\""), std::string::npos);
    EXPECT_NE(what.find("\"missing\""), std::string::npos);
    EXPECT_NE(what.find("2 of 4"), std::string::npos);
  }
  EXPECT_EQ(error_id([&] { sm::build_portfolio(index, std::vector<std::string>{}); }),
            "scoutmatch.portfolio.2");
  sm::PortfolioOptions o;
  o.k = 0;
  EXPECT_EQ(error_id([&] { sm::build_portfolio(index, std::vector<std::string>{"t0-0"}, o); }),
            "scoutmatch.portfolio.3");
  o.k = 5;
  o.explain_terms = 51;
  EXPECT_EQ(error_id([&] { o.validate(); }), "scoutmatch.portfolio.3");
  // A profile without partners still gets a row.
  auto profiles = themed_profiles();
  profiles.push_back(sm::testing::make_profile("alone", sm::Kind::company, "Quantencomputer"));
  const sm::Index with_alone = sm::Index::build(profiles);
  const auto p = sm::build_portfolio(with_alone, std::vector<std::string>{"alone"});
  const auto rows = parse_csv(sm::portfolio_csv(with_alone, p));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1][0], "alone");
  EXPECT_EQ(rows[1][3], "");
}
