#pragma once
/// \file sparse_vectors.hpp
/// Row-compressed sparse vectors: one row per profile, columns are TermIds ascending.

#include <cstdint>
#include <span>
#include <vector>

#include "scoutmatch/types.hpp"
#include "scoutmatch/vectorize/vocabulary.hpp"

namespace scoutmatch {

/// A read-only view of one sparse row.
struct SparseRow {
  std::span<const TermId> terms;      ///< ascending term ids
  std::span<const float> values;      ///< one value per term
  std::span<const FieldMask> fields;  ///< the fields each term occurred in (may be empty)
};

/// A sparse matrix in CSR form, built row by row. Rows hold ascending term ids.
struct SparseVectors {
  std::vector<std::uint64_t> offsets{0};  ///< rows()+1 offsets into terms/values
  std::vector<TermId> terms;              ///< column (term) ids
  std::vector<float> values;              ///< values
  std::vector<FieldMask> fields;          ///< fields per entry (same length as terms)

  /// Number of rows.
  std::size_t rows() const noexcept { return offsets.size() - 1; }
  /// Number of stored entries.
  std::size_t nnz() const noexcept { return terms.size(); }
  /// Row `r` (< rows()).
  SparseRow row(std::size_t r) const noexcept {
    const auto b = offsets[r], e = offsets[r + 1];
    return {{terms.data() + b, e - b}, {values.data() + b, e - b}, {fields.data() + b, e - b}};
  }
};

}  // namespace scoutmatch
