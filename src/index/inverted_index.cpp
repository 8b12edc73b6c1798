#include "scoutmatch/index/inverted_index.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>

namespace scoutmatch {
namespace {

// A bounded heap holding the best k entries; the worst of them on top.
class TopK {
 public:
  explicit TopK(std::size_t k) : k_(k) { heap_.reserve(std::min<std::size_t>(k, 1024)); }
  void push(ScoredDoc d) {
    if (heap_.size() < k_) {
      heap_.push_back(d);
      std::push_heap(heap_.begin(), heap_.end(), better);
    } else if (better(d, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), better);
      heap_.back() = d;
      std::push_heap(heap_.begin(), heap_.end(), better);
    }
  }
  std::vector<ScoredDoc> sorted() && {
    std::sort(heap_.begin(), heap_.end(), better);
    return std::move(heap_);
  }

 private:
  std::size_t k_;
  std::vector<ScoredDoc> heap_;
};

}  // namespace

void keep_top_k(std::vector<ScoredDoc>& candidates, std::size_t k) {
  if (candidates.size() > k) {
    std::nth_element(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(k),
                     candidates.end(), better);
    candidates.resize(k);
  }
  std::sort(candidates.begin(), candidates.end(), better);
}

InvertedIndex InvertedIndex::build(const SpaceVectors& space) {
  InvertedIndex ix;
  const SparseVectors& fwd = space.sat;
  ix.n_docs_ = fwd.rows();
  const std::size_t n_terms = space.idf.size();
  ix.offsets_.assign(n_terms + 1, 0);
  for (TermId t : fwd.terms) ++ix.offsets_[t + 1];
  for (std::size_t t = 0; t < n_terms; ++t) ix.offsets_[t + 1] += ix.offsets_[t];
  ix.docs_.resize(fwd.nnz());
  ix.weights_.resize(fwd.nnz());
  std::vector<std::uint64_t> fill(ix.offsets_.begin(), ix.offsets_.end() - 1);
  for (std::size_t d = 0; d < ix.n_docs_; ++d) {
    for (std::uint64_t i = fwd.offsets[d]; i < fwd.offsets[d + 1]; ++i) {
      const TermId t = fwd.terms[i];
      const std::uint64_t at = fill[t]++;
      ix.docs_[at] = static_cast<std::uint32_t>(d);
      ix.weights_[at] = space.idf[t] * fwd.values[i];
    }
  }
  return ix;
}

void InvertedIndex::score_range(const QueryVector& q, std::uint32_t lo, std::uint32_t hi,
                                std::vector<float>& acc) const {
  acc.assign(hi - lo, 0.0f);
  const bool whole = lo == 0 && hi == n_docs_;
  for (std::size_t i = 0; i < q.terms.size(); ++i) {
    const TermId t = q.terms[i];
    if (t + 1 >= offsets_.size()) continue;
    const std::uint32_t* b = docs_.data() + offsets_[t];
    const std::uint32_t* e = docs_.data() + offsets_[t + 1];
    if (!whole) {
      b = std::lower_bound(b, e, lo);
      e = std::lower_bound(b, e, hi);
    }
    const float* w = weights_.data() + (b - docs_.data());
    const float qw = q.weights[i];
    float* a = acc.data() - lo;
    for (const std::uint32_t* p = b; p != e; ++p, ++w) accumulate(a[*p], qw, *w);
  }
}

std::vector<ScoredDoc> InvertedIndex::search(const QueryVector& query, std::size_t k,
                                             const CompiledFilter& filter, bool parallel) const {
  if (k == 0 || n_docs_ == 0 || query.empty()) return {};
  static thread_local std::vector<float> acc;
  auto run = [&](std::uint32_t lo, std::uint32_t hi) {
    score_range(query, lo, hi, acc);
    TopK top(k);
    for (std::uint32_t d = lo; d < hi; ++d) {
      const float s = acc[d - lo];
      if (s > 0 && filter.accepts(d)) top.push({s, d});
    }
    return std::move(top).sorted();
  };
  const int workers = tbb::this_task_arena::max_concurrency();
  if (!parallel || workers <= 1 || n_docs_ < 4096)
    return run(0, static_cast<std::uint32_t>(n_docs_));
  const std::size_t chunks = static_cast<std::size_t>(workers) * 4;
  const std::size_t step = (n_docs_ + chunks - 1) / chunks;
  std::vector<std::vector<ScoredDoc>> parts(chunks);
  tbb::parallel_for(std::size_t{0}, chunks, [&](std::size_t c) {
    const std::size_t lo = c * step, hi = std::min(n_docs_, lo + step);
    if (lo < hi) parts[c] = run(static_cast<std::uint32_t>(lo), static_cast<std::uint32_t>(hi));
  });
  std::vector<ScoredDoc> all;
  for (auto& p : parts) all.insert(all.end(), p.begin(), p.end());
  keep_top_k(all, k);
  return all;
}

float score_document(const SpaceVectors& space, const QueryVector& q, std::uint32_t doc,
                     std::vector<std::pair<TermId, float>>* contributions) {
  const SparseRow r = space.sat.row(doc);
  float s = 0;
  std::size_t i = 0, j = 0;
  while (i < q.terms.size() && j < r.terms.size()) {
    if (q.terms[i] < r.terms[j]) {
      ++i;
    } else if (r.terms[j] < q.terms[i]) {
      ++j;
    } else {
      const TermId t = q.terms[i];
      const float w = space.idf[t] * r.values[j];
      accumulate(s, q.weights[i], w);
      if (contributions) contributions->emplace_back(t, q.weights[i] * w);
      ++i, ++j;
    }
  }
  return s;
}

std::vector<ScoredDoc> search_exhaustive(const SpaceVectors& space, const QueryVector& query,
                                         std::size_t k, const CompiledFilter& filter) {
  std::vector<ScoredDoc> all;
  for (std::uint32_t d = 0; d < space.sat.rows(); ++d) {
    const float s = score_document(space, query, d);
    if (s > 0 && filter.accepts(d)) all.push_back({s, d});
  }
  keep_top_k(all, k);
  return all;
}

}  // namespace scoutmatch
