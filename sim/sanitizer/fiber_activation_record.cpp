// Only in sanitizer builds (GROVE_SANITIZE): Boost.Context's ucontext backend, which is the one
// with AddressSanitizer hooks, keeps its "current context" record out of line, and Debian's
// libboost_context is built for the fcontext backend without it (toolchain.md §4.3). These are
// the definitions from Boost's own libs/context/src/fiber.cpp.
#if defined(BOOST_USE_UCONTEXT)

#include <boost/context/fiber.hpp>

namespace boost::context::detail {

namespace {
thread_local fiber_activation_record* current_record = nullptr;
thread_local std::size_t initializer_count = 0;
}  // namespace

fiber_activation_record_initializer::fiber_activation_record_initializer() noexcept {
  if (initializer_count++ == 0) current_record = new fiber_activation_record();
}

fiber_activation_record_initializer::~fiber_activation_record_initializer() {
  if (--initializer_count == 0) {
    delete current_record;
    current_record = nullptr;
  }
}

fiber_activation_record*& fiber_activation_record::current() noexcept {
  // Created the first time a thread switches; the record of its main context.
  thread_local static fiber_activation_record_initializer initializer;
  return current_record;
}

}  // namespace boost::context::detail

#endif  // BOOST_USE_UCONTEXT
