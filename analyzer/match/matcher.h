#pragma once
// Stage 3: lexicon x text -> hits. Pure function of its inputs. At each word
// start the lexicon's prefix indexes name the few entries that can match
// there (often with the match's end), and only those are run.

#include <string_view>
#include <vector>

#include "analyzer/match/lexicon.h"
#include "analyzer/text/text.h"

namespace ra {

struct Hit {
  size_t entry = 0;  // index into CompiledLexicon::entries()
  size_t start = 0;  // byte offsets into the display text
  size_t end = 0;
};

// The text as the matcher needs it: display, folded twin, word boundaries.
struct MatchableText {
  std::string_view display;
  const FoldedText& folded;
  const WordBoundaries& boundaries;
};

// Every hit of every entry, on word boundaries, passing the entry's context
// and exclude guards, sorted by position; overlapping hits of one entry are
// merged into the first.
std::vector<Hit> MatchLexicon(const CompiledLexicon& lexicon, const MatchableText& text);

// The same hits, found by running every entry at every word start: the
// reference the prefix index must agree with (tests), far slower.
std::vector<Hit> MatchLexiconExhaustively(const CompiledLexicon& lexicon, const MatchableText& text);

// Convenience for tests and lexicon examples: normalises, tokenizes and
// matches a snippet of text.
std::vector<Hit> MatchSnippet(const CompiledLexicon& lexicon, std::string_view snippet);

}  // namespace ra
