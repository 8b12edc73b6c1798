# Finds scoutmatch's dependencies. Used by the build and by the installed
# scoutmatchConfig.cmake, so that consumers of the static library get the same targets.
include(CMakeFindDependencyMacro)

find_dependency(Eigen3 3.3 NO_MODULE)
find_dependency(TBB)
find_dependency(ZLIB)
find_dependency(Boost 1.74 COMPONENTS serialization)
find_dependency(nlohmann_json 3.10)
find_dependency(simdjson 3.0)

# Libraries without a CMake package on Debian 12: imported targets of our own.
function(_scoutmatch_import name header lib)
  if(TARGET scoutmatch_dep::${name})
    return()
  endif()
  find_path(SCOUTMATCH_${name}_INCLUDE_DIR ${header})
  find_library(SCOUTMATCH_${name}_LIBRARY ${lib})
  if(NOT SCOUTMATCH_${name}_INCLUDE_DIR OR NOT SCOUTMATCH_${name}_LIBRARY)
    message(FATAL_ERROR "scoutmatch needs ${name} (${header}, lib${lib}); on Debian: "
                        "apt-get install ${ARGN}")
  endif()
  add_library(scoutmatch_dep::${name} UNKNOWN IMPORTED)
  set_target_properties(scoutmatch_dep::${name} PROPERTIES
    IMPORTED_LOCATION "${SCOUTMATCH_${name}_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${SCOUTMATCH_${name}_INCLUDE_DIR}")
endfunction()

_scoutmatch_import(utf8proc utf8proc.h utf8proc libutf8proc-dev)
_scoutmatch_import(stemmer libstemmer.h stemmer libstemmer-dev)
_scoutmatch_import(xxhash xxhash.h xxhash libxxhash-dev)
