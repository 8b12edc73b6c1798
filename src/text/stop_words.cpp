// Stop words: the Snowball stop-word lists for German and English
// (https://snowballstem.org/algorithms/german/stop.txt, .../english/stop.txt), in
// normalised form (case folded, "daß" -> "dass"), plus a few abbreviations and function
// words common in profile texts. Deliberately left out although often listed elsewhere:
// "can" (CAN bus) and "us" (the US market), which are content words in this domain.

#include <algorithm>
#include <unordered_set>
#include <vector>

#include "scoutmatch/text/stages.hpp"

namespace scoutmatch::text {
namespace {

constexpr std::string_view german_list[] = {
    // Snowball German
    "aber", "alle", "allem", "allen", "aller", "alles", "als", "also", "am", "an", "ander",
    "andere", "anderem", "anderen", "anderer", "anderes", "anderm", "andern", "anderr", "anders",
    "auch", "auf", "aus", "bei", "bin", "bis", "bist", "da", "damit", "dann", "der", "den", "des",
    "dem", "die", "das", "dass", "derselbe", "derselben", "denselben", "desselben", "demselben",
    "dieselbe", "dieselben", "dasselbe", "dazu", "dein", "deine", "deinem", "deinen", "deiner",
    "deines", "denn", "derer", "dessen", "dich", "dir", "du", "dies", "diese", "diesem", "diesen",
    "dieser", "dieses", "doch", "dort", "durch", "ein", "eine", "einem", "einen", "einer", "eines",
    "einig", "einige", "einigem", "einigen", "einiger", "einiges", "einmal", "er", "ihn", "ihm",
    "es", "etwas", "euer", "eure", "eurem", "euren", "eurer", "eures", "für", "gegen", "gewesen",
    "hab", "habe", "haben", "hat", "hatte", "hatten", "hier", "hin", "hinter", "ich", "mich", "mir",
    "ihr", "ihre", "ihrem", "ihren", "ihrer", "ihres", "euch", "im", "in", "indem", "ins", "ist",
    "jede", "jedem", "jeden", "jeder", "jedes", "jene", "jenem", "jenen", "jener", "jenes", "jetzt",
    "kann", "kein", "keine", "keinem", "keinen", "keiner", "keines", "können", "könnte", "machen",
    "man", "manche", "manchem", "manchen", "mancher", "manches", "mein", "meine", "meinem",
    "meinen", "meiner", "meines", "mit", "muss", "musste", "nach", "nicht", "nichts", "noch", "nun",
    "nur", "ob", "oder", "ohne", "sehr", "sein", "seine", "seinem", "seinen", "seiner", "seines",
    "selbst", "sich", "sie", "ihnen", "sind", "so", "solche", "solchem", "solchen", "solcher",
    "solches", "soll", "sollte", "sondern", "sonst", "über", "um", "und", "uns", "unsere",
    "unserem", "unseren", "unser", "unseres", "unter", "viel", "vom", "von", "vor", "während",
    "war", "waren", "warst", "was", "weg", "weil", "weiter", "welche", "welchem", "welchen",
    "welcher", "welches", "wenn", "werde", "werden", "wie", "wieder", "will", "wir", "wird",
    "wirst", "wo", "wollen", "wollte", "würde", "würden", "zu", "zum", "zur", "zwar", "zwischen",
    // additions
    "beim", "bzw", "ca", "dabei", "daher", "deren", "etc", "ggf", "seit", "sowie", "sowohl", "usw",
    "wurde", "wurden", "worden"};

constexpr std::string_view english_list[] = {
    // Snowball English
    "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours", "yourself",
    "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its",
    "itself", "they", "them", "their", "theirs", "themselves", "what", "which", "who", "whom",
    "this", "that", "these", "those", "am", "is", "are", "was", "were", "be", "been", "being",
    "have", "has", "had", "having", "do", "does", "did", "doing", "would", "should", "could",
    "ought", "i'm", "you're", "he's", "she's", "it's", "we're", "they're", "i've", "you've",
    "we've", "they've", "i'd", "you'd", "he'd", "she'd", "we'd", "they'd", "i'll", "you'll",
    "he'll", "she'll", "we'll", "they'll", "isn't", "aren't", "wasn't", "weren't", "hasn't",
    "haven't", "hadn't", "doesn't", "don't", "didn't", "won't", "wouldn't", "shan't", "shouldn't",
    "can't", "cannot", "couldn't", "mustn't", "let's", "that's", "who's", "what's", "here's",
    "there's", "when's", "where's", "why's", "how's", "a", "an", "the", "and", "but", "if", "or",
    "because", "as", "until", "while", "of", "at", "by", "for", "with", "about", "against",
    "between", "into", "through", "during", "before", "after", "above", "below", "to", "from", "up",
    "down", "in", "out", "on", "off", "over", "under", "again", "further", "then", "once", "here",
    "there", "when", "where", "why", "how", "all", "any", "both", "each", "few", "more", "most",
    "other", "some", "such", "no", "nor", "not", "only", "own", "same", "so", "than", "too", "very",
    // additions
    "also", "eg", "etc", "ie", "may", "via", "will"};

struct Lists {
  std::vector<std::string_view> sorted[2];
  std::unordered_set<std::string_view> set[2];

  Lists() {
    auto fill = [](auto& list, std::vector<std::string_view>& v,
                   std::unordered_set<std::string_view>& s) {
      v.assign(std::begin(list), std::end(list));
      std::sort(v.begin(), v.end());
      v.erase(std::unique(v.begin(), v.end()), v.end());
      s.insert(v.begin(), v.end());
    };
    fill(german_list, sorted[0], set[0]);
    fill(english_list, sorted[1], set[1]);
  }
};

const Lists& lists() {
  static const Lists l;
  return l;
}

}  // namespace

bool is_stop_word(std::string_view folded, Language lang) noexcept {
  if (folded.empty() || folded.size() > 12) return false;  // longest entry: "desselben"...
  const Lists& l = lists();
  switch (lang) {
    case Language::de:
      return l.set[0].count(folded) != 0;
    case Language::en:
      return l.set[1].count(folded) != 0;
    default:
      return l.set[0].count(folded) != 0 || l.set[1].count(folded) != 0;
  }
}

std::span<const std::string_view> stop_words(Language lang) noexcept {
  const Lists& l = lists();
  switch (lang) {
    case Language::de:
      return l.sorted[0];
    case Language::en:
      return l.sorted[1];
    default:
      return {};
  }
}

}  // namespace scoutmatch::text
