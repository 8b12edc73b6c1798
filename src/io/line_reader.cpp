/// \file line_reader.cpp
/// Chunked line splitting with UTF-8 validation, and the error helpers of the io layer.

#include <utf8proc.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>

#include "io/detail/reader.hpp"

namespace scoutmatch::io_detail {

namespace {
constexpr std::size_t read_chunk = 1u << 20;  // bytes per read from the source

std::string prefix(const Where& at) {
  std::string s(at.source);
  s += ':';
  s += std::to_string(at.line);
  s += ": ";
  return s;
}
}  // namespace

void fail(std::string_view id, const Where& at, std::string_view message) {
  throw parse_error(id, prefix(at) + std::string(message));
}

void fail_field(std::string_view id, const Where& at, std::string_view field,
                std::string_view message) {
  std::string s = prefix(at);
  s += '"';
  s += field;
  s += "\" ";
  s += message;
  throw parse_error(id, s);
}

std::string excerpt(std::string_view s, std::size_t max_bytes) {
  bool cut = false;
  if (s.size() > max_bytes) {
    std::size_t n = max_bytes;
    // Back up to the start of a UTF-8 sequence so the excerpt stays valid.
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    s = s.substr(0, n);
    cut = true;
  }
  std::string out;
  out.reserve(s.size() + 3);
  for (const char c : s) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  if (cut) out += "...";
  return out;
}

std::size_t find_invalid_utf8(std::string_view s) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    // ASCII fast path, 8 bytes at a time.
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      if ((w & 0x8080808080808080ull) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t len = utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(n - i), &cp);
    if (len <= 0) return i;
    i += static_cast<std::size_t>(len);
  }
  return std::string_view::npos;
}

std::string_view trim(std::string_view s) noexcept {
  const auto ws = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
  };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  return s;
}

LineReader::LineReader(ByteSource& src, std::string_view source, std::size_t max_line_bytes)
    : src_(src), source_(source), max_line_(max_line_bytes) {
  buf_.resize(read_chunk);
}

void LineReader::fill() {
  // Move the unread rest to the front, grow when one line needs more room, then read.
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (buf_.size() - end_ < read_chunk / 2)
    buf_.resize(std::max(buf_.size() * 2, end_ + read_chunk));
  std::size_t got = 0;
  try {
    got = src_.read(buf_.data() + end_, buf_.size() - end_);
  } catch (const SourceFailure& f) {
    const Where at{source_, line_ + 1};
    if (f.id == id_read_error)
      throw file_error(f.id,
                       std::string(source_) + ":" + std::to_string(at.line) + ": " + f.message);
    fail(f.id, at, f.message);
  }
  if (got == 0) eof_ = true;
  end_ += got;
}

bool LineReader::next(std::string_view& line) {
  for (;;) {
    const char* base = buf_.data() + begin_;
    const std::size_t avail = end_ - begin_;
    const void* nl =
        avail > scanned_ ? std::memchr(base + scanned_, '\n', avail - scanned_) : nullptr;
    std::size_t len = 0;
    bool found = false;
    if (nl != nullptr) {
      len = static_cast<std::size_t>(static_cast<const char*>(nl) - base);
      found = true;
    } else {
      scanned_ = avail;
      // The line is too long once it exceeds the limit plus a possible "\r".
      if (avail > max_line_ + 1 + (first_ ? 3 : 0))
        fail(id_limit, {source_, line_ + 1},
             "line longer than max_line_bytes (" + std::to_string(max_line_) + " bytes)");
      if (!eof_) {
        fill();
        continue;
      }
      if (avail == 0) return false;
      len = avail;  // the last line has no "\n"
    }
    line = std::string_view(base, len);
    begin_ += len + (found ? 1 : 0);
    scanned_ = 0;
    ++line_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (first_) {
      first_ = false;
      if (line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    }
    if (line.size() > max_line_)
      fail(id_limit, {source_, line_},
           "line longer than max_line_bytes (" + std::to_string(max_line_) + " bytes)");
    const std::size_t bad = find_invalid_utf8(line);
    if (bad != std::string_view::npos)
      fail(id_invalid_utf8, {source_, line_},
           "invalid UTF-8 at byte " + std::to_string(bad + 1) + " of the line");
    return true;
  }
}

}  // namespace scoutmatch::io_detail
