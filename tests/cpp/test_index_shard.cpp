// Shards with global statistics score exactly like one index of all profiles; portable
// queries; Index::to_bytes / from_bytes.
#include <gtest/gtest.h>

#include <algorithm>

#include "test_helpers.hpp"

namespace sm = scoutmatch;

namespace {

const std::vector<sm::Profile>& demo() {
  static const auto p = sm::read_profiles(sm::testing::demo_profiles());
  return p;
}

const sm::Index& whole() {
  static const sm::Index ix = sm::Index::build(demo());
  return ix;
}

struct Shard {
  sm::Index index;
  std::size_t offset;
};

// Contiguous shards of the profile list, each built with the merged statistics.
std::vector<Shard> shards(std::size_t n_shards) {
  std::vector<std::vector<sm::Profile>> parts(n_shards);
  const std::size_t n = demo().size(), step = (n + n_shards - 1) / n_shards;
  for (std::size_t i = 0; i < n; ++i) parts[i / step].push_back(demo()[i]);
  sm::CorpusStatistics global = sm::Index::statistics(parts[0]);
  for (std::size_t s = 1; s < n_shards; ++s) global.merge(sm::Index::statistics(parts[s]));
  std::vector<Shard> out;
  for (std::size_t s = 0; s < n_shards; ++s)
    out.push_back({sm::Index::build(parts[s], {}, global), s * step});
  return out;
}

// The merge of per-shard top-k lists: score descending, then global position.
std::vector<std::pair<float, std::size_t>> merged(const std::vector<Shard>& sh, const sm::Query& q,
                                                  const sm::PortableQuery* pq) {
  std::vector<std::pair<float, std::size_t>> all;
  for (const Shard& s : sh) {
    const auto ms = pq ? s.index.recommend(q, *pq) : s.index.recommend(q);
    for (const auto& m : ms) all.emplace_back(static_cast<float>(m.score), s.offset + m.doc);
  }
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  });
  if (all.size() > q.k()) all.resize(q.k());
  return all;
}

std::vector<std::pair<float, std::size_t>> reference(const sm::Query& q) {
  std::vector<std::pair<float, std::size_t>> out;
  for (const auto& m : whole().recommend(q)) out.emplace_back(static_cast<float>(m.score), m.doc);
  return out;
}

}  // namespace

TEST(Shards, MergedStatisticsEqualTheWholeCorpus) {
  const sm::CorpusStatistics all = sm::Index::statistics(demo());
  std::vector<sm::Profile> a(demo().begin(), demo().begin() + 100),
      b(demo().begin() + 100, demo().end());
  sm::CorpusStatistics m = sm::Index::statistics(b);  // merge order does not matter
  m.merge(sm::Index::statistics(a));
  EXPECT_EQ(m.docs, all.docs);
  EXPECT_EQ(m.terms, all.terms);
  EXPECT_EQ(m.df_all, all.df_all);
  EXPECT_EQ(m.df_supply, all.df_supply);
  EXPECT_EQ(m.all.tokens, all.all.tokens);
  EXPECT_EQ(m.supply.nonempty, all.supply.nonempty);
  EXPECT_EQ(all.terms, whole().vectors().vocabulary.terms());
  EXPECT_EQ(all.df_all, whole().vectors().all.df);
  EXPECT_EQ(all.all.avg_len(sm::Bm25Options{}, sm::space_fields(sm::Space::all)),
            whole().vectors().all.avg_len);
}

TEST(Shards, AnIndexBuiltWithItsOwnStatisticsIsTheSameIndex) {
  const sm::Index again = sm::Index::build(demo(), {}, sm::Index::statistics(demo()));
  const auto& a = whole().vectors();
  const auto& b = again.vectors();
  EXPECT_EQ(a.all.sat.values, b.all.sat.values);
  EXPECT_EQ(a.all.idf, b.all.idf);
  EXPECT_EQ(a.supply.sat.values, b.supply.sat.values);
  EXPECT_EQ(a.needs.values, b.needs.values);
}

TEST(Shards, MergedTopKIsBitIdenticalToOneIndex) {
  for (std::size_t n_shards : {2u, 3u, 5u}) {
    const auto sh = shards(n_shards);
    for (std::uint32_t d = 0; d < whole().size(); d += 7) {
      const std::string id = whole().profile(d).id;
      for (sm::Mode mode : {sm::Mode::similar, sm::Mode::needs}) {
        if (mode == sm::Mode::needs && whole().profile(d).needs.empty()) continue;
        const auto q = sm::Query::similar_to(id).k(12).mode(mode);
        // The shard that holds the profile makes the portable query.
        std::optional<sm::PortableQuery> pq;
        for (const Shard& s : sh)
          if (s.index.contains(id)) pq = s.index.portable_query(q);
        ASSERT_TRUE(pq);
        EXPECT_EQ(merged(sh, q, &*pq), reference(q)) << id << " shards " << n_shards;
      }
    }
    for (const char* text :
         {"Wasserstofftechnologie Prüfstand", "lightweight construction plastics"}) {
      const auto q = sm::Query::text(text).k(10).kinds({sm::Kind::university, sm::Kind::research});
      EXPECT_EQ(merged(sh, q, nullptr), reference(q)) << text;
    }
  }
}

TEST(Shards, StatisticsMustCoverTheShardAndMatchTheOptions) {
  std::vector<sm::Profile> a(demo().begin(), demo().begin() + 10);
  const sm::CorpusStatistics small = sm::Index::statistics(a);
  try {
    sm::Index::build(demo(), {}, small);
    FAIL();
  } catch (const sm::invalid_argument& e) {
    EXPECT_EQ(e.id(), "scoutmatch.stats.1");
  }
  sm::IndexOptions other;
  other.bm25.k1 = 2.0;
  try {
    sm::Index::build(a, other, small);
    FAIL();
  } catch (const sm::invalid_argument& e) {
    EXPECT_EQ(e.id(), "scoutmatch.stats.2");
  }
}

TEST(Shards, PortableQueryChecksModeAndOrder) {
  const auto q = sm::Query::similar_to(whole().profile(0).id);
  sm::PortableQuery pq = whole().portable_query(q);
  EXPECT_FALSE(pq.terms.empty());
  EXPECT_TRUE(std::is_sorted(pq.terms.begin(), pq.terms.end()));
  sm::PortableQuery bad = pq;
  std::reverse(bad.terms.begin(), bad.terms.end());
  EXPECT_THROW(whole().recommend(q, bad), sm::invalid_argument);
  sm::Query needs = q;
  needs.mode(sm::Mode::needs);
  EXPECT_THROW(whole().recommend(needs, pq), sm::invalid_argument);
  // On its own index a portable query gives what the query gives.
  const auto a = whole().recommend(q), b = whole().recommend(q, pq);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_EQ(a[i].score, b[i].score);
  }
}

TEST(IndexBytes, RoundTripAndDamage) {
  const std::string bytes = whole().to_bytes();
  const sm::Index back = sm::Index::from_bytes(bytes);
  ASSERT_EQ(back.size(), whole().size());
  const auto q = sm::Query::similar_to(whole().profile(3).id).k(10);
  const auto a = whole().recommend(q), b = back.recommend(q);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].score, b[i].score);
  auto id_of = [](const std::string& s) {
    try {
      sm::Index::from_bytes(s);
    } catch (const sm::error& e) {
      return e.id();
    }
    return std::string();
  };
  EXPECT_EQ(id_of(bytes.substr(0, 20)), "scoutmatch.io.format.1");
  EXPECT_EQ(id_of(bytes.substr(0, bytes.size() - 1)), "scoutmatch.io.format.3");
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 1;
  EXPECT_EQ(id_of(flipped), "scoutmatch.io.format.4");
}
