// TrackingIterator: a char iterator for nlohmann::json's SAX parser that
// publishes how far the lexer has read. When a SAX event fires, the lexer
// has just read the token the event is about (numbers: plus one
// character), which is how values get their line and column. Used by the
// JSON inventory reader and by the importers of JSON sources.
#pragma once

#include <cstddef>
#include <iterator>

namespace ward {

class TrackingIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator() = default;
  TrackingIterator(const char* p, const char* base, std::size_t* consumed) : p_(p), base_(base), consumed_(consumed) {}
  reference operator*() const { return *p_; }
  TrackingIterator& operator++() {
    ++p_;
    *consumed_ = static_cast<std::size_t>(p_ - base_);
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const TrackingIterator& o) const { return p_ == o.p_; }
  bool operator!=(const TrackingIterator& o) const { return p_ != o.p_; }

 private:
  const char* p_ = nullptr;
  const char* base_ = nullptr;
  std::size_t* consumed_ = nullptr;
};

}  // namespace ward
