#pragma once
// The 12 x 32 float32 register tile shared by DenseIndex::search (tile_avx512 in
// dense_kernels.cpp) and all_pairs_topk (tile_both in all_pairs.cpp): one accumulation,
// different epilogues. Private; include only where x86-64 GCC/clang intrinsics are
// available, and call only from AVX-512 code (after use_avx512() said yes).
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "index/dense_kernels.hpp"

namespace scoutmatch::detail::dense {

/// The dots of 12 packed queries `qp` ([dim][12]) with 32 packed rows `xp` ([dim][32]):
/// each dot one chain of FMAs over k = 0..dim-1 in order (so every caller gets the same
/// bits). 12 x 2 accumulators + 2 row vectors: 26 of the 32 zmm registers; the query
/// values are broadcast from memory. Then `epilogue(i, lo, hi)` runs for i = 0..11 with
/// query i's dots of rows 0..15 (`lo`) and 16..31 (`hi`); the result is the OR of what
/// the epilogue returns. The epilogue's operator() must be `target("avx512f,fma")` and
/// always_inline, so that the accumulators stay in registers.
template <class Epilogue>
__attribute__((target("avx512f,fma"), always_inline)) inline std::uint32_t tile_12x32(
    const float* qp, const float* xp, std::size_t dim, Epilogue& epilogue) noexcept {
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
#define SM_EPI(i) any |= epilogue(i, a##i##0, a##i##1);
  // clang-format off
  SM_EPI(0) SM_EPI(1) SM_EPI(2) SM_EPI(3) SM_EPI(4) SM_EPI(5)
  SM_EPI(6) SM_EPI(7) SM_EPI(8) SM_EPI(9) SM_EPI(10) SM_EPI(11)
  // clang-format on
#undef SM_EPI
          return any;
}

/// The 32 lanes of `lo` (rows 0..15) and `hi` (rows 16..31) greater than `t` (never NaN),
/// as a bit mask.
__attribute__((target("avx512f,fma"), always_inline)) inline std::uint32_t greater_mask(
    __m512 lo, __m512 hi, __m512 t_lo, __m512 t_hi) noexcept {
  return static_cast<std::uint32_t>(_mm512_cmp_ps_mask(lo, t_lo, _CMP_GT_OQ)) |
         (static_cast<std::uint32_t>(_mm512_cmp_ps_mask(hi, t_hi, _CMP_GT_OQ)) << 16);
}

/// The epilogue of the all-pairs kernels (both directions from one tile): for query i,
/// with `Add` first the 32 floats at `acc + i * stride` are added to its dots (the sparse
/// part of text scores); then the dots above query i's k-th best (`qthr[i]`) set
/// `qmasks[i]`, those above their row's k-th best (`r_lo`, `r_hi`: rows 0..31) set
/// `rmasks[i]`, and when either is set the 32 scores are stored to `c[i * 32 ...]`.
template <bool Add>
struct BothEpilogue {
  const float* acc;
  std::size_t stride;
  const float* qthr;
  __m512 r_lo, r_hi;
  float* c;
  std::uint32_t* qmasks;
  std::uint32_t* rmasks;
  __attribute__((target("avx512f,fma"), always_inline)) std::uint32_t operator()(
      std::size_t i, __m512 lo, __m512 hi) const noexcept {
    if constexpr (Add) {
      const float* r = acc + i * stride;
      lo = _mm512_add_ps(lo, _mm512_loadu_ps(r));
      hi = _mm512_add_ps(hi, _mm512_loadu_ps(r + 16));
    }
    const __m512 t = _mm512_set1_ps(qthr[i]);
    const std::uint32_t m = greater_mask(lo, hi, t, t);
    const std::uint32_t rm = greater_mask(lo, hi, r_lo, r_hi);
    qmasks[i] = m;
    rmasks[i] = rm;
    if (m | rm) {
      _mm512_storeu_ps(c + i * tile_rows, lo);
      _mm512_storeu_ps(c + i * tile_rows + 16, hi);
    }
    return m | rm;
  }
};

}  // namespace scoutmatch::detail::dense
