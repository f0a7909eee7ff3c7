#include "cli/real_campaign_command.h"

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "cli/run_support.h"
#include "scenarios/real/real_campaign.h"

namespace grove::cli {

namespace {

bool parse_faults(const std::string& text, std::vector<scenarios::RealFault>& out) {
  out.clear();
  if (text == "none") return true;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    bool known = false;
    for (scenarios::RealFault fault : scenarios::all_real_faults()) {
      if (item == scenarios::real_fault_name(fault)) {
        out.push_back(fault);
        known = true;
      }
    }
    if (!known) {
      std::fprintf(stderr, "grovesim real-campaign: --faults: unknown fault '%s' (kill, pause, partition, clock or none)\n",
                   item.c_str());
      return false;
    }
    start = comma + 1;
  }
  return true;
}

}  // namespace

int run_real_campaign_command(const RealCampaignCommandOptions& options) {
  if (!(options.duration_s > 0) || !std::isfinite(options.duration_s)) {
    std::fprintf(stderr, "grovesim real-campaign: --duration must be a positive number of seconds\n");
    return kExitBadInput;
  }
  if (!parse_bugs_or_report(options.bugs)) return kExitBadInput;
  scenarios::RealCampaignOptions campaign;
  if (!parse_faults(options.faults, campaign.faults)) return kExitBadInput;
  std::error_code error;
  if (std::filesystem::exists(options.out_dir + "/report.json", error) ||
      std::filesystem::exists(options.out_dir + "/cluster", error)) {
    if (!options.force) {
      std::fprintf(stderr, "grovesim real-campaign: %s holds an earlier campaign's results; --force replaces them\n",
                   options.out_dir.c_str());
      return kExitBadInput;
    }
    std::filesystem::remove_all(options.out_dir + "/cluster", error);
    std::filesystem::remove(options.out_dir + "/report.json", error);
  }
  std::filesystem::create_directories(options.out_dir, error);
  if (error) {
    std::fprintf(stderr, "grovesim real-campaign: %s: %s\n", options.out_dir.c_str(), error.message().c_str());
    return kExitBadInput;
  }
  campaign.out_dir = options.out_dir;
  campaign.duration_s = options.duration_s;
  campaign.clients = options.clients;
  campaign.bugs = options.bugs;
  campaign.seed = options.seed;
  campaign.check_budget = options.check_budget;
  campaign.progress = !options.quiet && !options.json;
  const scenarios::RealCampaignResult result = scenarios::run_real_campaign(campaign);
  const std::string report = scenarios::real_campaign_json(campaign, result);
  write_text_file(options.out_dir + "/report.json", report + "\n");
  if (!result.setup_error.empty()) {
    std::fprintf(stderr, "grovesim real-campaign: the cluster did not start: %s\n", result.setup_error.c_str());
    return kExitInconclusive;
  }
  if (options.json) {
    std::printf("%s\n", report.c_str());
  } else {
    std::size_t faults = 0;
    for (const auto& [kind, count] : result.faults) faults += count;
    std::printf("%s: %zu ops (%zu completed), %zu faults, %zu reconfigurations, heal %.1f s, %zu ghost events\n",
                result.verdict == scenarios::RunVerdict::kPass   ? "PASS"
                : result.verdict == scenarios::RunVerdict::kFail ? "FAIL"
                                                                 : "INCONCLUSIVE (not a pass)",
                result.ops, result.ops_completed, faults, result.reconfigurations, result.heal_s,
                result.ghost_events);
    constexpr std::size_t kShown = 10;
    for (std::size_t i = 0; i < result.violations.size() && i < kShown; ++i) {
      const auto& violation = result.violations[i];
      std::printf("  %s/%s: %s\n", violation.checker.c_str(), violation.rule.c_str(), violation.message.c_str());
    }
    if (result.violations.size() > kShown) {
      std::printf("  ... and %zu more violations (all in report.json)\n", result.violations.size() - kShown);
    }
    if (!result.inconclusive_reason.empty()) std::printf("  inconclusive: %s\n", result.inconclusive_reason.c_str());
    std::printf("history, ghost logs, fault log and report in %s\n", options.out_dir.c_str());
  }
  return result.verdict == scenarios::RunVerdict::kPass   ? kExitOk
         : result.verdict == scenarios::RunVerdict::kFail ? kExitFailed
                                                          : kExitInconclusive;
}

}  // namespace grove::cli
