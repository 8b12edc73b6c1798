#pragma once
// Subcommands defined in their own files (src/cli/*_command.cpp). Each registration
// function adds its subcommand to the app and returns a runner that main() calls after
// parsing when that subcommand was chosen; the runner returns the exit code and may throw
// scoutmatch::error (main prints it as "scoutmatch: [id] message" and exits 1).
#include <CLI/CLI.hpp>

#include <functional>
#include <vector>

namespace scoutmatch::cli {

/// A registered subcommand: the CLI11 subcommand and what to run when it was chosen.
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

/// Every subcommand defined outside main.cpp, in the order they appear in --help.
std::vector<Command> register_commands(CLI::App& app);

}  // namespace scoutmatch::cli
