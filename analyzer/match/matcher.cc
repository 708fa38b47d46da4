#include "analyzer/match/matcher.h"

#include <algorithm>
#include <array>
#include <utility>

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

// Whether `regex` matches somewhere in text[from, to). No match position is
// asked for, so RE2 stops at the first match and runs no reverse pass.
bool MatchesIn(const RE2& regex, std::string_view text, size_t from, size_t to) {
  return from < to && regex.Match(text, from, to, RE2::UNANCHORED, nullptr, 0);
}

// What a prefix index proposes at one place, reused from place to place.
struct Proposals {
  std::vector<uint32_t> verify;
  std::vector<PrefixIndex::Complete> complete;
  void Clear() {
    verify.clear();
    complete.clear();
  }
};

// RE2's word characters, between which and others its \b holds.
constexpr std::array<bool, 256> kRegexWordBytes = [] {
  std::array<bool, 256> table{};
  for (unsigned c = 0; c < 256; ++c) table[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  return table;
}();
bool IsRegexWordByte(char c) { return kRegexWordBytes[static_cast<unsigned char>(c)]; }

// What a guard's prefix indexes tell of a stretch of text.
enum class Evidence {
  kNone,    // no match of the guard lies in it
  kFound,   // one does
  kUnsure,  // only the regex can tell
};

// Whether a context match lies wholly in text[from, to), as far as the
// context's indexes tell: a whole match they know that ends by `to` is one;
// a place where they know only how a match would begin leaves it to the
// regex; no proposal anywhere means no match (the indexes never miss a way
// a match can begin). Word alternatives are looked up where the regex's \b
// lets a word begin; the others at the bytes they can begin with, unless
// they can begin with anything (then the regex decides).
Evidence ContextEvidence(const CompiledLexicon::Guards& guards, std::string_view text, size_t from, size_t to,
                         Proposals& proposals) {
  bool unsure = guards.context_anywhere.ProposesEverywhere();
  const bool anywhere = !guards.context_anywhere.empty() && !unsure;
  bool after_word = from > 0 && IsRegexWordByte(text[from - 1]);
  for (size_t position = from; position < to; ++position) {
    const bool word = IsRegexWordByte(text[position]);
    const bool word_start = word && !after_word;
    after_word = word;
    const bool other_start = anywhere && guards.context_anywhere_begins[static_cast<unsigned char>(text[position])];
    if (!word_start && !other_start) continue;
    if (word_start) guards.context_words.Candidates(text, position, proposals.verify, proposals.complete);
    if (other_start) guards.context_anywhere.Candidates(text, position, proposals.verify, proposals.complete);
    if (proposals.verify.empty() && proposals.complete.empty()) continue;
    // A whole match read past `to` (a run of spaces or digits read to its
    // end) leaves the regex to tell whether a shorter one ends before it.
    const bool found = std::any_of(proposals.complete.begin(), proposals.complete.end(),
                                   [&](const PrefixIndex::Complete& whole) { return whole.end <= to; });
    proposals.Clear();
    if (found) return Evidence::kFound;
    unsure = true;
  }
  return unsure ? Evidence::kUnsure : Evidence::kNone;
}

// A context match must lie outside the hit (the hit is not its own
// context): wholly before it or wholly after it, within the window. The
// indexes decide most windows; the regex the rest.
bool HasContext(const CompiledLexicon::Guards& guards, const SearchSpace& space, size_t from, size_t to, size_t start,
                size_t end, Proposals& proposals) {
  const Evidence before = ContextEvidence(guards, space.text, from, start, proposals);
  if (before == Evidence::kFound) return true;
  const Evidence after = ContextEvidence(guards, space.text, end, to, proposals);
  if (after == Evidence::kFound) return true;
  return (before == Evidence::kUnsure && MatchesIn(*guards.context, space.text, from, start)) ||
         (after == Evidence::kUnsure && MatchesIn(*guards.context, space.text, end, to));
}

// Whether a match of `exclude` covers the whole hit.
bool Excluded(const RE2& exclude, const SearchSpace& space, size_t from, size_t to, size_t start, size_t end) {
  if (!MatchesIn(exclude, space.text, from, to)) return false;  // the usual case, in one forward pass
  bool covered = false;
  ForEachMatch(exclude, space.text, from, to, 1, [&](const re2::StringPiece* groups) {
    const size_t found_start = OffsetIn(space.text, groups[0]);
    covered = found_start <= start && found_start + groups[0].size() >= end;
    return !covered && found_start <= start;  // a later match cannot cover the hit
  });
  return covered;
}

// The stretch of [from, to) around the hit [start, end) that a match of an
// exclusion covering the hit can span: no match of any exclusion holds a
// byte that none of them can contain, so none crosses such a byte, and the
// search need not look past one. The verdict is the same as over the whole
// window, matches found and all: those beyond such a byte cannot cover the
// hit, and cannot overlap (so cannot hide) one that does.
std::pair<size_t, size_t> ExclusionReach(const CompiledLexicon::Guards& guards, std::string_view text, size_t from,
                                         size_t to, size_t start, size_t end) {
  auto possible = [&](size_t offset) {
    return guards.exclude_patterns_with_byte[static_cast<unsigned char>(text[offset])] != 0;
  };
  while (start > from && possible(start - 1)) --start;
  while (end < to && possible(end)) ++end;
  return {start, end};
}

// Whether an exclusion match that covers the hit can begin in [from, start]:
// one the exclusions' index knows whole and that reaches the hit's end, or
// one it knows only the beginning of. When none can, the hit stands without
// a search (the index never misses a way a match can begin).
bool CoverMayBeginIn(const CompiledLexicon::Guards& guards, std::string_view text, size_t from, size_t start,
                     size_t end, Proposals& proposals) {
  for (size_t position = from; position <= start; ++position) {
    guards.exclusions.Candidates(text, position, proposals.verify, proposals.complete);
    const bool may_cover =
        !proposals.verify.empty() || std::any_of(proposals.complete.begin(), proposals.complete.end(),
                                                 [&](const PrefixIndex::Complete& whole) { return whole.end >= end; });
    proposals.Clear();
    if (may_cover) return true;
  }
  return false;
}

// The stretch around a hit [start, end) in which its guards look.
struct GuardWindow {
  size_t from = 0;
  size_t to = 0;
};

GuardWindow WindowAround(const LexiconEntry& entry, std::string_view text, size_t start, size_t end) {
  const auto window = static_cast<size_t>(entry.window);
  return {CharStart(text, start > window ? start - window : 0), CharStart(text, std::min(text.size(), end + window))};
}

// Whether no exclusion covers the hit. None need be searched when none of
// them can match the hit's bytes ("machine learning" for exclusions about
// "ML"), nor when none can begin a match long enough to cover it.
bool ExclusionsAllow(const CompiledLexicon::Guards& guards, const SearchSpace& space, GuardWindow window,
                     size_t start, size_t end, Proposals& proposals) {
  if (!guards.exclude || !guards.ExcludeMayCover(space.text.substr(start, end - start))) return true;
  const auto [reach_from, reach_to] = ExclusionReach(guards, space.text, window.from, window.to, start, end);
  if (!CoverMayBeginIn(guards, space.text, reach_from, start, end, proposals)) return true;
  return !Excluded(*guards.exclude, space, reach_from, reach_to, start, end);
}

// Where the entry's certain patterns' longest match from `start` ends, or 0
// when none matches there.
size_t CertainEnd(const CompiledLexicon::Guards& guards, const SearchSpace& space, size_t start) {
  re2::StringPiece found;
  if (!guards.certain ||
      !guards.certain->Match(space.text, start, space.text.size(), RE2::ANCHOR_START, &found, 1) || found.empty()) {
    return 0;
  }
  return start + found.size();
}

// Adds the entry's hit starting at `start` if there is one: it ends on a
// word boundary and passes the entry's guards. A hit the context refuses
// may still stand, shortened if need be, where a certain pattern matches:
// it needs no context, only to pass the exclusions. `known_end` is where the
// match ends when the prefix index already knows (0: run the regex).
void AddHitAt(const CompiledLexicon& lexicon, size_t entry_index, const MatchableText& text,
              const SearchSpace& space, size_t start, size_t known_end, Proposals& proposals, std::vector<Hit>& hits) {
  size_t end = known_end;
  if (end == 0) {
    re2::StringPiece found;
    if (!lexicon.EntryRegex(entry_index).Match(space.text, start, space.text.size(), RE2::ANCHOR_START, &found, 1) ||
        found.empty()) {
      return;
    }
    end = start + found.size();
  }
  const size_t display_start = ToDisplay(text, space, start);
  size_t display_end = ToDisplay(text, space, end);
  if (!EndsOnBoundary(text, display_end)) return;
  const LexiconEntry& entry = lexicon.entries()[entry_index];
  if (!entry.context.empty() || !entry.exclude.empty()) {
    // Context first: for an ambiguous name its absence is the common
    // verdict, and then the exclusions need not be searched at all.
    const CompiledLexicon::Guards& guards = lexicon.EntryGuards(entry_index);
    GuardWindow window = WindowAround(entry, space.text, start, end);
    if (guards.context && !HasContext(guards, space, window.from, window.to, start, end, proposals)) {
      end = CertainEnd(guards, space, start);
      if (end == 0) return;
      display_end = ToDisplay(text, space, end);
      if (!EndsOnBoundary(text, display_end)) return;
      window = WindowAround(entry, space.text, start, end);
    }
    if (!ExclusionsAllow(guards, space, window, start, end, proposals)) return;
  }
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

// A place where an entry may have a hit: proposed by a prefix index,
// decided by the entry's regex (or known from the index) and its guards.
struct Candidate {
  uint32_t entry = 0;
  bool folded = false;    // in the folded text, else in the text as written
  size_t start = 0;       // offset in that text
  size_t known_end = 0;   // where the match ends when known; 0: run the regex
  auto operator<=>(const Candidate&) const = default;
};

bool IsAsciiAlphanumeric(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// ICU never puts a word boundary between two ASCII letters or digits (nor
// between letters folded from others), so a whole match that ends there
// ("c" in "cat") cannot be a hit: dropped before it costs anything more.
bool CannotEndOnBoundary(std::string_view text, size_t start, size_t end) {
  return end > start && end < text.size() && IsAsciiAlphanumeric(text[end - 1]) && IsAsciiAlphanumeric(text[end]);
}

// The first folded byte that comes from display offset `display` or later,
// searched from `guess`: the offset at which the lengths of both texts
// still agree (ASCII text), right nearly always.
size_t FoldedOffset(const FoldedText& folded, size_t display, size_t guess) {
  const auto& to_display = folded.to_display;
  if (guess < to_display.size() && to_display[guess] == display && (guess == 0 || to_display[guess - 1] < display)) {
    return guess;
  }
  size_t offset = std::min(guess, to_display.size());
  while (offset > 0 && to_display[offset - 1] >= display) --offset;
  while (offset < to_display.size() && to_display[offset] < display) ++offset;
  return offset;
}

// A word start, in the text as written and in the folded text.
struct WordStart {
  size_t display = 0;
  size_t folded = 0;
};

bool IsAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// The candidate of `entry` that an index proposes at a word start, with
// the end of its whole match if known (0: none). A case-sensitive entry's
// "(?i:...)" patterns are found in the folded text (PrefixText::
// kFoldedDisplay) but decided, like its other patterns, in the text as
// written, where its guards apply. A whole match found in the folded text
// is known there too when folding only changed the case of ASCII letters;
// else the regex decides.
Candidate Proposed(const CompiledLexicon& lexicon, const MatchableText& text, bool folded, WordStart at,
                   uint32_t entry, size_t known_end) {
  if (!folded) return Candidate{entry, false, at.display, known_end};
  if (!lexicon.CaseSensitive(entry)) return Candidate{entry, true, at.folded, known_end};
  size_t display_end = 0;
  if (known_end != 0) {
    const size_t end = text.folded.ToDisplay(known_end);
    if (IsAscii(text.display.substr(at.display, end - at.display))) display_end = end;
  }
  return Candidate{entry, false, at.display, display_end};
}

// Turns what an index's walk found at a word start into candidates, and
// empties `verify` and `complete` for the next walk.
void AddCandidates(const CompiledLexicon& lexicon, const MatchableText& text, bool folded, WordStart at,
                   std::vector<uint32_t>& verify, std::vector<PrefixIndex::Complete>& complete,
                   std::vector<Candidate>& out) {
  const std::string_view space = folded ? std::string_view(text.folded.text) : text.display;
  const size_t start = folded ? at.folded : at.display;
  for (uint32_t entry : verify) out.push_back(Proposed(lexicon, text, folded, at, entry, 0));
  // An entry's whole matches come shortest first. Only its longest counts
  // (so do the regexes), so it alone is kept, unless it cannot be a hit.
  for (auto whole = complete.rbegin(); whole != complete.rend(); ++whole) {
    const bool longer_seen = std::any_of(complete.rbegin(), whole, [&](const auto& other) { return other.entry == whole->entry; });
    if (!longer_seen && !CannotEndOnBoundary(space, start, whole->end)) {
      out.push_back(Proposed(lexicon, text, folded, at, whole->entry, whole->end));
    }
  }
  verify.clear();
  complete.clear();
}

// Every word start's candidates, ordered by entry: checking one entry's
// places together keeps its regexes warm in the processor's caches, several
// times faster than taking the entries in text order. Of an entry's
// candidates at one place, one remains: the regex if any must run, else the
// longest known match (the regexes take the longest match too).
std::vector<Candidate> FindCandidates(const CompiledLexicon& lexicon, const MatchableText& text) {
  std::vector<Candidate> candidates;
  // About one word in eight proposes an entry in skill-dense text: growing
  // the vector step by step cost more than sorting it.
  candidates.reserve(text.boundaries.tokens().size() / 8);
  std::vector<uint32_t> verify;
  std::vector<PrefixIndex::Complete> complete;
  size_t folded_start = 0;
  size_t display_start = 0;
  for (const Token& token : text.boundaries.tokens()) {
    const char first = text.display[token.start];
    if (first == ' ' || first == '\n' || first == '\f') continue;
    folded_start = token.start < text.folded.same_offsets_before
                       ? token.start
                       : FoldedOffset(text.folded, token.start, folded_start + (token.start - display_start));
    display_start = token.start;
    const WordStart at{token.start, folded_start};
    // Most walks find nothing: only those that do are handled further.
    auto walk = [&](const PrefixIndex& index, bool folded, std::string_view space, size_t start) {
      index.Candidates(space, start, verify, complete);
      if (!verify.empty() || !complete.empty()) AddCandidates(lexicon, text, folded, at, verify, complete, candidates);
    };
    walk(lexicon.folded_index(), true, text.folded.text, at.folded);
    walk(lexicon.cased_index(), false, text.display, at.display);
  }
  std::sort(candidates.begin(), candidates.end());
  // One candidate per place, kept in place (the first `kept`): a copy grown
  // step by step cost 2% of the matching instructions on the samples.
  size_t kept = 0;
  for (const Candidate& candidate : candidates) {
    if (kept > 0) {
      Candidate& last = candidates[kept - 1];
      if (last.entry == candidate.entry && last.folded == candidate.folded && last.start == candidate.start) {
        if (last.known_end != 0) last.known_end = candidate.known_end;  // sorted: a later one is longer
        continue;
      }
    }
    candidates[kept++] = candidate;
  }
  candidates.resize(kept);
  return candidates;
}

}  // namespace

std::vector<Hit> MatchLexicon(const CompiledLexicon& lexicon, const MatchableText& text) {
  const std::vector<Candidate> candidates = FindCandidates(lexicon, text);
  std::vector<Hit> hits;
  hits.reserve(candidates.size());  // at most one hit each
  const SearchSpace folded{text.folded.text, true};
  const SearchSpace cased{text.display, false};
  Proposals proposals;
  for (const Candidate& c : candidates) {
    // Candidates come entry by entry, in text order: one that begins inside
    // the entry's last hit would be merged into it (see MergeOverlaps), so
    // it is not decided at all.
    if (!hits.empty() && hits.back().entry == c.entry &&
        (c.folded ? text.folded.ToDisplay(c.start) : c.start) < hits.back().end) {
      continue;
    }
    AddHitAt(lexicon, c.entry, text, c.folded ? folded : cased, c.start, c.known_end, proposals, hits);
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    if (a.start != b.start) return a.start < b.start;
    return a.entry < b.entry;
  });
  return hits;
}

std::vector<Hit> MatchLexiconExhaustively(const CompiledLexicon& lexicon, const MatchableText& text) {
  std::vector<Hit> hits;
  const SearchSpace folded{text.folded.text, true};
  const SearchSpace cased{text.display, false};
  Proposals proposals;
  const auto& to_display = text.folded.to_display;
  for (const Token& token : text.boundaries.tokens()) {
    const char first = text.display[token.start];
    if (first == ' ' || first == '\n' || first == '\f') continue;
    const auto folded_start =
        static_cast<size_t>(std::lower_bound(to_display.begin(), to_display.end(), token.start) - to_display.begin());
    for (size_t entry = 0; entry < lexicon.entries().size(); ++entry) {
      if (lexicon.entries()[entry].case_sensitive) {
        AddHitAt(lexicon, entry, text, cased, token.start, 0, proposals, hits);
      } else {
        AddHitAt(lexicon, entry, text, folded, folded_start, 0, proposals, hits);
      }
    }
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
