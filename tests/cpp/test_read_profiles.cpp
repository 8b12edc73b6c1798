// Tests of the profile readers (JSONL and CSV, plain and gzip) and of every error they throw.

#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <random>
#include <set>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "scoutmatch/error.hpp"
#include "scoutmatch/io/read_profiles.hpp"
#include "scoutmatch/types.hpp"

namespace fs = std::filesystem;
namespace sm = scoutmatch;

namespace {

fs::path tmp_dir() {
  static const fs::path dir = [] {
    fs::path d = fs::path(SCOUTMATCH_TEST_TMP);
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

// A file name unique to the running test, so tests may run in parallel.
fs::path tmp_path(const std::string& suffix) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return tmp_dir() / (std::string(info->test_suite_name()) + "_" + info->name() + suffix);
}

fs::path write_file(const std::string& suffix, const std::string& bytes) {
  const fs::path p = tmp_path(suffix);
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  EXPECT_TRUE(out) << "cannot write " << p;
  return p;
}

// Writes `members` gzip members (one per string) with zlib's gzopen, as a gzip tool would.
fs::path write_gz(const std::string& suffix, const std::vector<std::string>& members) {
  const fs::path p = tmp_path(suffix);
  fs::remove(p);
  for (const std::string& m : members) {
    gzFile gz = gzopen(p.c_str(), "ab");
    EXPECT_NE(gz, nullptr);
    if (gz == nullptr) return p;
    if (!m.empty()) {
      EXPECT_EQ(gzwrite(gz, m.data(), static_cast<unsigned>(m.size())), static_cast<int>(m.size()));
    }
    EXPECT_EQ(gzclose(gz), Z_OK);
  }
  return p;
}

fs::path write_gz(const std::string& suffix, const std::string& content) {
  return write_gz(suffix, std::vector<std::string>{content});
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs `fn`, expects exception type E whose message starts with "[id]" and contains each of
// `parts` (file name, "line:", field, ...).
template <class E>
void expect_error(const std::function<void()>& fn, const std::string& id,
                  std::initializer_list<std::string> parts) {
  try {
    fn();
    ADD_FAILURE() << "expected " << id << ", but nothing was thrown";
  } catch (const E& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("[" + id + "] ", 0), 0u) << what;
    EXPECT_EQ(e.id(), id);
    for (const std::string& part : parts)
      EXPECT_NE(what.find(part), std::string::npos) << "\"" << part << "\" not in: " << what;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected " << id << " of the right type, got: " << e.what();
  }
}

// Writes `content` to a file with `suffix` and expects a parse_error `id` whose message names
// the file, "<file>:<line>:" and (when given) the quoted field.
void expect_parse_error(const std::string& suffix, const std::string& content, int id, int line,
                        const std::string& field = "", const sm::ReadOptions& opt = {}) {
  const fs::path p = write_file(suffix, content);
  std::vector<std::string> parts{p.string() + ":" + std::to_string(line) + ": "};
  if (!field.empty()) parts.push_back("\"" + field + "\"");
  try {
    sm::read_profiles(p, opt);
    ADD_FAILURE() << "expected parse." << id << " for " << p;
  } catch (const sm::parse_error& e) {
    const std::string what = e.what();
    const std::string want = "[scoutmatch.io.parse." + std::to_string(id) + "] ";
    EXPECT_EQ(what.rfind(want, 0), 0u) << what;
    for (const std::string& part : parts)
      EXPECT_NE(what.find(part), std::string::npos) << "\"" << part << "\" not in: " << what;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected parse_error parse." << id << ", got: " << e.what();
  }
}

const std::string full_line =
    R"({"id":"c1","kind":"Company","name":"Müller Wasserstoff GmbH",)"
    R"("text":"Wir entwickeln Brennstoffzellen für schwere Nutzfahrzeuge an der Straße.",)"
    R"("competences":"Elektrolyse, Prüfstände","offers":"Messtechnik für Größen",)"
    R"("needs":"Partner für Förderprojekte","keywords":["Wasserstoff"," Brennstoffzelle ","Maß"],)"
    R"("lang":"de","country":"de","region":"DEA5","city":"Düsseldorf",)"
    R"("lat":51.2277,"lon":6.7735,"sme":true})";

}  // namespace

// ---- valid input ---------------------------------------------------------------------------

TEST(ReadJsonl, FullProfileWithEveryField) {
  const auto profiles = sm::read_profiles(write_file(".jsonl", full_line + "\n"));
  ASSERT_EQ(profiles.size(), 1u);
  const sm::Profile& p = profiles[0];
  EXPECT_EQ(p.id, "c1");
  EXPECT_EQ(p.kind, sm::Kind::company);
  EXPECT_EQ(p.name, "Müller Wasserstoff GmbH");
  EXPECT_EQ(p.text, "Wir entwickeln Brennstoffzellen für schwere Nutzfahrzeuge an der Straße.");
  EXPECT_EQ(p.competences, "Elektrolyse, Prüfstände");
  EXPECT_EQ(p.offers, "Messtechnik für Größen");
  EXPECT_EQ(p.needs, "Partner für Förderprojekte");
  EXPECT_EQ(p.keywords, (std::vector<std::string>{"Wasserstoff", "Brennstoffzelle", "Maß"}));
  EXPECT_EQ(p.lang, sm::Language::de);
  EXPECT_EQ(p.country, "DE");
  EXPECT_EQ(p.region, "DEA5");
  EXPECT_EQ(p.city, "Düsseldorf");
  ASSERT_TRUE(p.lat && p.lon);
  EXPECT_DOUBLE_EQ(*p.lat, 51.2277);
  EXPECT_DOUBLE_EQ(*p.lon, 6.7735);
  ASSERT_TRUE(p.sme.has_value());
  EXPECT_TRUE(*p.sme);
}

TEST(ReadJsonl, NullForEveryOptionalField) {
  const std::string line =
      R"({"id":"n1","kind":null,"name":null,"text":null,"competences":null,"offers":null,)"
      R"("needs":null,"keywords":null,"lang":null,"country":null,"region":null,"nuts":null,)"
      R"("city":null,"lat":null,"lon":null,"sme":null})";
  const auto profiles = sm::read_profiles(write_file(".jsonl", line + "\n{\"id\":\"n2\"}\n"));
  ASSERT_EQ(profiles.size(), 2u);
  for (const sm::Profile& p : profiles) {
    EXPECT_EQ(p.kind, sm::Kind::other);
    EXPECT_TRUE(p.name.empty() && p.text.empty() && p.competences.empty() && p.offers.empty() &&
                p.needs.empty() && p.keywords.empty() && p.country.empty() && p.region.empty() &&
                p.city.empty());
    EXPECT_EQ(p.lang, sm::Language::unknown);
    EXPECT_FALSE(p.lat.has_value());
    EXPECT_FALSE(p.lon.has_value());
    EXPECT_FALSE(p.sme.has_value());
  }
  EXPECT_EQ(profiles[1].id, "n2");
}

TEST(ReadJsonl, UnknownFieldsAreIgnored) {
  const std::string line =
      R"({"id":"u1","activities":[{"title":"H2","years":[2020,2021]}],"contacts":["a","b"],)"
      R"("score":3.5,"name":"Firma","extra":{"deep":{"x":null}}})";
  const auto profiles = sm::read_profiles(write_file(".jsonl", line));
  ASSERT_EQ(profiles.size(), 1u);
  EXPECT_EQ(profiles[0].id, "u1");
  EXPECT_EQ(profiles[0].name, "Firma");
}

TEST(ReadJsonl, ProjectsAndPartnersAreListsOfIds) {
  const std::string text = R"({"id":"a","projects":["p1"," p2 ",null,""],"partners":"b; c"})"
                           "\n"
                           R"({"id":"b","projects":"p1;p3"})"
                           "\n";
  const auto profiles = sm::read_profiles(write_file(".jsonl", text));
  ASSERT_EQ(profiles.size(), 2u);
  EXPECT_EQ(profiles[0].projects, (std::vector<std::string>{"p1", "p2"}));
  EXPECT_EQ(profiles[0].partners, (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(profiles[1].projects, (std::vector<std::string>{"p1", "p3"}));
  expect_parse_error(".jsonl", R"({"id":"a","projects":[1]})", 2, 1, "projects[0]");
  expect_parse_error(".jsonl", R"({"id":"a","partners":{"x":1}})", 2, 1, "partners");
}

TEST(ReadJsonl, RenameMapsSourceFieldsOntoTheSchema) {
  sm::ReadOptions o;
  o.rename = {{"train_projects", "projects"}, {"title", "name"}};
  const auto profiles = sm::read_profiles(
      write_file(".jsonl", R"({"id":"a","train_projects":["x","y"],"title":"Firma A"})"), o);
  EXPECT_EQ(profiles[0].projects, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(profiles[0].name, "Firma A");
  const auto csv = sm::read_profiles(write_file(".csv", "id,train_projects\na,x|y\n"), o);
  EXPECT_EQ(csv[0].projects, (std::vector<std::string>{"x", "y"}));
  sm::ReadOptions bad;
  bad.rename = {{"a", "no_such_field"}};
  try {
    bad.validate();
    FAIL() << "expected an error";
  } catch (const sm::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("scoutmatch.options.read.2"), std::string::npos);
  }
}

TEST(ReadJsonl, RepeatedKeysAndRenamesOntoPresentFields) {
  // A repeated key: its last value counts (as nlohmann/json, the reader's earlier parser, did).
  auto p = sm::read_profiles(write_file(".jsonl", R"({"id":"a","name":"x","name":"y"})"));
  EXPECT_EQ(p[0].name, "y");
  // A renamed source field replaces the field of its new name; the source field is gone.
  sm::ReadOptions o;
  o.rename = {{"title", "name"}, {"text", "needs"}, {"city", "city"}};
  p = sm::read_profiles(
      write_file(".jsonl",
                 R"({"name":"old","id":"a","title":"new","text":"t","needs":"n","city":"K"})"),
      o);
  EXPECT_EQ(p[0].name, "new");
  EXPECT_EQ(p[0].needs, "t");
  EXPECT_EQ(p[0].text, "");
  EXPECT_EQ(p[0].city, "K");
  // Absent source: the target keeps its own value.
  p = sm::read_profiles(write_file(".jsonl", R"({"id":"a","name":"kept"})"), o);
  EXPECT_EQ(p[0].name, "kept");
}

TEST(ReadJsonl, EscapesNumbersAndNulBytes) {
  const auto p = sm::read_profiles(write_file(
      ".jsonl", R"({"id":"a\u0041","name":"x\u0000y \ud83d\ude00 \"q\" \\","lat":-0.0,"lon":1E+2,)"
                R"("embedding":[1,-2.5e1,18446744073709551615,-9223372036854775808]})"));
  EXPECT_EQ(p[0].id, "aA");
  EXPECT_EQ(p[0].name, std::string("x\0y \xF0\x9F\x98\x80 \"q\" \\", 14));
  EXPECT_EQ(*p[0].lon, 100.0);
  EXPECT_TRUE(std::signbit(*p[0].lat));
  EXPECT_EQ(p[0].embedding,
            (std::vector<float>{1.0f, -25.0f, 18446744073709551615.0f, -9223372036854775808.0f}));
}

TEST(ReadJsonl, NestingUpToAConfiguredDepthBeyondTheParsersDefault) {
  // simdjson's own default limit is 1024 levels; max_json_depth decides.
  const std::string deep = std::string(1500, '[') + std::string(1500, ']');
  const fs::path p = write_file(".jsonl", R"({"id":"a","extra":)" + deep + "}\n");
  sm::ReadOptions o;
  o.max_json_depth = 2000;
  EXPECT_EQ(sm::read_profiles(p, o).at(0).id, "a");
  o.max_json_depth = 1000;
  expect_error<sm::parse_error>([&] { sm::read_profiles(p, o); }, "scoutmatch.io.parse.10",
                                {"max_json_depth"});
}

TEST(ReadJsonl, NutsIsAnAliasOfRegionAndRegionWins) {
  const std::string content = R"({"id":"a","nuts":"DEA5"})"
                              "\n"
                              R"({"id":"b","region":"Sauerland","nuts":"DEA5"})"
                              "\n"
                              R"({"id":"c","region":"","nuts":"DE71"})"
                              "\n";
  const auto profiles = sm::read_profiles(write_file(".jsonl", content));
  ASSERT_EQ(profiles.size(), 3u);
  EXPECT_EQ(profiles[0].region, "DEA5");
  EXPECT_EQ(profiles[1].region, "Sauerland");
  EXPECT_EQ(profiles[2].region, "DE71");
}

TEST(ReadJsonl, KeywordsAsArrayAndAsString) {
  const std::string content = R"({"id":"a","keywords":["Wasserstoff","  ","Laser",null]})"
                              "\n"
                              R"({"id":"b","keywords":"Wasserstoff; Laser ;;Größe"})"
                              "\n"
                              R"({"id":"c","keywords":""})"
                              "\n";
  const auto profiles = sm::read_profiles(write_file(".jsonl", content));
  ASSERT_EQ(profiles.size(), 3u);
  EXPECT_EQ(profiles[0].keywords, (std::vector<std::string>{"Wasserstoff", "Laser"}));
  EXPECT_EQ(profiles[1].keywords, (std::vector<std::string>{"Wasserstoff", "Laser", "Größe"}));
  EXPECT_TRUE(profiles[2].keywords.empty());
}

TEST(ReadJsonl, LongTextAsArrayIsJoinedWithNewlines) {
  const std::string line =
      R"({"id":"a","text":["Erster Satz.","Zweiter Satz."],"competences":["Laser"],)"
      R"("offers":[],"needs":["x",null,"y"]})";
  const auto p = sm::read_profiles(write_file(".jsonl", line)).at(0);
  EXPECT_EQ(p.text, "Erster Satz.\nZweiter Satz.");
  EXPECT_EQ(p.competences, "Laser");
  EXPECT_EQ(p.offers, "");
  EXPECT_EQ(p.needs, "x\ny");
}

TEST(ReadJsonl, KindAndLangAreCaseInsensitive) {
  const std::string content = R"({"id":"a","kind":"UNIVERSITY","lang":"EN"})"
                              "\n"
                              R"({"id":"b","kind":"public","lang":""})"
                              "\n"
                              R"({"id":"c","kind":" Research "})"
                              "\n"
                              R"({"id":"d","kind":"startup","sme":false})"
                              "\n";
  const auto ps = sm::read_profiles(write_file(".jsonl", content));
  ASSERT_EQ(ps.size(), 4u);
  EXPECT_EQ(ps[0].kind, sm::Kind::university);
  EXPECT_EQ(ps[0].lang, sm::Language::en);
  EXPECT_EQ(ps[1].kind, sm::Kind::public_body);
  EXPECT_EQ(ps[1].lang, sm::Language::unknown);
  EXPECT_EQ(ps[2].kind, sm::Kind::research);
  EXPECT_EQ(ps[3].kind, sm::Kind::startup);
  ASSERT_TRUE(ps[3].sme.has_value());
  EXPECT_FALSE(*ps[3].sme);
}

TEST(ReadJsonl, BomCrlfAndBlankLinesAreAccepted) {
  const std::string content =
      "\xEF\xBB\xBF{\"id\":\"a\",\"name\":\"Grüße\"}\r\n\r\n   \n{\"id\":\"b\"}\r\n\n";
  const auto ps = sm::read_profiles(write_file(".ndjson", content));
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_EQ(ps[0].id, "a");
  EXPECT_EQ(ps[0].name, "Grüße");
  EXPECT_EQ(ps[1].id, "b");
}

TEST(ReadJsonl, LastLineWithoutNewlineAndUpperCaseExtension) {
  const auto ps = sm::read_profiles(write_file(".JSONL", "{\"id\":\"a\"}\n{\"id\":\"b\"}"));
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_EQ(ps[1].id, "b");
}

TEST(ReadJsonl, BracketsInsideStringsDoNotCountAsNesting) {
  const std::string deep_text(200, '[');
  const std::string line = R"({"id":"a","text":")" + deep_text + R"(\"{{"})";
  sm::ReadOptions opt;
  opt.max_json_depth = 2;
  const auto ps =
      sm::read_profiles(write_file(".jsonl", line + "\n{\"id\":\"b\",\"keywords\":[\"x\"]}"), opt);
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_EQ(ps[0].text, deep_text + "\"{{");
}

TEST(ReadJsonl, ManyProfilesAcrossReadChunks) {
  // More than one 1 MiB read chunk, so lines straddle chunk boundaries.
  std::string content;
  const int n = 5000;
  for (int i = 0; i < n; ++i)
    content += R"({"id":"p)" + std::to_string(i) + R"(","text":")" + std::string(300, 'x') +
               R"(ä","lat":)" + std::to_string(i % 90) + R"(,"lon":7})" + "\n";
  ASSERT_GT(content.size(), 1u << 20);
  const auto ps = sm::read_profiles(write_gz(".jsonl.gz", content));
  ASSERT_EQ(ps.size(), static_cast<std::size_t>(n));
  for (int i = 0; i < n; i += 997) {
    EXPECT_EQ(ps[i].id, "p" + std::to_string(i));
    EXPECT_EQ(ps[i].text, std::string(300, 'x') + "ä");
    EXPECT_DOUBLE_EQ(*ps[i].lat, i % 90);
  }
}

TEST(ReadJsonl, ResultAndFirstErrorDoNotDependOnThreads) {
  // 20000 lines span several parallel batches; every thread count gives the same profiles,
  // and the error reported is the first in file order, whatever kind it is.
  std::string good;
  for (int i = 1; i <= 20000; ++i)
    good += "{\"id\":\"p" + std::to_string(i) + "\",\"name\":\"Nr. " + std::to_string(i) + "\"}\n";
  const auto line_start = [&](const std::string& s, int line) {
    std::size_t pos = 0;
    for (int l = 1; l < line; ++l) pos = s.find('\n', pos) + 1;
    return pos;
  };
  const auto replace_line = [&](std::string s, int line, const std::string& text) {
    const std::size_t a = line_start(s, line);
    return s.replace(a, s.find('\n', a) - a, text);
  };
  // Malformed JSON on line 5000, a duplicate on 7000, invalid UTF-8 on 15000.
  std::string bad = replace_line(good, 5000, "{\"id\":");
  bad = replace_line(bad, 7000, "{\"id\":\"p1\"}");
  bad = replace_line(bad, 15000, "{\"id\":\"x\xFF\"}");
  // The same with the UTF-8 error first.
  const std::string bad2 = replace_line(replace_line(good, 19000, "{\"id\":"), 3000, "\xC3(");
  const fs::path g = write_file("_good.jsonl", good);
  const fs::path b = write_file("_bad.jsonl", bad);
  const fs::path b2 = write_file("_bad2.jsonl", bad2);
  for (const std::size_t threads : {1, 2, 4}) {
    sm::ReadOptions opt;
    opt.threads = threads;
    const auto ps = sm::read_profiles(g, opt);
    ASSERT_EQ(ps.size(), 20000u);
    EXPECT_EQ(ps[0].id, "p1");
    EXPECT_EQ(ps[12344].name, "Nr. 12345");
    EXPECT_EQ(ps.back().id, "p20000");
    expect_error<sm::parse_error>([&] { sm::read_profiles(b, opt); }, "scoutmatch.io.parse.1",
                                  {b.string() + ":5000: "});
    expect_error<sm::parse_error>([&] { sm::read_profiles(b2, opt); }, "scoutmatch.io.parse.6",
                                  {b2.string() + ":3000: "});
    const std::string dup_only = replace_line(good, 7000, "{\"id\":\"p1\"}");
    std::istringstream in(dup_only);
    expect_error<sm::parse_error>(
        [&] { sm::read_profiles(in, sm::ProfileFormat::jsonl, "dup.jsonl", opt); },
        "scoutmatch.io.parse.4", {"dup.jsonl:7000: ", "line 1"});
  }
}

TEST(ReadCsv, QuotesEmbeddedNewlinesAndCommas) {
  const std::string content =
      "id,kind,name,text,keywords,lat,lon,sme,country,nuts,extra\r\n"
      "c1,company,\"Müller, Schmidt & Co.\",\"Erste Zeile\r\nzweite \"\"Zeile\"\", mit "
      "Komma\",\"Laser|Optik;  Maß\",51.5,7.25,ja,de,DEA5,ignored\r\n"
      "u2,University,TU Dortmund,,,,,,,,\r\n"
      "r3,research,\"\",\"\",\"\",\"\",\"\",nein,\"\",\"\",\"\"\r\n";
  const auto ps = sm::read_profiles(write_file(".csv", content));
  ASSERT_EQ(ps.size(), 3u);
  EXPECT_EQ(ps[0].id, "c1");
  EXPECT_EQ(ps[0].name, "Müller, Schmidt & Co.");
  EXPECT_EQ(ps[0].text, "Erste Zeile\nzweite \"Zeile\", mit Komma");
  EXPECT_EQ(ps[0].keywords, (std::vector<std::string>{"Laser", "Optik", "Maß"}));
  EXPECT_DOUBLE_EQ(*ps[0].lat, 51.5);
  EXPECT_DOUBLE_EQ(*ps[0].lon, 7.25);
  EXPECT_TRUE(*ps[0].sme);
  EXPECT_EQ(ps[0].country, "DE");
  EXPECT_EQ(ps[0].region, "DEA5");
  EXPECT_EQ(ps[1].kind, sm::Kind::university);
  EXPECT_EQ(ps[1].name, "TU Dortmund");
  EXPECT_FALSE(ps[1].lat.has_value());
  EXPECT_FALSE(ps[1].sme.has_value());
  EXPECT_EQ(ps[2].kind, sm::Kind::research);
  EXPECT_FALSE(*ps[2].sme);
}

TEST(ReadCsv, SemicolonDelimiterAndDecimalCommaAreDetected) {
  const std::string content =
      "\xEF\xBB\xBFID;Name;Lat;Lon;SME;Region\n"
      "a;\"Grüne Energie; GmbH\";51,03;7,85;Yes;Sauerland\n"
      "b;Zweite;;;0;\n";
  const auto ps = sm::read_profiles(write_file(".csv", content));
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_EQ(ps[0].name, "Grüne Energie; GmbH");
  EXPECT_DOUBLE_EQ(*ps[0].lat, 51.03);
  EXPECT_DOUBLE_EQ(*ps[0].lon, 7.85);
  EXPECT_TRUE(*ps[0].sme);
  EXPECT_EQ(ps[0].region, "Sauerland");
  EXPECT_FALSE(*ps[1].sme);
}

TEST(ReadCsv, RecordLineNumbersCountPhysicalLines) {
  // The bad record starts on physical line 6 because the first record spans lines 2-4.
  const std::string content =
      "id,kind,text\n"
      "a,company,\"eins\nzwei\ndrei\"\n"
      "b,startup,x\n"
      "c,spaceship,y\n";
  expect_parse_error(".csv", content, 5, 6, "kind");
}

TEST(ReadGzip, JsonlAndCsvAndMultiMember) {
  const auto j = sm::read_profiles(write_gz(".jsonl.gz", full_line + "\n"));
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0].name, "Müller Wasserstoff GmbH");

  const auto c = sm::read_profiles(
      write_gz(".csv.gz", std::string("id,name,text\na,Straße,\"x\ny\"\nb,Öl,z\n")));
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].name, "Straße");
  EXPECT_EQ(c[0].text, "x\ny");
  EXPECT_EQ(c[1].name, "Öl");

  // Two concatenated members (as `cat a.gz b.gz` makes), split inside a line.
  const auto m = sm::read_profiles(write_gz(
      "_multi.jsonl.gz", std::vector<std::string>{"{\"id\":\"a\"}\n{\"id\"", ":\"b\"}\n"}));
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[1].id, "b");
}

TEST(ReadGzip, DetectedByMagicBytesWithoutGzExtension) {
  const fs::path gz = write_gz(".jsonl.gz", std::string("{\"id\":\"z\"}\n"));
  const fs::path plain_name = tmp_path(".jsonl");
  fs::copy_file(gz, plain_name, fs::copy_options::overwrite_existing);
  const auto ps = sm::read_profiles(plain_name);
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].id, "z");
}

TEST(ReadStream, ReadsJsonlAndCsvFromStreams) {
  std::istringstream j("{\"id\":\"s1\",\"kind\":\"research\"}\n");
  const auto a = sm::read_profiles(j, sm::ProfileFormat::jsonl, "mem.jsonl");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].kind, sm::Kind::research);
  std::istringstream c("id,city\ns2,Köln\n");
  const auto b = sm::read_profiles(c, sm::ProfileFormat::csv, "mem.csv");
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].city, "Köln");
  std::istringstream bad("{\"id\":1}\n");
  expect_error<sm::parse_error>(
      [&] { sm::read_profiles(bad, sm::ProfileFormat::jsonl, "mem.jsonl"); },
      "scoutmatch.io.parse.2", {"mem.jsonl:1: ", "\"id\""});
}

// ---- errors ------------------------------------------------------------------------------

TEST(Errors, Parse1MalformedJson) {
  expect_parse_error(".jsonl", "{\"id\":\"a\"}\n{\"id\":\"b\",}\n", 1, 2);
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"lat\":NaN,\"lon\":1}\n", 1, 1);
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"lat\":Infinity,\"lon\":1}\n", 1, 1);
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"lat\":1e999,\"lon\":1}\n", 1, 1);
  expect_parse_error(".jsonl", "{\"id\":\"a\"} {\"id\":\"b\"}\n", 1, 1);
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"name\":\"\\ud800\"}\n", 1, 1);  // lone surrogate
  // Integers beyond 64 bits are refused (nlohmann/json read them as doubles).
  const fs::path big =
      write_file("_big.jsonl", "{\"id\":\"a\",\"lat\":123456789012345678901,\"lon\":1}\n");
  expect_error<sm::parse_error>([&] { sm::read_profiles(big); }, "scoutmatch.io.parse.1",
                                {big.string() + ":1: ", "malformed JSON", "number"});
  // nlohmann's reason is included.
  const fs::path p = write_file("_reason.jsonl", "{\"id\" \"a\"}\n");
  expect_error<sm::parse_error>([&] { sm::read_profiles(p); }, "scoutmatch.io.parse.1",
                                {p.string() + ":1: ", "malformed JSON", "syntax error"});
}

TEST(Errors, Parse2WrongType) {
  expect_parse_error(".jsonl", "{\"id\":\"a\"}\n{\"id\":\"b\",\"name\":42}\n", 2, 2, "name");
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"lat\":\"51.2\",\"lon\":7}\n", 2, 1, "lat");
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"sme\":\"yes\"}\n", 2, 1, "sme");
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"keywords\":7}\n", 2, 1, "keywords");
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"keywords\":[\"x\",3]}\n", 2, 1, "keywords[1]");
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"text\":[\"x\",{}]}\n", 2, 1, "text[1]");
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"kind\":3}\n", 2, 1, "kind");
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"country\":[\"DE\"]}\n", 2, 1, "country");
  // A JSON number is not an id.
  expect_parse_error(".jsonl", "{\"id\":17}\n", 2, 1, "id");
  expect_parse_error(".csv", "id,lat,lon\na,north,7\n", 2, 2, "lat");
  expect_parse_error(".csv", "id,lat,lon\na,nan,7\n", 2, 2, "lat");
  expect_parse_error(".csv", "id,lat,lon\na,51,inf\n", 2, 2, "lon");
  expect_parse_error(".csv", "id,sme\na,true\nb,maybe\n", 2, 3, "sme");
}

TEST(Errors, Parse3MissingOrEmptyId) {
  expect_parse_error(".jsonl", "{\"id\":\"a\"}\n{\"name\":\"x\"}\n", 3, 2, "id");
  expect_parse_error(".jsonl", "{\"id\":\"\"}\n", 3, 1, "id");
  expect_parse_error(".jsonl", "{\"id\":\"   \"}\n", 3, 1, "id");
  expect_parse_error(".jsonl", "{\"id\":null}\n", 3, 1, "id");
  expect_parse_error(".csv", "id,name\na,x\n,y\n", 3, 3, "id");
}

TEST(Errors, Parse4DuplicateIdNamesBothLines) {
  const fs::path p = write_file(".jsonl", "{\"id\":\"a\"}\n{\"id\":\"b\"}\n\n{\"id\":\"a\"}\n");
  expect_error<sm::parse_error>([&] { sm::read_profiles(p); }, "scoutmatch.io.parse.4",
                                {p.string() + ":4: ", "\"id\"", "\"a\"", "line 1"});
  const fs::path c = write_file(".csv", "id\nx\ny\nx\n");
  expect_error<sm::parse_error>([&] { sm::read_profiles(c); }, "scoutmatch.io.parse.4",
                                {c.string() + ":4: ", "\"id\"", "line 2"});
}

TEST(Errors, Parse5UnknownKind) {
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"kind\":\"spaceship\"}\n", 5, 1, "kind");
  expect_parse_error(".csv", "id,kind\na,company\nb,verein\n", 5, 3, "kind");
}

TEST(Errors, Parse6InvalidUtf8) {
  // Truncated sequence, overlong '/', a UTF-16 surrogate, a code point above U+10FFFF, a
  // stray continuation byte and a Latin-1 'ü'.
  for (const std::string bad :
       {"\xC3", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\x80", "M\xFCller"}) {
    expect_parse_error(".jsonl", "{\"id\":\"a\"}\n{\"id\":\"b\",\"name\":\"" + bad + "\"}\n", 6, 2);
    expect_parse_error(".csv", "id,name\na,ok\nb,\"" + bad + "\"\n", 6, 3);
  }
  // Invalid bytes in an ignored field or in a blank-looking line are found as well.
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"zz\":\"\xFF\"}\n", 6, 1);
}

TEST(Errors, Parse7EmptyFileOrNoProfiles) {
  expect_parse_error(".jsonl", "", 7, 1);
  expect_parse_error(".jsonl", "\n  \n\r\n", 7, 3);
  expect_parse_error(".csv", "", 7, 1);
  expect_parse_error(".csv", "id,name\n", 7, 2);
  expect_parse_error(".jsonl", "\xEF\xBB\xBF", 7, 1);
  const fs::path gz = write_gz(".jsonl.gz", std::string());
  expect_error<sm::parse_error>([&] { sm::read_profiles(gz); }, "scoutmatch.io.parse.7",
                                {gz.string() + ":1: "});
  std::istringstream empty;
  expect_error<sm::parse_error>([&] { sm::read_profiles(empty, sm::ProfileFormat::csv, "stdin"); },
                                "scoutmatch.io.parse.7", {"stdin:1: "});
}

TEST(Errors, Parse8Coordinates) {
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"lat\":91,\"lon\":7}\n", 8, 1, "lat");
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"lat\":-90.5,\"lon\":7}\n", 8, 1, "lat");
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"lat\":50,\"lon\":180.01}\n", 8, 1, "lon");
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"lat\":50}\n", 8, 1, "lon");
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"lon\":7,\"lat\":null}\n", 8, 1, "lat");
  expect_parse_error(".csv", "id,lat,lon\na,,7\n", 8, 2, "lat");
  expect_parse_error(".csv", "id,lat,lon\na,1,2\nb,95,2\n", 8, 3, "lat");
  expect_parse_error(".csv", "id,lat,lon\na,1,1e999\n", 8, 2, "lon");
  // The limits themselves are valid.
  const auto ps = sm::read_profiles(
      write_file("_ok.jsonl",
                 "{\"id\":\"a\",\"lat\":-90,\"lon\":180}\n{\"id\":\"b\",\"lat\":90,\"lon\":-180}"));
  EXPECT_EQ(ps.size(), 2u);
}

TEST(Errors, Parse9CsvStructure) {
  // Unterminated quote: reported at the line where the record starts.
  expect_parse_error(".csv", "id,text\na,x\nb,\"open\nmore\n", 9, 3, "text");
  // Too many and too few fields.
  expect_parse_error(".csv", "id,name\na,x\nb,y,z\n", 9, 3);
  expect_parse_error(".csv", "id,name,city\na,x\n", 9, 2);
  // No id column; a duplicate column name (case-insensitive).
  expect_parse_error(".csv", "name,city\nx,y\n", 9, 1, "id");
  expect_parse_error(".csv", "id,Name,name\na,x,y\n", 9, 1, "name");
  // Text after a closing quote.
  expect_parse_error(".csv", "id,name\na,\"x\"y\n", 9, 2, "name");
}

TEST(Errors, Parse10Limits) {
  // A line of 1e6 characters beyond a small max_line_bytes.
  sm::ReadOptions small;
  small.max_line_bytes = 1000;
  const std::string long_line = "{\"id\":\"b\",\"text\":\"" + std::string(1000000, 'a') + "\"}";
  expect_parse_error(".jsonl", "{\"id\":\"a\"}\n" + long_line + "\n", 10, 2, "", small);
  // The same without a final newline, and a CSV record that grows past the limit over lines.
  expect_parse_error("_nonl.jsonl", "{\"id\":\"a\"}\n" + long_line, 10, 2, "", small);
  std::string csv = "id,text\na,\"";
  for (int i = 0; i < 100; ++i) csv += std::string(50, 'x') + "\n";
  csv += "\"\n";
  expect_parse_error(".csv", csv, 10, 2, "", small);
  // Exactly max_line_bytes is fine.
  sm::ReadOptions exact;
  exact.max_line_bytes = 10;
  EXPECT_EQ(sm::read_profiles(write_file("_exact.jsonl", "{\"id\":\"a\"}\r\n"), exact).size(), 1u);

  // Too many keywords, as an array, as a string, and in CSV.
  sm::ReadOptions few;
  few.max_keywords = 3;
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"keywords\":[\"a\",\"b\",\"c\",\"d\"]}\n", 10, 1,
                     "keywords", few);
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"keywords\":\"a;b;c;d\"}\n", 10, 1, "keywords", few);
  expect_parse_error(".csv", "id,keywords\na,a|b;c|d\n", 10, 2, "keywords", few);
  EXPECT_EQ(
      sm::read_profiles(write_file("_3kw.jsonl", "{\"id\":\"a\",\"keywords\":\"a;b;c\"}"), few)
          .at(0)
          .keywords.size(),
      3u);

  // A line of a million '[' with the default limits, and nesting one level too deep.
  expect_parse_error(".jsonl", "{\"id\":\"a\"}\n" + std::string(1000000, '[') + "\n", 10, 2);
  sm::ReadOptions shallow;
  shallow.max_json_depth = 1;
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"keywords\":[\"x\"]}\n", 10, 1, "", shallow);
}

TEST(Errors, Parse11GzipCorruptOrTruncated) {
  std::string content;
  for (int i = 0; i < 2000; ++i)
    content += "{\"id\":\"p" + std::to_string(i) + "\",\"text\":\"Brennstoffzelle " +
               std::to_string(i * 7919) + "\"}\n";
  const std::string gz = read_bytes(write_gz("_src.jsonl.gz", content));
  ASSERT_GT(gz.size(), 100u);

  // Truncated in the middle, and with only the 8-byte trailer missing.
  const fs::path t = write_file("_trunc.jsonl.gz", gz.substr(0, gz.size() / 2));
  expect_error<sm::parse_error>([&] { sm::read_profiles(t); }, "scoutmatch.io.parse.11",
                                {t.string() + ":", "truncated"});
  const fs::path t2 = write_file("_trailer.jsonl.gz", gz.substr(0, gz.size() - 8));
  expect_error<sm::parse_error>([&] { sm::read_profiles(t2); }, "scoutmatch.io.parse.11",
                                {t2.string() + ":"});

  // A flipped byte in the compressed data (caught by inflate or by the CRC-32).
  std::string flipped = gz;
  flipped[gz.size() / 2] = static_cast<char>(flipped[gz.size() / 2] ^ 0x55);
  const fs::path f = write_file("_flip.jsonl.gz", flipped);
  expect_error<sm::parse_error>([&] { sm::read_profiles(f); }, "scoutmatch.io.parse.11",
                                {f.string() + ":", "corrupt"});

  // Garbage after the last member; a .gz name on data that is not gzip.
  const fs::path g = write_file("_garbage.jsonl.gz", gz + "garbage");
  expect_error<sm::parse_error>([&] { sm::read_profiles(g); }, "scoutmatch.io.parse.11",
                                {g.string() + ":"});
  const fs::path n = write_file("_notgz.jsonl.gz", "{\"id\":\"a\"}\n");
  expect_error<sm::parse_error>([&] { sm::read_profiles(n); }, "scoutmatch.io.parse.11",
                                {n.string() + ":1: ", "not gzip"});
}

TEST(Errors, Parse12UnknownLang) {
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"lang\":\"fr\"}\n", 12, 1, "lang");
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"lang\":\"deu\"}\n", 12, 1, "lang");
  expect_parse_error(".csv", "id,lang\na,de\nb,english\n", 12, 3, "lang");
}

TEST(Errors, Parse13LineIsNotAnObject) {
  expect_parse_error(".jsonl", "{\"id\":\"a\"}\n[{\"id\":\"b\"}]\n", 13, 2);
  expect_parse_error(".jsonl", "\"c1\"\n", 13, 1);
  expect_parse_error(".jsonl", "42\n", 13, 1);
  expect_parse_error(".jsonl", "null\n", 13, 1);
}

TEST(Errors, FileErrors) {
  const fs::path missing = tmp_dir() / "does_not_exist.jsonl";
  expect_error<sm::file_error>([&] { sm::read_profiles(missing); }, "scoutmatch.io.file.1",
                               {missing.string(), "cannot open"});
  const fs::path dir = tmp_path("_dir.jsonl");
  fs::create_directories(dir);
  expect_error<sm::file_error>([&] { sm::read_profiles(dir); }, "scoutmatch.io.file.1",
                               {dir.string()});
  const fs::path txt = write_file(".txt", "{\"id\":\"a\"}\n");
  expect_error<sm::file_error>([&] { sm::read_profiles(txt); }, "scoutmatch.io.file.3",
                               {txt.string(), "extension"});
  const fs::path gz_only = write_gz(".gz", std::string("{\"id\":\"a\"}\n"));
  expect_error<sm::file_error>([&] { sm::read_profiles(gz_only); }, "scoutmatch.io.file.3",
                               {gz_only.string()});
}

namespace {
// A stream buffer that delivers some good lines and then fails like a broken disk.
class FailingBuf : public std::streambuf {
 public:
  explicit FailingBuf(std::string good) : good_(std::move(good)) {
    setg(good_.data(), good_.data(), good_.data() + good_.size());
  }

 protected:
  int_type underflow() override { throw std::runtime_error("EIO"); }

 private:
  std::string good_;
};
}  // namespace

TEST(Errors, File2ReadErrorFromStream) {
  FailingBuf buf("{\"id\":\"a\"}\n{\"id\":\"b\"}\n");
  std::istream in(&buf);
  expect_error<sm::file_error>(
      [&] { sm::read_profiles(in, sm::ProfileFormat::jsonl, "broken.jsonl"); },
      "scoutmatch.io.file.2", {"broken.jsonl:", "read error"});
}

TEST(Errors, OptionsRead1ZeroLimits) {
  const fs::path p = write_file(".jsonl", "{\"id\":\"a\"}\n");
  for (int which = 0; which < 3; ++which) {
    sm::ReadOptions opt;
    (which == 0 ? opt.max_line_bytes : which == 1 ? opt.max_keywords : opt.max_json_depth) = 0;
    expect_error<sm::invalid_argument>([&] { sm::read_profiles(p, opt); },
                                       "scoutmatch.options.read.1", {"ReadOptions::max_"});
  }
  EXPECT_NO_THROW(sm::ReadOptions{}.validate());
}

// ---- robustness ----------------------------------------------------------------------------

namespace {
// Reads `bytes` as `format`; returns the error id, or "" on success (then checks the result).
std::string try_read(const std::string& bytes, sm::ProfileFormat format) {
  std::istringstream in(bytes);
  sm::ReadOptions opt;
  opt.max_line_bytes = 4096;
  opt.max_json_depth = 8;
  try {
    const auto ps = sm::read_profiles(in, format, "fuzz", opt);
    EXPECT_FALSE(ps.empty());
    std::set<std::string> ids;
    for (const auto& p : ps) {
      EXPECT_FALSE(p.id.empty());
      EXPECT_TRUE(ids.insert(p.id).second) << "duplicate id " << p.id;
      EXPECT_EQ(p.lat.has_value(), p.lon.has_value());
      if (p.lat) {
        EXPECT_TRUE(*p.lat >= -90 && *p.lat <= 90 && *p.lon >= -180 && *p.lon <= 180);
      }
    }
    return "";
  } catch (const sm::error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("[" + e.id() + "] fuzz:", 0), 0u) << e.what();
    return e.id();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not a scoutmatch::error: " << e.what();
    return "?";
  }
}

std::string gzip_bytes(const std::string& data) {
  uLongf cap = compressBound(static_cast<uLong>(data.size())) + 32;
  std::string out(cap, '\0');
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}
}  // namespace

TEST(Robustness, RandomGarbageOnlyEverThrowsScoutmatchErrors) {
  std::mt19937 rng(20240611);
  std::set<std::string> ids_seen;
  const std::string alphabet =
      "{}[]\":,;|\\\n\r\t \"idkindlatlon0123456789.-eE+truefalsenull\xC3\xA4\xFF";
  for (int iter = 0; iter < 600; ++iter) {
    const std::size_t len = rng() % 300;
    std::string bytes(len, '\0');
    for (char& c : bytes)
      c = iter % 2 ? static_cast<char>(rng() & 0xFF) : alphabet[rng() % alphabet.size()];
    for (const auto format : {sm::ProfileFormat::jsonl, sm::ProfileFormat::csv}) {
      ids_seen.insert(try_read(bytes, format));
      ids_seen.insert(try_read("\x1f\x8b" + bytes, format));  // fake gzip
    }
  }
  EXPECT_EQ(ids_seen.count("?"), 0u);
  EXPECT_TRUE(ids_seen.count("scoutmatch.io.parse.11")) << "fake gzip data was accepted";
  EXPECT_GE(ids_seen.size(), 4u);
}

TEST(Robustness, MutatedValidInputOnlyEverThrowsScoutmatchErrors) {
  std::mt19937 rng(7);
  const std::string jsonl =
      full_line + "\n" + R"({"id":"b","kind":"research","keywords":"x;y","lat":1,"lon":2})" + "\n";
  const std::string csv =
      "id,name,text,lat,lon,sme,keywords\n"
      "a,\"Müller, GmbH\",\"x\ny\",51,7,ja,a|b\n"
      "b,Zwei,z,,,,\n";
  int ok = 0, failed = 0;
  for (int iter = 0; iter < 1500; ++iter) {
    const bool use_csv = iter % 3 == 1;
    const bool use_gz = iter % 3 == 2;
    std::string bytes = use_csv ? csv : use_gz ? gzip_bytes(jsonl) : jsonl;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < flips; ++k) {
      const std::size_t at = rng() % bytes.size();
      switch (rng() % 3) {
        case 0:
          bytes[at] = static_cast<char>(rng() & 0xFF);
          break;
        case 1:
          bytes.erase(at, 1 + rng() % 8);
          break;
        default:
          bytes.insert(at, 1, "\"\n,{}[]\\"[rng() % 8]);
          break;
      }
      if (bytes.empty()) break;
    }
    const std::string id =
        try_read(bytes, use_csv ? sm::ProfileFormat::csv : sm::ProfileFormat::jsonl);
    ASSERT_NE(id, "?");
    (id.empty() ? ok : failed) += 1;
  }
  // Both outcomes occur: the mutations are neither all harmless nor all fatal.
  EXPECT_GT(ok, 0);
  EXPECT_GT(failed, 0);
}

TEST(ReadEmbedding, JsonArrayAndCsvCell) {
  const auto ps = sm::read_profiles(write_file(
      ".jsonl", "{\"id\":\"a\",\"embedding\":[0.5,-1,2e-3]}\n{\"id\":\"b\",\"embedding\":null}\n"));
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_EQ(ps[0].embedding, (std::vector<float>{0.5f, -1.0f, 2e-3f}));
  EXPECT_TRUE(ps[1].embedding.empty());
  const auto cs =
      sm::read_profiles(write_file(".csv", "id,embedding\na,0.5 -1 0.002\nb,\nc,1;2|3\n"));
  ASSERT_EQ(cs.size(), 3u);
  EXPECT_EQ(cs[0].embedding, (std::vector<float>{0.5f, -1.0f, 0.002f}));
  EXPECT_TRUE(cs[1].embedding.empty());
  EXPECT_EQ(cs[2].embedding, (std::vector<float>{1, 2, 3}));
}

TEST(ReadEmbedding, Errors) {
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"embedding\":\"0.5 1\"}\n", 2, 1, "embedding");
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"embedding\":[1,\"x\"]}\n", 2, 1, "embedding[1]");
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"embedding\":[1,1e39]}\n", 14, 1, "embedding[1]");
  expect_parse_error(".csv", "id,embedding\na,1 two\n", 2, 2, "embedding[1]");
  expect_parse_error(".csv", "id,embedding\na,1 inf\n", 14, 2, "embedding[1]");
  sm::ReadOptions small;
  small.max_embedding_dim = 2;
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"embedding\":[1,2,3]}\n", 10, 1, "embedding", small);
}

TEST(ReadLimits, LongestTextFieldIsConfigurable) {
  sm::ReadOptions small;
  small.max_text_bytes = 16;
  expect_parse_error(".jsonl", "{\"id\":\"a\",\"needs\":\"a need that is far too long\"}\n", 10, 1,
                     "needs", small);
  expect_parse_error(".csv", "id,text\na,short\nb,this text is longer than sixteen bytes\n", 10, 3,
                     "text", small);
  expect_parse_error(".jsonl",
                     "{\"id\":\"a\",\"keywords\":[\"ok\",\"a keyword beyond the limit\"]}\n", 10, 1,
                     "keywords", small);
  EXPECT_EQ(sm::read_profiles(
                write_file(".jsonl", "{\"id\":\"a\",\"text\":\"sixteen bytes ok\"}\n"), small)
                .size(),
            1u);
  small.max_text_bytes = 0;
  EXPECT_THROW(small.validate(), sm::invalid_argument);
}
