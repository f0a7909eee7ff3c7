#include "cli/kv_command.h"

#include <cmath>
#include <cstdio>

#include "cli/cluster_command.h"
#include "cli/run_support.h"
#include "core/apps/vkv/vkv_clerk.h"
#include "runtime/caller.h"

namespace grove::cli {

int run_kv(const KvOptions& options) {
  const std::size_t wanted = options.action == "get"       ? 1
                             : options.action == "put"      ? 2
                             : options.action == "cond-put" ? 3
                                                            : 0;
  if (wanted == 0) {
    std::fprintf(stderr, "grovesim kv: unknown operation '%s' (get, put or cond-put)\n", options.action.c_str());
    return kExitBadInput;
  }
  if (options.args.size() != wanted) {
    const char* usage = wanted == 1 ? "KEY" : wanted == 2 ? "KEY VALUE" : "KEY EXPECTED VALUE";
    std::fprintf(stderr, "grovesim kv %s: expected %s\n", options.action.c_str(), usage);
    return kExitBadInput;
  }
  if (!(options.timeout_s > 0) || !std::isfinite(options.timeout_s)) {
    std::fprintf(stderr, "grovesim kv: --timeout must be a positive number of seconds\n");
    return kExitBadInput;
  }
  std::vector<std::uint64_t> configs;
  if (!resolve_config_servers("kv", options.config, options.dir, configs)) return kExitBadInput;
  const auto give_up = static_cast<env::DurationNs>(options.timeout_s * 1e9);
  const std::optional<int> code = runtime::run_as_caller([&](runtime::ProcessEnv& process) {
    vrsm::Timing timing;
    apps::vkv::Clerk clerk(process.env(), std::vector<env::NodeId>(configs.begin(), configs.end()), timing, give_up);
    vrsm::ClientResult result;
    if (options.action == "get") {
      result = clerk.get(options.args[0]);
    } else if (options.action == "put") {
      result = clerk.put(options.args[0], options.args[1]);
    } else {
      result = clerk.cond_put(options.args[0], options.args[1], options.args[2]);
    }
    if (result.err != vrsm::Err::kNone) return -1;
    if (options.action == "get") {
      std::printf("%s\n", result.reply.c_str());
    } else if (options.action == "put") {
      std::printf("ok\n");
    } else {
      std::printf("%s\n", result.reply == "ok" ? "ok" : "not applied (the value was not the expected one)");
      return result.reply == "ok" ? kExitOk : kExitFailed;
    }
    return kExitOk;
  }, give_up);
  if (!code || *code < 0) {
    std::fprintf(stderr, "grovesim kv %s: no answer within %g s (is the cluster up?)\n",
                 options.action.c_str(), options.timeout_s);
    return kExitFailed;
  }
  return *code;
}

}  // namespace grove::cli
