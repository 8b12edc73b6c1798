#pragma once
// Hand-written kernels of DenseIndex (private, not API): an AVX-512 register-blocked
// product of packed query and row panels, and an AVX-512 matrix-vector product for single
// queries. Chosen at run time (__builtin_cpu_supports); the portable build itself is not
// compiled for AVX-512. bench/bench_dense.cpp measures them against the Eigen products
// they replace (Eigen's products are compiled for the portable x86-64 baseline).
#include <cstddef>
#include <cstdint>

namespace scoutmatch::detail::dense {

/// Queries per register tile (broadcast side).
inline constexpr std::size_t tile_queries = 12;
/// Stored rows per register tile (two 16-float vectors).
inline constexpr std::size_t tile_rows = 32;

/// Which implementation DenseIndex::search uses.
enum class Kernel : std::uint8_t {
  automatic = 0,  ///< AVX-512 where the CPU (and OS) supports it, else portable
  portable = 1,   ///< Eigen products compiled for the baseline ISA
  avx512 = 2,     ///< the AVX-512 kernels (only if supported: falls back to portable)
};

/// The kernel the next searches use (a process-wide switch for tests and benchmarks only).
void set_kernel(Kernel k) noexcept;
/// True when searches will use the AVX-512 kernels.
bool use_avx512() noexcept;

/// Packs `count` (<= tile_queries) queries of `dim` floats (row-major, `q`) into
/// `out[dim][tile_queries]`, zero-padded.
void pack_queries(const float* q, std::size_t count, std::size_t dim, float* out) noexcept;
/// Packs `count` (<= tile_rows) rows of `dim` floats (row-major, `x`) into
/// `out[dim][tile_rows]`, zero-padded.
void pack_rows(const float* x, std::size_t count, std::size_t dim, float* out) noexcept;

/// One register tile: dots of 12 packed queries `qp` with 32 packed rows `xp`. For each
/// query i, masks[i] has bit j set when dot(i, j) > thr[i] (never for NaN), and then the
/// 32 dots of query i are stored to c[i * 32 ...]. With `all`, every mask is ~0 and every
/// dot is stored. Returns true when any mask is non-zero. AVX-512 only.
bool tile_avx512(const float* qp, const float* xp, std::size_t dim, const float* thr, bool all,
                 float* c, std::uint32_t* masks) noexcept;

/// out[r] = dot(q, x[r]) for `rows` rows of `dim` floats (row-major). AVX-512 only.
void dots_avx512(const float* q, const float* x, std::size_t rows, std::size_t dim,
                 float* out) noexcept;

}  // namespace scoutmatch::detail::dense
