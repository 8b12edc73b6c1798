#include "scoutmatch/match/relevance.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "scoutmatch/error.hpp"

namespace scoutmatch {

namespace {

std::vector<std::uint32_t> docs_of(const Index& index, std::span<const std::string> ids) {
  std::vector<std::uint32_t> docs;
  docs.reserve(ids.size());
  std::unordered_set<std::string_view> seen;
  for (const std::string& id : ids) {
    const auto d = index.find(id);
    if (!d)
      throw not_found("scoutmatch.relevance.1", "no profile with id \"" + id + "\" in the index");
    if (!seen.insert(id).second)
      throw invalid_argument("scoutmatch.relevance.2", "the id \"" + id + "\" is given twice");
    docs.push_back(*d);
  }
  return docs;
}

std::vector<Kind> kinds_of(const Index& index, const std::vector<std::uint32_t>& docs) {
  std::vector<Kind> kinds;
  for (std::uint32_t d : docs) {
    const Kind k = index.profile(d).kind;
    if (std::find(kinds.begin(), kinds.end(), k) == kinds.end()) kinds.push_back(k);
  }
  return kinds;
}

// Directed scores: out(i, j) = score of `to[j]` in the query of `from[i]`, divided by the
// largest such score of row i. Queries run in chunks so that the match lists of all
// queries are never held at once.
RelevanceMatrix directed(const Index& index, const std::vector<std::uint32_t>& from,
                         const std::vector<std::uint32_t>& to, const RelevanceOptions& options) {
  RelevanceMatrix out = RelevanceMatrix::zeros(from.size(), to.size());
  if (from.empty() || to.empty()) return out;
  std::unordered_map<std::uint32_t, std::uint32_t> col_of;
  col_of.reserve(to.size());
  for (std::uint32_t j = 0; j < to.size(); ++j) col_of.emplace(to[j], j);
  const std::vector<Kind> kinds = kinds_of(index, to);
  const std::size_t k = std::clamp<std::size_t>(index.size(), 1, index.options().max_k);
  constexpr std::size_t chunk = 256;
  for (std::size_t begin = 0; begin < from.size(); begin += chunk) {
    const std::size_t end = std::min(from.size(), begin + chunk);
    std::vector<Query> queries;
    queries.reserve(end - begin);
    for (std::size_t i = begin; i < end; ++i) {
      const Profile& p = index.profile(from[i]);
      Query q = Query::similar_to(p.id).kinds(kinds).k(k).include_self(false);
      if (options.mode == Mode::needs && !p.needs.empty()) q.mode(Mode::needs);
      queries.push_back(std::move(q));
    }
    const auto results = index.recommend_batch(queries, options.threads);
    for (std::size_t i = begin; i < end; ++i) {
      float* row = &out.values[i * out.cols];
      float best = 0;
      for (const Match& m : results[i - begin]) {
        const auto it = col_of.find(m.doc);
        if (it == col_of.end() || !(m.score > 0)) continue;
        row[it->second] = static_cast<float>(m.score);
        best = std::max(best, row[it->second]);
      }
      if (best > 0)
        for (std::size_t j = 0; j < out.cols; ++j) row[j] /= best;
    }
  }
  return out;
}

float harmonic(float x, float y) {
  return x > 0 && y > 0 ? 2 * x * y / (x + y) : 0.0f;
}

}  // namespace

RelevanceMatrix mutual_relevance(const Index& index, std::span<const std::string> rows,
                                 std::span<const std::string> cols,
                                 const RelevanceOptions& options) {
  const auto row_docs = docs_of(index, rows);
  const auto col_docs = docs_of(index, cols);
  const RelevanceMatrix forward = directed(index, row_docs, col_docs, options);
  const RelevanceMatrix backward = directed(index, col_docs, row_docs, options);
  RelevanceMatrix out = RelevanceMatrix::zeros(rows.size(), cols.size());
  for (std::size_t i = 0; i < out.rows; ++i)
    for (std::size_t j = 0; j < out.cols; ++j) out(i, j) = harmonic(forward(i, j), backward(j, i));
  return out;
}

RelevanceMatrix mutual_relevance(const Index& index, std::span<const std::string> ids,
                                 const RelevanceOptions& options) {
  const auto docs = docs_of(index, ids);
  const RelevanceMatrix d = directed(index, docs, docs, options);
  RelevanceMatrix out = RelevanceMatrix::zeros(ids.size(), ids.size());
  for (std::size_t i = 0; i < out.rows; ++i)
    for (std::size_t j = i + 1; j < out.cols; ++j)
      out(i, j) = out(j, i) = harmonic(d(i, j), d(j, i));
  return out;
}

}  // namespace scoutmatch
