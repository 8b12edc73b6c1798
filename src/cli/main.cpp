// The scoutmatch command-line program: index, recommend, match, eval, demo.
// Every failure prints one line "scoutmatch: [id] message" on stderr and exits non-zero:
// 1 for errors in the input or the request, 2 for bad command-line usage, 3 for an
// unexpected internal error.
#include <tbb/global_control.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli_util.hpp"
#include "commands.hpp"
#include "scoutmatch/io/atomic_file.hpp"
#include "scoutmatch/scoutmatch.hpp"

namespace sm = scoutmatch;
using json = nlohmann::json;

namespace {

using sm::cli::fixed;
using sm::cli::parse_kinds;
using sm::cli::split_list;
using sm::cli::thread_limit;

sm::GeoPoint parse_point(const std::string& s) {
  const auto parts = split_list(s);
  try {
    if (parts.size() == 2) {
      std::size_t a = 0, b = 0;
      const double lat = std::stod(parts[0], &a), lon = std::stod(parts[1], &b);
      if (a == parts[0].size() && b == parts[1].size()) return {lat, lon};
    }
  } catch (const std::exception&) {
  }
  throw sm::invalid_argument(
      "scoutmatch.cli.3", "--near must be LAT,LON in degrees, e.g. 51.03,7.85; got \"" + s + "\"");
}

json fields_json(sm::FieldMask mask) {
  json a = json::array();
  for (std::size_t f = 0; f < sm::field_count; ++f)
    if (mask & (1u << f)) a.push_back(std::string(sm::to_string(static_cast<sm::Field>(f))));
  return a;
}

json match_json(const sm::Match& m) {
  json j{{"rank", m.rank},
         {"id", m.id},
         {"name", m.name},
         {"kind", std::string(sm::to_string(m.kind))},
         {"score", m.score}};
  if (m.explanation) {
    json terms = json::array();
    for (const auto& t : m.explanation->terms)
      terms.push_back({{"term", t.term},
                       {"stem", t.stem},
                       {"share", t.share},
                       {"score", t.score},
                       {"fields", fields_json(t.fields)}});
    json e{{"terms", terms},
           {"fields", fields_json(m.explanation->fields)},
           {"text_score", m.explanation->text_score}};
    if (m.explanation->dense_score) e["dense_score"] = *m.explanation->dense_score;
    if (m.explanation->distance_km) e["distance_km"] = *m.explanation->distance_km;
    if (!m.explanation->signals.empty()) {
      json sig = json::array();
      for (const auto& c : m.explanation->signals)
        sig.push_back({{"signal", c.signal}, {"value", c.value}, {"contribution", c.contribution}});
      e["signals"] = sig;
    }
    if (m.explanation->via_count) {
      e["via"] = m.explanation->via;
      e["via_count"] = m.explanation->via_count;
    }
    if (m.explanation->candidate_projects) e["projects"] = m.explanation->candidate_projects;
    if (!m.explanation->summary.empty()) e["summary"] = m.explanation->summary;
    j["explanation"] = e;
  }
  return j;
}

// Pads or cuts `s` to `width` display columns (counting UTF-8 code points).
std::string column(const std::string& s, std::size_t width) {
  std::string out;
  std::size_t cols = 0, i = 0;
  while (i < s.size() && cols < width) {
    std::size_t len = 1;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0xf0)
      len = 4;
    else if (c >= 0xe0)
      len = 3;
    else if (c >= 0xc0)
      len = 2;
    if (cols + 1 == width && i + len < s.size()) {
      out += "…";
      ++cols;
      break;
    }
    out.append(s, i, len);
    i += len;
    ++cols;
  }
  out.append(width - cols, ' ');
  return out;
}

std::string explanation_text(const sm::Explanation& e) {
  std::string s;
  for (const auto& t : e.terms) {
    if (!s.empty()) s += ", ";
    s += t.term + " " + std::to_string(static_cast<int>(t.share * 100 + 0.5)) + "%";
  }
  return s;
}

void print_table(const std::vector<sm::Match>& matches, bool explain, std::ostream& out) {
  if (matches.empty()) {
    out << "  (no matching profiles)\n";
    return;
  }
  out << "  " << column("rank", 5) << column("score", 8) << column("kind", 11) << column("id", 14)
      << "name\n";
  for (const sm::Match& m : matches) {
    out << "  " << column(std::to_string(m.rank), 5) << column(fixed(m.score, 2), 8)
        << column(std::string(sm::to_string(m.kind)), 11) << column(m.id, 14) << column(m.name, 60)
        << '\n';
    if (explain && m.explanation) {
      out << "       shared: " << explanation_text(*m.explanation) << '\n';
      out << "       fields: ";
      const json f = fields_json(m.explanation->fields);
      for (std::size_t i = 0; i < f.size(); ++i) out << (i ? ", " : "") << f[i].get<std::string>();
      if (m.explanation->distance_km)
        out << "   distance: " << fixed(*m.explanation->distance_km, 1) << " km";
      out << '\n';
      if (!m.explanation->signals.empty()) {
        out << "       why: " << m.explanation->summary << "\n       signals: ";
        for (std::size_t i = 0; i < m.explanation->signals.size(); ++i)
          out << (i ? ", " : "") << m.explanation->signals[i].signal << " "
              << fixed(m.explanation->signals[i].contribution, 2);
        out << '\n';
      }
    }
  }
}

struct Common {
  std::size_t threads = 0;
  std::string format = "table";
};

// "name=value,..." over the library defaults (signals not named keep their default).
sm::SignalWeights parse_weights(const std::string& spec) {
  sm::SignalWeights w;
  w.set(spec);
  return w;
}

void add_signal_options(CLI::App* cmd, std::string& weights, bool& reciprocal,
                        bool& keep_partners) {
  cmd->add_option("--weights", weights,
                  "Signal weights, e.g. text=1,partner_of_partner=1,attachment=0.05 (signals "
                  "not named keep their default; default: the index's, see README)");
  cmd->add_flag("--reciprocal", reciprocal,
                "Reciprocal text score: harmonic mean of both directions");
  cmd->add_flag("--keep-partners", keep_partners,
                "Also return the query's existing partners (default: new partners only)");
}

struct QueryArgs {
  std::string id, text, kinds, countries, regions, near, mode = "similar", lang, exclude, weights;
  std::string not_countries, not_regions, home;
  double beyond_km = -1, bridge = -1e300;
  bool reciprocal = false, keep_partners = false;
  double within_km = -1;
  double dense_weight = -1;
  std::size_t k = 10;
  bool explain = false, include_self = false;

  sm::Query build() const {
    if (id.empty() == text.empty())
      throw sm::invalid_argument("scoutmatch.cli.4", "give exactly one of --id and --text");
    sm::Language l = sm::Language::unknown;
    if (lang == "de")
      l = sm::Language::de;
    else if (lang == "en")
      l = sm::Language::en;
    else if (!lang.empty())
      throw sm::invalid_argument("scoutmatch.cli.5", "--lang must be de or en");
    sm::Query q = id.empty() ? sm::Query::text(text, l) : sm::Query::similar_to(id);
    q.k(k).kinds(parse_kinds(kinds)).countries(split_list(countries)).regions(split_list(regions));
    q.exclude(split_list(exclude)).include_self(include_self);
    if (mode == "needs")
      q.mode(sm::Mode::needs);
    else if (mode != "similar")
      throw sm::invalid_argument("scoutmatch.cli.6", "--mode must be similar or needs");
    if (!near.empty() || within_km >= 0 || beyond_km >= 0) {
      if (near.empty() || (within_km < 0 && beyond_km < 0))
        throw sm::invalid_argument("scoutmatch.cli.7",
                                   "--near goes with --within-km and/or --beyond-km");
      q.between_km(parse_point(near), std::max(beyond_km, 0.0),
                   within_km >= 0 ? within_km : std::numeric_limits<double>::infinity());
    }
    q.exclude_countries(split_list(not_countries)).exclude_regions(split_list(not_regions));
    if (bridge > -1e299)
      q.bridge(bridge, split_list(home));
    else if (!home.empty())
      throw sm::invalid_argument("scoutmatch.cli.10", "--home goes with --bridge");
    if (explain) q.explain();
    if (dense_weight >= 0) q.dense_weight(dense_weight);
    if (!weights.empty()) q.weights(parse_weights(weights));
    q.reciprocal(reciprocal).new_partners_only(!keep_partners);
    return q;
  }

  void add_to(CLI::App* cmd) {
    cmd->add_option("--id", id, "Profile id to find partners for");
    cmd->add_option("--text", text, "Free text to find partners for (instead of --id)");
    cmd->add_option("--lang", lang, "Language of --text: de or en (default: detect)");
    cmd->add_option("--k", k, "Number of results (1..1000000)")->capture_default_str();
    cmd->add_option("--kind", kinds,
                    "Accept only these kinds, comma-separated (e.g. university,research)");
    cmd->add_option("--country", countries, "Accept only these ISO country codes, comma-separated");
    cmd->add_option("--region", regions,
                    "Accept only regions starting with these prefixes (e.g. DEA5)");
    cmd->add_option("--near", near, "Centre of a distance filter: LAT,LON in degrees");
    cmd->add_option("--within-km", within_km, "Radius of the distance filter in km (with --near)");
    cmd->add_option("--beyond-km", beyond_km,
                    "Accept only profiles at least this far from --near, km (a distance range "
                    "with --within-km)");
    cmd->add_option("--not-country", not_countries,
                    "Reject these ISO country codes, comma-separated");
    cmd->add_option("--not-region", not_regions,
                    "Reject regions starting with these prefixes, comma-separated (e.g. DEA5)");
    cmd->add_option("--bridge", bridge,
                    "Bridge mode: add this weight (e.g. 1) to candidates outside the query's own "
                    "region (region, else country)")
        ->expected(0, 1)
        ->default_str("1");
    cmd->add_option("--home", home,
                    "Home region of --bridge: region prefixes, comma-separated (default: the "
                    "query profile's own region)");
    cmd->add_option("--mode", mode,
                    "similar (all fields) or needs (needs against offers and competences)")
        ->capture_default_str();
    cmd->add_option("--exclude", exclude, "Profile ids never to return, comma-separated");
    cmd->add_flag("--include-self", include_self, "Also return the query profile itself");
    cmd->add_flag("--explain", explain, "Show the shared terms and matched fields of each result");
    cmd->add_option(
        "--dense-weight", dense_weight,
        "Weight 0..1 of the embedding or LSA cosine in the fused score (indexes with "
        "embeddings or --semantic-dims; default: the index's, 0.5)");
    add_signal_options(cmd, weights, reciprocal, keep_partners);
  }
};

std::string default_demo_data() {
  if (const char* env = std::getenv("SCOUTMATCH_DEMO_DATA")) return env;
#ifdef SCOUTMATCH_DEMO_DATA
  if (std::filesystem::exists(SCOUTMATCH_DEMO_DATA)) return SCOUTMATCH_DEMO_DATA;
#endif
  return "data/demo/profiles.jsonl";
}

int run_demo(const std::string& profiles_path, std::size_t threads, std::ostream& out) {
  const auto t0 = std::chrono::steady_clock::now();
  sm::IndexOptions opt;
  opt.threads = threads;
  const sm::Index index = sm::Index::build(sm::read_profiles(profiles_path), opt);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  out << "scoutmatch demo: " << index.size() << " profiles from " << profiles_path << " indexed in "
      << fixed(secs, 2) << " s (" << index.vectors().vocabulary.size() << " terms)\n";

  // Three companies with stated needs, from different places in the file.
  std::vector<std::uint32_t> picks;
  std::vector<std::uint32_t> companies;
  for (std::uint32_t d = 0; d < index.size(); ++d)
    if (index.profile(d).kind == sm::Kind::company && !index.profile(d).needs.empty())
      companies.push_back(d);
  for (std::size_t i = 0; i < 3 && i < companies.size(); ++i)
    picks.push_back(companies[i * companies.size() / 3]);

  for (std::size_t i = 0; i < picks.size(); ++i) {
    const sm::Profile& p = index.profile(picks[i]);
    const bool needs = i == picks.size() - 1;
    out << "\n== " << p.name << " (" << p.id << ", " << p.city << ")\n";
    out << "   needs: " << p.needs << "\n";
    out << "   "
        << (needs ? "partners whose offers and competences meet these needs (--mode needs)"
                  : "most similar universities, research institutes and start-ups")
        << ":\n";
    sm::Query q = sm::Query::similar_to(p.id)
                      .kinds({sm::Kind::university, sm::Kind::research, sm::Kind::startup})
                      .k(5)
                      .explain();
    if (needs) q.mode(sm::Mode::needs);
    print_table(index.recommend(q), true, out);
  }
  const std::string text = "Wasserstofftechnologie und Brennstoffzellen für die Fertigung";
  out << "\n== Free text: \"" << text << "\" (compounds are split: Wasserstoff + Technologie)\n";
  print_table(index.recommend(sm::Query::text(text).k(5).explain()), true, out);
  out << "\nTry: scoutmatch recommend --index INDEX --id "
      << (picks.empty() ? "ID" : index.profile(picks[0]).id)
      << " --kind university,research --explain   (after: scoutmatch index --profiles "
      << profiles_path << " --out INDEX)\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"scoutmatch: competence profiles in, explained partner recommendations out"};
  app.set_version_flag("--version", std::string("scoutmatch ") + sm::version_string);
  app.require_subcommand(1);
  Common common;
  auto add_common = [&](CLI::App* cmd, bool format) {
    cmd->add_option("--threads", common.threads, "Worker threads (0 = all cores)")
        ->capture_default_str();
    if (format)
      cmd->add_option("--format", common.format,
                      "Output: table (for people) or json (one object per line)")
          ->check(CLI::IsMember({"table", "json"}))
          ->capture_default_str();
  };

  // index
  std::string profiles_path, index_path, out_path, pairs_path;
  sm::IndexOptions build_opt;
  bool no_decompound = false, no_stem = false;
  auto* cmd_index =
      app.add_subcommand("index", "Build an index from a JSONL or CSV profile file (.gz too)");
  cmd_index->add_option("--profiles", profiles_path, "Profile file (.jsonl, .csv, optionally .gz)")
      ->required();
  cmd_index->add_option("--out", index_path, "Index file to write")->required();
  cmd_index->add_option("--k1", build_opt.bm25.k1, "BM25 term-frequency saturation")
      ->capture_default_str();
  cmd_index->add_option("--b", build_opt.bm25.b, "BM25 length normalisation 0..1")
      ->capture_default_str();
  cmd_index->add_flag("--no-decompound", no_decompound, "Do not split German compounds");
  cmd_index->add_flag("--no-stem", no_stem, "Do not stem");
  cmd_index->add_option("--max-k", build_opt.max_k, "Largest k a query on this index may ask for")
      ->capture_default_str();
  cmd_index->add_option("--semantic-dims", build_opt.semantic_dims,
                        "Dimensions of an LSA space fitted on the profiles (0 = none, e.g. 128); "
                        "its cosine enters the score with --dense-weight")
      ->capture_default_str();
  cmd_index->add_option("--dense-weight", build_opt.dense_weight,
                        "Default weight 0..1 of the embedding / LSA cosine in the fused score, "
                        "stored in the index")
      ->capture_default_str();
  sm::ReadOptions read_opt;
  std::vector<std::string> field_maps;
  std::string index_weights;
  cmd_index->add_option("--field", field_maps,
                        "Read a source field as a profile field, SRC=DST (repeatable), e.g. "
                        "train_projects=projects");
  cmd_index->add_option("--weights", index_weights,
                        "Signal weights stored in the index (default: the library's)");
  auto add_limits = [&](CLI::App* cmd) {
    cmd->add_option("--max-line-bytes", read_opt.max_line_bytes,
                    "Longest input line or CSV record, bytes")
        ->capture_default_str();
    cmd->add_option("--max-text-bytes", read_opt.max_text_bytes, "Longest text of one field, bytes")
        ->capture_default_str();
    cmd->add_option("--max-keywords", read_opt.max_keywords, "Most keywords per profile")
        ->capture_default_str();
    cmd->add_option("--max-json-depth", read_opt.max_json_depth, "Deepest JSON nesting")
        ->capture_default_str();
  };
  add_limits(cmd_index);
  add_common(cmd_index, true);

  // recommend
  QueryArgs qa;
  auto* cmd_rec = app.add_subcommand("recommend", "Recommend partners for a profile or a text");
  cmd_rec->add_option("--index", index_path, "Index file")->required();
  qa.add_to(cmd_rec);
  add_common(cmd_rec, true);

  // match
  std::string from_kind, to_kind = "university,research", match_mode = "similar";
  std::size_t match_k = 10;
  bool match_explain = false;
  auto* cmd_match = app.add_subcommand(
      "match", "Match every profile of some kinds against others, top-k each, as JSONL");
  cmd_match->add_option("--index", index_path, "Index file")->required();
  cmd_match->add_option("--from-kind", from_kind, "Kinds of the query profiles, comma-separated")
      ->required();
  cmd_match->add_option("--to-kind", to_kind, "Kinds of the candidates, comma-separated")
      ->capture_default_str();
  cmd_match->add_option("--k", match_k, "Results per profile")->capture_default_str();
  cmd_match->add_option("--mode", match_mode, "similar or needs")->capture_default_str();
  cmd_match->add_flag("--explain", match_explain, "Add explanations");
  cmd_match->add_option("--out", out_path, "JSONL file to write")->required();
  add_common(cmd_match, false);

  // eval
  std::size_t eval_k = 10;
  std::string eval_to = "", eval_mode = "similar";
  auto* cmd_eval =
      app.add_subcommand("eval", "Evaluate recommendations against known partner pairs");
  cmd_eval->add_option("--index", index_path, "Index file")->required();
  cmd_eval->add_option("--pairs", pairs_path, "JSONL of {\"query\": ID, \"relevant\": [ID, ...]}")
      ->required();
  cmd_eval->add_option("--k", eval_k, "Cut-off K")->capture_default_str();
  cmd_eval->add_option("--to-kind", eval_to, "Candidate kinds, comma-separated (default: all)");
  cmd_eval->add_option("--mode", eval_mode, "similar or needs")->capture_default_str();
  std::string eval_weights;
  bool eval_reciprocal = false, eval_keep = false;
  add_signal_options(cmd_eval, eval_weights, eval_reciprocal, eval_keep);
  add_common(cmd_eval, false);

  // add / remove
  std::string remove_ids;
  auto* cmd_add =
      app.add_subcommand("add", "Add profiles to an index; a known id replaces that profile");
  cmd_add->add_option("--index", index_path, "Index file, rewritten atomically")->required();
  cmd_add->add_option("--profiles", profiles_path, "Profile file (.jsonl, .csv, optionally .gz)")
      ->required();
  add_limits(cmd_add);
  add_common(cmd_add, true);
  auto* cmd_remove = app.add_subcommand("remove", "Remove profiles from an index");
  cmd_remove->add_option("--index", index_path, "Index file, rewritten atomically")->required();
  cmd_remove->add_option("--id", remove_ids, "Profile ids, comma-separated")->required();
  add_common(cmd_remove, true);

  // demo
  std::string demo_profiles;
  auto* cmd_demo =
      app.add_subcommand("demo", "Index the bundled demo data and show explained recommendations");
  cmd_demo->add_option("--profiles", demo_profiles,
                       "Profile file to use instead of the bundled demo data");
  add_common(cmd_demo, false);

  const std::vector<sm::cli::Command> more_commands = sm::cli::register_commands(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "scoutmatch: [scoutmatch.cli.1] " << e.what() << " (see scoutmatch --help)\n";
    return 2;
  }

  try {
    const auto limit = thread_limit(common.threads);
    const bool as_json = common.format == "json";
    if (*cmd_index) {
      build_opt.threads = common.threads;
      build_opt.analyzer.decompound = !no_decompound;
      build_opt.analyzer.stem = !no_stem;
      if (!index_weights.empty()) build_opt.weights = parse_weights(index_weights);
      for (const std::string& m : field_maps) {
        const auto eq = m.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == m.size())
          throw sm::invalid_argument("scoutmatch.cli.9",
                                     "--field takes SRC=DST, got \"" + m + "\"");
        read_opt.rename.emplace_back(m.substr(0, eq), m.substr(eq + 1));
      }
      read_opt.validate();
      build_opt.validate();
      const auto t0 = std::chrono::steady_clock::now();
      auto profiles = sm::read_profiles(profiles_path, read_opt);
      const sm::Index index = sm::Index::build(std::move(profiles), build_opt);
      index.save(index_path);
      const double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (as_json)
        std::cout << json{{"profiles", index.size()},
                          {"terms", index.vectors().vocabulary.size()},
                          {"postings", index.vectors().all.sat.nnz()},
                          {"index", index_path},
                          {"seconds", secs}}
                         .dump()
                  << '\n';
      else
        std::cout << "indexed " << index.size() << " profiles ("
                  << index.vectors().vocabulary.size() << " terms) into " << index_path << " in "
                  << fixed(secs, 2) << " s\n";
    } else if (*cmd_rec) {
      sm::Query q = qa.build();
      const sm::Index index = sm::Index::load(index_path);
      const auto matches = index.recommend(q);
      if (as_json) {
        for (const auto& m : matches) std::cout << match_json(m).dump() << '\n';
      } else {
        print_table(matches, q.explains(), std::cout);
      }
    } else if (*cmd_match) {
      const auto from = parse_kinds(from_kind), to = parse_kinds(to_kind);
      if (from.empty()) throw sm::invalid_argument("scoutmatch.cli.2", "--from-kind is empty");
      if (match_mode != "similar" && match_mode != "needs")
        throw sm::invalid_argument("scoutmatch.cli.6", "--mode must be similar or needs");
      const sm::Index index = sm::Index::load(index_path);
      std::vector<sm::Query> queries;
      for (std::uint32_t d = 0; d < index.size(); ++d) {
        const sm::Profile& p = index.profile(d);
        if (std::find(from.begin(), from.end(), p.kind) == from.end()) continue;
        if (match_mode == "needs" && p.needs.empty()) continue;
        sm::Query q = sm::Query::similar_to(p.id).kinds(to).k(match_k);
        if (match_mode == "needs") q.mode(sm::Mode::needs);
        if (match_explain) q.explain();
        queries.push_back(std::move(q));
      }
      const auto results = index.recommend_batch(queries, common.threads);
      std::string text;
      for (std::size_t i = 0; i < queries.size(); ++i) {
        json row{{"query", *queries[i].id()}, {"matches", json::array()}};
        for (const auto& m : results[i]) row["matches"].push_back(match_json(m));
        text += row.dump();
        text += '\n';
      }
      sm::write_file_atomically(out_path, {text});
      std::cerr << "matched " << queries.size() << " profiles into " << out_path << '\n';
    } else if (*cmd_eval) {
      sm::EvalOptions eo;
      eo.k = eval_k;
      eo.to_kinds = parse_kinds(eval_to);
      eo.threads = common.threads;
      if (!eval_weights.empty()) eo.weights = parse_weights(eval_weights);
      eo.reciprocal = eval_reciprocal;
      eo.new_partners_only = !eval_keep;
      if (eval_mode == "needs")
        eo.mode = sm::Mode::needs;
      else if (eval_mode != "similar")
        throw sm::invalid_argument("scoutmatch.cli.6", "--mode must be similar or needs");
      const sm::Index index = sm::Index::load(index_path);
      const auto pairs = sm::read_pairs(pairs_path);
      const auto t0 = std::chrono::steady_clock::now();
      const sm::EvalResult r = sm::evaluate(index, pairs, eo);
      const double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const std::string k = std::to_string(r.k);
      json j{{"queries", r.queries},
             {"recall@" + k, r.recall},
             {"ndcg@" + k, r.ndcg},
             {"mrr", r.mrr},
             {"hit@" + k, r.hit},
             {"skipped_no_relevant", r.skipped_no_relevant},
             {"missing_queries", r.missing_queries},
             {"missing_relevant", r.missing_relevant},
             {"seconds", secs},
             {"weights", eo.weights.value_or(index.options().weights).to_string()}};
      if (!r.missing_examples.empty()) j["missing_examples"] = r.missing_examples;
      std::cout << j.dump() << '\n';
    } else if (*cmd_add || *cmd_remove) {
      const sm::Index index = sm::Index::load(index_path);
      std::vector<sm::Profile> upserts;
      std::vector<std::string> removals, missing;
      std::size_t replaced = 0;
      if (*cmd_add) {
        upserts = sm::read_profiles(profiles_path, read_opt);
        for (const auto& p : upserts) replaced += index.contains(p.id);
      } else {
        removals = split_list(remove_ids);
        if (removals.empty())
          throw sm::invalid_argument("scoutmatch.cli.8", "--id names no profile");
        for (const auto& id : removals)
          if (!index.contains(id)) missing.push_back(id);
      }
      const std::size_t added = upserts.size() - replaced;
      const std::size_t removed = removals.size() - missing.size();
      const sm::Index next = index.updated(std::move(upserts), removals, common.threads);
      next.save(index_path);
      if (as_json) {
        std::cout << json{{"profiles", next.size()}, {"added", added},       {"replaced", replaced},
                          {"removed", removed},      {"not_found", missing}, {"index", index_path}}
                         .dump()
                  << '\n';
      } else {
        std::cout << index_path << ": " << next.size() << " profiles (added " << added
                  << ", replaced " << replaced << ", removed " << removed << ")\n";
        if (!missing.empty()) {
          std::cout << "not in the index:";
          for (const auto& id : missing) std::cout << ' ' << id;
          std::cout << '\n';
        }
      }
    } else if (*cmd_demo) {
      return run_demo(demo_profiles.empty() ? default_demo_data() : demo_profiles, common.threads,
                      std::cout);
    }
    for (const sm::cli::Command& c : more_commands)
      if (c.app->parsed()) return c.run();
    return 0;
  } catch (const sm::error& e) {
    std::cerr << "scoutmatch: " << e.what() << '\n';
    return 1;
  } catch (const std::bad_alloc&) {
    std::cerr << "scoutmatch: [scoutmatch.internal.2] out of memory\n";
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "scoutmatch: [scoutmatch.internal.1] " << e.what() << '\n';
    return 3;
  }
}
