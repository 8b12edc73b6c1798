// Tokenizer: one pass over the original text. ASCII bytes are classified by a table;
// only non-ASCII code points are decoded and classified by their Unicode category
// (utf8proc). Tokens are byte ranges of the original text, so the analyzer can show the
// readable form and normalise each token on its own. The rules are listed in stages.hpp.

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SCOUTMATCH_X86_DISPATCH 1
#include <immintrin.h>
#endif

#include "scoutmatch/text/stages.hpp"

namespace scoutmatch::text {
namespace {

enum class Cls : std::uint8_t {
  other,       // separator, punctuation, symbol
  letter,      // L*
  digit,       // N*
  mark,        // M*: belongs to the word it follows
  ignorable,   // Cf (soft hyphen, zero-width joiner) and invalid bytes: kept inside a word
  apostrophe,  // ' U+2019 U+02BC
  hyphen,      // - U+2010 U+2011
  dot,
  comma,
  plus,
  hash,
};

constexpr std::array<Cls, 128> make_ascii_table() {
  std::array<Cls, 128> t{};
  for (auto& c : t) c = Cls::other;
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = Cls::letter;
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = Cls::letter;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = Cls::digit;
  t['\''] = Cls::apostrophe;
  t['-'] = Cls::hyphen;
  t['.'] = Cls::dot;
  t[','] = Cls::comma;
  t['+'] = Cls::plus;
  t['#'] = Cls::hash;
  return t;
}
constexpr std::array<Cls, 128> ascii_table = make_ascii_table();

struct Unit {
  Cls cls;
  std::uint32_t len;  // bytes
};

Cls classify_code_point(utf8proc_int32_t cp) {
  switch (cp) {
    case 0x2019:
    case 0x02BC:
      return Cls::apostrophe;
    case 0x2010:
    case 0x2011:
      return Cls::hyphen;
    default:
      break;
  }
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
      return Cls::letter;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
      return Cls::mark;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return Cls::digit;
    case UTF8PROC_CATEGORY_CF:
      return Cls::ignorable;
    default:
      return Cls::other;
  }
}

// ---- ASCII fast path (AVX-512BW or AVX2) -------------------------------------------------------------
//
// From a position where the scanner is between tokens, a 64-byte window of ASCII text is
// classified at once: letters and digits (A), and the "special" bytes that can join or start
// something longer than a letter/digit run (' - . , + # @ : _ % and any byte >= 0x80). A run of
// A followed by a byte that is neither A nor special (space, newline, ';', ...) or by the end
// of the text is exactly the token the scalar scanner makes there: it does not start a URL
// ("http:", "www." need ':' or '.'), it is not an e-mail's local part (that runs into '@'), no
// '.', ',', apostrophe or hyphen joins it to the next run, and "C++"/"C#" need '+'/'#'. The
// bytes between such runs are ASCII non-letters, which the scanner skips. The window is cut
// at the first byte >= 0x80 (a non-ASCII letter may start a token). The fast path emits runs
// in order and stops at the first run it cannot vouch for (followed by a special byte, or
// reaching the window's end); the scalar scanner goes on from that run's start. Tested
// against the scalar scanner on random texts (tokenizer_simd()).

// 0 portable, 1 AVX2, 2 AVX-512BW (detail::tokenizer_kernel).
int best_level() noexcept {
#ifdef SCOUTMATCH_X86_DISPATCH
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("bmi") || !__builtin_cpu_supports("bmi2")) return 0;
  if (__builtin_cpu_supports("avx512bw")) return 2;
  if (__builtin_cpu_supports("avx2")) return 1;
#endif
  return 0;
}
const int cpu_level = best_level();
std::atomic<int> simd_level{cpu_level};

#ifdef SCOUTMATCH_X86_DISPATCH
// One 64-byte window's classes, bit b for byte b (0 past the end of the text): bytes
// >= 0x80, ASCII letters, digits, and the special bytes ' - . , + # @ : _ %.
struct Window {
  std::uint64_t high, letter, digit, special;
};

__attribute__((target("avx512f,avx512bw"), always_inline)) inline Window classify_avx512(
    const char* p, std::size_t left) noexcept {
  const __mmask64 in_text = left >= 64 ? ~__mmask64{0} : (__mmask64{1} << left) - 1;
  const __m512i v = _mm512_maskz_loadu_epi8(in_text, p);
  Window w{};
  w.high = _mm512_movepi8_mask(v);
  w.letter = _mm512_cmplt_epu8_mask(
      _mm512_sub_epi8(_mm512_or_si512(v, _mm512_set1_epi8(0x20)), _mm512_set1_epi8('a')),
      _mm512_set1_epi8(26));
  w.digit =
      _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v, _mm512_set1_epi8('0')), _mm512_set1_epi8(10));
  for (const char c : {'\'', '-', '.', ',', '+', '#', '@', ':', '_', '%'})
    w.special |= _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(c));
  return w;
}

// The 64 byte lanes of two AVX2 vectors with the top bit set, as a bit mask.
__attribute__((target("avx2"), always_inline)) inline std::uint64_t bits64(__m256i lo,
                                                                          __m256i hi) noexcept {
  return static_cast<std::uint32_t>(_mm256_movemask_epi8(lo)) |
         (std::uint64_t{static_cast<std::uint32_t>(_mm256_movemask_epi8(hi))} << 32);
}
// Lanes of x <= m (unsigned bytes).
__attribute__((target("avx2"), always_inline)) inline __m256i at_most(__m256i x,
                                                                     char m) noexcept {
  return _mm256_cmpeq_epi8(_mm256_min_epu8(x, _mm256_set1_epi8(m)), x);
}

__attribute__((target("avx2"), always_inline)) inline Window classify_avx2(
    const char* p, std::size_t left) noexcept {
  alignas(32) char tail[64];
  if (left < 64) {  // the text's last window: zeros past its end, as the masked load above
    std::memset(tail, 0, sizeof tail);
    std::memcpy(tail, p, left);
    p = tail;
  }
  const __m256i v[2] = {_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)),
                        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32))};
  __m256i letter[2], digit[2], special[2];
  for (int h = 0; h < 2; ++h) {
    letter[h] = at_most(
        _mm256_sub_epi8(_mm256_or_si256(v[h], _mm256_set1_epi8(0x20)), _mm256_set1_epi8('a')),
        25);
    digit[h] = at_most(_mm256_sub_epi8(v[h], _mm256_set1_epi8('0')), 9);
    special[h] = _mm256_setzero_si256();
    for (const char c : {'\'', '-', '.', ',', '+', '#', '@', ':', '_', '%'})
      special[h] = _mm256_or_si256(special[h], _mm256_cmpeq_epi8(v[h], _mm256_set1_epi8(c)));
  }
  return {bits64(v[0], v[1]), bits64(letter[0], letter[1]), bits64(digit[0], digit[1]),
          bits64(special[0], special[1])};
}

// Emits the safe runs of the window at `i` (classes `c`) and moves `i` on; returns true when
// the vectorised path stops there (the scalar scanner goes on from `i`).
__attribute__((always_inline)) inline bool emit_window(const Window& c, std::size_t n,
                                                       std::size_t& i,
                                                       std::vector<TextToken>& out) {
  const std::size_t left = n - i;
  const std::uint64_t in_text = left >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << left) - 1;
  const std::uint64_t high = c.high & in_text;
  // The window: up to the first byte >= 0x80, the end of the text, or 64 bytes.
  const unsigned len = high ? static_cast<unsigned>(std::countr_zero(high))
                            : static_cast<unsigned>(left >= 64 ? 64 : left);
  const bool text_ends = !high && left <= 64;
  const std::uint64_t window = len == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << len) - 1;
  const std::uint64_t alnum = (c.letter | c.digit) & window;
  std::uint64_t special = c.special;
  // A byte just past the window (a non-ASCII byte, or the next window) counts as special
  // unless the text ends there.
  if (!text_ends && len < 64) special |= std::uint64_t{1} << len;
  std::uint64_t st = alnum & ~(alnum << 1);  // first byte of each run
  std::uint64_t en = alnum & ~(alnum >> 1);  // last byte of each run
  std::size_t next = len < 64 ? (text_ends ? n : i + len) : i + 64;
  while (st) {
    const auto b = static_cast<unsigned>(std::countr_zero(st));
    const auto e = static_cast<unsigned>(std::countr_zero(en));
    if (e == 63 && !text_ends) {  // may go on in the next window: start that one here
      if (b == 0) return true;    // a run of 64 letters and digits: the scalar scanner
      next = i + b;
      break;
    }
    if (e + 1 < 64 && ((special >> (e + 1)) & 1)) {
      i += b;
      return true;
    }
    const bool has_letter = ((c.letter >> b) & ((std::uint64_t{2} << (e - b)) - 1)) != 0;
    out.push_back({i + b, i + e + 1, has_letter ? TokenKind::word : TokenKind::number});
    st &= st - 1;
    en &= en - 1;
  }
  const bool stop = next <= i || len < 64;
  i = next;
  return stop;
}

// Emits the safe runs from `i` on; returns where the scalar scanner goes on (== i: nothing
// was done).
__attribute__((target("avx512f,avx512bw,bmi,bmi2"))) std::size_t ascii_runs_avx512(
    const char* s, std::size_t n, std::size_t i, std::vector<TextToken>& out) {
  while (i < n)
    if (emit_window(classify_avx512(s + i, n - i), n, i, out)) break;
  return i;
}
__attribute__((target("avx2,bmi,bmi2"))) std::size_t ascii_runs_avx2(
    const char* s, std::size_t n, std::size_t i, std::vector<TextToken>& out) {
  while (i < n)
    if (emit_window(classify_avx2(s + i, n - i), n, i, out)) break;
  return i;
}
#endif

class Scanner {
 public:
  Scanner(std::string_view s, const TokenizerOptions& opt, std::vector<TextToken>& out)
      : s_(s), n_(s.size()), opt_(opt), out_(out) {
    const void* at = std::memchr(s.data(), '@', s.size());
    next_at_ = at ? static_cast<std::size_t>(static_cast<const char*>(at) - s.data()) : n_;
  }

  void run() {
    std::size_t i = 0;
#ifdef SCOUTMATCH_X86_DISPATCH
    const int simd = simd_level.load(std::memory_order_relaxed);
#endif
    while (i < n_) {
#ifdef SCOUTMATCH_X86_DISPATCH
      if (simd != 0) {
        i = simd == 2 ? ascii_runs_avx512(s_.data(), n_, i, out_)
                      : ascii_runs_avx2(s_.data(), n_, i, out_);
        if (i >= n_) break;
      }
#endif
      const Unit u = unit(i);
      if (u.cls != Cls::letter && u.cls != Cls::digit) {
        i += u.len;
        continue;
      }
      std::size_t end = 0;
      if (url_at(i, end)) {
        out_.push_back({i, end, TokenKind::url});
        i = end;
        continue;
      }
      if (email_at(i, end)) {
        out_.push_back({i, end, TokenKind::email});
        i = end;
        continue;
      }
      i = word_group(i);
    }
  }

 private:
  Unit unit(std::size_t i) const {
    const auto b = static_cast<unsigned char>(s_[i]);
    if (b < 0x80) return {ascii_table[b], 1};
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t len =
        utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s_.data()) + i,
                         static_cast<utf8proc_ssize_t>(n_ - i), &cp);
    if (len <= 0) return {Cls::ignorable, 1};  // invalid byte: skipped by normalize()
    return {classify_code_point(cp), static_cast<std::uint32_t>(len)};
  }

  bool alnum_at(std::size_t i) const {
    if (i >= n_) return false;
    const Cls c = unit(i).cls;
    return c == Cls::letter || c == Cls::digit;
  }

  // "http://", "https://", "ftp://" or "www." at i (case-insensitive) -> URL up to the
  // next white space or quote, without trailing punctuation.
  bool url_at(std::size_t i, std::size_t& end) const {
    const char c = static_cast<char>(s_[i] | 0x20);
    if (c != 'h' && c != 'w' && c != 'f') return false;
    auto starts = [&](std::string_view p) {
      if (n_ - i < p.size()) return false;
      for (std::size_t k = 0; k < p.size(); ++k) {
        char x = s_[i + k];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x | 0x20);
        if (x != p[k]) return false;
      }
      return true;
    };
    if (!starts("http://") && !starts("https://") && !starts("ftp://") && !starts("www."))
      return false;
    std::size_t k = i;
    while (k < n_) {
      const auto b = static_cast<unsigned char>(s_[k]);
      if (b <= 0x20 || b == '"' || b == '<' || b == '>' || b == '\'' || b == '`') break;
      ++k;
    }
    while (k > i && std::strchr(".,;:!?)]}", s_[k - 1]) != nullptr) --k;
    end = k;
    return true;
  }

  static bool email_local(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '%' || c == '+' || c == '-';
  }

  // local@domain.tld at i (ASCII only).
  bool email_at(std::size_t i, std::size_t& end) {
    if (next_at_ < i) {
      const void* at = std::memchr(s_.data() + i, '@', n_ - i);
      next_at_ = at ? static_cast<std::size_t>(static_cast<const char*>(at) - s_.data()) : n_;
    }
    if (next_at_ >= n_) return false;
    std::size_t k = i;
    while (k < next_at_ && email_local(s_[k])) ++k;
    if (k != next_at_ || k == i) return false;
    std::size_t d = k + 1;
    std::size_t last_dot = 0;
    while (d < n_) {
      const char c = s_[d];
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') {
        ++d;
      } else if (c == '.' && d + 1 < n_ && s_[d - 1] != '.' && s_[d - 1] != '@') {
        last_dot = d;
        ++d;
      } else {
        break;
      }
    }
    while (d > k + 1 && (s_[d - 1] == '.' || s_[d - 1] == '-')) --d;
    last_dot = 0;
    for (std::size_t p = d; p > k + 1; --p)
      if (s_[p - 1] == '.') {
        last_dot = p - 1;
        break;
      }
    // a dot inside the domain, a label before it and a top-level domain of 2+ characters
    if (last_dot <= k + 1 || d < last_dot + 3) return false;
    end = d;
    return true;
  }

  // One word or number starting at i; returns its end.
  std::size_t word(std::size_t i, bool& has_letter) const {
    has_letter = false;
    const std::size_t begin = i;
    Cls last = Cls::other;
    while (i < n_) {
      // Fast path: a run of ASCII letters and digits.
      {
        const std::size_t run = i;
        while (i < n_) {
          const auto c = static_cast<unsigned char>(s_[i]);
          if (c >= 0x80) break;
          const Cls k = ascii_table[c];
          if (k == Cls::letter) {
            has_letter = true;
          } else if (k != Cls::digit) {
            break;
          }
          last = k;
          ++i;
        }
        if (i >= n_) break;
        if (i > run && static_cast<unsigned char>(s_[i]) < 0x80 &&
            ascii_table[static_cast<unsigned char>(s_[i])] == Cls::other)
          break;  // the common end of a word: space or punctuation
      }
      const Unit u = unit(i);
      switch (u.cls) {
        case Cls::letter:
          has_letter = true;
          last = Cls::letter;
          i += u.len;
          continue;
        case Cls::digit:
          last = Cls::digit;
          i += u.len;
          continue;
        case Cls::mark:
        case Cls::ignorable:
          i += u.len;
          continue;
        case Cls::dot:
        case Cls::comma:
          if (last == Cls::digit && i + 1 < n_ && unit(i + 1).cls == Cls::digit) {
            i += u.len;
            continue;
          }
          break;
        case Cls::apostrophe:
          if (last == Cls::letter && i + u.len < n_ && unit(i + u.len).cls == Cls::letter) {
            i += u.len;
            continue;
          }
          break;
        default:
          break;
      }
      break;
    }
    // "C++", "C#"
    if (i + 1 < n_ && s_[i] == '+' && s_[i + 1] == '+' && !alnum_at(i + 2)) {
      has_letter = true;
      return i + 2;
    }
    if (i < n_ && s_[i] == '#' && i - begin <= 2 && has_letter && !alnum_at(i + 1)) return i + 1;
    return i;
  }

  // A word and the words hyphenated to it.
  std::size_t word_group(std::size_t i) {
    const std::size_t group_begin = i;
    std::size_t parts = 0;
    bool all_words = true;
    while (true) {
      bool has_letter = false;
      const std::size_t end = word(i, has_letter);
      out_.push_back({i, end, has_letter ? TokenKind::word : TokenKind::number});
      ++parts;
      all_words = all_words && has_letter;
      i = end;
      if (i < n_) {
        const Unit u = unit(i);
        if (u.cls == Cls::hyphen && alnum_at(i + u.len)) {
          i += u.len;
          continue;
        }
      }
      break;
    }
    // "2020-2024" or "Industrie-4.0" joined would be noise: words only.
    if (opt_.join_hyphenated && parts >= 2 && all_words)
      out_.push_back({group_begin, i, TokenKind::joined});
    return i;
  }

  std::string_view s_;
  std::size_t n_;
  const TokenizerOptions& opt_;
  std::vector<TextToken>& out_;
  std::size_t next_at_;
};

}  // namespace

namespace detail {
int tokenizer_kernel(int level) noexcept {
  return simd_level.exchange(std::clamp(level, 0, cpu_level));
}
bool tokenizer_simd(bool enable) noexcept {
  return tokenizer_kernel(enable ? cpu_level : 0) != 0;
}
}  // namespace detail

void tokenize(std::string_view text, std::vector<TextToken>& out, const TokenizerOptions& options) {
  Scanner(text, options, out).run();
}

std::vector<TextToken> tokenize(std::string_view text, const TokenizerOptions& options) {
  std::vector<TextToken> out;
  tokenize(text, out, options);
  return out;
}

}  // namespace scoutmatch::text
