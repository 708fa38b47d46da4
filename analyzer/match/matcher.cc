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

void FindEntryHits(const CompiledLexicon& lexicon, size_t entry_index, const MatchableText& text,
                   const SearchSpace& space, std::vector<Hit>& hits) {
  const LexiconEntry& entry = lexicon.entries()[entry_index];
  const auto& compiled = lexicon.compiled(entry_index);
  re2::StringPiece found;
  size_t position = 0;
  const RE2& pattern = lexicon.EntryRegex(entry_index);
  while (position < space.text.size() &&
         pattern.Match(space.text, position, space.text.size(), RE2::UNANCHORED, &found, 1)) {
    const auto start = static_cast<size_t>(found.data() - space.text.data());
    const size_t end = start + found.size();
    if (found.empty()) {
      position = start + 1;
      continue;
    }
    const size_t display_start = ToDisplay(text, space, start);
    const size_t display_end = ToDisplay(text, space, end);
    if (text.boundaries.IsBoundary(display_start) && EndsOnBoundary(text, display_end) &&
        ContextAllows(compiled, entry, space, start, end)) {
      hits.push_back(Hit{entry_index, display_start, display_end});
      position = end;
    } else {
      // Try again one character further: a shorter or later match may sit on
      // boundaries ("r" rejected inside "rr" must not hide a later "r").
      position = CharStart(space.text, start + 1);
      if (position <= start) position = start + 1;
      while (position < space.text.size() &&
             (static_cast<unsigned char>(space.text[position]) & 0xC0) == 0x80) {
        ++position;
      }
    }
  }
}

std::vector<size_t> CandidateEntries(const RE2::Set& set, std::string_view text,
                                     const std::vector<size_t>& entries_of_set) {
  std::vector<int> matched;
  set.Match(text, &matched);
  std::vector<size_t> candidates;
  candidates.reserve(matched.size());
  for (int pattern : matched) candidates.push_back(entries_of_set[static_cast<size_t>(pattern)]);
  // Several patterns of one entry may match.
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  return candidates;
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
  for (size_t entry : CandidateEntries(lexicon.folded_set(), folded.text, lexicon.folded_entries())) {
    FindEntryHits(lexicon, entry, text, folded, hits);
  }
  for (size_t entry : CandidateEntries(lexicon.cased_set(), cased.text, lexicon.cased_entries())) {
    FindEntryHits(lexicon, entry, text, cased, hits);
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
