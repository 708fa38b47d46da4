#include "analyzer/match/prefix_index.h"

#include <algorithm>
#include <deque>

#include "analyzer/common/bytes.h"
#include "analyzer/match/regex_prefixes.h"

namespace ra {
namespace {

// The canonical byte at text[position] (regex_prefixes.h), moving past it:
// a run of digits or of white space is one byte.
unsigned char NextCanonicalByte(std::string_view text, size_t& position) {
  const unsigned char byte = CanonicalPrefixByte(static_cast<unsigned char>(text[position++]));
  if (byte == '0' || byte == ' ') {
    while (position < text.size() && CanonicalPrefixByte(static_cast<unsigned char>(text[position])) == byte) {
      ++position;
    }
  }
  return byte;
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
    keys_.push_back(Key{std::move(prefix.bytes), prefix.complete, entry});
  }
}

// Builds the radix tree from the sorted keys, breadth first, so that each
// node's edges and entries are adjacent in the arrays and every child comes
// after its parent.
PrefixIndex PrefixIndex::Builder::Build() && {
  std::sort(keys_.begin(), keys_.end());
  keys_.erase(std::unique(keys_.begin(), keys_.end()), keys_.end());
  struct Pending {
    size_t first = 0;  // keys [first, last) share the node's `depth` bytes
    size_t last = 0;
    size_t depth = 0;
  };
  PrefixIndex index;
  index.nodes_.clear();
  std::deque<Pending> queue{Pending{0, keys_.size(), 0}};
  while (!queue.empty()) {
    const Pending node = queue.front();
    queue.pop_front();
    index.nodes_.push_back(Node{static_cast<uint32_t>(index.edges_.size()), static_cast<uint32_t>(index.verify_.size()),
                                static_cast<uint32_t>(index.complete_.size())});
    size_t i = node.first;
    // Keys that end here sort before those that go on.
    for (; i < node.last && keys_[i].bytes.size() == node.depth; ++i) {
      (keys_[i].complete ? index.complete_ : index.verify_).push_back(keys_[i].entry);  // keys are unique
    }
    while (i < node.last) {
      const char byte = keys_[i].bytes[node.depth];
      size_t j = i;
      while (j < node.last && keys_[j].bytes[node.depth] == byte) ++j;
      // The edge runs as far as all its keys agree; the first (shortest
      // among equals) key may end there, which needs a node.
      const size_t end = CommonPrefixLength(keys_[i].bytes, keys_[j - 1].bytes);
      const std::string_view label = std::string_view(keys_[i].bytes).substr(node.depth + 1, end - node.depth - 1);
      const auto target = static_cast<uint32_t>(index.nodes_.size() + queue.size());
      index.edges_.push_back(Edge{target, static_cast<uint32_t>(index.labels_.size()), static_cast<uint8_t>(label.size())});
      index.edge_first_ += byte;
      index.labels_ += label;
      queue.push_back(Pending{i, j, end});
      i = j;
    }
  }
  index.nodes_.push_back(Node{static_cast<uint32_t>(index.edges_.size()), static_cast<uint32_t>(index.verify_.size()),
                              static_cast<uint32_t>(index.complete_.size())});
  index.FillRootEdges();
  keys_.clear();
  return index;
}

void PrefixIndex::FillRootEdges() {
  root_edges_.fill(0);
  for (uint32_t edge = nodes_[0].edge_begin; edge < nodes_[1].edge_begin; ++edge) {
    root_edges_[static_cast<unsigned char>(edge_first_[edge])] = edge + 1;
  }
}

void PrefixIndex::Save(ByteWriter& out) const {
  out.U32(static_cast<uint32_t>(nodes_.size()));
  for (const Node& node : nodes_) {
    out.U32(node.edge_begin);
    out.U32(node.verify_begin);
    out.U32(node.complete_begin);
  }
  out.U32(static_cast<uint32_t>(edges_.size()));
  for (const Edge& edge : edges_) {
    out.U32(edge.target);
    out.U32(edge.label_begin);
    out.U8(edge.label_size);
  }
  out.Bytes(edge_first_);
  out.Bytes(labels_);
  out.Ints(verify_);
  out.Ints(complete_);
}

std::optional<PrefixIndex> PrefixIndex::Load(ByteReader& in, size_t entry_count) {
  PrefixIndex index;
  index.nodes_.resize(in.Count(12));
  for (Node& node : index.nodes_) {
    node.edge_begin = in.U32();
    node.verify_begin = in.U32();
    node.complete_begin = in.U32();
  }
  index.edges_.resize(in.Count(9));
  for (Edge& edge : index.edges_) {
    edge.target = in.U32();
    edge.label_begin = in.U32();
    edge.label_size = in.U8();
  }
  index.edge_first_ = in.Bytes();
  index.labels_ = in.Bytes();
  index.verify_ = in.Ints<uint32_t>();
  index.complete_ = in.Ints<uint32_t>();
  if (!in.ok() || !index.Valid(entry_count)) return std::nullopt;
  index.FillRootEdges();
  return index;
}

bool PrefixIndex::Valid(size_t entry_count) const {
  if (nodes_.size() < 2 || edge_first_.size() != edges_.size()) return false;
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
  }
  for (size_t node = 0; node < node_count; ++node) {
    for (uint32_t e = nodes_[node].edge_begin; e < nodes_[node + 1].edge_begin; ++e) {
      // Every child comes after its parent, so a walk always ends.
      const Edge& edge = edges_[e];
      if (edge.target <= node || edge.target >= node_count ||
          static_cast<size_t>(edge.label_begin) + edge.label_size > labels_.size()) {
        return false;
      }
    }
  }
  auto known = [&](uint32_t entry) { return entry < entry_count; };
  return std::all_of(verify_.begin(), verify_.end(), known) && std::all_of(complete_.begin(), complete_.end(), known);
}

PrefixIndex::PrefixIndex() : nodes_(2) {}

uint32_t PrefixIndex::FindEdge(uint32_t node, unsigned char byte) const {
  if (node == 0) return root_edges_[byte];
  // Below the root a node has few edges: a linear scan of adjacent records.
  const uint32_t end = nodes_[node + 1].edge_begin;
  for (uint32_t edge = nodes_[node].edge_begin; edge < end; ++edge) {
    const auto first = static_cast<unsigned char>(edge_first_[edge]);
    if (first == byte) return edge + 1;
    if (first > byte) break;
  }
  return 0;
}

void PrefixIndex::Candidates(std::string_view text, size_t position, std::vector<uint32_t>& verify,
                             std::vector<Complete>& complete) const {
  uint32_t node = 0;
  while (true) {
    const Node& here = nodes_[node];
    const Node& next = nodes_[node + 1];
    verify.insert(verify.end(), verify_.begin() + here.verify_begin, verify_.begin() + next.verify_begin);
    for (uint32_t i = here.complete_begin; i < next.complete_begin; ++i) {
      complete.push_back(Complete{complete_[i], position});
    }
    if (position >= text.size()) return;
    const uint32_t found = FindEdge(node, NextCanonicalByte(text, position));
    if (found == 0) return;
    const Edge& edge = edges_[found - 1];
    for (size_t i = 0; i < edge.label_size; ++i) {
      if (position >= text.size() ||
          NextCanonicalByte(text, position) != static_cast<unsigned char>(labels_[edge.label_begin + i])) {
        return;
      }
    }
    node = edge.target;
  }
}

}  // namespace ra
