#pragma once
// Plain values to and from bytes, for data saved by one build of the
// analyzer and read by the same build (the precompiled lexicon image): fixed
// little-endian widths, lengths before contents, and a reader that checks
// every length against what is left, so damaged bytes fail instead of
// reading out of bounds.

#include <array>
#include <bit>
#include <compare>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace ra {

// Written into images of plain arrays, which are refused on a machine of
// the other byte order.
inline constexpr uint8_t kNativeByteOrder = std::endian::native == std::endian::little ? 1 : 2;

// Eight bytes as a number that orders like the bytes do: fixed-size byte
// strings compare a word at a time.
inline uint64_t BigEndianWord(const char* bytes) {
  uint64_t word = 0;
  std::memcpy(&word, bytes, sizeof word);
  if constexpr (std::endian::native == std::endian::little) word = __builtin_bswap64(word);
  return word;
}

// Byte order of two fixed-size byte arrays (`Size` a multiple of 8), a word
// at a time: for zero-padded prefixes, which the analysis and the index
// sort by the hundred thousand.
template <size_t Size>
std::strong_ordering CompareFixedBytes(const std::array<char, Size>& a, const std::array<char, Size>& b) {
  static_assert(Size % 8 == 0);
  for (size_t word = 0; word < Size / 8; ++word) {
    const uint64_t mine = BigEndianWord(a.data() + word * 8);
    const uint64_t theirs = BigEndianWord(b.data() + word * 8);
    if (mine != theirs) return mine <=> theirs;
  }
  return std::strong_ordering::equal;
}

class ByteWriter {
 public:
  void U8(uint8_t value) { bytes_.push_back(static_cast<char>(value)); }
  void U32(uint32_t value) {
    for (int shift = 0; shift < 32; shift += 8) U8(static_cast<uint8_t>(value >> shift));
  }
  void I32(int32_t value) { U32(static_cast<uint32_t>(value)); }
  void Bytes(std::string_view value) {
    U32(static_cast<uint32_t>(value.size()));
    bytes_ += value;
  }
  void Strings(const std::vector<std::string>& values) {
    U32(static_cast<uint32_t>(values.size()));
    for (const auto& value : values) Bytes(value);
  }
  template <typename Int>
  void Ints(const std::vector<Int>& values) {
    static_assert(sizeof(Int) == 4);
    U32(static_cast<uint32_t>(values.size()));
    for (Int value : values) U32(static_cast<uint32_t>(value));
  }

  // An array of plain values as they lie in memory: the image is read by
  // the same build on the same kind of machine (see kNativeByteOrder), and
  // a copy is many times faster than value by value.
  template <typename Plain>
  void PlainArray(const std::vector<Plain>& values) {
    static_assert(std::is_trivially_copyable_v<Plain> && std::has_unique_object_representations_v<Plain>,
                  "no padding, so that equal values give equal bytes");
    U32(static_cast<uint32_t>(values.size()));
    if (!values.empty()) bytes_.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(Plain));
  }

  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
};

// Reads what ByteWriter wrote. After the first failure every read fails
// and ok() is false; values read then are empty or zero.
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : rest_(bytes) {}

  uint8_t U8() {
    if (!Take(1)) return 0;
    return static_cast<uint8_t>(taken_[0]);
  }
  uint32_t U32() {
    if (!Take(4)) return 0;
    uint32_t value = 0;
    for (int i = 3; i >= 0; --i) value = (value << 8) | static_cast<uint8_t>(taken_[static_cast<size_t>(i)]);
    return value;
  }
  int32_t I32() { return static_cast<int32_t>(U32()); }
  std::string_view Bytes() {
    const uint32_t size = U32();
    return Take(size) ? taken_ : std::string_view();
  }
  std::vector<std::string> Strings() {
    std::vector<std::string> values;
    const uint32_t count = Count(4);
    values.reserve(count);
    for (uint32_t i = 0; i < count && ok_; ++i) values.emplace_back(Bytes());
    return values;
  }
  template <typename Int>
  std::vector<Int> Ints() {
    static_assert(sizeof(Int) == 4);
    std::vector<Int> values(Count(4));
    const auto count = static_cast<uint32_t>(values.size());
    for (uint32_t i = 0; i < count; ++i) values[i] = static_cast<Int>(U32());
    return values;
  }

  template <typename Plain>
  std::vector<Plain> PlainArray() {
    static_assert(std::is_trivially_copyable_v<Plain>);
    std::vector<Plain> values(Count(sizeof(Plain)));
    // An empty vector's data() may be null, which memcpy must not get even
    // for no bytes.
    if (Take(values.size() * sizeof(Plain)) && !values.empty()) {
      std::memcpy(values.data(), taken_.data(), taken_.size());
    }
    return values;
  }

  // Reads a count of items of at least `size_each` bytes, failing (0) when
  // the rest could not hold that many: damaged counts allocate nothing.
  uint32_t Count(uint64_t size_each) {
    const uint32_t count = U32();
    return Fits(count, size_each) ? count : 0;
  }

  bool ok() const { return ok_; }
  bool at_end() const { return rest_.empty(); }

 private:
  bool Fits(uint64_t count, uint64_t size_each) {
    if (ok_ && count * size_each <= rest_.size()) return true;
    ok_ = false;
    return false;
  }
  bool Take(size_t size) {
    if (!Fits(size, 1)) return false;
    taken_ = rest_.substr(0, size);
    rest_.remove_prefix(size);
    return true;
  }

  std::string_view rest_;
  std::string_view taken_;
  bool ok_ = true;
};

}  // namespace ra
