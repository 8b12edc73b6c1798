#pragma once
/// \file index_state.hpp
/// The data behind an Index. Not API: shared by the match layer (search) and the io
/// layer (persistence).

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "scoutmatch/index/filter.hpp"
#include "scoutmatch/index/inverted_index.hpp"
#include "scoutmatch/match/index.hpp"
#include "scoutmatch/vectorize/lsa.hpp"
#include "scoutmatch/vectorize/vectorizer.hpp"

namespace scoutmatch {

struct Index::State {
  IndexOptions options;
  std::vector<Profile> profiles;
  CorpusVectors vectors;
  // Derived on assembly (never stored):
  Analyzer analyzer;
  std::unordered_map<std::string, std::uint32_t> ids;
  InvertedIndex all, supply;
  DocAttributes attrs;
  // Dense embeddings: n x dim, row-major, rows scaled to unit length (cosine = dot);
  // a profile without an embedding has a zero row and has_dense 0. dim 0 = none.
  std::size_t dim = 0;
  std::vector<float> dense;
  std::vector<std::uint8_t> has_dense;
  LsaModel lsa;  // the LSA space when options.semantic_dims > 0 (then dense holds its rows)
  PartnerGraph graph;
  std::vector<float> self_score;  // BM25F of each profile with itself (Space::all)

  State(IndexOptions o, std::vector<Profile> p, CorpusVectors v);

  /// The inverted index of space `s`.
  const InvertedIndex& inverted(Space s) const noexcept { return s == Space::all ? all : supply; }
};

}  // namespace scoutmatch
