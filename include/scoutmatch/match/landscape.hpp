#pragma once
/// \file landscape.hpp
/// The competence landscape: topics learned from the profile vectors of an index by
/// spherical k-means, labelled with readable terms, counted by kind and region, and a 2-D
/// layout of the profiles for a map.
///
///     sm::LandscapeOptions opt;                 // topics = 0: chosen automatically
///     sm::Landscape l = sm::build_landscape(index, opt);
///     for (const sm::Topic& t : l.topics) std::cout << t.label << ' ' << t.size << '\n';

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scoutmatch/match/index.hpp"
#include "scoutmatch/types.hpp"

namespace scoutmatch {

/// Choices for build_landscape().
struct LandscapeOptions {
  /// Number of topics k, 0..1000. 0 = automatic: round(sqrt(n / 2)) for n profiles with a
  /// non-empty vector, clamped to 2..30 (and to n). Fewer topics come out when the corpus
  /// has fewer distinct profiles than k. Default 0.
  std::size_t topics = 0;
  /// Seed of the k-means++ seeding; the same seed, index and options give the same
  /// landscape whatever the number of threads. Default 42.
  std::uint64_t seed = 42;
  /// Most Lloyd iterations, 1..1000; stops earlier when no assignment changes. Default 50.
  std::size_t iterations = 50;
  /// Terms that describe each topic (Topic::terms), 1..100. Default 8.
  std::size_t terms_per_topic = 8;
  /// Terms joined into Topic::label, 1..terms_per_topic. Default 3.
  std::size_t label_terms = 3;
  /// Strongest companies and research partners listed per topic, 0..1000. Default 5.
  std::size_t leaders = 5;
  /// Worker threads: 0 = the caller's TBB arena (all cores by default), at most 4096.
  std::size_t threads = 0;

  /// Throws invalid_argument [scoutmatch.landscape.1] when a value is out of range.
  void validate() const;
};

/// One describing term of a topic.
struct TopicTerm {
  std::string term;     ///< readable surface form (Vocabulary::surface), e.g. "Wasserstoff"
  std::string stem;     ///< the index term, e.g. "wasserstoff"
  double weight = 0;    ///< the term's weight in the topic centroid (unit-length centroid)
  double contrast = 0;  ///< weight minus its mean weight in the other topics; terms rank by it
};

/// A profile close to a topic's centroid.
struct TopicMember {
  std::uint32_t doc = 0;  ///< document number in the index
  double similarity = 0;  ///< cosine to the topic centroid, 0..1
};

/// One topic of the landscape.
struct Topic {
  std::size_t id = 0;            ///< 0-based; topics are ordered by size, largest first
  std::string label;             ///< the first label_terms terms joined by ", "
  std::vector<TopicTerm> terms;  ///< most characteristic terms first
  std::size_t size = 0;          ///< profiles assigned to the topic
  double cohesion = 0;           ///< mean cosine of its profiles to the centroid, 0..1
  std::array<std::size_t, kind_count> kinds{};  ///< profiles of each Kind
  /// Companies and start-ups of the topic closest to its centroid, best first.
  std::vector<TopicMember> companies;
  /// Universities and research institutes of the topic closest to its centroid.
  std::vector<TopicMember> research;
};

/// Number of profiles of one topic, kind and region.
struct LandscapeCount {
  std::size_t topic = 0;  ///< Topic::id
  Kind kind = Kind::other;
  std::string region;     ///< Profile::region, else Profile::country, else ""
  std::size_t count = 0;  ///< > 0
};

/// The result of build_landscape(). Per-profile vectors are in document order.
struct Landscape {
  std::vector<Topic> topics;
  /// Topic of each profile, or -1 for a profile whose vector is empty (no indexed terms).
  std::vector<std::int32_t> topic_of;
  /// Cosine of each profile to its topic's centroid (0 when unassigned).
  std::vector<float> similarity;
  /// 2-D position of each profile in topic space, roughly in -1..1 (see build_landscape).
  std::vector<std::array<float, 2>> xy;
  /// 2-D position of each topic, in the same coordinates as `xy`.
  std::vector<std::array<float, 2>> topic_xy;
  /// Counts by topic x kind x region, sorted by topic, kind, region; only non-zero cells.
  std::vector<LandscapeCount> counts;
  std::size_t unassigned = 0;        ///< profiles with an empty vector
  std::size_t iterations = 0;        ///< Lloyd iterations run
  double objective = 0;              ///< mean cosine of the assigned profiles to their centroids
  std::size_t requested_topics = 0;  ///< k asked for (after the automatic rule)
};

/// The automatic number of topics for `n` profiles: round(sqrt(n / 2)) clamped to 2..30,
/// and at most n (0 for n = 0).
std::size_t auto_topic_count(std::size_t n) noexcept;

/// Learns the topics of `index`: spherical k-means (cosine, unit-length centroids) over
/// the L2-normalised BM25 vectors idf(t)·sat(t,d) of the `all` space, seeded by k-means++
/// with `options.seed`, for at most `options.iterations` Lloyd iterations; an empty
/// cluster is re-seeded with the profile farthest from its centroid. Topic terms rank by
/// centroid weight minus the size-weighted mean weight of the other centroids; labels use
/// the vocabulary's surface forms, as explanations do.
///
/// Layout (`xy`): topic centroids are placed by classical MDS of their cosine distances;
/// each profile at the softmax (temperature 0.05) barycentre of the topic positions over
/// its cosines to all centroids, plus a small deterministic jitter so identical profiles
/// do not hide each other.
///
/// Throws invalid_argument [scoutmatch.landscape.1] for bad options and
/// [scoutmatch.landscape.2] when the index holds no profile with a non-empty vector.
Landscape build_landscape(const Index& index, const LandscapeOptions& options = {});

/// The region a landscape counts `p` under: its region, else its country, else "".
std::string landscape_region(const Profile& p);

}  // namespace scoutmatch
