// Helpers for the application simulation tests.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "scenarios/apps/app_runs.h"

namespace grove::testing {

inline scenarios::apps::AppRunOptions fault_free_run(std::uint64_t seed) {
  scenarios::apps::AppRunOptions options;
  options.seed = seed;
  options.faults = scenarios::apps::AppFaultOptions::none();
  return options;
}

inline scenarios::apps::AppRunOptions faulty_run(std::uint64_t seed) {
  scenarios::apps::AppRunOptions options;
  options.seed = seed;
  return options;
}

inline void expect_green(const scenarios::apps::AppRunResult& result) {
  EXPECT_TRUE(result.ok()) << result.summary << "\n"
                           << scenarios::apps::describe_failures(result) << result.check.note;
  EXPECT_FALSE(result.check.inconclusive) << result.summary;
}

inline bool has_rule(const scenarios::apps::AppRunResult& result, const std::string& rule) {
  for (const auto& violation : result.check.violations) {
    if (violation.rule == rule) return true;
  }
  return false;
}

inline std::uint64_t coverage_of(const scenarios::apps::AppRunResult& result, const std::string& mark) {
  for (const auto& [name, count] : result.coverage) {
    if (name == mark) return count;
  }
  return 0;
}

}  // namespace grove::testing
