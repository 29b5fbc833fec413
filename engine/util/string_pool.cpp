#include "ward/string_pool.hpp"

#include <cstring>

namespace ward {

namespace {

constexpr std::size_t kChunkSize = 1 << 20;

// FNV-1a over 8-byte words with a final mix: fast on the short ids that make
// up most cells, and good enough spread for linear probing.
std::uint64_t hash_bytes(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ull ^ s.size();
  const char* p = s.data();
  std::size_t n = s.size();
  while (n >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0x100000001b3ull;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, p, n);
  h = (h ^ tail) * 0x100000001b3ull;
  h ^= h >> 32;
  h *= 0xd6e8feb86659fd93ull;
  h ^= h >> 32;
  return h;
}

}  // namespace

StringPool::StringPool() {
  table_.assign(1024, kNotFound);
  views_.emplace_back();
  hashes_.push_back(hash_bytes({}));
  table_[hashes_[0] & (table_.size() - 1)] = 0;
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

void StringPool::grow_table() {
  std::vector<StrId> bigger(table_.size() * 2, kNotFound);
  const std::size_t mask = bigger.size() - 1;
  for (StrId id = 0; id < views_.size(); ++id) {
    std::size_t slot = hashes_[id] & mask;
    while (bigger[slot] != kNotFound) slot = (slot + 1) & mask;
    bigger[slot] = id;
  }
  table_.swap(bigger);
}

StrId StringPool::find(std::string_view s) const {
  const std::uint64_t h = hash_bytes(s);
  const std::size_t mask = table_.size() - 1;
  for (std::size_t slot = h & mask;; slot = (slot + 1) & mask) {
    StrId id = table_[slot];
    if (id == kNotFound) return kNotFound;
    if (hashes_[id] == h && views_[id] == s) return id;
  }
}

StrId StringPool::intern(std::string_view s) {
  const std::uint64_t h = hash_bytes(s);
  std::size_t mask = table_.size() - 1;
  std::size_t slot = h & mask;
  for (;; slot = (slot + 1) & mask) {
    StrId id = table_[slot];
    if (id == kNotFound) break;
    if (hashes_[id] == h && views_[id] == s) return id;
  }
  char* p = allocate(s.size());
  if (!s.empty()) std::memcpy(p, s.data(), s.size());
  StrId id = static_cast<StrId>(views_.size());
  views_.emplace_back(p, s.size());
  hashes_.push_back(h);
  table_[slot] = id;
  if (views_.size() * 2 > table_.size()) grow_table();
  return id;
}

std::size_t StringPool::bytes_used() const {
  std::size_t n = views_.capacity() * sizeof(std::string_view) + hashes_.capacity() * 8 + table_.capacity() * 4;
  for (std::size_t i = 0; i < chunks_.size(); ++i) n += kChunkSize;
  return n;
}

}  // namespace ward
