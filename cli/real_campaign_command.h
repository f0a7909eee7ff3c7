// `grovesim real-campaign`: a Jepsen-style campaign against a real local cluster
// (scenarios/real/real_campaign.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace grove::cli {

struct RealCampaignCommandOptions {
  double duration_s = 60;
  std::string out_dir = "real-campaign";
  std::size_t clients = 3;
  std::vector<std::string> bugs;
  std::string faults = "kill,pause,partition,clock";
  std::uint64_t seed = 1;
  std::uint64_t check_budget = 0;
  bool json = false;
  bool force = false;
  bool quiet = false;
};

int run_real_campaign_command(const RealCampaignCommandOptions& options);

}  // namespace grove::cli
