#include "sim/stack_pool.h"

#include <cstdlib>
#include <cstring>
#include <new>

#include "core/env/check.h"

namespace grove::sim {

namespace {
constexpr unsigned char kCanary = 0xA5;
}

StackPool::StackPool(std::size_t stack_size_bytes) : stack_size_bytes_(stack_size_bytes) {
  GROVE_CHECK(stack_size_bytes >= 16 * 1024, "fiber stacks are at least 16 KiB");
}

StackPool::~StackPool() {
  for (void* stack : free_) std::free(stack);
}

boost::context::stack_context StackPool::allocate() {
  void* base;
  if (free_.empty()) {
    base = std::malloc(stack_size_bytes_);
    if (base == nullptr) throw std::bad_alloc();
    // The stack grows down: the lowest bytes are the last to be used. Mark them.
    std::memset(base, kCanary, kCanaryBytes);
  } else {
    base = free_.back();
    free_.pop_back();
  }
  ++live_;
  boost::context::stack_context stack;
  stack.size = stack_size_bytes_;
  stack.sp = static_cast<char*>(base) + stack_size_bytes_;
  return stack;
}

void StackPool::deallocate(boost::context::stack_context& stack) {
  void* base = static_cast<char*>(stack.sp) - stack.size;
  const auto* bytes = static_cast<const unsigned char*>(base);
  for (std::size_t i = 0; i < kCanaryBytes; ++i) {
    GROVE_CHECK(bytes[i] == kCanary, "fiber stack overflow (raise WorldOptions::stack_size_bytes)");
  }
  --live_;
  free_.push_back(base);
}

}  // namespace grove::sim
