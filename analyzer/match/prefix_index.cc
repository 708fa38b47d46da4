#include "analyzer/match/prefix_index.h"

#include <algorithm>
#include <bit>
#include <span>
#include <string>
#include <stdexcept>
#include <tuple>

#include "analyzer/common/bytes.h"
#include "analyzer/match/regex_prefixes.h"

namespace ra {

void PrefixIndex::Builder::Add(std::string_view pattern, uint32_t entry, PrefixText text) {
  for (RegexPrefix& prefix : PossiblePrefixes(pattern, kPrefixLength, text)) {
    Key key;
    key.size = static_cast<uint8_t>(std::min(prefix.bytes.size(), kPrefixLength));
    std::copy_n(prefix.bytes.begin(), key.size, key.bytes.begin());
    // A pattern that matches the empty string is left to its regex, which
    // drops empty matches; so every complete match has a byte.
    key.complete = prefix.complete && key.size > 0;
    key.entry = entry;
    keys_.push_back(key);
  }
}

// Byte order, a shorter key before a longer one it begins (padding is
// zero), then completeness and entry.
std::strong_ordering PrefixIndex::Builder::Key::operator<=>(const Key& other) const {
  if (const auto order = CompareFixedBytes(bytes, other.bytes); order != 0) return order;
  return std::tie(size, complete, entry) <=> std::tie(other.size, other.complete, other.entry);
}

// Finds, for a state, the lowest base that no other state has and at which
// the slots of all its children (and of its entries, class 0) are free, and
// takes them. The slots and bases in use are kept as bits, so that free
// ones are found a word at a time; the array fills from the front, and only
// its last kSearchedSlots slots are searched (`first_free_`: the first free
// one among them).
class PrefixIndex::SlotAllocator {
 public:
  explicit SlotAllocator(std::vector<uint32_t>& units)
      : units_(units), used_(units.size() / 64 + 1, 0), bases_(used_.size(), 0) {
    Take(0, 0);
  }

  // `classes` not empty, all below 256. With one class the first fit will
  // do, so a chain of states with one child lies in nearly adjacent slots,
  // which a walk along it reads together. The places where the first
  // class's slot is free and the base below it is not taken are found 64 at
  // a time.
  uint32_t TakeBase(std::span<const uint32_t> classes) {
    const size_t first_class = classes[0];
    const size_t window = end_ > kSearchedSlots ? end_ - kSearchedSlots : 0;
    if (first_free_ < window) first_free_ = NextFree(used_, window);
    const size_t from = std::max(first_free_, first_class);
    for (size_t word = from / 64;; ++word) {
      uint64_t fits = ~WordAt(used_, word) &
                      ~BitsFrom(bases_, static_cast<ptrdiff_t>(word * 64) - static_cast<ptrdiff_t>(first_class));
      if (word == from / 64) fits &= ~uint64_t{0} << (from % 64);
      for (; fits != 0; fits &= fits - 1) {
        const size_t base = word * 64 + static_cast<size_t>(std::countr_zero(fits)) - first_class;
        if (std::any_of(classes.begin() + 1, classes.end(), [&](uint32_t c) { return IsSet(used_, base + c); })) continue;
        if (base / 64 >= bases_.size()) Grow(base);
        bases_[base / 64] |= uint64_t{1} << (base % 64);
        for (uint32_t byte_class : classes) Take(base + byte_class, byte_class);
        return static_cast<uint32_t>(base);
      }
    }
  }

  // One past the last slot taken.
  size_t end() const { return end_; }

 private:
  // The slot's label is the class of the byte that leads to it.
  void Take(size_t slot, uint32_t label) {
    if (slot >= units_.size()) [[unlikely]] Grow(slot);
    used_[slot / 64] |= uint64_t{1} << (slot % 64);
    units_[slot] = label;
    if (slot == first_free_) first_free_ = NextFree(used_, first_free_);
    end_ = std::max(end_, slot + 1);
  }

  [[gnu::noinline]] void Grow(size_t slot) {
    units_.resize(std::max(slot + 1, units_.size() * 2));
    used_.resize(units_.size() / 64 + 1, 0);
    bases_.resize(used_.size(), 0);
  }

  static bool IsSet(const std::vector<uint64_t>& bits, size_t at) {
    return at / 64 < bits.size() && ((bits[at / 64] >> (at % 64)) & 1) != 0;
  }

  static uint64_t WordAt(const std::vector<uint64_t>& bits, size_t word) { return word < bits.size() ? bits[word] : 0; }

  // Bits [first, first + 64) as a word; those before 0 read as set, those
  // past the end as clear.
  static uint64_t BitsFrom(const std::vector<uint64_t>& bits, ptrdiff_t first) {
    if (first < 0) {
      const auto before = static_cast<size_t>(-first);
      return before >= 64 ? ~uint64_t{0} : (BitsFrom(bits, 0) << before) | ((uint64_t{1} << before) - 1);
    }
    const size_t word = static_cast<size_t>(first) / 64;
    const size_t offset = static_cast<size_t>(first) % 64;
    const uint64_t low = WordAt(bits, word) >> offset;
    return offset == 0 ? low : low | (WordAt(bits, word + 1) << (64 - offset));
  }

  static size_t NextFree(const std::vector<uint64_t>& bits, size_t slot) {
    size_t word = slot / 64;
    if (word >= bits.size()) return slot;
    uint64_t free_bits = ~bits[word] & (~uint64_t{0} << (slot % 64));
    while (free_bits == 0) {
      if (++word == bits.size()) return word * 64;
      free_bits = ~bits[word];
    }
    return word * 64 + static_cast<size_t>(std::countr_zero(free_bits));
  }

  // Free slots further back than this from the end are left free: a slot
  // whose base for a class is taken stays free, and searching past all of
  // them for every state would take time quadratic in their number. (With
  // 256, the bundled lexicons' folded index has 0.3% more slots than with
  // 2048, and builds as fast as before bases were unique.)
  static constexpr size_t kSearchedSlots = 256;

  std::vector<uint32_t>& units_;
  std::vector<uint64_t> used_;   // slots taken
  std::vector<uint64_t> bases_;  // bases taken
  size_t first_free_ = 0;
  size_t end_ = 0;
};

// Builds the trie from the sorted keys breadth first, so that the states
// near the root, which every walk reads, lie together at the front.
PrefixIndex PrefixIndex::Builder::Build() && {
  std::sort(keys_.begin(), keys_.end());
  keys_.erase(std::unique(keys_.begin(), keys_.end()), keys_.end());
  PrefixIndex index;
  index.AssignByteClasses(keys_);
  // Every state and entry list is at most one slot per key byte and key.
  size_t key_bytes = 0;
  for (const Key& key : keys_) key_bytes += key.size + 1u;
  index.units_.assign(key_bytes + index.class_count_ + 1, 0);
  index.state_count_ = 0;
  SlotAllocator allocator(index.units_);
  struct Pending {
    size_t first = 0;  // keys [first, last) share the state's `depth` bytes
    size_t last = 0;
    size_t depth = 0;
    uint32_t slot = 0;
  };
  std::vector<Pending> queue{Pending{0, keys_.size(), 0, 0}};  // read from `next`
  std::vector<uint32_t> classes;    // of the entries' slot (0) and the children
  std::vector<size_t> child_first;  // where each child's keys begin
  uint32_t highest_base = 0;
  auto set_base = [&](uint32_t slot, uint32_t base, bool has_entries) {
    highest_base = std::max(highest_base, base);
    index.units_[slot] |= (base << kBaseShift) | (has_entries ? kHasEntries : 0);
  };
  for (size_t next = 0; next < queue.size(); ++next) {
    const Pending state = queue[next];
    ++index.state_count_;
    EntryLists lists;
    lists.verify_begin = static_cast<uint32_t>(index.verify_.size());
    lists.complete_begin = static_cast<uint32_t>(index.complete_.size());
    size_t i = state.first;
    // Keys that end here sort before those that go on.
    for (; i < state.last && keys_[i].size == state.depth; ++i) {
      (keys_[i].complete ? index.complete_ : index.verify_).push_back(keys_[i].entry);  // keys are unique
    }
    lists.verify_end = static_cast<uint32_t>(index.verify_.size());
    lists.complete_end = static_cast<uint32_t>(index.complete_.size());
    const bool has_entries = i != state.first;
    classes.clear();
    child_first.clear();
    if (has_entries) classes.push_back(0);
    // Sorted keys that agree on their first and last byte here all do: one
    // child, the common case (most states are inside a single word).
    if (i < state.last && keys_[i].bytes[state.depth] == keys_[state.last - 1].bytes[state.depth]) {
      classes.push_back(index.byte_class_[static_cast<unsigned char>(keys_[i].bytes[state.depth])]);
      child_first.push_back(i);
    } else {
      for (size_t j = i; j < state.last; ++j) {
        if (j == i || keys_[j].bytes[state.depth] != keys_[j - 1].bytes[state.depth]) {
          classes.push_back(index.byte_class_[static_cast<unsigned char>(keys_[j].bytes[state.depth])]);
          child_first.push_back(j);
        }
      }
    }
    if (classes.empty()) continue;  // only a root without keys
    const uint32_t base = allocator.TakeBase(classes);
    set_base(state.slot, base, has_entries);
    if (has_entries) {
      const bool one_verify = lists.verify_end - lists.verify_begin == 1 && lists.complete_end == lists.complete_begin;
      const bool one_complete = lists.complete_end - lists.complete_begin == 1 && lists.verify_end == lists.verify_begin;
      auto& list = one_complete ? index.complete_ : index.verify_;
      if ((one_verify || one_complete) && list.back() < kMaxPayload) {
        index.units_[base] = kOneEntry | (one_complete ? kOneComplete : 0) | (list.back() << kPayloadShift);
        list.pop_back();
      } else {
        if (index.lists_.size() >= kMaxPayload) {
          throw std::length_error("more than " + std::to_string(kMaxPayload) + " states with several entries");
        }
        index.units_[base] = static_cast<uint32_t>(index.lists_.size()) << kPayloadShift;
        index.lists_.push_back(lists);
      }
    }
    const size_t first_child_class = has_entries ? 1 : 0;
    for (size_t child = 0; child < child_first.size(); ++child) {
      const size_t last = child + 1 < child_first.size() ? child_first[child + 1] : state.last;
      Pending next_state{child_first[child], last, state.depth + 1, base + classes[first_child_class + child]};
      // Down a chain of states with one child and no entries, here rather
      // than through the queue: most states are such, inside a word.
      while (keys_[next_state.first].size != next_state.depth &&
             keys_[next_state.first].bytes[next_state.depth] == keys_[next_state.last - 1].bytes[next_state.depth]) {
        ++index.state_count_;
        const uint32_t byte_class = index.byte_class_[static_cast<unsigned char>(keys_[next_state.first].bytes[next_state.depth])];
        const uint32_t chain_base = allocator.TakeBase({&byte_class, 1});
        set_base(next_state.slot, chain_base, false);
        next_state.slot = chain_base + byte_class;
        ++next_state.depth;
      }
      queue.push_back(next_state);
    }
  }
  // Free slots at the end are dropped, but every state's base plus any
  // class stays inside the array (as Valid requires).
  index.units_.resize(std::max<size_t>(allocator.end(), highest_base + index.class_count_));
  if (index.units_.size() > kMaxSlots) {
    throw std::length_error("more than " + std::to_string(kMaxSlots) + " slots in the prefix index");
  }
  keys_.clear();
  return index;
}

// The bytes most used in the prefixes get the lowest classes: the children
// of a state that walks most often reach then lie close together, in fewer
// cache lines (-5% of the walks' misses in a simulated 512 KB cache). The
// bytes whose runs read as one, ' ' and '0', come last, so that a walk tells
// them from the others with one comparison.
void PrefixIndex::AssignByteClasses(const std::vector<Builder::Key>& keys) {
  std::array<size_t, 256> uses{};
  for (const auto& key : keys) {
    for (char byte : key.view()) ++uses[static_cast<unsigned char>(byte)];
  }
  std::vector<unsigned char> bytes;
  for (unsigned byte = 0; byte < 256; ++byte) {
    if (uses[byte] != 0 && byte != ' ' && byte != '0') bytes.push_back(static_cast<unsigned char>(byte));
  }
  std::stable_sort(bytes.begin(), bytes.end(), [&](unsigned char a, unsigned char b) { return uses[a] > uses[b]; });
  // Canonical bytes (no digits but '0', no white space but ' ') leave
  // fewer than 256 classes.
  unsigned next_class = 1;
  for (unsigned char byte : bytes) byte_class_[byte] = static_cast<uint8_t>(next_class++);
  for (unsigned char byte : {' ', '0'}) {
    if (uses[byte] != 0) byte_class_[byte] = static_cast<uint8_t>(next_class++);
  }
  class_count_ = next_class;
  NoteTextClasses();
}

void PrefixIndex::NoteTextClasses() {
  for (unsigned byte = 0; byte < 256; ++byte) text_class_[byte] = byte_class_[CanonicalPrefixByte(static_cast<unsigned char>(byte))];
  // With neither, no class reaches class_count_.
  first_run_class_ = class_count_;
  for (unsigned char byte : {' ', '0'}) {
    if (byte_class_[byte] != 0) first_run_class_ = std::min<uint32_t>(first_run_class_, byte_class_[byte]);
  }
}

void PrefixIndex::AddEntries(uint32_t entries, size_t position, std::vector<uint32_t>& verify,
                             std::vector<Complete>& complete) const {
  const uint32_t payload = entries >> kPayloadShift;
  if ((entries & kOneEntry) != 0) {
    if ((entries & kOneComplete) != 0) {
      complete.push_back(Complete{payload, position});
    } else {
      verify.push_back(payload);
    }
    return;
  }
  const EntryLists& here = lists_[payload];
  verify.insert(verify.end(), verify_.begin() + here.verify_begin, verify_.begin() + here.verify_end);
  for (uint32_t i = here.complete_begin; i < here.complete_end; ++i) complete.push_back(Complete{complete_[i], position});
}

// The walk keeps what it reads in locals: with the members read through
// `this` at every step, the compiler reloaded them after each store.
void PrefixIndex::Walk(std::string_view text, size_t position, uint32_t state, std::vector<uint32_t>& verify,
                       std::vector<Complete>& complete) const {
  const uint32_t* const units = units_.data();
  const uint8_t* const text_class = text_class_.data();
  const auto* const bytes = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  const uint32_t first_run_class = first_run_class_;
  while (true) {
    const uint32_t unit = units[state];
    const uint32_t base = unit >> kBaseShift;
    if ((unit & kHasEntries) != 0) [[unlikely]] {
      AddEntries(units[base], position, verify, complete);
    }
    if (position >= size) return;
    const uint8_t byte_class = text_class[bytes[position++]];
    if (byte_class == 0) return;  // in no prefix (and slot base + 0 holds entries)
    if (byte_class >= first_run_class) [[unlikely]] {
      // A run of digits or of white space reads as one canonical byte.
      while (position < size && text_class[bytes[position]] == byte_class) ++position;
    }
    const uint32_t child = base + byte_class;
    if ((units[child] & kLabelMask) != byte_class) return;
    state = child;
  }
}

void PrefixIndex::Save(ByteWriter& out) const {
  out.U8(kNativeByteOrder);
  out.PlainArray(units_);
  out.PlainArray(lists_);
  for (uint8_t byte_class : byte_class_) out.U8(byte_class);
  out.U32(class_count_);
  out.Ints(verify_);
  out.Ints(complete_);
}

std::optional<PrefixIndex> PrefixIndex::Load(ByteReader& in, size_t entry_count) {
  if (in.U8() != kNativeByteOrder) return std::nullopt;
  PrefixIndex index;
  index.units_ = in.PlainArray<uint32_t>();
  index.lists_ = in.PlainArray<EntryLists>();
  for (uint8_t& byte_class : index.byte_class_) byte_class = in.U8();
  index.class_count_ = in.U32();
  index.verify_ = in.Ints<uint32_t>();
  index.complete_ = in.Ints<uint32_t>();
  if (!in.ok() || !index.Valid(entry_count)) return std::nullopt;
  index.NoteTextClasses();
  return index;
}

bool PrefixIndex::Valid(size_t entry_count) {
  if (class_count_ == 0 || class_count_ > 256 || units_.size() < class_count_ || units_.size() > kMaxSlots) return false;
  for (uint8_t byte_class : byte_class_) {
    if (byte_class >= class_count_) return false;
  }
  auto known = [&](uint32_t entry) { return entry < entry_count; };
  if (!std::all_of(verify_.begin(), verify_.end(), known) || !std::all_of(complete_.begin(), complete_.end(), known)) {
    return false;
  }
  for (const EntryLists& lists : lists_) {
    if (lists.verify_begin > lists.verify_end || lists.verify_end > verify_.size() ||
        lists.complete_begin > lists.complete_end || lists.complete_end > complete_.size()) {
      return false;
    }
  }
  // A walk reaches the root and slots whose label is a byte's class (not
  // 0); from each it reads the slot at base + class, and the entries at
  // base when it is marked as having some: all must be in bounds. (A walk
  // ends, for it reads a byte of the text at every step.)
  state_count_ = 0;
  for (size_t slot = 0; slot < units_.size(); ++slot) {
    const uint32_t unit = units_[slot];
    if (slot != 0 && (unit & kLabelMask) == 0) continue;
    ++state_count_;
    const uint32_t base = unit >> kBaseShift;
    if (static_cast<size_t>(base) + class_count_ > units_.size()) return false;
    if ((unit & kHasEntries) == 0) continue;
    const uint32_t entries = units_[base];
    if ((entries & kOneEntry) != 0 ? (entries >> kPayloadShift) >= entry_count : (entries >> kPayloadShift) >= lists_.size()) {
      return false;
    }
  }
  return true;
}

// A root without children or entries.
PrefixIndex::PrefixIndex() : units_(1, 0) {}

}  // namespace ra
