#include "scoutmatch/match/schedule.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "scoutmatch/error.hpp"

namespace scoutmatch {

namespace {

using IdMap = std::unordered_map<std::string_view, std::uint32_t>;

std::string q(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

IdMap id_map(const Event& e) {
  IdMap m;
  m.reserve(e.participants.size());
  for (std::uint32_t i = 0; i < e.participants.size(); ++i) m.emplace(e.participants[i].id, i);
  return m;
}

std::uint64_t pair_key(std::uint32_t a, std::uint32_t b) {
  if (a > b) std::swap(a, b);
  return (std::uint64_t{a} << 32) | b;
}

// The event in numbers: availability as an n x S table, capacities, requests as indices.
struct Shape {
  std::size_t n = 0, S = 0, T = 0;
  std::vector<char> avail;                                    // n * S
  std::vector<std::size_t> cap;                               // min(max_meetings, available slots)
  std::vector<std::pair<std::uint32_t, std::uint32_t>> must;  // distinct, a < b
  std::unordered_set<std::uint64_t> must_keys, forbidden;

  bool available(std::uint32_t i, std::size_t s) const { return avail[i * S + s] != 0; }
  std::size_t common_slots(std::uint32_t a, std::uint32_t b) const {
    std::size_t c = 0;
    for (std::size_t s = 0; s < S; ++s) c += available(a, s) && available(b, s);
    return c;
  }
};

Shape shape_of(const Event& e) {
  e.validate();
  Shape sh;
  sh.n = e.participants.size();
  sh.S = e.slots;
  sh.T = e.tables;
  sh.avail.assign(sh.n * sh.S, 0);
  sh.cap.resize(sh.n);
  for (std::size_t i = 0; i < sh.n; ++i) {
    const EventParticipant& p = e.participants[i];
    if (p.available)
      for (std::uint32_t s : *p.available) sh.avail[i * sh.S + s] = 1;
    else
      std::fill_n(sh.avail.begin() + static_cast<std::ptrdiff_t>(i * sh.S), sh.S, 1);
    const std::size_t slots = static_cast<std::size_t>(
        std::count(sh.avail.begin() + static_cast<std::ptrdiff_t>(i * sh.S),
                   sh.avail.begin() + static_cast<std::ptrdiff_t>((i + 1) * sh.S), 1));
    sh.cap[i] = std::min(slots, p.max_meetings.value_or(slots));
  }
  const IdMap ids = id_map(e);
  for (const auto& [a, b] : e.must_not_meet) sh.forbidden.insert(pair_key(ids.at(a), ids.at(b)));
  for (const auto& [a, b] : e.must_meet) {
    std::uint32_t x = ids.at(a), y = ids.at(b);
    if (x > y) std::swap(x, y);
    if (sh.must_keys.insert(pair_key(x, y)).second) sh.must.emplace_back(x, y);
  }
  return sh;
}

void check_relevance(const Event& e, const RelevanceMatrix& r) {
  const std::size_t n = e.participants.size();
  if (r.rows != n || r.cols != n || r.values.size() != n * n)
    throw invalid_argument("scoutmatch.schedule.8",
                           "the relevance matrix must be " + std::to_string(n) + " x " +
                               std::to_string(n) + " (one row and column per participant), got " +
                               std::to_string(r.rows) + " x " + std::to_string(r.cols));
  for (float v : r.values)
    if (!std::isfinite(v) || v < 0)
      throw invalid_argument("scoutmatch.schedule.8",
                             "relevance values must be finite and >= 0, got " + std::to_string(v));
}

// The planner's state: meetings, who is busy when, tables used per slot.
class Board {
 public:
  Board(const Shape& sh, const RelevanceMatrix& r)
      : sh_(sh), r_(r), busy_(sh.n * sh.S, -1), deg_(sh.n, 0), used_(sh.S, 0), in_slot_(sh.S) {}

  struct M {
    std::uint32_t a, b, slot;
    float w;
    bool must, alive;
  };

  const Shape& shape() const { return sh_; }
  float weight(std::uint32_t a, std::uint32_t b) const { return r_(a, b); }
  std::size_t deg(std::uint32_t i) const { return deg_[i]; }
  std::size_t count() const { return count_; }
  bool meets(std::uint32_t a, std::uint32_t b) const { return pairs_.count(pair_key(a, b)) != 0; }
  int busy(std::uint32_t i, std::size_t s) const { return busy_[i * sh_.S + s]; }
  const std::vector<M>& meetings() const { return m_; }
  const std::vector<int>& in_slot(std::size_t s) const { return in_slot_[s]; }
  bool table_free(std::size_t s) const { return used_[s] < sh_.T; }

  bool fits(std::uint32_t a, std::uint32_t b, std::size_t s) const {
    return table_free(s) && sh_.available(a, s) && sh_.available(b, s) && busy(a, s) < 0 &&
           busy(b, s) < 0;
  }

  int add(std::uint32_t a, std::uint32_t b, std::size_t s, bool must) {
    const int id = static_cast<int>(m_.size());
    m_.push_back({a, b, static_cast<std::uint32_t>(s), weight(a, b), must, true});
    pairs_.insert(pair_key(a, b));
    ++deg_[a];
    ++deg_[b];
    ++count_;
    occupy(id, s);
    return id;
  }

  void remove(int id) {
    M& m = m_[static_cast<std::size_t>(id)];
    vacate(id);
    m.alive = false;
    pairs_.erase(pair_key(m.a, m.b));
    --deg_[m.a];
    --deg_[m.b];
    --count_;
  }

  void move(int id, std::size_t s) {
    vacate(id);
    occupy(id, s);
  }

  // Swaps the slots of two meetings (the caller checked that both fit).
  void swap_slots(int x, int y) {
    const std::size_t sx = m_[static_cast<std::size_t>(x)].slot,
                      sy = m_[static_cast<std::size_t>(y)].slot;
    vacate(x);
    vacate(y);
    occupy(x, sy);
    occupy(y, sx);
  }

  // Idle slots of participant i if its meeting in slot `from` were in slot `to` instead
  // (from == to: as it is).
  std::size_t idle_changed(std::uint32_t i, std::size_t from, std::size_t to) const {
    auto has = [&](std::size_t s) { return s == to || (s != from && busy(i, s) >= 0); };
    std::size_t first = sh_.S, last = 0, idle = 0;
    for (std::size_t s = 0; s < sh_.S; ++s)
      if (has(s)) {
        first = std::min(first, s);
        last = s;
      }
    for (std::size_t s = first; s < last; ++s) idle += sh_.available(i, s) && !has(s);
    return idle;
  }

  // Idle slots of participant i: available, free slots between its first and last meeting.
  std::size_t idle(std::uint32_t i) const {
    std::size_t first = sh_.S, last = 0, idle = 0;
    for (std::size_t s = 0; s < sh_.S; ++s)
      if (busy(i, s) >= 0) {
        first = std::min(first, s);
        last = s;
      }
    for (std::size_t s = first; s < last; ++s) idle += sh_.available(i, s) && busy(i, s) < 0;
    return idle;
  }

  // cost[s] += the change of i's idle slots if i got a meeting in slot s (free slots only).
  void add_gap_cost(std::uint32_t i, std::vector<long>& cost) const {
    std::size_t first = sh_.S, last = 0;
    for (std::size_t s = 0; s < sh_.S; ++s)
      if (busy(i, s) >= 0) {
        first = std::min(first, s);
        last = s;
      }
    if (first == sh_.S) return;
    for (std::size_t s = first; s <= last; ++s) cost[s] -= 1;  // fills a gap (if free)
    long between = 0;  // available free slots between s and first: new idle slots
    for (std::size_t s = first; s-- > 0;) {
      cost[s] += between;
      between += sh_.available(i, s) && busy(i, s) < 0;
    }
    between = 0;
    for (std::size_t s = last + 1; s < sh_.S; ++s) {
      cost[s] += between;
      between += sh_.available(i, s) && busy(i, s) < 0;
    }
  }

  // The best free slot for a new meeting of a and b, or -1.
  long best_slot(std::uint32_t a, std::uint32_t b) {
    cost_.assign(sh_.S, 0);
    add_gap_cost(a, cost_);
    add_gap_cost(b, cost_);
    long best = -1;
    for (std::size_t s = 0; s < sh_.S; ++s) {
      if (!fits(a, b, s)) continue;
      if (best < 0) {
        best = static_cast<long>(s);
        continue;
      }
      const auto bs = static_cast<std::size_t>(best);
      if (cost_[s] < cost_[bs]) best = static_cast<long>(s);
    }
    return best;
  }

  // Places a-b, moving one or two conflicting meetings of slot s elsewhere when no slot
  // is free for both. True when placed.
  bool place(std::uint32_t a, std::uint32_t b, bool must) {
    if (const long s = best_slot(a, b); s >= 0) {
      add(a, b, static_cast<std::size_t>(s), must);
      return true;
    }
    for (std::size_t s = 0; s < sh_.S; ++s) {
      if (!sh_.available(a, s) || !sh_.available(b, s)) continue;
      std::vector<int> conflicts;
      for (int c : {busy(a, s), busy(b, s)})
        if (c >= 0 && std::find(conflicts.begin(), conflicts.end(), c) == conflicts.end())
          conflicts.push_back(c);
      if (conflicts.empty()) {
        // Both free but the tables are taken: move any one meeting of this slot away.
        for (int c : in_slot_[s])
          if (relocate(c, s)) {
            add(a, b, s, must);
            return true;
          }
        continue;
      }
      if (!relocate(conflicts[0], s)) continue;
      if (conflicts.size() == 2 && !relocate(conflicts[1], s)) {
        continue;  // the first move stays: harmless, the meeting is still valid
      }
      if (fits(a, b, s)) {
        add(a, b, s, must);
        return true;
      }
    }
    return false;
  }

  // Moves meeting id to another slot than `avoid` where it fits; true when moved.
  bool relocate(int id, std::size_t avoid) {
    const M& m = m_[static_cast<std::size_t>(id)];
    for (std::size_t s = 0; s < sh_.S; ++s)
      if (s != avoid && fits(m.a, m.b, s)) {
        move(id, s);
        return true;
      }
    return false;
  }

 private:
  void occupy(int id, std::size_t s) {
    M& m = m_[static_cast<std::size_t>(id)];
    m.slot = static_cast<std::uint32_t>(s);
    busy_[m.a * sh_.S + s] = id;
    busy_[m.b * sh_.S + s] = id;
    ++used_[s];
    in_slot_[s].push_back(id);
  }
  void vacate(int id) {
    const M& m = m_[static_cast<std::size_t>(id)];
    busy_[m.a * sh_.S + m.slot] = -1;
    busy_[m.b * sh_.S + m.slot] = -1;
    --used_[m.slot];
    auto& v = in_slot_[m.slot];
    v.erase(std::find(v.begin(), v.end(), id));
  }

  const Shape& sh_;
  const RelevanceMatrix& r_;
  std::vector<int> busy_;  // n * S: meeting id or -1
  std::vector<std::size_t> deg_;
  std::vector<std::size_t> used_;  // tables used per slot
  std::vector<std::vector<int>> in_slot_;
  std::vector<M> m_;
  std::unordered_set<std::uint64_t> pairs_;
  std::size_t count_ = 0;
  std::vector<long> cost_;
};

struct Candidate {
  std::uint32_t a, b;
  float w;
};

// Pairs with relevance > 0 that may meet (not forbidden, some common slot), best first.
std::vector<Candidate> candidates(const Shape& sh, const RelevanceMatrix& r) {
  std::vector<Candidate> c;
  for (std::uint32_t a = 0; a < sh.n; ++a) {
    if (sh.cap[a] == 0) continue;
    for (std::uint32_t b = a + 1; b < sh.n; ++b) {
      const float w = r(a, b);
      if (!(w > 0) || sh.cap[b] == 0 || sh.forbidden.count(pair_key(a, b))) continue;
      if (sh.common_slots(a, b) == 0) continue;
      c.push_back({a, b, w});
    }
  }
  std::sort(c.begin(), c.end(), [](const Candidate& x, const Candidate& y) {
    return x.w != y.w ? x.w > y.w : x.a != y.a ? x.a < y.a : x.b < y.b;
  });
  return c;
}

// Places the must-meet pairs, hardest (fewest common slots) first.
void place_must(Board& board, std::vector<std::pair<std::string, std::string>>& unplaced,
                const Event& e) {
  const Shape& sh = board.shape();
  auto must = sh.must;
  std::stable_sort(must.begin(), must.end(), [&](const auto& x, const auto& y) {
    return sh.common_slots(x.first, x.second) < sh.common_slots(y.first, y.second);
  });
  for (const auto& [a, b] : must)
    if (!board.place(a, b, true)) unplaced.emplace_back(e.participants[a].id, e.participants[b].id);
}

// One pass over the candidates: place each pair whose participants are below `limit`.
bool fill(Board& board, const std::vector<Candidate>& cand, const std::vector<std::size_t>& limit) {
  const Shape& sh = board.shape();
  bool changed = false;
  for (const Candidate& c : cand) {
    if (board.count() == sh.S * sh.T) break;
    if (board.deg(c.a) >= limit[c.a] || board.deg(c.b) >= limit[c.b] || board.meets(c.a, c.b))
      continue;
    changed |= board.place(c.a, c.b, false);
  }
  return changed;
}

// An unplaced pair replaces the meetings it conflicts with in its best slot when it is
// worth more than they are together.
bool improve(Board& board, const std::vector<Candidate>& cand, bool balance) {
  const Shape& sh = board.shape();
  bool changed = false;
  std::vector<int> evict;
  for (const Candidate& c : cand) {
    if (board.meets(c.a, c.b)) continue;
    const bool full_a = board.deg(c.a) >= sh.cap[c.a], full_b = board.deg(c.b) >= sh.cap[c.b];
    double best_gain = 1e-9;
    long best_slot = -1;
    std::vector<int> best_evict;
    for (std::size_t s = 0; s < sh.S; ++s) {
      if (!sh.available(c.a, s) || !sh.available(c.b, s)) continue;
      const int ma = board.busy(c.a, s), mb = board.busy(c.b, s);
      if ((full_a && ma < 0) || (full_b && mb < 0)) continue;
      evict.clear();
      if (ma >= 0) evict.push_back(ma);
      if (mb >= 0 && mb != ma) evict.push_back(mb);
      if (evict.empty() && !board.table_free(s)) {
        int cheapest = -1;
        for (int id : board.in_slot(s)) {
          const auto& m = board.meetings()[static_cast<std::size_t>(id)];
          if (m.must || (balance && (board.deg(m.a) == 1 || board.deg(m.b) == 1))) continue;
          if (cheapest < 0 || m.w < board.meetings()[static_cast<std::size_t>(cheapest)].w)
            cheapest = id;
        }
        if (cheapest < 0) continue;
        evict.push_back(cheapest);
      }
      double lost = 0;
      bool allowed = true;
      for (int id : evict) {
        const auto& m = board.meetings()[static_cast<std::size_t>(id)];
        lost += m.w;
        for (std::uint32_t x : {m.a, m.b})
          if (x != c.a && x != c.b && balance && board.deg(x) == 1) allowed = false;
        allowed = allowed && !m.must;
      }
      if (!allowed) continue;
      const double gain = c.w - lost;
      if (gain > best_gain) {
        best_gain = gain;
        best_slot = static_cast<long>(s);
        best_evict = evict;
      }
    }
    if (best_slot < 0) continue;
    for (int id : best_evict) board.remove(id);
    board.add(c.a, c.b, static_cast<std::size_t>(best_slot), false);
    changed = true;
  }
  return changed;
}

// Shortens idle gaps by local search: a meeting moves to a slot where both participants
// and a table are free, or swaps slots with a meeting of another slot, whenever that
// lowers the idle slots of everyone involved together. Only target slots that shorten the
// gap of one of the meeting's own participants are tried (bounded work).
void compact(Board& board) {
  const Shape& sh = board.shape();
  const double work = static_cast<double>(board.count()) * static_cast<double>(sh.S) *
                      static_cast<double>(sh.S) * 4.0;
  if (work > 2e9) return;
  for (int round = 0; round < 10; ++round) {
    bool changed = false;
    for (std::size_t id = 0; id < board.meetings().size(); ++id) {
      const auto m = board.meetings()[id];
      if (!m.alive) continue;
      const std::size_t s1 = m.slot;
      const std::size_t ia = board.idle(m.a), ib = board.idle(m.b);
      for (std::size_t s2 = 0; s2 < sh.S; ++s2) {
        if (s2 == s1 || !sh.available(m.a, s2) || !sh.available(m.b, s2)) continue;
        const int ba = board.busy(m.a, s2), bb = board.busy(m.b, s2);
        const std::size_t na = ba < 0 ? board.idle_changed(m.a, s1, s2) : ia;
        const std::size_t nb = bb < 0 ? board.idle_changed(m.b, s1, s2) : ib;
        if (na >= ia && nb >= ib) continue;  // helps neither: not tried
        if (ba < 0 && bb < 0 && board.table_free(s2)) {
          if (na + nb < ia + ib) {
            board.move(static_cast<int>(id), s2);
            changed = true;
            break;
          }
          continue;
        }
        // Swap with a meeting of slot s2: one that holds a or b there, or any (tables full).
        std::vector<int> others;
        if (ba >= 0 || bb >= 0) {
          if (ba >= 0) others.push_back(ba);
          if (bb >= 0 && bb != ba) others.push_back(bb);
          if (others.size() == 2) continue;  // a and b both busy elsewhere in s2
        } else {
          others = board.in_slot(s2);
        }
        bool done = false;
        for (int o : others) {
          const auto n = board.meetings()[static_cast<std::size_t>(o)];
          // n moves s2 -> s1: its participants must be available and free there (or be
          // in m, which leaves s1).
          bool ok = true;
          for (std::uint32_t x : {n.a, n.b}) {
            const int bx = board.busy(x, s1);
            ok = ok && sh.available(x, s1) && (bx < 0 || bx == static_cast<int>(id));
          }
          // m's participants in s2 must be free or in n.
          ok = ok && (ba < 0 || ba == o) && (bb < 0 || bb == o);
          if (!ok) continue;
          std::size_t before = 0, after = 0;
          std::uint32_t people[4] = {m.a, m.b, n.a, n.b};
          for (int k = 0; k < 4; ++k) {
            const std::uint32_t x = people[k];
            if (std::find(people, people + k, x) != people + k) continue;
            const bool in_m = x == m.a || x == m.b, in_n = x == n.a || x == n.b;
            before += board.idle(x);
            after += in_m && in_n ? board.idle(x)
                     : in_m       ? board.idle_changed(x, s1, s2)
                                  : board.idle_changed(x, s2, s1);
          }
          if (after < before) {
            board.swap_slots(static_cast<int>(id), o);
            changed = done = true;
            break;
          }
        }
        if (done) break;
      }
    }
    if (!changed) break;
  }
}

Plan to_plan(const Event& e, const Board& board,
             std::vector<std::pair<std::string, std::string>> unplaced) {
  Plan p;
  std::vector<const Board::M*> ms;
  for (const auto& m : board.meetings())
    if (m.alive) ms.push_back(&m);
  std::stable_sort(ms.begin(), ms.end(),
                   [](const Board::M* x, const Board::M* y) { return x->slot < y->slot; });
  std::vector<std::uint32_t> next_table(e.slots, 0);
  for (const Board::M* m : ms) {
    p.meetings.push_back({e.participants[m->a].id, e.participants[m->b].id, m->slot,
                          next_table[m->slot]++, static_cast<double>(m->w)});
    p.total_relevance += m->w;
  }
  p.unplaced_must_meet = std::move(unplaced);
  return p;
}

}  // namespace

void Event::validate() const {
  if (slots < 1 || slots > max_event_slots)
    throw invalid_argument("scoutmatch.schedule.1", "slots must be in 1.." +
                                                        std::to_string(max_event_slots) + ", got " +
                                                        std::to_string(slots));
  if (tables < 1 || tables > max_event_tables)
    throw invalid_argument("scoutmatch.schedule.1", "tables must be in 1.." +
                                                        std::to_string(max_event_tables) +
                                                        ", got " + std::to_string(tables));
  if (participants.empty())
    throw invalid_argument("scoutmatch.schedule.2", "the event has no participants");
  IdMap ids;
  std::vector<std::size_t> cap(participants.size());
  for (std::uint32_t i = 0; i < participants.size(); ++i) {
    const EventParticipant& p = participants[i];
    if (p.id.empty())
      throw invalid_argument("scoutmatch.schedule.2",
                             "participant " + std::to_string(i) + " has an empty id");
    if (!ids.emplace(p.id, i).second)
      throw invalid_argument("scoutmatch.schedule.2",
                             "participant " + q(p.id) + " is listed twice");
    std::size_t n_avail = slots;
    if (p.available) {
      if (p.available->empty())
        throw invalid_argument("scoutmatch.schedule.3",
                               "participant " + q(p.id) + " has no available slot");
      std::vector<char> seen(slots, 0);
      for (std::uint32_t s : *p.available) {
        if (s >= slots)
          throw invalid_argument("scoutmatch.schedule.3",
                                 "participant " + q(p.id) + ": available slot " +
                                     std::to_string(s) + " is out of range 0.." +
                                     std::to_string(slots - 1));
        seen[s] = 1;
      }
      n_avail = static_cast<std::size_t>(std::count(seen.begin(), seen.end(), 1));
    }
    if (p.max_meetings && *p.max_meetings < 1)
      throw invalid_argument("scoutmatch.schedule.4",
                             "participant " + q(p.id) + ": max_meetings must be at least 1");
    cap[i] = std::min(n_avail, p.max_meetings.value_or(n_avail));
  }
  auto lookup = [&](const std::pair<std::string, std::string>& pr, const char* list) {
    for (const std::string* id : {&pr.first, &pr.second})
      if (!ids.count(*id))
        throw invalid_argument("scoutmatch.schedule.5", std::string(list) + " names " + q(*id) +
                                                            ", which is not a participant");
    if (pr.first == pr.second)
      throw invalid_argument("scoutmatch.schedule.5",
                             std::string(list) + " pairs " + q(pr.first) + " with itself");
    return std::pair{ids.at(pr.first), ids.at(pr.second)};
  };
  std::unordered_set<std::uint64_t> forbidden, must;
  for (const auto& pr : must_not_meet) {
    const auto [a, b] = lookup(pr, "must_not_meet");
    forbidden.insert(pair_key(a, b));
  }
  std::vector<std::size_t> must_count(participants.size(), 0);
  for (const auto& pr : must_meet) {
    const auto [a, b] = lookup(pr, "must_meet");
    const std::string what = "must_meet pair " + q(pr.first) + ", " + q(pr.second);
    if (forbidden.count(pair_key(a, b)))
      throw invalid_argument("scoutmatch.schedule.6", what + " is also in must_not_meet");
    if (!must.insert(pair_key(a, b)).second) continue;
    bool common = false;
    for (std::uint32_t s = 0; s < slots && !common; ++s) {
      auto has = [&](const EventParticipant& p) {
        return !p.available ||
               std::find(p.available->begin(), p.available->end(), s) != p.available->end();
      };
      common = has(participants[a]) && has(participants[b]);
    }
    if (!common)
      throw invalid_argument("scoutmatch.schedule.6", what + " has no common available slot");
    for (std::uint32_t x : {a, b})
      if (++must_count[x] > cap[x])
        throw invalid_argument("scoutmatch.schedule.6",
                               "participant " + q(participants[x].id) + " has more must_meet " +
                                   "partners than meetings (max_meetings or available slots: " +
                                   std::to_string(cap[x]) + ")");
  }
  if (must.size() > slots * tables)
    throw invalid_argument("scoutmatch.schedule.6",
                           "there are " + std::to_string(must.size()) +
                               " must_meet pairs but only slots * tables = " +
                               std::to_string(slots * tables) + " meetings");
}

void ScheduleOptions::validate() const {
  if (improve_rounds > 100)
    throw invalid_argument("scoutmatch.schedule.7",
                           "ScheduleOptions::improve_rounds must be at most 100, got " +
                               std::to_string(improve_rounds));
}

Plan schedule_meetings(const Event& event, const RelevanceMatrix& relevance,
                       const ScheduleOptions& options) {
  options.validate();
  const Shape sh = shape_of(event);
  check_relevance(event, relevance);
  Board board(sh, relevance);
  std::vector<std::pair<std::string, std::string>> unplaced;
  place_must(board, unplaced, event);
  const auto cand = candidates(sh, relevance);
  if (options.balance) {
    // Fair share: each meeting seats two, so 2 * S * T seats over n participants.
    const std::size_t share = (2 * sh.S * sh.T + sh.n - 1) / sh.n;
    std::vector<std::size_t> limit(sh.n);
    for (std::size_t i = 0; i < sh.n; ++i)
      limit[i] = std::min(sh.cap[i], std::max<std::size_t>(share, 1));
    fill(board, cand, limit);
  }
  fill(board, cand, sh.cap);
  for (std::size_t round = 0; round < options.improve_rounds; ++round) {
    const bool changed = improve(board, cand, options.balance);
    fill(board, cand, sh.cap);
    if (!changed) break;
  }
  if (options.compact) compact(board);
  return to_plan(event, board, std::move(unplaced));
}

Plan schedule_meetings(const Index& index, const Event& event, const ScheduleOptions& options) {
  options.validate();
  event.validate();
  std::vector<std::string> ids;
  ids.reserve(event.participants.size());
  for (const EventParticipant& p : event.participants) {
    if (!index.contains(p.id))
      throw not_found("scoutmatch.schedule.9",
                      "participant " + q(p.id) + " is not a profile of the index");
    ids.push_back(p.id);
  }
  return schedule_meetings(event, mutual_relevance(index, ids, options.relevance), options);
}

Plan schedule_first_come(const Event& event, const RelevanceMatrix& relevance) {
  const Shape sh = shape_of(event);
  check_relevance(event, relevance);
  Board board(sh, relevance);
  auto first_slot = [&](std::uint32_t a, std::uint32_t b) -> long {
    for (std::size_t s = 0; s < sh.S; ++s)
      if (board.fits(a, b, s)) return static_cast<long>(s);
    return -1;
  };
  std::vector<std::pair<std::string, std::string>> unplaced;
  for (const auto& [a, b] : sh.must) {
    const long s = first_slot(a, b);
    if (s >= 0)
      board.add(a, b, static_cast<std::size_t>(s), true);
    else
      unplaced.emplace_back(event.participants[a].id, event.participants[b].id);
  }
  std::vector<std::uint32_t> order;
  for (std::uint32_t a = 0; a < sh.n; ++a) {
    order.clear();
    for (std::uint32_t b = 0; b < sh.n; ++b)
      if (b != a && relevance(a, b) > 0 && !sh.forbidden.count(pair_key(a, b))) order.push_back(b);
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
      return relevance(a, x) > relevance(a, y);
    });
    for (std::uint32_t b : order) {
      if (board.deg(a) >= sh.cap[a]) break;
      if (board.deg(b) >= sh.cap[b] || board.meets(a, b)) continue;
      if (const long s = first_slot(a, b); s >= 0)
        board.add(a, b, static_cast<std::size_t>(s), false);
    }
  }
  return to_plan(event, board, std::move(unplaced));
}

std::string_view to_string(ViolationKind kind) noexcept {
  switch (kind) {
    case ViolationKind::unknown_participant:
      return "unknown_participant";
    case ViolationKind::self_meeting:
      return "self_meeting";
    case ViolationKind::slot_out_of_range:
      return "slot_out_of_range";
    case ViolationKind::table_out_of_range:
      return "table_out_of_range";
    case ViolationKind::double_booked:
      return "double_booked";
    case ViolationKind::table_taken:
      return "table_taken";
    case ViolationKind::unavailable:
      return "unavailable";
    case ViolationKind::too_many_meetings:
      return "too_many_meetings";
    case ViolationKind::must_not_meet:
      return "must_not_meet";
    case ViolationKind::must_meet_missing:
      return "must_meet_missing";
    case ViolationKind::repeated_pair:
      return "repeated_pair";
    case ViolationKind::bad_score:
      return "bad_score";
    case ViolationKind::total_mismatch:
      return "total_mismatch";
  }
  return "unknown";
}

std::vector<Violation> check_plan(const Event& event, const Plan& plan,
                                  const RelevanceMatrix* relevance) {
  const Shape sh = shape_of(event);
  if (relevance) check_relevance(event, *relevance);
  const IdMap ids = id_map(event);
  std::vector<Violation> out;
  auto report = [&](ViolationKind k, std::string msg) { out.push_back({k, std::move(msg)}); };
  std::unordered_map<std::uint64_t, std::size_t> person_at, table_at;  // (who|table, slot)
  std::unordered_map<std::uint64_t, std::size_t> pair_seen;
  std::vector<std::size_t> meetings(sh.n, 0);
  double sum = 0;
  for (std::size_t k = 0; k < plan.meetings.size(); ++k) {
    const Meeting& m = plan.meetings[k];
    const std::string where = "meeting " + std::to_string(k) + " (" + q(m.a) + ", " + q(m.b) +
                              ", slot " + std::to_string(m.slot) + ", table " +
                              std::to_string(m.table) + ")";
    sum += m.score;
    if (!std::isfinite(m.score) || m.score < 0)
      report(ViolationKind::bad_score, where + ": score " + std::to_string(m.score));
    const bool slot_ok = m.slot < sh.S;
    if (!slot_ok) report(ViolationKind::slot_out_of_range, where + ": no such slot");
    if (m.table >= sh.T) {
      report(ViolationKind::table_out_of_range, where + ": no such table");
    } else if (slot_ok && !table_at.emplace((std::uint64_t{m.table} << 32) | m.slot, k).second) {
      report(ViolationKind::table_taken, where + ": the table is already taken in this slot");
    }
    const auto ia = ids.find(m.a), ib = ids.find(m.b);
    if (ia == ids.end() || ib == ids.end()) {
      report(ViolationKind::unknown_participant, where + ": not a participant");
      continue;
    }
    const std::uint32_t a = ia->second, b = ib->second;
    if (a == b) {
      report(ViolationKind::self_meeting, where + ": a participant meets itself");
      continue;
    }
    if (relevance && std::isfinite(m.score) && std::abs(m.score - (*relevance)(a, b)) > 1e-6)
      report(ViolationKind::bad_score, where + ": score " + std::to_string(m.score) +
                                           " but the pair's relevance is " +
                                           std::to_string((*relevance)(a, b)));
    if (sh.forbidden.count(pair_key(a, b)))
      report(ViolationKind::must_not_meet, where + ": the pair must not meet");
    if (!pair_seen.emplace(pair_key(a, b), k).second)
      report(ViolationKind::repeated_pair, where + ": the pair already meets");
    for (std::uint32_t x : {a, b}) {
      const auto& limit = event.participants[x].max_meetings;
      if (++meetings[x] == (limit ? *limit : sh.S) + 1)
        report(ViolationKind::too_many_meetings, q(event.participants[x].id) + " has more than " +
                                                     std::to_string(limit ? *limit : sh.S) +
                                                     " meetings (max_meetings or slots)");
      if (!slot_ok) continue;
      if (!sh.available(x, m.slot))
        report(ViolationKind::unavailable,
               where + ": " + q(event.participants[x].id) + " is not available");
      if (!person_at.emplace((std::uint64_t{x} << 32) | m.slot, k).second)
        report(ViolationKind::double_booked,
               where + ": " + q(event.participants[x].id) + " has another meeting then");
    }
  }
  std::unordered_set<std::uint64_t> excused;
  for (const auto& [a, b] : plan.unplaced_must_meet) {
    const auto ia = ids.find(a), ib = ids.find(b);
    if (ia != ids.end() && ib != ids.end()) excused.insert(pair_key(ia->second, ib->second));
  }
  for (const auto& [a, b] : sh.must) {
    const std::uint64_t key = pair_key(a, b);
    if (!pair_seen.count(key) && !excused.count(key))
      report(ViolationKind::must_meet_missing, "must_meet pair " + q(event.participants[a].id) +
                                                   ", " + q(event.participants[b].id) +
                                                   " does not meet and is not listed as unplaced");
  }
  if (!(std::abs(sum - plan.total_relevance) <= 1e-6 * std::max(1.0, std::abs(sum))))
    report(ViolationKind::total_mismatch, "total_relevance is " +
                                              std::to_string(plan.total_relevance) +
                                              " but the scores add up to " + std::to_string(sum));
  return out;
}

std::size_t idle_slots(const Event& event, const Plan& plan) {
  const Shape sh = shape_of(event);
  const IdMap ids = id_map(event);
  std::vector<std::vector<std::uint32_t>> at(sh.n);
  for (const Meeting& m : plan.meetings)
    for (const std::string* id : {&m.a, &m.b})
      if (const auto it = ids.find(*id); it != ids.end() && m.slot < sh.S)
        at[it->second].push_back(m.slot);
  std::size_t idle = 0;
  for (std::uint32_t i = 0; i < sh.n; ++i) {
    if (at[i].empty()) continue;
    const auto [lo, hi] = std::minmax_element(at[i].begin(), at[i].end());
    std::unordered_set<std::uint32_t> used(at[i].begin(), at[i].end());
    for (std::uint32_t s = *lo; s < *hi; ++s) idle += sh.available(i, s) && !used.count(s);
  }
  return idle;
}

}  // namespace scoutmatch
