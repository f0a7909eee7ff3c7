#include "runtime/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace grove::runtime {

namespace {
// Buckets up to 2^63: 64 exact ones below kSub, then kSub per power of two from 2^6 to 2^62.
constexpr std::size_t kBuckets = (63 - 6 + 1) * 64;
}  // namespace

LatencyHistogram::LatencyHistogram() : counts_(kBuckets, 0) {}

std::size_t LatencyHistogram::bucket_of(std::int64_t value_ns) {
  if (value_ns < kSub) return value_ns < 0 ? 0 : static_cast<std::size_t>(value_ns);
  const auto value = static_cast<std::uint64_t>(value_ns);
  const int exponent = 63 - std::countl_zero(value);  // >= kSubBits
  const int shift = exponent - kSubBits;
  return static_cast<std::size_t>(exponent - kSubBits + 1) * kSub + ((value >> shift) - kSub);
}

std::int64_t LatencyHistogram::bucket_middle(std::size_t index) {
  if (index < static_cast<std::size_t>(kSub)) return static_cast<std::int64_t>(index);
  const int shift = static_cast<int>(index / kSub) - 1;
  const std::int64_t sub = static_cast<std::int64_t>(index % kSub) + kSub;
  const std::int64_t lower = sub << shift;
  return lower + ((std::int64_t{1} << shift) - 1) / 2;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  sum_ns_ += other.sum_ns_;
  max_ns_ = std::max(max_ns_, other.max_ns_);
}

std::int64_t LatencyHistogram::percentile_ns(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_))));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::min(bucket_middle(i), max_ns_);
  }
  return max_ns_;
}

}  // namespace grove::runtime
