// SHA-256 of file contents, so a report can name exactly which evidence it
// was built from. Backed by OpenSSL's libcrypto (hardware SHA where present).
#pragma once

#include <string>
#include <string_view>

namespace ward {

// Lowercase hex digest of `bytes`.
std::string sha256_hex(std::string_view bytes);

}  // namespace ward
