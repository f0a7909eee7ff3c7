// Fixed-size fiber stacks, recycled through a free list so that spawning a task (one per RPC
// request) costs no malloc/free of 64 KiB in steady state.
//
// No guard page (see toolchain.md §4.2, §4.5): protected stacks cost ~17 µs to create and two
// VMAs each. Protocol code does not recurse; StackPool::kGuardPattern canaries at the bottom of
// every stack are checked when the stack is returned, so an overflow is reported, not silent.
#pragma once

#include <boost/context/stack_context.hpp>

#include <cstddef>
#include <vector>

namespace grove::sim {

class StackPool {
 public:
  explicit StackPool(std::size_t stack_size_bytes);
  ~StackPool();
  StackPool(const StackPool&) = delete;
  StackPool& operator=(const StackPool&) = delete;

  boost::context::stack_context allocate();
  void deallocate(boost::context::stack_context& stack);

  std::size_t stack_size_bytes() const { return stack_size_bytes_; }
  std::size_t live() const { return live_; }

 private:
  static constexpr std::size_t kCanaryBytes = 64;
  std::size_t stack_size_bytes_;
  std::vector<void*> free_;
  std::size_t live_ = 0;
};

// The StackAllocator concept of Boost.Context, forwarding to a pool that outlives the fibers.
class PooledStackAllocator {
 public:
  explicit PooledStackAllocator(StackPool& pool) : pool_(&pool) {}
  boost::context::stack_context allocate() { return pool_->allocate(); }
  void deallocate(boost::context::stack_context& stack) noexcept { pool_->deallocate(stack); }

 private:
  StackPool* pool_;
};

}  // namespace grove::sim
