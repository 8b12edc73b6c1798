// The README's C++ example: build an index from a profile file, ask for explained partner
// recommendations, save and reload the index. Built and run by the tests and by both CMake
// consumer projects (find_package and add_subdirectory).
#include <scoutmatch/scoutmatch.hpp>

#include <filesystem>
#include <iostream>

namespace sm = scoutmatch;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " PROFILES.jsonl\n";
    return 2;
  }
  try {
    std::vector<sm::Profile> profiles = sm::read_profiles(argv[1]);  // throws sm::parse_error
    const std::string first_company = [&] {
      for (const sm::Profile& p : profiles)
        if (p.kind == sm::Kind::company) return p.id;
      return profiles.front().id;
    }();

    sm::IndexOptions options;  // defaults: k1 = 1.2, b = 0.75, German decompounding on
    const sm::Index index = sm::Index::build(std::move(profiles), options);

    const sm::Query query = sm::Query::similar_to(first_company)
                                .kinds({sm::Kind::university, sm::Kind::research})
                                .k(5)
                                .explain();
    for (const sm::Match& m : index.recommend(query)) {
      std::cout << m.rank << ". " << m.id << "  " << m.name << "  score " << m.score << "\n   ";
      for (const sm::TermContribution& t : m.explanation->terms)
        std::cout << ' ' << t.term << ' ' << static_cast<int>(t.share * 100 + 0.5) << '%';
      std::cout << '\n';
    }

    const auto file = std::filesystem::temp_directory_path() / "scoutmatch-example.smx";
    index.save(file);  // atomic: temporary file + rename
    const sm::Index again = sm::Index::load(file);
    std::filesystem::remove(file);
    const bool same = again.recommend(query).front().id == index.recommend(query).front().id;
    std::cout << (same ? "reloaded index gives the same top match\n" : "MISMATCH after reload\n");
    return same ? 0 : 1;
  } catch (const sm::error& e) {
    std::cerr << e.what() << '\n';
    return 1;
  }
}
