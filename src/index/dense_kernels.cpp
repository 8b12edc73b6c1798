// AVX-512 kernels of DenseIndex (see dense_kernels.hpp). Only the functions marked with
// the target attribute use AVX-512 instructions; they run only after use_avx512() said yes.
#include "index/dense_kernels.hpp"

#include <immintrin.h>

#if defined(__GNUC__) && !defined(__clang__)
// GCC 12 reports its own intrinsics (_mm512_shuffle_f32x4, masked loads) as reading an
// uninitialised value (the *_undefined_* pass-through operand): a known false positive.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

#include <atomic>

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

}  // namespace

void set_kernel(Kernel k) noexcept {
  chosen.store(k, std::memory_order_relaxed);
}

bool use_avx512() noexcept {
  return chosen.load(std::memory_order_relaxed) != Kernel::portable && cpu_has_avx512();
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

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

__attribute__((target("avx512f,fma"))) bool tile_avx512(const float* qp, const float* xp,
                                                        std::size_t dim, const float* thr, bool all,
                                                        float* c, std::uint32_t* masks) noexcept {
  // 12 x 2 accumulators + 2 row vectors: 26 of the 32 zmm registers. The query values are
  // broadcast straight from memory (embedded broadcast).
#define SM_ACC(i) __m512 a##i##0 = _mm512_setzero_ps(), a##i##1 = _mm512_setzero_ps();
  // clang-format off
  SM_ACC(0) SM_ACC(1) SM_ACC(2) SM_ACC(3) SM_ACC(4) SM_ACC(5)
  SM_ACC(6) SM_ACC(7) SM_ACC(8) SM_ACC(9) SM_ACC(10) SM_ACC(11)
  // clang-format on
#undef SM_ACC
          for (std::size_t k = 0; k < dim; ++k) {
    const __m512 x0 = _mm512_loadu_ps(xp + k * tile_rows);
    const __m512 x1 = _mm512_loadu_ps(xp + k * tile_rows + 16);
    const float* q = qp + k * tile_queries;
#define SM_FMA(i)                              \
  {                                            \
    const __m512 b = _mm512_set1_ps(q[i]);     \
    a##i##0 = _mm512_fmadd_ps(b, x0, a##i##0); \
    a##i##1 = _mm512_fmadd_ps(b, x1, a##i##1); \
  }
    // clang-format off
    SM_FMA(0) SM_FMA(1) SM_FMA(2) SM_FMA(3) SM_FMA(4) SM_FMA(5)
    SM_FMA(6) SM_FMA(7) SM_FMA(8) SM_FMA(9) SM_FMA(10) SM_FMA(11)
    // clang-format on
#undef SM_FMA
  }
  std::uint32_t any = 0;
#define SM_OUT(i)                                                                         \
  {                                                                                       \
    std::uint32_t m = 0xffffffffu;                                                        \
    if (!all) {                                                                           \
      const __m512 t = _mm512_set1_ps(thr[i]);                                            \
      m = static_cast<std::uint32_t>(_mm512_cmp_ps_mask(a##i##0, t, _CMP_GT_OQ)) |        \
          (static_cast<std::uint32_t>(_mm512_cmp_ps_mask(a##i##1, t, _CMP_GT_OQ)) << 16); \
    }                                                                                     \
    masks[i] = m;                                                                         \
    if (m) {                                                                              \
      _mm512_storeu_ps(c + (i)*tile_rows, a##i##0);                                       \
      _mm512_storeu_ps(c + (i)*tile_rows + 16, a##i##1);                                  \
    }                                                                                     \
    any |= m;                                                                             \
  }
  // clang-format off
  SM_OUT(0) SM_OUT(1) SM_OUT(2) SM_OUT(3) SM_OUT(4) SM_OUT(5)
  SM_OUT(6) SM_OUT(7) SM_OUT(8) SM_OUT(9) SM_OUT(10) SM_OUT(11)
  // clang-format on
#undef SM_OUT
              return any != 0;
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
  const std::size_t full = dim & ~std::size_t{15};
  const __mmask16 tail = static_cast<__mmask16>((1u << (dim - full)) - 1u);
  std::size_t r = 0;
  // Four rows at a time: four independent streams for the prefetchers, one query load
  // shared by four FMAs.
  for (; r + 4 <= rows; r += 4) {
    const float* x0 = x + r * dim;
    const float* x1 = x0 + dim;
    const float* x2 = x1 + dim;
    const float* x3 = x2 + dim;
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps(), s2 = _mm512_setzero_ps(),
           s3 = _mm512_setzero_ps();
    for (std::size_t k = 0; k < full; k += 16) {
      const __m512 v = _mm512_loadu_ps(q + k);
      s0 = _mm512_fmadd_ps(v, _mm512_loadu_ps(x0 + k), s0);
      s1 = _mm512_fmadd_ps(v, _mm512_loadu_ps(x1 + k), s1);
      s2 = _mm512_fmadd_ps(v, _mm512_loadu_ps(x2 + k), s2);
      s3 = _mm512_fmadd_ps(v, _mm512_loadu_ps(x3 + k), s3);
    }
    if (tail) {
      const __m512 v = _mm512_maskz_loadu_ps(tail, q + full);
      s0 = _mm512_fmadd_ps(v, _mm512_maskz_loadu_ps(tail, x0 + full), s0);
      s1 = _mm512_fmadd_ps(v, _mm512_maskz_loadu_ps(tail, x1 + full), s1);
      s2 = _mm512_fmadd_ps(v, _mm512_maskz_loadu_ps(tail, x2 + full), s2);
      s3 = _mm512_fmadd_ps(v, _mm512_maskz_loadu_ps(tail, x3 + full), s3);
    }
    out[r] = hsum(s0);
    out[r + 1] = hsum(s1);
    out[r + 2] = hsum(s2);
    out[r + 3] = hsum(s3);
  }
  for (; r < rows; ++r) {
    const float* xr = x + r * dim;
    __m512 s = _mm512_setzero_ps();
    for (std::size_t k = 0; k < full; k += 16)
      s = _mm512_fmadd_ps(_mm512_loadu_ps(q + k), _mm512_loadu_ps(xr + k), s);
    if (tail)
      s = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(tail, q + full),
                          _mm512_maskz_loadu_ps(tail, xr + full), s);
    out[r] = hsum(s);
  }
}

#else

bool tile_avx512(const float*, const float*, std::size_t, const float*, bool, float*,
                 std::uint32_t*) noexcept {
  return false;  // never called: use_avx512() is false
}
void dots_avx512(const float*, const float*, std::size_t, std::size_t, float*) noexcept {}

#endif

}  // namespace scoutmatch::detail::dense
