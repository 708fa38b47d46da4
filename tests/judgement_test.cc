// Judgement on same-person pairs (tests/fixtures/judgement/README.md): the
// version written for the MLE role scores above the one written for another
// role, and a pasted keyword list does not beat the honest resume.

#include <catch2/catch.hpp>

#include <algorithm>

#include "analyzer/report/json_report.h"
#include "test_support.h"

namespace ra {
namespace {

AnalysisResult Analyze(const std::string& name) {
  return testing::BundledAnalyzer().Analyze(testing::SourcePath("tests/fixtures/judgement/" + name), testing::FixedOptions());
}

bool HasFlag(const AnalysisResult& result, const std::string& code) {
  return std::any_of(result.scoring.flags.begin(), result.scoring.flags.end(),
                     [&](const Flag& flag) { return flag.code == code; });
}

TEST_CASE("The same person written for the MLE role outscores the frontend version") {
  const AnalysisResult mle = Analyze("pair-a-mle.txt");
  const AnalysisResult frontend = Analyze("pair-a-frontend.txt");
  REQUIRE(mle.ok());
  REQUIRE(frontend.ok());
  CHECK(mle.assessment.score > frontend.assessment.score + 20);
}

TEST_CASE("The same person written for the MLE role outscores the analyst version") {
  const AnalysisResult mle = Analyze("pair-b-mle.txt");
  const AnalysisResult analyst = Analyze("pair-b-analyst.txt");
  REQUIRE(mle.ok());
  REQUIRE(analyst.ok());
  CHECK(mle.assessment.score > analyst.assessment.score + 20);
}

TEST_CASE("A pasted keyword list does not beat the honest resume, and is flagged") {
  const AnalysisResult honest = Analyze("pair-c-honest.txt");
  const AnalysisResult padded = Analyze("pair-c-padded.txt");
  REQUIRE(honest.ok());
  REQUIRE(padded.ok());
  CHECK(padded.assessment.score <= honest.assessment.score);
  CHECK(HasFlag(padded, "keyword-stuffing"));
  CHECK(HasFlag(padded, "unsupported-skills"));
  CHECK_FALSE(HasFlag(honest, "keyword-stuffing"));
}

TEST_CASE("A keyword list inside a skills section of normal length is not stuffing") {
  for (const char* sample : {"senior-mle.pdf", "two-column-mle.pdf", "markdown-mle.md", "new-grad-mle.pdf"}) {
    INFO(sample);
    const AnalysisResult result =
        testing::BundledAnalyzer().Analyze(testing::SourcePath(std::string("samples/") + sample), testing::FixedOptions());
    CHECK(result.scoring.flags.empty());
  }
}

TEST_CASE("Invisible keywords earn nothing and are flagged") {
  const AnalysisResult result = testing::BundledAnalyzer().Analyze(
      testing::SourcePath("tests/fixtures/hidden/hidden-text.pdf"), testing::FixedOptions());
  REQUIRE(result.ok());
  CHECK(HasFlag(result, "invisible-text"));
  CHECK(result.hidden_characters > 100);
  for (const auto& item : result.scoring.items) {
    const auto& entry = testing::BundledAnalyzer().lexicon().entries()[item.entry];
    INFO(entry.id);
    CHECK(entry.category != "ml-framework");
  }
  CHECK(result.assessment.score < 25);
}

TEST_CASE("Stuffed evidence is reported but earns nothing") {
  const AnalysisResult padded = Analyze("pair-c-padded.txt");
  size_t stuffed = 0;
  for (const auto& item : padded.scoring.items) stuffed += item.stuffed;
  CHECK(stuffed > 100);
  const auto json = ResultToJson(padded, testing::BundledAnalyzer());
  CHECK(json["flags"].size() >= 2);
}

}  // namespace
}  // namespace ra
