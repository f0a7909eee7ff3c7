// "bank": accounts with balances (protocol.md §7.4), over the whole history (a transfer
// touches two accounts, so no per-key partition). Vocabulary in checkers/apps/bank_history.h:
//   init [account, total]          -> ok (the bank was empty; account now holds total) | skipped
//   transfer [src, dst, amount]    -> ok (src >= amount; moved) | insufficient (src < amount)
//                                     | aborted (no effect)
//   audit []                       -> "name=balance ..." (every listed balance matches; an
//                                     unlisted account is 0) | aborted
// An unknown output took effect as if it succeeded (or never: the search may leave it out).
// A state is the interned canonical text of the nonzero balances ("" = every account 0).
#include <charconv>
#include <map>

#include "checkers/apps/bank_history.h"
#include "checkers/model.h"

namespace grove::checkers {

namespace {

using Balances = std::map<std::string, std::uint64_t>;

enum : std::uint8_t { kInit, kSkip, kTransfer, kInsufficient, kNoEffect, kAudit };

std::string canonical(const Balances& balances) {
  Balances nonzero;
  for (const auto& [account, balance] : balances) {
    if (balance != 0) nonzero[account] = balance;
  }
  return apps::format_balances(nonzero);
}

std::uint64_t parse_amount(const std::string& text) {
  std::uint64_t amount = 0;
  std::from_chars(text.data(), text.data() + text.size(), amount);
  return amount;
}

class BankMachine final : public Machine {
 public:
  explicit BankMachine(ValueTable& values) : values_(values) {}
  State initial() override { return 0; }

  bool step(State state, const CompiledOp& op, State* next) override {
    *next = state;
    switch (op.kind) {
      case kSkip:
      case kNoEffect:
        return true;
      case kAudit:
        return op.out == state;
      case kInit: {
        if (state != 0) return false;  // init puts the total into an empty bank only
        Balances balances{{values_.text(op.a), parse_amount(values_.text(op.b))}};
        *next = values_.intern(canonical(balances));
        return true;
      }
      default: {  // transfer: ok, insufficient, or unknown
        Balances balances = *apps::parse_balances(values_.text(static_cast<ValueId>(state)));
        const std::uint64_t amount = parse_amount(values_.text(op.key));
        const std::uint64_t src = balances[values_.text(op.a)];
        const bool enough = src >= amount;
        if (op.kind == kInsufficient) return !enough;
        if (!enough) return !op.known;  // an unknown transfer may have found too little
        balances[values_.text(op.a)] = src - amount;
        balances[values_.text(op.b)] += amount;
        *next = values_.intern(canonical(balances));
        return true;
      }
    }
  }

  std::string describe(State state) const override {
    const std::string& text = values_.text(static_cast<ValueId>(state));
    return "{" + (text.empty() ? std::string("every account 0") : text) + "}";
  }

 private:
  ValueTable& values_;
};

class BankModel final : public Model {
 public:
  std::string_view name() const override { return "bank"; }
  std::string_view summary() const override {
    return "accounts: init [acct total], transfer [src dst amount] -> ok|insufficient|aborted, "
           "audit -> \"acct=balance ...\"";
  }
  bool partition_by_key() const override { return false; }

  std::string compile(const traces::Operation& op, ValueTable& values,
                      CompiledOp* out) const override {
    out->known = op.outcome_known();
    if (op.name == "init") {
      if (op.input.size() != 2) return "init takes [account total]";
      out->a = values.intern(op.input[0]);
      out->b = values.intern(op.input[1]);
      out->kind = op.output == "skipped" ? kSkip : kInit;
      if (out->known && *op.output != "ok" && *op.output != "skipped") {
        return "init output must be ok or skipped, not " + quoted(*op.output);
      }
      return "";
    }
    if (op.name == "transfer") {
      if (op.input.size() != 3) return "transfer takes [src dst amount]";
      out->a = values.intern(op.input[0]);
      out->b = values.intern(op.input[1]);
      out->key = values.intern(op.input[2]);  // the amount (unpartitioned: key is free)
      out->kind = kTransfer;
      if (out->known) {
        if (*op.output == "insufficient") {
          out->kind = kInsufficient;
        } else if (*op.output == apps::kBankAborted || *op.output == "invalid") {
          out->kind = kNoEffect;
        } else if (*op.output != "ok") {
          return "transfer output must be ok, insufficient or aborted, not " + quoted(*op.output);
        }
      }
      return "";
    }
    if (op.name == "audit") {
      out->effect_free = true;
      out->kind = kAudit;
      if (!out->known || *op.output == apps::kBankAborted) {
        out->kind = kNoEffect;
        return "";
      }
      const auto balances = apps::parse_balances(*op.output);
      if (!balances) return "audit output must be \"account=balance ...\", not " + quoted(*op.output);
      out->out = values.intern(canonical(*balances));
      return "";
    }
    return "the bank model has no operation '" + op.name + "' (init, transfer, audit)";
  }

  std::unique_ptr<Machine> machine(ValueTable& values, bool) const override {
    return std::make_unique<BankMachine>(values);
  }
};

}  // namespace

const Model& bank_model() {
  static const BankModel model;
  return model;
}

}  // namespace grove::checkers
