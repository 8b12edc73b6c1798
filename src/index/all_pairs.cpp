// all_pairs_topk (see all_pairs.hpp): one pass over the product of two DenseIndex sets
// serves both directions. The larger set is the "row" side (packed in panels of 32 rows,
// split into row ranges, one task each), the smaller the "query" side (packed in groups of
// 12, streamed by every task). A register tile's 12 x 32 dots are compared with the 12
// queries' k-th best (per-task query heaps, merged at the end, as in DenseIndex::search)
// and with the 32 rows' k-th best (a row belongs to one task, so its heap needs no lock).
// Every dot is the same chain of FMAs over the dimensions as in the batch kernel of
// DenseIndex::search, and fma(x, y, s) == fma(y, x, s), so both directions equal search().
#include "scoutmatch/index/all_pairs.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define SM_ALL_PAIRS_AVX512 1
#include "index/dense_tile.hpp"
#endif

#if defined(__GNUC__) && !defined(__clang__)
// GCC 12's false positive on its own intrinsics (see dense_kernels.cpp).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "index/dense_kernels.hpp"
#include "index/top_heaps.hpp"
#include "scoutmatch/error.hpp"

namespace scoutmatch {
namespace {

namespace kd = detail::dense;
using detail::Entry;
using detail::Heaps;

constexpr std::size_t max_k = 1'000'000;  // as DenseIndex::search
constexpr std::size_t min_rows_per_task = 1024;

void write_results(std::vector<Entry>& best, std::size_t k, const std::vector<std::int64_t>& ids,
                   float* out_scores, std::int64_t* out_ids) {
  detail::keep_best(best, k);
  for (std::size_t j = 0; j < k; ++j) {
    if (j < best.size()) {
      out_scores[j] = best[j].key;
      out_ids[j] = ids[best[j].row];
    } else {
      out_scores[j] = std::numeric_limits<float>::quiet_NaN();
      out_ids[j] = -1;
    }
  }
}

#ifdef SM_ALL_PAIRS_AVX512
__attribute__((target("avx512f,fma"))) bool tile_both_avx512(const float* qp, const float* xp,
                                                             std::size_t dim, const float* qthr,
                                                             const float* rthr, float* c,
                                                             std::uint32_t* qmasks,
                                                             std::uint32_t* rmasks) noexcept {
  kd::BothEpilogue<false> epilogue{
      nullptr, 0, qthr, _mm512_loadu_ps(rthr), _mm512_loadu_ps(rthr + 16), c, qmasks, rmasks};
  return kd::tile_12x32(qp, xp, dim, epilogue) != 0;
}
#else
bool tile_both_avx512(const float*, const float*, std::size_t, const float*, const float*, float*,
                      std::uint32_t*, std::uint32_t*) noexcept {
  return false;  // never called: use_avx512() is false
}
#endif

// The tile of kd::tile() (the same dots, so the same bits) with a second test
// (kd::BothEpilogue): for query i, rmasks[i] has bit j set when dot(i, j) > rthr[j] (row
// j's k-th best); the dots of query i are stored to c[i * 32 ...] at least when either mask
// of i is non-zero. Returns true when any mask is non-zero. Only after use_simd().
bool tile_both(const float* qp, const float* xp, std::size_t dim, const float* qthr,
               const float* rthr, float* c, std::uint32_t* qmasks, std::uint32_t* rmasks) noexcept {
  if (kd::use_avx512()) return tile_both_avx512(qp, xp, dim, qthr, rthr, c, qmasks, rmasks);
  return kd::tile_both_avx2(qp, xp, dim, nullptr, 0, qthr, rthr, c, qmasks, rmasks);
}

// The one-pass search: queries `qs` (nq x dim), rows `xs` (nr x dim), both >= 2, scores
// ip. Writes each query's best k rows (q_scores, q_ids: ids of the rows) and each row's
// best k queries (r_scores, r_ids: ids of the queries).
void one_pass(const float* qs, std::size_t nq, const std::vector<std::int64_t>& q_id_list,
              const float* xs, std::size_t nr, const std::vector<std::int64_t>& r_id_list,
              std::size_t dim, std::size_t k, float* q_scores, std::int64_t* q_ids, float* r_scores,
              std::int64_t* r_ids) {
  constexpr float inf = std::numeric_limits<float>::infinity();
  const std::size_t workers =
      static_cast<std::size_t>(std::max(1, tbb::this_task_arena::max_concurrency()));
  const std::size_t groups = (nq + kd::tile_queries - 1) / kd::tile_queries;
  std::vector<float> qpack(groups * kd::tile_queries * dim);
  tbb::parallel_for(std::size_t{0}, groups, [&](std::size_t g) {
    kd::pack_queries(qs + g * kd::tile_queries * dim,
                     std::min(kd::tile_queries, nq - g * kd::tile_queries), dim,
                     qpack.data() + g * kd::tile_queries * dim);
  });
  // Row ranges: whole panels, several per worker for balance.
  const std::size_t row_parts = std::clamp<std::size_t>(nr / min_rows_per_task, 1, 2 * workers);
  const std::size_t part_rows =
      ((nr + row_parts - 1) / row_parts + kd::tile_rows - 1) / kd::tile_rows * kd::tile_rows;
  const std::size_t parts = (nr + part_rows - 1) / part_rows;
  // Per task: its query heaps (merged below). Row results are written by the task.
  std::vector<Heaps> q_heaps;
  q_heaps.reserve(parts);
  for (std::size_t p = 0; p < parts; ++p) q_heaps.emplace_back(0, 1);

  tbb::parallel_for(std::size_t{0}, parts, [&](std::size_t p) {
    const std::size_t r_begin = p * part_rows, r_end = std::min(nr, r_begin + part_rows);
    const std::size_t span_rows = r_end - r_begin;
    // A heap never holds more than the other side's candidates (large k stays small).
    Heaps qh(nq, std::min(k, span_rows));
    Heaps rh(span_rows, std::min(k, nq));
    // Row thresholds, padded with +inf so that padding rows of the last panel never match.
    std::vector<float> rthr((span_rows + kd::tile_rows - 1) / kd::tile_rows * kd::tile_rows, inf);
    std::copy_n(rh.thresholds(), span_rows, rthr.data());
    float* qthr = qh.thresholds();
    // 256 rows per block at dim 384 (as DenseIndex::search), whole panels, at least one.
    const std::size_t block_rows =
        std::clamp<std::size_t>((96 * 1024 / dim) / kd::tile_rows, 1, 8) * kd::tile_rows;
    std::vector<float> xpack(block_rows * dim);
    float c[kd::tile_queries * kd::tile_rows];
    std::uint32_t qmasks[kd::tile_queries], rmasks[kd::tile_queries];
    float qthr_tile[kd::tile_queries];
    for (std::size_t r0 = r_begin; r0 < r_end; r0 += block_rows) {
      const std::size_t r1 = std::min(r_end, r0 + block_rows);
      const std::size_t panels = (r1 - r0 + kd::tile_rows - 1) / kd::tile_rows;
      for (std::size_t pp = 0; pp < panels; ++pp)
        kd::pack_rows(xs + (r0 + pp * kd::tile_rows) * dim,
                      std::min(kd::tile_rows, r1 - r0 - pp * kd::tile_rows), dim,
                      xpack.data() + pp * kd::tile_rows * dim);
      for (std::size_t g = 0; g < groups; ++g) {
        const float* qp = qpack.data() + g * kd::tile_queries * dim;
        const std::size_t qa = g * kd::tile_queries, qb = std::min(nq, qa + kd::tile_queries);
        // Padding queries: +inf never matches on the query side; on the row side their
        // (zero) dots are dropped below.
        for (std::size_t i = 0; i < kd::tile_queries; ++i)
          qthr_tile[i] = qa + i < qb ? qthr[qa + i] : inf;
        for (std::size_t pp = 0; pp < panels; ++pp) {
          const std::size_t rb = r0 + pp * kd::tile_rows;  // absolute first row of the panel
          const std::size_t lb = rb - r_begin;             // its position in the task
          if (!tile_both(qp, xpack.data() + pp * kd::tile_rows * dim, dim, qthr_tile,
                         rthr.data() + lb, c, qmasks, rmasks))
            continue;
          for (std::size_t i = qa; i < qb; ++i) {
            const float* ci = c + (i - qa) * kd::tile_rows;
            // Padding rows have an +inf row threshold and a valid query threshold, so mask
            // them on the query side.
            const std::size_t valid = std::min(kd::tile_rows, r1 - rb);
            const std::uint32_t valid_mask =
                valid == 32 ? 0xffffffffu : (std::uint32_t{1} << valid) - 1u;
            std::uint32_t m = qmasks[i - qa] & valid_mask;
            while (m) {
              const auto j = static_cast<unsigned>(std::countr_zero(m));
              m &= m - 1;
              // The threshold may have risen within this tile.
              if (ci[j] > qthr[i]) qh.push(i, {ci[j], static_cast<std::uint32_t>(rb + j)});
            }
            qthr_tile[i - qa] = qthr[i];
            std::uint32_t rm = rmasks[i - qa];
            while (rm) {
              const auto j = static_cast<unsigned>(std::countr_zero(rm));
              rm &= rm - 1;
              float& t = rthr[lb + j];
              if (ci[j] > t) {
                rh.push(lb + j, {ci[j], static_cast<std::uint32_t>(i)});
                t = rh.thresholds()[lb + j];
              }
            }
          }
        }
      }
    }
    std::vector<Entry> best;
    for (std::size_t r = 0; r < span_rows; ++r) {
      const auto e = rh.entries(r);
      best.assign(e.begin(), e.end());
      write_results(best, k, q_id_list, r_scores + (r_begin + r) * k, r_ids + (r_begin + r) * k);
    }
    q_heaps[p] = std::move(qh);
  });

  tbb::parallel_for(std::size_t{0}, nq, [&](std::size_t i) {
    std::vector<Entry> best;
    for (std::size_t p = 0; p < parts; ++p) {
      const auto e = q_heaps[p].entries(i);
      best.insert(best.end(), e.begin(), e.end());
    }
    write_results(best, k, r_id_list, q_scores + i * k, q_ids + i * k);
  });
}

}  // namespace

void all_pairs_topk(const DenseIndex& a, const DenseIndex& b, std::size_t k, float* a_scores,
                    std::int64_t* a_ids, float* b_scores, std::int64_t* b_ids,
                    std::size_t threads) {
  if (k < 1 || k > max_k)
    throw invalid_argument("scoutmatch.dense.6", "k must be in 1.." + std::to_string(max_k) +
                                                     ", got " + std::to_string(k));
  if (threads > 4096) throw invalid_argument("scoutmatch.dense.6", "threads must be 0..4096");
  if (a.dim() != b.dim())
    throw invalid_argument("scoutmatch.dense.11", "the two indexes have different dimensions (" +
                                                      std::to_string(a.dim()) + " and " +
                                                      std::to_string(b.dim()) + ")");
  if (a.metric() != b.metric())
    throw invalid_argument("scoutmatch.dense.12", "the two indexes have different metrics (" +
                                                      std::string(to_string(a.metric())) + " and " +
                                                      std::string(to_string(b.metric())) + ")");
  if (a.precision() == Precision::bf16 || b.precision() == Precision::bf16)
    throw invalid_argument("scoutmatch.dense.14",
                           "all_pairs_topk needs float32 indexes (Precision::f32 or split)");
  const std::size_t na = a.size(), nb = b.size();
  // The stored float32 vectors: in place for f32, rebuilt from the two planes for split.
  std::vector<float> a_copy, b_copy;
  auto stored = [](const DenseIndex& ix, std::vector<float>& copy) -> std::span<const float> {
    if (ix.precision() == Precision::f32) return ix.vectors();
    copy.resize(ix.size() * ix.dim());
    for (std::size_t r = 0; r < ix.size(); ++r) {
      const std::vector<float> v = ix.vector_at(r);
      std::copy(v.begin(), v.end(), copy.begin() + static_cast<std::ptrdiff_t>(r * ix.dim()));
    }
    return copy;
  };
  const std::span<const float> va = stored(a, a_copy), vb = stored(b, b_copy);
  if (a.metric() != Metric::l2 && na >= 2 && nb >= 2 && kd::use_simd()) {
    auto body = [&] {
      // The larger side is split into row ranges (tasks); the smaller is streamed.
      if (na >= nb)
        one_pass(vb.data(), nb, b.ids(), va.data(), na, a.ids(), a.dim(), k, b_scores, b_ids,
                 a_scores, a_ids);
      else
        one_pass(va.data(), na, a.ids(), vb.data(), nb, b.ids(), a.dim(), k, a_scores, a_ids,
                 b_scores, b_ids);
    };
    if (threads == 0) {
      body();
    } else {
      tbb::task_arena arena(static_cast<int>(threads));
      arena.execute(body);
    }
    return;
  }
  // Two searches. For cosine, search() would normalise the (already unit) stored vectors
  // again, which may change their last bits: search ip copies instead.
  if (a.metric() == Metric::cosine) {
    DenseIndex ia(a.dim(), Metric::ip), ib(b.dim(), Metric::ip);
    ia.add(va, na, a.ids());
    ib.add(vb, nb, b.ids());
    if (na) ib.search(va, na, k, a_scores, a_ids, threads);
    if (nb) ia.search(vb, nb, k, b_scores, b_ids, threads);
    return;
  }
  if (na) b.search(va, na, k, a_scores, a_ids, threads);
  if (nb) a.search(vb, nb, k, b_scores, b_ids, threads);
}

}  // namespace scoutmatch
