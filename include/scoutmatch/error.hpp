#pragma once
/// \file error.hpp
/// Exceptions thrown by scoutmatch. Every message starts with a stable id in square
/// brackets, e.g. `[scoutmatch.io.parse.2] profiles.jsonl:17: "lat" must be a number`,
/// so that users can search for it. The ids are listed in docs/ERRORS.md.

#include <stdexcept>
#include <string>
#include <string_view>

namespace scoutmatch {

/// Base of every exception scoutmatch throws on purpose.
class error : public std::runtime_error {
 public:
  /// \param id stable id without brackets, e.g. "scoutmatch.io.parse.2"
  /// \param message human-readable text; the full what() is "[id] message".
  error(std::string_view id, std::string_view message)
      : std::runtime_error(compose(id, message)), id_(id) {}

  /// The stable id, e.g. "scoutmatch.io.parse.2".
  const std::string& id() const noexcept { return id_; }

 private:
  static std::string compose(std::string_view id, std::string_view message) {
    std::string s;
    s.reserve(id.size() + message.size() + 3);
    s.push_back('[');
    s.append(id);
    s.append("] ");
    s.append(message);
    return s;
  }
  std::string id_;
};

/// Bad profile input: malformed JSON/CSV, wrong field types, duplicate ids, invalid
/// UTF-8, values out of range. Ids `scoutmatch.io.parse.N`.
class parse_error : public error {
 public:
  using error::error;
};

/// A file could not be opened, read or written. Ids `scoutmatch.io.file.N`.
class file_error : public error {
 public:
  using error::error;
};

/// An index file that is not a scoutmatch index, of an unsupported version, truncated
/// or damaged. Ids `scoutmatch.io.format.N`.
class format_error : public error {
 public:
  using error::error;
};

/// An option or query parameter out of its documented range. Ids
/// `scoutmatch.options.N` and `scoutmatch.query.N`.
class invalid_argument : public error {
 public:
  using error::error;
};

/// A profile id that the index does not hold. Id `scoutmatch.query.not_found`.
class not_found : public error {
 public:
  using error::error;
};

}  // namespace scoutmatch
