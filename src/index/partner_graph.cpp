#include "scoutmatch/index/partner_graph.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

namespace scoutmatch {

PartnerGraph PartnerGraph::build(const std::vector<Profile>& profiles, std::size_t max_members) {
  PartnerGraph g;
  const std::size_t n = profiles.size();
  g.activities_.assign(n, 0);
  g.by_kind_.assign(n * kind_count, 0);
  g.offsets_.assign(n + 1, 0);

  // Members of each activity, and the distinct activities of each profile.
  std::unordered_map<std::string_view, std::vector<std::uint32_t>> members;
  for (std::uint32_t d = 0; d < n; ++d) {
    for (const std::string& a : profiles[d].projects) {
      auto& m = members[a];
      if (m.empty() || m.back() != d) {  // a profile listing an id twice counts once
        m.push_back(d);
        ++g.activities_[d];
      }
    }
  }
  // Edges as (a, b, weight) with a != b, both directions.
  std::vector<std::pair<std::uint64_t, float>> edges;
  auto add = [&](std::uint32_t a, std::uint32_t b, float w) {
    edges.emplace_back((std::uint64_t{a} << 32) | b, w);
    edges.emplace_back((std::uint64_t{b} << 32) | a, w);
  };
  for (auto& [id, m] : members) {
    if (m.size() < 2 || m.size() > max_members) continue;
    std::sort(m.begin(), m.end());
    m.erase(std::unique(m.begin(), m.end()), m.end());
    for (std::size_t i = 0; i < m.size(); ++i)
      for (std::size_t j = i + 1; j < m.size(); ++j) add(m[i], m[j], 1.0f);
  }
  if (std::any_of(profiles.begin(), profiles.end(),
                  [](const Profile& p) { return !p.partners.empty(); })) {
    std::unordered_map<std::string_view, std::uint32_t> doc_of;
    doc_of.reserve(n);
    for (std::uint32_t d = 0; d < n; ++d) doc_of.emplace(profiles[d].id, d);
    // Each listed pair once (+1), however often and by whichever side it is listed.
    std::vector<std::uint64_t> listed;
    for (std::uint32_t d = 0; d < n; ++d)
      for (const std::string& p : profiles[d].partners) {
        auto it = doc_of.find(p);
        if (it != doc_of.end() && it->second != d) {
          const std::uint32_t a = std::min(d, it->second), b = std::max(d, it->second);
          listed.push_back((std::uint64_t{a} << 32) | b);
        }
      }
    std::sort(listed.begin(), listed.end());
    listed.erase(std::unique(listed.begin(), listed.end()), listed.end());
    for (const std::uint64_t key : listed)
      add(static_cast<std::uint32_t>(key >> 32), static_cast<std::uint32_t>(key), 1.0f);
  }
  std::sort(edges.begin(), edges.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  // Merge duplicates: a pair's weight = its shared activities + 1 when listed.
  std::vector<std::pair<std::uint64_t, float>> merged;
  merged.reserve(edges.size());
  for (const auto& e : edges) {
    if (!merged.empty() && merged.back().first == e.first)
      merged.back().second += e.second;
    else
      merged.push_back(e);
  }
  g.nbrs_.reserve(merged.size());
  g.weights_.reserve(merged.size());
  for (const auto& [key, w] : merged) {
    const auto a = static_cast<std::uint32_t>(key >> 32), b = static_cast<std::uint32_t>(key);
    ++g.offsets_[a + 1];
    g.nbrs_.push_back(b);
    g.weights_.push_back(w);
    ++g.by_kind_[a * kind_count + static_cast<std::size_t>(profiles[b].kind)];
  }
  for (std::size_t d = 0; d < n; ++d) g.offsets_[d + 1] += g.offsets_[d];
  return g;
}

float PartnerGraph::weight(std::uint32_t a, std::uint32_t b) const noexcept {
  const auto p = partners(a);
  const auto it = std::lower_bound(p.begin(), p.end(), b);
  if (it == p.end() || *it != b) return 0.0f;
  return weights(a)[static_cast<std::size_t>(it - p.begin())];
}

}  // namespace scoutmatch
