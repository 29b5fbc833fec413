#include "ward/file_io.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ward {

namespace {

// Opening a FIFO with no writer blocks forever, and a socket cannot be read
// as a file: both are refused before open() (a hook must never hang).
// Returns the reason, or empty when `path` may be opened.
std::string unopenable(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};  // open() reports it
  if (S_ISFIFO(st.st_mode)) return "is a pipe (FIFO), not a regular file; write it to a file first";
  if (S_ISSOCK(st.st_mode)) return "is a socket, not a regular file";
  if (S_ISBLK(st.st_mode)) return "is a block device, not a regular file";
  return {};
}

// Opens `path` for reading: the descriptor (with `st` filled), or -1 with
// the reason in `error`.
int open_for_reading(const std::string& path, struct stat& st, std::string& error) {
  if (std::string why = unopenable(path); !why.empty()) {
    error = why;
    return -1;
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = errno == ENOENT ? "no such file" : std::strerror(errno);
    return -1;
  }
  if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
    error = S_ISDIR(st.st_mode) ? "is a directory, expected a file" : std::strerror(errno);
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

ReadResult read_file(const std::string& path, std::uint64_t max_bytes) {
  ReadResult r;
  struct stat st {};
  const int fd = open_for_reading(path, st, r.error);
  if (fd < 0) return r;
  if (S_ISREG(st.st_mode)) r.bytes.reserve(static_cast<std::size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      r.error = std::strerror(errno);
      break;
    }
    if (n == 0) break;
    if (r.bytes.size() + static_cast<std::uint64_t>(n) > max_bytes) {
      r.error = "more than " + std::to_string(max_bytes) + " bytes, the limit (raise it with --max-file-size)";
      r.bytes.clear();
      break;
    }
    r.bytes.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return r;
}

FileContents FileContents::borrow(std::string_view bytes) {
  FileContents c;
  c.view_ = bytes;
  return c;
}

FileContents::FileContents(FileContents&& other) noexcept { *this = std::move(other); }

FileContents& FileContents::operator=(FileContents&& other) noexcept {
  if (this == &other) return *this;
  if (map_ != nullptr) ::munmap(map_, map_size_);
  map_ = other.map_;
  map_size_ = other.map_size_;
  const bool owns = other.map_ == nullptr && other.view_.data() == other.owned_.data();
  owned_ = std::move(other.owned_);
  view_ = owns ? std::string_view(owned_) : other.view_;
  other.map_ = nullptr;
  other.map_size_ = 0;
  other.view_ = {};
  return *this;
}

FileContents::~FileContents() {
  if (map_ != nullptr) ::munmap(map_, map_size_);
}

void FileContents::release(std::string_view part) const {
  if (map_ == nullptr || part.empty()) return;
  const auto base = reinterpret_cast<std::uintptr_t>(map_);
  const auto begin = reinterpret_cast<std::uintptr_t>(part.data());
  const auto end = begin + part.size();
  if (begin < base || end > base + map_size_) return;
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const std::uintptr_t first = (begin + page - 1) / page * page;
  const std::uintptr_t last = end == base + map_size_ ? end : end / page * page;
  if (last <= first) return;
  ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
}

MapResult map_file(const std::string& path, std::uint64_t max_bytes) {
  MapResult r;
  struct stat st {};
  const int fd = open_for_reading(path, st, r.error);
  if (fd < 0) return r;
  if (S_ISREG(st.st_mode) && st.st_size > 0) {
    const auto size = static_cast<std::size_t>(st.st_size);
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      ::madvise(p, size, MADV_SEQUENTIAL);
      ::close(fd);
      r.contents.map_ = p;
      r.contents.map_size_ = size;
      r.contents.view_ = std::string_view(static_cast<const char*>(p), size);
      return r;
    }
  }
  ::close(fd);
  ReadResult read = read_file(path, max_bytes);  // not mappable: a pipe, a special file, an empty file
  r.error = std::move(read.error);
  r.contents.owned_ = std::move(read.bytes);
  r.contents.view_ = r.contents.owned_;
  return r;
}

}  // namespace ward
