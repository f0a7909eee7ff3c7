// A latency histogram for load generators: log-linear buckets (64 per power of two, so a
// recorded value is reported within 1/64 ≈ 1.6% of itself), constant-time record, mergeable.
// Values are nanoseconds; negative values count as 0.
#pragma once

#include <cstdint>
#include <vector>

namespace grove::runtime {

class LatencyHistogram {
 public:
  LatencyHistogram();

  void record(std::int64_t value_ns) {
    ++counts_[bucket_of(value_ns)];
    ++count_;
    sum_ns_ += value_ns > 0 ? static_cast<std::uint64_t>(value_ns) : 0;
    if (value_ns > max_ns_) max_ns_ = value_ns;
  }
  void merge(const LatencyHistogram& other);

  std::uint64_t count() const { return count_; }
  std::int64_t max_ns() const { return max_ns_; }
  double mean_ns() const { return count_ == 0 ? 0.0 : static_cast<double>(sum_ns_) / count_; }
  // The value at quantile q (0..1): the middle of the bucket holding the ceil(q * count)-th
  // smallest value (capped by the largest value recorded); 0 when empty.
  std::int64_t percentile_ns(double q) const;

 private:
  static constexpr int kSubBits = 6;
  static constexpr std::int64_t kSub = std::int64_t{1} << kSubBits;
  static std::size_t bucket_of(std::int64_t value_ns);
  static std::int64_t bucket_middle(std::size_t index);

  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  std::uint64_t sum_ns_ = 0;
  std::int64_t max_ns_ = 0;
};

}  // namespace grove::runtime
