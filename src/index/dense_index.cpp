// DenseIndex: flat exact search. Work is split into (query chunk, row range) tasks on a
// tbb::task_arena; each task keeps a bounded heap of the best k per query, and the
// per-range heaps of a query are merged at the end. On CPUs with AVX-512 the dots come
// from the kernels in dense_kernels.cpp (register tiles of 12 queries x 32 rows for
// batches, a fused matrix-vector pass for one query), and only dots above a query's
// current k-th best reach its heap. Elsewhere they come from Eigen matrix products of 64
// queries x 1024 rows. The (persistence) file functions are in the io layer:
// src/io/dense_index_file.cpp.
#include "scoutmatch/index/dense_index.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <Eigen/Core>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <unordered_set>

#include "index/dense_kernels.hpp"
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
  /// The key an entry must exceed to enter: the worst kept key once k are kept, else -inf.
  /// (Rows arrive in increasing order within a task, so an equal key never enters.)
  float threshold() const noexcept {
    return heap_.size() < k_ ? -std::numeric_limits<float>::infinity() : heap_.front().key;
  }

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

// Precision::split: row r's float32 values from its two planes.
void join_rows(const std::uint16_t* hi, const std::int16_t* lo, std::size_t rows, std::size_t dim,
               std::size_t stride, float* out) noexcept {
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t j = 0; j < dim; ++j)
      out[r * dim + j] = detail::dense::join_f32(hi[r * stride + j], lo[r * stride + j]);
}

// Precision::split: how far a row's float32 score (kd::dots of q and x, as the f32 index
// computes it) can lie from the score of its high plane h (kd::dots_bf16_as_f32 of q and
// h): at most split_relative(dim) * |q| * |x| + split_absolute(dim) * (|q| + 1).
//  - |x_i - h_i| <= 2^-8 |x_i| (2^-134 for subnormals; split_f32), so
//    |q.x - q.h| <= 2^-8 sum |q_i x_i| + 2^-134 sum |q_i|;
//  - each float32 sum of d products (FMA chains and their final additions, in any order)
//    is off its exact value by at most gamma_d sum |q_i x_i| (gamma_d = d u / (1 - d u),
//    u = 2^-24), and sum |q_i h_i| <= (1 + 2^-8) sum |q_i x_i|; underflow adds at most
//    2^-149 per operation;
//  - sum |q_i x_i| <= |q| |x| (Cauchy-Schwarz), and the stored norms are off by at most
//    gamma_d relative.
// The factor 1.02 covers the norms' rounding and that of adding the slack to a score
// (2^-24 relative), which the search's test then only needs to compare.
double split_relative(std::size_t dim) noexcept {
  const double u = std::ldexp(1.0, -24),
               gamma = static_cast<double>(dim) * u / (1.0 - static_cast<double>(dim) * u);
  return 1.02 * (std::ldexp(1.0, -8) + gamma * (2.0 + std::ldexp(1.0, -8)));
}
double split_absolute(std::size_t dim) noexcept {
  return std::ldexp(1.0, -120) * (std::sqrt(static_cast<double>(dim)) + 1.0);
}
// The same for batches through AMX tiles (TDPBF16PS): the query is rounded to bfloat16 too
// (|q_i - q~_i| <= 2^-8 |q_i|, so |q.x - q~.h| <= (2^-8 + 2^-8 (1 + 2^-8)) sum |q_i x_i|),
// the tile's sums round at most once per pair of products (<= gamma_d (1 + 2^-7) sum
// |q_i x_i|, taken as 2 gamma_d), and it treats subnormal inputs and results as zero: at
// most 2^-126 (|q| + |x|) per product and 2^-126 per step, covered by
// split_amx_absolute(dim) * (|q| + |x| + 1).
double split_amx_relative(std::size_t dim) noexcept {
  const double u = std::ldexp(1.0, -24),
               gamma = static_cast<double>(dim) * u / (1.0 - static_cast<double>(dim) * u);
  return 1.02 * (std::ldexp(1.0, -8) * (2.0 + std::ldexp(1.0, -8)) + gamma * 3.1);
}
double split_amx_absolute(std::size_t dim) noexcept {
  return std::ldexp(1.0, -124) * static_cast<double>(dim + 1);
}

// Scales v (not all zeros) to unit length for the cosine metric: by 1/|v| in float32 where
// |v|^2 is a normal float32 (as always), else (it overflows or underflows) through double,
// so that very large and very small vectors keep their direction.
void normalise(float* v, std::size_t dim) noexcept {
  const float s = squared_norm(v, dim);
  if (std::isnormal(s)) {
    const float inv = 1.0f / std::sqrt(s);
    for (std::size_t j = 0; j < dim; ++j) v[j] *= inv;
    return;
  }
  const double norm = detail::dense::norm_double(v, dim);
  for (std::size_t j = 0; j < dim; ++j) v[j] = static_cast<float>(v[j] / norm);
}

// |v| in double, as float32 (infinity where it overflows): for split's bound.
float norm_of(const float* v, std::size_t dim) noexcept {
  return static_cast<float>(detail::dense::norm_double(v, dim));
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

Precision precision_from_string(std::string_view name) {
  if (name == "f32" || name == "float32") return Precision::f32;
  if (name == "bf16" || name == "bfloat16") return Precision::bf16;
  if (name == "split") return Precision::split;
  throw invalid_argument("scoutmatch.dense.13", "unknown precision \"" + std::string(name) +
                                                    "\" (expected f32, bf16 or split)");
}

DenseIndex::DenseIndex(std::size_t dim, Metric metric, Precision precision)
    : dim_(dim), metric_(metric), precision_(precision) {
  if (dim < 1 || dim > dense_max_dim)
    throw invalid_argument("scoutmatch.dense.1", "dimension must be in 1.." +
                                                     std::to_string(dense_max_dim) + ", got " +
                                                     std::to_string(dim));
  if (static_cast<std::uint8_t>(metric) > 2)
    throw invalid_argument("scoutmatch.dense.8", "unknown metric");
  if (static_cast<std::uint8_t>(precision) > 2)
    throw invalid_argument("scoutmatch.dense.13", "unknown precision");
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
      if (std::all_of(v.data() + r * dim_, v.data() + (r + 1) * dim_,
                      [](float x) { return x == 0.0f; }))
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
  if (precision_ == Precision::split && metric_ != Metric::cosine)  // (unit vectors all fit)
    for (std::size_t i = 0; i < vectors.size(); ++i) {
      std::uint16_t hi;
      std::int16_t lo;
      if (!detail::dense::split_f32(vectors[i], hi, lo))
        throw invalid_argument("scoutmatch.dense.15",
                               "vector " + std::to_string(i / dim_) + " has the value " +
                                   std::to_string(vectors[i]) + " at position " +
                                   std::to_string(i % dim_) +
                                   ": precision split holds magnitudes below 3.39e38 only");
    }
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
  // Grow by at least 1/16 (not the vector's usual 2x), so that the spare capacity stays
  // small next to the matrix while repeated add() calls still copy O(1) times per float.
  if (ids_.size() + n > ids_.capacity()) {
    ids_.reserve(std::max(ids_.size() + n, ids_.size() + ids_.size() / 16));
    sq_norms_.reserve(ids_.capacity());
  }
  rows_.reserve(ids_.size() + n);
  sq_norms_.resize(old + n);
  if (precision_ == Precision::bf16) {
    const std::size_t stride = bf16_stride();
    if (bf16_.size() + n * stride > bf16_.capacity()) {
      bf16_.reserve(std::max(bf16_.size() + n * stride, bf16_.size() + bf16_.size() / 16));
      detail::dense::advise_huge_pages(bf16_.data(), bf16_.capacity() * sizeof(std::uint16_t));
    }
    bf16_.resize((old + n) * stride, 0);
    std::vector<float> v(dim_);
    for (std::size_t r = old; r < old + n; ++r) {
      std::copy_n(vectors.data() + (r - old) * dim_, dim_, v.begin());
      if (metric_ == Metric::cosine) normalise(v.data(), dim_);
      std::uint16_t* out = bf16_.data() + r * stride;
      for (std::size_t j = 0; j < dim_; ++j) {
        out[j] = detail::dense::to_bf16(v[j]);
        v[j] = detail::dense::from_bf16(out[j]);
      }
      sq_norms_[r] = squared_norm(v.data(), dim_);
    }
  }
  if (precision_ == Precision::split) {
    // The high plane (bf16_) and the low one (lo_), rows of bf16_stride() values each.
    const std::size_t stride = bf16_stride();
    if (bf16_.size() + n * stride > bf16_.capacity()) {
      const std::size_t cap = std::max(bf16_.size() + n * stride, bf16_.size() + bf16_.size() / 16);
      bf16_.reserve(cap);
      lo_.reserve(cap);
      norms_.reserve(ids_.capacity());
      detail::dense::advise_huge_pages(bf16_.data(), bf16_.capacity() * sizeof(std::uint16_t));
      detail::dense::advise_huge_pages(lo_.data(), lo_.capacity() * sizeof(std::int16_t));
    }
    bf16_.resize((old + n) * stride, 0);
    lo_.resize((old + n) * stride, 0);
    norms_.resize(old + n);
    std::vector<float> v(dim_);
    for (std::size_t r = old; r < old + n; ++r) {
      std::copy_n(vectors.data() + (r - old) * dim_, dim_, v.begin());
      if (metric_ == Metric::cosine) normalise(v.data(), dim_);
      for (std::size_t j = 0; j < dim_; ++j)
        detail::dense::split_f32(v[j], bf16_[r * stride + j], lo_[r * stride + j]);  // checked
      sq_norms_[r] = squared_norm(v.data(), dim_);
      norms_[r] = norm_of(v.data(), dim_);
    }
  }
  if (precision_ == Precision::f32) {
    if (data_.size() + vectors.size() > data_.capacity()) {
      data_.reserve(std::max(data_.size() + vectors.size(), data_.size() + data_.size() / 16));
      detail::dense::advise_huge_pages(data_.data(), data_.capacity() * sizeof(float));
    }
    data_.insert(data_.end(), vectors.begin(), vectors.end());
    for (std::size_t r = old; r < old + n; ++r) {
      float* v = data_.data() + r * dim_;
      if (metric_ == Metric::cosine) normalise(v, dim_);
      sq_norms_[r] = squared_norm(v, dim_);
    }
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
  const std::size_t stride = bf16_stride();
  for (std::size_t r = 0; r < size(); ++r) {
    if (drop[r]) continue;
    if (w != r) {
      if (precision_ != Precision::f32)
        std::copy_n(bf16_.begin() + static_cast<std::ptrdiff_t>(r * stride), stride,
                    bf16_.begin() + static_cast<std::ptrdiff_t>(w * stride));
      if (precision_ == Precision::split) {
        std::copy_n(lo_.begin() + static_cast<std::ptrdiff_t>(r * stride), stride,
                    lo_.begin() + static_cast<std::ptrdiff_t>(w * stride));
        norms_[w] = norms_[r];
      }
      if (precision_ == Precision::f32)
        std::copy_n(data_.begin() + static_cast<std::ptrdiff_t>(r * dim_), dim_,
                    data_.begin() + static_cast<std::ptrdiff_t>(w * dim_));
      sq_norms_[w] = sq_norms_[r];
      ids_[w] = ids_[r];
    }
    ++w;
  }
  if (precision_ == Precision::f32) {
    data_.resize(w * dim_);
  } else {
    bf16_.resize(w * stride);
    if (precision_ == Precision::split) {
      lo_.resize(w * stride);
      norms_.resize(w);
    }
  }
  sq_norms_.resize(w);
  ids_.resize(w);
  rebuild_rows();
}

std::size_t DenseIndex::memory_bytes() const noexcept {
  // The hash map's nodes (id, row and a next pointer, rounded up by the allocator) and
  // its bucket array.
  constexpr std::size_t node = 32;
  return data_.capacity() * sizeof(float) + bf16_.capacity() * sizeof(std::uint16_t) +
         lo_.capacity() * sizeof(std::int16_t) + norms_.capacity() * sizeof(float) +
         sq_norms_.capacity() * sizeof(float) + ids_.capacity() * sizeof(std::int64_t) +
         rows_.size() * node + rows_.bucket_count() * sizeof(void*) + sizeof(*this);
}

std::vector<float> DenseIndex::vector_at(std::size_t row) const {
  if (row >= size())
    throw invalid_argument("scoutmatch.dense.2", "row " + std::to_string(row) + " is not below " +
                                                     std::to_string(size()));
  std::vector<float> v(dim_);
  const std::size_t at = row * bf16_stride();
  for (std::size_t j = 0; j < dim_; ++j)
    v[j] = precision_ == Precision::bf16    ? detail::dense::from_bf16(bf16_[at + j])
           : precision_ == Precision::split ? detail::dense::join_f32(bf16_[at + j], lo_[at + j])
                                            : data_[row * dim_ + j];
  return v;
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
      normalise(normalised.data() + i * dim_, dim_);
    }
    qdata = normalised.data();
  }
  // bf16: every path scores the query rounded to bfloat16 (held as float32 here).
  const bool bf16 = precision_ == Precision::bf16;
  const std::size_t stride = bf16_stride();
  std::vector<float> rounded;
  if (bf16) {
    rounded.resize(n * dim_);
    for (std::size_t j = 0; j < n * dim_; ++j)
      rounded[j] = detail::dense::from_bf16(detail::dense::to_bf16(qdata[j]));
    qdata = rounded.data();
  }
  const bool native_bf16 = bf16 && detail::dense::use_avx512_bf16();
  // split: |q| of each query, for the bound of the single-query pass.
  const bool split = precision_ == Precision::split;
  std::vector<float> q_norm;
  if (split) {
    q_norm.resize(n);
    for (std::size_t i = 0; i < n; ++i) q_norm[i] = norm_of(qdata + i * dim_, dim_);
  }
  // Batches of a bf16 index through AMX tiles where the CPU has them (and the K steps of 16
  // pairs fit the stored rows exactly).
  const bool amx = native_bf16 && n >= 2 && (stride / 2) % detail::dense::amx_pairs == 0 &&
                   detail::dense::use_amx_bf16();
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
  const bool fast = metric_ != Metric::l2;  // the kernel tests dots against the k-th best
  // split batches (ip, cosine) through the same AMX tiles over the high plane, the rows
  // whose bound (split_amx_relative) reaches a query's k-th best scored again with the
  // float32 tile's own chain of FMAs (so with the float32 batch's bits).
  const bool amx_split = split && fast && n >= 2 && (stride / 2) % detail::dense::amx_pairs == 0 &&
                         detail::dense::use_avx512_bf16() && detail::dense::use_amx_bf16();

  // One task's share of the SIMD search (AVX-512 or AVX2): queries [i0, i1) against rows [r_begin,
  // r_end), the best k of each query into `out` (one entry list per query). split batches through
  // AMX: per (query, row part) the lower bound L of the part's k-th best float32 score (see the AMX
  // branch below); the parts' candidates are scored in float32 only after all parts, above the
  // largest L of the query (split_merge).
  std::vector<float> split_lows;
  std::size_t split_row_parts = 1;
  auto simd_task = [&](std::size_t i0, std::size_t i1, std::size_t part, std::size_t r_begin,
                       std::size_t r_end, const std::vector<float>& qpack,
                       const std::vector<std::uint32_t>& qpack16,
                       const std::vector<std::uint16_t>& q16, std::vector<Entry>* out) {
    namespace kd = detail::dense;
    std::vector<TopK> heaps(i1 - i0, TopK(k));
    // Per query: push only dots above this (the k-th best key so far; -inf until k found).
    std::vector<float> thr(i1 - i0 + kd::tile_queries, -std::numeric_limits<float>::infinity());
    auto push = [&](std::size_t i, std::size_t r, float dot) {
      if (!ok.empty() && !ok[r]) return;
      const float score = metric_ == Metric::l2 ? l2_from_dot(q_sq[i], sq_norms_[r], dot) : dot;
      TopK& h = heaps[i - i0];
      h.push({to_key(metric_, score), static_cast<std::uint32_t>(r)});
      if (fast) thr[i - i0] = h.threshold();
    };
    if (n < 2) {
      // Single query: a memory-bound pass of matrix-vector products over L2-sized chunks.
      // (Only for a search of one: a batch's chunk of one query takes the tiles, so that
      // a query's scores do not depend on how the batch was split.)
      constexpr std::size_t chunk = 256;
      std::vector<float> dots(chunk);
      if (split) {
        // Only the high plane is read: each row's bfloat16 score plus its bound
        // (split_relative) is an upper bound of its float32 score, and only the rows whose
        // bound reaches the k-th best key so far are scored again in float32, with the
        // float32 index's kernel (so with its bits).
        const float rel = static_cast<float>(split_relative(dim_));
        const float abs = static_cast<float>(split_absolute(dim_));
        std::vector<float> row(dim_);
        for (std::size_t r0 = r_begin; r0 < r_end; r0 += chunk) {
          const std::size_t len = std::min(chunk, r_end - r0);
          for (std::size_t i = i0; i < i1; ++i) {
            const float* q = qdata + i * dim_;
            kd::dots_bf16_as_f32(q, bf16_.data() + r0 * stride, len, dim_, stride, dots.data());
            TopK& h = heaps[i - i0];
            const float slack_q = rel * q_norm[i], floor_q = abs * (q_norm[i] + 1.0f);
            for (std::size_t j = 0; j < len; ++j) {
              const std::size_t r = r0 + j;
              if (!ok.empty() && !ok[r]) continue;
              const float bound = dots[j] + (slack_q * norms_[r] + floor_q);
              const float key_bound =
                  metric_ == Metric::l2 ? -l2_from_dot(q_sq[i], sq_norms_[r], bound) : bound;
              if (!(key_bound > h.threshold())) continue;
              join_rows(bf16_.data() + r * stride, lo_.data() + r * stride, 1, dim_, stride,
                        row.data());
              float dot;
              kd::dots(q, row.data(), 1, dim_, &dot);
              if (!fast || dot > h.threshold()) push(i, r, dot);
            }
          }
        }
        for (std::size_t i = i0; i < i1; ++i) out[i - i0] = std::move(heaps[i - i0].entries());
        return;
      }
      for (std::size_t r0 = r_begin; r0 < r_end; r0 += chunk) {
        const std::size_t len = std::min(chunk, r_end - r0);
        for (std::size_t i = i0; i < i1; ++i) {
          if (native_bf16)
            kd::dots_bf16_avx512(q16.data() + i * stride, bf16_.data() + r0 * stride, len, stride,
                                 dots.data());
          else if (bf16)
            kd::dots_bf16_as_f32(qdata + i * dim_, bf16_.data() + r0 * stride, len, dim_,
                                        stride, dots.data());
          else
            kd::dots(qdata + i * dim_, data_.data() + r0 * dim_, len, dim_, dots.data());
          for (std::size_t j = 0; j < len; ++j)
            if (!fast || dots[j] > thr[i - i0]) push(i, r0 + j, dots[j]);
        }
      }
    } else {
      // Register tiles of 12 queries x 32 rows over blocks of rows packed once per task
      // block (L2-sized), the packed queries streaming through L1.
      // 384 KB of packed rows (256 at dim 384), whole panels, at least one.
      const std::size_t block_rows =
          std::clamp<std::size_t>((96 * 1024 / dim_) / kd::tile_rows, 1, 8) * kd::tile_rows;
      const std::size_t g0 = i0 / kd::tile_queries,
                        g1 = (i1 + kd::tile_queries - 1) / kd::tile_queries;
      const std::size_t pairs = stride / 2;
      if (amx || amx_split) {
        // The stored rows as the tile's left operand (32 at a time, read in place: no
        // packing), the queries as its right one (qpack16 in groups of 32, i0 a multiple
        // of 32: [group][pair][32], i.e. [group][step][16 pairs][32]).
        const std::size_t steps = pairs / kd::amx_pairs, nq = i1 - i0, qg = (nq + 31) / 32;
        const std::uint32_t* qb = qpack16.data() + i0 * pairs;
        alignas(64) float c[32 * 32];
        std::uint32_t masks[32];
        float thr32[32];
        std::vector<std::uint16_t> padded;
        // split: each row's bfloat16 score a gives an interval [a - e, a + e] (e its bound,
        // split_amx_relative) that holds its float32 score. Per query, `lower` keeps the k
        // best a - e: its k-th, L, is a lower bound of the final k-th best float32 score, so
        // rows with a + e <= L can never enter. Rows above L are the candidates (keys
        // a + e), handed out with L; split_merge scores them in float32 after all parts.
        const float rel = amx_split ? static_cast<float>(split_amx_relative(dim_)) : 0.0f;
        const float abs = amx_split ? static_cast<float>(split_amx_absolute(dim_)) : 0.0f;
        auto slack = [&](float qn, float xn) { return rel * qn * xn + abs * (qn + xn + 1.0f); };
        std::vector<TopK> lower(amx_split ? nq : 0, TopK(k));
        std::vector<float> low_thr(amx_split ? nq : 0, -std::numeric_limits<float>::infinity());
        std::vector<std::vector<Entry>> cand(amx_split ? nq : 0);
        kd::amx_begin();
        for (std::size_t r0 = r_begin; r0 < r_end; r0 += 32) {
          const std::size_t valid = std::min<std::size_t>(32, r_end - r0);
          const std::uint16_t* x = bf16_.data() + r0 * stride;
          if (valid < 32) {
            padded.assign(32 * stride, 0);
            std::copy(x, x + valid * stride, padded.begin());
            x = padded.data();
          }
          float max_norm = 0;  // split: the tile's test uses the panel's largest |x|
          if (amx_split)
            for (std::size_t r = 0; r < valid; ++r) max_norm = std::max(max_norm, norms_[r0 + r]);
          for (std::size_t g = 0; g < qg; ++g) {
            for (std::size_t j = 0; j < 32; ++j) {
              const std::size_t qi = g * 32 + j;
              thr32[j] = qi >= nq    ? std::numeric_limits<float>::infinity()
                         : amx_split ? low_thr[qi] - slack(q_norm[i0 + qi], max_norm)
                                     : thr[qi];
            }
            if (!kd::tile_bf16_amx_rows(x, stride * sizeof(std::uint16_t), qb + g * 32 * pairs,
                                        steps, thr32, !fast, c, masks))
              continue;
            for (std::size_t r = 0; r < valid; ++r)
              for (std::uint32_t m = masks[r]; m != 0; m &= m - 1) {
                const auto j = static_cast<std::size_t>(std::countr_zero(m));
                if (g * 32 + j >= nq) continue;
                const std::size_t i = i0 + g * 32 + j;
                const float dot = c[r * 32 + j];
                if (amx_split) {
                  const std::size_t qi = i - i0, rr = r0 + r;
                  if (!ok.empty() && !ok[rr]) continue;
                  const float e = slack(q_norm[i], norms_[rr]);
                  lower[qi].push({dot - e, static_cast<std::uint32_t>(rr)});
                  low_thr[qi] = lower[qi].threshold();
                  if (dot + e > low_thr[qi])
                    cand[qi].push_back({dot + e, static_cast<std::uint32_t>(rr)});
                  continue;
                }
                if (!fast || dot > thr[i - i0]) push(i, r0 + r, dot);
              }
          }
        }
        kd::amx_end();
        if (amx_split) {
          for (std::size_t qi = 0; qi < nq; ++qi) {
            std::vector<Entry>& kept = out[qi];
            kept.clear();
            for (const Entry& e : cand[qi])
              if (e.key > low_thr[qi]) kept.push_back(e);
            split_lows[(i0 + qi) * split_row_parts + part] = low_thr[qi];
          }
          return;
        }
        for (std::size_t i = i0; i < i1; ++i) out[i - i0] = std::move(heaps[i - i0].entries());
        return;
      }
      std::vector<float> xpack(native_bf16 ? 0 : block_rows * dim_);
      std::vector<float> joined(split ? kd::tile_rows * dim_ : 0);  // split: float32 rows
      std::vector<std::uint32_t> xpack16(native_bf16 ? block_rows * pairs : 0);
      float c[kd::tile_queries * kd::tile_rows];
      std::uint32_t masks[kd::tile_queries];
      std::vector<float> thr_tile(kd::tile_queries);
      for (std::size_t r0 = r_begin; r0 < r_end; r0 += block_rows) {
        const std::size_t r1 = std::min(r_end, r0 + block_rows);
        const std::size_t panels = (r1 - r0 + kd::tile_rows - 1) / kd::tile_rows;
        for (std::size_t p = 0; p < panels; ++p) {
          const std::size_t first = r0 + p * kd::tile_rows;
          const std::size_t count = std::min(kd::tile_rows, r1 - first);
          if (native_bf16)
            kd::pack_rows_bf16(bf16_.data() + first * stride, count, stride,
                               xpack16.data() + p * kd::tile_rows * pairs);
          else if (bf16)
            kd::pack_rows_bf16_as_f32(bf16_.data() + first * stride, count, dim_, stride,
                                      xpack.data() + p * kd::tile_rows * dim_);
          else if (split) {
            join_rows(bf16_.data() + first * stride, lo_.data() + first * stride, count, dim_,
                      stride, joined.data());
            kd::pack_rows(joined.data(), count, dim_, xpack.data() + p * kd::tile_rows * dim_);
          } else
            kd::pack_rows(data_.data() + first * dim_, count, dim_,
                          xpack.data() + p * kd::tile_rows * dim_);
        }
        for (std::size_t g = g0; g < g1; ++g) {
          const float* qp = native_bf16 ? nullptr : qpack.data() + g * kd::tile_queries * dim_;
          const std::uint32_t* qp16 =
              native_bf16 ? qpack16.data() + g * kd::tile_queries * pairs : nullptr;
          const std::size_t qa = g * kd::tile_queries, qb = std::min(i1, qa + kd::tile_queries);
          for (std::size_t i = 0; i < kd::tile_queries; ++i)
            thr_tile[i] = qa + i < qb ? thr[qa + i - i0] : std::numeric_limits<float>::infinity();
          for (std::size_t p = 0; p < panels; ++p) {
            const bool any =
                native_bf16 ? kd::tile_bf16_avx512(qp16, xpack16.data() + p * kd::tile_rows * pairs,
                                                   pairs, thr_tile.data(), !fast, c, masks)
                            : kd::tile(qp, xpack.data() + p * kd::tile_rows * dim_, dim_,
                                       thr_tile.data(), !fast, c, masks);
            if (!any) continue;
            const std::size_t rb = r0 + p * kd::tile_rows;
            const std::size_t valid = std::min(kd::tile_rows, r1 - rb);
            const std::uint32_t valid_mask =
                valid == 32 ? 0xffffffffu : (std::uint32_t{1} << valid) - 1u;
            for (std::size_t i = qa; i < qb; ++i) {
              std::uint32_t m = masks[i - qa] & valid_mask;
              while (m) {
                const auto j = static_cast<unsigned>(std::countr_zero(m));
                m &= m - 1;
                const float dot = c[(i - qa) * kd::tile_rows + j];
                // The threshold may have risen within this tile.
                if (!fast || dot > thr[i - i0]) push(i, rb + j, dot);
              }
              thr_tile[i - qa] = thr[i - i0];
            }
          }
        }
      }
    }
    for (std::size_t i = i0; i < i1; ++i) out[i - i0] = std::move(heaps[i - i0].entries());
  };

  // split through AMX: `parts` holds each (query, row part)'s candidates (key: the bound
  // a + e of their float32 score, rows ascending) and split_lows its L. Per query, the
  // candidates above the largest L are rebuilt in float32 and scored with the tile's chain
  // of FMAs (the float32 batch's bits), best k by better(), as the float32 search.
  auto split_merge = [&](std::vector<std::vector<Entry>>& parts, std::size_t row_parts) {
    namespace kd = detail::dense;
    tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) {
      float low = -std::numeric_limits<float>::infinity();
      for (std::size_t p = 0; p < row_parts; ++p)
        low = std::max(low, split_lows[i * row_parts + p]);
      std::vector<std::uint32_t> rows_in;
      for (std::size_t p = 0; p < row_parts; ++p)  // parts in row order, rows ascending in each
        for (const Entry& e : parts[i * row_parts + p])
          if (e.key > low) rows_in.push_back(e.row);
      TopK heap(k);
      std::vector<float> xp(dim_ * kd::tile_rows);
      float exact[kd::tile_rows];
      for (std::size_t t0 = 0; t0 < rows_in.size(); t0 += kd::tile_rows) {
        const std::size_t count = std::min(kd::tile_rows, rows_in.size() - t0);
        for (std::size_t t = 0; t < count; ++t) {
          const std::uint16_t* hi = bf16_.data() + rows_in[t0 + t] * stride;
          const std::int16_t* lo = lo_.data() + rows_in[t0 + t] * stride;
          for (std::size_t d = 0; d < dim_; ++d)
            xp[d * kd::tile_rows + t] = kd::join_f32(hi[d], lo[d]);
        }
        kd::dot_chains(qdata + i * dim_, xp.data(), count, dim_, exact);
        for (std::size_t t = 0; t < count; ++t)
          if (exact[t] > heap.threshold()) heap.push({exact[t], rows_in[t0 + t]});
      }
      write_results(metric_, heap.entries(), k, ids_, scores + i * k, ids + i * k);
    });
  };

  // Every n-th entry list of `parts` holds one query's best k in one row range: merge them.
  auto merge_parts = [&](std::vector<std::vector<Entry>>& parts, std::size_t row_parts) {
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

  // The portable path: Eigen products of 64 queries x 1024 rows and a heap per query.
  auto eigen_search = [&](std::size_t workers) {
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
      std::vector<float> decoded(bf16 || split ? row_block * dim_ : 0);  // bf16, split rows
      const ConstRowMap q(qdata + q0 * dim_, static_cast<Eigen::Index>(q1 - q0),
                          static_cast<Eigen::Index>(dim_));
      for (std::size_t r0 = r_begin; r0 < r_end; r0 += row_block) {
        const std::size_t r1 = std::min(r_end, r0 + row_block);
        if (bf16)
          for (std::size_t r = r0; r < r1; ++r)
            for (std::size_t j = 0; j < dim_; ++j)
              decoded[(r - r0) * dim_ + j] = detail::dense::from_bf16(bf16_[r * stride + j]);
        if (split)
          join_rows(bf16_.data() + r0 * stride, lo_.data() + r0 * stride, r1 - r0, dim_, stride,
                    decoded.data());
        const ConstRowMap x(bf16 || split ? decoded.data() : data_.data() + r0 * dim_,
                            static_cast<Eigen::Index>(r1 - r0), static_cast<Eigen::Index>(dim_));
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
    merge_parts(parts, row_parts);
  };

  auto body = [&] {
    const std::size_t workers =
        static_cast<std::size_t>(std::max(1, tbb::this_task_arena::max_concurrency()));
    if (detail::dense::use_simd()) {
      namespace kd = detail::dense;
      // Packed queries ([group][dim][12]), shared read-only by the tasks.
      const std::size_t groups = (n + kd::tile_queries - 1) / kd::tile_queries;
      std::vector<float> qpack;
      // native bf16: pairs of bf16 ([group][pair][width]; width 12, or 32 for AMX)
      std::vector<std::uint32_t> qpack16;
      std::vector<std::uint16_t> q16;  // native bf16, one query: stride values
      const std::size_t width = amx || amx_split ? 32 : kd::tile_queries;
      // (pack_queries_bf16 rounds split's float32 queries to bfloat16 itself.)
      if (n >= 2 && (native_bf16 || amx_split)) {
        const std::size_t pairs = stride / 2, packs = (n + width - 1) / width;
        qpack16.resize(packs * width * pairs);
        for (std::size_t g = 0; g < packs; ++g)
          kd::pack_queries_bf16(qdata + g * width * dim_, std::min(width, n - g * width), dim_,
                                stride, qpack16.data() + g * width * pairs, width);
      } else if (n >= 2) {
        qpack.resize(groups * kd::tile_queries * dim_);
        for (std::size_t g = 0; g < groups; ++g)
          kd::pack_queries(qdata + g * kd::tile_queries * dim_,
                           std::min(kd::tile_queries, n - g * kd::tile_queries), dim_,
                           qpack.data() + g * kd::tile_queries * dim_);
      } else if (native_bf16) {
        q16.assign(n * stride, 0);
        for (std::size_t i = 0; i < n; ++i)
          for (std::size_t j = 0; j < dim_; ++j)
            q16[i * stride + j] = kd::to_bf16(qdata[i * dim_ + j]);
      }
      // Tasks: row ranges (each read once per task), and query chunks when rows are few.
      const std::size_t row_parts =
          std::clamp<std::size_t>(rows / min_rows_per_task, 1, 4 * workers);
      std::size_t q_chunks = 1;
      if (n >= 2 && row_parts < 4 * workers)
        q_chunks = std::min(groups, (4 * workers + row_parts - 1) / row_parts);
      const std::size_t groups_per_chunk = (groups + q_chunks - 1) / q_chunks;
      // Query chunks start at a pack of qpack16 (AMX: packs of 32).
      std::size_t chunk_q = n >= 2 ? groups_per_chunk * kd::tile_queries : 1;
      if (amx || amx_split) chunk_q = (chunk_q + width - 1) / width * width;
      q_chunks = (n + chunk_q - 1) / chunk_q;
      const std::size_t part_rows = (rows + row_parts - 1) / row_parts;
      std::vector<std::vector<Entry>> parts(n * row_parts);
      if (amx_split) {
        split_lows.assign(n * row_parts, -std::numeric_limits<float>::infinity());
        split_row_parts = row_parts;
      }
      tbb::parallel_for(std::size_t{0}, q_chunks * row_parts, [&](std::size_t task) {
        const std::size_t qc = task / row_parts, p = task % row_parts;
        const std::size_t i0 = qc * chunk_q, i1 = std::min(n, i0 + chunk_q);
        const std::size_t r_begin = std::min(rows, p * part_rows);
        const std::size_t r_end = std::min(rows, r_begin + part_rows);
        std::vector<std::vector<Entry>> out(i1 - i0);
        simd_task(i0, i1, p, r_begin, r_end, qpack, qpack16, q16, out.data());
        for (std::size_t i = i0; i < i1; ++i) parts[i * row_parts + p] = std::move(out[i - i0]);
      });
      if (amx_split)
        split_merge(parts, row_parts);
      else
        merge_parts(parts, row_parts);
      return;
    }
    eigen_search(workers);
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
    if (metric_ == Metric::cosine) normalise(q.data(), dim_);
    if (precision_ == Precision::bf16)
      for (float& v : q) v = detail::dense::from_bf16(detail::dense::to_bf16(v));
    const float q_sq = squared_norm(q.data(), dim_);
    std::vector<Entry> all;
    for (std::size_t r = 0; r < size(); ++r) {
      float dot = 0;
      if (precision_ == Precision::bf16) {
        for (std::size_t j = 0; j < dim_; ++j)
          dot += q[j] * detail::dense::from_bf16(bf16_[r * bf16_stride() + j]);
      } else if (precision_ == Precision::split) {
        const std::vector<float> x = vector_at(r);
        for (std::size_t j = 0; j < dim_; ++j) dot += q[j] * x[j];
      } else {
        for (std::size_t j = 0; j < dim_; ++j) dot += q[j] * data_[r * dim_ + j];
      }
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
