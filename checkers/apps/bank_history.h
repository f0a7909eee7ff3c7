// The bank's client history (protocol.md §7.4), as the bank workload records it and as the
// bank checker and the "bank" linearizability model read it. One op per BankClerk call:
//   "init"     input [account, total]        output "ok" (this call put the total into the
//                                            account) or "skipped" (already initialised)
//   "transfer" input [src, dst, amount]      output "ok", "insufficient" (no effect) or
//                                            "aborted" (a lock lease lapsed: no effect)
//   "audit"    input []                      output the balances "acct0=1000 acct1=0 ..." or
//                                            "aborted" (no snapshot)
// An unknown output (crashed or gave up) may or may not have taken effect.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace grove::checkers::apps {

inline constexpr std::string_view kBankAborted = "aborted";

// "a=1 b=2" -> {a:1, b:2}; nullopt if malformed (a balance that is not a u64 included).
std::optional<std::map<std::string, std::uint64_t>> parse_balances(std::string_view text);
// The inverse, in name order, every listed account included.
std::string format_balances(const std::map<std::string, std::uint64_t>& balances);

}  // namespace grove::checkers::apps
