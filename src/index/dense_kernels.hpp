#pragma once
// Hand-written kernels of DenseIndex (private, not API): a register-blocked product of
// packed query and row panels, and a matrix-vector product for single queries, each for
// AVX-512 and for AVX2 + FMA (CPUs without AVX-512, e.g. AMD Zen 3). Chosen at run time
// (__builtin_cpu_supports); the portable build itself is compiled for neither.
// bench/bench_dense.cpp measures them against the Eigen products they replace (Eigen's
// products are compiled for the portable x86-64 baseline).
#include <bit>
#include <cmath>
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
  /// AVX-512, but bf16 indexes without the AVX512_BF16 dot product (vdpbf16ps): their
  /// values are widened to float32 (a shift) and go through the float32 kernels, as on a
  /// CPU without AVX512_BF16. For tests and benchmarks of that fallback.
  avx512_no_bf16 = 3,
  /// The AVX2 + FMA kernels even where AVX-512 is available (only if AVX2 and FMA are
  /// supported: falls back to portable); bf16 indexes widen to float32. For tests and
  /// benchmarks of what CPUs without AVX-512 run.
  avx2 = 4,
  /// AVX-512 with vdpbf16ps for bf16 indexes, but not the AMX tiles where the CPU has
  /// them. For tests and benchmarks comparing the two.
  avx512_no_amx = 5,
};

/// The kernel the next searches use (a process-wide switch for tests and benchmarks only).
void set_kernel(Kernel k) noexcept;
/// True when searches will use the AVX-512 kernels.
bool use_avx512() noexcept;
/// True when searches will use the AVX2 + FMA kernels (no AVX-512, or Kernel::avx2).
bool use_avx2() noexcept;
/// True when searches will use either set of SIMD kernels (tile(), dots(),
/// dots_bf16_as_f32() below), false for the portable Eigen products.
bool use_simd() noexcept;
/// True when searches of bf16 indexes will use the AVX512_BF16 kernels (vdpbf16ps).
bool use_avx512_bf16() noexcept;
/// True when batch searches of bf16 indexes will use AMX tiles (TDPBF16PS): the CPU has
/// AMX-BF16 and AVX512_BF16 and the operating system grants the tile state (Linux: asked
/// for once per process).
bool use_amx_bf16() noexcept;

/// Asks the OS for transparent huge pages for the 2 MiB-aligned part of a large buffer
/// that is not yet touched (Linux, where THP is set to "madvise"): a search streaming the
/// matrix then misses the TLB far less. Advisory only; buffers below 4 MiB are left alone.
void advise_huge_pages(const void* p, std::size_t bytes) noexcept;

/// float32 -> bfloat16, rounded to nearest even; a finite value stays finite (one that
/// would round up to infinity is truncated to the largest bfloat16 instead).
inline std::uint16_t to_bf16(float f) noexcept {
  const std::uint32_t u = std::bit_cast<std::uint32_t>(f);
  const std::uint32_t r = u + 0x7fffu + ((u >> 16) & 1u);
  if (((r >> 16) & 0x7f80u) == 0x7f80u && (u & 0x7f800000u) != 0x7f800000u)
    return static_cast<std::uint16_t>(u >> 16);
  return static_cast<std::uint16_t>(r >> 16);
}
/// bfloat16 -> float32 (exact: a shift).
inline float from_bf16(std::uint16_t h) noexcept {
  return std::bit_cast<float>(static_cast<std::uint32_t>(h) << 16);
}

/// float32 -> the two 16-bit halves of Precision::split: `hi` the value rounded to bfloat16
/// (to nearest, ties away from zero: |f - from_bf16(hi)| <= 2^-8 |f|, or <= 2^-134 for
/// subnormals), `lo` the exact difference of the float32 bits from hi's, which fits an int16.
/// Returns false (and writes nothing) for a value that would round to infinity
/// (|f| >= 3.39e38) and for NaN or infinity.
inline bool split_f32(float f, std::uint16_t& hi, std::int16_t& lo) noexcept {
  const std::uint32_t u = std::bit_cast<std::uint32_t>(f);
  if ((u & 0x7f800000u) == 0x7f800000u) return false;
  const std::uint32_t h = (u + 0x8000u) >> 16;
  if ((h & 0x7f80u) == 0x7f80u) return false;
  hi = static_cast<std::uint16_t>(h);
  lo = static_cast<std::int16_t>(static_cast<std::uint16_t>(u - (h << 16)));
  return true;
}
/// |v| computed in double (no overflow or underflow for any float32 vector).
inline double norm_double(const float* v, std::size_t dim) noexcept {
  double d = 0;
  for (std::size_t j = 0; j < dim; ++j) d += static_cast<double>(v[j]) * v[j];
  return std::sqrt(d);
}

/// The float32 that split_f32 split into `hi` and `lo` (exact).
inline float join_f32(std::uint16_t hi, std::int16_t lo) noexcept {
  return std::bit_cast<float>((static_cast<std::uint32_t>(hi) << 16) +
                              static_cast<std::uint32_t>(static_cast<std::int32_t>(lo)));
}

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

/// The 12 x 32 dots of tile_avx512 with AVX2 + FMA, written to out[i * 32 + j] (query i,
/// row j): each dot the same chain of FMAs over k = 0..dim-1 in order, so the same bits
/// as the AVX-512 tile. AVX2 + FMA only.
void tile_dots_avx2(const float* qp, const float* xp, std::size_t dim, float* out) noexcept;

/// Bit j (j < 32) set when a[j] > t (never for NaN). AVX2 only.
std::uint32_t greater32_avx2(const float* a, float t) noexcept;
/// Bit j (j < 32) set when a[j] > b[j] (never for NaN). AVX2 only.
std::uint32_t greater32_avx2(const float* a, const float* b) noexcept;

/// The epilogue of the all-pairs kernels (BothEpilogue in dense_tile.hpp) on AVX2: the
/// tile's dots (tile_dots_avx2) into c[i * 32 ...], with `acc` (if not null) first added
/// (query i's 32 floats at acc + i * stride); qmasks[i] bit j when score(i, j) > qthr[i],
/// rmasks[i] bit j when score(i, j) > rthr[j]. Every score is stored. Returns true when any
/// mask is non-zero. AVX2 + FMA only.
bool tile_both_avx2(const float* qp, const float* xp, std::size_t dim, const float* acc,
                    std::size_t stride, const float* qthr, const float* rthr, float* c,
                    std::uint32_t* qmasks, std::uint32_t* rmasks) noexcept;

/// tile_avx512 or, on CPUs without AVX-512, tile_dots_avx2 with the same masks and stores
/// (there every dot is stored). Only after use_simd() said yes.
bool tile(const float* qp, const float* xp, std::size_t dim, const float* thr, bool all, float* c,
          std::uint32_t* masks) noexcept;

/// out[r] = dot(q, x[r]) for `rows` rows of `dim` floats (row-major) with AVX-512 or AVX2
/// (whichever use_avx512() / use_avx2() chose). Only after use_simd() said yes.
void dots(const float* q, const float* x, std::size_t rows, std::size_t dim, float* out) noexcept;

/// The float32 tile's dots (tile_avx512, tile_dots_avx2) of one query `q` with `count`
/// (<= 32) rows packed as `xp[dim][32]` (lanes from `count` on are ignored): each dot one
/// chain of FMAs over k = 0..dim-1 in order, from 0, so the same bits as a tile's lane;
/// written to out[0..count). AVX-512 only.
void dot_chains(const float* q, const float* xp, std::size_t count, std::size_t dim,
                float* out) noexcept;

/// out[r] = dot(q, x[r]) for `rows` rows of `dim` floats (row-major). AVX-512 only.
void dots_avx512(const float* q, const float* x, std::size_t rows, std::size_t dim,
                 float* out) noexcept;

// ---- bfloat16 rows (DenseIndex with Precision::bf16) -------------------------------------
// Stored rows have `stride` bf16 values (dim rounded up to even, the pad is 0). The native
// kernels work on pairs of dimensions: vdpbf16ps adds q[2p]*x[2p] + q[2p+1]*x[2p+1] into
// one float32 lane (products exact, sums rounded to nearest even, denormals flushed).

/// Packs `count` (<= width) queries of `dim` floats (already rounded to bf16) into
/// `out[pairs][width]`, each entry a pair of bf16 (dimension 2p in the low half),
/// zero-padded; pairs = stride / 2. Width tile_queries for tile_bf16_avx512, 32 for
/// tile_bf16_amx_rows (whose [step][16 pairs][32] is the same layout).
void pack_queries_bf16(const float* q, std::size_t count, std::size_t dim, std::size_t stride,
                       std::uint32_t* out, std::size_t width = tile_queries) noexcept;
/// Packs `count` (<= tile_rows) bf16 rows (`stride` values each) into
/// `out[pairs][tile_rows]` (pairs of bf16), zero-padded.
void pack_rows_bf16(const std::uint16_t* x, std::size_t count, std::size_t stride,
                    std::uint32_t* out) noexcept;
/// The fallback: packs `count` (<= tile_rows) bf16 rows (`stride` values each) widened to
/// float32 into `out[dim][tile_rows]` for tile_avx512, zero-padded.
void pack_rows_bf16_as_f32(const std::uint16_t* x, std::size_t count, std::size_t dim,
                           std::size_t stride, float* out) noexcept;

/// tile_avx512 on bf16 panels (pack_queries_bf16, pack_rows_bf16) with vdpbf16ps: same
/// masks, thresholds and stores. AVX512_BF16 only.
bool tile_bf16_avx512(const std::uint32_t* qp, const std::uint32_t* xp, std::size_t pairs,
                      const float* thr, bool all, float* c, std::uint32_t* masks) noexcept;

/// out[r] = dot(q, x[r]) for `rows` bf16 rows of `stride` values, q a bf16 query of
/// `stride` values, with vdpbf16ps. AVX512_BF16 only.
void dots_bf16_avx512(const std::uint16_t* q, const std::uint16_t* x, std::size_t rows,
                      std::size_t stride, float* out) noexcept;

/// Pairs of bf16 per K step of the AMX tile (64 bytes of a tile row).
inline constexpr std::size_t amx_pairs = 16;
/// The AMX tile with the stored rows as its left operand: rows x[0..31] (bf16, `xstride`
/// bytes apart, `steps` * 32 values each) times 32 queries `qb` ([steps][16 pairs][32]
/// of bf16 pairs); the 32 x 32 dots go to c[row * 32 + query], and masks[row] marks the
/// queries whose dot is above thr[query] (all of them with `all`). Returns whether any
/// mask is set. Between amx_begin() and amx_end() only.
bool tile_bf16_amx_rows(const std::uint16_t* x, std::size_t xstride, const std::uint32_t* qb,
                        std::size_t steps, const float* thr, bool all, float* c,
                        std::uint32_t* masks) noexcept;
/// Loads tile_bf16_amx_rows's tile configuration on this thread; amx_end() releases it.
/// Only after use_amx_bf16() said yes.
void amx_begin() noexcept;
void amx_end() noexcept;

/// The fallback of dots_bf16_avx512: a float32 query of `dim` values, bf16 rows (`stride`
/// values each) widened to float32 on load, float32 FMAs; AVX-512 or AVX2 (as dots()).
/// Only after use_simd() said yes.
void dots_bf16_as_f32(const float* q, const std::uint16_t* x, std::size_t rows, std::size_t dim,
                      std::size_t stride, float* out) noexcept;

}  // namespace scoutmatch::detail::dense
