// Whole-group planning on synthetic relevance (random low-rank + noise, fixed seeds), so
// the figures do not depend on an index:
//   BM_Assign/<method>: 2000 companies x 300 partners, capacity 3, one partner each;
//     counters: total relevance, share of companies placed.
//   BM_Schedule/<planner>: 500 participants x 16 slots x 40 tables, max 8 meetings;
//     counters: total relevance, ratio to first-come greedy, meetings, idle slots.
// Run: bench_plan --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <algorithm>
#include <map>
#include <random>

#include "scoutmatch/scoutmatch.hpp"

namespace sm = scoutmatch;

namespace {

// Relevance of row i and column j: the mean of rank-6 uniform factors plus noise, in 0..1;
// about 30% of the pairs are irrelevant (0), as in real profile data where most pairs
// share no term.
sm::RelevanceMatrix synthetic(std::size_t rows, std::size_t cols, std::uint32_t seed,
                              bool symmetric) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(0, 1);
  constexpr std::size_t rank = 6;
  std::vector<float> f((rows + cols) * rank);
  for (float& x : f) x = u(rng);
  auto dot = [&](std::size_t i, std::size_t j) {
    float s = 0;
    for (std::size_t k = 0; k < rank; ++k) s += f[i * rank + k] * f[j * rank + k];
    return s / rank;
  };
  sm::RelevanceMatrix m = sm::RelevanceMatrix::zeros(rows, cols);
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = symmetric ? i + 1 : 0; j < cols; ++j) {
      float v = std::clamp(
          2.0f * (dot(i, symmetric ? j : rows + j) - 0.2f) + 0.2f * (u(rng) - 0.5f), 0.0f, 1.0f);
      if (u(rng) < 0.3f) v = 0;
      m(i, j) = v;
      if (symmetric) m(j, i) = v;
    }
  return m;
}

const sm::RelevanceMatrix& assign_matrix() {
  static const sm::RelevanceMatrix m = synthetic(2000, 300, 1, false);
  return m;
}

void BM_Assign(benchmark::State& state) {
  const sm::RelevanceMatrix& m = assign_matrix();
  sm::AssignOptions o;
  o.partner_capacity = 3;
  o.per_company = 1;
  o.method = static_cast<sm::AssignMethod>(state.range(0));
  o.candidates = static_cast<std::size_t>(state.range(1));
  sm::Assignment a;
  for (auto _ : state) {
    a = sm::assign(m, o);
    benchmark::DoNotOptimize(a.pairs.data());
  }
  state.SetLabel(std::string(sm::to_string(o.method)) +
                 (o.candidates ? " top-" + std::to_string(o.candidates) : std::string()));
  state.counters["total_relevance"] = a.total_relevance;
  state.counters["placed_share"] = a.placed_share();
  state.counters["pairs"] = static_cast<double>(a.pairs.size());
}
BENCHMARK(BM_Assign)
    ->ArgNames({"method", "candidates"})
    ->Args({0, 0})
    ->Args({0, 50})
    ->Args({0, 20})
    ->Args({1, 0})
    ->Args({2, 0})
    ->Unit(benchmark::kMillisecond);

// The same with capacity for everyone: 300 partners x 3 seats, 600 companies x 1..2.
void BM_AssignLooseCapacity(benchmark::State& state) {
  static const sm::RelevanceMatrix m = synthetic(600, 300, 2, false);
  sm::AssignOptions o;
  o.partner_capacity = 3;
  o.per_company = 2;
  o.method = static_cast<sm::AssignMethod>(state.range(0));
  sm::Assignment a;
  for (auto _ : state) {
    a = sm::assign(m, o);
    benchmark::DoNotOptimize(a.pairs.data());
  }
  state.SetLabel(std::string(sm::to_string(o.method)));
  state.counters["total_relevance"] = a.total_relevance;
  state.counters["placed_share"] = a.placed_share();
}
BENCHMARK(BM_AssignLooseCapacity)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

sm::Event event(std::size_t n, std::size_t slots, std::size_t tables, std::size_t max_meetings) {
  sm::Event e;
  e.slots = slots;
  e.tables = tables;
  std::mt19937 rng(5);
  for (std::size_t i = 0; i < n; ++i) {
    sm::EventParticipant p{"p" + std::to_string(i), {}, max_meetings};
    if (i % 5 == 0) {  // every fifth participant is there for half of the event
      p.available.emplace();
      const std::uint32_t half = static_cast<std::uint32_t>(slots / 2);
      const std::uint32_t from = rng() % 2 ? 0 : half;
      for (std::uint32_t s = from; s < from + half; ++s) p.available->push_back(s);
    }
    e.participants.push_back(std::move(p));
  }
  for (std::size_t k = 0; k + 1 < n && k < 40; k += 2) {
    e.must_meet.emplace_back("p" + std::to_string(k * 7 % n + 1),
                             "p" + std::to_string(k * 11 % n + 3));
    e.must_not_meet.emplace_back("p" + std::to_string(k * 13 % n + 2),
                                 "p" + std::to_string(k * 3 % n + 4));
  }
  try {
    e.validate();
  } catch (const sm::error&) {
    e.must_meet.clear();
  }
  return e;
}

// Arguments: participants, slots, tables, planner (0 = schedule_meetings, 1 = first
// come, 2 = schedule_meetings without balance).
void BM_Schedule(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const sm::Event e = event(n, static_cast<std::size_t>(state.range(1)),
                            static_cast<std::size_t>(state.range(2)), 8);
  const sm::RelevanceMatrix r = synthetic(n, n, 3, true);
  const sm::Plan base = sm::schedule_first_come(e, r);
  sm::ScheduleOptions o;
  o.balance = state.range(3) != 2;
  sm::Plan p;
  for (auto _ : state) {
    p = state.range(3) == 1 ? sm::schedule_first_come(e, r) : sm::schedule_meetings(e, r, o);
    benchmark::DoNotOptimize(p.meetings.data());
  }
  if (const auto v = sm::check_plan(e, p, &r); !v.empty()) {
    static std::string message;  // SkipWithError keeps the pointer
    message = "the plan violates a constraint: " + v[0].message;
    state.SkipWithError(message.c_str());
    return;
  }
  std::map<std::string, int> met;
  for (const auto& m : p.meetings) ++met[m.a], ++met[m.b];
  state.SetLabel(state.range(3) == 1 ? "first-come"
                 : o.balance         ? "planner"
                                     : "planner, no balance");
  state.counters["total_relevance"] = p.total_relevance;
  state.counters["vs_first_come"] = p.total_relevance / base.total_relevance;
  state.counters["meetings"] = static_cast<double>(p.meetings.size());
  state.counters["people_met"] = static_cast<double>(met.size());
  state.counters["idle_slots"] = static_cast<double>(sm::idle_slots(e, p));
  state.counters["unplaced_must"] = static_cast<double>(p.unplaced_must_meet.size());
}
BENCHMARK(BM_Schedule)
    ->ArgNames({"n", "slots", "tables", "planner"})
    ->Args({500, 16, 40, 0})
    ->Args({500, 16, 40, 2})
    ->Args({500, 16, 40, 1})
    ->Args({500, 16, 200, 0})
    ->Args({500, 16, 200, 1})
    ->Args({2000, 24, 200, 0})
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
