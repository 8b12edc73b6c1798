/// \file gzip.cpp
/// gzip decompression with zlib's inflate, streaming, with multi-member support.

#include <zlib.h>

#include <algorithm>
#include <vector>

#include "io/detail/reader.hpp"

namespace scoutmatch::io_detail {

namespace {
constexpr std::size_t gzip_in_chunk = 256u << 10;
}

struct GzipSource::State {
  z_stream zs{};
  std::vector<unsigned char> in;
  bool initialised = false;
  bool in_eof = false;     // the compressed source is exhausted
  bool in_member = false;  // inside a member that has not reached its end yet
};

GzipSource::GzipSource(ByteSource& inner) : inner_(inner), state_(std::make_unique<State>()) {
  state_->in.resize(gzip_in_chunk);
  // 16 + MAX_WBITS: expect a gzip wrapper and check its CRC-32 and length trailer.
  const int rc = inflateInit2(&state_->zs, 16 + MAX_WBITS);
  if (rc != Z_OK)
    throw SourceFailure{id_gzip, std::string("cannot initialise zlib: ") +
                                     (state_->zs.msg ? state_->zs.msg : zError(rc))};
  state_->initialised = true;
}

GzipSource::~GzipSource() {
  if (state_ && state_->initialised) inflateEnd(&state_->zs);
}

std::size_t GzipSource::read(char* out, std::size_t n) {
  State& s = *state_;
  z_stream& zs = s.zs;
  // zlib counts in uInt; a read never asks for more than that.
  const auto cap = static_cast<uInt>(std::min<std::size_t>(n, 1u << 30));
  zs.next_out = reinterpret_cast<Bytef*>(out);
  zs.avail_out = cap;
  while (zs.avail_out == cap) {
    if (zs.avail_in == 0) {
      if (!s.in_eof) {
        const std::size_t got = inner_.read(reinterpret_cast<char*>(s.in.data()), s.in.size());
        if (got == 0) s.in_eof = true;
        zs.next_in = s.in.data();
        zs.avail_in = static_cast<uInt>(got);
      }
      if (zs.avail_in == 0) {
        if (s.in_member)
          throw SourceFailure{id_gzip, "gzip data truncated (the compressed stream ends early)"};
        break;  // clean end after a complete member
      }
    }
    s.in_member = true;
    const int rc = inflate(&zs, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      // A member ended; anything that follows must be another complete member.
      inflateReset(&zs);
      s.in_member = false;
    } else if (rc == Z_OK || (rc == Z_BUF_ERROR && zs.avail_in == 0)) {
      // Progress made, or more input needed: loop on.
    } else {
      std::string why = zs.msg ? zs.msg : zError(rc);
      throw SourceFailure{id_gzip, "gzip data corrupt (" + why + ")"};
    }
  }
  return cap - zs.avail_out;
}

}  // namespace scoutmatch::io_detail
