// `grovesim kv get|put|cond-put`: one vKV operation against a real cluster, as a client.
#pragma once

#include <string>
#include <vector>

namespace grove::cli {

struct KvOptions {
  std::string action;  // get | put | cond-put
  std::vector<std::string> args;
  std::string dir = "grovesim-cluster";
  std::string config;
  double timeout_s = 10;
};

int run_kv(const KvOptions& options);

}  // namespace grove::cli
