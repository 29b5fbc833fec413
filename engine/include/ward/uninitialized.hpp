// UninitializedAllocator: a std::allocator whose argument-less construct()
// writes nothing, so vector::resize(n) only reserves and leaves the new
// elements for the caller to write.
//
// Why: on the machines ward runs on, the first write to a fresh page costs
// about ten times a later write (the kernel zeroes it, a VM's host faults
// it in). resize() on a std::vector writes every new element once on the
// calling thread; a loader that then fills the elements from two threads
// pays the first touch serially and writes twice. With this allocator the
// threads that fill the elements take the first touch, in parallel.
//
// REQUIRES (of T): trivially copyable and trivially destructible, so that
// storage from the allocator holds T objects without a constructor having
// run (an implicit-lifetime type), and every element is written before it
// is read: resize() leaves indeterminate values.
#pragma once

#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

namespace ward {

template <typename T>
class UninitializedAllocator : public std::allocator<T> {
 public:
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);
  using value_type = T;
  template <typename U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };

  UninitializedAllocator() noexcept = default;
  template <typename U>
  UninitializedAllocator(const UninitializedAllocator<U>&) noexcept {}

  // Default construction: nothing is written (see the REQUIRES above).
  template <typename U>
  void construct(U*) noexcept {}
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

template <typename T, typename U>
bool operator==(const UninitializedAllocator<T>&, const UninitializedAllocator<U>&) noexcept {
  return true;
}

// A vector whose resize() leaves new elements unwritten.
template <typename T>
using UninitializedVector = std::vector<T, UninitializedAllocator<T>>;

}  // namespace ward
