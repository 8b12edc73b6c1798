#include "commands.hpp"

namespace scoutmatch::cli {

void register_landscape_commands(CLI::App& app, std::vector<Command>& out);  // landscape, portfolio
void register_plan_commands(CLI::App& app, std::vector<Command>& out);       // assign, schedule
void register_tune_command(CLI::App& app, std::vector<Command>& out);        // tune

// Add the registration function of each *_command.cpp here.
std::vector<Command> register_commands(CLI::App& app) {
  std::vector<Command> out;
  register_landscape_commands(app, out);
  register_plan_commands(app, out);
  register_tune_command(app, out);
  return out;
}

}  // namespace scoutmatch::cli
