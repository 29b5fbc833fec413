#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "ward/file_io.hpp"
#include "ward/sha256.hpp"

using namespace ward;

namespace {

std::string temp_file(const std::string& name, const std::string& bytes) {
  // Named per process: two test runs on one machine must not share it.
  auto path = std::filesystem::temp_directory_path() / ("ward-file-io-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path.string();
}

}  // namespace

TEST_CASE("map_file: a regular file's bytes, still right after pages are released") {
  std::string bytes;
  for (int i = 0; bytes.size() < (3u << 20); ++i) bytes += "line " + std::to_string(i) + "\n";
  const std::string path = temp_file("mapped", bytes);
  MapResult r = map_file(path);
  REQUIRE(r.ok());
  REQUIRE(r.contents.bytes() == bytes);
  // Releasing is advice only: the bytes read the same afterwards.
  r.contents.release(r.contents.bytes().substr(100, 2u << 20));
  r.contents.release(r.contents.bytes());
  CHECK(r.contents.bytes() == bytes);
  FileContents moved = std::move(r.contents);
  CHECK(moved.bytes() == bytes);
  std::filesystem::remove(path);
}

TEST_CASE("map_file: empty files, special files and directories") {
  const std::string empty = temp_file("empty", "");
  MapResult e = map_file(empty);
  CHECK(e.ok());
  CHECK(e.contents.bytes().empty());
  std::filesystem::remove(empty);
  MapResult dev = map_file("/dev/null");  // not mappable: read instead
  CHECK(dev.ok());
  CHECK(dev.contents.bytes().empty());
  CHECK(map_file(std::filesystem::temp_directory_path().string()).error == "is a directory, expected a file");
  CHECK(map_file("/nonexistent/ward/file.csv").error == "no such file");
  // A character device that never ends is cut at the bound, not read forever.
  MapResult zero = map_file("/dev/zero", 1u << 20);
  CHECK_FALSE(zero.ok());
  CHECK(zero.error.find("more than 1048576 bytes") == 0);
  CHECK(zero.contents.bytes().empty());
}

TEST_CASE("FileContents: borrowed and small owned bytes survive a move") {
  std::string text = "abc";
  FileContents b = FileContents::borrow(text);
  FileContents moved = std::move(b);
  CHECK(moved.bytes().data() == text.data());
  moved.release(moved.bytes());  // no effect on borrowed bytes
  CHECK(moved.bytes() == "abc");
}

TEST_CASE("sha256: hashing in pieces gives the digest of the whole") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  std::string big(20u << 20, 'x');
  for (std::size_t i = 0; i < big.size(); i += 4099) big[i] = static_cast<char>('a' + i % 26);
  std::size_t pieces = 0, covered = 0;
  std::string digest = sha256_hex(big, [&](std::string_view piece) {
    CHECK(piece.data() == big.data() + covered);
    covered += piece.size();
    ++pieces;
  });
  CHECK(digest == sha256_hex(std::string_view(big)));
  CHECK(covered == big.size());
  CHECK(pieces == 3);
}
