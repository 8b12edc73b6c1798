// HnswIndex: hnswlib's HierarchicalNSW (Debian libhnswlib-dev 0.6.2, header-only) builds the
// graph; the search loop (per-call ef, filters, exact fallback), the distance kernels with
// run-time SIMD dispatch and the byte format are ours.
//
// hnswlib's headers define non-inline functions (cpuid, AVXCapable, ...): include them in this
// one translation unit only. Version 0.6.2 has neither filters nor a per-call ef, and its
// searchKnn bumps two shared atomic counters per visited node, so we walk its graph ourselves
// through its public members (read-only), exactly as its searchKnn does.
#include "scoutmatch/index/hnsw_index.hpp"

// NO_MANUAL_VECTORIZATION: hnswlib 0.6.2's SSE branch of searchBaseLayer prefetches through
// `*(datal + j + 1)`, a 4-byte read past the end of a link list on the last neighbour (found
// by AddressSanitizer). Without it hnswlib neither prefetches nor uses its own SIMD distances;
// the distances are ours anyway (see the space below), so only the build's prefetch is lost.
#define NO_MANUAL_VECTORIZATION
#include <hnswlib/hnswlib.h>
#include <immintrin.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <queue>
#include <type_traits>
#include <unordered_set>

#include "index/dense_kernels.hpp"
#include "scoutmatch/error.hpp"

namespace scoutmatch {
namespace {

using Dist = hnswlib::DISTFUNC<float>;
namespace kd = detail::dense;
using hnswlib::tableint;

// ---- distance kernels: dist(a, b) with lower = closer; ip returns -a·b ----------------------
// The portable build targets x86-64 baseline (SSE2), where hnswlib's own kernels would be
// 128-bit; these pick AVX-512 or AVX2+FMA at run time. Four accumulators hide FMA latency.

float hsum128(__m128 v) {
  v = _mm_add_ps(v, _mm_movehl_ps(v, v));
  v = _mm_add_ss(v, _mm_shuffle_ps(v, v, 1));
  return _mm_cvtss_f32(v);
}

__attribute__((target("avx2,fma"))) float hsum256(__m256 v) {
  return hsum128(_mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1)));
}

// One template per instruction set and metric, for any pair of stored types: float32 x
// float32 (Precision::f32), a float32 query x a bfloat16 high half (Precision::split's walk)
// and bfloat16 x bfloat16 (split's build in hnswlib). A bfloat16 is widened to its float32
// exactly (a shift), so every pair runs the same operations in the same order: on
// bfloat16-exact values split's distances equal f32's bit for bit (tested).

inline float bf(std::uint16_t h) noexcept {
  return std::bit_cast<float>(static_cast<std::uint32_t>(h) << 16);
}
inline float wide(float x) noexcept {
  return x;
}
inline float wide(std::uint16_t h) noexcept {
  return bf(h);
}

// SSE2 (the x86-64 baseline): a bfloat16 is widened by
// interleaving zero low halves (unpacklo_epi16(0, h) is h << 16 per lane).
inline __m128 ld4(const float* p) {
  return _mm_loadu_ps(p);
}
inline __m128 ld4(const std::uint16_t* p) {
  const __m128i h = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p));
  return _mm_castsi128_ps(_mm_unpacklo_epi16(_mm_setzero_si128(), h));
}
template <class A, class B>
float ip_sse(const void* av, const void* bv, const void* dp) {
  const auto* a = static_cast<const A*>(av);
  const auto* b = static_cast<const B*>(bv);
  const std::size_t d = *static_cast<const std::size_t*>(dp);
  __m128 s0 = _mm_setzero_ps(), s1 = _mm_setzero_ps(), s2 = _mm_setzero_ps(), s3 = _mm_setzero_ps();
  std::size_t i = 0;
  for (; i + 16 <= d; i += 16) {
    s0 = _mm_add_ps(s0, _mm_mul_ps(ld4(a + i), ld4(b + i)));
    s1 = _mm_add_ps(s1, _mm_mul_ps(ld4(a + i + 4), ld4(b + i + 4)));
    s2 = _mm_add_ps(s2, _mm_mul_ps(ld4(a + i + 8), ld4(b + i + 8)));
    s3 = _mm_add_ps(s3, _mm_mul_ps(ld4(a + i + 12), ld4(b + i + 12)));
  }
  for (; i + 4 <= d; i += 4) s0 = _mm_add_ps(s0, _mm_mul_ps(ld4(a + i), ld4(b + i)));
  float s = hsum128(_mm_add_ps(_mm_add_ps(s0, s1), _mm_add_ps(s2, s3)));
  for (; i < d; ++i) s += wide(a[i]) * wide(b[i]);
  return -s;
}
template <class A, class B>
float l2_sse(const void* av, const void* bv, const void* dp) {
  const auto* a = static_cast<const A*>(av);
  const auto* b = static_cast<const B*>(bv);
  const std::size_t d = *static_cast<const std::size_t*>(dp);
  __m128 s0 = _mm_setzero_ps(), s1 = _mm_setzero_ps();
  std::size_t i = 0;
  for (; i + 8 <= d; i += 8) {
    const __m128 x = _mm_sub_ps(ld4(a + i), ld4(b + i));
    const __m128 y = _mm_sub_ps(ld4(a + i + 4), ld4(b + i + 4));
    s0 = _mm_add_ps(s0, _mm_mul_ps(x, x));
    s1 = _mm_add_ps(s1, _mm_mul_ps(y, y));
  }
  for (; i + 4 <= d; i += 4) {
    const __m128 x = _mm_sub_ps(ld4(a + i), ld4(b + i));
    s0 = _mm_add_ps(s0, _mm_mul_ps(x, x));
  }
  float s = hsum128(_mm_add_ps(s0, s1));
  for (; i < d; ++i) s += (wide(a[i]) - wide(b[i])) * (wide(a[i]) - wide(b[i]));
  return s;
}

__attribute__((target("avx2"), always_inline)) inline __m256 ld8(const float* p) {
  return _mm256_loadu_ps(p);
}
__attribute__((target("avx2"), always_inline)) inline __m256 ld8(const std::uint16_t* p) {
  const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
}
template <class A, class B>
__attribute__((target("avx2,fma"))) float ip_avx2(const void* av, const void* bv, const void* dp) {
  const auto* a = static_cast<const A*>(av);
  const auto* b = static_cast<const B*>(bv);
  const std::size_t d = *static_cast<const std::size_t*>(dp);
  __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps(), s2 = _mm256_setzero_ps(),
         s3 = _mm256_setzero_ps();
  std::size_t i = 0;
  for (; i + 32 <= d; i += 32) {
    s0 = _mm256_fmadd_ps(ld8(a + i), ld8(b + i), s0);
    s1 = _mm256_fmadd_ps(ld8(a + i + 8), ld8(b + i + 8), s1);
    s2 = _mm256_fmadd_ps(ld8(a + i + 16), ld8(b + i + 16), s2);
    s3 = _mm256_fmadd_ps(ld8(a + i + 24), ld8(b + i + 24), s3);
  }
  for (; i + 8 <= d; i += 8) s0 = _mm256_fmadd_ps(ld8(a + i), ld8(b + i), s0);
  float s = hsum256(_mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
  for (; i < d; ++i) s += wide(a[i]) * wide(b[i]);
  return -s;
}
template <class A, class B>
__attribute__((target("avx2,fma"))) float l2_avx2(const void* av, const void* bv, const void* dp) {
  const auto* a = static_cast<const A*>(av);
  const auto* b = static_cast<const B*>(bv);
  const std::size_t d = *static_cast<const std::size_t*>(dp);
  __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
  std::size_t i = 0;
  for (; i + 16 <= d; i += 16) {
    const __m256 x = _mm256_sub_ps(ld8(a + i), ld8(b + i));
    const __m256 y = _mm256_sub_ps(ld8(a + i + 8), ld8(b + i + 8));
    s0 = _mm256_fmadd_ps(x, x, s0);
    s1 = _mm256_fmadd_ps(y, y, s1);
  }
  for (; i + 8 <= d; i += 8) {
    const __m256 x = _mm256_sub_ps(ld8(a + i), ld8(b + i));
    s0 = _mm256_fmadd_ps(x, x, s0);
  }
  float s = hsum256(_mm256_add_ps(s0, s1));
  for (; i < d; ++i) s += (wide(a[i]) - wide(b[i])) * (wide(a[i]) - wide(b[i]));
  return s;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
__attribute__((target("avx512f"), always_inline)) inline __m512 ld16(const float* p) {
  return _mm512_loadu_ps(p);
}
__attribute__((target("avx512f"), always_inline)) inline __m512 ld16(const std::uint16_t* p) {
  const __m256i h = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
}
template <class A, class B>
__attribute__((target("avx512f"))) float ip_avx512(const void* av, const void* bv, const void* dp) {
  const auto* a = static_cast<const A*>(av);
  const auto* b = static_cast<const B*>(bv);
  const std::size_t d = *static_cast<const std::size_t*>(dp);
  __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps(), s2 = _mm512_setzero_ps(),
         s3 = _mm512_setzero_ps();
  std::size_t i = 0;
  for (; i + 64 <= d; i += 64) {
    s0 = _mm512_fmadd_ps(ld16(a + i), ld16(b + i), s0);
    s1 = _mm512_fmadd_ps(ld16(a + i + 16), ld16(b + i + 16), s1);
    s2 = _mm512_fmadd_ps(ld16(a + i + 32), ld16(b + i + 32), s2);
    s3 = _mm512_fmadd_ps(ld16(a + i + 48), ld16(b + i + 48), s3);
  }
  for (; i + 16 <= d; i += 16) s0 = _mm512_fmadd_ps(ld16(a + i), ld16(b + i), s0);
  if constexpr (std::is_same_v<A, float> && std::is_same_v<B, float>) {
    if (i < d) {  // float32 pairs: a masked last step (bfloat16 loads would need AVX-512BW)
      const __mmask16 m = static_cast<__mmask16>((1u << (d - i)) - 1);
      s1 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, a + i), _mm512_maskz_loadu_ps(m, b + i), s1);
      i = d;
    }
  }
  float s = _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(s0, s1), _mm512_add_ps(s2, s3)));
  for (; i < d; ++i) s += wide(a[i]) * wide(b[i]);
  return -s;
}
template <class A, class B>
__attribute__((target("avx512f"))) float l2_avx512(const void* av, const void* bv, const void* dp) {
  const auto* a = static_cast<const A*>(av);
  const auto* b = static_cast<const B*>(bv);
  const std::size_t d = *static_cast<const std::size_t*>(dp);
  __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
  std::size_t i = 0;
  for (; i + 32 <= d; i += 32) {
    const __m512 x = _mm512_sub_ps(ld16(a + i), ld16(b + i));
    const __m512 y = _mm512_sub_ps(ld16(a + i + 16), ld16(b + i + 16));
    s0 = _mm512_fmadd_ps(x, x, s0);
    s1 = _mm512_fmadd_ps(y, y, s1);
  }
  for (; i + 16 <= d; i += 16) {
    const __m512 x = _mm512_sub_ps(ld16(a + i), ld16(b + i));
    s0 = _mm512_fmadd_ps(x, x, s0);
  }
  if constexpr (std::is_same_v<A, float> && std::is_same_v<B, float>) {
    if (i < d) {
      const __mmask16 m = static_cast<__mmask16>((1u << (d - i)) - 1);
      const __m512 x =
          _mm512_sub_ps(_mm512_maskz_loadu_ps(m, a + i), _mm512_maskz_loadu_ps(m, b + i));
      s1 = _mm512_fmadd_ps(x, x, s1);
      i = d;
    }
  }
  float s = _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
  for (; i < d; ++i) s += (wide(a[i]) - wide(b[i])) * (wide(a[i]) - wide(b[i]));
  return s;
}
#pragma GCC diagnostic pop

enum class Simd { sse, avx2, avx512 };

Simd detect_simd() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return Simd::avx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return Simd::avx2;
  return Simd::sse;
}

const Simd best_simd = detect_simd();
// The kernels new graphs take (detail::hnsw_kernel lowers it for tests).
std::atomic<Simd> simd_choice{best_simd};

// Float32 pairs (Precision::f32, and split's float32 rescoring).
Dist dist_for(Metric m) {
  const bool l2 = m == Metric::l2;
  switch (simd_choice.load(std::memory_order_relaxed)) {
    case Simd::avx512:
      return l2 ? l2_avx512<float, float> : ip_avx512<float, float>;
    case Simd::avx2:
      return l2 ? l2_avx2<float, float> : ip_avx2<float, float>;
    default:
      return l2 ? l2_sse<float, float> : ip_sse<float, float>;
  }
}

// Precision::split: a float32 query against a stored high half (query = true), or two high
// halves (hnswlib's build).
Dist split_dist_for(Metric m, bool query) {
  using H = std::uint16_t;
  const bool l2 = m == Metric::l2;
  switch (simd_choice.load(std::memory_order_relaxed)) {
    case Simd::avx512:
      return l2 ? (query ? l2_avx512<float, H> : l2_avx512<H, H>)
                : (query ? ip_avx512<float, H> : ip_avx512<H, H>);
    case Simd::avx2:
      return l2 ? (query ? l2_avx2<float, H> : l2_avx2<H, H>)
                : (query ? ip_avx2<float, H> : ip_avx2<H, H>);
    default:
      return l2 ? (query ? l2_sse<float, H> : l2_sse<H, H>)
                : (query ? ip_sse<float, H> : ip_sse<H, H>);
  }
}

// Score as reported to users (DenseIndex's convention) from a distance.
float score_of(Metric m, float dist) {
  return m == Metric::l2 ? dist : -dist;
}

// hnswlib asks its space for the vector size, the distance function and its parameter.
class Space final : public hnswlib::SpaceInterface<float> {
 public:
  Space(std::size_t dim, Metric m, bool split)
      : dim_(dim), split_(split), dist_(split ? split_dist_for(m, false) : dist_for(m)) {}
  std::size_t get_data_size() override { return dim_ * (split_ ? 2 : sizeof(float)); }
  Dist get_dist_func() override { return dist_; }
  void* get_dist_func_param() override { return &dim_; }

 private:
  std::size_t dim_;
  bool split_;
  Dist dist_;
};

[[noreturn]] void invalid(const char* id, const std::string& message) {
  throw invalid_argument(id, message);
}

std::size_t arena_size(std::size_t threads) {
  if (threads > 4096)
    invalid("scoutmatch.hnsw.6", "threads must be at most 4096, got " + std::to_string(threads));
  return threads == 0 ? static_cast<std::size_t>(tbb::this_task_arena::max_concurrency()) : threads;
}

// v scaled to unit length into out, given s = |v|^2 (in double, > 0): by 1/|v| in float32
// where that is a normal float (as always), else (|v| below ~3e-39, whose inverse overflows
// float32, or above ~3e38) through double, so that tiny and huge vectors keep their direction.
void unit(const float* v, double s, std::size_t dim, float* out) {
  const double inv = 1.0 / std::sqrt(s);
  const auto f = static_cast<float>(inv);
  if (std::isnormal(f)) {
    for (std::size_t j = 0; j < dim; ++j) out[j] = v[j] * f;
    return;
  }
  for (std::size_t j = 0; j < dim; ++j) out[j] = static_cast<float>(v[j] * inv);
}

using Pair = std::pair<float, tableint>;  // (distance, internal id)
using MaxHeap = std::priority_queue<Pair>;
struct Greater {
  bool operator()(const Pair& a, const Pair& b) const noexcept { return a.first > b.first; }
};
using MinHeap = std::priority_queue<Pair, std::vector<Pair>, Greater>;

}  // namespace

// ---- the graph ----------------------------------------------------------------------------

struct HnswIndex::Graph {
  using Hnsw = hnswlib::HierarchicalNSW<float>;
  Graph(std::size_t dim, Metric m, Precision p)
      : space(dim, m, p == Precision::split),
        dist(p == Precision::split ? split_dist_for(m, true) : dist_for(m)),
        exact_dist(dist_for(m)),
        dim(dim),
        space_metric(m),
        split(p == Precision::split),
        dim_bytes(dim * (split ? 2 : sizeof(float))) {}
  Space space;  // before hnsw: hnswlib keeps a pointer to its distance parameter
  Dist dist;    // a float32 query against a stored vector (split: its high plane)
  Dist exact_dist;  // float32 against float32
  std::size_t dim;
  Metric space_metric;
  bool split;
  std::size_t dim_bytes;  // bytes of a stored vector in hnswlib's block
  // Precision::split: the low planes (kd::split_f32), dim per internal id, and the largest
  // norm of a stored vector (for slack()).
  std::vector<std::int16_t> lo;
  double max_norm = 0;
  std::unique_ptr<Hnsw> hnsw;  // null while empty

  std::size_t size() const noexcept { return hnsw ? hnsw->cur_element_count : 0; }
  const char* stored(tableint i) const { return hnsw->getDataByInternalId(i); }
  std::int64_t id(tableint i) const { return static_cast<std::int64_t>(hnsw->getExternalLabel(i)); }
  // The walk's distance: float32 query against the stored vector (split: its high plane).
  float distance(const float* q, tableint i) const {
    return dist(q, stored(i), hnsw->dist_func_param_);
  }
  // Node i's float32 vector into out (dim floats).
  void vector_at(tableint i, float* out) const {
    if (!split) {
      std::memcpy(out, stored(i), dim * sizeof(float));
      return;
    }
    const auto* hi = reinterpret_cast<const std::uint16_t*>(stored(i));
    const std::int16_t* l = lo.data() + static_cast<std::size_t>(i) * dim;
    for (std::size_t j = 0; j < dim; ++j) out[j] = kd::join_f32(hi[j], l[j]);
  }
  // Precision::split: how far the walk's distance of a node (query against its high plane)
  // can lie from its float32 distance, for a query of norm qn. With |x_j - h_j| <= 2^-8 |x_j|
  // (2^-134 for subnormals), float32 sums of d terms off by at most gamma_d times the sum of
  // their magnitudes, and Cauchy-Schwarz (M = max_norm >= |x|):
  //  - ip, cosine: |q.x - q.h| <= 2^-8 |q||x|, plus the two sums' rounding: the bound of
  //    DenseIndex's split, 1.02 (2^-8 + gamma_d (2 + 2^-8)) |q| M, plus an absolute floor;
  //  - l2: |q - x|^2 - |q - h|^2 = sum (h_j - x_j)(2 q_j - x_j - h_j), at most
  //    2^-8 (2 |q||x| + 2.004 |x|^2) <= 2^-7 (|q| + 1.01 M)^2, and each sum of squares
  //    (differences rounded too) is off by gamma_{d+2} (|q| + |x|)^2 at most.
  // The factor 1.02 also covers rounding the slack itself and subtracting it in float32.
  float slack(double qn) const noexcept {
    const double u = std::ldexp(1.0, -24), d = static_cast<double>(dim) + 2.0;
    const double gamma = d * u / (1.0 - d * u);
    const double floor = std::ldexp(1.0, -120) * (d + 1.0) * (qn + max_norm + 1.0);
    const double m = max_norm * (1.0 + gamma);
    if (space_metric == Metric::l2) {
      const double r = qn + 1.01 * m;
      return static_cast<float>(1.02 * (std::ldexp(1.0, -7) + 2.01 * gamma) * r * r + floor);
    }
    return static_cast<float>(
        1.02 * (std::ldexp(1.0, -8) + gamma * (2.0 + std::ldexp(1.0, -8))) * qn * m + floor);
  }
  // The float32 distance (what Precision::f32 computes); `buf`: dim floats of scratch.
  float exact(const float* q, tableint i, float* buf) const {
    if (!split) return distance(q, i);
    vector_at(i, buf);
    return exact_dist(q, buf, hnsw->dist_func_param_);
  }

  // hnswlib's searchKnn with a per-call ef, an optional filter (bit per internal id: only
  // allowed nodes enter the results, all nodes still guide the walk) and no shared counters.
  // Returns up to ef (distance, internal id) pairs in a max-heap.
  MaxHeap search(const float* q, std::size_t ef, const std::uint64_t* allowed) const {
    const Hnsw& g = *hnsw;
    tableint cur = g.enterpoint_node_;
    float cur_dist = distance(q, cur);
    for (int level = g.maxlevel_; level > 0; --level) {
      for (bool changed = true; changed;) {
        changed = false;
        const unsigned* data = g.get_linklist(cur, level);
        const int n = g.getListCount(const_cast<unsigned*>(data));
        const tableint* links = data + 1;
        for (int i = 0; i < n; ++i) {
          const float d = distance(q, links[i]);
          if (d < cur_dist) {
            cur_dist = d;
            cur = links[i];
            changed = true;
          }
        }
      }
    }
    auto is_allowed = [allowed](tableint i) {
      return !allowed || ((allowed[i >> 6] >> (i & 63)) & 1u);
    };
    hnswlib::VisitedList* vl = g.visited_list_pool_->getFreeVisitedList();
    struct Release {
      hnswlib::VisitedListPool* pool;
      hnswlib::VisitedList* vl;
      ~Release() { pool->releaseVisitedList(vl); }
    } release{g.visited_list_pool_, vl};
    hnswlib::vl_type* visited = vl->mass;
    const hnswlib::vl_type tag = vl->curV;

    std::vector<Pair> top_store, cand_store;
    top_store.reserve(ef + 1);
    cand_store.reserve(ef * 4);
    MaxHeap top(std::less<Pair>{}, std::move(top_store));
    MinHeap candidates(Greater{}, std::move(cand_store));
    float bound = std::numeric_limits<float>::max();
    if (is_allowed(cur)) {
      top.emplace(cur_dist, cur);
      bound = cur_dist;
    }
    candidates.emplace(cur_dist, cur);
    visited[cur] = tag;
    const char* base = g.data_level0_memory_;
    const std::size_t stride = g.size_data_per_element_, offset = g.offsetData_;
    // A vector spans many cache lines (1.5 KB at d = 384) and the graph jumps at random
    // through memory: collect a node's unvisited neighbours first, then prefetch the first
    // 8 lines of the vector two ahead of the one being compared (hnswlib prefetches one
    // line; all 24 lines measured ~10% slower, 8 lines 0-8% faster, at N = 100k).
    const std::size_t lines = std::min<std::size_t>(8, (dim_bytes + 63) / 64);
    auto prefetch = [&](tableint i) {
      const char* v = base + i * stride + offset;
      for (std::size_t l = 0; l < lines; ++l) _mm_prefetch(v + 64 * l, _MM_HINT_T0);
    };
    std::vector<tableint> fresh(g.maxM0_);
    while (!candidates.empty()) {
      const Pair c = candidates.top();
      // Without a filter, stop once the nearest open candidate is worse than the ef-th
      // result; with one, keep walking until ef allowed results are found.
      if (c.first > bound && (top.size() == ef || !allowed)) break;
      candidates.pop();
      // The next candidate's link list (the first 3 lines of its block; the vector lines
      // prefetched above come after it) loads while this node's neighbours are compared:
      // 1.04-1.06x at N = 1M, split, ef = 1536.
      if (!candidates.empty()) {
        const char* next = base + candidates.top().second * stride;
        _mm_prefetch(next, _MM_HINT_T0);
        _mm_prefetch(next + 64, _MM_HINT_T0);
        _mm_prefetch(next + 128, _MM_HINT_T0);
      }
      const unsigned* data = g.get_linklist0(c.second);
      const std::size_t n = g.getListCount(const_cast<unsigned*>(data));
      const tableint* links = data + 1;
      std::size_t m = 0;
      for (std::size_t j = 0; j < n; ++j) {
        const tableint nb = links[j];
        if (visited[nb] == tag) continue;
        visited[nb] = tag;
        fresh[m++] = nb;
      }
      for (std::size_t j = 0; j < std::min<std::size_t>(m, 2); ++j) prefetch(fresh[j]);
      for (std::size_t j = 0; j < m; ++j) {
        if (j + 2 < m) prefetch(fresh[j + 2]);
        const tableint nb = fresh[j];
        const float d = distance(q, nb);
        if (top.size() < ef || d < bound) {
          candidates.emplace(d, nb);
          if (is_allowed(nb)) {
            top.emplace(d, nb);
            if (top.size() > ef) top.pop();
            bound = top.top().first;
          }
        }
      }
    }
    return top;
  }
};

// ---- options ------------------------------------------------------------------------------

void HnswOptions::validate() const {
  if (M < 2 || M > 256)
    invalid("scoutmatch.hnsw.8", "M must be in 2..256, got " + std::to_string(M));
  if (ef_construction < 1 || ef_construction > hnsw_max_ef)
    invalid("scoutmatch.hnsw.8", "ef_construction must be in 1.." + std::to_string(hnsw_max_ef) +
                                     ", got " + std::to_string(ef_construction));
  if (precision != Precision::f32 && precision != Precision::split)
    invalid("scoutmatch.hnsw.8", "precision must be f32 or split");
}

// ---- HnswIndex ------------------------------------------------------------------------------

HnswIndex::HnswIndex(std::size_t dim, Metric metric, HnswOptions options)
    : dim_(dim), metric_(metric), options_(options) {
  if (dim < 1 || dim > dense_max_dim)
    invalid("scoutmatch.hnsw.1", "dimension must be in 1.." + std::to_string(dense_max_dim) +
                                     ", got " + std::to_string(dim));
  if (static_cast<unsigned>(metric) > 2) invalid("scoutmatch.hnsw.1", "unknown metric");
  options_.validate();
  graph_ = std::make_unique<Graph>(dim, metric, options_.precision);
}

HnswIndex::~HnswIndex() = default;
HnswIndex::HnswIndex(HnswIndex&&) noexcept = default;
HnswIndex& HnswIndex::operator=(HnswIndex&&) noexcept = default;

std::size_t HnswIndex::size() const noexcept {
  return graph_ ? graph_->size() : 0;
}

bool HnswIndex::contains(std::int64_t id) const {
  if (id < 0 || !graph_ || !graph_->hnsw) return false;
  return graph_->hnsw->label_lookup_.count(static_cast<hnswlib::labeltype>(id)) != 0;
}

std::size_t HnswIndex::memory_bytes() const noexcept {
  if (!graph_ || !graph_->hnsw) return 0;
  const auto& g = *graph_->hnsw;
  std::size_t upper = 0;
  for (std::size_t i = 0; i < g.cur_element_count; ++i)
    upper += static_cast<std::size_t>(g.element_levels_[i]) * g.size_links_per_element_;
  return g.max_elements_ * g.size_data_per_element_ + upper +
         graph_->lo.size() * sizeof(std::int16_t);
}

namespace detail {
HnswKernel hnsw_kernel(HnswKernel k) noexcept {
  const auto want = static_cast<Simd>(std::min(static_cast<int>(k), static_cast<int>(best_simd)));
  return static_cast<HnswKernel>(simd_choice.exchange(want));
}
}  // namespace detail

std::string_view HnswIndex::simd_level() noexcept {
  const Simd s = simd_choice.load(std::memory_order_relaxed);
  return s == Simd::avx512 ? "avx512" : s == Simd::avx2 ? "avx2" : "sse";
}

std::size_t HnswIndex::exact_filter_threshold(std::size_t ef) const noexcept {
  // A filtered graph walk computes about (ef / s) · 2M distances for selectivity s = m / n
  // before it holds ef allowed nodes, an exact scan m distances (cheaper each: sequential).
  // They cross at m ≈ sqrt(c · ef · n). Measured at N = 100k, d = 384, ef = 256 (1 thread):
  // exact 1042 vs graph 284 QPS at 20% allowed, 403 vs 539 at 50%, so c ≈ 48 (m ≈ 35k).
  const double n = static_cast<double>(size());
  const double m = std::sqrt(48.0 * static_cast<double>(std::max<std::size_t>(ef, 1)) * n);
  return static_cast<std::size_t>(std::min(m, n));
}

void HnswIndex::add(std::span<const float> vectors, std::size_t n,
                    std::span<const std::int64_t> ids, std::size_t threads) {
  const std::size_t workers = arena_size(threads);
  if (n > hnsw_max_size || vectors.size() / dim_ < n || vectors.size() != n * dim_)
    invalid("scoutmatch.hnsw.2", "expected " + std::to_string(n) + " x " + std::to_string(dim_) +
                                     " floats, got " + std::to_string(vectors.size()));
  if (!ids.empty() && ids.size() != n)
    invalid("scoutmatch.hnsw.2", "expected " + std::to_string(n) + " ids (one per vector), got " +
                                     std::to_string(ids.size()));
  if (n == 0) return;
  if (size() + n > hnsw_max_size)
    invalid("scoutmatch.hnsw.9",
            "an HnswIndex holds at most " + std::to_string(hnsw_max_size) + " vectors");
  std::vector<double> sq_norms;  // cosine: |v|^2 per vector
  double max_norm = 0;           // of the stored vectors (cosine: unit)
  for (std::size_t r = 0; r < n; ++r) {
    const float* v = vectors.data() + r * dim_;
    double s = 0;
    for (std::size_t j = 0; j < dim_; ++j) {
      if (!std::isfinite(v[j]))
        invalid("scoutmatch.hnsw.3",
                "vector " + std::to_string(r) + " has a NaN or infinite value");
      s += static_cast<double>(v[j]) * v[j];
    }
    if (options_.precision == Precision::split && metric_ != Metric::cosine) {
      std::uint16_t hi = 0;
      std::int16_t lo = 0;
      for (std::size_t j = 0; j < dim_; ++j)
        if (!kd::split_f32(v[j], hi, lo))
          invalid("scoutmatch.hnsw.11", "vector " + std::to_string(r) +
                                            " has a value of magnitude >= 3.39e38, which "
                                            "precision split cannot store");
    }
    if (metric_ == Metric::cosine) {
      if (s == 0) invalid("scoutmatch.hnsw.7", "vector " + std::to_string(r) + " is all zeros");
      sq_norms.push_back(s);
    }
    max_norm = std::max(max_norm, metric_ == Metric::cosine ? 1.0 : std::sqrt(s));
  }
  std::vector<std::int64_t> new_ids(n);
  std::int64_t max_id = next_id_ - 1;
  {
    std::unordered_set<std::int64_t> seen;
    seen.reserve(n);
    for (std::size_t r = 0; r < n; ++r) {
      const std::int64_t id = ids.empty() ? next_id_ + static_cast<std::int64_t>(r) : ids[r];
      if (id < 0) invalid("scoutmatch.hnsw.5", "ids must be >= 0, got " + std::to_string(id));
      if (!seen.insert(id).second || contains(id))
        invalid("scoutmatch.hnsw.4",
                "id " + std::to_string(id) +
                    (contains(id) ? " is already in the index" : " is given twice"));
      new_ids[r] = id;
      max_id = std::max(max_id, id);
    }
  }
  if (!graph_) graph_ = std::make_unique<Graph>(dim_, metric_, options_.precision);  // moved-from
  Graph& g = *graph_;
  if (!g.hnsw) {
    g.hnsw = std::make_unique<Graph::Hnsw>(&g.space, n, options_.M, options_.ef_construction,
                                           static_cast<std::size_t>(options_.seed));
  } else if (g.hnsw->cur_element_count + n > g.hnsw->max_elements_) {
    g.hnsw->resizeIndex(g.hnsw->cur_element_count + n);
  }
  // Split: new nodes get internal ids cur .. cur + n - 1 (hnswlib numbers them in order).
  if (g.split) g.lo.resize((g.hnsw->cur_element_count + n) * dim_);
  // |unit(v)| is 1 within a few float32 roundings: 1 + 2^-16 covers them.
  g.max_norm = std::max(g.max_norm, max_norm * (metric_ == Metric::cosine ? 1.0 + 0x1p-16 : 1.0));
  // buf: dim_ floats, then (split) dim_ high and dim_ low halves.
  auto insert = [&](std::size_t r, std::vector<float>& buf) {
    const float* v = vectors.data() + r * dim_;
    if (metric_ == Metric::cosine) {
      unit(v, sq_norms[r], dim_, buf.data());
      v = buf.data();
    }
    const auto label = static_cast<hnswlib::labeltype>(new_ids[r]);
    if (!g.split) {
      g.hnsw->addPoint(v, label);
      return;
    }
    auto* hi = reinterpret_cast<std::uint16_t*>(buf.data() + dim_);
    auto* lo = reinterpret_cast<std::int16_t*>(hi + dim_);
    for (std::size_t j = 0; j < dim_; ++j) kd::split_f32(v[j], hi[j], lo[j]);  // checked above
    const tableint at = g.hnsw->addPoint(hi, label, -1);
    std::copy(lo, lo + dim_, g.lo.begin() + static_cast<std::ptrdiff_t>(at * dim_));
  };
  const std::size_t scratch = 2 * dim_;  // floats: the vector, then split's 2 x dim_ halves
  std::vector<float> buf(scratch);
  std::size_t first = 0;
  if (g.hnsw->cur_element_count == 0) insert(first++, buf);  // the entry point, alone
  if (workers <= 1) {
    for (std::size_t r = first; r < n; ++r) insert(r, buf);
  } else {
    tbb::task_arena arena(static_cast<int>(workers));
    arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<std::size_t>(first, n, 16),
                        [&](const tbb::blocked_range<std::size_t>& range) {
                          std::vector<float> local(scratch);
                          for (std::size_t r = range.begin(); r != range.end(); ++r)
                            insert(r, local);
                        });
    });
  }
  next_id_ = std::max(next_id_, max_id + 1);
}

void HnswIndex::search(std::span<const float> queries, std::size_t n, std::size_t k, float* scores,
                       std::int64_t* ids, const HnswSearchParams& params) const {
  if (k < 1 || k > hnsw_max_ef)
    invalid("scoutmatch.hnsw.6",
            "k must be in 1.." + std::to_string(hnsw_max_ef) + ", got " + std::to_string(k));
  if (params.ef > hnsw_max_ef)
    invalid("scoutmatch.hnsw.6", "ef must be at most " + std::to_string(hnsw_max_ef) + ", got " +
                                     std::to_string(params.ef));
  const std::size_t workers = arena_size(params.threads);
  if (n > hnsw_max_size || queries.size() != n * dim_)
    invalid("scoutmatch.hnsw.2", "expected " + std::to_string(n) + " x " + std::to_string(dim_) +
                                     " query floats, got " + std::to_string(queries.size()));
  for (std::size_t r = 0; r < n; ++r) {
    const float* v = queries.data() + r * dim_;
    double s = 0;
    for (std::size_t j = 0; j < dim_; ++j) {
      if (!std::isfinite(v[j]))
        invalid("scoutmatch.hnsw.3", "query " + std::to_string(r) + " has a NaN or infinite value");
      s += static_cast<double>(v[j]) * v[j];
    }
    if (metric_ == Metric::cosine && s == 0)
      invalid("scoutmatch.hnsw.7", "query " + std::to_string(r) + " is all zeros");
  }
  std::fill(scores, scores + n * k, std::numeric_limits<float>::quiet_NaN());
  std::fill(ids, ids + n * k, std::int64_t{-1});
  const std::size_t total = size();  // 0 for a moved-from index too
  if (total == 0 || n == 0) return;
  const Graph& g = *graph_;
  const std::size_t ef = std::max(k, params.ef ? params.ef : std::size_t{64});

  // The filter: one bit per internal id, and the allowed internal ids for an exact scan.
  std::vector<std::uint64_t> bits;
  std::vector<tableint> members;
  bool exact = false;
  if (params.allowed) {
    bits.assign((total + 63) / 64, 0);
    for (const std::int64_t id : *params.allowed) {
      if (id < 0) continue;
      const auto it = g.hnsw->label_lookup_.find(static_cast<hnswlib::labeltype>(id));
      if (it == g.hnsw->label_lookup_.end()) continue;
      const tableint i = it->second;
      if ((bits[i >> 6] >> (i & 63)) & 1u) continue;
      bits[i >> 6] |= std::uint64_t{1} << (i & 63);
      members.push_back(i);
    }
    if (members.empty()) return;
    exact = params.filter_mode == HnswFilterMode::exact ||
            (params.filter_mode == HnswFilterMode::automatic &&
             members.size() < exact_filter_threshold(ef));
    if (exact) std::sort(members.begin(), members.end());  // sequential memory order
  }
  const std::uint64_t* allowed = params.allowed ? bits.data() : nullptr;

  // Queries [lo, hi): normalised copies (cosine), then either one graph walk each, or, for
  // the exact filtered scan, tiles of allowed vectors that stay in cache while every query
  // of the block is compared with them (the scan is memory-bound one query at a time).
  constexpr std::size_t block = 16, tile = 128;
  auto run = [&](std::size_t lo, std::size_t hi) {
    std::vector<float> qbuf((hi - lo) * dim_);
    std::vector<const float*> qs(hi - lo);
    for (std::size_t r = lo; r < hi; ++r) {
      const float* q = queries.data() + r * dim_;
      if (metric_ == Metric::cosine) {
        double s = 0;
        for (std::size_t j = 0; j < dim_; ++j) s += static_cast<double>(q[j]) * q[j];
        float* dst = qbuf.data() + (r - lo) * dim_;
        unit(q, s, dim_, dst);
        q = dst;
      }
      qs[r - lo] = q;
    }
    std::vector<MaxHeap> tops(hi - lo);
    std::vector<float> vbuf(dim_);
    std::vector<Pair> walked;
    if (exact) {
      // Ties broken by internal id (= insertion order with a 1-thread build), like DenseIndex.
      // Split: each tile's float32 vectors joined once, for all queries of the block.
      std::vector<float> joined(g.split ? tile * dim_ : 0);
      for (std::size_t t0 = 0; t0 < members.size(); t0 += tile) {
        const std::size_t t1 = std::min(members.size(), t0 + tile);
        if (g.split)
          for (std::size_t t = t0; t < t1; ++t)
            g.vector_at(members[t], joined.data() + (t - t0) * dim_);
        for (std::size_t r = 0; r < hi - lo; ++r) {
          MaxHeap& top = tops[r];
          for (std::size_t t = t0; t < t1; ++t) {
            const Pair p(g.split ? g.exact_dist(qs[r], joined.data() + (t - t0) * dim_,
                                                g.hnsw->dist_func_param_)
                                 : g.distance(qs[r], members[t]),
                         members[t]);
            if (top.size() < k) {
              top.push(p);
            } else if (p < top.top()) {
              top.pop();
              top.push(p);
            }
          }
        }
      }
    } else {
      for (std::size_t r = 0; r < hi - lo; ++r) {
        tops[r] = g.search(qs[r], ef, allowed);
        if (g.split) {
          // The walk ranked by the high planes: the kept nodes' float32 distances decide.
          // In ascending walk distance; once a node's walk distance minus the slack exceeds
          // the k-th best float32 distance, neither it nor any later node can enter.
          walked.clear();
          for (MaxHeap& h = tops[r]; !h.empty(); h.pop()) walked.push_back(h.top());
          std::reverse(walked.begin(), walked.end());
          const float slack = g.slack(kd::norm_double(qs[r], dim_));
          MaxHeap& top = tops[r];
          for (const Pair& w : walked) {
            if (top.size() == k && w.first - slack > top.top().first) break;
            const Pair p(g.exact(qs[r], w.second, vbuf.data()), w.second);
            if (top.size() < k) {
              top.push(p);
            } else if (p < top.top()) {
              top.pop();
              top.push(p);
            }
          }
        }
        while (tops[r].size() > k) tops[r].pop();
      }
    }
    for (std::size_t r = lo; r < hi; ++r) {
      MaxHeap& top = tops[r - lo];
      for (std::size_t j = top.size(); j-- > 0;) {
        scores[r * k + j] = score_of(metric_, top.top().first);
        ids[r * k + j] = g.id(top.top().second);
        top.pop();
      }
    }
  };
  if (workers <= 1 || n == 1) {
    for (std::size_t lo = 0; lo < n; lo += block) run(lo, std::min(n, lo + block));
    return;
  }
  tbb::task_arena arena(static_cast<int>(workers));
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, (n + block - 1) / block, 1),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        for (std::size_t b = range.begin(); b != range.end(); ++b)
                          run(b * block, std::min(n, (b + 1) * block));
                      });
  });
}

// ---- bytes --------------------------------------------------------------------------------

namespace {

static_assert(std::endian::native == std::endian::little, "HNSW index files are little-endian");
constexpr std::size_t header_size = 32;
constexpr int max_level = 64;  // levels are ~log_M(n): far below this for any real index

template <class T>
void put(std::string& s, const T& v) {
  s.append(reinterpret_cast<const char*>(&v), sizeof v);
}

[[noreturn]] void corrupt(const std::string& name, const std::string& what) {
  throw format_error("scoutmatch.hnsw.10",
                     name + ": the HNSW index is inconsistent (" + what + ")");
}

// Reads from a payload, throwing [scoutmatch.hnsw.10] past its end.
struct Reader {
  std::string_view p;
  const std::string& name;
  template <class T>
  T get() {
    T v{};
    take(&v, sizeof v);
    return v;
  }
  void take(void* dst, std::size_t bytes) {
    if (p.size() < bytes) corrupt(name, "payload too short");
    std::memcpy(dst, p.data(), bytes);
    p.remove_prefix(bytes);
  }
};

}  // namespace

std::string HnswIndex::to_bytes() const {
  const std::size_t n = size();
  std::string payload;
  put(payload, static_cast<std::uint64_t>(dim_));
  put(payload, static_cast<std::uint8_t>(metric_));
  put(payload, static_cast<std::uint64_t>(options_.M));
  put(payload, static_cast<std::uint64_t>(options_.ef_construction));
  put(payload, options_.seed);
  put(payload, static_cast<std::uint8_t>(options_.precision));  // since version 2
  put(payload, static_cast<std::uint64_t>(n));
  put(payload, next_id_);
  if (n > 0) {
    const auto& h = *graph_->hnsw;
    put(payload, static_cast<std::int32_t>(h.maxlevel_));
    put(payload, static_cast<std::uint32_t>(h.enterpoint_node_));
    put(payload, static_cast<std::uint64_t>(h.size_data_per_element_));
    payload.append(h.data_level0_memory_, n * h.size_data_per_element_);
    if (graph_->split)  // the low planes, dim per node
      payload.append(reinterpret_cast<const char*>(graph_->lo.data()),
                     n * dim_ * sizeof(std::int16_t));
    for (std::size_t i = 0; i < n; ++i)
      put(payload, static_cast<std::int32_t>(h.element_levels_[i]));
    for (std::size_t i = 0; i < n; ++i)
      if (h.element_levels_[i] > 0)
        payload.append(h.linkLists_[i],
                       static_cast<std::size_t>(h.element_levels_[i]) * h.size_links_per_element_);
  }
  std::string out(file_magic);
  put(out, file_version);
  put(out, std::uint32_t{0});
  put(out, static_cast<std::uint64_t>(payload.size()));
  put(out, static_cast<std::uint64_t>(XXH64(payload.data(), payload.size(), 0)));
  out += payload;
  return out;
}

HnswIndex HnswIndex::from_bytes(std::string_view bytes, const std::string& name) {
  if (bytes.size() < header_size)
    throw format_error("scoutmatch.io.format.1",
                       name + ": not a scoutmatch HNSW index (shorter than its header)");
  if (bytes.substr(0, 8) != file_magic)
    throw format_error("scoutmatch.io.format.1",
                       name + ": not a scoutmatch HNSW index (wrong magic bytes)");
  Reader h{bytes.substr(8, header_size - 8), name};
  const auto version = h.get<std::uint32_t>();
  const auto flags = h.get<std::uint32_t>();
  const auto length = h.get<std::uint64_t>();
  const auto checksum = h.get<std::uint64_t>();
  if (version == 0 || version > file_version)
    throw format_error("scoutmatch.io.format.2", name + ": HNSW index format version " +
                                                     std::to_string(version) +
                                                     " is not supported (this build reads 1.." +
                                                     std::to_string(file_version) + ")");
  if (flags != 0)
    throw format_error("scoutmatch.io.format.2",
                       name + ": the HNSW index uses format flags this build does not know");
  if (length != bytes.size() - header_size)
    throw format_error("scoutmatch.io.format.3",
                       name + ": truncated or extended: the header announces " +
                           std::to_string(length) + " payload bytes, there are " +
                           std::to_string(bytes.size() - header_size));
  const std::string_view payload = bytes.substr(header_size);
  if (XXH64(payload.data(), payload.size(), 0) != checksum)
    throw format_error("scoutmatch.io.format.4", name + ": checksum mismatch: the data is damaged");

  Reader p{payload, name};
  const auto dim = p.get<std::uint64_t>();
  const auto metric = p.get<std::uint8_t>();
  HnswOptions opt;
  opt.M = p.get<std::uint64_t>();
  opt.ef_construction = p.get<std::uint64_t>();
  opt.seed = p.get<std::uint64_t>();
  const auto precision = version >= 2 ? p.get<std::uint8_t>() : std::uint8_t{0};
  if (precision != static_cast<std::uint8_t>(Precision::f32) &&
      precision != static_cast<std::uint8_t>(Precision::split))
    corrupt(name, "precision");
  opt.precision = static_cast<Precision>(precision);
  const auto n = p.get<std::uint64_t>();
  const auto next_id = p.get<std::int64_t>();
  if (dim < 1 || dim > dense_max_dim || metric > 2) corrupt(name, "dimension or metric");
  if (opt.M < 2 || opt.M > 256 || opt.ef_construction < 1 || opt.ef_construction > hnsw_max_ef)
    corrupt(name, "options");
  if (n > hnsw_max_size || next_id < 0) corrupt(name, "vector count");
  HnswIndex ix(dim, static_cast<Metric>(metric), opt);
  ix.next_id_ = next_id;
  if (n == 0) {
    if (!p.p.empty()) corrupt(name, "trailing bytes");
    return ix;
  }
  const auto top_level = p.get<std::int32_t>();
  const auto entry = p.get<std::uint32_t>();
  const auto stride = p.get<std::uint64_t>();
  if (p.p.size() / n < stride) corrupt(name, "vector count");
  Graph& g = *ix.graph_;
  g.hnsw = std::make_unique<Graph::Hnsw>(&g.space, n, opt.M, opt.ef_construction,
                                         static_cast<std::size_t>(opt.seed));
  auto& hn = *g.hnsw;
  if (stride != hn.size_data_per_element_) corrupt(name, "node size");
  p.take(hn.data_level0_memory_, n * stride);
  if (g.split) {
    if (p.p.size() / dim / sizeof(std::int16_t) < n) corrupt(name, "payload too short");
    g.lo.resize(n * dim);
    p.take(g.lo.data(), n * dim * sizeof(std::int16_t));
  }
  std::vector<std::int32_t> levels(n);
  p.take(levels.data(), n * sizeof(std::int32_t));
  int seen_top = 0;
  for (const std::int32_t l : levels) {
    if (l < 0 || l > max_level) corrupt(name, "node levels");
    seen_top = std::max(seen_top, l);
  }
  if (top_level != seen_top || entry >= n || levels[entry] != top_level)
    corrupt(name, "entry point");
  // Nodes are committed one by one, so that the destructor frees exactly what was allocated.
  for (std::size_t i = 0; i < n; ++i) {
    const int l = levels[i];
    if (l > 0) {
      const std::size_t size = static_cast<std::size_t>(l) * hn.size_links_per_element_;
      if (p.p.size() < size) corrupt(name, "payload too short");
      hn.linkLists_[i] = static_cast<char*>(std::malloc(size + 1));
      if (!hn.linkLists_[i]) throw std::bad_alloc();
      p.take(hn.linkLists_[i], size);
    }
    hn.element_levels_[i] = l;
    hn.cur_element_count = i + 1;
  }
  if (!p.p.empty()) corrupt(name, "trailing bytes");
  hn.maxlevel_ = top_level;
  hn.enterpoint_node_ = entry;
  // Every link inside the graph, every id unique and below next_id, every value finite.
  auto check_links = [&](const unsigned* list, std::size_t max_links) {
    const auto* bytes3 = reinterpret_cast<const unsigned char*>(list);
    const std::size_t count = hn.getListCount(const_cast<unsigned*>(list));
    if (count > max_links || bytes3[2] != 0) corrupt(name, "links");
    for (std::size_t j = 1; j <= count; ++j)
      if (list[j] >= n) corrupt(name, "links");
  };
  std::vector<float> v(dim);
  for (std::size_t i = 0; i < n; ++i) {
    const auto t = static_cast<tableint>(i);
    check_links(hn.get_linklist0(t), hn.maxM0_);
    for (int l = 1; l <= levels[i]; ++l) check_links(hn.get_linklist(t, l), hn.maxM_);
    const auto label = hn.getExternalLabel(t);
    if (label > static_cast<std::uint64_t>(next_id - 1) || next_id == 0) corrupt(name, "ids");
    if (!hn.label_lookup_.emplace(label, t).second) corrupt(name, "duplicate ids");
    g.vector_at(t, v.data());
    for (std::size_t j = 0; j < dim; ++j)
      if (!std::isfinite(v[j])) corrupt(name, "non-finite values");
    g.max_norm = std::max(g.max_norm, kd::norm_double(v.data(), dim));
    if (g.split) {  // the high plane must be the rounding of the joined value
      const auto* stored_hi = reinterpret_cast<const std::uint16_t*>(g.stored(t));
      std::uint16_t hi = 0;
      std::int16_t lo = 0;
      for (std::size_t j = 0; j < dim; ++j)
        if (!kd::split_f32(v[j], hi, lo) || hi != stored_hi[j]) corrupt(name, "split planes");
    }
  }
  return ix;
}

}  // namespace scoutmatch
