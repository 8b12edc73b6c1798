#pragma once
// Synthetic data for the benchmarks: profiles whose texts are pseudo-words drawn from a Zipf
// distribution (s = 1) over a fixed vocabulary, with random kinds and coordinates; and
// embedding-like unit vectors. Fixed seeds.
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "scoutmatch/types.hpp"

namespace scoutmatch::bench {

/// `v` distinct pronounceable pseudo-words ("kavomel", ...), deterministic.
inline std::vector<std::string> pseudo_words(std::size_t v, unsigned seed = 1) {
  static const char* onsets[] = {"b", "d", "f", "g", "k", "l",  "m",  "n",  "p",  "r",
                                 "s", "t", "v", "w", "z", "st", "tr", "pl", "gr", "sch"};
  static const char* vowels[] = {"a", "e", "i", "o", "u", "ei", "au", "ie"};
  std::mt19937 rng(seed);
  std::vector<std::string> words;
  words.reserve(v);
  for (std::size_t i = 0; i < v; ++i) {
    std::string w;
    const int syllables = 2 + static_cast<int>(rng() % 3);
    for (int s = 0; s < syllables; ++s) {
      w += onsets[rng() % 20];
      w += vowels[rng() % 8];
    }
    w += std::to_string(i % 97);  // keeps words distinct without making them look alike
    words.push_back(std::move(w));
  }
  return words;
}

/// Samples ranks 0..n-1 with P(r) ~ 1 / (r + 1).
class Zipf {
 public:
  explicit Zipf(std::size_t n) : cdf_(n) {
    double sum = 0;
    for (std::size_t r = 0; r < n; ++r) cdf_[r] = sum += 1.0 / static_cast<double>(r + 1);
    for (double& c : cdf_) c /= sum;
  }
  template <class Rng>
  std::size_t operator()(Rng& rng) const {
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    return static_cast<std::size_t>(std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin());
  }

 private:
  std::vector<double> cdf_;
};

/// `n` profiles of `words` words each over a Zipf vocabulary of `vocabulary` words.
inline std::vector<Profile> synthetic_profiles(std::size_t n, std::size_t words = 300,
                                               std::size_t vocabulary = 100000,
                                               unsigned seed = 42) {
  const auto vocab = pseudo_words(vocabulary);
  const Zipf zipf(vocabulary);
  std::mt19937_64 rng(seed);
  std::vector<Profile> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    Profile& p = out[i];
    p.id = "p" + std::to_string(i);
    p.kind = static_cast<Kind>(rng() % kind_count);
    p.lang = Language::en;
    p.country = (rng() % 4) ? "DE" : "NL";
    p.lat = 50.0 + static_cast<double>(rng() % 2000) / 1000.0;
    p.lon = 6.5 + static_cast<double>(rng() % 2500) / 1000.0;
    std::string& t = p.text;
    for (std::size_t w = 0; w < words; ++w) {
      if (w) t += (w % 17 == 0) ? ". " : " ";
      t += vocab[zipf(rng)];
    }
  }
  return out;
}

/// `n` unit vectors of dimension `dim`, row-major, embedding-like: Gaussian with variances
/// ~ (j+1)^-0.8 (a power-law spectrum, not uniform random), then normalised. Deterministic.
inline std::vector<float> embedding_like(std::size_t n, std::size_t dim, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> g;
  std::vector<float> scale(dim);
  for (std::size_t j = 0; j < dim; ++j) scale[j] = std::pow(static_cast<float>(j + 1), -0.4f);
  std::vector<float> v(n * dim);
  for (std::size_t r = 0; r < n; ++r) {
    float* x = v.data() + r * dim;
    double s = 0;
    for (std::size_t j = 0; j < dim; ++j) {
      x[j] = g(rng) * scale[j];
      s += static_cast<double>(x[j]) * x[j];
    }
    const auto inv = static_cast<float>(1.0 / std::sqrt(s));
    for (std::size_t j = 0; j < dim; ++j) x[j] *= inv;
  }
  return v;
}

}  // namespace scoutmatch::bench
