// HnswIndex::save / load: the bytes of HnswIndex::to_bytes (a versioned, checksummed header
// around hnswlib's graph arrays; see include/scoutmatch/index/hnsw_index.hpp), written
// atomically (temporary file, fsync, rename) like every other scoutmatch file.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "scoutmatch/error.hpp"
#include "scoutmatch/index/hnsw_index.hpp"
#include "scoutmatch/io/atomic_file.hpp"

namespace scoutmatch {

void HnswIndex::save(const std::filesystem::path& path) const {
  const std::string bytes = to_bytes();
  write_file_atomically(path, {bytes});
}

HnswIndex HnswIndex::load(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw file_error("scoutmatch.io.file.1", name + ": cannot open: it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw file_error("scoutmatch.io.file.1", name + ": cannot open: " + std::strerror(errno));
  std::string bytes{std::istreambuf_iterator<char>(in), {}};
  if (in.bad()) throw file_error("scoutmatch.io.file.2", name + ": read error");
  return from_bytes(bytes, name);
}

}  // namespace scoutmatch
