// Evaluation metrics against hand-computed values, and the pairs reader.
#include <gtest/gtest.h>

#include <cmath>

#include "test_helpers.hpp"

namespace sm = scoutmatch;
using sm::testing::make_profile;

namespace {
// q's ranking over candidates (kind research) is fixed by how many query words each shares.
sm::Index ranked_index() {
  return sm::Index::build({
      make_profile("q", sm::Kind::company, "alpha beta gamma delta epsilon"),
      make_profile("r1", sm::Kind::research, "alpha beta gamma delta"),
      make_profile("r2", sm::Kind::research, "alpha beta gamma"),
      make_profile("r3", sm::Kind::research, "alpha beta"),
      make_profile("r4", sm::Kind::research, "alpha"),
      make_profile("c1", sm::Kind::company, "alpha beta gamma delta epsilon"),
  });
}
}  // namespace

TEST(Evaluate, MetricsMatchHandComputation) {
  const sm::Index ix = ranked_index();
  // Ranking for q among research: r1, r2, r3, r4. Relevant: r2 and r4.
  const std::vector<sm::EvalPair> pairs{{"q", {"r2", "r4"}}};
  sm::EvalOptions o;
  o.k = 2;
  o.to_kinds = {sm::Kind::research};
  const sm::EvalResult r = sm::evaluate(ix, pairs, o);
  EXPECT_EQ(r.queries, 1u);
  EXPECT_DOUBLE_EQ(r.recall, 0.5);  // r2 in the top 2, r4 not
  EXPECT_DOUBLE_EQ(r.hit, 1.0);
  EXPECT_DOUBLE_EQ(r.mrr, 0.5);             // first relevant at rank 2
  const double dcg = 1.0 / std::log2(3.0);  // a hit at rank 2
  const double idcg = 1.0 + 1.0 / std::log2(3.0);
  EXPECT_NEAR(r.ndcg, dcg / idcg, 1e-12);
  o.k = 4;
  const sm::EvalResult r4 = sm::evaluate(ix, pairs, o);
  EXPECT_DOUBLE_EQ(r4.recall, 1.0);
  EXPECT_NEAR(r4.ndcg, (1 / std::log2(3.0) + 1 / std::log2(5.0)) / (1 + 1 / std::log2(3.0)), 1e-12);
}

TEST(Evaluate, MissingAndEmptyQueriesAreCountedApart) {
  const sm::Index ix = ranked_index();
  const std::vector<sm::EvalPair> pairs{
      {"q", {"r1"}}, {"nope", {"r1"}}, {"q", {"gone"}}, {"c1", {}}};
  sm::EvalOptions o;
  o.to_kinds = {sm::Kind::research};
  const sm::EvalResult r = sm::evaluate(ix, pairs, o);
  EXPECT_EQ(r.queries, 1u);
  EXPECT_EQ(r.missing_queries, 1u);
  EXPECT_EQ(r.skipped_no_relevant, 2u);
  EXPECT_EQ(r.missing_relevant, 1u);
  ASSERT_EQ(r.missing_examples.size(), 1u);
  EXPECT_EQ(r.missing_examples[0], "nope");
  EXPECT_DOUBLE_EQ(r.mrr, 1.0);
}

TEST(Evaluate, ReadPairsAndItsErrors) {
  const auto dir = sm::testing::temp_dir("pairs");
  sm::testing::write_text(dir / "ok.jsonl",
                          "{\"query\": \"q\", \"relevant\": [\"r1\", \"r2\"], \"x\": 1}\n\n");
  const auto pairs = sm::read_pairs(dir / "ok.jsonl");
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].relevant.size(), 2u);
  auto id_of = [&](const std::string& text) -> std::string {
    sm::testing::write_text(dir / "bad.jsonl", text);
    try {
      sm::read_pairs(dir / "bad.jsonl");
    } catch (const sm::error& e) {
      EXPECT_NE(std::string(e.what()).find("bad.jsonl"), std::string::npos) << e.what();
      return e.id();
    }
    return "";
  };
  EXPECT_EQ(id_of("{\"query\": \"q\", \"relevant\": [1]}\n"), "scoutmatch.io.parse.2");
  EXPECT_EQ(id_of("{\"query\": 5, \"relevant\": []}\n"), "scoutmatch.io.parse.2");
  EXPECT_EQ(id_of("{\"query\": \"q\"\n"), "scoutmatch.io.parse.1");
  EXPECT_EQ(id_of(""), "scoutmatch.io.parse.7");
  EXPECT_EQ(id_of("[1,2]\n"), "scoutmatch.io.parse.13");
}
