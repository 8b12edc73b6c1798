#pragma once
// Shared helpers of the libFuzzer targets (fuzz/). Not part of the library.
//
// Contract of every target: input that scoutmatch rejects must be rejected with an
// exception derived from scoutmatch::error (caught here); anything else (another
// exception, a sanitizer report, a failed check below, a timeout, an out-of-memory)
// is a bug and ends the run with a crash that libFuzzer records.

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace scoutmatch_fuzz {

/// Aborts with a message: an invariant the library promises did not hold.
[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "scoutmatch fuzz check failed: %s\n", what);
  std::abort();
}

/// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
inline bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const auto byte = [&](std::size_t j) { return static_cast<unsigned char>(s[j]); };
  while (i < s.size()) {
    const unsigned char c = byte(i);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = 0;
    unsigned cp = 0;
    if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      cp = c & 0x07;
    } else
      return false;
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size() || (byte(i + k) & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (byte(i + k) & 0x3f);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff))
      return false;
    i += n + 1;
  }
  return true;
}

}  // namespace scoutmatch_fuzz
