#pragma once
/// \file hnsw_index.hpp
/// An approximate index of dense float32 vectors: a hierarchical navigable small-world graph
/// (HNSW) built by hnswlib (Debian's libhnswlib-dev, header-only), behind scoutmatch's own
/// interface, error ids, file format and threading. Results are approximate: recall@k
/// against DenseIndex grows with `ef` (see HnswSearchParams). hnswlib builds the graph;
/// the search loop (per-call ef, filters, no shared counters) and the distance kernels
/// (AVX-512 / AVX2+FMA chosen at run time, so portable builds are not SSE-only) are ours.
///
///     HnswIndex ix(384, Metric::cosine);           // M = 16, ef_construction = 200
///     ix.add(vectors, n);                          // ids 0..n-1, graph built in parallel
///     HnswSearchParams p;  p.ef = 128;
///     ix.search(queries, q, 10, scores.data(), ids.data(), p);
///
/// Filtered search (`HnswSearchParams::allowed`) keeps only vectors whose id is allowed.
/// With few allowed vectors the graph walk degrades (most neighbours are filtered out), so
/// below a measured switch point the index scans the allowed vectors exactly instead
/// (HnswFilterMode::automatic; see docs/PERFORMANCE.md).
///
/// Errors (all derive from scoutmatch::error):
///   - `[scoutmatch.hnsw.1]` invalid_argument: dimension not in 1..dense_max_dim
///   - `[scoutmatch.hnsw.2]` invalid_argument: a buffer of the wrong size (vectors, ids)
///   - `[scoutmatch.hnsw.3]` invalid_argument: NaN or infinity in a vector or query
///   - `[scoutmatch.hnsw.4]` invalid_argument: an id given twice, or already in the index
///   - `[scoutmatch.hnsw.5]` invalid_argument: a negative id (-1 marks padding in results)
///   - `[scoutmatch.hnsw.6]` invalid_argument: k not in 1..hnsw_max_ef, ef above hnsw_max_ef,
///     threads above 4096
///   - `[scoutmatch.hnsw.7]` invalid_argument: an all-zero vector or query with Metric::cosine
///   - `[scoutmatch.hnsw.8]` invalid_argument: HnswOptions out of range (M, ef_construction,
///     precision)
///   - `[scoutmatch.hnsw.9]` invalid_argument: more than hnsw_max_size vectors
///   - `[scoutmatch.hnsw.11]` invalid_argument: Precision::split and a value of magnitude
///     >= 3.39e38 (ip, l2)
///   - files: file_error `[scoutmatch.io.file.N]`, format_error `[scoutmatch.io.format.1..4]`
///     as for other index files, and format_error `[scoutmatch.hnsw.10]`: an inconsistent
///     graph (links outside the index, duplicate ids, bad levels)

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scoutmatch/index/dense_index.hpp"

namespace scoutmatch {

/// The largest number of vectors an HnswIndex holds (hnswlib numbers nodes with 32 bits).
inline constexpr std::size_t hnsw_max_size = (std::size_t{1} << 31) - 1;
/// The largest `ef` a search accepts.
inline constexpr std::size_t hnsw_max_ef = 65536;

/// Build-time choices of an HnswIndex (they shape the graph; fixed once the index exists).
struct HnswOptions {
  /// Graph degree: links per node on the upper layers (2·M on the bottom layer). 2..256,
  /// default 16. Larger M: better recall at a given ef, more memory, slower build.
  std::size_t M = 16;
  /// Candidate list size while inserting (hnswlib's efConstruction). 1..hnsw_max_ef,
  /// default 200. Larger: better graph, slower build.
  std::size_t ef_construction = 200;
  /// Seed of the level generator; with add(..., threads = 1) the graph is reproducible.
  std::uint64_t seed = 100;
  /// How the vectors are stored. Precision::f32 (the default): float32 in hnswlib's node
  /// block. Precision::split: each float32 kept exactly as two 16-bit halves (as in
  /// DenseIndex): the bfloat16 high half in the node block, which the graph walk (and the
  /// build) compares with, so a visited node costs half the bytes; the low half beside it,
  /// read only to score the walk's final ef candidates in float32. Same memory, reported
  /// scores float32; the walk ranks by bfloat16 distances, so results can differ from f32's
  /// in the way two builds differ (recall figures in docs/PERFORMANCE.md). Values of
  /// magnitude >= 3.39e38 are refused [scoutmatch.hnsw.11] (after normalisation for cosine:
  /// never). Precision::bf16 is not offered [.8].
  Precision precision = Precision::f32;
  /// Throws invalid_argument [scoutmatch.hnsw.8] when a field is out of range.
  void validate() const;
};

/// How a filtered search (HnswSearchParams::allowed) finds its candidates.
enum class HnswFilterMode : std::uint8_t {
  automatic = 0,  ///< exact scan when few vectors are allowed, graph walk otherwise
  graph = 1,      ///< always walk the graph, skipping disallowed vectors in the results
  exact = 2,      ///< always scan the allowed vectors exactly (results equal DenseIndex's)
};

/// Per-call choices of HnswIndex::search.
struct HnswSearchParams {
  /// Candidate list size of the bottom-layer search; raised to k when smaller. 0 (the
  /// default) means max(k, 64). Larger: higher recall, fewer queries per second.
  std::size_t ef = 0;
  /// Workers of the task arena (0 = all cores), at most 4096.
  std::size_t threads = 0;
  /// When set, only vectors whose id is in it are candidates (ids not in the index are
  /// ignored). Shared by all queries of the call.
  const std::vector<std::int64_t>* allowed = nullptr;
  /// How a filtered search runs; ignored without `allowed`.
  HnswFilterMode filter_mode = HnswFilterMode::automatic;
};

/// An approximate (HNSW graph) index of float32 vectors of one dimension, each with an
/// int64 id; scores as in DenseIndex (ip and cosine: higher is better; l2: squared distance,
/// lower is better). Not thread-safe for writing: add() needs exclusive access; const member
/// functions (search, save, to_bytes) may run from many threads at once. Vectors cannot be
/// removed (rebuild the index instead).
class HnswIndex {
 public:
  /// An empty index of `dim`-dimensional vectors (1..dense_max_dim) compared by `metric`.
  /// Throws invalid_argument [scoutmatch.hnsw.1] for a bad dimension, [.8] for bad options.
  explicit HnswIndex(std::size_t dim = 1, Metric metric = Metric::ip, HnswOptions options = {});
  ~HnswIndex();
  HnswIndex(HnswIndex&&) noexcept;
  HnswIndex& operator=(HnswIndex&&) noexcept;

  /// Adds `n` vectors stored row-major in `vectors` (n * dim() floats) and links them into
  /// the graph, in parallel on `threads` workers of a task arena (0 = all cores; with 1 the
  /// graph is reproducible for a given seed; with more, hnswlib's per-node locks order the
  /// inserts, but its level generator is shared without a lock, as in hnswlib's own Python
  /// binding, so a thread sanitizer reports a race there). `ids`: one id per vector (>= 0), or
  /// empty to number them automatically (next_id(), next_id()+1, ...). The whole call is checked
  /// before anything is added (size [.2], NaN/infinity [.3], duplicates [.4], negative ids
  /// [.5], cosine zero vectors [.7], size limit [.9]), so a failed add() leaves the index
  /// unchanged. With Metric::cosine the stored copy is normalised.
  void add(std::span<const float> vectors, std::size_t n, std::span<const std::int64_t> ids = {},
           std::size_t threads = 0);

  /// The (approximately) best `k` vectors for each of `n` queries (row-major, n * dim()
  /// floats), written row-major into `scores` and `ids` (n * k each), best first. Where
  /// fewer than k vectors are found, the row is padded with score NaN and id -1. Throws
  /// invalid_argument for k out of 1..hnsw_max_ef, ef or threads too large [.6], a wrong buffer
  /// size [.2], NaN/infinity [.3] or a zero query with cosine [.7].
  void search(std::span<const float> queries, std::size_t n, std::size_t k, float* scores,
              std::int64_t* ids, const HnswSearchParams& params = {}) const;

  /// Vector dimension.
  std::size_t dim() const noexcept { return dim_; }
  /// The metric.
  Metric metric() const noexcept { return metric_; }
  /// The build options.
  const HnswOptions& options() const noexcept { return options_; }
  /// Number of stored vectors.
  std::size_t size() const noexcept;
  /// True when a vector with `id` is stored.
  bool contains(std::int64_t id) const;
  /// The id the next automatically numbered vector gets (one past the largest id seen).
  std::int64_t next_id() const noexcept { return next_id_; }
  /// Bytes held by the graph and its vectors (hnswlib's level-0 block, upper-layer links).
  std::size_t memory_bytes() const noexcept;
  /// The number of allowed vectors below which HnswFilterMode::automatic scans exactly
  /// for a search with this `ef` (depends on size(); see docs/PERFORMANCE.md).
  std::size_t exact_filter_threshold(std::size_t ef) const noexcept;
  /// Which SIMD kernel the distances use on this CPU: "avx512", "avx2" or "sse".
  static std::string_view simd_level() noexcept;

  /// Writes the index atomically (temporary file + rename). Throws file_error.
  void save(const std::filesystem::path& path) const;
  /// Reads an index written by save(). Throws file_error and format_error.
  static HnswIndex load(const std::filesystem::path& path);
  /// The file's bytes (header and payload), for pickling.
  std::string to_bytes() const;
  /// An index from to_bytes() bytes. Throws format_error; `name` names the source in messages.
  static HnswIndex from_bytes(std::string_view bytes, const std::string& name = "<bytes>");

  /// The HNSW index file format: a 32-byte header (magic "SMHNSW\x1a\0", format version,
  /// flags 0, payload length, XXH64 of the payload), then the payload (little-endian): dim,
  /// metric, M, ef_construction, seed, precision (a byte, since version 2), count, next id,
  /// top level, entry node, then hnswlib's level-0 block (links, vector, id per node; split:
  /// the high planes), split's low planes (dim int16 per node), each node's level, and the
  /// upper-layer link lists. Version 1 files (no precision byte, float32) are read too.
  static constexpr std::string_view file_magic{"SMHNSW\x1a\0", 8};
  /// Current HNSW index format version.
  static constexpr std::uint32_t file_version = 2;

 private:
  struct Graph;
  std::size_t dim_;
  Metric metric_;
  HnswOptions options_;
  std::int64_t next_id_ = 0;
  std::unique_ptr<Graph> graph_;
};

namespace detail {
/// The distance kernels of HnswIndex.
enum class HnswKernel : int {
  sse = 0,     ///< SSE2 (the x86-64 baseline)
  avx2 = 1,    ///< AVX2 + FMA
  avx512 = 2,  ///< AVX-512F
};
/// Selects the kernels that indexes constructed or loaded afterwards use (existing ones keep
/// theirs), capped at what the CPU has; returns the previous selection. For tests comparing
/// them; not thread-safe against indexes being created at the same time.
HnswKernel hnsw_kernel(HnswKernel k) noexcept;
}  // namespace detail

}  // namespace scoutmatch
