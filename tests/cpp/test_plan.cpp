// Whole-group planning: mutual relevance, two-sided assignment (min-cost flow, stable,
// greedy), event meeting plans and their checker, event/plan files.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <random>
#include <set>

#include "match/min_cost_flow.hpp"
#include "scoutmatch/scoutmatch.hpp"
#include "test_helpers.hpp"

namespace sm = scoutmatch;
using sm::testing::error_id;

namespace {

// Random low-rank + noise relevance, values in 0..1; symmetric with 0 diagonal when
// rows == cols and `symmetric`.
sm::RelevanceMatrix synthetic(std::size_t rows, std::size_t cols, std::uint32_t seed,
                              bool symmetric = false) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(0, 1);
  constexpr std::size_t rank = 4;
  std::vector<float> f((rows + cols) * rank);
  for (float& x : f) x = u(rng);
  auto dot = [&](std::size_t i, std::size_t j) {
    float s = 0;
    for (std::size_t k = 0; k < rank; ++k) s += f[i * rank + k] * f[j * rank + k];
    return s / rank;
  };
  sm::RelevanceMatrix m = sm::RelevanceMatrix::zeros(rows, cols);
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < cols; ++j) {
      if (symmetric && j <= i) continue;
      const float v =
          std::clamp(dot(i, symmetric ? j : rows + j) + 0.15f * (u(rng) - 0.5f), 0.0f, 1.0f);
      m(i, j) = v;
      if (symmetric) m(j, i) = v;
    }
  return m;
}

// ---- min-cost flow -------------------------------------------------------------------

// Brute force: every integer flow on a small graph (caps <= 2), conservation at inner
// nodes; the cheapest among those of maximum value.
std::pair<std::int64_t, std::int64_t> brute_min_cost_max_flow(
    std::size_t n, const std::vector<std::tuple<int, int, int, int>>& edges, int s, int t) {
  std::pair<std::int64_t, std::int64_t> best{-1, 0};
  std::vector<int> f(edges.size(), 0);
  std::function<void(std::size_t)> rec = [&](std::size_t k) {
    if (k == edges.size()) {
      std::vector<std::int64_t> bal(n, 0);
      std::int64_t cost = 0;
      for (std::size_t e = 0; e < edges.size(); ++e) {
        const auto [u, v, c, w] = edges[e];
        bal[static_cast<std::size_t>(u)] -= f[e];
        bal[static_cast<std::size_t>(v)] += f[e];
        cost += std::int64_t{f[e]} * w;
      }
      for (std::size_t v = 0; v < n; ++v)
        if (static_cast<int>(v) != s && static_cast<int>(v) != t && bal[v] != 0) return;
      const std::int64_t value = bal[static_cast<std::size_t>(t)];
      if (value > best.first || (value == best.first && cost < best.second)) best = {value, cost};
      return;
    }
    for (int x = 0; x <= std::get<2>(edges[k]); ++x) {
      f[k] = x;
      rec(k + 1);
    }
  };
  rec(0);
  return best;
}

TEST(MinCostFlow, MatchesBruteForceOnRandomGraphs) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 300; ++trial) {
    const int n = 4 + static_cast<int>(rng() % 2);
    // A DAG (edges from lower to higher node) so there is no negative cycle; costs may be
    // negative.
    std::vector<std::tuple<int, int, int, int>> edges;
    const int m = 5 + static_cast<int>(rng() % 3);
    for (int e = 0; e < m; ++e) {
      int u = static_cast<int>(rng() % static_cast<unsigned>(n)),
          v = static_cast<int>(rng() % static_cast<unsigned>(n));
      if (u == v) continue;
      if (u > v) std::swap(u, v);
      edges.emplace_back(u, v, static_cast<int>(rng() % 3), static_cast<int>(rng() % 11) - 4);
    }
    sm::detail::MinCostFlow f(static_cast<std::uint32_t>(n));
    for (const auto& [u, v, c, w] : edges)
      f.add_edge(static_cast<std::uint32_t>(u), static_cast<std::uint32_t>(v), c, w);
    const auto r = f.solve(0, static_cast<std::uint32_t>(n - 1));
    const auto want = brute_min_cost_max_flow(static_cast<std::size_t>(n), edges, 0, n - 1);
    ASSERT_EQ(r.flow, want.first) << "trial " << trial;
    ASSERT_EQ(r.cost, want.second) << "trial " << trial;
  }
}

// Brute-force maximum total relevance of a capacitated bipartite assignment.
double brute_assign(const sm::RelevanceMatrix& m, std::size_t per_company,
                    const std::vector<std::size_t>& cap) {
  std::vector<std::pair<std::size_t, std::size_t>> edges;
  for (std::size_t i = 0; i < m.rows; ++i)
    for (std::size_t j = 0; j < m.cols; ++j)
      if (m(i, j) > 0) edges.emplace_back(i, j);
  double best = 0;
  for (std::uint32_t mask = 0; mask < (1u << edges.size()); ++mask) {
    std::vector<std::size_t> dc(m.rows, 0), dp(m.cols, 0);
    double w = 0;
    bool ok = true;
    for (std::size_t e = 0; e < edges.size() && ok; ++e)
      if (mask & (1u << e)) {
        const auto [i, j] = edges[e];
        ok = ++dc[i] <= per_company && ++dp[j] <= cap[j];
        w += m(i, j);
      }
    if (ok) best = std::max(best, w);
  }
  return best;
}

void expect_capacities(const sm::Assignment& a, const sm::RelevanceMatrix& m,
                       std::size_t per_company, const std::vector<std::size_t>& cap) {
  std::vector<std::size_t> dc(m.rows, 0), dp(m.cols, 0);
  std::set<std::pair<std::uint32_t, std::uint32_t>> seen;
  double total = 0;
  for (const auto& p : a.pairs) {
    EXPECT_TRUE(seen.emplace(p.company, p.partner).second) << "pair assigned twice";
    EXPECT_GT(p.relevance, 0);
    EXPECT_EQ(p.relevance, m(p.company, p.partner));
    ++dc[p.company];
    ++dp[p.partner];
    total += p.relevance;
  }
  for (std::size_t i = 0; i < m.rows; ++i) EXPECT_LE(dc[i], per_company);
  for (std::size_t j = 0; j < m.cols; ++j) EXPECT_LE(dp[j], cap[j]);
  EXPECT_NEAR(a.total_relevance, total, 1e-9);
  EXPECT_EQ(a.companies_placed, static_cast<std::size_t>(std::count_if(
                                    dc.begin(), dc.end(), [](auto d) { return d > 0; })));
}

TEST(Assign, FlowIsOptimalOnSmallRandomInstances) {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 150; ++trial) {
    const std::size_t C = 2 + rng() % 3, P = 1 + rng() % 3;
    auto m = synthetic(C, P, static_cast<std::uint32_t>(trial));
    for (float& v : m.values)
      if (rng() % 4 == 0) v = 0;  // some pairs irrelevant
    sm::AssignOptions o;
    o.per_company = 1 + rng() % 2;
    o.partner_capacities.resize(P);
    for (auto& c : o.partner_capacities) c = rng() % 3;
    if (C * P > 16) continue;
    const sm::Assignment a = sm::assign(m, o);
    expect_capacities(a, m, o.per_company, o.partner_capacities);
    EXPECT_NEAR(a.total_relevance, brute_assign(m, o.per_company, o.partner_capacities), 1e-5)
        << "trial " << trial;
  }
}

TEST(Assign, FlowBeatsGreedyAndStableAndRespectsCapacities) {
  for (std::uint32_t seed = 1; seed <= 5; ++seed) {
    const auto m = synthetic(120, 25, seed);
    for (std::size_t per : {1u, 2u}) {
      sm::AssignOptions o;
      o.partner_capacity = 3;
      o.per_company = per;
      const std::vector<std::size_t> cap(m.cols, 3);
      o.method = sm::AssignMethod::flow;
      const auto flow = sm::assign(m, o);
      o.method = sm::AssignMethod::greedy;
      const auto greedy = sm::assign(m, o);
      o.method = sm::AssignMethod::stable;
      const auto stable = sm::assign(m, o);
      for (const auto* a : {&flow, &greedy, &stable}) expect_capacities(*a, m, per, cap);
      EXPECT_GE(flow.total_relevance, greedy.total_relevance - 1e-6);
      EXPECT_GE(flow.total_relevance, stable.total_relevance - 1e-6);
      // Capacity binds (25 * 3 = 75 < 120 companies): every seat is used.
      EXPECT_EQ(flow.pairs.size(), 75u);
      EXPECT_EQ(flow.companies, 120u);
    }
  }
}

TEST(Assign, CandidateRestrictionIsExactWhenItCoversAll) {
  const auto m = synthetic(200, 30, 3);
  sm::AssignOptions o;
  const auto dense = sm::assign(m, o);
  o.candidates = 30;
  EXPECT_NEAR(sm::assign(m, o).total_relevance, dense.total_relevance, 1e-6);
  o.candidates = 5;
  const auto narrow = sm::assign(m, o);
  EXPECT_LE(narrow.total_relevance, dense.total_relevance + 1e-6);
  expect_capacities(narrow, m, 1, std::vector<std::size_t>(30, 3));
}

TEST(Assign, StableMatchingHasNoBlockingPair) {
  for (std::uint32_t seed = 1; seed <= 6; ++seed) {
    const auto m = synthetic(60, 12, seed);
    for (std::size_t per : {1u, 3u}) {
      sm::AssignOptions o;
      o.method = sm::AssignMethod::stable;
      o.per_company = per;
      o.partner_capacity = 2 + seed % 3;
      const auto a = sm::assign(m, o);
      std::vector<std::vector<float>> by_company(m.rows), by_partner(m.cols);
      std::set<std::pair<std::uint32_t, std::uint32_t>> matched;
      for (const auto& p : a.pairs) {
        by_company[p.company].push_back(static_cast<float>(p.relevance));
        by_partner[p.partner].push_back(static_cast<float>(p.relevance));
        matched.emplace(p.company, p.partner);
      }
      for (std::uint32_t i = 0; i < m.rows; ++i)
        for (std::uint32_t j = 0; j < m.cols; ++j) {
          const float w = m(i, j);
          if (!(w > 0) || matched.count({i, j})) continue;
          const auto& hc = by_company[i];
          const auto& hp = by_partner[j];
          const bool company_wants = hc.size() < per || *std::min_element(hc.begin(), hc.end()) < w;
          const bool partner_wants =
              hp.size() < o.partner_capacity || *std::min_element(hp.begin(), hp.end()) < w;
          EXPECT_FALSE(company_wants && partner_wants)
              << "blocking pair " << i << "," << j << " seed " << seed;
        }
    }
  }
}

TEST(Assign, GreedyIsFirstComeFirstServed) {
  sm::RelevanceMatrix m = sm::RelevanceMatrix::zeros(2, 2);
  m(0, 0) = 0.5f;
  m(0, 1) = 0.4f;
  m(1, 0) = 0.9f;
  m(1, 1) = 0.1f;
  sm::AssignOptions o;
  o.partner_capacity = 1;
  o.method = sm::AssignMethod::greedy;
  const auto g = sm::assign(m, o);
  ASSERT_EQ(g.pairs.size(), 2u);
  EXPECT_EQ(g.pairs[0].partner, 0u);  // company 0 came first and took partner 0
  EXPECT_NEAR(g.total_relevance, 0.6, 1e-6);
  o.method = sm::AssignMethod::flow;
  EXPECT_NEAR(sm::assign(m, o).total_relevance, 1.3, 1e-6);
  EXPECT_DOUBLE_EQ(g.placed_share(), 1.0);
}

TEST(Assign, BadInputHasIds) {
  const auto m = synthetic(5, 3, 1);
  sm::AssignOptions o;
  o.partner_capacity = 0;
  EXPECT_EQ(error_id([&] { sm::assign(m, o); }), "scoutmatch.assign.1");
  o = {};
  o.per_company = 0;
  EXPECT_EQ(error_id([&] { sm::assign(m, o); }), "scoutmatch.assign.1");
  o = {};
  o.partner_capacities = {1, 2};
  EXPECT_EQ(error_id([&] { sm::assign(m, o); }), "scoutmatch.assign.2");
  auto bad = m;
  bad.values[3] = std::nanf("");
  EXPECT_EQ(error_id([&] { sm::assign(bad, {}); }), "scoutmatch.assign.2");
  bad = m;
  bad.values.pop_back();
  EXPECT_EQ(error_id([&] { sm::assign(bad, {}); }), "scoutmatch.assign.2");
}

// ---- events --------------------------------------------------------------------------

sm::Event random_event(std::size_t n, std::size_t slots, std::size_t tables, std::uint32_t seed,
                       bool requests = true) {
  std::mt19937 rng(seed);
  sm::Event e;
  e.slots = slots;
  e.tables = tables;
  for (std::size_t i = 0; i < n; ++i) {
    sm::EventParticipant p;
    p.id = "p" + std::to_string(i);
    if (rng() % 4 == 0) {
      p.available.emplace();
      for (std::uint32_t s = 0; s < slots; ++s)
        if (rng() % 3) p.available->push_back(s);
      if (p.available->empty()) p.available->push_back(0);
    }
    if (rng() % 2) p.max_meetings = 1 + rng() % 6;
    e.participants.push_back(std::move(p));
  }
  if (requests) {
    auto has = [&](std::size_t i, std::uint32_t s) {
      const auto& a = e.participants[i].available;
      return !a || std::find(a->begin(), a->end(), s) != a->end();
    };
    for (std::size_t k = 0; k < n / 10; ++k) {
      const std::size_t a = rng() % n, b = rng() % n;
      if (a == b) continue;
      bool common = false;
      for (std::uint32_t s = 0; s < slots; ++s) common |= has(a, s) && has(b, s);
      if (common && k % 2 == 0) {
        sm::Event trial = e;
        trial.must_meet.emplace_back(e.participants[a].id, e.participants[b].id);
        try {
          trial.validate();
          e = std::move(trial);
        } catch (const sm::error&) {
        }
      } else {
        e.must_not_meet.emplace_back(e.participants[a].id, e.participants[b].id);
      }
    }
  }
  e.validate();
  return e;
}

TEST(Schedule, PlansOfRandomEventsPassTheChecker) {
  for (std::uint32_t seed = 1; seed <= 25; ++seed) {
    const std::size_t n = 20 + seed * 7;
    const sm::Event e = random_event(n, 4 + seed % 9, 2 + seed % 11, seed);
    const auto r = synthetic(n, n, seed, true);
    for (bool balance : {true, false}) {
      sm::ScheduleOptions o;
      o.balance = balance;
      const sm::Plan p = sm::schedule_meetings(e, r, o);
      const auto v = sm::check_plan(e, p, &r);
      EXPECT_TRUE(v.empty()) << "seed " << seed << ": " << sm::to_string(v[0].kind) << " "
                             << v[0].message;
      // Must-meet pairs are in the plan (these random events leave room for them).
      std::set<std::pair<std::string, std::string>> met;
      for (const auto& m : p.meetings) {
        met.emplace(m.a, m.b);
        met.emplace(m.b, m.a);
      }
      for (const auto& pr : e.must_meet)
        EXPECT_TRUE(met.count(pr) ||
                    std::count(p.unplaced_must_meet.begin(), p.unplaced_must_meet.end(), pr))
            << pr.first << "-" << pr.second;
      EXPECT_TRUE(p.unplaced_must_meet.empty()) << "seed " << seed;
      for (const auto& pr : e.must_not_meet) EXPECT_FALSE(met.count(pr));
    }
    const sm::Plan fc = sm::schedule_first_come(e, r);
    const auto v = sm::check_plan(e, fc, &r);
    EXPECT_TRUE(v.empty()) << "first-come, seed " << seed << ": " << v[0].message;
  }
}

TEST(Schedule, AvailabilityAndMaxMeetingsAreRespected) {
  sm::Event e;
  e.slots = 6;
  e.tables = 10;
  for (int i = 0; i < 12; ++i) e.participants.push_back({"p" + std::to_string(i), {}, {}});
  e.participants[0].available = std::vector<std::uint32_t>{4, 5};
  e.participants[1].max_meetings = 1;
  const auto r = synthetic(12, 12, 5, true);
  const sm::Plan p = sm::schedule_meetings(e, r);
  EXPECT_TRUE(sm::check_plan(e, p, &r).empty());
  std::size_t p1 = 0;
  for (const auto& m : p.meetings) {
    if (m.a == "p0" || m.b == "p0") EXPECT_GE(m.slot, 4u);
    p1 += m.a == "p1" || m.b == "p1";
  }
  EXPECT_EQ(p1, 1u);
}

TEST(Schedule, MustMeetIsPlacedEvenWithoutRelevance) {
  sm::Event e;
  e.slots = 2;
  e.tables = 1;
  for (const char* id : {"a", "b", "c", "d"}) e.participants.push_back({id, {}, {}});
  e.must_meet = {{"a", "d"}};
  e.must_not_meet = {{"a", "b"}};
  sm::RelevanceMatrix r = sm::RelevanceMatrix::zeros(4, 4);
  auto set = [&](int i, int j, float v) {
    r(static_cast<std::size_t>(i), static_cast<std::size_t>(j)) =
        r(static_cast<std::size_t>(j), static_cast<std::size_t>(i)) = v;
  };
  set(0, 1, 0.9f);  // forbidden
  set(1, 2, 0.5f);
  set(2, 3, 0.4f);
  const sm::Plan p = sm::schedule_meetings(e, r);
  ASSERT_TRUE(sm::check_plan(e, p, &r).empty());
  ASSERT_EQ(p.meetings.size(), 2u);  // two slots, one table
  std::set<std::pair<std::string, std::string>> met;
  for (const auto& m : p.meetings) met.emplace(std::min(m.a, m.b), std::max(m.a, m.b));
  EXPECT_TRUE(met.count({"a", "d"}));
  EXPECT_TRUE(met.count({"b", "c"}));
  EXPECT_FALSE(met.count({"a", "b"}));
}

// The generated event of bench_plan: relevance of rank-6 uniform factors plus noise, 30%
// of the pairs irrelevant; 500 participants, 16 slots, 40 tables, up to 8 meetings each.
sm::RelevanceMatrix bench_relevance(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(0, 1);
  constexpr std::size_t rank = 6;
  std::vector<float> f(2 * n * rank);
  for (float& x : f) x = u(rng);
  sm::RelevanceMatrix m = sm::RelevanceMatrix::zeros(n, n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      float d = 0;
      for (std::size_t k = 0; k < rank; ++k) d += f[i * rank + k] * f[j * rank + k];
      float v = std::clamp(2.0f * (d / rank - 0.2f) + 0.2f * (u(rng) - 0.5f), 0.0f, 1.0f);
      if (u(rng) < 0.3f) v = 0;
      m(i, j) = m(j, i) = v;
    }
  return m;
}

TEST(Schedule, BeatsFirstComeGreedyByTwentyPercent) {
  for (std::uint32_t seed : {3u, 4u}) {
    sm::Event e;
    e.slots = 16;
    e.tables = 40;
    for (int i = 0; i < 500; ++i) e.participants.push_back({"p" + std::to_string(i), {}, 8});
    const auto r = bench_relevance(500, seed);
    const sm::Plan ours = sm::schedule_meetings(e, r);
    const sm::Plan base = sm::schedule_first_come(e, r);
    ASSERT_TRUE(sm::check_plan(e, ours, &r).empty());
    ASSERT_TRUE(sm::check_plan(e, base, &r).empty());
    EXPECT_GE(ours.total_relevance, 1.2 * base.total_relevance)
        << ours.total_relevance << " vs " << base.total_relevance;
    // Balance: more participants get a meeting than with first come, and gaps are shorter.
    auto people = [](const sm::Plan& p) {
      std::set<std::string> s;
      for (const auto& m : p.meetings) s.insert({m.a, m.b});
      return s.size();
    };
    EXPECT_GT(people(ours), people(base));
    EXPECT_LT(sm::idle_slots(e, ours), sm::idle_slots(e, base));
  }
}

TEST(Schedule, CompactionShortensIdleGaps) {
  sm::Event e;
  e.slots = 16;
  e.tables = 40;
  for (int i = 0; i < 120; ++i) e.participants.push_back({"p" + std::to_string(i), {}, 4});
  const auto r = synthetic(120, 120, 9, true);
  sm::ScheduleOptions o;
  const sm::Plan compacted = sm::schedule_meetings(e, r, o);
  o.compact = false;
  const sm::Plan loose = sm::schedule_meetings(e, r, o);
  EXPECT_TRUE(sm::check_plan(e, compacted, &r).empty());
  EXPECT_LT(sm::idle_slots(e, compacted), sm::idle_slots(e, loose));
  EXPECT_LT(sm::idle_slots(e, compacted), sm::idle_slots(e, sm::schedule_first_come(e, r)));
  EXPECT_NEAR(compacted.total_relevance, loose.total_relevance, 1e-9);  // same meetings
}

TEST(Checker, DetectsEveryKindOfViolation) {
  sm::Event e;
  e.slots = 3;
  e.tables = 2;
  for (const char* id : {"a", "b", "c", "d"}) e.participants.push_back({id, {}, {}});
  e.participants[2].available = std::vector<std::uint32_t>{0, 1};
  e.participants[3].max_meetings = 1;
  e.must_meet = {{"a", "b"}};
  e.must_not_meet = {{"c", "d"}};
  sm::Plan good;
  good.meetings = {{"a", "b", 0, 0, 0.5}, {"c", "d", 1, 0, 0}};
  good.meetings.pop_back();
  good.meetings.push_back({"a", "c", 1, 0, 0.25});
  good.total_relevance = 0.75;
  ASSERT_TRUE(sm::check_plan(e, good).empty()) << sm::check_plan(e, good)[0].message;

  auto expect = [&](sm::ViolationKind kind, const std::function<void(sm::Plan&)>& edit) {
    sm::Plan p = good;
    edit(p);
    p.total_relevance = 0;
    for (const auto& m : p.meetings) p.total_relevance += m.score;
    const auto v = sm::check_plan(e, p);
    EXPECT_TRUE(std::any_of(v.begin(), v.end(), [&](const auto& x) { return x.kind == kind; }))
        << "not detected: " << sm::to_string(kind);
  };
  using K = sm::ViolationKind;
  expect(K::unknown_participant, [](sm::Plan& p) { p.meetings[1].b = "zz"; });
  expect(K::self_meeting, [](sm::Plan& p) { p.meetings[1].b = "a"; });
  expect(K::slot_out_of_range, [](sm::Plan& p) { p.meetings[1].slot = 3; });
  expect(K::table_out_of_range, [](sm::Plan& p) { p.meetings[1].table = 2; });
  expect(K::double_booked, [](sm::Plan& p) {
    p.meetings[1].slot = 0;
    p.meetings[1].table = 1;
  });
  expect(K::table_taken, [](sm::Plan& p) { p.meetings.push_back({"c", "b", 1, 0, 0.1}); });
  expect(K::unavailable, [](sm::Plan& p) { p.meetings[1].slot = 2; });
  expect(K::too_many_meetings, [](sm::Plan& p) {
    p.meetings.push_back({"d", "b", 1, 1, 0.1});
    p.meetings.push_back({"d", "a", 2, 0, 0.1});
  });
  expect(K::must_not_meet, [](sm::Plan& p) { p.meetings.push_back({"d", "c", 0, 1, 0.1}); });
  expect(K::must_meet_missing, [](sm::Plan& p) { p.meetings.erase(p.meetings.begin()); });
  expect(K::repeated_pair, [](sm::Plan& p) { p.meetings.push_back({"b", "a", 2, 0, 0.5}); });
  expect(K::bad_score, [](sm::Plan& p) { p.meetings[0].score = -1; });
  {
    sm::Plan p = good;
    p.total_relevance = 2;
    const auto v = sm::check_plan(e, p);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].kind, K::total_mismatch);
  }
  {  // a must-meet pair listed as unplaced is not a violation
    sm::Plan p = good;
    p.meetings.erase(p.meetings.begin());
    p.total_relevance = 0.25;
    p.unplaced_must_meet = {{"b", "a"}};
    EXPECT_TRUE(sm::check_plan(e, p).empty());
  }
  {  // with the relevance matrix, scores are checked too
    sm::RelevanceMatrix r = sm::RelevanceMatrix::zeros(4, 4);
    r(0, 1) = r(1, 0) = 0.5f;
    r(0, 2) = r(2, 0) = 0.3f;  // the plan says 0.25
    const auto v = sm::check_plan(e, good, &r);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].kind, K::bad_score);
  }
}

TEST(Schedule, BadEventsHaveIds) {
  auto base = [] {
    sm::Event e;
    e.slots = 4;
    e.tables = 2;
    for (const char* id : {"a", "b", "c"}) e.participants.push_back({id, {}, {}});
    return e;
  };
  auto id_of = [&](const std::function<void(sm::Event&)>& edit) {
    sm::Event e = base();
    edit(e);
    return error_id([&] { e.validate(); });
  };
  EXPECT_EQ(id_of([](sm::Event&) {}), "");
  EXPECT_EQ(id_of([](sm::Event& e) { e.slots = 0; }), "scoutmatch.schedule.1");
  EXPECT_EQ(id_of([](sm::Event& e) { e.tables = 0; }), "scoutmatch.schedule.1");
  EXPECT_EQ(id_of([](sm::Event& e) { e.participants.clear(); }), "scoutmatch.schedule.2");
  EXPECT_EQ(id_of([](sm::Event& e) { e.participants[1].id = "a"; }), "scoutmatch.schedule.2");
  EXPECT_EQ(id_of([](sm::Event& e) { e.participants[1].id = ""; }), "scoutmatch.schedule.2");
  EXPECT_EQ(
      id_of([](sm::Event& e) { e.participants[0].available = std::vector<std::uint32_t>{4}; }),
      "scoutmatch.schedule.3");
  EXPECT_EQ(id_of([](sm::Event& e) { e.participants[0].available = std::vector<std::uint32_t>{}; }),
            "scoutmatch.schedule.3");
  EXPECT_EQ(id_of([](sm::Event& e) { e.participants[0].max_meetings = 0; }),
            "scoutmatch.schedule.4");
  EXPECT_EQ(id_of([](sm::Event& e) { e.must_meet = {{"a", "x"}}; }), "scoutmatch.schedule.5");
  EXPECT_EQ(id_of([](sm::Event& e) { e.must_not_meet = {{"a", "a"}}; }), "scoutmatch.schedule.5");
  EXPECT_EQ(id_of([](sm::Event& e) {
              e.must_meet = {{"a", "b"}};
              e.must_not_meet = {{"b", "a"}};
            }),
            "scoutmatch.schedule.6");
  EXPECT_EQ(id_of([](sm::Event& e) {
              e.participants[0].available = std::vector<std::uint32_t>{0, 1};
              e.participants[1].available = std::vector<std::uint32_t>{2, 3};
              e.must_meet = {{"a", "b"}};
            }),
            "scoutmatch.schedule.6");
  EXPECT_EQ(id_of([](sm::Event& e) {
              e.participants[0].max_meetings = 1;
              e.must_meet = {{"a", "b"}, {"a", "c"}};
            }),
            "scoutmatch.schedule.6");
  EXPECT_EQ(id_of([](sm::Event& e) {
              e.slots = 1;
              e.tables = 1;
              e.participants.push_back({"d", {}, {}});
              e.must_meet = {{"a", "b"}, {"c", "d"}};
            }),
            "scoutmatch.schedule.6");
  // The planner rejects a matrix of the wrong shape and bad options.
  const sm::Event e = base();
  EXPECT_EQ(error_id([&] { sm::schedule_meetings(e, sm::RelevanceMatrix::zeros(2, 2)); }),
            "scoutmatch.schedule.8");
  sm::ScheduleOptions o;
  o.improve_rounds = 1000;
  EXPECT_EQ(error_id([&] { sm::schedule_meetings(e, sm::RelevanceMatrix::zeros(3, 3), o); }),
            "scoutmatch.schedule.7");
}

// ---- files ---------------------------------------------------------------------------

TEST(EventFile, ParsesAndRoundTrips) {
  const sm::Event e = sm::parse_event(R"({"slots": 4, "tables": 2, "participants": [
      {"id": "a", "available": [0, 2], "max_meetings": 2}, {"id": "b"}, "c"],
      "must_meet": [["a", "b"]], "must_not_meet": [["b", "c"]], "note": "ignored"})");
  ASSERT_EQ(e.participants.size(), 3u);
  EXPECT_EQ(*e.participants[0].available, (std::vector<std::uint32_t>{0, 2}));
  EXPECT_EQ(*e.participants[0].max_meetings, 2u);
  EXPECT_FALSE(e.participants[1].available);
  EXPECT_EQ(e.participants[2].id, "c");
  const sm::Event again = sm::parse_event(sm::event_to_json(e));
  EXPECT_EQ(again.must_meet, e.must_meet);
  EXPECT_EQ(again.must_not_meet, e.must_not_meet);
  EXPECT_EQ(*again.participants[0].available, *e.participants[0].available);

  const auto r = synthetic(3, 3, 1, true);
  const sm::Plan p = sm::schedule_meetings(e, r);
  const sm::Plan q = sm::parse_plan(sm::plan_to_json(p, &e));
  ASSERT_EQ(q.meetings.size(), p.meetings.size());
  EXPECT_TRUE(sm::check_plan(e, q, &r).empty());
  EXPECT_DOUBLE_EQ(q.total_relevance, p.total_relevance);
}

TEST(EventFile, BadFilesHaveIds) {
  auto id = [](const char* text) { return error_id([&] { sm::parse_event(text, "e.json"); }); };
  EXPECT_EQ(id("{\"slots\": 4,"), "scoutmatch.io.event.1");
  EXPECT_EQ(id("[]"), "scoutmatch.io.event.2");
  EXPECT_EQ(id(R"({"slots": 4, "tables": 2})"), "scoutmatch.io.event.2");
  EXPECT_EQ(id(R"({"slots": "4", "tables": 2, "participants": []})"), "scoutmatch.io.event.2");
  EXPECT_EQ(id(R"({"slots": 4.5, "tables": 2, "participants": ["a"]})"), "scoutmatch.io.event.2");
  EXPECT_EQ(id(R"({"slots": 4, "tables": 2, "participants": [{"id": 7}]})"),
            "scoutmatch.io.event.2");
  EXPECT_EQ(id(R"({"slots": 4, "tables": 2, "participants": ["a"], "must_meet": [["a"]]})"),
            "scoutmatch.io.event.2");
  EXPECT_EQ(id(R"({"slots": -4, "tables": 2, "participants": ["a"]})"), "scoutmatch.schedule.1");
  EXPECT_EQ(id(R"({"slots": 4, "tables": 2, "participants": [{"id": "a", "max_meetings": -1}]})"),
            "scoutmatch.schedule.4");
  EXPECT_EQ(id(R"({"slots": 4, "tables": 2, "participants": [{"id": "a", "available": [-1]}]})"),
            "scoutmatch.schedule.3");
  EXPECT_EQ(id(R"({"slots": 4, "tables": 2, "participants": [{"id": "a", "available": [9]}]})"),
            "scoutmatch.schedule.3");
  EXPECT_EQ(error_id([] { sm::read_event("/nonexistent/e.json"); }), "scoutmatch.io.file.1");
  auto plan_id = [](const char* text) { return error_id([&] { sm::parse_plan(text, "p.json"); }); };
  EXPECT_EQ(plan_id("{"), "scoutmatch.io.plan.1");
  EXPECT_EQ(plan_id(R"({"meetings": []})"), "scoutmatch.io.plan.2");
  EXPECT_EQ(plan_id(R"({"meetings": [{"a": "x", "b": "y", "slot": -1, "table": 0, "score": 1}],
                        "total_relevance": 1})"),
            "scoutmatch.io.plan.2");
}

// ---- with an index -------------------------------------------------------------------

class DemoIndex : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    index_ = new sm::Index(sm::Index::build(sm::read_profiles(sm::testing::demo_profiles())));
  }
  static void TearDownTestSuite() { delete index_; }
  static const sm::Index& index() { return *index_; }
  static std::vector<std::string> ids_of(sm::Kind k, std::size_t n) {
    std::vector<std::string> out;
    for (const auto& p : index().profiles())
      if (p.kind == k && out.size() < n) out.push_back(p.id);
    return out;
  }
  static sm::Index* index_;
};
sm::Index* DemoIndex::index_ = nullptr;

TEST_F(DemoIndex, MutualRelevanceIsSymmetricAndNormalised) {
  std::vector<std::string> ids = ids_of(sm::Kind::company, 20);
  for (const auto& id : ids_of(sm::Kind::university, 10)) ids.push_back(id);
  const auto r = sm::mutual_relevance(index(), ids);
  ASSERT_EQ(r.rows, ids.size());
  float top = 0;
  for (std::size_t i = 0; i < r.rows; ++i) {
    EXPECT_EQ(r(i, i), 0.0f);
    for (std::size_t j = 0; j < r.cols; ++j) {
      EXPECT_EQ(r(i, j), r(j, i));
      EXPECT_GE(r(i, j), 0.0f);
      EXPECT_LE(r(i, j), 1.0f);
      top = std::max(top, r(i, j));
    }
  }
  EXPECT_GT(top, 0.5f);
  // The two-list form agrees with the one-list form on the cross block when each row's
  // best partner is in the other list... at least its values are in range and not all 0.
  const std::vector<std::string> companies(ids.begin(), ids.begin() + 20),
      unis(ids.begin() + 20, ids.end());
  const auto cross = sm::mutual_relevance(index(), companies, unis);
  EXPECT_EQ(cross.rows, 20u);
  EXPECT_EQ(cross.cols, 10u);
  EXPECT_GT(*std::max_element(cross.values.begin(), cross.values.end()), 0.5f);
  // Each company's best university has directed score 1, so its mutual relevance is the
  // harmonic mean of 1 and the university's view: >= the value with any other university.
  const std::vector<std::string> bad{"no-such-id"};
  EXPECT_EQ(error_id([&] { sm::mutual_relevance(index(), bad); }), "scoutmatch.relevance.1");
  const std::vector<std::string> twice{companies[0], companies[0]};
  EXPECT_EQ(error_id([&] { sm::mutual_relevance(index(), twice); }), "scoutmatch.relevance.2");
}

TEST_F(DemoIndex, AssignCompaniesToUniversities) {
  const auto companies = ids_of(sm::Kind::company, 60);
  auto partners = ids_of(sm::Kind::university, 15);
  sm::AssignOptions o;
  o.partner_capacity = 3;
  const auto flow = sm::assign(index(), companies, partners, o);
  o.method = sm::AssignMethod::greedy;
  const auto greedy = sm::assign(index(), companies, partners, o);
  EXPECT_GE(flow.total_relevance, greedy.total_relevance - 1e-9);
  EXPECT_LE(flow.pairs.size(), 45u);
  EXPECT_GT(flow.companies_placed, 30u);
  std::vector<std::string> bad = companies;
  bad.push_back("nope");
  EXPECT_EQ(error_id([&] { sm::assign(index(), bad, partners, o); }), "scoutmatch.assign.3");
  bad = companies;
  bad.push_back(companies[0]);
  EXPECT_EQ(error_id([&] { sm::assign(index(), bad, partners, o); }), "scoutmatch.assign.4");
  EXPECT_EQ(error_id([&] { sm::assign(index(), {}, partners, o); }), "scoutmatch.assign.4");
}

TEST_F(DemoIndex, DemoEventIsPlannedValidly) {
  const sm::Event e = sm::read_event(std::string(SCOUTMATCH_SOURCE_DIR) + "/data/demo/event.json");
  std::vector<std::string> ids;
  for (const auto& p : e.participants) ids.push_back(p.id);
  const auto r = sm::mutual_relevance(index(), ids);
  const sm::Plan p = sm::schedule_meetings(e, r);
  EXPECT_TRUE(sm::check_plan(e, p, &r).empty());
  EXPECT_TRUE(p.unplaced_must_meet.empty());
  EXPECT_GT(p.meetings.size(), 60u);
  const sm::Plan via_index = sm::schedule_meetings(index(), e);
  EXPECT_NEAR(via_index.total_relevance, p.total_relevance, 1e-9);
  EXPECT_GT(p.total_relevance, sm::schedule_first_come(e, r).total_relevance);

  auto name_of = [&](std::string_view id) {
    const auto d = index().find(id);
    return d ? index().profile(*d).name : std::string();
  };
  const std::string text = sm::agenda_text(e, p, name_of);
  EXPECT_NE(text.find("== swf-c-001  " + name_of("swf-c-001")), std::string::npos)
      << text.substr(0, 500);
  const std::string html = sm::agenda_html(e, p, name_of);
  EXPECT_NE(html.find("<table>"), std::string::npos);

  sm::Event unknown = e;
  unknown.participants.push_back({"not-in-index", {}, {}});
  EXPECT_EQ(error_id([&] { sm::schedule_meetings(index(), unknown); }), "scoutmatch.schedule.9");
}

TEST(AgendaHtml, EscapesNames) {
  sm::Event e;
  e.slots = 1;
  e.tables = 1;
  e.participants = {{"a<b", {}, {}}, {"c", {}, {}}};
  sm::Plan p;
  p.meetings = {{"a<b", "c", 0, 0, 0.5}};
  p.total_relevance = 0.5;
  const std::string html =
      sm::agenda_html(e, p, [](std::string_view) { return std::string("R&D <GmbH>"); });
  EXPECT_EQ(html.find("<GmbH>"), std::string::npos);
  EXPECT_NE(html.find("R&amp;D &lt;GmbH&gt;"), std::string::npos);
  EXPECT_NE(html.find("a&lt;b"), std::string::npos);
}

}  // namespace
