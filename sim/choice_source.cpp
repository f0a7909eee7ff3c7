#include "sim/choice_source.h"

#include <stdexcept>
#include <string>

#include "sim/wide_int.h"
#include "traces/rolling_hash.h"

namespace grove::sim {

namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

std::uint64_t stream_seed(std::uint64_t seed, std::string_view name) {
  traces::RollingHash hash;
  hash.fold(seed);
  hash.fold_bytes(name);
  return hash.value();
}

}  // namespace

Xoshiro256::Xoshiro256(std::uint64_t seed) {
  for (auto& word : state_) word = splitmix64(seed);
}

std::uint64_t Xoshiro256::next() {
  const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

ChoiceSource::Stream::Stream(std::uint64_t seed, std::string name)
    : generator_(stream_seed(seed, name)), name_(std::move(name)) {}

std::uint64_t ChoiceSource::Stream::choose(std::uint64_t n) {
  if (n == 0) throw std::invalid_argument("ChoiceSource: choose(0) on stream '" + name_ + "'");
  ++draws_;
  std::uint64_t value;
  if (replay_ != nullptr && replay_position_ < replay_->size()) {
    value = (*replay_)[replay_position_++] % n;
    generator_.next();  // keep the seeded sequence aligned for when the list runs out
  } else if (n == 1) {
    value = 0;
    generator_.next();
  } else if (std::optional<std::uint64_t> guided =
                 guide_ != nullptr && *guide_ != nullptr ? (*guide_)->decide(name_, n) : std::nullopt) {
    if (*guided >= n) {
      throw std::invalid_argument("ChoiceSource: a guide chose " + std::to_string(*guided) +
                                  " of " + std::to_string(n) + " options on stream '" + name_ + "'");
    }
    value = *guided;
    generator_.next();
  } else {
    // Lemire's multiply-shift reduction: unbiased enough for n far below 2^64, and fast.
    value = static_cast<std::uint64_t>(
        (static_cast<UInt128>(generator_.next()) * n) >> 64);
  }
  if (record_ != nullptr) record_->push_back(value);
  return value;
}

std::uint64_t ChoiceSource::Stream::decide(std::uint64_t n, std::uint64_t proposed) {
  if (n == 0 || proposed >= n) {
    throw std::invalid_argument("ChoiceSource: decide(" + std::to_string(n) + ", " +
                                std::to_string(proposed) + ") on stream '" + name_ + "'");
  }
  ++draws_;
  std::uint64_t value = proposed;
  if (replay_ != nullptr && replay_position_ < replay_->size()) {
    value = (*replay_)[replay_position_++] % n;
  }
  generator_.next();
  if (record_ != nullptr) record_->push_back(value);
  return value;
}

ChoiceSource::ChoiceSource(std::uint64_t seed) : seed_(seed) {}

ChoiceSource::Stream& ChoiceSource::stream(std::string_view name) {
  auto found = streams_.find(name);
  if (found != streams_.end()) return *found->second;
  auto stream = std::make_unique<Stream>(seed_, std::string(name));
  if (recording_) stream->record_ = &recorded_[std::string(name)];
  stream->guide_ = guide_.get();
  auto replay = replaying_.find(name);
  if (replay != replaying_.end()) stream->replay_ = &replay->second;
  Stream& result = *stream;
  streams_.emplace(std::string(name), std::move(stream));
  return result;
}

void ChoiceSource::record() {
  recording_ = true;
  for (auto& [name, stream] : streams_) stream->record_ = &recorded_[name];
}

void ChoiceSource::replay(ChoiceLog log) {
  replaying_ = std::move(log);
  for (auto& [name, stream] : streams_) {
    auto replay = replaying_.find(name);
    stream->replay_ = replay == replaying_.end() ? nullptr : &replay->second;
    stream->replay_position_ = 0;
  }
}

std::uint64_t ChoiceSource::fingerprint() const {
  traces::RollingHash hash;
  for (const auto& [name, stream] : streams_) {  // std::map: sorted by name
    hash.fold_bytes(name);
    hash.fold(stream->draws_);
    hash.fold(Xoshiro256(stream->generator_).next());
  }
  return hash.value();
}

}  // namespace grove::sim
