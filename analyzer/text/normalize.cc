#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <string>

#include "analyzer/text/text.h"

namespace ra {
namespace {

constexpr std::string_view kBullet = "\u2022 ";

std::string ApplyNfkc(const std::string& raw) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) return raw;
  icu::UnicodeString source = icu::UnicodeString::fromUTF8(raw);
  icu::UnicodeString normalized = nfkc->normalize(source, status);
  if (U_FAILURE(status)) return raw;
  std::string out;
  normalized.toUTF8String(out);
  return out;
}

bool IsBulletSymbol(UChar32 c) {
  switch (c) {
    case 0x2022: case 0x25E6: case 0x25AA: case 0x25AB: case 0x25CF: case 0x25CB:
    case 0x25A0: case 0x25A1: case 0x25BA: case 0x25B8: case 0x2023: case 0x2043:
    case 0x2219: case 0x00B7: case 0x27A2: case 0x27A4: case 0x2713: case 0x2714:
    case 0x2756: case 0x25C6: case 0x25C7: case 0x2605: case 0x2666: case 0x25B6:
    case 0x2192: case 0x21D2: case 0x2794: case 0x279C: case 0x25C9: case 0x29BF:
      return true;
    default:
      return false;
  }
}

// Dash-like characters that start a bullet only when followed by a space.
bool IsDashBullet(UChar32 c) { return c == '-' || c == '*' || c == 0x2013 || c == 0x2014 || c == '+'; }

void AppendCodePoint(std::string& out, UChar32 c) {
  char buffer[U8_MAX_LENGTH];
  int32_t length = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buffer), length, U8_MAX_LENGTH, c, error);
  if (!error) out.append(buffer, static_cast<size_t>(length));
}

// Per code point clean-up. Returns the text with '\n' line ends and single
// spaces, counting glyphs the font could not map.
std::string CleanCodePoints(const std::string& text, int& unmapped) {
  std::string out;
  out.reserve(text.size());
  const auto* data = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t offset = 0; offset < length;) {
    UChar32 c;
    U8_NEXT(data, offset, length, c);
    if (c < 0 || c == 0xFFFD) {
      ++unmapped;
      continue;
    }
    if (c == '\r') {
      if (offset < length && data[offset] == '\n') continue;
      out.push_back('\n');
      continue;
    }
    if (c == '\n') {
      out.push_back('\n');
      continue;
    }
    if (c == 0x00AD) {  // soft hyphen: a break opportunity, shown as '-' at line end
      out.push_back('-');
      continue;
    }
    if (c == 0x2010 || c == 0x2011) {  // Unicode hyphens: plain '-'
      out.push_back('-');
      continue;
    }
    const int8_t category = u_charType(c);
    if (c == '\t' || category == U_SPACE_SEPARATOR || c == 0x2028 || c == 0x2029) {
      out.push_back(c == 0x2028 || c == 0x2029 ? '\n' : ' ');
      continue;
    }
    // An icon-font glyph opening a line ("\uf0da Built ...") is a bullet
    // whose font has no Unicode mapping.
    if (category == U_PRIVATE_USE_CHAR && (out.empty() || out.back() == '\n') && offset < length &&
        data[offset] == ' ') {
      out += "\u2022";
      continue;
    }
    if (category == U_CONTROL_CHAR || category == U_FORMAT_CHAR ||
        category == U_PRIVATE_USE_CHAR || category == U_SURROGATE ||
        category == U_UNASSIGNED) {
      continue;  // zero-width marks, icon-font glyphs, stray controls
    }
    AppendCodePoint(out, c);
  }
  return out;
}

std::string Trim(std::string_view line) {
  size_t begin = 0;
  size_t end = line.size();
  while (begin < end && line[begin] == ' ') ++begin;
  while (end > begin && line[end - 1] == ' ') --end;
  return std::string(line.substr(begin, end - begin));
}

std::string CollapseSpaces(const std::string& line) {
  std::string out;
  out.reserve(line.size());
  for (char c : line) {
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out.push_back(c);
  }
  return out;
}

// "• text" for any bullet glyph or dash bullet at the start of a line.
std::string UnifyBullet(const std::string& line) {
  if (line.empty()) return line;
  const auto* data = reinterpret_cast<const uint8_t*>(line.data());
  const auto length = static_cast<int32_t>(line.size());
  int32_t offset = 0;
  UChar32 first;
  U8_NEXT(data, offset, length, first);
  const bool followed_by_space = offset < length && data[offset] == ' ';
  if (IsBulletSymbol(first) || (IsDashBullet(first) && followed_by_space)) {
    std::string rest = Trim(line.substr(static_cast<size_t>(offset)));
    if (rest.empty()) return std::string();  // a lone bullet glyph carries nothing
    return std::string(kBullet) + rest;
  }
  return line;
}

bool StartsWithLowercaseLetter(const std::string& line) {
  if (line.empty()) return false;
  const auto* data = reinterpret_cast<const uint8_t*>(line.data());
  int32_t offset = 0;
  UChar32 c;
  U8_NEXT(data, offset, static_cast<int32_t>(line.size()), c);
  return c >= 0 && u_islower(c);
}

// True when `line` ends in "<letter><letter>-": a word broken by hyphenation.
bool EndsWithBrokenWord(const std::string& line) {
  if (line.size() < 3 || line.back() != '-') return false;
  const auto* data = reinterpret_cast<const uint8_t*>(line.data());
  int32_t offset = static_cast<int32_t>(line.size()) - 1;
  UChar32 before;
  U8_PREV(data, 0, offset, before);
  return before >= 0 && u_isalpha(before);
}

// Joins "recom-" + "mendation" into "recommendation". A compound that
// already holds a hyphen ("state-of-the-" + "art") keeps its hyphen.
void JoinHyphenatedLines(std::vector<std::string>& lines) {
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    if (!EndsWithBrokenWord(lines[i]) || !StartsWithLowercaseLetter(lines[i + 1])) continue;
    std::string& line = lines[i];
    const size_t word_start = line.find_last_of(' ', line.size() - 2);
    const std::string_view word(line.data() + (word_start == std::string::npos ? 0 : word_start + 1),
                                line.size() - (word_start == std::string::npos ? 0 : word_start + 1));
    const bool compound = word.substr(0, word.size() - 1).find('-') != std::string_view::npos;
    std::string& next = lines[i + 1];
    const size_t next_word_end = std::min(next.find(' '), next.size());
    if (!compound) line.pop_back();
    line += next.substr(0, next_word_end);
    next = next_word_end < next.size() ? next.substr(next_word_end + 1) : std::string();
    if (next.empty()) lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(i + 1));
  }
}

std::vector<std::string> SplitToLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string NormalizePage(const std::string& raw, int& unmapped) {
  std::vector<std::string> lines = SplitToLines(CleanCodePoints(ApplyNfkc(raw), unmapped));
  for (auto& line : lines) line = UnifyBullet(CollapseSpaces(Trim(line)));
  JoinHyphenatedLines(lines);

  std::string out;
  int blank_run = 0;
  for (const auto& line : lines) {
    if (line.empty()) {
      if (++blank_run > 1 || out.empty()) continue;  // at most one blank line in a row
    } else {
      blank_run = 0;
    }
    out += line;
    out.push_back('\n');
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace

int NormalizedText::PageAt(size_t offset) const {
  const auto it = std::upper_bound(page_starts.begin(), page_starts.end(), offset);
  return static_cast<int>(std::max<std::ptrdiff_t>(1, it - page_starts.begin()));
}

NormalizedText Normalize(const Document& document) {
  NormalizedText result;
  for (size_t i = 0; i < document.pages.size(); ++i) {
    if (i > 0) result.display += kPageSeparator;
    result.page_starts.push_back(result.display.size());
    result.display += NormalizePage(document.pages[i], result.unmapped_characters);
  }
  return result;
}

size_t CountCodePoints(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

std::vector<Line> SplitLines(std::string_view text) {
  std::vector<Line> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t newline = text.find('\n', start);
    const size_t end = newline == std::string_view::npos ? text.size() : newline;
    lines.push_back(Line{start, end});
    start = end + 1;
  }
  return lines;
}

}  // namespace ra
