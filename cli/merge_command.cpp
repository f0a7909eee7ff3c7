// `grovesim merge DIR...`: one summary from the summaries of campaign shards.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/campaign_command.h"
#include "cli/run_support.h"

namespace grove::cli {

int run_merge(const MergeOptions& options) {
  using nlohmann::json;
  std::uint64_t completed = 0, failed = 0, inconclusive = 0, max_check_steps = 0;
  double wall_s_total = 0, wall_s_max = 0, simulated_s = 0;
  std::map<std::string, std::uint64_t> by_checker;
  std::set<std::uint64_t> failing, inconclusive_seeds;
  std::set<std::string> scenarios, shards;
  std::map<std::string, std::uint64_t> coverage_seeds;
  std::map<std::uint64_t, json> results;  // per seed, from every shard
  std::string range;  // "first..last" of the first summary: every shard must share it
  std::set<std::uint64_t> shard_indices;
  std::uint64_t shard_count = 0;
  auto refuse = [](const std::string& message) {
    std::fprintf(stderr, "grovesim: merge: %s\n", message.c_str());
    return kExitBadInput;
  };
  for (const std::string& dir : options.dirs) {
    const std::string path = dir + "/summary.json";
    std::ifstream file(path);
    if (!file) {
      std::fprintf(stderr, "grovesim: %s: cannot read the file\n", path.c_str());
      return kExitBadInput;
    }
    std::stringstream text;
    text << file.rdbuf();
    try {
      const json summary = json::parse(text.str());
      completed += summary.at("completed").get<std::uint64_t>();
      failed += summary.at("failed").get<std::uint64_t>();
      inconclusive += summary.value("inconclusive", std::uint64_t{0});
      max_check_steps = std::max(max_check_steps, summary.value("max_check_steps", std::uint64_t{0}));
      const double wall_s = summary.at("wall_s").get<double>();
      wall_s_total += wall_s;
      wall_s_max = std::max(wall_s_max, wall_s);
      simulated_s += summary.value("simulated_s", 0.0);
      for (const auto& [checker, count] : summary.at("failures_by_checker").items()) {
        by_checker[checker] += count.get<std::uint64_t>();
      }
      for (const json& seed : summary.at("failing_seeds")) failing.insert(seed.get<std::uint64_t>());
      for (const json& seed : summary.value("inconclusive_seeds", json::array())) {
        inconclusive_seeds.insert(seed.get<std::uint64_t>());
      }
      const json coverage = summary.value("coverage_seeds", json::object());
      for (const auto& [mark, count] : coverage.items()) {
        coverage_seeds[mark] += count.get<std::uint64_t>();
      }
      scenarios.insert(summary.at("scenario").get<std::string>());
      if (scenarios.size() > 1) {
        return refuse(path + ": summaries of different scenarios (" + *scenarios.begin() + ", " +
                      *std::next(scenarios.begin()) + "): merge shards of one campaign only");
      }
      const std::string this_range =
          std::to_string(summary.at("seeds").at("first").get<std::uint64_t>()) + ".." +
          std::to_string(summary.at("seeds").at("last").get<std::uint64_t>());
      if (range.empty()) range = this_range;
      if (this_range != range) {
        return refuse(path + ": seeds " + this_range + ", but an earlier shard ran " + range +
                      ": merge shards of one campaign only");
      }
      const std::string shard = summary.value("shard", "0/1");
      if (!shards.insert(shard).second) {
        return refuse(path + ": shard " + shard + " is given twice (its seeds would count twice)");
      }
      const std::size_t slash = shard.find('/');
      const std::uint64_t count = slash == std::string::npos ? 0 : std::stoull(shard.substr(slash + 1));
      if (shard_count != 0 && count != shard_count) {
        return refuse(path + ": shard " + shard + " is not one of " + std::to_string(shard_count) +
                      " shards like the others");
      }
      shard_count = count;
      shard_indices.insert(std::stoull(shard.substr(0, slash)));
      for (const json& line : summary.value("results", json::array())) {
        const auto seed = line.at("seed").get<std::uint64_t>();
        if (!results.emplace(seed, line).second) {
          return refuse(path + ": seed " + std::to_string(seed) +
                        " is in an earlier shard too (overlapping shards)");
        }
      }
    } catch (const std::exception& error) {  // json errors, and a malformed shard number
      std::fprintf(stderr, "grovesim: %s: not a campaign summary (%s)\n", path.c_str(), error.what());
      return kExitBadInput;
    }
  }
  std::vector<std::string> missing;
  for (std::uint64_t index = 0; index < shard_count; ++index) {
    if (shard_indices.count(index) == 0) {
      missing.push_back(std::to_string(index) + "/" + std::to_string(shard_count));
    }
  }
  json merged = {
      {"scenarios", scenarios},
      {"seeds", range},
      {"shards", shards},
      {"missing_shards", missing},
      {"coverage_seeds", coverage_seeds},
      {"completed", completed},
      {"passed", completed - failed - inconclusive},
      {"failed", failed},
      {"inconclusive", inconclusive},
      {"failures_by_checker", by_checker},
      {"failing_seeds", failing},
      {"inconclusive_seeds", inconclusive_seeds},
      {"max_check_steps", max_check_steps},
      {"wall_s_sum", wall_s_total},
      {"wall_s_longest_shard", wall_s_max},
      // Shards run side by side: the campaign took as long as its longest shard.
      {"seeds_per_second", wall_s_max > 0 ? static_cast<double>(completed) / wall_s_max : 0.0},
      {"simulated_s", simulated_s},
      {"results", [&results] {
         json lines = json::array();
         for (auto& [seed, line] : results) lines.push_back(std::move(line));
         return lines;
       }()},
  };
  if (options.json) {
    std::cout << merged.dump(2) << "\n";
  } else {
    std::printf("merged %zu summaries: %llu seeds, %llu failed, %llu inconclusive\n",
                options.dirs.size(), static_cast<unsigned long long>(completed),
                static_cast<unsigned long long>(failed),
                static_cast<unsigned long long>(inconclusive));
    for (const auto& [checker, count] : by_checker) {
      std::printf("  %s: %llu\n", checker.c_str(), static_cast<unsigned long long>(count));
    }
    if (!missing.empty()) {
      std::string list;
      for (const std::string& shard : missing) list += (list.empty() ? "" : ", ") + shard;
      std::printf("  missing shards: %s (seeds %s are not all covered)\n", list.c_str(),
                  range.c_str());
    }
  }
  if (failed > 0) return kExitFailed;
  return inconclusive == 0 ? kExitOk : kExitInconclusive;
}

}  // namespace grove::cli
