#include "scoutmatch/index/inverted_index.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <limits>
#include <memory>
#include <new>

#include "scoutmatch/error.hpp"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SCOUTMATCH_X86_DISPATCH 1
#endif
#if defined(SCOUTMATCH_X86_DISPATCH) || defined(__SSE2__)
#include <immintrin.h>
#endif
#ifdef SCOUTMATCH_X86_DISPATCH
#include "index/dense_tile.hpp"
#endif

namespace scoutmatch {
namespace {

constexpr std::uint32_t npos = std::numeric_limits<std::uint32_t>::max();
// Whether a weight is 0 or a normal float in [2^-60, 2^60]: products and sums of such
// weights stay normal, so search_group_tile()'s relative rounding allowance holds.
constexpr bool tame(float w) noexcept {
  return w == 0.0f || (w >= 0x1p-60f && w <= 0x1p60f);
}
// Queries per register tile of search_group_tile() (kd::tile_queries).
constexpr std::size_t tile_group = 12;

// better() as a function object: the heap and sort algorithms inline it (given the
// function itself they call it through a pointer).
constexpr auto better_fn = [](const ScoredDoc& a, const ScoredDoc& b) { return better(a, b); };

// A bounded heap holding the best k entries; the worst of them on top.
class TopK {
 public:
  explicit TopK(std::size_t k) : k_(k) { heap_.reserve(std::min<std::size_t>(k, 1024)); }
  void push(ScoredDoc d) {
    if (heap_.size() < k_) {
      heap_.push_back(d);
      std::push_heap(heap_.begin(), heap_.end(), better_fn);
    } else if (better(d, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), better_fn);
      heap_.back() = d;
      std::push_heap(heap_.begin(), heap_.end(), better_fn);
    }
  }
  // Documents pushed in ascending order need a score above this to enter (ties lose to the
  // earlier, lower document numbers already held); 0 while the heap is not full, since only
  // scores > 0 are matches.
  float threshold() const noexcept { return heap_.size() < k_ ? 0.0f : heap_.front().score; }
  std::vector<ScoredDoc> sorted() && {
    std::sort(heap_.begin(), heap_.end(), better_fn);
    return std::move(heap_);
  }

 private:
  std::size_t k_;
  std::vector<ScoredDoc> heap_;
};

// Pushes the documents d0 + t of the set bits t of `mask` (scores a[t]) that beat the
// threshold `thr` and pass the filter, in ascending order; returns whether `thr` rose.
inline bool push_hits(unsigned mask, const float* a, std::uint32_t d0, const CompiledFilter& filter,
                      TopK& top, float& thr) {
  bool rose = false;
  for (; mask != 0; mask &= mask - 1) {
    const auto t = static_cast<std::uint32_t>(std::countr_zero(mask));
    const float s = a[t];
    if (s > thr && filter.accepts(d0 + t)) {  // zeros past the end never pass
      top.push({s, d0 + t});
      thr = top.threshold();
      rose = true;
    }
  }
  return rose;
}

// Pushes the documents of one scored block [b0, b0 + n) that beat the heap's threshold
// and pass the filter, in ascending document order, and clears acc[0, 64 ceil(n / 64)) for
// the next block. `acc` holds zeros after the block's end up to a multiple of 64 (the
// accumulator is cleared in whole 64-document words).
void collect_portable(float* acc, std::uint32_t b0, std::uint32_t n, const CompiledFilter& filter,
                      TopK& top) {
  float thr = top.threshold();
  for (std::uint32_t j = 0; j < n; j += 16) {
    const float* a = acc + j;
#ifdef __SSE2__
    const __m128 t4 = _mm_set1_ps(thr);
    unsigned mask = 0;
    for (int q = 0; q < 4; ++q)
      mask |= static_cast<unsigned>(_mm_movemask_ps(_mm_cmpgt_ps(_mm_loadu_ps(a + 4 * q), t4)))
              << (4 * q);
#else
    unsigned mask = 0;
    for (unsigned t = 0; t < 16; ++t) mask |= static_cast<unsigned>(a[t] > thr) << t;
#endif
    push_hits(mask, a, b0 + j, filter, top, thr);
  }
  std::fill(acc, acc + (n + 63) / 64 * 64, 0.0f);
}

// Adds qw * (the packed weights of one head term) to acc over `words` bitmap words (64
// documents each); returns the number of weights used. The portable version.
std::size_t head_scalar(float* acc, const std::uint64_t* bits, std::size_t words, const float* vals,
                        float qw) {
  std::size_t pos = 0;
  for (std::size_t w = 0; w < words; ++w) {
    float* a = acc + w * 64;
    for (std::uint64_t m = bits[w]; m != 0; m &= m - 1)
      accumulate(a[std::countr_zero(m)], qw, vals[pos++]);
  }
  return pos;
}

#ifdef SCOUTMATCH_X86_DISPATCH
// The same with AVX-512: per 16 documents, expand the next weights to their documents'
// lanes, multiply, and add in the lanes of the documents that have the term only. Per
// document this is the very multiplication and addition of accumulate() (separate mul and
// masked add: the compiler cannot fuse them into one fused multiply-add), so results equal
// head_scalar bit for bit. Reads up to 15 floats past the term's last weight (head_values_
// is padded).
__attribute__((target("avx512f,popcnt"))) std::size_t head_avx512(float* acc,
                                                                  const std::uint64_t* bits,
                                                                  std::size_t words,
                                                                  const float* vals, float qw) {
  const __m512 q = _mm512_set1_ps(qw);
  std::size_t pos = 0;
  for (std::size_t w = 0; w < words; ++w) {
    const std::uint64_t m = bits[w];
    float* a = acc + w * 64;
    for (int j = 0; j < 4; ++j) {  // no branches: head terms fill most 16-document steps
      const auto k = static_cast<__mmask16>(m >> (16 * j));
      // The weights come from L3 or memory, many terms per block: fetch 1.5 KB ahead.
      _mm_prefetch(reinterpret_cast<const char*>(vals + pos + 384), _MM_HINT_T0);
      __m512 raw = _mm512_loadu_ps(vals + pos);
      // Keeps the expand in its register form: the memory form is much slower.
      __asm__("" : "+v"(raw));
      const __m512 prod = _mm512_mul_ps(q, _mm512_maskz_expand_ps(k, raw));
      const __m512 old = _mm512_loadu_ps(a + 16 * j);
      _mm512_storeu_ps(a + 16 * j, _mm512_mask_add_ps(old, k, old, prod));
      pos += static_cast<std::size_t>(__builtin_popcount(k));
    }
  }
  return pos;
}

// ---- AVX2 kernels (CPUs without AVX-512, e.g. AMD Zen 3) ------------------------------
// The same operations per document as the AVX-512 kernels, 8 documents (one byte of a
// bitmap word) per step. AVX2 has no expand: a table gives, for each byte of bits, the
// permutation that moves the next weights to the lanes of the set bits.
struct Expand8 {
  std::int32_t index[256][8];
};
constexpr Expand8 make_expand8() {
  Expand8 t{};
  for (int m = 0; m < 256; ++m)
    for (int l = 0, c = 0; l < 8; ++l) t.index[m][l] = (m >> l) & 1 ? c++ : 0;
  return t;
}
alignas(32) constexpr Expand8 expand8_table = make_expand8();

// All ones in the lanes of the set bits of k (< 256).
__attribute__((target("avx2"), always_inline)) inline __m256 lanes8(unsigned k) noexcept {
  const __m256i sel = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
  return _mm256_castsi256_ps(
      _mm256_cmpeq_epi32(_mm256_and_si256(_mm256_set1_epi32(static_cast<int>(k)), sel), sel));
}
// The next weights (vals[0..]) in the lanes of the set bits of k, in order; other lanes
// hold some of them (mask them). Reads 8 floats.
__attribute__((target("avx2"), always_inline)) inline __m256 expand8(unsigned k,
                                                                    const float* vals) noexcept {
  const __m256i idx =
      _mm256_load_si256(reinterpret_cast<const __m256i*>(expand8_table.index[k]));
  return _mm256_permutevar8x32_ps(_mm256_loadu_ps(vals), idx);
}

// head_avx512 with AVX2 (separate multiply and blended addition, so the same bits as
// head_scalar). Reads up to 7 floats past the term's last weight (head_values_ is padded).
__attribute__((target("avx2,popcnt"))) std::size_t head_avx2(float* acc,
                                                              const std::uint64_t* bits,
                                                              std::size_t words,
                                                              const float* vals, float qw) {
  const __m256 q = _mm256_set1_ps(qw);
  std::size_t pos = 0;
  for (std::size_t w = 0; w < words; ++w) {
    const std::uint64_t m = bits[w];
    float* a = acc + w * 64;
    _mm_prefetch(reinterpret_cast<const char*>(vals + pos + 384), _MM_HINT_T0);
    for (int j = 0; j < 8; ++j) {
      const auto k = static_cast<unsigned>(m >> (8 * j)) & 0xffu;
      if (j == 4) _mm_prefetch(reinterpret_cast<const char*>(vals + pos + 384), _MM_HINT_T0);
      const __m256 prod = _mm256_mul_ps(q, expand8(k, vals + pos));
      const __m256 old = _mm256_loadu_ps(a + 8 * j);
      _mm256_storeu_ps(a + 8 * j, _mm256_blendv_ps(old, _mm256_add_ps(old, prod), lanes8(k)));
      pos += static_cast<std::size_t>(__builtin_popcount(k));
    }
  }
  return pos;
}

// The kernels in use: 0 portable, 1 AVX2, 2 AVX-512 (detail::inverted_index_kernel).
int cpu_best_level() noexcept {
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("popcnt")) return 0;
  if (__builtin_cpu_supports("avx512f")) return 2;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return 1;
  return 0;
}
const int best_level = cpu_best_level();
std::atomic<int> simd_level{best_level};
#else
constexpr int best_level = 0;
std::atomic<int> simd_level{0};
#endif
int level() noexcept {
  return simd_level.load(std::memory_order_relaxed);
}

std::size_t add_head(float* acc, const std::uint64_t* bits, std::size_t words, const float* vals,
                     float qw) {
#ifdef SCOUTMATCH_X86_DISPATCH
  if (level() == 2) return head_avx512(acc, bits, words, vals, qw);
  if (level() == 1) return head_avx2(acc, bits, words, vals, qw);
#endif
  return head_scalar(acc, bits, words, vals, qw);
}

#ifdef SCOUTMATCH_X86_DISPATCH
// collect_portable() with AVX-512. One test per 64 documents tells whether any of them
// beats the threshold (rare once the heap is full); only then are the 16-document masks
// walked. The comparisons are collect_portable()'s (s > threshold, false for NaN, which a
// maximum would not keep), so the same documents are pushed in the same order. Reads whole
// 64-document words (zero past the block's end) and clears each word once it is read
// (instead of a separate fill per block: 10-word queries 1.06x with AVX2, in-process A/B).
__attribute__((target("avx512f"))) void collect_avx512(float* acc, std::uint32_t b0,
                                                       std::uint32_t n,
                                                       const CompiledFilter& filter, TopK& top) {
  float thr = top.threshold();
  __m512 t16 = _mm512_set1_ps(thr);
  const __m512 zero = _mm512_setzero_ps();
  for (std::uint32_t j0 = 0; j0 < n; j0 += 64) {
    float* a64 = acc + j0;
    if ((_mm512_cmp_ps_mask(_mm512_loadu_ps(a64), t16, _CMP_GT_OQ) |
         _mm512_cmp_ps_mask(_mm512_loadu_ps(a64 + 16), t16, _CMP_GT_OQ) |
         _mm512_cmp_ps_mask(_mm512_loadu_ps(a64 + 32), t16, _CMP_GT_OQ) |
         _mm512_cmp_ps_mask(_mm512_loadu_ps(a64 + 48), t16, _CMP_GT_OQ)) != 0) {
      for (std::uint32_t j = j0; j < j0 + 64; j += 16) {
        const float* a = acc + j;
        const unsigned mask = _mm512_cmp_ps_mask(_mm512_loadu_ps(a), t16, _CMP_GT_OQ);
        if (push_hits(mask, a, b0 + j, filter, top, thr)) t16 = _mm512_set1_ps(thr);
      }
    }
    for (int v = 0; v < 4; ++v) _mm512_storeu_ps(a64 + 16 * v, zero);
  }
}

// collect_avx512 with AVX2: the eight compares of 64 documents or-ed into one test.
__attribute__((target("avx2"))) void collect_avx2(float* acc, std::uint32_t b0, std::uint32_t n,
                                                  const CompiledFilter& filter, TopK& top) {
  float thr = top.threshold();
  __m256 t8 = _mm256_set1_ps(thr);
  const auto gt = [&t8](const float* a) __attribute__((target("avx2"))) {
    return _mm256_cmp_ps(_mm256_loadu_ps(a), t8, _CMP_GT_OQ);
  };
  const __m256 zero = _mm256_setzero_ps();
  for (std::uint32_t j0 = 0; j0 < n; j0 += 64) {
    float* a64 = acc + j0;
    const __m256 any = _mm256_or_ps(
        _mm256_or_ps(_mm256_or_ps(gt(a64), gt(a64 + 8)), _mm256_or_ps(gt(a64 + 16), gt(a64 + 24))),
        _mm256_or_ps(_mm256_or_ps(gt(a64 + 32), gt(a64 + 40)),
                     _mm256_or_ps(gt(a64 + 48), gt(a64 + 56))));
    if (_mm256_movemask_ps(any) != 0) {
      for (std::uint32_t j = j0; j < j0 + 64; j += 16) {
        const float* a = acc + j;
        const auto mask = static_cast<unsigned>(
            _mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(a), t8, _CMP_GT_OQ)) |
            (_mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(a + 8), t8, _CMP_GT_OQ)) << 8));
        if (push_hits(mask, a, b0 + j, filter, top, thr)) t8 = _mm256_set1_ps(thr);
      }
    }
    for (int v = 0; v < 8; ++v) _mm256_storeu_ps(a64 + 8 * v, zero);
  }
}
#endif

// Pushes the documents of one scored block [b0, b0 + n) that beat the heap's threshold
// and pass the filter, in ascending document order, and clears the block's accumulator
// (see collect_portable()).
void collect(float* acc, std::uint32_t b0, std::uint32_t n, const CompiledFilter& filter,
             TopK& top) {
#ifdef SCOUTMATCH_X86_DISPATCH
  if (level() == 2) return collect_avx512(acc, b0, n, filter, top);
  if (level() == 1) return collect_avx2(acc, b0, n, filter, top);
#endif
  collect_portable(acc, b0, n, filter, top);
}

// Adds the postings of one posting list that come before document `until` to a[doc]
// through accumulate(), and moves the cursor (next document, next weight) past them.
inline void add_postings(float* a, const std::uint32_t*& doc, const std::uint32_t* end,
                         const float*& w, float qw, std::size_t until) {
  const std::uint32_t* p = doc;
  const float* v = w;
  for (; p != end && *p < until; ++p, ++v) accumulate(a[*p], qw, *v);
  doc = p;
  w = v;
}

// ---- search_batch kernels ----------------------------------------------------------------

// One head term of a block for the run kernels: its slab row (the block's weights, zeros
// where a document lacks the term), its bitmap words for the block, the query's weight.
struct SlabRow {
  const float* vals;
  const std::uint64_t* bits;
  float qw;
};

// Fills slab[0, 64 * words) with one head term's weights at its documents' positions and
// zeros elsewhere; returns the number of weights used. The portable version.
std::size_t expand_scalar(float* slab, const std::uint64_t* bits, std::size_t words,
                          const float* vals) {
  std::fill(slab, slab + words * 64, 0.0f);
  std::size_t pos = 0;
  for (std::size_t w = 0; w < words; ++w)
    for (std::uint64_t m = bits[w]; m != 0; m &= m - 1)
      slab[w * 64 + std::countr_zero(m)] = vals[pos++];
  return pos;
}

// Adds a run of head terms to acc[0, 64 * words), term after term (per document the order
// of the run), through accumulate() in the lanes of the documents that have the term.
void run_scalar(float* acc, std::size_t words, const SlabRow* rows, std::size_t r) {
  for (std::size_t i = 0; i < r; ++i) {
    const SlabRow& row = rows[i];
    for (std::size_t w = 0; w < words; ++w)
      for (std::uint64_t m = row.bits[w]; m != 0; m &= m - 1) {
        const std::size_t d = w * 64 + static_cast<std::size_t>(std::countr_zero(m));
        accumulate(acc[d], row.qw, row.vals[d]);
      }
  }
}

#ifdef SCOUTMATCH_X86_DISPATCH
// expand_scalar with AVX-512 (reads up to 15 floats past the term's last weight), into any
// layout that keeps each 32 documents' weights together: documents 32 p .. 32 p + 31 go to
// dst + p * stride (the slab of search_group: stride 32; the panels of search_group_tile:
// stride heads * 32).
__attribute__((target("avx512f,popcnt"))) std::size_t expand_strided(float* dst, std::size_t stride,
                                                                     const std::uint64_t* bits,
                                                                     std::size_t words,
                                                                     const float* vals) {
  std::size_t pos = 0;
  for (std::size_t w = 0; w < words; ++w) {
    const std::uint64_t m = bits[w];
    for (int j = 0; j < 4; ++j) {
      const auto k = static_cast<__mmask16>(m >> (16 * j));
      _mm_prefetch(reinterpret_cast<const char*>(vals + pos + 384), _MM_HINT_T0);
      __m512 raw = _mm512_loadu_ps(vals + pos);
      __asm__("" : "+v"(raw));  // the register form of expand (see head_avx512)
      _mm512_storeu_ps(dst + (2 * w + j / 2) * stride + (j % 2) * 16,
                       _mm512_maskz_expand_ps(k, raw));
      pos += static_cast<std::size_t>(__builtin_popcount(k));
    }
  }
  return pos;
}

// run_scalar with AVX-512 for R head terms: per 16 documents the accumulator stays in a
// register across the run; per term the very multiplication and masked addition of
// head_avx512 (no fused multiply-add), so the sums equal run_scalar's bit for bit.
template <int R>
__attribute__((target("avx512f"))) void run_avx512(float* acc, std::size_t words,
                                                   const SlabRow* rows) {
  __m512 q[R];
  const float* v[R];
  const std::uint64_t* b[R];
  for (int i = 0; i < R; ++i) {
    q[i] = _mm512_set1_ps(rows[i].qw);
    v[i] = rows[i].vals;
    b[i] = rows[i].bits;
  }
  for (std::size_t w = 0; w < words; ++w) {
    std::uint64_t m[R];
    for (int i = 0; i < R; ++i) m[i] = b[i][w];
    for (int j = 0; j < 4; ++j) {
      float* a = acc + w * 64 + 16 * j;
      __m512 x = _mm512_loadu_ps(a);
      for (int i = 0; i < R; ++i) {
        const auto k = static_cast<__mmask16>(m[i] >> (16 * j));
        const __m512 prod = _mm512_mul_ps(q[i], _mm512_loadu_ps(v[i] + w * 64 + 16 * j));
        x = _mm512_mask_add_ps(x, k, x, prod);
      }
      _mm512_storeu_ps(a, x);
    }
  }
}

// expand_strided with AVX2 (reads up to 7 floats past the term's last weight); W documents
// per panel (32, or 64 for the per-query panels).
template <std::size_t W = 32>
__attribute__((target("avx2,popcnt"))) std::size_t expand_strided_avx2(float* dst,
                                                                       std::size_t stride,
                                                                       const std::uint64_t* bits,
                                                                       std::size_t words,
                                                                       const float* vals) {
  std::size_t pos = 0;
  for (std::size_t w = 0; w < words; ++w) {
    const std::uint64_t m = bits[w];
    _mm_prefetch(reinterpret_cast<const char*>(vals + pos + 384), _MM_HINT_T0);
    for (int j = 0; j < 8; ++j) {
      const auto k = static_cast<unsigned>(m >> (8 * j)) & 0xffu;
      if (j == 4) _mm_prefetch(reinterpret_cast<const char*>(vals + pos + 384), _MM_HINT_T0);
      const std::size_t d = 64 * w + 8 * static_cast<std::size_t>(j);
      _mm256_storeu_ps(dst + d / W * stride + d % W,
                       _mm256_and_ps(expand8(k, vals + pos), lanes8(k)));
      pos += static_cast<std::size_t>(__builtin_popcount(k));
    }
  }
  return pos;
}

// run_avx512 with AVX2 (per term a multiplication and a blended addition: the bits of
// run_scalar).
template <int R>
__attribute__((target("avx2"))) void run_avx2(float* acc, std::size_t words,
                                               const SlabRow* rows) {
  __m256 q[R];
  const float* v[R];
  const std::uint64_t* b[R];
  for (int i = 0; i < R; ++i) {
    q[i] = _mm256_set1_ps(rows[i].qw);
    v[i] = rows[i].vals;
    b[i] = rows[i].bits;
  }
  for (std::size_t w = 0; w < words; ++w) {
    std::uint64_t m[R];
    for (int i = 0; i < R; ++i) m[i] = b[i][w];
    for (int j = 0; j < 8; ++j) {
      float* a = acc + w * 64 + 8 * j;
      __m256 x = _mm256_loadu_ps(a);
      for (int i = 0; i < R; ++i) {
        const auto k = static_cast<unsigned>(m[i] >> (8 * j)) & 0xffu;
        const __m256 prod = _mm256_mul_ps(q[i], _mm256_loadu_ps(v[i] + w * 64 + 8 * j));
        x = _mm256_blendv_ps(x, _mm256_add_ps(x, prod), lanes8(k));
      }
      _mm256_storeu_ps(a, x);
    }
  }
}
#endif

// expand_strided (AVX-512 or AVX2) where the kernels allow, else expand_scalar (stride 32).
std::size_t expand_head(float* slab, const std::uint64_t* bits, std::size_t words,
                        const float* vals) {
#ifdef SCOUTMATCH_X86_DISPATCH
  if (level() == 2) return expand_strided(slab, 32, bits, words, vals);
  if (level() == 1) return expand_strided_avx2(slab, 32, bits, words, vals);
#endif
  return expand_scalar(slab, bits, words, vals);
}

// Adds a run of r consecutive head terms of a query (ascending term id) to acc.
void add_run(float* acc, std::size_t words, const SlabRow* rows, std::size_t r) {
#ifdef SCOUTMATCH_X86_DISPATCH
  if (level() == 2) {
    for (; r >= 4; r -= 4, rows += 4) run_avx512<4>(acc, words, rows);
    if (r == 3) run_avx512<3>(acc, words, rows);
    if (r == 2) run_avx512<2>(acc, words, rows);
    if (r == 1) run_avx512<1>(acc, words, rows);
    return;
  }
  if (level() == 1) {
    for (; r >= 4; r -= 4, rows += 4) run_avx2<4>(acc, words, rows);
    if (r == 3) run_avx2<3>(acc, words, rows);
    if (r == 2) run_avx2<2>(acc, words, rows);
    if (r == 1) run_avx2<1>(acc, words, rows);
    return;
  }
#endif
  run_scalar(acc, words, rows, r);
}

// A query term in search_batch: a head term's slab row, or a posting list's cursor.
struct BatchTerm {
  float qw = 0;
  std::uint32_t row = npos;  // slab row, or npos for a posting list
  const std::uint32_t* doc{};
  const std::uint32_t* end{};
  const float* w{};
};

// Prefetches the next postings (two cache lines of documents and of weights) of each
// posting-list term of a query. An asm statement: GCC drops a loop of __builtin_prefetch
// alone (it has no side effects, and the loop then none).
inline void prefetch(const void* p) noexcept {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  __asm__ volatile("prefetcht0 %0" : : "m"(*static_cast<const char*>(p)));
#else
  (void)p;
#endif
}
// `expect`: documents of the block ahead over documents left (16.16 fixed point): the
// postings expected in the block, which are fetched with one line of margin, but at most
// prefetch_most of them (the hardware prefetcher follows a run once it has started; whole
// runs of a span (then 32k documents), ~800 KB per profile query, only pushed each other out of the
// caches: capped, profile queries 1.03-1.05x, 10-word queries unchanged, in-process A/B).
// Term: BatchTerm or InvertedIndex::Cursor; a head term's doc and end are both null, so
// only posting lists with postings left are fetched.
constexpr std::uint32_t prefetch_most = 96;
template <class Term>
void prefetch_tails(const Term* c, const Term* end, std::uint64_t expect) {
  for (; c != end; ++c) {
    if (c->doc != c->end) {
      const auto left = static_cast<std::uint64_t>(c->end - c->doc);
      const std::uint64_t want =
          std::min({left, ((left * expect) >> 16) + 16, std::uint64_t{prefetch_most}});
      for (std::uint64_t i = 0; i < want; i += 16) {
        prefetch(c->doc + i);
        prefetch(c->w + i);
      }
    }
  }
}

#ifdef SCOUTMATCH_X86_DISPATCH
// ---- search_group_tile kernels ------------------------------------------------------------

namespace kd = detail::dense;
static_assert(kd::tile_queries == tile_group);

// Most documents per span of search_group_tile(): the documents are cut into the fewest
// spans of at most this many (whole blocks), all of about the same size. A query's row of
// the other terms' sums over a span (up to 256 KB) stays in L2 while it is filled; every
// span costs each posting list one more run (a loop start and a mispredicted end). Measured
// on 300-word profiles (in-process A/B, Zen 3, 2026-12-04): against spans of 32k with a
// short last one (100k documents: 3 x 32k + 1.7k), 1.05x at 1 thread and 1.06-1.08x at 2
// (100k and 300k documents); the group's rows take up to 72 x 256 KB = 18 MB.
constexpr std::size_t tail_span = 65536;

// Documents per chunk of search_group_tile(): the group's head terms are expanded into
// the panels of one chunk at a time (189 head terms at N = 100k: 387 KB, in L2), and every
// query of the group takes its dots with them before the next chunk. Measured on the Intel
// host (2 MB L2, 2026-12-05, `BM_SparseSearchBatch/100000/1/{1,2}/{1,2}/1`): 1.06-1.07x
// with the register tile and 1.07-1.10x with the AVX2 panels against expanding a whole
// block of 4,096 documents (3 MB) first; 256-2,048 within noise of each other.
constexpr std::size_t tile_chunk = 512;

bool cpu_has_fma() noexcept {
  __builtin_cpu_init();
  return __builtin_cpu_supports("fma");
}
const bool has_fma = cpu_has_fma();

// The tile's epilogue: adds the other terms' sums (`tail`, query i's 32 documents at
// tail + i * stride) to the head dots, and marks the scores > 0 that reach query i's cut;
// those queries' 32 scores are stored to c[i * 32 ...].
struct CandidateEpilogue {
  const float* tail;
  std::size_t stride;
  const float* cut;
  float* c;
  std::uint32_t* masks;
  __attribute__((target("avx512f,fma"), always_inline)) std::uint32_t operator()(
      std::size_t i, __m512 lo, __m512 hi) const noexcept {
    const float* r = tail + i * stride;
    lo = _mm512_add_ps(lo, _mm512_loadu_ps(r));
    hi = _mm512_add_ps(hi, _mm512_loadu_ps(r + 16));
    const __m512 t = _mm512_set1_ps(cut[i]);
    const __m512 z = _mm512_setzero_ps();
    const auto mlo = static_cast<std::uint32_t>(_mm512_cmp_ps_mask(lo, t, _CMP_GE_OQ) &
                                                _mm512_cmp_ps_mask(lo, z, _CMP_GT_OQ));
    const auto mhi = static_cast<std::uint32_t>(_mm512_cmp_ps_mask(hi, t, _CMP_GE_OQ) &
                                                _mm512_cmp_ps_mask(hi, z, _CMP_GT_OQ));
    const std::uint32_t m = mlo | (mhi << 16);
    masks[i] = m;
    if (m) {
      _mm512_storeu_ps(c + i * kd::tile_rows, lo);
      _mm512_storeu_ps(c + i * kd::tile_rows + 16, hi);
    }
    return m;
  }
};

// One panel: 12 queries' head weights `qp` ([heads][12]) times 32 documents' `xp`
// ([heads][32]), then the epilogue.
__attribute__((target("avx512f,fma"))) std::uint32_t tile_panel(const float* qp, const float* xp,
                                                                std::size_t heads,
                                                                CandidateEpilogue& e) {
  return kd::tile_12x32(qp, xp, heads, e);
}

// The panels of search_group_tile() with AVX2: 64 documents each ([heads][64]).
constexpr std::size_t query_panel_docs = 64;

// One query's dots with the 64 documents of a panel over the query's own head rows only
// (`off`: row * 64, ascending rows; `w`: its weights, none 0), then tile_panel's epilogue
// (the other terms' sums `tail` added, scores > 0 that reach `cut` marked); the 64 scores
// go to c[0, 64), the marks are returned. Each dot is the register tile's chain of fused
// multiply-adds without the query's zero weights, which add exactly 0 there (fma(0, x, a)
// = a for finite x), so the bits are the tile's. Eight chains of one FMA per row: one row
// costs 8 loads (its 64 weights) and 8 FMAs, so a query pays only for its own ~1/3 of the
// group's head rows.
__attribute__((target("avx2,fma"))) std::uint64_t query_panel_avx2(const float* xp,
                                                                   const std::uint32_t* off,
                                                                   const float* w, std::size_t n,
                                                                   const float* tail, float cut,
                                                                   float* c) {
  constexpr int V = query_panel_docs / 8;
  __m256 a[V];
#pragma GCC unroll 8
  for (int v = 0; v < V; ++v) a[v] = _mm256_setzero_ps();
  for (std::size_t j = 0; j < n; ++j) {
    const float* x = xp + off[j];
    const __m256 b = _mm256_broadcast_ss(w + j);
#pragma GCC unroll 8
    for (int v = 0; v < V; ++v) a[v] = _mm256_fmadd_ps(b, _mm256_loadu_ps(x + 8 * v), a[v]);
  }
  const __m256 t = _mm256_set1_ps(cut), z = _mm256_setzero_ps();
  std::uint64_t m = 0;
#pragma GCC unroll 8
  for (int v = 0; v < V; ++v) {
    const __m256 s = _mm256_add_ps(a[v], _mm256_loadu_ps(tail + 8 * v));
    _mm256_storeu_ps(c + 8 * v, s);
    const __m256 keep =
        _mm256_and_ps(_mm256_cmp_ps(s, t, _CMP_GE_OQ), _mm256_cmp_ps(s, z, _CMP_GT_OQ));
    m |= std::uint64_t{static_cast<unsigned>(_mm256_movemask_ps(keep))} << (8 * v);
  }
  return m;
}
#endif

// 64-byte aligned float scratch that only grows (uninitialised).
struct Scratch {
  std::unique_ptr<float[]> raw;
  std::size_t size = 0;
  float* get(std::size_t n) {
    if (n + 16 > size) {
      size = n + 16;
      raw = std::make_unique_for_overwrite<float[]>(size);
    }
    auto p = reinterpret_cast<std::uintptr_t>(raw.get());
    return reinterpret_cast<float*>((p + 63) & ~std::uintptr_t{63});
  }
};

}  // namespace

namespace detail {
bool inverted_index_simd(bool enable) noexcept {
  return inverted_index_kernel(enable ? SparseKernel::avx512 : SparseKernel::portable) !=
         SparseKernel::portable;
}
SparseKernel inverted_index_kernel(SparseKernel k) noexcept {
  const int want = std::min(static_cast<int>(k), best_level);
  return static_cast<SparseKernel>(simd_level.exchange(want));
}
}  // namespace detail

// The scoring state of one query term over a range of documents: a head term's bitmap and
// next weight, or the rest of a posting list.
struct InvertedIndex::Cursor {
  float qw = 0;
  std::uint32_t head = npos;   // head slot, or npos for a posting list
  const std::uint32_t* doc{};  // posting list: next posting
  const std::uint32_t* end{};
  const float* w{};  // next weight (posting list or packed head weights)
};

void keep_top_k(std::vector<ScoredDoc>& candidates, std::size_t k) {
  if (candidates.size() > k) {
    std::nth_element(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(k),
                     candidates.end(), better_fn);
    candidates.resize(k);
  }
  std::sort(candidates.begin(), candidates.end(), better_fn);
}

InvertedIndex InvertedIndex::build(const SpaceVectors& space) {
  InvertedIndex ix;
  const SparseVectors& fwd = space.sat;
  const std::size_t n = fwd.rows();
  ix.n_docs_ = n;
  ix.nnz_ = fwd.nnz();
  const std::size_t n_terms = space.idf.size();
  // A parallel transpose: the documents are cut into ranges (whole 64-document bitmap
  // words, so no two ranges share a word), each range counts its terms, and each range then
  // writes its postings at the offsets its counts give. Postings stay in ascending document
  // order, so the index is the same for any number of ranges.
  const std::size_t words = (n + 63) / 64;
  const std::size_t want =
      std::max<std::size_t>(1, static_cast<std::size_t>(tbb::this_task_arena::max_concurrency()));
  const std::size_t ranges =
      std::clamp<std::size_t>(std::min(want * 2, fwd.nnz() / (std::size_t{1} << 16) + 1), 1,
                              std::max<std::size_t>(1, words));
  const std::size_t words_per_range = (words + ranges - 1) / ranges;
  const auto range_docs = [&](std::size_t r) {
    return std::pair{std::min(n, r * words_per_range * 64),
                     std::min(n, (r + 1) * words_per_range * 64)};
  };
  // count[r * n_terms + t]: postings of term t in range r; then where range r writes them.
  std::vector<std::uint64_t> count(ranges * n_terms, 0);
  tbb::parallel_for(std::size_t{0}, ranges, [&](std::size_t r) {
    std::uint64_t* c = count.data() + r * n_terms;
    const auto [lo, hi] = range_docs(r);
    for (std::uint64_t i = fwd.offsets[lo]; i < fwd.offsets[hi]; ++i) ++c[fwd.terms[i]];
  });
  std::vector<std::uint64_t> df(n_terms, 0);
  for (std::size_t r = 0; r < ranges; ++r)
    for (std::size_t t = 0; t < n_terms; ++t) df[t] += count[r * n_terms + t];
  // Head terms: in at least 1/8 of the documents, where a bitmap (N/8 bytes) plus 4 bytes
  // per posting costs less than 8 bytes per posting and 16-document steps pay off.
  ix.head_of_.assign(n_terms, npos);
  ix.words_ = words;
  ix.blocks_ = (n + block_docs - 1) / block_docs;
  std::size_t heads = 0;
  for (std::size_t t = 0; t < n_terms; ++t)
    if (df[t] > 0 && df[t] * 8 >= n) {
      ix.head_of_[t] = static_cast<std::uint32_t>(heads++);
      ix.head_start_.push_back(ix.head_start_.back() + df[t]);
    }
  ix.head_bits_.assign(heads * ix.words_, 0);
  ix.head_values_.assign(ix.head_start_.back() + 16, 0.0f);
  ix.offsets_.assign(n_terms + 1, 0);
  for (std::size_t t = 0; t < n_terms; ++t)
    ix.offsets_[t + 1] = ix.offsets_[t] + (ix.head_of_[t] == npos ? df[t] : 0);
  ix.docs_.resize(ix.offsets_.back());
  ix.weights_.resize(ix.offsets_.back());
  // count -> each range's first write position per term (head terms: in head_values_).
  for (std::size_t t = 0; t < n_terms; ++t) {
    const std::uint32_t h = ix.head_of_[t];
    std::uint64_t at = h == npos ? ix.offsets_[t] : ix.head_start_[h];
    for (std::size_t r = 0; r < ranges; ++r) {
      const std::uint64_t c = count[r * n_terms + t];
      count[r * n_terms + t] = at;
      at += c;
    }
  }
  // Whether every weight is tame(), per range (char, not bool: ranges write side by side).
  std::vector<char> range_tame(ranges, 1);
  tbb::parallel_for(std::size_t{0}, ranges, [&](std::size_t r) {
    std::uint64_t* fill = count.data() + r * n_terms;
    const auto [lo, hi] = range_docs(r);
    bool all_tame = true;
    for (std::size_t d = lo; d < hi; ++d) {
      for (std::uint64_t i = fwd.offsets[d]; i < fwd.offsets[d + 1]; ++i) {
        const TermId t = fwd.terms[i];
        const float w = space.idf[t] * fwd.values[i];
        all_tame &= tame(w);
        const std::uint64_t at = fill[t]++;
        if (const std::uint32_t h = ix.head_of_[t]; h != npos) {
          ix.head_bits_[h * ix.words_ + d / 64] |= std::uint64_t{1} << (d % 64);
          ix.head_values_[at] = w;
        } else {
          ix.docs_[at] = static_cast<std::uint32_t>(d);
          ix.weights_[at] = w;
        }
      }
    }
    range_tame[r] = all_tame;
  });
  ix.tame_weights_ = std::all_of(range_tame.begin(), range_tame.end(), [](char t) { return t; });
  constexpr std::size_t words_per_block = block_docs / 64;
  ix.head_prefix_.resize(heads * (ix.blocks_ + 1));
  tbb::parallel_for(std::size_t{0}, heads, [&](std::size_t h) {
    const std::uint64_t* bits = ix.head_bits_.data() + h * ix.words_;
    std::uint32_t* prefix = ix.head_prefix_.data() + h * (ix.blocks_ + 1);
    std::uint32_t count = 0;
    for (std::size_t b = 0; b < ix.blocks_; ++b) {
      prefix[b] = count;
      for (std::size_t w = b * words_per_block; w < std::min(ix.words_, (b + 1) * words_per_block);
           ++w)
        count += static_cast<std::uint32_t>(std::popcount(bits[w]));
    }
    prefix[ix.blocks_] = count;
  });
  return ix;
}

std::size_t InvertedIndex::memory_bytes() const noexcept {
  return offsets_.size() * sizeof(std::uint64_t) + docs_.size() * sizeof(std::uint32_t) +
         weights_.size() * sizeof(float) + head_of_.size() * sizeof(std::uint32_t) +
         head_bits_.size() * sizeof(std::uint64_t) + head_start_.size() * sizeof(std::uint64_t) +
         head_prefix_.size() * sizeof(std::uint32_t) + head_values_.size() * sizeof(float);
}

void InvertedIndex::cursors(const QueryVector& q, std::uint32_t lo,
                            std::vector<Cursor>& out) const {
  out.clear();
  for (std::size_t i = 0; i < q.terms.size(); ++i) {
    const TermId t = q.terms[i];
    if (t >= head_of_.size()) continue;
    Cursor c;
    c.qw = q.weights[i];
    if (const std::uint32_t h = head_of_[t]; h != npos) {
      c.head = h;
      c.w =
          head_values_.data() + head_start_[h] + head_prefix_[h * (blocks_ + 1) + lo / block_docs];
    } else {
      if (offsets_[t] == offsets_[t + 1]) continue;
      c.doc = docs_.data() + offsets_[t];
      c.end = docs_.data() + offsets_[t + 1];
      if (lo > 0) c.doc = std::lower_bound(c.doc, c.end, lo);
      c.w = weights_.data() + (c.doc - docs_.data());
    }
    out.push_back(c);
  }
}

// Scores the documents [b0, b1) (b0 a multiple of block_docs, b1 - b0 <= block_docs) into
// acc[0, b1 - b0), term by term in ascending term id, advancing the cursors past b1.
// acc[0, 64 ceil((b1 - b0) / 64)) must be zero (whole words: the head kernels touch them).
void InvertedIndex::score_block(std::vector<Cursor>& cur, std::uint32_t b0, std::uint32_t b1,
                                float* acc) const {
  const std::size_t w0 = b0 / 64, words = (b1 - b0 + 63) / 64;
  for (Cursor& c : cur) {
    if (c.head != npos) {
      c.w += add_head(acc, head_bits_.data() + c.head * words_ + w0, words, c.w, c.qw);
    } else {
      add_postings(acc - b0, c.doc, c.end, c.w, c.qw, b1);
    }
  }
}

std::vector<ScoredDoc> InvertedIndex::search_range(const QueryVector& query, std::size_t k,
                                                   const CompiledFilter& filter, std::uint32_t lo,
                                                   std::uint32_t hi) const {
  // The block's accumulator, padded to whole 64-document words for the head kernels;
  // collect() clears it for the next block.
  alignas(64) float acc[block_docs];
  std::fill(acc, acc + block_docs, 0.0f);
  std::vector<Cursor> cur;
  cursors(query, lo, cur);
  TopK top(k);
  for (std::uint32_t b0 = lo; b0 < hi; b0 += block_docs) {
    const std::uint32_t b1 = std::min<std::uint32_t>(hi, b0 + block_docs);
    score_block(cur, b0, b1, acc);
    // The next block's postings load while this block's scores are collected.
    if (b1 < hi)
      prefetch_tails(cur.data(), cur.data() + cur.size(),
                     (std::uint64_t{block_docs} << 16) / (n_docs_ - b1));
    collect(acc, b0, b1 - b0, filter, top);
  }
  return std::move(top).sorted();
}

// Few postings: score only the touched documents in an accumulator over all documents
// that is kept zero between queries (a per-thread buffer).
std::vector<ScoredDoc> InvertedIndex::search_sparse(const QueryVector& q, std::size_t k,
                                                    const CompiledFilter& filter) const {
  static thread_local std::vector<float> acc;
  static thread_local std::vector<std::uint32_t> touched;
  if (acc.size() < n_docs_) acc.resize(n_docs_, 0.0f);
  touched.clear();
  for (std::size_t i = 0; i < q.terms.size(); ++i) {
    const TermId t = q.terms[i];
    if (t >= head_of_.size()) continue;
    const float qw = q.weights[i];
    for (std::uint64_t j = offsets_[t]; j < offsets_[t + 1]; ++j) {
      float& a = acc[docs_[j]];
      if (a == 0.0f) touched.push_back(docs_[j]);
      accumulate(a, qw, weights_[j]);
    }
  }
  // A document is listed again only if its sum was still 0 at a later term; the first
  // visit below resets it, so each is considered once.
  std::vector<ScoredDoc> all;
  for (std::uint32_t d : touched) {
    const float s = acc[d];
    acc[d] = 0.0f;
    if (s > 0 && filter.accepts(d)) all.push_back({s, d});
  }
  keep_top_k(all, k);
  return all;
}

void InvertedIndex::score_all(const QueryVector& query, std::vector<float>& out) const {
  out.assign(n_docs_, 0.0f);
  if (query.empty() || n_docs_ == 0) return;
  std::vector<Cursor> cur;
  cursors(query, 0, cur);
  // Head kernels write whole 64-document words: the last partial block goes through a
  // padded buffer.
  alignas(64) float tail[block_docs];
  std::fill(tail, tail + block_docs, 0.0f);
  for (std::uint32_t b0 = 0; b0 < n_docs_; b0 += block_docs) {
    const auto b1 = static_cast<std::uint32_t>(std::min<std::size_t>(n_docs_, b0 + block_docs));
    if (b1 - b0 == block_docs) {
      score_block(cur, b0, b1, out.data() + b0);
    } else {
      score_block(cur, b0, b1, tail);
      std::copy(tail, tail + (b1 - b0), out.data() + b0);
    }
  }
}

// Whether the query's postings are few enough (< N/16) to score only the touched documents.
// Never true with a head term in the query (its postings are >= N/8).
bool InvertedIndex::few_postings(const QueryVector& query) const noexcept {
  std::uint64_t touched = 0;
  for (TermId t : query.terms) {
    if (t >= head_of_.size()) continue;
    const std::uint32_t h = head_of_[t];
    touched += h != npos ? head_start_[h + 1] - head_start_[h] : offsets_[t + 1] - offsets_[t];
  }
  return touched * 16 < n_docs_;
}

std::vector<ScoredDoc> InvertedIndex::search(const QueryVector& query, std::size_t k,
                                             const CompiledFilter& filter, bool parallel) const {
  if (k == 0 || n_docs_ == 0 || query.empty()) return {};
  if (few_postings(query)) return search_sparse(query, k, filter);
  const auto n = static_cast<std::uint32_t>(n_docs_);
  const int workers = tbb::this_task_arena::max_concurrency();
  if (!parallel || workers <= 1 || n_docs_ < 4096) return search_range(query, k, filter, 0, n);
  // Ranges of whole blocks, about four per worker.
  const std::size_t want = static_cast<std::size_t>(workers) * 4;
  const std::size_t step =
      std::max<std::size_t>(1, (blocks_ + want - 1) / want) * std::size_t{block_docs};
  const std::size_t chunks = (n_docs_ + step - 1) / step;
  std::vector<std::vector<ScoredDoc>> parts(chunks);
  tbb::parallel_for(std::size_t{0}, chunks, [&](std::size_t c) {
    const std::size_t lo = c * step, hi = std::min(n_docs_, lo + step);
    parts[c] = search_range(query, k, filter, static_cast<std::uint32_t>(lo),
                            static_cast<std::uint32_t>(hi));
  });
  std::vector<ScoredDoc> all;
  for (auto& p : parts) all.insert(all.end(), p.begin(), p.end());
  keep_top_k(all, k);
  return all;
}

// The head terms that any query of a group has, ascending head slot (= ascending term id):
// `slots` lists them, `row_of` maps a head slot to its row (npos: none of the group has it).
// Returns the block size: the rows of a block (a float per row and document) within
// batch_slab_bytes, 256 to batch_block documents.
std::size_t InvertedIndex::group_heads(std::span<const QueryVector* const> queries,
                                       std::vector<std::uint32_t>& row_of,
                                       std::vector<std::uint32_t>& slots) const {
  row_of.assign(head_terms(), npos);
  slots.clear();
  for (const QueryVector* q : queries)
    for (TermId t : q->terms)
      if (t < head_of_.size() && head_of_[t] != npos) row_of[head_of_[t]] = 0;
  for (std::uint32_t h = 0; h < row_of.size(); ++h)
    if (row_of[h] == 0) {
      row_of[h] = static_cast<std::uint32_t>(slots.size());
      slots.push_back(h);
    }
  if (slots.empty()) return batch_block;
  return std::clamp<std::size_t>(batch_slab_bytes / (slots.size() * sizeof(float)) / 64 * 64, 256,
                                 batch_block);
}

// One group of queries (none empty, none on the few-postings path, k >= 1; `ks` and
// `filters` one per query), block-major:
// see the file comment of the header.
void InvertedIndex::search_group(std::span<const QueryVector* const> queries,
                                 std::span<const std::size_t> ks,
                                 std::span<const CompiledFilter* const> filters,
                                 std::span<std::vector<ScoredDoc>* const> out) const {
  const std::size_t g = queries.size();
  std::vector<std::uint32_t> row_of, slots;
  const std::size_t block = group_heads(queries, row_of, slots);
  std::vector<std::vector<BatchTerm>> terms(g);
  std::vector<TopK> tops;
  tops.reserve(g);
  for (std::size_t i = 0; i < g; ++i) {
    const QueryVector& q = *queries[i];
    for (std::size_t j = 0; j < q.terms.size(); ++j) {
      const TermId t = q.terms[j];
      if (t >= head_of_.size()) continue;
      BatchTerm c;
      c.qw = q.weights[j];
      if (const std::uint32_t h = head_of_[t]; h != npos) {
        c.row = row_of[h];
      } else {
        if (offsets_[t] == offsets_[t + 1]) continue;
        c.doc = docs_.data() + offsets_[t];
        c.end = docs_.data() + offsets_[t + 1];
        c.w = weights_.data() + offsets_[t];
      }
      terms[i].push_back(c);
    }
    tops.emplace_back(ks[i]);
  }
  Scratch slab_mem;  // freed with the group (the allocator keeps it for the next one)
  float* slab = slab_mem.get(slots.size() * block);
  std::vector<std::uint64_t> pos(slots.size());
  for (std::size_t r = 0; r < slots.size(); ++r) pos[r] = head_start_[slots[r]];
  alignas(64) float acc[batch_block];
  std::fill(acc, acc + batch_block, 0.0f);  // then cleared by collect() after each use
  std::vector<SlabRow> run;
  for (std::size_t b0 = 0; b0 < n_docs_; b0 += block) {
    const std::size_t b1 = std::min(n_docs_, b0 + block);
    const std::size_t w0 = b0 / 64, words = (b1 - b0 + 63) / 64;
    for (std::size_t r = 0; r < slots.size(); ++r)
      pos[r] += expand_head(slab + r * block, head_bits_.data() + slots[r] * words_ + w0, words,
                            head_values_.data() + pos[r]);
    // For the next query (the last one prefetches for the first one's next block).
    const std::uint64_t expect =
        (std::uint64_t{block} << 16) / std::max<std::size_t>(1, n_docs_ - b0);
    if (b0 == 0) prefetch_tails(terms[0].data(), terms[0].data() + terms[0].size(), expect);
    for (std::size_t i = 0; i < g; ++i) {
      // The postings of the next query's terms come from memory, a few per term and block
      // in thousands of streams that the hardware does not follow: fetch them while this
      // query is scored, a few at each of its terms (all at once would stall on the
      // outstanding misses).
      const std::vector<BatchTerm>& next = terms[i + 1 < g ? i + 1 : 0];
      const BatchTerm* pf = next.data();
      const BatchTerm* const pf_end = next.data() + next.size();
      std::vector<BatchTerm>& ts = terms[i];
      const std::size_t pf_step = ts.empty() ? 0 : (next.size() + ts.size() - 1) / ts.size();
      for (std::size_t j = 0; j < ts.size();) {
        {
          const BatchTerm* const e = std::min(pf_end, pf + pf_step * (ts[j].row != npos ? 2 : 1));
          prefetch_tails(pf, e, expect);
          pf = e;
        }
        if (ts[j].row != npos) {
          // The run of consecutive head terms from j, added in one pass.
          run.clear();
          for (; j < ts.size() && ts[j].row != npos; ++j)
            run.push_back({slab + ts[j].row * block,
                           head_bits_.data() + slots[ts[j].row] * words_ + w0, ts[j].qw});
          add_run(acc, words, run.data(), run.size());
        } else {
          BatchTerm& c = ts[j++];
          add_postings(acc - b0, c.doc, c.end, c.w, c.qw, b1);
        }
      }
      prefetch_tails(pf, pf_end, expect);
      collect(acc, static_cast<std::uint32_t>(b0), static_cast<std::uint32_t>(b1 - b0), *filters[i],
              tops[i]);
    }
  }
  for (std::size_t i = 0; i < g; ++i) *out[i] = std::move(tops[i]).sorted();
}

// Whether search_group_tile() may score these queries: AVX-512 (and FMA) in use, every
// weight of the index and of the queries 0 or a normal float in [2^-60, 2^60] (products
// and sums then stay normal, so the relative rounding allowance holds).
bool InvertedIndex::tile_ready(std::span<const QueryVector* const> queries) const noexcept {
#ifdef SCOUTMATCH_X86_DISPATCH
  if (level() == 0 || !has_fma || !tame_weights_) return false;
  for (const QueryVector* q : queries)
    for (float w : q->weights)
      if (!tame(w)) return false;
  return true;
#else
  (void)queries;
  return false;
#endif
}

// search_group() with the head terms as a dense product. Per span of documents the other
// terms' postings are first added into one row per query; then per chunk (tile_chunk) the
// group's head terms are expanded into panels of 32 documents ([heads][32] each, zeros
// where a document lacks the term), and per panel the register tile computes the 12 x 32
// head dots of each sub-group of 12 queries (one chain of fused multiply-adds per dot over
// the head terms in ascending id) and its epilogue adds the rows. With AVX2 the panels hold 64
// documents and each query takes its dots over its own head terms only (query_panel_avx2: the same
// chains without the zero weights, so the same sums). Such a score s' and the exact score s
// (search()'s order, separate multiply and add) are both sums of the same n products >= 0, each
// within gamma = (n + 2) u (u = 2^-24, one more rounding for the final addition) of the exact real
// sum, so s' >= s (1 - 2 gamma) and s >= s' (1 - 2 gamma). Each query keeps the k best s'
// (theta' = the k-th) and every document with s' >= theta' (1 - 4 gamma) as a candidate:
// the k documents held have s >= theta' (1 - 2 gamma), so any document of the exact top k
// has s' >= theta' (1 - 2 gamma)^2, above the cut. The candidates are then scored with
// score_document() (the forward vectors, ascending term id, accumulate()) and the best k
// kept by better(): the results of search(), bit for bit.
void InvertedIndex::search_group_tile(std::span<const QueryVector* const> queries,
                                      std::span<const std::size_t> ks,
                                      std::span<const CompiledFilter* const> filters,
                                      std::span<std::vector<ScoredDoc>* const> out,
                                      const SpaceVectors& forward) const {
#ifdef SCOUTMATCH_X86_DISPATCH
  constexpr std::size_t tq = kd::tile_queries, tr = kd::tile_rows;
  const bool avx512 = level() == 2;  // else AVX2 (tile_ready)
  const std::size_t g = queries.size();
  std::vector<std::uint32_t> row_of, slots;
  const std::size_t block = group_heads(queries, row_of, slots);
  const std::size_t heads = slots.size();
  // AVX-512: per sub-group of 12 queries their head weights ([heads][12]) for the tile.
  // AVX2: per query its own head rows (offsets in a panel of pw documents) and weights.
  // Per query its other terms, its cut's factor, its k best approximate scores and its
  // candidates.
  const std::size_t subs = (g + tq - 1) / tq, pw = avx512 ? tr : query_panel_docs;
  std::vector<float> qp(avx512 ? subs * heads * tq : 0, 0.0f);
  std::vector<std::pair<std::uint32_t, float>> own;  // query i's (row, weight), then sorted
  std::vector<std::uint32_t> own_off;
  std::vector<float> own_w;
  std::vector<std::size_t> own_at(g + 1, 0);
  std::vector<std::vector<BatchTerm>> tails(g);
  std::vector<double> shrink(g);
  std::vector<TopK> tops;
  tops.reserve(g);
  std::vector<std::vector<ScoredDoc>> cands(g);
  std::vector<float> cut(subs * tq, std::numeric_limits<float>::infinity());
  for (std::size_t i = 0; i < g; ++i) {
    const QueryVector& q = *queries[i];
    own.clear();
    for (std::size_t j = 0; j < q.terms.size(); ++j) {
      const TermId t = q.terms[j];
      if (t >= head_of_.size()) continue;
      if (const std::uint32_t h = head_of_[t]; h != npos) {
        if (avx512)
          qp[(i / tq) * heads * tq + row_of[h] * tq + i % tq] = q.weights[j];
        else if (q.weights[j] != 0.0f)
          own.emplace_back(row_of[h], q.weights[j]);
      } else if (offsets_[t] != offsets_[t + 1]) {
        BatchTerm c;
        c.qw = q.weights[j];
        c.doc = docs_.data() + offsets_[t];
        c.end = docs_.data() + offsets_[t + 1];
        c.w = weights_.data() + offsets_[t];
        tails[i].push_back(c);
      }
    }
    if (!avx512) {
      // Ascending rows: the tile's order of additions (see query_panel_avx2).
      std::sort(own.begin(), own.end());
      for (const auto& [r, w] : own) {
        own_off.push_back(static_cast<std::uint32_t>(r * pw));
        own_w.push_back(w);
      }
      own_at[i + 1] = own_off.size();
    }
    const double gamma = static_cast<double>(q.terms.size() + 2) * 0x1p-24 * 1.01;
    shrink[i] = 1.0 - 4.0 * gamma;
    tops.emplace_back(ks[i]);
    cut[i] = 0.0f;
  }
  // The cut of query i: theta' (1 - 4 gamma), rounded down to a float; 0 while fewer than
  // k documents have a score (every document with a score > 0 is then a candidate).
  const auto cut_of = [&](std::size_t i) {
    const double c = static_cast<double>(tops[i].threshold()) * shrink[i];
    auto f = static_cast<float>(c);
    if (static_cast<double>(f) > c) f = std::nextafter(f, 0.0f);
    return f;
  };
  // Takes query i's documents d0 + lane for the lanes of `mask` (scores sc[lane]) that
  // still reach its cut and pass its filter.
  const auto take = [&](std::size_t i, std::uint64_t mask, const float* sc, std::size_t d0) {
    for (; mask != 0; mask &= mask - 1) {
      const auto lane = static_cast<std::uint32_t>(std::countr_zero(mask));
      const ScoredDoc d{sc[lane], static_cast<std::uint32_t>(d0 + lane)};
      if (d.score < cut[i] || !filters[i]->accepts(d.doc)) continue;
      tops[i].push(d);
      cands[i].push_back(d);
      cut[i] = cut_of(i);
    }
    // Keeps the candidate list short when the cut rose since they were kept.
    std::vector<ScoredDoc>& cs = cands[i];
    if (cs.size() > 4 * ks[i] + 1024)
      std::erase_if(cs, [&](const ScoredDoc& x) { return x.score < cut[i]; });
  };
  // The documents go in spans of whole blocks; per span, first each query's other terms
  // are added into its row of span floats (whole posting-list runs, the row in L2), then
  // the span's blocks are scored.
  const std::size_t n_blocks = (n_docs_ + block - 1) / block;
  const std::size_t n_spans = (n_docs_ + tail_span - 1) / tail_span;
  const std::size_t span = (n_blocks + n_spans - 1) / n_spans * block;
  Scratch panel_mem, tail_mem;  // freed with the group, as search_group()'s slab
  float* xp = panel_mem.get(std::max<std::size_t>(heads, 1) * tile_chunk);
  float* tail = tail_mem.get(subs * tq * span);  // rows past the group's queries stay 0
  std::fill(tail + g * span, tail + subs * tq * span, 0.0f);
  std::vector<std::uint64_t> pos(heads);
  for (std::size_t r = 0; r < heads; ++r) pos[r] = head_start_[slots[r]];
  alignas(64) float scores[tq * tr];
  std::uint32_t masks[tq];
  const auto expand = avx512 ? expand_strided : expand_strided_avx2<query_panel_docs>;
  for (std::size_t s0 = 0; s0 < n_docs_; s0 += span) {
    const std::size_t s1 = std::min(n_docs_, s0 + span);
    const std::uint64_t expect = (std::uint64_t{span} << 16) / (n_docs_ - s0);
    for (std::size_t i = 0; i < g; ++i) {
      const std::vector<BatchTerm>& next = tails[i + 1 < g ? i + 1 : 0];
      prefetch_tails(next.data(), next.data() + next.size(), expect);
      float* row = tail + i * span;
      std::fill(row, row + span, 0.0f);
      row -= s0;
      for (BatchTerm& c : tails[i]) add_postings(row, c.doc, c.end, c.w, c.qw, s1);
    }
    for (std::size_t b0 = s0; b0 < s1; b0 += tile_chunk) {
      const std::size_t b1 = std::min(s1, b0 + tile_chunk);
      const std::size_t w0 = b0 / 64, words = (b1 - b0 + 63) / 64, panels = 64 * words / pw;
      for (std::size_t r = 0; r < heads; ++r)
        pos[r] += expand(xp + r * pw, heads * pw, head_bits_.data() + slots[r] * words_ + w0, words,
                         head_values_.data() + pos[r]);
      if (!avx512) {
        // Panel-major: the panel (heads x 64 floats) stays in L2 while every query of the
        // group takes its dots with it.
        for (std::size_t p = 0; p < panels; ++p)
          for (std::size_t i = 0; i < g; ++i)
            if (const std::uint64_t m =
                    query_panel_avx2(xp + p * heads * pw, own_off.data() + own_at[i],
                                     own_w.data() + own_at[i], own_at[i + 1] - own_at[i],
                                     tail + i * span + (b0 - s0) + p * pw, cut[i], scores))
              take(i, m, scores, b0 + p * pw);
        continue;
      }
      // Panel-major: a panel (heads x 32 floats, ~24 KB) stays in L1 while every
      // sub-group of the group takes its tile with it (sub-group-major, the chunk's panels
      // came from L2 once per sub-group).
      for (std::size_t p = 0; p < panels; ++p)
        for (std::size_t sg = 0; sg < subs; ++sg) {
          const std::size_t i0 = sg * tq, i1 = std::min(g, i0 + tq);
          const float* rows = tail + i0 * span + (b0 - s0) + p * tr;
          // The rows of 12 queries are 12 of the group's up to 72 streams, too many for
          // the hardware prefetcher: fetch the epilogue's sums a few panels ahead.
          if (b0 + (p + 4) * tr < s1)
            for (std::size_t i = 0; i < tq; ++i) {
              prefetch(rows + i * span + 4 * tr);
              prefetch(rows + i * span + 4 * tr + 16);
            }
          CandidateEpilogue e{rows, span, cut.data() + i0, scores, masks};
          if (tile_panel(qp.data() + sg * heads * tq, xp + p * heads * tr, heads, e) == 0) continue;
          for (std::size_t i = i0; i < i1; ++i)
            if (masks[i - i0] != 0) take(i, masks[i - i0], scores + (i - i0) * tr, b0 + p * tr);
        }
    }
  }
  for (std::size_t i = 0; i < g; ++i) {
    const float c = cut_of(i);
    std::vector<ScoredDoc> exact;
    for (const ScoredDoc& d : cands[i])
      if (d.score >= c)
        if (const float s = score_document(forward, *queries[i], d.doc); s > 0)
          exact.push_back({s, d.doc});
    keep_top_k(exact, ks[i]);
    *out[i] = std::move(exact);
  }
#else
  (void)forward;
  search_group(queries, ks, filters, out);
#endif
}

std::vector<std::vector<ScoredDoc>> InvertedIndex::search_batch(
    std::span<const QueryVector> queries, std::span<const std::size_t> ks,
    std::span<const CompiledFilter* const> filters, bool parallel,
    const SpaceVectors* forward) const {
  const std::size_t n = queries.size();
  if (ks.size() != 1 && ks.size() != n)
    throw invalid_argument("scoutmatch.search.1", "search_batch: " + std::to_string(ks.size()) +
                                                      " values of k for " + std::to_string(n) +
                                                      " queries (expected 1 or one per query)");
  if (filters.size() != 1 && filters.size() != n)
    throw invalid_argument("scoutmatch.search.1",
                           "search_batch: " + std::to_string(filters.size()) + " filters for " +
                               std::to_string(n) + " queries (expected 1 or one per query)");
  for (const CompiledFilter* f : filters)
    if (f == nullptr)
      throw invalid_argument("scoutmatch.search.1", "search_batch: a filter is null");
  if (forward != nullptr && (forward->sat.rows() != n_docs_ ||
                             forward->idf.size() != head_of_.size() || forward->sat.nnz() != nnz_))
    throw invalid_argument(
        "scoutmatch.search.4",
        "search_batch: the forward vectors (" + std::to_string(forward->sat.rows()) +
            " documents, " + std::to_string(forward->sat.nnz()) +
            " postings) are not those the index was built from (" + std::to_string(n_docs_) +
            " documents, " + std::to_string(nnz_) + " postings)");
  std::vector<std::vector<ScoredDoc>> results(n);
  auto k_of = [&](std::size_t i) { return ks.size() == 1 ? ks[0] : ks[i]; };
  auto filter_of = [&](std::size_t i) { return filters[filters.size() == 1 ? 0 : i]; };
  // Queries that search() answers without the blocks run alone; the rest in groups.
  std::vector<std::size_t> alone, blocked;
  for (std::size_t i = 0; i < n; ++i) {
    const QueryVector& q = queries[i];
    std::size_t heads = 0;
    for (TermId t : q.terms) heads += t < head_of_.size() && head_of_[t] != npos;
    if (k_of(i) == 0 || n_docs_ == 0 || q.empty() || few_postings(q) || heads < batch_min_heads)
      alone.push_back(i);
    else
      blocked.push_back(i);
  }
  // Groups of at most batch_group queries, of equal size (no small last group); for the
  // register tile (forward vectors given) at most 72, and whole sub-groups of 12 when there
  // are enough groups to keep the workers busy (with few groups, equal sizes matter more
  // than a partly empty tile: 100 queries on 2 threads run as 50 + 50, not 60 + 40).
  const std::size_t most = forward != nullptr ? 6 * tile_group : batch_group;
  const std::size_t groups = (blocked.size() + most - 1) / most;
  std::size_t group = groups == 0 ? 1 : (blocked.size() + groups - 1) / groups;
  const auto workers =
      static_cast<std::size_t>(parallel ? std::max(1, tbb::this_task_arena::max_concurrency()) : 1);
  if (forward != nullptr && groups >= 4 * workers)
    group = (group + tile_group - 1) / tile_group * tile_group;
  auto run_alone = [&](std::size_t a) {
    const std::size_t i = alone[a];
    results[i] = search(queries[i], k_of(i), *filter_of(i));
  };
  auto run_group = [&](std::size_t gi) {
    const std::size_t lo = gi * group, hi = std::min(blocked.size(), lo + group);
    if (lo >= hi) return;
    std::vector<const QueryVector*> qs;
    std::vector<std::size_t> gk;
    std::vector<const CompiledFilter*> gf;
    std::vector<std::vector<ScoredDoc>*> go;
    for (std::size_t j = lo; j < hi; ++j) {
      const std::size_t i = blocked[j];
      qs.push_back(&queries[i]);
      gk.push_back(k_of(i));
      gf.push_back(filter_of(i));
      go.push_back(&results[i]);
    }
    if (forward != nullptr && tile_ready(qs))
      search_group_tile(qs, gk, gf, go, *forward);
    else
      search_group(qs, gk, gf, go);
  };
  if (parallel && tbb::this_task_arena::max_concurrency() > 1) {
    tbb::parallel_for(std::size_t{0}, alone.size() + groups, [&](std::size_t t) {
      if (t < groups)
        run_group(t);
      else
        run_alone(t - groups);
    });
  } else {
    for (std::size_t t = 0; t < groups; ++t) run_group(t);
    for (std::size_t a = 0; a < alone.size(); ++a) run_alone(a);
  }
  return results;
}

std::vector<std::vector<ScoredDoc>> InvertedIndex::search_batch(
    std::span<const QueryVector> queries, std::size_t k, const CompiledFilter& filter,
    bool parallel, const SpaceVectors* forward) const {
  const std::size_t ks[] = {k};
  const CompiledFilter* fs[] = {&filter};
  return search_batch(queries, ks, fs, parallel, forward);
}

float score_document(const SpaceVectors& space, const QueryVector& q, std::uint32_t doc,
                     std::vector<std::pair<TermId, float>>* contributions) {
  const SparseRow r = space.sat.row(doc);
  float s = 0;
  std::size_t i = 0, j = 0;
  while (i < q.terms.size() && j < r.terms.size()) {
    if (q.terms[i] < r.terms[j]) {
      ++i;
    } else if (r.terms[j] < q.terms[i]) {
      ++j;
    } else {
      const TermId t = q.terms[i];
      const float w = space.idf[t] * r.values[j];
      accumulate(s, q.weights[i], w);
      if (contributions) contributions->emplace_back(t, q.weights[i] * w);
      ++i, ++j;
    }
  }
  return s;
}

std::vector<ScoredDoc> search_exhaustive(const SpaceVectors& space, const QueryVector& query,
                                         std::size_t k, const CompiledFilter& filter) {
  std::vector<ScoredDoc> all;
  for (std::uint32_t d = 0; d < space.sat.rows(); ++d) {
    const float s = score_document(space, query, d);
    if (s > 0 && filter.accepts(d)) all.push_back({s, d});
  }
  keep_top_k(all, k);
  return all;
}

}  // namespace scoutmatch
