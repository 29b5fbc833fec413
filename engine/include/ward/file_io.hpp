// Reading whole files, with errors as values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ward {

struct ReadResult {
  std::string bytes;
  std::string error;  // empty on success; otherwise a lowercase reason ("no such file")
  bool ok() const { return error.empty(); }
};

// Reads the whole file at `path`. Directories, pipes, sockets, block devices
// and unreadable files are errors; so is reading more than `max_bytes` (a
// character device such as /dev/zero never ends).
ReadResult read_file(const std::string& path, std::uint64_t max_bytes = UINT64_MAX);

// The bytes of a whole file, without copying them when possible: a regular
// file is mapped read-only (its pages are the page cache's, so a 500 MB
// inventory costs no copy and no fresh memory); anything else (a pipe,
// /dev/stdin) is read into an owned buffer. A FileContents may also borrow
// bytes that live elsewhere (inventories read from git).
// Move-only; the bytes stay valid until it is destroyed.
class FileContents {
 public:
  FileContents() = default;
  static FileContents borrow(std::string_view bytes);
  FileContents(FileContents&& other) noexcept;
  FileContents& operator=(FileContents&& other) noexcept;
  FileContents(const FileContents&) = delete;
  FileContents& operator=(const FileContents&) = delete;
  ~FileContents();

  std::string_view bytes() const { return view_; }
  // Tells the kernel that the mapped pages wholly inside `part` (a piece of
  // bytes()) are done with, so they stop counting towards this process's
  // memory. Reading them again is still correct (they fault back in from
  // the page cache), so concurrent readers need no coordination. No effect
  // on bytes that were read or borrowed.
  void release(std::string_view part) const;

 private:
  friend struct MapResult map_file(const std::string& path, std::uint64_t max_bytes);
  void* map_ = nullptr;  // nullptr: not mapped (owned_ or borrowed bytes)
  std::size_t map_size_ = 0;
  std::string owned_;
  std::string_view view_;
};

struct MapResult {
  FileContents contents;
  std::string error;  // as ReadResult::error
  bool ok() const { return error.empty(); }
};

// The whole file at `path`, mapped when it is a regular file, otherwise read
// (as read_file, with the same `max_bytes` bound). Directories and
// unreadable files are errors.
// Note: a mapped file truncated by another process while ward reads it
// makes the process fail (SIGBUS); files replaced by rename (git checkout,
// editors' atomic saves) are safe.
MapResult map_file(const std::string& path, std::uint64_t max_bytes = UINT64_MAX);

}  // namespace ward
