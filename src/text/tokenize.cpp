// Tokenizer: one pass over the original text. ASCII bytes are classified by a table;
// only non-ASCII code points are decoded and classified by their Unicode category
// (utf8proc). Tokens are byte ranges of the original text, so the analyzer can show the
// readable form and normalise each token on its own. The rules are listed in stages.hpp.

#include <utf8proc.h>

#include <array>
#include <cstring>

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

class Scanner {
 public:
  Scanner(std::string_view s, const TokenizerOptions& opt, std::vector<TextToken>& out)
      : s_(s), n_(s.size()), opt_(opt), out_(out) {
    const void* at = std::memchr(s.data(), '@', s.size());
    next_at_ = at ? static_cast<std::size_t>(static_cast<const char*>(at) - s.data()) : n_;
  }

  void run() {
    std::size_t i = 0;
    while (i < n_) {
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

void tokenize(std::string_view text, std::vector<TextToken>& out, const TokenizerOptions& options) {
  Scanner(text, options, out).run();
}

std::vector<TextToken> tokenize(std::string_view text, const TokenizerOptions& options) {
  std::vector<TextToken> out;
  tokenize(text, out, options);
  return out;
}

}  // namespace scoutmatch::text
