#include "scenarios/exploration/guided_corpus.h"

#include <algorithm>

namespace grove::scenarios {

std::size_t GuidedCorpus::add_run(const SteeredInput& input, sim::ChoiceLog recorded,
                                  const std::vector<std::uint64_t>& features) {
  std::size_t fresh = 0;
  for (std::uint64_t feature : features) fresh += seen_.insert(feature).second;
  if (input.parent && *input.parent < entries_.size()) entries_[*input.parent].found += fresh;
  if (fresh > 0) {
    Entry entry;
    entry.input.seed = input.seed;
    entry.input.origin = input.origin;
    for (const char* stream : kSteeredStreams) {
      auto it = recorded.find(stream);
      if (it != recorded.end()) entry.input.choices[stream] = std::move(it->second);
    }
    entry.found = fresh;
    entries_.push_back(std::move(entry));
  }
  return fresh;
}

std::size_t GuidedCorpus::pick_entry() {
  // Energy: what an entry (and its mutants) found, discounted by how often it was picked.
  std::vector<double> weight(entries_.size());
  double total = 0;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    weight[i] = (1.0 + static_cast<double>(entries_[i].found)) /
                (1.0 + static_cast<double>(entries_[i].picks));
    total += weight[i];
  }
  double point = static_cast<double>(rng_.next() >> 11) / 0x1p53 * total;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (point < weight[i]) return i;
    point -= weight[i];
  }
  return entries_.size() - 1;
}

void GuidedCorpus::mutate(SteeredInput& input, std::string& how) {
  std::vector<std::uint64_t>& faults = input.choices["faults"];
  std::vector<std::uint64_t>& swarm = input.choices["swarm"];
  auto note = [&how](const char* what) { how += how.empty() ? what : std::string("+") + what; };
  switch (below(7)) {
    case 0:  // flip: another value for one fault decision
      if (faults.empty()) break;
      faults[below(faults.size())] = rng_.next();
      note("flip");
      return;
    case 1: {  // nudge: a fault a little earlier or later, a little bigger or smaller
      if (faults.empty()) break;
      std::uint64_t& value = faults[below(faults.size())];
      // Relative to the value (a half down to 2^-24 of it, log-uniform), since a decision's
      // range is not known here: a fault time is a 52-bit uniform draw, where a fixed step of
      // up to 2^19 would move the fault by under a nanosecond, a duration is in nanoseconds, a
      // target pick is below the number of nodes (a step of 1: the next node).
      const std::uint64_t delta = std::max<std::uint64_t>(1, value >> (1 + below(24)));
      value = below(2) == 0 ? value + delta : (value > delta ? value - delta : 0);
      note("nudge");
      return;
    }
    case 2:  // insert: every later fault decision moves one place
      faults.insert(faults.begin() + static_cast<std::ptrdiff_t>(below(faults.size() + 1)), rng_.next());
      note("insert");
      return;
    case 3:  // remove
      if (faults.empty()) break;
      faults.erase(faults.begin() + static_cast<std::ptrdiff_t>(below(faults.size())));
      note("remove");
      return;
    case 4:  // cut: keep a prefix, the seed decides the rest
      if (faults.empty()) break;
      faults.resize(below(faults.size()));
      note("cut");
      return;
    case 5:  // swarm: keep or drop a fault kind, or change its strength
      if (swarm.empty()) break;
      swarm[below(swarm.size())] = rng_.next();
      note("swarm");
      return;
    default: {  // splice: this entry's fault prefix, another's suffix (or its swarm draw)
      if (entries_.empty()) break;
      const SteeredInput& other = entries_[below(entries_.size())].input;
      auto other_faults = other.choices.find("faults");
      if (below(2) == 0 || other_faults == other.choices.end()) {
        auto other_swarm = other.choices.find("swarm");
        if (other_swarm != other.choices.end()) swarm = other_swarm->second;
      } else {
        const std::size_t cut = below(std::min(faults.size(), other_faults->second.size()) + 1);
        faults.resize(cut);
        faults.insert(faults.end(), other_faults->second.begin() + static_cast<std::ptrdiff_t>(cut),
                      other_faults->second.end());
      }
      note("splice");
      return;
    }
  }
  note("reseed");  // nothing to mutate in an empty list: only the seed changes (next())
}

SteeredInput GuidedCorpus::next(std::uint64_t fresh_seed) {
  if (entries_.empty() || below(4) == 0) {
    SteeredInput input;
    input.seed = fresh_seed;
    return input;
  }
  const std::size_t index = pick_entry();
  ++entries_[index].picks;
  SteeredInput input = entries_[index].input;
  input.parent = index;
  std::string how;
  const std::uint64_t stacked = 1 + below(3);
  for (std::uint64_t i = 0; i < stacked; ++i) mutate(input, how);
  // Every mutant runs under a new seed: its faults and swarm in a new environment (schedule,
  // network and workload draws). Keeping the entry's seed made the mutants explore fewer of the
  // network coincidences a fault needs to meet than fresh seeds do (docs/exploration.md).
  input.seed = rng_.next();
  input.origin = how;
  return input;
}

}  // namespace grove::scenarios
