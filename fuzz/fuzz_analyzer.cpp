// libFuzzer target: the text analyzer (src/text/: normalise, tokenize, stop words,
// decompound, stem, language detection) on arbitrary bytes.
//
// Input: the first byte chooses the language (bits 0-1: unknown, de, en, de) and one of
// four analyzers (bits 2-3: default; no decompounding; no stemming and no stop words;
// min_part 2 and max_token 8); the rest is the text. Checks: every token has a non-empty,
// valid UTF-8 term of at most max_token bytes and a valid UTF-8 surface, and analysing
// the same text again (now from the per-thread word cache) gives the same tokens.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_common.hpp"
#include "scoutmatch/error.hpp"
#include "scoutmatch/text/analyzer.hpp"

namespace sm = scoutmatch;
using scoutmatch_fuzz::fail;
using scoutmatch_fuzz::valid_utf8;

namespace {

const std::array<sm::Analyzer, 4>& analyzers() {
  static const std::array<sm::Analyzer, 4> all = [] {
    sm::AnalyzerOptions no_decompound;
    no_decompound.decompound = false;
    sm::AnalyzerOptions bare;
    bare.stem = false;
    bare.stop_words = false;
    sm::AnalyzerOptions tight;
    tight.min_part = 2;
    tight.max_token = 8;
    return std::array<sm::Analyzer, 4>{sm::Analyzer(sm::AnalyzerOptions{}),
                                       sm::Analyzer(no_decompound), sm::Analyzer(bare),
                                       sm::Analyzer(tight)};
  }();
  return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const sm::Language languages[4] = {sm::Language::unknown, sm::Language::de,
                                            sm::Language::en, sm::Language::de};
  const sm::Language lang = languages[data[0] & 3];
  const sm::Analyzer& analyzer = analyzers()[(data[0] >> 2) & 3];
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    const sm::Language detected = analyzer.detect_language(text);
    if (detected != sm::Language::de && detected != sm::Language::en)
      fail("detect_language gave neither de nor en");
    const std::vector<sm::Token> first = analyzer.analyze(text, lang);
    for (const sm::Token& t : first) {
      if (t.term.empty()) fail("empty term");
      if (t.term.size() > analyzer.options().max_token) fail("term longer than max_token");
      if (!valid_utf8(t.term)) fail("term is not valid UTF-8");
      if (!valid_utf8(t.surface)) fail("surface is not valid UTF-8");
    }
    const std::vector<sm::Token> again = analyzer.analyze(text, lang);
    if (again.size() != first.size()) fail("second analysis gave a different number of tokens");
    for (std::size_t i = 0; i < first.size(); ++i)
      if (again[i].term != first[i].term || again[i].surface != first[i].surface)
        fail("second analysis (cached) differs from the first");
  } catch (const sm::error&) {
    // the analyzer documents no errors for text, but a scoutmatch error is not a crash
  }
  return 0;
}
