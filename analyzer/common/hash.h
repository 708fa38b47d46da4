#pragma once
// 64-bit FNV-1a: a small, stable, non-cryptographic hash for content hashes,
// data fingerprints and shard assignment. Stable across runs and machines.

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace ra {

class Fnv1a64 {
 public:
  void Add(std::string_view bytes) {
    for (unsigned char c : bytes) {
      hash_ ^= c;
      hash_ *= 1099511628211ull;
    }
  }
  std::uint64_t value() const { return hash_; }
  // Sixteen lower-case hex digits.
  std::string Hex() const {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash_));
    return text;
  }

 private:
  std::uint64_t hash_ = 14695981039346656037ull;
};

}  // namespace ra
