#include "analyzer/match/prefix_index.h"

#include <algorithm>

#include "analyzer/match/regex_prefixes.h"

namespace ra {
namespace {

constexpr uint32_t kNone = 0;  // the root is nobody's child

}  // namespace

PrefixIndex::PrefixIndex() : nodes_(1) {}

uint32_t PrefixIndex::Child(uint32_t node, unsigned char byte) const {
  const auto& children = nodes_[node].children;
  const auto found = std::lower_bound(children.begin(), children.end(), byte,
                                      [](const auto& child, unsigned char b) { return child.first < b; });
  return found != children.end() && found->first == byte ? found->second : kNone;
}

uint32_t PrefixIndex::AddChild(uint32_t node, unsigned char byte) {
  for (const auto& [b, child] : nodes_[node].children) {
    if (b == byte) return child;
  }
  const auto child = static_cast<uint32_t>(nodes_.size());
  nodes_[node].children.emplace_back(byte, child);
  nodes_.emplace_back();
  return child;
}

void PrefixIndex::Add(std::string_view pattern, uint32_t entry) {
  for (const RegexPrefix& prefix : PossiblePrefixes(pattern, kPrefixLength)) {
    uint32_t node = 0;
    for (char byte : prefix.bytes) node = AddChild(node, static_cast<unsigned char>(byte));
    (prefix.complete ? nodes_[node].complete : nodes_[node].entries).push_back(entry);
  }
}

void PrefixIndex::Finish() {
  for (Node& node : nodes_) {
    std::sort(node.children.begin(), node.children.end());
    for (auto* list : {&node.entries, &node.complete}) {
      std::sort(list->begin(), list->end());
      list->erase(std::unique(list->begin(), list->end()), list->end());
    }
  }
}

void PrefixIndex::Candidates(std::string_view text, size_t position, std::vector<uint32_t>& verify,
                             std::vector<Complete>& complete) const {
  uint32_t node = 0;
  verify.insert(verify.end(), nodes_[0].entries.begin(), nodes_[0].entries.end());
  for (size_t depth = 0; depth < kPrefixLength && position < text.size(); ++depth) {
    const unsigned char byte = CanonicalPrefixByte(static_cast<unsigned char>(text[position++]));
    if (byte == '0' || byte == ' ') {  // a run reads as one byte
      while (position < text.size() && CanonicalPrefixByte(static_cast<unsigned char>(text[position])) == byte) {
        ++position;
      }
    }
    node = Child(node, byte);
    if (node == kNone) return;
    verify.insert(verify.end(), nodes_[node].entries.begin(), nodes_[node].entries.end());
    for (uint32_t entry : nodes_[node].complete) complete.push_back(Complete{entry, position});
  }
}

}  // namespace ra
