#include "scoutmatch/vectorize/vectorizer.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>
#include <tbb/task_arena.h>
#define XXH_INLINE_ALL  // the token hash is on the hot path: no call through the PLT
#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>

#include "scoutmatch/error.hpp"

namespace scoutmatch {
namespace {

// Profiles are tokenised in chunks of 256, in parallel. Each worker thread keeps its own
// table of the distinct tokens it meets (TokenCache below), so the threads share nothing
// while they read the text; a document keeps one entry per distinct token and field. Then
// the distinct tokens of all workers are analysed, each once (in 64 partitions, in
// parallel), their terms merged, and each document's token entries turned into its terms.
// Final term ids are the ranks of the sorted term strings and surface forms are chosen by
// their total counts, so the result does not depend on the number of threads or on which
// thread read which chunk. A document keeps compact entries, not strings: one of 8 bytes
// per term and field the term occurs in (most terms occur in one field), with the 16-bit
// count of the term in that field.
using FieldCounts = std::array<std::uint16_t, field_count>;
struct DocTerm {
  TermId term = 0;  // worker-local id, then global id after the merge
  std::uint16_t tf = 0;
  std::uint8_t field = 0;
};
static_assert(sizeof(DocTerm) == 8);
// Calls fn(term, its per-field counts) for each distinct term of `terms`, whose entries of
// one term are adjacent (as in a sorted document).
template <class Fn>
void for_each_term(const std::vector<DocTerm>& terms, Fn&& fn) {
  for (std::size_t i = 0; i < terms.size();) {
    const TermId t = terms[i].term;
    FieldCounts tf{};
    for (; i < terms.size() && terms[i].term == t; ++i) tf[terms[i].field] = terms[i].tf;
    fn(t, tf);
  }
}

struct AnalysedDoc {
  // First the document's distinct tokens (DocTerm::term = the worker's token entry), then,
  // after the analysis, its terms (global ids), sorted (stably: a term's entries keep
  // ascending fields).
  std::vector<DocTerm> terms;
  std::array<std::uint32_t, field_count> len{};
  Language lang = Language::unknown;
  // Occurrences beyond a DocTerm's 16-bit count (index into `terms`, occurrences lost):
  // only the length needs them. Almost always empty.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> lost;
};

// Pass 1 of analysing a corpus, per worker thread: every distinct token (its bytes, kind and
// language) the worker meets gets an entry, and every occurrence costs one probe of a flat,
// open-addressing table whose 64-byte slots hold the token's bytes (up to 48) and count:
// one cache line per token, no strings built, no node-based hash map. This is the hot loop
// of index building; analyse_text() prefetches the slots of the tokens ahead. The tokens are
// analysed afterwards, each distinct token once for all workers (analyse_corpus()).
class TokenCache {
 public:
  static constexpr std::size_t inline_bytes = 48;

  struct alignas(64) Slot {
    std::uint32_t check = 0;  // high half of the hash
    std::uint32_t entry = 0;  // 1-based index into entries_, 0 = empty slot
    std::uint32_t count = 0;  // occurrences (the entry holds the carries)
    std::uint8_t len = 0;     // token bytes
    std::uint8_t tag = 0;     // kind and language
    char key[inline_bytes] = {};
  };
  static_assert(sizeof(Slot) == 64);

  static std::uint32_t tag_of(text::TokenKind kind, Language lang) noexcept {
    return static_cast<std::uint32_t>(kind) | (static_cast<std::uint32_t>(lang) << 4);
  }
  static text::TokenKind kind_of(std::uint32_t tag) noexcept {
    return static_cast<text::TokenKind>(tag & 15u);
  }
  static Language lang_of(std::uint32_t tag) noexcept { return static_cast<Language>(tag >> 4); }
  static std::uint64_t hash(std::string_view token, std::uint32_t tag) noexcept {
    return XXH3_64bits_withSeed(token.data(), token.size(), tag);
  }
  void prefetch(std::uint64_t h) const noexcept {
    __builtin_prefetch(&slots_[static_cast<std::size_t>(h) & mask_]);
  }

  // The entry of `token` (hash `h` of hash()), added on first sight; counts it.
  std::uint32_t get(std::string_view token, std::uint32_t tag, std::uint64_t h) {
    if (token.size() > inline_bytes) return get_long(token, tag);
    const auto check = static_cast<std::uint32_t>(h >> 32);
    std::size_t i = static_cast<std::size_t>(h) & mask_;
    while (true) {
      Slot& s = slots_[i];
      if (s.entry == 0) break;
      if (s.check == check && s.len == token.size() && s.tag == tag &&
          std::memcmp(s.key, token.data(), token.size()) == 0) {
        if (++s.count == 0) entries_[s.entry - 1].carry += std::uint64_t{1} << 32;
        return s.entry - 1;
      }
      i = (i + 1) & mask_;
    }
    const std::uint32_t e = add(token, tag);
    Slot& s = slots_[i];
    s.check = check;
    s.entry = e + 1;
    s.len = static_cast<std::uint8_t>(token.size());
    s.tag = static_cast<std::uint8_t>(tag);
    s.count = 1;
    std::memcpy(s.key, token.data(), token.size());
    if (++used_ * 2 > slots_.size()) grow();
    return e;
  }

  std::size_t size() const noexcept { return entries_.size(); }
  std::string_view token(std::uint32_t e) const noexcept {
    return std::string_view(bytes_).substr(entries_[e].offset, entries_[e].len);
  }
  std::uint32_t tag(std::uint32_t e) const noexcept { return entries_[e].tag; }

  // Occurrences of each entry.
  std::vector<std::uint64_t> counts() const {
    std::vector<std::uint64_t> count(entries_.size());
    for (std::size_t e = 0; e < entries_.size(); ++e) count[e] = entries_[e].carry;
    for (const Slot& s : slots_)
      if (s.entry != 0) count[s.entry - 1] += s.count;
    return count;
  }

  // Scratch for one document: for each entry its position in the document's list, valid
  // where `stamp` equals the document's stamp.
  struct EntrySlot {
    std::uint32_t stamp = 0;
    std::uint32_t pos = 0;
  };
  std::vector<EntrySlot> entry_slots;
  std::uint32_t doc_stamp = 0;
  std::vector<text::TextToken> tokens;
  std::vector<std::uint64_t> hashes;
  std::vector<std::uint32_t> hits;
  std::vector<DocTerm> doc_terms;  // the tokens of the document being analysed

 private:
  struct Entry {
    std::uint64_t offset = 0;  // the token's bytes in bytes_
    std::uint32_t len = 0;
    std::uint32_t tag = 0;
    std::uint64_t carry = 0;  // occurrences not counted in the slot (overflow, long tokens)
  };

  std::uint32_t add(std::string_view token, std::uint32_t tag) {
    entries_.push_back({bytes_.size(), static_cast<std::uint32_t>(token.size()), tag, 0});
    bytes_.append(token);
    entry_slots.emplace_back();
    return static_cast<std::uint32_t>(entries_.size() - 1);
  }

  // Tokens longer than a slot holds (rare): a node-based map.
  std::uint32_t get_long(std::string_view token, std::uint32_t tag) {
    std::string key(token);
    key.push_back(static_cast<char>(tag));
    auto it = long_.find(key);
    if (it == long_.end()) it = long_.emplace(std::move(key), add(token, tag)).first;
    ++entries_[it->second].carry;
    return it->second;
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.entry == 0) continue;
      std::size_t i = static_cast<std::size_t>(hash({s.key, s.len}, s.tag)) & mask_;
      while (slots_[i].entry != 0) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }

  std::vector<Slot> slots_ = std::vector<Slot>(std::size_t{1} << 12);
  std::size_t mask_ = (std::size_t{1} << 12) - 1;
  std::size_t used_ = 0;
  std::vector<Entry> entries_;
  std::string bytes_;
  std::unordered_map<std::string, std::uint32_t> long_;
};
static_assert(std::is_trivially_copyable_v<TokenCache::Slot>);

// Adds the tokens of `text` (field `f`) to `doc` as token entries of `w`. Blocks of tokens go
// through three passes (hash and prefetch the slots; look the tokens up and prefetch their
// document slots; count), so that the cache misses of rare words overlap instead of adding up.
void analyse_text(std::string_view text, std::size_t f, const Analyzer& analyzer, TokenCache& w,
                  AnalysedDoc& doc) {
  if (text.empty()) return;
  w.tokens.clear();
  analyzer.tokenize(text, doc.lang, w.tokens);
  constexpr std::size_t block = 64;
  w.hashes.resize(block);
  w.hits.resize(block);
  for (std::size_t b = 0; b < w.tokens.size(); b += block) {
    const std::size_t m = std::min(block, w.tokens.size() - b);
    const text::TextToken* toks = w.tokens.data() + b;
    for (std::size_t i = 0; i < m; ++i) {
      const std::uint64_t h =
          TokenCache::hash(toks[i].view(text), TokenCache::tag_of(toks[i].kind, doc.lang));
      w.hashes[i] = h;
      w.prefetch(h);
    }
    for (std::size_t i = 0; i < m; ++i) {
      const std::uint32_t e =
          w.get(toks[i].view(text), TokenCache::tag_of(toks[i].kind, doc.lang), w.hashes[i]);
      w.hits[i] = e;
      __builtin_prefetch(&w.entry_slots[e]);
    }
    for (std::size_t i = 0; i < m; ++i) {
      const std::uint32_t e = w.hits[i];
      TokenCache::EntrySlot& es = w.entry_slots[e];
      if (es.stamp != w.doc_stamp) {
        es.stamp = w.doc_stamp;
        es.pos = static_cast<std::uint32_t>(w.doc_terms.size());
        w.doc_terms.push_back({e, 0, static_cast<std::uint8_t>(f)});
      }
      auto& c = w.doc_terms[es.pos].tf;
      if (c < 0xffff) {
        ++c;
      } else {
        auto it = std::find_if(doc.lost.begin(), doc.lost.end(),
                               [&](const auto& l) { return l.first == es.pos; });
        if (it == doc.lost.end()) it = doc.lost.insert(doc.lost.end(), {es.pos, 0});
        ++it->second;
      }
    }
  }
}

const std::string& field_ref(const Profile& p, Field f) {
  switch (f) {
    case Field::name:
      return p.name;
    case Field::competences:
      return p.competences;
    case Field::offers:
      return p.offers;
    case Field::needs:
      return p.needs;
    default:
      return p.text;
  }
}

void analyse_profile(const Profile& p, const Analyzer& analyzer, TokenCache& w, AnalysedDoc& doc) {
  doc.lang = p.lang;
  if (doc.lang != Language::de && doc.lang != Language::en) {
    std::string all = p.text;
    for (const std::string* s : {&p.competences, &p.offers, &p.needs}) {
      all += '\n';
      all += *s;
    }
    doc.lang = analyzer.detect_language(all);
  }
  w.doc_terms.clear();
  for (std::size_t f = 0; f < field_count; ++f) {
    // A stamp per document and field: a token gets an entry per field it occurs in.
    if (++w.doc_stamp == 0) {  // wrapped: forget all stamps
      for (TokenCache::EntrySlot& t : w.entry_slots) t.stamp = 0;
      w.doc_stamp = 1;
    }
    if (static_cast<Field>(f) == Field::keywords) {
      for (const std::string& k : p.keywords) analyse_text(k, f, analyzer, w, doc);
    } else {
      analyse_text(field_ref(p, static_cast<Field>(f)), f, analyzer, w, doc);
    }
  }
  doc.terms.assign(w.doc_terms.begin(), w.doc_terms.end());  // one allocation of the exact size
}

template <class Counts>
double weighted(const Counts& v, FieldMask mask, const Bm25Options& o) {
  double s = 0;
  for (std::size_t f = 0; f < field_count; ++f)
    if (mask & (1u << f)) s += o.field_weights[f] * v[f];
  return s;
}

FieldMask present(const FieldCounts& v, FieldMask mask) {
  FieldMask m = 0;
  for (std::size_t f = 0; f < field_count; ++f)
    if ((mask & (1u << f)) && v[f] > 0) m |= static_cast<FieldMask>(1u << f);
  return m;
}

// Per-field token totals and the count of the documents whose weighted length in `mask`
// is > 0. Integers, so that shard statistics add up exactly to the corpus' statistics.
SpaceStatistics space_statistics(const std::vector<AnalysedDoc>& docs, FieldMask mask,
                                 const Bm25Options& o) {
  SpaceStatistics st;
  for (const AnalysedDoc& d : docs) {
    if (!(weighted(d.len, mask, o) > 0)) continue;
    ++st.nonempty;
    for (std::size_t f = 0; f < field_count; ++f) st.tokens[f] += d.len[f];
  }
  return st;
}

// Fills each spec's `out` with one row per document: the terms with non-zero weighted tf in
// its mask, saturated against its avg_len (> 0, given); fills its `df` when non-null. One pass
// over the documents serves all the spaces (each document's terms are read twice in all).
// The same rows, bit for bit: a field outside a space's mask adds 0.0 * tf = +0.0 to the
// weighted tf, which leaves the sum as it is.
struct RowSpec {
  FieldMask mask = 0;
  double avg_len = 0;
  SparseVectors* out = nullptr;
  std::vector<std::uint32_t>* df = nullptr;  // filled when non-null
};

template <std::size_t S>
void build_rows_together(const std::vector<AnalysedDoc>& docs, const std::array<RowSpec, S>& spec,
                         const Bm25Options& o, std::size_t n_terms) {
  const std::size_t n = docs.size();
  std::array<std::array<double, field_count>, S> w{};
  for (std::size_t s = 0; s < S; ++s)
    for (std::size_t f = 0; f < field_count; ++f)
      w[s][f] = (spec[s].mask & (1u << f)) ? o.field_weights[f] : 0.0;
  const auto wtf = [&](std::size_t s, const FieldCounts& v) {
    double x = 0;
    for (std::size_t f = 0; f < field_count; ++f) x += w[s][f] * v[f];
    return x;
  };
  std::vector<std::array<double, S>> len(n);
  std::vector<std::array<std::uint64_t, S>> count(n);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n), [&](const auto& range) {
    for (std::size_t d = range.begin(); d != range.end(); ++d) {
      std::array<std::uint64_t, S> c{};
      for_each_term(docs[d].terms, [&](TermId, const FieldCounts& tf) {
        for (std::size_t s = 0; s < S; ++s) c[s] += wtf(s, tf) > 0;
      });
      count[d] = c;
      for (std::size_t s = 0; s < S; ++s) len[d][s] = weighted(docs[d].len, spec[s].mask, o);
    }
  });
  for (std::size_t s = 0; s < S; ++s) {
    SparseVectors& out = *spec[s].out;
    out.offsets.assign(n + 1, 0);
    for (std::size_t d = 0; d < n; ++d) out.offsets[d + 1] = out.offsets[d] + count[d][s];
    const std::size_t nnz = out.offsets[n];
    out.terms.resize(nnz);
    out.values.resize(nnz);
    out.fields.resize(nnz);
  }
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n), [&](const auto& range) {
    for (std::size_t d = range.begin(); d != range.end(); ++d) {
      std::array<std::uint64_t, S> k;
      for (std::size_t s = 0; s < S; ++s) k[s] = spec[s].out->offsets[d];
      for_each_term(docs[d].terms, [&](TermId term, const FieldCounts& counts) {
        for (std::size_t s = 0; s < S; ++s) {
          const double tf = wtf(s, counts);
          if (tf <= 0) continue;
          SparseVectors& out = *spec[s].out;
          out.terms[k[s]] = term;
          out.values[k[s]] =
              static_cast<float>(bm25_saturate(tf, len[d][s], spec[s].avg_len, o.k1, o.b));
          out.fields[k[s]] = present(counts, spec[s].mask);
          ++k[s];
        }
      });
    }
  });
  // Document frequencies: counted per range of entries, then summed.
  for (std::size_t s = 0; s < S; ++s) {
    if (!spec[s].df) continue;
    const std::vector<TermId>& terms = spec[s].out->terms;
    const std::size_t ranges = std::max<std::size_t>(
        1,
        std::min<std::size_t>(2 * static_cast<std::size_t>(tbb::this_task_arena::max_concurrency()),
                              terms.size() / (std::size_t{1} << 18) + 1));
    std::vector<std::vector<std::uint32_t>> part(ranges);
    tbb::parallel_for(std::size_t{0}, ranges, [&](std::size_t r) {
      part[r].assign(n_terms, 0);
      const std::size_t lo = terms.size() * r / ranges, hi = terms.size() * (r + 1) / ranges;
      for (std::size_t i = lo; i < hi; ++i) ++part[r][terms[i]];
    });
    std::vector<std::uint32_t>& df = *spec[s].df;
    df.assign(n_terms, 0);
    for (const auto& p : part)
      for (std::size_t t = 0; t < n_terms; ++t) df[t] += p[t];
  }
}

void finish_space(SpaceVectors& s, std::size_t n_docs) {
  s.idf.resize(s.df.size());
  for (std::size_t t = 0; t < s.df.size(); ++t)
    s.idf[t] = static_cast<float>(bm25_idf(s.df[t], n_docs));
}

// The rows of the three spaces from the analysed documents, given the spaces' fields and
// average lengths (and their df, unless `count_df`), then idf over `n_docs` documents.
void finish_vectors(const std::vector<AnalysedDoc>& docs, CorpusVectors& c, const Bm25Options& o,
                    bool count_df, std::size_t n_docs) {
  const std::size_t v = c.vocabulary.size();
  // The needs rows are saturated against the supply space's average length.
  build_rows_together<3>(
      docs,
      {RowSpec{c.all.fields, c.all.avg_len, &c.all.sat, count_df ? &c.all.df : nullptr},
       RowSpec{c.supply.fields, c.supply.avg_len, &c.supply.sat, count_df ? &c.supply.df : nullptr},
       RowSpec{field_bit(Field::needs), c.supply.avg_len, &c.needs, nullptr}},
      o, v);
  finish_space(c.all, n_docs);
  finish_space(c.supply, n_docs);
  c.languages.resize(docs.size());
  for (std::size_t d = 0; d < docs.size(); ++d) c.languages[d] = docs[d].lang;
}

// The analysed corpus: documents with global term ids, and the sorted vocabulary.
struct AnalysedCorpus {
  std::vector<AnalysedDoc> docs;
  std::vector<std::string> terms, surfaces;
};

AnalysedCorpus analyse_corpus(const std::vector<Profile>& profiles, const Analyzer& analyzer);

bool same_options(const AnalyzerOptions& a, const AnalyzerOptions& b) {
  return a.stop_words == b.stop_words && a.stem == b.stem && a.decompound == b.decompound &&
         a.min_part == b.min_part && a.max_token == b.max_token;
}
bool same_options(const Bm25Options& a, const Bm25Options& b) {
  return a.k1 == b.k1 && a.b == b.b && a.field_weights == b.field_weights;
}

}  // namespace

double SpaceStatistics::avg_len(const Bm25Options& o, FieldMask mask) const noexcept {
  if (nonempty == 0) return 1.0;
  double sum = 0;
  for (std::size_t f = 0; f < field_count; ++f)
    if (mask & (1u << f)) sum += o.field_weights[f] * static_cast<double>(tokens[f]);
  return sum / static_cast<double>(nonempty);
}

void Bm25Options::validate() const {
  if (!(k1 > 0 && k1 <= 100))
    throw invalid_argument("scoutmatch.options.bm25.1",
                           "k1 must be in (0, 100], got " + std::to_string(k1));
  if (!(b >= 0 && b <= 1))
    throw invalid_argument("scoutmatch.options.bm25.2",
                           "b must be in [0, 1], got " + std::to_string(b));
  for (std::size_t f = 0; f < field_count; ++f)
    if (!(field_weights[f] >= 0 && field_weights[f] <= 1000))
      throw invalid_argument("scoutmatch.options.bm25.3",
                             "field weight of \"" + std::string(to_string(static_cast<Field>(f))) +
                                 "\" must be in [0, 1000], got " +
                                 std::to_string(field_weights[f]));
}

namespace {

// Sorts a document's entries by term id, stably (a term's entries keep their ascending
// fields): insertion sort for short lists, else a least-significant-digit radix sort on
// digits of at most 9 bits (two passes for vocabularies up to 2^18 terms), which avoids the
// branch mispredictions of a comparison sort on random ids.
void sort_by_term(std::vector<DocTerm>& v, std::vector<DocTerm>& scratch) {
  const std::size_t n = v.size();
  if (n < 48) {
    for (std::size_t i = 1; i < n; ++i) {
      const DocTerm x = v[i];
      std::size_t j = i;
      for (; j > 0 && v[j - 1].term > x.term; --j) v[j] = v[j - 1];
      v[j] = x;
    }
    return;
  }
  TermId top = 0;
  for (const DocTerm& t : v) top |= t.term;
  const auto bits = static_cast<unsigned>(std::bit_width(top));
  const unsigned passes = (bits + 8) / 9;
  if (passes == 0) return;  // all ids 0: the entries of one term, in order
  const unsigned digit = (bits + passes - 1) / passes;
  const TermId mask = (TermId{1} << digit) - 1;
  scratch.resize(n);
  DocTerm* from = v.data();
  DocTerm* to = scratch.data();
  for (unsigned shift = 0; shift < bits; shift += digit) {
    std::array<std::uint32_t, 513> start{};
    for (std::size_t i = 0; i < n; ++i) ++start[((from[i].term >> shift) & mask) + 1];
    for (std::size_t b = 1; b <= mask + 1; ++b) start[b] += start[b - 1];
    for (std::size_t i = 0; i < n; ++i) to[start[(from[i].term >> shift) & mask]++] = from[i];
    std::swap(from, to);
  }
  if (from != v.data()) std::copy(from, from + n, v.data());
}

// The analyses of one partition of a corpus' distinct tokens: per token its terms (ids local
// to the partition) with their surface forms, and its occurrences in the corpus.
struct TokenAnalyses {
  std::vector<std::string> terms;  // local term id -> term
  std::unordered_map<std::string, TermId> ids;
  std::vector<std::uint32_t> first, n;  // per token: its terms are out[first, first + n)
  std::vector<TermId> out;
  std::vector<std::string> surfaces;  // per entry of `out`
  std::vector<std::uint64_t> count;   // per token
};

AnalysedCorpus analyse_corpus(const std::vector<Profile>& profiles, const Analyzer& analyzer) {
  const std::size_t n = profiles.size();
  std::vector<AnalysedDoc> docs(n);
  constexpr std::size_t chunk_docs = 256;
  const std::size_t n_chunks = (n + chunk_docs - 1) / chunk_docs;
  tbb::enumerable_thread_specific<TokenCache> caches;
  std::vector<const TokenCache*> chunk_cache(n_chunks);
  tbb::parallel_for(std::size_t{0}, n_chunks, [&](std::size_t c) {
    TokenCache& w = caches.local();
    chunk_cache[c] = &w;
    for (std::size_t d = c * chunk_docs; d < std::min(n, (c + 1) * chunk_docs); ++d)
      analyse_profile(profiles[d], analyzer, w, docs[d]);
  });
  std::vector<const TokenCache*> workers;
  for (const TokenCache& w : caches) workers.push_back(&w);
  const std::size_t n_workers = workers.size();
  constexpr std::size_t parts = 64;

  // Each distinct token of the corpus is analysed once, whichever workers met it: the
  // workers' tokens go to 64 partitions by hash, and each partition (in parallel) analyses
  // its distinct tokens. (With one analysis per worker, two workers analysed nearly every
  // distinct token twice: ~5 us each for a German compound.)
  std::vector<std::vector<std::uint32_t>> bucket(n_workers * parts);  // [c * parts + p]
  std::vector<std::vector<std::uint64_t>> counts(n_workers);
  std::vector<std::vector<std::uint8_t>> part_of(n_workers);
  std::vector<std::vector<std::uint32_t>> token_of(n_workers);  // index in its partition
  tbb::parallel_for(std::size_t{0}, n_workers, [&](std::size_t c) {
    const TokenCache& w = *workers[c];
    counts[c] = w.counts();
    part_of[c].resize(w.size());
    token_of[c].resize(w.size());
    for (std::uint32_t e = 0; e < w.size(); ++e) {
      const std::size_t p = TokenCache::hash(w.token(e), w.tag(e)) % parts;
      part_of[c][e] = static_cast<std::uint8_t>(p);
      bucket[c * parts + p].push_back(e);
    }
  });
  std::vector<TokenAnalyses> part(parts);
  tbb::parallel_for(std::size_t{0}, parts, [&](std::size_t p) {
    TokenAnalyses& a = part[p];
    std::unordered_map<std::string, std::uint32_t> seen;  // token bytes + tag -> index
    std::vector<Token> analysed;
    std::string key;
    for (std::size_t c = 0; c < n_workers; ++c) {
      const TokenCache& w = *workers[c];
      for (const std::uint32_t e : bucket[c * parts + p]) {
        const std::string_view token = w.token(e);
        key.assign(token);
        key.push_back(static_cast<char>(w.tag(e)));
        auto [it, fresh] = seen.try_emplace(key, static_cast<std::uint32_t>(a.first.size()));
        if (fresh) {
          analysed.clear();
          analyzer.analyze_token(token, TokenCache::kind_of(w.tag(e)),
                                 TokenCache::lang_of(w.tag(e)), analysed);
          a.first.push_back(static_cast<std::uint32_t>(a.out.size()));
          a.n.push_back(static_cast<std::uint32_t>(analysed.size()));
          a.count.push_back(0);
          for (Token& t : analysed) {
            const auto [ti, new_term] =
                a.ids.try_emplace(t.term, static_cast<TermId>(a.terms.size()));
            if (new_term) a.terms.push_back(std::move(t.term));
            a.out.push_back(ti->second);
            a.surfaces.push_back(std::move(t.surface));
          }
        }
        a.count[it->second] += counts[c][e];
        token_of[c][e] = it->second;
      }
    }
  });
  bucket.clear();

  // Merge the partitions' terms: every distinct term, ascending, with its most frequent
  // surface form (ties: the smallest string, so builds are deterministic).
  // In parallel: the partitions' terms go to 64 buckets by hash; each bucket finds its
  // distinct terms; the distinct terms are sorted. Only the final ranks are ids, so how the
  // work is split does not show in the result.
  // term_bucket[c * parts + q]: the local terms of partition c in bucket q.
  std::vector<std::vector<std::uint32_t>> term_bucket(parts * parts);
  std::vector<std::vector<std::uint32_t>> to_merged(parts);
  tbb::parallel_for(std::size_t{0}, parts, [&](std::size_t c) {
    const std::vector<std::string>& t = part[c].terms;
    to_merged[c].resize(t.size());
    for (std::uint32_t i = 0; i < t.size(); ++i)
      term_bucket[c * parts + XXH3_64bits(t[i].data(), t[i].size()) % parts].push_back(i);
  });
  std::vector<std::vector<std::string_view>> part_distinct(parts);
  tbb::parallel_for(std::size_t{0}, parts, [&](std::size_t q) {
    std::unordered_map<std::string_view, std::uint32_t> seen;
    for (std::size_t c = 0; c < parts; ++c)
      for (const std::uint32_t i : term_bucket[c * parts + q]) {
        const std::string_view t = part[c].terms[i];
        auto [it, fresh] = seen.try_emplace(t, static_cast<std::uint32_t>(part_distinct[q].size()));
        if (fresh) part_distinct[q].push_back(t);
        to_merged[c][i] = it->second;  // bucket-local for now
      }
  });
  std::vector<std::uint32_t> part_start(parts + 1, 0);
  for (std::size_t q = 0; q < parts; ++q)
    part_start[q + 1] = part_start[q] + static_cast<std::uint32_t>(part_distinct[q].size());
  std::vector<std::string_view> distinct(part_start[parts]);
  tbb::parallel_for(std::size_t{0}, parts, [&](std::size_t q) {
    std::copy(part_distinct[q].begin(), part_distinct[q].end(), distinct.begin() + part_start[q]);
    for (std::size_t c = 0; c < parts; ++c)
      for (const std::uint32_t i : term_bucket[c * parts + q]) to_merged[c][i] += part_start[q];
  });
  term_bucket.clear();
  part_distinct.clear();
  std::vector<std::uint32_t> order(distinct.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  tbb::parallel_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return distinct[a] < distinct[b]; });
  std::vector<TermId> final_id(distinct.size());
  for (std::uint32_t r = 0; r < order.size(); ++r) final_id[order[r]] = r;
  // Partition-local term ids -> final ids.
  tbb::parallel_for(std::size_t{0}, parts, [&](std::size_t c) {
    for (std::uint32_t& id : to_merged[c]) id = final_id[id];
  });
  // Surface forms: (term, form) pairs with their counts.
  struct Form {
    TermId term;
    std::string_view form;
    std::uint64_t count;
  };
  std::vector<Form> forms;
  for (std::size_t c = 0; c < parts; ++c) {
    const TokenAnalyses& a = part[c];
    for (std::size_t d = 0; d < a.first.size(); ++d)
      for (std::uint32_t k = a.first[d]; k < a.first[d] + a.n[d]; ++k)
        forms.push_back({to_merged[c][a.out[k]], std::string_view(a.surfaces[k]), a.count[d]});
  }
  tbb::parallel_sort(forms.begin(), forms.end(), [](const Form& a, const Form& b) {
    return a.term < b.term || (a.term == b.term && a.form < b.form);
  });
  std::vector<std::string> terms, best;
  terms.reserve(distinct.size());
  best.resize(distinct.size());
  for (std::uint32_t r = 0; r < order.size(); ++r) terms.emplace_back(distinct[order[r]]);
  std::vector<std::uint64_t> best_count(distinct.size(), 0);
  for (std::size_t i = 0; i < forms.size();) {
    std::size_t j = i;
    std::uint64_t count = 0;
    for (; j < forms.size() && forms[j].term == forms[i].term && forms[j].form == forms[i].form;
         ++j)
      count += forms[j].count;
    // Ascending forms: only a strictly larger count displaces, so ties keep the smallest.
    if (count > best_count[forms[i].term]) {
      best_count[forms[i].term] = count;
      best[forms[i].term] = forms[i].form;
    }
    i = j;
  }
  forms.clear();
  // Each chunk's worker: its index in `workers`.
  std::vector<std::uint32_t> chunk_worker(n_chunks);
  for (std::size_t c = 0; c < n_chunks; ++c)
    chunk_worker[c] = static_cast<std::uint32_t>(
        std::find(workers.begin(), workers.end(), chunk_cache[c]) - workers.begin());
  // Each document's tokens -> its terms (final ids), sorted; a term met through several
  // tokens ("Welding", "welding", "welds") in one field gets one entry with the summed count.
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n), [&](const auto& range) {
    std::vector<DocTerm> expanded, scratch;
    for (std::size_t d = range.begin(); d != range.end(); ++d) {
      AnalysedDoc& doc = docs[d];
      const std::uint32_t c = chunk_worker[d / chunk_docs];
      expanded.clear();
      for (const DocTerm& t : doc.terms) {
        const std::size_t p = part_of[c][t.term];
        const TokenAnalyses& a = part[p];
        const std::uint32_t tok = token_of[c][t.term];
        doc.len[t.field] += static_cast<std::uint32_t>(t.tf) * a.n[tok];
        for (std::uint32_t k = a.first[tok]; k < a.first[tok] + a.n[tok]; ++k)
          expanded.push_back({to_merged[p][a.out[k]], t.tf, t.field});
      }
      for (const auto& [i, lost] : doc.lost) {
        const DocTerm& t = doc.terms[i];
        doc.len[t.field] += lost * part[part_of[c][t.term]].n[token_of[c][t.term]];
      }
      sort_by_term(expanded, scratch);
      std::size_t m = 0;  // entries of equal term and field (adjacent now) merged
      for (const DocTerm& t : expanded) {
        if (m > 0 && expanded[m - 1].term == t.term && expanded[m - 1].field == t.field) {
          std::uint16_t& tf = expanded[m - 1].tf;
          tf =
              static_cast<std::uint16_t>(std::min<std::uint32_t>(0xffff, std::uint32_t{tf} + t.tf));
        } else {
          expanded[m++] = t;
        }
      }
      doc.terms.assign(expanded.begin(), expanded.begin() + static_cast<std::ptrdiff_t>(m));
      std::vector<std::pair<std::uint32_t, std::uint32_t>>().swap(doc.lost);
    }
  });
  return {std::move(docs), std::move(terms), std::move(best)};
}

void check_options(const CorpusStatistics& st, const Analyzer& analyzer,
                   const Bm25Options& options) {
  if (!same_options(st.analyzer, analyzer.options()) || !same_options(st.bm25, options))
    throw invalid_argument(
        "scoutmatch.stats.2",
        "the corpus statistics were computed with other analyzer or BM25 options");
}

}  // namespace

CorpusVectors vectorize(const std::vector<Profile>& profiles, const Analyzer& analyzer,
                        const Bm25Options& options) {
  options.validate();
  const std::size_t n = profiles.size();
  AnalysedCorpus a = analyse_corpus(profiles, analyzer);
  const std::vector<AnalysedDoc>& docs = a.docs;
  CorpusVectors c;
  c.vocabulary = Vocabulary(std::move(a.terms), std::move(a.surfaces));
  c.all.fields = space_fields(Space::all);
  c.supply.fields = space_fields(Space::supply);
  c.all.avg_len = space_statistics(docs, c.all.fields, options).avg_len(options, c.all.fields);
  c.supply.avg_len =
      space_statistics(docs, c.supply.fields, options).avg_len(options, c.supply.fields);
  finish_vectors(docs, c, options, true, n);
  return c;
}

CorpusVectors vectorize(const std::vector<Profile>& profiles, const Analyzer& analyzer,
                        const Bm25Options& options, const CorpusStatistics& global) {
  options.validate();
  global.validate();
  check_options(global, analyzer, options);
  const std::size_t n = profiles.size();
  if (global.docs < n)
    throw invalid_argument("scoutmatch.stats.1", "the corpus statistics count " +
                                                     std::to_string(global.docs) +
                                                     " profiles, fewer than the " +
                                                     std::to_string(n) + " profiles of the shard");
  AnalysedCorpus a = analyse_corpus(profiles, analyzer);
  const std::vector<AnalysedDoc>& docs = a.docs;
  // The shard's terms are a subset of the global ones, both ascending: one merge walk.
  const std::size_t v = a.terms.size();
  CorpusVectors c;
  c.all.df.resize(v);
  c.supply.df.resize(v);
  std::size_t g = 0;
  for (std::size_t t = 0; t < v; ++t) {
    while (g < global.terms.size() && global.terms[g] < a.terms[t]) ++g;
    if (g == global.terms.size() || global.terms[g] != a.terms[t])
      throw invalid_argument(
          "scoutmatch.stats.1",
          "the corpus statistics do not cover the shard: term \"" + a.terms[t] + "\" is missing");
    c.all.df[t] = global.df_all[g];
    c.supply.df[t] = global.df_supply[g];
  }
  c.vocabulary = Vocabulary(std::move(a.terms), std::move(a.surfaces));
  c.all.fields = space_fields(Space::all);
  c.all.avg_len = global.all.avg_len(options, c.all.fields);
  c.supply.fields = space_fields(Space::supply);
  c.supply.avg_len = global.supply.avg_len(options, c.supply.fields);
  finish_vectors(docs, c, options, false, global.docs);
  return c;
}

CorpusStatistics CorpusStatistics::of(const std::vector<Profile>& profiles,
                                      const Analyzer& analyzer, const Bm25Options& options) {
  options.validate();
  AnalysedCorpus a = analyse_corpus(profiles, analyzer);
  CorpusStatistics st;
  st.analyzer = analyzer.options();
  st.bm25 = options;
  st.docs = profiles.size();
  const FieldMask all = space_fields(Space::all), supply = space_fields(Space::supply);
  st.all = space_statistics(a.docs, all, options);
  st.supply = space_statistics(a.docs, supply, options);
  st.df_all.assign(a.terms.size(), 0);
  st.df_supply.assign(a.terms.size(), 0);
  for (const AnalysedDoc& d : a.docs)
    for_each_term(d.terms, [&](TermId t, const FieldCounts& tf) {
      st.df_all[t] += weighted(tf, all, options) > 0;
      st.df_supply[t] += weighted(tf, supply, options) > 0;
    });
  st.terms = std::move(a.terms);
  return st;
}

void CorpusStatistics::validate() const {
  if (df_all.size() != terms.size() || df_supply.size() != terms.size())
    throw invalid_argument("scoutmatch.stats.3", "corpus statistics: one df per term expected");
  for (std::size_t t = 0; t < terms.size(); ++t) {
    if (t > 0 && !(terms[t - 1] < terms[t]))
      throw invalid_argument("scoutmatch.stats.3",
                             "corpus statistics: terms must be ascending and unique");
    if (df_all[t] > docs || df_supply[t] > docs)
      throw invalid_argument("scoutmatch.stats.3",
                             "corpus statistics: a document frequency exceeds the documents");
  }
  if (all.nonempty > docs || supply.nonempty > docs)
    throw invalid_argument("scoutmatch.stats.3",
                           "corpus statistics: more non-empty profiles than profiles");
}

void CorpusStatistics::merge(const CorpusStatistics& other) {
  if (!same_options(analyzer, other.analyzer) || !same_options(bm25, other.bm25))
    throw invalid_argument("scoutmatch.stats.2",
                           "cannot merge corpus statistics computed with different options");
  docs += other.docs;
  for (auto [mine, theirs] : {std::pair{&all, &other.all}, std::pair{&supply, &other.supply}}) {
    mine->nonempty += theirs->nonempty;
    for (std::size_t f = 0; f < field_count; ++f) mine->tokens[f] += theirs->tokens[f];
  }
  std::vector<std::string> t;
  std::vector<std::uint32_t> da, ds;
  t.reserve(terms.size() + other.terms.size());
  da.reserve(t.capacity());
  ds.reserve(t.capacity());
  std::size_t i = 0, j = 0;
  while (i < terms.size() || j < other.terms.size()) {
    if (j == other.terms.size() || (i < terms.size() && terms[i] < other.terms[j])) {
      t.push_back(std::move(terms[i]));
      da.push_back(df_all[i]);
      ds.push_back(df_supply[i]);
      ++i;
    } else if (i == terms.size() || other.terms[j] < terms[i]) {
      t.push_back(other.terms[j]);
      da.push_back(other.df_all[j]);
      ds.push_back(other.df_supply[j]);
      ++j;
    } else {
      t.push_back(std::move(terms[i]));
      da.push_back(df_all[i] + other.df_all[j]);
      ds.push_back(df_supply[i] + other.df_supply[j]);
      ++i, ++j;
    }
  }
  terms = std::move(t);
  df_all = std::move(da);
  df_supply = std::move(ds);
}

QueryVector text_query(std::string_view text, Language lang, const CorpusVectors& corpus,
                       Space space, const Analyzer& analyzer, const Bm25Options& options) {
  // Per-thread scratch: a query allocates only its result.
  struct Scratch {
    std::vector<Token> tokens;
    std::vector<TermId> ids[2];                            // known terms, then sorted
    std::vector<std::pair<TermId, std::uint32_t>> tf[2];  // (term, count), ascending term
    std::vector<std::pair<TermId, std::uint32_t>> merged;  // both languages
  };
  static thread_local Scratch sc;
  // Term counts (ascending term) of the text analysed in one language; the number of tokens.
  auto count = [&](Language l, std::size_t slot) {
    sc.tokens.clear();
    analyzer.analyze(text, l, sc.tokens);
    std::vector<TermId>& ids = sc.ids[slot];
    ids.clear();
    for (const Token& t : sc.tokens)
      if (auto id = corpus.vocabulary.find(t.term)) ids.push_back(*id);
    std::sort(ids.begin(), ids.end());
    auto& tf = sc.tf[slot];
    tf.clear();
    for (TermId id : ids)
      if (!tf.empty() && tf.back().first == id)
        ++tf.back().second;
      else
        tf.emplace_back(id, 1);
    return sc.tokens.size();
  };
  std::size_t n_tokens = 0;
  std::vector<std::pair<TermId, std::uint32_t>>* tf = &sc.tf[0];
  if (lang != Language::unknown) {
    n_tokens = count(lang, 0);
  } else {
    // A short query rarely tells its language: analyse it as German and as English, and
    // let each term count with the larger of its two frequencies.
    n_tokens = count(Language::de, 0);
    n_tokens = std::max(n_tokens, count(Language::en, 1));
    const auto& de = sc.tf[0];
    const auto& en = sc.tf[1];
    auto& merged = sc.merged;
    merged.clear();
    std::size_t i = 0, j = 0;
    while (i < de.size() || j < en.size()) {
      if (j == en.size() || (i < de.size() && de[i].first < en[j].first)) {
        merged.push_back(de[i++]);
      } else if (i == de.size() || en[j].first < de[i].first) {
        merged.push_back(en[j++]);
      } else {
        merged.emplace_back(de[i].first, std::max(de[i].second, en[j].second));
        ++i, ++j;
      }
    }
    tf = &merged;
  }
  const double w = options.field_weights[static_cast<std::size_t>(Field::text)] > 0
                       ? options.field_weights[static_cast<std::size_t>(Field::text)]
                       : 1.0;
  const double len = w * static_cast<double>(n_tokens);
  const SpaceVectors& s = corpus.space(space);
  QueryVector q;
  q.terms.reserve(tf->size());
  q.weights.reserve(tf->size());
  for (auto [term, count] : *tf) {
    if (s.df[term] == 0) continue;  // the term is not in this space's fields
    q.terms.push_back(term);
    q.weights.push_back(
        static_cast<float>(bm25_saturate(w * count, len, s.avg_len, options.k1, options.b)));
  }
  return q;
}

QueryVector row_query(const SparseVectors& sparse, std::size_t row) {
  const SparseRow r = sparse.row(row);
  return {{r.terms.begin(), r.terms.end()}, {r.values.begin(), r.values.end()}};
}

}  // namespace scoutmatch
