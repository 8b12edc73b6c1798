#pragma once
// Bounded top-k heaps shared by the all-pairs kernels (all_pairs.cpp for DenseIndex sets,
// sparse_all_pairs.cpp for text vectors). Private.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace scoutmatch::detail {

struct Entry {
  float key;
  std::uint32_t row;
};
constexpr bool better(const Entry& a, const Entry& b) noexcept {
  return a.key > b.key || (a.key == b.key && a.row < b.row);
}
constexpr auto by_better = [](const Entry& a, const Entry& b) { return better(a, b); };

// `count` bounded heaps of k entries in one flat buffer, the worst entry of each in front.
class Heaps {
 public:
  // `floor`: the key a candidate must exceed while its heap holds fewer than k entries
  // (-inf: any; 0: positive scores only).
  Heaps(std::size_t count, std::size_t k, float floor = -std::numeric_limits<float>::infinity())
      : k_(k), entries_(count * k), sizes_(count, 0), thr_(count, floor) {}
  // Candidates arrive in increasing `row` order per heap, so an equal key never enters:
  // callers test key > threshold(h) first.
  void push(std::size_t h, Entry e) {
    Entry* b = entries_.data() + h * k_;
    std::uint32_t& n = sizes_[h];
    if (n < k_) {
      // Sift up from the end (a binary heap, the worst entry at b[0]).
      std::size_t i = n++;
      while (i > 0) {
        const std::size_t parent = (i - 1) / 2;
        if (!better(b[parent], e)) break;
        b[i] = b[parent];
        i = parent;
      }
      b[i] = e;
      if (n == k_) thr_[h] = b[0].key;
      return;
    }
    // Replace the worst and sift down: half the work of pop_heap + push_heap.
    std::size_t i = 0;
    for (;;) {
      std::size_t child = 2 * i + 1;
      if (child >= k_) break;
      if (child + 1 < k_ && better(b[child], b[child + 1])) ++child;  // the worse child
      if (!better(e, b[child])) break;
      b[i] = b[child];
      i = child;
    }
    b[i] = e;
    thr_[h] = b[0].key;
  }
  float* thresholds() noexcept { return thr_.data(); }
  std::span<Entry> entries(std::size_t h) noexcept { return {entries_.data() + h * k_, sizes_[h]}; }

 private:
  std::size_t k_;
  std::vector<Entry> entries_;
  std::vector<std::uint32_t> sizes_;
  std::vector<float> thr_;  // the key to exceed: the worst kept once k are kept, else the floor
};

// Keeps the best k of `best` (merged heap contents), sorted best first.
inline void keep_best(std::vector<Entry>& best, std::size_t k) {
  if (best.size() > k) {
    std::nth_element(best.begin(), best.begin() + static_cast<std::ptrdiff_t>(k), best.end(),
                     by_better);
    best.resize(k);
  }
  std::sort(best.begin(), best.end(), by_better);
}

}  // namespace scoutmatch::detail
