#include "runtime/caller.h"

#include <sys/random.h>

#include "runtime/node_address.h"

namespace grove::runtime {

std::optional<int> run_as_caller(const std::function<int(ProcessEnv&)>& body,
                                 env::DurationNs within_ns, env::BugSet bugs) {
  std::uint64_t random_id = 0;
  if (getrandom(&random_id, sizeof random_id, 0) != sizeof random_id) random_id = realtime_now_ns();
  EventLoop loop;
  ProcessEnvOptions options;
  options.self = kFirstCallerId + (random_id & ((std::uint64_t{1} << 40) - 1));
  options.bugs = bugs;
  ProcessEnv process(loop, options);
  std::optional<int> result;
  loop.spawn("caller", [&] {
    result = body(process);
    loop.stop();
  });
  if (within_ns >= 0) {
    loop.spawn("caller_deadline", [&] {
      process.sleep(within_ns);
      loop.stop();
    });
  }
  loop.run();
  loop.unwind_all();  // while `process` and what the body's tasks reference are alive
  return result;
}

}  // namespace grove::runtime
