// SHA-256 of file contents, so a report can name exactly which evidence it
// was built from. Backed by OpenSSL's libcrypto (hardware SHA where present).
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace ward {

// Lowercase hex digest of `bytes`.
std::string sha256_hex(std::string_view bytes);
// The same, hashing `bytes` in pieces and calling `after_piece` with each
// piece once it is hashed (the loader uses it to release mapped pages).
std::string sha256_hex(std::string_view bytes, const std::function<void(std::string_view)>& after_piece);

}  // namespace ward
