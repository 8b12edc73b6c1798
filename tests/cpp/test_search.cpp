// Exact top-k search: the inverted index against brute force on random data, and every
// filter on real profiles.
#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <random>

#include "test_helpers.hpp"

namespace sm = scoutmatch;
using SK = scoutmatch::detail::SparseKernel;
using sm::testing::make_profile;

namespace {

// A random space: `n` documents with up to `max_terms` terms drawn from a skewed
// vocabulary of `v` terms, random saturations and idfs.
sm::SpaceVectors random_space(std::mt19937& rng, std::size_t n, std::size_t v,
                              std::size_t max_terms) {
  sm::SpaceVectors s;
  std::uniform_real_distribution<float> val(0.1f, 2.0f);
  std::uniform_int_distribution<std::size_t> len(0, max_terms);
  std::geometric_distribution<std::uint32_t> term(3.0 / static_cast<double>(v));
  for (std::size_t d = 0; d < n; ++d) {
    std::vector<sm::TermId> terms;
    for (std::size_t i = len(rng); i > 0; --i)
      terms.push_back(std::min<std::uint32_t>(term(rng), v - 1));
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    for (auto t : terms) {
      s.sat.terms.push_back(t);
      // Coarse values make exact ties between documents common.
      s.sat.values.push_back(std::round(val(rng) * 4) / 4);
      s.sat.fields.push_back(1);
    }
    s.sat.offsets.push_back(s.sat.terms.size());
  }
  s.idf.resize(v);
  for (auto& x : s.idf) x = std::round(val(rng) * 2) / 2;
  s.df.assign(v, 1);
  return s;
}

sm::QueryVector random_query(std::mt19937& rng, std::size_t v, std::size_t max_terms) {
  sm::QueryVector q;
  std::uniform_int_distribution<sm::TermId> term(0, static_cast<sm::TermId>(v - 1));
  std::uniform_int_distribution<std::size_t> len(1, max_terms);
  std::uniform_real_distribution<float> val(0.1f, 2.0f);
  std::vector<sm::TermId> terms;
  for (std::size_t i = len(rng); i > 0; --i) terms.push_back(term(rng));
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  for (auto t : terms) {
    q.terms.push_back(t);
    q.weights.push_back(std::round(val(rng) * 4) / 4);
  }
  return q;
}

sm::DocAttributes random_attributes(std::mt19937& rng, std::size_t n) {
  std::vector<sm::Profile> ps(n);
  std::uniform_int_distribution<int> kind(0, sm::kind_count - 1), country(0, 3), coin(0, 3);
  std::uniform_real_distribution<double> lat(50.0, 52.0), lon(6.5, 9.0);
  const char* countries[] = {"DE", "NL", "AT", ""};
  const char* regions[] = {"DEA57", "DEA5A", "DEA52", "NL22"};
  for (std::size_t d = 0; d < n; ++d) {
    ps[d].id = "p" + std::to_string(d);
    ps[d].kind = static_cast<sm::Kind>(kind(rng));
    ps[d].country = countries[country(rng)];
    ps[d].region = regions[coin(rng)];
    if (coin(rng) != 0) {
      ps[d].lat = lat(rng);
      ps[d].lon = lon(rng);
    }
  }
  return sm::DocAttributes::from(ps);
}

sm::FilterSpec random_filter(std::mt19937& rng, std::size_t n) {
  sm::FilterSpec f;
  std::uniform_int_distribution<int> coin(0, 3);
  if (coin(rng) == 0) f.kinds = {sm::Kind::university, sm::Kind::research};
  if (coin(rng) == 0) f.countries = {"de"};
  if (coin(rng) == 0) f.region_prefixes = {"DEA5"};
  if (coin(rng) == 0) {
    f.near = sm::GeoPoint{51.0, 7.8};
    f.within_km = 60;
  }
  std::uniform_int_distribution<std::uint32_t> doc(0, static_cast<std::uint32_t>(n - 1));
  for (int i = coin(rng); i > 0; --i) f.exclude.push_back(doc(rng));
  return f;
}

void expect_same(const std::vector<sm::ScoredDoc>& a, const std::vector<sm::ScoredDoc>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].doc, b[i].doc) << "at rank " << i;
    EXPECT_EQ(a[i].score, b[i].score) << "at rank " << i;  // bit-identical sums
  }
}

}  // namespace

TEST(Search, InvertedIndexEqualsBruteForceOnRandomData) {
  for (unsigned seed = 1; seed <= 60; ++seed) {
    std::mt19937 rng(seed);
    const std::size_t n = 1 + rng() % 600, v = 5 + rng() % 200;
    const sm::SpaceVectors space = random_space(rng, n, v, 40);
    const sm::InvertedIndex ix = sm::InvertedIndex::build(space);
    const sm::DocAttributes attrs = random_attributes(rng, n);
    for (int qi = 0; qi < 20; ++qi) {
      const sm::QueryVector q = random_query(rng, v, 30);
      const sm::FilterSpec spec = random_filter(rng, n);
      const sm::CompiledFilter filter(spec, attrs);
      const std::size_t k = 1 + rng() % 40;
      SCOPED_TRACE("seed " + std::to_string(seed) + " query " + std::to_string(qi));
      expect_same(ix.search(q, k, filter), sm::search_exhaustive(space, q, k, filter));
    }
  }
}

TEST(Search, ParallelWithinOneQueryEqualsSerial) {
  for (unsigned seed = 100; seed < 106; ++seed) {
    std::mt19937 rng(seed);
    const std::size_t n = 20000 + rng() % 5000, v = 300;
    const sm::SpaceVectors space = random_space(rng, n, v, 30);
    const sm::InvertedIndex ix = sm::InvertedIndex::build(space);
    const sm::DocAttributes attrs = random_attributes(rng, n);
    for (int threads : {2, 3}) {
      tbb::task_arena arena(threads);
      for (int qi = 0; qi < 5; ++qi) {
        const sm::QueryVector q = random_query(rng, v, 60);
        const sm::CompiledFilter filter(random_filter(rng, n), attrs);
        const std::size_t k = 1 + rng() % 100;
        const auto par = arena.execute([&] { return ix.search(q, k, filter, true); });
        expect_same(par, sm::search_exhaustive(space, q, k, filter));
      }
    }
  }
}

// Several scoring blocks, head terms (bitmaps) next to posting lists, short queries that
// take the touched-documents path and long ones that take the blocks; with the AVX-512
// and AVX2 kernels (where the CPU has them) and with the portable ones.
TEST(Search, HeadTermsBlocksAndSparsePathEqualBruteForce) {
  for (const SK kernel : {SK::avx512, SK::avx2, SK::portable}) {
    const SK before = sm::detail::inverted_index_kernel(kernel);
    for (unsigned seed = 200; seed < 203; ++seed) {
      std::mt19937 rng(seed);
      const std::size_t n = 2 * sm::InvertedIndex::block_docs + 1 + rng() % 3000, v = 400;
      sm::SpaceVectors space = random_space(rng, n, v, 60);
      // Inexact products, so that a fused multiply-add or another order of additions
      // would change the sums.
      for (float& x : space.idf) x *= 1.0f + 1e-3f * static_cast<float>(rng() % 97);
      const sm::InvertedIndex ix = sm::InvertedIndex::build(space);
      ASSERT_GT(ix.head_terms(), 0u);
      const sm::DocAttributes attrs = random_attributes(rng, n);
      std::vector<float> all;
      for (int qi = 0; qi < 12; ++qi) {
        const sm::QueryVector q = random_query(rng, v, qi % 3 == 0 ? 2 : 80);
        const sm::CompiledFilter filter(random_filter(rng, n), attrs);
        const std::size_t k = 1 + rng() % 50;
        SCOPED_TRACE("kernel " + std::to_string(static_cast<int>(kernel)) + " seed " + std::to_string(seed) +
                     " query " + std::to_string(qi));
        expect_same(ix.search(q, k, filter), sm::search_exhaustive(space, q, k, filter));
        ix.score_all(q, all);
        ASSERT_EQ(all.size(), n);
        for (std::uint32_t d = 0; d < n; ++d)
          ASSERT_EQ(all[d], sm::score_document(space, q, d)) << "doc " << d;
      }
    }
    sm::detail::inverted_index_kernel(before);
  }
}

// The build is a parallel transpose over document ranges: any number of threads must give
// the same postings (checked through the scores of every document) and the same size.
TEST(Search, BuildIsTheSameForAnyThreadCount) {
  std::mt19937 rng(77);
  const std::size_t n = 3 * sm::InvertedIndex::block_docs + 123, v = 500;
  sm::SpaceVectors space = random_space(rng, n, v, 60);
  for (float& x : space.idf) x *= 1.0f + 1e-3f * static_cast<float>(rng() % 97);
  tbb::task_arena one(1), three(3);
  const auto a = one.execute([&] { return sm::InvertedIndex::build(space); });
  const auto b = three.execute([&] { return sm::InvertedIndex::build(space); });
  ASSERT_GT(a.head_terms(), 0u);
  EXPECT_EQ(a.head_terms(), b.head_terms());
  EXPECT_EQ(a.memory_bytes(), b.memory_bytes());
  std::vector<float> sa, sb;
  for (int qi = 0; qi < 8; ++qi) {
    const sm::QueryVector q = random_query(rng, v, 120);
    a.score_all(q, sa);
    b.score_all(q, sb);
    ASSERT_EQ(sa.size(), n);
    for (std::uint32_t d = 0; d < n; ++d) {
      ASSERT_EQ(sa[d], sb[d]) << "doc " << d;
      ASSERT_EQ(sa[d], sm::score_document(space, q, d)) << "doc " << d;
    }
  }
}

TEST(Search, IndexIsNoLargerThanACsrMatrix) {
  std::mt19937 rng(9);
  const std::size_t n = 5000, v = 300;
  const sm::SpaceVectors space = random_space(rng, n, v, 60);
  const sm::InvertedIndex ix = sm::InvertedIndex::build(space);
  EXPECT_EQ(ix.postings(), space.sat.nnz());
  EXPECT_GT(ix.head_terms(), 0u);
  // scipy CSR: float32 value + int32 column per nonzero, int32 row pointers.
  EXPECT_LE(ix.memory_bytes(), 8 * space.sat.nnz() + 4 * (n + 1));
}

TEST(Search, KLargerThanMatchesReturnsAllMatches) {
  std::mt19937 rng(7);
  const sm::SpaceVectors space = random_space(rng, 50, 20, 5);
  const sm::InvertedIndex ix = sm::InvertedIndex::build(space);
  const sm::DocAttributes attrs = random_attributes(rng, 50);
  const sm::CompiledFilter none({}, attrs);
  const sm::QueryVector q = random_query(rng, 20, 10);
  const auto all = sm::search_exhaustive(space, q, 1000, none);
  EXPECT_EQ(ix.search(q, 1000, none).size(), all.size());
  EXPECT_LT(all.size(), 50u + 1);
  for (const auto& d : all) EXPECT_GT(d.score, 0);
}

// search_batch against search() per query (bit-identical scores, same order and ties)
// and brute force: several groups, blocks of several sizes (few and many head terms),
// long queries (blocks) next to short ones (touched documents), empty queries, k above
// the number of matches, per-query and shared filters and k, serial and parallel, with the
// AVX-512 and AVX2 kernels (where the CPU has them) and with the portable ones.
TEST(Search, BatchEqualsSearchPerQuery) {
  for (const SK kernel : {SK::avx512, SK::avx2, SK::portable}) {
    const SK before = sm::detail::inverted_index_kernel(kernel);
    for (unsigned seed = 300; seed < 304; ++seed) {
      std::mt19937 rng(seed);
      const std::size_t n = 3000 + rng() % 9000, v = 400;
      // 60 terms: ~70 head terms (2048-document batch blocks); 240: many more (smaller).
      sm::SpaceVectors space = random_space(rng, n, v, seed % 2 ? 240 : 60);
      for (float& x : space.idf) x *= 1.0f + 1e-3f * static_cast<float>(rng() % 97);
      const sm::InvertedIndex ix = sm::InvertedIndex::build(space);
      ASSERT_GT(ix.head_terms(), 0u);
      const sm::DocAttributes attrs = random_attributes(rng, n);
      const std::size_t nq = 2 * sm::InvertedIndex::batch_group + 7;
      std::vector<sm::QueryVector> qs;
      std::vector<sm::CompiledFilter> filters;
      std::vector<std::size_t> ks;
      for (std::size_t i = 0; i < nq; ++i) {
        qs.push_back(i % 11 == 5 ? sm::QueryVector{}
                                 : random_query(rng, v, i % 4 == 0 ? 2 : 40 + i % 120));
        filters.emplace_back(random_filter(rng, n), attrs);
        ks.push_back(i % 13 == 0 ? n + 5 : 1 + rng() % 50);  // k > matches too
      }
      std::vector<const sm::CompiledFilter*> fp;
      for (const auto& f : filters) fp.push_back(&f);
      const auto serial = ix.search_batch(qs, ks, fp);
      tbb::task_arena arena(2);
      const auto par = arena.execute([&] { return ix.search_batch(qs, ks, fp, true); });
      const sm::CompiledFilter none({}, attrs);
      const auto shared = ix.search_batch(qs, 10, none);
      // With the forward vectors: the register tile and exact rescoring (AVX-512 only).
      const auto tiled = arena.execute([&] { return ix.search_batch(qs, ks, fp, true, &space); });
      const auto tiled_shared = ix.search_batch(qs, 10, none, false, &space);
      ASSERT_EQ(serial.size(), nq);
      ASSERT_EQ(par.size(), nq);
      ASSERT_EQ(shared.size(), nq);
      for (std::size_t i = 0; i < nq; ++i) {
        SCOPED_TRACE("kernel " + std::to_string(static_cast<int>(kernel)) + " seed " + std::to_string(seed) +
                     " query " + std::to_string(i));
        const auto one = ix.search(qs[i], ks[i], filters[i]);
        expect_same(serial[i], one);
        expect_same(par[i], one);
        expect_same(shared[i], ix.search(qs[i], 10, none));
        expect_same(tiled[i], one);
        expect_same(tiled_shared[i], shared[i]);
        if (i % 5 == 0) expect_same(one, sm::search_exhaustive(space, qs[i], ks[i], filters[i]));
        if (qs[i].empty()) EXPECT_TRUE(serial[i].empty());
      }
    }
    sm::detail::inverted_index_kernel(before);
  }
}

// The register-tile path cuts the documents into spans (at most 64k documents each, equal
// sizes) and carries each query's posting-list cursors from span to span: 150k documents
// make three spans (two of 53k and one of 44k), against search() per query and brute force.
TEST(Search, BatchTileAcrossSpans) {
  std::mt19937 rng(77);
  const std::size_t n = 150000, v = 400;
  const sm::SpaceVectors space = random_space(rng, n, v, 60);
  const sm::InvertedIndex ix = sm::InvertedIndex::build(space);
  ASSERT_GT(ix.head_terms(), 40u);
  const sm::DocAttributes attrs = random_attributes(rng, n);
  const sm::CompiledFilter none({}, attrs);
  std::vector<sm::QueryVector> qs;
  for (int i = 0; i < 30; ++i) qs.push_back(random_query(rng, v, 200));
  for (const SK kernel : {SK::avx512, SK::avx2}) {
    const SK before = sm::detail::inverted_index_kernel(kernel);
    const auto tiled = ix.search_batch(qs, 10, none, false, &space);
    for (std::size_t i = 0; i < qs.size(); ++i) {
      SCOPED_TRACE("kernel " + std::to_string(static_cast<int>(kernel)) + " query " +
                   std::to_string(i));
      const auto one = ix.search(qs[i], 10, none);
      expect_same(tiled[i], one);
      if (i % 10 == 0) expect_same(one, sm::search_exhaustive(space, qs[i], 10, none));
    }
    sm::detail::inverted_index_kernel(before);
  }
}

// Many equal scores: the batch breaks ties by document number like search(). Twenty
// head terms (a query needs batch_min_heads of them to be scored in a group).
TEST(Search, BatchKeepsTiesLikeSearch) {
  static_assert(sm::InvertedIndex::batch_min_heads <= 20);
  sm::SpaceVectors s;
  const std::size_t n = 5000, v = 24;
  for (std::size_t d = 0; d < n; ++d) {
    for (sm::TermId t = 0; t < v; ++t)
      if (t < 18 || (t < 20 && d % 2 == 0) || (t >= 20 && d % 5 == 0)) {
        s.sat.terms.push_back(t);
        s.sat.values.push_back(t % 3 == 0 ? 1.0f : 0.75f);
        s.sat.fields.push_back(1);
      }
    s.sat.offsets.push_back(s.sat.terms.size());
  }
  for (sm::TermId t = 0; t < v; ++t) s.idf.push_back(0.5f + 0.125f * static_cast<float>(t % 4));
  s.df.assign(v, 1);
  const sm::InvertedIndex ix = sm::InvertedIndex::build(s);
  ASSERT_GE(ix.head_terms(), 20u);
  std::mt19937 rng(5);
  const sm::DocAttributes attrs = random_attributes(rng, n);
  const sm::CompiledFilter none({}, attrs);
  std::vector<sm::QueryVector> qs(3);
  for (sm::TermId t = 0; t < v; ++t) {
    qs[0].terms.push_back(t);
    qs[0].weights.push_back(1.0f);
    qs[1].terms.push_back(t);
    qs[1].weights.push_back(0.25f * static_cast<float>(1 + t % 5));
    if (t % 6 != 1) {
      qs[2].terms.push_back(t);
      qs[2].weights.push_back(2.0f);
    }
  }
  for (const SK kernel : {SK::avx512, SK::avx2, SK::portable}) {
    const SK before = sm::detail::inverted_index_kernel(kernel);
    const auto batch = ix.search_batch(qs, 25, none);
    const auto tiled = ix.search_batch(qs, 25, none, false, &s);
    for (std::size_t i = 0; i < qs.size(); ++i) {
      expect_same(batch[i], ix.search(qs[i], 25, none));
      expect_same(tiled[i], batch[i]);
      expect_same(batch[i], sm::search_exhaustive(s, qs[i], 25, none));
    }
    // Documents that are multiples of 10 tie for first: the lowest numbers win.
    ASSERT_EQ(batch[0].size(), 25u);
    for (std::uint32_t r = 0; r < 25; ++r) EXPECT_EQ(batch[0][r].doc, 10 * r);
    sm::detail::inverted_index_kernel(before);
  }
}

// The register-tile path of search_batch (forward vectors given) needs weights >= 0 that
// are 0 or normal floats in [2^-60, 2^60] for its rounding allowance; queries outside that
// (a negative or a tiny weight) take the exact block-major path: same results either way.
TEST(Search, BatchWithForwardVectorsKeepsExactResultsForAnyWeights) {
  std::mt19937 rng(41);
  const std::size_t n = 6000, v = 300;
  const sm::SpaceVectors space = random_space(rng, n, v, 60);
  const sm::InvertedIndex ix = sm::InvertedIndex::build(space);
  ASSERT_GT(ix.head_terms(), 16u);
  const sm::DocAttributes attrs = random_attributes(rng, n);
  const sm::CompiledFilter none({}, attrs);
  for (const float odd : {-0.5f, 1e-30f, 0.0f}) {
    std::vector<sm::QueryVector> qs;
    for (std::size_t i = 0; i < 30; ++i) qs.push_back(random_query(rng, v, 150));
    qs[7].weights[qs[7].weights.size() / 2] = odd;
    const auto tiled = ix.search_batch(qs, 12, none, false, &space);
    for (std::size_t i = 0; i < qs.size(); ++i) {
      SCOPED_TRACE("weight " + std::to_string(odd) + " query " + std::to_string(i));
      expect_same(tiled[i], ix.search(qs[i], 12, none));
      expect_same(tiled[i], sm::search_exhaustive(space, qs[i], 12, none));
    }
  }
}

TEST(Search, BatchChecksItsArguments) {
  std::mt19937 rng(3);
  const sm::SpaceVectors space = random_space(rng, 100, 20, 5);
  const sm::InvertedIndex ix = sm::InvertedIndex::build(space);
  const sm::DocAttributes attrs = random_attributes(rng, 100);
  const sm::CompiledFilter none({}, attrs);
  const std::vector<sm::QueryVector> qs(3, random_query(rng, 20, 5));
  const std::vector<std::size_t> two_ks{1, 2};
  const std::vector<const sm::CompiledFilter*> one{&none}, two{&none, &none}, null{nullptr};
  EXPECT_THROW(ix.search_batch(qs, two_ks, one), sm::invalid_argument);
  const std::vector<std::size_t> one_k{4};
  EXPECT_THROW(ix.search_batch(qs, one_k, two), sm::invalid_argument);
  EXPECT_THROW(ix.search_batch(qs, one_k, null), sm::invalid_argument);
  EXPECT_TRUE(ix.search_batch({}, one_k, one).empty());
  // Forward vectors of another space: a clear error, not a read out of range.
  const sm::SpaceVectors other = random_space(rng, 80, 20, 5);
  try {
    (void)ix.search_batch(qs, one_k, one, false, &other);
    ADD_FAILURE() << "expected scoutmatch.search.4";
  } catch (const sm::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("scoutmatch.search.4"), std::string::npos) << e.what();
  }
  EXPECT_EQ(ix.search_batch(qs, one_k, one, false, &space).size(), 3u);
}

TEST(Search, HaversineDistance) {
  // Siegen to Dortmund is about 77 km as the crow flies.
  const double km = sm::haversine_km({50.8748, 8.0243}, {51.5136, 7.4653});
  EXPECT_NEAR(km, 81.0, 6.0);
  EXPECT_NEAR(sm::haversine_km({0, 0}, {0, 1}), 111.19, 0.1);
  EXPECT_EQ(sm::haversine_km({51, 7}, {51, 7}), 0.0);
}

// ---- filters on an index of real-looking profiles --------------------------------------

namespace {
sm::Index geo_index() {
  auto p = [](std::string id, sm::Kind k, std::string country, std::string region, double lat,
              double lon) {
    sm::Profile x = make_profile(std::move(id), k, "hydrogen fuel cell testing and laser welding");
    x.country = std::move(country);
    x.region = std::move(region);
    if (lat != 0) {
      x.lat = lat;
      x.lon = lon;
    }
    return x;
  };
  return sm::Index::build({
      p("siegen-co", sm::Kind::company, "DE", "DEA5A", 50.8748, 8.0243),
      p("siegen-uni", sm::Kind::university, "DE", "DEA5A", 50.9066, 8.0279),
      p("dortmund-uni", sm::Kind::university, "DE", "DEA52", 51.4925, 7.4137),
      p("soest-fh", sm::Kind::university, "de", "dea5b", 51.5711, 8.1057),
      p("aachen-ri", sm::Kind::research, "DE", "DEA2D", 50.7753, 6.0839),
      p("enschede-ri", sm::Kind::research, "NL", "NL213", 52.2215, 6.8937),
      p("nowhere-su", sm::Kind::startup, "DE", "", 0, 0),
  });
}
std::vector<std::string> ids(const std::vector<sm::Match>& ms) {
  std::vector<std::string> out;
  for (const auto& m : ms) out.push_back(m.id);
  std::sort(out.begin(), out.end());
  return out;
}
using V = std::vector<std::string>;
}  // namespace

TEST(Filters, ExcludeSelfByDefault) {
  const sm::Index ix = geo_index();
  EXPECT_EQ(ix.recommend(sm::Query::similar_to("siegen-co").k(100)).size(), 6u);
  const auto with_self = ix.recommend(sm::Query::similar_to("siegen-co").k(100).include_self());
  EXPECT_EQ(with_self.size(), 7u);
  EXPECT_EQ(with_self.front().id,
            "siegen-co");  // identical text scores highest... or ties, lowest doc
}

TEST(Filters, Kinds) {
  const sm::Index ix = geo_index();
  EXPECT_EQ(ids(ix.recommend(sm::Query::similar_to("siegen-co").kinds({sm::Kind::research}))),
            (V{"aachen-ri", "enschede-ri"}));
  EXPECT_EQ(ids(ix.recommend(
                sm::Query::similar_to("siegen-co").kinds({sm::Kind::startup, sm::Kind::research}))),
            (V{"aachen-ri", "enschede-ri", "nowhere-su"}));
}

TEST(Filters, CountryIsCaseInsensitive) {
  const sm::Index ix = geo_index();
  EXPECT_EQ(ids(ix.recommend(sm::Query::similar_to("siegen-co").countries({"nl"}))),
            (V{"enschede-ri"}));
  EXPECT_EQ(ix.recommend(sm::Query::similar_to("siegen-co").countries({"FR"})).size(), 0u);
}

TEST(Filters, RegionPrefix) {
  const sm::Index ix = geo_index();
  EXPECT_EQ(ids(ix.recommend(sm::Query::similar_to("siegen-co").regions({"DEA5"}))),
            (V{"dortmund-uni", "siegen-uni", "soest-fh"}));
  EXPECT_EQ(ids(ix.recommend(sm::Query::similar_to("siegen-co").regions({"DEA5A", "NL"}))),
            (V{"enschede-ri", "siegen-uni"}));
}

TEST(Filters, Distance) {
  const sm::Index ix = geo_index();
  const sm::GeoPoint siegen{50.8748, 8.0243};
  EXPECT_EQ(ids(ix.recommend(sm::Query::similar_to("siegen-co").within_km(siegen, 10))),
            (V{"siegen-uni"}));
  EXPECT_EQ(ids(ix.recommend(sm::Query::similar_to("siegen-co").within_km(siegen, 100))),
            (V{"dortmund-uni", "siegen-uni", "soest-fh"}));
  // Profiles without coordinates never pass a distance filter.
  for (const auto& m : ix.recommend(sm::Query::similar_to("siegen-co").within_km(siegen, 20000)))
    EXPECT_NE(m.id, "nowhere-su");
}

TEST(Filters, CombinedAndExcluded) {
  const sm::Index ix = geo_index();
  const auto q = sm::Query::similar_to("siegen-co")
                     .kinds({sm::Kind::university})
                     .regions({"DEA5"})
                     .within_km({50.8748, 8.0243}, 100)
                     .exclude({"soest-fh", "no-such-id"});
  EXPECT_EQ(ids(ix.recommend(q)), (V{"dortmund-uni", "siegen-uni"}));
}

TEST(Filters, FilteredSearchIsTheBestKAmongThePassing) {
  const sm::Index ix = geo_index();
  // k = 1 with a filter must give the best passing profile, not nothing.
  const auto m = ix.recommend(sm::Query::similar_to("siegen-co").k(1).countries({"NL"}));
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].id, "enschede-ri");
}

TEST(Filters, QueryValidation) {
  const sm::Index ix = geo_index();
  EXPECT_THROW(ix.recommend(sm::Query::similar_to("siegen-co").k(0)), sm::invalid_argument);
  EXPECT_THROW(ix.recommend(sm::Query::similar_to("siegen-co").within_km({95, 0}, 10)),
               sm::invalid_argument);
  EXPECT_THROW(ix.recommend(sm::Query::similar_to("siegen-co").within_km({50, 7}, -1)),
               sm::invalid_argument);
  EXPECT_THROW(ix.recommend(sm::Query::text("")), sm::invalid_argument);
  try {
    ix.recommend(sm::Query::similar_to("missing"));
    FAIL();
  } catch (const sm::not_found& e) {
    EXPECT_EQ(e.id(), "scoutmatch.query.not_found");
  }
}

TEST(Filters, LargestKIsConfigurablePerIndex) {
  sm::IndexOptions o;
  o.max_k = 3;
  const sm::Index ix = sm::Index::build({make_profile("a", sm::Kind::company, "laser"),
                                         make_profile("b", sm::Kind::company, "laser welding")},
                                        o);
  EXPECT_NO_THROW(ix.recommend(sm::Query::similar_to("a").k(3)));
  try {
    ix.recommend(sm::Query::similar_to("a").k(4));
    FAIL();
  } catch (const sm::invalid_argument& e) {
    EXPECT_EQ(e.id(), "scoutmatch.query.14");
  }
  o.max_k = 0;
  EXPECT_THROW(sm::Index::build({make_profile("a", sm::Kind::company, "laser")}, o),
               sm::invalid_argument);
}
