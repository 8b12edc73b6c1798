// Index::to_bytes / Index::from_bytes: the index file format in memory (for pickling and
// for sending indexes between processes), through the same codec as save/load.
#include "io/detail/index_codec.hpp"
#include "scoutmatch/io/index_file.hpp"

namespace scoutmatch {

std::string Index::to_bytes() const {
  const std::string payload = io_detail::encode_index_payload(*state_);
  std::string bytes = io_detail::index_header(payload);
  bytes += payload;
  return bytes;
}

Index Index::from_bytes(std::string_view bytes, const std::string& name) {
  const io_detail::IndexHeader header = io_detail::check_index_header(bytes, bytes.size(), name);
  return Index(
      io_detail::decode_index_payload(std::string(bytes.substr(index_header_size)), header, name));
}

}  // namespace scoutmatch
