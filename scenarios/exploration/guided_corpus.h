// Coverage-guided search over choice lists (AFL's loop, on a simulated protocol run).
//
// A run is driven by a seed plus lists for the *steered* streams: "swarm" (which fault kinds
// the run keeps, and how strongly) and "faults" (the Nemesis: when each fault happens, what it
// is, whom it hits); every other decision (schedule, network, workload) comes from the seed.
// A run that reaches a feature no earlier run reached (scenarios/exploration/run_features.h)
// joins the corpus with the lists it actually used. New inputs are mutants of corpus entries,
// chosen by energy (entries whose mutants found more, and that were picked less, are picked
// more), with one to three stacked mutations: flip a fault decision, nudge one (shift a
// fault's time or size a little), insert or remove one (every later fault moves), cut the list
// (the rest comes from the seed), flip a swarm decision, or splice two entries. Every mutant
// runs under a new seed, so its faults meet a new schedule, network and workload. A quarter of the inputs are fresh seeds, so the search never does worse than
// sampling by much.
//
// Deterministic: the same rng seed and the same sequence of results give the same inputs.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/choice_source.h"

namespace grove::scenarios {

inline constexpr const char* kSteeredStreams[] = {"swarm", "faults"};

struct SteeredInput {
  std::uint64_t seed = 1;
  sim::ChoiceLog choices;          // lists of the steered streams (may be empty)
  std::string origin = "seed";     // "seed", or the mutations that made it ("flip+cut")
  std::optional<std::size_t> parent;  // the corpus entry it was mutated from
};

class GuidedCorpus {
 public:
  explicit GuidedCorpus(std::uint64_t rng_seed) : rng_(rng_seed) {}

  // Takes one run's result: its features, and the steered streams as it recorded them.
  // Returns how many features were new; if any, the run joins the corpus.
  std::size_t add_run(const SteeredInput& input, sim::ChoiceLog recorded,
                      const std::vector<std::uint64_t>& features);

  // The next input: a fresh seed (`fresh_seed`) a quarter of the time or while the corpus is
  // empty, else a mutant of an entry.
  SteeredInput next(std::uint64_t fresh_seed);

  std::size_t size() const { return entries_.size(); }
  std::size_t features() const { return seen_.size(); }

 private:
  struct Entry {
    SteeredInput input;     // with the recorded lists
    std::uint64_t found = 0;  // new features found by it and its mutants
    std::uint64_t picks = 0;
  };
  std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : rng_.next() % n; }
  std::size_t pick_entry();
  void mutate(SteeredInput& input, std::string& how);

  sim::Xoshiro256 rng_;
  std::vector<Entry> entries_;
  std::set<std::uint64_t> seen_;
};

}  // namespace grove::scenarios
