#include "checkers/apps/bank_history.h"

#include <charconv>

namespace grove::checkers::apps {

std::optional<std::map<std::string, std::uint64_t>> parse_balances(std::string_view text) {
  std::map<std::string, std::uint64_t> balances;
  std::size_t at = 0;
  while (at < text.size()) {
    if (text[at] == ' ') {
      ++at;
      continue;
    }
    std::size_t end = text.find(' ', at);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view entry = text.substr(at, end - at);
    const std::size_t equals = entry.rfind('=');
    if (equals == std::string_view::npos || equals == 0) return std::nullopt;
    std::uint64_t balance = 0;
    const std::string_view digits = entry.substr(equals + 1);
    const auto parsed = std::from_chars(digits.data(), digits.data() + digits.size(), balance);
    if (parsed.ec != std::errc() || parsed.ptr != digits.data() + digits.size() || digits.empty()) {
      return std::nullopt;
    }
    balances[std::string(entry.substr(0, equals))] = balance;
    at = end;
  }
  return balances;
}

std::string format_balances(const std::map<std::string, std::uint64_t>& balances) {
  std::string out;
  for (const auto& [account, balance] : balances) {
    if (!out.empty()) out += ' ';
    out += account + "=" + std::to_string(balance);
  }
  return out;
}

}  // namespace grove::checkers::apps
