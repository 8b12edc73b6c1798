// `scoutmatch tune`: fits the signal weights on known partner pairs (coordinate ascent on
// nDCG@k with k-fold cross-validation) and stores them in the index.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>
#include <string>
#include <vector>

#include "cli_util.hpp"
#include "commands.hpp"
#include "scoutmatch/scoutmatch.hpp"

namespace scoutmatch::cli {
namespace {

using json = nlohmann::json;

json metrics_json(const EvalResult& r) {
  const std::string k = std::to_string(r.k);
  return json{{"queries", r.queries},
              {"ndcg@" + k, r.ndcg},
              {"recall@" + k, r.recall},
              {"mrr", r.mrr},
              {"hit@" + k, r.hit}};
}

}  // namespace

void register_tune_command(CLI::App& app, std::vector<Command>& out) {
  struct Args {
    std::string index, pairs, out, to_kind, signals, start;
    std::size_t k = 10, folds = 5, rounds = 3, threads = 0;
    bool reciprocal = false, dry_run = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "tune", "Fit the signal weights on known partner pairs and store them in the index");
  cmd->add_option("--index", a->index, "Index file")->required();
  cmd->add_option("--pairs", a->pairs, "JSONL of {\"query\": ID, \"relevant\": [ID, ...]}")
      ->required();
  cmd->add_option("--out", a->out, "Index file to write (default: rewrite --index atomically)");
  cmd->add_option("--to-kind", a->to_kind, "Candidate kinds, comma-separated (default: all)");
  cmd->add_option("--k", a->k, "Cut-off of the optimised nDCG@k")->capture_default_str();
  cmd->add_option("--folds", a->folds, "Cross-validation folds (0 = none)")->capture_default_str();
  cmd->add_option("--rounds", a->rounds, "Coordinate-ascent passes")->capture_default_str();
  cmd->add_option("--signals", a->signals,
                  "Signals to fit, comma-separated (default: all that vary)");
  cmd->add_option("--start", a->start, "Start weights, name=value,... over the defaults");
  cmd->add_flag("--reciprocal", a->reciprocal, "Fit with the reciprocal text score");
  cmd->add_flag("--dry-run", a->dry_run, "Report only; write no index");
  cmd->add_option("--threads", a->threads, "Worker threads (0 = all cores)")->capture_default_str();
  out.push_back({cmd, [a] {
                   TuneOptions o;
                   o.k = a->k;
                   o.folds = a->folds;
                   o.rounds = a->rounds;
                   o.threads = a->threads;
                   o.reciprocal = a->reciprocal;
                   if (!a->start.empty()) o.start.set(a->start);
                   std::string item;
                   o.to_kinds = parse_kinds(a->to_kind);
                   for (const std::string& x : split_list(a->signals)) {
                     auto s = signal_from_string(x);
                     if (!s)
                       throw invalid_argument("scoutmatch.signals.1",
                                              "unknown signal \"" + x + "\"");
                     o.signals.push_back(*s);
                   }
                   o.validate();
                   const Index index = Index::load(a->index);
                   const auto pairs = read_pairs(a->pairs);
                   const TuneResult r = tune(index, pairs, o);
                   json j{{"start", metrics_json(r.start)},
                          {"start_weights", o.start.to_string()},
                          {"fitted_in_sample", metrics_json(r.fitted)},
                          {"weights", r.weights.to_string()},
                          {"candidates_per_query", r.candidates},
                          {"missing_queries", r.start.missing_queries},
                          {"skipped_no_relevant", r.start.skipped_no_relevant},
                          {"seconds", r.seconds}};
                   if (o.folds >= 2) {
                     j["cross_validated"] = metrics_json(r.cross_validated);
                     json fw = json::array();
                     for (const auto& w : r.fold_weights) fw.push_back(w.to_string());
                     j["fold_weights"] = fw;
                   }
                   if (!a->dry_run) {
                     const std::string dst = a->out.empty() ? a->index : a->out;
                     index.with_weights(r.weights).save(dst);
                     j["index"] = dst;
                   }
                   std::cout << j.dump() << '\n';
                   return 0;
                 }});
}

}  // namespace scoutmatch::cli
