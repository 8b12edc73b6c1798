// Recommendations a scout can check: explanations, needs mode, compounds, batches, threads.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <thread>

#include "test_helpers.hpp"

namespace sm = scoutmatch;
using SK = scoutmatch::detail::SparseKernel;
using sm::testing::make_profile;

namespace {

sm::Index small_index() {
  sm::Profile co = make_profile(
      "co", sm::Kind::company,
      "Wir fertigen Brennstoffzellensysteme und Bauteile für die Wasserstofftechnologie.",
      sm::Language::de);
  co.needs = "Prüfstand für Wasserstoff und Beratung zur Werkstoffauswahl";
  co.competences = "Blechumformung, Schweißtechnik";
  sm::Profile h2 =
      make_profile("h2-lab", sm::Kind::research,
                   "Forschung zu Wasserstoff, Brennstoffzelle und Elektrolyse.", sm::Language::de);
  h2.offers = "Prüfstand für Wasserstoff und Brennstoffzellen, Werkstoffprüfung";
  sm::Profile wood =
      make_profile("wood", sm::Kind::university,
                   "Lehrstuhl für Holztechnik: Möbel, Massivholz, Oberflächen.", sm::Language::de);
  wood.offers = "Beratung zu Holzwerkstoffen";
  sm::Profile en =
      make_profile("en-lab", sm::Kind::research,
                   "Hydrogen storage and fuel cell durability testing.", sm::Language::en);
  en.competences = "fuel cells, hydrogen, electrolysis";
  sm::Profile weld =
      make_profile("weld", sm::Kind::university, "Institut für Schweisstechnik und Umformtechnik.",
                   sm::Language::de);
  return sm::Index::build({co, h2, wood, en, weld});
}

}  // namespace

TEST(Recommend, CompoundsMeetTheirParts) {
  const sm::Index ix = small_index();
  // "Wasserstofftechnologie" in the company meets "Wasserstoff" of the lab.
  const auto m = ix.recommend(sm::Query::similar_to("co").explain());
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0].id, "h2-lab");
  bool saw_hydrogen = false;
  for (const auto& t : m[0].explanation->terms)
    saw_hydrogen = saw_hydrogen || t.stem == "wasserstoff";
  EXPECT_TRUE(saw_hydrogen);
  // ß/ss: "Schweißtechnik" meets "Schweisstechnik".
  bool weld_found = false;
  for (const auto& x : m) weld_found = weld_found || x.id == "weld";
  EXPECT_TRUE(weld_found);
}

TEST(Recommend, ExplanationSharesSumToOneAndAreSorted) {
  const sm::Index ix = small_index();
  const auto m = ix.recommend(sm::Query::similar_to("co").explain(true, 1000));
  ASSERT_FALSE(m.empty());
  for (const auto& x : m) {
    ASSERT_TRUE(x.explanation);
    double sum = 0, score = 0;
    for (std::size_t i = 0; i < x.explanation->terms.size(); ++i) {
      const auto& t = x.explanation->terms[i];
      sum += t.share;
      score += t.score;
      if (i) EXPECT_LE(t.score, x.explanation->terms[i - 1].score);
      EXPECT_NE(t.fields, 0);
      EXPECT_FALSE(t.term.empty());
    }
    EXPECT_NEAR(sum, 1.0, 1e-4);
    EXPECT_NEAR(score, x.score, 1e-4 * x.score);
    EXPECT_NE(x.explanation->fields, 0);
  }
}

TEST(Recommend, ExplanationShowsSurfaceFormsAndFields) {
  const sm::Index ix = small_index();
  const auto m = ix.recommend(sm::Query::similar_to("co").kinds({sm::Kind::research}).explain());
  ASSERT_FALSE(m.empty());
  const auto& terms = m[0].explanation->terms;
  bool readable = false;
  for (const auto& t : terms) readable = readable || t.term == "Wasserstoff";
  EXPECT_TRUE(readable) << "surface form (not the stem) expected";
  // The lab writes "Prüfstand" in its offers: that field must be among the matched ones.
  EXPECT_TRUE(m[0].explanation->fields & sm::field_bit(sm::Field::offers));
  EXPECT_LE(terms.size(), 5u);
}

TEST(Recommend, NeedsModeMatchesNeedsAgainstOffers) {
  const sm::Index ix = small_index();
  const auto m = ix.recommend(sm::Query::similar_to("co").mode(sm::Mode::needs).explain());
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0].id, "h2-lab");
  // Only offers and competences of candidates count in needs mode.
  for (const auto& x : m) {
    const sm::FieldMask allowed =
        sm::field_bit(sm::Field::offers) | sm::field_bit(sm::Field::competences);
    EXPECT_EQ(x.explanation->fields & ~allowed, 0) << x.id;
  }
  // A profile without needs cannot be asked in needs mode.
  EXPECT_THROW(ix.recommend(sm::Query::similar_to("wood").mode(sm::Mode::needs)),
               sm::invalid_argument);
}

TEST(Recommend, FreeTextQueryInBothLanguages) {
  const sm::Index ix = small_index();
  const auto de = ix.recommend(sm::Query::text("Wasserstoff Prüfstand"));
  ASSERT_FALSE(de.empty());
  EXPECT_EQ(de[0].id, "h2-lab");
  const auto en = ix.recommend(sm::Query::text("fuel cell durability", sm::Language::en));
  ASSERT_FALSE(en.empty());
  EXPECT_EQ(en[0].id, "en-lab");
  EXPECT_TRUE(ix.recommend(sm::Query::text("Quantenchromodynamik")).empty());
}

TEST(Recommend, DistanceInExplanation) {
  sm::Profile a = make_profile("a", sm::Kind::company, "laser welding robots");
  a.lat = 50.87, a.lon = 8.02;
  sm::Profile b = make_profile("b", sm::Kind::research, "laser welding");
  b.lat = 51.49, b.lon = 7.41;
  const sm::Index ix = sm::Index::build({a, b});
  const auto m = ix.recommend(sm::Query::similar_to("a").explain());
  ASSERT_EQ(m.size(), 1u);
  ASSERT_TRUE(m[0].explanation->distance_km);
  EXPECT_NEAR(*m[0].explanation->distance_km, sm::haversine_km({50.87, 8.02}, {51.49, 7.41}), 1e-9);
}

// Enough profiles over a small vocabulary that frequent words (p ~ 0.7 per profile) become
// head terms and
// recommend_batch's plain text queries go through InvertedIndex::search_batch's blocks:
// profile and free-text queries, needs mode, filters, exclusions, k above the matches,
// explanations, signal-model queries mixed in; with each set of kernels (AVX-512, AVX2,
// portable; those the CPU lacks fall back).
TEST(Recommend, BatchThroughSearchBatchEqualsSingleQueries) {
  std::mt19937 rng(17);
  std::vector<std::string> words;
  for (int i = 0; i < 400; ++i) words.push_back("w" + std::to_string(i * 7919 % 100003) + "x");
  std::geometric_distribution<int> pick(0.02);
  auto text = [&](int n) {
    std::string t;
    for (int i = 0; i < n; ++i) t += words[std::min(pick(rng), 399)] + " ";
    return t;
  };
  std::vector<sm::Profile> ps;
  for (int d = 0; d < 6000; ++d) {
    sm::Profile p = make_profile("p" + std::to_string(d), static_cast<sm::Kind>(d % 6), text(60));
    if (d % 3 == 0) p.needs = text(20);
    p.country = d % 4 ? "DE" : "NL";
    ps.push_back(std::move(p));
  }
  const sm::Index ix = sm::Index::build(ps);
  std::vector<sm::Query> qs;
  for (int i = 0; i < 150; ++i) {
    const std::string id = "p" + std::to_string(i * 37 % 6000);
    sm::Query q = i % 5 == 1 ? sm::Query::text(text(i % 2 ? 3 : 80), sm::Language::en)
                             : sm::Query::similar_to(id);
    q.k(i % 17 == 0 ? 1000 : 1 + i % 20);
    if (i % 5 == 3) q.kinds({sm::Kind::university, sm::Kind::research});
    if (i % 7 == 2) q.countries({"nl"});
    if (i % 9 == 4) q.exclude({"p1", "p2", "p3"});
    if (i % 11 == 6) q.explain();
    if (i % 13 == 8 && (i * 37 % 6000) % 3 == 0) q.mode(sm::Mode::needs);
    if (i % 19 == 10) q.reciprocal();  // the signal model: one at a time
    qs.push_back(std::move(q));
  }
  qs.push_back(sm::Query::text("qqqnotaword", sm::Language::en));  // empty query vector
  for (const SK kernel : {SK::avx512, SK::avx2, SK::portable}) {
    const SK before = sm::detail::inverted_index_kernel(kernel);
    const auto batch = ix.recommend_batch(qs, 2);
    ASSERT_EQ(batch.size(), qs.size());
    for (std::size_t i = 0; i < qs.size(); ++i) {
      SCOPED_TRACE("kernel " + std::to_string(static_cast<int>(kernel)) + " query " + std::to_string(i));
      const auto single = ix.recommend(qs[i]);
      ASSERT_EQ(single.size(), batch[i].size());
      for (std::size_t j = 0; j < single.size(); ++j) {
        EXPECT_EQ(single[j].id, batch[i][j].id);
        EXPECT_EQ(single[j].score, batch[i][j].score);
        EXPECT_EQ(single[j].rank, batch[i][j].rank);
        ASSERT_EQ(single[j].explanation.has_value(), batch[i][j].explanation.has_value());
        if (single[j].explanation)
          EXPECT_EQ(single[j].explanation->text_score, batch[i][j].explanation->text_score);
      }
    }
    sm::detail::inverted_index_kernel(before);
  }
}

TEST(Recommend, BatchEqualsSingleQueriesAndThreadsAgree) {
  const sm::Index ix = sm::Index::build(sm::read_profiles(sm::testing::demo_profiles()));
  std::vector<sm::Query> qs;
  for (std::uint32_t d = 0; d < ix.size(); d += 7)
    qs.push_back(sm::Query::similar_to(ix.profile(d).id)
                     .k(8)
                     .kinds({sm::Kind::university, sm::Kind::research}));
  const auto batch1 = ix.recommend_batch(qs, 1);
  const auto batch2 = ix.recommend_batch(qs, 2);
  ASSERT_EQ(batch1.size(), qs.size());
  for (std::size_t i = 0; i < qs.size(); ++i) {
    const auto single = ix.recommend(qs[i]);
    ASSERT_EQ(single.size(), batch1[i].size());
    for (std::size_t j = 0; j < single.size(); ++j) {
      EXPECT_EQ(single[j].id, batch1[i][j].id);
      EXPECT_EQ(single[j].id, batch2[i][j].id);
      EXPECT_EQ(single[j].score, batch2[i][j].score);
    }
  }
  // Several threads querying one index at once see the same results.
  std::vector<std::thread> pool;
  std::vector<int> ok(4, 1);
  for (int t = 0; t < 4; ++t)
    pool.emplace_back([&, t] {
      for (std::size_t i = 0; i < qs.size(); ++i) {
        const auto r = ix.recommend(qs[i]);
        if (r.size() != batch1[i].size() || (!r.empty() && r[0].id != batch1[i][0].id)) ok[t] = 0;
      }
    });
  for (auto& th : pool) th.join();
  EXPECT_EQ(ok, std::vector<int>(4, 1));
}

TEST(Recommend, BuildRejectsDuplicateIds) {
  try {
    sm::Index::build(
        {make_profile("x", sm::Kind::company, "a"), make_profile("x", sm::Kind::company, "b")});
    FAIL();
  } catch (const sm::parse_error& e) {
    EXPECT_EQ(e.id(), "scoutmatch.io.parse.4");
  }
  EXPECT_THROW(sm::Index::build({make_profile("", sm::Kind::company, "a")}), sm::parse_error);
}

TEST(Recommend, EmptyIndexAndEmptyProfiles) {
  const sm::Index empty;
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_TRUE(empty.recommend(sm::Query::text("Wasserstoff")).empty());
  const sm::Index ix = sm::Index::build(
      {make_profile("a", sm::Kind::company, ""), make_profile("b", sm::Kind::company, "")});
  EXPECT_TRUE(ix.recommend(sm::Query::similar_to("a")).empty());
}

// ---- dense fusion ------------------------------------------------------------------------

namespace {
sm::Profile with_embedding(sm::Profile p, std::vector<float> e) {
  p.embedding = std::move(e);
  return p;
}
sm::Index dense_index() {
  return sm::Index::build({
      with_embedding(make_profile("q", sm::Kind::company, "laser welding robots"), {1, 0, 0}),
      with_embedding(make_profile("text-twin", sm::Kind::research, "laser welding robots"),
                     {0, 1, 0}),
      with_embedding(make_profile("dense-twin", sm::Kind::research, "timber furniture"),
                     {2, 0.1f, 0}),
      with_embedding(make_profile("both", sm::Kind::research, "laser welding"), {1, 0.2f, 0}),
      make_profile("no-vector", sm::Kind::research, "laser robots"),
  });
}
double cosine(std::vector<float> a, std::vector<float> b) {
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    ab += a[i] * b[i], aa += a[i] * a[i], bb += b[i] * b[i];
  return ab / std::sqrt(aa * bb);
}
}  // namespace

TEST(DenseFusion, WeightMovesTheRankingBetweenTextAndEmbeddings) {
  const sm::Index ix = dense_index();
  const auto text_only = ix.recommend(sm::Query::similar_to("q").dense_weight(0));
  ASSERT_FALSE(text_only.empty());
  EXPECT_EQ(text_only[0].id, "text-twin");
  for (const auto& m : text_only) EXPECT_NE(m.id, "dense-twin");  // shares no term
  const auto dense_only = ix.recommend(sm::Query::similar_to("q").dense_weight(1));
  ASSERT_FALSE(dense_only.empty());
  EXPECT_EQ(dense_only[0].id, "dense-twin");
  const auto half = ix.recommend(sm::Query::similar_to("q").dense_weight(0.5).explain());
  ASSERT_FALSE(half.empty());
  EXPECT_EQ(half[0].id, "both");  // good on both
}

TEST(DenseFusion, ScoresFollowTheDocumentedFormula) {
  const sm::Index ix = dense_index();
  const double w = 0.3;
  const auto fused = ix.recommend(sm::Query::similar_to("q").dense_weight(w).explain().k(10));
  const auto text = ix.recommend(sm::Query::similar_to("q").dense_weight(0).k(10));
  double best = 0;
  for (const auto& m : text) best = std::max(best, m.score);
  const std::map<std::string, std::vector<float>> vec{{"text-twin", {0, 1, 0}},
                                                      {"dense-twin", {2, 0.1f, 0}},
                                                      {"both", {1, 0.2f, 0}},
                                                      {"no-vector", {0, 0, 0}}};
  for (const auto& m : fused) {
    double bm25 = 0;
    for (const auto& t : text)
      if (t.id == m.id) bm25 = t.score;
    const double cos = m.id == "no-vector" ? 0.0 : std::max(0.0, cosine({1, 0, 0}, vec.at(m.id)));
    EXPECT_NEAR(m.score, (1 - w) * bm25 / best + w * cos, 1e-5) << m.id;
    ASSERT_TRUE(m.explanation);
    EXPECT_NEAR(m.explanation->text_score, bm25, 1e-4);
    ASSERT_TRUE(m.explanation->dense_score);
    EXPECT_NEAR(*m.explanation->dense_score,
                m.id == "no-vector" ? 0.0 : cosine({1, 0, 0}, vec.at(m.id)), 1e-5);
  }
  // Ranked by the fused score, filters still apply.
  for (std::size_t i = 1; i < fused.size(); ++i) EXPECT_LE(fused[i].score, fused[i - 1].score);
  for (const auto& m :
       ix.recommend(sm::Query::similar_to("q").dense_weight(w).kinds({sm::Kind::company})))
    EXPECT_EQ(m.kind, sm::Kind::company);
}

TEST(DenseFusion, TextQueriesBringTheirOwnEmbedding) {
  const sm::Index ix = dense_index();
  const auto m = ix.recommend(sm::Query::text("furniture").embedding({0, 1, 0}).dense_weight(0.9));
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0].id, "text-twin");
  EXPECT_THROW(ix.recommend(sm::Query::text("x").embedding({1, 0})), sm::invalid_argument);
  EXPECT_THROW(ix.recommend(sm::Query::similar_to("q").dense_weight(1.5)), sm::invalid_argument);
  EXPECT_THROW(ix.recommend(sm::Query::text("x").embedding({NAN, 0, 0})), sm::invalid_argument);
}

TEST(DenseFusion, MixedDimensionsAreRejectedAndEmbeddingsPersist) {
  EXPECT_THROW(
      sm::Index::build({with_embedding(make_profile("a", sm::Kind::company, "x"), {1, 0}),
                        with_embedding(make_profile("b", sm::Kind::company, "x"), {1, 0, 0})}),
      sm::invalid_argument);
  const auto dir = sm::testing::temp_dir("dense-persist");
  const sm::Index ix = dense_index();
  ix.save(dir / "d.smx");
  const sm::Index back = sm::Index::load(dir / "d.smx");
  const auto a = ix.recommend(sm::Query::similar_to("q").dense_weight(0.7));
  const auto b = back.recommend(sm::Query::similar_to("q").dense_weight(0.7));
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_EQ(a[i].score, b[i].score);
  }
}

// ---- updates -----------------------------------------------------------------------------

TEST(Updated, EqualsARebuildOfTheSurvivingProfiles) {
  std::vector<sm::Profile> base{make_profile("a", sm::Kind::company, "laser welding robots"),
                                make_profile("b", sm::Kind::research, "laser welding"),
                                make_profile("c", sm::Kind::research, "timber furniture design"),
                                make_profile("d", sm::Kind::university, "robots and furniture")};
  const sm::Index ix = sm::Index::build(base);
  const sm::Index next = ix.updated({make_profile("c", sm::Kind::research, "laser robots"),
                                     make_profile("e", sm::Kind::startup, "welding robots")},
                                    {"b", "unknown"});
  // On one worker: the same index.
  const sm::Index next1 = ix.updated({make_profile("c", sm::Kind::research, "laser robots"),
                                      make_profile("e", sm::Kind::startup, "welding robots")},
                                     {"b", "unknown"}, 1);
  EXPECT_EQ(next1.to_bytes(), next.to_bytes());
  const sm::Index rebuilt =
      sm::Index::build({base[0], make_profile("c", sm::Kind::research, "laser robots"), base[3],
                        make_profile("e", sm::Kind::startup, "welding robots")});
  ASSERT_EQ(next.size(), 4u);
  EXPECT_FALSE(next.contains("b"));
  for (const std::string id : {"a", "c", "d", "e"}) {
    const auto x = next.recommend(sm::Query::similar_to(id).k(10));
    const auto y = rebuilt.recommend(sm::Query::similar_to(id).k(10));
    ASSERT_EQ(x.size(), y.size()) << id;
    for (std::size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(x[i].id, y[i].id);
      EXPECT_EQ(x[i].score, y[i].score);
    }
  }
  // The old index is untouched (a snapshot).
  EXPECT_TRUE(ix.contains("b"));
  EXPECT_EQ(ix.profile(*ix.find("c")).text, "timber furniture design");
  EXPECT_THROW(ix.updated({make_profile("x", sm::Kind::company, "a"),
                           make_profile("x", sm::Kind::company, "b")}),
               sm::parse_error);
}

TEST(Recommend, ShortQueriesOfUnknownLanguageMeetBothLanguages) {
  const sm::Index ix = sm::Index::build(
      {make_profile("de", sm::Kind::research,
                    "Wir forschen an Quantensensorik und Wasserstoffspeichern.", sm::Language::de),
       make_profile("en", sm::Kind::research,
                    "We research quantum sensing and hydrogen technologies.", sm::Language::en)});
  // One German word, no stop word to tell its language.
  const auto de = ix.recommend(sm::Query::text("Quantensensorik"));
  ASSERT_FALSE(de.empty());
  EXPECT_EQ(de[0].id, "de");
  const auto en = ix.recommend(sm::Query::text("technologies"));
  ASSERT_FALSE(en.empty());
  EXPECT_EQ(en[0].id, "en");
}
