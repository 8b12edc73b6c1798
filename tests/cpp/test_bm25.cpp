// BM25F weighting against a hand-computed example.
#include <gtest/gtest.h>

#include <cmath>

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
