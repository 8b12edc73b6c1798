#pragma once
/// \file schedule.hpp
/// Meeting plans for brokerage events (b2match-like): who meets whom, in which time slot,
/// at which table, maximising the total mutual relevance (relevance.hpp) of the meetings.
///
/// The planner (schedule_meetings) is a heuristic, not an exact optimiser: choosing the
/// pairs and packing them into slots at the same time is NP-hard in general. It works in
/// rounds over the candidate pairs, must-meet pairs first and then by decreasing
/// relevance:
///   1. place: a pair is placed when both still have capacity, in a slot where both are
///      available and free and a table is free. When there is no such slot, one
///      conflicting meeting is moved to another slot to make room (a repair step).
///      With `balance` on, a first pass gives every participant at most their fair share
///      (tables * slots * 2 / participants, rounded up) so that the meetings are not all
///      taken by a few participants who are relevant to many; a second pass fills up to
///      each participant's max_meetings.
///   2. improve: an unplaced pair replaces the meetings it conflicts with in some slot
///      when its relevance is larger than theirs together (must-meet meetings are never
///      replaced; with `balance` neither is a participant's only meeting).
///   3. compact: meetings move to other free slots while that shortens the participants'
///      idle gaps (free slots between a participant's first and last meeting).
/// The slot of a new meeting is the one that adds the least idle gap for both
/// participants, ties going to the slot with the most free tables, then the earliest.
/// Must-not-meet pairs are never placed; must-meet pairs are placed first and reported
/// in Plan::unplaced_must_meet when even the repair step cannot fit them.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scoutmatch/match/index.hpp"
#include "scoutmatch/match/relevance.hpp"

namespace scoutmatch {

/// Largest number of time slots of an event.
inline constexpr std::size_t max_event_slots = 10'000;
/// Largest number of tables of an event.
inline constexpr std::size_t max_event_tables = 100'000;

/// One participant of an event.
struct EventParticipant {
  std::string id;  ///< profile id (unique within the event, non-empty)
  /// Slots the participant can meet in, 0-based indices < Event::slots (duplicates are
  /// ignored). nullopt (default) = all slots; an empty list is an error.
  std::optional<std::vector<std::uint32_t>> available;
  /// Most meetings, >= 1; nullopt (default) = as many as the participant has slots.
  std::optional<std::size_t> max_meetings;
};

/// A brokerage event: slots, tables, participants and requests.
struct Event {
  std::size_t slots = 16;   ///< time slots, 1..max_event_slots
  std::size_t tables = 40;  ///< tables (meetings at the same time), 1..max_event_tables
  std::vector<EventParticipant> participants;  ///< at least one
  /// Pairs of participant ids that must meet (placed first, whatever their relevance).
  std::vector<std::pair<std::string, std::string>> must_meet;
  /// Pairs of participant ids that must never meet.
  std::vector<std::pair<std::string, std::string>> must_not_meet;

  /// Throws invalid_argument [scoutmatch.schedule.N] for a bad event: 1 slots or tables
  /// out of range, 2 no participants or an empty or duplicate id, 3 an availability with
  /// a slot out of range or no slot, 4 max_meetings of 0, 5 a request naming an unknown
  /// participant or the same one twice, 6 an impossible must-meet pair (also in
  /// must_not_meet, no common available slot, more must-meet partners than the
  /// participant can meet, more must-meet pairs than slots * tables).
  void validate() const;
};

/// One meeting of a plan.
struct Meeting {
  std::string a;            ///< participant id
  std::string b;            ///< participant id
  std::uint32_t slot = 0;   ///< time slot, < Event::slots
  std::uint32_t table = 0;  ///< table, < Event::tables
  double score = 0;         ///< mutual relevance of a and b
};

/// A meeting plan.
struct Plan {
  std::vector<Meeting> meetings;  ///< ordered by slot, then table
  double total_relevance = 0;     ///< sum of the meetings' scores
  /// Must-meet pairs the planner could not fit (they are valid on their own, but not
  /// together with the other must-meet pairs and the availabilities).
  std::vector<std::pair<std::string, std::string>> unplaced_must_meet;
};

/// Planner settings.
struct ScheduleOptions {
  /// Give every participant a fair share of the meetings before anyone gets more (see the
  /// file comment). Default true. Off: pure relevance order (a little more total
  /// relevance, meetings concentrated on the most relevant participants).
  bool balance = true;
  /// Rounds of the improve step (0 = none), 0..100. Default 3.
  std::size_t improve_rounds = 3;
  /// Move meetings to shorten idle gaps. Default true.
  bool compact = true;
  /// RelevanceOptions for the Index form of schedule_meetings().
  RelevanceOptions relevance;

  /// Throws invalid_argument [scoutmatch.schedule.7] for improve_rounds above 100.
  void validate() const;
};

/// Plans the meetings of `event` with the pair scores `relevance`: a square matrix over
/// the participants in event order (value(i, j) = relevance of participants i and j;
/// only i != j is read; pairs with relevance 0 only meet when they must). Throws
/// invalid_argument [scoutmatch.schedule.1..6] for a bad event (Event::validate), [.7]
/// for bad options and [.8] for a matrix of the wrong size or with negative or
/// non-finite values.
Plan schedule_meetings(const Event& event, const RelevanceMatrix& relevance,
                       const ScheduleOptions& options = {});

/// Plans the meetings of `event` whose participants are profiles of `index`, with their
/// mutual_relevance(). Throws like the matrix form and not_found [scoutmatch.schedule.9]
/// for a participant the index does not hold.
Plan schedule_meetings(const Index& index, const Event& event, const ScheduleOptions& options = {});

/// The first-come baseline: participants in event order request their best partners
/// (by relevance, while both have capacity); each request gets the first slot where both
/// are available and free and a table is free. Must-meet pairs are placed first, the
/// same way. Throws like schedule_meetings().
Plan schedule_first_come(const Event& event, const RelevanceMatrix& relevance);

/// What check_plan() found wrong.
enum class ViolationKind : std::uint8_t {
  unknown_participant,  ///< a meeting names an id that is not a participant
  self_meeting,         ///< a participant meets itself
  slot_out_of_range,    ///< slot >= Event::slots
  table_out_of_range,   ///< table >= Event::tables
  double_booked,        ///< a participant has two meetings in one slot
  table_taken,          ///< two meetings at one table in one slot
  unavailable,          ///< a meeting in a slot the participant is not available in
  too_many_meetings,    ///< more meetings than max_meetings
  must_not_meet,        ///< a must-not-meet pair meets
  must_meet_missing,    ///< a must-meet pair neither meets nor is listed as unplaced
  repeated_pair,        ///< a pair meets more than once
  bad_score,            ///< a score that is negative, not finite, or (with a relevance
                        ///< matrix) not the pair's relevance
  total_mismatch,       ///< total_relevance is not the sum of the scores
};

/// "unknown_participant", "self_meeting", ... (the enumerator's name).
std::string_view to_string(ViolationKind kind) noexcept;

/// One violated constraint.
struct Violation {
  ViolationKind kind;   ///< which constraint
  std::string message;  ///< readable details (ids, slot, table)
};

/// Every constraint `plan` violates for `event` (empty = valid). With `relevance` (the
/// matrix the plan was made with) each score is also checked against it (within 1e-6).
/// Does not throw for a bad plan; throws like Event::validate for a bad event.
std::vector<Violation> check_plan(const Event& event, const Plan& plan,
                                  const RelevanceMatrix* relevance = nullptr);

/// The plan's total idle gap: over all participants, the slots between their first and
/// last meeting in which they are available but have no meeting.
std::size_t idle_slots(const Event& event, const Plan& plan);

}  // namespace scoutmatch
