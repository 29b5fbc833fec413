#include "ward/string_pool.hpp"

#include "ward/same_bytes.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <stdexcept>

namespace ward {

namespace {

constexpr std::size_t kChunkSize = 1 << 20;

// The n <= 8 bytes at p as a little-endian word, zero-padded, without a
// call to memcpy and without a branch per length: two overlapping loads
// whose shared bytes agree (this is on every intern and lookup).
inline std::uint64_t load_short(const char* p, std::size_t n) {
  if (n >= 4) {
    std::uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    return std::uint64_t{lo} | std::uint64_t{hi} << (8 * (n - 4));
  }
  if (n == 0) return 0;
  const auto byte = [&](std::size_t k) { return std::uint64_t{static_cast<unsigned char>(p[k])} << (8 * k); };
  return byte(0) | byte(n / 2) | byte(n - 1);
}

inline std::uint64_t load_word(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

inline std::uint64_t finish_hash(std::uint64_t h) {
  h ^= h >> 32;
  h *= 0xd6e8feb86659fd93ull;
  h ^= h >> 32;
  return h;
}

// A 64-bit hash for linear probing (the low bits pick the slot, so the
// finish mixes the high bits down). Strings of up to 16 bytes, most ids,
// codes and dates, take one or two word loads and no loop.
[[gnu::always_inline]] inline std::uint64_t hash_bytes(std::string_view s) {
  constexpr std::uint64_t kSeed = 0xcbf29ce484222325ull, kPrime = 0x100000001b3ull, kOdd = 0x9e3779b97f4a7c15ull;
  const char* p = s.data();
  const std::size_t n = s.size();
  if (n <= 8) return finish_hash((kSeed ^ n ^ load_short(p, n)) * kPrime);
  if (n <= 16) {  // the two words overlap when n < 16; the length tells 9..16 apart
    const std::uint64_t h = (kSeed ^ n ^ load_word(p)) * kPrime;
    return finish_hash((h ^ (h >> 29) ^ load_word(p + n - 8)) * kOdd);
  }
  std::uint64_t h = kSeed ^ n;
  std::size_t left = n;
  while (left >= 8) {
    h = (h ^ load_word(p)) * kPrime;
    h ^= h >> 29;
    p += 8;
    left -= 8;
  }
  return finish_hash((h ^ load_short(p, left)) * kPrime);
}

}  // namespace

namespace {
std::uint32_t tag_of(std::string_view s, std::uint64_t hash) {
  const auto length = static_cast<std::uint32_t>(std::min<std::size_t>(s.size(), 255));
  return length << 24 | static_cast<std::uint32_t>(hash & 0xFFFFFF);
}

// Slots for `strings` at a load of at most 3/4: a power of two, at least 1024.
std::size_t slots_for(std::size_t strings) {
  std::size_t slots = 1024;
  while (strings * 4 > slots * 3) slots *= 2;
  return slots;
}

std::uint64_t prefix_of(std::string_view s) {
  return s.size() >= 8 ? load_word(s.data()) : load_short(s.data(), s.size());
}
}  // namespace

namespace {
std::atomic<std::uint64_t> next_lineage{1};
}  // namespace

StringPool::StringPool() : lineage_(next_lineage.fetch_add(1, std::memory_order_relaxed)) {
  table_.assign(1024, Slot{kNotFound, 0, 0});
  views_.emplace_back();
  const std::uint64_t h = hash_bytes({});
  table_[h & (table_.size() - 1)] = Slot{0, tag_of({}, h), 0};
}

void StringPool::reserve(std::size_t n) {
  views_.reserve(views_.size() + n);
  const std::size_t want = slots_for(views_.size() + n);
  if (want > table_.size()) rehash(want);
}

char* StringPool::allocate(std::size_t n) {
  if (n > chunk_left_) {
    std::size_t size = n > kChunkSize / 4 ? n : kChunkSize;
    chunks_.emplace_back(new char[size]);
    chunk_cursor_ = chunks_.back().get();
    chunk_left_ = size;
  }
  char* p = chunk_cursor_;
  chunk_cursor_ += n;
  chunk_left_ -= n;
  return p;
}

StringPool StringPool::clone() const {
  StringPool out;
  std::size_t bytes = 0;
  for (std::string_view v : views_) bytes += v.size();
  out.views_.clear();
  out.views_.reserve(views_.size());
  char* to = bytes == 0 ? nullptr : out.chunks_.emplace_back(new char[bytes]).get();
  for (std::string_view v : views_) {
    if (v.empty()) {
      out.views_.emplace_back();
      continue;
    }
    std::memcpy(to, v.data(), v.size());
    out.views_.emplace_back(to, v.size());
    to += v.size();
  }
  out.table_ = table_;
  out.lineage_ = lineage_;
  out.shared_ids_ = std::min(shared_ids_, views_.size());
  out.chunk_cursor_ = nullptr;  // the copy's chunk is full: the next string starts a new one
  out.chunk_left_ = 0;
  return out;
}

std::size_t StringPool::common_ids(const StringPool& a, const StringPool& b) {
  if (a.lineage_ != b.lineage_) return 0;
  return std::min({a.shared_ids_, b.shared_ids_, a.views_.size(), b.views_.size()});
}

void StringPool::grow_table() { rehash(table_.size() * 2); }

void StringPool::rehash(std::size_t slots) {
  std::vector<Slot> bigger(slots, Slot{kNotFound, 0, 0});
  const std::size_t mask = bigger.size() - 1;
  const bool tag_has_index = mask <= 0xFFFFFF;  // the tag holds the hash bits the slot needs
  for (const Slot& e : table_) {
    if (e.id == kNotFound) continue;
    std::size_t slot = (tag_has_index ? e.tag : hash_bytes(views_[e.id])) & mask;
    while (bigger[slot].id != kNotFound) slot = (slot + 1) & mask;
    bigger[slot] = e;
  }
  table_.swap(bigger);
}

[[gnu::always_inline]] inline bool StringPool::matches(const Slot& e, std::string_view s, std::uint32_t tag, std::uint64_t prefix) const {
  if (e.tag != tag || e.prefix != prefix) return false;
  if (s.size() <= 8) return true;  // same length (in the tag) and same bytes (the prefix)
  std::string_view have = views_[e.id];
  return have.size() == s.size() && same_bytes(have.data() + 8, s.data() + 8, s.size() - 8);
}

StrId StringPool::find(std::string_view s) const { return find_hashed(s, hash_bytes(s)); }

[[gnu::always_inline]] inline StrId StringPool::find_hashed(std::string_view s, std::uint64_t hash) const {
  const std::uint64_t prefix = prefix_of(s);
  const std::uint32_t tag = tag_of(s, hash);
  const std::size_t mask = table_.size() - 1;
  for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    const Slot& e = table_[slot];
    if (e.id == kNotFound) return kNotFound;
    if (matches(e, s, tag, prefix)) return e.id;
  }
}

StrId StringPool::intern(std::string_view s) {
  if (s.empty()) return kEmptyStr;
  return intern_hashed(s, hash_bytes(s));
}

void StringPool::intern_batch(std::span<const std::string_view> in, StrId* out) {
  constexpr std::size_t kBatch = 32;
  std::uint64_t hashes[kBatch];
  for (std::size_t base = 0; base < in.size(); base += kBatch) {
    const std::size_t n = std::min(kBatch, in.size() - base);
    const std::size_t mask = table_.size() - 1;
    for (std::size_t k = 0; k < n; ++k) {
      hashes[k] = hash_bytes(in[base + k]);
      __builtin_prefetch(&table_[hashes[k] & mask]);
    }
    for (std::size_t k = 0; k < n; ++k)
      out[base + k] = in[base + k].empty() ? kEmptyStr : intern_hashed(in[base + k], hashes[k]);
  }
}

void StringPool::intern_batch_over(const StringPool& base, std::span<const std::string_view> in, StrId* out) {
  constexpr std::size_t kBatch = 32;
  std::uint64_t hashes[kBatch];
  const std::size_t base_mask = base.table_.size() - 1;
  for (std::size_t at = 0; at < in.size(); at += kBatch) {
    const std::size_t n = std::min(kBatch, in.size() - at);
    for (std::size_t k = 0; k < n; ++k) {
      hashes[k] = hash_bytes(in[at + k]);
      __builtin_prefetch(&base.table_[hashes[k] & base_mask]);
    }
    for (std::size_t k = 0; k < n; ++k) {
      const std::string_view s = in[at + k];
      if (s.empty()) {
        out[at + k] = kEmptyStr;
        continue;
      }
      const StrId found = base.find_hashed(s, hashes[k]);
      out[at + k] = found != kNotFound ? found : (kLayerBit | intern_hashed(s, hashes[k]));
    }
  }
}

StrId StringPool::intern_hashed(std::string_view s, std::uint64_t hash) {
  if (s.size() > UINT32_MAX) throw std::length_error("string longer than 4 GiB");
  const std::uint64_t prefix = prefix_of(s);
  const std::uint32_t tag = tag_of(s, hash);
  const std::size_t mask = table_.size() - 1;
  std::size_t slot = hash & mask;
  for (;; slot = (slot + 1) & mask) {
    const Slot& e = table_[slot];
    if (e.id == kNotFound) break;
    if (matches(e, s, tag, prefix)) return e.id;
  }
  char* p = allocate(s.size());
  std::memcpy(p, s.data(), s.size());
  StrId id = static_cast<StrId>(views_.size());
  views_.emplace_back(p, s.size());
  table_[slot] = Slot{id, tag, prefix};
  if (views_.size() * 4 > table_.size() * 3) grow_table();
  return id;
}


}  // namespace ward
