#pragma once
/// \file reader.hpp
/// Private building blocks of the profile readers (not API): byte sources (file, stream,
/// gzip), a chunked line reader that validates UTF-8, the error ids of the io layer and
/// the field conversions shared by the JSONL and CSV parsers.

#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "scoutmatch/error.hpp"
#include "scoutmatch/io/read_profiles.hpp"
#include "scoutmatch/types.hpp"

namespace scoutmatch::io_detail {

// ---- stable error ids (documented in docs/ERRORS.md) ---------------------------------
inline constexpr std::string_view id_malformed_json = "scoutmatch.io.parse.1";
inline constexpr std::string_view id_wrong_type = "scoutmatch.io.parse.2";
inline constexpr std::string_view id_missing_id = "scoutmatch.io.parse.3";
inline constexpr std::string_view id_duplicate_id = "scoutmatch.io.parse.4";
inline constexpr std::string_view id_unknown_kind = "scoutmatch.io.parse.5";
inline constexpr std::string_view id_invalid_utf8 = "scoutmatch.io.parse.6";
inline constexpr std::string_view id_no_profiles = "scoutmatch.io.parse.7";
inline constexpr std::string_view id_coordinates = "scoutmatch.io.parse.8";
inline constexpr std::string_view id_csv_structure = "scoutmatch.io.parse.9";
inline constexpr std::string_view id_limit = "scoutmatch.io.parse.10";
inline constexpr std::string_view id_gzip = "scoutmatch.io.parse.11";
inline constexpr std::string_view id_unknown_lang = "scoutmatch.io.parse.12";
inline constexpr std::string_view id_not_object = "scoutmatch.io.parse.13";
inline constexpr std::string_view id_embedding_value = "scoutmatch.io.parse.14";
inline constexpr std::string_view id_cannot_open = "scoutmatch.io.file.1";
inline constexpr std::string_view id_read_error = "scoutmatch.io.file.2";
inline constexpr std::string_view id_unknown_extension = "scoutmatch.io.file.3";
inline constexpr std::string_view id_read_options = "scoutmatch.options.read.1";

/// Where in the input a parser is: names the source and the 1-based line in messages.
struct Where {
  std::string_view source;  ///< file name or caller-given name
  std::size_t line = 0;     ///< 1-based physical line (for CSV: where the record starts)
};

/// Throws parse_error "[id] source:line: message".
[[noreturn]] void fail(std::string_view id, const Where& at, std::string_view message);

/// Throws parse_error "[id] source:line: "field" message".
[[noreturn]] void fail_field(std::string_view id, const Where& at, std::string_view field,
                             std::string_view message);

/// `s` shortened to at most `max_bytes` bytes on a UTF-8 boundary, "..." appended when cut;
/// for echoing user data in error messages without flooding them.
std::string excerpt(std::string_view s, std::size_t max_bytes = 60);

/// Offset of the first byte of `s` that is not part of well-formed UTF-8 (overlong forms,
/// surrogates and code points above U+10FFFF are ill-formed), or npos when all is valid.
std::size_t find_invalid_utf8(std::string_view s) noexcept;

/// ASCII whitespace trimmed from both ends.
std::string_view trim(std::string_view s) noexcept;

// ---- byte sources ----------------------------------------------------------------------

/// A failure of a source that the line reader turns into an error with the line number.
struct SourceFailure {
  std::string_view id;  ///< id_read_error (file_error) or id_gzip (parse_error)
  std::string message;
};

/// A sequential stream of bytes. read() returns 0 only at the end; failures throw
/// SourceFailure.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// Reads up to `n` bytes into `out`; 0 means end of data.
  virtual std::size_t read(char* out, std::size_t n) = 0;
};

/// A file opened with fopen. Throws file_error (id_cannot_open) from the constructor.
class FileSource final : public ByteSource {
 public:
  FileSource(const std::filesystem::path& path, std::string_view source);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  std::size_t read(char* out, std::size_t n) override;

 private:
  std::FILE* file_ = nullptr;
};

/// An std::istream; badbit becomes a read error.
class StreamSource final : public ByteSource {
 public:
  explicit StreamSource(std::istream& in) : in_(in) {}
  std::size_t read(char* out, std::size_t n) override;

 private:
  std::istream& in_;
};

/// Looks at the first two bytes of another source (for the gzip magic) and then passes
/// everything on, those bytes included.
class PeekSource final : public ByteSource {
 public:
  explicit PeekSource(ByteSource& inner);
  /// The first up to two bytes of the data.
  std::string_view head() const noexcept { return {head_, head_size_}; }
  std::size_t read(char* out, std::size_t n) override;

 private:
  ByteSource& inner_;
  char head_[2] = {0, 0};
  std::size_t head_size_ = 0;
  std::size_t head_pos_ = 0;
};

/// Decompresses gzip data (one or more concatenated members) from another source with
/// zlib's inflate. Corrupt or truncated data, and bytes after the last member that are not
/// another member, throw SourceFailure with id_gzip.
class GzipSource final : public ByteSource {
 public:
  explicit GzipSource(ByteSource& inner);
  ~GzipSource() override;
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;
  std::size_t read(char* out, std::size_t n) override;

 private:
  struct State;
  ByteSource& inner_;
  std::unique_ptr<State> state_;
};

/// True when `head` starts with the gzip magic bytes 1f 8b.
inline bool is_gzip_magic(std::string_view head) noexcept {
  return head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
         static_cast<unsigned char>(head[1]) == 0x8b;
}

// ---- lines -----------------------------------------------------------------------------

/// Splits a source into physical lines, reading in large chunks. Lines exclude the "\n"
/// and one "\r" before it; a UTF-8 BOM at the very start is dropped. Every line is
/// checked for well-formed UTF-8 (id_invalid_utf8) and against `max_line_bytes`
/// (id_limit) before it is returned. Holds at most one chunk plus one line in memory.
class LineReader {
 public:
  LineReader(ByteSource& src, std::string_view source, std::size_t max_line_bytes);

  /// The next line, valid until the next call; false at the end of the data.
  bool next(std::string_view& line);

  /// 1-based number of the line last returned (0 before the first).
  std::size_t line_number() const noexcept { return line_; }

  /// The name of the source in messages.
  std::string_view source() const noexcept { return source_; }

  /// Where the last returned line is.
  Where where() const noexcept { return {source_, line_}; }

 private:
  void fill();  // reads more data; sets eof_

  ByteSource& src_;
  std::string_view source_;
  std::size_t max_line_;
  std::string buf_;
  std::size_t begin_ = 0;    // start of the unread data in buf_
  std::size_t end_ = 0;      // end of the valid data in buf_
  std::size_t scanned_ = 0;  // bytes after begin_ known to contain no '\n'
  std::size_t line_ = 0;
  bool eof_ = false;
  bool first_ = true;
};

// ---- profile fields shared by JSONL and CSV ----------------------------------------------

/// Parses a kind name, ASCII case-insensitive and trimmed; "" means other.
Kind parse_kind(std::string_view value, const Where& at);

/// Parses "de"/"en" (case-insensitive, trimmed); "" means unknown.
Language parse_lang(std::string_view value, const Where& at);

/// Trims and upper-cases a country code.
std::string normalize_country(std::string_view value);

/// Splits `value` at any of `separators`, trims the parts and appends the non-empty ones to
/// `out`; throws id_limit when `out` would exceed `max_keywords`.
void split_keywords(std::string_view value, std::string_view separators, std::size_t max_keywords,
                    const Where& at, std::vector<std::string>& out,
                    std::string_view field = "keywords");

/// Throws id_limit when a text field of `p` is longer than options.max_text_bytes.
void check_text_sizes(const Profile& p, const ReadOptions& options, const Where& at);

/// Throws id_limit when an embedding has more than options.max_embedding_dim values.
void check_embedding_size(std::size_t n, const ReadOptions& options, const Where& at);

/// `v` as a float embedding value; throws id_embedding_value when it is not finite as a
/// float (e.g. 1e39).
float to_embedding_value(double v, std::size_t index, const Where& at);

/// Parses a CSV embedding cell: numbers separated by spaces, ';' or '|'.
std::vector<float> parse_embedding(std::string_view cell, const ReadOptions& options,
                                   const Where& at);

/// Checks an id (non-empty, not blank) and its uniqueness in the file.
class IdRegistry {
 public:
  /// Throws id_missing_id for a blank id, id_duplicate_id when seen before.
  void add(const std::string& id, const Where& at);

 private:
  std::unordered_map<std::string, std::size_t> first_line_;
};

/// The first profile (in order) whose id an earlier profile has, as (index of that earlier
/// profile, index of the repeat); nullopt when the ids are unique. Hashes and sorts in
/// parallel: for large in-memory inputs, where an IdRegistry's node-based map costs more.
std::optional<std::pair<std::size_t, std::size_t>> first_duplicate_id(
    const std::vector<Profile>& profiles);

/// Throws id_duplicate_id for `id` at `at`, first seen on `first_line`.
[[noreturn]] void fail_duplicate_id(const std::string& id, const Where& at, std::size_t first_line);

/// Checks lat/lon: both or neither, finite, in range (id_coordinates).
void check_coordinates(const Profile& p, const Where& at);

// ---- the two formats ---------------------------------------------------------------------

/// Reads JSON Lines from `lines` (throws parse_error with the ids above).
std::vector<Profile> read_jsonl(LineReader& lines, const ReadOptions& options);

/// Reads RFC 4180 CSV with a header row from `lines`.
std::vector<Profile> read_csv(LineReader& lines, const ReadOptions& options);

}  // namespace scoutmatch::io_detail
