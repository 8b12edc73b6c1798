// Stemming with the Snowball stemmers of libstemmer ("german", "english", UTF-8).
// An sb_stemmer is not thread-safe; the analyzer keeps one Stemmer per thread and caches
// the stems of the words it has seen, because stemming is the expensive stage.

#include <libstemmer.h>

#include "scoutmatch/error.hpp"
#include "scoutmatch/text/stages.hpp"

namespace scoutmatch::text {

void Stemmer::Deleter::operator()(sb_stemmer* s) const noexcept {
  sb_stemmer_delete(s);
}

Stemmer::Stemmer(Language lang) : lang_(lang) {
  const char* algorithm = lang == Language::de   ? "german"
                          : lang == Language::en ? "english"
                                                 : nullptr;
  if (algorithm == nullptr)
    throw invalid_argument("scoutmatch.options.analyzer.3",
                           "a Stemmer needs a language (de or en), not unknown");
  stemmer_.reset(sb_stemmer_new(algorithm, "UTF_8"));
  if (!stemmer_) throw std::bad_alloc();  // sb_stemmer_new fails only when out of memory
}

Stemmer::~Stemmer() = default;
Stemmer::Stemmer(Stemmer&&) noexcept = default;
Stemmer& Stemmer::operator=(Stemmer&&) noexcept = default;

std::string_view Stemmer::stem_view(std::string_view folded) {
  // libstemmer takes an int length; no real word comes near that.
  if (folded.empty() || folded.size() > (1u << 20)) return folded;
  const sb_symbol* s =
      sb_stemmer_stem(stemmer_.get(), reinterpret_cast<const sb_symbol*>(folded.data()),
                      static_cast<int>(folded.size()));
  if (s == nullptr) return folded;  // out of memory inside libstemmer: leave the word as is
  return {reinterpret_cast<const char*>(s),
          static_cast<std::size_t>(sb_stemmer_length(stemmer_.get()))};
}

}  // namespace scoutmatch::text
