// Event files, plan files and agendas (include/scoutmatch/io/event_file.hpp).
#include "scoutmatch/io/event_file.hpp"
#include "scoutmatch/io/landscape_page.hpp"  // html_escape

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <map>
#include <sstream>

#include "scoutmatch/error.hpp"
#include "scoutmatch/io/atomic_file.hpp"

namespace scoutmatch {

namespace {

using json = nlohmann::json;

std::string type_name(const json& j) {
  return j.type_name();
}

// Parsing with one error prefix ("scoutmatch.io.event" or "scoutmatch.io.plan").
struct Reader {
  std::string id;  // without the trailing .N
  std::string source;

  [[noreturn]] void wrong(const std::string& field, const std::string& what, const json& j) const {
    throw parse_error(id + ".2", source + ": \"" + field + "\" " + what + ", not " + type_name(j));
  }
  [[noreturn]] void missing(const std::string& field) const {
    throw parse_error(id + ".2", source + ": \"" + field + "\" is missing");
  }

  json parse(std::string_view text) const {
    try {
      return json::parse(text);
    } catch (const json::exception& e) {
      throw parse_error(id + ".1", source + ": malformed JSON: " + e.what());
    }
  }

  // An integer; negative values throw invalid_argument `negative_id` (a range error of the
  // event, reported with the id of Event::validate).
  std::int64_t integer(const json& j, const std::string& field, const char* negative_id) const {
    if (!j.is_number_integer()) wrong(field, "must be an integer", j);
    if (j.is_number_unsigned()) {
      const auto v = j.get<std::uint64_t>();
      if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        throw invalid_argument(negative_id, source + ": \"" + field + "\" is too large");
      return static_cast<std::int64_t>(v);
    }
    const auto v = j.get<std::int64_t>();
    if (v < 0)
      throw invalid_argument(negative_id, source + ": \"" + field +
                                              "\" must not be negative, got " + std::to_string(v));
    return v;
  }

  std::string string(const json& j, const std::string& field) const {
    if (!j.is_string()) wrong(field, "must be a string", j);
    return j.get<std::string>();
  }

  std::vector<std::pair<std::string, std::string>> pairs(const json& obj,
                                                         const std::string& field) const {
    std::vector<std::pair<std::string, std::string>> out;
    const auto it = obj.find(field);
    if (it == obj.end() || it->is_null()) return out;
    if (!it->is_array()) wrong(field, "must be a list of [id, id] pairs", *it);
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& p = (*it)[i];
      const std::string f = field + "[" + std::to_string(i) + "]";
      if (!p.is_array() || p.size() != 2) wrong(f, "must be a pair [id, id]", p);
      out.emplace_back(string(p[0], f + "[0]"), string(p[1], f + "[1]"));
    }
    return out;
  }
};

std::size_t to_size(std::int64_t v) {
  return static_cast<std::size_t>(v);
}

std::string fixed(double v, int digits) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << v;
  return s.str();
}

// Per participant (event order): their meetings sorted by slot.
struct Agenda {
  struct Row {
    std::uint32_t slot, table;
    std::string partner;
    double score;
  };
  std::vector<std::vector<Row>> rows;
  std::vector<std::size_t> idle;
};

Agenda agenda_of(const Event& event, const Plan& plan) {
  std::map<std::string_view, std::size_t> index;
  for (std::size_t i = 0; i < event.participants.size(); ++i)
    index.emplace(event.participants[i].id, i);
  Agenda ag;
  ag.rows.resize(event.participants.size());
  ag.idle.resize(event.participants.size(), 0);
  for (const Meeting& m : plan.meetings) {
    if (auto it = index.find(m.a); it != index.end())
      ag.rows[it->second].push_back({m.slot, m.table, m.b, m.score});
    if (auto it = index.find(m.b); it != index.end())
      ag.rows[it->second].push_back({m.slot, m.table, m.a, m.score});
  }
  for (std::size_t i = 0; i < ag.rows.size(); ++i) {
    auto& r = ag.rows[i];
    std::sort(r.begin(), r.end(), [](const auto& x, const auto& y) { return x.slot < y.slot; });
    if (r.empty()) continue;
    const auto& avail = event.participants[i].available;
    for (std::uint32_t s = r.front().slot; s < r.back().slot; ++s) {
      const bool busy = std::any_of(r.begin(), r.end(), [&](const auto& x) { return x.slot == s; });
      const bool here = !avail || std::find(avail->begin(), avail->end(), s) != avail->end();
      ag.idle[i] += here && !busy;
    }
  }
  return ag;
}

bool is_html(const std::filesystem::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".html" || ext == ".htm";
}

}  // namespace

Event parse_event(std::string_view json_text, const std::string& source) {
  const Reader r{"scoutmatch.io.event", source};
  const json j = r.parse(json_text);
  if (!j.is_object()) r.wrong("<root>", "must be a JSON object", j);
  Event e;
  for (const char* f : {"slots", "tables", "participants"})
    if (!j.contains(f)) r.missing(f);
  e.slots = to_size(r.integer(j["slots"], "slots", "scoutmatch.schedule.1"));
  e.tables = to_size(r.integer(j["tables"], "tables", "scoutmatch.schedule.1"));
  const json& ps = j["participants"];
  if (!ps.is_array()) r.wrong("participants", "must be a list", ps);
  for (std::size_t i = 0; i < ps.size(); ++i) {
    const json& p = ps[i];
    const std::string f = "participants[" + std::to_string(i) + "]";
    EventParticipant part;
    if (p.is_string()) {  // a bare id: all slots, no limit
      part.id = p.get<std::string>();
      e.participants.push_back(std::move(part));
      continue;
    }
    if (!p.is_object()) r.wrong(f, "must be an object or an id", p);
    if (!p.contains("id")) r.missing(f + ".id");
    part.id = r.string(p["id"], f + ".id");
    if (const auto a = p.find("available"); a != p.end() && !a->is_null()) {
      if (!a->is_array()) r.wrong(f + ".available", "must be a list of slot numbers", *a);
      part.available.emplace();
      for (std::size_t k = 0; k < a->size(); ++k) {
        const auto s = r.integer((*a)[k], f + ".available[" + std::to_string(k) + "]",
                                 "scoutmatch.schedule.3");
        part.available->push_back(static_cast<std::uint32_t>(
            std::min<std::int64_t>(s, std::numeric_limits<std::uint32_t>::max())));
      }
    }
    if (const auto m = p.find("max_meetings"); m != p.end() && !m->is_null())
      part.max_meetings = to_size(r.integer(*m, f + ".max_meetings", "scoutmatch.schedule.4"));
    e.participants.push_back(std::move(part));
  }
  e.must_meet = r.pairs(j, "must_meet");
  e.must_not_meet = r.pairs(j, "must_not_meet");
  e.validate();
  return e;
}

Event read_event(const std::filesystem::path& path) {
  return parse_event(read_file(path), path.string());
}

std::string event_to_json(const Event& event) {
  json j{{"slots", event.slots}, {"tables", event.tables}, {"participants", json::array()}};
  for (const EventParticipant& p : event.participants) {
    json o{{"id", p.id}};
    if (p.available) o["available"] = *p.available;
    if (p.max_meetings) o["max_meetings"] = *p.max_meetings;
    j["participants"].push_back(o);
  }
  j["must_meet"] = json::array();
  for (const auto& [a, b] : event.must_meet) j["must_meet"].push_back({a, b});
  j["must_not_meet"] = json::array();
  for (const auto& [a, b] : event.must_not_meet) j["must_not_meet"].push_back({a, b});
  return j.dump(1) + "\n";
}

std::string plan_to_json(const Plan& plan, const Event* event) {
  json meetings = json::array();
  for (const Meeting& m : plan.meetings)
    meetings.push_back(
        {{"a", m.a}, {"b", m.b}, {"slot", m.slot}, {"table", m.table}, {"score", m.score}});
  json unplaced = json::array();
  for (const auto& [a, b] : plan.unplaced_must_meet) unplaced.push_back({a, b});
  json j{{"meetings", std::move(meetings)},
         {"total_relevance", plan.total_relevance},
         {"unplaced_must_meet", std::move(unplaced)}};
  if (event) {
    j["slots"] = event->slots;
    j["tables"] = event->tables;
    j["participants"] = event->participants.size();
    j["idle_slots"] = idle_slots(*event, plan);
  }
  // One meeting per line: readable and diff-friendly.
  std::string out = "{\"meetings\": [";
  for (std::size_t i = 0; i < j["meetings"].size(); ++i)
    out += (i ? ",\n  " : "\n  ") + j["meetings"][i].dump();
  out += "\n]";
  for (auto it = j.begin(); it != j.end(); ++it)
    if (it.key() != "meetings") out += ",\n\"" + it.key() + "\": " + it.value().dump();
  return out + "}\n";
}

Plan parse_plan(std::string_view json_text, const std::string& source) {
  const Reader r{"scoutmatch.io.plan", source};
  const json j = r.parse(json_text);
  if (!j.is_object()) r.wrong("<root>", "must be a JSON object", j);
  if (!j.contains("meetings")) r.missing("meetings");
  if (!j.contains("total_relevance")) r.missing("total_relevance");
  const json& ms = j["meetings"];
  if (!ms.is_array()) r.wrong("meetings", "must be a list", ms);
  Plan p;
  for (std::size_t i = 0; i < ms.size(); ++i) {
    const json& m = ms[i];
    const std::string f = "meetings[" + std::to_string(i) + "]";
    if (!m.is_object()) r.wrong(f, "must be an object", m);
    for (const char* k : {"a", "b", "slot", "table", "score"})
      if (!m.contains(k)) r.missing(f + "." + k);
    Meeting x;
    x.a = r.string(m["a"], f + ".a");
    x.b = r.string(m["b"], f + ".b");
    for (auto [key, out] : {std::pair{"slot", &x.slot}, std::pair{"table", &x.table}}) {
      const json& v = m[key];
      if (!v.is_number_unsigned() ||
          v.get<std::uint64_t>() > std::numeric_limits<std::uint32_t>::max())
        r.wrong(f + "." + key, "must be an integer >= 0", v);
      *out = v.get<std::uint32_t>();
    }
    if (!m["score"].is_number()) r.wrong(f + ".score", "must be a number", m["score"]);
    x.score = m["score"].get<double>();
    p.meetings.push_back(std::move(x));
  }
  if (!j["total_relevance"].is_number())
    r.wrong("total_relevance", "must be a number", j["total_relevance"]);
  p.total_relevance = j["total_relevance"].get<double>();
  p.unplaced_must_meet = r.pairs(j, "unplaced_must_meet");
  return p;
}

Plan read_plan(const std::filesystem::path& path) {
  return parse_plan(read_file(path), path.string());
}

void write_plan(const std::filesystem::path& path, const Plan& plan, const Event* event) {
  const std::string text = plan_to_json(plan, event);
  write_file_atomically(path, {text});
}

std::string agenda_text(const Event& event, const Plan& plan, const NameOf& name_of) {
  const Agenda ag = agenda_of(event, plan);
  auto name = [&](std::string_view id) { return name_of ? name_of(id) : std::string(); };
  std::ostringstream out;
  out << "Meeting plan: " << event.participants.size() << " participants, " << event.slots
      << " slots, " << event.tables << " tables, " << plan.meetings.size()
      << " meetings, total relevance " << fixed(plan.total_relevance, 2) << "\n";
  if (!plan.unplaced_must_meet.empty()) {
    out << "Must-meet pairs that could not be placed:";
    for (const auto& [a, b] : plan.unplaced_must_meet) out << ' ' << a << '+' << b;
    out << '\n';
  }
  for (std::size_t i = 0; i < event.participants.size(); ++i) {
    const std::string& id = event.participants[i].id;
    const std::string n = name(id);
    out << "\n== " << id << (n.empty() ? "" : "  " + n) << "  (" << ag.rows[i].size()
        << (ag.rows[i].size() == 1 ? " meeting" : " meetings") << ", " << ag.idle[i] << " idle)\n";
    if (ag.rows[i].empty()) out << "   (no meetings)\n";
    for (const auto& r : ag.rows[i]) {
      const std::string pn = name(r.partner);
      out << "   slot " << std::setw(3) << r.slot << "  table " << std::setw(3) << r.table << "  "
          << r.partner << (pn.empty() ? "" : "  " + pn) << "  (relevance " << fixed(r.score, 2)
          << ")\n";
    }
  }
  return out.str();
}

std::string agenda_html(const Event& event, const Plan& plan, const NameOf& name_of) {
  const Agenda ag = agenda_of(event, plan);
  auto name = [&](std::string_view id) { return name_of ? name_of(id) : std::string(); };
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Meeting plan</title>\n"
         "<style>body{font-family:sans-serif;max-width:60em;margin:auto}"
         "table{border-collapse:collapse;margin-bottom:1.5em}"
         "td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}"
         "h2{font-size:1.1em;margin-bottom:.3em}</style></head><body>\n";
  out << "<h1>Meeting plan</h1>\n<p>" << event.participants.size() << " participants, "
      << event.slots << " slots, " << event.tables << " tables, " << plan.meetings.size()
      << " meetings, total relevance " << fixed(plan.total_relevance, 2) << "</p>\n";
  for (std::size_t i = 0; i < event.participants.size(); ++i) {
    const std::string& id = event.participants[i].id;
    const std::string n = name(id);
    out << "<h2 id=\"" << html_escape(id) << "\">" << html_escape(id)
        << (n.empty() ? "" : " &ndash; " + html_escape(n)) << "</h2>\n<p>" << ag.rows[i].size()
        << " meetings, " << ag.idle[i] << " idle slots</p>\n";
    if (ag.rows[i].empty()) continue;
    out << "<table><tr><th>Slot</th><th>Table</th><th>Partner</th><th>Name</th>"
           "<th>Relevance</th></tr>\n";
    for (const auto& r : ag.rows[i])
      out << "<tr><td>" << r.slot << "</td><td>" << r.table << "</td><td><a href=\"#"
          << html_escape(r.partner) << "\">" << html_escape(r.partner) << "</a></td><td>"
          << html_escape(name(r.partner)) << "</td><td>" << fixed(r.score, 2) << "</td></tr>\n";
    out << "</table>\n";
  }
  out << "</body></html>\n";
  return out.str();
}

void write_agenda(const std::filesystem::path& path, const Event& event, const Plan& plan,
                  const NameOf& name_of) {
  const std::string text =
      is_html(path) ? agenda_html(event, plan, name_of) : agenda_text(event, plan, name_of);
  write_file_atomically(path, {text});
}

}  // namespace scoutmatch
