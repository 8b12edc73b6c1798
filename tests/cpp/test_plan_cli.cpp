// `scoutmatch assign` and `scoutmatch schedule` end to end on the demo data.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "cli_helpers.hpp"
#include "test_helpers.hpp"

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

using scoutmatch::testing::cli;
using scoutmatch::testing::CliRun;
using scoutmatch::testing::json_lines;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), {}};
}

class PlanCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(scoutmatch::testing::temp_dir("plan-cli-" + std::to_string(getpid())));
    const CliRun r = cli("index --profiles '" + scoutmatch::testing::demo_profiles() + "' --out '" +
                             (*dir_ / "demo.smx").string() + "'",
                         *dir_);
    ASSERT_EQ(r.code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string index() { return "'" + (*dir_ / "demo.smx").string() + "'"; }
  static std::string event() {
    return "'" + std::string(SCOUTMATCH_SOURCE_DIR) + "/data/demo/event.json'";
  }
  static fs::path path(const std::string& name) { return *dir_ / name; }
  static CliRun run(const std::string& args) { return cli(args, *dir_); }
  static fs::path* dir_;
};
fs::path* PlanCli::dir_ = nullptr;

TEST_F(PlanCli, AssignWritesJsonAndCsvWithinCapacity) {
  const CliRun r = run("assign --index " + index() +
                       " --from-kind company --to-kind university,research --capacity 2 --out '" +
                       path("pairs.json").string() + "' --compare");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("flow: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("greedy: "), std::string::npos) << r.out;
  const json j = json::parse(slurp(path("pairs.json")));
  EXPECT_EQ(j["method"], "flow");
  std::map<std::string, int> per_partner;
  for (const auto& p : j["pairs"]) ++per_partner[p["partner"].get<std::string>()];
  for (const auto& [id, n] : per_partner) EXPECT_LE(n, 2) << id;
  EXPECT_EQ(j["pairs"].size() + j["unplaced"].size(), j["companies"].get<std::size_t>());

  const CliRun c = run("assign --index " + index() +
                       " --companies swf-c-001,swf-c-002,swf-c-003 --partners swf-u-001,swf-u-002"
                       " --capacity 1 --method stable --out '" +
                       path("pairs.csv").string() + "'");
  ASSERT_EQ(c.code, 0) << c.err;
  const std::string csv = slurp(path("pairs.csv"));
  EXPECT_EQ(csv.rfind("company,partner,relevance,company_name,partner_name\n", 0), 0u);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3);  // header + 2 pairs (2 seats)
}

TEST_F(PlanCli, AssignBadInputHasIds) {
  auto err = [&](const std::string& args) {
    const CliRun r = run("assign --index " + index() + " " + args);
    EXPECT_EQ(r.code, 1) << args;
    return r.err;
  };
  EXPECT_NE(
      err("--from-kind company --to-kind research --capacity 0").find("[scoutmatch.assign.1]"),
      std::string::npos);
  EXPECT_NE(err("--companies nope --to-kind research").find("[scoutmatch.assign.3]"),
            std::string::npos);
  EXPECT_NE(err("--companies swf-c-001 --from-kind company --to-kind research")
                .find("[scoutmatch.assign.5]"),
            std::string::npos);
  const CliRun bad =
      run("assign --index " + index() + " --from-kind company --to-kind research --method best");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("[scoutmatch.cli.1]"), std::string::npos);
}

TEST_F(PlanCli, ScheduleWritesAValidPlanAndAgenda) {
  const CliRun r = run("schedule --index " + index() + " --event " + event() + " --out '" +
                       path("plan.json").string() + "' --agenda '" + path("agenda.html").string() +
                       "' --compare");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("first-come greedy"), std::string::npos) << r.out;
  const json plan = json::parse(slurp(path("plan.json")));
  EXPECT_GT(plan["meetings"].size(), 60u);
  EXPECT_TRUE(plan["unplaced_must_meet"].empty());
  EXPECT_NE(slurp(path("agenda.html")).find("Biggetal Leichtbauteile GmbH"), std::string::npos);

  const CliRun ok = run("schedule --index " + index() + " --event " + event() + " --check '" +
                        path("plan.json").string() + "'");
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_NE(ok.out.find("valid"), std::string::npos);

  // Double-book the first meeting's participant a and check again.
  json broken = plan;
  broken["meetings"][1]["a"] = broken["meetings"][0]["a"];
  broken["meetings"][1]["slot"] = broken["meetings"][0]["slot"];
  std::ofstream(path("broken.json")) << broken.dump();
  const CliRun bad =
      run("schedule --event " + event() + " --check '" + path("broken.json").string() + "'");
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.out.find("double_booked"), std::string::npos) << bad.out;
  EXPECT_NE(bad.err.find("[scoutmatch.schedule.10]"), std::string::npos) << bad.err;
}

TEST_F(PlanCli, ScheduleBadEventsHaveIdsAndWriteNothing) {
  auto attempt = [&](const std::string& event_text) {
    scoutmatch::testing::write_text(path("event.json"), event_text);
    fs::remove(path("out.json"));
    const CliRun r =
        run("schedule --index " + index() + " --event '" + path("event.json").string() +
            "' --out '" + path("out.json").string() + "'");
    EXPECT_EQ(r.code, 1);
    EXPECT_FALSE(fs::exists(path("out.json")));
    return r.err;
  };
  EXPECT_NE(attempt("{\"slots\": 4").find("[scoutmatch.io.event.1]"), std::string::npos);
  EXPECT_NE(attempt(R"({"slots": 4, "tables": 0, "participants": ["swf-c-001"]})")
                .find("[scoutmatch.schedule.1]"),
            std::string::npos);
  EXPECT_NE(attempt(R"({"slots": 4, "tables": 2, "participants": ["swf-c-001", "ghost"]})")
                .find("[scoutmatch.schedule.9]"),
            std::string::npos);
  EXPECT_NE(attempt(R"({"slots": 4, "tables": 2, "participants": [
                         {"id": "swf-c-001", "available": [0]}, {"id": "swf-c-002", "available": [1]}],
                       "must_meet": [["swf-c-001", "swf-c-002"]]})")
                .find("[scoutmatch.schedule.6]"),
            std::string::npos);
  const CliRun r = run("schedule --event " + event());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("[scoutmatch.schedule.11]"), std::string::npos);
}

}  // namespace
