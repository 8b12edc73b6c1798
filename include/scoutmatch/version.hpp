#pragma once
/// \file version.hpp
/// The library version.

namespace scoutmatch {
/// Major, minor and patch version of this build.
inline constexpr int version_major = 0, version_minor = 1, version_patch = 0;
/// The version as text, "0.1.0".
inline constexpr const char* version_string = "0.1.0";
}  // namespace scoutmatch
