// StringPool: interns every string cell of an inventory to a dense 32-bit id.
//
// Inventories repeat the same short strings millions of times (node ids in
// edges, departments, approvers); interning them once at load turns every
// later comparison and lookup into an integer operation and keeps a 10M-edge
// inventory compact.
//
// INVARIANT: id 0 is the empty string, which ward reads as "absent".
// Views returned by view() stay valid until the pool is destroyed (strings
// live in stable chunks that are never moved).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace ward {

using StrId = std::uint32_t;
constexpr StrId kEmptyStr = 0;

class StringPool {
 public:
  StringPool();
  StringPool(const StringPool&) = delete;
  StringPool& operator=(const StringPool&) = delete;
  StringPool(StringPool&&) noexcept = default;
  StringPool& operator=(StringPool&&) noexcept = default;

  // The id of `s`, adding it if new.
  StrId intern(std::string_view s);
  // Interns in[k] into out[k] for every k. Same result as calling intern()
  // in order, but hashes a batch first and prefetches its table slots, so
  // the cache misses of a large pool overlap instead of queueing.
  // REQUIRES: out has room for in.size() ids.
  void intern_batch(std::span<const std::string_view> in, StrId* out);
  // Layered interning, for two threads reading one large file while the
  // shared pool must stay unchanged: out[k] is `base`'s id of in[k] when
  // `base` holds it, otherwise kLayerBit | this pool's id of in[k] (added
  // here if new). Both pools hash alike, so each string is hashed once.
  // Reading `base` only, any number of threads may do this at once.
  // REQUIRES: base.size() and size() stay below kLayerBit.
  static constexpr StrId kLayerBit = 0x80000000u;
  void intern_batch_over(const StringPool& base, std::span<const std::string_view> in, StrId* out);
  // The id of `s` if present, otherwise kNotFound.
  static constexpr StrId kNotFound = UINT32_MAX;
  StrId find(std::string_view s) const;
  // Makes room for `n` more strings without growing the table on the way
  // (growing touches the table's memory twice).
  void reserve(std::size_t n);

  // A copy with the same ids: every string in one new chunk, the hash
  // table copied as it is (no string is hashed again).
  StringPool clone() const;

  // How many leading ids `a` and `b` give the same strings: a pool and its
  // clones (and theirs) share the ids the pool had when it was cloned; 0
  // for unrelated pools. Below that count, equal ids are equal strings and
  // unequal ids unequal ones; an id below it and one at or above it are
  // different strings too (the second pool would have found the string
  // among the shared ones rather than add it). Only two ids both at or
  // above it need their texts compared.
  static std::size_t common_ids(const StringPool& a, const StringPool& b);

  std::string_view view(StrId id) const { return views_[id]; }
  std::size_t size() const { return views_.size(); }

 private:
  void grow_table();
  void rehash(std::size_t slots);  // REQUIRES: a power of two, above the load limit for size()
  char* allocate(std::size_t n);

  // Open addressing with linear probing, filled up to 3/4. A slot keeps a
  // tag (the length, capped at 255, and the low 24 bits of the hash) and
  // the first 8 bytes of its string, so most probes (and every lookup of a
  // string of 8 bytes or less, which most ids and codes are) are decided
  // without touching the string: one cache miss per lookup instead of three.
  // Growing re-slots entries from their tags without reading the strings
  // (up to 2^24 slots).
  struct Slot {
    StrId id;            // kNotFound: empty slot
    std::uint32_t tag;   // min(length, 255) << 24 | (hash & 0xFFFFFF)
    std::uint64_t prefix;  // first min(8, length) bytes, zero-padded
  };
  bool matches(const Slot& e, std::string_view s, std::uint32_t tag, std::uint64_t prefix) const;
  StrId intern_hashed(std::string_view s, std::uint64_t hash);
  StrId find_hashed(std::string_view s, std::uint64_t hash) const;
  std::vector<std::string_view> views_;
  std::vector<Slot> table_;
  std::uint64_t lineage_;                  // the same for a pool and its clones
  std::size_t shared_ids_ = SIZE_MAX;      // a clone: the ids it shares with its lineage
  std::vector<std::unique_ptr<char[]>> chunks_;
  char* chunk_cursor_ = nullptr;
  std::size_t chunk_left_ = 0;
};

}  // namespace ward
