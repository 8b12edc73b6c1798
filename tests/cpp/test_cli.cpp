// The scoutmatch command-line program end to end.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <chrono>
#include <csignal>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli_helpers.hpp"
#include "test_helpers.hpp"

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

using scoutmatch::testing::cli;
using scoutmatch::testing::CliRun;
using scoutmatch::testing::json_lines;

class Cli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // One directory per process: CTest runs the tests of this suite as parallel processes.
    dir_ = new fs::path(scoutmatch::testing::temp_dir("cli-" + std::to_string(getpid())));
    const CliRun r = cli("index --profiles '" + scoutmatch::testing::demo_profiles() + "' --out '" +
                             (*dir_ / "demo.smx").string() + "'",
                         *dir_);
    ASSERT_EQ(r.code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  static fs::path index() { return *dir_ / "demo.smx"; }
  static const fs::path& dir() { return *dir_; }
  static fs::path* dir_;
};
fs::path* Cli::dir_ = nullptr;

std::string first_company_with_needs() {
  std::ifstream in(scoutmatch::testing::demo_profiles());
  for (std::string line; std::getline(in, line);) {
    const json j = json::parse(line);
    if (j.value("kind", "") == "company" && j.contains("needs") && j["needs"].is_string())
      return j["id"];
  }
  return "";
}

}  // namespace

TEST_F(Cli, RecommendJsonLines) {
  const std::string id = first_company_with_needs();
  const CliRun r = cli("recommend --index '" + index().string() + "' --id " + id +
                           " --kind university,research --k 7 --format json --explain",
                       dir());
  ASSERT_EQ(r.code, 0) << r.err;
  const auto lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 7u);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const json& j = lines[i];
    EXPECT_EQ(j["rank"], i + 1);
    EXPECT_TRUE(j["kind"] == "university" || j["kind"] == "research") << j.dump();
    EXPECT_TRUE(j.contains("id") && j.contains("name") && j.contains("score"));
    ASSERT_TRUE(j.contains("explanation"));
    ASSERT_FALSE(j["explanation"]["terms"].empty());
    EXPECT_TRUE(j["explanation"]["terms"][0].contains("term"));
    EXPECT_TRUE(j["explanation"]["terms"][0].contains("share"));
    EXPECT_NE(j["id"], id);
    if (i) EXPECT_LE(j["score"].get<double>(), lines[i - 1]["score"].get<double>());
  }
}

TEST_F(Cli, RecommendTableTextAndFilters) {
  CliRun r =
      cli("recommend --index '" + index().string() + "' --text 'Wasserstofftechnologie' --explain",
          dir());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("rank"), std::string::npos);
  EXPECT_NE(r.out.find("shared:"), std::string::npos);
  r = cli("recommend --index '" + index().string() +
              "' --text 'Leichtbau Kunststoff' --near 50.87,8.02 --within-km 30 --region DEA5 "
              "--country DE --format json",
          dir());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(json_lines(r.out).empty());
}

TEST_F(Cli, MatchWritesJsonl) {
  const fs::path out = dir() / "match.jsonl";
  const CliRun r = cli("match --index '" + index().string() +
                           "' --from-kind company --to-kind university,research --k 3 --out '" +
                           out.string() + "' --threads 2",
                       dir());
  ASSERT_EQ(r.code, 0) << r.err;
  std::ifstream in(out);
  std::string all((std::istreambuf_iterator<char>(in)), {});
  const auto rows = json_lines(all);
  ASSERT_GT(rows.size(), 100u);
  for (const json& row : rows) {
    EXPECT_TRUE(row.contains("query"));
    EXPECT_LE(row["matches"].size(), 3u);
  }
}

TEST_F(Cli, EvalPrintsMetrics) {
  const std::string pairs = std::string(SCOUTMATCH_SOURCE_DIR) + "/data/demo/pairs.jsonl";
  const CliRun r = cli("eval --index '" + index().string() + "' --pairs '" + pairs +
                           "' --to-kind university,research",
                       dir());
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = json::parse(r.out);
  for (const char* key : {"queries", "recall@10", "ndcg@10", "mrr", "hit@10"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_GT(j["queries"].get<int>(), 10);
  EXPECT_GT(j["hit@10"].get<double>(), 0.3);  // the demo pairs are built to be findable
}

TEST_F(Cli, DemoRuns) {
  const CliRun r = cli("demo", dir());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("shared:"), std::string::npos);
  EXPECT_NE(r.out.find("Wasserstoff"), std::string::npos);
}

TEST_F(Cli, ErrorsAreOneLineWithStableIds) {
  CliRun r = cli("recommend --index '" + index().string() + "' --id no-such-id", dir());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("[scoutmatch.query.not_found]"), std::string::npos) << r.err;
  r = cli("recommend --index '" + index().string() + "' --id x --text y", dir());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("[scoutmatch.cli.4]"), std::string::npos) << r.err;
  r = cli("recommend --index '" + index().string() + "' --text x --kind robots", dir());
  EXPECT_NE(r.err.find("[scoutmatch.cli.2]"), std::string::npos) << r.err;
  r = cli("recommend --index '" + index().string() + "' --text x --near 95,7 --within-km 3", dir());
  EXPECT_NE(r.err.find("[scoutmatch.query.3]"), std::string::npos) << r.err;
  r = cli("recommend --bogus", dir());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("[scoutmatch.cli.1]"), std::string::npos) << r.err;
  r = cli("index --profiles '" + (dir() / "missing.jsonl").string() + "' --out '" +
              (dir() / "m.smx").string() + "'",
          dir());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("[scoutmatch.io.file.1]"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST_F(Cli, BadProfilesNameFileLineAndLeaveNoOutput) {
  const fs::path bad = dir() / "bad.jsonl";
  scoutmatch::testing::write_text(
      bad, "{\"id\": \"a\", \"kind\": \"company\"}\n{\"id\": \"b\", \"lat\": \"north\"}\n");
  const fs::path out = dir() / "bad.smx";
  const CliRun r =
      cli("index --profiles '" + bad.string() + "' --out '" + out.string() + "'", dir());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("[scoutmatch.io.parse.2]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad.jsonl:2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("\"lat\""), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(Cli, DamagedIndexGivesFormatError) {
  const fs::path f = dir() / "damaged.smx";
  scoutmatch::testing::write_text(f, "SMINDEX but not really an index file at all, sorry");
  const CliRun r = cli("recommend --index '" + f.string() + "' --text x", dir());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("[scoutmatch.io.format."), std::string::npos) << r.err;
}

TEST_F(Cli, AddAndRemoveRewriteTheIndex) {
  const fs::path ix = dir() / "live.smx";
  fs::copy_file(index(), ix, fs::copy_options::overwrite_existing);
  const fs::path extra = dir() / "extra.jsonl";
  scoutmatch::testing::write_text(extra,
                                  "{\"id\": \"new-lab\", \"kind\": \"research\", \"text\": "
                                  "\"Quantensensorik und Wasserstoffspeicher\"}\n");
  CliRun r = cli(
      "add --index '" + ix.string() + "' --profiles '" + extra.string() + "' --format json", dir());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["added"], 1);
  r = cli("recommend --index '" + ix.string() + "' --text Quantensensorik --format json", dir());
  ASSERT_EQ(r.code, 0) << r.err;
  ASSERT_FALSE(json_lines(r.out).empty());
  EXPECT_EQ(json_lines(r.out)[0]["id"], "new-lab");
  r = cli("remove --index '" + ix.string() + "' --id new-lab,ghost --format json", dir());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["removed"], 1);
  EXPECT_EQ(json::parse(r.out)["not_found"][0], "ghost");
  r = cli("recommend --index '" + ix.string() + "' --text Quantensensorik --format json", dir());
  for (const json& j : json_lines(r.out)) EXPECT_NE(j["id"], "new-lab");
  // A bad profile file changes nothing.
  const auto before = fs::file_size(ix);
  scoutmatch::testing::write_text(extra, "{\"id\": 5}\n");
  r = cli("add --index '" + ix.string() + "' --profiles '" + extra.string() + "'", dir());
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(fs::file_size(ix), before);
}

// Kills `scoutmatch index` with SIGKILL at random moments while it rebuilds an index file
// that already exists: afterwards the file is always one complete index, old or new.
TEST_F(Cli, KilledWhileSavingLeavesACompleteIndex) {
  const fs::path a = scoutmatch::testing::demo_profiles();
  const fs::path b = dir() / "smaller.jsonl";
  {
    std::ifstream in(a);
    std::ofstream out(b);
    int n = 0;
    for (std::string line; std::getline(in, line) && n < 200; ++n) out << line << '\n';
  }
  auto bytes_of = [](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const fs::path ia = dir() / "a.smx", ib = dir() / "b.smx", target = dir() / "target.smx";
  ASSERT_EQ(cli("index --profiles '" + a.string() + "' --out '" + ia.string() + "'", dir()).code,
            0);
  ASSERT_EQ(cli("index --profiles '" + b.string() + "' --out '" + ib.string() + "'", dir()).code,
            0);
  const std::string bytes_a = bytes_of(ia), bytes_b = bytes_of(ib);
  ASSERT_NE(bytes_a, bytes_b);
  fs::copy_file(ia, target, fs::copy_options::overwrite_existing);
  std::mt19937 rng(2024);
  int completed = 0, killed = 0;
  for (int i = 0; i < 40; ++i) {
    const std::string src = (i % 2 ? a : b).string();
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      execl(SCOUTMATCH_CLI, SCOUTMATCH_CLI, "index", "--profiles", src.c_str(), "--out",
            target.c_str(), "--threads", "1", static_cast<char*>(nullptr));
      _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 400000));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    (WIFSIGNALED(status) ? killed : completed) += 1;
    const std::string now = bytes_of(target);
    EXPECT_TRUE(now == bytes_a || now == bytes_b) << "iteration " << i << ": a partial index file";
    EXPECT_NO_THROW(scoutmatch::Index::load(target));
  }
  EXPECT_GT(killed, 5);  // the moments really were spread over the run
  // Temporary files of killed runs may remain beside the target; they never replace it.
  for (const auto& e : fs::directory_iterator(dir()))
    if (e.path().filename().string().rfind(".target.smx.tmp", 0) == 0) fs::remove(e.path());
}
