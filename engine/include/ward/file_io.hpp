// Reading whole files, with errors as values.
#pragma once

#include <optional>
#include <string>

namespace ward {

struct ReadResult {
  std::string bytes;
  std::string error;  // empty on success; otherwise a lowercase reason ("no such file")
  bool ok() const { return error.empty(); }
};

// Reads the whole file at `path`. Directories and unreadable files are errors.
ReadResult read_file(const std::string& path);

}  // namespace ward
