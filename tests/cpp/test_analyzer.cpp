// Tests of the text analyzer (include/scoutmatch/text/analyzer.hpp) and of each of its
// stages (include/scoutmatch/text/stages.hpp), with real German and English text.

#include <gtest/gtest.h>
#include <utf8proc.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "scoutmatch/error.hpp"
#include "scoutmatch/text/analyzer.hpp"
#include "scoutmatch/text/stages.hpp"
#include "test_helpers.hpp"

namespace sm = scoutmatch;
using sm::testing::error_id;
namespace tx = scoutmatch::text;
using sm::Language;

namespace {

// The analyzer is costly to build only once (lexicon); share one per process.
const sm::Analyzer& analyzer() {
  static const sm::Analyzer a;
  return a;
}

std::vector<std::string> terms(std::string_view text, Language lang,
                               const sm::Analyzer& a = analyzer()) {
  std::vector<std::string> out;
  for (const sm::Token& t : a.analyze(text, lang)) out.push_back(t.term);
  return out;
}

std::vector<std::string> surfaces(std::string_view text, Language lang) {
  std::vector<std::string> out;
  for (const sm::Token& t : analyzer().analyze(text, lang)) out.push_back(t.surface);
  return out;
}

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// The single term a word analyses to (it must give exactly one).
std::string term_of(std::string_view word, Language lang) {
  const auto t = terms(word, lang);
  EXPECT_EQ(t.size(), 1u) << "word: " << word;
  return t.empty() ? std::string() : t.front();
}

std::vector<std::string> token_texts(std::string_view text, const tx::TokenizerOptions& o = {}) {
  std::vector<std::string> out;
  for (const tx::TextToken& t : tx::tokenize(text, o)) out.emplace_back(t.view(text));
  return out;
}

std::vector<std::string> parts(std::string_view word, std::size_t min_part = 3) {
  const tx::Decompounder d(tx::Lexicon::german(), min_part);
  const std::string folded = tx::normalize(word);
  std::vector<std::string> out;
  for (const tx::CompoundPart& p : d.split(folded))
    out.push_back(folded.substr(p.begin, p.end - p.begin));
  return out;
}

bool valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  for (utf8proc_ssize_t i = 0, n = static_cast<utf8proc_ssize_t>(s.size()); i < n;) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t len = utf8proc_iterate(p + i, n - i, &cp);
    if (len <= 0) return false;
    i += len;
  }
  return true;
}

const char* const german_text =
    "Das Fraunhofer-Institut entwickelt gemeinsam mit mittelständischen Unternehmen "
    "Verfahren für die Wasserstofftechnologie, den Kunststoffspritzguss und die "
    "Gebäudetechnik. Wir suchen Partner für Forschung und Entwicklung, die Erfahrung mit "
    "Werkstofftechnologien und der Digitalisierung der Fertigung haben.";

const char* const english_text =
    "Our company develops hydrogen technologies and injection moulding processes for the "
    "automotive industry. We are looking for partners with experience in C++ software, "
    "3D printing and Industry 4.0, and we offer consulting to small enterprises.";

}  // namespace

// ---- normalize -------------------------------------------------------------------------

TEST(Normalize, SharpSAndCaseMeet) {
  EXPECT_EQ(tx::normalize("Straße"), "strasse");
  EXPECT_EQ(tx::normalize("STRASSE"), "strasse");
  EXPECT_EQ(tx::normalize("Strasse"), "strasse");
  EXPECT_EQ(tx::normalize("STRAẞE"), "strasse");  // capital sharp s U+1E9E
}

TEST(Normalize, KeepsUmlautsAndComposes) {
  EXPECT_EQ(tx::normalize("Gebäude"), "gebäude");
  EXPECT_EQ(tx::normalize("GEBÄUDE ÜBER ÖL"), "gebäude über öl");
  EXPECT_EQ(tx::normalize("Geba\xCC\x88ude"), "gebäude");  // a + combining diaeresis (NFD)
  EXPECT_EQ(tx::normalize("Cafe\xCC\x81"), "café");
}

TEST(Normalize, CompatibilityFormsAndIgnorables) {
  EXPECT_EQ(tx::normalize("\xEF\xAC\x81nden"), "finden");  // ligature fi
  EXPECT_EQ(tx::normalize("\xEF\xBC\xA1\xEF\xBC\xA2"
                          "C"),
            "abc");                                                // fullwidth A, B
  EXPECT_EQ(tx::normalize("Wasser\xC2\xADstoff"), "wasserstoff");  // soft hyphen
  EXPECT_EQ(tx::normalize("It\xE2\x80\x99s"), "it's");             // U+2019 lumped
}

TEST(Normalize, SkipsInvalidBytes) {
  EXPECT_EQ(tx::normalize("Stra\xFF\xC3\x9F"
                          "e"),
            "strasse");
  EXPECT_EQ(tx::normalize("ab\xC3"), "ab");  // truncated sequence at the end
  EXPECT_EQ(tx::normalize("\x80\x80"), "");
  EXPECT_TRUE(valid_utf8(tx::normalize("\xF0\x9F\x98 \xE2\x82 x\xC3\xA4\xFE")));
}

TEST(Normalize, NfcKeepsCase) {
  EXPECT_EQ(tx::to_nfc("Geba\xCC\x88ude"), "Gebäude");
  EXPECT_EQ(tx::to_nfc("Straße"), "Straße");
  EXPECT_EQ(tx::to_nfc("ASCII stays"), "ASCII stays");
  EXPECT_TRUE(tx::is_ascii("C++ and C#"));
  EXPECT_FALSE(tx::is_ascii("Öl"));
}

// ---- tokenize --------------------------------------------------------------------------

TEST(Tokenize, ProgrammingLanguagesAndNumbers) {
  EXPECT_EQ(
      token_texts("Wir nutzen C++ und C# sowie 3D-Druck."),
      (std::vector<std::string>{"Wir", "nutzen", "C++", "und", "C#", "sowie", "3D", "Druck"}));
  EXPECT_EQ(
      token_texts("Industrie 4.0 und 5G, Kosten 1.000,50 EUR."),
      (std::vector<std::string>{"Industrie", "4.0", "und", "5G", "Kosten", "1.000,50", "EUR"}));
  const auto toks = tx::tokenize("Version 2.0 in 2024");
  ASSERT_EQ(toks.size(), 4u);
  EXPECT_EQ(toks[1].kind, tx::TokenKind::number);
  EXPECT_EQ(toks[3].kind, tx::TokenKind::number);
  EXPECT_EQ(toks[0].kind, tx::TokenKind::word);
}

TEST(Tokenize, HyphenatedWords) {
  EXPECT_EQ(token_texts("CO2-neutral"), (std::vector<std::string>{"CO2", "neutral"}));
  tx::TokenizerOptions join;
  join.join_hyphenated = true;
  const std::string text = "eine CO2-neutral produzierte Anlage";
  const auto toks = tx::tokenize(text, join);
  ASSERT_EQ(toks.size(), 6u);
  EXPECT_EQ(toks[3].kind, tx::TokenKind::joined);
  EXPECT_EQ(toks[3].view(text), "CO2-neutral");
  // Numbers are not joined.
  EXPECT_EQ(token_texts("2020-2024 Industrie-4.0", join),
            (std::vector<std::string>{"2020", "2024", "Industrie", "4.0"}));
  // A trailing hyphen (German "Wasserstoff- und Brennstoffzellentechnik") joins nothing.
  EXPECT_EQ(token_texts("Wasserstoff- und Brennstoffzellentechnik", join),
            (std::vector<std::string>{"Wasserstoff", "und", "Brennstoffzellentechnik"}));
}

TEST(Tokenize, EmailAndUrlStayWhole) {
  const std::string text =
      "Kontakt: max.muster@firma-example.de oder https://www.example.org/forschung?id=3. "
      "Mehr unter www.example.de.";
  const auto toks = tx::tokenize(text);
  std::vector<std::string> v;
  for (const auto& t : toks) v.emplace_back(t.view(text));
  EXPECT_EQ(v, (std::vector<std::string>{"Kontakt", "max.muster@firma-example.de", "oder",
                                         "https://www.example.org/forschung?id=3", "Mehr", "unter",
                                         "www.example.de"}));
  EXPECT_EQ(toks[1].kind, tx::TokenKind::email);
  EXPECT_EQ(toks[3].kind, tx::TokenKind::url);
  EXPECT_EQ(toks[6].kind, tx::TokenKind::url);
  // An "@" that is not an address does not swallow words.
  EXPECT_EQ(token_texts("team @ home"), (std::vector<std::string>{"team", "home"}));
}

TEST(Tokenize, ApostrophesAndQuotes) {
  EXPECT_EQ(token_texts("don't stop the company's work"),
            (std::vector<std::string>{"don't", "stop", "the", "company's", "work"}));
  EXPECT_EQ(token_texts("\xE2\x80\x98quoted\xE2\x80\x99 'single'"),
            (std::vector<std::string>{"quoted", "single"}));
  EXPECT_EQ(token_texts("it\xE2\x80\x99s"), (std::vector<std::string>{"it\xE2\x80\x99s"}));
}

TEST(Tokenize, UnicodeLettersAndOffsets) {
  const std::string text = "Ärger über Öl, Ελλάδα и Москва; naïve";
  const auto toks = tx::tokenize(text);
  std::vector<std::string> v;
  for (const auto& t : toks) {
    ASSERT_LE(t.end, text.size());
    ASSERT_LT(t.begin, t.end);
    v.emplace_back(t.view(text));
  }
  EXPECT_EQ(v, (std::vector<std::string>{"Ärger", "über", "Öl", "Ελλάδα", "и", "Москва", "naïve"}));
  // A word written with a combining mark stays one token.
  EXPECT_EQ(token_texts("Geba\xCC\x88ude stehen"),
            (std::vector<std::string>{"Geba\xCC\x88ude", "stehen"}));
}

// The vectorised ASCII path (AVX-512BW and AVX2) must give exactly the scalar scanner's
// tokens: random texts from pieces that stress every rule (numbers with '.'/',',
// apostrophes, hyphens, C++/C#, e-mails, URLs, umlauts, long runs, control bytes, invalid
// UTF-8), at every length, so that tokens cross the 64-byte windows and the end of the
// text at every offset.
TEST(Tokenize, VectorisedPathEqualsScalar) {
  const std::vector<std::string> pieces = {
      // clang-format off
      "a", "Wasserstoff", "technology", "2024", "4.0", "1,5", "don't", "it's",
      "E-Mobilit\xC3\xA4t", "CO2-neutral", "C++", "C#", "x@y.de", "first.last@uni-siegen.de",
      "www.example.org", "https://a.b/c?d=e", "HTTP://X.DE", "ftp://f", "Stra\xC3\x9F" "e",
      "\xC3\x84rger", "na\xC3\xAFve", "a_b", "50%", "x:y", "3.", ".5", "--", "'q'", "#tag", "+",
      "@", "\xE2\x80\x99", "\xFF", "\x01",
      "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123",
      "Industrie-4.0", "2020-2024", "http", "www", "ftp", "mail", "A1", "9z"};
  // clang-format on
  const std::vector<std::string> seps = {" ", "  ", "\n", ", ", ". ", "; ", "-", "'", ".", ",",
                                         "(", ")", "\t", "/", "", "@", "_", ":"};
  std::mt19937 rng(2026);
  const bool before = tx::detail::tokenizer_simd(true);
  for (int round = 0; round < 4000; ++round) {
    std::string text;
    const std::size_t want = rng() % 300;
    while (text.size() < want) {
      text += pieces[rng() % pieces.size()];
      text += seps[rng() % seps.size()];
    }
    if (rng() % 3 == 0 && !text.empty()) text.resize(rng() % text.size());
    for (bool join : {false, true}) {
      tx::TokenizerOptions o;
      o.join_hyphenated = join;
      tx::detail::tokenizer_simd(false);
      const auto slow = tx::tokenize(text, o);
      for (int level : {2, 1}) {  // AVX-512BW, AVX2 (where the CPU has them)
        tx::detail::tokenizer_kernel(level);
        const auto fast = tx::tokenize(text, o);
        ASSERT_EQ(fast.size(), slow.size()) << "level " << level << ", text: " << text;
        for (std::size_t i = 0; i < fast.size(); ++i) {
          ASSERT_EQ(fast[i].begin, slow[i].begin) << "token " << i << " of: " << text;
          ASSERT_EQ(fast[i].end, slow[i].end) << "token " << i << " of: " << text;
          ASSERT_EQ(fast[i].kind, slow[i].kind) << "token " << i << " of: " << text;
        }
      }
    }
  }
  tx::detail::tokenizer_simd(before);
}

// ---- stop words ------------------------------------------------------------------------

TEST(StopWords, GermanAndEnglishLists) {
  for (const char* w : {"und", "die", "der", "für", "über", "dass", "nicht", "zwischen"})
    EXPECT_TRUE(tx::is_stop_word(w, Language::de)) << w;
  for (const char* w : {"the", "and", "of", "with", "don't", "themselves"})
    EXPECT_TRUE(tx::is_stop_word(w, Language::en)) << w;
  EXPECT_FALSE(tx::is_stop_word("und", Language::en));
  EXPECT_FALSE(tx::is_stop_word("the", Language::de));
  EXPECT_TRUE(tx::is_stop_word("the", Language::unknown));
  for (const char* w : {"wasserstoff", "technologie", "forschung", "unternehmen"})
    EXPECT_FALSE(tx::is_stop_word(w, Language::de)) << w;
  for (const char* w : {"hydrogen", "technology", "can", "us", "die"})
    EXPECT_FALSE(tx::is_stop_word(w, Language::en)) << w;
  const auto de = tx::stop_words(Language::de);
  EXPECT_GT(de.size(), 200u);
  EXPECT_TRUE(std::is_sorted(de.begin(), de.end()));
  EXPECT_TRUE(tx::stop_words(Language::unknown).empty());
}

TEST(StopWords, AnalyzerDropsThem) {
  const auto de = terms("Die Forschung und die Entwicklung für den Mittelstand", Language::de);
  EXPECT_EQ(de.size(), 3u);
  EXPECT_FALSE(contains(de, "die"));
  EXPECT_FALSE(contains(de, "und"));
  const auto en = terms("The research and the development of the company", Language::en);
  EXPECT_EQ(en, (std::vector<std::string>{"research", "develop", "compani"}));
}

// ---- lexicon and decompounding ---------------------------------------------------------

TEST(Lexicon, EmbeddedGermanWordList) {
  EXPECT_GT(tx::embedded_german_wordlist().size(), 1'000'000u);
  const tx::Lexicon& lex = tx::Lexicon::german();
  EXPECT_GT(lex.size(), 300'000u);
  EXPECT_TRUE(lex.contains("wasserstoff"));
  EXPECT_TRUE(lex.contains("gebäude"));
  EXPECT_TRUE(lex.contains("strasse"));  // "Straße", folded
  EXPECT_FALSE(lex.contains("wasserstofftechnologie"));
  EXPECT_FALSE(lex.contains("Wasserstoff"));  // lookups take normalised words
  EXPECT_TRUE(lex.is_noun("bau"));
  EXPECT_FALSE(lex.is_noun("schnell"));
  EXPECT_EQ(&tx::Lexicon::german(), &lex);  // parsed once
}

TEST(Lexicon, FromWordList) {
  const tx::Lexicon lex = tx::Lexicon::from_wordlist("Haus\r\nTür\nBoot\nABC\nx-y\n\nHaus\n");
  EXPECT_EQ(lex.size(), 3u);  // duplicates, abbreviations and non-letters skipped
  EXPECT_TRUE(lex.contains("tür"));
  EXPECT_FALSE(lex.contains("abc"));
  const tx::Decompounder d(lex, 3);
  const std::string w = "bootshaustür";  // boot + s + haus + tür
  const auto p = d.split(w);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(w.substr(p[0].begin, p[0].end - p[0].begin), "boot");
  EXPECT_EQ(w.substr(p[1].begin, p[1].end - p[1].begin), "haus");
  EXPECT_EQ(w.substr(p[2].begin, p[2].end - p[2].begin), "tür");
  EXPECT_TRUE(d.split("haus").empty());
  EXPECT_TRUE(d.split("hausboxt").empty());
}

// The lexicon's open-addressing table over many words (30k, with collisions and long
// probe runs): every listed word is found with its noun flag, no unlisted word is.
TEST(Lexicon, EveryListedWordFoundAndNoOther) {
  std::mt19937_64 rng(5);
  const auto word = [&] {
    std::string w;
    const std::size_t n = 4 + rng() % 12;
    for (std::size_t i = 0; i < n; ++i) w += static_cast<char>('a' + rng() % 26);
    return w;
  };
  std::vector<std::string> listed, other;
  std::string text;
  for (int i = 0; i < 30000; ++i) {
    listed.push_back(word());
    // Every third word capitalised: a noun.
    std::string line = listed.back();
    if (i % 3 == 0) line[0] = static_cast<char>(line[0] - 'a' + 'A');
    text += line + "\n";
  }
  std::sort(listed.begin(), listed.end());
  for (int i = 0; i < 30000; ++i)
    if (std::string w = word(); !std::binary_search(listed.begin(), listed.end(), w))
      other.push_back(w);
  const tx::Lexicon lex = tx::Lexicon::from_wordlist(text);
  std::size_t found = 0, nouns = 0, stray = 0;
  for (const std::string& w : listed) {
    found += lex.contains(w);
    nouns += lex.is_noun(w);
  }
  for (const std::string& w : other) stray += lex.contains(w) || lex.is_noun(w);
  EXPECT_EQ(found, listed.size());
  EXPECT_GE(nouns, 10000u);  // 10,000 capitalised lines (a word listed twice may be both)
  EXPECT_LE(nouns, 10100u);
  EXPECT_EQ(stray, 0u);
}

TEST(Decompound, RequiredSplits) {
  EXPECT_EQ(parts("Wasserstofftechnologie"),
            (std::vector<std::string>{"wasserstoff", "technologie"}));
  EXPECT_EQ(parts("Werkstofftechnologien"),
            (std::vector<std::string>{"werkstoff", "technologien"}));
  EXPECT_EQ(parts("Gebäudetechnik"), (std::vector<std::string>{"gebäude", "technik"}));
  // Fewest parts: not "kunst" + "stoff" + "spritzguss".
  EXPECT_EQ(parts("Kunststoffspritzguss"), (std::vector<std::string>{"kunststoff", "spritzguss"}));
  // Linking element "s" between the parts.
  EXPECT_EQ(parts("Digitalisierungsstrategie"),
            (std::vector<std::string>{"digitalisierung", "strategie"}));
}

TEST(Decompound, NoFalseSplitsOfOrdinaryWords) {
  for (const char* w : {"Forschung", "Entwicklung", "Beratung", "Verarbeitung", "Konstruktion",
                        "Fertigung", "Unternehmen", "Digitalisierung", "Wirtschaft", "Gesellschaft",
                        "Learning", "Engineering", "Startups"}) {
    EXPECT_TRUE(parts(w).empty()) << w;
    EXPECT_EQ(terms(w, Language::de).size(), 1u) << w;
  }
}

TEST(Decompound, MinPartIsInCharacters) {
  // "öl" is 2 characters but 3 bytes: "Ölsensoren" splits only when 2-character parts are
  // allowed.
  EXPECT_TRUE(parts("Ölsensoren", 3).empty());
  EXPECT_EQ(parts("Ölsensoren", 2), (std::vector<std::string>{"öl", "sensoren"}));
  EXPECT_EQ(error_id([] { tx::Decompounder d(tx::Lexicon::german(), 1); }),
            "scoutmatch.options.analyzer.1");
  EXPECT_EQ(error_id([] { tx::Decompounder d(tx::Lexicon::german(), 11); }),
            "scoutmatch.options.analyzer.1");
}

TEST(Decompound, AnalyzerKeepsCompoundAndAddsParts) {
  const auto t = terms("Wasserstofftechnologie", Language::de);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0], tx::Stemmer(Language::de).stem("wasserstofftechnologie"));  // the compound
  EXPECT_EQ(t[1], term_of("Wasserstoff", Language::de));
  EXPECT_EQ(t[2], term_of("Technologie", Language::de));
  EXPECT_TRUE(
      contains(terms("Werkstofftechnologien", Language::de), term_of("Werkstoff", Language::de)));
  const auto g = terms("Gebäudetechnik", Language::de);
  EXPECT_TRUE(contains(g, term_of("Gebäude", Language::de)));
  EXPECT_TRUE(contains(g, term_of("Technik", Language::de)));
  EXPECT_TRUE(
      contains(terms("Kunststoffspritzguss", Language::de), term_of("Spritzguss", Language::de)));
}

TEST(Decompound, PartSurfacesAreReadable) {
  EXPECT_EQ(surfaces("Wasserstofftechnologie", Language::de),
            (std::vector<std::string>{"Wasserstofftechnologie", "Wasserstoff", "Technologie"}));
  EXPECT_EQ(surfaces("Gebäudetechnik", Language::de),
            (std::vector<std::string>{"Gebäudetechnik", "Gebäude", "Technik"}));
  // Linking element dropped from the surface; NFD input shown in NFC.
  EXPECT_EQ(
      surfaces("Digitalisierungsstrategie", Language::de),
      (std::vector<std::string>{"Digitalisierungsstrategie", "Digitalisierung", "Strategie"}));
  EXPECT_EQ(surfaces("Geba\xCC\x88udetechnik", Language::de),
            (std::vector<std::string>{"Gebäudetechnik", "Gebäude", "Technik"}));
}

TEST(Decompound, GermanOnly) {
  EXPECT_EQ(terms("Wasserstofftechnologie", Language::en).size(), 1u);
  sm::AnalyzerOptions o;
  o.decompound = false;
  const sm::Analyzer a(o);
  EXPECT_EQ(terms("Wasserstofftechnologie", Language::de, a).size(), 1u);
}

TEST(Decompound, HyphenatedGermanMeetsClosedSpelling) {
  const auto closed = terms("Wasserstofftechnologie", Language::de);
  const auto hyphen = terms("Wasserstoff-Technologie", Language::de);
  EXPECT_TRUE(contains(hyphen, closed[0]));  // the joined spelling
  EXPECT_TRUE(contains(hyphen, term_of("Wasserstoff", Language::de)));
  EXPECT_TRUE(contains(hyphen, term_of("Technologie", Language::de)));
  // English gets the parts only.
  EXPECT_EQ(terms("CO2-neutral", Language::en), (std::vector<std::string>{"co2", "neutral"}));
}

// ---- stemming --------------------------------------------------------------------------

TEST(Stemmer, GermanAndEnglish) {
  tx::Stemmer de(Language::de);
  EXPECT_EQ(de.stem("technologie"), de.stem("technologien"));
  EXPECT_EQ(de.stem("gebäude"), de.stem("gebaude"));
  EXPECT_EQ(de.stem("gebäude"), "gebaud");
  EXPECT_NE(de.stem("forschung"), de.stem("forscher"));
  EXPECT_EQ(de.language(), Language::de);
  tx::Stemmer en(Language::en);
  EXPECT_EQ(en.stem("technologies"), en.stem("technology"));
  EXPECT_EQ(en.stem("developing"), "develop");
  EXPECT_EQ(en.stem(""), "");
  EXPECT_EQ(error_id([] { tx::Stemmer s(Language::unknown); }), "scoutmatch.options.analyzer.3");
}

TEST(Stemmer, AnalyzerTermsMeet) {
  EXPECT_EQ(term_of("Technologie", Language::de), term_of("Technologien", Language::de));
  EXPECT_EQ(term_of("technologies", Language::en), term_of("Technology", Language::en));
  sm::AnalyzerOptions o;
  o.stem = false;
  const sm::Analyzer a(o);
  EXPECT_EQ(terms("Technologien", Language::de, a), (std::vector<std::string>{"technologien"}));
}

// ---- the analyzer as a whole -----------------------------------------------------------

TEST(Analyzer, CasingUmlautsAndSharpS) {
  EXPECT_EQ(term_of("Straße", Language::de), term_of("STRASSE", Language::de));
  EXPECT_EQ(term_of("Straße", Language::de), term_of("Strasse", Language::de));
  EXPECT_EQ(term_of("Gebäude", Language::de), term_of("Gebaude", Language::de));
  EXPECT_EQ(term_of("GEBÄUDE", Language::de), term_of("gebäude", Language::de));
  EXPECT_EQ(term_of("Gebäude", Language::de), term_of("Geba\xCC\x88ude", Language::de));
  const auto s = analyzer().analyze("STRAẞE", Language::de);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].surface, "STRAẞE");
}

TEST(Analyzer, GermanSentence) {
  const auto t = terms(german_text, Language::de);
  for (const char* w : {"Wasserstoff", "Technologie", "Spritzguss", "Gebäude", "Forschung",
                        "Werkstoff", "Fertigung", "Partner"})
    EXPECT_TRUE(contains(t, term_of(w, Language::de))) << w;
  for (const char* w : {"die", "und", "für", "mit", "der"}) EXPECT_FALSE(contains(t, w)) << w;
  // Auto-detection gives the same result.
  EXPECT_EQ(terms(german_text, Language::unknown), t);
}

TEST(Analyzer, EnglishSentence) {
  const auto t = terms(english_text, Language::en);
  for (const char* w :
       {"hydrogen", "technolog", "inject", "mould", "c++", "3d", "4.0", "consult", "enterpris"})
    EXPECT_TRUE(contains(t, w)) << w;
  for (const char* w : {"the", "and", "we", "our", "for"}) EXPECT_FALSE(contains(t, w)) << w;
  EXPECT_EQ(terms(english_text, Language::unknown), t);
}

TEST(Analyzer, TokensOfEmailUrlAndApostrophes) {
  const auto t =
      terms("Contact info@example.com or visit https://example.org/research today", Language::en);
  EXPECT_EQ(t, (std::vector<std::string>{"contact", "info@example.com", "visit",
                                         "https://example.org/research", "today"}));
  EXPECT_EQ(term_of("company's", Language::en), term_of("company", Language::en));
  EXPECT_EQ(terms("Müller's Werkstatt", Language::de)[0], term_of("Müller", Language::de));
  EXPECT_TRUE(terms("don't", Language::en).empty());  // a stop word
}

TEST(Analyzer, SingleCharactersAndLongTokensDropped) {
  EXPECT_TRUE(terms("a b c 1 2 3 z.B. u.a.", Language::de).empty());
  const std::string long_word(70, 'x');
  EXPECT_TRUE(terms(long_word, Language::en).empty());  // > 64 bytes
  sm::AnalyzerOptions o;
  o.max_token = 128;
  const sm::Analyzer a(o);
  EXPECT_EQ(terms(long_word, Language::en, a).size(), 1u);
  // 32 "ä" are 64 bytes (kept), 33 are 66 bytes (dropped): the limit is in bytes.
  std::string umlauts;
  for (int i = 0; i < 32; ++i) umlauts += "ä";
  EXPECT_EQ(terms(umlauts, Language::en).size(), 1u);
  EXPECT_TRUE(terms(umlauts + "ä", Language::en).empty());
}

TEST(Analyzer, StopWordsOption) {
  sm::AnalyzerOptions o;
  o.stop_words = false;
  const sm::Analyzer a(o);
  EXPECT_EQ(terms("Forschung und Entwicklung", Language::de, a).size(), 3u);
  EXPECT_EQ(terms("Forschung und Entwicklung", Language::de).size(), 2u);
}

TEST(Analyzer, DetectLanguage) {
  const auto& a = analyzer();
  EXPECT_EQ(a.detect_language(german_text), Language::de);
  EXPECT_EQ(a.detect_language(english_text), Language::en);
  EXPECT_EQ(a.detect_language("Wir entwickeln Software für die Industrie."), Language::de);
  EXPECT_EQ(a.detect_language("We build software for the industry."), Language::en);
  EXPECT_EQ(a.detect_language("Prüfstände, Größenmessung, Schweißtechnik"), Language::de);
  EXPECT_EQ(a.detect_language(""), Language::en);
  EXPECT_EQ(a.detect_language("12345 67890"), Language::en);
}

TEST(Analyzer, EmptyAndPunctuationOnly) {
  EXPECT_TRUE(analyzer().analyze("", Language::de).empty());
  EXPECT_TRUE(analyzer().analyze("", Language::unknown).empty());
  EXPECT_TRUE(analyzer().analyze("  ,;-- ... !!", Language::en).empty());
  std::vector<sm::Token> out{{"kept", "kept"}};
  analyzer().analyze("Wasserstoff", Language::de, out);  // appends
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].term, "kept");
}

TEST(Analyzer, InvalidUtf8NeverCrashes) {
  // Invalid bytes inside words are skipped.
  EXPECT_EQ(terms("Wasser\xFFstoff", Language::de), terms("Wasserstoff", Language::de));
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> byte(0, 255);
  const std::string seeds[] = {german_text, english_text};
  for (int i = 0; i < 2000; ++i) {
    std::string s = seeds[i % 2].substr(0, 40 + i % 100);
    for (int k = 0; k < 1 + i % 12; ++k)
      s[static_cast<std::size_t>(byte(rng)) % s.size()] = static_cast<char>(byte(rng));
    for (const Language l : {Language::de, Language::en, Language::unknown}) {
      for (const sm::Token& t : analyzer().analyze(s, l)) {
        ASSERT_TRUE(valid_utf8(t.term)) << s;
        ASSERT_TRUE(valid_utf8(t.surface)) << s;
        ASSERT_FALSE(t.term.empty());
      }
    }
  }
}

TEST(Analyzer, ConcurrentUseGivesSameResults) {
  const sm::Analyzer a;  // a fresh analyzer: its caches start empty in every thread
  const std::vector<std::string> texts = {german_text, english_text,
                                          "Kunststoffspritzguss und Gebäudetechnik",
                                          "Industry 4.0, C++ and CO2-neutral production"};
  std::vector<std::vector<sm::Token>> expected;
  for (const auto& t : texts) expected.push_back(sm::Analyzer().analyze(t, Language::unknown));
  constexpr int n_threads = 8;
  std::vector<int> mismatches(n_threads, 0);
  {
    // Plain threads on purpose: the test needs 8 truly concurrent callers whatever the
    // number of cores, which a TBB arena does not promise.
    std::vector<std::thread> threads;
    for (int i = 0; i < n_threads; ++i) {
      threads.emplace_back([&, i] {
        for (int round = 0; round < 200; ++round) {
          const std::size_t k = static_cast<std::size_t>(round + i) % texts.size();
          const auto got = a.analyze(texts[k], Language::unknown);
          bool same = got.size() == expected[k].size();
          for (std::size_t j = 0; same && j < got.size(); ++j)
            same = got[j].term == expected[k][j].term && got[j].surface == expected[k][j].surface;
          if (!same) ++mismatches[static_cast<std::size_t>(i)];
        }
      });
    }
    for (auto& t : threads) t.join();
  }
  for (int i = 0; i < n_threads; ++i) EXPECT_EQ(mismatches[static_cast<std::size_t>(i)], 0) << i;
  EXPECT_GT(expected[0].size(), 10u);
}

TEST(Analyzer, TokenByTokenEqualsWholeText) {
  // The vectorizer caches analyze_token() per distinct token: it must give exactly what
  // analyze() gives, token for token, whatever the surrounding text.
  const std::string texts[] = {
      german_text, english_text,
      "Wasserstofftechnologie, CO2-neutral, E-Mobilität; Müller's Straße und STRASSE, "
      "Gebäude- und Kunststoffspritzguss 4.0 1.000,50 2020-2024 Industrie-4.0",
      "C++, C# and F# at https://example.org/x?y=1. Mail info@example.org! don't company's "
      "ＦＵＬＬＷＩＤＴＨ, ﬁne, Fu\xC3\x9F\xC3\x9F"
      "ball, Wasser\xFF"
      "stoff, a b cc " +
          std::string(80, 'x')};
  for (const std::string& text : texts) {
    for (const Language l : {Language::de, Language::en}) {
      for (const sm::AnalyzerOptions& o :
           {sm::AnalyzerOptions{}, sm::AnalyzerOptions{false, false, false, 2, 8}}) {
        const sm::Analyzer a(o);
        const std::vector<sm::Token> whole = a.analyze(text, l);
        std::vector<tx::TextToken> toks;
        a.tokenize(text, l, toks);
        std::vector<sm::Token> pieces;
        // Each token twice, in reverse order: a cached word must not depend on its neighbours.
        for (auto it = toks.rbegin(); it != toks.rend(); ++it)
          a.analyze_token(it->view(text), it->kind, l, pieces);
        pieces.clear();
        for (const tx::TextToken& t : toks) a.analyze_token(t.view(text), t.kind, l, pieces);
        ASSERT_EQ(pieces.size(), whole.size()) << text;
        for (std::size_t i = 0; i < whole.size(); ++i) {
          EXPECT_EQ(pieces[i].term, whole[i].term) << i << ' ' << text;
          EXPECT_EQ(pieces[i].surface, whole[i].surface) << i << ' ' << text;
        }
        EXPECT_GT(whole.size(), 5u);
      }
    }
  }
}

TEST(Analyzer, MovedAnalyzerStillWorks) {
  sm::Analyzer a;
  const auto before = a.analyze("Wasserstofftechnologie", Language::de);
  sm::Analyzer b(std::move(a));
  EXPECT_EQ(b.analyze("Wasserstofftechnologie", Language::de).size(), before.size());
  EXPECT_EQ(b.options().min_part, 3u);
}

// ---- options ---------------------------------------------------------------------------

TEST(AnalyzerOptions, Validate) {
  EXPECT_NO_THROW(sm::AnalyzerOptions{}.validate());
  auto with = [](auto set) {
    sm::AnalyzerOptions o;
    set(o);
    return error_id([&] { o.validate(); });
  };
  EXPECT_EQ(with([](auto& o) { o.min_part = 1; }), "scoutmatch.options.analyzer.1");
  EXPECT_EQ(with([](auto& o) { o.min_part = 11; }), "scoutmatch.options.analyzer.1");
  EXPECT_EQ(with([](auto& o) { o.max_token = 7; }), "scoutmatch.options.analyzer.2");
  EXPECT_EQ(with([](auto& o) { o.max_token = 1025; }), "scoutmatch.options.analyzer.2");
  EXPECT_EQ(with([](auto& o) { o.min_part = 2; }), "");
  EXPECT_EQ(with([](auto& o) { o.max_token = 1024; }), "");
  sm::AnalyzerOptions bad;
  bad.max_token = 0;
  EXPECT_EQ(error_id([&] { sm::Analyzer a(bad); }), "scoutmatch.options.analyzer.2");
  try {
    bad.validate();
  } catch (const sm::error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("[scoutmatch.options.analyzer.2]", 0), 0u);
  }
}

TEST(Decompound, LongLexicalisedCompoundsGiveTheirParts) {
  // In the word list, but long and made of two nouns: split.
  const auto t = terms("Fertigungstechnik", Language::de);
  EXPECT_TRUE(contains(t, term_of("Fertigung", Language::de)));
  EXPECT_TRUE(contains(t, term_of("Technik", Language::de)));
  EXPECT_TRUE(
      contains(terms("Forschungseinrichtung", Language::de), term_of("Einrichtung", Language::de)));
  // Short lexicalised compounds stay whole: hydrogen is not water.
  EXPECT_EQ(terms("Wasserstoff", Language::de).size(), 1u);
  EXPECT_FALSE(contains(terms("Wasserstoff", Language::de), term_of("Wasser", Language::de)));
}
