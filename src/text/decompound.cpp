// German compound splitting, dictionary-based.
//
// The lexicon is the embedded ngerman word list (wngerman, ~356k full forms incl.
// inflections), each word normalised (case folded, "ß" -> "ss"). Abbreviations and
// entries with non-letters are left out. Lookups go through an open-addressing hash table
// of offsets into one arena string (about 9 MB in all, built once per process).
//
// Decompounder::split(word):
//  1. Words that are themselves lexicon words are split only when they have at least 13
//     characters and split into exactly two nouns of at least 5 characters each. This
//     keeps ordinary derived words and short lexicalised compounds whole ("Forschung",
//     "Wasserstoff", not "Wasser" + "Stoff";
//     "Unternehmen" which could read "unter"+"nehmen", "Wirtschaft" = "Wirt"+"Schaft")
//     while lexicalised compounds that the list holds still give their parts
//     ("Fertigungstechnik" -> "Fertigung" + "Technik"); "Maschinenbau" ("Bau" is short)
//     stays whole.
//  2. Otherwise dynamic programming over the character positions finds all ways to write
//     the word as  part (linker part)*  where each part is a lexicon word of at least
//     min_part characters (characters, not bytes) that is not a German stop word, and the
//     optional linker between two parts is a Fugenelement: "s", "es", "n", "en", "e",
//     "er", "ens". The last part carries the inflection of the whole word, which the
//     full-form lexicon covers ("technologien").
//  3. The best split has the fewest parts; ties go to fewer linker letters, then to the
//     largest product of part lengths (balanced parts, the length analogue of the
//     geometric-mean criterion of Koehn & Knight 2003, without corpus frequencies). The
//     order is lexicographic over additive costs, so the DP finds the optimum exactly.
//  4. Parts are lexicon words and so are not split further: "Kunststoffspritzguss" ->
//     "kunststoff" + "spritzguss" (2 parts beat "kunst"+"stoff"+"spritzguss").
// A word of n characters costs O(n^2) hash lookups; the analyzer caches results per word.

#include <utf8proc.h>
#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>

#include "scoutmatch/error.hpp"
#include "scoutmatch/text/stages.hpp"

namespace scoutmatch::text {

// ---- Lexicon ---------------------------------------------------------------------------

struct Lexicon::Impl {
  std::string arena;                   // all words, back to back
  std::vector<std::uint32_t> offsets;  // word i is arena[offsets[i], offsets[i + 1])
  std::vector<std::uint32_t> slots;    // open addressing: word index + 1, 0 = empty
  std::vector<std::uint8_t> noun;      // word i was capitalised in the list
  std::size_t mask = 0;

  static std::uint64_t hash(std::string_view w) noexcept { return XXH3_64bits(w.data(), w.size()); }

  std::string_view word(std::uint32_t i) const noexcept {
    return std::string_view(arena).substr(offsets[i], offsets[i + 1] - offsets[i]);
  }

  // Index + 1 of `w`, 0 if absent.
  std::uint32_t find(std::string_view w) const noexcept {
    if (slots.empty()) return 0;
    for (std::size_t s = hash(w) & mask;; s = (s + 1) & mask) {
      const std::uint32_t e = slots[s];
      if (e == 0 || word(e - 1) == w) return e;
    }
  }

  void rehash(std::size_t capacity) {
    std::size_t size = 1024;
    while (size < capacity * 2) size *= 2;
    slots.assign(size, 0);
    mask = size - 1;
    for (std::uint32_t i = 0; i + 1 < offsets.size(); ++i) {
      std::size_t s = hash(word(i)) & mask;
      while (slots[s] != 0) s = (s + 1) & mask;
      slots[s] = i + 1;
    }
  }

  // Adds `w` unless present (the table must have room: rehash first).
  void add(std::string_view w, bool is_noun) {
    std::size_t s = hash(w) & mask;
    for (; slots[s] != 0; s = (s + 1) & mask) {
      if (word(slots[s] - 1) == w) {
        noun[slots[s] - 1] |= is_noun;
        return;
      }
    }
    arena.append(w);
    offsets.push_back(static_cast<std::uint32_t>(arena.size()));
    noun.push_back(is_noun);
    slots[s] = static_cast<std::uint32_t>(offsets.size() - 1);  // index + 1 of the new word
  }
};

Lexicon::Lexicon() : impl_(std::make_unique<Impl>()) {
  impl_->offsets.push_back(0);
}
Lexicon::~Lexicon() = default;
Lexicon::Lexicon(Lexicon&&) noexcept = default;
Lexicon& Lexicon::operator=(Lexicon&&) noexcept = default;

namespace {

// Letters only (and combining marks), fewer than two upper-case letters.
bool usable_entry(std::string_view w) {
  int upper = 0;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(w.data());
  const auto n = static_cast<utf8proc_ssize_t>(w.size());
  for (utf8proc_ssize_t i = 0; i < n;) {
    const auto b = static_cast<unsigned char>(w[static_cast<std::size_t>(i)]);
    if (b < 0x80) {
      if (b >= 'A' && b <= 'Z') {
        ++upper;
      } else if (!(b >= 'a' && b <= 'z')) {
        return false;
      }
      ++i;
      continue;
    }
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t len = utf8proc_iterate(p + i, n - i, &cp);
    if (len <= 0) return false;
    const auto cat = utf8proc_category(cp);
    if (cat < UTF8PROC_CATEGORY_LU || cat > UTF8PROC_CATEGORY_ME) return false;  // L* or M*
    if (utf8proc_isupper(cp)) ++upper;
    i += len;
  }
  return upper < 2;
}

bool starts_upper(std::string_view w) {
  if (w.empty()) return false;
  const auto b = static_cast<unsigned char>(w[0]);
  if (b < 0x80) return b >= 'A' && b <= 'Z';
  utf8proc_int32_t cp = 0;
  if (utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(w.data()),
                       static_cast<utf8proc_ssize_t>(w.size()), &cp) <= 0)
    return false;
  return utf8proc_isupper(cp) != 0;
}

}  // namespace

Lexicon Lexicon::from_wordlist(std::string_view text) {
  Lexicon lex;
  Impl& im = *lex.impl_;
  std::size_t lines = 1;
  for (char c : text) lines += c == '\n';
  im.arena.reserve(text.size());
  im.offsets.reserve(lines + 1);
  im.rehash(lines);
  std::string folded;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\0'))
      line.remove_suffix(1);
    if (line.empty() || !usable_entry(line)) continue;
    folded.clear();
    normalize_into(line, folded);
    if (!folded.empty()) im.add(folded, starts_upper(line));
  }
  return lex;
}

const Lexicon& Lexicon::german() {
  static const Lexicon lex = from_wordlist(embedded_german_wordlist());
  return lex;
}

bool Lexicon::contains(std::string_view folded) const noexcept {
  return impl_->find(folded) != 0;
}

bool Lexicon::is_noun(std::string_view folded) const noexcept {
  const std::uint32_t e = impl_->find(folded);
  return e != 0 && impl_->noun[e - 1] != 0;
}

std::size_t Lexicon::size() const noexcept {
  return impl_->offsets.size() - 1;
}

// ---- Decompounder ----------------------------------------------------------------------

Decompounder::Decompounder(const Lexicon& lexicon, std::size_t min_part)
    : lexicon_(&lexicon), min_part_(min_part) {
  if (min_part < 2 || min_part > 10)
    throw invalid_argument("scoutmatch.options.analyzer.1",
                           "min_part must be in 2..10 characters, got " + std::to_string(min_part));
}

namespace {

constexpr std::string_view linkers[] = {"", "s", "es", "n", "en", "e", "er", "ens"};

// Short lexicon entries (fewer than 4 characters) that are abbreviations, names or
// suffix-like and would otherwise give false splits ("Learning" -> "lear" + "n" + "ing").
// Short parts must also be nouns (capitalised in the list): "Bau", "Rad", "Tor", "Öl".
constexpr std::string_view bad_short_parts[] = {
    "abb", "abi", "abk", "abs", "abt", "ada", "alf", "ami", "anm", "anz", "bde", "bea",
    "ben", "beo", "bob", "boy", "bsp", "chr", "dez", "don", "dow", "ecu", "eli", "ems",
    "esc", "eva", "feb", "fkt", "frl", "gst", "ing", "ion", "ire", "jan", "jim", "joy",
    "jul", "kfz", "kir", "liz", "lkw", "ltd", "mac", "mao", "mio", "mrd", "mux", "new",
    "nov", "okt", "pan", "pep", "pfg", "pkw", "pos", "put", "ren", "rio", "rom", "run",
    "sam", "san", "sao", "sir", "sri", "std", "sun", "tel", "tim", "tom", "ude", "udo",
    "ulm", "uta", "ute", "uwe", "wim", "xon", "yin"};

// Combining forms that are not words on their own but start many compounds
// ("Elektromobilität", "Biokunststoffe", "Mikrosystemtechnik"); allowed as non-final parts.
constexpr std::string_view confixes[] = {"agrar",  "bio",   "elektro", "geo",  "hydro",
                                         "makro",  "mikro", "multi",   "nano", "opto",
                                         "pharma", "tele",  "thermo",  "öko"};

bool listed(std::string_view w, std::span<const std::string_view> list) {
  for (std::string_view x : list)
    if (x == w) return true;
  return false;
}

struct State {
  int parts = std::numeric_limits<int>::max();  // max = unreachable
  int linker = 0;                               // linker letters so far
  double log_product = 0;                       // sum of log(part length)
  int prev = -1;                                // char index where the last part starts
  int part_end = -1;                            // char index where the last part ends

  bool reachable() const noexcept { return parts != std::numeric_limits<int>::max(); }
  bool better_than(const State& o) const noexcept {
    if (parts != o.parts) return parts < o.parts;
    if (linker != o.linker) return linker < o.linker;
    return log_product > o.log_product + 1e-12;
  }
};

}  // namespace

std::vector<CompoundPart> Decompounder::split(std::string_view w) const {
  // Character starts; letters and marks only.
  std::vector<std::uint32_t> cp;  // cp[i] = byte offset of character i; cp[n] = size
  cp.reserve(w.size() + 1);
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(w.data());
  const auto len = static_cast<utf8proc_ssize_t>(w.size());
  for (utf8proc_ssize_t i = 0; i < len;) {
    const auto b = static_cast<unsigned char>(w[static_cast<std::size_t>(i)]);
    if (b < 0x80) {
      if (!(b >= 'a' && b <= 'z')) return {};
      cp.push_back(static_cast<std::uint32_t>(i));
      ++i;
      continue;
    }
    utf8proc_int32_t c = 0;
    const utf8proc_ssize_t l = utf8proc_iterate(p + i, len - i, &c);
    if (l <= 0) return {};
    const auto cat = utf8proc_category(c);
    if (cat < UTF8PROC_CATEGORY_LU || cat > UTF8PROC_CATEGORY_ME) return {};
    if (cat >= UTF8PROC_CATEGORY_MN) {
      if (cp.empty()) return {};  // a mark belongs to the character before it
    } else {
      cp.push_back(static_cast<std::uint32_t>(i));
    }
    i += l;
  }
  const int n = static_cast<int>(cp.size());
  const int m = static_cast<int>(min_part_);
  if (n < 2 * m) return {};
  cp.push_back(static_cast<std::uint32_t>(w.size()));
  if (is_stop_word(w, Language::de)) return {};
  const bool lexical = lexicon_->contains(w);

  auto part_ok = [&](int a, int b) {
    const std::string_view part = w.substr(cp[a], cp[b] - cp[a]);
    if (b < n && listed(part, confixes)) return true;
    if (b - a < 4) {
      if (!lexicon_->is_noun(part) || listed(part, bad_short_parts)) return false;
    } else if (!lexicon_->contains(part)) {
      return false;
    }
    return !is_stop_word(part, Language::de);
  };

  std::vector<State> best(static_cast<std::size_t>(n) + 1);
  best[0].parts = 0;
  State final_state;
  for (int j = 0; j + m <= n; ++j) {
    const State& from = best[static_cast<std::size_t>(j)];
    if (!from.reachable()) continue;
    for (int k = j + m; k <= n; ++k) {
      if (!part_ok(j, k)) continue;
      State s;
      s.parts = from.parts + 1;
      s.linker = from.linker;
      s.log_product = from.log_product + std::log(static_cast<double>(k - j));
      s.prev = j;
      s.part_end = k;
      if (k == n) {
        if (s.parts >= 2 && s.better_than(final_state)) final_state = s;
        continue;
      }
      const std::string_view rest = w.substr(cp[k]);
      for (std::string_view l : linkers) {
        if (!rest.starts_with(l)) continue;
        const int next = k + static_cast<int>(l.size());  // linkers are ASCII
        if (next + m > n) continue;
        State t = s;
        t.linker += static_cast<int>(l.size());
        if (t.better_than(best[static_cast<std::size_t>(next)]))
          best[static_cast<std::size_t>(next)] = t;
      }
    }
  }
  if (!final_state.reachable()) return {};

  std::vector<CompoundPart> parts(static_cast<std::size_t>(final_state.parts));
  const State* s = &final_state;
  for (std::size_t i = parts.size(); i-- > 0;) {
    parts[i] = {cp[s->prev], cp[s->part_end]};
    s = &best[static_cast<std::size_t>(s->prev)];
  }
  if (lexical) {
    // A lexicon word of 13+ characters is split only into two nouns of 5+ characters
    // ("Fertigungstechnik" -> "Fertigung" + "Technik"); derived words stay whole
    // ("Wirtschaft", "Unternehmen", "Forschung").
    if (parts.size() != 2 || n < 13) return {};
    for (const CompoundPart& part : parts) {
      const auto first =
          std::lower_bound(cp.begin(), cp.end(), static_cast<std::uint32_t>(part.begin));
      const auto last =
          std::lower_bound(cp.begin(), cp.end(), static_cast<std::uint32_t>(part.end));
      const std::string_view word = w.substr(part.begin, part.end - part.begin);
      // A first part may end in a linker that the lexicon lists as a form of its own
      // ("fertigungs" + "technik"): then its base form must be a noun.
      bool noun = lexicon_->is_noun(word);
      for (std::string_view l : {"s", "es", "n", "en"})
        noun = noun || (word.size() > l.size() + 4 && word.ends_with(l) &&
                        lexicon_->is_noun(word.substr(0, word.size() - l.size())));
      if (last - first < 5 || !noun) return {};
    }
  }
  return parts;
}

}  // namespace scoutmatch::text
