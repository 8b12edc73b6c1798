#pragma once
/// \file read_profiles.hpp
/// Readers for profile files: JSON Lines and CSV, UTF-8, optionally gzip-compressed.
///
/// Schema (one profile per JSONL line or CSV record; unknown fields/columns are ignored,
/// null or an empty CSV cell means "not given" for every optional field):
///  - `id`: string, required, non-empty, unique in the file (a JSON number is an error)
///  - `kind`: company, university, research, startup, public, other (ASCII
///    case-insensitive); absent, null or "" -> other
///  - `name`, `text`, `competences`, `offers`, `needs`, `city`: strings; in JSON also an
///    array of strings, joined with "\n" (null entries skipped)
///  - `keywords`: JSON array of strings, or one string split at ';' (CSV: at ';' or '|');
///    entries are trimmed, empty ones dropped
///  - `lang`: "de", "en" (case-insensitive), "" or null (= detect later)
///  - `country`: string, stored trimmed and upper case; `region` (alias `nuts`; a
///    non-empty `region` wins): string
///  - `lat`, `lon`: numbers (CSV: numeric text; with ';' as the delimiter also a decimal
///    comma), both or neither, lat in [-90, 90], lon in [-180, 180]
///  - `sme`: JSON boolean; CSV true/false/1/0/yes/no/ja/nein (case-insensitive) or empty
///  - `projects`, `partners`: like `keywords` (JSON array of strings or one string split
///    at ';'; CSV at ';' or '|'): ids of joint activities and of earlier partners
///  - `embedding`: JSON array of numbers; CSV numbers separated by spaces, ';' or '|'.
///    Every value must be a finite 32-bit float ([scoutmatch.io.parse.14])
///
/// Input: UTF-8 (validated line by line), an optional BOM, LF or CRLF line ends; blank
/// lines are skipped. CSV follows RFC 4180 with a required header row (column names
/// trimmed, case-insensitive); the delimiter ',', ';' or tab is detected from the header
/// line. CRLF inside quoted CSV fields becomes "\n". Errors: see docs/ERRORS.md.

#include <cstddef>
#include <filesystem>
#include <istream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scoutmatch/types.hpp"

namespace scoutmatch {

/// Limits and choices for reading profile files.
struct ReadOptions {
  /// Longest input line (JSONL) or record (CSV) in bytes, without the line end; default 16 MiB.
  std::size_t max_line_bytes = 16u << 20;
  /// Most keywords per profile; default 1000.
  std::size_t max_keywords = 1000;
  /// Deepest nesting of arrays/objects in a JSON line (the profile object is depth 1, an
  /// array inside it depth 2); checked before parsing. Default 32.
  std::size_t max_json_depth = 32;
  /// Longest text of one field (name, text, competences, offers, needs, city, region,
  /// country, one keyword) in bytes; default 1 MiB.
  std::size_t max_text_bytes = 1u << 20;
  /// Most values in an "embedding"; default 65536.
  std::size_t max_embedding_dim = 65536;
  /// Most entries of `projects` and of `partners` per profile; default 100000.
  std::size_t max_links = 100000;
  /// Source fields (JSON keys or CSV columns) to read as schema fields, as (source,
  /// target) pairs, e.g. {"train_projects", "projects"} for the CORDIS data. A renamed
  /// field replaces a target field of the same record. Targets must be schema field names
  /// ([scoutmatch.options.read.2] otherwise).
  std::vector<std::pair<std::string, std::string>> rename;
  /// Threads that parse JSON Lines (inside a private tbb::task_arena); 0 = one per core.
  /// The result and the error reported do not depend on it.
  std::size_t threads = 0;

  /// Throws invalid_argument ([scoutmatch.options.read.N]) on a zero limit.
  void validate() const;
};

/// File formats the readers understand.
enum class ProfileFormat { jsonl, csv };

/// Reads all profiles of a file. The format comes from the extension: `.jsonl`, `.ndjson`,
/// `.json` -> JSON Lines, `.csv` -> CSV; a trailing `.gz` means gzip-compressed (gzip is
/// also detected by its magic bytes). Throws file_error if the file cannot be read and
/// parse_error (with file name, line and field) on bad content, including an empty file
/// and duplicate ids. The first error in file order is reported; there is never a partial
/// result. Memory: the profiles plus a few MiB of buffers (a 1 MiB read chunk and at most
/// 2 x threads + 1 batches of about 1 MiB of lines in flight).
std::vector<Profile> read_profiles(const std::filesystem::path& path,
                                   const ReadOptions& options = {});

/// Reads profiles in the given format from a stream. `source` names the input in error
/// messages (e.g. the file name). Data starting with the gzip magic bytes is decompressed.
/// Throws parse_error as above, file_error (scoutmatch.io.file.2) when the stream goes bad.
std::vector<Profile> read_profiles(std::istream& in, ProfileFormat format, std::string_view source,
                                   const ReadOptions& options = {});

}  // namespace scoutmatch
