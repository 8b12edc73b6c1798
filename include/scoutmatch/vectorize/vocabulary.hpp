#pragma once
/// \file vocabulary.hpp
/// The index terms of a corpus: term string <-> dense id, with a readable surface form.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace scoutmatch {

/// Dense id of an index term, 0..size()-1.
using TermId = std::uint32_t;

/// Maps index terms (normalised, stemmed strings) to dense ids and back, and keeps for
/// each term the surface form seen most often in the corpus ("Wasserstoff" for the term
/// "wasserstoff"), which explanations show. Immutable once built; thread-safe to read.
class Vocabulary {
 public:
  Vocabulary() = default;

  /// Builds from terms sorted ascending and unique, and their surface forms (same length).
  Vocabulary(std::vector<std::string> sorted_terms, std::vector<std::string> surfaces);

  /// The id of `term`, or nullopt when the corpus does not contain it.
  std::optional<TermId> find(std::string_view term) const;

  /// The term string of `id` (< size()).
  const std::string& term(TermId id) const { return terms_[id]; }

  /// The readable surface form of `id` (< size()).
  const std::string& surface(TermId id) const { return surfaces_[id]; }

  /// Number of distinct terms.
  std::size_t size() const noexcept { return terms_.size(); }

  /// All terms, ascending.
  const std::vector<std::string>& terms() const noexcept { return terms_; }
  /// All surface forms, by id.
  const std::vector<std::string>& surfaces() const noexcept { return surfaces_; }

 private:
  std::vector<std::string> terms_;
  std::vector<std::string> surfaces_;
  // term -> id: open addressing with linear probing over a power-of-two table at most half
  // full; a slot holds the high half of the term's hash and id + 1 (0: empty), so a lookup
  // costs one slot probe and one string comparison, no node-based hash map.
  std::vector<std::uint64_t> slots_;
  std::size_t mask_ = 0;
};

}  // namespace scoutmatch
