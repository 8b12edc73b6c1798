#pragma once
/// \file event_file.hpp
/// Event files (EVENT.json), meeting plans (PLAN.json) and readable agendas.
///
/// EVENT.json:
///
///     {"slots": 16, "tables": 40,
///      "participants": [{"id": "swf-c-001", "available": [0, 1, 2], "max_meetings": 8},
///                       {"id": "swf-u-003"}],
///      "must_meet": [["swf-c-001", "swf-u-003"]],
///      "must_not_meet": [["swf-c-002", "swf-c-007"]]}
///
/// `available` (slot indices, 0-based) and `max_meetings` are optional (all slots; as
/// many as the available slots); `must_meet` and `must_not_meet` too. A participant may
/// also be given as a bare id string. Unknown fields are
/// ignored. PLAN.json:
///
///     {"meetings": [{"a": "swf-c-001", "b": "swf-u-003", "slot": 0, "table": 3,
///                    "score": 0.42}],
///      "total_relevance": 123.4, "unplaced_must_meet": [],
///      "slots": 16, "tables": 40, "participants": 60, "idle_slots": 4}
///
/// Only `meetings` and `total_relevance` are required when reading a plan.

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "scoutmatch/match/schedule.hpp"

namespace scoutmatch {

/// Parses an event from JSON text and validates it. `source` names the input in
/// messages. Throws parse_error [scoutmatch.io.event.1] for malformed JSON,
/// [scoutmatch.io.event.2] for a missing field or a value of the wrong type, and
/// invalid_argument [scoutmatch.schedule.N] for values out of range (Event::validate;
/// negative numbers too).
Event parse_event(std::string_view json_text, const std::string& source = "<event>");

/// Reads and validates an event file. Throws file_error [scoutmatch.io.file.1/2] when it
/// cannot be read, otherwise like parse_event().
Event read_event(const std::filesystem::path& path);

/// The event as JSON text (the EVENT.json format).
std::string event_to_json(const Event& event);

/// The plan as JSON text (the PLAN.json format). With `event`, also the event's size
/// (slots, tables, participants) and the plan's idle_slots().
std::string plan_to_json(const Plan& plan, const Event* event = nullptr);

/// Parses a plan from JSON text. Throws parse_error [scoutmatch.io.plan.1] for malformed
/// JSON and [scoutmatch.io.plan.2] for a missing field or a value of the wrong type
/// (slots, tables: integers >= 0). Does not check the plan against an event (check_plan).
Plan parse_plan(std::string_view json_text, const std::string& source = "<plan>");

/// Reads a plan file. Throws file_error when it cannot be read, otherwise like
/// parse_plan().
Plan read_plan(const std::filesystem::path& path);

/// Writes plan_to_json() to `path` atomically (write_file_atomically). Throws file_error.
void write_plan(const std::filesystem::path& path, const Plan& plan, const Event* event = nullptr);

/// The display name of a participant id ("" when unknown); used by the agendas.
using NameOf = std::function<std::string(std::string_view id)>;

/// A readable per-participant agenda as plain text: for each participant (event order)
/// the meetings by slot with table, partner, partner's name and score, and the number of
/// idle slots. `name_of` may be empty (ids only).
std::string agenda_text(const Event& event, const Plan& plan, const NameOf& name_of = {});

/// The same agenda as a self-contained HTML page (names and ids escaped).
std::string agenda_html(const Event& event, const Plan& plan, const NameOf& name_of = {});

/// Writes agenda_html() when `path` ends in .html or .htm (any case), else agenda_text(),
/// atomically. Throws file_error.
void write_agenda(const std::filesystem::path& path, const Event& event, const Plan& plan,
                  const NameOf& name_of = {});

}  // namespace scoutmatch
