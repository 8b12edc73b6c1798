#pragma once
/// \file portfolio_report.hpp
/// A scout's portfolio report: for a list of profiles (usually the companies a scout looks
/// after) their top partners with explanations, as CSV and as a self-contained HTML page.
///
///     auto ids = sm::read_id_list("portfolio.txt");      // or "c1,c2,c3"
///     sm::PortfolioOptions opt;
///     opt.kinds = {sm::Kind::university, sm::Kind::research};
///     sm::Portfolio p = sm::build_portfolio(index, ids, opt);
///     sm::write_file_atomically("report.csv", {sm::portfolio_csv(index, p)});

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scoutmatch/io/landscape_page.hpp"  // ProgressFunction, html_escape
#include "scoutmatch/match/index.hpp"
#include "scoutmatch/types.hpp"

namespace scoutmatch {

/// Choices for build_portfolio().
struct PortfolioOptions {
  /// Partners per profile, 1..1000 (and at most the index's max_k). Default 5.
  std::size_t k = 5;
  /// Kinds the partners may have; empty = every kind. Default empty.
  std::vector<Kind> kinds;
  /// Shared terms per explanation, 1..50. Default 5.
  std::size_t explain_terms = 5;
  /// Worker threads: 0 = all cores, at most 4096.
  std::size_t threads = 0;
  /// Optional progress (profiles done of all), called between batches from the caller's
  /// thread.
  ProgressFunction progress;

  /// Throws invalid_argument [scoutmatch.portfolio.3] when a value is out of range.
  void validate() const;
};

/// One profile of the portfolio and its partners, best first.
struct PortfolioEntry {
  std::uint32_t doc = 0;        ///< the profile's document number
  std::vector<Match> partners;  ///< with explanations
};

/// The result of build_portfolio(), in the order of the ids given.
struct Portfolio {
  std::vector<PortfolioEntry> entries;
  PortfolioOptions options;  ///< the options it was built with (without progress)
};

/// The ids in `text`: separated by commas, semicolons or line breaks; blanks around an id
/// are trimmed, empty entries and lines starting with '#' are skipped, and a repeated id
/// is kept once (first place).
std::vector<std::string> parse_id_list(std::string_view text);

/// The ids of `file_or_list`: when it names an existing file, parse_id_list() of its
/// contents (throws file_error [scoutmatch.portfolio.4] when it cannot be read);
/// otherwise parse_id_list() of the argument itself ("c1,c2").
std::vector<std::string> read_id_list(const std::string& file_or_list);

/// Top partners of each profile in `ids` (Query::similar_to(id).k(k).kinds(kinds).explain()),
/// in batches on `options.threads` workers. Throws invalid_argument [scoutmatch.portfolio.2]
/// when `ids` is empty, not_found [scoutmatch.portfolio.1] naming the ids (up to 10) that
/// the index does not hold, before running any query, and like Index::recommend().
Portfolio build_portfolio(const Index& index, std::span<const std::string> ids,
                          const PortfolioOptions& options = {});

/// The portfolio as CSV (RFC 4180: comma-separated, CRLF line ends, fields with a comma,
/// quote, CR or LF, or leading/trailing blanks in double quotes, quotes doubled), with a
/// header row: profile_id, profile_name, rank, partner_id, partner_name, partner_kind,
/// partner_region, partner_city, score, shared_terms ("Wasserstoff 34%; ..."),
/// matched_fields, distance_km. A profile without partners gets one row with empty partner
/// columns.
std::string portfolio_csv(const Index& index, const Portfolio& portfolio);

/// The portfolio as one self-contained HTML page (inline styles, no script, no external
/// URL): a table of contents and one table of partners per profile.
std::string portfolio_html(const Index& index, const Portfolio& portfolio,
                           std::string_view title = "scoutmatch portfolio report");

/// One CSV field, quoted when needed (see portfolio_csv()).
std::string csv_field(std::string_view s);

}  // namespace scoutmatch
