#pragma once
// Stage 2 (structure): sections, entries, date ranges, links and contact
// details found in the normalised text. Offsets are into the display text.

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <re2/re2.h>

#include "analyzer/data/lexicon_data.h"
#include "analyzer/text/text.h"

namespace ra {

struct Section {
  std::string kind;     // "header" for the text before the first heading
  std::string heading;  // as written ("" for the header)
  size_t start = 0;     // heading line start
  size_t body_start = 0;
  size_t end = 0;
};

// A month as year * 12 + (month - 1).
using MonthIndex = int;

struct DateRange {
  MonthIndex start = 0;
  MonthIndex end = 0;   // inclusive; the as-of month when ongoing
  bool ongoing = false;
  size_t text_start = 0;
  size_t text_end = 0;
};

// A stretch of the display text; empty (start == end) when not found.
struct TextSpan {
  size_t start = 0;
  size_t end = 0;
  bool empty() const { return end <= start; }
};

// An item of a section: a role, a degree, a project.
struct Entry {
  size_t section = 0;  // index into ResumeStructure::sections
  size_t start = 0;
  size_t end = 0;
  std::string title;   // first line that is not only a date
  std::vector<DateRange> dates;
  // The header lines split into fields (entry_fields.cc). In textual order:
  // `role` is the first part ("Senior ML Engineer"; for a degree "M.S. in
  // Computer Science"; for a project its name), `organisation` the second
  // (employer, school), `location` a trailing place ("Portland, OR").
  TextSpan role;
  TextSpan organisation;
  TextSpan location;
  std::vector<TextSpan> header_parts;  // every part, role and organisation first; not the location
  int year = 0;                  // a lone year in the header lines (graduation), 0 when none
  std::vector<TextSpan> bullet_spans;  // the entry's bullets, without the "• "
};

struct FoundLink {
  std::string url;
  size_t start = 0;     // offset in the display text (annotations: their anchor's offset, or 0)
  std::string kind;     // github, linkedin, kaggle, scholar, huggingface, arxiv, email, website ...
  int page = 1;
  bool annotation = false;  // hidden behind a PDF link rather than written out
};

// A bullet with its wrapped continuation lines.
struct BulletLine {
  size_t start = 0;
  size_t end = 0;  // end of its last line
  size_t section = 0;
};

// Contact details found near the top (entry_fields.cc); spans are empty when
// not found.
struct ContactDetails {
  TextSpan name;
  TextSpan email;
  TextSpan phone;
  TextSpan location;
};

struct ResumeStructure {
  std::vector<Section> sections;
  std::vector<Entry> entries;
  std::vector<DateRange> dates;   // every date range in the text
  std::vector<FoundLink> links;
  std::vector<BulletLine> bullets;
  bool has_email = false;
  bool has_phone = false;
  ContactDetails contact;

  // Index of the section holding `offset`.
  size_t SectionAt(size_t offset) const;
  // Index of the entry holding `offset`, if any.
  std::optional<size_t> EntryAt(size_t offset) const;
};

// Compiled once from the lexicon data; immutable and shareable across threads.
// Not copyable; movable.
class StructureFinder {
 public:
  explicit StructureFinder(const LexiconData& data);
  StructureFinder(StructureFinder&&) = default;
  StructureFinder& operator=(StructureFinder&&) = default;

  // `as_of` is the month that "Present" means.
  ResumeStructure Find(const NormalizedText& text, const FoldedText& folded,
                       const Document& document, MonthIndex as_of) const;

  // The section kind of a heading line, if it is one. Exposed for tests.
  std::optional<std::string> ClassifyHeading(std::string_view line) const;

  std::vector<DateRange> FindDateRanges(std::string_view folded, const FoldedText& map,
                                        MonthIndex as_of) const;

 private:
  std::vector<Section> FindSections(const NormalizedText& text, const Document& document) const;
  std::vector<Entry> FindEntries(std::string_view display, const std::vector<Section>& sections,
                                 const std::vector<DateRange>& dates, const std::vector<BulletLine>& bullets) const;
  std::string ClassifyUrl(const std::string& url) const;

  std::unordered_map<std::string, std::string> heading_kinds_;  // letters-only key -> kind
  std::vector<LinkKind> link_kinds_;
  std::unique_ptr<RE2> date_range_;
  std::unique_ptr<RE2> since_date_;
  std::unique_ptr<RE2> season_;
  std::unique_ptr<RE2> url_;
  std::unique_ptr<RE2> email_;
  std::unique_ptr<RE2> phone_;
};

MonthIndex MonthOf(int year, int month);  // month 1-12

// Field extraction (entry_fields.cc), run by StructureFinder::Find once
// sections, entries, dates and bullets are known.
// Splits each entry's header lines into role, organisation and location,
// and collects its bullets and lone year.
void FillEntryFields(std::string_view display, ResumeStructure& structure);
// The candidate's name, email, phone and location.
ContactDetails FindContactDetails(std::string_view display, const ResumeStructure& structure);

}  // namespace ra
