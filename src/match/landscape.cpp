// Spherical k-means over the unit-length BM25 vectors of an index, topic terms, counts and
// a 2-D layout. Hot loops: the assignment step (sparse row x dense term-major centroid
// matrix, parallel over profiles) and the centroid update (parallel over topics).
#include "scoutmatch/match/landscape.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>
#include <tuple>

#include "scoutmatch/detail/arena.hpp"
#include "scoutmatch/error.hpp"

namespace scoutmatch {
namespace {

using CentroidMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

void check(bool ok, const std::string& message) {
  if (!ok) throw invalid_argument("scoutmatch.landscape.1", "LandscapeOptions::" + message);
}

std::uint64_t splitmix64(std::uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A uniform double in [0, 1) from a 64-bit state (same on every platform, unlike
// std::uniform_real_distribution).
double uniform(std::uint64_t& state) noexcept {
  state = splitmix64(state);
  return static_cast<double>(state >> 11) * 0x1.0p-53;
}

// The unit-length rows idf(t) * sat(t,d) of the `all` space (terms as stored).
struct UnitRows {
  const SparseVectors* sat = nullptr;
  std::vector<float> values;          // parallel to sat->values
  std::vector<std::uint32_t> active;  // documents with a non-empty vector, ascending

  std::size_t begin(std::uint32_t d) const { return sat->offsets[d]; }
  std::size_t end(std::uint32_t d) const { return sat->offsets[d + 1]; }
};

UnitRows unit_rows(const SpaceVectors& space) {
  UnitRows u;
  u.sat = &space.sat;
  u.values.resize(space.sat.nnz());
  const std::size_t n = space.sat.rows();
  std::vector<char> nonempty(n, 0);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 256), [&](const auto& r) {
    for (std::size_t d = r.begin(); d != r.end(); ++d) {
      const auto b = space.sat.offsets[d], e = space.sat.offsets[d + 1];
      double sq = 0;
      for (auto i = b; i < e; ++i) {
        const double w = double(space.idf[space.sat.terms[i]]) * space.sat.values[i];
        sq += w * w;
      }
      if (sq <= 0) continue;
      const double inv = 1.0 / std::sqrt(sq);
      for (auto i = b; i < e; ++i)
        u.values[i] =
            static_cast<float>(double(space.idf[space.sat.terms[i]]) * space.sat.values[i] * inv);
      nonempty[d] = 1;
    }
  });
  for (std::size_t d = 0; d < n; ++d)
    if (nonempty[d]) u.active.push_back(static_cast<std::uint32_t>(d));
  return u;
}

// Cosine of every active profile with the dense unit vector `dense` (length V).
void cosines_with(const UnitRows& u, const std::vector<float>& dense, std::vector<float>& out) {
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, u.active.size(), 512), [&](const auto& r) {
    for (std::size_t a = r.begin(); a != r.end(); ++a) {
      const std::uint32_t d = u.active[a];
      float s = 0;
      for (auto i = u.begin(d); i < u.end(d); ++i) s += u.values[i] * dense[u.sat->terms[i]];
      out[a] = s;
    }
  });
}

// k-means++ seeding with 1 - cos as the squared distance (for unit vectors
// |a - b|^2 = 2 - 2 cos). Returns indices into u.active; fewer than k when the corpus has
// fewer distinct profiles.
std::vector<std::size_t> seed_centres(const UnitRows& u, std::size_t vocab, std::size_t k,
                                      std::uint64_t seed) {
  const std::size_t m = u.active.size();
  std::uint64_t state = seed;
  std::vector<std::size_t> centres;
  centres.push_back(std::min(m - 1, static_cast<std::size_t>(uniform(state) * double(m))));
  std::vector<float> dist(m, 2.0f), cos(m);
  std::vector<float> dense(vocab, 0.0f);
  while (true) {
    const std::uint32_t c = u.active[centres.back()];
    for (auto i = u.begin(c); i < u.end(c); ++i) dense[u.sat->terms[i]] = u.values[i];
    cosines_with(u, dense, cos);
    for (auto i = u.begin(c); i < u.end(c); ++i) dense[u.sat->terms[i]] = 0.0f;
    double total = 0;
    for (std::size_t a = 0; a < m; ++a) {
      dist[a] = std::min(dist[a], std::max(0.0f, 1.0f - cos[a]));
      total += dist[a];
    }
    if (centres.size() == k || total <= 1e-9) break;
    double pick = uniform(state) * total;
    std::size_t chosen = m;
    for (std::size_t a = 0; a < m; ++a) {
      if (dist[a] <= 0) continue;
      chosen = a;
      pick -= dist[a];
      if (pick < 0) break;
    }
    if (chosen == m) break;
    centres.push_back(chosen);
  }
  return centres;
}

// Assigns every active profile to its most similar centroid (ties: the lower topic).
// Returns the number of changed assignments. With `all` set, stores every cosine.
std::size_t assign(const UnitRows& u, const CentroidMatrix& c, std::vector<std::int32_t>& topic,
                   std::vector<float>& sim, std::vector<float>* all) {
  const auto k = c.cols();
  std::vector<char> changed(u.active.size(), 0);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, u.active.size(), 256), [&](const auto& r) {
    Eigen::VectorXf s(k);
    for (std::size_t a = r.begin(); a != r.end(); ++a) {
      const std::uint32_t d = u.active[a];
      s.setZero();
      for (auto i = u.begin(d); i < u.end(d); ++i)
        s.noalias() += u.values[i] * c.row(u.sat->terms[i]).transpose();
      Eigen::Index best = 0;
      for (Eigen::Index j = 1; j < k; ++j)
        if (s[j] > s[best]) best = j;
      if (topic[a] != static_cast<std::int32_t>(best)) changed[a] = 1;
      topic[a] = static_cast<std::int32_t>(best);
      sim[a] = s[best];
      if (all) std::copy(s.data(), s.data() + k, all->data() + a * static_cast<std::size_t>(k));
    }
  });
  return static_cast<std::size_t>(std::count(changed.begin(), changed.end(), 1));
}

// New unit centroids: the normalised mean of each topic's profiles, summed in document
// order (deterministic whatever the threads). Empty topics are re-seeded with the profile
// least similar to its centroid that no other empty topic took.
void update(const UnitRows& u, const std::vector<std::int32_t>& topic,
            const std::vector<float>& sim, CentroidMatrix& c) {
  const auto k = static_cast<std::size_t>(c.cols());
  const auto vocab = static_cast<std::size_t>(c.rows());
  std::vector<std::vector<std::size_t>> members(k);
  for (std::size_t a = 0; a < topic.size(); ++a)
    members[static_cast<std::size_t>(topic[a])].push_back(a);
  std::vector<std::size_t> order(topic.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](auto x, auto y) { return sim[x] < sim[y]; });
  std::size_t next_far = 0;
  std::vector<std::size_t> reseed(k, SIZE_MAX);
  for (std::size_t j = 0; j < k; ++j)
    if (members[j].empty() && next_far < order.size()) reseed[j] = order[next_far++];

  Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor> next(vocab, k);
  tbb::parallel_for(std::size_t{0}, k, [&](std::size_t j) {
    auto col = next.col(static_cast<Eigen::Index>(j));
    col.setZero();
    auto add = [&](std::size_t a) {
      const std::uint32_t d = u.active[a];
      for (auto i = u.begin(d); i < u.end(d); ++i) col[u.sat->terms[i]] += u.values[i];
    };
    if (!members[j].empty())
      for (std::size_t a : members[j]) add(a);
    else if (reseed[j] != SIZE_MAX)
      add(reseed[j]);
    const float norm = col.norm();
    if (norm > 0) col /= norm;
  });
  c = next;
}

// Classical MDS of the centroids' cosine distances into 2-D, scaled into -0.8..0.8.
std::vector<std::array<float, 2>> place_topics(const CentroidMatrix& c) {
  const auto k = c.cols();
  std::vector<std::array<float, 2>> out(static_cast<std::size_t>(k), {0.0f, 0.0f});
  if (k < 2) return out;
  const Eigen::MatrixXd g = (c.transpose() * c).cast<double>();
  Eigen::MatrixXd d2(k, k);
  for (Eigen::Index i = 0; i < k; ++i)
    for (Eigen::Index j = 0; j < k; ++j) {
      const double dist = std::max(0.0, 1.0 - g(i, j));
      d2(i, j) = dist * dist;
    }
  const Eigen::MatrixXd j = Eigen::MatrixXd::Identity(k, k) -
                            Eigen::MatrixXd::Constant(k, k, 1.0 / static_cast<double>(k));
  const Eigen::MatrixXd b = -0.5 * j * d2 * j;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(b);
  const Eigen::VectorXd& ev = es.eigenvalues();  // ascending
  Eigen::MatrixXd x(k, 2);
  for (Eigen::Index i = 0; i < k; ++i)
    for (int a = 0; a < 2; ++a) {
      const Eigen::Index col = k - 1 - a;
      double v = es.eigenvectors()(i, col) * std::sqrt(std::max(0.0, ev[col]));
      // A fixed sign (largest entry positive) keeps the picture stable across platforms.
      Eigen::Index arg = 0;
      es.eigenvectors().col(col).cwiseAbs().maxCoeff(&arg);
      if (es.eigenvectors()(arg, col) < 0) v = -v;
      x(i, a) = v + 1e-3 * static_cast<double>(i % 7) * (a ? 1 : -1);  // no coincident points
    }
  // Classical MDS keeps only the two largest directions (with text often: the language),
  // which squeezes the other topics together. SMACOF (unweighted stress majorization,
  // Guttman transform) from there fits all pairwise distances and spreads topics out.
  Eigen::MatrixXd target = d2.cwiseSqrt();
  for (int iter = 0; iter < 300; ++iter) {
    Eigen::MatrixXd bm = Eigen::MatrixXd::Zero(k, k);
    for (Eigen::Index i = 0; i < k; ++i)
      for (Eigen::Index jj = 0; jj < k; ++jj) {
        if (i == jj) continue;
        const double dist = (x.row(i) - x.row(jj)).norm();
        if (dist > 1e-12) bm(i, jj) = -target(i, jj) / dist;
      }
    for (Eigen::Index i = 0; i < k; ++i) bm(i, i) = -bm.row(i).sum();
    x = bm * x / static_cast<double>(k);
  }
  const Eigen::RowVector2d centre = x.colwise().mean();
  x.rowwise() -= centre;
  const double scale = x.cwiseAbs().maxCoeff();
  for (Eigen::Index i = 0; i < k; ++i)
    for (int a = 0; a < 2; ++a)
      out[static_cast<std::size_t>(i)][static_cast<std::size_t>(a)] =
          static_cast<float>(scale > 0 ? x(i, a) / scale * 0.8 : 0.0);
  return out;
}

bool same_ascii_case_insensitive(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

void LandscapeOptions::validate() const {
  check(topics <= 1000, "topics must be in 0..1000 (0 = automatic), got " + std::to_string(topics));
  check(iterations >= 1 && iterations <= 1000,
        "iterations must be in 1..1000, got " + std::to_string(iterations));
  check(terms_per_topic >= 1 && terms_per_topic <= 100,
        "terms_per_topic must be in 1..100, got " + std::to_string(terms_per_topic));
  check(label_terms >= 1 && label_terms <= terms_per_topic,
        "label_terms must be in 1..terms_per_topic, got " + std::to_string(label_terms));
  check(leaders <= 1000, "leaders must be in 0..1000, got " + std::to_string(leaders));
  check(threads <= 4096, "threads must be at most 4096, got " + std::to_string(threads));
}

std::size_t auto_topic_count(std::size_t n) noexcept {
  if (n == 0) return 0;
  const auto k = static_cast<std::size_t>(std::lround(std::sqrt(static_cast<double>(n) / 2.0)));
  return std::min(n, std::clamp<std::size_t>(k, 2, 30));
}

std::string landscape_region(const Profile& p) {
  return !p.region.empty() ? p.region : p.country;
}

Landscape build_landscape(const Index& index, const LandscapeOptions& options) {
  options.validate();
  return detail::in_arena(options.threads, [&] {
    const CorpusVectors& vectors = index.vectors();
    const std::size_t vocab = vectors.vocabulary.size();
    const std::size_t n = index.size();
    const UnitRows u = unit_rows(vectors.all);
    const std::size_t m = u.active.size();
    if (m == 0)
      throw invalid_argument("scoutmatch.landscape.2",
                             "the index holds no profile with indexed terms; nothing to cluster");

    Landscape out;
    out.requested_topics = options.topics ? std::min(options.topics, m) : auto_topic_count(m);
    const std::vector<std::size_t> seeds =
        seed_centres(u, vocab, out.requested_topics, options.seed);
    const std::size_t k = seeds.size();

    CentroidMatrix c =
        CentroidMatrix::Zero(static_cast<Eigen::Index>(vocab), static_cast<Eigen::Index>(k));
    for (std::size_t j = 0; j < k; ++j) {
      const std::uint32_t d = u.active[seeds[j]];
      for (auto i = u.begin(d); i < u.end(d); ++i)
        c(u.sat->terms[i], static_cast<Eigen::Index>(j)) = u.values[i];
    }
    std::vector<std::int32_t> topic(m, -1);
    std::vector<float> sim(m, 0.0f);
    for (std::size_t it = 1; it <= options.iterations; ++it) {
      const std::size_t changed = assign(u, c, topic, sim, nullptr);
      out.iterations = it;
      if (changed == 0 && it > 1) break;
      update(u, topic, sim, c);
    }
    // A last pass against the final centroids, keeping every cosine for the layout.
    std::vector<float> all_sims(m * k);
    assign(u, c, topic, sim, &all_sims);

    // Order topics by size, largest first (ties: the earlier seed).
    std::vector<std::size_t> size_of(k, 0);
    for (auto t : topic) ++size_of[static_cast<std::size_t>(t)];
    std::vector<std::size_t> order(k);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](auto a, auto b) { return size_of[a] > size_of[b]; });
    std::vector<std::size_t> rank(k);
    for (std::size_t r = 0; r < k; ++r) rank[order[r]] = r;
    // Topics that ended empty (possible only when many profiles are identical) are dropped.
    std::size_t kept = 0;
    while (kept < k && size_of[order[kept]] > 0) ++kept;

    out.topic_of.assign(n, -1);
    out.similarity.assign(n, 0.0f);
    for (std::size_t a = 0; a < m; ++a) {
      out.topic_of[u.active[a]] =
          static_cast<std::int32_t>(rank[static_cast<std::size_t>(topic[a])]);
      out.similarity[u.active[a]] = sim[a];
    }
    out.unassigned = n - m;
    double total_sim = 0;
    for (float s : sim) total_sim += s;
    out.objective = total_sim / static_cast<double>(m);

    CentroidMatrix ordered(static_cast<Eigen::Index>(vocab), static_cast<Eigen::Index>(kept));
    for (std::size_t r = 0; r < kept; ++r)
      ordered.col(static_cast<Eigen::Index>(r)) = c.col(static_cast<Eigen::Index>(order[r]));

    // Topic terms: centroid weight minus the size-weighted mean weight of the others.
    Eigen::VectorXd weighted = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(vocab));
    for (std::size_t r = 0; r < kept; ++r)
      weighted += ordered.col(static_cast<Eigen::Index>(r)).cast<double>() *
                  static_cast<double>(size_of[order[r]]);
    out.topics.resize(kept);
    for (std::size_t r = 0; r < kept; ++r) {
      Topic& t = out.topics[r];
      t.id = r;
      t.size = size_of[order[r]];
      const auto col = ordered.col(static_cast<Eigen::Index>(r));
      const double others = static_cast<double>(m - t.size);
      std::vector<std::pair<double, TermId>> cand;
      for (Eigen::Index v = 0; v < col.size(); ++v) {
        if (col[v] <= 0) continue;
        const double mean_other =
            others > 0 ? (weighted[v] - double(col[v]) * double(t.size)) / others : 0.0;
        const double contrast = double(col[v]) - mean_other;
        if (contrast > 0) cand.emplace_back(contrast, static_cast<TermId>(v));
      }
      std::sort(cand.begin(), cand.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
      });
      for (const auto& [contrast, term] : cand) {
        if (t.terms.size() == options.terms_per_topic) break;
        const std::string& surface = vectors.vocabulary.surface(term);
        const bool dup = std::any_of(t.terms.begin(), t.terms.end(), [&](const TopicTerm& x) {
          return same_ascii_case_insensitive(x.term, surface);
        });
        if (dup) continue;
        t.terms.push_back({surface, vectors.vocabulary.term(term), double(col[term]), contrast});
      }
      for (std::size_t i = 0; i < t.terms.size() && i < options.label_terms; ++i)
        t.label += (i ? ", " : "") + t.terms[i].term;
      if (t.label.empty()) t.label = "topic " + std::to_string(r + 1);
      // Labels stay unique: a topic labelled like a larger one adds the term that tells it
      // apart from that one: "+ X" (much more weight here) or "- X" (much less), and its
      // number when nothing does.
      auto taken = [&](const std::string& label) -> const Topic* {
        for (std::size_t o = 0; o < r; ++o)
          if (out.topics[o].label == label) return &out.topics[o];
        return nullptr;
      };
      for (int round = 0; round < 3; ++round) {
        const Topic* other = taken(t.label);
        if (!other) break;
        const auto ocol = ordered.col(static_cast<Eigen::Index>(other->id));
        Eigen::Index best = -1;
        float best_diff = 0.05f;  // smaller differences do not describe a topic
        for (Eigen::Index v = 0; v < col.size(); ++v) {
          const float diff = std::abs(col[v] - ocol[v]);
          if (diff <= best_diff) continue;
          const std::string& surface = vectors.vocabulary.surface(static_cast<TermId>(v));
          if (t.label.find(surface) != std::string::npos) continue;
          best = v;
          best_diff = diff;
        }
        if (best < 0) break;
        t.label += (col[best] > ocol[best] ? " + " : " - ") +
                   vectors.vocabulary.surface(static_cast<TermId>(best));
      }
      if (taken(t.label)) t.label += " (" + std::to_string(r + 1) + ")";
    }

    // Members: cohesion, kinds, leaders; counts by topic x kind x region.
    std::vector<std::vector<TopicMember>> members(kept);
    std::map<std::tuple<std::size_t, std::uint8_t, std::string>, std::size_t> cells;
    for (std::uint32_t d = 0; d < n; ++d) {
      if (out.topic_of[d] < 0) continue;
      const auto r = static_cast<std::size_t>(out.topic_of[d]);
      const Profile& p = index.profile(d);
      members[r].push_back({d, out.similarity[d]});
      ++out.topics[r].kinds[static_cast<std::size_t>(p.kind)];
      ++cells[{r, static_cast<std::uint8_t>(p.kind), landscape_region(p)}];
    }
    for (const auto& [key, count] : cells)
      out.counts.push_back(
          {std::get<0>(key), static_cast<Kind>(std::get<1>(key)), std::get<2>(key), count});
    for (std::size_t r = 0; r < kept; ++r) {
      Topic& t = out.topics[r];
      auto& mem = members[r];
      double s = 0;
      for (const auto& x : mem) s += x.similarity;
      t.cohesion = mem.empty() ? 0.0 : s / static_cast<double>(mem.size());
      std::stable_sort(mem.begin(), mem.end(),
                       [](const auto& a, const auto& b) { return a.similarity > b.similarity; });
      for (const auto& x : mem) {
        const Kind kind = index.profile(x.doc).kind;
        if ((kind == Kind::company || kind == Kind::startup) &&
            t.companies.size() < options.leaders)
          t.companies.push_back(x);
        if ((kind == Kind::university || kind == Kind::research) &&
            t.research.size() < options.leaders)
          t.research.push_back(x);
      }
    }

    // Layout: topics by MDS; profiles at the softmax barycentre of the topic positions.
    out.topic_xy = place_topics(ordered);
    std::size_t largest = 1;
    for (const Topic& t : out.topics) largest = std::max(largest, t.size);
    out.xy.assign(n, {0.0f, 0.0f});
    constexpr double temperature = 0.05;
    tbb::parallel_for(std::size_t{0}, m, [&](std::size_t a) {
      const std::uint32_t d = u.active[a];
      const float* s = all_sims.data() + a * k;
      const float best = *std::max_element(s, s + k);
      double x = 0, y = 0, wsum = 0;
      for (std::size_t j = 0; j < k; ++j) {
        const std::size_t r = rank[j];
        if (r >= kept) continue;
        const double w = std::exp((double(s[j]) - best) / temperature);
        x += w * out.topic_xy[r][0];
        y += w * out.topic_xy[r][1];
        wsum += w;
      }
      const auto own = static_cast<std::size_t>(out.topic_of[d]);
      const double spread = 0.03 + 0.12 * std::sqrt(double(out.topics[own].size) / double(largest));
      std::uint64_t h = options.seed ^ (0xa0761d6478bd642fULL * (d + 1));
      const double angle = uniform(h) * 6.283185307179586, radius = spread * std::sqrt(uniform(h));
      out.xy[d] = {static_cast<float>(x / wsum + radius * std::cos(angle)),
                   static_cast<float>(y / wsum + radius * std::sin(angle))};
    });
    for (std::uint32_t d = 0; d < n; ++d)
      if (out.topic_of[d] < 0) {
        std::uint64_t h = options.seed ^ (0xe7037ed1a0b428dbULL * (d + 1));
        out.xy[d] = {static_cast<float>(0.05 * (uniform(h) - 0.5)),
                     static_cast<float>(0.05 * (uniform(h) - 0.5))};
      }
    return out;
  });
}

}  // namespace scoutmatch
