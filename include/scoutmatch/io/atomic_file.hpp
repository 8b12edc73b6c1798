#pragma once
/// \file atomic_file.hpp
/// Writing files so that a reader sees the old content or the new, never half of it, and
/// reading a whole file back.

#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>

namespace scoutmatch {

/// Writes the concatenation of `parts` to `path` atomically: to a temporary file in the
/// same directory, fsync'ed, renamed over `path`, then the directory fsync'ed. On failure
/// the temporary file is removed, `path` keeps its old content, and file_error is thrown
/// ([scoutmatch.io.file.4] cannot create, [scoutmatch.io.file.5] cannot write or rename).
void write_file_atomically(const std::filesystem::path& path,
                           std::initializer_list<std::string_view> parts);

/// The whole content of the file `path`. Throws file_error [scoutmatch.io.file.1] when it
/// cannot be opened (missing, not readable, a directory) and [scoutmatch.io.file.2] on a
/// read error.
std::string read_file(const std::filesystem::path& path);

}  // namespace scoutmatch
