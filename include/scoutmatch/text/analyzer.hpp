#pragma once
/// \file analyzer.hpp
/// Text analysis for German and English profiles, as a pipeline of small stages
/// (see text/stages.hpp): normalise (NFKC + case folding) -> tokenize -> stop words
/// -> decompound (German) -> stem (Snowball).

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scoutmatch/text/stages.hpp"
#include "scoutmatch/types.hpp"

namespace scoutmatch {

/// Build-time choices of the analyzer. They are stored in an index so that queries are
/// analysed exactly like the indexed profiles.
struct AnalyzerOptions {
  bool stop_words = true;      ///< drop German and English stop words
  bool stem = true;            ///< Snowball stemming in the text's language
  bool decompound = true;      ///< split German compounds (the compound itself is kept too)
  std::size_t min_part = 3;    ///< shortest compound part in characters (2..10), default 3
  std::size_t max_token = 64;  ///< longer tokens are dropped, in bytes (8..1024), default 64

  /// Throws invalid_argument when a value is out of range: [scoutmatch.options.analyzer.1]
  /// for min_part, [scoutmatch.options.analyzer.2] for max_token.
  void validate() const;
};

/// One analysed token.
struct Token {
  std::string term;     ///< index term: normalised, case folded, stemmed
  std::string surface;  ///< readable form as it appeared in the text (NFC), e.g. "Wasserstoff";
                        ///< for a compound part the matching part of the compound
};

/// Turns text into index terms. Construction loads the German lexicon once per process.
/// All const member functions are safe to call from many threads at once: the results for
/// each distinct word (stop word?, stem, compound parts) are cached per thread and per
/// analyzer (up to 2^18 words, then the cache is cleared), so each word is stemmed and
/// split once per thread. A moved-from Analyzer may only be assigned to or destroyed.
class Analyzer {
 public:
  /// Throws invalid_argument if `options.validate()` fails.
  explicit Analyzer(AnalyzerOptions options = {});
  ~Analyzer();
  Analyzer(Analyzer&&) noexcept;
  Analyzer& operator=(Analyzer&&) noexcept;
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  /// Appends the tokens of `text` to `out`, in text order. `lang` selects stop words,
  /// stemmer and decompounding; Language::unknown means detect_language(text). Invalid
  /// UTF-8 bytes are skipped, never thrown on.
  ///
  /// Per token of text::tokenize(): words are normalised, stop words dropped (German
  /// text drops German and English stop words, English text only English ones), then
  /// stemmed. A German compound gives its own token followed by one token per part
  /// ("Wasserstofftechnologie", "Wasserstoff", "Technologie"). A German hyphenated word
  /// gives its parts and then its spelling without hyphens ("CO2-neutral" -> "co2",
  /// "neutral", "co2neutral"); English gives the parts only. Numbers ("4.0"), URLs and
  /// e-mail addresses are kept whole, normalised but not stemmed. Tokens of a single
  /// character and tokens longer than options().max_token bytes are dropped. An
  /// apostrophe in a German word cuts it ("Müller's" -> "müller"); English leaves it to
  /// the stemmer ("company's" -> "compani").
  void analyze(std::string_view text, Language lang, std::vector<Token>& out) const;

  /// Convenience overload returning a new vector.
  std::vector<Token> analyze(std::string_view text, Language lang) const;

  /// The two steps of analyze(), for callers that cache per distinct token (the vectorizer
  /// does): for `lang` de or en, analyze(text, lang, out) appends exactly what calling
  /// analyze_token(tok.view(text), tok.kind, lang, out) does for each `tok` that
  /// tokenize(text, lang, ...) appends, in that order. The result of analyze_token()
  /// depends only on its arguments and options(), never on the surrounding text.
  ///
  /// tokenize(): text::tokenize() with the options analyze() uses for `lang` (hyphenated
  /// words also give a joined token in German). Appends to `out`.
  void tokenize(std::string_view text, Language lang, std::vector<text::TextToken>& out) const;

  /// analyze_token(): the Tokens of one token of tokenize() (none for a stop word, a
  /// single character or a too long token; several for a German compound). `token` is its
  /// byte range of the text, `kind` its TokenKind. Language::unknown counts as English.
  void analyze_token(std::string_view token, text::TokenKind kind, Language lang,
                     std::vector<Token>& out) const;

  /// Guesses German or English from stop-word and character statistics of the first
  /// 8 KiB: each German stop word counts 1 for German, each English one 1 for English,
  /// each word with ä, ö, ü or ß 0.5 for German. Returns Language::de if German scores
  /// higher, else Language::en (also when the text gives no evidence, e.g. empty text).
  Language detect_language(std::string_view text) const;

  /// The options this analyzer was built with.
  const AnalyzerOptions& options() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace scoutmatch
