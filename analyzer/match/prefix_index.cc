#include "analyzer/match/prefix_index.h"

#include <algorithm>
#include <deque>
#include <tuple>

#include "analyzer/common/bytes.h"
#include "analyzer/match/regex_prefixes.h"

namespace ra {
namespace {

// The canonical byte at text[position] (regex_prefixes.h), moving past it:
// a run of digits or of white space is one byte.
inline unsigned char NextCanonicalByte(std::string_view text, size_t& position) {
  const unsigned char byte = CanonicalPrefixByte(static_cast<unsigned char>(text[position++]));
  if (byte == '0' || byte == ' ') {
    while (position < text.size() && CanonicalPrefixByte(static_cast<unsigned char>(text[position])) == byte) {
      ++position;
    }
  }
  return byte;
}

// Bits set in `word`. std::popcount becomes a library call unless the
// build targets processors with a popcount instruction, which Debian's
// baseline does not; this is a dozen inline instructions.
inline unsigned BitCount(uint64_t word) {
  word -= (word >> 1) & 0x5555555555555555ULL;
  word = (word & 0x3333333333333333ULL) + ((word >> 2) & 0x3333333333333333ULL);
  word = (word + (word >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
  return static_cast<unsigned>((word * 0x0101010101010101ULL) >> 56);
}

size_t CommonPrefixLength(std::string_view a, std::string_view b) {
  return static_cast<size_t>(std::mismatch(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(std::min(a.size(), b.size())),
                                           b.begin())
                                 .first -
                             a.begin());
}

}  // namespace

void PrefixIndex::Builder::Add(std::string_view pattern, uint32_t entry) {
  for (RegexPrefix& prefix : PossiblePrefixes(pattern, kPrefixLength)) {
    Key key;
    key.size = static_cast<uint8_t>(std::min(prefix.bytes.size(), kPrefixLength));
    std::copy_n(prefix.bytes.begin(), key.size, key.bytes.begin());
    key.complete = prefix.complete;
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

// Builds the radix tree from the sorted keys, breadth first, so that each
// node's edges and entries are adjacent in the arrays and every child comes
// after its parent.
PrefixIndex PrefixIndex::Builder::Build() && {
  std::sort(keys_.begin(), keys_.end());
  keys_.erase(std::unique(keys_.begin(), keys_.end()), keys_.end());
  PrefixIndex index;
  index.AssignByteClasses(keys_);
  index.NoteFirstBytes(keys_);
  struct Pending {
    size_t first = 0;  // keys [first, last) share the node's `depth` bytes
    size_t last = 0;
    size_t depth = 0;
  };
  index.nodes_.clear();
  index.bitmaps_.clear();
  std::deque<Pending> queue{Pending{0, keys_.size(), 0}};
  while (!queue.empty()) {
    const Pending node = queue.front();
    queue.pop_front();
    index.nodes_.push_back(Node{static_cast<uint32_t>(index.edges_.size()), static_cast<uint32_t>(index.verify_.size()),
                                static_cast<uint32_t>(index.complete_.size())});
    index.bitmaps_.resize(index.bitmaps_.size() + index.bitmap_words_, 0);
    uint64_t* bitmap = &index.bitmaps_[index.bitmaps_.size() - index.bitmap_words_];
    size_t i = node.first;
    // Keys that end here sort before those that go on.
    for (; i < node.last && keys_[i].size == node.depth; ++i) {
      (keys_[i].complete ? index.complete_ : index.verify_).push_back(keys_[i].entry);  // keys are unique
    }
    while (i < node.last) {
      const char byte = keys_[i].bytes[node.depth];
      size_t j = i;
      while (j < node.last && keys_[j].bytes[node.depth] == byte) ++j;
      // The edge runs as far as all its keys agree; the first (shortest
      // among equals) key may end there, which needs a node.
      const size_t end = CommonPrefixLength(keys_[i].view(), keys_[j - 1].view());
      const std::string_view label = keys_[i].view().substr(node.depth + 1, end - node.depth - 1);
      const auto target = static_cast<uint32_t>(index.nodes_.size() + queue.size());
      index.edges_.push_back(index.MakeEdge(target, label));
      SetBit(bitmap, index.byte_class_[static_cast<unsigned char>(byte)]);
      queue.push_back(Pending{i, j, end});
      i = j;
    }
  }
  index.nodes_.push_back(Node{static_cast<uint32_t>(index.edges_.size()), static_cast<uint32_t>(index.verify_.size()),
                              static_cast<uint32_t>(index.complete_.size())});
  index.NoteRootEntries();
  keys_.clear();
  return index;
}

// Classes follow byte order, so a node's edges, made in byte order, are in
// class order: the bits set below a class count the edges before it.
void PrefixIndex::AssignByteClasses(const std::vector<Builder::Key>& keys) {
  std::array<bool, 256> used{};
  for (const auto& key : keys) {
    for (char byte : key.view()) used[static_cast<unsigned char>(byte)] = true;
  }
  // Canonical bytes (no digits but '0', no white space but ' ') leave
  // fewer than 256 classes.
  unsigned next_class = 1;
  for (unsigned byte = 0; byte < 256; ++byte) {
    byte_class_[byte] = used[byte] ? static_cast<uint8_t>(next_class++) : 0;
  }
  bitmap_words_ = static_cast<uint32_t>(next_class - 1) / 64 + 1;
}

void PrefixIndex::NoteFirstBytes(const std::vector<Builder::Key>& keys) {
  for (const auto& key : keys) {
    const std::string_view bytes = key.view();
    if (bytes.size() == 1) {
      SetBit(one_byte_prefixes_.data(), static_cast<unsigned char>(bytes[0]));
    } else if (bytes.size() >= 2) {
      SetBit(first_pairs_.data(), static_cast<unsigned char>(bytes[0]) * 256u + static_cast<unsigned char>(bytes[1]));
    }
  }
}

bool PrefixIndex::MayBeginAt(std::string_view text, size_t position) const {
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

PrefixIndex::Edge PrefixIndex::MakeEdge(uint32_t target, std::string_view label) {
  Edge edge;
  edge.target = target;
  edge.label_size = static_cast<uint8_t>(label.size());
  const size_t inline_size = std::min(label.size(), kInlineLabel);
  std::copy_n(label.begin(), inline_size, edge.inline_label.begin());
  edge.label_begin = static_cast<uint32_t>(labels_.size());
  labels_ += label.substr(inline_size);
  return edge;
}

void PrefixIndex::Save(ByteWriter& out) const {
  out.U8(kNativeByteOrder);
  out.PlainArray(nodes_);
  out.PlainArray(edges_);
  for (uint8_t byte_class : byte_class_) out.U8(byte_class);
  out.U32(bitmap_words_);
  out.PlainArray(bitmaps_);
  out.PlainArray(first_pairs_);
  out.PlainArray(one_byte_prefixes_);
  out.Bytes(labels_);
  out.Ints(verify_);
  out.Ints(complete_);
}

std::optional<PrefixIndex> PrefixIndex::Load(ByteReader& in, size_t entry_count) {
  if (in.U8() != kNativeByteOrder) return std::nullopt;
  PrefixIndex index;
  index.nodes_ = in.PlainArray<Node>();
  index.edges_ = in.PlainArray<Edge>();
  for (uint8_t& byte_class : index.byte_class_) byte_class = in.U8();
  index.bitmap_words_ = in.U32();
  index.bitmaps_ = in.PlainArray<uint64_t>();
  index.first_pairs_ = in.PlainArray<uint64_t>();
  index.one_byte_prefixes_ = in.PlainArray<uint64_t>();
  index.labels_ = in.Bytes();
  index.verify_ = in.Ints<uint32_t>();
  index.complete_ = in.Ints<uint32_t>();
  if (!in.ok() || !index.Valid(entry_count)) return std::nullopt;
  index.NoteRootEntries();
  return index;
}

bool PrefixIndex::Valid(size_t entry_count) const {
  if (first_pairs_.size() != kPairWords || one_byte_prefixes_.size() != kByteWords) return false;
  if (nodes_.size() < 2 || bitmap_words_ == 0 || bitmap_words_ > kMaxBitmapWords ||
      bitmaps_.size() != (nodes_.size() - 1) * bitmap_words_) {
    return false;
  }
  // Every class must have its bit in a node's bitmap.
  for (uint8_t byte_class : byte_class_) {
    if (byte_class / 64 >= bitmap_words_) return false;
  }
  const Node& first = nodes_.front();
  const Node& last = nodes_.back();
  if (first.edge_begin != 0 || first.verify_begin != 0 || first.complete_begin != 0 ||
      last.edge_begin != edges_.size() || last.verify_begin != verify_.size() || last.complete_begin != complete_.size()) {
    return false;
  }
  // Offsets first: only once they all rise to the ends are the ranges safe to read.
  const size_t node_count = nodes_.size() - 1;
  for (size_t node = 0; node < node_count; ++node) {
    const Node& here = nodes_[node];
    const Node& next = nodes_[node + 1];
    if (here.edge_begin > next.edge_begin || here.verify_begin > next.verify_begin ||
        here.complete_begin > next.complete_begin) {
      return false;
    }
    // A bit per edge, or FindEdge would count its way past the node's edges.
    size_t bits = 0;
    for (size_t word = 0; word < bitmap_words_; ++word) bits += BitCount(bitmaps_[node * bitmap_words_ + word]);
    if (bits != next.edge_begin - here.edge_begin) return false;
  }
  for (size_t node = 0; node < node_count; ++node) {
    for (uint32_t e = nodes_[node].edge_begin; e < nodes_[node + 1].edge_begin; ++e) {
      // Every child comes after its parent, so a walk always ends.
      const Edge& edge = edges_[e];
      const size_t outside = edge.label_size > kInlineLabel ? edge.label_size - kInlineLabel : 0;
      if (edge.target <= node || edge.target >= node_count ||
          static_cast<size_t>(edge.label_begin) + outside > labels_.size()) {
        return false;
      }
    }
  }
  auto known = [&](uint32_t entry) { return entry < entry_count; };
  return std::all_of(verify_.begin(), verify_.end(), known) && std::all_of(complete_.begin(), complete_.end(), known);
}

PrefixIndex::PrefixIndex() : nodes_(2), bitmaps_(1, 0) {}

inline uint32_t PrefixIndex::FindEdge(uint32_t node, unsigned char byte) const {
  const unsigned byte_class = byte_class_[byte];
  if (byte_class == 0) return 0;
  const uint64_t* bitmap = &bitmaps_[size_t{node} * bitmap_words_];
  const unsigned word = byte_class / 64;
  const uint64_t bit = uint64_t{1} << (byte_class % 64);
  if ((bitmap[word] & bit) == 0) return 0;
  auto rank = static_cast<uint32_t>(BitCount(bitmap[word] & (bit - 1)));
  for (unsigned before = 0; before < word; ++before) rank += static_cast<uint32_t>(BitCount(bitmap[before]));
  return nodes_[node].edge_begin + rank + 1;
}

void PrefixIndex::Candidates(std::string_view text, size_t position, std::vector<uint32_t>& verify,
                             std::vector<Complete>& complete) const {
  uint32_t node = 0;
  while (true) {
    const Node& here = nodes_[node];
    const Node& next = nodes_[node + 1];
    if (here.verify_begin != next.verify_begin) {  // rarely: most nodes hold no entry
      verify.insert(verify.end(), verify_.begin() + here.verify_begin, verify_.begin() + next.verify_begin);
    }
    for (uint32_t i = here.complete_begin; i < next.complete_begin; ++i) {
      complete.push_back(Complete{complete_[i], position});
    }
    if (position >= text.size()) return;
    const uint32_t found = FindEdge(node, NextCanonicalByte(text, position));
    if (found == 0) return;
    const Edge& edge = edges_[found - 1];
    for (size_t i = 0; i < edge.label_size; ++i) {
      if (position >= text.size() ||
          NextCanonicalByte(text, position) != edge.LabelByte(labels_, i)) {
        return;
      }
    }
    node = edge.target;
  }
}

}  // namespace ra
