// The signal model through the command-line program: index --field, recommend/eval
// --weights, tune, and the error ids of bad signal arguments.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_helpers.hpp"
#include "test_helpers.hpp"

namespace fs = std::filesystem;
namespace sm = scoutmatch;
using json = nlohmann::json;

namespace {

using scoutmatch::testing::cli;
using scoutmatch::testing::CliRun;
using scoutmatch::testing::json_lines;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::string q(const fs::path& p) {
  return "'" + p.string() + "'";
}

// Eight queries q_i. Three decoys d_i_j share q_i's topic word; the true partner r_i shares
// no word but worked with q_i's partner p_i (their joint activities are in the source
// field "train_projects", read as "projects" only with --field).
class SignalsCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(sm::testing::temp_dir("signals-cli-" + std::to_string(getpid())));
    const char* topics[] = {"hydrogen", "laser",   "ceramic", "robotics",
                            "polymer",  "battery", "optics",  "forging"};
    std::string profiles, pairs;
    auto line = [&](const std::string& id, const char* kind, const std::string& name,
                    const std::string& text, std::vector<std::string> projects) {
      json j{{"id", id}, {"kind", kind}, {"name", name}, {"text", text}, {"lang", "en"}};
      if (!projects.empty()) j["train_projects"] = projects;
      profiles += j.dump() + "\n";
    };
    for (int i = 0; i < 8; ++i) {
      const std::string n = std::to_string(i), t = topics[i];
      line("q" + n, "company", "Company " + n, t, {"A" + n});
      line("p" + n, "research", "Institute " + n, "partner institute number", {"A" + n, "B" + n});
      line("r" + n, "university", "Chair " + n, "faculty chair", {"B" + n});
      for (int j = 0; j < 3; ++j)
        line("d" + n + "_" + std::to_string(j), "university", "Lab", t + " lab", {});
      pairs += json{{"query", "q" + n}, {"relevant", {"r" + n}}}.dump() + "\n";
    }
    sm::testing::write_text(*dir_ / "profiles.jsonl", profiles);
    sm::testing::write_text(*dir_ / "pairs.jsonl", pairs);
    CliRun r = cli("index --profiles " + q(*dir_ / "profiles.jsonl") + " --out " +
                       q(*dir_ / "net.smx") + " --field train_projects=projects",
                   *dir_);
    ASSERT_EQ(r.code, 0) << r.err;
    r = cli("index --profiles " + q(*dir_ / "profiles.jsonl") + " --out " + q(*dir_ / "text.smx"),
            *dir_);
    ASSERT_EQ(r.code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  static fs::path net() { return *dir_ / "net.smx"; }
  static fs::path text() { return *dir_ / "text.smx"; }
  static fs::path pairs() { return *dir_ / "pairs.jsonl"; }
  static const fs::path& dir() { return *dir_; }
  static fs::path* dir_;
};
fs::path* SignalsCli::dir_ = nullptr;

}  // namespace

TEST_F(SignalsCli, FieldRenameBuildsThePartnerGraph) {
  const sm::Index with = sm::Index::load(net());
  const sm::Index without = sm::Index::load(text());
  EXPECT_EQ(with.graph().edges(), 16u);  // q_i-p_i and p_i-r_i
  EXPECT_TRUE(without.graph().empty());
  EXPECT_EQ(with.profile(*with.find("p3")).projects, (std::vector<std::string>{"A3", "B3"}));
}

TEST_F(SignalsCli, RecommendWithWeightsExplainsSignals) {
  const CliRun r = cli("recommend --index " + q(net()) +
                           " --id q2 --weights text=1,partner_of_partner=1 --explain --format json",
                       dir());
  ASSERT_EQ(r.code, 0) << r.err;
  const auto lines = json_lines(r.out);
  ASSERT_GE(lines.size(), 4u);
  const json& top = lines[0];
  EXPECT_EQ(top["id"], "r2");
  const json& e = top["explanation"];
  ASSERT_TRUE(e.contains("signals")) << e.dump();
  double sum = 0;
  bool pop = false;
  for (const json& s : e["signals"]) {
    sum += s["contribution"].get<double>();
    pop = pop || s["signal"] == "partner_of_partner";
  }
  EXPECT_TRUE(pop) << e.dump();
  EXPECT_NEAR(sum, top["score"].get<double>(), 1e-5);
  EXPECT_NE(e["summary"].get<std::string>().find("worked with 1 of your partners: Institute 2"),
            std::string::npos)
      << e.dump();
  EXPECT_EQ(e["via"], json::array({"p2"}));
  EXPECT_EQ(e["via_count"], 1);
  EXPECT_EQ(lines[1]["explanation"]["summary"].get<std::string>().rfind("shared topics: ", 0), 0u);
  // --keep-partners returns p2 too; on the index without the graph r2 is no candidate.
  CliRun k = cli(
      "recommend --index " + q(net()) +
          " --id q2 --weights text=1,partner_of_partner=1 --keep-partners --k 100 --format json",
      dir());
  ASSERT_EQ(k.code, 0) << k.err;
  bool p2 = false;
  for (const json& j : json_lines(k.out)) p2 = p2 || j["id"] == "p2";
  EXPECT_TRUE(p2) << k.out;
  k = cli("recommend --index " + q(text()) +
              " --id q2 --weights text=1,partner_of_partner=1 --format json",
          dir());
  ASSERT_EQ(k.code, 0) << k.err;
  for (const json& j : json_lines(k.out)) EXPECT_NE(j["id"], "r2");
  // The table form shows the "why" line.
  k = cli(
      "recommend --index " + q(net()) + " --id q2 --weights text=1,partner_of_partner=1 --explain",
      dir());
  ASSERT_EQ(k.code, 0) << k.err;
  EXPECT_NE(k.out.find("why: "), std::string::npos) << k.out;
  EXPECT_NE(k.out.find("partner_of_partner"), std::string::npos) << k.out;
}

TEST_F(SignalsCli, EvalWithWeights) {
  const CliRun a = cli("eval --index " + q(net()) + " --pairs " + q(pairs()) +
                           " --k 3 --weights text=1,common_partners=0,partner_of_partner=0,"
                           "activity=0,attachment=0,same_country=0",
                       dir());
  ASSERT_EQ(a.code, 0) << a.err;
  const json ja = json::parse(a.out);
  EXPECT_EQ(ja["queries"], 8);
  EXPECT_DOUBLE_EQ(ja["ndcg@3"].get<double>(), 0.0);
  EXPECT_NE(ja["weights"].get<std::string>().find("partner_of_partner=0,"), std::string::npos);
  const CliRun b = cli("eval --index " + q(net()) + " --pairs " + q(pairs()) +
                           " --k 3 --weights text=1,partner_of_partner=1",
                       dir());
  ASSERT_EQ(b.code, 0) << b.err;
  const json jb = json::parse(b.out);
  EXPECT_DOUBLE_EQ(jb["ndcg@3"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(jb["mrr"].get<double>(), 1.0);
  EXPECT_NE(jb["weights"].get<std::string>().find("text=1,"), std::string::npos);
}

TEST_F(SignalsCli, TuneDryRunWritesNothing) {
  const std::string before = slurp(net());
  const CliRun r = cli("tune --index " + q(net()) + " --pairs " + q(pairs()) +
                           " --k 3 --folds 2 --start text=1,common_partners=0,adamic_adar=0,"
                           "partner_of_partner=0,activity=0,attachment=0 --dry-run --threads 2",
                       dir());
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_FALSE(j.contains("index"));
  EXPECT_EQ(slurp(net()), before);
  EXPECT_EQ(j["start"]["queries"], 8);
  EXPECT_GE(j["fitted_in_sample"]["ndcg@3"].get<double>(), j["start"]["ndcg@3"].get<double>());
  EXPECT_GT(j["fitted_in_sample"]["ndcg@3"].get<double>(), 0.9);
  ASSERT_TRUE(j.contains("cross_validated"));
  EXPECT_EQ(j["fold_weights"].size(), 2u);
  sm::SignalWeights w;
  w.set(j["weights"].get<std::string>());
  EXPECT_TRUE(w.uses_network()) << j.dump();
}

TEST_F(SignalsCli, TuneOutStoresTheWeights) {
  const fs::path out = dir() / "tuned.smx";
  const CliRun r = cli("tune --index " + q(net()) + " --pairs " + q(pairs()) + " --out " + q(out) +
                           " --k 3 --folds 0 --signals text,partner_of_partner --start "
                           "text=1,partner_of_partner=0,common_partners=0,activity=0,attachment=0",
                       dir());
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["index"], out.string());
  EXPECT_FALSE(j.contains("cross_validated"));
  sm::SignalWeights w;
  w.set(j["weights"].get<std::string>());
  const sm::Index tuned = sm::Index::load(out);
  EXPECT_EQ(tuned.options().weights, w);
  EXPECT_GT(w[sm::Signal::partner_of_partner], 0.0);
  EXPECT_EQ(sm::Index::load(net()).options().weights, sm::SignalWeights{});
  // eval on the tuned index uses the stored weights and reproduces the fitted figure.
  const CliRun e = cli("eval --index " + q(out) + " --pairs " + q(pairs()) + " --k 3", dir());
  ASSERT_EQ(e.code, 0) << e.err;
  const json je = json::parse(e.out);
  EXPECT_EQ(je["weights"], j["weights"]);
  EXPECT_NEAR(je["ndcg@3"].get<double>(), j["fitted_in_sample"]["ndcg@3"].get<double>(), 1e-9);
}

TEST_F(SignalsCli, BadSignalArgumentsExitWithTheirIds) {
  struct Case {
    std::string args, id;
  };
  const std::string ix = q(net()), pr = q(pairs());
  const std::vector<Case> cases{
      {"recommend --index " + ix + " --id q1 --weights bogus=1", "[scoutmatch.signals.1]"},
      {"recommend --index " + ix + " --id q1 --weights text=x", "[scoutmatch.signals.1]"},
      {"recommend --index " + ix + " --id q1 --weights text=inf", "[scoutmatch.signals.2]"},
      {"eval --index " + ix + " --pairs " + pr + " --weights text", "[scoutmatch.signals.1]"},
      {"index --profiles " + q(dir() / "profiles.jsonl") + " --out " + q(dir() / "x.smx") +
           " --weights activity=nan",
       "[scoutmatch.signals.2]"},
      {"tune --index " + ix + " --pairs " + pr + " --start bogus=1 --dry-run",
       "[scoutmatch.signals.1]"},
      {"tune --index " + ix + " --pairs " + pr + " --signals text,bogus --dry-run",
       "[scoutmatch.signals.1]"},
      {"tune --index " + ix + " --pairs " + pr + " --folds 1 --dry-run", "[scoutmatch.tune.1]"},
      {"tune --index " + ix + " --pairs " + pr + " --k 0 --dry-run", "[scoutmatch.tune.1]"},
      {"index --profiles " + q(dir() / "profiles.jsonl") + " --out " + q(dir() / "x.smx") +
           " --field train_projects",
       "[scoutmatch.cli.9]"},
      {"index --profiles " + q(dir() / "profiles.jsonl") + " --out " + q(dir() / "x.smx") +
           " --field train_projects=budget",
       "[scoutmatch.options.read.2]"},
  };
  for (const Case& c : cases) {
    const CliRun r = cli(c.args, dir());
    EXPECT_EQ(r.code, 1) << c.args << "\n" << r.err;
    EXPECT_NE(r.err.find(c.id), std::string::npos) << c.args << "\n" << r.err;
    EXPECT_TRUE(r.out.empty()) << c.args;
  }
  EXPECT_FALSE(fs::exists(dir() / "x.smx"));
  // No query of the pairs in the index.
  sm::testing::write_text(dir() / "nopairs.jsonl", R"({"query": "ghost", "relevant": ["r1"]})"
                                                   "\n");
  const CliRun r =
      cli("tune --index " + ix + " --pairs " + q(dir() / "nopairs.jsonl") + " --dry-run", dir());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("[scoutmatch.tune.2]"), std::string::npos) << r.err;
}
