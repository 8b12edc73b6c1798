#include "scoutmatch/vectorize/vectorizer.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <map>
#include <string_view>
#include <string>
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
double weighted(const Counts& v, FieldMask mask,
                const Bm25Options& o) {
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

// Fills `out` with one row per document: the terms with non-zero weighted tf in `mask`,
// saturated against `avg_len` (computed here from the docs when `avg_len` is 0).
// Returns the avg_len used; fills `df` when non-null.
double build_rows(const std::vector<AnalysedDoc>& docs, FieldMask mask,
                  const Bm25Options& o, double avg_len, SparseVectors& out,
                  std::vector<std::uint32_t>* df, std::size_t n_terms) {
  const std::size_t n = docs.size();
  std::vector<double> len(n);
  std::vector<std::uint64_t> count(n);
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t d) {
    len[d] = weighted(docs[d].len, mask, o);
    std::uint64_t c = 0;
    for (const DocTerm& t : docs[d].terms) c += weighted(t.tf, mask, o) > 0;
    count[d] = c;
  });
  if (avg_len <= 0) {
    double sum = 0;
    std::size_t nonempty = 0;
    for (double l : len)
      if (l > 0) sum += l, ++nonempty;
    avg_len = nonempty ? sum / static_cast<double>(nonempty) : 1.0;
  }
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

}  // namespace

void Bm25Options::validate() const {
  if (!(k1 > 0 && k1 <= 100))
    throw invalid_argument("scoutmatch.options.bm25.1", "k1 must be in (0, 100], got " + std::to_string(k1));
  if (!(b >= 0 && b <= 1))
    throw invalid_argument("scoutmatch.options.bm25.2", "b must be in [0, 1], got " + std::to_string(b));
  for (std::size_t f = 0; f < field_count; ++f)
    if (!(field_weights[f] >= 0 && field_weights[f] <= 1000))
      throw invalid_argument("scoutmatch.options.bm25.3",
                             "field weight of \"" + std::string(to_string(static_cast<Field>(f))) +
                                 "\" must be in [0, 1000], got " + std::to_string(field_weights[f]));
}

CorpusVectors vectorize(const std::vector<Profile>& profiles, const Analyzer& analyzer,
                        const Bm25Options& options) {
  options.validate();
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
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return distinct[a] < distinct[b]; });
  std::vector<TermId> final_id(distinct.size());
  for (std::uint32_t r = 0; r < order.size(); ++r) final_id[order[r]] = r;
  std::vector<std::vector<std::pair<std::string, std::uint32_t>>> forms(distinct.size());
  for (std::size_t c = 0; c < chunks.size(); ++c)
    for (std::size_t l = 0; l < chunks[c].terms.size(); ++l)
      for (const auto& [form, count] : chunks[c].surfaces[l]) count_surface(forms[final_id[to_merged[c][l]]], form, count);
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

  CorpusVectors c;
  c.vocabulary = Vocabulary(std::move(terms), std::move(best));
  const std::size_t v = c.vocabulary.size();
  c.all.fields = space_fields(Space::all);
  c.all.avg_len = build_rows(docs, c.all.fields, options, 0, c.all.sat, &c.all.df, v);
  finish_space(c.all, n);
  c.supply.fields = space_fields(Space::supply);
  c.supply.avg_len =
      build_rows(docs, c.supply.fields, options, 0, c.supply.sat, &c.supply.df, v);
  finish_space(c.supply, n);
  build_rows(docs, field_bit(Field::needs), options, c.supply.avg_len, c.needs, nullptr, v);
  c.languages.resize(n);
  for (std::size_t d = 0; d < n; ++d) c.languages[d] = docs[d].lang;
  return c;
}

QueryVector text_query(std::string_view text, Language lang, const CorpusVectors& corpus,
                       Space space, const Analyzer& analyzer, const Bm25Options& options) {
  if (lang == Language::unknown) lang = analyzer.detect_language(text);
  const std::vector<Token> tokens = analyzer.analyze(text, lang);
  std::map<TermId, std::uint32_t> tf;
  for (const Token& t : tokens)
    if (auto id = corpus.vocabulary.find(t.term)) ++tf[*id];
  const double w = options.field_weights[static_cast<std::size_t>(Field::text)] > 0
                       ? options.field_weights[static_cast<std::size_t>(Field::text)]
                       : 1.0;
  const double len = w * static_cast<double>(tokens.size());
  const SpaceVectors& s = corpus.space(space);
  QueryVector q;
  for (auto [term, count] : tf) {
    if (s.df[term] == 0) continue;  // the term is not in this space's fields
    q.terms.push_back(term);
    q.weights.push_back(static_cast<float>(bm25_saturate(w * count, len, s.avg_len, options.k1, options.b)));
  }
  return q;
}

QueryVector row_query(const SparseVectors& sparse, std::size_t row) {
  const SparseRow r = sparse.row(row);
  return {{r.terms.begin(), r.terms.end()}, {r.values.begin(), r.values.end()}};
}

}  // namespace scoutmatch
