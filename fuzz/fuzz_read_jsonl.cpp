// libFuzzer target: the JSON Lines profile reader (src/io/jsonl.cpp, fields.cpp,
// line_reader.cpp, gzip.cpp) on arbitrary bytes. Input: the bytes of a profile file.
#include "fuzz_read_profiles.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return scoutmatch_fuzz::fuzz_read_profiles(data, size, scoutmatch::ProfileFormat::jsonl,
                                             "fuzz.jsonl");
}
