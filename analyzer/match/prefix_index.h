#pragma once
// Which lexicon entries can have a hit beginning at a place of the text,
// judged from the bytes there. Built from each pattern's possible prefixes
// (regex_prefixes.h) as a byte trie, so it never rules out an entry that
// could match; the few entries it lets through are then run for real.
//
// The trie is a double array (Aoe, 1989; as in Darts and MeCab): each byte
// found in the prefixes has a class 1, 2, ..., every state of the trie a
// slot, and the child of state s for class c is the slot base(s) + c. A
// step of a walk is then a single read of one slot, whatever the number of
// children. That is what keeps the matcher fast: a walk starts at nearly
// every word of a text, most end within a few bytes ("the", "with",
// "learning" begin prefixes too), and walking was most of the matcher's
// work with a tree of nodes. As in darts-clone, no two states share a base,
// so a slot holding class c's label is the child of the one state whose
// base is c below it; the slot needs no parent's name, and fits in 4 bytes.
// That halves the array, whose deep states a walk mostly reads from beyond
// the processor's caches. The entries of a state where prefixes end sit in
// the slot base(s) + 0, which no byte reaches: the entry itself when it is
// the only one (most often), else where its lists are.

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
    // Throws std::length_error when the trie does not fit the slots'
    // fields (about 8 million slots; the bundled lexicons take 0.2 million).
    PrefixIndex Build() &&;

   private:
    // Fixed size, zero padded, compared a word at a time: sorting the keys
    // is most of building the trie.
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
  // to both (then `verify` decides). The first step is taken here, inline:
  // it rules out many words without a call (most in the index of
  // case-sensitive names), and the walk goes on from where it left off.
  void Candidates(std::string_view text, size_t position, std::vector<uint32_t>& verify,
                  std::vector<Complete>& complete) const {
    const uint32_t root = units_[0];
    if ((root & kHasEntries) != 0 || position >= text.size()) return Walk(text, position, 0, verify, complete);
    const unsigned byte_class = text_class_[static_cast<unsigned char>(text[position])];
    const uint32_t child = (root >> kBaseShift) + byte_class;
    if (byte_class == 0 || (units_[child] & kLabelMask) != byte_class) return;
    if (byte_class >= first_run_class_) return Walk(text, position, 0, verify, complete);  // a run to read
    Walk(text, position + 1, child, verify, complete);
  }

  // States of the trie: one per distinct prefix of the indexed prefixes.
  size_t node_count() const { return state_count_; }
  // Whether the index proposes nothing anywhere (nothing was indexed).
  bool empty() const { return state_count_ == 1 && !ProposesEverywhere(); }
  // Whether it proposes entries at every place (a pattern that may begin
  // with anything).
  bool ProposesEverywhere() const { return (units_[0] & kHasEntries) != 0; }
  // Whether a place whose (canonical) byte is `byte` can have proposals.
  bool MayBeginWith(unsigned char byte) const {
    const unsigned byte_class = text_class_[byte];
    return ProposesEverywhere() ||
           (byte_class != 0 && (units_[(units_[0] >> kBaseShift) + byte_class] & kLabelMask) == byte_class);
  }

  // The index as bytes (lexicon_image.h), and back. Load checks that every
  // walk stays in bounds and that the entries are among `entry_count`;
  // nullopt when not.
  void Save(ByteWriter& out) const;
  static std::optional<PrefixIndex> Load(ByteReader& in, size_t entry_count);

 private:
  // A slot is one 32-bit unit. A state's: the class of the byte that leads
  // to it (its label; the root's is 0), kHasEntries, and its base. An
  // entries slot's (label 0, which no byte has): kOneEntry and the state's
  // only entry itself, marked kOneComplete when its key is complete (most
  // states with entries have one, and then a walk reads no list), else the
  // index of its lists in lists_. A free slot is 0.
  static constexpr uint32_t kLabelMask = 0xFF;
  static constexpr uint32_t kHasEntries = 1u << 8;
  static constexpr uint32_t kBaseShift = 9;
  static constexpr uint32_t kOneEntry = 1u << 8;
  static constexpr uint32_t kOneComplete = 1u << 9;
  static constexpr uint32_t kPayloadShift = 10;
  static constexpr size_t kMaxSlots = size_t{1} << (32 - kBaseShift);
  static constexpr size_t kMaxPayload = size_t{1} << (32 - kPayloadShift);
  // A state's entries: verify_[verify_begin, verify_end), complete_[...).
  struct EntryLists {
    uint32_t verify_begin = 0;
    uint32_t verify_end = 0;
    uint32_t complete_begin = 0;
    uint32_t complete_end = 0;
  };

  class SlotAllocator;
  // Walks on from `state`, the text at `position` being what follows it.
  void Walk(std::string_view text, size_t position, uint32_t state, std::vector<uint32_t>& verify,
            std::vector<Complete>& complete) const;
  void AssignByteClasses(const std::vector<Builder::Key>& keys);
  void NoteTextClasses();
  // Appends the entries an entries slot names.
  void AddEntries(uint32_t entries, size_t position, std::vector<uint32_t>& verify,
                  std::vector<Complete>& complete) const;
  // Whether the arrays are an index over `entry_count` entries whose walks
  // stay in bounds (see Load); counts the states into state_count_.
  bool Valid(size_t entry_count);

  std::vector<uint32_t> units_;             // the slots, the root's first
  std::vector<EntryLists> lists_;
  std::array<uint8_t, 256> byte_class_{};  // 0: the byte is in no prefix; else 1, 2, ...
  // The class of a byte of the text: that of its canonical byte
  // (CanonicalPrefixByte); from first_run_class_ on, the classes of ' ' and
  // '0', whose runs read as one byte.
  std::array<uint8_t, 256> text_class_{};
  uint32_t first_run_class_ = 1;
  uint32_t class_count_ = 1;                // classes in use, with 0
  size_t state_count_ = 1;
  std::vector<uint32_t> verify_;
  std::vector<uint32_t> complete_;
};

}  // namespace ra
