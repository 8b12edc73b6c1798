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

#include "scoutmatch/types.hpp"

namespace scoutmatch {

/// Build-time choices of the analyzer. They are stored in an index so that queries are
/// analysed exactly like the indexed profiles.
struct AnalyzerOptions {
  bool stop_words = true;       ///< drop German and English stop words
  bool stem = true;             ///< Snowball stemming in the text's language
  bool decompound = true;       ///< split German compounds (the compound itself is kept too)
  std::size_t min_part = 3;     ///< shortest compound part in characters (2..10), default 3
  std::size_t max_token = 64;   ///< longer tokens are dropped, in bytes (8..1024), default 64

  /// Throws invalid_argument ([scoutmatch.options.analyzer.N]) when a value is out of range.
  void validate() const;
};

/// One analysed token.
struct Token {
  std::string term;     ///< index term: normalised, case folded, stemmed
  std::string surface;  ///< readable form as it appeared in the text (NFC), e.g. "Wasserstoff";
                        ///< for a compound part the matching part of the compound
};

/// Turns text into index terms. Construction loads the German lexicon once per process.
/// All const member functions are safe to call from many threads at once.
class Analyzer {
 public:
  /// Throws invalid_argument if `options.validate()` fails.
  explicit Analyzer(AnalyzerOptions options = {});
  ~Analyzer();
  Analyzer(Analyzer&&) noexcept;
  Analyzer& operator=(Analyzer&&) noexcept;
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  /// Appends the tokens of `text` to `out`. `lang` selects stop words, stemmer and
  /// decompounding; Language::unknown means detect_language(text). Invalid UTF-8 bytes
  /// are skipped, never thrown on.
  void analyze(std::string_view text, Language lang, std::vector<Token>& out) const;

  /// Convenience overload returning a new vector.
  std::vector<Token> analyze(std::string_view text, Language lang) const;

  /// Guesses German or English from stop-word and character statistics. Returns
  /// Language::en when the text gives no evidence either way (e.g. empty text).
  Language detect_language(std::string_view text) const;

  /// The options this analyzer was built with.
  const AnalyzerOptions& options() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace scoutmatch
