// The analyzer: tokenize -> normalise each token -> stop words -> decompound (German) ->
// stem. Tokenizing the original text (rather than the normalised one) keeps byte offsets
// into the original, so each token's readable surface form is exact; normalisation is
// per token and gives the same result because token boundaries are defined on Unicode
// categories, which case folding and NFKC do not change for letters and digits.
//
// Speed: everything that depends only on the normalised word (stop word?, stem, compound
// parts and their stems) is computed once per distinct word and thread, and kept in a
// thread-local cache. The cache belongs to one Analyzer instance (identified by a process-
// wide generation number, since options differ between analyzers); each thread keeps the
// caches of its 4 most recently used analyzers and clears a cache that grows past 2^18
// words. Const member functions are therefore safe from many threads without locks.

#include <utf8proc.h>
#include <xxhash.h>

#include <array>
#include <atomic>
#include <optional>
#include <unordered_map>

#include "scoutmatch/error.hpp"
#include "scoutmatch/text/analyzer.hpp"
#include "scoutmatch/text/stages.hpp"

namespace scoutmatch {

void AnalyzerOptions::validate() const {
  if (min_part < 2 || min_part > 10)
    throw invalid_argument(
        "scoutmatch.options.analyzer.1",
        "AnalyzerOptions::min_part must be in 2..10 characters, got " + std::to_string(min_part));
  if (max_token < 8 || max_token > 1024)
    throw invalid_argument(
        "scoutmatch.options.analyzer.2",
        "AnalyzerOptions::max_token must be in 8..1024 bytes, got " + std::to_string(max_token));
}

namespace {

using text::TextToken;
using text::TokenKind;

std::atomic<std::uint64_t> next_generation{1};

constexpr std::size_t max_cache_words = std::size_t{1} << 18;

struct PartEntry {
  std::string term;         // stem of the part
  std::uint32_t begin = 0;  // byte range of the part in the normalised word
  std::uint32_t end = 0;
};

struct WordEntry {
  bool drop = false;             // a stop word
  std::string term;              // stem of the word
  std::vector<PartEntry> parts;  // compound parts, if any
};

struct Hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return static_cast<std::size_t>(XXH3_64bits(s.data(), s.size()));
  }
};

using Cache = std::unordered_map<std::string, WordEntry, Hash, std::equal_to<>>;

struct CacheSlot {
  std::uint64_t generation = 0;
  std::uint64_t last_use = 0;
  std::array<Cache, 2> words;  // [0] German, [1] English
};

inline std::size_t lang_index(Language l) noexcept {
  return l == Language::de ? 0 : 1;
}

struct ThreadState {
  std::array<CacheSlot, 4> slots;
  std::uint64_t tick = 0;
  std::array<std::optional<text::Stemmer>, 2> stemmers;
  std::string fold;
  std::string surface;
  std::string scratch;
  std::vector<TextToken> tokens;
  std::vector<TextToken> detect_tokens;

  Cache& cache(std::uint64_t generation, Language lang) {
    CacheSlot* victim = &slots[0];
    for (CacheSlot& s : slots) {
      if (s.generation == generation) {
        s.last_use = ++tick;
        return s.words[lang_index(lang)];
      }
      if (s.last_use < victim->last_use) victim = &s;
    }
    victim->generation = generation;
    victim->last_use = ++tick;
    for (Cache& c : victim->words) c.clear();
    return victim->words[lang_index(lang)];
  }

  text::Stemmer& stemmer(Language lang) {
    auto& s = stemmers[lang_index(lang)];
    if (!s) s.emplace(lang);
    return *s;
  }
};

ThreadState& thread_state() {
  thread_local ThreadState state;
  return state;
}

inline char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c | 0x20) : c;
}

// Number of code points (UTF-8 lead bytes).
inline std::size_t char_count(std::string_view s) noexcept {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Normalised form of a token into `out` (cleared first). Returns true if the token is
// ASCII (then the normalised form is its lower-case copy and the surface is the token).
bool fold_token(std::string_view sv, std::string& out) {
  out.resize(sv.size());
  char* o = out.data();
  unsigned char any = 0;
  for (std::size_t i = 0; i < sv.size(); ++i) {
    const char c = sv[i];
    any |= static_cast<unsigned char>(c);
    o[i] = ascii_lower(c);
  }
  if (any < 0x80) return true;
  out.clear();
  text::normalize_into(sv, out);
  return false;
}

// True if `sv` needs no NFC work: ASCII and German Latin-1 letters not followed by a
// combining mark (which would be non-ASCII and not 0xC3).
bool plain_nfc(std::string_view sv) noexcept {
  for (std::size_t i = 0; i < sv.size(); ++i) {
    const auto b = static_cast<unsigned char>(sv[i]);
    if (b < 0x80) continue;
    if (b != 0xC3 || i + 1 >= sv.size()) return false;
    const auto c = static_cast<unsigned char>(sv[i + 1]);
    if (c != 0x84 && c != 0x96 && c != 0x9C && c != 0xA4 && c != 0xB6 && c != 0xBC && c != 0x9F)
      return false;
    ++i;
  }
  return true;
}

// Reads the code point at s[i] (valid UTF-8 expected; returns length 1 on error).
inline std::size_t next_code_point(std::string_view s, std::size_t i, utf8proc_int32_t& cp) {
  const utf8proc_ssize_t len =
      utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data()) + i,
                       static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
  if (len <= 0) {
    cp = -1;
    return 1;
  }
  return static_cast<std::size_t>(len);
}

// Upper-cases the first character of `s` in place.
void capitalize(std::string& s) {
  if (s.empty()) return;
  utf8proc_int32_t cp = 0;
  const std::size_t len = next_code_point(s, 0, cp);
  if (cp < 0) return;
  const utf8proc_int32_t up = utf8proc_toupper(cp);
  if (up == cp) return;
  utf8proc_uint8_t buf[4];
  const utf8proc_ssize_t n = utf8proc_encode_char(up, buf);
  s.replace(0, len, reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
}

// The piece of `surface` (NFC) that corresponds to bytes [fb, fe) of its normalised form
// `folded`. Falls back to the normalised piece when the two cannot be aligned exactly
// (e.g. a part boundary inside the "ss" of a folded "ß").
std::string part_surface(std::string_view surface, std::string_view folded, std::size_t fb,
                         std::size_t fe, bool upper, std::string& scratch) {
  std::string out;
  if (surface.size() == folded.size() && text::is_ascii(surface)) {
    out.assign(surface.substr(fb, fe - fb));
  } else {
    std::size_t fo = 0;  // folded offset at the start of the current surface character
    std::size_t sb = std::string_view::npos;
    std::size_t se = std::string_view::npos;
    for (std::size_t so = 0; so <= surface.size();) {
      if (fo == fb && sb == std::string_view::npos) sb = so;
      if (fo == fe) {
        se = so;
        break;
      }
      if (so == surface.size() || fo > fe) break;
      utf8proc_int32_t cp = 0;
      const std::size_t len = next_code_point(surface, so, cp);
      scratch.clear();
      text::normalize_into(surface.substr(so, len), scratch);
      fo += scratch.size();
      so += len;
    }
    if (sb != std::string_view::npos && se != std::string_view::npos && sb < se)
      out.assign(surface.substr(sb, se - sb));
    else
      out.assign(folded.substr(fb, fe - fb));
  }
  if (upper) capitalize(out);
  return out;
}

bool starts_upper(std::string_view s) {
  if (s.empty()) return false;
  const auto b = static_cast<unsigned char>(s[0]);
  if (b < 0x80) return b >= 'A' && b <= 'Z';
  utf8proc_int32_t cp = 0;
  next_code_point(s, 0, cp);
  return cp >= 0 && utf8proc_isupper(cp);
}

}  // namespace

struct Analyzer::Impl {
  AnalyzerOptions options;
  std::uint64_t generation = 0;
  std::optional<text::Decompounder> decompounder;

  // Everything that depends only on the normalised word `w`.
  WordEntry compute(const std::string& w, Language lang, ThreadState& ts) const {
    WordEntry e;
    if (options.stop_words && (text::is_stop_word(w, lang) ||
                               (lang == Language::de && text::is_stop_word(w, Language::en)))) {
      e.drop = true;
      return e;
    }
    text::Stemmer* stemmer = options.stem ? &ts.stemmer(lang) : nullptr;
    e.term = stemmer ? std::string(stemmer->stem_view(w)) : w;
    if (lang == Language::de && decompounder) {
      for (const text::CompoundPart& p : decompounder->split(w)) {
        const std::string_view part = std::string_view(w).substr(p.begin, p.end - p.begin);
        PartEntry pe;
        pe.term = stemmer ? std::string(stemmer->stem_view(part)) : std::string(part);
        pe.begin = static_cast<std::uint32_t>(p.begin);
        pe.end = static_cast<std::uint32_t>(p.end);
        e.parts.push_back(std::move(pe));
      }
    }
    return e;
  }

  // The tokens of one token `sv` of kind `kind` of a text in `lang` (de or en).
  void analyze_token(std::string_view sv, TokenKind kind, Language lang, ThreadState& ts,
                     Cache& cache, std::vector<Token>& out) const {
    std::string& f = ts.fold;
    const bool ascii = fold_token(sv, f);
    if (f.size() > options.max_token || (ascii ? f.size() : char_count(f)) < 2) return;
    auto surface = [&] { return ascii || plain_nfc(sv) ? std::string(sv) : text::to_nfc(sv); };

    switch (kind) {
      case TokenKind::number:
      case TokenKind::url:
      case TokenKind::email:
        out.push_back({f, surface()});
        return;
      case TokenKind::joined: {
        // "CO2-neutral" -> "co2neutral": the spelling without hyphens, stemmed, not split.
        std::erase(f, '-');
        if (options.stem) {
          out.push_back({std::string(ts.stemmer(lang).stem_view(f)), surface()});
        } else {
          out.push_back({f, surface()});
        }
        return;
      }
      case TokenKind::word:
        break;
    }

    if (lang == Language::de) {  // "geht's", "Müller's": the German stemmer knows no '
      const std::size_t apos = f.find('\'');
      if (apos != std::string::npos) {
        f.resize(apos);
        if (char_count(f) < 2) return;
      }
    }
    auto it = cache.find(std::string_view(f));
    if (it == cache.end()) {
      if (cache.size() >= max_cache_words) cache.clear();
      it = cache.emplace(f, compute(f, lang, ts)).first;
    }
    const WordEntry& e = it->second;
    if (e.drop) return;
    if (e.parts.empty()) {
      out.push_back({e.term, surface()});
      return;
    }
    std::string whole = surface();
    out.push_back({e.term, whole});
    const bool upper = starts_upper(whole);
    for (const PartEntry& p : e.parts)
      out.push_back({p.term, part_surface(whole, f, p.begin, p.end, upper, ts.scratch)});
  }
};

Analyzer::Analyzer(AnalyzerOptions options) : impl_(std::make_unique<Impl>()) {
  options.validate();
  impl_->options = options;
  impl_->generation = next_generation.fetch_add(1, std::memory_order_relaxed);
  if (options.decompound) impl_->decompounder.emplace(text::Lexicon::german(), options.min_part);
}

Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

const AnalyzerOptions& Analyzer::options() const noexcept {
  return impl_->options;
}

std::vector<Token> Analyzer::analyze(std::string_view text, Language lang) const {
  std::vector<Token> out;
  analyze(text, lang, out);
  return out;
}

void Analyzer::analyze(std::string_view text, Language lang, std::vector<Token>& out) const {
  if (text.empty()) return;
  if (lang != Language::de && lang != Language::en) lang = detect_language(text);
  ThreadState& ts = thread_state();
  Cache& cache = ts.cache(impl_->generation, lang);
  ts.tokens.clear();
  tokenize(text, lang, ts.tokens);
  for (const TextToken& tok : ts.tokens)
    impl_->analyze_token(tok.view(text), tok.kind, lang, ts, cache, out);
}

void Analyzer::tokenize(std::string_view text, Language lang,
                        std::vector<text::TextToken>& out) const {
  text::TokenizerOptions topt;
  topt.join_hyphenated = lang == Language::de;
  text::tokenize(text, out, topt);
}

void Analyzer::analyze_token(std::string_view token, text::TokenKind kind, Language lang,
                             std::vector<Token>& out) const {
  if (lang != Language::de && lang != Language::en) lang = Language::en;
  ThreadState& ts = thread_state();
  impl_->analyze_token(token, kind, lang, ts, ts.cache(impl_->generation, lang), out);
}

Language Analyzer::detect_language(std::string_view text) const {
  // The first 8 KiB are plenty to tell German from English.
  constexpr std::size_t sample_bytes = 8192;
  const std::string_view sample = text.substr(0, sample_bytes);
  ThreadState& ts = thread_state();
  ts.detect_tokens.clear();
  text::tokenize(sample, ts.detect_tokens);
  double de = 0;
  double en = 0;
  std::string& f = ts.scratch;
  for (const TextToken& tok : ts.detect_tokens) {
    if (tok.kind != TokenKind::word) continue;
    const std::string_view sv = tok.view(sample);
    const bool ascii = text::is_ascii(sv);
    if (!ascii) {
      // Umlauts and ß are German evidence (half a stop word per word holding them).
      for (std::size_t i = 0; i + 1 < sv.size(); ++i) {
        if (static_cast<unsigned char>(sv[i]) != 0xC3) continue;
        const auto b = static_cast<unsigned char>(sv[i + 1]);
        if (b == 0xA4 || b == 0xB6 || b == 0xBC || b == 0x84 || b == 0x96 || b == 0x9C ||
            b == 0x9F) {
          de += 0.5;
          break;
        }
      }
    }
    if (sv.size() > 12) continue;  // longer than any stop word
    fold_token(sv, f);
    if (text::is_stop_word(f, Language::de)) de += 1;
    if (text::is_stop_word(f, Language::en)) en += 1;
  }
  return de > en ? Language::de : Language::en;
}

}  // namespace scoutmatch
