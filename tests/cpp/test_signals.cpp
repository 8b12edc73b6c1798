// The signal model (match/signals.hpp): the partner graph, the ranking metrics, each signal
// moving a ranking the expected way, explanations, SignalWeights parsing, tune() and
// persistence of projects, partners and weights.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "test_helpers.hpp"

namespace sm = scoutmatch;
using sm::Kind;
using sm::Signal;
using sm::testing::error_id;

namespace {

sm::Profile prof(std::string id, Kind kind, std::string text,
                 std::vector<std::string> projects = {}, std::vector<std::string> partners = {}) {
  sm::Profile p = sm::testing::make_profile(std::move(id), kind, std::move(text));
  p.projects = std::move(projects);
  p.partners = std::move(partners);
  return p;
}

// The ids of a result list, in rank order.
std::vector<std::string> ids(const std::vector<sm::Match>& ms) {
  std::vector<std::string> out;
  for (const auto& m : ms) out.push_back(m.id);
  return out;
}

// Position of `id` in `ms` (ms.size() when absent).
std::size_t pos(const std::vector<sm::Match>& ms, const std::string& id) {
  for (std::size_t i = 0; i < ms.size(); ++i)
    if (ms[i].id == id) return i;
  return ms.size();
}

bool has(const std::vector<sm::Match>& ms, const std::string& id) {
  return pos(ms, id) < ms.size();
}

sm::SignalWeights text_plus(Signal s, double w = 1.0) {
  sm::SignalWeights x = sm::SignalWeights::only(Signal::text);
  x[s] = w;
  return x;
}

// ---- the network corpus ------------------------------------------------------------------
// q (company) shares projects with three partners: hub (1 project), small (2) and hub2 (2).
// hub and hub2 are both in the big project H with y1 and six companies f1..f6, so each has
// degree 9 (q + 8 members of H). small shares S1, S2 with y2 (degree 2). x, y1, y2 have the
// same text as q (a three-way text tie, broken by document order: x, y1, y2).
//
//   y1: shared partners hub, hub2 (w(q,hub)=1, w(q,hub2)=2, w(hub,y1)=w(hub2,y1)=1)
//       common = 2, adamic_adar sum = 2 / ln 10, partner_of_partner sum =
//       (sqrt(1) + sqrt(2)) / sqrt(9), activities 1, company partners 6 (f1..f6)
//   y2: shared partner small (w(q,small)=2, w(small,y2)=2, deg 2)
//       common = 1, adamic_adar sum = 1 / ln 3, partner_of_partner sum =
//       sqrt(2) * sqrt(2) / sqrt(2), activities 2, company partners 0
// So common_partners and attachment prefer y1; adamic_adar, partner_of_partner and
// activity prefer y2.
const std::string T = "hydrogen fuel cell membrane";
const std::string W = "timber furniture joinery";

std::vector<sm::Profile> network_profiles() {
  std::vector<sm::Profile> ps{
      prof("q", Kind::company, T, {"J1", "J2", "J3", "J4", "J5"}),
      prof("hub", Kind::research, W, {"J1", "H"}),
      prof("small", Kind::research, W, {"J2", "J3", "S1", "S2"}),
      prof("hub2", Kind::research, W, {"J4", "J5", "H"}),
      prof("x", Kind::university, T),
      prof("y1", Kind::university, T, {"H"}),
      prof("y2", Kind::university, T, {"S1", "S2"}),
  };
  ps[1].name = "Hub One";
  ps[3].name = "Hub Two";
  for (int i = 1; i <= 6; ++i)
    ps.push_back(prof("f" + std::to_string(i), Kind::company, "paper printing press", {"H"}));
  return ps;
}

const sm::Index& network() {
  static const sm::Index ix = sm::Index::build(network_profiles());
  return ix;
}

std::vector<sm::Match> rank_q(const sm::SignalWeights& w, std::size_t k = 20) {
  return network().recommend(sm::Query::similar_to("q").k(k).weights(w));
}

}  // namespace

// ---- PartnerGraph ----------------------------------------------------------------------------

TEST(PartnerGraph, EdgesDegreesActivitiesAndKinds) {
  // A lists P1 twice (counts once), lists B (adds 1 to the A-B tie), an id that is not in
  // the corpus and itself (both ignored). D lists A. E has no links.
  const std::vector<sm::Profile> ps{
      prof("A", Kind::company, "a", {"P1", "P2", "P1"}, {"B", "ghost", "A"}),
      prof("B", Kind::research, "b", {"P1", "P2"}),
      prof("C", Kind::university, "c", {"P2"}),
      prof("D", Kind::company, "d", {}, {"A"}),
      prof("E", Kind::other, "e"),
  };
  const sm::PartnerGraph g = sm::PartnerGraph::build(ps);
  ASSERT_EQ(g.size(), 5u);
  EXPECT_FALSE(g.empty());
  // A-B: P1 + P2 + partner listing = 3; A-C, B-C: P2; A-D: D's listing.
  EXPECT_FLOAT_EQ(g.weight(0, 1), 3.0f);
  EXPECT_FLOAT_EQ(g.weight(1, 0), 3.0f);
  EXPECT_FLOAT_EQ(g.weight(0, 2), 1.0f);
  EXPECT_FLOAT_EQ(g.weight(1, 2), 1.0f);
  EXPECT_FLOAT_EQ(g.weight(0, 3), 1.0f);
  EXPECT_FLOAT_EQ(g.weight(3, 0), 1.0f);
  EXPECT_FLOAT_EQ(g.weight(0, 4), 0.0f);
  EXPECT_FLOAT_EQ(g.weight(2, 3), 0.0f);
  EXPECT_FLOAT_EQ(g.weight(0, 0), 0.0f);  // no self loop
  EXPECT_EQ(g.edges(), 4u);
  EXPECT_EQ(g.degree(0), 3u);
  EXPECT_EQ(g.degree(1), 2u);
  EXPECT_EQ(g.degree(2), 2u);
  EXPECT_EQ(g.degree(3), 1u);
  EXPECT_EQ(g.degree(4), 0u);
  const auto pa = g.partners(0);
  EXPECT_EQ(std::vector<std::uint32_t>(pa.begin(), pa.end()),
            (std::vector<std::uint32_t>{1, 2, 3}));
  const auto wa = g.weights(0);
  EXPECT_EQ(std::vector<float>(wa.begin(), wa.end()), (std::vector<float>{3, 1, 1}));
  EXPECT_EQ(g.activities(0), 2u);  // P1 listed twice
  EXPECT_EQ(g.activities(1), 2u);
  EXPECT_EQ(g.activities(2), 1u);
  EXPECT_EQ(g.activities(3), 0u);
  EXPECT_EQ(g.partners_of_kind(0, Kind::research), 1u);
  EXPECT_EQ(g.partners_of_kind(0, Kind::university), 1u);
  EXPECT_EQ(g.partners_of_kind(0, Kind::company), 1u);
  EXPECT_EQ(g.partners_of_kind(0, Kind::startup), 0u);
  EXPECT_EQ(g.partners_of_kind(1, Kind::company), 1u);
  EXPECT_EQ(g.partners_of_kind(1, Kind::university), 1u);
  EXPECT_EQ(g.partners_of_kind(3, Kind::company), 1u);
  EXPECT_EQ(g.partners_of_kind(4, Kind::company), 0u);
}

TEST(PartnerGraph, MaxMembersCutsBigActivitiesButKeepsThemAsActivity) {
  const std::vector<sm::Profile> ps{
      prof("A", Kind::company, "a", {"P1", "BIG"}, {"B"}),
      prof("B", Kind::research, "b", {"P1", "BIG"}),
      prof("C", Kind::university, "c", {"BIG"}),
  };
  const sm::PartnerGraph all = sm::PartnerGraph::build(ps);
  EXPECT_FLOAT_EQ(all.weight(0, 1), 3.0f);  // P1 + BIG + listing
  EXPECT_FLOAT_EQ(all.weight(0, 2), 1.0f);
  const sm::PartnerGraph cut = sm::PartnerGraph::build(ps, 2);  // BIG has 3 members
  EXPECT_FLOAT_EQ(cut.weight(0, 1), 2.0f);                      // P1 + listing
  EXPECT_FLOAT_EQ(cut.weight(0, 2), 0.0f);
  EXPECT_FLOAT_EQ(cut.weight(1, 2), 0.0f);
  EXPECT_EQ(cut.degree(2), 0u);
  EXPECT_EQ(cut.activities(2), 1u);  // still counts as C's activity
  EXPECT_EQ(cut.activities(0), 2u);
  EXPECT_EQ(cut.edges(), 1u);
}

TEST(PartnerGraph, MutualOrRepeatedListingCountsOnce) {
  // "+ 1 when either lists the other as a partner": a pair that lists each other, or one
  // listing the other twice, is one partnership.
  const std::vector<sm::Profile> ps{
      prof("A", Kind::company, "a", {}, {"B", "C", "C"}),
      prof("B", Kind::research, "b", {}, {"A"}),
      prof("C", Kind::research, "c"),
  };
  const sm::PartnerGraph g = sm::PartnerGraph::build(ps);
  EXPECT_FLOAT_EQ(g.weight(0, 1), 1.0f);
  EXPECT_FLOAT_EQ(g.weight(0, 2), 1.0f);
  EXPECT_EQ(g.degree(0), 2u);
}

TEST(PartnerGraph, NoLinksGivesAnEmptyGraph) {
  const sm::PartnerGraph g = sm::PartnerGraph::build(
      {prof("A", Kind::company, "a", {"P1"}), prof("B", Kind::company, "b", {}, {"nobody"})});
  EXPECT_TRUE(g.empty());
  EXPECT_EQ(g.edges(), 0u);
  EXPECT_EQ(g.activities(0), 1u);
  EXPECT_EQ(g.size(), 2u);
}

// ---- ranking_metrics -------------------------------------------------------------------------

TEST(RankingMetrics, WorkedExample) {
  // ranking 5, 3, 7, 1, 9; relevant {1, 3, 8}; k = 3.
  //   top 3 = 5, 3, 7: one hit (3, at rank 2)     -> recall = 1/3, hit = 1
  //   DCG@3  = 1 / log2(2 + 1)                      = 0.630930
  //   IDCG@3 = 1/log2(2) + 1/log2(3) + 1/log2(4)    = 1 + 0.630930 + 0.5 = 2.130930
  //   nDCG@3 = 0.630930 / 2.130930                  = 0.296082
  //   MRR: first relevant (3) at rank 2             = 0.5
  const std::vector<std::uint32_t> ranking{5, 3, 7, 1, 9}, relevant{1, 3, 8};
  const sm::RankingMetrics m = sm::ranking_metrics(ranking, relevant, 3);
  EXPECT_NEAR(m.recall, 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(m.ndcg, 0.296082, 1e-6);
  EXPECT_DOUBLE_EQ(m.mrr, 0.5);
  EXPECT_DOUBLE_EQ(m.hit, 1.0);
  // k = 5: hits 3 (rank 2) and 1 (rank 4); IDCG over min(5, 3) = 3 relevant.
  const sm::RankingMetrics m5 = sm::ranking_metrics(ranking, relevant, 5);
  EXPECT_NEAR(m5.recall, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(m5.ndcg, (1 / std::log2(3.0) + 1 / std::log2(5.0)) / 2.130929753571457, 1e-9);
}

TEST(RankingMetrics, MrrLooksBeyondKAndIdcgUsesMinOfKAndRelevant) {
  // The only relevant item at rank 4, k = 2: nothing in the top 2, MRR = 1/4.
  const std::vector<std::uint32_t> r1{4, 5, 6, 2};
  const std::vector<std::uint32_t> rel1{2};
  const auto a = sm::ranking_metrics(r1, rel1, 2);
  EXPECT_DOUBLE_EQ(a.recall, 0.0);
  EXPECT_DOUBLE_EQ(a.ndcg, 0.0);
  EXPECT_DOUBLE_EQ(a.hit, 0.0);
  EXPECT_DOUBLE_EQ(a.mrr, 0.25);
  // Five relevant, k = 2, one hit at rank 1: IDCG over 2 positions, recall over all 5.
  const std::vector<std::uint32_t> r2{2, 0, 10};
  const std::vector<std::uint32_t> rel2{2, 10, 11, 12, 13};
  const auto b = sm::ranking_metrics(r2, rel2, 2);
  EXPECT_NEAR(b.ndcg, 1.0 / (1.0 + 1.0 / std::log2(3.0)), 1e-12);
  EXPECT_DOUBLE_EQ(b.recall, 0.2);
  EXPECT_DOUBLE_EQ(b.mrr, 1.0);
  // One relevant, found first, k = 10: a perfect ranking (IDCG over min(10, 1) = 1).
  const std::vector<std::uint32_t> r3{7, 1, 2};
  const std::vector<std::uint32_t> rel3{7};
  const auto c = sm::ranking_metrics(r3, rel3, 10);
  EXPECT_DOUBLE_EQ(c.ndcg, 1.0);
  EXPECT_DOUBLE_EQ(c.recall, 1.0);
  // Nothing relevant in the ranking at all.
  const std::vector<std::uint32_t> rel4{99};
  const auto d = sm::ranking_metrics(r3, rel4, 10);
  EXPECT_DOUBLE_EQ(d.ndcg + d.recall + d.mrr + d.hit, 0.0);
}

// ---- signal values ---------------------------------------------------------------------------

TEST(Signals, TableValuesMatchTheFormulas) {
  const sm::Index& ix = network();
  const sm::SignalTable t = ix.signals(sm::Query::similar_to("q"));
  std::map<std::string, std::size_t> row;
  for (std::size_t r = 0; r < t.docs.size(); ++r) row[ix.profile(t.docs[r]).id] = r;
  // q itself and its partners are not candidates; every other profile is (text, tie or
  // activity).
  EXPECT_FALSE(row.count("q"));
  EXPECT_FALSE(row.count("hub"));
  EXPECT_FALSE(row.count("small"));
  EXPECT_FALSE(row.count("hub2"));
  ASSERT_TRUE(row.count("x") && row.count("y1") && row.count("y2") && row.count("f1"));
  EXPECT_TRUE(std::is_sorted(t.docs.begin(), t.docs.end()));
  const auto v = [&](const char* id, Signal s) { return t.value(row.at(id), s); };
  // A three-way text tie at the top (normalised to 1).
  EXPECT_FLOAT_EQ(v("x", Signal::text), 1.0f);
  EXPECT_FLOAT_EQ(v("y1", Signal::text), 1.0f);
  EXPECT_FLOAT_EQ(v("y2", Signal::text), 1.0f);
  EXPECT_FLOAT_EQ(v("f1", Signal::text), 0.0f);
  EXPECT_NEAR(v("y1", Signal::common_partners), std::log(3.0), 1e-5);
  EXPECT_NEAR(v("y2", Signal::common_partners), std::log(2.0), 1e-5);
  EXPECT_FLOAT_EQ(v("x", Signal::common_partners), 0.0f);
  EXPECT_NEAR(v("y1", Signal::adamic_adar), std::log1p(2 / std::log(10.0)), 1e-5);
  EXPECT_NEAR(v("y2", Signal::adamic_adar), std::log1p(1 / std::log(3.0)), 1e-5);
  EXPECT_NEAR(v("y1", Signal::partner_of_partner), std::log1p(10 * (1 + std::sqrt(2.0)) / 3.0),
              1e-5);
  EXPECT_NEAR(v("y2", Signal::partner_of_partner), std::log1p(10 * std::sqrt(2.0)), 1e-5);
  EXPECT_NEAR(v("y1", Signal::activity), std::log(2.0), 1e-6);
  EXPECT_NEAR(v("y2", Signal::activity), std::log(3.0), 1e-6);
  EXPECT_FLOAT_EQ(v("x", Signal::activity), 0.0f);
  EXPECT_NEAR(v("y1", Signal::attachment), std::log(7.0), 1e-6);  // f1..f6 are companies
  EXPECT_FLOAT_EQ(v("y2", Signal::attachment), 0.0f);
  // No countries or coordinates: the geographic signals are 0.
  for (std::size_t r = 0; r < t.docs.size(); ++r) {
    EXPECT_EQ(t.value(r, Signal::same_country), 0.0f);
    EXPECT_EQ(t.value(r, Signal::proximity), 0.0f);
    EXPECT_EQ(t.value(r, Signal::other_region), 0.0f);
  }
  EXPECT_FALSE(t.distance_known);
  // SignalTable::score is the weighted sum.
  const sm::SignalWeights w = sm::SignalWeights{}.set("text=2,common_partners=3,activity=-1");
  const std::size_t r = row.at("y1");
  double expect = 0;
  for (std::size_t i = 0; i < sm::signal_count; ++i) expect += w.values[i] * t.values[r * 9 + i];
  EXPECT_NEAR(t.score(r, w), expect, 1e-9);
}

TEST(Signals, TextOnlyTiesAreBrokenByDocumentOrder) {
  const auto m = rank_q(sm::SignalWeights::only(Signal::text));
  ASSERT_GE(m.size(), 3u);
  const std::vector<std::string> got = ids(m);
  EXPECT_EQ((std::vector<std::string>(got.begin(), got.begin() + 3)),
            (std::vector<std::string>{"x", "y1", "y2"}));
  EXPECT_DOUBLE_EQ(m[0].score, m[1].score);
  EXPECT_DOUBLE_EQ(m[1].score, m[2].score);
  // Candidates without shared text have no part in a text-only score: not returned.
  EXPECT_FALSE(has(m, "f1"));
}

TEST(Signals, CommonPartnersMovesY1Up) {
  const auto m = rank_q(text_plus(Signal::common_partners));
  EXPECT_EQ(m.at(0).id, "y1");
  EXPECT_EQ(m.at(1).id, "y2");
  EXPECT_NEAR(m[0].score, 1 + std::log(3.0), 1e-5);
  // f1..f6 share hub and hub2 with q as well: ln 3 > x's text 1.
  EXPECT_EQ(m.at(2).id, "f1");
  EXPECT_NEAR(m[2].score, std::log(3.0), 1e-5);
  EXPECT_EQ(m.back().id, "x");
}

TEST(Signals, AdamicAdarPrefersTheSharedPartnerOfLowDegree) {
  const auto m = rank_q(text_plus(Signal::adamic_adar));
  EXPECT_EQ(m.at(0).id, "y2");
  EXPECT_EQ(m.at(1).id, "y1");
  EXPECT_EQ(m.at(2).id, "x");
}

TEST(Signals, PartnerOfPartnerPrefersStrongTiesThroughSmallPartners) {
  const auto m = rank_q(text_plus(Signal::partner_of_partner));
  EXPECT_EQ(m.at(0).id, "y2");
  EXPECT_EQ(m.at(1).id, "y1");
  EXPECT_LT(pos(m, "y1"), pos(m, "x"));
  EXPECT_EQ(m.back().id, "x");  // f1..f6 get y1's network value (2.2) without text
  // Network-only weights rank organisations without shared text too (f1..f6 via hub, hub2).
  const auto n = rank_q(sm::SignalWeights::only(Signal::partner_of_partner));
  EXPECT_TRUE(has(n, "f1"));
  EXPECT_FALSE(has(n, "x"));  // no tie: score 0, not returned
}

TEST(Signals, ActivityPrefersTheMoreActiveCandidate) {
  const auto m = rank_q(text_plus(Signal::activity));
  EXPECT_EQ(m.at(0).id, "y2");  // 2 projects
  EXPECT_EQ(m.at(1).id, "y1");  // 1 project
  EXPECT_EQ(m.at(2).id, "x");
}

TEST(Signals, AttachmentPrefersCandidatesWithPartnersOfTheQuerysKind) {
  const auto m = rank_q(text_plus(Signal::attachment));
  EXPECT_EQ(m.at(0).id, "y1");           // 1 + ln 7: six company partners
  EXPECT_EQ(m.at(1).id, "f1");           // ln 6: five company partners, no text
  EXPECT_LT(pos(m, "x"), pos(m, "y2"));  // x and y2: none, document order
  EXPECT_EQ(pos(m, "y2"), m.size() - 1);
}

namespace {
// q in Siegen (DE, DEA5); a in Paris (FR, FR10), b in Siegen's region, c in Berlin (DE,
// DE30); d: same country and region as q but no shared term.
std::vector<sm::Profile> geo_profiles() {
  auto at = [](sm::Profile p, const char* country, const char* region, double lat, double lon) {
    p.country = country;
    p.region = region;
    p.lat = lat;
    p.lon = lon;
    return p;
  };
  return {at(prof("q", Kind::company, T), "DE", "DEA5", 50.87, 8.02),
          at(prof("a", Kind::research, T), "FR", "FR10", 48.85, 2.35),
          at(prof("b", Kind::research, T), "DE", "DEA5", 50.90, 8.10),
          at(prof("c", Kind::research, T), "DE", "DE30", 52.52, 13.40),
          at(prof("d", Kind::research, W), "DE", "DEA5", 50.88, 8.03)};
}
}  // namespace

TEST(Signals, GeographicSignals) {
  const sm::Index ix = sm::Index::build(geo_profiles());
  EXPECT_TRUE(ix.graph().empty());
  auto run = [&](const sm::SignalWeights& w) {
    return ids(ix.recommend(sm::Query::similar_to("q").weights(w)));
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(run(sm::SignalWeights::only(Signal::text)), (V{"a", "b", "c"}));
  // Same country: b and c (DE) before a (FR); d has no shared term and is still left out.
  EXPECT_EQ(run(text_plus(Signal::same_country)), (V{"b", "c", "a"}));
  // Proximity: b (6 km) before c (about 400 km) before a (about 480 km).
  EXPECT_EQ(run(text_plus(Signal::proximity)), (V{"b", "c", "a"}));
  // Bridge: candidates outside q's region (a: FR10, c: DE30) before b (DEA5).
  EXPECT_EQ(run(text_plus(Signal::other_region)), (V{"a", "c", "b"}));
  const sm::SignalTable t = ix.signals(sm::Query::similar_to("q"));
  EXPECT_TRUE(t.distance_known);
  ASSERT_EQ(t.docs.size(), 3u);  // d: no term, tie or activity
  const sm::GeoPoint q{50.87, 8.02}, b{50.90, 8.10};
  EXPECT_NEAR(t.value(1, Signal::proximity), std::exp(-sm::haversine_km(q, b) / 100.0), 1e-5);
  EXPECT_EQ(t.value(1, Signal::same_country), 1.0f);
  EXPECT_EQ(t.value(0, Signal::same_country), 0.0f);
}

TEST(Signals, NewPartnersOnlyExcludesExistingPartners) {
  const sm::Index& ix = network();
  const auto fresh = ix.recommend(sm::Query::similar_to("q").k(50));
  EXPECT_FALSE(has(fresh, "hub"));
  EXPECT_FALSE(has(fresh, "small"));
  EXPECT_FALSE(has(fresh, "hub2"));
  EXPECT_TRUE(has(fresh, "y1"));
  const auto all = ix.recommend(sm::Query::similar_to("q").k(50).new_partners_only(false));
  EXPECT_TRUE(has(all, "hub"));
  EXPECT_TRUE(has(all, "small"));
  EXPECT_TRUE(has(all, "hub2"));
  EXPECT_FALSE(has(all, "q"));
  EXPECT_EQ(all.size(), fresh.size() + 3);
  const sm::SignalTable t = ix.signals(sm::Query::similar_to("q").new_partners_only(false));
  EXPECT_NE(std::find(t.docs.begin(), t.docs.end(), *ix.find("small")), t.docs.end());
}

TEST(Signals, ReciprocalPrefersACoveredProfileOverAHugeOne) {
  std::string huge = "hydrogen fuel cell membrane stack";
  for (int i = 0; i < 120; ++i) huge += " topic" + std::to_string(i) + " hydrogen";
  const sm::Index ix = sm::Index::build({
      prof("q", Kind::company, "hydrogen fuel cell membrane stack"),
      prof("big", Kind::research, huge),
      prof("small", Kind::research, "hydrogen membrane"),
      prof("other", Kind::research, "timber joinery"),
  });
  const auto plain =
      ix.recommend(sm::Query::similar_to("q").weights(sm::SignalWeights::only(Signal::text)));
  ASSERT_EQ(plain.size(), 2u);
  EXPECT_EQ(plain[0].id, "big") << "the construction needs BM25F to prefer the big profile";
  const auto rec = ix.recommend(
      sm::Query::similar_to("q").weights(sm::SignalWeights::only(Signal::text)).reciprocal());
  ASSERT_EQ(rec.size(), 2u);
  EXPECT_EQ(rec[0].id, "small");
  EXPECT_EQ(rec[1].id, "big");
  // The reciprocal text value is a harmonic mean of two ratios, normalised: the best is 1.
  EXPECT_NEAR(rec[0].score, 1.0, 1e-6);
}

TEST(Signals, ExplanationsListSignalsViaAndSummary) {
  const sm::Index& ix = network();
  const sm::SignalWeights w = sm::SignalWeights{}.set("common_partners=0.5,activity=0.2");
  const auto m = ix.recommend(sm::Query::similar_to("q").k(20).weights(w).explain());
  const std::size_t i = pos(m, "y1");
  ASSERT_LT(i, m.size());
  const sm::Explanation& e = *m[i].explanation;
  ASSERT_FALSE(e.signals.empty());
  double sum = 0;
  for (const auto& s : e.signals) {
    const auto sig = sm::signal_from_string(s.signal);
    ASSERT_TRUE(sig) << s.signal;
    EXPECT_NE(s.value, 0.0);
    EXPECT_NEAR(s.contribution, w[*sig] * s.value, 1e-12);
    sum += s.contribution;
  }
  EXPECT_NEAR(sum, m[i].score, 1e-5 * std::abs(m[i].score));
  for (std::size_t j = 1; j < e.signals.size(); ++j)
    EXPECT_GE(std::abs(e.signals[j - 1].contribution), std::abs(e.signals[j].contribution));
  std::vector<std::string> names;
  for (const auto& s : e.signals) names.push_back(s.signal);
  for (const char* s : {"text", "common_partners", "partner_of_partner", "activity", "attachment"})
    EXPECT_NE(std::find(names.begin(), names.end(), s), names.end()) << s;
  // adamic_adar has weight 0 by default: not listed.
  EXPECT_EQ(std::find(names.begin(), names.end(), "adamic_adar"), names.end());
  // Shared partners: hub2 (tie 2 x 1) before hub (1 x 1), though hub has the lower doc.
  EXPECT_EQ(e.via, (std::vector<std::string>{"hub2", "hub"}));
  EXPECT_EQ(e.via_count, 2u);
  EXPECT_EQ(e.candidate_projects, 1u);
  EXPECT_NE(e.summary.find("worked with 2 of your partners: Hub Two, Hub One"), std::string::npos)
      << e.summary;
  EXPECT_NE(e.summary.find("shared topics"), std::string::npos) << e.summary;
  EXPECT_NE(e.summary.find("active in 1 projects"), std::string::npos) << e.summary;
  // x: no shared partner, only text.
  const sm::Explanation& ex = *m.at(pos(m, "x")).explanation;
  EXPECT_EQ(ex.via_count, 0u);
  EXPECT_TRUE(ex.via.empty());
  EXPECT_EQ(ex.summary.find("worked with"), std::string::npos);
  double xs = 0;
  for (const auto& s : ex.signals) xs += s.contribution;
  EXPECT_NEAR(xs, m[pos(m, "x")].score, 1e-6);
}

TEST(Signals, WithoutGraphAndDefaultWeightsScoresArePlainBm25f) {
  // The network corpus without projects and partners.
  std::vector<sm::Profile> ps = network_profiles();
  for (auto& p : ps) p.projects.clear(), p.partners.clear();
  const sm::Index plain = sm::Index::build(ps);
  ASSERT_TRUE(plain.graph().empty());
  const auto m = plain.recommend(sm::Query::similar_to("q").k(20).explain());
  ASSERT_EQ(m.size(), 3u);  // x, y1, y2
  EXPECT_GT(m[0].score, 1.0) << "raw BM25F, not a normalised text signal";
  for (const auto& x : m) {
    EXPECT_TRUE(x.explanation->signals.empty());
    EXPECT_NEAR(x.score, x.explanation->text_score, 1e-5 * x.score);
  }
  // Same as the pre-signal ranking: equal to the text-only signal ranking, and a text query
  // on the index with the graph scores like the one without.
  const auto t = plain.recommend(
      sm::Query::similar_to("q").k(20).weights(sm::SignalWeights::only(Signal::text)));
  EXPECT_EQ(ids(t), ids(m));
  EXPECT_NEAR(t[0].score, 1.0, 1e-6);
  const auto a = plain.recommend(sm::Query::text("hydrogen membrane joinery").k(20));
  const auto b = network().recommend(sm::Query::text("hydrogen membrane joinery").k(20));
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_FLOAT_EQ(static_cast<float>(a[i].score), static_cast<float>(b[i].score));
  }
  // The graph does not change BM25F: the network index' text signal orders like plain.
  const auto n = network().recommend(
      sm::Query::similar_to("q").k(3).weights(sm::SignalWeights::only(Signal::text)));
  EXPECT_EQ(ids(n), ids(m));
}

// ---- SignalWeights ---------------------------------------------------------------------------

TEST(SignalWeights, SetParsesOverTheCurrentWeights) {
  sm::SignalWeights w;
  const sm::SignalWeights d;
  w.set("text=0.5,activity=1");
  EXPECT_EQ(w[Signal::text], 0.5);
  EXPECT_EQ(w[Signal::activity], 1.0);
  EXPECT_EQ(w[Signal::common_partners], d[Signal::common_partners]);
  EXPECT_EQ(w[Signal::partner_of_partner], d[Signal::partner_of_partner]);
  w.set(" other_region=-2 , ,proximity=1e-3");
  EXPECT_EQ(w[Signal::other_region], -2.0);
  EXPECT_EQ(w[Signal::proximity], 1e-3);
  w.set("");
  EXPECT_EQ(w[Signal::text], 0.5);
  EXPECT_TRUE(sm::SignalWeights::only(Signal::activity).uses_network());
  EXPECT_FALSE(sm::SignalWeights::only(Signal::same_country).uses_network());
  EXPECT_FALSE(sm::SignalWeights::only(Signal::text).uses_network());
  for (std::size_t i = 0; i < sm::signal_count; ++i) {
    const auto s = static_cast<Signal>(i);
    EXPECT_EQ(sm::signal_from_string(sm::to_string(s)), s);
  }
  EXPECT_FALSE(sm::signal_from_string("Text"));
}

TEST(SignalWeights, BadSpecsRaiseTheirIds) {
  for (const char* bad :
       {"txt=1", "text", "text=", "text=abc", "text=1x", "=1", "text=1;activity=2", "text:1"}) {
    sm::SignalWeights w;
    EXPECT_EQ(error_id([&] { w.set(bad); }), "scoutmatch.signals.1") << bad;
  }
  for (const char* bad : {"text=inf", "activity=nan", "text=1e7", "text=-1e300"}) {
    sm::SignalWeights w;
    EXPECT_EQ(error_id([&] { w.set(bad); }), "scoutmatch.signals.2") << bad;
  }
  sm::SignalWeights w;
  w.values[3] = std::nan("");
  EXPECT_EQ(error_id([&] { w.validate(); }), "scoutmatch.signals.2");
  EXPECT_EQ(error_id([&] { network().recommend(sm::Query::similar_to("q").weights(w)); }),
            "scoutmatch.signals.2");
  EXPECT_EQ(error_id([&] { (void)network().with_weights(w); }), "scoutmatch.signals.2");
}

TEST(SignalWeights, ToStringRoundTrips) {
  const sm::SignalWeights d;
  EXPECT_EQ(d.to_string(),
            "text=0.7,common_partners=0.07,adamic_adar=0,partner_of_partner=1,activity=0.03,"
            "attachment=0.05,same_country=0.3,proximity=0,other_region=0");
  sm::SignalWeights w;
  w.values = {0.1 + 0.2, -3.25, 1e-7, 123456.789, 0, 1.0 / 3.0, -0.0, 7, 2.5e-5};
  sm::SignalWeights back = sm::SignalWeights::only(Signal::text);
  back.set(w.to_string());
  EXPECT_EQ(back, w);
  EXPECT_EQ(back.to_string(), w.to_string());
}

// ---- tune ------------------------------------------------------------------------------------

namespace {
// Eight queries. Each q_i's text is shared by three decoys d_i_*; its true partner r_i
// shares no term but worked with q_i's partner p_i: a partner-of-partner candidate.
std::vector<sm::Profile> tune_profiles() {
  std::vector<sm::Profile> ps;
  const char* topics[] = {"hydrogen", "laser",   "ceramic", "robotics",
                          "polymer",  "battery", "optics",  "forging"};
  for (int i = 0; i < 8; ++i) {
    const std::string n = std::to_string(i), t = topics[i];
    ps.push_back(prof("q" + n, Kind::company, t + " " + t + "technik", {"A" + n}));
    ps.push_back(prof("p" + n, Kind::research, "partner institute number", {"A" + n, "B" + n}));
    ps.push_back(prof("r" + n, Kind::university, "faculty chair", {"B" + n}));
    for (int j = 0; j < 3; ++j)
      ps.push_back(prof("d" + n + "_" + std::to_string(j), Kind::university, t + " lab"));
  }
  return ps;
}

std::vector<sm::EvalPair> tune_pairs() {
  std::vector<sm::EvalPair> pairs;
  for (int i = 0; i < 8; ++i) pairs.push_back({"q" + std::to_string(i), {"r" + std::to_string(i)}});
  return pairs;
}
}  // namespace

TEST(Tune, RaisesTheNetworkWeightWhenTheNetworkPredictsPartners) {
  const sm::Index ix = sm::Index::build(tune_profiles());
  const auto pairs = tune_pairs();
  sm::TuneOptions o;
  o.k = 3;
  o.folds = 0;
  o.start = sm::SignalWeights::only(Signal::text);
  o.signals = {Signal::text, Signal::partner_of_partner};
  const sm::TuneResult r = sm::tune(ix, pairs, o);
  EXPECT_EQ(r.start.queries, 8u);
  EXPECT_DOUBLE_EQ(r.start.ndcg, 0.0);  // three decoys fill the top 3
  EXPECT_GT(r.weights[Signal::partner_of_partner], 0.0);
  EXPECT_GE(r.fitted.ndcg, r.start.ndcg);
  EXPECT_DOUBLE_EQ(r.fitted.ndcg, 1.0);
  EXPECT_DOUBLE_EQ(r.fitted.hit, 1.0);
  EXPECT_TRUE(r.fold_weights.empty());
  // Signals not fitted keep their start value.
  for (Signal s : {Signal::common_partners, Signal::activity, Signal::same_country})
    EXPECT_EQ(r.weights[s], o.start[s]);
  EXPECT_GT(r.candidates, 3u);
  // The fitted weights rank like tune measured: evaluate() agrees.
  sm::EvalOptions eo;
  eo.k = 3;
  eo.weights = r.weights;
  const sm::EvalResult e = sm::evaluate(ix, pairs, eo);
  EXPECT_NEAR(e.ndcg, r.fitted.ndcg, 1e-9);
  eo.weights = o.start;
  EXPECT_NEAR(sm::evaluate(ix, pairs, eo).ndcg, r.start.ndcg, 1e-9);
}

TEST(Tune, AllSignalsAndCrossValidation) {
  const sm::Index ix = sm::Index::build(tune_profiles());
  auto pairs = tune_pairs();
  pairs.push_back({"nobody", {"r1"}});  // missing query
  pairs.push_back({"q1", {"ghost"}});   // no relevant in the index
  sm::TuneOptions o;
  o.k = 3;
  o.folds = 2;
  o.start = sm::SignalWeights::only(Signal::text);
  o.threads = 2;
  const sm::TuneResult r = sm::tune(ix, pairs, o);
  EXPECT_GE(r.fitted.ndcg, r.start.ndcg);
  EXPECT_GT(r.fitted.ndcg, 0.9);
  EXPECT_TRUE(r.weights.uses_network()) << r.weights.to_string();
  ASSERT_EQ(r.fold_weights.size(), 2u);
  EXPECT_EQ(r.cross_validated.queries, 8u);
  EXPECT_EQ(r.start.missing_queries, 1u);
  EXPECT_EQ(r.start.skipped_no_relevant, 1u);
  EXPECT_EQ(r.fitted.missing_queries, 1u);
  ASSERT_EQ(r.start.missing_examples.size(), 1u);
  EXPECT_EQ(r.start.missing_examples[0], "nobody");
  o.folds = 5;
  EXPECT_EQ(sm::tune(ix, pairs, o).fold_weights.size(), 5u);
}

TEST(Tune, MeasuresWhatEvaluateMeasures) {
  // recommend() leaves out candidates that no weighted signal speaks for (every
  // weight x value is 0); tune() must rank the same lists, not order such candidates by
  // document number. With all weights 0 no query gets a recommendation at all.
  const sm::Index ix = sm::Index::build(tune_profiles());
  const auto pairs = tune_pairs();
  sm::TuneOptions o;
  o.k = 3;
  o.folds = 0;
  o.start.values.fill(0.0);
  o.signals = {Signal::same_country};  // constant: nothing to fit
  const sm::TuneResult r = sm::tune(ix, pairs, o);
  sm::EvalOptions eo;
  eo.k = 3;
  eo.weights = o.start;
  const sm::EvalResult e = sm::evaluate(ix, pairs, eo);
  EXPECT_DOUBLE_EQ(e.ndcg, 0.0);
  EXPECT_NEAR(r.start.ndcg, e.ndcg, 1e-9);
  EXPECT_NEAR(r.start.mrr, e.mrr, 1e-9);
  // Text only: the relevant candidates (no shared term) are not recommended, so MRR is 0.
  o.start = sm::SignalWeights::only(Signal::text);
  eo.weights = o.start;
  EXPECT_NEAR(sm::tune(ix, pairs, o).start.mrr, sm::evaluate(ix, pairs, eo).mrr, 1e-9);
}

TEST(Tune, OptionValidationAndNoUsableQuery) {
  const sm::Index ix = sm::Index::build(tune_profiles());
  const auto pairs = tune_pairs();
  auto id_of = [&](auto change) {
    sm::TuneOptions o;
    change(o);
    const std::string a = error_id([&] { o.validate(); });
    const std::string b = error_id([&] { sm::tune(ix, pairs, o); });
    EXPECT_EQ(a, b);
    return a;
  };
  EXPECT_EQ(id_of([](sm::TuneOptions& o) { o.k = 0; }), "scoutmatch.tune.1");
  EXPECT_EQ(id_of([](sm::TuneOptions& o) { o.k = 1001; }), "scoutmatch.tune.1");
  EXPECT_EQ(id_of([](sm::TuneOptions& o) { o.folds = 1; }), "scoutmatch.tune.1");
  EXPECT_EQ(id_of([](sm::TuneOptions& o) { o.folds = 21; }), "scoutmatch.tune.1");
  EXPECT_EQ(id_of([](sm::TuneOptions& o) { o.rounds = 0; }), "scoutmatch.tune.1");
  EXPECT_EQ(id_of([](sm::TuneOptions& o) { o.rounds = 101; }), "scoutmatch.tune.1");
  EXPECT_EQ(id_of([](sm::TuneOptions& o) { o.threads = 5000; }), "scoutmatch.tune.1");
  EXPECT_EQ(id_of([](sm::TuneOptions& o) { o.start.values[0] = INFINITY; }),
            "scoutmatch.signals.2");
  EXPECT_EQ(id_of([](sm::TuneOptions& o) {
              o.folds = 0;
              o.k = 1000;
              o.rounds = 100;
            }),
            "");
  const std::vector<sm::EvalPair> none{{"nobody", {"q1"}}, {"q1", {"ghost"}}};
  EXPECT_EQ(error_id([&] { sm::tune(ix, none, {}); }), "scoutmatch.tune.2");
  EXPECT_EQ(error_id([&] { sm::tune(ix, std::vector<sm::EvalPair>{}, {}); }), "scoutmatch.tune.2");
}

// ---- persistence -----------------------------------------------------------------------------

TEST(SignalPersistence, SaveLoadKeepsProjectsPartnersAndWeights) {
  const auto dir = sm::testing::temp_dir("signals-persist");
  std::vector<sm::Profile> ps = network_profiles();
  ps[4].partners = {"y2", "nobody"};  // x lists y2
  const sm::SignalWeights w = sm::SignalWeights{}.set("text=0.4,adamic_adar=0.25,activity=0");
  const sm::Index ix = sm::Index::build(ps).with_weights(w);
  EXPECT_EQ(ix.options().weights, w);
  EXPECT_EQ(ix.graph().edges(), sm::Index::build(ps).graph().edges());
  ix.save(dir / "n.smx");
  const sm::Index back = sm::Index::load(dir / "n.smx");
  EXPECT_EQ(back.options().weights, w);
  ASSERT_EQ(back.size(), ps.size());
  for (std::uint32_t d = 0; d < back.size(); ++d) {
    EXPECT_EQ(back.profile(d).projects, ps[d].projects);
    EXPECT_EQ(back.profile(d).partners, ps[d].partners);
  }
  EXPECT_EQ(back.graph().edges(), ix.graph().edges());
  EXPECT_FLOAT_EQ(back.graph().weight(4, 6), 1.0f);
  const auto q = sm::Query::similar_to("q").k(20);
  const auto a = ix.recommend(q), b = back.recommend(q);
  EXPECT_EQ(ids(a), ids(b));
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_DOUBLE_EQ(a[i].score, b[i].score);
  // The stored weights are the ones queries use: different from the defaults' ranking.
  EXPECT_NE(a.at(0).score, network().recommend(q).at(0).score);
  const sm::Index bytes = sm::Index::from_bytes(ix.to_bytes());
  EXPECT_EQ(bytes.options().weights, w);
}

TEST(SignalPersistence, FormatVersion1FileLoadsWithDefaultWeights) {
  const sm::Index old =
      sm::Index::load(std::string(SCOUTMATCH_SOURCE_DIR) + "/tests/data/index-v1.smx");
  EXPECT_EQ(old.options().weights, sm::SignalWeights{});
  EXPECT_TRUE(old.graph().empty());
  for (const auto& p : old.profiles()) {
    EXPECT_TRUE(p.projects.empty());
    EXPECT_TRUE(p.partners.empty());
  }
  const auto m = old.recommend(sm::Query::similar_to("fx-c-1").kinds({Kind::research}));
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0].id, "fx-r-1");
}
