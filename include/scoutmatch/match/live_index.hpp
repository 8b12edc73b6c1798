#pragma once
/// \file live_index.hpp
/// An index that changes while it is searched: profiles are added, replaced and removed
/// while other threads search.
///
/// How it stays consistent: every change builds a new immutable Index (a snapshot) from
/// the surviving profiles and publishes it by swapping one shared pointer under a mutex.
/// A search takes the current snapshot first and runs entirely on it, so it sees the
/// index either before or after a change, never half of it; a snapshot stays valid for
/// as long as anyone holds it, even after newer ones are published. Writers are
/// serialised. Term statistics (document frequencies, average lengths) are always those
/// of the profiles in the snapshot: a changed snapshot scores exactly like Index::build()
/// of its profiles. There is nothing to compact: a removed profile is gone from the next
/// snapshot, and its memory is freed when the last older snapshot is released.
///
/// Cost: a change rebuilds the index, O(all profiles) (about 1 s for 30k CORDIS profiles
/// on one core here); batch changes with apply() when many arrive at once.

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "scoutmatch/error.hpp"
#include "scoutmatch/match/index.hpp"

namespace scoutmatch {

/// A mutable handle to a sequence of immutable Index snapshots. Thread-safe.
class LiveIndex {
 public:
  /// Starts from `initial` (version 0).
  explicit LiveIndex(Index initial = Index()) : current_(std::move(initial)) {}

  /// The current snapshot; searches on it are consistent however the index changes.
  Index snapshot() const {
    std::lock_guard lock(mutex_);
    return current_;
  }

  /// Number of changes published so far.
  std::uint64_t version() const {
    std::lock_guard lock(mutex_);
    return version_;
  }

  /// Adds `profiles`; a known id replaces that profile (see Index::updated). Returns the
  /// new version. Throws like Index::updated; on a throw nothing changes.
  std::uint64_t add(std::vector<Profile> profiles) { return apply(std::move(profiles), {}); }

  /// Replaces the indexed profile with `profile.id`. Throws not_found
  /// ([scoutmatch.query.not_found]) when no such profile is indexed; nothing changes then.
  std::uint64_t update(Profile profile) {
    std::lock_guard writer(writer_);
    const Index current = snapshot();
    if (!current.contains(profile.id))
      throw not_found("scoutmatch.query.not_found",
                      "no profile with id \"" + profile.id + "\" to update");
    std::vector<Profile> one;
    one.push_back(std::move(profile));
    return publish(current.updated(std::move(one), {}));
  }

  /// Removes the profiles with these ids (unknown ids are ignored). Returns the new version.
  std::uint64_t remove(const std::vector<std::string>& ids) { return apply({}, ids); }

  /// Adds/replaces `upserts` and removes `removals` as one change. Returns the new version.
  std::uint64_t apply(std::vector<Profile> upserts, const std::vector<std::string>& removals) {
    std::lock_guard writer(writer_);  // one change at a time; searches go on meanwhile
    return publish(snapshot().updated(std::move(upserts), removals));
  }

  /// recommend() on the current snapshot.
  std::vector<Match> recommend(const Query& query) const { return snapshot().recommend(query); }

  /// Saves the current snapshot atomically (see Index::save).
  void save(const std::filesystem::path& path) const { snapshot().save(path); }

 private:
  std::uint64_t publish(Index next) {  // called with writer_ held
    std::lock_guard lock(mutex_);
    current_ = std::move(next);
    return ++version_;
  }

  mutable std::mutex mutex_;  // guards current_ and version_ (held only to copy or swap)
  std::mutex writer_;         // serialises changes
  Index current_;
  std::uint64_t version_ = 0;
};

}  // namespace scoutmatch
