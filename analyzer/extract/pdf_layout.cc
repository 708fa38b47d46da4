#include "analyzer/extract/pdf_layout.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <tuple>

namespace ra {
namespace {

// Gaps are measured in ems (the font size) so they hold for any type size.
// A gap this wide is a space even when Poppler put none (glued words).
constexpr double kWordGapEm = 0.2;
// Poppler's own space counts only over a gap at least this wide: fake small
// caps ("R ESEARCH") make Poppler break words where no gap is.
constexpr double kPopplerSpaceEm = 0.06;
// A wider gap ends a phrase: table cells, tab stops, column gutters.
constexpr double kPhraseGapEm = 0.8;
constexpr double kSpacedPhraseGapEm = 1.5;
// Columns: the gutter is at least this wide (points), and the columns it
// parts span at least this share of the text's height.
constexpr double kMinGutter = 6.0;
constexpr double kMinColumnShare = 0.5;
// A side at most this share of the text width whose phrases mostly face a
// phrase of the other side (dates in a margin, a table's date column) is
// read row by row with the side it faces, not as a column.
constexpr double kMarginShare = 0.3;
constexpr double kAlignedShare = 0.5;
constexpr double kLabelShare = 0.5;
// Cells share a baseline when their centres are this close (of their height).
constexpr double kAlignedTolerance = 0.15;
constexpr int kMaxSplitDepth = 4;
// Most glyph gaps of a letter-spaced phrase are at least this wide (ems).
constexpr double kTrackedEm = 0.15;
// A row's first cell set this much larger than the next is a margin heading.
constexpr double kMarginHeadingRatio = 1.15;

UChar32 FirstCodePoint(const std::string& text) {
  if (text.empty()) return -1;
  const auto* data = reinterpret_cast<const uint8_t*>(text.data());
  int32_t offset = 0;
  UChar32 c;
  U8_NEXT(data, offset, static_cast<int32_t>(text.size()), c);
  return c;
}

bool IsSpace(UChar32 c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == 0xA0 || u_isUWhiteSpace(c); }

bool IsUnmapped(UChar32 c) { return c < 0 || c == 0xFFFD || (c < 0x20 && !IsSpace(c)) || c == 0x7F; }

bool IsPrivateUse(UChar32 c) { return (c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000; }

double Em(const GlyphBox& glyph) {
  const double size = glyph.font_size > 0 ? glyph.font_size : glyph.y2 - glyph.y1;
  return std::max(size, 1.0);
}

struct Phrase {
  std::vector<size_t> glyphs;  // indices into the kept glyphs, left to right
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  bool starts_lower = false;  // first glyph a lower-case letter: text flowing on
  bool has_digit = false;
  double Center() const { return (y1 + y2) / 2; }
  double Height() const { return std::max(y2 - y1, 1.0); }
};

bool SameLine(const GlyphBox& a, const GlyphBox& b) {
  const double overlap = std::min(a.y2, b.y2) - std::max(a.y1, b.y1);
  return overlap >= 0.5 * std::min(std::max(a.y2 - a.y1, 0.5), std::max(b.y2 - b.y1, 0.5));
}

// Runs of glyphs that Poppler gives in order on one line with no wide gap.
std::vector<Phrase> BuildPhrases(const std::vector<GlyphBox>& glyphs) {
  std::vector<Phrase> phrases;
  for (size_t i = 0; i < glyphs.size(); ++i) {
    const GlyphBox& glyph = glyphs[i];
    bool extend = false;
    if (!phrases.empty()) {
      const GlyphBox& last = glyphs[phrases.back().glyphs.back()];
      const double em = std::max(Em(glyph), Em(last));
      const double gap = glyph.x1 - last.x2;
      // Justified lines stretch their spaces: a gap Poppler took for a
      // space stays inside the phrase unless it is very wide.
      const double limit = glyph.space_before ? kSpacedPhraseGapEm : kPhraseGapEm;
      extend = SameLine(last, glyph) && gap > -0.5 * em && gap < limit * em;
    }
    if (!extend) {
      phrases.push_back(Phrase{{}, glyph.x1, glyph.y1, glyph.x2, glyph.y2, u_islower(FirstCodePoint(glyph.text)) != 0});
    }
    Phrase& phrase = phrases.back();
    phrase.glyphs.push_back(i);
    phrase.has_digit = phrase.has_digit || u_isdigit(FirstCodePoint(glyph.text));
    phrase.x1 = std::min(phrase.x1, glyph.x1);
    phrase.x2 = std::max(phrase.x2, glyph.x2);
    phrase.y1 = std::min(phrase.y1, glyph.y1);
    phrase.y2 = std::max(phrase.y2, glyph.y2);
  }
  return phrases;
}

struct Split {
  std::vector<size_t> above, left, right, below;
};

// A vertical gutter that parts the phrases into two columns over most of
// the height between the lines that cross it (a full-width name or section
// on top, a footer below), with nothing crossing it there. The crossing
// lines and everything beyond them are kept apart, above and below.
std::optional<Split> FindSplit(const std::vector<Phrase>& phrases, std::vector<size_t> ids) {
  if (ids.size() < 4) return std::nullopt;
  std::sort(ids.begin(), ids.end(), [&](size_t a, size_t b) { return phrases[a].Center() < phrases[b].Center(); });
  double min_x = std::numeric_limits<double>::max(), max_x = 0;
  for (size_t id : ids) {
    min_x = std::min(min_x, phrases[id].x1);
    max_x = std::max(max_x, phrases[id].x2);
  }
  const double text_width = max_x - min_x;
  if (text_width <= 0) return std::nullopt;
  constexpr double kInf = std::numeric_limits<double>::max();

  std::optional<Split> best;
  double best_height = 0;
  std::vector<double> cuts;
  for (size_t id : ids) cuts.push_back(phrases[id].x2);
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  for (double cut : cuts) {
    if (cut >= max_x - kMinGutter) break;
    // Walk down the phrases; each crossing phrase closes a stretch.
    struct Stretch {
      double from = -kInf, to = kInf;  // centers of the crossing phrases around it
      double first = kInf, last = -kInf;
      double left_top = kInf, left_bottom = -kInf, right_top = kInf, right_bottom = -kInf;
      size_t left = 0, right = 0;
    };
    Stretch current;
    std::optional<Stretch> chosen;
    double chosen_height = best_height;
    auto close = [&](double to) {
      current.to = to;
      const double top = std::max(current.left_top, current.right_top);
      const double bottom = std::min(current.left_bottom, current.right_bottom);
      const double height = bottom - top;
      if (current.left >= 2 && current.right >= 2 && height >= kMinColumnShare * (current.last - current.first) &&
          height > chosen_height) {
        chosen = current;
        chosen_height = height;
      }
      current = Stretch{};
      current.from = to;
    };
    for (size_t id : ids) {
      const Phrase& p = phrases[id];
      const double center = p.Center();
      if (p.x2 > cut && p.x1 < cut + kMinGutter) {
        close(center);
        continue;
      }
      current.first = std::min(current.first, center);
      current.last = std::max(current.last, center);
      if (p.x2 <= cut) {
        ++current.left;
        current.left_top = std::min(current.left_top, center);
        current.left_bottom = std::max(current.left_bottom, center);
      } else {
        ++current.right;
        current.right_top = std::min(current.right_top, center);
        current.right_bottom = std::max(current.right_bottom, center);
      }
    }
    close(kInf);
    if (!chosen) continue;
    Split split;
    double left_x1 = max_x, left_x2 = min_x, right_x1 = max_x, right_x2 = min_x;
    for (size_t id : ids) {
      const Phrase& p = phrases[id];
      const double center = p.Center();
      if (center <= chosen->from) {
        split.above.push_back(id);
      } else if (center >= chosen->to) {
        split.below.push_back(id);
      } else if (p.x2 <= cut) {
        split.left.push_back(id);
        left_x1 = std::min(left_x1, p.x1);
        left_x2 = std::max(left_x2, p.x2);
      } else {
        split.right.push_back(id);
        right_x1 = std::min(right_x1, p.x1);
        right_x2 = std::max(right_x2, p.x2);
      }
    }
    // A narrow side whose phrases face phrases of the other side is a margin
    // or a table column: its cells belong to the lines they face.
    const bool left_narrow = left_x2 - left_x1 <= right_x2 - right_x1;
    const auto& narrow = left_narrow ? split.left : split.right;
    const auto& wide = left_narrow ? split.right : split.left;
    const double narrow_width = left_narrow ? left_x2 - left_x1 : right_x2 - right_x1;
    // Labels or dates beside much wider text; two columns of like width
    // are columns even when their lines happen to share baselines.
    size_t dated = 0;
    for (size_t n : narrow) dated += phrases[n].has_digit;
    const double wide_width = left_narrow ? right_x2 - right_x1 : left_x2 - left_x1;
    const bool labels = narrow_width <= kLabelShare * wide_width || 2 * dated >= narrow.size();
    if (narrow_width <= kMarginShare * text_width && labels) {
      size_t aligned = 0;
      for (size_t n : narrow) {
        const Phrase& a = phrases[n];
        aligned += std::any_of(wide.begin(), wide.end(), [&](size_t w) {
          const Phrase& b = phrases[w];
          return std::abs(a.Center() - b.Center()) <= kAlignedTolerance * std::min(a.Height(), b.Height());
        });
      }
      if (static_cast<double>(aligned) >= kAlignedShare * static_cast<double>(narrow.size())) continue;
    }
    best_height = chosen_height;
    best = std::move(split);
  }
  return best;
}

// A box of balanced columns on top of the split (a two-column profile set
// with multicols: its columns end level, and the right one starts in
// mid-sentence, continuing the left), then more columns below: the height
// where a horizontal cut frees that box, if any. A person reads such a box
// whole before going on below it. Sidebars never start in lower case.
std::optional<double> BalancedBlockCut(const std::vector<Phrase>& phrases, const Split& split) {
  std::vector<double> heights;
  for (size_t id : split.left) heights.push_back(phrases[id].Height());
  std::sort(heights.begin(), heights.end());
  const double line = heights[heights.size() / 2];
  auto sorted = [&](std::vector<size_t> ids) {
    std::sort(ids.begin(), ids.end(), [&](size_t a, size_t b) { return phrases[a].y1 < phrases[b].y1; });
    return ids;
  };
  const std::vector<size_t> left = sorted(split.left);
  const std::vector<size_t> right = sorted(split.right);
  const double top_left = phrases[left.front()].y1;
  const double top_right = phrases[right.front()].y1;
  if (!phrases[right.front()].starts_lower || top_right < top_left - line || top_right > top_left + 3 * line) {
    return std::nullopt;
  }
  double bottom_left = phrases[left.front()].y2;
  for (size_t k = 1; k + 1 < left.size(); ++k) {
    bottom_left = std::max(bottom_left, phrases[left[k - 1]].y2);
    const double next_left = phrases[left[k]].y1;
    if (next_left - bottom_left < line) continue;  // no blank line here
    // The right column must pause at the same height, and have ended level.
    double bottom_right = -1;
    double next_right = std::numeric_limits<double>::max();
    for (size_t id : right) {
      if (phrases[id].y1 < next_left - 0.5 * line) bottom_right = std::max(bottom_right, phrases[id].y2);
      else next_right = std::min(next_right, phrases[id].y1);
    }
    if (bottom_right < 0 || next_right == std::numeric_limits<double>::max()) continue;
    if (std::abs(bottom_right - bottom_left) > 0.5 * line || next_right - bottom_right < line) continue;
    return (std::max(bottom_left, bottom_right) + std::min(next_left, next_right)) / 2;
  }
  return std::nullopt;
}

// Phrases grouped into rows by height, each row left to right.
std::vector<std::vector<size_t>> Rows(const std::vector<Phrase>& phrases, std::vector<size_t> ids) {
  std::stable_sort(ids.begin(), ids.end(), [&](size_t a, size_t b) { return phrases[a].Center() < phrases[b].Center(); });
  std::vector<std::vector<size_t>> rows;
  const Phrase* reference = nullptr;
  for (size_t id : ids) {
    const Phrase& p = phrases[id];
    const bool joins = reference != nullptr && p.Center() >= reference->y1 && p.Center() <= reference->y2 &&
                       std::abs(p.Center() - reference->Center()) < 0.5 * std::min(reference->Height(), p.Height() * 1.5);
    if (!joins) {
      rows.emplace_back();
      reference = &p;
    }
    rows.back().push_back(id);
  }
  for (auto& row : rows) {
    std::sort(row.begin(), row.end(), [&](size_t a, size_t b) { return phrases[a].x1 < phrases[b].x1; });
  }
  return rows;
}

// Reading order: recursive cuts at column gutters, rows inside each part.
int Order(const std::vector<Phrase>& phrases, const std::vector<size_t>& ids, int depth,
          std::vector<std::vector<size_t>>& rows) {
  if (ids.empty()) return 0;
  if (depth < kMaxSplitDepth) {
    if (auto split = FindSplit(phrases, ids)) {
      if (const auto cut = BalancedBlockCut(phrases, *split)) {
        std::vector<size_t> top, rest;
        for (size_t id : ids) (phrases[id].Center() < *cut ? top : rest).push_back(id);
        const int above = Order(phrases, top, depth + 1, rows);
        return std::max(above, Order(phrases, rest, depth + 1, rows));
      }
      const int above = Order(phrases, split->above, depth + 1, rows);
      const int left = Order(phrases, split->left, depth + 1, rows);
      const int right = Order(phrases, split->right, depth + 1, rows);
      const int below = Order(phrases, split->below, depth + 1, rows);
      return std::max({above, left + right, below});
    }
  }
  for (auto& row : Rows(phrases, ids)) rows.push_back(std::move(row));
  return 1;
}

bool IsLetter(const std::string& text) { return u_isalpha(FirstCodePoint(text)) != 0; }

struct Word {
  std::vector<size_t> glyphs;
  double gap_before = 0;  // in ems
};

// The words of one phrase from the gaps between its glyphs, with letter-
// spaced runs ("E X P E R I E N C E") joined back into words.
std::vector<Word> PhraseWords(const std::vector<GlyphBox>& glyphs, const Phrase& phrase, bool& letter_spaced) {
  // A phrase set with tracking (most glyph gaps wide) parts words only where
  // a gap is clearly wider than its letter gaps; kerned pairs ("AT", "WA")
  // come closer but stay in the word.
  std::vector<double> gaps;
  for (size_t k = 1; k < phrase.glyphs.size(); ++k) {
    const GlyphBox& glyph = glyphs[phrase.glyphs[k]];
    const GlyphBox& last = glyphs[phrase.glyphs[k - 1]];
    gaps.push_back((glyph.x1 - last.x2) / std::min(Em(glyph), Em(last)));
  }
  if (gaps.size() >= 3) {
    std::vector<double> sorted = gaps;
    std::sort(sorted.begin(), sorted.end());
    const double median = sorted[sorted.size() / 2];
    if (median >= kTrackedEm) {
      letter_spaced = true;
      std::vector<Word> words{Word{{phrase.glyphs[0]}, 0}};
      for (size_t k = 1; k < phrase.glyphs.size(); ++k) {
        if (gaps[k - 1] > std::max(1.6 * median, median + 0.15)) {
          words.push_back(Word{{phrase.glyphs[k]}, gaps[k - 1]});
        } else {
          words.back().glyphs.push_back(phrase.glyphs[k]);
        }
      }
      return words;
    }
  }
  std::vector<Word> words;
  for (size_t k = 0; k < phrase.glyphs.size(); ++k) {
    const GlyphBox& glyph = glyphs[phrase.glyphs[k]];
    if (k == 0) {
      words.push_back(Word{{phrase.glyphs[k]}, 0});
      continue;
    }
    const GlyphBox& last = glyphs[phrase.glyphs[k - 1]];
    const double gap = (glyph.x1 - last.x2) / std::min(Em(glyph), Em(last));
    if (gap > kWordGapEm || (glyph.space_before && gap > kPopplerSpaceEm)) {
      words.push_back(Word{{phrase.glyphs[k]}, gap});
    } else {
      words.back().glyphs.push_back(phrase.glyphs[k]);
    }
  }
  // Runs of three or more one-letter words are letter-spaced text: the
  // gaps between its words are wider than those between its letters.
  std::vector<Word> joined;
  for (size_t i = 0; i < words.size();) {
    size_t end = i;
    while (end < words.size() && words[end].glyphs.size() == 1 && IsLetter(glyphs[words[end].glyphs[0]].text)) ++end;
    if (end - i < 3) {
      joined.push_back(std::move(words[i]));
      ++i;
      continue;
    }
    letter_spaced = true;
    std::vector<double> run_gaps;
    for (size_t k = i + 1; k < end; ++k) run_gaps.push_back(words[k].gap_before);
    std::sort(run_gaps.begin(), run_gaps.end());
    const double letter_gap = run_gaps[run_gaps.size() / 4];
    joined.push_back(std::move(words[i]));
    for (size_t k = i + 1; k < end; ++k) {
      if (words[k].gap_before > std::max(1.6 * letter_gap, letter_gap + 0.15)) {
        joined.push_back(std::move(words[k]));
      } else {
        joined.back().glyphs.push_back(words[k].glyphs[0]);
      }
    }
    i = end;
  }
  return joined;
}

// The font size most of the phrase's glyphs are set in.
double PhraseSize(const std::vector<GlyphBox>& glyphs, const Phrase& phrase) {
  std::map<double, size_t> sizes;
  for (size_t g : phrase.glyphs) ++sizes[glyphs[g].font_size];
  double size = 0;
  size_t most = 0;
  for (const auto& [value, count] : sizes) {
    if (count > most) {
      most = count;
      size = value;
    }
  }
  return size;
}

LayoutLine MakeLine(const std::vector<GlyphBox>& glyphs, const std::vector<Phrase>& phrases, const std::vector<size_t>& row) {
  LayoutLine line;
  line.x1 = phrases[row.front()].x1;
  line.y1 = std::numeric_limits<double>::max();
  std::map<double, size_t> sizes;
  bool bold = true;
  double tracking = 0;
  size_t tracked_pairs = 0;
  for (size_t id : row) {
    const Phrase& phrase = phrases[id];
    line.x2 = std::max(line.x2, phrase.x2);
    line.y1 = std::min(line.y1, phrase.y1);
    line.y2 = std::max(line.y2, phrase.y2);
    bool spaced = false;
    std::vector<Word> words = PhraseWords(glyphs, phrase, spaced);
    line.letter_spaced = line.letter_spaced || spaced;
    for (const Word& word : words) {
      if (!line.text.empty()) line.text += ' ';
      for (size_t k = 0; k < word.glyphs.size(); ++k) {
        const GlyphBox& glyph = glyphs[word.glyphs[k]];
        line.text += glyph.text;
        ++sizes[std::round(glyph.font_size * 2) / 2];
        bold = bold && glyph.bold;
        if (k > 0) {
          const GlyphBox& last = glyphs[word.glyphs[k - 1]];
          tracking += (glyph.x1 - last.x2) / Em(glyph);
          ++tracked_pairs;
        }
      }
    }
  }
  size_t most = 0;
  for (const auto& [size, count] : sizes) {
    if (count > most) {
      most = count;
      line.font_size = size;
    }
  }
  line.bold = bold;
  // Evenly tracked capitals without Poppler spaces are letter-spaced too.
  if (tracked_pairs >= 3 && tracking / static_cast<double>(tracked_pairs) > 0.12) line.letter_spaced = true;
  return line;
}

}  // namespace

PageLayout LayoutPage(const std::vector<GlyphBox>& input, double page_width, double page_height) {
  PageLayout page;
  page.width = page_width;
  page.height = page_height;
  // Keep the glyphs that carry text; white space and icons only part words.
  std::vector<GlyphBox> glyphs;
  glyphs.reserve(input.size());
  bool pending_space = false;
  for (const GlyphBox& glyph : input) {
    const UChar32 c = FirstCodePoint(glyph.text);
    if (glyph.text.empty() || IsUnmapped(c)) {
      if (!glyph.text.empty() || glyph.x2 > glyph.x1) ++page.unmapped_characters;
      pending_space = true;
      continue;
    }
    if (IsSpace(c) || glyph.icon || IsPrivateUse(c)) {
      pending_space = true;
      continue;
    }
    glyphs.push_back(glyph);
    glyphs.back().space_before = glyph.space_before || pending_space;
    pending_space = false;
  }
  const std::vector<Phrase> phrases = BuildPhrases(glyphs);
  std::vector<size_t> ids(phrases.size());
  for (size_t i = 0; i < ids.size(); ++i) ids[i] = i;
  std::vector<std::vector<size_t>> rows;
  page.columns = std::max(1, Order(phrases, ids, 0, rows));
  for (const auto& row : rows) {
    // A heading set larger in the margin beside its first line (moderncv's
    // "fancy" style) is a line of its own, read before the row it faces.
    if (row.size() >= 2 && PhraseSize(glyphs, phrases[row[0]]) >= kMarginHeadingRatio * PhraseSize(glyphs, phrases[row[1]])) {
      page.lines.push_back(MakeLine(glyphs, phrases, {row[0]}));
      page.lines.push_back(MakeLine(glyphs, phrases, std::vector<size_t>(row.begin() + 1, row.end())));
      continue;
    }
    page.lines.push_back(MakeLine(glyphs, phrases, row));
  }
  return page;
}

namespace {

// A line's text with its digits folded, so page numbers match.
std::string RunningKey(const std::string& text) {
  std::string key;
  for (char c : text) key += std::isdigit(static_cast<unsigned char>(c)) ? '#' : c;
  return key;
}

// Top and bottom lines of a page: where running headers and footers sit.
std::vector<size_t> EdgeLines(const PageLayout& page) {
  std::vector<size_t> edges;
  const size_t n = page.lines.size();
  for (size_t i = 0; i < n; ++i) {
    const LayoutLine& line = page.lines[i];
    const bool near_edge = page.height <= 0 || line.y2 <= 0.12 * page.height || line.y1 >= 0.88 * page.height;
    if ((i < 2 || i + 2 >= n) && near_edge) edges.push_back(i);
  }
  return edges;
}

}  // namespace

void RemoveRunningLines(std::vector<PageLayout>& pages) {
  if (pages.size() < 2) return;
  std::vector<std::vector<bool>> drop(pages.size());
  for (size_t p = 0; p < pages.size(); ++p) drop[p].assign(pages[p].lines.size(), false);
  for (size_t p = 0; p < pages.size(); ++p) {
    for (size_t i : EdgeLines(pages[p])) {
      const LayoutLine& line = pages[p].lines[i];
      const std::string key = RunningKey(line.text);
      for (size_t q = 0; q < pages.size(); ++q) {
        if (q == p) continue;
        for (size_t j : EdgeLines(pages[q])) {
          const LayoutLine& other = pages[q].lines[j];
          if (std::abs(other.y1 - line.y1) <= 4 && RunningKey(other.text) == key) drop[p][i] = true;
        }
      }
    }
  }
  for (size_t p = 0; p < pages.size(); ++p) {
    std::vector<LayoutLine> kept;
    for (size_t i = 0; i < pages[p].lines.size(); ++i) {
      if (!drop[p][i]) kept.push_back(std::move(pages[p].lines[i]));
    }
    pages[p].lines = std::move(kept);
  }
}

namespace {

struct LineShape {
  size_t letters = 0;
  size_t upper = 0;
  size_t lower = 0;
  size_t code_points = 0;
  size_t words = 1;
  bool digits = false;
};

LineShape ShapeOf(const std::string& text) {
  LineShape shape;
  const auto* data = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  for (int32_t offset = 0; offset < length;) {
    UChar32 c;
    U8_NEXT(data, offset, length, c);
    ++shape.code_points;
    if (c == ' ') ++shape.words;
    if (u_isdigit(c)) shape.digits = true;
    if (u_isalpha(c)) ++shape.letters;
    if (u_isupper(c)) ++shape.upper;
    if (u_islower(c)) ++shape.lower;
  }
  return shape;
}

// How a heading is set: size, weight, capitals, letter-spacing.
using Style = std::tuple<double, bool, bool, bool>;

}  // namespace

std::vector<HeadingHint> FindHeadingHints(const std::vector<PageLayout>& pages) {
  // The body text's size: the size most characters are set in.
  std::map<double, size_t> sizes;
  for (const PageLayout& page : pages) {
    for (const LayoutLine& line : page.lines) sizes[line.font_size] += line.text.size();
  }
  double body = 0;
  size_t most = 0;
  for (const auto& [size, count] : sizes) {
    if (count > most) {
      most = count;
      body = size;
    }
  }
  if (body <= 0) return {};

  struct Candidate {
    int page;
    std::string text;
    Style style;
  };
  std::vector<Candidate> candidates;
  std::map<Style, size_t> style_counts;
  for (size_t p = 0; p < pages.size(); ++p) {
    for (const LayoutLine& line : pages[p].lines) {
      const LineShape shape = ShapeOf(line.text);
      if (shape.letters < 2 || shape.code_points > 40 || shape.words > 6 || shape.digits) continue;
      const char last = line.text.back();
      if (last == '.' || last == ',' || last == ';' || line.text.find('@') != std::string::npos ||
          line.text.find('/') != std::string::npos) {
        continue;
      }
      const bool caps = shape.upper >= 2 && shape.lower == 0;
      const bool larger = line.font_size >= 1.15 * body;
      const bool bigger = line.font_size >= 1.05 * body;
      if (line.font_size < 0.95 * body) continue;
      const bool prominent = larger || (line.letter_spaced && shape.letters >= 3) || (caps && (line.bold || bigger));
      if (!prominent) continue;
      const Style style{std::round(line.font_size * 2) / 2, line.bold, caps, line.letter_spaced};
      candidates.push_back(Candidate{static_cast<int>(p) + 1, line.text, style});
      ++style_counts[style];
    }
  }
  // A heading style recurs, but not on every other line.
  std::vector<Style> styles;
  for (const auto& [style, count] : style_counts) {
    if (count >= 2 && count <= 10 * pages.size()) styles.push_back(style);
  }
  std::sort(styles.begin(), styles.end(), [](const Style& a, const Style& b) {
    if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) > std::get<0>(b);
    return std::make_tuple(std::get<3>(a), std::get<2>(a), std::get<1>(a)) >
           std::make_tuple(std::get<3>(b), std::get<2>(b), std::get<1>(b));
  });
  std::vector<HeadingHint> hints;
  for (const Candidate& candidate : candidates) {
    const auto rank = std::find(styles.begin(), styles.end(), candidate.style);
    if (rank == styles.end()) continue;
    hints.push_back(HeadingHint{candidate.page, candidate.text, static_cast<int>(rank - styles.begin())});
  }
  return hints;
}

std::string PageText(const PageLayout& page) {
  std::string text;
  for (const LayoutLine& line : page.lines) {
    if (!text.empty()) text += '\n';
    text += line.text;
  }
  return text;
}

}  // namespace ra
