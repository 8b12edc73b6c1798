#pragma once
/// \file stages.hpp
/// The stages of the text analyzer (see analyzer.hpp), each usable and testable on its own:
///
///     normalize      NFKC + full case folding (utf8proc): "Straße", "STRASSE" -> "strasse"
///     tokenize       words, numbers ("4.0"), "c++", "c#", hyphen parts, URLs, e-mail addresses
///     is_stop_word   embedded Snowball stop-word lists for German and English
///     Decompounder   dictionary-based German compound splitting over a Lexicon
///     Stemmer        Snowball "german" / "english" stemmers (libstemmer)
///
/// Every function here takes and returns UTF-8. Invalid UTF-8 bytes are skipped, never
/// thrown on. Unless a declaration says otherwise, free functions are thread-safe; the
/// Stemmer object is not (one per thread).
///
/// German compound splitting (Decompounder) in short: a word is split only if it is not
/// itself a word of the lexicon (the embedded ngerman list, 356k entries, case folded) and
/// it can be written as a sequence of lexicon words of at least `min_part` characters,
/// none of them a stop word, optionally joined by a linking element (Fugenelement "s",
/// "es", "n", "en", "e", "er", "ens"). Parts shorter than 4 characters must be nouns
/// ("Bau", "Rad") and not abbreviations or names ("Ing", "Tom"); a few combining forms
/// ("elektro", "bio", "mikro", "nano", ...) may start a compound although they are not
/// words on their own. Among all such splits the one with the fewest parts
/// wins; ties go to fewer linking letters, then to the most balanced parts (largest
/// product of part lengths, the length analogue of Koehn & Knight 2003). Because every
/// part is a lexicon word and lexicon words are never split, "Kunststoffspritzguss"
/// becomes "Kunststoff" + "Spritzguss", not "Kunst" + "Stoff" + ...; and ordinary words
/// such as "Forschung" or "Unternehmen" (which are in the lexicon) stay whole.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scoutmatch/types.hpp"

struct sb_stemmer;

namespace scoutmatch::text {

// ---- normalisation ---------------------------------------------------------------------

/// Returns `text` in NFKC with full Unicode case folding (utf8proc), default-ignorable code
/// points (soft hyphen, zero-width joiners) removed, and typographic variants lumped to
/// ASCII (utf8proc LUMP: U+2019 -> "'", U+2010 -> "-", ...). "ß" and "ẞ" fold to "ss",
/// umlauts are kept ("Gebäude" -> "gebäude"). Invalid UTF-8 bytes are skipped.
/// ASCII stretches take a fast path (byte-wise lower-casing); only non-ASCII stretches go
/// through utf8proc. Never throws except std::bad_alloc.
std::string normalize(std::string_view text);

/// Like normalize(), but appends the result to `out` (no allocation if `out` has room).
void normalize_into(std::string_view text, std::string& out);

/// Returns `text` in NFC, original case, default-ignorable code points and invalid UTF-8
/// bytes removed: the readable "surface" form of a token.
std::string to_nfc(std::string_view text);

/// Like to_nfc(), but appends the result to `out`.
void nfc_into(std::string_view text, std::string& out);

/// True if every byte of `text` is below 0x80 (then normalisation is plain lower-casing).
bool is_ascii(std::string_view text) noexcept;

// ---- tokenizer -------------------------------------------------------------------------

/// What a token is, as seen by the tokenizer.
enum class TokenKind : std::uint8_t {
  word = 0,    ///< contains a letter: "Wasserstoff", "co2", "5G", "C++", "C#", "don't"
  number = 1,  ///< digits only, with internal "." or "," between digits: "4.0", "1,5", "2024"
  joined = 2,  ///< a whole hyphenated word ("CO2-neutral"), emitted after its parts when
               ///< TokenizerOptions::join_hyphenated is set; normalise and drop the hyphens
  url = 3,     ///< "https://...", "http://...", "ftp://...", "www....", kept as one token
  email = 4,   ///< "name@example.org", kept as one token
};

/// One token: a byte range of the original text.
struct TextToken {
  std::size_t begin = 0;             ///< byte offset of the first byte in the text
  std::size_t end = 0;               ///< byte offset one past the last byte
  TokenKind kind = TokenKind::word;  ///< see TokenKind

  /// The token's bytes in `text` (the string it was produced from), not normalised.
  std::string_view view(std::string_view text) const noexcept {
    return text.substr(begin, end - begin);
  }
};

/// Choices of the tokenizer.
struct TokenizerOptions {
  /// Also emit a TokenKind::joined token for each hyphenated word of 2 or more parts that
  /// all contain a letter (after its parts; not for "2020-2024" or "Industrie-4.0"). The analyzer
  /// sets this for German, where "E-Mobilität" and "Emobilität" or "Wasserstoff-Technologie" and
  /// "Wasserstofftechnologie" should meet. Default false.
  bool join_hyphenated = false;
};

/// Splits `text` into tokens and appends them to `out`, in text order. Rules:
/// - a word is a maximal run of Unicode letters, digits (categories L*, N*) and combining
///   marks; default-ignorable characters (soft hyphen) and invalid bytes inside a word are
///   kept in the range and removed by normalize();
/// - "." or "," between two digits stays inside the token ("4.0", "1.000,50");
/// - an apostrophe (', U+2019, U+02BC) between two letters stays inside ("don't");
/// - "++" after a word, and "#" after a word of at most 2 characters, belong to it when
///   no letter or digit follows ("C++", "C#", "F#");
/// - a hyphen (-, U+2010, U+2011) between two words separates them into their own tokens
///   ("CO2-neutral" -> "CO2", "neutral"; see join_hyphenated);
/// - URLs (scheme:// or www.) and e-mail addresses become one token each, trailing
///   punctuation excluded;
/// - everything else separates tokens. Single-character tokens are emitted too (the
///   analyzer drops them). Never throws except std::bad_alloc.
void tokenize(std::string_view text, std::vector<TextToken>& out,
              const TokenizerOptions& options = {});

/// Convenience overload returning a new vector.
std::vector<TextToken> tokenize(std::string_view text, const TokenizerOptions& options = {});

namespace detail {
/// Enables (default where the CPU has AVX-512BW or AVX2, with BMI2) or disables the
/// tokenizer's vectorised path for ASCII text; returns the previous setting. The tokens are
/// the same either way (tested); for tests and benchmarks, not thread-safe against running
/// tokenizers.
bool tokenizer_simd(bool enable) noexcept;
/// Selects that path's kernels: 0 none, 1 AVX2, 2 AVX-512BW, capped at what the CPU has;
/// returns the previous level. Same caveats as tokenizer_simd().
int tokenizer_kernel(int level) noexcept;
}  // namespace detail

// ---- stop words ------------------------------------------------------------------------

/// True if `folded` (a normalize()d token) is a stop word of `lang`: the Snowball German
/// or English list plus a few abbreviations ("bzw", "usw", "etc"). Language::unknown
/// means "of either language". Thread-safe.
bool is_stop_word(std::string_view folded, Language lang) noexcept;

/// The stop-word list of `lang` (normalised forms, sorted); empty for Language::unknown.
std::span<const std::string_view> stop_words(Language lang) noexcept;

// ---- German lexicon and compound splitting ---------------------------------------------

/// The German word list embedded at build time (SCOUTMATCH_GERMAN_WORDLIST, Debian
/// wngerman): UTF-8, one word per line, as in the file.
std::string_view embedded_german_wordlist() noexcept;

/// A set of case-folded words for compound splitting. Immutable once built; all member
/// functions are thread-safe.
class Lexicon {
 public:
  /// An empty lexicon.
  Lexicon();
  ~Lexicon();
  Lexicon(Lexicon&&) noexcept;
  Lexicon& operator=(Lexicon&&) noexcept;
  Lexicon(const Lexicon&) = delete;
  Lexicon& operator=(const Lexicon&) = delete;

  /// Builds a lexicon from a word list, one word per line ("\n" or "\r\n"). Each word is
  /// normalize()d. Lines holding anything but letters, and abbreviations (two or more
  /// upper-case letters, "ABC", "ACLs"), are skipped.
  static Lexicon from_wordlist(std::string_view text);

  /// The German lexicon built from embedded_german_wordlist(), parsed once per process
  /// on first use (thread-safe, ~0.1 s).
  static const Lexicon& german();

  /// True if the normalised word `folded` is in the lexicon.
  bool contains(std::string_view folded) const noexcept;

  /// True if the normalised word `folded` is in the lexicon and one of the list entries
  /// it comes from was capitalised (a German noun, e.g. "bau" from "Bau").
  bool is_noun(std::string_view folded) const noexcept;

  /// Number of distinct words.
  std::size_t size() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// One part of a split compound: a byte range of the normalised compound, without the
/// linking element that may follow it.
struct CompoundPart {
  std::size_t begin = 0;  ///< byte offset of the part in the normalised word
  std::size_t end = 0;    ///< one past its last byte
};

/// Dictionary-based German compound splitter (see the file comment for the rules).
/// Thread-safe; holds a pointer to its lexicon, which must outlive it.
class Decompounder {
 public:
  /// \param lexicon   the words parts must be taken from (e.g. Lexicon::german())
  /// \param min_part  shortest part in characters (not bytes), default 3; throws
  ///                  invalid_argument [scoutmatch.options.analyzer.1] outside 2..10
  explicit Decompounder(const Lexicon& lexicon, std::size_t min_part = 3);

  /// Splits the normalised word `folded` ("wasserstofftechnologie") into its parts
  /// ({0,11}, {11,22}). Returns an empty vector when the word is not a compound: it is a
  /// lexicon word itself, contains non-letters, is shorter than 2 * min_part characters,
  /// or has no split into lexicon words. Never returns exactly one part.
  std::vector<CompoundPart> split(std::string_view folded) const;

  /// Shortest part in characters.
  std::size_t min_part() const noexcept { return min_part_; }

 private:
  const Lexicon* lexicon_;
  std::size_t min_part_;
};

// ---- stemming --------------------------------------------------------------------------

/// A Snowball stemmer (libstemmer, UTF-8) for German ("german") or English ("english").
/// The German stemmer also removes umlauts, so "gebäude" and "gebaude" both become
/// "gebaud". Not thread-safe: use one object per thread. Movable.
class Stemmer {
 public:
  /// Throws invalid_argument [scoutmatch.options.analyzer.3] for Language::unknown.
  explicit Stemmer(Language lang);
  ~Stemmer();
  Stemmer(Stemmer&&) noexcept;
  Stemmer& operator=(Stemmer&&) noexcept;
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;

  /// The stem of the normalised word `folded`, e.g. "technologien" -> "technologi". The
  /// view stays valid until the next call on this object.
  std::string_view stem_view(std::string_view folded);

  /// The stem as a new string.
  std::string stem(std::string_view folded) { return std::string(stem_view(folded)); }

  /// The stemmer's language.
  Language language() const noexcept { return lang_; }

 private:
  struct Deleter {
    void operator()(sb_stemmer* s) const noexcept;
  };
  std::unique_ptr<sb_stemmer, Deleter> stemmer_;
  Language lang_;
};

}  // namespace scoutmatch::text
