#include "analyzer/match/matcher.h"

#include <algorithm>

#include "analyzer/extract/document.h"
#include "analyzer/match/regex_util.h"

namespace ra {
namespace {

// A hit may also end before a possessive ("sklearn's"), which ICU keeps
// inside the word.
bool EndsOnBoundary(const MatchableText& text, size_t end) {
  if (text.boundaries.IsBoundary(end)) return true;
  const std::string_view rest = text.display.substr(end);
  for (std::string_view suffix : {std::string_view("'s"), std::string_view("\u2019s")}) {
    if (rest.substr(0, suffix.size()) == suffix &&
        text.boundaries.IsBoundary(end + suffix.size())) {
      return true;
    }
  }
  return false;
}

// Moves `offset` back to the start of the UTF-8 character holding it.
size_t CharStart(std::string_view text, size_t offset) {
  while (offset > 0 && offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80) {
    --offset;
  }
  return offset;
}

struct SearchSpace {
  std::string_view text;  // folded text or display text
  bool folded;
};

size_t ToDisplay(const MatchableText& text, const SearchSpace& space, size_t offset) {
  return space.folded ? text.folded.ToDisplay(offset) : offset;
}

bool ContextAllows(const CompiledLexicon::Compiled& compiled, const LexiconEntry& entry,
                   const SearchSpace& space, size_t start, size_t end) {
  const auto window = static_cast<size_t>(entry.window);
  const size_t from = CharStart(space.text, start > window ? start - window : 0);
  const size_t to = CharStart(space.text, std::min(space.text.size(), end + window));
  if (compiled.exclude) {
    bool covered = false;
    ForEachMatch(*compiled.exclude, space.text, from, to, 1, [&](const re2::StringPiece* groups) {
      const size_t found_start = OffsetIn(space.text, groups[0]);
      covered = found_start <= start && found_start + groups[0].size() >= end;
      return !covered;
    });
    if (covered) return false;
  }
  if (!compiled.context) return true;
  // A context match must lie outside the hit: the hit is not its own context.
  bool found = false;
  ForEachMatch(*compiled.context, space.text, from, to, 1, [&](const re2::StringPiece* groups) {
    const size_t found_start = OffsetIn(space.text, groups[0]);
    found = found_start + groups[0].size() <= start || found_start >= end;
    return !found;
  });
  return found;
}

// The entries whose patterns match at `position` (anchored), each once.
void EntriesMatchingAt(const RE2::Set& set, std::string_view text, size_t position,
                       const std::vector<size_t>& entries_of_set, std::vector<int>& scratch, std::vector<size_t>& out) {
  out.clear();
  scratch.clear();
  // Most word starts begin no entry. Asking only whether anything matches
  // avoids the per-call allocation RE2 makes to say which patterns did.
  const re2::StringPiece rest(text.data() + position, text.size() - position);
  if (!set.Match(rest, nullptr) || !set.Match(rest, &scratch)) return;
  for (int pattern : scratch) out.push_back(entries_of_set[static_cast<size_t>(pattern)]);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

// Where the entry's hit starting at `start` ends, if it is a hit: it ends on
// a word boundary and passes the entry's guards.
void AddHitAt(const CompiledLexicon& lexicon, size_t entry_index, const MatchableText& text,
              const SearchSpace& space, size_t start, std::vector<Hit>& hits) {
  re2::StringPiece found;
  if (!lexicon.EntryRegex(entry_index).Match(space.text, start, space.text.size(), RE2::ANCHOR_START, &found, 1) ||
      found.empty()) {
    return;
  }
  const size_t end = start + found.size();
  const size_t display_start = ToDisplay(text, space, start);
  const size_t display_end = ToDisplay(text, space, end);
  if (!EndsOnBoundary(text, display_end)) return;
  if (!ContextAllows(lexicon.compiled(entry_index), lexicon.entries()[entry_index], space, start, end)) return;
  hits.push_back(Hit{entry_index, display_start, display_end});
}

// Merges overlapping hits of the same entry, keeping the earliest.
void MergeOverlaps(std::vector<Hit>& hits) {
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    if (a.entry != b.entry) return a.entry < b.entry;
    return a.start < b.start;
  });
  std::vector<Hit> merged;
  for (const Hit& hit : hits) {
    if (!merged.empty() && merged.back().entry == hit.entry && hit.start < merged.back().end) continue;
    merged.push_back(hit);
  }
  std::sort(merged.begin(), merged.end(), [](const Hit& a, const Hit& b) {
    if (a.start != b.start) return a.start < b.start;
    return a.entry < b.entry;
  });
  hits = std::move(merged);
}

}  // namespace

std::vector<Hit> MatchLexicon(const CompiledLexicon& lexicon, const MatchableText& text) {
  std::vector<Hit> hits;
  const SearchSpace folded{text.folded.text, true};
  const SearchSpace cased{text.display, false};
  const auto& to_display = text.folded.to_display;
  std::vector<int> scratch;
  std::vector<size_t> entries;
  for (const Token& token : text.boundaries.tokens()) {
    const char first = text.display[token.start];
    if (first == ' ' || first == '\n' || first == '\f') continue;
    // The first folded byte that comes from this display offset.
    const auto folded_start =
        static_cast<size_t>(std::lower_bound(to_display.begin(), to_display.end(), token.start) - to_display.begin());
    EntriesMatchingAt(lexicon.folded_set(), folded.text, folded_start, lexicon.folded_entries(), scratch, entries);
    for (size_t entry : entries) AddHitAt(lexicon, entry, text, folded, folded_start, hits);
    EntriesMatchingAt(lexicon.cased_set(), cased.text, token.start, lexicon.cased_entries(), scratch, entries);
    for (size_t entry : entries) AddHitAt(lexicon, entry, text, cased, token.start, hits);
  }
  MergeOverlaps(hits);
  return hits;
}

std::vector<Hit> MatchSnippet(const CompiledLexicon& lexicon, std::string_view snippet) {
  Document document;
  document.format = SourceFormat::kText;
  document.pages.emplace_back(snippet);
  const NormalizedText normalized = Normalize(document);
  const FoldedText folded = FoldCase(normalized.display);
  const WordBoundaries boundaries = Tokenize(normalized.display);
  return MatchLexicon(lexicon, MatchableText{normalized.display, folded, boundaries});
}

}  // namespace ra
