// Subcommands `landscape` (topics of an index as a JSON file and an HTML page) and
// `portfolio` (top partners of a list of profiles as CSV and HTML).
#include <tbb/global_control.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
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
#include "scoutmatch/io/landscape_page.hpp"
#include "scoutmatch/io/portfolio_report.hpp"
#include "scoutmatch/match/landscape.hpp"
#include "scoutmatch/scoutmatch.hpp"

namespace scoutmatch::cli {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string megabytes(std::size_t bytes) {
  return fixed(static_cast<double>(bytes) / (1024.0 * 1024.0), 2) + " MB";
}

// A progress bar on stderr, drawn only when stderr is a terminal (logs stay clean).
class ProgressBar {
 public:
  explicit ProgressBar(std::string label) : label_(std::move(label)) {
    enabled_ = ::isatty(::fileno(stderr)) == 1;
  }
  ~ProgressBar() { finish(); }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void update(std::size_t done, std::size_t total) {
    if (!enabled_ || total == 0) return;
    const int percent = static_cast<int>(100 * done / total);
    if (percent == last_) return;
    last_ = percent;
    constexpr int width = 30;
    const int filled = percent * width / 100;
    std::fprintf(stderr, "\r%s [%s%s] %3d%% %zu/%zu", label_.c_str(),
                 std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(width - filled), '.').c_str(), percent, done,
                 total);
    std::fflush(stderr);
    drawn_ = true;
  }
  void finish() {
    if (drawn_) std::fputc('\n', stderr);
    drawn_ = false;
  }
  ProgressFunction function() {
    return [this](std::size_t done, std::size_t total) { update(done, total); };
  }

 private:
  std::string label_;
  bool enabled_ = false, drawn_ = false;
  int last_ = -1;
};

struct LandscapeArgs {
  std::string index, out, partner_kinds, title = "scoutmatch competence landscape";
  LandscapeOptions options;
  std::size_t partners = 5, explain_terms = 3, threads = 0;
};

struct PortfolioArgs {
  std::string index, ids, out, html, kinds, title = "scoutmatch portfolio report";
  std::size_t k = 5, explain_terms = 5, threads = 0;
};

int run_landscape(const LandscapeArgs& a) {
  const auto limit = thread_limit(a.threads);
  LandscapeOptions opt = a.options;
  opt.threads = a.threads;
  opt.validate();
  LandscapePageOptions page;
  page.partners = a.partners;
  page.partner_kinds = parse_kinds(a.partner_kinds);
  page.explain_terms = a.explain_terms;
  page.title = a.title;
  page.threads = a.threads;
  page.validate();

  const auto t0 = std::chrono::steady_clock::now();
  const Index index = Index::load(a.index);
  const double t_load = seconds_since(t0);
  const auto t1 = std::chrono::steady_clock::now();
  const Landscape l = build_landscape(index, opt);
  const double t_topics = seconds_since(t1);
  const auto t2 = std::chrono::steady_clock::now();
  LandscapeFiles files;
  {
    ProgressBar bar("partners");
    page.progress = bar.function();
    files = write_landscape(index, l, a.out, page);
  }
  const double t_page = seconds_since(t2);

  std::cout << "landscape of " << index.size() << " profiles: " << l.topics.size() << " topics"
            << (opt.topics == 0 ? " (automatic)" : "") << ", " << l.iterations
            << " iterations, mean cosine " << fixed(l.objective, 3);
  if (l.unassigned) std::cout << ", " << l.unassigned << " profiles without indexed terms";
  std::cout << "\n  " << std::setw(6) << "size"
            << "  topic\n";
  for (const Topic& t : l.topics)
    std::cout << "  " << std::setw(6) << t.size << "  " << t.label << '\n';
  std::cout << "wrote " << files.json.string() << " (" << megabytes(files.json_bytes) << ") and "
            << files.html.string() << " (" << megabytes(files.html_bytes) << ")\n"
            << "time: load " << fixed(t_load, 2) << " s, topics " << fixed(t_topics, 2)
            << " s, partners and page " << fixed(t_page, 2) << " s\n";
  return 0;
}

int run_portfolio(const PortfolioArgs& a) {
  const auto limit = thread_limit(a.threads);
  PortfolioOptions opt;
  opt.k = a.k;
  opt.kinds = parse_kinds(a.kinds);
  opt.explain_terms = a.explain_terms;
  opt.threads = a.threads;
  opt.validate();
  const std::vector<std::string> ids = read_id_list(a.ids);
  const auto t0 = std::chrono::steady_clock::now();
  const Index index = Index::load(a.index);
  Portfolio p;
  {
    ProgressBar bar("portfolio");
    opt.progress = bar.function();
    p = build_portfolio(index, ids, opt);
  }
  const std::string csv = portfolio_csv(index, p);
  write_file_atomically(a.out, {csv});
  std::cout << "portfolio of " << p.entries.size() << " profiles, top " << opt.k
            << " partners each: wrote " << a.out;
  if (!a.html.empty()) {
    write_file_atomically(a.html, {portfolio_html(index, p, a.title)});
    std::cout << " and " << a.html;
  }
  std::cout << " in " << fixed(seconds_since(t0), 2) << " s\n";
  return 0;
}

}  // namespace

void register_landscape_commands(CLI::App& app, std::vector<Command>& out) {
  auto la = std::make_shared<LandscapeArgs>();
  auto* cl = app.add_subcommand(
      "landscape",
      "Topics of an index as DIR/landscape.json and an interactive DIR/landscape.html");
  cl->add_option("--index", la->index, "Index file")->required();
  cl->add_option("--out", la->out, "Output directory (created when missing)")->required();
  cl->add_option("--topics", la->options.topics,
                 "Number of topics (0 = automatic: sqrt(profiles/2), 2..30)")
      ->capture_default_str();
  cl->add_option("--seed", la->options.seed, "Seed of the k-means++ seeding")
      ->capture_default_str();
  cl->add_option("--iterations", la->options.iterations, "Most k-means iterations")
      ->capture_default_str();
  cl->add_option("--terms", la->options.terms_per_topic, "Describing terms per topic")
      ->capture_default_str();
  cl->add_option("--partners", la->partners, "Top partners per profile shown in the page (0..50)")
      ->capture_default_str();
  cl->add_option("--partner-kind", la->partner_kinds,
                 "Kinds those partners may have, comma-separated (default: all)");
  cl->add_option("--explain-terms", la->explain_terms, "Shared terms per partner (1..20)")
      ->capture_default_str();
  cl->add_option("--title", la->title, "Page title")->capture_default_str();
  cl->add_option("--threads", la->threads, "Worker threads (0 = all cores)")->capture_default_str();
  out.push_back({cl, [la] { return run_landscape(*la); }});

  auto pa = std::make_shared<PortfolioArgs>();
  auto* cp = app.add_subcommand(
      "portfolio", "Top partners with explanations for a list of profiles, as CSV (and HTML)");
  cp->add_option("--index", pa->index, "Index file")->required();
  cp->add_option("--ids", pa->ids,
                 "File of profile ids (one per line or comma-separated; # comments) or a "
                 "comma-separated list")
      ->required();
  cp->add_option("--out", pa->out, "CSV file to write")->required();
  cp->add_option("--html", pa->html, "Also write this self-contained HTML report");
  cp->add_option("--k", pa->k, "Partners per profile (1..1000)")->capture_default_str();
  cp->add_option("--kind", pa->kinds,
                 "Kinds the partners may have, comma-separated (e.g. university,research)");
  cp->add_option("--explain-terms", pa->explain_terms, "Shared terms per partner (1..50)")
      ->capture_default_str();
  cp->add_option("--title", pa->title, "Title of the HTML report")->capture_default_str();
  cp->add_option("--threads", pa->threads, "Worker threads (0 = all cores)")->capture_default_str();
  out.push_back({cp, [pa] { return run_portfolio(*pa); }});
}

}  // namespace scoutmatch::cli
