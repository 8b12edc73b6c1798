// BM25F weighting against a hand-computed example.
#include <gtest/gtest.h>

#include <tbb/task_arena.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "test_helpers.hpp"

namespace sm = scoutmatch;
using sm::testing::make_profile;

namespace {

sm::Index tiny_index() {
  sm::IndexOptions o;
  o.analyzer.stem = false;                    // keep the hand computation free of stemming
  o.bm25.field_weights = {0, 1, 1, 1, 1, 1};  // the name does not count here
  return sm::Index::build({make_profile("d0", sm::Kind::company, "laser laser weld"),
                           make_profile("d1", sm::Kind::research, "laser robot"),
                           make_profile("d2", sm::Kind::university, "robot robot robot weld")},
                          o);
}

float sat_of(const sm::Index& ix, std::uint32_t doc, const std::string& term) {
  const auto id = ix.vectors().vocabulary.find(term);
  EXPECT_TRUE(id.has_value()) << term;
  const sm::SparseRow r = ix.vectors().all.sat.row(doc);
  for (std::size_t i = 0; i < r.terms.size(); ++i)
    if (r.terms[i] == *id) return r.values[i];
  return 0;
}

}  // namespace

// N = 3, avglen = (3 + 2 + 4) / 3 = 3, k1 = 1.2, b = 0.75:
//   idf(laser) = ln(1 + (3 - 2 + 0.5) / (2 + 0.5)) = ln 1.6 = 0.470003629...
//   sat(laser, d0) = 2 * 2.2 / (2 + 1.2 * (0.25 + 0.75 * 3/3)) = 1.375
//   sat(laser, d1) = 1 * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 2/3)) = 1.157894737
//   sat(weld, d2)  = 1 * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 4/3)) = 0.88
//   sat(robot, d2) = 3 * 2.2 / (3 + 1.2 * 1.25) = 1.466666667
//   score(d0, d1)  = 1.375 * 0.470003629 * 1.157894737 = 0.748295252
//   score(d0, d2)  = sat(weld,d0) = 1.0 -> 1.0 * 0.470003629 * 0.88 = 0.413603194
TEST(Bm25, WeightsMatchHandComputation) {
  const sm::Index ix = tiny_index();
  const auto laser = *ix.vectors().vocabulary.find("laser");
  EXPECT_NEAR(ix.vectors().all.idf[laser], 0.47000362924573563, 1e-6);
  EXPECT_NEAR(ix.vectors().all.avg_len, 3.0, 1e-12);
  EXPECT_NEAR(sat_of(ix, 0, "laser"), 1.375, 1e-6);
  EXPECT_NEAR(sat_of(ix, 1, "laser"), 1.1578947368421053, 1e-6);
  EXPECT_NEAR(sat_of(ix, 2, "weld"), 0.88, 1e-6);
  EXPECT_NEAR(sat_of(ix, 2, "robot"), 1.4666666666666668, 1e-6);
}

TEST(Bm25, ProfileScoresMatchHandComputation) {
  const sm::Index ix = tiny_index();
  const auto m = ix.recommend(sm::Query::similar_to("d0"));
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].id, "d1");
  EXPECT_NEAR(m[0].score, 0.7482952518254475, 1e-5);
  EXPECT_EQ(m[1].id, "d2");
  EXPECT_NEAR(m[1].score, 0.41360319373624743, 1e-5);
}

TEST(Bm25, ProfileSimilarityIsSymmetric) {
  const sm::Index ix = tiny_index();
  auto score = [&](const std::string& a, const std::string& b) {
    for (const auto& m : ix.recommend(sm::Query::similar_to(a)))
      if (m.id == b) return m.score;
    return -1.0;
  };
  EXPECT_NEAR(score("d0", "d1"), score("d1", "d0"), 1e-6);
  EXPECT_NEAR(score("d0", "d2"), score("d2", "d0"), 1e-6);
  EXPECT_NEAR(score("d1", "d2"), score("d2", "d1"), 1e-6);
}

TEST(Bm25, FieldWeightsChangeTheWeights) {
  sm::IndexOptions o;
  o.analyzer.stem = false;
  sm::Profile a = make_profile("a", sm::Kind::company, "");
  a.keywords = {"laser"};
  sm::Profile b = make_profile("b", sm::Kind::company, "laser");
  sm::Profile c = make_profile("c", sm::Kind::company, "robot");
  o.bm25.field_weights = {0, 1, 1, 1, 1, 3};
  const sm::Index heavy = sm::Index::build({a, b, c}, o);
  o.bm25.field_weights = {0, 1, 1, 1, 1, 1};
  const sm::Index plain = sm::Index::build({a, b, c}, o);
  EXPECT_GT(heavy.recommend(sm::Query::similar_to("b"))[0].score,
            plain.recommend(sm::Query::similar_to("b"))[0].score);
}

TEST(Bm25, OptionsAreValidated) {
  sm::Bm25Options o;
  o.k1 = 0;
  EXPECT_THROW(o.validate(), sm::invalid_argument);
  o = {};
  o.b = 1.5;
  EXPECT_THROW(o.validate(), sm::invalid_argument);
  o = {};
  o.field_weights[2] = -1;
  try {
    o.validate();
    FAIL() << "negative field weight accepted";
  } catch (const sm::invalid_argument& e) {
    EXPECT_EQ(e.id(), "scoutmatch.options.bm25.3");
    EXPECT_NE(std::string(e.what()).find("competences"), std::string::npos);
  }
  EXPECT_NO_THROW(sm::Bm25Options{}.validate());
}

// vectorize() collects the worker threads' distinct tokens, analyses each of them once and
// merges the terms: its vectors must equal those computed from Analyzer::analyze() token by
// token, and must not depend on the number of threads.
TEST(Vectorize, EqualsAnalyzerTokensForAnyThreadCount) {
  const std::vector<sm::Profile> demo = sm::read_profiles(sm::testing::demo_profiles());
  std::vector<sm::Profile> profiles;
  for (int copy = 0; copy < 6; ++copy)  // > 2 chunks of 256 profiles for the workers to share
    for (sm::Profile p : demo) {
      p.id += "-" + std::to_string(copy);
      if (copy == 1) p.lang = sm::Language::unknown;  // detected
      if (copy == 2) p.keywords = {"Wasserstoff", "CO2-neutral", "machine learning"};
      profiles.push_back(std::move(p));
    }
  const sm::Analyzer analyzer;
  const sm::Bm25Options o;
  auto run = [&](int threads) {
    tbb::task_arena arena(threads);
    return arena.execute([&] { return sm::vectorize(profiles, analyzer, o); });
  };
  const sm::CorpusVectors v1 = run(1);
  const sm::CorpusVectors v2 = run(2);

  // Reference: per document and term the per-field counts; per term its surface forms.
  const std::size_t n = profiles.size();
  std::map<std::string, std::map<std::string, std::uint64_t>> forms;
  std::vector<std::map<std::string, std::array<double, sm::field_count>>> tf(n);
  std::vector<double> len(n, 0.0);
  for (std::size_t d = 0; d < n; ++d) {
    const sm::Profile& p = profiles[d];
    const sm::Language lang = v1.languages[d];
    if (p.lang != sm::Language::unknown) EXPECT_EQ(lang, p.lang);
    for (std::size_t f = 0; f < sm::field_count; ++f) {
      std::vector<sm::Token> tokens;
      if (static_cast<sm::Field>(f) == sm::Field::keywords) {
        for (const std::string& k : p.keywords) analyzer.analyze(k, lang, tokens);
      } else {
        analyzer.analyze(p.field_text(static_cast<sm::Field>(f)), lang, tokens);
      }
      len[d] += o.field_weights[f] * static_cast<double>(tokens.size());
      for (const sm::Token& t : tokens) {
        tf[d][t.term][f] += 1;
        ++forms[t.term][t.surface];
      }
    }
  }
  ASSERT_EQ(v1.vocabulary.size(), forms.size());
  std::size_t id = 0;
  for (const auto& [term, surfaces] : forms) {
    EXPECT_EQ(v1.vocabulary.term(static_cast<sm::TermId>(id)), term);
    // The most frequent surface form; ties go to the smallest string.
    auto best = surfaces.begin();
    for (auto it = surfaces.begin(); it != surfaces.end(); ++it)
      if (it->second > best->second) best = it;
    EXPECT_EQ(v1.vocabulary.surface(static_cast<sm::TermId>(id)), best->first) << term;
    ++id;
  }
  double total = 0;
  for (double l : len) total += l;
  const double avg_len = total / static_cast<double>(std::count_if(len.begin(), len.end(),
                                                                   [](double l) { return l > 0; }));
  EXPECT_NEAR(v1.all.avg_len, avg_len, 1e-9 * avg_len);
  for (std::size_t d = 0; d < n; ++d) {
    const sm::SparseRow r = v1.all.sat.row(d);
    ASSERT_EQ(r.terms.size(), tf[d].size()) << d;
    std::size_t i = 0;
    for (const auto& [term, counts] : tf[d]) {
      EXPECT_EQ(v1.vocabulary.term(r.terms[i]), term);
      double w = 0;
      for (std::size_t f = 0; f < sm::field_count; ++f) w += o.field_weights[f] * counts[f];
      EXPECT_FLOAT_EQ(r.values[i],
                      static_cast<float>(sm::bm25_saturate(w, len[d], avg_len, o.k1, o.b)));
      ++i;
    }
  }

  // Two threads: the same vectors, bit for bit.
  EXPECT_EQ(v2.vocabulary.terms(), v1.vocabulary.terms());
  EXPECT_EQ(v2.vocabulary.surfaces(), v1.vocabulary.surfaces());
  EXPECT_EQ(v2.languages, v1.languages);
  for (auto [a, b] : {std::pair{&v1.all, &v2.all}, std::pair{&v1.supply, &v2.supply}}) {
    EXPECT_EQ(a->df, b->df);
    EXPECT_EQ(a->idf, b->idf);
    EXPECT_EQ(a->avg_len, b->avg_len);
    EXPECT_EQ(a->sat.offsets, b->sat.offsets);
    EXPECT_EQ(a->sat.terms, b->sat.terms);
    EXPECT_EQ(a->sat.values, b->sat.values);
    EXPECT_EQ(a->sat.fields, b->sat.fields);
  }
  EXPECT_EQ(v1.needs.terms, v2.needs.terms);
  EXPECT_EQ(v1.needs.values, v2.needs.values);
}

// A term counted past 16 bits in one field (and reached through several tokens: a word, its
// inflection and compounds) saturates at 65,535 in the weights, while the profile's length
// counts every token.
TEST(Vectorize, CountsBeyondSixteenBitsSaturateButLengthsCountAll) {
  std::string text;
  for (int i = 0; i < 80000; ++i) text += i % 8 == 0 ? "Wasserstofftechnologie " : "Wasserstoff ";
  for (int i = 0; i < 30; ++i) text += "Wasserstoffs Labor ";
  std::vector<sm::Profile> profiles(3);
  profiles[0].id = "big";
  profiles[0].text = text;
  profiles[1].id = "small";
  profiles[1].text = "Wasserstoff im Labor";
  profiles[2].id = "other";
  profiles[2].text = "Holzbau";
  for (sm::Profile& p : profiles) p.lang = sm::Language::de;
  const sm::Analyzer analyzer;
  const sm::Bm25Options o;
  std::vector<std::map<std::string, double>> tf(3);
  std::vector<double> len(3);
  for (std::size_t d = 0; d < 3; ++d) {
    std::vector<sm::Token> tokens;
    analyzer.analyze(profiles[d].text, sm::Language::de, tokens);
    len[d] = static_cast<double>(tokens.size());
    for (const sm::Token& t : tokens) tf[d][t.term] += 1;
  }
  ASSERT_GT(tf[0]["wasserstoff"], 70000.0);  // the test's premise: past 16 bits
  for (int threads : {1, 2}) {
    tbb::task_arena arena(threads);
    const sm::CorpusVectors v = arena.execute([&] { return sm::vectorize(profiles, analyzer, o); });
    EXPECT_NEAR(v.all.avg_len, (len[0] + len[1] + len[2]) / 3, 1e-9 * len[0]);
    for (std::size_t d = 0; d < 3; ++d) {
      const sm::SparseRow r = v.all.sat.row(d);
      ASSERT_EQ(r.terms.size(), tf[d].size());
      std::size_t i = 0;
      for (const auto& [term, count] : tf[d]) {
        EXPECT_EQ(v.vocabulary.term(r.terms[i]), term);
        EXPECT_FLOAT_EQ(r.values[i],
                        static_cast<float>(sm::bm25_saturate(std::min(count, 65535.0), len[d],
                                                             v.all.avg_len, o.k1, o.b)))
            << term;
        ++i;
      }
    }
  }
}

// Each document's row ascends in term id for vocabularies whose ids need one, two or three
// digits of the row sort (up to 2^9, 2^18 and beyond), and holds exactly its distinct words,
// once each, with the fields they occur in.
TEST(Vectorize, RowsAscendForLargeVocabularies) {
  const auto word = [](std::size_t i) {  // a distinct lowercase word per number
    std::string w = "w";
    do w += static_cast<char>('a' + i % 26);
    while ((i /= 26) > 0);
    return w;
  };
  sm::AnalyzerOptions ao;
  ao.stem = false;
  ao.stop_words = false;
  const sm::Analyzer analyzer(ao);
  const auto text = sm::field_bit(sm::Field::text);
  const auto both = text | sm::field_bit(sm::Field::competences);
  for (const std::size_t per_doc : {std::size_t{60}, std::size_t{400}}) {
    for (const std::size_t docs : {std::size_t{8}, std::size_t{100}, std::size_t{700}}) {
      std::vector<sm::Profile> profiles;
      for (std::size_t d = 0; d < docs; ++d) {
        std::string text = "shared common";
        // Words in a scattered order, some twice.
        for (std::size_t j = 0; j < per_doc; ++j)
          text += " " + word(d * per_doc + (j * 7919) % per_doc) + (j % 5 == 0 ? " again" : "");
        profiles.push_back(make_profile("p" + std::to_string(d), sm::Kind::company, text));
        profiles.back().competences = "shared " + word(d * per_doc + 1) + " again";
      }
      const sm::CorpusVectors v = sm::vectorize(profiles, analyzer, sm::Bm25Options{});
      ASSERT_EQ(v.vocabulary.size(), docs * per_doc + 3) << docs << " x " << per_doc;
      for (std::size_t d = 0; d < docs; ++d) {
        const sm::SparseRow r = v.all.sat.row(d);
        ASSERT_EQ(r.terms.size(), per_doc + 3) << d;
        EXPECT_TRUE(std::adjacent_find(r.terms.begin(), r.terms.end(), std::greater_equal<>()) ==
                    r.terms.end())
            << "row " << d << " does not ascend (" << docs << " x " << per_doc << ")";
        ASSERT_EQ(r.fields.size(), r.terms.size());
        const std::string in_competences = word(d * per_doc + 1);
        std::size_t in_both = 0;
        for (std::size_t i = 0; i < r.terms.size(); ++i) {
          const std::string& t = v.vocabulary.term(r.terms[i]);
          const bool twice = t == "shared" || t == "again" || t == in_competences;
          EXPECT_EQ(r.fields[i], twice ? both : text) << t;
          in_both += twice;
        }
        EXPECT_EQ(in_both, 3u) << d;
        EXPECT_EQ(v.supply.sat.row(d).terms.size(), 3u) << d;  // the competences' words
      }
    }
  }
}

TEST(Vocabulary, FindsEveryTermAndNothingElse) {
  EXPECT_FALSE(sm::Vocabulary().find("x").has_value());
  EXPECT_FALSE(sm::Vocabulary({}, {}).find("").has_value());
  std::vector<std::string> terms;
  for (int i = 0; i < 5000; ++i) terms.push_back("t" + std::to_string(i));
  terms.push_back("");  // the empty string is a key like any other
  terms.push_back(std::string(100, 'l'));
  std::sort(terms.begin(), terms.end());
  const std::vector<std::string> surfaces = terms;
  const sm::Vocabulary v(terms, surfaces);
  ASSERT_EQ(v.size(), terms.size());
  for (sm::TermId id = 0; id < terms.size(); ++id) {
    const auto found = v.find(terms[id]);
    ASSERT_TRUE(found.has_value()) << terms[id];
    EXPECT_EQ(*found, id);
  }
  for (const std::string& miss :
       std::vector<std::string>{"t5000", "t-1", "T1", "t1 ", std::string(99, 'l'), "u"})
    EXPECT_FALSE(v.find(miss).has_value()) << miss;
  const sm::Vocabulary copy = v;  // copies keep working
  EXPECT_EQ(copy.find("t42"), v.find("t42"));
}

// text_query() against the plain definition: term counts in a std::map (German and English
// analyses merged by the larger count when the language is unknown), one weight per term
// in ascending term id.
TEST(TextQuery, EqualsReferenceDefinition) {
  std::vector<sm::Profile> ps = {
      make_profile("a", sm::Kind::company, "Laser welding of steel, laser cutting and robots"),
      make_profile("b", sm::Kind::research, "Wasserstoff Elektrolyse und Brennstoffzellen",
                   sm::Language::de),
      make_profile("c", sm::Kind::company, "Robotik, Laserschweißen, Roboter für Stahl",
                   sm::Language::de),
      make_profile("d", sm::Kind::university, "the hydrogen and the steel of the laser")};
  const sm::Index ix = sm::Index::build(ps);
  const sm::CorpusVectors& corpus = ix.vectors();
  const sm::Bm25Options& o = ix.options().bm25;
  auto reference = [&](std::string_view text, sm::Language lang, sm::Space space) {
    auto count = [&](sm::Language l, std::map<sm::TermId, std::uint32_t>& tf) {
      const std::vector<sm::Token> tokens = ix.analyzer().analyze(text, l);
      for (const sm::Token& t : tokens)
        if (auto id = corpus.vocabulary.find(t.term)) ++tf[*id];
      return tokens.size();
    };
    std::map<sm::TermId, std::uint32_t> tf;
    std::size_t n = 0;
    if (lang != sm::Language::unknown) {
      n = count(lang, tf);
    } else {
      std::map<sm::TermId, std::uint32_t> en;
      n = std::max(count(sm::Language::de, tf), count(sm::Language::en, en));
      for (auto [term, c] : en) tf[term] = std::max(tf[term], c);
    }
    const double w = o.field_weights[static_cast<std::size_t>(sm::Field::text)] > 0
                         ? o.field_weights[static_cast<std::size_t>(sm::Field::text)]
                         : 1.0;
    const sm::SpaceVectors& s = corpus.space(space);
    sm::QueryVector q;
    for (auto [term, c] : tf) {
      if (s.df[term] == 0) continue;
      q.terms.push_back(term);
      q.weights.push_back(static_cast<float>(
          sm::bm25_saturate(w * c, w * static_cast<double>(n), s.avg_len, o.k1, o.b)));
    }
    return q;
  };
  const std::vector<std::string> texts = {
      "laser laser steel robots welding laser",
      "Wasserstoff und Laser: the steel of hydrogen, die Elektrolyse",
      "Laserschweißen Robotik robots robots steel unknownword",
      "",
      "the and und die",
      "steel"};
  for (const std::string& t : texts)
    for (sm::Language l : {sm::Language::unknown, sm::Language::en, sm::Language::de})
      for (sm::Space sp : {sm::Space::all, sm::Space::supply}) {
        const sm::QueryVector got = sm::text_query(t, l, corpus, sp, ix.analyzer(), o);
        const sm::QueryVector want = reference(t, l, sp);
        EXPECT_EQ(got.terms, want.terms) << t;
        EXPECT_EQ(got.weights, want.weights) << t;  // bit for bit
      }
}
