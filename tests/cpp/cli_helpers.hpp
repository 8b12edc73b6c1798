#pragma once
// Running the scoutmatch CLI from tests (SCOUTMATCH_CLI is the program's path, set by
// tests/cpp/CMakeLists.txt for the CLI test programs).
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace scoutmatch::testing {

/// Exit code, stdout and stderr of one CLI run.
struct CliRun {
  int code = -1;
  std::string out, err;
};

/// Runs the CLI with `args` (already shell-quoted where needed); stderr goes through a
/// file in `dir`.
inline CliRun cli(const std::string& args, const std::filesystem::path& dir) {
  const std::filesystem::path err = dir / "stderr.txt";
  const std::string cmd =
      std::string("'") + SCOUTMATCH_CLI + "' " + args + " 2>'" + err.string() + "'";
  CliRun r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err);
  r.err.assign(std::istreambuf_iterator<char>(in), {});
  return r;
}

/// The JSON objects of the non-empty lines of `s`.
inline std::vector<nlohmann::json> json_lines(const std::string& s) {
  std::vector<nlohmann::json> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

}  // namespace scoutmatch::testing
