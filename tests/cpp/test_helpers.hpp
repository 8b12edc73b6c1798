#pragma once
// Small builders shared by the C++ tests.
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "scoutmatch/scoutmatch.hpp"

namespace scoutmatch::testing {

inline Profile make_profile(std::string id, Kind kind, std::string text,
                            Language lang = Language::en) {
  Profile p;
  p.id = std::move(id);
  p.kind = kind;
  p.name = "";
  p.text = std::move(text);
  p.lang = lang;
  return p;
}

/// A fresh, empty temporary directory for one test.
inline std::filesystem::path temp_dir(const std::string& name) {
  const auto dir = std::filesystem::path(SCOUTMATCH_TEST_TMP) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

/// Like temp_dir, but in memory (/dev/shm) where there is one: for tests that rewrite a
/// file thousands of times (on ext4, rewriting a truncated file forces a flush each time).
inline std::filesystem::path memory_temp_dir(const std::string& name) {
  const std::filesystem::path shm = "/dev/shm";
  if (!std::filesystem::is_directory(shm)) return temp_dir(name);
  const auto dir = shm / ("scoutmatch-test-" + std::to_string(::getpid())) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::string demo_profiles() {
  return std::string(SCOUTMATCH_SOURCE_DIR) + "/data/demo/profiles.jsonl";
}

inline void write_text(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

/// The stable id of the scoutmatch::error that `f()` throws, or "" when it throws none.
inline std::string error_id(auto&& f) {
  try {
    f();
  } catch (const error& e) {
    return e.id();
  }
  return "";
}

}  // namespace scoutmatch::testing
