#pragma once
/// \file index_codec.hpp
/// Encoding and decoding of the index file format (include/scoutmatch/io/index_file.hpp),
/// shared by Index::save/load (src/io/index_file.cpp, which defines these) and
/// Index::to_bytes/from_bytes (src/io/index_bytes.cpp). Not API.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "scoutmatch/detail/index_state.hpp"

namespace scoutmatch::io_detail {

/// The payload (Boost.Serialization archive) of an index file for `state`.
std::string encode_index_payload(const Index::State& state);

/// The 32-byte header for `payload`: magic, format version, flags, length, XXH64.
std::string index_header(std::string_view payload);

/// What the header says about the payload.
struct IndexHeader {
  std::uint64_t checksum = 0;  ///< XXH64 of the payload
  std::uint32_t version = 0;   ///< format version the payload is written in
};

/// Checks the header `head` (at least index_header_size bytes, or fewer when the data is
/// shorter) of data of `size` bytes in all, and returns its checksum and version. Throws
/// format_error [scoutmatch.io.format.1..3]; `name` names the data in messages.
IndexHeader check_index_header(std::string_view head, std::uint64_t size, const std::string& name);

/// Checks the checksum of `payload` and decodes it (in the header's format version).
/// Throws format_error [scoutmatch.io.format.4..6].
std::shared_ptr<const Index::State> decode_index_payload(std::string payload,
                                                         const IndexHeader& header,
                                                         const std::string& name);

}  // namespace scoutmatch::io_detail
