#include "match/min_cost_flow.hpp"

#include <algorithm>
#include <cassert>
#include <functional>
#include <queue>
#include <stdexcept>
#include <utility>

namespace scoutmatch::detail {

namespace {
constexpr MinCostFlow::Cost inf_cost = std::numeric_limits<MinCostFlow::Cost>::max() / 4;
}

MinCostFlow::MinCostFlow(std::uint32_t nodes) : n_(nodes) {}

std::uint32_t MinCostFlow::add_edge(std::uint32_t u, std::uint32_t v, std::int32_t cap, Cost cost) {
  assert(u < n_ && v < n_ && cap >= 0);
  const auto id = static_cast<std::uint32_t>(from_.size());
  edges_.push_back({v, cap, cost});
  edges_.push_back({u, 0, -cost});
  from_.push_back(u);
  orig_cap_.push_back(cap);
  return id;
}

std::int32_t MinCostFlow::flow(std::uint32_t id) const {
  return orig_cap_[id] - edges_[2 * std::size_t{id}].cap;
}

void MinCostFlow::build_csr() {
  start_.assign(n_ + 1, 0);
  for (std::size_t i = 0; i < from_.size(); ++i) {
    ++start_[from_[i] + 1];
    ++start_[edges_[2 * i].to + 1];
  }
  for (std::uint32_t v = 0; v < n_; ++v) start_[v + 1] += start_[v];
  adj_.resize(edges_.size());
  std::vector<std::uint32_t> pos(start_.begin(), start_.end() - 1);
  for (std::size_t i = 0; i < from_.size(); ++i) {
    adj_[pos[from_[i]]++] = static_cast<std::uint32_t>(2 * i);
    adj_[pos[edges_[2 * i].to]++] = static_cast<std::uint32_t>(2 * i + 1);
  }
}

// Bellman-Ford distances from s over edges with capacity (in insertion order, so a graph
// added in topological order settles in two passes). False on a negative cycle.
bool MinCostFlow::initial_potentials(std::uint32_t s) {
  std::vector<Cost> d(n_, inf_cost);
  d[s] = 0;
  bool negative = false;
  for (std::size_t i = 0; i < from_.size(); ++i) negative |= edges_[2 * i].cost < 0;
  if (negative) {
    bool changed = true;
    for (std::uint32_t round = 0; changed; ++round) {
      if (round > n_) return false;
      changed = false;
      for (std::size_t i = 0; i < from_.size(); ++i) {
        const Edge& e = edges_[2 * i];
        const std::uint32_t u = from_[i];
        if (e.cap > 0 && d[u] < inf_cost && d[u] + e.cost < d[e.to]) {
          d[e.to] = d[u] + e.cost;
          changed = true;
        }
      }
    }
  }
  pot_.assign(n_, 0);
  // Unreachable nodes stay unreachable (only reverse edges of used paths appear), so their
  // potential does not matter.
  if (negative)
    for (std::uint32_t v = 0; v < n_; ++v) pot_[v] = d[v] < inf_cost ? d[v] : 0;
  return true;
}

MinCostFlow::Result MinCostFlow::solve(std::uint32_t s, std::uint32_t t, std::int64_t max_flow,
                                       Cost stop_cost) {
  Result r;
  if (s == t || max_flow <= 0) return r;
  build_csr();
  if (!initial_potentials(s)) throw std::logic_error("min-cost flow: negative cycle");

  std::vector<Cost> dist(n_);
  std::vector<std::uint32_t> prev(n_);
  std::vector<char> done(n_);
  using Item = std::pair<Cost, std::uint32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
  constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();

  while (r.flow < max_flow) {
    // Dijkstra on reduced costs, stopped when t is settled. Potentials then move by
    // min(dist, dist[t]), which keeps every residual reduced cost >= 0.
    std::fill(dist.begin(), dist.end(), inf_cost);
    std::fill(prev.begin(), prev.end(), none);
    std::fill(done.begin(), done.end(), 0);
    dist[s] = 0;
    heap.push({0, s});
    while (!heap.empty()) {
      const auto [d, u] = heap.top();
      heap.pop();
      if (done[u]) continue;
      done[u] = 1;
      if (u == t) break;
      const Cost pu = pot_[u] + d;
      for (std::uint32_t k = start_[u]; k < start_[u + 1]; ++k) {
        const std::uint32_t id = adj_[k];
        const Edge& e = edges_[id];
        if (e.cap <= 0 || done[e.to]) continue;
        const Cost nd = pu + e.cost - pot_[e.to];
        if (nd < dist[e.to]) {
          dist[e.to] = nd;
          prev[e.to] = id;
          heap.push({nd, e.to});
        }
      }
    }
    while (!heap.empty()) heap.pop();
    if (!done[t]) break;
    const Cost dt = dist[t];
    for (std::uint32_t v = 0; v < n_; ++v) pot_[v] += done[v] ? dist[v] : dt;
    const Cost unit = pot_[t] - pot_[s];  // the real cost of the path per unit
    if (unit >= stop_cost) break;
    std::int64_t push = max_flow - r.flow;
    for (std::uint32_t v = t; v != s; v = edges_[prev[v] ^ 1].to)
      push = std::min<std::int64_t>(push, edges_[prev[v]].cap);
    for (std::uint32_t v = t; v != s; v = edges_[prev[v] ^ 1].to) {
      edges_[prev[v]].cap -= static_cast<std::int32_t>(push);
      edges_[prev[v] ^ 1].cap += static_cast<std::int32_t>(push);
    }
    r.flow += push;
    r.cost += push * unit;
  }
  return r;
}

}  // namespace scoutmatch::detail
