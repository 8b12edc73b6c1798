// Writes the seed corpus of fuzz_index_load: small index files (1 to 5 profiles, < 20 KB) of
// the demo profiles, with different analyzer options, one with needs only, one with
// embeddings. Usage: make_index_seeds PROFILES.jsonl OUT_DIR
// (scripts/fuzz.sh runs it on every CI run, so the seeds follow the current file format;
// fuzz/corpus/fuzz_index_load/ holds a copy.)
#include <cstddef>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "scoutmatch/io/read_profiles.hpp"
#include "scoutmatch/match/index.hpp"

namespace sm = scoutmatch;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_index_seeds PROFILES.jsonl OUT_DIR\n");
    return 2;
  }
  try {
    const std::vector<sm::Profile> all = sm::read_profiles(argv[1]);
    const std::filesystem::path out = argv[2];
    std::filesystem::create_directories(out);
    auto subset = [&](std::size_t first, std::size_t count) {
      std::vector<sm::Profile> s;
      for (std::size_t i = first; i < all.size() && s.size() < count; ++i) s.push_back(all[i]);
      return s;
    };
    auto write = [&](const std::string& name, std::vector<sm::Profile> profiles,
                     const sm::IndexOptions& o) {
      sm::Index::build(std::move(profiles), o).save(out / name);
    };
    sm::IndexOptions plain;
    plain.threads = 1;
    write("demo3.index.bin", subset(0, 3), plain);
    write("demo5b.index.bin", subset(40, 5), plain);
    sm::IndexOptions bare = plain;
    bare.analyzer.stem = false;
    bare.analyzer.decompound = false;
    bare.analyzer.stop_words = false;
    write("demo3_bare.index.bin", subset(100, 3), bare);
    std::vector<sm::Profile> tiny = subset(200, 2);
    tiny[0].text.clear();
    tiny[0].competences.clear();
    tiny[0].offers.clear();
    tiny[1].needs.clear();
    tiny[0].embedding = {0.25f, -1.0f, 0.5f};
    tiny[1].embedding = {1.0f, 0.0f, 0.0f};
    tiny[0].lat.reset();
    tiny[0].lon.reset();
    write("tiny2_embedding.index.bin", std::move(tiny), plain);
    sm::Profile one;
    one.id = "x";
    one.text = "Wasserstofftechnologie";
    write("one.index.bin", {one}, plain);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_index_seeds: %s\n", e.what());
    return 1;
  }
  return 0;
}
