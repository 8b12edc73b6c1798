// Save and load: round trip, atomic writes, and damaged, truncated or foreign files.
#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include <xxhash.h>

#include "test_helpers.hpp"

namespace sm = scoutmatch;
namespace fs = std::filesystem;

namespace {

const sm::Index& demo_index() {
  static const sm::Index ix = sm::Index::build(sm::read_profiles(sm::testing::demo_profiles()));
  return ix;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void expect_same_results(const sm::Index& a, const sm::Index& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::uint32_t d = 0; d < a.size(); d += 11) {
    const auto q = sm::Query::similar_to(a.profile(d).id).k(10).explain();
    const auto ra = a.recommend(q), rb = b.recommend(q);
    ASSERT_EQ(ra.size(), rb.size());
    for (std::size_t i = 0; i < ra.size(); ++i) {
      EXPECT_EQ(ra[i].id, rb[i].id);
      EXPECT_EQ(ra[i].score, rb[i].score);
      EXPECT_EQ(ra[i].explanation->terms.size(), rb[i].explanation->terms.size());
    }
  }
  const auto qt = sm::Query::text("Wasserstofftechnologie Leichtbau").k(5);
  const auto ta = a.recommend(qt), tb = b.recommend(qt);
  ASSERT_EQ(ta.size(), tb.size());
  for (std::size_t i = 0; i < ta.size(); ++i) EXPECT_EQ(ta[i].id, tb[i].id);
}

// The error id of loading `p` ("" when it loads).
std::string load_error_id(const fs::path& p) {
  return sm::testing::error_id([&] { sm::Index::load(p); });
}

}  // namespace

TEST(Persistence, RoundTripGivesIdenticalResults) {
  const auto dir = sm::testing::temp_dir("roundtrip");
  const fs::path f = dir / "demo.smx";
  demo_index().save(f);
  const sm::Index back = sm::Index::load(f);
  expect_same_results(demo_index(), back);
  EXPECT_EQ(back.options().bm25.k1, demo_index().options().bm25.k1);
  EXPECT_EQ(back.profile(0).name, demo_index().profile(0).name);
  EXPECT_EQ(back.profile(0).lat, demo_index().profile(0).lat);
  // Saving the loaded index gives the same bytes: nothing lost or added.
  back.save(dir / "again.smx");
  EXPECT_EQ(slurp(f), slurp(dir / "again.smx"));
}

TEST(Persistence, SaveLeavesNoTemporaryFilesAndReplacesAtomically) {
  const auto dir = sm::testing::temp_dir("atomic");
  const fs::path f = dir / "x.smx";
  sm::testing::write_text(f, "old content");
  demo_index().save(f);
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1u);
  EXPECT_NO_THROW(sm::Index::load(f));
}

TEST(Persistence, SaveIntoMissingDirectoryFailsCleanly) {
  const auto dir = sm::testing::temp_dir("nodir");
  try {
    demo_index().save(dir / "missing" / "x.smx");
    FAIL();
  } catch (const sm::file_error& e) {
    EXPECT_EQ(e.id(), "scoutmatch.io.file.4");
  }
}

TEST(Persistence, ForeignEmptyAndMissingFiles) {
  const auto dir = sm::testing::temp_dir("foreign");
  sm::testing::write_text(dir / "empty.smx", "");
  EXPECT_EQ(load_error_id(dir / "empty.smx"), "scoutmatch.io.format.1");
  sm::testing::write_text(dir / "text.smx",
                          "{\"id\": \"not an index\"}\n{\"id\": \"really not\"}\n");
  EXPECT_EQ(load_error_id(dir / "text.smx"), "scoutmatch.io.format.1");
  EXPECT_EQ(load_error_id(dir / "missing.smx"), "scoutmatch.io.file.1");
}

TEST(Persistence, NewerFormatVersionIsRejected) {
  const auto dir = sm::testing::temp_dir("version");
  demo_index().save(dir / "x.smx");
  std::string bytes = slurp(dir / "x.smx");
  bytes[8] = static_cast<char>(sm::index_format_version + 1);
  sm::testing::write_text(dir / "newer.smx", bytes);
  EXPECT_EQ(load_error_id(dir / "newer.smx"), "scoutmatch.io.format.2");
}

TEST(Persistence, TruncatedFilesAreRejected) {
  const auto dir = sm::testing::temp_dir("truncated");
  demo_index().save(dir / "x.smx");
  const std::string bytes = slurp(dir / "x.smx");
  std::mt19937 rng(42);
  std::vector<std::size_t> cuts{0, 1, 7, 8, 12, 31, 32, 33, bytes.size() / 2, bytes.size() - 1};
  for (int i = 0; i < 30; ++i) cuts.push_back(rng() % bytes.size());
  for (std::size_t cut : cuts) {
    sm::testing::write_text(dir / "t.smx", bytes.substr(0, cut));
    const std::string id = load_error_id(dir / "t.smx");
    EXPECT_TRUE(id == "scoutmatch.io.format.1" || id == "scoutmatch.io.format.3")
        << "cut " << cut << ": " << id;
  }
}

TEST(Persistence, FlippedBytesAreDetected) {
  const auto dir = sm::testing::temp_dir("flipped");
  demo_index().save(dir / "x.smx");
  const std::string bytes = slurp(dir / "x.smx");
  std::mt19937 rng(7);
  for (int i = 0; i < 60; ++i) {
    std::string damaged = bytes;
    const std::size_t at = i < 32 ? static_cast<std::size_t>(i) : 32 + rng() % (bytes.size() - 32);
    damaged[at] = static_cast<char>(damaged[at] ^ (1 + rng() % 255));
    sm::testing::write_text(dir / "d.smx", damaged);
    const std::string id = load_error_id(dir / "d.smx");
    EXPECT_TRUE(id.rfind("scoutmatch.io.format.", 0) == 0) << "byte " << at << ": '" << id << "'";
  }
}

// ---- every offset, every byte, and files of earlier versions ------------------------------

namespace {
const std::string fixture_dir = std::string(SCOUTMATCH_SOURCE_DIR) + "/tests/data/";

void expect_same_small(const sm::Index& a, const sm::Index& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::uint32_t d = 0; d < a.size(); ++d) {
    const auto q = sm::Query::similar_to(a.profile(d).id).k(10).explain();
    const auto x = a.recommend(q), y = b.recommend(q);
    ASSERT_EQ(x.size(), y.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(x[i].id, y[i].id);
      EXPECT_EQ(x[i].score, y[i].score);
    }
  }
}
}  // namespace

TEST(Persistence, TruncationAtEveryOffsetIsRejected) {
  const auto dir = sm::testing::memory_temp_dir("every-offset");
  const sm::Index ix = sm::Index::build(sm::read_profiles(fixture_dir + "fixture_profiles.jsonl"));
  ix.save(dir / "x.smx");
  const std::string bytes = slurp(dir / "x.smx");
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    sm::testing::write_text(dir / "t.smx", bytes.substr(0, cut));
    const std::string id = load_error_id(dir / "t.smx");
    ASSERT_TRUE(id == "scoutmatch.io.format.1" || id == "scoutmatch.io.format.3")
        << "cut " << cut << ": " << id;
  }
  std::filesystem::remove_all(dir.parent_path());
}

TEST(Persistence, AFlippedByteAnywhereIsRejectedOrHarmless) {
  const auto dir = sm::testing::memory_temp_dir("every-byte");
  const sm::Index ix = sm::Index::build(sm::read_profiles(fixture_dir + "fixture_profiles.jsonl"));
  ix.save(dir / "x.smx");
  const std::string bytes = slurp(dir / "x.smx");
  std::size_t rejected = 0, loaded = 0;
  for (std::size_t at = 0; at < bytes.size(); ++at)
    for (unsigned char mask : {0x01, 0x80, 0xff}) {
      std::string damaged = bytes;
      damaged[at] = static_cast<char>(damaged[at] ^ mask);
      sm::testing::write_text(dir / "d.smx", damaged);
      try {
        const sm::Index back = sm::Index::load(dir / "d.smx");
        ++loaded;
        expect_same_small(ix, back);
      } catch (const sm::format_error&) {
        ++rejected;
      }
    }
  EXPECT_EQ(rejected + loaded, bytes.size() * 3);
  EXPECT_EQ(loaded,
            0u);  // the checksum covers every payload byte, the header is checked field by field
  std::filesystem::remove_all(dir.parent_path());
}

TEST(Persistence, IndexFilesOfFormatVersion1StillLoad) {
  // tests/data/index-v1.smx was written by format version 1 from fixture_profiles.jsonl
  // (scoutmatch index --profiles tests/data/fixture_profiles.jsonl --out tests/data/index-v1.smx).
  // Keep the file: later versions must go on loading it.
  // A fresh build may differ from the stored weights in the last bits (arithmetic may
  // change between versions), so the ranking must match and scores agree to 1e-5.
  const sm::Index old = sm::Index::load(fixture_dir + "index-v1.smx");
  const sm::Index fresh =
      sm::Index::build(sm::read_profiles(fixture_dir + "fixture_profiles.jsonl"));
  ASSERT_EQ(old.size(), fresh.size());
  for (std::uint32_t d = 0; d < old.size(); ++d) {
    const auto q = sm::Query::similar_to(old.profile(d).id).k(10);
    const auto x = old.recommend(q), y = fresh.recommend(q);
    ASSERT_EQ(x.size(), y.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(x[i].id, y[i].id);
      EXPECT_NEAR(x[i].score, y[i].score, 1e-5 * std::abs(y[i].score));
    }
  }
  const auto m =
      old.recommend(sm::Query::similar_to("fx-c-1").kinds({sm::Kind::research}).explain());
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0].id, "fx-r-1");
  EXPECT_EQ(old.profile(0).embedding.size(), 3u);
}

TEST(Persistence, CraftedLengthsAreBoundedBeforeAllocating) {
  // A file with a valid header and checksum whose payload claims a string of 2^60 bytes:
  // the loader must refuse it from the count alone, not try to allocate it.
  const auto dir = sm::testing::memory_temp_dir("crafted");
  const sm::Index ix = sm::Index::build(sm::read_profiles(fixture_dir + "fixture_profiles.jsonl"));
  ix.save(dir / "x.smx");
  std::string bytes = slurp(dir / "x.smx");
  // Payload: options (3 bools, 2 x u64, 9 doubles, 1 u64 = 99 bytes; then the signal
  // weights: a u64 count and 9 doubles = 80 bytes; semantic_dims, u64), the profile count
  // (u64), then the first profile's id: a u64 length and its bytes.
  const std::size_t id_length_at = sm::index_header_size + 99 + 80 + 8 + 8;
  ASSERT_EQ(bytes[id_length_at], static_cast<char>(6));  // "fx-c-1"
  for (std::size_t i = 0; i < 8; ++i) bytes[id_length_at + i] = i == 7 ? '\x10' : '\x00';
  const std::string_view payload(bytes.data() + sm::index_header_size,
                                 bytes.size() - sm::index_header_size);
  const std::uint64_t sum = XXH64(payload.data(), payload.size(), 0);
  for (int i = 0; i < 8; ++i) bytes[24 + i] = static_cast<char>((sum >> (8 * i)) & 0xff);
  sm::testing::write_text(dir / "crafted.smx", bytes);
  EXPECT_EQ(load_error_id(dir / "crafted.smx"), "scoutmatch.io.format.6");
  std::filesystem::remove_all(dir.parent_path());
}

TEST(Persistence, FlagBytesOtherThanZeroOrOneAreRejected) {
  // Found by fuzz/fuzz_index_load (fuzz/regressions/fuzz_index_load/crash-05f9a1d5...): a
  // bool read straight from a byte of 255 was undefined behaviour. With a valid checksum,
  // a flag byte (the first payload byte is AnalyzerOptions::stop_words) that is neither 0
  // nor 1 must be rejected as an inconsistent index.
  const auto dir = sm::testing::memory_temp_dir("flags");
  const sm::Index ix = sm::Index::build(sm::read_profiles(fixture_dir + "fixture_profiles.jsonl"));
  std::string bytes = ix.to_bytes();
  ASSERT_EQ(bytes[sm::index_header_size], '\x01');
  bytes[sm::index_header_size] = '\xff';
  const std::string_view payload(bytes.data() + sm::index_header_size,
                                 bytes.size() - sm::index_header_size);
  const std::uint64_t sum = XXH64(payload.data(), payload.size(), 0);
  for (int i = 0; i < 8; ++i) bytes[24 + i] = static_cast<char>((sum >> (8 * i)) & 0xff);
  try {
    (void)sm::Index::from_bytes(bytes);
    ADD_FAILURE() << "a flag byte of 255 was accepted";
  } catch (const sm::error& e) {
    EXPECT_EQ(e.id(), "scoutmatch.io.format.6") << e.what();
  }
  sm::testing::write_text(dir / "flag.smx", bytes);
  EXPECT_EQ(load_error_id(dir / "flag.smx"), "scoutmatch.io.format.6");
  std::filesystem::remove_all(dir.parent_path());
}
