// Always-on invariant checks. A broken invariant is a bug in grovesim or the protocol, never an
// expected failure: it stops with a message naming the invariant and the place.
//
// By default a failed check prints the message and aborts. A simulator may install a handler
// that throws instead (sim/invariant_failure.h): a failed assertion inside a simulated node is
// then a finding of the run, with the trace position where it failed, rather than a lost
// process. The handler is process-wide (like a signal disposition), not simulation state.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace grove::env {

// Receives "invariant violated: INVARIANT (CONDITION) at FILE:LINE"; must not return.
using CheckFailureHandler = void (*)(const char* message);

namespace detail {
inline CheckFailureHandler& check_failure_handler_slot() {
  static CheckFailureHandler handler = nullptr;
  return handler;
}
}  // namespace detail

// Installs `handler` (nullptr: print and abort) and returns the previous one.
inline CheckFailureHandler set_check_failure_handler(CheckFailureHandler handler) {
  CheckFailureHandler previous = detail::check_failure_handler_slot();
  detail::check_failure_handler_slot() = handler;
  return previous;
}

[[noreturn]] inline void check_failed(const char* invariant, const char* condition,
                                      const char* file, int line) {
  char message[512];
  std::snprintf(message, sizeof message, "invariant violated: %s (%s) at %s:%d", invariant,
                condition, file, line);
  if (CheckFailureHandler handler = detail::check_failure_handler_slot()) handler(message);
  std::fprintf(stderr, "grovesim: %s\n", message);
  std::abort();
}

}  // namespace grove::env

#define GROVE_CHECK(condition, invariant)                                        \
  do {                                                                           \
    if (!(condition)) [[unlikely]] {                                             \
      ::grove::env::check_failed(invariant, #condition, __FILE__, __LINE__);     \
    }                                                                            \
  } while (false)
