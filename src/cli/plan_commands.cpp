// `scoutmatch assign` (companies to partners with capacities) and `scoutmatch schedule`
// (meeting plans for events, and checking a plan).
#include <tbb/global_control.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli_util.hpp"
#include "commands.hpp"
#include "scoutmatch/io/atomic_file.hpp"
#include "scoutmatch/scoutmatch.hpp"

namespace scoutmatch::cli {

namespace {

using json = nlohmann::json;

// Ids from a file (one per line; blank lines and lines starting with # skipped) when
// `arg` names an existing file, else from a comma-separated list.
std::vector<std::string> read_ids(const std::string& arg) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(arg, ec)) return split_list(arg);
  std::ifstream in(arg);
  if (!in) throw file_error("scoutmatch.io.file.1", arg + ": cannot open");
  std::vector<std::string> ids;
  for (std::string line; std::getline(in, line);) {
    const auto b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos || line[b] == '#') continue;
    const auto e = line.find_last_not_of(" \t\r");
    ids.push_back(line.substr(b, e - b + 1));
  }
  return ids;
}

// The ids chosen by a list option or a kind option (exactly one of them).
std::vector<std::string> select(const Index& index, const std::string& list,
                                const std::string& kinds, const char* list_opt,
                                const char* kind_opt,
                                const char* error_id = "scoutmatch.assign.5") {
  if (list.empty() == kinds.empty())
    throw invalid_argument(error_id,
                           std::string("give exactly one of ") + list_opt + " and " + kind_opt);
  if (!list.empty()) return read_ids(list);
  const auto ks = parse_kinds(kinds);
  std::vector<std::string> ids;
  for (const Profile& p : index.profiles())
    if (std::find(ks.begin(), ks.end(), p.kind) != ks.end()) ids.push_back(p.id);
  return ids;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

bool ends_with_ci(std::string s, const std::string& suffix) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

struct AssignArgs {
  std::string index, companies, from_kind, partners, to_kind, method = "flow", mode = "similar",
                                                              out;
  std::size_t capacity = 3, per_company = 1, candidates = 0, threads = 0;
  bool compare = false;
};

int run_assign(const AssignArgs& a) {
  const auto limit = thread_limit(a.threads);
  AssignOptions o;
  o.partner_capacity = a.capacity;
  o.per_company = a.per_company;
  o.candidates = a.candidates;
  o.method = a.method == "stable"   ? AssignMethod::stable
             : a.method == "greedy" ? AssignMethod::greedy
                                    : AssignMethod::flow;
  o.relevance.mode = a.mode == "needs" ? Mode::needs : Mode::similar;
  o.validate();
  const Index index = Index::load(a.index);
  const auto companies = select(index, a.companies, a.from_kind, "--companies", "--from-kind");
  const auto partners = select(index, a.partners, a.to_kind, "--partners", "--to-kind");
  if (companies.empty() || partners.empty())
    throw invalid_argument("scoutmatch.assign.4",
                           companies.empty() ? "no companies selected" : "no partners selected");
  for (std::size_t side = 0; side < 2; ++side)
    for (const std::string& id : side ? partners : companies)
      if (!index.contains(id))
        throw not_found("scoutmatch.assign.3", std::string(side ? "--partners" : "--companies") +
                                                   ": no profile with id \"" + id +
                                                   "\" in the index");
  const RelevanceMatrix r = mutual_relevance(index, companies, partners, o.relevance);
  const Assignment result = assign(r, o);

  auto name = [&](const std::string& id) { return index.profile(*index.find(id)).name; };
  std::vector<char> placed(companies.size(), 0);
  for (const auto& p : result.pairs) placed[p.company] = 1;
  if (!a.out.empty()) {
    std::string text;
    if (ends_with_ci(a.out, ".json")) {
      json j{{"method", std::string(to_string(o.method))},
             {"total_relevance", result.total_relevance},
             {"companies", result.companies},
             {"companies_placed", result.companies_placed},
             {"placed_share", result.placed_share()},
             {"partners", partners.size()},
             {"pairs", json::array()},
             {"unplaced", json::array()}};
      for (const auto& p : result.pairs)
        j["pairs"].push_back({{"company", companies[p.company]},
                              {"partner", partners[p.partner]},
                              {"relevance", p.relevance},
                              {"company_name", name(companies[p.company])},
                              {"partner_name", name(partners[p.partner])}});
      for (std::size_t i = 0; i < companies.size(); ++i)
        if (!placed[i]) j["unplaced"].push_back(companies[i]);
      text = j.dump(1) + "\n";
    } else {
      text = "company,partner,relevance,company_name,partner_name\n";
      for (const auto& p : result.pairs)
        text += csv_field(companies[p.company]) + ',' + csv_field(partners[p.partner]) + ',' +
                fixed(p.relevance, 6) + ',' + csv_field(name(companies[p.company])) + ',' +
                csv_field(name(partners[p.partner])) + '\n';
    }
    write_file_atomically(a.out, {text});
  } else {
    for (const auto& p : result.pairs)
      std::cout << companies[p.company] << " -> " << partners[p.partner] << "  "
                << fixed(p.relevance, 3) << "  " << name(companies[p.company]) << " -> "
                << name(partners[p.partner]) << '\n';
  }
  std::cout << to_string(o.method) << ": " << result.pairs.size() << " pairs, total relevance "
            << fixed(result.total_relevance, 3) << ", companies placed " << result.companies_placed
            << " of " << result.companies << " (" << fixed(100 * result.placed_share(), 1) << "%)"
            << (a.out.empty() ? "" : ", written to " + a.out) << '\n';
  if (a.compare)
    for (AssignMethod m : {AssignMethod::flow, AssignMethod::stable, AssignMethod::greedy}) {
      if (m == o.method) continue;
      AssignOptions other = o;
      other.method = m;
      const Assignment x = assign(r, other);
      std::cout << to_string(m) << ": " << x.pairs.size() << " pairs, total relevance "
                << fixed(x.total_relevance, 3) << ", companies placed " << x.companies_placed
                << " of " << x.companies << " (" << fixed(100 * x.placed_share(), 1) << "%)\n";
    }
  return 0;
}

struct ScheduleArgs {
  std::string index, event, out, agenda, check;
  std::size_t threads = 0;
  bool no_balance = false, compare = false;
  std::string mode = "similar";
};

int run_schedule(const ScheduleArgs& a) {
  const auto limit = thread_limit(a.threads);
  const Event event = read_event(a.event);
  RelevanceOptions ro;
  ro.mode = a.mode == "needs" ? Mode::needs : Mode::similar;
  std::optional<Index> index;
  std::optional<RelevanceMatrix> relevance;
  auto load_relevance = [&] {
    index.emplace(Index::load(a.index));
    std::vector<std::string> ids;
    for (const EventParticipant& p : event.participants) {
      if (!index->contains(p.id))
        throw not_found("scoutmatch.schedule.9",
                        "participant \"" + p.id + "\" is not a profile of the index");
      ids.push_back(p.id);
    }
    relevance.emplace(mutual_relevance(*index, ids, ro));
  };

  if (!a.check.empty()) {
    if (!a.out.empty() || !a.agenda.empty())
      throw invalid_argument("scoutmatch.schedule.11",
                             "--check does not go with --out or --agenda");
    const Plan plan = read_plan(a.check);
    if (!a.index.empty()) load_relevance();
    const auto violations = check_plan(event, plan, relevance ? &*relevance : nullptr);
    if (violations.empty()) {
      std::cout << a.check << ": valid (" << plan.meetings.size() << " meetings, total relevance "
                << fixed(plan.total_relevance, 3) << ", idle slots " << idle_slots(event, plan)
                << (plan.unplaced_must_meet.empty()
                        ? std::string()
                        : ", " + std::to_string(plan.unplaced_must_meet.size()) +
                              " must-meet pairs listed as unplaced")
                << ")\n";
      return 0;
    }
    for (const Violation& v : violations)
      std::cout << to_string(v.kind) << ": " << v.message << '\n';
    throw invalid_argument("scoutmatch.schedule.10", a.check + " violates " +
                                                         std::to_string(violations.size()) +
                                                         " constraint(s) of " + a.event);
  }
  if (a.index.empty() || a.out.empty())
    throw invalid_argument("scoutmatch.schedule.11",
                           "planning needs --index and --out (or use --check PLAN.json)");
  load_relevance();
  ScheduleOptions so;
  so.balance = !a.no_balance;
  const Plan plan = schedule_meetings(event, *relevance, so);
  write_plan(a.out, plan, &event);
  if (!a.agenda.empty())
    write_agenda(a.agenda, event, plan, [&](std::string_view id) {
      const auto d = index->find(id);
      return d ? index->profile(*d).name : std::string();
    });
  std::size_t people = 0;
  {
    std::vector<std::string> met;
    for (const Meeting& m : plan.meetings) met.insert(met.end(), {m.a, m.b});
    std::sort(met.begin(), met.end());
    people = static_cast<std::size_t>(std::unique(met.begin(), met.end()) - met.begin());
  }
  std::cout << "planned " << plan.meetings.size() << " meetings for " << people << " of "
            << event.participants.size() << " participants (" << event.slots << " slots x "
            << event.tables << " tables): total relevance " << fixed(plan.total_relevance, 3)
            << ", idle slots " << idle_slots(event, plan) << "; wrote " << a.out
            << (a.agenda.empty() ? "" : " and " + a.agenda) << '\n';
  if (a.compare) {
    const Plan base = schedule_first_come(event, *relevance);
    std::cout << "first-come greedy: " << base.meetings.size() << " meetings, total relevance "
              << fixed(base.total_relevance, 3) << ", idle slots " << idle_slots(event, base)
              << " (plan: "
              << (base.total_relevance > 0
                      ? fixed(100 * (plan.total_relevance / base.total_relevance - 1), 1) + "% more"
                      : std::string("n/a"))
              << ")\n";
  }
  for (const auto& [x, y] : plan.unplaced_must_meet)
    std::cerr << "scoutmatch: warning: must-meet pair " << x << ", " << y
              << " could not be placed (listed in the plan's unplaced_must_meet)\n";
  return 0;
}

struct PairsArgs {
  std::string index, companies, from_kind, partners, to_kind, out;
  std::size_t k = 10, threads = 0;
};

// Every company's best partners and every partner's best companies by text score
// (Index::all_pairs), as CSV (stdout or --out .csv) or JSON lines (--out .jsonl).
int run_pairs(const PairsArgs& a) {
  const auto limit = thread_limit(a.threads);
  const Index index = Index::load(a.index);
  const auto companies =
      select(index, a.companies, a.from_kind, "--companies", "--from-kind", "scoutmatch.pairs.1");
  const auto partners =
      select(index, a.partners, a.to_kind, "--partners", "--to-kind", "scoutmatch.pairs.1");
  if (companies.empty() || partners.empty())
    throw invalid_argument("scoutmatch.pairs.3",
                           companies.empty() ? "no companies selected" : "no partners selected");
  std::vector<std::uint32_t> da, db;
  for (std::size_t side = 0; side < 2; ++side)
    for (const std::string& id : side ? partners : companies) {
      const auto d = index.find(id);
      if (!d)
        throw not_found("scoutmatch.pairs.2", std::string(side ? "--partners" : "--companies") +
                                                  ": no profile with id \"" + id +
                                                  "\" in the index");
      (side ? db : da).push_back(*d);
    }
  const auto t0 = std::chrono::steady_clock::now();
  const SparseAllPairs r = index.all_pairs(da, db, a.k, a.threads);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const bool jsonl = ends_with_ci(a.out, ".jsonl");
  std::string text = jsonl ? "" : "side,id,rank,match,score\n";
  for (std::size_t side = 0; side < 2; ++side) {
    const auto& ids = side ? partners : companies;
    const auto& lists = side ? r.b : r.a;
    const char* name = side ? "partner" : "company";
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (jsonl) {
        json j{{"side", name}, {"id", ids[i]}, {"matches", json::array()}};
        for (const ScoredDoc& m : lists[i])
          j["matches"].push_back({{"id", index.profile(m.doc).id}, {"score", m.score}});
        text += j.dump() + "\n";
      } else {
        for (std::size_t rank = 0; rank < lists[i].size(); ++rank)
          text += std::string(name) + ',' + csv_field(ids[i]) + ',' + std::to_string(rank + 1) +
                  ',' + csv_field(index.profile(lists[i][rank].doc).id) + ',' +
                  fixed(lists[i][rank].score, 6) + '\n';
      }
    }
  }
  if (a.out.empty())
    std::cout << text;
  else
    write_file_atomically(a.out, {text});
  std::cerr << companies.size() << " companies x " << partners.size() << " partners, top " << a.k
            << " both ways in " << fixed(secs, 2) << " s"
            << (a.out.empty() ? "" : ", written to " + a.out) << '\n';
  return 0;
}

// The options choosing the two sides of assign and pairs.
void add_sides(CLI::App* cmd, std::string& companies, std::string& from_kind, std::string& partners,
               std::string& to_kind) {
  cmd->add_option("--companies", companies,
                  "Company ids: a file with one id per line, or a comma-separated list");
  cmd->add_option("--from-kind", from_kind,
                  "Take every profile of these kinds as a company (instead of --companies)");
  cmd->add_option("--partners", partners,
                  "Partner ids: a file with one id per line, or a comma-separated list");
  cmd->add_option("--to-kind", to_kind,
                  "Take every profile of these kinds as a partner (instead of --partners)");
}

}  // namespace

void register_plan_commands(CLI::App& app, std::vector<Command>& out) {
  auto as = std::make_shared<AssignArgs>();
  auto* assign_cmd = app.add_subcommand(
      "assign", "Assign companies to partners with capacities, maximising mutual relevance");
  assign_cmd->add_option("--index", as->index, "Index file")->required();
  add_sides(assign_cmd, as->companies, as->from_kind, as->partners, as->to_kind);
  assign_cmd->add_option("--capacity", as->capacity, "Companies each partner takes at most")
      ->capture_default_str();
  assign_cmd->add_option("--per-company", as->per_company, "Partners each company gets at most")
      ->capture_default_str();
  assign_cmd
      ->add_option("--method", as->method,
                   "flow (optimal total), stable (company-proposing deferred acceptance) or "
                   "greedy (first come, in input order)")
      ->check(CLI::IsMember({"flow", "stable", "greedy"}))
      ->capture_default_str();
  assign_cmd
      ->add_option("--candidates", as->candidates,
                   "flow: consider only each company's top N partners and each partner's top "
                   "N*capacity companies (0 = all pairs)")
      ->capture_default_str();
  assign_cmd->add_option("--mode", as->mode, "similar or needs")
      ->check(CLI::IsMember({"similar", "needs"}))
      ->capture_default_str();
  assign_cmd->add_option("--out", as->out, "Write the pairs to this .csv or .json file");
  assign_cmd->add_flag("--compare", as->compare, "Also print the totals of the other methods");
  assign_cmd->add_option("--threads", as->threads, "Worker threads (0 = all cores)")
      ->capture_default_str();
  out.push_back({assign_cmd, [as] { return run_assign(*as); }});

  auto ps = std::make_shared<PairsArgs>();
  auto* pairs_cmd = app.add_subcommand(
      "pairs", "Every company's best partners and every partner's best companies (text score)");
  pairs_cmd->add_option("--index", ps->index, "Index file")->required();
  add_sides(pairs_cmd, ps->companies, ps->from_kind, ps->partners, ps->to_kind);
  pairs_cmd->add_option("-k,--k", ps->k, "Best matches per profile, both ways")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}))
      ->capture_default_str();
  pairs_cmd->add_option("--out", ps->out,
                        "Write to this .csv (side,id,rank,match,score) or .jsonl file "
                        "(default: CSV on stdout)");
  pairs_cmd->add_option("--threads", ps->threads, "Worker threads (0 = all cores)")
      ->capture_default_str();
  out.push_back({pairs_cmd, [ps] { return run_pairs(*ps); }});

  auto ss = std::make_shared<ScheduleArgs>();
  auto* schedule_cmd = app.add_subcommand(
      "schedule", "Plan the meetings of an event (slots, tables), or check a plan");
  schedule_cmd->add_option("--index", ss->index, "Index file holding the participants' profiles");
  schedule_cmd->add_option("--event", ss->event, "Event file (EVENT.json)")->required();
  schedule_cmd->add_option("--out", ss->out, "Plan file to write (PLAN.json)");
  schedule_cmd->add_option("--agenda", ss->agenda,
                           "Also write a per-participant agenda: .html or text");
  schedule_cmd->add_option("--check", ss->check,
                           "Check this plan against the event instead of planning (with --index "
                           "also the scores)");
  schedule_cmd->add_option("--mode", ss->mode, "similar or needs")
      ->check(CLI::IsMember({"similar", "needs"}))
      ->capture_default_str();
  schedule_cmd->add_flag("--no-balance", ss->no_balance,
                         "Pure relevance order: no fair share per participant first");
  schedule_cmd->add_flag("--compare", ss->compare,
                         "Also print the first-come greedy plan's total relevance");
  schedule_cmd->add_option("--threads", ss->threads, "Worker threads (0 = all cores)")
      ->capture_default_str();
  out.push_back({schedule_cmd, [ss] { return run_schedule(*ss); }});
}

}  // namespace scoutmatch::cli
