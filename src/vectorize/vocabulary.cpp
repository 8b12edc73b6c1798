#include "scoutmatch/vectorize/vocabulary.hpp"

#include <utility>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace scoutmatch {

namespace {
std::uint64_t term_hash(std::string_view term) noexcept {
  return XXH3_64bits(term.data(), term.size());
}
}  // namespace

Vocabulary::Vocabulary(std::vector<std::string> sorted_terms, std::vector<std::string> surfaces)
    : terms_(std::move(sorted_terms)), surfaces_(std::move(surfaces)) {
  std::size_t cap = 16;
  while (cap < 2 * terms_.size()) cap *= 2;
  slots_.assign(cap, 0);
  mask_ = cap - 1;
  for (TermId id = 0; id < terms_.size(); ++id) {
    const std::uint64_t h = term_hash(terms_[id]);
    std::size_t i = static_cast<std::size_t>(h) & mask_;
    while (slots_[i] != 0) i = (i + 1) & mask_;  // terms are unique: no equal key to meet
    slots_[i] = (h & 0xffffffff00000000ull) | (std::uint64_t{id} + 1);
  }
}

std::optional<TermId> Vocabulary::find(std::string_view term) const {
  if (slots_.empty()) return std::nullopt;
  const std::uint64_t h = term_hash(term);
  const std::uint64_t check = h & 0xffffffff00000000ull;
  for (std::size_t i = static_cast<std::size_t>(h) & mask_;; i = (i + 1) & mask_) {
    const std::uint64_t s = slots_[i];
    if (s == 0) return std::nullopt;
    if ((s & 0xffffffff00000000ull) == check) {
      const auto id = static_cast<TermId>((s & 0xffffffffu) - 1);
      if (terms_[id] == term) return id;
    }
  }
}

}  // namespace scoutmatch
