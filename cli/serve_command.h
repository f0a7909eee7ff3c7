// `grovesim serve config|replica`: one Grove node as this process, on a real network and disk
// (runtime/). `grovesim cluster up` starts these; a user may start them by hand on several
// machines too.
#pragma once

#include <string>
#include <vector>

namespace grove::cli {

struct ServeOptions {
  std::string role;     // config | replica
  std::string listen;   // A.B.C.D:PORT
  std::string config;   // the config servers, comma-separated
  std::string data;     // data directory
  std::string ghost_log;
  long long clock_uncertainty_ns = 1'000'000;
  long long group_commit_delay_us = -1;  // -1: the runtime's default
  std::vector<std::string> bugs;
};

int run_serve(const ServeOptions& options);

}  // namespace grove::cli
