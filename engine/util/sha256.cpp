#include "ward/sha256.hpp"

#include <openssl/evp.h>

#include <array>
#include <memory>
#include <new>

namespace ward {

namespace {

std::string to_hex(const unsigned char* digest, unsigned len) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest.data(), &len, EVP_sha256(), nullptr);
  return to_hex(digest.data(), len);
}

std::string sha256_hex(std::string_view bytes, const std::function<void(std::string_view)>& after_piece) {
  constexpr std::size_t kPiece = 8u << 20;
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) throw std::bad_alloc();
  for (std::size_t at = 0; at < bytes.size(); at += kPiece) {
    std::string_view piece = bytes.substr(at, kPiece);
    EVP_DigestUpdate(ctx.get(), piece.data(), piece.size());
    after_piece(piece);
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), digest.data(), &len);
  return to_hex(digest.data(), len);
}

}  // namespace ward
