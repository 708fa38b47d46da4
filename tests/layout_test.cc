// Reading order, word repair and typography of PDF pages: first on glyph
// boxes made up here (no PDF), then on the fictional fixtures in
// tests/fixtures/layout (regenerate with generate.sh there).

#include <catch2/catch.hpp>

#include <algorithm>

#include "analyzer/extract/extract.h"
#include "analyzer/extract/pdf_layout.h"
#include "test_support.h"

namespace ra {
namespace {

using testing::SourcePath;

struct Pen {
  double size = 10;
  double tracking = 0;  // extra gap after each glyph, in ems
  bool bold = false;
};

// Sets `text` from (x, y) as Poppler reports it: one box per character,
// spaces as glyphs of their own. Returns the x after the last glyph.
double Write(std::vector<GlyphBox>& glyphs, std::string_view text, double x, double y, Pen pen = {}) {
  for (size_t i = 0; i < text.size();) {
    size_t length = 1;
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0xF0) length = 4;
    else if (c >= 0xE0) length = 3;
    else if (c >= 0xC0) length = 2;
    GlyphBox glyph;
    glyph.text = std::string(text.substr(i, length));
    glyph.font_size = pen.size;
    glyph.bold = pen.bold;
    const double width = glyph.text == " " ? 0.3 * pen.size : 0.5 * pen.size;
    glyph.x1 = x;
    glyph.x2 = x + width;
    glyph.y1 = y - 0.8 * pen.size;
    glyph.y2 = y + 0.2 * pen.size;
    glyphs.push_back(glyph);
    x += width + pen.tracking * pen.size;
    i += length;
  }
  return x;
}

void NewLine(std::vector<GlyphBox>& glyphs, double x, double y) {
  GlyphBox glyph;
  glyph.text = "\n";
  glyph.x1 = glyph.x2 = x;
  glyph.y1 = y - 8;
  glyph.y2 = y + 2;
  glyphs.push_back(glyph);
}

std::vector<std::string> Lines(const PageLayout& page) {
  std::vector<std::string> lines;
  for (const LayoutLine& line : page.lines) lines.push_back(line.text);
  return lines;
}

TEST_CASE("Two columns are read one after the other, not line by line") {
  std::vector<GlyphBox> glyphs;
  // Poppler may give the lines row by row across both columns.
  for (int row = 0; row < 6; ++row) {
    const double y = 100 + 14 * row;
    const std::string letter(1, static_cast<char>('A' + row));
    Write(glyphs, "Left column line " + letter, 50, y);
    Write(glyphs, "Right column line " + letter, 320, y);
    NewLine(glyphs, 500, y);
  }
  const PageLayout page = LayoutPage(glyphs, 595, 842);
  const auto lines = Lines(page);
  REQUIRE(lines.size() == 12);
  for (int row = 0; row < 6; ++row) {
    const std::string letter(1, static_cast<char>('A' + row));
    CHECK(lines[static_cast<size_t>(row)] == "Left column line " + letter);
    CHECK(lines[static_cast<size_t>(row) + 6] == "Right column line " + letter);
  }
  CHECK(page.columns == 2);
}

TEST_CASE("A full-width name above two columns is read first") {
  std::vector<GlyphBox> glyphs;
  Write(glyphs, "Jordan Example, Machine Learning Engineer, jordan@example.com, +1 555 0100", 50, 60);
  for (int row = 0; row < 5; ++row) {
    const std::string letter(1, static_cast<char>('A' + row));
    Write(glyphs, "Sidebar item " + letter, 50, 100 + 11.0 * row, Pen{8});  // smaller type, its own leading
    Write(glyphs, "Main text of the resume, line " + letter, 250, 100 + 14.0 * row);
  }
  const auto lines = Lines(LayoutPage(glyphs, 595, 842));
  INFO(Catch::Detail::stringify(lines));
  REQUIRE(lines.size() == 11);
  CHECK(lines[0].rfind("Jordan Example", 0) == 0);
  CHECK(lines[1] == "Sidebar item A");
  CHECK(lines[6] == "Main text of the resume, line A");
}

TEST_CASE("A narrow margin of dates stays with the line it faces") {
  std::vector<GlyphBox> glyphs;
  const char* body[] = {"Machine Learning Engineer, Example Corp, Springfield",
                        "Trained and served ranking models in PyTorch for the shop.",
                        "Wrote the monitoring and the on-call guide for the team.",
                        "Data Scientist, Sample Analytics, Shelbyville",
                        "Built churn models and reported them to the board.",
                        "Ran A/B tests for pricing and wrote the analysis."};
  for (int row = 0; row < 6; ++row) {
    const double y = 100 + 14 * row;
    if (row == 0) Write(glyphs, "2021 - 2024", 50, y);
    if (row == 3) Write(glyphs, "2018 - 2021", 50, y);
    Write(glyphs, body[row], 150, y);
  }
  const PageLayout page = LayoutPage(glyphs, 595, 842);
  const auto lines = Lines(page);
  REQUIRE(lines.size() == 6);
  CHECK(lines[0] == "2021 - 2024 Machine Learning Engineer, Example Corp, Springfield");
  CHECK(lines[3] == "2018 - 2021 Data Scientist, Sample Analytics, Shelbyville");
  CHECK(page.columns == 1);
}

TEST_CASE("Table cells on one baseline stay one line") {
  std::vector<GlyphBox> glyphs;
  for (int row = 0; row < 4; ++row) {
    const double y = 100 + 14 * row;
    Write(glyphs, "Degree " + std::to_string(row), 50, y);
    Write(glyphs, "University of Nowhere", 200, y);
    Write(glyphs, "2010 - 2014", 480, y);
  }
  const auto lines = Lines(LayoutPage(glyphs, 595, 842));
  REQUIRE(lines.size() == 4);
  CHECK(lines[2] == "Degree 2 University of Nowhere 2010 - 2014");
}

TEST_CASE("Letter-spaced capitals read as words") {
  std::vector<GlyphBox> glyphs;
  SECTION("one word, Poppler spaces between its letters") {
    Write(glyphs, "E X P E R I E N C E", 50, 100, Pen{12, 0.1, true});
    CHECK(Lines(LayoutPage(glyphs, 595, 842)) == std::vector<std::string>{"EXPERIENCE"});
  }
  SECTION("two words, tracked without spaces, one kerned pair") {
    double x = Write(glyphs, "WORK", 50, 100, Pen{12, 0.4, true});
    x = Write(glyphs, "HIST", x + 0.8 * 12, 100, Pen{12, 0.4, true});
    Write(glyphs, "ORY", x - 0.3 * 12, 100, Pen{12, 0.4, true});  // kerned "TO"
    const PageLayout page = LayoutPage(glyphs, 595, 842);
    CHECK(Lines(page) == std::vector<std::string>{"WORK HISTORY"});
    CHECK(page.lines[0].letter_spaced);
  }
}

TEST_CASE("Fake small caps read as words: R ESEARCH E XPERIENCE") {
  std::vector<GlyphBox> glyphs;
  double x = Write(glyphs, "R", 50, 100, Pen{12});
  x = Write(glyphs, " ", x, 100, Pen{0.01});  // Poppler's space at the size change, no gap
  x = Write(glyphs, "ESEARCH", x - 0.003, 100, Pen{9});
  x = Write(glyphs, " ", x, 100, Pen{12});
  x = Write(glyphs, "E", x, 100, Pen{12});
  x = Write(glyphs, " ", x, 100, Pen{0.01});
  Write(glyphs, "XPERIENCE", x - 0.003, 100, Pen{9});
  CHECK(Lines(LayoutPage(glyphs, 595, 842)) == std::vector<std::string>{"RESEARCH EXPERIENCE"});
}

TEST_CASE("Glued words get their space back from the gap") {
  std::vector<GlyphBox> glyphs;
  const double x = Write(glyphs, "Machine", 50, 100);
  Write(glyphs, "Learning", x + 0.35 * 10, 100);  // a gap but no space glyph
  CHECK(Lines(LayoutPage(glyphs, 595, 842)) == std::vector<std::string>{"Machine Learning"});
}

TEST_CASE("Icon glyphs are dropped and the text beside them stays apart") {
  std::vector<GlyphBox> glyphs;
  double x = Write(glyphs, "\xEF\x83\xA0", 50, 100);  // U+F0E0, an envelope in Font Awesome
  x = Write(glyphs, "jo@example.com", x, 100);
  GlyphBox phone;
  phone.text = "H";  // a phone icon mapped to a letter by an icon font
  phone.icon = true;
  phone.x1 = x;
  phone.x2 = x + 5;
  phone.y1 = 92;
  phone.y2 = 102;
  phone.font_size = 10;
  glyphs.push_back(phone);
  Write(glyphs, "555 0100", x + 5, 100);
  CHECK(Lines(LayoutPage(glyphs, 595, 842)) == std::vector<std::string>{"jo@example.com 555 0100"});
}

TEST_CASE("Glyphs without a Unicode value are counted and dropped") {
  std::vector<GlyphBox> glyphs;
  Write(glyphs, "Py\xEF\xBF\xBDthon\xEF\xBF\xBD", 50, 100);  // two U+FFFD
  const PageLayout page = LayoutPage(glyphs, 595, 842);
  CHECK(page.unmapped_characters == 2);
  CHECK(Lines(page) == std::vector<std::string>{"Py thon"});
}

PageLayout PageOf(std::vector<std::pair<std::string, double>> lines) {
  PageLayout page;
  page.width = 595;
  page.height = 842;
  for (auto& [text, y] : lines) {
    LayoutLine line;
    line.text = text;
    line.y1 = y;
    line.y2 = y + 10;
    line.font_size = 10;
    page.lines.push_back(line);
  }
  return page;
}

TEST_CASE("Running headers, footers and page numbers are removed") {
  std::vector<PageLayout> pages = {
      PageOf({{"Sam Example - Resume", 30}, {"Sam Example", 80}, {"Experience", 120}, {"Page 1 of 2", 800}}),
      PageOf({{"Sam Example - Resume", 30}, {"Education", 80}, {"B.Sc. Physics", 100}, {"Page 2 of 2", 800}}),
  };
  RemoveRunningLines(pages);
  CHECK(Lines(pages[0]) == std::vector<std::string>{"Sam Example", "Experience"});
  CHECK(Lines(pages[1]) == std::vector<std::string>{"Education", "B.Sc. Physics"});
}

TEST_CASE("A single page keeps its top and bottom lines") {
  std::vector<PageLayout> pages = {PageOf({{"Sam Example", 30}, {"Experience", 80}, {"1", 800}})};
  RemoveRunningLines(pages);
  CHECK(pages[0].lines.size() == 3);
}

TEST_CASE("Heading hints are the larger lines that recur, not the name set once") {
  PageLayout page;
  auto add = [&](std::string text, double size, bool bold) {
    LayoutLine line;
    line.text = std::move(text);
    line.font_size = size;
    line.bold = bold;
    page.lines.push_back(line);
  };
  add("Sam Example", 20, true);
  for (const char* heading : {"Berufserfahrung", "Ausbildung", "Kenntnisse"}) {
    add(heading, 14, true);
    add("Worked on models in Python and wrote about it in plain words.", 10, false);
    add("Machine Learning Engineer", 10, true);  // an entry title: bold, body size
  }
  const auto hints = FindHeadingHints({page});
  REQUIRE(hints.size() == 3);
  CHECK(hints[0].text == "Berufserfahrung");
  CHECK(hints[2].text == "Kenntnisse");
  CHECK(hints[0].style == 0);
}

// --- Fixtures: real PDFs -----------------------------------------------------

Document LoadFixture(const std::string& name) {
  auto document = ExtractDocument(SourcePath("tests/fixtures/layout/" + name), ExtractOptions{});
  REQUIRE(document);
  return *document;
}

AnalysisResult AnalyzeFixture(const std::string& name) {
  AnalysisResult result = testing::BundledAnalyzer().Analyze(SourcePath("tests/fixtures/layout/" + name), testing::FixedOptions());
  REQUIRE(result.ok());
  return result;
}

std::vector<std::string> SectionKinds(const AnalysisResult& result) {
  std::vector<std::string> kinds;
  for (const Section& section : result.structure.sections) kinds.push_back(section.kind);
  return kinds;
}

std::vector<std::string> EntryTitles(const AnalysisResult& result) {
  std::vector<std::string> titles;
  for (const Entry& entry : result.structure.entries) titles.push_back(entry.title);
  return titles;
}

TEST_CASE("A sentence of the left column is followed by the rest of the left column") {
  const Document document = LoadFixture("two-column.pdf");
  const std::string& text = document.pages[0];
  const size_t sentence = text.find("The left column tells one story");
  REQUIRE(sentence != std::string::npos);
  const size_t continued = text.find("forecasting models in PyTorch");
  const size_t right = text.find("Python, SQL, PyTorch");
  REQUIRE(continued != std::string::npos);
  REQUIRE(right != std::string::npos);
  CHECK(sentence < continued);
  CHECK(continued < right);
  CHECK(text.find("Fjord Analytics") < right);  // the whole left column first
  CHECK(document.max_columns == 2);

  const AnalysisResult result = AnalyzeFixture("two-column.pdf");
  CHECK(SectionKinds(result) == std::vector<std::string>{"header", "experience", "skills", "education"});
  CHECK(EntryTitles(result) == std::vector<std::string>{"Machine Learning Engineer", "Data Scientist", "M.Sc. Computer Science"});
}

TEST_CASE("A sidebar is read whole before the main column") {
  const AnalysisResult result = AnalyzeFixture("sidebar.pdf");
  CHECK(SectionKinds(result) ==
        std::vector<std::string>{"header", "contact", "skills", "languages", "summary", "experience", "education"});
  REQUIRE(result.structure.entries.size() == 3);
  CHECK(result.structure.entries[0].title == "Senior ML Engineer, Kestrel Books");
  CHECK(result.structure.entries[0].dates.size() == 1);
  CHECK(result.structure.entries[0].dates[0].ongoing);
  CHECK(result.columns == 2);
}

TEST_CASE("Letter-spaced and small-caps headings are read, and a heading in an unknown language is kept") {
  const Document document = LoadFixture("letter-spaced.pdf");
  const std::string& text = document.pages[0];
  CHECK(text.find("\nEXPERIENCE\n") != std::string::npos);
  CHECK(text.find("\nRESEARCH EXPERIENCE\n") != std::string::npos);
  CHECK(text.find("\nEDUCATION\n") != std::string::npos);
  CHECK(text.find("\nZAINTERESOWANIA\n") != std::string::npos);
  CHECK_FALSE(document.heading_hints.empty());

  const AnalysisResult result = AnalyzeFixture("letter-spaced.pdf");
  CHECK(SectionKinds(result) == std::vector<std::string>{"header", "experience", "experience", "other", "education"});
  CHECK(result.structure.sections[3].heading == "ZAINTERESOWANIA");
  // The hobbies are not part of the research entry.
  const Entry& research = result.structure.entries[1];
  CHECK(result.text.display.substr(research.start, research.end - research.start).find("szachy") == std::string::npos);
}

TEST_CASE("Links behind words are found with their kinds") {
  const AnalysisResult result = AnalyzeFixture("links.pdf");
  std::vector<std::string> kinds;
  for (const FoundLink& link : result.structure.links) {
    CHECK(link.annotation);
    kinds.push_back(link.kind);
  }
  std::sort(kinds.begin(), kinds.end());
  CHECK(kinds == std::vector<std::string>{"email", "github", "github", "linkedin", "website"});
  CHECK(result.structure.has_email);
  // The row of linked words ("... LinkedIn Portfolio") is not a Projects heading.
  CHECK(SectionKinds(result) == std::vector<std::string>{"header", "experience", "education"});
}

TEST_CASE("Dates in a table column stay with their role") {
  const Document document = LoadFixture("table-dates.pdf");
  CHECK(document.pages[0].find("2022 – 2025 Machine Learning Engineer, Laguna Payments, Milan") != std::string::npos);
  CHECK(document.pages[0].find("M.Sc. Data Science Politecnico di Brera 2016 – 2018") != std::string::npos);
  const AnalysisResult result = AnalyzeFixture("table-dates.pdf");
  CHECK(EntryTitles(result) == std::vector<std::string>{"Machine Learning Engineer, Laguna Payments, Milan",
                                                         "Data Scientist, Vetta Retail, Turin",
                                                         "Data Analyst, Porto Fino Travel, Genoa",
                                                         "M.Sc. Data Science Politecnico di Brera",
                                                         "B.Sc. Mathematics Università di Lario"});
  for (const Entry& entry : result.structure.entries) CHECK(entry.dates.size() == 1);
  CHECK(result.experience.total_years > 6.5);
}

TEST_CASE("Running headers, footers and page numbers of a two-page resume are left out") {
  const Document document = LoadFixture("running-headers.pdf");
  REQUIRE(document.pages.size() == 2);
  for (const std::string& page : document.pages) {
    CHECK(page.find("Curriculum Vitae") == std::string::npos);
    CHECK(page.find("Confidential") == std::string::npos);
    CHECK(page.find("Page ") == std::string::npos);
  }
  CHECK(document.pages[0].rfind("Ingrid Solberg-Adeyemi\n", 0) == 0);  // the name itself stays
  CHECK(document.pages[1].find("Project 20") != std::string::npos);
}

TEST_CASE("Chinese headings are sections") {
  const AnalysisResult result = AnalyzeFixture("cjk.pdf");
  CHECK(SectionKinds(result) == std::vector<std::string>{"header", "experience", "education", "skills"});
  CHECK(result.structure.entries.size() == 2);
}

TEST_CASE("Hidden text is still left out after the layout pass") {
  const Document document = ExtractDocument(SourcePath("tests/fixtures/hidden/hidden-text.pdf"), ExtractOptions{}).value();
  CHECK(document.pages[0].find("Kubernetes") == std::string::npos);
  CHECK(document.hidden_characters > 100);
}

TEST_CASE("A larger heading in the margin is its own line, before the row it faces") {
  std::vector<GlyphBox> glyphs;
  const char* body[] = {"Language 1: fluent, spoken every day at work",
                        "Language 2: good, read and written",
                        "Language 3: basic, enough for travel"};
  for (int row = 0; row < 3; ++row) {
    const double y = 100 + 14 * row;
    if (row == 0) Write(glyphs, "Languages", 50, y, Pen{14});
    Write(glyphs, body[row], 150, y);
  }
  const auto lines = Lines(LayoutPage(glyphs, 595, 842));
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == "Languages");
  CHECK(lines[1] == "Language 1: fluent, spoken every day at work");
}

}  // namespace
}  // namespace ra
