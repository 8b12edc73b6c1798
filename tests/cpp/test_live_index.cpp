// A live index: random change sequences equal a rebuild, and searches during changes see
// consistent snapshots (run under ThreadSanitizer by the tsan preset).
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <random>
#include <thread>

#include "test_helpers.hpp"

namespace sm = scoutmatch;

namespace {

const char* const words[] = {"laser",   "welding",  "robots",  "hydrogen", "fuel",    "cell",
                             "timber",  "coating",  "casting", "sensor",   "battery", "recycling",
                             "plastic", "moulding", "vision",  "learning", "steel",   "forming"};

sm::Profile random_profile(std::mt19937& rng, const std::string& id) {
  std::string text;
  for (int i = 0, n = 3 + static_cast<int>(rng() % 8); i < n; ++i)
    text += std::string(words[rng() % 18]) + " ";
  sm::Profile p =
      sm::testing::make_profile(id, static_cast<sm::Kind>(rng() % sm::kind_count), text);
  if (rng() % 3 == 0) p.needs = words[rng() % 18];
  return p;
}

void expect_same(const sm::Index& a, const sm::Index& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::uint32_t d = 0; d < a.size(); ++d) {
    const auto q = sm::Query::similar_to(a.profile(d).id).k(20);
    const auto x = a.recommend(q), y = b.recommend(q);
    ASSERT_EQ(x.size(), y.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(x[i].id, y[i].id);
      EXPECT_EQ(x[i].score, y[i].score);
    }
  }
}

}  // namespace

TEST(LiveIndex, RandomChangeSequencesEqualARebuild) {
  for (unsigned seed = 1; seed <= 8; ++seed) {
    std::mt19937 rng(seed);
    std::vector<sm::Profile> truth;  // the surviving profiles, in index order
    for (int i = 0; i < 20; ++i) truth.push_back(random_profile(rng, "p" + std::to_string(i)));
    sm::LiveIndex live(sm::Index::build(truth));
    int next_id = 20;
    for (int step = 0; step < 25; ++step) {
      std::vector<sm::Profile> upserts;
      std::vector<std::string> removals;
      const int op = static_cast<int>(rng() % 3);
      if (op == 0 || truth.empty()) {  // add new ones
        for (int i = 0, n = 1 + static_cast<int>(rng() % 3); i < n; ++i)
          upserts.push_back(random_profile(rng, "p" + std::to_string(next_id++)));
      } else if (op == 1) {  // replace one
        upserts.push_back(random_profile(rng, truth[rng() % truth.size()].id));
      } else {  // remove one or two
        removals.push_back(truth[rng() % truth.size()].id);
        removals.push_back(truth[rng() % truth.size()].id);
      }
      live.apply(upserts, removals);
      for (const auto& id : removals)
        std::erase_if(truth, [&](const sm::Profile& p) { return p.id == id; });
      for (auto& u : upserts) {
        auto it = std::find_if(truth.begin(), truth.end(),
                               [&](const sm::Profile& p) { return p.id == u.id; });
        if (it != truth.end())
          *it = u;
        else
          truth.push_back(u);
      }
      for (const auto& id : removals) EXPECT_FALSE(live.snapshot().contains(id));
    }
    SCOPED_TRACE("seed " + std::to_string(seed));
    expect_same(live.snapshot(), sm::Index::build(truth));
    EXPECT_EQ(live.version(), 25u);
  }
}

TEST(LiveIndex, SearchesDuringChangesSeeConsistentSnapshots) {
  std::mt19937 rng(99);
  std::vector<sm::Profile> start;
  for (int i = 0; i < 60; ++i) start.push_back(random_profile(rng, "s" + std::to_string(i)));
  sm::LiveIndex live(sm::Index::build(start));
  std::atomic<bool> stop{false};
  std::atomic<long> searches{0}, problems{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t)
    readers.emplace_back([&, t] {
      std::mt19937 r(static_cast<unsigned>(t));
      while (!stop.load()) {
        const sm::Index snap = live.snapshot();
        if (snap.size() == 0) continue;
        const std::string id = snap.profile(static_cast<std::uint32_t>(r() % snap.size())).id;
        for (const auto& m : snap.recommend(sm::Query::similar_to(id).k(5)))
          if (!snap.contains(m.id) || snap.profile(m.doc).id != m.id) ++problems;
        for (const auto& m : snap.recommend(sm::Query::text(words[r() % 18]).k(5)))
          if (!snap.contains(m.id)) ++problems;
        ++searches;
      }
    });
  // One writer: 2000 random changes, in batches of 5.
  std::map<std::string, sm::Profile> truth;
  for (auto& p : start) truth[p.id] = p;
  int next_id = 0;
  for (int batch = 0; batch < 400; ++batch) {
    std::vector<sm::Profile> upserts;
    std::vector<std::string> removals;
    for (int c = 0; c < 5; ++c) {
      if (rng() % 2 == 0 || truth.size() < 10) {
        upserts.push_back(random_profile(rng, "n" + std::to_string(next_id++)));
      } else {
        auto it = std::next(truth.begin(), static_cast<long>(rng() % truth.size()));
        if (rng() % 2)
          removals.push_back(it->first);
        else
          upserts.push_back(random_profile(rng, it->first));
      }
    }
    // Later entries win within one batch, as in apply(): dedupe upserts, drop removed.
    std::map<std::string, sm::Profile> up;
    for (auto& u : upserts) up[u.id] = u;
    for (const auto& id : removals) up.erase(id);
    std::vector<sm::Profile> batch_upserts;
    for (auto& [id, p] : up) batch_upserts.push_back(p);
    live.apply(batch_upserts, removals);
    for (const auto& id : removals) truth.erase(id);
    for (auto& [id, p] : up) truth[id] = p;
  }
  stop = true;
  for (auto& r : readers) r.join();
  EXPECT_EQ(problems.load(), 0);
  EXPECT_GT(searches.load(), 0);
  const sm::Index final_snapshot = live.snapshot();
  EXPECT_EQ(final_snapshot.size(), truth.size());
  for (const auto& [id, p] : truth) EXPECT_TRUE(final_snapshot.contains(id));
  expect_same(final_snapshot, sm::Index::build(final_snapshot.profiles()));
}

TEST(LiveIndex, UpdateReplacesAKnownProfileOnly) {
  sm::LiveIndex live(
      sm::Index::build({sm::testing::make_profile("a", sm::Kind::company, "laser"),
                        sm::testing::make_profile("b", sm::Kind::research, "timber")}));
  const sm::Index before = live.snapshot();
  EXPECT_EQ(live.update(sm::testing::make_profile("b", sm::Kind::research, "laser welding")), 1u);
  EXPECT_EQ(live.recommend(sm::Query::similar_to("a"))[0].id, "b");
  EXPECT_TRUE(
      before.recommend(sm::Query::similar_to("a")).empty());  // the old snapshot is unchanged
  EXPECT_THROW(live.update(sm::testing::make_profile("zzz", sm::Kind::research, "x")),
               sm::not_found);
  EXPECT_EQ(live.version(), 1u);
  EXPECT_EQ(live.remove({"a", "nope"}), 2u);
  EXPECT_EQ(live.snapshot().size(), 1u);
}
