// Always-on invariant checks. A broken invariant is a bug in grovesim or the protocol, never an
// expected failure: it aborts with a message naming the invariant and the place.
#pragma once

#include <cstdio>
#include <cstdlib>

#define GROVE_CHECK(condition, invariant)                                                    \
  do {                                                                                       \
    if (!(condition)) [[unlikely]] {                                                         \
      std::fprintf(stderr, "grovesim: invariant violated: %s (%s) at %s:%d\n", invariant,   \
                   #condition, __FILE__, __LINE__);                                          \
      std::abort();                                                                          \
    }                                                                                        \
  } while (false)
