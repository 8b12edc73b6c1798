// The LSA space (vectorize/lsa.hpp) and its use in an index (IndexOptions::semantic_dims):
// the randomized SVD against an exact one, synonyms meeting through co-occurrence, text
// queries folding in, determinism, persistence and the errors.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "test_helpers.hpp"

namespace sm = scoutmatch;
using sm::Kind;
using sm::testing::error_id;

namespace {

std::vector<sm::Profile> car_corpus() {
  using sm::testing::make_profile;
  return {make_profile("c1", Kind::company, "car engine repair"),
          make_profile("c2", Kind::company, "car wheel production"),
          make_profile("a1", Kind::research, "automobile engine design"),
          make_profile("a2", Kind::research, "automobile wheel testing"),
          make_profile("b1", Kind::research, "car automobile dealership"),
          make_profile("f1", Kind::research, "banana fruit import"),
          make_profile("f2", Kind::research, "apple fruit orchard"),
          make_profile("f3", Kind::research, "banana apple juice")};
}

sm::Index build(std::vector<sm::Profile> ps, std::size_t dims, double dense_weight = 0.5) {
  sm::IndexOptions o;
  o.semantic_dims = dims;
  o.dense_weight = dense_weight;
  return sm::Index::build(std::move(ps), o);
}

std::vector<std::string> ids(const std::vector<sm::Match>& ms) {
  std::vector<std::string> out;
  for (const auto& m : ms) out.push_back(m.id);
  return out;
}

std::size_t rank_of(const std::vector<std::string>& v, const std::string& id) {
  return static_cast<std::size_t>(std::find(v.begin(), v.end(), id) - v.begin());
}

}  // namespace

TEST(Lsa, SingularValuesMatchAnExactSvd) {
  const sm::Index ix = build(car_corpus(), 0);
  const sm::SpaceVectors& space = ix.vectors().all;
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(space.sat.rows()),
                                            static_cast<Eigen::Index>(space.idf.size()));
  for (std::size_t r = 0; r < space.sat.rows(); ++r) {
    const auto row = space.sat.row(r);
    for (std::size_t i = 0; i < row.terms.size(); ++i)
      a(static_cast<Eigen::Index>(r), row.terms[i]) =
          row.values[i] * std::sqrt(static_cast<double>(space.idf[row.terms[i]]));
  }
  const Eigen::VectorXd exact = Eigen::JacobiSVD<Eigen::MatrixXd>(a).singularValues();
  const sm::LsaModel m = sm::LsaModel::fit(space, 4);
  ASSERT_EQ(m.dims(), 4u);
  for (std::size_t i = 0; i < 4; ++i)
    EXPECT_NEAR(m.singular_values()[i], exact(static_cast<Eigen::Index>(i)), 1e-4 * exact(0)) << i;
  // Asking for more dimensions than the rank gives at most the rank.
  const sm::LsaModel full = sm::LsaModel::fit(space, 500);
  EXPECT_LE(full.dims(), std::min<std::size_t>(space.sat.rows(), space.idf.size()));
  EXPECT_GE(full.dims(), 4u);
}

TEST(Lsa, SynonymsMeetThroughCoOccurrence) {
  // "car" never occurs in a1/a2, but "automobile" shares contexts with "car" (engine,
  // wheel, the dealership profile): with LSA they outrank the fruit profiles for "car";
  // BM25 alone does not return them at all.
  sm::Query q = sm::Query::text("car").k(8);
  const auto plain = ids(build(car_corpus(), 0).recommend(q));
  EXPECT_EQ(rank_of(plain, "a1"), plain.size());
  const auto lsa = ids(build(car_corpus(), 2).recommend(q));
  ASSERT_LT(rank_of(lsa, "a1"), lsa.size());
  for (const char* fruit : {"f1", "f2", "f3"})
    EXPECT_LT(rank_of(lsa, "a1"), rank_of(lsa, fruit)) << fruit;
  // Profile queries too: c1's neighbours include the automobile profiles, ahead of fruit.
  const auto by_profile = ids(build(car_corpus(), 2).recommend(sm::Query::similar_to("c1").k(7)));
  ASSERT_LT(rank_of(by_profile, "a2"), by_profile.size());
  for (const char* fruit : {"f1", "f2", "f3"})
    EXPECT_LT(rank_of(by_profile, "a2"), rank_of(by_profile, fruit)) << fruit;
}

TEST(Lsa, DenseWeightZeroIsBm25) {
  sm::Query q = sm::Query::text("car").k(8).dense_weight(0.0);
  EXPECT_EQ(ids(build(car_corpus(), 2).recommend(q)), ids(build(car_corpus(), 0).recommend(q)));
}

TEST(Lsa, DeterministicAndPersisted) {
  const sm::Index a = build(car_corpus(), 3);
  const sm::Index b = build(car_corpus(), 3);
  const sm::Index c = sm::Index::from_bytes(a.to_bytes());
  EXPECT_EQ(c.options().semantic_dims, 3u);
  const sm::Query q = sm::Query::similar_to("c2").k(7);
  const auto ra = a.recommend(q), rb = b.recommend(q), rc = c.recommend(q);
  ASSERT_EQ(ra.size(), rc.size());
  for (std::size_t i = 0; i < ra.size(); ++i) {
    EXPECT_EQ(ra[i].id, rb[i].id);
    EXPECT_EQ(ra[i].score, rb[i].score);
    EXPECT_EQ(ra[i].id, rc[i].id);
    EXPECT_EQ(ra[i].score, rc[i].score);
  }
  // An update keeps the option and refits on the new profiles.
  const sm::Index u = a.updated({sm::testing::make_profile("a3", Kind::research, "automobile car")}, {});
  EXPECT_EQ(u.options().semantic_dims, 3u);
  EXPECT_EQ(u.size(), a.size() + 1);
}

TEST(Lsa, Errors) {
  EXPECT_EQ(error_id([] { build(car_corpus(), sm::lsa_max_dims + 1); }), "scoutmatch.lsa.1");
  EXPECT_EQ(error_id([] { sm::LsaModel::fit(sm::SpaceVectors{}, 0); }), "scoutmatch.lsa.1");
  auto ps = car_corpus();
  ps[0].embedding = {1.0f, 0.0f};
  ps[1].embedding = {0.0f, 1.0f};
  EXPECT_EQ(error_id([&] { build(ps, 2); }), "scoutmatch.lsa.2");
  sm::IndexOptions o;
  o.semantic_dims = 2;
  const auto stats = sm::Index::statistics(car_corpus(), {});
  EXPECT_EQ(error_id([&] { sm::Index::build(car_corpus(), o, stats); }), "scoutmatch.lsa.3");
  // An empty corpus gives no space and no error.
  EXPECT_EQ(build({}, 8).size(), 0u);
}
