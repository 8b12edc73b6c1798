// Text analysis throughput (MB/s of input text), English and German.
#include <benchmark/benchmark.h>

#include <string>

#include "scoutmatch/text/analyzer.hpp"

namespace sm = scoutmatch;

namespace {

// Realistic profile prose (written for this benchmark), repeated to ~64 KB.
std::string corpus(bool german) {
  const std::string de =
      "Wir sind ein mittelständischer Automobilzulieferer aus dem Sauerland und fertigen "
      "Kunststoffspritzguss, Leichtbaukonstruktionen und Oberflächenbeschichtungen für "
      "Fahrzeughersteller. Für die Umstellung auf CO2-neutrale Fertigung suchen wir Partner "
      "mit Erfahrung in Wasserstofftechnologie, Brennstoffzellensystemen und Industrie 4.0. "
      "Unsere Werkstofftechnologien umfassen faserverstärkte Kunststoffe und Aluminiumguss. ";
  const std::string en =
      "Our research group develops machine learning methods for robotic assembly, digital twins "
      "of production lines and predictive maintenance. We offer testing of fuel cells and "
      "hydrogen storage systems, lightweight design with fibre-reinforced polymers and surface "
      "coating analysis. Partners from automotive supply and machine building are welcome. ";
  std::string out;
  while (out.size() < (64u << 10)) out += german ? de : en;
  return out;
}

void analyze(benchmark::State& state, bool german) {
  const sm::Analyzer analyzer;
  const std::string text = corpus(german);
  std::vector<sm::Token> tokens;
  for (auto _ : state) {
    tokens.clear();
    analyzer.analyze(text, german ? sm::Language::de : sm::Language::en, tokens);
    benchmark::DoNotOptimize(tokens.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["tokens"] = static_cast<double>(tokens.size());
}

void BM_AnalyzeEnglish(benchmark::State& state) {
  analyze(state, false);
}
void BM_AnalyzeGerman(benchmark::State& state) {
  analyze(state, true);
}

void BM_DetectLanguage(benchmark::State& state) {
  const sm::Analyzer analyzer;
  const std::string text = corpus(true).substr(0, 2000);
  for (auto _ : state) benchmark::DoNotOptimize(analyzer.detect_language(text));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

}  // namespace

BENCHMARK(BM_AnalyzeEnglish)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AnalyzeGerman)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DetectLanguage)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
