// Text analysis throughput (MB/s of input text), English and German: the analyzer on
// running prose, and vectorize() (analysis + BM25F weighting of a corpus, what
// Index::build spends most of its time on) on synthetic Zipf corpora.
#include <benchmark/benchmark.h>
#include <tbb/task_arena.h>

#include <random>
#include <string>

#include "scoutmatch/text/analyzer.hpp"
#include "scoutmatch/text/stages.hpp"
#include "scoutmatch/vectorize/vectorizer.hpp"
#include "synthetic.hpp"

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

// Arg: the tokenizer's vectorised ASCII path (0 off, 1 AVX2, 2 AVX-512BW; capped at what
// the CPU has).
void analyze(benchmark::State& state, bool german) {
  const int before = sm::text::detail::tokenizer_kernel(static_cast<int>(state.range(0)));
  const sm::Analyzer analyzer;
  const std::string text = corpus(german);
  std::vector<sm::Token> tokens;
  for (auto _ : state) {
    tokens.clear();
    analyzer.analyze(text, german ? sm::Language::de : sm::Language::en, tokens);
    benchmark::DoNotOptimize(tokens.data());
  }
  sm::text::detail::tokenizer_kernel(before);
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

// `n` German profiles of 300 words over a Zipf vocabulary of 100k words: 70% words of the
// embedded German word list, 30% compounds of two of its nouns ("Kabel" + "führung").
std::vector<sm::Profile> german_profiles(std::size_t n) {
  std::vector<std::string> words, nouns;
  const std::string_view list = sm::text::embedded_german_wordlist();
  for (std::size_t b = 0; b < list.size();) {
    std::size_t e = list.find('\n', b);
    if (e == std::string_view::npos) e = list.size();
    const std::string_view w = list.substr(b, e - b);
    b = e + 1;
    if (w.size() < 2 || w.find_first_of("'-. ") != std::string_view::npos) continue;
    words.emplace_back(w);
    if (w.size() >= 4 && w[0] >= 'A' && w[0] <= 'Z' && w[1] >= 'a' && w[1] <= 'z')
      nouns.emplace_back(w);
  }
  std::mt19937_64 rng(42);
  constexpr std::size_t vocabulary = 100000;
  std::vector<std::string> vocab;
  for (std::size_t i = 0; i < vocabulary; ++i) {
    if (i % 10 < 7) {
      vocab.push_back(words[rng() % words.size()]);
    } else {
      std::string a = nouns[rng() % nouns.size()], b = nouns[rng() % nouns.size()];
      b[0] = static_cast<char>(b[0] | 0x20);
      vocab.push_back(a + b);
    }
  }
  const sm::bench::Zipf zipf(vocabulary);
  std::vector<sm::Profile> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    out[i].id = "g" + std::to_string(i);
    out[i].lang = sm::Language::de;
    for (std::size_t w = 0; w < 300; ++w) {
      if (w) out[i].text += (w % 17 == 0) ? ". " : " ";
      out[i].text += vocab[zipf(rng)];
    }
  }
  return out;
}

// vectorize() of `profiles` with state.range(0) threads; a new Analyzer per iteration, as
// in Index::build (its per-word caches start empty).
void vectorize(benchmark::State& state, const std::vector<sm::Profile>& profiles) {
  std::size_t bytes = 0;
  for (const sm::Profile& p : profiles) bytes += p.text.size();
  tbb::task_arena arena(static_cast<int>(state.range(0)));
  const sm::Analyzer warm;  // loads the German lexicon once, outside the timing
  std::size_t terms = 0;
  for (auto _ : state) {
    arena.execute([&] {
      const sm::Analyzer analyzer;
      const sm::CorpusVectors v = sm::vectorize(profiles, analyzer, sm::Bm25Options{});
      terms = v.vocabulary.size();
    });
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["profiles/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * profiles.size()), benchmark::Counter::kIsRate);
  state.counters["terms"] = static_cast<double>(terms);
}

// The peers' text workload (bench/peers): 20k English profiles of 300 Zipf words.
void BM_VectorizeEnglish(benchmark::State& state) {
  static const std::vector<sm::Profile> profiles = sm::bench::synthetic_profiles(20000);
  vectorize(state, profiles);
}
void BM_VectorizeGerman(benchmark::State& state) {
  static const std::vector<sm::Profile> profiles = german_profiles(20000);
  vectorize(state, profiles);
}

}  // namespace

BENCHMARK(BM_VectorizeEnglish)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_VectorizeGerman)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_AnalyzeEnglish)->Arg(2)->Arg(1)->Arg(0)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AnalyzeGerman)->Arg(2)->Arg(1)->Arg(0)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DetectLanguage)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
