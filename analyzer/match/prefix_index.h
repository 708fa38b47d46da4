#pragma once
// Which lexicon entries can have a hit beginning at a place of the text,
// judged from the bytes there. Built from each pattern's possible prefixes
// (regex_prefixes.h) as a byte trie, so it never rules out an entry that
// could match; the few entries it lets through are then run for real.
//
// The trie is a radix tree: a run of bytes without a branch or an entry is
// one edge with a label, so a walk compares adjacent bytes instead of
// jumping from node to node; a label without digits or white space (most)
// is compared with the text a word at a time. A node finds the edge for a byte without a search: each byte that
// occurs in the prefixes has a class, each node a bitmap of the classes its
// edges begin with, and the edge's place among the node's edges is the
// number of bits set below it. A node is one record in one array: a header
// naming its entries, the bitmap, then its edges, with labels of up to
// seven bytes inside them. So a step of a walk reads a few adjacent words
// rather than four arrays, which is what keeps the matcher fast: walks are
// most of its work, and each read waits for the one before.

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/match/regex_prefixes.h"

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
    // Indexes `pattern` (valid RE2 syntax) as belonging to `entry`, for
    // finding in `text` (regex_prefixes.h).
    void Add(std::string_view pattern, uint32_t entry, PrefixText text = PrefixText::kAsMatched);
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
  bool MayBeginAt(std::string_view text, size_t position) const {
    if (root_has_entries_) return true;
    if (position >= text.size()) return false;
    const unsigned char first = NextCanonicalByte(text, position);
    if (byte_class_[first] == 0) return false;
    if (BitSet(one_byte_prefixes_, first)) return true;
    // Every prefix here has two bytes or more.
    if (position >= text.size()) return false;
    const unsigned char second = NextCanonicalByte(text, position);
    return BitSet(first_pairs_, first * 256u + second);
  }

  size_t node_count() const { return node_count_; }

  // The index as bytes (lexicon_image.h), and back. Load checks that the
  // bytes form a trie over `entry_count` entries whose walks stay in bounds
  // and end; nullopt when they do not.
  void Save(ByteWriter& out) const;
  static std::optional<PrefixIndex> Load(ByteReader& in, size_t entry_count);

 private:
  // The bytes after an edge's first: up to kInlineLabel of them in the
  // edge, the rest in labels_ from label_begin.
  static constexpr size_t kInlineLabel = 7;
  struct Edge {
    // Set in label_size when the label holds a digit or white space run,
    // which the text may spell with more bytes.
    static constexpr uint8_t kHasRuns = 0x80;
    uint32_t target = 0;  // the child's record
    uint8_t label_size = 0;  // with kHasRuns
    size_t LabelSize() const { return label_size & (kHasRuns - 1); }
    bool HasRuns() const { return (label_size & kHasRuns) != 0; }
    std::array<char, kInlineLabel> inline_label{};
    uint32_t label_begin = 0;
  };
  static_assert(sizeof(Edge) == 16);
  // A node's entries: verify_[verify_begin, verify_end), complete_[...).
  struct EntryLists {
    uint32_t verify_begin = 0;
    uint32_t verify_end = 0;
    uint32_t complete_begin = 0;
    uint32_t complete_end = 0;
  };
  // A node's record in records_, in 64-bit words: a header (index into
  // lists_ of its entries, 0 for none), bitmap_words_ words of bitmap, then
  // two words per edge, in the order of the edges' first bytes.
  static constexpr size_t kEdgeWords = sizeof(Edge) / 8;
  static constexpr size_t kMaxBitmapWords = 4;  // 256 classes
  static constexpr size_t kByteWords = 256 / 64;
  static constexpr size_t kPairWords = 256 * 256 / 64;
  static bool BitSet(const std::vector<uint64_t>& bits, size_t bit) { return (bits[bit / 64] >> (bit % 64)) & 1; }
  static void SetBit(uint64_t* bits, size_t bit) { bits[bit / 64] |= uint64_t{1} << (bit % 64); }

  // The tree as the builder makes it, breadth first, before it is packed
  // into records.
  struct BuiltNode {
    uint32_t first_edge = 0;  // into the built edges; a node's edges are adjacent
    uint32_t edge_count = 0;
    EntryLists lists;
  };

  void AssignByteClasses(const std::vector<Builder::Key>& keys);
  void NoteFirstBytes(const std::vector<Builder::Key>& keys);
  Edge MakeEdge(uint32_t target, std::string_view label);
  void Pack(const std::vector<BuiltNode>& nodes, std::vector<Edge> edges, const std::vector<unsigned char>& first_bytes);
  size_t RecordWords(size_t edge_count) const { return 1 + bitmap_words_ + kEdgeWords * edge_count; }
  // The word of records_ where the record's edge for `byte` begins; 0 when
  // it has none (the root's header is at 0, so no edge is).
  size_t FindEdge(size_t record, unsigned char byte) const;
  Edge EdgeAt(size_t word) const;
  bool LabelMatches(const Edge& edge, std::string_view text, size_t& position) const;
  size_t EdgeCount(size_t record) const;  // the bits set in the record's bitmap
  // Whether the arrays form a trie over `entry_count` entries (see Load);
  // its node count is put in `node_count`.
  bool Valid(size_t entry_count, size_t& node_count) const;
  void NoteRootEntries() { root_has_entries_ = records_[0] != 0; }

  std::vector<uint64_t> records_;           // the nodes' records; the root's first
  std::vector<EntryLists> lists_;           // lists_[0] unused: 0 means no entries
  std::array<uint8_t, 256> byte_class_{};  // 0: no edge begins with the byte; else 1, 2, ... in byte order
  uint32_t bitmap_words_ = 1;               // 64-bit words per node bitmap: enough for the highest class
  size_t node_count_ = 0;
  bool root_has_entries_ = false;  // some prefix is empty: the pattern may begin anywhere
  // The pairs of first two bytes that prefixes begin with (bit first * 256
  // + second), and the bytes that are a whole prefix by themselves.
  std::vector<uint64_t> first_pairs_ = std::vector<uint64_t>(kPairWords, 0);
  std::vector<uint64_t> one_byte_prefixes_ = std::vector<uint64_t>(kByteWords, 0);
  std::string labels_;
  std::vector<uint32_t> verify_;
  std::vector<uint32_t> complete_;
};

}  // namespace ra
