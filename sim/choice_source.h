// The run's single source of nondeterminism.
//
// Every decision (which task runs next, a message's delay, a drop, a fault's timing, a
// workload's next op) is one choose(stream, n) call. Streams are named sub-streams, each seeded
// from (seed, name), so adding a decision in one subsystem does not reshuffle another.
//
// Modes: from a seed (a xoshiro256** generator per stream); optionally recording every decision;
// or replaying a recorded (possibly edited) list per stream, falling back to the seeded
// generator when a stream's list runs out. An edited value v is used as v % n, so a shrinker may
// replace any decision by any smaller number and the run stays valid.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grove::sim {

// xoshiro256** seeded through SplitMix64 (both public domain, by Blackman and Vigna).
class Xoshiro256 {
 public:
  explicit Xoshiro256(std::uint64_t seed);
  std::uint64_t next();

 private:
  std::uint64_t state_[4];
};

using ChoiceLog = std::map<std::string, std::vector<std::uint64_t>, std::less<>>;

// A systematic search's hand on the run (cli/explorer.h's dfs): asked for every decision with
// more than one option that a replayed list does not cover; a value in [0, n) is taken (and
// recorded) instead of the seeded draw, nullopt leaves the draw.
class ChoiceGuide {
 public:
  virtual ~ChoiceGuide() = default;
  virtual std::optional<std::uint64_t> decide(std::string_view stream, std::uint64_t n) = 0;
};

class ChoiceSource {
 public:
  class Stream {
   public:
    Stream(std::uint64_t seed, std::string name);
    // Uniform in [0, n); n must be > 0.
    std::uint64_t choose(std::uint64_t n);
    // A decision a strategy made (e.g. PCT's pick), in [0, n): recorded like a draw, so a
    // replay needs no strategy; a replayed list overrides it (value mod n). The seeded
    // generator advances as for choose(), keeping the rest of the stream where it would be.
    std::uint64_t decide(std::uint64_t n, std::uint64_t proposed);
    // True with probability ppm / 1'000'000.
    bool chance_ppm(std::uint32_t ppm) { return ppm > 0 && choose(1'000'000) < ppm; }
    const std::string& name() const { return name_; }
    std::uint64_t draws() const { return draws_; }

   private:
    friend class ChoiceSource;
    Xoshiro256 generator_;
    std::string name_;
    std::vector<std::uint64_t>* record_ = nullptr;
    const std::vector<std::uint64_t>* replay_ = nullptr;
    ChoiceGuide* const* guide_ = nullptr;  // the source's guide slot
    std::size_t replay_position_ = 0;
    std::uint64_t draws_ = 0;
  };

  explicit ChoiceSource(std::uint64_t seed);

  std::uint64_t seed() const { return seed_; }

  // The stream named `name`, created on first use. The reference stays valid.
  Stream& stream(std::string_view name);

  // Start recording every decision of every stream (existing and future).
  void record();
  const ChoiceLog& recorded() const { return recorded_; }

  // Replay `log`: each stream first returns its list's values (mod n), then seeded draws.
  void replay(ChoiceLog log);

  // Every later decision with n > 1 that no replayed list covers is offered to `guide` first
  // (nullptr: none). It must outlive the source's use.
  void guide(ChoiceGuide* guide) { *guide_ = guide; }

  // A hash of every stream's state and draw count: a run that repeats exactly ends with the
  // same fingerprint (FoundationDB's "same final random draw" check).
  std::uint64_t fingerprint() const;

 private:
  std::uint64_t seed_;
  bool recording_ = false;
  // On the heap, so the streams' pointer to it survives moving the source (into a World).
  std::unique_ptr<ChoiceGuide*> guide_ = std::make_unique<ChoiceGuide*>(nullptr);
  ChoiceLog recorded_;
  ChoiceLog replaying_;
  std::map<std::string, std::unique_ptr<Stream>, std::less<>> streams_;
};

}  // namespace grove::sim
