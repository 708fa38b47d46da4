#include <catch2/catch.hpp>

#include "analyzer/text/structure.h"
#include "test_support.h"

namespace ra {
namespace {

struct Parsed {
  NormalizedText text;
  FoldedText folded;
  ResumeStructure structure;
};

Parsed ParseResume(const std::string& raw, std::vector<Link> links = {}, std::vector<HeadingHint> hints = {}) {
  Document document;
  document.pages.push_back(raw);
  document.links = std::move(links);
  document.heading_hints = std::move(hints);
  Parsed parsed;
  parsed.text = Normalize(document);
  parsed.folded = FoldCase(parsed.text.display);
  const auto& finder = testing::BundledAnalyzer().structure_finder();
  parsed.structure = finder.Find(parsed.text, parsed.folded, document, MonthOf(2026, 11));
  return parsed;
}

std::vector<std::string> SectionKinds(const Parsed& parsed) {
  std::vector<std::string> kinds;
  for (const auto& section : parsed.structure.sections) kinds.push_back(section.kind);
  return kinds;
}

TEST_CASE("Headings are recognised in many languages and typesettings") {
  const auto& finder = testing::BundledAnalyzer().structure_finder();
  CHECK(finder.ClassifyHeading("EXPERIENCE") == "experience");
  CHECK(finder.ClassifyHeading("Work Experience:") == "experience");
  CHECK(finder.ClassifyHeading("## Education") == "education");
  CHECK(finder.ClassifyHeading("E X P E R I E N C E") == "experience");
  CHECK(finder.ClassifyHeading("R ESEARCH E XPERIENCE") == "experience");
  CHECK(finder.ClassifyHeading("Experiencia laboral") == "experience");
  CHECK(finder.ClassifyHeading("Formation") == "education");
  CHECK(finder.ClassifyHeading("Berufserfahrung") == "experience");
  CHECK(finder.ClassifyHeading("Experiência Profissional") == "experience");
  CHECK(finder.ClassifyHeading("\xE5\xB7\xA5\xE4\xBD\x9C\xE7\xBB\x8F\xE5\x8E\x86") == "experience");  // 工作经历
  CHECK(finder.ClassifyHeading("Technical Skills") == "skills");
  CHECK(finder.ClassifyHeading("Selected Machine Learning Projects") == "projects");
  CHECK_FALSE(finder.ClassifyHeading("I gained experience in Python and SQL over many years"));
  CHECK_FALSE(finder.ClassifyHeading("\xE2\x80\xA2 Skills"));
}

TEST_CASE("Sections split the resume and an inline heading starts one") {
  const Parsed parsed = ParseResume(
      "Jane Doe\njane@example.com\n\nExperience\nML Engineer, Acme\n\xE2\x80\xA2 Built models\n\n"
      "Skills: Python, SQL\n\nEducation\nBSc Computer Science, 2019\n");
  CHECK(SectionKinds(parsed) == std::vector<std::string>{"header", "experience", "skills", "education"});
  CHECK(parsed.structure.sections[2].heading == "Skills");
}

TEST_CASE("Inline sub-lists inside Skills and Education do not start sections, a paragraph does") {
  const Parsed parsed = ParseResume(
      "Education\nBSc Computer Science, 2020\nCourses: linear algebra, probability\n\n"
      "Skills\nLanguages: Python, C++\nTools: Git, Docker\n\nCertifications: AWS Certified Developer\n");
  CHECK(SectionKinds(parsed) == std::vector<std::string>{"education", "skills", "certifications"});
}

TEST_CASE("Date ranges are read in common formats") {
  const auto& finder = testing::BundledAnalyzer().structure_finder();
  auto range = [&](const std::string& text) {
    const FoldedText folded = FoldCase(text);
    const auto ranges = finder.FindDateRanges(folded.text, folded, MonthOf(2026, 11));
    REQUIRE(ranges.size() == 1);
    return std::make_pair(ranges[0].start, ranges[0].end);
  };
  CHECK(range("Jan 2019 \xE2\x80\x93 Present") == std::make_pair(MonthOf(2019, 1), MonthOf(2026, 11)));
  CHECK(range("March 2017 - June 2019") == std::make_pair(MonthOf(2017, 3), MonthOf(2019, 6)));
  CHECK(range("03/2017 - 06/2019") == std::make_pair(MonthOf(2017, 3), MonthOf(2019, 6)));
  CHECK(range("2018-2021") == std::make_pair(MonthOf(2018, 7), MonthOf(2021, 6)));
  CHECK(range("Summer 2020") == std::make_pair(MonthOf(2020, 6), MonthOf(2020, 8)));
  CHECK(range("since 2022") == std::make_pair(MonthOf(2022, 7), MonthOf(2026, 11)));
  CHECK(range("septiembre 2021 \xE2\x80\x93 actualidad") == std::make_pair(MonthOf(2021, 9), MonthOf(2026, 11)));
  CHECK(range("janv. 2020 \xC3\xA0 d\xC3\xA9" "c. 2022") == std::make_pair(MonthOf(2020, 1), MonthOf(2022, 12)));
  CHECK(range("2019.09 - 2022.06") == std::make_pair(MonthOf(2019, 9), MonthOf(2022, 6)));
}

TEST_CASE("A phone-like date range is not a phone number") {
  const Parsed parsed = ParseResume("Jane Doe\n2018 - 2021\n");
  CHECK_FALSE(parsed.structure.has_phone);
  const Parsed with_phone = ParseResume("Jane Doe\n+1 (555) 123-4567\n");
  CHECK(with_phone.structure.has_phone);
}

TEST_CASE("Entries of experience carry titles and dates") {
  const Parsed parsed = ParseResume(
      "Experience\n"
      "Senior ML Engineer, Acme Corp  Jan 2021 - Present\n"
      "\xE2\x80\xA2 Shipped a ranking model\n"
      "\xE2\x80\xA2 Cut latency 40%\n"
      "Data Analyst, Beta Ltd\n"
      "Mar 2018 - Dec 2020\n"
      "\xE2\x80\xA2 Built dashboards\n");
  REQUIRE(parsed.structure.entries.size() == 2);
  CHECK(parsed.structure.entries[0].title == "Senior ML Engineer, Acme Corp");
  REQUIRE(parsed.structure.entries[0].dates.size() == 1);
  CHECK(parsed.structure.entries[0].dates[0].ongoing);
  CHECK(parsed.structure.entries[1].title == "Data Analyst, Beta Ltd");
  REQUIRE(parsed.structure.entries[1].dates.size() == 1);
  CHECK(parsed.structure.entries[1].dates[0].start == MonthOf(2018, 3));
}

TEST_CASE("Links are found written out and behind annotations, and classified") {
  Link hidden;
  hidden.url = "https://www.linkedin.com/in/jane-doe";
  hidden.annotation = true;
  const Parsed parsed = ParseResume("Jane Doe | github.com/janedoe | https://janedoe.dev | jane@example.com", {hidden});
  std::map<std::string, std::string> kinds;
  for (const auto& link : parsed.structure.links) kinds[link.url] = link.kind;
  CHECK(kinds["github.com/janedoe"] == "github");
  CHECK(kinds["https://janedoe.dev"] == "website");
  CHECK(kinds["https://www.linkedin.com/in/jane-doe"] == "linkedin");
  CHECK(parsed.structure.has_email);
}

TEST_CASE("A date inside a bullet does not start a new entry") {
  const Parsed parsed = ParseResume(
      "EDUCATION\nNorthfield University\nB.Sc. Computer Science Sep 2019 - May 2023\n"
      "\u2022 Teaching Assistant for Programming for the Web (2022 - 2023)\n"
      "\u2022 Coursework: algorithms, machine learning\n");
  REQUIRE(parsed.structure.entries.size() == 1);
  CHECK(parsed.structure.entries[0].title == "Northfield University");
}

TEST_CASE("A hinted heading the lexicon does not know is its own section; sub-headings are not") {
  const std::string raw =
      "Ola Example\nDo\u015bwiadczenie\nML engineer, Example Sp. z o.o. 2020 - 2024\nEducation\n"
      "M.Sc. Informatics, University of Nowhere 2018 - 2020\nZainteresowania\nWspinaczka i szachy\n"
      "Publications\nBooks\nA Fictional Book, 2021\nJournal Articles\nA Fictional Paper, 2022\n"
      "Conference Proceedings\nA Fictional Talk, 2023\n";
  const std::vector<HeadingHint> hints = {
      {1, "Ola Example", 0},       {1, "Do\u015bwiadczenie", 0}, {1, "Education", 0},
      {1, "Zainteresowania", 0},  {1, "Publications", 0},        {1, "Books", 1},
      {1, "Journal Articles", 1}, {1, "Conference Proceedings", 1}};
  const Parsed parsed = ParseResume(raw, {}, hints);
  // "Journal Articles" is a heading of the lexicon in its own right; "Books"
  // and "Conference Proceedings", set like it, stay inside Publications.
  CHECK(SectionKinds(parsed) ==
        std::vector<std::string>{"header", "other", "education", "other", "publications", "publications"});
  CHECK(parsed.structure.sections[1].heading == "Do\u015bwiadczenie");
  CHECK(parsed.structure.sections[3].heading == "Zainteresowania");
  // Without hints the unknown headings are swallowed by the section before.
  CHECK(SectionKinds(ParseResume(raw)) == std::vector<std::string>{"header", "education", "publications", "publications"});
}

TEST_CASE("A wrapped sentence ending in a heading word and an entry named Project 2 are not headings") {
  const Parsed parsed = ParseResume(
      "OBJECTIVE\nTo use my organisation and communication\nskills.\nEDUCATION\nUniversity of Nowhere 2019 - 2023\n"
      "PROJECTS\nProject 1\nA small classifier.\nProject 2\nA small regressor.\n",
      {}, {HeadingHint{1, "OBJECTIVE", 0}, HeadingHint{1, "EDUCATION", 0}, HeadingHint{1, "PROJECTS", 0},
           HeadingHint{1, "SKILLS", 0}});
  CHECK(SectionKinds(parsed) == std::vector<std::string>{"summary", "education", "projects"});
}

TEST_CASE("A heading in the singular is classified like its plural") {
  const Parsed parsed = ParseResume("EDUCATION\nUniversity of Nowhere 2019 - 2023\nPROJECT\nA small classifier.\n");
  CHECK(SectionKinds(parsed) == std::vector<std::string>{"education", "projects"});
}

}  // namespace
}  // namespace ra
