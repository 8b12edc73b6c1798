#include "scoutmatch/match/assign.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <queue>
#include <unordered_set>

#include "match/min_cost_flow.hpp"
#include "scoutmatch/error.hpp"

namespace scoutmatch {

namespace {

constexpr std::size_t max_capacity = 1'000'000;

void check_matrix(const RelevanceMatrix& m) {
  if (m.values.size() != m.rows * m.cols)
    throw invalid_argument(
        "scoutmatch.assign.2",
        "the relevance matrix has " + std::to_string(m.values.size()) +
            " values, expected rows * cols = " + std::to_string(m.rows * m.cols));
  for (float v : m.values)
    if (!std::isfinite(v) || v < 0)
      throw invalid_argument("scoutmatch.assign.2",
                             "relevance values must be finite and >= 0, got " + std::to_string(v));
}

std::vector<std::size_t> capacities(const RelevanceMatrix& m, const AssignOptions& o) {
  if (o.partner_capacities.empty()) return std::vector<std::size_t>(m.cols, o.partner_capacity);
  if (o.partner_capacities.size() != m.cols)
    throw invalid_argument("scoutmatch.assign.2",
                           "partner_capacities has " + std::to_string(o.partner_capacities.size()) +
                               " entries for " + std::to_string(m.cols) + " partners");
  return o.partner_capacities;
}

// Partners of company i with relevance > 0, best first (ties: lower column first).
std::vector<std::uint32_t> preferences(const RelevanceMatrix& m, std::size_t i,
                                       std::size_t limit = 0) {
  std::vector<std::uint32_t> p;
  for (std::uint32_t j = 0; j < m.cols; ++j)
    if (m(i, j) > 0) p.push_back(j);
  auto better = [&](std::uint32_t a, std::uint32_t b) {
    return m(i, a) > m(i, b) || (m(i, a) == m(i, b) && a < b);
  };
  if (limit > 0 && limit < p.size()) {
    std::nth_element(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(limit), p.end(), better);
    p.resize(limit);
  }
  std::sort(p.begin(), p.end(), better);
  return p;
}

std::vector<AssignedPair> by_flow(const RelevanceMatrix& m, const std::vector<std::size_t>& cap,
                                  const AssignOptions& o) {
  const auto C = static_cast<std::uint32_t>(m.rows), P = static_cast<std::uint32_t>(m.cols);
  const float top = m.values.empty() ? 0.0f : *std::max_element(m.values.begin(), m.values.end());
  if (!(top > 0)) return {};
  // Integer costs: the largest relevance becomes 2^30, so a path's cost cannot overflow and
  // relevance is kept to about 9 significant digits.
  const double scale = static_cast<double>(1 << 30) / top;
  const std::uint32_t s = 0, t = C + P + 1;
  detail::MinCostFlow f(C + P + 2);
  for (std::uint32_t i = 0; i < C; ++i)
    f.add_edge(s, 1 + i, static_cast<std::int32_t>(o.per_company), 0);
  struct Arc {
    std::uint32_t edge, company, partner;
  };
  std::vector<Arc> arcs;
  // Candidate pairs: all, or each company's top L partners and each partner's top
  // L * capacity companies (when partners are scarce, the best use of a seat is often a
  // company for which this partner is not among the top L).
  std::vector<char> keep;
  if (o.candidates > 0) {
    keep.assign(m.rows * m.cols, 0);
    for (std::uint32_t i = 0; i < C; ++i)
      for (std::uint32_t j : preferences(m, i, o.candidates)) keep[i * m.cols + j] = 1;
    std::vector<std::uint32_t> col;
    for (std::uint32_t j = 0; j < P; ++j) {
      col.clear();
      for (std::uint32_t i = 0; i < C; ++i)
        if (m(i, j) > 0) col.push_back(i);
      const std::size_t limit =
          std::min(col.size(), o.candidates * std::max<std::size_t>(cap[j], 1));
      std::nth_element(col.begin(), col.begin() + static_cast<std::ptrdiff_t>(limit), col.end(),
                       [&](std::uint32_t a, std::uint32_t b) { return m(a, j) > m(b, j); });
      for (std::size_t k = 0; k < limit; ++k) keep[col[k] * m.cols + j] = 1;
    }
  }
  for (std::uint32_t i = 0; i < C; ++i)
    for (std::uint32_t j = 0; j < P; ++j) {
      if (!keep.empty() && !keep[i * m.cols + j]) continue;
      const auto cost = static_cast<std::int64_t>(std::llround(m(i, j) * scale));
      if (cost > 0 && cap[j] > 0) arcs.push_back({f.add_edge(1 + i, 1 + C + j, 1, -cost), i, j});
    }
  for (std::uint32_t j = 0; j < P; ++j)
    if (cap[j] > 0) f.add_edge(1 + C + j, t, static_cast<std::int32_t>(cap[j]), 0);
  f.solve(s, t, std::numeric_limits<std::int64_t>::max(), 0);
  std::vector<AssignedPair> out;
  for (const Arc& a : arcs)
    if (f.flow(a.edge) > 0) out.push_back({a.company, a.partner, m(a.company, a.partner)});
  return out;
}

std::vector<AssignedPair> by_greedy(const RelevanceMatrix& m, std::vector<std::size_t> cap,
                                    const AssignOptions& o) {
  std::vector<AssignedPair> out;
  for (std::uint32_t i = 0; i < m.rows; ++i) {
    std::size_t taken = 0;
    for (std::uint32_t j : preferences(m, i)) {
      if (taken == o.per_company) break;
      if (cap[j] == 0) continue;
      --cap[j];
      ++taken;
      out.push_back({i, j, m(i, j)});
    }
  }
  return out;
}

// Company-proposing deferred acceptance with capacities on both sides. A partner prefers
// companies of higher relevance (ties: the lower row). Each company proposes to its
// partners in order of preference while it holds fewer than per_company of them.
std::vector<AssignedPair> by_stable(const RelevanceMatrix& m, const std::vector<std::size_t>& cap,
                                    const AssignOptions& o) {
  const std::size_t C = m.rows, P = m.cols;
  std::vector<std::vector<std::uint32_t>> prefs(C);
  for (std::size_t i = 0; i < C; ++i) prefs[i] = preferences(m, i);
  std::vector<std::size_t> next(C, 0), held(C, 0);
  // Per partner a heap of held companies, worst on top.
  struct Held {
    float w;
    std::uint32_t company;
  };
  auto worse_on_top = [](const Held& a, const Held& b) {
    return a.w > b.w || (a.w == b.w && a.company < b.company);
  };
  std::vector<std::priority_queue<Held, std::vector<Held>, decltype(worse_on_top)>> holds(
      P, std::priority_queue<Held, std::vector<Held>, decltype(worse_on_top)>(worse_on_top));
  std::vector<std::uint32_t> queue(C);
  std::iota(queue.begin(), queue.end(), 0u);
  while (!queue.empty()) {
    const std::uint32_t i = queue.back();
    queue.pop_back();
    while (held[i] < o.per_company && next[i] < prefs[i].size()) {
      const std::uint32_t j = prefs[i][next[i]++];
      if (cap[j] == 0) continue;
      const Held h{m(i, j), i};
      auto& q = holds[j];
      if (q.size() < cap[j]) {
        q.push(h);
        ++held[i];
      } else if (worse_on_top(h, q.top())) {  // i is better than the worst held
        const std::uint32_t out = q.top().company;
        q.pop();
        q.push(h);
        ++held[i];
        --held[out];
        queue.push_back(out);
      }
    }
  }
  std::vector<AssignedPair> out;
  for (std::uint32_t j = 0; j < P; ++j)
    for (auto q = holds[j]; !q.empty(); q.pop()) out.push_back({q.top().company, j, q.top().w});
  return out;
}

}  // namespace

void AssignOptions::validate() const {
  auto check = [](std::size_t v, std::size_t lo, const char* name) {
    if (v < lo || v > max_capacity)
      throw invalid_argument("scoutmatch.assign.1", std::string("AssignOptions::") + name +
                                                        " must be in " + std::to_string(lo) +
                                                        "..1000000, got " + std::to_string(v));
  };
  check(partner_capacity, 1, "partner_capacity");
  check(per_company, 1, "per_company");
  for (std::size_t c : partner_capacities) check(c, 0, "partner_capacities[i]");
  if (candidates > max_capacity)
    throw invalid_argument("scoutmatch.assign.1",
                           "AssignOptions::candidates must be at most 1000000");
  if (method != AssignMethod::flow && method != AssignMethod::stable &&
      method != AssignMethod::greedy)
    throw invalid_argument("scoutmatch.assign.1", "AssignOptions::method is not a known method");
}

Assignment assign(const RelevanceMatrix& relevance, const AssignOptions& options) {
  options.validate();
  check_matrix(relevance);
  const auto cap = capacities(relevance, options);
  Assignment a;
  a.companies = relevance.rows;
  switch (options.method) {
    case AssignMethod::flow:
      a.pairs = by_flow(relevance, cap, options);
      break;
    case AssignMethod::stable:
      a.pairs = by_stable(relevance, cap, options);
      break;
    case AssignMethod::greedy:
      a.pairs = by_greedy(relevance, cap, options);
      break;
  }
  std::sort(a.pairs.begin(), a.pairs.end(), [](const AssignedPair& x, const AssignedPair& y) {
    return x.company != y.company       ? x.company < y.company
           : x.relevance != y.relevance ? x.relevance > y.relevance
                                        : x.partner < y.partner;
  });
  std::vector<char> placed(relevance.rows, 0);
  for (const AssignedPair& p : a.pairs) {
    a.total_relevance += p.relevance;
    placed[p.company] = 1;
  }
  a.companies_placed = static_cast<std::size_t>(std::count(placed.begin(), placed.end(), 1));
  return a;
}

Assignment assign(const Index& index, std::span<const std::string> companies,
                  std::span<const std::string> partners, const AssignOptions& options) {
  options.validate();
  for (int side = 0; side < 2; ++side) {
    const auto list = side == 0 ? companies : partners;
    const char* what = side == 0 ? "companies" : "partners";
    if (list.empty())
      throw invalid_argument("scoutmatch.assign.4",
                             std::string("the list of ") + what + " is empty");
    std::unordered_set<std::string_view> seen;
    for (const std::string& id : list) {
      if (!index.contains(id))
        throw not_found("scoutmatch.assign.3",
                        std::string(what) + ": no profile with id \"" + id + "\" in the index");
      if (!seen.insert(id).second)
        throw invalid_argument("scoutmatch.assign.4",
                               std::string(what) + ": the id \"" + id + "\" is given twice");
    }
  }
  return assign(mutual_relevance(index, companies, partners, options.relevance), options);
}

}  // namespace scoutmatch
