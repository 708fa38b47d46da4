#include "analyzer/text/structure.h"

#include "analyzer/match/regex_util.h"

#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <limits>
#include <map>
#include <set>

namespace ra {
namespace {

// Month names as written in English, Spanish, French, German and Portuguese
// resumes (folded), with their number. Language data, not skills.
const std::map<std::string, int>& MonthNames() {
  static const std::map<std::string, int> months = {
      {"jan", 1}, {"january", 1}, {"enero", 1}, {"ene", 1}, {"janvier", 1}, {"janv", 1}, {"januar", 1}, {"janeiro", 1},
      {"feb", 2}, {"february", 2}, {"febrero", 2}, {"février", 2}, {"fevrier", 2}, {"févr", 2}, {"fevr", 2}, {"februar", 2}, {"fevereiro", 2}, {"fev", 2},
      {"mar", 3}, {"march", 3}, {"marzo", 3}, {"mars", 3}, {"märz", 3}, {"marz", 3}, {"março", 3}, {"marco", 3},
      {"apr", 4}, {"april", 4}, {"abril", 4}, {"abr", 4}, {"avril", 4}, {"avr", 4},
      {"may", 5}, {"mayo", 5}, {"mai", 5}, {"maio", 5},
      {"jun", 6}, {"june", 6}, {"junio", 6}, {"juin", 6}, {"juni", 6}, {"junho", 6},
      {"jul", 7}, {"july", 7}, {"julio", 7}, {"juillet", 7}, {"juil", 7}, {"juli", 7}, {"julho", 7},
      {"aug", 8}, {"august", 8}, {"agosto", 8}, {"ago", 8}, {"août", 8}, {"aout", 8},
      {"sep", 9}, {"sept", 9}, {"september", 9}, {"septiembre", 9}, {"setiembre", 9}, {"septembre", 9}, {"setembro", 9}, {"set", 9},
      {"oct", 10}, {"october", 10}, {"octubre", 10}, {"octobre", 10}, {"oktober", 10}, {"outubro", 10}, {"out", 10}, {"okt", 10},
      {"nov", 11}, {"november", 11}, {"noviembre", 11}, {"novembre", 11}, {"novembro", 11},
      {"dec", 12}, {"december", 12}, {"diciembre", 12}, {"dic", 12}, {"décembre", 12}, {"decembre", 12}, {"déc", 12}, {"dezember", 12}, {"dezembro", 12}, {"dez", 12},
  };
  return months;
}

// Seasons as the (start, end) months they stand for.
const std::map<std::string, std::pair<int, int>>& Seasons() {
  static const std::map<std::string, std::pair<int, int>> seasons = {
      {"spring", {3, 5}}, {"summer", {6, 8}}, {"fall", {9, 11}}, {"autumn", {9, 11}}, {"winter", {1, 2}},
      {"verano", {6, 8}}, {"été", {6, 8}}, {"sommer", {6, 8}}, {"verão", {6, 8}},
  };
  return seasons;
}

std::string MonthAlternation() {
  std::vector<std::string> names;
  for (const auto& [name, month] : MonthNames()) names.push_back(name);
  // Longest first so that "september" is not cut to "sep".
  std::sort(names.begin(), names.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  std::string joined;
  for (const auto& name : names) joined += (joined.empty() ? "" : "|") + name;
  return "(?:" + joined + ")";
}

const std::string kYear = R"((?:19[5-9]\d|20[0-4]\d))";
const std::string kPresent =
    R"((?:presente|present|current(?:ly)?|now|today|ongoing|actualidad|actual|hoy|aujourd'hui|en cours|heute|jetzt|atual(?:mente)?|至今|现在|今))";
const std::string kSeparator = R"(\s*(?:-|–|—|~|to|until|till|through|bis|a|à|al|hasta|au|até|至)\s*)";

std::string DatePoint() {
  const std::string month = MonthAlternation();
  return "(?:" + month + R"(\.?,?\s*(?:)" + kYear + R"(|'\d\d)|\d{1,2}\s*[/.]\s*)" + kYear + "|" +
         kYear + R"([/.-]\d{1,2}|)" + kYear + ")";
}

// Parses one date point of the range regex into a month; a year alone is
// taken as mid-year, since "2018 – 2021" means about three years, not four.
std::optional<MonthIndex> ParseDatePoint(std::string_view text, bool is_end) {
  int year = 0;
  int month = 0;
  std::string letters;
  std::vector<int> numbers;
  std::vector<size_t> number_lengths;
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::isdigit(c)) {
      size_t j = i;
      while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
      numbers.push_back(std::stoi(std::string(text.substr(i, j - i))));
      number_lengths.push_back(j - i);
      i = j;
    } else if (std::isalpha(c) || c >= 0x80) {
      letters.push_back(static_cast<char>(c));
      ++i;
    } else {
      if (c == '\'' && i + 2 < text.size() + 1) letters.clear();
      ++i;
    }
  }
  for (size_t k = 0; k < numbers.size(); ++k) {
    if (number_lengths[k] == 4) year = numbers[k];
  }
  if (year == 0) {
    for (size_t k = 0; k < numbers.size(); ++k) {
      if (number_lengths[k] == 2) year = 2000 + numbers[k] > 2049 ? 1900 + numbers[k] : 2000 + numbers[k];
    }
  }
  if (!letters.empty()) {
    if (auto it = MonthNames().find(letters); it != MonthNames().end()) month = it->second;
  } else {
    for (size_t k = 0; k < numbers.size(); ++k) {
      if (number_lengths[k] <= 2 && numbers[k] >= 1 && numbers[k] <= 12) month = numbers[k];
    }
  }
  if (year == 0) return std::nullopt;
  if (month == 0) month = is_end ? 6 : 7;
  return MonthOf(year, month);
}

bool IsBulletLine(std::string_view line) { return line.rfind("\u2022 ", 0) == 0; }

// The letters of a line, folded, with every space and punctuation dropped:
// "R ESEARCH  E XPERIENCE:" and "Research Experience" give one key.
std::string LettersKey(std::string_view text) {
  icu::UnicodeString folded = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  folded.foldCase();
  std::string key;
  for (int32_t i = 0; i < folded.length();) {
    const UChar32 c = folded.char32At(i);
    i += U16_LENGTH(c);
    if (u_isalpha(c)) {
      icu::UnicodeString one(c);
      one.toUTF8String(key);
    }
  }
  return key;
}

std::vector<std::string> Words(std::string_view line) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start < line.size()) {
    const size_t end = std::min(line.find(' ', start), line.size());
    if (end > start) words.emplace_back(line.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

// Markdown and decoration around a heading: "## Skills", "**Skills**", "SKILLS:".
std::string_view StripHeadingDecoration(std::string_view line) {
  const std::string_view decoration = "#*_=:|-> ";
  while (!line.empty() && decoration.find(line.front()) != std::string_view::npos) line.remove_prefix(1);
  while (!line.empty() && decoration.find(line.back()) != std::string_view::npos) line.remove_suffix(1);
  return line;
}

bool LooksLikeHeadingCase(std::string_view line) {
  // All capitals or every word capitalised: how headings are typeset.
  int upper = 0;
  int lower = 0;
  for (const auto& word : Words(line)) {
    const unsigned char first = static_cast<unsigned char>(word[0]);
    if (std::isupper(first)) ++upper;
    else if (std::islower(first) && word.size() > 3) ++lower;
  }
  return upper > 0 && lower == 0;
}

bool StartsLowercaseOrDigit(std::string_view text) {
  if (text.empty()) return false;
  const auto* data = reinterpret_cast<const uint8_t*>(text.data());
  int32_t offset = 0;
  UChar32 c;
  U8_NEXT(data, offset, static_cast<int32_t>(text.size()), c);
  return c >= 0 && (u_islower(c) || u_isdigit(c) || c == '(' || c == '+' || c == '$');
}

bool ContainsDate(const std::vector<DateRange>& dates, size_t start, size_t end) {
  return std::any_of(dates.begin(), dates.end(), [&](const DateRange& d) { return d.text_start >= start && d.text_start < end; });
}

// Bullets and the lines they wrap onto. A line continues a bullet when it
// starts in lower case, or when the line before it ran to nearly the full
// width of the bullets around it (so it was wrapped, not ended), unless it
// is a heading, a new bullet or holds a date range (a new entry's line).
std::vector<BulletLine> FindBullets(std::string_view display, const std::vector<Line>& lines,
                                    const std::vector<DateRange>& dates, const ResumeStructure& structure,
                                    const std::vector<bool>& is_heading) {
  std::vector<size_t> widest(structure.sections.size(), 0);
  for (const Line& line : lines) {
    const std::string_view text = display.substr(line.start, line.end - line.start);
    if (IsBulletLine(text)) {
      size_t& width = widest[structure.SectionAt(line.start)];
      width = std::max(width, CountCodePoints(text));
    }
  }
  std::vector<BulletLine> bullets;
  bool in_bullet = false;
  size_t previous_columns = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const Line& line = lines[i];
    const std::string_view text = display.substr(line.start, line.end - line.start);
    const size_t section = structure.SectionAt(line.start);
    if (text.empty() || text == "\f" || is_heading[i]) {
      in_bullet = false;
      continue;
    }
    if (IsBulletLine(text)) {
      bullets.push_back(BulletLine{line.start, line.end, section});
      in_bullet = true;
      previous_columns = CountCodePoints(text);
      continue;
    }
    const bool wrapped = previous_columns * 10 >= widest[section] * 8;
    // A title-like line right above a date range names the next role.
    const bool titles_next = i + 1 < lines.size() && ContainsDate(dates, lines[i + 1].start, lines[i + 1].end) &&
                             text.back() != '.';
    if (in_bullet && bullets.back().section == section && !ContainsDate(dates, line.start, line.end) &&
        !titles_next && (StartsLowercaseOrDigit(text) || wrapped)) {
      bullets.back().end = line.end;
      previous_columns = CountCodePoints(text);
      continue;
    }
    in_bullet = false;
  }
  return bullets;
}

}  // namespace

MonthIndex MonthOf(int year, int month) { return year * 12 + (month - 1); }

size_t ResumeStructure::SectionAt(size_t offset) const {
  for (size_t i = sections.size(); i-- > 0;) {
    if (sections[i].start <= offset) return i;
  }
  return 0;
}

std::optional<size_t> ResumeStructure::EntryAt(size_t offset) const {
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].start <= offset && offset < entries[i].end) return i;
  }
  return std::nullopt;
}

StructureFinder::StructureFinder(const LexiconData& data) : link_kinds_(data.link_kinds) {
  for (const auto& section : data.sections) {
    for (const auto& heading : section.headings) heading_kinds_.emplace(LettersKey(heading), section.kind);
  }
  RE2::Options options;
  options.set_log_errors(false);
  const std::string point = DatePoint();
  date_range_ = std::make_unique<RE2>("(" + point + ")" + kSeparator + "(" + point + "|" + kPresent + ")", options);
  since_date_ = std::make_unique<RE2>(R"((?:since|desde|depuis|seit|depuis le|a partir de)\s+()" + point + ")", options);
  std::string seasons;
  for (const auto& [name, months] : Seasons()) seasons += (seasons.empty() ? "" : "|") + name;
  season_ = std::make_unique<RE2>("(" + seasons + R"()\s+()" + kYear + ")", options);
  url_ = std::make_unique<RE2>(
      R"((?:https?://|www\.)[^\s<>()\[\]"',;|]+|(?:[a-z0-9-]+\.)*(?:github\.com|gitlab\.com|linkedin\.com|kaggle\.com|huggingface\.co|arxiv\.org|scholar\.google\.[a-z.]+|medium\.com|bitbucket\.org)/[^\s<>()\[\]"',;|]*)",
      options);
  email_ = std::make_unique<RE2>(R"([a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})", options);
  phone_ = std::make_unique<RE2>(R"(\+?\(?\d[\d\s().-]{7,18}\d)", options);
}

std::optional<std::string> StructureFinder::ClassifyHeading(std::string_view line) const {
  std::string_view text = StripHeadingDecoration(line);
  if (text.empty() || text.size() > 60 || IsBulletLine(line)) return std::nullopt;
  // "skills." ends a wrapped sentence; "Project 2" names an entry.
  if ((text.back() == '.' && StartsLowercaseOrDigit(text)) ||
      std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  // The whole line first: letter-spaced headings have many "words".
  const std::string key = LettersKey(text);
  if (auto it = heading_kinds_.find(key); it != heading_kinds_.end()) return it->second;
  // "PROJECT", "PUBLICATION": English headings in the singular.
  if (auto it = heading_kinds_.find(key + "s"); it != heading_kinds_.end() && LooksLikeHeadingCase(text)) return it->second;
  const auto words = Words(text);
  if (words.size() > 6) return std::nullopt;
  // "Relevant Professional Experience": a known heading after qualifiers,
  // accepted only when typeset like a heading.
  if (words.size() <= 4 && (LooksLikeHeadingCase(text) || line.rfind('#', 0) == 0)) {
    for (size_t skip = 1; skip < words.size(); ++skip) {
      std::string tail;
      for (size_t k = skip; k < words.size(); ++k) tail += words[k];
      if (auto it = heading_kinds_.find(LettersKey(tail)); it != heading_kinds_.end()) return it->second;
    }
  }
  return std::nullopt;
}

std::vector<Section> StructureFinder::FindSections(const NormalizedText& text, const Document& document) const {
  const std::string_view display = text.display;
  const std::vector<Line> lines = SplitLines(display);
  // Lines the source set apart as headings (by typography or paragraph
  // style), by page and letters, with their style.
  std::map<std::pair<int, std::string>, int> hint_styles;
  for (const HeadingHint& hint : document.heading_hints) {
    const auto key = std::make_pair(hint.page, LettersKey(hint.text));
    if (key.second.empty()) continue;
    auto [it, added] = hint_styles.emplace(key, hint.style);
    if (!added) it->second = std::min(it->second, hint.style);
  }
  std::vector<std::optional<int>> hinted(lines.size());
  std::set<int> known_styles;
  std::map<int, std::pair<int, int>> style_counts;  // style -> (lexicon knows, hinted lines)
  int first_style = std::numeric_limits<int>::max();
  if (!hint_styles.empty()) {
    for (size_t i = 0; i < lines.size(); ++i) {
      const std::string_view line = display.substr(lines[i].start, lines[i].end - lines[i].start);
      const auto it = hint_styles.find({text.PageAt(lines[i].start), LettersKey(line)});
      // The hint's words ending a sentence elsewhere on the page are not it.
      if (it == hint_styles.end() || line.empty() || line.back() == '.') continue;
      hinted[i] = it->second;
      first_style = std::min(first_style, it->second);
      auto& [known, total] = style_counts[it->second];
      known += ClassifyHeading(line) ? 1 : 0;
      ++total;
    }
  }
  // A style is the section headings' when the lexicon knows at least half
  // of its lines; sub-headings ("Books", "Journal Articles") share a style
  // the lexicon mostly does not know.
  for (const auto& [style, counts] : style_counts) {
    if (counts.first > 0 && 2 * counts.first >= counts.second) known_styles.insert(style);
  }
  // A hinted line the lexicon does not know is a heading when it is set like
  // the headings the lexicon knows (or, when it knows none, as the most
  // prominent hinted style): a section in any language, not swallowed.
  auto unknown_heading = [&](size_t i) {
    if (!hinted[i] || lines[i].start == 0) return false;
    return known_styles.empty() ? *hinted[i] == first_style : known_styles.count(*hinted[i]) > 0;
  };

  // Words that carry links ("Email GitHub LinkedIn Portfolio"): a line made
  // only of them is a row of contact links, not a heading.
  std::set<std::string> anchors;
  for (const Link& link : document.links) {
    for (const auto& word : Words(link.anchor)) anchors.insert(LettersKey(word));
  }
  auto only_links = [&](std::string_view line) {
    const auto words = Words(line);
    return !anchors.empty() && !words.empty() &&
           std::all_of(words.begin(), words.end(), [&](const std::string& word) { return anchors.count(LettersKey(word)) > 0; });
  };

  std::vector<Section> sections;
  sections.push_back(Section{"header", "", 0, 0, display.size()});
  for (size_t i = 0; i < lines.size(); ++i) {
    const Line& line = lines[i];
    std::string_view text_line = display.substr(line.start, line.end - line.start);
    if (only_links(text_line)) continue;
    std::optional<std::string> kind = ClassifyHeading(text_line);
    size_t body_start = std::min(line.end + 1, display.size());
    // "Skills: Python, SQL" — a heading that starts its own content line;
    // but inside Skills or Education, "Tools:" or "Courses:" right under
    // other lines is a sub-list, not a new section.
    const bool after_blank = line.start < 2 || display[line.start - 2] == '\n';
    const bool sub_list = !after_blank && (sections.back().kind == "skills" || sections.back().kind == "education");
    if (!kind && !sub_list) {
      const size_t colon = text_line.find(':');
      if (colon != std::string_view::npos && colon > 0 && colon < 40) {
        kind = ClassifyHeading(text_line.substr(0, colon));
        if (kind) {
          body_start = line.start + colon + 1;
          text_line = text_line.substr(0, colon);
        }
      }
    }
    if (!kind && unknown_heading(i)) kind = "other";
    if (!kind) continue;
    // "Languages" under Skills lists programming languages: a sub-heading.
    if (*kind == "languages" && sections.back().kind == "skills" && !hinted[i]) continue;
    sections.back().end = line.start;
    sections.push_back(Section{*kind, std::string(StripHeadingDecoration(text_line)), line.start, body_start, display.size()});
  }
  // Drop an empty header (resume starts with a heading).
  if (sections.size() > 1 && sections[0].end == 0) sections.erase(sections.begin());
  return sections;
}

std::vector<DateRange> StructureFinder::FindDateRanges(std::string_view folded, const FoldedText& map,
                                                       MonthIndex as_of) const {
  std::vector<DateRange> ranges;
  auto add = [&](size_t start, size_t end, std::optional<MonthIndex> from, std::optional<MonthIndex> to, bool ongoing) {
    if (!from || !to || *to < *from || *to - *from > 12 * 50) return;
    for (const auto& existing : ranges) {
      if (start < existing.text_end && existing.text_start < end) return;  // overlaps one found already
    }
    ranges.push_back(DateRange{*from, *to, ongoing, map.ToDisplay(start), map.ToDisplay(end)});
  };
  ForEachMatch(*date_range_, folded, 0, folded.size(), 3, [&](const re2::StringPiece* groups) {
    const size_t start = OffsetIn(folded, groups[0]);
    const std::string_view end_text(groups[2].data(), groups[2].size());
    const bool ongoing = !end_text.empty() && !std::isdigit(static_cast<unsigned char>(end_text.back()));
    const auto from = ParseDatePoint(std::string_view(groups[1].data(), groups[1].size()), false);
    const auto to = ongoing ? std::optional<MonthIndex>(as_of) : ParseDatePoint(end_text, true);
    add(start, start + groups[0].size(), from, to, ongoing);
    return true;
  });
  ForEachMatch(*since_date_, folded, 0, folded.size(), 2, [&](const re2::StringPiece* groups) {
    const size_t start = OffsetIn(folded, groups[0]);
    add(start, start + groups[0].size(), ParseDatePoint(std::string_view(groups[1].data(), groups[1].size()), false),
        as_of, true);
    return true;
  });
  ForEachMatch(*season_, folded, 0, folded.size(), 3, [&](const re2::StringPiece* groups) {
    const size_t start = OffsetIn(folded, groups[0]);
    const auto& months = Seasons().at(std::string(groups[1].data(), groups[1].size()));
    const int year = std::stoi(std::string(groups[2].data(), groups[2].size()));
    add(start, start + groups[0].size(), MonthOf(year, months.first), MonthOf(year, months.second), false);
    return true;
  });
  std::sort(ranges.begin(), ranges.end(), [](const auto& a, const auto& b) { return a.text_start < b.text_start; });
  return ranges;
}

namespace {

struct BodyLine {
  size_t start = 0;
  size_t end = 0;
  bool bullet = false;
  std::vector<DateRange> dates;
};

// A line that can name a role or degree: not a sentence, not too long.
bool TitleLike(std::string_view text) {
  return !text.empty() && text.back() != '.' && CountCodePoints(text) <= 110 && !IsBulletLine(text);
}

// The line without its dates, bullet glyph, Markdown marks and separators.
std::string TitleText(std::string_view display, const BodyLine& line) {
  std::string title(display.substr(line.start, line.end - line.start));
  for (auto it = line.dates.rbegin(); it != line.dates.rend(); ++it) {
    title.erase(it->text_start - line.start, it->text_end - it->text_start);
  }
  for (size_t at = title.find("  "); at != std::string::npos; at = title.find("  ", at)) title.erase(at, 1);
  if (title.rfind("\u2022 ", 0) == 0) title.erase(0, std::string_view("\u2022 ").size());
  title.erase(std::remove_if(title.begin(), title.end(), [](char c) { return c == '*' || c == '#' || c == '_'; }),
              title.end());
  const std::string_view trim = " |,;:-()\u2013\u2014\u00b7";
  const auto is_trim = [&](size_t at) { return trim.find(title[at]) != std::string_view::npos || static_cast<unsigned char>(title[at]) >= 0x80; };
  size_t first = 0;
  while (first < title.size() && is_trim(first)) {
    // Step over multi-byte dashes and dots, but not letters such as "É".
    const unsigned char c = static_cast<unsigned char>(title[first]);
    if (c >= 0x80 && !(c == 0xE2 || c == 0xC2)) break;
    first += c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  }
  title = title.substr(std::min(first, title.size()));
  while (!title.empty() && std::string_view(" |,;:-(").find(title.back()) != std::string_view::npos) title.pop_back();
  // Trailing multi-byte dash or middle dot left by a removed date.
  for (std::string_view tail : {"\u2013", "\u2014", "\u00b7"}) {
    while (title.size() >= tail.size() && title.compare(title.size() - tail.size(), tail.size(), tail) == 0) {
      title.erase(title.size() - tail.size());
      while (!title.empty() && title.back() == ' ') title.pop_back();
    }
  }
  return CountCodePoints(title) >= 3 ? title : std::string();
}

std::vector<Entry> DatedEntries(std::string_view display, size_t section, const std::vector<BodyLine>& lines) {
  // A date inside a bullet ("• Teaching assistant (2022 – 2023)") is a
  // detail of its entry, unless every date of the section is in a bullet
  // (a resume that lists its roles as bullets).
  const bool dated_titles = std::any_of(lines.begin(), lines.end(), [](const BodyLine& line) {
    return !line.dates.empty() && !line.bullet;
  });
  std::vector<size_t> anchors;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!lines[i].dates.empty() && (!lines[i].bullet || !dated_titles)) anchors.push_back(i);
  }
  std::vector<size_t> starts;
  for (size_t k = 0; k < anchors.size(); ++k) {
    const size_t floor = k == 0 ? 0 : anchors[k - 1] + 1;
    // The title sits up to three lines above its date; description lines
    // (sentences) between them belong to the entry too.
    size_t start = anchors[k];
    if (TitleText(display, lines[anchors[k]]).empty()) {
      for (size_t above = anchors[k]; above > floor && anchors[k] - above < 3;) {
        --above;
        if (lines[above].bullet) break;
        if (TitleLike(display.substr(lines[above].start, lines[above].end - lines[above].start))) start = above;
      }
    } else if (anchors[k] > floor && !lines[anchors[k] - 1].bullet) {
      // The date shares its line with a title ("Role  2019 – 2021", as a
      // person sees it): only a short heading-like line right above
      // (the organisation) joins it; sentences above end the entry before.
      const BodyLine& above = lines[anchors[k] - 1];
      const std::string_view text = display.substr(above.start, above.end - above.start);
      if (TitleLike(text) && CountCodePoints(text) <= 60 && !StartsLowercaseOrDigit(text) && text.back() != ';' &&
          text.back() != ',') {
        start = anchors[k] - 1;
      }
    }
    starts.push_back(k == 0 ? 0 : start);
  }
  std::vector<Entry> entries;
  for (size_t k = 0; k < anchors.size(); ++k) {
    const size_t first = starts[k];
    const size_t last = k + 1 < anchors.size() ? starts[k + 1] : lines.size();
    Entry entry{section, lines[first].start, lines[last - 1].end, "", lines[anchors[k]].dates};
    for (size_t i = first; i < last && entry.title.empty(); ++i) {
      if (i > anchors[k] && lines[i].bullet) break;
      entry.title = TitleText(display, lines[i]);
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::vector<Entry> UndatedEntries(std::string_view display, size_t section, const std::vector<BodyLine>& lines,
                                  const std::vector<size_t>& blank_before) {
  std::vector<Entry> entries;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string_view text = display.substr(lines[i].start, lines[i].end - lines[i].start);
    const bool opens = entries.empty() ||
                       (!lines[i].bullet && !StartsLowercaseOrDigit(text) && (lines[i - 1].bullet || blank_before[i]));
    if (opens) entries.push_back(Entry{section, lines[i].start, lines[i].end, TitleText(display, lines[i]), {}});
    entries.back().end = lines[i].end;
  }
  return entries;
}

}  // namespace

std::vector<Entry> StructureFinder::FindEntries(std::string_view display, const std::vector<Section>& sections,
                                                const std::vector<DateRange>& dates,
                                                const std::vector<BulletLine>& bullets) const {
  auto in_bullet = [&](size_t offset) {
    return std::any_of(bullets.begin(), bullets.end(), [&](const BulletLine& b) { return b.start <= offset && offset < b.end; });
  };
  std::vector<Entry> entries;
  for (size_t s = 0; s < sections.size(); ++s) {
    const Section& section = sections[s];
    if (section.kind != "experience" && section.kind != "projects" && section.kind != "education" &&
        section.kind != "volunteering") {
      continue;
    }
    std::vector<BodyLine> lines;
    std::vector<size_t> blank_before;
    bool blank = false;
    bool dated = false;
    const std::string_view body = display.substr(section.body_start, section.end - section.body_start);
    for (const Line& line : SplitLines(body)) {
      const size_t start = section.body_start + line.start;
      const size_t end = section.body_start + line.end;
      const std::string_view text = display.substr(start, end - start);
      if (text == "\f") continue;  // a page break does not end an entry
      if (text.empty()) {
        blank = true;
        continue;
      }
      BodyLine body_line{start, end, in_bullet(start), {}};
      for (const auto& date : dates) {
        if (date.text_start >= start && date.text_start < end) body_line.dates.push_back(date);
      }
      dated = dated || !body_line.dates.empty();
      lines.push_back(std::move(body_line));
      blank_before.push_back(blank);
      blank = false;
    }
    if (lines.empty()) continue;
    auto found = dated ? DatedEntries(display, s, lines) : UndatedEntries(display, s, lines, blank_before);
    entries.insert(entries.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  }
  return entries;
}

std::string StructureFinder::ClassifyUrl(const std::string& url) const {
  std::string lower = url;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower.rfind("mailto:", 0) == 0) return "email";
  if (lower.rfind("tel:", 0) == 0) return "phone";
  std::string host = lower;
  if (const auto scheme = host.find("://"); scheme != std::string::npos) host = host.substr(scheme + 3);
  host = host.substr(0, host.find('/'));
  for (const auto& kind : link_kinds_) {
    for (const auto& suffix : kind.hosts) {
      if (host == suffix || (host.size() > suffix.size() && host.ends_with("." + suffix))) return kind.kind;
      // Some kinds live under a path of a shared host (scholar.google.com/citations).
      if (suffix.find('/') != std::string::npos && lower.find(suffix) != std::string::npos) return kind.kind;
    }
  }
  return "website";
}

ResumeStructure StructureFinder::Find(const NormalizedText& text, const FoldedText& folded,
                                      const Document& document, MonthIndex as_of) const {
  ResumeStructure structure;
  const std::string_view display = text.display;
  structure.sections = FindSections(text, document);
  structure.dates = FindDateRanges(folded.text, folded, as_of);
  const std::vector<Line> lines = SplitLines(display);
  std::vector<bool> is_heading(lines.size(), false);
  for (size_t i = 0, s = 0; i < lines.size(); ++i) {
    while (s < structure.sections.size() && structure.sections[s].start < lines[i].start) ++s;
    is_heading[i] = s < structure.sections.size() && structure.sections[s].start == lines[i].start &&
                    structure.sections[s].kind != "header";
  }
  structure.bullets = FindBullets(display, lines, structure.dates, structure, is_heading);
  structure.entries = FindEntries(display, structure.sections, structure.dates, structure.bullets);

  auto add_link = [&](std::string url, size_t start, int page, bool annotation) {
    while (!url.empty() && std::string_view(".,:;)").find(url.back()) != std::string_view::npos) url.pop_back();
    const std::string kind = ClassifyUrl(url);
    for (const auto& link : structure.links) {
      if (link.url == url) return;
    }
    structure.links.push_back(FoundLink{url, start, kind, page, annotation});
  };
  const std::string_view folded_text = folded.text;
  ForEachMatch(*url_, folded_text, 0, folded_text.size(), 1, [&](const re2::StringPiece* groups) {
    const size_t start = OffsetIn(folded_text, groups[0]);
    const size_t display_start = folded.ToDisplay(start);
    const size_t display_end = folded.ToDisplay(start + groups[0].size());
    add_link(std::string(display.substr(display_start, display_end - display_start)), display_start,
             text.PageAt(display_start), false);
    return true;
  });
  for (const Link& link : document.links) {
    if (link.url.rfind("mailto:", 0) == 0) structure.has_email = true;
    // Place a hidden link at the text under it, on its page, when that text is found.
    size_t start = link.page >= 1 && static_cast<size_t>(link.page) <= text.page_starts.size()
                       ? text.page_starts[static_cast<size_t>(link.page) - 1]
                       : 0;
    std::string anchor = link.anchor;
    while (!anchor.empty() && std::isspace(static_cast<unsigned char>(anchor.back()))) anchor.pop_back();
    if (anchor.size() >= 3) {
      const size_t found = display.find(anchor, start);
      if (found != std::string_view::npos) start = found;
    }
    add_link(link.url, start, link.page, true);
  }
  if (RE2::PartialMatch(folded_text, *email_)) structure.has_email = true;
  // A phone number: 9 to 15 digits in the first part of the resume, not a date range.
  const size_t phone_zone = std::min(folded_text.size(), static_cast<size_t>(1500));
  ForEachMatch(*phone_, folded_text, 0, phone_zone, 1, [&](const re2::StringPiece* groups) {
    const auto digits = std::count_if(groups[0].begin(), groups[0].end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    const size_t start = folded.ToDisplay(OffsetIn(folded_text, groups[0]));
    const size_t end = folded.ToDisplay(OffsetIn(folded_text, groups[0]) + groups[0].size());
    const bool is_date = std::any_of(structure.dates.begin(), structure.dates.end(),
                                     [&](const DateRange& d) { return start < d.text_end && d.text_start < end; });
    structure.has_phone = digits >= 9 && digits <= 15 && !is_date;
    return !structure.has_phone;
  });
  FillEntryFields(display, structure);
  structure.contact = FindContactDetails(display, structure);
  return structure;
}

}  // namespace ra
