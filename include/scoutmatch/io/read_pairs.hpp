#pragma once
/// \file read_pairs.hpp
/// Reader for evaluation pairs: JSON Lines `{"query": ID, "relevant": [ID, ...]}`.

#include <filesystem>
#include <vector>

#include "scoutmatch/match/evaluate.hpp"

namespace scoutmatch {

/// Reads evaluation pairs (plain or .gz). Blank lines are skipped; other fields are
/// ignored. Throws file_error, and parse_error ([scoutmatch.io.parse.N]) with file and line
/// for malformed lines, a missing or non-string "query", or a "relevant" that is not a
/// list of strings.
std::vector<EvalPair> read_pairs(const std::filesystem::path& path);

}  // namespace scoutmatch
