// AVX-512 and AVX2 kernels of DenseIndex (see dense_kernels.hpp). Only the functions
// marked with the target attribute use those instructions; they run only after
// use_avx512() / use_avx2() said yes.
#include "index/dense_kernels.hpp"

#include <immintrin.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>

#include "index/dense_tile.hpp"
#endif

#if defined(__GNUC__) && !defined(__clang__)
// GCC 12 reports its own intrinsics (_mm512_shuffle_f32x4, masked loads) as reading an
// uninitialised value (the *_undefined_* pass-through operand): a known false positive.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

#include <atomic>
#include <type_traits>

#if defined(__linux__)
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace scoutmatch::detail::dense {
namespace {

std::atomic<Kernel> chosen{Kernel::automatic};

bool cpu_has_avx512() noexcept {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  // libgcc's check includes the OS support (XCR0) for the zmm state.
  static const bool yes = __builtin_cpu_supports("avx512f") != 0;
  return yes;
#else
  return false;
#endif
}

bool cpu_has_avx2_fma() noexcept {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  static const bool yes =
      __builtin_cpu_supports("avx2") != 0 && __builtin_cpu_supports("fma") != 0;
  return yes;
#else
  return false;
#endif
}

bool cpu_has_avx512_bf16() noexcept {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  static const bool yes = cpu_has_avx512() && __builtin_cpu_supports("avx512bw") != 0 &&
                          __builtin_cpu_supports("avx512vl") != 0 &&
                          __builtin_cpu_supports("avx512bf16") != 0;
  return yes;
#else
  return false;
#endif
}

// AMX-TILE and AMX-BF16 (CPUID leaf 7, EDX bits 24 and 22), and the operating system's
// grant of the tile state to this process (Linux: arch_prctl(ARCH_REQ_XCOMP_PERM,
// XFEATURE_XTILEDATA), once).
bool amx_granted() noexcept {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && defined(__linux__) && \
    defined(SYS_arch_prctl)
  static const bool yes = [] {
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d) == 0) return false;
    if ((d & (1u << 22)) == 0 || (d & (1u << 24)) == 0) return false;
    constexpr int arch_req_xcomp_perm = 0x1023, xfeature_xtiledata = 18;
    return syscall(SYS_arch_prctl, arch_req_xcomp_perm, xfeature_xtiledata) == 0;
  }();
  return yes;
#else
  return false;
#endif
}

}  // namespace

void set_kernel(Kernel k) noexcept {
  chosen.store(k, std::memory_order_relaxed);
}

bool use_avx512() noexcept {
  const Kernel k = chosen.load(std::memory_order_relaxed);
  return k != Kernel::portable && k != Kernel::avx2 && cpu_has_avx512();
}

bool use_avx2() noexcept {
  return chosen.load(std::memory_order_relaxed) != Kernel::portable && !use_avx512() &&
         cpu_has_avx2_fma();
}

bool use_simd() noexcept {
  return use_avx512() || use_avx2();
}

void advise_huge_pages(const void* p, std::size_t bytes) noexcept {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
  if (bytes < 2 * huge) return;
  const auto a = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t lo = (a + huge - 1) & ~(huge - 1), hi = (a + bytes) & ~(huge - 1);
  if (hi > lo) madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

bool use_avx512_bf16() noexcept {
  const Kernel k = chosen.load(std::memory_order_relaxed);
  return k != Kernel::portable && k != Kernel::avx512_no_bf16 && k != Kernel::avx2 &&
         cpu_has_avx512_bf16();
}

bool use_amx_bf16() noexcept {
  return chosen.load(std::memory_order_relaxed) != Kernel::avx512_no_amx && use_avx512_bf16() &&
         amx_granted();
}

void pack_queries(const float* q, std::size_t count, std::size_t dim, float* out) noexcept {
  for (std::size_t k = 0; k < dim; ++k) {
    float* o = out + k * tile_queries;
    for (std::size_t i = 0; i < tile_queries; ++i) o[i] = i < count ? q[i * dim + k] : 0.0f;
  }
}

void pack_rows(const float* x, std::size_t count, std::size_t dim, float* out) noexcept {
  if (count < tile_rows)
    for (std::size_t k = 0; k < dim; ++k)
      for (std::size_t j = count; j < tile_rows; ++j) out[k * tile_rows + j] = 0.0f;
  // Row by row: sequential reads, strided writes into a panel that stays in L1/L2.
  for (std::size_t j = 0; j < count; ++j) {
    const float* xr = x + j * dim;
    for (std::size_t k = 0; k < dim; ++k) out[k * tile_rows + j] = xr[k];
  }
}

void pack_queries_bf16(const float* q, std::size_t count, std::size_t dim, std::size_t stride,
                       std::uint32_t* out, std::size_t width) noexcept {
  const std::size_t pairs = stride / 2;
  for (std::size_t p = 0; p < pairs; ++p) {
    std::uint32_t* o = out + p * width;
    for (std::size_t i = 0; i < width; ++i) {
      std::uint32_t v = 0;
      if (i < count) {
        const float* qi = q + i * dim;
        v = to_bf16(qi[2 * p]);
        if (2 * p + 1 < dim) v |= static_cast<std::uint32_t>(to_bf16(qi[2 * p + 1])) << 16;
      }
      o[i] = v;
    }
  }
}

void pack_rows_bf16(const std::uint16_t* x, std::size_t count, std::size_t stride,
                    std::uint32_t* out) noexcept {
  const std::size_t pairs = stride / 2;
  if (count < tile_rows)
    for (std::size_t p = 0; p < pairs; ++p)
      for (std::size_t j = count; j < tile_rows; ++j) out[p * tile_rows + j] = 0;
  for (std::size_t j = 0; j < count; ++j) {
    const std::uint16_t* xr = x + j * stride;
    for (std::size_t p = 0; p < pairs; ++p)
      out[p * tile_rows + j] = xr[2 * p] | (static_cast<std::uint32_t>(xr[2 * p + 1]) << 16);
  }
}

void pack_rows_bf16_as_f32(const std::uint16_t* x, std::size_t count, std::size_t dim,
                           std::size_t stride, float* out) noexcept {
  if (count < tile_rows)
    for (std::size_t k = 0; k < dim; ++k)
      for (std::size_t j = count; j < tile_rows; ++j) out[k * tile_rows + j] = 0.0f;
  for (std::size_t j = 0; j < count; ++j) {
    const std::uint16_t* xr = x + j * stride;
    for (std::size_t k = 0; k < dim; ++k) out[k * tile_rows + j] = from_bf16(xr[k]);
  }
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

// tile_avx512's epilogue: query i's dots above thr[i] (all of them with `all`) set its
// mask, and then its 32 dots are stored to c[i * 32 ...].
struct ThresholdEpilogue {
  const float* thr;
  bool all;
  float* c;
  std::uint32_t* masks;
  __attribute__((target("avx512f,fma"), always_inline)) std::uint32_t operator()(
      std::size_t i, __m512 lo, __m512 hi) const noexcept {
    std::uint32_t m = 0xffffffffu;
    if (!all) {
      const __m512 t = _mm512_set1_ps(thr[i]);
      m = greater_mask(lo, hi, t, t);
    }
    masks[i] = m;
    if (m) {
      _mm512_storeu_ps(c + i * tile_rows, lo);
      _mm512_storeu_ps(c + i * tile_rows + 16, hi);
    }
    return m;
  }
};

__attribute__((target("avx512f,fma"))) bool tile_avx512(const float* qp, const float* xp,
                                                        std::size_t dim, const float* thr, bool all,
                                                        float* c, std::uint32_t* masks) noexcept {
  ThresholdEpilogue epilogue{thr, all, c, masks};
  return tile_12x32(qp, xp, dim, epilogue) != 0;
}

// The sum of the 16 lanes (GCC 12's _mm512_reduce_add_ps warns of an uninitialised value).
__attribute__((target("avx512f,fma"))) inline float hsum(__m512 v) noexcept {
  v = _mm512_add_ps(v, _mm512_shuffle_f32x4(v, v, 0x4e));  // + the other 256-bit half
  v = _mm512_add_ps(v, _mm512_shuffle_f32x4(v, v, 0xb1));  // + the neighbouring 128 bits
  __m128 s4 = _mm512_castps512_ps128(v);
  s4 = _mm_add_ps(s4, _mm_movehl_ps(s4, s4));
  s4 = _mm_add_ss(s4, _mm_movehdup_ps(s4));
  return _mm_cvtss_f32(s4);
}

__attribute__((target("avx512f,fma"))) void dots_avx512(const float* q, const float* x,
                                                        std::size_t rows, std::size_t dim,
                                                        float* out) noexcept {
  // One row at a time, read front to back: a single sequential stream, which the hardware
  // prefetchers follow at close to full memory bandwidth (interleaving four rows, 1.5 KB
  // apart, measured at half of that on Zen 4). Four accumulators hide the FMA latency.
  const std::size_t full64 = dim & ~std::size_t{63};
  const std::size_t full = dim & ~std::size_t{15};
  const __mmask16 tail = static_cast<__mmask16>((1u << (dim - full)) - 1u);
  for (std::size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * dim;
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps(), s2 = _mm512_setzero_ps(),
           s3 = _mm512_setzero_ps();
    std::size_t k = 0;
    for (; k < full64; k += 64) {
      s0 = _mm512_fmadd_ps(_mm512_loadu_ps(q + k), _mm512_loadu_ps(xr + k), s0);
      s1 = _mm512_fmadd_ps(_mm512_loadu_ps(q + k + 16), _mm512_loadu_ps(xr + k + 16), s1);
      s2 = _mm512_fmadd_ps(_mm512_loadu_ps(q + k + 32), _mm512_loadu_ps(xr + k + 32), s2);
      s3 = _mm512_fmadd_ps(_mm512_loadu_ps(q + k + 48), _mm512_loadu_ps(xr + k + 48), s3);
    }
    for (; k < full; k += 16)
      s0 = _mm512_fmadd_ps(_mm512_loadu_ps(q + k), _mm512_loadu_ps(xr + k), s0);
    if (tail)
      s1 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(tail, q + full),
                           _mm512_maskz_loadu_ps(tail, xr + full), s1);
    out[r] = hsum(_mm512_add_ps(_mm512_add_ps(s0, s1), _mm512_add_ps(s2, s3)));
  }
}

// The bf16 tile: the same 12 x 32 register tile, each step a pair of dimensions.
__attribute__((target("avx512bf16,avx512f,avx512bw,avx512vl,fma"))) bool tile_bf16_avx512(
    const std::uint32_t* qp, const std::uint32_t* xp, std::size_t pairs, const float* thr, bool all,
    float* c, std::uint32_t* masks) noexcept {
#define SM_ACC(i) __m512 a##i##0 = _mm512_setzero_ps(), a##i##1 = _mm512_setzero_ps();
  // clang-format off
  SM_ACC(0) SM_ACC(1) SM_ACC(2) SM_ACC(3) SM_ACC(4) SM_ACC(5)
  SM_ACC(6) SM_ACC(7) SM_ACC(8) SM_ACC(9) SM_ACC(10) SM_ACC(11)
  // clang-format on
#undef SM_ACC
          for (std::size_t p = 0; p < pairs; ++p) {
    const __m512bh x0 = (__m512bh)_mm512_loadu_si512(xp + p * tile_rows);
    const __m512bh x1 = (__m512bh)_mm512_loadu_si512(xp + p * tile_rows + 16);
    const std::uint32_t* q = qp + p * tile_queries;
#define SM_DOT(i)                                                           \
  {                                                                         \
    const __m512bh b = (__m512bh)_mm512_set1_epi32(static_cast<int>(q[i])); \
    a##i##0 = _mm512_dpbf16_ps(a##i##0, x0, b);                             \
    a##i##1 = _mm512_dpbf16_ps(a##i##1, x1, b);                             \
  }
    // clang-format off
    SM_DOT(0) SM_DOT(1) SM_DOT(2) SM_DOT(3) SM_DOT(4) SM_DOT(5)
    SM_DOT(6) SM_DOT(7) SM_DOT(8) SM_DOT(9) SM_DOT(10) SM_DOT(11)
    // clang-format on
#undef SM_DOT
  }
  ThresholdEpilogue epilogue{thr, all, c, masks};
  std::uint32_t any = 0;
#define SM_EPI(i) any |= epilogue(i, a##i##0, a##i##1);
  // clang-format off
  SM_EPI(0) SM_EPI(1) SM_EPI(2) SM_EPI(3) SM_EPI(4) SM_EPI(5)
  SM_EPI(6) SM_EPI(7) SM_EPI(8) SM_EPI(9) SM_EPI(10) SM_EPI(11)
  // clang-format on
#undef SM_EPI
              return any != 0;
}

__attribute__((target("avx512bf16,avx512f,avx512bw,avx512vl,fma"))) void dots_bf16_avx512(
    const std::uint16_t* q, const std::uint16_t* x, std::size_t rows, std::size_t stride,
    float* out) noexcept {
  // As dots_avx512: one row at a time, front to back, two accumulators of 32 values.
  const std::size_t full64 = stride & ~std::size_t{63};
  const std::size_t full = stride & ~std::size_t{31};
  const __mmask32 tail = static_cast<__mmask32>((std::uint64_t{1} << (stride - full)) - 1u);
  for (std::size_t r = 0; r < rows; ++r) {
    const std::uint16_t* xr = x + r * stride;
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
    std::size_t k = 0;
    for (; k < full64; k += 64) {
      s0 = _mm512_dpbf16_ps(s0, (__m512bh)_mm512_loadu_si512(q + k),
                            (__m512bh)_mm512_loadu_si512(xr + k));
      s1 = _mm512_dpbf16_ps(s1, (__m512bh)_mm512_loadu_si512(q + k + 32),
                            (__m512bh)_mm512_loadu_si512(xr + k + 32));
    }
    for (; k < full; k += 32)
      s0 = _mm512_dpbf16_ps(s0, (__m512bh)_mm512_loadu_si512(q + k),
                            (__m512bh)_mm512_loadu_si512(xr + k));
    if (tail)
      s1 = _mm512_dpbf16_ps(s1, (__m512bh)_mm512_maskz_loadu_epi16(tail, q + full),
                            (__m512bh)_mm512_maskz_loadu_epi16(tail, xr + full));
    out[r] = hsum(_mm512_add_ps(s0, s1));
  }
}

// The AMX tile configuration of tile_bf16_amx_rows: eight tiles of 16 rows x 64 bytes.
struct alignas(64) AmxConfig {
  std::uint8_t palette = 1, start_row = 0, reserved[14] = {};
  std::uint16_t colsb[16] = {64, 64, 64, 64, 64, 64, 64, 64};
  std::uint8_t rows[16] = {16, 16, 16, 16, 16, 16, 16, 16};
};

__attribute__((target("amx-tile"))) void amx_begin() noexcept {
  static const AmxConfig config;
  _tile_loadconfig(&config);
}

__attribute__((target("amx-tile"))) void amx_end() noexcept {
  _tile_release();
}

// tmm0..tmm3: dots of rows 0-15 / 16-31 with queries 0-15 / 16-31; tmm4, tmm5 the rows'
// bf16 (16 rows x 32 values per step); tmm6, tmm7 the queries' pairs (16 pairs x 16).
__attribute__((target("amx-tile,amx-bf16,avx512f,fma"))) bool tile_bf16_amx_rows(
    const std::uint16_t* x, std::size_t xstride, const std::uint32_t* qb, std::size_t steps,
    const float* thr, bool all, float* c, std::uint32_t* masks) noexcept {
  constexpr std::size_t qstride = 32 * sizeof(std::uint32_t), cstride = 32 * sizeof(float);
  _tile_zero(0);
  _tile_zero(1);
  _tile_zero(2);
  _tile_zero(3);
  const auto* x1 = reinterpret_cast<const char*>(x) + 16 * xstride;
  for (std::size_t s = 0; s < steps; ++s) {
    _tile_loadd(4, x + 32 * s, xstride);
    _tile_loadd(5, x1 + 64 * s, xstride);
    const std::uint32_t* q = qb + s * 16 * 32;
    _tile_loadd(6, q, qstride);
    _tile_loadd(7, q + 16, qstride);
    _tile_dpbf16ps(0, 4, 6);
    _tile_dpbf16ps(1, 4, 7);
    _tile_dpbf16ps(2, 5, 6);
    _tile_dpbf16ps(3, 5, 7);
  }
  _tile_stored(0, c, cstride);
  _tile_stored(1, c + 16, cstride);
  _tile_stored(2, c + 16 * 32, cstride);
  _tile_stored(3, c + 16 * 32 + 16, cstride);
  std::uint32_t any = 0;
  const __m512 t_lo = _mm512_loadu_ps(thr), t_hi = _mm512_loadu_ps(thr + 16);
  for (std::size_t r = 0; r < 32; ++r) {
    const std::uint32_t m = all ? 0xffffffffu
                                : greater_mask(_mm512_loadu_ps(c + r * 32),
                                               _mm512_loadu_ps(c + r * 32 + 16), t_lo, t_hi);
    masks[r] = m;
    any |= m;
  }
  return any != 0;
}

// 16 bf16 values widened to float32: zero-extend to 32 bits, shift into the high half.
__attribute__((target("avx512f,avx512bw,avx512vl,fma"))) inline __m512 widen(__m256i h) noexcept {
  return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
}
__attribute__((target("avx512f,avx512bw,avx512vl,fma"))) inline __m512 load_wide(
    const std::uint16_t* p) noexcept {
  return widen(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
}
__attribute__((target("avx512f,avx512bw,avx512vl,fma"))) inline __m512 load_wide(
    __mmask16 tail, const std::uint16_t* p) noexcept {
  return widen(_mm256_maskz_loadu_epi16(tail, p));
}

__attribute__((target("avx512f,avx512bw,avx512vl,fma"))) void dots_bf16_as_f32_avx512(
    const float* q, const std::uint16_t* x, std::size_t rows, std::size_t dim, std::size_t stride,
    float* out) noexcept {
  // As dots_avx512, the row values widened on load.
  const std::size_t full64 = dim & ~std::size_t{63};
  const std::size_t full = dim & ~std::size_t{15};
  const __mmask16 tail = static_cast<__mmask16>((1u << (dim - full)) - 1u);
  for (std::size_t r = 0; r < rows; ++r) {
    const std::uint16_t* xr = x + r * stride;
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps(), s2 = _mm512_setzero_ps(),
           s3 = _mm512_setzero_ps();
    std::size_t k = 0;
    for (; k < full64; k += 64) {
      s0 = _mm512_fmadd_ps(_mm512_loadu_ps(q + k), load_wide(xr + k), s0);
      s1 = _mm512_fmadd_ps(_mm512_loadu_ps(q + k + 16), load_wide(xr + k + 16), s1);
      s2 = _mm512_fmadd_ps(_mm512_loadu_ps(q + k + 32), load_wide(xr + k + 32), s2);
      s3 = _mm512_fmadd_ps(_mm512_loadu_ps(q + k + 48), load_wide(xr + k + 48), s3);
    }
    for (; k < full; k += 16) s0 = _mm512_fmadd_ps(_mm512_loadu_ps(q + k), load_wide(xr + k), s0);
    if (tail)
      s1 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(tail, q + full), load_wide(tail, xr + full), s1);
    out[r] = hsum(_mm512_add_ps(_mm512_add_ps(s0, s1), _mm512_add_ps(s2, s3)));
  }
}


// ---- AVX2 + FMA (CPUs without AVX-512) ------------------------------------------------

// The 12 x 32 tile in four passes of 6 queries x 16 rows: 12 ymm accumulators, 2 row
// vectors and a broadcast query value, 15 of the 16 ymm registers. Each dot is the same
// chain of FMAs as in tile_12x32 (from 0, k ascending), so the bits are the same.
__attribute__((target("avx2,fma"))) void tile_dots_avx2(const float* qp, const float* xp,
                                                        std::size_t dim, float* out) noexcept {
  for (std::size_t rh = 0; rh < tile_rows; rh += 16) {
    for (std::size_t qh = 0; qh < tile_queries; qh += 6) {
#define SM_ACC(i) __m256 a##i##0 = _mm256_setzero_ps(), a##i##1 = _mm256_setzero_ps();
      SM_ACC(0) SM_ACC(1) SM_ACC(2) SM_ACC(3) SM_ACC(4) SM_ACC(5)
#undef SM_ACC
      const float* x = xp + rh;
      const float* q = qp + qh;
      for (std::size_t k = 0; k < dim; ++k, x += tile_rows, q += tile_queries) {
        const __m256 x0 = _mm256_loadu_ps(x);
        const __m256 x1 = _mm256_loadu_ps(x + 8);
#define SM_FMA(i)                                \
  {                                              \
    const __m256 b = _mm256_broadcast_ss(q + i); \
    a##i##0 = _mm256_fmadd_ps(b, x0, a##i##0);   \
    a##i##1 = _mm256_fmadd_ps(b, x1, a##i##1);   \
  }
        SM_FMA(0) SM_FMA(1) SM_FMA(2) SM_FMA(3) SM_FMA(4) SM_FMA(5)
#undef SM_FMA
      }
      float* o = out + qh * tile_rows + rh;
#define SM_STORE(i)                                   \
  _mm256_storeu_ps(o + (i) * tile_rows, a##i##0);     \
  _mm256_storeu_ps(o + (i) * tile_rows + 8, a##i##1);
      SM_STORE(0) SM_STORE(1) SM_STORE(2) SM_STORE(3) SM_STORE(4) SM_STORE(5)
#undef SM_STORE
    }
  }
}

__attribute__((target("avx2"))) std::uint32_t greater32_avx2(const float* a, float t) noexcept {
  const __m256 v = _mm256_set1_ps(t);
  std::uint32_t m = 0;
  for (int j = 0; j < 4; ++j)
    m |= static_cast<std::uint32_t>(
             _mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(a + 8 * j), v, _CMP_GT_OQ)))
         << (8 * j);
  return m;
}

__attribute__((target("avx2"))) std::uint32_t greater32_avx2(const float* a,
                                                            const float* b) noexcept {
  std::uint32_t m = 0;
  for (int j = 0; j < 4; ++j)
    m |= static_cast<std::uint32_t>(_mm256_movemask_ps(_mm256_cmp_ps(
             _mm256_loadu_ps(a + 8 * j), _mm256_loadu_ps(b + 8 * j), _CMP_GT_OQ)))
         << (8 * j);
  return m;
}

// The sum of the 8 lanes.
__attribute__((target("avx2,fma"))) inline float hsum256(__m256 v) noexcept {
  __m128 s4 = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s4 = _mm_add_ps(s4, _mm_movehl_ps(s4, s4));
  s4 = _mm_add_ss(s4, _mm_movehdup_ps(s4));
  return _mm_cvtss_f32(s4);
}

// 8 bf16 values widened to float32 (a shift into the high half).
__attribute__((target("avx2,fma"))) inline __m256 load_wide8(const std::uint16_t* p) noexcept {
  return _mm256_castsi256_ps(_mm256_slli_epi32(
      _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))), 16));
}
// 8 row values as float32 (bf16 rows widened).
template <class Row>
__attribute__((target("avx2,fma"), always_inline)) inline __m256 load_row8(const Row* p) noexcept {
  if constexpr (std::is_same_v<Row, float>)
    return _mm256_loadu_ps(p);
  else
    return load_wide8(p);
}

// dots_avx512 with 8-float vectors (one row at a time, four accumulators); the last
// dim % 8 values are added one by one. Row is float or bf16 (widened on load).
template <class Row>
__attribute__((target("avx2,fma"))) inline void dots_avx2_rows(const float* q, const Row* x,
                                                               std::size_t rows, std::size_t dim,
                                                               std::size_t stride,
                                                               float* out) noexcept {
  const std::size_t full32 = dim & ~std::size_t{31};
  const std::size_t full = dim & ~std::size_t{7};
  for (std::size_t r = 0; r < rows; ++r) {
    const Row* xr = x + r * stride;
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps(), s2 = _mm256_setzero_ps(),
           s3 = _mm256_setzero_ps();
    std::size_t k = 0;
    for (; k < full32; k += 32) {
      s0 = _mm256_fmadd_ps(_mm256_loadu_ps(q + k), load_row8(xr + k), s0);
      s1 = _mm256_fmadd_ps(_mm256_loadu_ps(q + k + 8), load_row8(xr + k + 8), s1);
      s2 = _mm256_fmadd_ps(_mm256_loadu_ps(q + k + 16), load_row8(xr + k + 16), s2);
      s3 = _mm256_fmadd_ps(_mm256_loadu_ps(q + k + 24), load_row8(xr + k + 24), s3);
    }
    for (; k < full; k += 8) s0 = _mm256_fmadd_ps(_mm256_loadu_ps(q + k), load_row8(xr + k), s0);
    float sum = hsum256(_mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
    for (; k < dim; ++k) {
      if constexpr (std::is_same_v<Row, float>)
        sum += q[k] * xr[k];
      else
        sum += q[k] * from_bf16(xr[k]);
    }
    out[r] = sum;
  }
}

__attribute__((target("avx512f,fma"))) void dot_chains(const float* q, const float* xp,
                                                       std::size_t count, std::size_t dim,
                                                       float* out) noexcept {
  __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps();
  if (count > 16) {
    for (std::size_t k = 0; k < dim; ++k) {
      const __m512 b = _mm512_set1_ps(q[k]);
      a0 = _mm512_fmadd_ps(b, _mm512_loadu_ps(xp + k * tile_rows), a0);
      a1 = _mm512_fmadd_ps(b, _mm512_loadu_ps(xp + k * tile_rows + 16), a1);
    }
  } else {
    for (std::size_t k = 0; k < dim; ++k)
      a0 = _mm512_fmadd_ps(_mm512_set1_ps(q[k]), _mm512_loadu_ps(xp + k * tile_rows), a0);
  }
  alignas(64) float all[32];
  _mm512_store_ps(all, a0);
  _mm512_store_ps(all + 16, a1);
  for (std::size_t j = 0; j < count; ++j) out[j] = all[j];
}

__attribute__((target("avx2,fma"))) void dots_avx2(const float* q, const float* x,
                                                   std::size_t rows, std::size_t dim,
                                                   float* out) noexcept {
  dots_avx2_rows(q, x, rows, dim, dim, out);
}

__attribute__((target("avx2,fma"))) void dots_bf16_as_f32_avx2(const float* q,
                                                               const std::uint16_t* x,
                                                               std::size_t rows, std::size_t dim,
                                                               std::size_t stride,
                                                               float* out) noexcept {
  dots_avx2_rows(q, x, rows, dim, stride, out);
}

#else

void dot_chains(const float*, const float*, std::size_t, std::size_t, float*) noexcept {}
void tile_dots_avx2(const float*, const float*, std::size_t, float*) noexcept {}
std::uint32_t greater32_avx2(const float*, float) noexcept {
  return 0;
}
std::uint32_t greater32_avx2(const float*, const float*) noexcept {
  return 0;
}
void dots_avx2(const float*, const float*, std::size_t, std::size_t, float*) noexcept {}
void dots_bf16_as_f32_avx2(const float*, const std::uint16_t*, std::size_t, std::size_t,
                           std::size_t, float*) noexcept {}
bool tile_bf16_avx512(const std::uint32_t*, const std::uint32_t*, std::size_t, const float*, bool,
                      float*, std::uint32_t*) noexcept {
  return false;  // never called: use_avx512_bf16() is false
}
void amx_begin() noexcept {}
void amx_end() noexcept {}
bool tile_bf16_amx_rows(const std::uint16_t*, std::size_t, const std::uint32_t*, std::size_t,
                        const float*, bool, float*, std::uint32_t*) noexcept {
  return false;  // never called: use_amx_bf16() is false
}
void dots_bf16_avx512(const std::uint16_t*, const std::uint16_t*, std::size_t, std::size_t,
                      float*) noexcept {}
void dots_bf16_as_f32_avx512(const float*, const std::uint16_t*, std::size_t, std::size_t,
                             std::size_t, float*) noexcept {}
bool tile_avx512(const float*, const float*, std::size_t, const float*, bool, float*,
                 std::uint32_t*) noexcept {
  return false;  // never called: use_avx512() is false
}
void dots_avx512(const float*, const float*, std::size_t, std::size_t, float*) noexcept {}

#endif

bool tile_both_avx2(const float* qp, const float* xp, std::size_t dim, const float* acc,
                    std::size_t stride, const float* qthr, const float* rthr, float* c,
                    std::uint32_t* qmasks, std::uint32_t* rmasks) noexcept {
  tile_dots_avx2(qp, xp, dim, c);
  std::uint32_t any = 0;
  for (std::size_t i = 0; i < tile_queries; ++i) {
    float* ci = c + i * tile_rows;
    if (acc != nullptr)
      for (std::size_t j = 0; j < tile_rows; ++j) ci[j] += acc[i * stride + j];
    qmasks[i] = greater32_avx2(ci, qthr[i]);
    rmasks[i] = greater32_avx2(ci, rthr);
    any |= qmasks[i] | rmasks[i];
  }
  return any != 0;
}

bool tile(const float* qp, const float* xp, std::size_t dim, const float* thr, bool all, float* c,
          std::uint32_t* masks) noexcept {
  if (use_avx512()) return tile_avx512(qp, xp, dim, thr, all, c, masks);
  tile_dots_avx2(qp, xp, dim, c);
  std::uint32_t any = 0;
  for (std::size_t i = 0; i < tile_queries; ++i) {
    const std::uint32_t m = all ? 0xffffffffu : greater32_avx2(c + i * tile_rows, thr[i]);
    masks[i] = m;
    any |= m;
  }
  return any != 0;
}

void dots(const float* q, const float* x, std::size_t rows, std::size_t dim, float* out) noexcept {
  if (use_avx512())
    dots_avx512(q, x, rows, dim, out);
  else
    dots_avx2(q, x, rows, dim, out);
}

void dots_bf16_as_f32(const float* q, const std::uint16_t* x, std::size_t rows, std::size_t dim,
                      std::size_t stride, float* out) noexcept {
  if (use_avx512())
    dots_bf16_as_f32_avx512(q, x, rows, dim, stride, out);
  else
    dots_bf16_as_f32_avx2(q, x, rows, dim, stride, out);
}

}  // namespace scoutmatch::detail::dense
