// Index::save / Index::load: a versioned, checksummed header around a Boost.Serialization
// binary archive. See include/scoutmatch/io/index_file.hpp for the layout.
#include "scoutmatch/io/index_file.hpp"
#include "scoutmatch/vectorize/lsa.hpp"

#include <xxhash.h>
#include <boost/archive/archive_exception.hpp>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <type_traits>

#include "io/detail/index_codec.hpp"
#include "scoutmatch/detail/index_state.hpp"
#include "scoutmatch/error.hpp"
#include "scoutmatch/io/atomic_file.hpp"

namespace scoutmatch {
namespace {

constexpr unsigned archive_flags = boost::archive::no_header | boost::archive::no_tracking;

// The payload is written and read through these two classes: fixed-size values as raw
// bytes, strings and vectors as a 64-bit count followed by raw bytes. Every count read
// from a file is checked against the bytes left in the payload before anything is
// allocated, so a damaged or crafted file cannot ask for a huge allocation.
class Out {
 public:
  explicit Out(boost::archive::binary_oarchive& ar) : ar_(ar) {}
  template <class T>
  void pod(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    ar_.save_binary(&v, sizeof v);
  }
  template <class T>
  void vec(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    pod(static_cast<std::uint64_t>(v.size()));
    if (!v.empty()) ar_.save_binary(v.data(), v.size() * sizeof(T));
  }
  void str(const std::string& s) {
    pod(static_cast<std::uint64_t>(s.size()));
    if (!s.empty()) ar_.save_binary(s.data(), s.size());
  }
  void strs(const std::vector<std::string>& v) {
    pod(static_cast<std::uint64_t>(v.size()));
    for (const std::string& s : v) str(s);
  }
  template <class T>
  void opt(const std::optional<T>& v) {
    pod(static_cast<std::uint8_t>(v.has_value()));
    if (v) pod(*v);
  }

 private:
  boost::archive::binary_oarchive& ar_;
};

class In {
 public:
  In(boost::archive::binary_iarchive& ar, std::uint64_t payload_bytes, const std::string& path)
      : ar_(ar), left_(payload_bytes), path_(path) {}
  template <class T>
  void pod(T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    if constexpr (std::is_same_v<T, bool>) {
      // A bool is written as one byte 0 or 1; any other byte read straight into a bool
      // would be undefined behaviour (found by fuzz/fuzz_index_load).
      std::uint8_t byte = 0;
      pod(byte);
      if (byte > 1) corrupt("a flag that is neither 0 nor 1");
      v = byte == 1;
    } else {
      take(sizeof v);
      ar_.load_binary(&v, sizeof v);
    }
  }
  template <class T>
  void vec(std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    const std::uint64_t n = count(sizeof(T));
    v.resize(n);
    take(n * sizeof(T));
    if (n) ar_.load_binary(v.data(), n * sizeof(T));
  }
  void str(std::string& s) {
    const std::uint64_t n = count(1);
    s.resize(n);
    take(n);
    if (n) ar_.load_binary(s.data(), n);
  }
  void strs(std::vector<std::string>& v) {
    const std::uint64_t n = count(sizeof(std::uint64_t));  // every string has a count
    v.resize(n);
    for (std::string& s : v) str(s);
  }
  template <class T>
  void opt(std::optional<T>& v) {
    std::uint8_t has = 0;
    pod(has);
    if (has > 1) corrupt("optional flag");
    if (has) {
      T x{};
      pod(x);
      v = x;
    } else {
      v.reset();
    }
  }
  [[noreturn]] void corrupt(const std::string& what) const {
    throw format_error("scoutmatch.io.format.6",
                       path_ + ": the index is inconsistent (" + what + ")");
  }

 private:
  // A count of items of `item_bytes` each, bounded by the bytes left.
  std::uint64_t count(std::uint64_t item_bytes) {
    std::uint64_t n = 0;
    pod(n);
    if (n > left_ / std::max<std::uint64_t>(item_bytes, 1))
      corrupt("a length beyond the end of the payload");
    return n;
  }
  void take(std::uint64_t bytes) {
    if (bytes > left_) corrupt("data beyond the end of the payload");
    left_ -= bytes;
  }
  boost::archive::binary_iarchive& ar_;
  std::uint64_t left_;
  const std::string& path_;
};

// One function per direction, kept side by side: a field added to one must be added to
// the other (the round-trip test catches a mismatch).
void put(boost::archive::binary_oarchive& archive, const Index::State& s) {
  Out ar(archive);
  const AnalyzerOptions& a = s.options.analyzer;
  ar.pod(a.stop_words), ar.pod(a.stem), ar.pod(a.decompound);
  ar.pod(static_cast<std::uint64_t>(a.min_part)), ar.pod(static_cast<std::uint64_t>(a.max_token));
  const Bm25Options& b = s.options.bm25;
  ar.pod(b.k1), ar.pod(b.b);
  for (double w : b.field_weights) ar.pod(w);
  ar.pod(s.options.dense_weight);
  ar.pod(static_cast<std::uint64_t>(s.options.max_k));
  ar.vec(std::vector<double>(s.options.weights.values.begin(), s.options.weights.values.end()));
  ar.pod(static_cast<std::uint64_t>(s.options.semantic_dims));
  ar.pod(static_cast<std::uint64_t>(s.profiles.size()));
  for (const Profile& p : s.profiles) {
    ar.str(p.id);
    ar.pod(static_cast<std::uint8_t>(p.kind));
    for (const std::string* t : {&p.name, &p.text, &p.competences, &p.offers, &p.needs}) ar.str(*t);
    ar.strs(p.keywords);
    ar.pod(static_cast<std::uint8_t>(p.lang));
    for (const std::string* t : {&p.country, &p.region, &p.city}) ar.str(*t);
    ar.opt(p.lat), ar.opt(p.lon), ar.opt(p.sme);
    ar.vec(p.embedding);
    ar.strs(p.projects), ar.strs(p.partners);
  }
  ar.strs(s.vectors.vocabulary.terms());
  ar.strs(s.vectors.vocabulary.surfaces());
  auto put_sparse = [&](const SparseVectors& v) {
    ar.vec(v.offsets), ar.vec(v.terms), ar.vec(v.values), ar.vec(v.fields);
  };
  for (const SpaceVectors* sp : {&s.vectors.all, &s.vectors.supply}) {
    ar.pod(sp->fields);
    put_sparse(sp->sat);
    ar.vec(sp->df), ar.vec(sp->idf), ar.pod(sp->avg_len);
  }
  put_sparse(s.vectors.needs);
  std::vector<std::uint8_t> langs;
  for (Language l : s.vectors.languages) langs.push_back(static_cast<std::uint8_t>(l));
  ar.vec(langs);
}

[[noreturn]] void corrupt(const std::string& path, const std::string& what) {
  throw format_error("scoutmatch.io.format.6", path + ": the index is inconsistent (" + what + ")");
}

void check_sparse(const SparseVectors& v, std::size_t rows, std::size_t n_terms,
                  const std::string& path) {
  if (v.offsets.size() != rows + 1 || v.offsets.front() != 0) corrupt(path, "row count");
  for (std::size_t r = 0; r < rows; ++r)
    if (v.offsets[r + 1] < v.offsets[r]) corrupt(path, "row offsets");
  if (v.offsets.back() != v.terms.size() || v.terms.size() != v.values.size() ||
      v.terms.size() != v.fields.size())
    corrupt(path, "entry count");
  for (std::size_t r = 0; r < rows; ++r)
    for (std::uint64_t i = v.offsets[r]; i < v.offsets[r + 1]; ++i)
      if (v.terms[i] >= n_terms || (i > v.offsets[r] && v.terms[i] <= v.terms[i - 1]))
        corrupt(path, "term ids");
}

std::shared_ptr<const Index::State> get(boost::archive::binary_iarchive& archive,
                                        std::uint64_t payload_bytes, const std::string& path,
                                        std::uint32_t version) {
  In ar(archive, payload_bytes, path);
  IndexOptions o;
  AnalyzerOptions& a = o.analyzer;
  ar.pod(a.stop_words), ar.pod(a.stem), ar.pod(a.decompound);
  std::uint64_t min_part = 0, max_token = 0;
  ar.pod(min_part), ar.pod(max_token);
  a.min_part = static_cast<std::size_t>(min_part);
  a.max_token = static_cast<std::size_t>(max_token);
  Bm25Options& b = o.bm25;
  ar.pod(b.k1), ar.pod(b.b);
  for (double& w : b.field_weights) ar.pod(w);
  ar.pod(o.dense_weight);
  std::uint64_t max_k = 0;
  ar.pod(max_k);
  o.max_k = static_cast<std::size_t>(std::min<std::uint64_t>(max_k, scoutmatch::max_k + 1));
  if (version >= 2) {
    // Version 2: signal weights (a count, then one double per signal known to the writer;
    // signals this build does not know are dropped, ones the writer did not know keep
    // their default), and each profile's projects and partners.
    std::vector<double> w;
    ar.vec(w);
    for (std::size_t i = 0; i < w.size() && i < signal_count; ++i) o.weights.values[i] = w[i];
  }  // version 1 predates the signal model: default weights (without a graph: text alone)
  if (version >= 3) {  // Version 3: the LSA dimensions (0 = none)
    std::uint64_t dims = 0;
    ar.pod(dims);
    o.semantic_dims = static_cast<std::size_t>(std::min<std::uint64_t>(dims, lsa_max_dims + 1));
  }
  try {
    o.validate();
  } catch (const error& e) {
    corrupt(path, e.what());
  }
  std::uint64_t n = 0;
  ar.pod(n);
  if (n > payload_bytes / 16) corrupt(path, "profile count");
  std::vector<Profile> profiles(static_cast<std::size_t>(n));
  for (Profile& p : profiles) {
    std::uint8_t kind = 0, lang = 0;
    ar.str(p.id);
    ar.pod(kind);
    for (std::string* t : {&p.name, &p.text, &p.competences, &p.offers, &p.needs}) ar.str(*t);
    ar.strs(p.keywords);
    ar.pod(lang);
    for (std::string* t : {&p.country, &p.region, &p.city}) ar.str(*t);
    ar.opt(p.lat), ar.opt(p.lon), ar.opt(p.sme);
    ar.vec(p.embedding);
    if (version >= 2) ar.strs(p.projects), ar.strs(p.partners);
    if (kind >= kind_count || lang > 2) corrupt(path, "kind or language");
    p.kind = static_cast<Kind>(kind);
    p.lang = static_cast<Language>(lang);
  }
  CorpusVectors c;
  std::vector<std::string> terms, surfaces;
  ar.strs(terms);
  ar.strs(surfaces);
  if (terms.size() != surfaces.size() || !std::is_sorted(terms.begin(), terms.end()) ||
      std::adjacent_find(terms.begin(), terms.end()) != terms.end())
    corrupt(path, "vocabulary");
  c.vocabulary = Vocabulary(std::move(terms), std::move(surfaces));
  const std::size_t v = c.vocabulary.size();
  auto get_sparse = [&](SparseVectors& s) {
    ar.vec(s.offsets), ar.vec(s.terms), ar.vec(s.values), ar.vec(s.fields);
  };
  for (SpaceVectors* sp : {&c.all, &c.supply}) {
    ar.pod(sp->fields);
    get_sparse(sp->sat);
    ar.vec(sp->df), ar.vec(sp->idf), ar.pod(sp->avg_len);
    check_sparse(sp->sat, n, v, path);
    if (sp->df.size() != v || sp->idf.size() != v || !(sp->avg_len > 0))
      corrupt(path, "term statistics");
  }
  get_sparse(c.needs);
  check_sparse(c.needs, n, v, path);
  std::vector<std::uint8_t> langs;
  ar.vec(langs);
  if (langs.size() != n) corrupt(path, "languages");
  for (std::uint8_t l : langs) {
    if (l > 2) corrupt(path, "languages");
    c.languages.push_back(static_cast<Language>(l));
  }
  try {
    return std::make_shared<const Index::State>(std::move(o), std::move(profiles), std::move(c));
  } catch (const error& e) {
    corrupt(path, e.what());
  }
}

void put_u32(std::string& s, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put_u64(std::string& s, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
std::uint64_t get_le(const char* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i)
    v |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}

std::string errno_text() {
  return std::strerror(errno);
}

}  // namespace

namespace io_detail {

std::string encode_index_payload(const Index::State& state) {
  std::ostringstream buf(std::ios::binary);
  {
    boost::archive::binary_oarchive ar(buf, archive_flags);
    put(ar, state);
  }
  return std::move(buf).str();
}

std::string index_header(std::string_view payload) {
  std::string header(index_magic);
  put_u32(header, index_format_version);
  put_u32(header, 0);
  put_u64(header, payload.size());
  put_u64(header, XXH64(payload.data(), payload.size(), 0));
  return header;
}

IndexHeader check_index_header(std::string_view head, std::uint64_t size, const std::string& name) {
  if (size < index_header_size || head.size() < index_header_size)
    throw format_error("scoutmatch.io.format.1",
                       name + ": not a scoutmatch index (shorter than its header)");
  if (head.substr(0, 8) != index_magic)
    throw format_error("scoutmatch.io.format.1",
                       name + ": not a scoutmatch index (wrong magic bytes)");
  const auto version = static_cast<std::uint32_t>(get_le(head.data() + 8, 4));
  if (version == 0 || version > index_format_version)
    throw format_error("scoutmatch.io.format.2", name + ": index format version " +
                                                     std::to_string(version) +
                                                     " is not supported (this build reads 1.." +
                                                     std::to_string(index_format_version) + ")");
  if (get_le(head.data() + 12, 4) != 0)
    throw format_error("scoutmatch.io.format.2",
                       name + ": the index uses format flags this build does not know");
  const std::uint64_t length = get_le(head.data() + 16, 8);
  if (length != size - index_header_size)
    throw format_error("scoutmatch.io.format.3",
                       name + ": truncated or extended: the header announces " +
                           std::to_string(length) + " payload bytes, the file has " +
                           std::to_string(size - index_header_size));
  return {get_le(head.data() + 24, 8), version};
}

std::shared_ptr<const Index::State> decode_index_payload(std::string payload,
                                                         const IndexHeader& header,
                                                         const std::string& name) {
  if (XXH64(payload.data(), payload.size(), 0) != header.checksum)
    throw format_error("scoutmatch.io.format.4", name + ": checksum mismatch: the file is damaged");
  try {
    const std::uint64_t size = payload.size();
    std::istringstream pin(std::move(payload), std::ios::binary);
    boost::archive::binary_iarchive ar(pin, archive_flags);
    return get(ar, size, name, header.version);
  } catch (const error&) {
    throw;
  } catch (const std::exception& e) {
    throw format_error("scoutmatch.io.format.5", name + ": cannot decode the index: " + e.what());
  }
}

}  // namespace io_detail

void Index::save(const std::filesystem::path& path) const {
  const std::string payload = io_detail::encode_index_payload(*state_);
  const std::string header = io_detail::index_header(payload);
  write_file_atomically(path, {header, payload});
}

Index Index::load(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw file_error("scoutmatch.io.file.1", name + ": cannot open: " + errno_text());
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw file_error("scoutmatch.io.file.1", name + ": cannot open: " + ec.message());
  char head[index_header_size];
  const bool got_head = size >= index_header_size && in.read(head, index_header_size);
  const io_detail::IndexHeader header = io_detail::check_index_header(
      std::string_view(head, got_head ? index_header_size : 0), size, name);
  std::string payload(size - index_header_size, '\0');
  if (!in.read(payload.data(), static_cast<std::streamsize>(payload.size())))
    throw file_error("scoutmatch.io.file.2", name + ": read error");
  return Index(io_detail::decode_index_payload(std::move(payload), header, name));
}

}  // namespace scoutmatch
