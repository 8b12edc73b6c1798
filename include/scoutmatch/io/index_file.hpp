#pragma once
/// \file index_file.hpp
/// The index file format (Index::save / Index::load are defined in this layer).
///
/// Layout, little-endian:
///
///     offset  size  field
///     0       8     magic "SMINDEX\x1a"
///     8       4     format version (index_format_version)
///     12      4     flags (0)
///     16      8     payload length in bytes
///     24      8     XXH64 (seed 0) of the payload
///     32      ...   payload: a Boost.Serialization binary archive (no archive header) of
///                   the options, the profiles and the BM25F vectors, written field by
///                   field: fixed-size values as raw bytes, strings and vectors as a
///                   64-bit count and raw bytes. The loader checks every count against
///                   the bytes left before allocating.
///
/// Version 2 (scoutmatch 0.2) added the signal weights and each profile's `projects` and
/// `partners`; version 1 files load with text-only weights and no partner graph.
///
/// Version 3 adds IndexOptions::semantic_dims (version 1 and 2 files load with 0: no LSA).
///
/// The inverted indexes, filter columns, partner graph and LSA space are rebuilt on load from the stored
/// vectors. Binary archives are tied to the platform's type sizes and byte order: an index file
/// moves between 64-bit little-endian machines (x86-64, arm64), not beyond.

#include <cstdint>
#include <string_view>

namespace scoutmatch {

/// The current index format version. Files of a newer version are rejected
/// ([scoutmatch.io.format.2]); older ones stay loadable.
inline constexpr std::uint32_t index_format_version = 3;

/// The 8 magic bytes at the start of every index file.
inline constexpr std::string_view index_magic{"SMINDEX\x1a", 8};

/// Size of the fixed header before the payload, bytes.
inline constexpr std::size_t index_header_size = 32;

}  // namespace scoutmatch
