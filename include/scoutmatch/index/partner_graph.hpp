#pragma once
/// \file partner_graph.hpp
/// The partner graph of a corpus: profiles are nodes; two profiles are linked when they
/// share an activity id (Profile::projects) or one lists the other in Profile::partners.
/// Built once per index (derived from the profiles, never stored), read by the network
/// signals (match/signals.hpp).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "scoutmatch/types.hpp"

namespace scoutmatch {

/// Undirected weighted graph in compressed rows; neighbours of each node sorted by id.
class PartnerGraph {
 public:
  /// Activities with more members than this link no pairs (a huge "project" such as a
  /// whole cluster says little about who worked with whom, and would cost
  /// members^2 edges); they still count for Profile activity. Default 1000.
  static constexpr std::size_t default_max_members = 1000;

  PartnerGraph() = default;
  /// The graph of `profiles` (document order). Partner ids not among the profiles and a
  /// profile's own id are ignored. Edge weight = number of shared activities, + 1 when
  /// either lists the other as a partner. Runs in O(sum of members^2 over activities).
  static PartnerGraph build(const std::vector<Profile>& profiles,
                            std::size_t max_members = default_max_members);

  /// Number of nodes (profiles).
  std::size_t size() const noexcept { return activities_.size(); }
  /// True when no profile has an edge.
  bool empty() const noexcept { return nbrs_.empty(); }
  /// The partners of `doc`, ascending.
  std::span<const std::uint32_t> partners(std::uint32_t doc) const noexcept {
    return {nbrs_.data() + offsets_[doc], nbrs_.data() + offsets_[doc + 1]};
  }
  /// The tie strengths of partners(doc), in the same order.
  std::span<const float> weights(std::uint32_t doc) const noexcept {
    return {weights_.data() + offsets_[doc], weights_.data() + offsets_[doc + 1]};
  }
  /// Number of partners of `doc`.
  std::size_t degree(std::uint32_t doc) const noexcept { return offsets_[doc + 1] - offsets_[doc]; }
  /// Number of distinct activities of `doc`.
  std::uint32_t activities(std::uint32_t doc) const noexcept { return activities_[doc]; }
  /// Number of partners of `doc` of kind `k`.
  std::uint32_t partners_of_kind(std::uint32_t doc, Kind k) const noexcept {
    return by_kind_[doc * kind_count + static_cast<std::size_t>(k)];
  }
  /// Tie strength of a and b (0 when not linked). O(log degree).
  float weight(std::uint32_t a, std::uint32_t b) const noexcept;
  /// Number of edges (each counted once).
  std::size_t edges() const noexcept { return nbrs_.size() / 2; }

 private:
  std::vector<std::uint64_t> offsets_{0};
  std::vector<std::uint32_t> nbrs_;
  std::vector<float> weights_;
  std::vector<std::uint32_t> activities_;
  std::vector<std::uint32_t> by_kind_;  // size() x kind_count
};

}  // namespace scoutmatch
