// A failed GROVE_CHECK as an exception, so a run can report it as a finding (checker "assert")
// with the trace position where it happened, instead of losing the process. The scheduler hands
// an exception thrown inside a task to whoever runs the world (World::run_until rethrows it).
#pragma once

#include <stdexcept>
#include <string>

#include "core/env/check.h"

namespace grove::sim {

class InvariantFailure : public std::runtime_error {
 public:
  explicit InvariantFailure(const std::string& message) : std::runtime_error(message) {}
};

// While alive, failed GROVE_CHECKs throw InvariantFailure instead of aborting.
class ThrowOnInvariantFailure {
 public:
  ThrowOnInvariantFailure() : previous_(env::set_check_failure_handler(&throw_failure)) {}
  ~ThrowOnInvariantFailure() { env::set_check_failure_handler(previous_); }
  ThrowOnInvariantFailure(const ThrowOnInvariantFailure&) = delete;
  ThrowOnInvariantFailure& operator=(const ThrowOnInvariantFailure&) = delete;

 private:
  [[noreturn]] static void throw_failure(const char* message) { throw InvariantFailure(message); }
  env::CheckFailureHandler previous_;
};

}  // namespace grove::sim
