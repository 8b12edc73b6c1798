/// \file source.cpp
/// Byte sources of the profile readers: files, streams, and a two-byte peek for the gzip
/// magic. gzip itself lives in gzip.cpp.

#include <cerrno>
#include <cstring>
#include <string>

#include "io/detail/reader.hpp"

namespace scoutmatch::io_detail {

FileSource::FileSource(const std::filesystem::path& path, std::string_view source) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw file_error(id_cannot_open,
                     std::string(source) + ": cannot open: it is a directory, not a file");
  errno = 0;
  file_ = std::fopen(path.c_str(), "rb");
  if (file_ == nullptr) {
    const int err = errno;
    throw file_error(id_cannot_open, std::string(source) + ": cannot open: " +
                                         (err != 0 ? std::strerror(err) : "unknown reason"));
  }
}

FileSource::~FileSource() {
  if (file_ != nullptr) std::fclose(file_);
}

std::size_t FileSource::read(char* out, std::size_t n) {
  const std::size_t got = std::fread(out, 1, n, file_);
  if (got < n && std::ferror(file_)) {
    const int err = errno;
    throw SourceFailure{
        id_read_error, std::string("read error: ") + (err != 0 ? std::strerror(err) : "I/O error")};
  }
  return got;
}

std::size_t StreamSource::read(char* out, std::size_t n) {
  if (in_.bad()) throw SourceFailure{id_read_error, "read error: the stream is bad"};
  if (in_.eof()) return 0;
  in_.read(out, static_cast<std::streamsize>(n));
  if (in_.bad()) throw SourceFailure{id_read_error, "read error: the stream failed"};
  return static_cast<std::size_t>(in_.gcount());
}

PeekSource::PeekSource(ByteSource& inner) : inner_(inner) {
  while (head_size_ < sizeof head_) {
    const std::size_t got = inner_.read(head_ + head_size_, sizeof head_ - head_size_);
    if (got == 0) break;
    head_size_ += got;
  }
}

std::size_t PeekSource::read(char* out, std::size_t n) {
  if (head_pos_ < head_size_) {
    const std::size_t k = std::min(n, head_size_ - head_pos_);
    std::memcpy(out, head_ + head_pos_, k);
    head_pos_ += k;
    return k;
  }
  return inner_.read(out, n);
}

}  // namespace scoutmatch::io_detail
