// Field extraction on top of the structure: each entry's header lines split
// into role, organisation and location; the candidate's name, email, phone
// and location. Kept apart from section finding (structure.cc) because it
// only reads what that found. Positional heuristics, no word lists: which
// part is a job title or a degree is left to the lexicon matches downstream.

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/text/structure.h"

namespace ra {
namespace {

// An entry's header is at most this many lines above its bullets.
constexpr size_t kMaxHeaderLines = 3;
// Header lines are short; a longer line is a description.
constexpr size_t kMaxHeaderBytes = 160;
constexpr size_t kContactZoneBytes = 1500;
constexpr size_t kMaxNameBytes = 60;

// Between the parts of a header line: "Role | Company", "Role — Company",
// "Role at Company", wide gaps left by PDF columns.
constexpr std::string_view kSeparators[] = {" | ", "|", " \u2014 ", " \u2013 ", " - ", " \u00b7 ", " \u2022 ",
                                            "\t", " @ ", " at ", "  "};

bool IsSpaceOrMark(std::string_view text, size_t at, size_t* width) {
  static constexpr std::string_view kMarks[] = {"\u2013", "\u2014", "\u00b7", "\u2022"};
  const char c = text[at];
  if (c == ' ' || c == '|' || c == ',' || c == ';' || c == ':' || c == '-' || c == '\t' || c == '#' || c == '*') {
    *width = 1;
    return true;
  }
  for (std::string_view mark : kMarks) {
    if (text.substr(at, mark.size()) == mark) {
      *width = mark.size();
      return true;
    }
  }
  return false;
}

// The span without surrounding spaces and separator marks.
TextSpan Trim(std::string_view display, TextSpan span) {
  size_t width = 0;
  while (span.start < span.end && IsSpaceOrMark(display, span.start, &width) && span.start + width <= span.end) {
    span.start += width;
  }
  while (span.start < span.end) {
    bool trimmed = false;
    for (size_t back = 1; back <= 3 && back <= span.end - span.start; ++back) {
      if (IsSpaceOrMark(display, span.end - back, &width) && width == back) {
        span.end -= back;
        trimmed = true;
        break;
      }
    }
    if (!trimmed) break;
  }
  return span;
}

std::string_view Text(std::string_view display, TextSpan span) { return display.substr(span.start, span.end - span.start); }

bool HasDigit(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

// Splits a line into its parts at separators and at date ranges.
std::vector<TextSpan> LineParts(std::string_view display, TextSpan line, const std::vector<DateRange>& dates) {
  std::vector<TextSpan> parts;
  size_t piece = line.start;
  auto close = [&](size_t end) {
    const TextSpan part = Trim(display, TextSpan{piece, end});
    if (part.end - part.start >= 2) parts.push_back(part);
  };
  int depth = 0;  // no split inside "(working student, part-time)"
  for (size_t at = line.start; at < line.end;) {
    if (display[at] == '(') ++depth;
    if (display[at] == ')' && depth > 0) --depth;
    const auto date = std::find_if(dates.begin(), dates.end(), [&](const DateRange& d) { return d.text_start == at; });
    if (date != dates.end()) {
      close(at);
      at = piece = std::min(date->text_end, line.end);
      continue;
    }
    size_t skip = 0;
    for (std::string_view separator : kSeparators) {
      if (depth > 0) break;
      if (display.substr(at, separator.size()) == separator && at + separator.size() <= line.end) {
        skip = separator.size();
        break;
      }
    }
    if (skip > 0) {
      close(at);
      at = piece = at + skip;
      continue;
    }
    ++at;
  }
  close(line.end);
  return parts;
}

// "Portland, OR" → [Portland][OR].
std::vector<TextSpan> CommaParts(std::string_view display, TextSpan span) {
  std::vector<TextSpan> parts;
  size_t from = span.start;
  int depth = 0;
  for (size_t at = span.start; at + 1 < span.end; ++at) {
    if (display[at] == '(') ++depth;
    if (display[at] == ')' && depth > 0) --depth;
    if (depth == 0 && display[at] == ',' && display[at + 1] == ' ') {
      parts.push_back(Trim(display, TextSpan{from, at}));
      from = at + 1;
    }
  }
  parts.push_back(Trim(display, TextSpan{from, span.end}));
  parts.erase(std::remove_if(parts.begin(), parts.end(), [](const TextSpan& p) { return p.empty(); }), parts.end());
  return parts;
}

// A state, province or country code: "OR", "UK", "NSW".
bool IsRegionCode(std::string_view text) {
  return text.size() >= 2 && text.size() <= 3 &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isupper(c); });
}

// A place name: a few capitalised words, no digits ("Lisbon", "New York").
bool LooksLikePlace(std::string_view text) {
  if (text.empty() || HasDigit(text) || text.size() > 40) return false;
  const unsigned char first = static_cast<unsigned char>(text.front());
  if (!(std::isupper(first) || first >= 0x80)) return false;
  return std::count(text.begin(), text.end(), ' ') < 3;
}


size_t WordCount(std::string_view text) { return static_cast<size_t>(std::count(text.begin(), text.end(), ' ')) + 1; }

// "... linear algebra. Graduated": a full stop after a lower-case word and
// a capital after it. "M.S. in" and "Inc. Berlin" are not sentence ends.
bool HasSentenceBreak(std::string_view text) {
  for (size_t dot = text.find(". "); dot != std::string_view::npos; dot = text.find(". ", dot + 1)) {
    size_t word = dot;
    while (word > 0 && std::islower(static_cast<unsigned char>(text[word - 1]))) --word;
    const bool after_word = dot - word >= 4 && (word == 0 || text[word - 1] == ' ');
    if (after_word && dot + 2 < text.size() && std::isupper(static_cast<unsigned char>(text[dot + 2]))) return true;
  }
  return false;
}

// The lines that open an entry, before its bullets and description.
std::vector<TextSpan> EntryHeaderLines(std::string_view display, const Entry& entry) {
  std::vector<TextSpan> lines;
  size_t start = entry.start;
  while (start < entry.end && lines.size() < kMaxHeaderLines) {
    size_t end = display.find('\n', start);
    if (end == std::string_view::npos || end > entry.end) end = entry.end;
    const std::string_view text = display.substr(start, end - start);
    // A bulleted entry ("• MSc Computer Science, TU Zeeland, 2016 – 2018")
    // opens with its bullet; after the header, bullets are the body.
    if (text.rfind("\u2022 ", 0) == 0 && !lines.empty()) break;
    // A description: long, a full stop at the end, or a sentence ending
    // inside. One before the title (the last lines of the entry above,
    // when the entry was cut there) is stepped over; one after ends the header.
    // Before the title, a full stop at the end alone does not make a line
    // a description ("• MSc Physics, TU Zeeland, 2016 – 2018."), but a
    // lower-case start (a wrapped sentence) does.
    const bool long_or_broken = text.size() > kMaxHeaderBytes || HasSentenceBreak(text);
    const bool full_stop = !text.empty() && text.back() == '.';
    const bool sentence = lines.empty() ? long_or_broken || (full_stop && WordCount(text) > 12) ||
                                              (!text.empty() && std::islower(static_cast<unsigned char>(text[0])))
                                        : long_or_broken || full_stop;
    if (sentence && !lines.empty()) break;
    if (!sentence && !text.empty() && text != "\f") lines.push_back(TextSpan{start, end});
    start = end + 1;
  }
  return lines;
}

void SplitHeader(std::string_view display, const std::vector<DateRange>& dates, Entry& entry) {
  std::vector<std::vector<TextSpan>> groups;  // parts of each piece, split at ", "
  for (const TextSpan& line : EntryHeaderLines(display, entry)) {
    for (const TextSpan& piece : LineParts(display, line, dates)) groups.push_back(CommaParts(display, piece));
  }
  groups.erase(std::remove_if(groups.begin(), groups.end(), [](const auto& g) { return g.empty(); }), groups.end());
  if (groups.empty()) return;

  std::vector<TextSpan>& last = groups.back();
  if (last.size() >= 2 && IsRegionCode(Text(display, last.back())) &&
      (groups.size() > 1 || last.size() >= 3)) {
    entry.location = TextSpan{last[last.size() - 2].start, last.back().end};  // "Portland, OR"
    last.resize(last.size() - 2);
  } else if ((groups.size() > 1 && last.size() >= 2) || last.size() >= 3) {
    if (LooksLikePlace(Text(display, last.back()))) {
      entry.location = last.back();  // "Atlântico Retail, Lisbon"
      last.pop_back();
    }
  } else if (groups.size() >= 3 && last.size() == 1 && LooksLikePlace(Text(display, last.back()))) {
    entry.location = last.back();  // "Role | Company | Berlin"
    last.pop_back();
  }
  std::vector<TextSpan> parts;
  for (const auto& group : groups) parts.insert(parts.end(), group.begin(), group.end());
  if (!parts.empty()) entry.role = parts[0];
  if (parts.size() >= 2) entry.organisation = parts[1];
  entry.header_parts = std::move(parts);
}

int LoneYear(std::string_view display, const std::vector<DateRange>& dates, const Entry& entry) {
  static const RE2 kYear(R"(\b((?:19[5-9]|20[0-4])\d)\b)");
  for (const TextSpan& line : EntryHeaderLines(display, entry)) {
    re2::StringPiece input(display.data() + line.start, line.end - line.start);
    re2::StringPiece match;
    while (RE2::FindAndConsume(&input, kYear, &match)) {
      const size_t at = static_cast<size_t>(match.data() - display.data());
      const bool in_range = std::any_of(dates.begin(), dates.end(),
                                        [&](const DateRange& d) { return d.text_start <= at && at < d.text_end; });
      // The first year is the entry's own; later lines may open the next one.
      if (!in_range) return std::stoi(std::string(match.data(), match.size()));
    }
  }
  return 0;
}

// A candidate's name: a few capitalised words, nothing else on the line.
bool LooksLikeName(std::string_view text) {
  if (text.empty() || text.size() > kMaxNameBytes || HasDigit(text)) return false;
  if (text.find_first_of("@/:|,()") != std::string_view::npos) return false;
  size_t words = 0;
  size_t at = 0;
  while (at < text.size()) {
    const size_t end = std::min(text.size(), text.find(' ', at));
    const std::string_view word = text.substr(at, end - at);
    if (!word.empty()) {
      ++words;
      const unsigned char first = static_cast<unsigned char>(word.front());
      const bool capital = std::isupper(first) || first >= 0x80;
      if (!capital && word.size() > 3) return false;  // "van", "de" may stay lower case
    }
    at = end + 1;
  }
  return words >= 2 && words <= 5;
}

}  // namespace

void FillEntryFields(std::string_view display, ResumeStructure& structure) {
  for (Entry& entry : structure.entries) {
    SplitHeader(display, structure.dates, entry);
    entry.year = LoneYear(display, structure.dates, entry);
    for (const BulletLine& bullet : structure.bullets) {
      if (bullet.start < entry.start || bullet.start >= entry.end) continue;
      const size_t prefix = display.substr(bullet.start).rfind("\u2022 ", 0) == 0 ? std::string_view("\u2022 ").size() : 0;
      entry.bullet_spans.push_back(Trim(display, TextSpan{bullet.start + prefix, std::min(bullet.end, entry.end)}));
    }
  }
}

ContactDetails FindContactDetails(std::string_view display, const ResumeStructure& structure) {
  static const RE2 kEmail(R"(([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}))");
  static const RE2 kPhone(R"((\+?\(?\d[\d ().-]{7,}\d))");
  static const RE2 kPlace(R"((\p{Lu}[\p{L}.' -]*[\p{L}.], \p{Lu}[\p{L}.' ]*\p{L}))");
  ContactDetails contact;
  re2::StringPiece match;
  re2::StringPiece input(display.data(), display.size());
  if (RE2::FindAndConsume(&input, kEmail, &match)) {
    const size_t at = static_cast<size_t>(match.data() - display.data());
    contact.email = TextSpan{at, at + match.size()};
  }
  const size_t zone = std::min(display.size(), kContactZoneBytes);
  input = re2::StringPiece(display.data(), zone);
  while (contact.phone.empty() && RE2::FindAndConsume(&input, kPhone, &match)) {
    const size_t at = static_cast<size_t>(match.data() - display.data());
    TextSpan span{at, at + match.size()};
    while (span.end > span.start && (display[span.end - 1] == ' ' || display[span.end - 1] == '.')) --span.end;
    const auto digits = std::count_if(match.begin(), match.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    const bool is_date = std::any_of(structure.dates.begin(), structure.dates.end(), [&](const DateRange& d) {
      return span.start < d.text_end && d.text_start < span.end;
    });
    if (digits >= 9 && digits <= 15 && !is_date) contact.phone = span;
  }

  // Name and place come from the top lines, before the first section heading.
  size_t top_end = zone;
  for (const Section& section : structure.sections) {
    if (section.kind != "header") {
      top_end = std::min(top_end, section.start);
      break;
    }
  }
  size_t start = 0;
  for (size_t line_number = 0; start < top_end && line_number < 8; ++line_number) {
    size_t end = display.find('\n', start);
    if (end == std::string_view::npos || end > top_end) end = top_end;
    const TextSpan line = Trim(display, TextSpan{start, end});
    if (contact.name.empty() && contact.location.empty() && LooksLikeName(Text(display, line))) {
      contact.name = line;
    } else if (contact.location.empty()) {
      for (const TextSpan& part : LineParts(display, TextSpan{start, end}, {})) {
        const std::string_view text = Text(display, part);
        if (text.size() <= 40 && !HasDigit(text) && RE2::FullMatch(text, kPlace)) {
          contact.location = part;
          break;
        }
      }
    }
    start = end + 1;
  }
  return contact;
}

}  // namespace ra
