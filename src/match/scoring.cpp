// The weighted-signal model of match/signals.hpp: every signal of every accepted candidate,
// combined linearly, top k. The network signals walk two hops of the partner graph from
// the query profile (its partners, then their partners), so a query costs
// O(sum of the degrees of the query's partners) on top of the text scoring.
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "scoutmatch/detail/index_state.hpp"
#include "scoutmatch/match/index.hpp"
#include "scoutmatch/match/signals.hpp"

namespace scoutmatch {
namespace {

// The two-hop sums of the network signals for one query profile.
struct Walk {
  std::vector<float> common, adamic_adar, pop;  // per doc
  std::vector<std::uint32_t> touched;           // docs with a non-zero sum
};

Walk walk_from(const PartnerGraph& g, std::uint32_t q) {
  Walk w;
  const std::size_t n = g.size();
  w.common.assign(n, 0.0f);
  w.adamic_adar.assign(n, 0.0f);
  w.pop.assign(n, 0.0f);
  const auto qp = g.partners(q);
  const auto qw = g.weights(q);
  for (std::size_t i = 0; i < qp.size(); ++i) {
    const std::uint32_t p = qp[i];
    const double deg = static_cast<double>(g.degree(p));
    const auto aa = static_cast<float>(1.0 / std::log(1.0 + deg));
    const double damp = std::sqrt(static_cast<double>(qw[i])) / std::sqrt(deg);
    const auto cp = g.partners(p);
    const auto cw = g.weights(p);
    for (std::size_t j = 0; j < cp.size(); ++j) {
      const std::uint32_t c = cp[j];
      if (w.common[c] == 0.0f) w.touched.push_back(c);
      w.common[c] += 1.0f;
      w.adamic_adar[c] += aa;
      w.pop[c] += static_cast<float>(damp * std::sqrt(static_cast<double>(cw[j])));
    }
  }
  return w;
}

// Whether two documents lie in different home regions: their regions when both have one,
// else their countries when both have one; false when unknown.
bool other_home(const DocAttributes& a, std::uint32_t x, std::uint32_t y) {
  if (!a.region[x].empty() && !a.region[y].empty()) return a.region[x] != a.region[y];
  if (a.country[x] != 0 && a.country[y] != 0) return a.country[x] != a.country[y];
  return false;
}

}  // namespace

SignalTable Index::signal_table(const Query& q, const CompiledFilter& filter,
                                const QueryVector& qv) const {
  const State& s = *state_;
  const Space space = q.mode() == Mode::needs ? Space::supply : Space::all;
  const std::size_t n = size();
  std::optional<std::uint32_t> qdoc;  // not a ?: initialiser: GCC 12 then warns (falsely)
  if (q.id()) qdoc = find(*q.id());

  // Text: normalised BM25F (or the dense fusion), or its reciprocal form.
  std::vector<float> text;
  s.inverted(space).score_all(qv, text);
  const std::vector<float> qe = query_embedding(q);
  std::vector<float> cosine;
  if (!qe.empty()) dense_scores(qe, cosine);
  if (q.reciprocal()) {
    double self_q = 0;
    if (qdoc && q.mode() == Mode::similar) {
      self_q = s.self_score[*qdoc];
    } else {
      const auto& idf = s.vectors.space(space).idf;
      for (std::size_t i = 0; i < qv.terms.size(); ++i)
        self_q += static_cast<double>(qv.weights[i]) * qv.weights[i] * idf[qv.terms[i]];
    }
    for (std::size_t d = 0; d < n; ++d) {
      const double a = self_q > 0 ? text[d] / self_q : 0.0;
      const double b = s.self_score[d] > 0 ? text[d] / s.self_score[d] : 0.0;
      text[d] = a + b > 0 ? static_cast<float>(2 * a * b / (a + b)) : 0.0f;
    }
  }
  float best = 0;
  for (std::uint32_t d = 0; d < n; ++d)
    if (text[d] > best && filter.accepts(d)) best = text[d];
  const double dw = qe.empty() ? 0.0 : q.dense_weight().value_or(s.options.dense_weight);

  // Network signals from the query profile's two-hop neighbourhood.
  const PartnerGraph& g = s.graph;
  const bool network = qdoc && !g.empty();
  Walk walk;
  if (network) walk = walk_from(g, *qdoc);
  const Kind qkind = qdoc ? s.profiles[*qdoc].kind : Kind::other;
  const std::optional<GeoPoint> qloc = qdoc ? s.attrs.location(*qdoc) : q.filter().near;
  const std::uint16_t qcountry = qdoc ? s.attrs.country[*qdoc] : 0;

  std::vector<std::string> home_prefixes;
  for (std::string p : q.home_regions()) {
    for (char& c : p) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!p.empty()) home_prefixes.push_back(std::move(p));
  }
  SignalTable t;
  t.distance_known = qloc.has_value();
  std::array<float, signal_count> v{};
  for (std::uint32_t d = 0; d < n; ++d) {
    if (!filter.accepts(d)) continue;
    v.fill(0.0f);
    const double tx = best > 0 ? text[d] / best : 0.0;
    v[0] = static_cast<float>((1 - dw) * tx + (qe.empty() ? 0.0 : dw * std::max(0.0f, cosine[d])));
    if (network) {
      v[1] = static_cast<float>(std::log1p(walk.common[d]));
      v[2] = static_cast<float>(std::log1p(walk.adamic_adar[d]));
      v[3] = static_cast<float>(std::log1p(10.0 * walk.pop[d]));
    }
    if (!g.empty()) {
      v[4] = static_cast<float>(std::log1p(g.activities(d)));
      v[5] = static_cast<float>(std::log1p(qdoc ? g.partners_of_kind(d, qkind) : g.degree(d)));
    }
    if (qcountry != 0) v[6] = s.attrs.country[d] == qcountry ? 1.0f : 0.0f;
    if (qloc)
      if (auto loc = s.attrs.location(d))
        v[7] = static_cast<float>(std::exp(-haversine_km(*qloc, *loc) / 100.0));
    if (!home_prefixes.empty()) {
      const std::string& r = s.attrs.region[d];
      bool inside = r.empty();  // unknown region: not a bridge
      for (const std::string& p : home_prefixes) inside = inside || r.starts_with(p);
      v[8] = inside ? 0.0f : 1.0f;
    } else if (qdoc) {
      v[8] = other_home(s.attrs, *qdoc, d) ? 1.0f : 0.0f;
    }
    // Signals that hold for (almost) every candidate do not make one a match on their own:
    // a candidate needs a shared term, a tie, or some activity.
    if (v[0] == 0 && v[1] == 0 && v[4] == 0 && v[5] == 0) continue;
    t.docs.push_back(d);
    t.values.insert(t.values.end(), v.begin(), v.end());
    if (!qe.empty()) t.cosine.push_back(cosine[d]);
  }
  return t;
}

std::vector<Match> Index::run_signals(const Query& q, const QueryVector& qv,
                                      const CompiledFilter& filter, std::size_t k) const {
  const State& s = *state_;
  SignalWeights w = q.weights().value_or(s.options.weights);
  if (q.bridge()) w[Signal::other_region] = *q.bridge();
  const SignalTable t = signal_table(q, filter, qv);
  std::vector<ScoredDoc> all;
  all.reserve(t.docs.size());
  std::vector<std::size_t> row_of_rank;
  for (std::size_t r = 0; r < t.docs.size(); ++r) {
    const float* v = &t.values[r * signal_count];
    double score = 0;
    bool any = false;
    for (std::size_t i = 0; i < signal_count; ++i)
      if (w.values[i] != 0 && v[i] != 0) {
        score += w.values[i] * v[i];
        any = true;
      }
    if (any) all.push_back({static_cast<float>(score), static_cast<std::uint32_t>(r)});
  }
  // Top k over rows; rows are in ascending document order, so ties break by document.
  keep_top_k(all, k);
  std::vector<Match> out;
  out.reserve(all.size());
  for (const ScoredDoc& sd : all) {
    const std::size_t r = sd.doc;
    const std::uint32_t doc = t.docs[r];
    const Profile& p = s.profiles[doc];
    Match m;
    m.rank = out.size() + 1;
    m.doc = doc;
    m.id = p.id;
    m.name = p.name;
    m.kind = p.kind;
    m.score = sd.score;
    if (q.explains()) {
      m.explanation = explain_with(q, qv, doc, q.explain_terms());
      if (!t.cosine.empty()) m.explanation->dense_score = t.cosine[r];
      Explanation& e = *m.explanation;
      for (std::size_t i = 0; i < signal_count; ++i) {
        const double v = t.values[r * signal_count + i];
        if (v != 0 && w.values[i] != 0)
          e.signals.push_back({std::string(to_string(static_cast<Signal>(i))), v, w.values[i] * v});
      }
      std::stable_sort(e.signals.begin(), e.signals.end(), [](const auto& a, const auto& b) {
        return std::abs(a.contribution) > std::abs(b.contribution);
      });
      explain_signals(q, m);
    }
    out.push_back(std::move(m));
  }
  return out;
}

void Index::explain_signals(const Query& q, Match& m) const {
  const State& s = *state_;
  Explanation& e = *m.explanation;
  const PartnerGraph& g = s.graph;
  const auto display = [&](std::uint32_t d) {
    const Profile& p = s.profiles[d];
    return p.name.empty() ? p.id : p.name;
  };
  if (!g.empty()) e.candidate_projects = g.activities(m.doc);
  const std::optional<std::uint32_t> qdoc = q.id() ? find(*q.id()) : std::nullopt;
  if (qdoc && !g.empty()) {
    // Shared partners, strongest two-hop tie first.
    const auto a = g.partners(*qdoc), b = g.partners(m.doc);
    const auto aw = g.weights(*qdoc), bw = g.weights(m.doc);
    std::vector<std::pair<float, std::uint32_t>> shared;
    for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
      if (a[i] < b[j]) {
        ++i;
      } else if (b[j] < a[i]) {
        ++j;
      } else {
        shared.emplace_back(aw[i] * bw[j], a[i]);
        ++i, ++j;
      }
    }
    std::stable_sort(shared.begin(), shared.end(),
                     [](const auto& x, const auto& y) { return x.first > y.first; });
    e.via_count = shared.size();
    for (std::size_t i = 0; i < shared.size() && i < 5; ++i)
      e.via.push_back(s.profiles[shared[i].second].id);
    std::string line;
    auto part = [&](const std::string& t) {
      if (!line.empty()) line += "; ";
      line += t;
    };
    if (!e.terms.empty()) {
      std::string t = "shared topics: ";
      for (std::size_t i = 0; i < e.terms.size() && i < 3; ++i)
        t += (i ? ", " : "") + e.terms[i].term;
      part(t);
    }
    if (!shared.empty()) {
      std::string t = "worked with " + std::to_string(shared.size()) + " of your partners: ";
      for (std::size_t i = 0; i < shared.size() && i < 3; ++i)
        t += (i ? ", " : "") + display(shared[i].second);
      if (shared.size() > 3) t += ", ...";
      part(t);
    }
    if (g.activities(m.doc) > 0)
      part("active in " + std::to_string(g.activities(m.doc)) + " projects");
    if (e.distance_km) {
      char buf[48];
      std::snprintf(buf, sizeof buf, "%.0f km away", *e.distance_km);
      part(buf);
    }
    e.summary = std::move(line);
  } else if (!e.terms.empty()) {
    std::string t = "shared topics: ";
    for (std::size_t i = 0; i < e.terms.size() && i < 3; ++i)
      t += (i ? ", " : "") + e.terms[i].term;
    e.summary = std::move(t);
  }
}

}  // namespace scoutmatch
