#include "scoutmatch/vectorize/vocabulary.hpp"

#include <utility>

namespace scoutmatch {

Vocabulary::Vocabulary(std::vector<std::string> sorted_terms, std::vector<std::string> surfaces)
    : terms_(std::move(sorted_terms)), surfaces_(std::move(surfaces)) {
  ids_.reserve(terms_.size());
  for (TermId i = 0; i < terms_.size(); ++i) ids_.emplace(terms_[i], i);
}

std::optional<TermId> Vocabulary::find(std::string_view term) const {
  auto it = ids_.find(term);
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

}  // namespace scoutmatch
