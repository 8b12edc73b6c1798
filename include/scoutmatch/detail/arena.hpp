#pragma once
/// \file arena.hpp
/// Running work in an explicit oneTBB arena. Not API.

#include <tbb/task_arena.h>

#include <algorithm>
#include <cstddef>
#include <utility>

namespace scoutmatch::detail {

/// Runs `f` in a TBB arena of `threads` workers (at most 1024); 0 = the caller's arena.
template <class F>
auto in_arena(std::size_t threads, F&& f) {
  if (threads == 0) return f();
  tbb::task_arena arena(static_cast<int>(std::min<std::size_t>(threads, 1024)));
  return arena.execute(std::forward<F>(f));
}

}  // namespace scoutmatch::detail
