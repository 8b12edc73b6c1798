// The parts of Index that let one corpus be split into shards that together score exactly
// like one index: building with global statistics, and queries that travel between
// shards as index terms (strings) with weights.
#include <tbb/task_arena.h>

#include <algorithm>

#include "scoutmatch/detail/arena.hpp"
#include "scoutmatch/detail/index_state.hpp"
#include "scoutmatch/error.hpp"
#include "scoutmatch/match/index.hpp"

namespace scoutmatch {
namespace {

using detail::in_arena;

Space space_of(Mode m) {
  return m == Mode::needs ? Space::supply : Space::all;
}

}  // namespace

Index Index::build(std::vector<Profile> profiles, const IndexOptions& options,
                   const CorpusStatistics& global) {
  options.validate();
  if (options.semantic_dims > 0)
    throw invalid_argument("scoutmatch.lsa.3",
                           "semantic_dims (LSA) needs the whole corpus in one index: a shard's "
                           "space would differ from its neighbours'; build shards without it");
  return in_arena(options.threads, [&] {
    Analyzer analyzer(options.analyzer);
    CorpusVectors v = vectorize(profiles, analyzer, options.bm25, global);
    return Index(std::make_shared<const State>(options, std::move(profiles), std::move(v)));
  });
}

CorpusStatistics Index::statistics(const std::vector<Profile>& profiles,
                                   const IndexOptions& options) {
  options.validate();
  return in_arena(options.threads, [&] {
    const Analyzer analyzer(options.analyzer);
    return CorpusStatistics::of(profiles, analyzer, options.bm25);
  });
}

PortableQuery Index::portable_query(const Query& query) const {
  query.validate();
  const QueryVector qv = query_vector(query);
  const Vocabulary& vocabulary = state_->vectors.vocabulary;
  PortableQuery p;
  p.mode = query.mode();
  p.terms.reserve(qv.terms.size());
  for (const TermId t : qv.terms) p.terms.push_back(vocabulary.term(t));
  p.weights = qv.weights;
  if (query.id())
    if (const auto doc = find(*query.id())) p.origin = state_->attrs.location(*doc);
  return p;
}

std::vector<Match> Index::recommend(const Query& query, const PortableQuery& vector) const {
  query.validate();
  if (query.mode() != vector.mode)
    throw invalid_argument("scoutmatch.query.9",
                           "the query's mode and the portable query's mode differ");
  if (vector.terms.size() != vector.weights.size())
    throw invalid_argument("scoutmatch.query.9", "a portable query needs one weight per term");
  const State& s = *state_;
  const Space space = space_of(vector.mode);
  // Ascending strings map to ascending ids (the vocabulary is sorted), which keeps the
  // order of additions, and so the scores, identical to the index the query came from.
  QueryVector qv;
  for (std::size_t i = 0; i < vector.terms.size(); ++i) {
    if (i > 0 && !(vector.terms[i - 1] < vector.terms[i]))
      throw invalid_argument("scoutmatch.query.9",
                             "the terms of a portable query must be strictly ascending");
    if (const auto t = s.vectors.vocabulary.find(vector.terms[i])) {
      qv.terms.push_back(*t);
      qv.weights.push_back(vector.weights[i]);
    }
  }
  FilterSpec spec = query.filter();
  for (const std::string& id : query.exclude())
    if (auto d = find(id)) spec.exclude.push_back(*d);
  if (query.id() && !query.includes_self())
    if (auto d = find(*query.id())) spec.exclude.push_back(*d);
  const CompiledFilter filter(spec, s.attrs);
  const std::size_t k = std::min(query.k(), std::max<std::size_t>(size(), 1));
  const std::vector<ScoredDoc> top = in_arena(
      query.threads(), [&] { return s.inverted(space).search(qv, k, filter, size() >= 20000); });
  std::vector<Match> out;
  out.reserve(top.size());
  for (const ScoredDoc& d : top) {
    const Profile& p = s.profiles[d.doc];
    Match m;
    m.rank = out.size() + 1;
    m.doc = d.doc;
    m.id = p.id;
    m.name = p.name;
    m.kind = p.kind;
    m.score = d.score;
    if (query.explains()) {
      m.explanation = explain_with(query, qv, d.doc, query.explain_terms());
      if (!m.explanation->distance_km && vector.origin)
        if (const auto to = s.attrs.location(d.doc))
          m.explanation->distance_km = haversine_km(*vector.origin, *to);
    }
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace scoutmatch
