#pragma once
// Iterating over the matches of an RE2 in a text, which several stages do.

#include <string_view>

#include <re2/re2.h>

namespace ra {

// Calls visit(groups) for each non-overlapping match of `regex` in
// text[from, to), where groups[0] is the whole match and groups[1..n-1] the
// capture groups; `visit` returns false to stop. The next search starts
// after the match (one byte on from an empty match).
template <typename Visit>
void ForEachMatch(const RE2& regex, std::string_view text, size_t from, size_t to, int group_count, Visit visit) {
  re2::StringPiece groups[8];
  size_t position = from;
  while (position < to && regex.Match(text, position, to, RE2::UNANCHORED, groups, group_count)) {
    const auto start = static_cast<size_t>(groups[0].data() - text.data());
    if (!visit(groups)) return;
    position = start + (groups[0].empty() ? 1 : groups[0].size());
  }
}

// Offset of a match group within `text`.
inline size_t OffsetIn(std::string_view text, const re2::StringPiece& group) {
  return static_cast<size_t>(group.data() - text.data());
}

}  // namespace ra
