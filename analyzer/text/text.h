#pragma once
// Stage 2 values: the normalised text every later stage reads, its
// case-folded twin for matching, and ICU word boundaries. All offsets are
// byte offsets into `display`, which is exactly what `extract` prints.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/extract/document.h"

namespace ra {

// Pages are separated by "\n\f\n" in `display`.
inline constexpr std::string_view kPageSeparator = "\n\f\n";

struct NormalizedText {
  std::string display;             // NFKC, repaired (ligatures, hyphenation, bullets, spaces)
  std::vector<size_t> page_starts; // offset of each page's first byte
  int unmapped_characters = 0;     // U+FFFD and similar glyphs dropped

  int PageAt(size_t offset) const;  // 1-based page holding `offset`
};

// `display` case-folded code point by code point (ICU simple case folding),
// with a map from every folded byte back to the display byte it came from.
struct FoldedText {
  std::string text;
  std::vector<uint32_t> to_display;  // size text.size() + 1
  // Below this display offset every code point folded to as many bytes as
  // it had, so offsets of code points agree in both texts (all of an ASCII
  // text).
  size_t same_offsets_before = 0;

  size_t ToDisplay(size_t folded_offset) const { return to_display[folded_offset]; }
};

// Offsets are 32-bit, as in FoldedText::to_display: the matcher reads the
// tokens of every text, and at half the size they leave more of the
// processor's caches to the lexicon.
struct Token {
  uint32_t start = 0;
  uint32_t end = 0;
  bool is_word = false;  // letters/numbers/ideographs, not spaces or punctuation
};

// Word boundaries of `display` by ICU's word break iterator.
class WordBoundaries {
 public:
  WordBoundaries() = default;
  explicit WordBoundaries(std::vector<Token> tokens, size_t text_size);

  // True at 0, at the end, and wherever ICU puts a word boundary.
  bool IsBoundary(size_t offset) const { return offset < boundary_.size() && boundary_[offset]; }
  const std::vector<Token>& tokens() const { return tokens_; }
  size_t word_count() const { return word_count_; }

 private:
  std::vector<Token> tokens_;
  std::vector<bool> boundary_;
  size_t word_count_ = 0;
};

struct Line {
  size_t start = 0;  // offset of the first byte
  size_t end = 0;    // offset of the '\n' (or text end)
};

// Normalises extracted pages: NFKC (which also undoes ligatures such as U+FB01),
// odd spaces to ' ', control/format/private-use glyphs dropped, bullets
// unified to "• ", hyphenated line breaks joined, blank runs collapsed.
NormalizedText Normalize(const Document& document);

FoldedText FoldCase(std::string_view display);
// Code points in UTF-8 text (columns on a terminal, for Latin text).
size_t CountCodePoints(std::string_view text);
WordBoundaries Tokenize(std::string_view display);
std::vector<Line> SplitLines(std::string_view text);

}  // namespace ra
