#pragma once
/// \file types.hpp
/// The nouns of scoutmatch: Profile, Kind, Field, Language, Match, Explanation.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scoutmatch {

/// What sort of organisation a profile describes.
enum class Kind : std::uint8_t {
  company = 0,      ///< "company": an enterprise (SME or large)
  university = 1,   ///< "university": universities and universities of applied sciences
  research = 2,     ///< "research": research institutes (Fraunhofer, ...)
  startup = 3,      ///< "startup"
  public_body = 4,  ///< "public": agencies, chambers, municipalities
  other = 5,        ///< "other"
};

/// Number of kinds; kinds are small integers 0..kind_count-1.
inline constexpr std::size_t kind_count = 6;

/// The name used in files, the CLI and Python ("company", ..., "public", "other").
constexpr std::string_view to_string(Kind k) noexcept {
  constexpr std::array<std::string_view, kind_count> names{"company", "university", "research",
                                                           "startup", "public",     "other"};
  return names[static_cast<std::size_t>(k)];
}

/// Parses a kind name as written by to_string() (lower case); nullopt when unknown.
constexpr std::optional<Kind> kind_from_string(std::string_view s) noexcept {
  for (std::size_t i = 0; i < kind_count; ++i)
    if (to_string(static_cast<Kind>(i)) == s) return static_cast<Kind>(i);
  return std::nullopt;
}

/// Language of a profile's text. `unknown` means "detect from the text".
enum class Language : std::uint8_t { unknown = 0, de = 1, en = 2 };

/// "de", "en" or "" for unknown.
constexpr std::string_view to_string(Language l) noexcept {
  return l == Language::de ? "de" : l == Language::en ? "en" : "";
}

/// The text fields of a profile that are analysed and weighted separately.
enum class Field : std::uint8_t {
  name = 0,         ///< the organisation's name
  text = 1,         ///< free description
  competences = 2,  ///< what the organisation can do
  offers = 3,       ///< what it offers to partners
  needs = 4,        ///< what it is looking for
  keywords = 5,     ///< the keyword list, joined
};

/// Number of fields.
inline constexpr std::size_t field_count = 6;

/// "name", "text", "competences", "offers", "needs" or "keywords".
constexpr std::string_view to_string(Field f) noexcept {
  constexpr std::array<std::string_view, field_count> names{"name",   "text",  "competences",
                                                            "offers", "needs", "keywords"};
  return names[static_cast<std::size_t>(f)];
}

/// Bit set of fields: bit i is Field(i).
using FieldMask = std::uint8_t;

/// The bit of one field in a FieldMask.
constexpr FieldMask field_bit(Field f) noexcept {
  return static_cast<FieldMask>(1u << static_cast<unsigned>(f));
}

/// A competence profile of one organisation: the unit that is indexed and recommended.
/// Only `id` is required; every other field may be empty.
struct Profile {
  std::string id;                     ///< unique, non-empty
  Kind kind = Kind::other;            ///< kind of organisation
  std::string name;                   ///< display name
  std::string text;                   ///< free text
  std::string competences;            ///< what it can do
  std::string offers;                 ///< what it offers
  std::string needs;                  ///< what it looks for
  std::vector<std::string> keywords;  ///< short tags
  Language lang = Language::unknown;  ///< language of the texts; unknown = detect
  std::string country;                ///< ISO 3166 alpha-2 code, upper case, or empty
  std::string region;                 ///< NUTS code (e.g. "DEA5") or free label, or empty
  std::string city;                   ///< city, or empty
  std::optional<double> lat;          ///< latitude in degrees, -90..90
  std::optional<double> lon;          ///< longitude in degrees, -180..180
  std::optional<bool> sme;            ///< small or mid-sized enterprise
  /// Optional dense vector (e.g. a sentence embedding of the texts), finite floats. All
  /// profiles of one index that have one must share its dimension; an index fuses its
  /// cosine similarity with BM25 (see Query::dense_weight). Empty = none.
  std::vector<float> embedding;
  /// Ids of joint activities (projects, events, cluster memberships): profiles that share
  /// an id worked together. Builds the partner graph behind the network signals.
  std::vector<std::string> projects;
  /// Profile ids of earlier partners (edges of the partner graph; ids not in the index
  /// are ignored).
  std::vector<std::string> partners;

  /// The text of one field (keywords joined by ", ").
  std::string field_text(Field f) const {
    switch (f) {
      case Field::name:
        return name;
      case Field::text:
        return text;
      case Field::competences:
        return competences;
      case Field::offers:
        return offers;
      case Field::needs:
        return needs;
      case Field::keywords: {
        std::string s;
        for (const auto& k : keywords) {
          if (!s.empty()) s += ", ";
          s += k;
        }
        return s;
      }
    }
    return {};
  }
};

/// One term of an explanation: a shared term that contributed to a match's score.
struct TermContribution {
  std::string term;      ///< readable surface form, e.g. "Wasserstoff" (not the stem)
  std::string stem;      ///< the index term (normalised, stemmed), e.g. "wasserstoff"
  double share = 0;      ///< this term's share of the score, 0..1
  double score = 0;      ///< its absolute contribution to the score
  FieldMask fields = 0;  ///< the candidate's fields the term occurs in
};

/// One signal's part of a match's score (see match/signals.hpp).
struct SignalContribution {
  std::string signal;       ///< signal name, e.g. "partner_of_partner"
  double value = 0;         ///< the signal's feature value for this pair
  double contribution = 0;  ///< weight x value: its part of Match::score
};

/// Why a candidate was recommended: the shared terms that contributed most and the
/// candidate fields that matched.
struct Explanation {
  std::vector<TermContribution> terms;  ///< largest contribution first
  FieldMask fields = 0;                 ///< union of the candidate fields that matched
  double text_score = 0;                ///< the BM25F similarity (before any fusion)
  std::optional<double> dense_score;    ///< cosine of the embeddings, when fused
  std::optional<double> distance_km;    ///< distance to the query point or profile, if known
  /// With network signals: each signal with a non-zero part of the score, largest first.
  std::vector<SignalContribution> signals;
  /// Earlier partners of the query that also worked with the candidate (ids, strongest
  /// tie first, at most 5), and how many there are in all.
  std::vector<std::string> via;
  std::size_t via_count = 0;           ///< number of shared earlier partners
  std::size_t candidate_projects = 0;  ///< the candidate's number of joint activities
  /// One readable line, e.g. "shared topics: Wasserstoff, Brennstoffzelle; worked with 2
  /// of your partners: A, B; active in 14 projects".
  std::string summary;
};

/// One recommended partner.
struct Match {
  std::size_t rank = 0;     ///< 1-based rank in the result list
  std::uint32_t doc = 0;    ///< internal document number in the index
  std::string id;           ///< profile id
  std::string name;         ///< profile name
  Kind kind = Kind::other;  ///< profile kind
  /// Higher is better. Without fusion the BM25F similarity (not normalised); with dense
  /// fusion (1 - w) * bm25 / best bm25 + w * max(0, cosine), in 0..1; with signals
  /// (match/signals.hpp) the weighted sum of the signals, whose text part is that
  /// normalised text score.
  double score = 0;
  std::optional<Explanation> explanation;  ///< set when the query asked for it
};

}  // namespace scoutmatch
