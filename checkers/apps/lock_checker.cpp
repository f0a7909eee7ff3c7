#include "checkers/apps/lock_checker.h"

#include <algorithm>
#include <map>

#include "checkers/model.h"

namespace grove::checkers::apps {

namespace {

std::string describe(const LockPossession& possession) {
  std::string end = possession.end_ns() == traces::kNoReturn ? std::string("never")
                                                              : std::to_string(possession.end_ns());
  return "holder " + std::to_string(possession.holder) + " [" + std::to_string(possession.start_ns) +
         ", " + end + ") ns" + (possession.end_ns() == possession.release_ns ? " (released)"
                                                                             : " (lease end)");
}

}  // namespace

AppCheckResult check_lock_mutual_exclusion(const std::vector<LockPossession>& possessions) {
  AppCheckResult result;
  result.checked = possessions.size();
  std::map<std::string, std::vector<std::size_t>> by_key;
  for (std::size_t i = 0; i < possessions.size(); ++i) by_key[possessions[i].key].push_back(i);
  std::size_t overlaps = 0;
  std::size_t reacquired = 0;
  for (auto& [key, indices] : by_key) {
    std::sort(indices.begin(), indices.end(), [&](std::size_t a, std::size_t b) {
      return possessions[a].start_ns != possessions[b].start_ns
                 ? possessions[a].start_ns < possessions[b].start_ns
                 : a < b;
    });
    for (std::size_t at = 0; at < indices.size(); ++at) {
      const LockPossession& earlier = possessions[indices[at]];
      if (earlier.start_ns >= earlier.end_ns()) continue;  // never relied on
      for (std::size_t next = at + 1; next < indices.size(); ++next) {
        const LockPossession& later = possessions[indices[next]];
        if (later.start_ns >= earlier.end_ns()) break;  // sorted by start: no later overlap
        if (later.start_ns >= later.end_ns()) continue;
        if (later.holder != earlier.holder) {
          if (overlaps++ < AppCheckResult::kMaxPerRule) {
            result.violations.push_back({"two-holders", {indices[at], indices[next]},
                                         "lock " + quoted(key) + ": " + describe(earlier) +
                                             " overlaps " + describe(later)});
          }
        } else if (!later.renewal) {
          if (reacquired++ < AppCheckResult::kMaxPerRule) {
            result.violations.push_back({"reacquired-held-lock", {indices[at], indices[next]},
                                         "lock " + quoted(key) + ": " + describe(later) +
                                             " acquired during its own " + describe(earlier)});
          }
        }
      }
    }
  }
  return result;
}

}  // namespace grove::checkers::apps
