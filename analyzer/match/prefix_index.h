#pragma once
// Which lexicon entries can have a hit beginning at a place of the text,
// judged from the bytes there. Built from each pattern's possible prefixes
// (regex_prefixes.h) as a byte trie, so it never rules out an entry that
// could match; the few entries it lets through are then run for real.

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace ra {

class PrefixIndex {
 public:
  // Prefixes of up to this many bytes are indexed: most aliases fit whole
  // ("machine learning", "scikit-learn"), so their hits need no regex.
  static constexpr size_t kPrefixLength = 8;

  // An entry whose complete, exact prefix the text spells out: a hit of the
  // entry's pattern ending at `end`, found without running it.
  struct Complete {
    uint32_t entry = 0;
    size_t end = 0;  // offset in the text just past the match
  };

  PrefixIndex();

  // Indexes `pattern` (valid RE2 syntax) as belonging to `entry`.
  void Add(std::string_view pattern, uint32_t entry);
  // Sorts and deduplicates; call once after the last Add.
  void Finish();

  // The entries that may have a hit beginning at text[position]: appended to
  // `verify` when their regex must decide, to `complete` for each whole
  // match the text spells out. An entry may be appended more than once, and
  // to both (then `verify` decides).
  void Candidates(std::string_view text, size_t position, std::vector<uint32_t>& verify,
                  std::vector<Complete>& complete) const;

  // Entries whose patterns may begin with anything (tried everywhere).
  const std::vector<uint32_t>& anywhere() const { return nodes_.front().entries; }

 private:
  struct Node {
    std::vector<std::pair<unsigned char, uint32_t>> children;  // byte -> node, sorted after Finish()
    std::vector<uint32_t> entries;   // entries with an incomplete prefix ending here
    std::vector<uint32_t> complete;  // entries with a complete, exact prefix ending here
  };

  uint32_t Child(uint32_t node, unsigned char byte) const;
  uint32_t AddChild(uint32_t node, unsigned char byte);

  std::vector<Node> nodes_;  // nodes_[0] is the root (the empty prefix)
};

}  // namespace ra
