// DenseIndex: flat exact search. Scores of a block of queries against a block of stored
// vectors come from one Eigen matrix product; each query keeps a bounded heap of its best
// k. Work is split into (query block, row range) tasks on a tbb::task_arena, and the
// per-range heaps of a query are merged at the end. The (persistence) file functions are
// in the io layer: src/io/dense_index_file.cpp.
#include "scoutmatch/index/dense_index.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_set>

#include "scoutmatch/error.hpp"

namespace scoutmatch {
namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstRowMap = Eigen::Map<const RowMatrix>;

constexpr std::size_t dense_max_k = 1'000'000;
constexpr std::size_t query_block = 64;  // queries per matrix product
constexpr std::size_t row_block = 1024;  // stored vectors per matrix product
constexpr std::size_t min_rows_per_task = 4096;

// A candidate: `key` is "higher is better" (the score, or minus the distance for l2).
struct Entry {
  float key;
  std::uint32_t row;
};
constexpr bool better(const Entry& a, const Entry& b) noexcept {
  return a.key > b.key || (a.key == b.key && a.row < b.row);
}

// The best k entries seen, the worst of them at the front.
class TopK {
 public:
  explicit TopK(std::size_t k = 0) : k_(k) {}
  void reset(std::size_t k) {
    k_ = k;
    heap_.clear();
  }
  void push(Entry e) {
    if (heap_.size() < k_) {
      heap_.push_back(e);
      std::push_heap(heap_.begin(), heap_.end(), better);
    } else if (better(e, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), better);
      heap_.back() = e;
      std::push_heap(heap_.begin(), heap_.end(), better);
    }
  }
  std::vector<Entry>& entries() noexcept { return heap_; }

 private:
  std::size_t k_;
  std::vector<Entry> heap_;
};

float to_key(Metric m, float score) noexcept {
  return m == Metric::l2 ? -score : score;
}
float from_key(Metric m, float key) noexcept {
  return m == Metric::l2 ? -key : key;
}

// Squared distance from the dot product and the two squared norms, never negative.
float l2_from_dot(float q_sq, float x_sq, float dot) noexcept {
  return std::max(0.0f, q_sq + x_sq - 2.0f * dot);
}

float squared_norm(const float* v, std::size_t dim) noexcept {
  float s = 0;
  for (std::size_t j = 0; j < dim; ++j) s += v[j] * v[j];
  return s;
}

void write_results(Metric metric, std::vector<Entry>& best, std::size_t k,
                   const std::vector<std::int64_t>& row_ids, float* scores, std::int64_t* ids) {
  std::sort(best.begin(), best.end(), better);
  for (std::size_t j = 0; j < k; ++j) {
    if (j < best.size()) {
      scores[j] = from_key(metric, best[j].key);
      ids[j] = row_ids[best[j].row];
    } else {
      scores[j] = std::numeric_limits<float>::quiet_NaN();
      ids[j] = -1;
    }
  }
}

}  // namespace

Metric metric_from_string(std::string_view name) {
  if (name == "ip") return Metric::ip;
  if (name == "cosine") return Metric::cosine;
  if (name == "l2") return Metric::l2;
  throw invalid_argument("scoutmatch.dense.8", "unknown metric \"" + std::string(name) +
                                                   "\" (expected ip, cosine or l2)");
}

DenseIndex::DenseIndex(std::size_t dim, Metric metric) : dim_(dim), metric_(metric) {
  if (dim < 1 || dim > dense_max_dim)
    throw invalid_argument("scoutmatch.dense.1", "dimension must be in 1.." +
                                                     std::to_string(dense_max_dim) + ", got " +
                                                     std::to_string(dim));
  if (static_cast<std::uint8_t>(metric) > 2)
    throw invalid_argument("scoutmatch.dense.8", "unknown metric");
}

void DenseIndex::check_finite(std::span<const float> v, std::size_t n, const char* what) const {
  for (std::size_t i = 0; i < v.size(); ++i)
    if (!std::isfinite(v[i]))
      throw invalid_argument("scoutmatch.dense.3", std::string(what) + " " +
                                                       std::to_string(i / dim_) +
                                                       " has a NaN or infinite value at position " +
                                                       std::to_string(i % dim_));
  if (metric_ == Metric::cosine)
    for (std::size_t r = 0; r < n; ++r)
      if (squared_norm(v.data() + r * dim_, dim_) == 0.0f)
        throw invalid_argument("scoutmatch.dense.7",
                               std::string(what) + " " + std::to_string(r) +
                                   " is all zeros: it has no direction for the cosine metric");
}

void DenseIndex::add(std::span<const float> vectors, std::size_t n,
                     std::span<const std::int64_t> ids) {
  if (vectors.size() != n * dim_)
    throw invalid_argument("scoutmatch.dense.2", "expected " + std::to_string(n) + " x " +
                                                     std::to_string(dim_) + " floats, got " +
                                                     std::to_string(vectors.size()));
  if (!ids.empty() && ids.size() != n)
    throw invalid_argument("scoutmatch.dense.2", "expected " + std::to_string(n) +
                                                     " ids (one per vector), got " +
                                                     std::to_string(ids.size()));
  if (size() + n > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
    throw invalid_argument("scoutmatch.dense.9", "a DenseIndex holds at most 2^31 - 1 vectors");
  check_finite(vectors, n, "vector");
  std::vector<std::int64_t> new_ids;
  if (ids.empty()) {
    new_ids.resize(n);
    for (std::size_t i = 0; i < n; ++i) new_ids[i] = next_id_ + static_cast<std::int64_t>(i);
  } else {
    std::unordered_set<std::int64_t> seen;
    seen.reserve(n);
    for (const std::int64_t id : ids) {
      if (id < 0)
        throw invalid_argument("scoutmatch.dense.10",
                               "id " + std::to_string(id) + " is negative (ids must be >= 0)");
      if (rows_.count(id) || !seen.insert(id).second)
        throw invalid_argument("scoutmatch.dense.4",
                               "id " + std::to_string(id) + " is " +
                                   (rows_.count(id) ? "already in the index" : "given twice"));
    }
    new_ids.assign(ids.begin(), ids.end());
  }
  // Checked: from here on nothing throws but allocation.
  const std::size_t old = size();
  data_.insert(data_.end(), vectors.begin(), vectors.end());
  sq_norms_.resize(old + n);
  for (std::size_t r = old; r < old + n; ++r) {
    float* v = data_.data() + r * dim_;
    if (metric_ == Metric::cosine) {
      const float inv = 1.0f / std::sqrt(squared_norm(v, dim_));
      for (std::size_t j = 0; j < dim_; ++j) v[j] *= inv;
    }
    sq_norms_[r] = squared_norm(v, dim_);
  }
  for (std::size_t i = 0; i < n; ++i) {
    ids_.push_back(new_ids[i]);
    rows_.emplace(new_ids[i], static_cast<std::uint32_t>(old + i));
    next_id_ = std::max(next_id_, new_ids[i] + 1);
  }
}

void DenseIndex::remove(std::span<const std::int64_t> ids) {
  std::vector<bool> drop(size(), false);
  for (const std::int64_t id : ids) {
    const auto it = rows_.find(id);
    if (it == rows_.end())
      throw not_found("scoutmatch.dense.5",
                      "no vector with id " + std::to_string(id) + " in the index");
    drop[it->second] = true;
  }
  std::size_t w = 0;
  for (std::size_t r = 0; r < size(); ++r) {
    if (drop[r]) continue;
    if (w != r) {
      std::copy_n(data_.begin() + static_cast<std::ptrdiff_t>(r * dim_), dim_,
                  data_.begin() + static_cast<std::ptrdiff_t>(w * dim_));
      sq_norms_[w] = sq_norms_[r];
      ids_[w] = ids_[r];
    }
    ++w;
  }
  data_.resize(w * dim_);
  sq_norms_.resize(w);
  ids_.resize(w);
  rebuild_rows();
}

void DenseIndex::rebuild_rows() {
  rows_.clear();
  rows_.reserve(ids_.size());
  for (std::size_t r = 0; r < ids_.size(); ++r)
    rows_.emplace(ids_[r], static_cast<std::uint32_t>(r));
}

void DenseIndex::search(std::span<const float> queries, std::size_t n, std::size_t k, float* scores,
                        std::int64_t* ids, std::size_t threads,
                        const std::vector<std::int64_t>* allowed) const {
  if (k < 1 || k > dense_max_k)
    throw invalid_argument("scoutmatch.dense.6", "k must be in 1.." + std::to_string(dense_max_k) +
                                                     ", got " + std::to_string(k));
  if (threads > 4096) throw invalid_argument("scoutmatch.dense.6", "threads must be 0..4096");
  if (queries.size() != n * dim_)
    throw invalid_argument("scoutmatch.dense.2", "expected " + std::to_string(n) + " x " +
                                                     std::to_string(dim_) + " query floats, got " +
                                                     std::to_string(queries.size()));
  check_finite(queries, n, "query");
  if (n == 0) return;

  // Cosine needs unit queries: the one case where the queries are copied.
  std::vector<float> normalised;
  const float* qdata = queries.data();
  if (metric_ == Metric::cosine) {
    normalised.assign(queries.begin(), queries.end());
    for (std::size_t i = 0; i < n; ++i) {
      float* q = normalised.data() + i * dim_;
      const float inv = 1.0f / std::sqrt(squared_norm(q, dim_));
      for (std::size_t j = 0; j < dim_; ++j) q[j] *= inv;
    }
    qdata = normalised.data();
  }
  std::vector<float> q_sq;
  if (metric_ == Metric::l2) {
    q_sq.resize(n);
    for (std::size_t i = 0; i < n; ++i) q_sq[i] = squared_norm(qdata + i * dim_, dim_);
  }
  std::vector<std::uint8_t> ok;  // per row: passes the filter
  if (allowed) {
    ok.assign(size(), 0);
    for (const std::int64_t id : *allowed)
      if (auto it = rows_.find(id); it != rows_.end()) ok[it->second] = 1;
  }
  const std::size_t rows = size();

  auto body = [&] {
    const std::size_t workers =
        static_cast<std::size_t>(std::max(1, tbb::this_task_arena::max_concurrency()));
    const std::size_t q_blocks = (n + query_block - 1) / query_block;
    // Enough tasks to keep the workers busy: split the rows too when there are few queries.
    std::size_t row_parts = 1;
    if (q_blocks < 4 * workers && rows >= 2 * min_rows_per_task)
      row_parts = std::min((4 * workers + q_blocks - 1) / q_blocks, rows / min_rows_per_task);
    const std::size_t part_rows = (rows + row_parts - 1) / std::max<std::size_t>(row_parts, 1);
    // parts[i * row_parts + p]: the best k of query i among the rows of part p.
    std::vector<std::vector<Entry>> parts(n * row_parts);
    tbb::parallel_for(std::size_t{0}, q_blocks * row_parts, [&](std::size_t task) {
      const std::size_t qb = task / row_parts, p = task % row_parts;
      const std::size_t q0 = qb * query_block, q1 = std::min(n, q0 + query_block);
      const std::size_t r_begin = p * part_rows, r_end = std::min(rows, r_begin + part_rows);
      std::vector<TopK> heaps(q1 - q0, TopK(k));
      RowMatrix s;
      const ConstRowMap q(qdata + q0 * dim_, static_cast<Eigen::Index>(q1 - q0),
                          static_cast<Eigen::Index>(dim_));
      for (std::size_t r0 = r_begin; r0 < r_end; r0 += row_block) {
        const std::size_t r1 = std::min(r_end, r0 + row_block);
        const ConstRowMap x(data_.data() + r0 * dim_, static_cast<Eigen::Index>(r1 - r0),
                            static_cast<Eigen::Index>(dim_));
        s.resize(q.rows(), x.rows());
        s.noalias() = q * x.transpose();
        for (std::size_t i = q0; i < q1; ++i) {
          TopK& heap = heaps[i - q0];
          const float* srow = s.data() + (i - q0) * static_cast<std::size_t>(s.cols());
          for (std::size_t r = r0; r < r1; ++r) {
            if (!ok.empty() && !ok[r]) continue;
            const float dot = srow[r - r0];
            const float score =
                metric_ == Metric::l2 ? l2_from_dot(q_sq[i], sq_norms_[r], dot) : dot;
            heap.push({to_key(metric_, score), static_cast<std::uint32_t>(r)});
          }
        }
      }
      for (std::size_t i = q0; i < q1; ++i)
        parts[i * row_parts + p] = std::move(heaps[i - q0].entries());
    });
    tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) {
      std::vector<Entry> best = std::move(parts[i * row_parts]);
      for (std::size_t p = 1; p < row_parts; ++p)
        best.insert(best.end(), parts[i * row_parts + p].begin(), parts[i * row_parts + p].end());
      if (best.size() > k) {
        std::nth_element(best.begin(), best.begin() + static_cast<std::ptrdiff_t>(k), best.end(),
                         better);
        best.resize(k);
      }
      write_results(metric_, best, k, ids_, scores + i * k, ids + i * k);
    });
  };
  if (threads == 0) {
    body();
  } else {
    tbb::task_arena arena(static_cast<int>(threads));
    arena.execute(body);
  }
}

void DenseIndex::search_brute_force(std::span<const float> queries, std::size_t n, std::size_t k,
                                    float* scores, std::int64_t* ids) const {
  if (k < 1 || k > dense_max_k)
    throw invalid_argument("scoutmatch.dense.6", "k must be in 1.." + std::to_string(dense_max_k));
  if (queries.size() != n * dim_) throw invalid_argument("scoutmatch.dense.2", "wrong query size");
  check_finite(queries, n, "query");
  std::vector<float> q(dim_);
  for (std::size_t i = 0; i < n; ++i) {
    std::copy_n(queries.data() + i * dim_, dim_, q.begin());
    if (metric_ == Metric::cosine) {
      const float inv = 1.0f / std::sqrt(squared_norm(q.data(), dim_));
      for (float& v : q) v *= inv;
    }
    const float q_sq = squared_norm(q.data(), dim_);
    std::vector<Entry> all;
    for (std::size_t r = 0; r < size(); ++r) {
      float dot = 0;
      for (std::size_t j = 0; j < dim_; ++j) dot += q[j] * data_[r * dim_ + j];
      const float score = metric_ == Metric::l2 ? l2_from_dot(q_sq, sq_norms_[r], dot) : dot;
      all.push_back({to_key(metric_, score), static_cast<std::uint32_t>(r)});
    }
    if (all.size() > k) {
      std::nth_element(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(k), all.end(),
                       better);
      all.resize(k);
    }
    write_results(metric_, all, k, ids_, scores + i * k, ids + i * k);
  }
}

}  // namespace scoutmatch
