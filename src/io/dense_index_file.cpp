// DenseIndex::save / load / to_bytes / from_bytes: a versioned, checksummed header (the
// layout of index files, with its own magic) around flat little-endian arrays. See
// include/scoutmatch/index/dense_index.hpp for the layout.
#include <xxhash.h>

#include <bit>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>

#include "index/dense_kernels.hpp"
#include "scoutmatch/error.hpp"
#include "scoutmatch/index/dense_index.hpp"
#include "scoutmatch/io/atomic_file.hpp"

namespace scoutmatch {
namespace {

static_assert(std::endian::native == std::endian::little, "dense index files are little-endian");
constexpr std::size_t header_size = 32;

template <class T>
void put(std::string& s, const T& v) {
  s.append(reinterpret_cast<const char*>(&v), sizeof v);
}
template <class T>
T get(std::string_view& s) {
  T v{};
  std::memcpy(&v, s.data(), sizeof v);
  s.remove_prefix(sizeof v);
  return v;
}

[[noreturn]] void corrupt(const std::string& name, const std::string& what) {
  throw format_error("scoutmatch.io.format.6",
                     name + ": the dense index is inconsistent (" + what + ")");
}

}  // namespace

std::string DenseIndex::to_bytes() const {
  std::string payload;
  payload.reserve(8 + 1 + 1 + 8 + 8 + ids_.size() * 8 + data_.size() * 4 + bf16_.size() * 2);
  put(payload, static_cast<std::uint64_t>(dim_));
  put(payload, static_cast<std::uint8_t>(metric_));
  // The oldest version that holds the data: float32 indexes stay readable by builds
  // before bfloat16 (version 1, no precision byte).
  const bool bf16 = precision_ == Precision::bf16, split = precision_ == Precision::split;
  if (bf16 || split) put(payload, static_cast<std::uint8_t>(precision_));
  put(payload, static_cast<std::uint64_t>(ids_.size()));
  put(payload, next_id_);
  payload.append(reinterpret_cast<const char*>(ids_.data()), ids_.size() * sizeof(std::int64_t));
  if (bf16) {
    // dim values a row (without the pad of odd dimensions).
    for (std::size_t r = 0; r < ids_.size(); ++r)
      payload.append(reinterpret_cast<const char*>(bf16_.data() + r * bf16_stride()),
                     dim_ * sizeof(std::uint16_t));
  } else if (split) {
    // The exact float32 values (the planes are rebuilt on load).
    for (std::size_t r = 0; r < ids_.size(); ++r) {
      const std::vector<float> v = vector_at(r);
      payload.append(reinterpret_cast<const char*>(v.data()), dim_ * sizeof(float));
    }
  } else {
    payload.append(reinterpret_cast<const char*>(data_.data()), data_.size() * sizeof(float));
  }
  std::string out(dense_magic);
  put(out, bf16 || split ? dense_format_version : std::uint32_t{1});
  put(out, std::uint32_t{0});
  put(out, static_cast<std::uint64_t>(payload.size()));
  put(out, static_cast<std::uint64_t>(XXH64(payload.data(), payload.size(), 0)));
  out += payload;
  return out;
}

DenseIndex DenseIndex::from_bytes(std::string_view bytes, const std::string& name) {
  if (bytes.size() < header_size)
    throw format_error("scoutmatch.io.format.1",
                       name + ": not a scoutmatch dense index (shorter than its header)");
  if (bytes.substr(0, 8) != dense_magic)
    throw format_error("scoutmatch.io.format.1",
                       name + ": not a scoutmatch dense index (wrong magic bytes)");
  std::string_view h = bytes.substr(8, header_size - 8);
  const auto version = get<std::uint32_t>(h);
  const auto flags = get<std::uint32_t>(h);
  const auto length = get<std::uint64_t>(h);
  const auto checksum = get<std::uint64_t>(h);
  if (version == 0 || version > dense_format_version)
    throw format_error("scoutmatch.io.format.2", name + ": dense index format version " +
                                                     std::to_string(version) +
                                                     " is not supported (this build reads 1.." +
                                                     std::to_string(dense_format_version) + ")");
  if (flags != 0)
    throw format_error("scoutmatch.io.format.2",
                       name + ": the dense index uses format flags this build does not know");
  if (length != bytes.size() - header_size)
    throw format_error("scoutmatch.io.format.3",
                       name + ": truncated or extended: the header announces " +
                           std::to_string(length) + " payload bytes, there are " +
                           std::to_string(bytes.size() - header_size));
  std::string_view p = bytes.substr(header_size);
  if (XXH64(p.data(), p.size(), 0) != checksum)
    throw format_error("scoutmatch.io.format.4", name + ": checksum mismatch: the data is damaged");
  // Version 1: no precision byte (float32).
  if (p.size() < (version >= 2 ? 26u : 25u)) corrupt(name, "payload too short");
  const auto dim = get<std::uint64_t>(p);
  const auto metric = get<std::uint8_t>(p);
  const auto precision = version >= 2 ? get<std::uint8_t>(p) : std::uint8_t{0};
  const auto n = get<std::uint64_t>(p);
  const auto next_id = get<std::int64_t>(p);
  if (dim < 1 || dim > dense_max_dim || metric > 2) corrupt(name, "dimension or metric");
  if (precision > 2) corrupt(name, "precision");
  const bool bf16 = precision == static_cast<std::uint8_t>(Precision::bf16);
  const std::uint64_t value_bytes = bf16 ? 2 : 4;
  if (n > static_cast<std::uint64_t>(std::numeric_limits<std::int32_t>::max()) ||
      p.size() != n * 8 + n * dim * value_bytes)
    corrupt(name, "vector count");
  DenseIndex ix(dim, static_cast<Metric>(metric), static_cast<Precision>(precision));
  ix.ids_.resize(n);
  std::memcpy(ix.ids_.data(), p.data(), n * 8);
  p.remove_prefix(n * 8);
  if (bf16) {
    const std::size_t stride = ix.bf16_stride();
    ix.bf16_.reserve(n * stride);
    detail::dense::advise_huge_pages(ix.bf16_.data(), n * stride * 2);
    ix.bf16_.assign(n * stride, 0);
    for (std::size_t r = 0; r < n; ++r)
      std::memcpy(ix.bf16_.data() + r * stride, p.data() + r * dim * 2, dim * 2);
  } else if (precision == static_cast<std::uint8_t>(Precision::split)) {
    const std::size_t stride = ix.bf16_stride();
    ix.bf16_.reserve(n * stride);
    ix.lo_.reserve(n * stride);
    detail::dense::advise_huge_pages(ix.bf16_.data(), n * stride * 2);
    detail::dense::advise_huge_pages(ix.lo_.data(), n * stride * 2);
    ix.bf16_.assign(n * stride, 0);
    ix.lo_.assign(n * stride, 0);
    for (std::size_t r = 0; r < n; ++r)
      for (std::size_t j = 0; j < dim; ++j) {
        float v;
        std::memcpy(&v, p.data() + (r * dim + j) * 4, 4);
        if (!detail::dense::split_f32(v, ix.bf16_[r * stride + j], ix.lo_[r * stride + j]))
          corrupt(name, "values outside what precision split holds");
      }
  } else {
    ix.data_.reserve(n * dim);
    detail::dense::advise_huge_pages(ix.data_.data(), n * dim * 4);
    ix.data_.resize(n * dim);
    std::memcpy(ix.data_.data(), p.data(), n * dim * 4);
  }
  ix.next_id_ = next_id;
  ix.rebuild_rows();
  if (ix.rows_.size() != n) corrupt(name, "duplicate ids");
  for (const std::int64_t id : ix.ids_)
    if (id < 0 || id >= next_id) corrupt(name, "ids");
  const bool planes = precision != static_cast<std::uint8_t>(Precision::f32);
  ix.sq_norms_.resize(n);
  for (std::size_t r = 0; r < n; ++r) {
    const std::vector<float> v = planes ? ix.vector_at(r) : std::vector<float>();
    const float* x = planes ? v.data() : ix.data_.data() + r * dim;
    float s = 0;
    for (std::size_t j = 0; j < dim; ++j) {
      if (!std::isfinite(x[j])) corrupt(name, "non-finite values");
      s += x[j] * x[j];
    }
    ix.sq_norms_[r] = s;
  }
  if (precision == static_cast<std::uint8_t>(Precision::split)) {
    ix.norms_.resize(n);
    for (std::size_t r = 0; r < n; ++r) {
      const std::vector<float> v = ix.vector_at(r);
      ix.norms_[r] = static_cast<float>(detail::dense::norm_double(v.data(), dim));
    }
  }
  return ix;
}

void DenseIndex::save(const std::filesystem::path& path) const {
  const std::string bytes = to_bytes();
  write_file_atomically(path, {bytes});
}

DenseIndex DenseIndex::load(const std::filesystem::path& path) {
  return from_bytes(read_file(path), path.string());
}

}  // namespace scoutmatch
