#pragma once
/// \file read_profiles.hpp
/// Readers for profile files: JSON Lines and CSV, UTF-8, optionally gzip-compressed.

#include <cstddef>
#include <filesystem>
#include <istream>
#include <string_view>
#include <vector>

#include "scoutmatch/types.hpp"

namespace scoutmatch {

/// Limits and choices for reading profile files.
struct ReadOptions {
  std::size_t max_line_bytes = 16u << 20;  ///< longest input line (JSONL) or record (CSV), bytes
  std::size_t max_keywords = 1000;         ///< most keywords per profile
  std::size_t max_json_depth = 32;         ///< deepest nesting of a JSON line

  /// Throws invalid_argument ([scoutmatch.options.read.N]) on a zero limit.
  void validate() const;
};

/// File formats the readers understand.
enum class ProfileFormat { jsonl, csv };

/// Reads all profiles of a file. The format comes from the extension: `.jsonl`, `.ndjson`,
/// `.json` -> JSON Lines, `.csv` -> CSV; a trailing `.gz` means gzip-compressed (gzip is
/// also detected by its magic bytes). Throws file_error if the file cannot be read and
/// parse_error (with file name, line and field) on bad content, including an empty file
/// and duplicate ids.
std::vector<Profile> read_profiles(const std::filesystem::path& path, const ReadOptions& options = {});

/// Reads profiles in the given format from an already decompressed stream. `source` names
/// the input in error messages (e.g. the file name).
std::vector<Profile> read_profiles(std::istream& in, ProfileFormat format, std::string_view source,
                                   const ReadOptions& options = {});

}  // namespace scoutmatch
