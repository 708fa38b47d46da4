#pragma once
// Which lexicon entries can have a hit beginning at a place of the text,
// judged from the bytes there. Built from each pattern's possible prefixes
// (regex_prefixes.h) as a byte trie, so it never rules out an entry that
// could match; the few entries it lets through are then run for real.
//
// The trie is a radix tree in flat arrays: a run of bytes without a branch
// or an entry is one edge with a label, so a walk compares adjacent bytes
// instead of jumping from node to node, and the arrays are few and plain.
// A node finds the edge for a byte without a search: each byte that occurs
// in the prefixes has a class, each node a bitmap of the classes its edges
// begin with, and the edge's place among the node's edges is the number of
// bits set below it. Short labels are held in the edge itself. A step of a
// walk thus reads a node, its bitmap and one edge, which is what keeps the
// matcher fast: walks are most of its work, and each read waits for the
// one before.

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ra {

class ByteReader;
class ByteWriter;

class PrefixIndex {
 public:
  // Prefixes of up to this many bytes are indexed: nearly every alias fits
  // whole ("machine learning engineer", "scikit-learn"), so its hits need no
  // regex, and a text that only begins like an alias ("machine translation")
  // is told apart from it without one.
  static constexpr size_t kPrefixLength = 32;

  // An entry whose complete, exact prefix the text spells out: a hit of the
  // entry's pattern ending at `end`, found without running it.
  struct Complete {
    uint32_t entry = 0;
    size_t end = 0;  // offset in the text just past the match
  };

  class Builder {
   public:
    // Indexes `pattern` (valid RE2 syntax) as belonging to `entry`.
    void Add(std::string_view pattern, uint32_t entry);
    PrefixIndex Build() &&;

   private:
    // Fixed size, zero padded, compared a word at a time: sorting the keys
    // is most of building the tree.
    struct Key {
      std::array<char, kPrefixLength> bytes{};
      uint8_t size = 0;
      bool complete = false;
      uint32_t entry = 0;
      std::string_view view() const { return {bytes.data(), size}; }
      std::strong_ordering operator<=>(const Key& other) const;
      bool operator==(const Key&) const = default;
    };
    std::vector<Key> keys_;
    friend class PrefixIndex;
  };

  // An index that proposes nothing.
  PrefixIndex();

  // The entries that may have a hit beginning at text[position]: appended to
  // `verify` when their regex must decide, to `complete` for each whole
  // match the text spells out. An entry may be appended more than once, and
  // to both (then `verify` decides).
  void Candidates(std::string_view text, size_t position, std::vector<uint32_t>& verify,
                  std::vector<Complete>& complete) const;

  // False when no indexed prefix can begin at text[position], judged from
  // its first two (canonical) bytes: then Candidates would find nothing
  // there, and need not walk. Most words are ruled out this way by the
  // index of case-sensitive names, few of which begin in lower case.
  bool MayBeginAt(std::string_view text, size_t position) const;

  size_t node_count() const { return nodes_.size() - 1; }

  // The index as bytes (lexicon_image.h), and back. Load checks that the
  // bytes form a trie over `entry_count` entries whose walks stay in bounds
  // and end; nullopt when they do not.
  void Save(ByteWriter& out) const;
  static std::optional<PrefixIndex> Load(ByteReader& in, size_t entry_count);

 private:
  struct Node {
    uint32_t edge_begin = 0;      // its edges: [edge_begin, next node's edge_begin)
    uint32_t verify_begin = 0;    // entries with an incomplete prefix ending here
    uint32_t complete_begin = 0;  // entries with a complete, exact prefix ending here
  };
  // The bytes after an edge's first: up to kInlineLabel of them in the
  // edge, the rest in labels_ from label_begin.
  static constexpr size_t kInlineLabel = 7;
  struct Edge {
    uint32_t target = 0;
    uint32_t label_begin = 0;
    uint8_t label_size = 0;
    std::array<char, kInlineLabel> inline_label{};
    unsigned char LabelByte(const std::string& labels, size_t i) const {
      return static_cast<unsigned char>(i < kInlineLabel ? inline_label[i] : labels[label_begin + i - kInlineLabel]);
    }
  };
  static constexpr size_t kMaxBitmapWords = 4;  // 256 classes
  static constexpr size_t kByteWords = 256 / 64;
  static constexpr size_t kPairWords = 256 * 256 / 64;
  static bool BitSet(const std::vector<uint64_t>& bits, size_t bit) { return (bits[bit / 64] >> (bit % 64)) & 1; }
  static void SetBit(uint64_t* bits, size_t bit) { bits[bit / 64] |= uint64_t{1} << (bit % 64); }

  void AssignByteClasses(const std::vector<Builder::Key>& keys);
  void NoteFirstBytes(const std::vector<Builder::Key>& keys);
  Edge MakeEdge(uint32_t target, std::string_view label);
  uint32_t FindEdge(uint32_t node, unsigned char byte) const;
  bool Valid(size_t entry_count) const;
  void NoteRootEntries() { root_has_entries_ = nodes_[1].verify_begin != 0 || nodes_[1].complete_begin != 0; }

  std::vector<Node> nodes_;  // nodes_[0] is the root; the last one ends the ranges
  std::vector<Edge> edges_;  // a node's edges in the order of their first bytes
  std::array<uint8_t, 256> byte_class_{};  // 0: no edge begins with the byte; else 1, 2, ... in byte order
  uint32_t bitmap_words_ = 1;               // 64-bit words per node bitmap: enough for the highest class
  std::vector<uint64_t> bitmaps_;           // node n's bitmap: words [n * bitmap_words_, +bitmap_words_)
  bool root_has_entries_ = false;           // some prefix is empty: the pattern may begin anywhere
  // The pairs of first two bytes that prefixes begin with (bit first * 256
  // + second), and the bytes that are a whole prefix by themselves.
  std::vector<uint64_t> first_pairs_ = std::vector<uint64_t>(kPairWords, 0);
  std::vector<uint64_t> one_byte_prefixes_ = std::vector<uint64_t>(kByteWords, 0);
  std::string labels_;
  std::vector<uint32_t> verify_;
  std::vector<uint32_t> complete_;
};

}  // namespace ra
