#pragma once
/// \file landscape_page.hpp
/// Writes a competence landscape (match/landscape.hpp) as JSON and as one self-contained
/// HTML page: a canvas map of the profiles (by latitude/longitude, or the topic layout),
/// topic and kind filters, a search box, and a side panel with each profile's top partners
/// and why they match. The page needs no network: script, styles and data are inline.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "scoutmatch/match/index.hpp"
#include "scoutmatch/match/landscape.hpp"
#include "scoutmatch/types.hpp"

namespace scoutmatch {

/// Reports progress: `done` of `total` work items finished. Called from the calling
/// thread only, between batches; must not throw.
using ProgressFunction = std::function<void(std::size_t done, std::size_t total)>;

/// Choices for the landscape page.
struct LandscapePageOptions {
  /// Partners precomputed per profile (Query::similar_to(id).k(partners).explain()),
  /// 0..50; 0 leaves the side panel without partners. Default 5.
  std::size_t partners = 5;
  /// Kinds the partners may have; empty = every kind. Default empty.
  std::vector<Kind> partner_kinds;
  /// Shared terms kept per partner explanation, 1..20. Default 3.
  std::size_t explain_terms = 3;
  /// Page title (plain text; escaped). Default "scoutmatch competence landscape".
  std::string title = "scoutmatch competence landscape";
  /// Worker threads for the partner queries: 0 = all cores, at most 4096.
  std::size_t threads = 0;
  /// Optional progress of the partner queries (profiles done of all profiles).
  ProgressFunction progress;

  /// Throws invalid_argument [scoutmatch.landscape.3] when a value is out of range.
  void validate() const;
};

/// The top partners of every profile of `index` (document order) for the page, run in
/// batches on `options.threads` workers. Profiles without indexed terms get none.
std::vector<std::vector<Match>> landscape_partners(const Index& index,
                                                   const LandscapePageOptions& options);

/// The landscape as a JSON document (UTF-8, one line): summary, topics with terms and
/// leaders, counts by topic x kind x region, and per profile its topic, similarity and
/// 2-D position. `landscape` must have been built from `index`.
std::string landscape_json(const Index& index, const Landscape& landscape);

/// The landscape page as one HTML document with the data of every profile and `partners`
/// (as from landscape_partners(); may be empty) embedded. Contains no external URL.
std::string landscape_html(const Index& index, const Landscape& landscape,
                           const std::vector<std::vector<Match>>& partners,
                           const LandscapePageOptions& options = {});

/// Paths and sizes of the files write_landscape() wrote.
struct LandscapeFiles {
  std::filesystem::path json;  ///< DIR/landscape.json
  std::filesystem::path html;  ///< DIR/landscape.html
  std::size_t json_bytes = 0;
  std::size_t html_bytes = 0;
};

/// Computes the partners and writes `dir`/landscape.json and `dir`/landscape.html, each
/// atomically (write_file_atomically); creates `dir` when missing. Throws file_error
/// [scoutmatch.landscape.4] when `dir` cannot be created, [scoutmatch.io.file.4/5] when a
/// file cannot be written, and like landscape_partners().
LandscapeFiles write_landscape(const Index& index, const Landscape& landscape,
                               const std::filesystem::path& dir,
                               const LandscapePageOptions& options = {});

/// `s` with &, <, >, " and ' replaced by HTML entities.
std::string html_escape(std::string_view s);

}  // namespace scoutmatch
