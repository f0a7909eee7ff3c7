#include "core/apps/bank/bank_records.h"

#include "core/rpc/marshal.h"

namespace grove::apps::bank {

env::Bytes encode_account(std::uint64_t balance, std::string_view tag) {
  rpc::Encoder encoder;
  encoder.u64(balance);
  encoder.rest(tag);
  return encoder.take();
}

std::optional<Account> decode_account(std::string_view raw) {
  if (raw.empty()) return Account{};
  rpc::Decoder decoder(raw);
  Account account;
  account.balance = decoder.u64();
  account.tag = std::string(decoder.rest());
  if (!decoder.ok()) return std::nullopt;
  return account;
}

env::Bytes encode_intent(const Intent& intent) {
  rpc::Encoder encoder;
  encoder.byte(static_cast<std::uint8_t>(intent.state));
  if (intent.has_body) {
    encoder.bytes_with_length(intent.src);
    encoder.bytes_with_length(intent.dst);
    encoder.u64(intent.amount);
    encoder.bytes_with_length(intent.src_before);
    encoder.rest(intent.dst_before);
  }
  return encoder.take();
}

std::optional<Intent> decode_intent(std::string_view raw) {
  if (raw.empty()) return std::nullopt;
  rpc::Decoder decoder(raw);
  Intent intent;
  const char state = static_cast<char>(decoder.byte());
  if (state != 'P' && state != 'C' && state != 'A') return std::nullopt;
  intent.state = static_cast<IntentState>(state);
  if (decoder.remaining() == 0) return decoder.ok() ? std::optional<Intent>(intent) : std::nullopt;
  intent.has_body = true;
  intent.src = std::string(decoder.bytes_with_length());
  intent.dst = std::string(decoder.bytes_with_length());
  intent.amount = decoder.u64();
  intent.src_before = std::string(decoder.bytes_with_length());
  intent.dst_before = std::string(decoder.rest());
  if (!decoder.ok()) return std::nullopt;
  return intent;
}

std::string intent_key(std::string_view txid) { return "intent/" + std::string(txid); }

env::Bytes encode_chain(const std::vector<std::string>& txids) {
  rpc::Encoder encoder;
  encoder.u64(txids.size());
  for (const std::string& txid : txids) encoder.bytes_with_length(txid);
  return encoder.take();
}

std::vector<std::string> decode_chain(std::string_view note) {
  rpc::Decoder decoder(note);
  const std::uint64_t count = decoder.u64();
  std::vector<std::string> txids;
  for (std::uint64_t i = 0; i < count && decoder.ok(); ++i) {
    txids.emplace_back(decoder.bytes_with_length());
  }
  if (!decoder.finish()) return {};
  return txids;
}

}  // namespace grove::apps::bank
