// `grovesim merge DIR...`: one summary from the summaries of campaign shards.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

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
      scenarios.insert(summary.at("scenario").get<std::string>());
      shards.insert(summary.value("shard", "?"));
    } catch (const json::exception& error) {
      std::fprintf(stderr, "grovesim: %s: not a campaign summary (%s)\n", path.c_str(), error.what());
      return kExitBadInput;
    }
  }
  json merged = {
      {"scenarios", scenarios},
      {"shards", shards},
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
  }
  if (failed > 0) return kExitFailed;
  return inconclusive == 0 ? kExitOk : kExitInconclusive;
}

}  // namespace grove::cli
