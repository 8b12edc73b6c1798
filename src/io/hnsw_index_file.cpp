// HnswIndex::save / load: the bytes of HnswIndex::to_bytes (a versioned, checksummed header
// around hnswlib's graph arrays; see include/scoutmatch/index/hnsw_index.hpp), written
// atomically (temporary file, fsync, rename) like every other scoutmatch file.

#include "scoutmatch/error.hpp"
#include "scoutmatch/index/hnsw_index.hpp"
#include "scoutmatch/io/atomic_file.hpp"

namespace scoutmatch {

void HnswIndex::save(const std::filesystem::path& path) const {
  const std::string bytes = to_bytes();
  write_file_atomically(path, {bytes});
}

HnswIndex HnswIndex::load(const std::filesystem::path& path) {
  return from_bytes(read_file(path), path.string());
}

}  // namespace scoutmatch
