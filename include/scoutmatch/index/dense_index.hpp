#pragma once
/// \file dense_index.hpp
/// A flat, exact index of dense float32 vectors (for embeddings that users bring): every
/// query is compared with every stored vector, so results are exact and equal to brute
/// force. On CPUs with AVX-512 (chosen at run time; the build stays portable) the scores
/// come from hand-written kernels: register tiles of 12 queries x 32 vectors for batches,
/// a fused matrix-vector pass for a single query, and only scores above a query's current
/// k-th best reach its top-k heap. Elsewhere they come from Eigen matrix products. The
/// summation order differs from search_brute_force(), so scores may differ in the last
/// bits on inexact data. Work runs in parallel with oneTBB inside a `tbb::task_arena` of
/// the caller's size. Memory (memory_bytes()): the vectors (n * dim floats, contiguous),
/// plus per vector an id, a squared norm and an id -> row hash entry (about 50 bytes:
/// 1.03x the raw float32 matrix at dim 384), plus at most 1/16 of spare capacity after
/// repeated add() calls.
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
///   - `[scoutmatch.dense.11]` invalid_argument: all_pairs_topk() of indexes of different dimensions
///   - `[scoutmatch.dense.12]` invalid_argument: all_pairs_topk() of indexes with different metrics
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

/// The largest dimension a DenseIndex accepts.
inline constexpr std::size_t dense_max_dim = 65536;

/// The dense index file format: a 32-byte header (magic "SMDENSE\x1a", format version,
/// flags 0, payload length, XXH64 of the payload), then the payload: dim (u64), metric
/// (u8), count n (u64), next automatic id (i64), n ids (i64), n*dim floats (f32), all
/// little-endian.
inline constexpr std::string_view dense_magic{"SMDENSE\x1a", 8};
/// Current dense index format version.
inline constexpr std::uint32_t dense_format_version = 1;

/// An exact (brute-force) index of float32 vectors of one dimension, each with an int64 id.
/// Not thread-safe for writing: add() and remove() need exclusive access; const member
/// functions (search, save, to_bytes) may run from many threads at once.
class DenseIndex {
 public:
  /// An index of `dim`-dimensional vectors (1..dense_max_dim) compared by `metric`.
  /// Throws invalid_argument [scoutmatch.dense.1] for a bad dimension.
  explicit DenseIndex(std::size_t dim = 1, Metric metric = Metric::ip);

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
  /// same metric, order and padding as search(). Single-threaded.
  void search_brute_force(std::span<const float> queries, std::size_t n, std::size_t k,
                          float* scores, std::int64_t* ids) const;

  /// Vector dimension.
  std::size_t dim() const noexcept { return dim_; }
  /// The metric.
  Metric metric() const noexcept { return metric_; }
  /// Number of stored vectors.
  std::size_t size() const noexcept { return ids_.size(); }
  /// True when a vector with `id` is stored.
  bool contains(std::int64_t id) const { return rows_.count(id) != 0; }
  /// The id the next automatically numbered vector gets (one past the largest id seen).
  std::int64_t next_id() const noexcept { return next_id_; }
  /// The stored ids, in insertion order.
  const std::vector<std::int64_t>& ids() const noexcept { return ids_; }
  /// The stored vectors, row-major size() * dim() (normalised for cosine).
  const std::vector<float>& vectors() const noexcept { return data_; }
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
  std::vector<float> data_;                               // row-major, size() * dim_
  std::vector<float> sq_norms_;                           // |x|² per row (for l2)
  std::vector<std::int64_t> ids_;                         // per row
  std::unordered_map<std::int64_t, std::uint32_t> rows_;  // id -> row
  std::int64_t next_id_ = 0;
};

}  // namespace scoutmatch
