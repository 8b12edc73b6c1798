#include "scoutmatch/vectorize/vectorizer.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>

#include "scoutmatch/error.hpp"

namespace scoutmatch {
namespace {

// Profiles are analysed in chunks, in parallel. Each chunk keeps its own vocabulary
// (term -> local id) and surface-form counts, so the threads share nothing; the chunk
// vocabularies are merged once at the end. A document keeps compact entries (term id and
// 16-bit per-field counts), not strings.
using FieldCounts = std::array<std::uint16_t, field_count>;
struct DocTerm {
  TermId term = 0;  // chunk-local id, then global id after the merge
  FieldCounts tf{};
};
struct AnalysedDoc {
  std::vector<DocTerm> terms;  // sorted by global id after the merge
  std::array<std::uint32_t, field_count> len{};
  Language lang = Language::unknown;
};
struct Chunk {
  std::unordered_map<std::string, TermId> ids;
  std::vector<std::string> terms;
  // Surface forms seen per local term with their counts (usually one or two).
  std::vector<std::vector<std::pair<std::string, std::uint32_t>>> surfaces;
};

void count_surface(std::vector<std::pair<std::string, std::uint32_t>>& forms, std::string_view s,
                   std::uint32_t n) {
  for (auto& [form, count] : forms)
    if (form == s) {
      count += n;
      return;
    }
  forms.emplace_back(std::string(s), n);
}

void analyse_profile(const Profile& p, const Analyzer& analyzer, Chunk& chunk, AnalysedDoc& doc,
                     std::vector<Token>& tokens, std::unordered_map<TermId, std::size_t>& pos) {
  doc.lang = p.lang;
  if (doc.lang == Language::unknown) {
    std::string all = p.text;
    for (const std::string* s : {&p.competences, &p.offers, &p.needs}) {
      all += '\n';
      all += *s;
    }
    doc.lang = analyzer.detect_language(all);
  }
  pos.clear();
  for (std::size_t f = 0; f < field_count; ++f) {
    tokens.clear();
    if (static_cast<Field>(f) == Field::keywords) {
      for (const std::string& k : p.keywords) analyzer.analyze(k, doc.lang, tokens);
    } else {
      analyzer.analyze(p.field_text(static_cast<Field>(f)), doc.lang, tokens);
    }
    doc.len[f] = static_cast<std::uint32_t>(tokens.size());
    for (Token& t : tokens) {
      auto [it, fresh] = chunk.ids.try_emplace(t.term, static_cast<TermId>(chunk.terms.size()));
      if (fresh) {
        chunk.terms.push_back(it->first);
        chunk.surfaces.emplace_back();
      }
      const TermId local = it->second;
      count_surface(chunk.surfaces[local], t.surface, 1);
      auto [at, added] = pos.try_emplace(local, doc.terms.size());
      if (added) doc.terms.push_back({local, {}});
      auto& c = doc.terms[at->second].tf[f];
      if (c < 0xffff) ++c;
    }
  }
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

// Fills `out` with one row per document: the terms with non-zero weighted tf in `mask`,
// saturated against `avg_len` (> 0). Returns the avg_len used; fills `df` when non-null.
double build_rows(const std::vector<AnalysedDoc>& docs, FieldMask mask, const Bm25Options& o,
                  double avg_len, SparseVectors& out, std::vector<std::uint32_t>* df,
                  std::size_t n_terms) {
  const std::size_t n = docs.size();
  std::vector<double> len(n);
  std::vector<std::uint64_t> count(n);
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t d) {
    len[d] = weighted(docs[d].len, mask, o);
    std::uint64_t c = 0;
    for (const DocTerm& t : docs[d].terms) c += weighted(t.tf, mask, o) > 0;
    count[d] = c;
  });
  if (avg_len <= 0) avg_len = space_statistics(docs, mask, o).avg_len(o, mask);
  out.offsets.assign(n + 1, 0);
  for (std::size_t d = 0; d < n; ++d) out.offsets[d + 1] = out.offsets[d] + count[d];
  const std::size_t nnz = out.offsets[n];
  out.terms.resize(nnz);
  out.values.resize(nnz);
  out.fields.resize(nnz);
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t d) {
    std::uint64_t k = out.offsets[d];
    for (const DocTerm& t : docs[d].terms) {
      const double tf = weighted(t.tf, mask, o);
      if (tf <= 0) continue;
      out.terms[k] = t.term;
      out.values[k] = static_cast<float>(bm25_saturate(tf, len[d], avg_len, o.k1, o.b));
      out.fields[k] = present(t.tf, mask);
      ++k;
    }
  });
  if (df) {
    df->assign(n_terms, 0);
    for (TermId t : out.terms) ++(*df)[t];
  }
  return avg_len;
}

void finish_space(SpaceVectors& s, std::size_t n_docs) {
  s.idf.resize(s.df.size());
  for (std::size_t t = 0; t < s.df.size(); ++t)
    s.idf[t] = static_cast<float>(bm25_idf(s.df[t], n_docs));
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

AnalysedCorpus analyse_corpus(const std::vector<Profile>& profiles, const Analyzer& analyzer) {
  const std::size_t n = profiles.size();
  std::vector<AnalysedDoc> docs(n);
  constexpr std::size_t chunk_docs = 256;
  std::vector<Chunk> chunks((n + chunk_docs - 1) / chunk_docs);
  tbb::parallel_for(std::size_t{0}, chunks.size(), [&](std::size_t c) {
    std::vector<Token> tokens;
    std::unordered_map<TermId, std::size_t> pos;
    for (std::size_t d = c * chunk_docs; d < std::min(n, (c + 1) * chunk_docs); ++d)
      analyse_profile(profiles[d], analyzer, chunks[c], docs[d], tokens, pos);
  });

  // Merge the chunk vocabularies: every distinct term, ascending, with its most frequent
  // surface form (ties: the smallest string, so builds are deterministic).
  std::unordered_map<std::string_view, std::uint32_t> merged;
  std::vector<std::string_view> distinct;
  std::vector<std::vector<std::uint32_t>> to_merged(chunks.size());
  for (std::size_t c = 0; c < chunks.size(); ++c) {
    to_merged[c].reserve(chunks[c].terms.size());
    for (const std::string& t : chunks[c].terms) {
      auto [it, fresh] = merged.try_emplace(t, static_cast<std::uint32_t>(distinct.size()));
      if (fresh) distinct.push_back(t);
      to_merged[c].push_back(it->second);
    }
  }
  std::vector<std::uint32_t> order(distinct.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return distinct[a] < distinct[b]; });
  std::vector<TermId> final_id(distinct.size());
  for (std::uint32_t r = 0; r < order.size(); ++r) final_id[order[r]] = r;
  std::vector<std::vector<std::pair<std::string, std::uint32_t>>> forms(distinct.size());
  for (std::size_t c = 0; c < chunks.size(); ++c)
    for (std::size_t l = 0; l < chunks[c].terms.size(); ++l)
      for (const auto& [form, count] : chunks[c].surfaces[l])
        count_surface(forms[final_id[to_merged[c][l]]], form, count);
  std::vector<std::string> terms, best;
  terms.reserve(distinct.size());
  best.reserve(distinct.size());
  for (std::uint32_t r = 0; r < order.size(); ++r) {
    terms.emplace_back(distinct[order[r]]);
    auto top = std::max_element(forms[r].begin(), forms[r].end(), [](const auto& a, const auto& b) {
      return a.second < b.second || (a.second == b.second && a.first > b.first);
    });
    best.push_back(top->first);
  }
  forms.clear();
  merged.clear();
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t d) {
    const auto& map = to_merged[d / chunk_docs];
    for (DocTerm& t : docs[d].terms) t.term = final_id[map[t.term]];
    std::sort(docs[d].terms.begin(), docs[d].terms.end(),
              [](const DocTerm& a, const DocTerm& b) { return a.term < b.term; });
  });
  chunks.clear();
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
  const std::size_t v = c.vocabulary.size();
  c.all.fields = space_fields(Space::all);
  c.all.avg_len = build_rows(docs, c.all.fields, options, 0, c.all.sat, &c.all.df, v);
  finish_space(c.all, n);
  c.supply.fields = space_fields(Space::supply);
  c.supply.avg_len = build_rows(docs, c.supply.fields, options, 0, c.supply.sat, &c.supply.df, v);
  finish_space(c.supply, n);
  build_rows(docs, field_bit(Field::needs), options, c.supply.avg_len, c.needs, nullptr, v);
  c.languages.resize(n);
  for (std::size_t d = 0; d < n; ++d) c.languages[d] = docs[d].lang;
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
  build_rows(docs, c.all.fields, options, c.all.avg_len, c.all.sat, nullptr, v);
  finish_space(c.all, global.docs);
  c.supply.fields = space_fields(Space::supply);
  c.supply.avg_len = global.supply.avg_len(options, c.supply.fields);
  build_rows(docs, c.supply.fields, options, c.supply.avg_len, c.supply.sat, nullptr, v);
  finish_space(c.supply, global.docs);
  build_rows(docs, field_bit(Field::needs), options, c.supply.avg_len, c.needs, nullptr, v);
  c.languages.resize(n);
  for (std::size_t d = 0; d < n; ++d) c.languages[d] = docs[d].lang;
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
    for (const DocTerm& t : d.terms) {
      st.df_all[t.term] += weighted(t.tf, all, options) > 0;
      st.df_supply[t.term] += weighted(t.tf, supply, options) > 0;
    }
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
  // Term counts of the text analysed in one language; the number of tokens.
  auto count = [&](Language l, std::map<TermId, std::uint32_t>& tf) {
    const std::vector<Token> tokens = analyzer.analyze(text, l);
    for (const Token& t : tokens)
      if (auto id = corpus.vocabulary.find(t.term)) ++tf[*id];
    return tokens.size();
  };
  std::map<TermId, std::uint32_t> tf;
  std::size_t n_tokens = 0;
  if (lang != Language::unknown) {
    n_tokens = count(lang, tf);
  } else {
    // A short query rarely tells its language: analyse it as German and as English, and
    // let each term count with the larger of its two frequencies.
    std::map<TermId, std::uint32_t> en;
    n_tokens = std::max(count(Language::de, tf), count(Language::en, en));
    for (auto [term, c] : en) tf[term] = std::max(tf[term], c);
  }
  const double w = options.field_weights[static_cast<std::size_t>(Field::text)] > 0
                       ? options.field_weights[static_cast<std::size_t>(Field::text)]
                       : 1.0;
  const double len = w * static_cast<double>(n_tokens);
  const SpaceVectors& s = corpus.space(space);
  QueryVector q;
  for (auto [term, count] : tf) {
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
