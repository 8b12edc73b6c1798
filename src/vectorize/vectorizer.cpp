#include "scoutmatch/vectorize/vectorizer.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <map>
#include <string>
#include <unordered_map>

#include "scoutmatch/error.hpp"

namespace scoutmatch {
namespace {

// The analysis of one profile: per distinct term its per-field frequencies and the first
// surface form it had; and the length of each field in tokens.
struct DocTerm {
  std::string term;
  std::string surface;
  std::array<std::uint32_t, field_count> tf{};
};
struct AnalysedDoc {
  std::vector<DocTerm> terms;  // sorted by term
  std::array<std::uint32_t, field_count> len{};
  Language lang = Language::unknown;
};

AnalysedDoc analyse_profile(const Profile& p, const Analyzer& analyzer) {
  AnalysedDoc doc;
  doc.lang = p.lang;
  if (doc.lang == Language::unknown) {
    std::string all = p.text;
    for (const std::string* s : {&p.competences, &p.offers, &p.needs}) {
      all += '\n';
      all += *s;
    }
    doc.lang = analyzer.detect_language(all);
  }
  std::unordered_map<std::string, std::size_t> pos;
  std::vector<Token> tokens;
  for (std::size_t f = 0; f < field_count; ++f) {
    tokens.clear();
    analyzer.analyze(p.field_text(static_cast<Field>(f)), doc.lang, tokens);
    doc.len[f] = static_cast<std::uint32_t>(tokens.size());
    for (Token& t : tokens) {
      auto [it, fresh] = pos.try_emplace(t.term, doc.terms.size());
      if (fresh) doc.terms.push_back({std::move(t.term), std::move(t.surface), {}});
      ++doc.terms[it->second].tf[f];
    }
  }
  std::sort(doc.terms.begin(), doc.terms.end(),
            [](const DocTerm& a, const DocTerm& b) { return a.term < b.term; });
  return doc;
}

double weighted(const std::array<std::uint32_t, field_count>& v, FieldMask mask,
                const Bm25Options& o) {
  double s = 0;
  for (std::size_t f = 0; f < field_count; ++f)
    if (mask & (1u << f)) s += o.field_weights[f] * v[f];
  return s;
}

FieldMask present(const std::array<std::uint32_t, field_count>& v, FieldMask mask) {
  FieldMask m = 0;
  for (std::size_t f = 0; f < field_count; ++f)
    if ((mask & (1u << f)) && v[f] > 0) m |= static_cast<FieldMask>(1u << f);
  return m;
}

// Fills `out` with one row per document: the terms with non-zero weighted tf in `mask`,
// saturated against `avg_len` (computed here from the docs when `avg_len` is 0).
// Returns the avg_len used; fills `df` when non-null.
double build_rows(const std::vector<AnalysedDoc>& docs,
                  const std::vector<std::vector<TermId>>& ids, FieldMask mask,
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
    for (std::size_t i = 0; i < docs[d].terms.size(); ++i) {
      const DocTerm& t = docs[d].terms[i];
      const double tf = weighted(t.tf, mask, o);
      if (tf <= 0) continue;
      out.terms[k] = ids[d][i];
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
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 16), [&](const auto& r) {
    for (std::size_t d = r.begin(); d != r.end(); ++d) docs[d] = analyse_profile(profiles[d], analyzer);
  });

  // Vocabulary: every distinct term, ascending, with its most frequent surface form
  // (ties: the smallest string, so builds are deterministic).
  std::map<std::string, std::map<std::string, std::uint32_t>, std::less<>> surfaces;
  for (const AnalysedDoc& doc : docs)
    for (const DocTerm& t : doc.terms) ++surfaces[t.term][t.surface];
  std::vector<std::string> terms, best;
  terms.reserve(surfaces.size());
  best.reserve(surfaces.size());
  for (auto& [term, forms] : surfaces) {
    terms.push_back(term);
    auto top = std::max_element(forms.begin(), forms.end(), [](const auto& a, const auto& b) {
      return a.second < b.second || (a.second == b.second && a.first > b.first);
    });
    best.push_back(top->first);
  }
  surfaces.clear();

  CorpusVectors c;
  c.vocabulary = Vocabulary(std::move(terms), std::move(best));
  std::vector<std::vector<TermId>> ids(n);
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t d) {
    ids[d].reserve(docs[d].terms.size());
    for (const DocTerm& t : docs[d].terms) ids[d].push_back(*c.vocabulary.find(t.term));
  });
  const std::size_t v = c.vocabulary.size();
  c.all.fields = space_fields(Space::all);
  c.all.avg_len = build_rows(docs, ids, c.all.fields, options, 0, c.all.sat, &c.all.df, v);
  finish_space(c.all, n);
  c.supply.fields = space_fields(Space::supply);
  c.supply.avg_len =
      build_rows(docs, ids, c.supply.fields, options, 0, c.supply.sat, &c.supply.df, v);
  finish_space(c.supply, n);
  build_rows(docs, ids, field_bit(Field::needs), options, c.supply.avg_len, c.needs, nullptr, v);
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
