// Randomness seam. In the simulator every draw comes from the run's seeded choice source.
#pragma once

#include <cstdint>

namespace grove::env {

class Random {
 public:
  virtual ~Random() = default;

  virtual std::uint64_t next() = 0;

  // Uniform in [0, bound). `bound` must be > 0.
  virtual std::uint64_t below(std::uint64_t bound) = 0;
};

}  // namespace grove::env
