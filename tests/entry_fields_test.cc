#include <catch2/catch.hpp>

#include <sstream>

#include <nlohmann/json.hpp>

#include "analyzer/cli/cli.h"
#include "analyzer/text/structure.h"
#include "test_support.h"

namespace ra {
namespace {

struct Parsed {
  NormalizedText text;
  ResumeStructure structure;

  std::string At(TextSpan span) const { return text.display.substr(span.start, span.end - span.start); }
};

Parsed ParseResume(const std::string& raw) {
  Document document;
  document.pages.push_back(raw);
  Parsed parsed;
  parsed.text = Normalize(document);
  const FoldedText folded = FoldCase(parsed.text.display);
  parsed.structure =
      testing::BundledAnalyzer().structure_finder().Find(parsed.text, folded, document, MonthOf(2026, 11));
  return parsed;
}

TEST_CASE("Entry headers split into role, organisation and location") {
  SECTION("comma-separated, with a state code") {
    const Parsed parsed = ParseResume(
        "Experience\nSenior Machine Learning Engineer, Harbor Lane Analytics, Portland, OR | Mar 2022 - Present\n"
        "• Built ranking models.\n");
    REQUIRE(parsed.structure.entries.size() == 1);
    const Entry& entry = parsed.structure.entries[0];
    CHECK(parsed.At(entry.role) == "Senior Machine Learning Engineer");
    CHECK(parsed.At(entry.organisation) == "Harbor Lane Analytics");
    CHECK(parsed.At(entry.location) == "Portland, OR");
    REQUIRE(entry.bullet_spans.size() == 1);
    CHECK(parsed.At(entry.bullet_spans[0]) == "Built ranking models.");
  }
  SECTION("dash between role and organisation, city after a comma, dates on the next line") {
    const Parsed parsed =
        ParseResume("Experience\nData Scientist — Marés Telecom, Porto\nSep 2018 – Dec 2020\n• Built churn models.\n");
    REQUIRE(parsed.structure.entries.size() == 1);
    const Entry& entry = parsed.structure.entries[0];
    CHECK(parsed.At(entry.role) == "Data Scientist");
    CHECK(parsed.At(entry.organisation) == "Marés Telecom");
    CHECK(parsed.At(entry.location) == "Porto");
  }
  SECTION("two header lines, parentheses kept whole") {
    const Parsed parsed = ParseResume(
        "Experience\nJunior Developer (working student, part-time)\nStellbrook Software | Oct 2018 - Feb 2020\n"
        "• Wrote shop plugins.\n");
    REQUIRE(parsed.structure.entries.size() == 1);
    const Entry& entry = parsed.structure.entries[0];
    CHECK(parsed.At(entry.role) == "Junior Developer (working student, part-time)");
    CHECK(parsed.At(entry.organisation) == "Stellbrook Software");
    CHECK(entry.location.empty());
  }
}

TEST_CASE("An education entry keeps its lone graduation year") {
  const Parsed parsed = ParseResume("Education\nM.S. in Computer Science, Cascade State University | 2019\n");
  REQUIRE(parsed.structure.entries.size() == 1);
  const Entry& entry = parsed.structure.entries[0];
  CHECK(parsed.At(entry.role) == "M.S. in Computer Science");
  CHECK(parsed.At(entry.organisation) == "Cascade State University");
  CHECK(entry.year == 2019);
}

TEST_CASE("Contact details come from the top of the resume") {
  const Parsed parsed = ParseResume(
      "Dariusz Ferreira-Holm\nLisbon, Portugal · dariusz.fh@example.com · +351 555 010 123\n\nExperience\n"
      "Data Scientist, Marés Telecom | Sep 2018 - Dec 2020\n");
  const ContactDetails& contact = parsed.structure.contact;
  CHECK(parsed.At(contact.name) == "Dariusz Ferreira-Holm");
  CHECK(parsed.At(contact.email) == "dariusz.fh@example.com");
  CHECK(parsed.At(contact.phone) == "+351 555 010 123");
  CHECK(parsed.At(contact.location) == "Lisbon, Portugal");
}

TEST_CASE("A first line that is not a name is not taken for one") {
  const Parsed parsed = ParseResume("Curriculum vitae 2026\nmail: someone@example.com\n\nExperience\nAnalyst | 2020 - 2021\n");
  CHECK(parsed.structure.contact.name.empty());
  CHECK(parsed.At(parsed.structure.contact.email) == "someone@example.com");
}

using Run = testing::CliRun;

Run Extract(const std::string& file, const std::string& format) {
  return testing::RunCommand(
      {"extract", testing::SourcePath(file).string(), "--format", format, "--as-of", "2026-11-01"});
}

TEST_CASE("extract --format json gives contact, split entries, education and projects") {
  const Run run = Extract("tests/fixtures/docx/word-resume.docx", "json");
  REQUIRE(run.code == kExitOk);
  const auto json = nlohmann::json::parse(run.out);
  CHECK(json["format"] == "docx");
  CHECK(json["contact"] == nlohmann::json{{"name", "Marisol Okafor-Lindqvist"},
                                          {"email", "marisol.ol@example.com"},
                                          {"phone", "+1 555 014 2210"},
                                          {"location", "Portland, OR"}});
  const auto& first = json["entries"][0];
  CHECK(first["role"] == "Senior Machine Learning Engineer");
  CHECK(first["organisation"] == "Harbor Lane Analytics");
  CHECK(first["location"] == "Portland, OR");
  CHECK(first["start_date"] == "2022-03");
  CHECK(first["end_date"] == "present");
  CHECK(first["bullets"].size() == 2);
  REQUIRE(json["education"].size() == 1);
  const auto& degree = json["education"][0];
  CHECK(degree["degree"] == "M.S.");
  CHECK(degree["level"] == "master");
  CHECK(degree["field"] == "Computer Science");
  CHECK(degree["institution"] == "Cascade State University");
  CHECK(degree["graduation_year"] == 2019);
  REQUIRE(json["projects"].size() == 1);
  CHECK(json["projects"][0]["name"] == "Tidepool");
  CHECK(json["projects"][0]["links"][0]["kind"] == "github");
  for (const auto& section : json["sections"]) {
    const std::string text = json["text"].get<std::string>().substr(section["start"].get<size_t>(),
                                                                      section["title"].get<std::string>().size());
    CHECK(text == section["title"].get<std::string>());
  }
}

TEST_CASE("A job title above the name in a two-column layout is not taken for the name") {
  const Run run = Extract("samples/two-column-mle.pdf", "json");
  REQUIRE(run.code == kExitOk);
  const auto json = nlohmann::json::parse(run.out);
  CHECK_FALSE(json["contact"].contains("name"));
  CHECK(json["contact"]["email"] == "lucia.fn@example.com");
}

TEST_CASE("Education entries name degree, level, field and institution in any order of parts") {
  const Run run = Extract("samples/phd-researcher.pdf", "json");
  REQUIRE(run.code == kExitOk);
  const auto json = nlohmann::json::parse(run.out);
  REQUIRE(json["education"].size() == 3);
  CHECK(json["education"][0]["level"] == "phd");
  CHECK(json["education"][0]["field"] == "Machine Learning");
  CHECK(json["education"][0]["institution"] == "University of Kestrel Bay");  // "Ph.D., Machine Learning, University ..."
  CHECK(json["education"][2]["institution"] == "Tarrow Institute of Science");  // after a wrapped description line
}

TEST_CASE("JSON Resume profiles come from profile links, not from a project's repository") {
  const Run run = Extract("tests/fixtures/docx/word-resume.docx", "jsonresume");
  REQUIRE(run.code == kExitOk);
  const auto json = nlohmann::json::parse(run.out);
  std::vector<std::string> networks;
  for (const auto& profile : json["basics"]["profiles"]) networks.push_back(profile["network"].get<std::string>());
  CHECK(networks == std::vector<std::string>{"linkedin", "kaggle"});
  CHECK(json["projects"][0]["url"] == "https://github.com/marisol-ol/tidepool");
  CHECK(json["education"][0]["endDate"] == "2019");
}

TEST_CASE("extract --format jsonresume gives a JSON Resume document") {
  const Run run = Extract("tests/fixtures/docx/google-docs-resume.docx", "jsonresume");
  REQUIRE(run.code == kExitOk);
  const auto json = nlohmann::json::parse(run.out);
  CHECK(json["basics"]["name"] == "Dariusz Ferreira-Holm");
  CHECK(json["basics"]["location"] == nlohmann::json{{"city", "Lisbon"}, {"region", "Portugal"}});
  REQUIRE(json["basics"]["profiles"].size() == 2);
  CHECK(json["basics"]["profiles"][0] == nlohmann::json{{"network", "github"},
                                                          {"username", "dariusz-fh"},
                                                          {"url", "https://github.com/dariusz-fh"}});
  REQUIRE(json["work"].size() == 2);
  CHECK(json["work"][0]["name"] == "Atlântico Retail");
  CHECK(json["work"][0]["position"] == "Machine Learning Engineer");
  CHECK(json["work"][0]["startDate"] == "2021-01");
  CHECK_FALSE(json["work"][0].contains("endDate"));  // ongoing
  CHECK(json["work"][1]["endDate"] == "2020-12");
  CHECK(json["education"][0] == nlohmann::json{{"institution", "Universidade do Norte Atlântico"},
                                                {"area", "Data Science"},
                                                {"studyType", "MSc"},
                                                {"endDate", "2018"}});
  CHECK_FALSE(json["skills"].empty());
}

}  // namespace
}  // namespace ra
