#pragma once
// Which lexicon entries can have a hit beginning at a place of the text,
// judged from the bytes there. Built from each pattern's possible prefixes
// (regex_prefixes.h) as a byte trie, so it never rules out an entry that
// could match; the few entries it lets through are then run for real.
//
// The trie is a radix tree in flat arrays: a run of bytes without a branch
// or an entry is one edge with a label, so a walk compares adjacent bytes
// instead of jumping from node to node, and the arrays are few and plain.

#include <array>
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
    struct Key {
      std::string bytes;
      bool complete = false;
      uint32_t entry = 0;
      auto operator<=>(const Key&) const = default;
    };
    std::vector<Key> keys_;
  };

  // An index that proposes nothing.
  PrefixIndex();

  // The entries that may have a hit beginning at text[position]: appended to
  // `verify` when their regex must decide, to `complete` for each whole
  // match the text spells out. An entry may be appended more than once, and
  // to both (then `verify` decides).
  void Candidates(std::string_view text, size_t position, std::vector<uint32_t>& verify,
                  std::vector<Complete>& complete) const;

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
  struct Edge {
    uint32_t target = 0;
    uint32_t label_begin = 0;  // the bytes after the first, in labels_
    uint8_t label_size = 0;
  };

  uint32_t FindEdge(uint32_t node, unsigned char byte) const;
  bool Valid(size_t entry_count) const;
  void FillRootEdges();

  std::vector<Node> nodes_;  // nodes_[0] is the root; the last one ends the ranges
  std::vector<Edge> edges_;
  std::string edge_first_;  // each edge's first byte, sorted within a node: scanned apart, densely
  std::string labels_;
  std::vector<uint32_t> verify_;
  std::vector<uint32_t> complete_;
  std::array<uint32_t, 256> root_edges_{};  // byte -> edge + 1 (0: none): the root's fan-out is wide
};

}  // namespace ra
