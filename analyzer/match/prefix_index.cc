#include "analyzer/match/prefix_index.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <deque>
#include <tuple>

#include "analyzer/common/bytes.h"
#include "analyzer/match/regex_prefixes.h"

namespace ra {
namespace {

inline size_t BitCount(uint64_t word) { return static_cast<size_t>(std::popcount(word)); }

// A walk counts bits at every step. Debian's baseline x86-64 has no
// popcount instruction, so std::popcount is a library call there; the
// walk is also compiled for processors that have one (nearly all made
// since 2008), and the loader picks the version that fits the machine.
// GCC only: clang 14 does not export a cloned member function under its
// plain name, so other files could not call it. Not in sanitizer builds
// either: the loader runs the version picker before the sanitizer's
// runtime is set up, and its instrumented code then crashes (TSan).
// Speed does not matter in those builds.
#if defined(__x86_64__) && defined(__ELF__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_THREAD__) && !defined(__SANITIZE_ADDRESS__)
#define RA_ALSO_FOR_POPCOUNT __attribute__((target_clones("popcnt", "default")))
#else
#define RA_ALSO_FOR_POPCOUNT
#endif

size_t CommonPrefixLength(std::string_view a, std::string_view b) {
  return static_cast<size_t>(std::mismatch(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(std::min(a.size(), b.size())),
                                           b.begin())
                                 .first -
                             a.begin());
}

}  // namespace

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

// Builds the radix tree from the sorted keys, breadth first, so that each
// node's edges and entries are adjacent and every child comes after its
// parent; then packs it into records.
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
  std::vector<BuiltNode> nodes;
  std::vector<Edge> edges;
  std::vector<unsigned char> first_bytes;  // each edge's
  std::deque<Pending> queue{Pending{0, keys_.size(), 0}};
  while (!queue.empty()) {
    const Pending pending = queue.front();
    queue.pop_front();
    BuiltNode node;
    node.first_edge = static_cast<uint32_t>(edges.size());
    node.lists.verify_begin = node.lists.verify_end = static_cast<uint32_t>(index.verify_.size());
    node.lists.complete_begin = node.lists.complete_end = static_cast<uint32_t>(index.complete_.size());
    size_t i = pending.first;
    // Keys that end here sort before those that go on.
    for (; i < pending.last && keys_[i].size == pending.depth; ++i) {
      (keys_[i].complete ? index.complete_ : index.verify_).push_back(keys_[i].entry);  // keys are unique
    }
    node.lists.verify_end = static_cast<uint32_t>(index.verify_.size());
    node.lists.complete_end = static_cast<uint32_t>(index.complete_.size());
    while (i < pending.last) {
      const char byte = keys_[i].bytes[pending.depth];
      size_t j = i;
      while (j < pending.last && keys_[j].bytes[pending.depth] == byte) ++j;
      // The edge runs as far as all its keys agree; the first (shortest
      // among equals) key may end there, which needs a node.
      const size_t end = CommonPrefixLength(keys_[i].view(), keys_[j - 1].view());
      const std::string_view label = keys_[i].view().substr(pending.depth + 1, end - pending.depth - 1);
      const auto target = static_cast<uint32_t>(nodes.size() + 1 + queue.size());
      edges.push_back(index.MakeEdge(target, label));
      first_bytes.push_back(static_cast<unsigned char>(byte));
      ++node.edge_count;
      queue.push_back(Pending{i, j, end});
      i = j;
    }
    nodes.push_back(node);
  }
  index.Pack(nodes, std::move(edges), first_bytes);
  keys_.clear();
  return index;
}

// Lays the nodes out as records, in the order they were made, and points
// each edge at its child's record.
void PrefixIndex::Pack(const std::vector<BuiltNode>& nodes, std::vector<Edge> edges,
                       const std::vector<unsigned char>& first_bytes) {
  std::vector<uint32_t> record_of(nodes.size());
  size_t total_words = 0;
  for (size_t n = 0; n < nodes.size(); ++n) {
    record_of[n] = static_cast<uint32_t>(total_words);
    total_words += RecordWords(nodes[n].edge_count);
  }
  records_.assign(total_words, 0);
  lists_.assign(1, EntryLists{});
  for (size_t n = 0; n < nodes.size(); ++n) {
    const BuiltNode& node = nodes[n];
    const size_t record = record_of[n];
    const EntryLists& lists = node.lists;
    if (lists.verify_begin != lists.verify_end || lists.complete_begin != lists.complete_end) {
      records_[record] = lists_.size();
      lists_.push_back(lists);
    }
    for (uint32_t e = 0; e < node.edge_count; ++e) {
      Edge& edge = edges[node.first_edge + e];
      SetBit(&records_[record + 1], byte_class_[first_bytes[node.first_edge + e]]);
      edge.target = record_of[edge.target];
      const auto words = std::bit_cast<std::array<uint64_t, kEdgeWords>>(edge);
      std::copy(words.begin(), words.end(), records_.begin() + static_cast<std::ptrdiff_t>(record + 1 + bitmap_words_ + kEdgeWords * e));
    }
  }
  node_count_ = nodes.size();
  NoteRootEntries();
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

PrefixIndex::Edge PrefixIndex::MakeEdge(uint32_t target, std::string_view label) {
  Edge edge;
  edge.target = target;
  const bool has_runs = label.find_first_of(std::string_view("0 ", 2)) != std::string_view::npos;
  edge.label_size = static_cast<uint8_t>(label.size() | (has_runs ? Edge::kHasRuns : 0));
  const size_t inline_size = std::min(label.size(), kInlineLabel);
  std::copy_n(label.begin(), inline_size, edge.inline_label.begin());
  edge.label_begin = static_cast<uint32_t>(labels_.size());
  labels_ += label.substr(inline_size);
  return edge;
}

void PrefixIndex::Save(ByteWriter& out) const {
  out.U8(kNativeByteOrder);
  out.PlainArray(records_);
  out.PlainArray(lists_);
  for (uint8_t byte_class : byte_class_) out.U8(byte_class);
  out.U32(bitmap_words_);
  out.PlainArray(first_pairs_);
  out.PlainArray(one_byte_prefixes_);
  out.Bytes(labels_);
  out.Ints(verify_);
  out.Ints(complete_);
}

std::optional<PrefixIndex> PrefixIndex::Load(ByteReader& in, size_t entry_count) {
  if (in.U8() != kNativeByteOrder) return std::nullopt;
  PrefixIndex index;
  index.records_ = in.PlainArray<uint64_t>();
  index.lists_ = in.PlainArray<EntryLists>();
  for (uint8_t& byte_class : index.byte_class_) byte_class = in.U8();
  index.bitmap_words_ = in.U32();
  index.first_pairs_ = in.PlainArray<uint64_t>();
  index.one_byte_prefixes_ = in.PlainArray<uint64_t>();
  index.labels_ = in.Bytes();
  index.verify_ = in.Ints<uint32_t>();
  index.complete_ = in.Ints<uint32_t>();
  if (!in.ok() || !index.Valid(entry_count, index.node_count_)) return std::nullopt;
  index.NoteRootEntries();
  return index;
}

bool PrefixIndex::Valid(size_t entry_count, size_t& node_count) const {
  if (first_pairs_.size() != kPairWords || one_byte_prefixes_.size() != kByteWords) return false;
  if (bitmap_words_ == 0 || bitmap_words_ > kMaxBitmapWords || lists_.empty()) return false;
  // Every class must have its bit in a node's bitmap.
  for (uint8_t byte_class : byte_class_) {
    if (byte_class / 64 >= bitmap_words_) return false;
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
  // The records must tile the array exactly, each as long as its bitmap
  // says (a bit per edge, or FindEdge would count past the record).
  std::vector<bool> is_record(records_.size(), false);
  node_count = 0;
  size_t record = 0;
  while (record < records_.size()) {
    if (records_[record] >= lists_.size() || records_.size() - record < 1 + bitmap_words_) return false;
    const size_t words = RecordWords(EdgeCount(record));
    if (records_.size() - record < words) return false;
    is_record[record] = true;
    ++node_count;
    record += words;
  }
  if (records_.empty()) return false;
  // Every edge leads forward to a record, so a walk always ends.
  for (record = 0; record < records_.size();) {
    const size_t edges = EdgeCount(record);
    for (size_t e = 0; e < edges; ++e) {
      const Edge edge = EdgeAt(record + 1 + bitmap_words_ + kEdgeWords * e);
      const size_t outside = edge.LabelSize() > kInlineLabel ? edge.LabelSize() - kInlineLabel : 0;
      if (edge.target <= record || edge.target >= records_.size() || !is_record[edge.target] ||
          static_cast<size_t>(edge.label_begin) + outside > labels_.size()) {
        return false;
      }
    }
    record += RecordWords(edges);
  }
  return true;
}

// One root record: no entries, no edges.
PrefixIndex::PrefixIndex() : lists_(1), node_count_(1) { records_.assign(1 + bitmap_words_, 0); }

size_t PrefixIndex::EdgeCount(size_t record) const {
  size_t edges = 0;
  for (size_t word = 0; word < bitmap_words_; ++word) edges += BitCount(records_[record + 1 + word]);
  return edges;
}

inline PrefixIndex::Edge PrefixIndex::EdgeAt(size_t word) const {
  return std::bit_cast<Edge>(std::array<uint64_t, kEdgeWords>{records_[word], records_[word + 1]});
}

inline size_t PrefixIndex::FindEdge(size_t record, unsigned char byte) const {
  const unsigned byte_class = byte_class_[byte];
  if (byte_class == 0) return 0;
  const uint64_t* bitmap = &records_[record + 1];
  const unsigned word = byte_class / 64;
  const uint64_t bit = uint64_t{1} << (byte_class % 64);
  if ((bitmap[word] & bit) == 0) return 0;
  size_t rank = BitCount(bitmap[word] & (bit - 1));
  for (unsigned before = 0; before < word; ++before) rank += BitCount(bitmap[before]);
  return record + 1 + bitmap_words_ + kEdgeWords * rank;
}

// Whether the text at `position` spells the edge's label, moving past it.
// A label without digits or white space reads the same in the text as in
// canonical form, so it is compared as it stands: the bytes held in the
// edge as one word. Others are read canonically, byte by byte.
[[gnu::always_inline]] inline bool PrefixIndex::LabelMatches(const Edge& edge, std::string_view text, size_t& position) const {
  const size_t size = edge.LabelSize();
  if (!edge.HasRuns() && text.size() - position >= std::max<size_t>(size, sizeof(uint64_t))) {
    uint64_t want = 0;
    uint64_t have = 0;
    std::memcpy(&want, edge.inline_label.data(), kInlineLabel);
    std::memcpy(&have, text.data() + position, sizeof have);
    const size_t inline_size = std::min(size, kInlineLabel);
    // The label's bytes are the word's first in memory: its low bytes on a
    // little-endian machine, its high ones otherwise.
    const uint64_t ones = (uint64_t{1} << (8 * inline_size)) - 1;
    const uint64_t mask = std::endian::native == std::endian::little ? ones : ones << (8 * (8 - inline_size));
    if (((want ^ have) & mask) != 0) return false;
    if (size > kInlineLabel &&
        std::memcmp(text.data() + position + kInlineLabel, labels_.data() + edge.label_begin, size - kInlineLabel) != 0) {
      return false;
    }
    position += size;
    return true;
  }
  for (size_t i = 0; i < size; ++i) {
    if (position >= text.size()) return false;
    const unsigned char want = static_cast<unsigned char>(i < kInlineLabel ? edge.inline_label[i]
                                                                           : labels_[edge.label_begin + i - kInlineLabel]);
    if (NextCanonicalByte(text, position) != want) return false;
  }
  return true;
}

RA_ALSO_FOR_POPCOUNT void PrefixIndex::Candidates(std::string_view text, size_t position, std::vector<uint32_t>& verify,
                             std::vector<Complete>& complete) const {
  size_t record = 0;
  while (true) {
    if (const uint64_t lists = records_[record]; lists != 0) {  // rarely: most nodes hold no entry
      const EntryLists& here = lists_[lists];
      verify.insert(verify.end(), verify_.begin() + here.verify_begin, verify_.begin() + here.verify_end);
      for (uint32_t i = here.complete_begin; i < here.complete_end; ++i) {
        complete.push_back(Complete{complete_[i], position});
      }
    }
    if (position >= text.size()) return;
    const size_t found = FindEdge(record, NextCanonicalByte(text, position));
    if (found == 0) return;
    const Edge edge = EdgeAt(found);
    if (edge.label_size != 0 && !LabelMatches(edge, text, position)) return;
    record = edge.target;
  }
}

}  // namespace ra
