// libFuzzer target: the index loader (Index::from_bytes, i.e. the header checks and the
// payload decoder of src/io/index_file.cpp) on arbitrary bytes, then a few queries on
// every index it accepts.
//
// Input: the bytes of an index file. Random damage is caught by the header's XXH64
// checksum before anything is decoded, so the target loads each input twice: as given
// (the header checks) and with the header's payload length and checksum fixed up to
// match the bytes after the header (the decoder and its consistency checks; a crafted
// file can always carry a right checksum). An accepted index must answer queries.
#include <xxhash.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"
#include "scoutmatch/error.hpp"
#include "scoutmatch/io/index_file.hpp"
#include "scoutmatch/match/index.hpp"

namespace sm = scoutmatch;

namespace {

void put_le(std::string& s, std::size_t at, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) s[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

void use(const sm::Index& index) {
  if (index.size() == 0) return;
  const std::string id = index.profile(0).id;
  for (sm::Mode mode : {sm::Mode::similar, sm::Mode::needs}) {
    try {
      (void)index.recommend(sm::Query::similar_to(id).mode(mode).k(5).explain().threads(1));
    } catch (const sm::error&) {
      // e.g. a needs-mode query on a profile without needs
    }
  }
  (void)index.recommend(
      sm::Query::text("Wasserstoff Brennstoffzelle hydrogen fuel cell").k(3).explain().threads(1));
  (void)index.to_bytes();
}

void load(std::string_view bytes) {
  try {
    use(sm::Index::from_bytes(bytes, "fuzz.smx"));
  } catch (const sm::error&) {
    // rejected with a scoutmatch error: expected
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  load(raw);
  if (size >= sm::index_header_size && raw.substr(0, sm::index_magic.size()) == sm::index_magic) {
    std::string fixed(raw);
    const std::string_view payload = raw.substr(sm::index_header_size);
    put_le(fixed, 16, payload.size());
    put_le(fixed, 24, XXH64(payload.data(), payload.size(), 0));
    if (fixed != raw) load(fixed);
  }
  return 0;
}
