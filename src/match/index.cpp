#include "scoutmatch/match/index.hpp"

#include <tbb/parallel_for.h>
#include <tbb/parallel_invoke.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <thread>
#include <unordered_set>

#include <Eigen/Core>

#include "scoutmatch/detail/arena.hpp"
#include "scoutmatch/detail/index_state.hpp"
#include "scoutmatch/error.hpp"
#include "scoutmatch/match/signals.hpp"

namespace scoutmatch {
namespace {

using detail::in_arena;

std::vector<Match> to_matches(const Index& index, const std::vector<ScoredDoc>& docs) {
  std::vector<Match> out;
  out.reserve(docs.size());
  for (const ScoredDoc& d : docs) {
    const Profile& p = index.profile(d.doc);
    Match m;
    m.rank = out.size() + 1;
    m.doc = d.doc;
    m.id = p.id;
    m.name = p.name;
    m.kind = p.kind;
    m.score = d.score;
    out.push_back(std::move(m));
  }
  return out;
}

// The weighted-signal model runs when the query asks for it (weights, reciprocal), when the
// index stores weights other than the defaults, or when the index has a partner graph and
// the query is a profile; otherwise the plain text ranking (BM25F scores) answers.
bool uses_signals(const Query& q, const Index::State& s) {
  if (q.weights() || q.reciprocal() || q.bridge()) return true;
  if (s.options.weights != SignalWeights{}) return true;
  return q.id().has_value() && !s.graph.empty();
}

}  // namespace

void IndexOptions::validate() const {
  analyzer.validate();
  bm25.validate();
  if (threads > 4096)
    throw invalid_argument("scoutmatch.options.index.1",
                           "threads must be 0..4096, got " + std::to_string(threads));
  if (max_k < 1 || max_k > scoutmatch::max_k)
    throw invalid_argument("scoutmatch.options.index.3", "max_k must be in 1.." +
                                                             std::to_string(scoutmatch::max_k) +
                                                             ", got " + std::to_string(max_k));
  if (!(dense_weight >= 0 && dense_weight <= 1))
    throw invalid_argument("scoutmatch.options.index.2",
                           "dense_weight must be in [0, 1], got " + std::to_string(dense_weight));
  if (semantic_dims > lsa_max_dims)
    throw invalid_argument("scoutmatch.lsa.1", "semantic_dims must be in 0.." +
                                                   std::to_string(lsa_max_dims) + ", got " +
                                                   std::to_string(semantic_dims));
  weights.validate();
}

void Query::validate() const {
  if (k_ < 1 || k_ > max_k)
    throw invalid_argument("scoutmatch.query.1", "k must be in 1.." + std::to_string(max_k) +
                                                     ", got " + std::to_string(k_));
  if (!id_ && text_.empty())
    throw invalid_argument("scoutmatch.query.2", "a query needs a profile id or a text");
  if (id_ && id_->empty())
    throw invalid_argument("scoutmatch.query.2", "the query profile id is empty");
  if (filter_.near) {
    const GeoPoint p = *filter_.near;
    if (!(p.lat >= -90 && p.lat <= 90 && p.lon >= -180 && p.lon <= 180))
      throw invalid_argument("scoutmatch.query.3",
                             "the point must have -90 <= lat <= 90 and -180 <= lon <= 180");
    if (!(filter_.within_km >= 0))
      throw invalid_argument("scoutmatch.query.4", "within_km must be >= 0");
    if (!(filter_.beyond_km >= 0 && filter_.beyond_km <= filter_.within_km))
      throw invalid_argument("scoutmatch.query.4",
                             "the distance range needs 0 <= min_km <= max_km");
  }
  if (explain_terms_ > 1000)
    throw invalid_argument("scoutmatch.query.5", "explain terms must be at most 1000");
  if (threads_ > 4096) throw invalid_argument("scoutmatch.query.6", "threads must be 0..4096");
  if (weights_) weights_->validate();
  if (bridge_ && !(std::isfinite(*bridge_) && std::abs(*bridge_) <= 1e6))
    throw invalid_argument("scoutmatch.query.15", "the bridge weight must be finite");
  if (dense_weight_ && !(*dense_weight_ >= 0 && *dense_weight_ <= 1))
    throw invalid_argument("scoutmatch.query.10", "dense_weight must be in [0, 1]");
  for (float x : embedding_)
    if (!std::isfinite(x))
      throw invalid_argument("scoutmatch.query.11", "the query embedding has a non-finite value");
}

Index::State::State(IndexOptions o, std::vector<Profile> p, CorpusVectors v)
    : options(std::move(o)),
      profiles(std::move(p)),
      vectors(std::move(v)),
      analyzer(options.analyzer) {
  ids.reserve(profiles.size());
  for (std::uint32_t d = 0; d < profiles.size(); ++d) {
    if (profiles[d].id.empty())
      throw parse_error("scoutmatch.io.parse.3",
                        "profile " + std::to_string(d + 1) + ": \"id\" is missing or empty");
    if (!ids.emplace(profiles[d].id, d).second)
      throw parse_error("scoutmatch.io.parse.4", "duplicate profile id \"" + profiles[d].id + "\"");
  }
  // Independent parts, built side by side (each is parallel inside as well).
  tbb::parallel_invoke([&] { all = InvertedIndex::build(vectors.all); },
                       [&] { supply = InvertedIndex::build(vectors.supply); },
                       [&] {
                         attrs = DocAttributes::from(profiles);
                         graph = PartnerGraph::build(profiles);
                       });
  self_score.resize(profiles.size());
  tbb::parallel_for(std::size_t{0}, profiles.size(), [&](std::size_t d) {
    self_score[d] =
        score_document(vectors.all, row_query(vectors.all.sat, d), static_cast<std::uint32_t>(d));
  });
  // Dense embeddings, scaled to unit length.
  for (const Profile& pr : profiles) {
    if (pr.embedding.empty()) continue;
    if (dim == 0) dim = pr.embedding.size();
    if (pr.embedding.size() != dim)
      throw invalid_argument("scoutmatch.embedding.1", "profile \"" + pr.id +
                                                           "\" has an embedding of dimension " +
                                                           std::to_string(pr.embedding.size()) +
                                                           ", others have " + std::to_string(dim));
  }
  if (dim > 0) {
    dense.assign(profiles.size() * dim, 0.0f);
    has_dense.assign(profiles.size(), 0);
    for (std::size_t d = 0; d < profiles.size(); ++d) {
      const std::vector<float>& e = profiles[d].embedding;
      if (e.empty()) continue;
      for (float x : e)
        if (!std::isfinite(x))
          throw invalid_argument(
              "scoutmatch.embedding.2",
              "profile \"" + profiles[d].id + "\" has a non-finite embedding value");
      double norm = 0;
      for (float x : e) norm += static_cast<double>(x) * x;
      if (norm <= 0) continue;  // a zero vector has no direction: treated as missing
      const double inv = 1.0 / std::sqrt(norm);
      for (std::size_t i = 0; i < dim; ++i) dense[d * dim + i] = static_cast<float>(e[i] * inv);
      has_dense[d] = 1;
    }
  }
  if (options.semantic_dims > 0) {
    if (dim > 0)
      throw invalid_argument("scoutmatch.lsa.2",
                             "the profiles carry their own embeddings: build without "
                             "semantic_dims (LSA) or without the embeddings");
    lsa = LsaModel::fit(vectors.all, options.semantic_dims);
    if (lsa.dims() > 0) {
      dim = lsa.dims();
      lsa.embed_rows(vectors.all, dense, has_dense);
    }
  }
}

Index::Index()
    : state_(
          std::make_shared<const State>(IndexOptions{}, std::vector<Profile>{}, CorpusVectors{})) {}

Index::Index(std::shared_ptr<const State> state) : state_(std::move(state)) {}

Index Index::build(std::vector<Profile> profiles, const IndexOptions& options) {
  options.validate();
  return in_arena(options.threads, [&] {
    Analyzer analyzer(options.analyzer);
    CorpusVectors v = vectorize(profiles, analyzer, options.bm25);
    return Index(std::make_shared<const State>(options, std::move(profiles), std::move(v)));
  });
}

Index Index::updated(std::vector<Profile> upserts, const std::vector<std::string>& removals,
                     std::size_t threads) const {
  std::unordered_map<std::string, std::size_t> incoming;
  for (std::size_t i = 0; i < upserts.size(); ++i)
    if (!incoming.emplace(upserts[i].id, i).second)
      throw parse_error("scoutmatch.io.parse.4",
                        "duplicate profile id \"" + upserts[i].id + "\" in the update");
  const std::unordered_set<std::string> removed(removals.begin(), removals.end());
  std::vector<Profile> next;
  next.reserve(size() + upserts.size());
  std::vector<bool> used(upserts.size(), false);
  for (const Profile& p : profiles()) {
    if (removed.count(p.id)) continue;
    auto it = incoming.find(p.id);
    if (it == incoming.end()) {
      next.push_back(p);
    } else {
      next.push_back(std::move(upserts[it->second]));
      used[it->second] = true;
    }
  }
  for (std::size_t i = 0; i < upserts.size(); ++i)
    if (!used[i] && !removed.count(upserts[i].id)) next.push_back(std::move(upserts[i]));
  IndexOptions o = options();
  o.threads = threads;
  return build(std::move(next), o);
}

std::size_t Index::size() const noexcept {
  return state_->profiles.size();
}
const std::vector<Profile>& Index::profiles() const noexcept {
  return state_->profiles;
}
const IndexOptions& Index::options() const noexcept {
  return state_->options;
}
const Analyzer& Index::analyzer() const noexcept {
  return state_->analyzer;
}
const CorpusVectors& Index::vectors() const noexcept {
  return state_->vectors;
}
const PartnerGraph& Index::graph() const noexcept {
  return state_->graph;
}
Index Index::with_weights(const SignalWeights& w) const {
  w.validate();
  IndexOptions o = options();
  o.weights = w;
  // Re-derives the search structures from copies of the stored data (O(index size)).
  return Index(std::make_shared<const State>(std::move(o), profiles(), vectors()));
}
const Profile& Index::profile(std::uint32_t doc) const {
  return state_->profiles.at(doc);
}
Language Index::language(std::uint32_t doc) const {
  return state_->vectors.languages.at(doc);
}

std::optional<std::uint32_t> Index::find(std::string_view id) const {
  auto it = state_->ids.find(std::string(id));
  if (it == state_->ids.end()) return std::nullopt;
  return it->second;
}

QueryVector Index::query_vector(const Query& q) const {
  const State& s = *state_;
  const Space space = q.mode() == Mode::needs ? Space::supply : Space::all;
  if (q.id()) {
    auto doc = find(*q.id());
    if (!doc)
      throw not_found("scoutmatch.query.not_found",
                      "no profile with id \"" + *q.id() + "\" in the index");
    if (q.mode() == Mode::similar) return row_query(s.vectors.all.sat, *doc);
    QueryVector v = row_query(s.vectors.needs, *doc);
    if (s.profiles[*doc].needs.empty())
      throw invalid_argument("scoutmatch.query.7",
                             "profile \"" + *q.id() + "\" has no \"needs\" text for --mode needs");
    return v;
  }
  return text_query(q.text(), q.lang(), s.vectors, space, s.analyzer, s.options.bm25);
}

Explanation Index::explain(const Query& q, std::uint32_t doc, std::size_t max_terms) const {
  if (doc >= size()) throw invalid_argument("scoutmatch.query.8", "document number out of range");
  return explain_with(q, query_vector(q), doc, max_terms);
}

Explanation Index::explain_with(const Query& q, const QueryVector& qv, std::uint32_t doc,
                                std::size_t max_terms) const {
  const State& s = *state_;
  const Space space = q.mode() == Mode::needs ? Space::supply : Space::all;
  std::vector<std::pair<TermId, float>> parts;
  const float total = score_document(s.vectors.space(space), qv, doc, &parts);
  std::stable_sort(parts.begin(), parts.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  Explanation e;
  e.text_score = total;
  const SparseRow row = s.vectors.space(space).sat.row(doc);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const TermId t = parts[i].first;
    const auto at = std::lower_bound(row.terms.begin(), row.terms.end(), t) - row.terms.begin();
    const FieldMask fields = row.fields[static_cast<std::size_t>(at)];
    e.fields |= fields;
    if (i >= max_terms) continue;
    TermContribution c;
    c.term = s.vectors.vocabulary.surface(t);
    c.stem = s.vectors.vocabulary.term(t);
    c.score = parts[i].second;
    c.share = total > 0 ? parts[i].second / total : 0.0;
    c.fields = fields;
    e.terms.push_back(std::move(c));
  }
  std::optional<GeoPoint> from = q.filter().near;
  if (!from && q.id())
    if (auto qd = find(*q.id())) from = s.attrs.location(*qd);
  if (auto to = s.attrs.location(doc); from && to) e.distance_km = haversine_km(*from, *to);
  return e;
}

void Index::check_limits(const Query& q) const {
  q.validate();
  if (q.k() > options().max_k)
    throw invalid_argument("scoutmatch.query.14", "k = " + std::to_string(q.k()) +
                                                      " is above this index's max_k (" +
                                                      std::to_string(options().max_k) + ")");
}

SparseAllPairs Index::all_pairs(std::span<const std::uint32_t> a_docs,
                                std::span<const std::uint32_t> b_docs, std::size_t k,
                                std::size_t threads) const {
  if (k > options().max_k && k <= max_k)
    throw invalid_argument("scoutmatch.query.14", "k = " + std::to_string(k) +
                                                      " is above this index's max_k (" +
                                                      std::to_string(options().max_k) + ")");
  return all_pairs_topk(state_->vectors.all, a_docs, b_docs, k, threads);
}

std::vector<Match> Index::recommend(const Query& q) const {
  check_limits(q);
  return run(q, size() >= 20000);
}

FilterSpec Index::filter_spec(const Query& q, bool signals) const {
  FilterSpec spec = q.filter();
  for (const std::string& id : q.exclude())
    if (auto d = find(id)) spec.exclude.push_back(*d);
  if (q.id()) {
    const std::uint32_t self = *find(*q.id());
    if (!q.includes_self()) spec.exclude.push_back(self);
    // The signal model leaves out existing partners (the graph is empty without it).
    if (signals && q.new_partners_only())
      for (std::uint32_t p : state_->graph.partners(self)) spec.exclude.push_back(p);
  }
  return spec;
}

std::vector<Match> Index::run(const Query& q, bool parallel) const {
  const State& s = *state_;
  const Space space = q.mode() == Mode::needs ? Space::supply : Space::all;
  const QueryVector qv = query_vector(q);
  const std::size_t k = std::min(q.k(), std::max<std::size_t>(size(), 1));
  const bool signals = uses_signals(q, s);
  const FilterSpec spec = filter_spec(q, signals);
  const CompiledFilter filter(spec, s.attrs);
  if (signals) return run_signals(q, qv, filter, k);
  const std::vector<float> qe = query_embedding(q);
  if (!qe.empty()) {
    // Dense fusion: every document's BM25 and cosine, fused, filtered, top k.
    const double w = q.dense_weight().value_or(s.options.dense_weight);
    std::vector<float> bm25, cosine;
    s.inverted(space).score_all(qv, bm25);
    dense_scores(qe, cosine);
    float best = 0;
    for (std::uint32_t d = 0; d < size(); ++d)
      if (bm25[d] > best && filter.accepts(d)) best = bm25[d];
    std::vector<ScoredDoc> all;
    for (std::uint32_t d = 0; d < size(); ++d) {
      const double text = best > 0 ? bm25[d] / best : 0.0;
      const auto fused = static_cast<float>((1 - w) * text + w * std::max(0.0f, cosine[d]));
      if (fused > 0 && filter.accepts(d)) all.push_back({fused, d});
    }
    keep_top_k(all, k);
    std::vector<Match> out = to_matches(*this, all);
    if (q.explains())
      for (Match& m : out) {
        m.explanation = explain_with(q, qv, m.doc, q.explain_terms());
        m.explanation->dense_score = cosine[m.doc];
      }
    return out;
  }
  const std::vector<ScoredDoc> top =
      in_arena(q.threads(), [&] { return s.inverted(space).search(qv, k, filter, parallel); });
  std::vector<Match> out = to_matches(*this, top);
  if (q.explains())
    for (Match& m : out) m.explanation = explain_with(q, qv, m.doc, q.explain_terms());
  return out;
}

SignalTable Index::signals(const Query& q) const {
  check_limits(q);
  const State& s = *state_;
  const QueryVector qv = query_vector(q);
  return signal_table(q, CompiledFilter(filter_spec(q, /*signals=*/true), s.attrs), qv);
}

std::vector<float> Index::query_embedding(const Query& q) const {
  const State& s = *state_;
  const double w = q.dense_weight().value_or(s.options.dense_weight);
  if (s.dim == 0 || w <= 0) {
    if (!q.embedding().empty() && s.dim == 0 && q.dense_weight() && *q.dense_weight() > 0)
      throw invalid_argument("scoutmatch.query.12",
                             "the query has an embedding but the index has none");
    return {};
  }
  std::vector<float> e;
  if (!q.embedding().empty()) {
    e = q.embedding();
  } else if (q.id()) {
    const auto d = find(*q.id());
    if (!d || !s.has_dense[*d]) return {};
    return {s.dense.begin() + static_cast<std::ptrdiff_t>(*d * s.dim),
            s.dense.begin() + static_cast<std::ptrdiff_t>((*d + 1) * s.dim)};
  } else if (s.lsa.dims() > 0) {
    // A text query folds into the LSA space with the weights its profile row would have.
    const QueryVector qv = query_vector(q);
    const SpaceVectors& all = s.vectors.all;
    std::vector<float> w(qv.terms.size());
    for (std::size_t i = 0; i < w.size(); ++i)
      w[i] = qv.terms[i] < all.idf.size() ? qv.weights[i] * std::sqrt(all.idf[qv.terms[i]]) : 0.0f;
    e.assign(s.lsa.dims(), 0.0f);
    if (!s.lsa.embed(qv.terms, w, e)) return {};
    return e;
  } else {
    return {};
  }
  if (e.size() != s.dim)
    throw invalid_argument("scoutmatch.query.13", "the query embedding has dimension " +
                                                      std::to_string(e.size()) + ", the index " +
                                                      std::to_string(s.dim));
  double norm = 0;
  for (float x : e) norm += static_cast<double>(x) * x;
  if (norm <= 0) return {};
  for (float& x : e) x = static_cast<float>(x / std::sqrt(norm));
  return e;
}

void Index::dense_scores(const std::vector<float>& qe, std::vector<float>& out) const {
  const State& s = *state_;
  out.resize(size());
  using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Eigen::Map<const Matrix> m(s.dense.data(), static_cast<Eigen::Index>(size()),
                                   static_cast<Eigen::Index>(s.dim));
  const Eigen::Map<const Eigen::VectorXf> v(qe.data(), static_cast<Eigen::Index>(s.dim));
  Eigen::Map<Eigen::VectorXf>(out.data(), static_cast<Eigen::Index>(size())).noalias() = m * v;
}

std::vector<std::vector<Match>> Index::recommend_batch(std::span<const Query> queries,
                                                       std::size_t threads) const {
  for (const Query& q : queries) check_limits(q);
  std::vector<std::vector<Match>> out(queries.size());
  in_arena(threads, [&] {
    run_batch(queries, out);
    return 0;
  });
  return out;
}

// The queries that take run()'s plain text ranking (no signal model, no dense fusion) are
// searched together through InvertedIndex::search_batch, which shares the head terms' data
// between them (one space at a time); the others run one at a time. Same results as run().
void Index::run_batch(std::span<const Query> queries, std::vector<std::vector<Match>>& out) const {
  const State& s = *state_;
  struct Plain {
    QueryVector qv;
    std::optional<CompiledFilter> filter;
    std::size_t k = 0;
    Space space = Space::all;
    bool plain = false;
  };
  std::vector<Plain> plan(queries.size());
  tbb::parallel_for(std::size_t{0}, queries.size(), [&](std::size_t i) {
    const Query& q = queries[i];
    Plain& p = plan[i];
    p.space = q.mode() == Mode::needs ? Space::supply : Space::all;
    if (uses_signals(q, s) || !query_embedding(q).empty()) {
      out[i] = run(q, /*parallel=*/false);  // analyses the query itself
      return;
    }
    p.qv = query_vector(q);
    p.k = std::min(q.k(), std::max<std::size_t>(size(), 1));
    p.filter.emplace(filter_spec(q, /*signals=*/false), s.attrs);
    p.plain = true;
  });
  for (const Space space : {Space::all, Space::supply}) {
    std::vector<std::size_t> ids;
    std::vector<QueryVector> qvs;
    std::vector<std::size_t> ks;
    std::vector<const CompiledFilter*> filters;
    for (std::size_t i = 0; i < plan.size(); ++i)
      if (plan[i].plain && plan[i].space == space) {
        ids.push_back(i);
        qvs.push_back(std::move(plan[i].qv));
        ks.push_back(plan[i].k);
        filters.push_back(&*plan[i].filter);
      }
    if (ids.empty()) continue;
    const std::vector<std::vector<ScoredDoc>> top =
        s.inverted(space).search_batch(qvs, ks, filters, /*parallel=*/true,
                                       &s.vectors.space(space));
    tbb::parallel_for(std::size_t{0}, ids.size(), [&](std::size_t j) {
      const Query& q = queries[ids[j]];
      std::vector<Match> m = to_matches(*this, top[j]);
      if (q.explains())
        for (Match& x : m) x.explanation = explain_with(q, qvs[j], x.doc, q.explain_terms());
      out[ids[j]] = std::move(m);
    });
  }
}

}  // namespace scoutmatch
