#pragma once
// Min-cost flow by successive shortest paths with node potentials and Dijkstra. Not API:
// used by assign() (src/match/assign.cpp) and tested against brute force in test_plan.
//
// Costs are integers (int64) so that results are exact and comparable; callers scale
// real weights. Negative edge costs are allowed as long as the graph has no negative
// cycle (initial potentials come from Bellman-Ford). solve() augments along shortest
// s-t paths while they are cheaper than `stop_cost` per unit: with stop_cost = 0 and
// negated weights this is a maximum-weight flow of any value (the cost of the cheapest
// flow is convex in its value, so the first path of cost >= 0 ends the search).

#include <cstdint>
#include <limits>
#include <vector>

namespace scoutmatch::detail {

class MinCostFlow {
 public:
  using Cost = std::int64_t;

  explicit MinCostFlow(std::uint32_t nodes);

  /// Adds the edge u -> v with capacity `cap` (>= 0) and cost per unit `cost`; returns its
  /// id for flow().
  std::uint32_t add_edge(std::uint32_t u, std::uint32_t v, std::int32_t cap, Cost cost);

  struct Result {
    std::int64_t flow = 0;  ///< units sent from s to t
    Cost cost = 0;          ///< total cost of the flow
  };

  /// Sends flow from s to t along shortest paths, at most `max_flow` units, while a path
  /// costs less than `stop_cost` per unit. Call once per graph.
  Result solve(std::uint32_t s, std::uint32_t t,
               std::int64_t max_flow = std::numeric_limits<std::int64_t>::max(),
               Cost stop_cost = std::numeric_limits<Cost>::max());

  /// The flow on edge `id` (an add_edge() result) after solve().
  std::int32_t flow(std::uint32_t id) const;

 private:
  struct Edge {
    std::uint32_t to;
    std::int32_t cap;  // residual capacity
    Cost cost;
  };
  void build_csr();
  bool initial_potentials(std::uint32_t s);

  std::uint32_t n_;
  // Edges as added: edge 2i is the forward edge of add_edge() #i, 2i+1 its reverse.
  std::vector<Edge> edges_;
  std::vector<std::uint32_t> from_;
  std::vector<std::int32_t> orig_cap_;
  // CSR adjacency over edge ids, built by solve().
  std::vector<std::uint32_t> start_, adj_;
  std::vector<Cost> pot_;
};

}  // namespace scoutmatch::detail
