// all_pairs_topk for text vectors (see all_pairs.hpp): the top-k of every a among the b and
// of every b among the a from one pass over the product of the two sets.
//
// score(a, b) = sum_t sat(t,a) * (idf(t) * sat(t,b)) splits into two parts by term:
//   - head terms, frequent on both sides (share of a-rows times share of b-rows at least
//     head_density, at most max_head of them): a dense product. The b side is packed once
//     in panels of 32 ([head][32], values idf * sat), the a side per chunk in groups of 12
//     ([head][12], values sat); the register tile of the dense kernels (dense_tile.hpp)
//     computes 12 x 32 dots at a time.
//   - the other ("tail") terms: a sparse product. Each a of a chunk keeps a cursor into
//     the b-side posting list of each of its tail terms (b ascending) and adds the
//     postings of one block of b columns into its own row of a chunk x block accumulator.
// The tile's epilogue adds the accumulator to the dots and compares each score with the
// k-th best of its a (the a belongs to the task: its heap is exact) and of its b (per-task
// heaps, merged at the end), so only candidates reach a heap.
//
// Portable build or a CPU without AVX-512: no head; every term goes through the sparse
// part and a scalar loop compares. Either way a score is the exact sum in another order of
// additions than search()'s, so it can differ from it in the last bits.
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "index/dense_kernels.hpp"
#include "index/top_heaps.hpp"
#include "scoutmatch/error.hpp"
#include "scoutmatch/index/all_pairs.hpp"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define SM_SPARSE_PAIRS_AVX512 1
#include "index/dense_tile.hpp"
#endif

#if defined(__GNUC__) && !defined(__clang__)
// GCC 12's false positive on its own intrinsics (see dense_kernels.cpp).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

namespace scoutmatch {
namespace {

namespace kd = detail::dense;
using detail::Entry;
using detail::Heaps;

constexpr std::uint32_t npos = std::numeric_limits<std::uint32_t>::max();
constexpr std::size_t max_k = 1'000'000;
constexpr float inf = std::numeric_limits<float>::infinity();

// A term goes to the dense part when (a-rows with it / a-rows) * (b-rows with it / b-rows)
// is at least this: a dense multiply-add costs about 1/40 of a scattered one here (on
// 300-word profiles of 100k + 20k: 1/40 picks ~144 terms, 1/80 ~235 with the same time,
// 1/160 and 1/320 are 16% and 50% slower).
constexpr double head_density = 1.0 / 40;
constexpr std::size_t max_head = 512;
// a-rows per chunk (whole groups of 12) and b columns per block (whole panels of 32): the
// chunk x block accumulator (384 KB) and the chunk's cursors stay in L2.
constexpr std::size_t chunk_rows = 4 * kd::tile_queries;
constexpr std::size_t block_cols = 64 * kd::tile_rows;
constexpr std::size_t min_rows_per_task = 1024;
// A visit of a cursor starts on a cold line of the b side's postings: the line of the
// cursor this many ahead is fetched (measured: 4% faster than none).
constexpr std::size_t prefetch_ahead = 8;

// A tail posting of the b side: b (position in b_docs) and idf * sat(t, b).
struct Posting {
  std::uint32_t b;
  float w;
};

// The side-independent data: the head terms, the b side's packed head panels and its
// tail posting lists.
struct Prepared {
  std::size_t heads = 0;
  std::vector<std::uint32_t> slot;   // per term: its head slot, or npos
  std::vector<std::uint64_t> start;  // per term: its tail postings (head: empty)
  std::vector<Posting> post;         // b ascending per term
  std::vector<float> bpack;          // per panel of 32 b: [heads][32]
};

Prepared prepare(const SpaceVectors& space, std::span<const std::uint32_t> a_docs,
                 std::span<const std::uint32_t> b_docs, bool dense) {
  const SparseVectors& sat = space.sat;
  const std::size_t terms = space.idf.size();
  Prepared p;
  p.slot.assign(terms, npos);
  std::vector<std::uint32_t> df_b(terms, 0);
  for (std::uint32_t d : b_docs)
    for (TermId t : sat.row(d).terms) ++df_b[t];
  if (dense && !a_docs.empty() && !b_docs.empty()) {
    std::vector<std::uint32_t> df_a(terms, 0);
    for (std::uint32_t d : a_docs)
      for (TermId t : sat.row(d).terms) ++df_a[t];
    std::vector<std::pair<double, TermId>> cand;
    const double na = static_cast<double>(a_docs.size()), nb = static_cast<double>(b_docs.size());
    for (std::size_t t = 0; t < terms; ++t) {
      const double share = (df_a[t] / na) * (df_b[t] / nb);
      if (share >= head_density) cand.emplace_back(-share, static_cast<TermId>(t));
    }
    std::sort(cand.begin(), cand.end());
    if (cand.size() > max_head) cand.resize(max_head);
    std::vector<TermId> head;
    for (const auto& c : cand) head.push_back(c.second);
    std::sort(head.begin(), head.end());
    for (std::size_t s = 0; s < head.size(); ++s) p.slot[head[s]] = static_cast<std::uint32_t>(s);
    p.heads = head.size();
  }
  // Tail posting lists of the b side: a counting sort, b ascending within a term.
  p.start.assign(terms + 1, 0);
  for (std::size_t t = 0; t < terms; ++t)
    p.start[t + 1] = p.start[t] + (p.slot[t] == npos ? df_b[t] : 0);
  p.post.resize(p.start[terms]);
  const std::size_t panels = (b_docs.size() + kd::tile_rows - 1) / kd::tile_rows;
  p.bpack.assign(panels * p.heads * kd::tile_rows, 0.0f);
  std::vector<std::uint64_t> fill(p.start.begin(), p.start.end() - 1);
  for (std::size_t j = 0; j < b_docs.size(); ++j) {
    const SparseRow r = sat.row(b_docs[j]);
    float* panel = p.bpack.data() + (j / kd::tile_rows) * p.heads * kd::tile_rows;
    for (std::size_t e = 0; e < r.terms.size(); ++e) {
      const TermId t = r.terms[e];
      const float v = space.idf[t] * r.values[e];
      if (p.slot[t] != npos) {
        panel[p.slot[t] * kd::tile_rows + j % kd::tile_rows] = v;
      } else {
        p.post[fill[t]++] = {static_cast<std::uint32_t>(j), v};
      }
    }
  }
  return p;
}

// One tail term of one a: the rest of its b-side posting list and the a's weight.
struct Cursor {
  std::uint64_t at, end;
  float wa;
};

#ifdef SM_SPARSE_PAIRS_AVX512
__attribute__((target("avx512f,fma"))) bool tile_avx512(const float* ap, const float* bp,
                                                        std::size_t heads, const float* acc,
                                                        std::size_t stride, const float* athr,
                                                        const float* bthr, float* c,
                                                        std::uint32_t* amasks,
                                                        std::uint32_t* bmasks) noexcept {
  kd::BothEpilogue<true> e{acc, stride, athr,  _mm512_loadu_ps(bthr), _mm512_loadu_ps(bthr + 16),
                           c,   amasks, bmasks};
  return kd::tile_12x32(ap, bp, heads, e) != 0;
}
#else
bool tile_avx512(const float*, const float*, std::size_t, const float*, std::size_t, const float*,
                 const float*, float*, std::uint32_t*, std::uint32_t*) noexcept {
  return false;  // never called: use_avx512() is false
}
#endif

// The 12 x 32 tile with kd::BothEpilogue<true> (AVX-512), or kd::tile_both_avx2 (the same
// epilogue on the stored dots): the sparse part (acc: the 12 a-rows' accumulator rows,
// `stride` apart, at the panel's first column) added to the dots, each score compared with
// its a's k-th best (athr[i]) and its b's (bthr[0..31]); the scores of an a with any mask
// bit set are stored to c[i * 32 ...]. Only after use_simd().
bool tile(const float* ap, const float* bp, std::size_t heads, const float* acc,
          std::size_t stride, const float* athr, const float* bthr, float* c,
          std::uint32_t* amasks, std::uint32_t* bmasks) noexcept {
  if (kd::use_avx512())
    return tile_avx512(ap, bp, heads, acc, stride, athr, bthr, c, amasks, bmasks);
  return kd::tile_both_avx2(ap, bp, heads, acc, stride, athr, bthr, c, amasks, bmasks);
}

std::vector<ScoredDoc> sorted_result(std::vector<Entry>& best, std::size_t k,
                                     std::span<const std::uint32_t> docs) {
  detail::keep_best(best, k);
  std::vector<ScoredDoc> out;
  out.reserve(best.size());
  for (const Entry& e : best) out.push_back({e.key, docs[e.row]});
  return out;
}

SparseAllPairs one_pass(const SpaceVectors& space, std::span<const std::uint32_t> a_docs,
                        std::span<const std::uint32_t> b_docs, std::size_t k) {
  const std::size_t na = a_docs.size(), nb = b_docs.size();
  SparseAllPairs out;
  out.a.resize(na);
  out.b.resize(nb);
  if (na == 0 || nb == 0) return out;
  const bool simd = kd::use_simd();
  const Prepared prep = prepare(space, a_docs, b_docs, simd);
  const std::size_t heads = simd ? prep.heads : 0;
  const SparseVectors& sat = space.sat;

  const std::size_t workers =
      static_cast<std::size_t>(std::max(1, tbb::this_task_arena::max_concurrency()));
  // Row ranges of a, two per worker for balance (each holds its own b heaps).
  const std::size_t parts_wanted = std::clamp<std::size_t>(na / min_rows_per_task, 1, 2 * workers);
  const std::size_t part_rows =
      ((na + parts_wanted - 1) / parts_wanted + chunk_rows - 1) / chunk_rows * chunk_rows;
  const std::size_t parts = (na + part_rows - 1) / part_rows;
  const std::size_t b_pad = (nb + kd::tile_rows - 1) / kd::tile_rows * kd::tile_rows;
  std::vector<Heaps> b_heaps;
  b_heaps.reserve(parts);
  for (std::size_t p = 0; p < parts; ++p) b_heaps.emplace_back(0, 1);

  tbb::parallel_for(std::size_t{0}, parts, [&](std::size_t part) {
    const std::size_t a_begin = part * part_rows, a_end = std::min(na, a_begin + part_rows);
    Heaps ah(a_end - a_begin, std::min(k, nb), 0.0f);
    Heaps bh(nb, std::min(k, a_end - a_begin), 0.0f);
    // b thresholds, padded with +inf so that padding columns never match on the b side.
    std::vector<float> bthr(b_pad, inf);
    std::copy_n(bh.thresholds(), nb, bthr.data());
    std::vector<float> apack(chunk_rows * heads);
    std::vector<float> acc(chunk_rows * block_cols);
    std::vector<Cursor> cur;
    std::vector<std::size_t> cur_start(chunk_rows + 1);
    float c[kd::tile_queries * kd::tile_rows];
    std::uint32_t amasks[kd::tile_queries], bmasks[kd::tile_queries];
    float athr_tile[kd::tile_queries];

    // A score of a (chunk position i, absolute a) and b (absolute j) above a threshold.
    auto offer = [&](std::size_t a, std::size_t j, float s, bool a_side, bool b_side) {
      if (a_docs[a] == b_docs[j]) return;  // a profile is not its own partner
      if (a_side && s > ah.thresholds()[a - a_begin])
        ah.push(a - a_begin, {s, static_cast<std::uint32_t>(j)});
      if (b_side && s > bthr[j]) {
        bh.push(j, {s, static_cast<std::uint32_t>(a)});
        bthr[j] = bh.thresholds()[j];
      }
    };

    for (std::size_t c0 = a_begin; c0 < a_end; c0 += chunk_rows) {
      const std::size_t c1 = std::min(a_end, c0 + chunk_rows), rows = c1 - c0;
      const std::size_t groups = (rows + kd::tile_queries - 1) / kd::tile_queries;
      // Pack the chunk's head weights in groups of 12 and open its tail cursors.
      std::fill(apack.begin(), apack.end(), 0.0f);
      cur.clear();
      for (std::size_t i = 0; i < rows; ++i) {
        cur_start[i] = cur.size();
        const SparseRow r = sat.row(a_docs[c0 + i]);
        float* g = apack.data() + (i / kd::tile_queries) * heads * kd::tile_queries;
        for (std::size_t e = 0; e < r.terms.size(); ++e) {
          const TermId t = r.terms[e];
          if (heads && prep.slot[t] != npos)
            g[prep.slot[t] * kd::tile_queries + i % kd::tile_queries] = r.values[e];
          else if (prep.start[t] < prep.start[t + 1])
            cur.push_back({prep.start[t], prep.start[t + 1], r.values[e]});
        }
      }
      cur_start[rows] = cur.size();

      for (std::size_t j0 = 0; j0 < nb; j0 += block_cols) {
        const std::size_t j1 = std::min(nb, j0 + block_cols);
        // The sparse part of this block: each a's tail postings with b in [j0, j1).
        std::fill_n(acc.data(), groups * kd::tile_queries * block_cols, 0.0f);
        for (std::size_t i = 0; i < rows; ++i) {
          float* row = acc.data() + i * block_cols;
          for (std::size_t q = cur_start[i]; q < cur_start[i + 1]; ++q) {
            if (q + prefetch_ahead < cur.size())
              __builtin_prefetch(prep.post.data() + cur[q + prefetch_ahead].at);
            Cursor& cu = cur[q];
            const Posting* at = prep.post.data() + cu.at;
            const Posting* end = prep.post.data() + cu.end;
            const float wa = cu.wa;
            for (; at < end && at->b < j1; ++at) row[at->b - j0] += wa * at->w;
            cu.at = static_cast<std::uint64_t>(at - prep.post.data());
          }
        }
        if (heads == 0) {
          for (std::size_t i = 0; i < rows; ++i) {
            const float* row = acc.data() + i * block_cols;
            const float* athr = ah.thresholds() + (c0 + i - a_begin);
            for (std::size_t j = j0; j < j1; ++j) {
              const float s = row[j - j0];
              if (s > *athr || s > bthr[j]) offer(c0 + i, j, s, true, true);
            }
          }
          continue;
        }
        for (std::size_t jb = j0; jb < j1; jb += kd::tile_rows) {
          const float* bp = prep.bpack.data() + (jb / kd::tile_rows) * heads * kd::tile_rows;
          const std::size_t valid_b = std::min(kd::tile_rows, j1 - jb);
          const std::uint32_t b_valid =
              valid_b == 32 ? 0xffffffffu : (std::uint32_t{1} << valid_b) - 1u;
          for (std::size_t g = 0; g < groups; ++g) {
            const std::size_t ga = c0 + g * kd::tile_queries;
            const std::size_t valid_a = std::min(kd::tile_queries, c1 - ga);
            for (std::size_t i = 0; i < kd::tile_queries; ++i)
              athr_tile[i] = i < valid_a ? ah.thresholds()[ga + i - a_begin] : inf;
            const float* arow = acc.data() + g * kd::tile_queries * block_cols + (jb - j0);
            if (!tile(apack.data() + g * heads * kd::tile_queries, bp, heads, arow, block_cols,
                      athr_tile, bthr.data() + jb, c, amasks, bmasks))
              continue;
            for (std::size_t i = 0; i < valid_a; ++i) {
              const float* ci = c + i * kd::tile_rows;
              std::uint32_t m = (amasks[i] & b_valid) | bmasks[i];
              while (m) {
                const auto j = static_cast<unsigned>(std::countr_zero(m));
                m &= m - 1;
                offer(ga + i, jb + j, ci[j], true, true);
              }
            }
          }
        }
      }
    }
    std::vector<Entry> best;
    for (std::size_t a = a_begin; a < a_end; ++a) {
      const auto e = ah.entries(a - a_begin);
      best.assign(e.begin(), e.end());
      out.a[a] = sorted_result(best, k, b_docs);
    }
    b_heaps[part] = std::move(bh);
  });

  tbb::parallel_for(std::size_t{0}, nb, [&](std::size_t j) {
    std::vector<Entry> best;
    for (std::size_t p = 0; p < parts; ++p) {
      const auto e = b_heaps[p].entries(j);
      best.insert(best.end(), e.begin(), e.end());
    }
    out.b[j] = sorted_result(best, k, a_docs);
  });
  return out;
}

}  // namespace

SparseAllPairs all_pairs_topk(const SpaceVectors& space, std::span<const std::uint32_t> a_docs,
                              std::span<const std::uint32_t> b_docs, std::size_t k,
                              std::size_t threads) {
  if (k < 1 || k > max_k)
    throw invalid_argument(
        "scoutmatch.search.2",
        "all_pairs_topk: k must be in 1.." + std::to_string(max_k) + ", got " + std::to_string(k));
  if (threads > 4096)
    throw invalid_argument("scoutmatch.search.2", "all_pairs_topk: threads must be 0..4096, got " +
                                                      std::to_string(threads));
  const std::size_t rows = space.sat.rows();
  for (auto docs : {a_docs, b_docs})
    for (std::uint32_t d : docs)
      if (d >= rows)
        throw invalid_argument("scoutmatch.search.3", "all_pairs_topk: document " +
                                                          std::to_string(d) +
                                                          " is out of range (the space has " +
                                                          std::to_string(rows) + " documents)");
  if (a_docs.size() >= npos || b_docs.size() >= npos)
    throw invalid_argument("scoutmatch.search.3", "all_pairs_topk: too many documents");
  // The score is symmetric: the larger side is split into tasks, the smaller one packed.
  auto body = [&] {
    if (a_docs.size() >= b_docs.size()) return one_pass(space, a_docs, b_docs, k);
    SparseAllPairs r = one_pass(space, b_docs, a_docs, k);
    std::swap(r.a, r.b);
    return r;
  };
  if (threads == 0) return body();
  tbb::task_arena arena(static_cast<int>(threads));
  return arena.execute(body);
}

}  // namespace scoutmatch
