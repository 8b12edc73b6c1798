#include "commands.hpp"

namespace scoutmatch::cli {

// Add the registration function of each *_command.cpp here.
std::vector<Command> register_commands(CLI::App& app) {
  std::vector<Command> out;
  (void)app;
  return out;
}

}  // namespace scoutmatch::cli
