#pragma once
/// \file dense_index.hpp
/// A flat, exact index of dense float32 vectors (for embeddings that users bring): every
/// query is compared with every stored vector, so results are exact and equal to brute
/// force. On CPUs with AVX-512 or AVX2 + FMA (chosen at run time; the build stays
/// portable) the scores
/// come from hand-written kernels: register tiles of 12 queries x 32 vectors for batches,
/// a fused matrix-vector pass for a single query, and only scores above a query's current
/// k-th best reach its top-k heap. Elsewhere they come from Eigen matrix products. The
/// summation order differs from search_brute_force(), so scores may differ in the last
/// bits on inexact data. Work runs in parallel with oneTBB inside a `tbb::task_arena` of
/// the caller's size. Memory (memory_bytes()): the vectors (n * dim floats, contiguous),
/// plus per vector an id, a squared norm and an id -> row hash entry (about 50 bytes:
/// 1.03x the raw float32 matrix at dim 384), plus at most 1/16 of spare capacity after
/// repeated add() calls. With Precision::bf16 the vectors take n * dim 2-byte values
/// (0.53x the raw float32 matrix at dim 384, all included) and no float32 copy is kept;
/// with Precision::split the float32 values are kept exactly, as two 16-bit planes (the
/// same bytes as float32, plus a norm per vector), so that single queries read half of them.
///
///     DenseIndex ix(384, Metric::cosine);
///     ix.add(vectors, n);                         // ids 0..n-1
///     std::vector<float> scores(q * 10);
///     std::vector<std::int64_t> ids(q * 10);
///     ix.search(queries, q, 10, scores.data(), ids.data());
///
/// Errors (all derive from scoutmatch::error):
///   - `[scoutmatch.dense.1]` invalid_argument: dimension not in 1..65536
///   - `[scoutmatch.dense.2]` invalid_argument: a buffer of the wrong size (vectors, ids)
///   - `[scoutmatch.dense.3]` invalid_argument: NaN or infinity in a vector or query
///   - `[scoutmatch.dense.4]` invalid_argument: an id given twice, or already in the index
///   - `[scoutmatch.dense.5]` not_found: remove() of an id the index does not hold
///   - `[scoutmatch.dense.6]` invalid_argument: k not in 1..max_k, threads above 4096
///   - `[scoutmatch.dense.7]` invalid_argument: an all-zero vector or query with Metric::cosine
///   - `[scoutmatch.dense.8]` invalid_argument: an unknown metric name
///   - `[scoutmatch.dense.9]` invalid_argument: more than 2^31 - 1 vectors in the index
///   - `[scoutmatch.dense.10]` invalid_argument: a negative id (-1 marks padding in results)
///   - `[scoutmatch.dense.11]` invalid_argument: all_pairs_topk() of indexes of different
///   dimensions
///   - `[scoutmatch.dense.12]` invalid_argument: all_pairs_topk() of indexes with different metrics
///   - `[scoutmatch.dense.13]` invalid_argument: an unknown precision name
///   - `[scoutmatch.dense.14]` invalid_argument: all_pairs_topk() of a Precision::bf16 index
///   - `[scoutmatch.dense.15]` invalid_argument: with Precision::split, a value of magnitude
///     3.39e38 or more (within 2^-9 of the largest float32), which the split cannot hold
///   - files: file_error `[scoutmatch.io.file.N]` and format_error `[scoutmatch.io.format.1..6]`
///     as for profile index files (see docs/ERRORS.md)

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace scoutmatch {

/// How a DenseIndex compares vectors.
enum class Metric : std::uint8_t {
  ip = 0,      ///< inner product q·x; higher is better
  cosine = 1,  ///< cosine similarity in [-1, 1]; higher is better (vectors normalised on add)
  l2 = 2,      ///< squared Euclidean distance |q-x|²; LOWER is better (like FAISS)
};

/// "ip", "cosine" or "l2".
constexpr std::string_view to_string(Metric m) noexcept {
  return m == Metric::ip ? "ip" : m == Metric::cosine ? "cosine" : "l2";
}

/// Parses "ip", "cosine" or "l2"; throws invalid_argument [scoutmatch.dense.8] otherwise.
Metric metric_from_string(std::string_view name);

/// How a DenseIndex stores its vectors (and so the precision of its scores).
///
/// With `bf16` the vectors are stored as bfloat16 (the upper 16 bits of a float32, rounded
/// to nearest even on add(): 8 significant bits, the float32 exponent range), half the
/// bytes of float32; queries are rounded to bfloat16 too. Scores are exact sums (in float32)
/// of the bfloat16 products, so they differ from the float32 scores by about 2^-8 relative
/// per term; on embedding-like unit vectors of dimension 384 the top 10 overlap the float32
/// top 10 by about 99% (tests/cpp/test_dense_index.cpp checks >= 0.99). Search is exact
/// for the stored (rounded) values: equal to search_brute_force() up to summation order.
/// On CPUs with AVX512_BF16 (chosen at run time) the dots come from vdpbf16ps, and batches
/// of queries (2 or more) from AMX tiles (TDPBF16PS) where the CPU also has AMX-BF16 (Intel
/// Xeon since Sapphire Rapids), the operating system grants the tile state and dim() is a
/// multiple of 32; elsewhere the bfloat16 values are widened to float32 (exactly) and use
/// the float32 kernels. All give the same results up to float rounding (the order of the
/// float32 additions differs between them).
///
/// With `split` the float32 values are stored exactly, but as two planes of 16-bit halves:
/// the high plane holds each value rounded to bfloat16 (8 significant bits, ties away from
/// zero), the low plane the exact int16 difference of the float32 bits from it. A single
/// query reads only the high plane (half the bytes of float32: this pass is bound by memory
/// bandwidth), bounds each vector's float32 score from its bfloat16 score (the rounding
/// moves a dot by at most 2^-8 |q| |x|, plus the float sums' own rounding), and scores the
/// vectors whose bound reaches the current k-th best again in float32 from both planes with
/// the float32 index's own kernel. Results (scores and ids) are therefore the same as with
/// `f32` (tests compare them bit for bit). Batches of ip and cosine searches on CPUs with
/// AMX-BF16 (dim() a multiple of 32) run the bf16 index's AMX tiles over the high plane
/// (queries rounded to bfloat16 for the tiles, a bound twice as wide), keep per query the
/// rows whose interval can still reach the k-th best, and score the few left at the end in
/// float32 with the float32 tile's own chain of FMAs: the float32 batch's results at about
/// the bf16 batch's speed. Other batches rebuild the float32 rows and run the float32
/// kernels. Memory: as `f32` plus 4 bytes per vector. Values of magnitude >= 3.39e38
/// (which would round to infinity) are refused on add() ([scoutmatch.dense.15]).
enum class Precision : std::uint8_t {
  f32 = 0,    ///< float32 (the default): scores exact up to summation order
  bf16 = 1,   ///< bfloat16: half the memory, about 2x faster exact scan, approximate scores
  split = 2,  ///< float32 as two 16-bit planes: f32's results, single queries ~2x faster
              ///< (and batches ~2x with AMX)
};

/// "f32", "bf16" or "split".
constexpr std::string_view to_string(Precision p) noexcept {
  return p == Precision::bf16 ? "bf16" : p == Precision::split ? "split" : "f32";
}

/// Parses "f32" (or "float32"), "bf16" (or "bfloat16") and "split"; throws
/// invalid_argument [scoutmatch.dense.13] otherwise.
Precision precision_from_string(std::string_view name);

/// The largest dimension a DenseIndex accepts.
inline constexpr std::size_t dense_max_dim = 65536;

/// The dense index file format: a 32-byte header (magic "SMDENSE\x1a", format version,
/// flags 0, payload length, XXH64 of the payload), then the payload: dim (u64), metric
/// (u8), precision (u8, Precision; version 2 on), count n (u64), next automatic id (i64),
/// n ids (i64), then the vectors: n*dim floats (f32 and split: the exact float32 values),
/// or for Precision::bf16 n*dim bfloat16 values (u16), all little-endian. save() writes the
/// oldest version that holds the index: 1 (no precision byte) for float32, so that builds
/// before bfloat16 read it, and 2 for bfloat16 and split.
inline constexpr std::string_view dense_magic{"SMDENSE\x1a", 8};
/// Newest dense index format version (load() reads 1 and 2; save() writes 2 for bfloat16).
inline constexpr std::uint32_t dense_format_version = 2;

/// An exact (brute-force) index of float32 vectors of one dimension, each with an int64 id.
/// Not thread-safe for writing: add() and remove() need exclusive access; const member
/// functions (search, save, to_bytes) may run from many threads at once.
class DenseIndex {
 public:
  /// An index of `dim`-dimensional vectors (1..dense_max_dim) compared by `metric`, stored
  /// in `precision` (see Precision: bf16 halves the memory and the bytes a search reads).
  /// Throws invalid_argument [scoutmatch.dense.1] for a bad dimension.
  explicit DenseIndex(std::size_t dim = 1, Metric metric = Metric::ip,
                      Precision precision = Precision::f32);

  /// Adds `n` vectors stored row-major in `vectors` (n * dim() floats). `ids`: one id
  /// per vector, or empty to number them automatically (next_id(), next_id()+1, ...).
  /// Ids must be unique, in the call and in the index. The whole call is checked before
  /// anything is added (size, NaN/infinity, duplicates, cosine zero vectors), so a failed
  /// add() leaves the index unchanged. With Metric::cosine the stored copy is normalised.
  void add(std::span<const float> vectors, std::size_t n, std::span<const std::int64_t> ids = {});

  /// Removes the vectors with these ids; the others keep their order. Throws not_found
  /// [scoutmatch.dense.5] (and removes nothing) when an id is not in the index. O(size()·dim).
  void remove(std::span<const std::int64_t> ids);

  /// The best `k` vectors for each of `n` queries (row-major, n * dim() floats), written
  /// row-major into `scores` and `ids` (n * k each): best first; equal scores in the order
  /// the vectors were added. Where fewer than k vectors qualify, the row is padded with
  /// score NaN and id -1. `allowed`: when set, only vectors whose id is in it are
  /// candidates (ids not in the index are ignored). `threads`: workers of the task arena
  /// (0 = all cores). Throws invalid_argument for k out of 1..max_k [.6], a wrong buffer
  /// size [.2], NaN/infinity [.3] or a zero query with cosine [.7].
  void search(std::span<const float> queries, std::size_t n, std::size_t k, float* scores,
              std::int64_t* ids, std::size_t threads = 0,
              const std::vector<std::int64_t>* allowed = nullptr) const;

  /// The reference for tests: a plain loop of dot products per query and vector, with the
  /// same metric, order and padding as search(). Single-threaded. With Precision::bf16:
  /// of the bfloat16-rounded query and the stored bfloat16 values, summed in float32.
  void search_brute_force(std::span<const float> queries, std::size_t n, std::size_t k,
                          float* scores, std::int64_t* ids) const;

  /// Vector dimension.
  std::size_t dim() const noexcept { return dim_; }
  /// The metric.
  Metric metric() const noexcept { return metric_; }
  /// The storage precision.
  Precision precision() const noexcept { return precision_; }
  /// Number of stored vectors.
  std::size_t size() const noexcept { return ids_.size(); }
  /// True when a vector with `id` is stored.
  bool contains(std::int64_t id) const { return rows_.count(id) != 0; }
  /// The id the next automatically numbered vector gets (one past the largest id seen).
  std::int64_t next_id() const noexcept { return next_id_; }
  /// The stored ids, in insertion order.
  const std::vector<std::int64_t>& ids() const noexcept { return ids_; }
  /// The stored vectors, row-major size() * dim() (normalised for cosine). Empty for
  /// Precision::bf16 and Precision::split: see vectors_bf16() and vector_at().
  const std::vector<float>& vectors() const noexcept { return data_; }
  /// Precision::bf16 and Precision::split only (else empty): the stored bfloat16 values
  /// (for split, the high plane), row-major, each row bf16_stride() values (the last one 0
  /// when dim() is odd).
  const std::vector<std::uint16_t>& vectors_bf16() const noexcept { return bf16_; }
  /// Values per stored bfloat16 row: dim() rounded up to even.
  std::size_t bf16_stride() const noexcept { return (dim_ + 1) & ~std::size_t{1}; }
  /// The stored vector of row `row` (0..size()-1, insertion order) as float32 (for bf16
  /// the exact float32 value of each bfloat16, for split the exact stored float32). Throws
  /// invalid_argument [scoutmatch.dense.2] for a row out of range.
  std::vector<float> vector_at(std::size_t row) const;
  /// Bytes of memory the index holds (an estimate: the vectors' and ids' buffers with their
  /// spare capacity, the squared norms, and the id -> row hash map at 32 bytes a node).
  std::size_t memory_bytes() const noexcept;

  /// Writes the index atomically (temporary file + rename). Throws file_error.
  void save(const std::filesystem::path& path) const;
  /// Reads an index written by save(). Throws file_error and format_error.
  static DenseIndex load(const std::filesystem::path& path);
  /// The file's bytes (header and payload), for pickling.
  std::string to_bytes() const;
  /// An index from to_bytes() bytes. Throws format_error; `name` names the source in messages.
  static DenseIndex from_bytes(std::string_view bytes, const std::string& name = "<bytes>");

 private:
  void check_finite(std::span<const float> v, std::size_t n, const char* what) const;
  void rebuild_rows();
  std::size_t dim_;
  Metric metric_;
  Precision precision_ = Precision::f32;
  std::vector<float> data_;                               // f32: row-major, size() * dim_
  std::vector<std::uint16_t> bf16_;                       // bf16, split: size() * bf16_stride()
  std::vector<std::int16_t> lo_;                          // split: size() * bf16_stride()
  std::vector<float> norms_;                              // split: |x| per row
  std::vector<float> sq_norms_;                           // |x|² per row (for l2)
  std::vector<std::int64_t> ids_;                         // per row
  std::unordered_map<std::int64_t, std::uint32_t> rows_;  // id -> row
  std::int64_t next_id_ = 0;
};

}  // namespace scoutmatch
