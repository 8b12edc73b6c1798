// `scoutmatch assign`, `scoutmatch pairs` and `scoutmatch schedule` end to end on the demo
// data.
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

TEST_F(PlanCli, PairsWritesBothDirectionsAsCsvAndJsonl) {
  const std::string sel = " --from-kind company --to-kind university,research --k 3";
  const CliRun j =
      run("pairs --index " + index() + sel + " --out '" + path("pairs.jsonl").string() + "'");
  ASSERT_EQ(j.code, 0) << j.err;
  EXPECT_NE(j.err.find("201 companies x 70 partners"), std::string::npos) << j.err;
  const CliRun c = run("pairs --index " + index() + sel);  // CSV on stdout
  ASSERT_EQ(c.code, 0) << c.err;
  EXPECT_EQ(c.out.rfind("side,id,rank,match,score\n", 0), 0u);
  // The same pairs in both formats; companies match partners and the other way round.
  std::map<std::string, std::vector<std::string>> from_jsonl, from_csv;
  std::size_t lines = 0;
  for (const json& row : json_lines(slurp(path("pairs.jsonl")))) {
    ++lines;
    const std::string side = row["side"], id = row["id"];
    EXPECT_LE(row["matches"].size(), 3u);
    float last = 1e30f;
    for (const auto& m : row["matches"]) {
      const std::string mid = m["id"];
      // Demo ids name the kind: "-c-" companies, "-u-" universities, "-r-" research.
      if (side == "company")
        EXPECT_TRUE(mid.find("-u-") != std::string::npos || mid.find("-r-") != std::string::npos)
            << mid;
      else
        EXPECT_NE(mid.find("-c-"), std::string::npos) << mid;
      EXPECT_LE(m["score"].get<float>(), last);
      last = m["score"].get<float>();
      from_jsonl[side + " " + id].push_back(mid);
    }
  }
  EXPECT_EQ(lines, 201u + 70u);
  std::istringstream in(c.out);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ls(line);
    for (std::string x; std::getline(ls, x, ',');) f.push_back(x);
    ASSERT_EQ(f.size(), 5u) << line;
    from_csv[f[0] + " " + f[1]].push_back(f[3]);
  }
  for (auto it = from_jsonl.begin(); it != from_jsonl.end();)  // rows without matches
    it = it->second.empty() ? from_jsonl.erase(it) : std::next(it);
  EXPECT_EQ(from_csv, from_jsonl);
  EXPECT_FALSE(from_csv.empty());
}

TEST_F(PlanCli, PairsBadInputHasIds) {
  auto err = [&](const std::string& args) {
    const CliRun r = run("pairs --index " + index() + " " + args + " --out '" +
                         path("never.csv").string() + "'");
    EXPECT_EQ(r.code, 1) << args;
    return r.err;
  };
  EXPECT_NE(err("--companies swf-c-001 --from-kind company --to-kind research")
                .find("[scoutmatch.pairs.1]"),
            std::string::npos);
  EXPECT_NE(err("--companies nope --to-kind research").find("[scoutmatch.pairs.2]"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(path("never.csv")));
  const CliRun k0 =
      run("pairs --index " + index() + " --from-kind company --to-kind research --k 0");
  EXPECT_EQ(k0.code, 2);
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
