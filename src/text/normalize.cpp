// Normalisation: NFKC + case folding (normalize) and NFC (to_nfc) via utf8proc, with an
// ASCII fast path. utf8proc is only called on non-ASCII stretches (plus the ASCII character
// before them, which a following combining mark may compose with), and it works in a
// thread-local buffer, so normalising a token allocates nothing once the buffers are warm.

#include <utf8proc.h>

#include <cstring>
#include <vector>

#include "scoutmatch/text/stages.hpp"

namespace scoutmatch::text {
namespace {

constexpr auto fold_options =
    static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                   UTF8PROC_CASEFOLD | UTF8PROC_IGNORE | UTF8PROC_LUMP);
constexpr auto nfc_options =
    static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_IGNORE);

inline bool ascii_byte(char c) noexcept {
  return static_cast<unsigned char>(c) < 0x80;
}

inline char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c | 0x20) : c;
}

struct Buffers {
  std::string clean;                     // the segment with invalid bytes removed
  std::vector<utf8proc_int32_t> points;  // decomposed code points, then re-encoded bytes
};

Buffers& buffers() {
  thread_local Buffers b;
  return b;
}

// Normalises one segment (valid or not) with utf8proc and appends the UTF-8 result.
void map_segment(std::string_view seg, utf8proc_option_t options, std::string& out) {
  Buffers& b = buffers();
  b.clean.clear();
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(seg.data());
  const auto n = static_cast<utf8proc_ssize_t>(seg.size());
  for (utf8proc_ssize_t i = 0; i < n;) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t len = utf8proc_iterate(p + i, n - i, &cp);
    if (len <= 0) {  // invalid byte: skip it
      ++i;
      continue;
    }
    b.clean.append(seg.data() + i, static_cast<std::size_t>(len));
    i += len;
  }
  if (b.clean.empty()) return;
  const auto* src = reinterpret_cast<const utf8proc_uint8_t*>(b.clean.data());
  const auto src_len = static_cast<utf8proc_ssize_t>(b.clean.size());
  // A code point decomposes into at most a few (18 for the longest NFKC expansion);
  // utf8proc reports the needed size when the buffer is too small.
  if (b.points.size() < b.clean.size() * 4 + 16) b.points.resize(b.clean.size() * 4 + 16);
  utf8proc_ssize_t count = utf8proc_decompose(
      src, src_len, b.points.data(), static_cast<utf8proc_ssize_t>(b.points.size()), options);
  if (count > static_cast<utf8proc_ssize_t>(b.points.size())) {
    b.points.resize(static_cast<std::size_t>(count));
    count = utf8proc_decompose(src, src_len, b.points.data(), count, options);
  }
  if (count <= 0) return;  // cannot happen for valid input; be safe
  // utf8proc_reencode composes and writes UTF-8 in place (4 bytes per code point fit).
  const utf8proc_ssize_t bytes = utf8proc_reencode(b.points.data(), count, options);
  if (bytes <= 0) return;
  out.append(reinterpret_cast<const char*>(b.points.data()), static_cast<std::size_t>(bytes));
}

// German letters in Latin-1 (second byte after 0xC3) that need no utf8proc: already NFC
// and NFKC; their case folding is a byte change ("Ä" -> "ä") or "ß" -> "ss".
inline bool german_latin1(unsigned char b) noexcept {
  return b == 0x84 || b == 0x96 || b == 0x9C || b == 0xA4 || b == 0xB6 || b == 0xBC || b == 0x9F;
}

template <bool Fold>
void normalize_impl(std::string_view s, std::string& out) {
  const std::size_t n = s.size();
  std::size_t i = 0;
  // Where the last character handled by a fast path started, in `s` and in `out`: a
  // combining mark that follows must be composed with it by utf8proc.
  std::size_t prev_in = std::string_view::npos;
  std::size_t prev_out = 0;
  while (i < n) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      prev_in = i;
      prev_out = out.size();
      out.push_back(Fold ? ascii_lower(static_cast<char>(b)) : static_cast<char>(b));
      ++i;
      continue;
    }
    if (b == 0xC3 && i + 1 < n && german_latin1(static_cast<unsigned char>(s[i + 1])) &&
        (i + 2 >= n || static_cast<unsigned char>(s[i + 2]) < 0x80 ||
         static_cast<unsigned char>(s[i + 2]) == 0xC3)) {
      const auto c = static_cast<unsigned char>(s[i + 1]);
      prev_in = i;
      prev_out = out.size();
      if (!Fold) {
        out.append(s.data() + i, 2);
      } else if (c == 0x9F) {
        out.append("ss");
      } else {
        out.push_back(static_cast<char>(0xC3));
        out.push_back(static_cast<char>(c < 0xA0 ? c + 0x20 : c));  // upper -> lower
      }
      i += 2;
      continue;
    }
    // Slow path: the non-ASCII stretch [begin, k), starting with the previous fast-path
    // character, which a combining mark at i may compose with ("e" + U+0301 -> "é").
    std::size_t begin = i;
    if (prev_in != std::string_view::npos) {
      begin = prev_in;
      out.resize(prev_out);
    }
    std::size_t k = i;
    while (k < n && !ascii_byte(s[k])) ++k;
    map_segment(s.substr(begin, k - begin), Fold ? fold_options : nfc_options, out);
    prev_in = std::string_view::npos;
    i = k;
  }
}

}  // namespace

bool is_ascii(std::string_view text) noexcept {
  for (char c : text)
    if (!ascii_byte(c)) return false;
  return true;
}

void normalize_into(std::string_view text, std::string& out) {
  normalize_impl<true>(text, out);
}

std::string normalize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  normalize_into(text, out);
  return out;
}

void nfc_into(std::string_view text, std::string& out) {
  normalize_impl<false>(text, out);
}

std::string to_nfc(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  nfc_into(text, out);
  return out;
}

}  // namespace scoutmatch::text
