// End-to-end judgement on the bundled samples (docs/samples.md): the order a
// hiring manager would put them in, and the advice each one's gaps call for.

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "test_support.h"

namespace ra {
namespace {

const std::vector<std::string> kSamples = {
    "senior-mle.pdf", "two-column-mle.pdf", "markdown-mle.md", "spanish-mle.pdf", "ligatures-hyphenation.pdf",
    "text-only-mle.txt", "phd-researcher.pdf", "browser-made.pdf", "new-grad-mle.pdf", "data-scientist.pdf",
    "career-changer.pdf", "backend-engineer.pdf", "non-technical.pdf"};

const std::map<std::string, AnalysisResult>& Results() {
  static const std::map<std::string, AnalysisResult> results = [] {
    std::map<std::string, AnalysisResult> all;
    for (const auto& sample : kSamples) {
      all.emplace(sample, testing::BundledAnalyzer().Analyze(testing::SourcePath("samples/" + sample), testing::FixedOptions()));
    }
    return all;
  }();
  return results;
}

double ScoreOf(const std::string& sample) {
  const AnalysisResult& result = Results().at(sample);
  REQUIRE(result.ok());
  return result.assessment.score;
}

double RequirementScore(const std::string& sample, const std::string& id) {
  for (const auto& requirement : Results().at(sample).assessment.requirements) {
    if (requirement.rule->id == id) return requirement.score;
  }
  FAIL("no requirement " << id);
  return 0;
}

// The requirements named by the first `n` scoring suggestions.
std::vector<std::string> TopAdvice(const std::string& sample, size_t n) {
  std::vector<std::string> ids;
  for (const auto& advice : Results().at(sample).advice) {
    if (advice.gain > 0 && ids.size() < n) ids.push_back(advice.requirement);
  }
  return ids;
}

bool Contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

TEST_CASE("Every sample is analysed") {
  for (const auto& sample : kSamples) {
    INFO(sample);
    CHECK(Results().at(sample).ok());
  }
}

TEST_CASE("The senior MLE scores highest and the non-technical resume lowest") {
  for (const auto& sample : kSamples) {
    INFO(sample);
    if (sample != "senior-mle.pdf") CHECK(ScoreOf("senior-mle.pdf") > ScoreOf(sample));
    if (sample != "non-technical.pdf") CHECK(ScoreOf("non-technical.pdf") < ScoreOf(sample));
  }
  CHECK(Results().at("senior-mle.pdf").assessment.verdict == "strong match");
  CHECK(Results().at("non-technical.pdf").assessment.verdict == "weak match");
  CHECK(ScoreOf("non-technical.pdf") < 15);
}

TEST_CASE("Shipped ML work beats analysis-only, career-change and backend resumes") {
  for (const char* shipped : {"senior-mle.pdf", "two-column-mle.pdf", "markdown-mle.md", "spanish-mle.pdf",
                              "ligatures-hyphenation.pdf", "text-only-mle.txt"}) {
    for (const char* weaker : {"data-scientist.pdf", "career-changer.pdf", "backend-engineer.pdf"}) {
      INFO(shipped << " vs " << weaker);
      CHECK(ScoreOf(shipped) > ScoreOf(weaker));
    }
  }
}

TEST_CASE("A backend engineer without ML scores below every resume that shows ML") {
  for (const auto& sample : kSamples) {
    if (sample == "backend-engineer.pdf" || sample == "non-technical.pdf") continue;
    INFO(sample);
    CHECK(ScoreOf("backend-engineer.pdf") < ScoreOf(sample));
  }
  CHECK(RequirementScore("backend-engineer.pdf", "ml-frameworks") == 0);
  CHECK(RequirementScore("backend-engineer.pdf", "production-code") >= 70);
}

TEST_CASE("The data scientist is told to show production work") {
  CHECK(RequirementScore("data-scientist.pdf", "cloud-deploy") < 30);
  const auto top = TopAdvice("data-scientist.pdf", 3);
  CHECK((Contains(top, "cloud-deploy") || Contains(top, "production-code")));
  CHECK(RequirementScore("data-scientist.pdf", "math") >= 80);
}

TEST_CASE("The backend engineer is told to show machine learning") {
  const auto top = TopAdvice("backend-engineer.pdf", 3);
  CHECK((Contains(top, "ml-frameworks") || Contains(top, "ml-knowledge")));
}

TEST_CASE("The PhD researcher is strong on research and told to show production work") {
  CHECK(RequirementScore("phd-researcher.pdf", "education") == 100);
  CHECK(RequirementScore("phd-researcher.pdf", "community") >= 80);
  const auto top = TopAdvice("phd-researcher.pdf", 4);
  CHECK((Contains(top, "cloud-deploy") || Contains(top, "production-code")));
}

TEST_CASE("The career changer's alternative path stands in for a degree") {
  const auto& requirements = Results().at("career-changer.pdf").assessment.requirements;
  const auto education = std::find_if(requirements.begin(), requirements.end(),
                                      [](const auto& r) { return r.rule->id == "education"; });
  REQUIRE(education != requirements.end());
  CHECK(RequirementScore("career-changer.pdf", "alt-path") >= 80);
  CHECK(RequirementScore("career-changer.pdf", "credentials") >= 80);
  CHECK(RequirementScore("career-changer.pdf", "portfolio") >= 70);
}

TEST_CASE("The new graduate is credited for internships, projects and Kaggle") {
  CHECK(RequirementScore("new-grad-mle.pdf", "portfolio") >= 80);
  CHECK(RequirementScore("new-grad-mle.pdf", "dsa") >= 80);
  CHECK(Results().at("new-grad-mle.pdf").experience.total_years < 1.5);
}

TEST_CASE("The senior MLE's experience is counted from the dates") {
  const auto& experience = Results().at("senior-mle.pdf").experience;
  CHECK(experience.total_years > 7.5);
  CHECK(experience.total_years < 9);
  CHECK(experience.relevant_years > 6);
}

TEST_CASE("Advice is specific: it names a place in the resume and is ranked by gain") {
  for (const auto& sample : kSamples) {
    INFO(sample);
    const auto& advice = Results().at(sample).advice;
    double previous = 1e9;
    size_t scored = 0;
    for (const auto& item : advice) {
      if (item.requirement == "presentation") continue;
      CHECK(item.gain > 0);
      CHECK(item.gain <= previous);
      CHECK(item.text.find("{place}") == std::string::npos);
      previous = item.gain;
      ++scored;
    }
    CHECK(scored <= 10);
  }
  // The data scientist has named roles, so advice points at one of them.
  bool names_a_role = false;
  for (const auto& item : Results().at("data-scientist.pdf").advice) {
    names_a_role = names_a_role || item.text.find('"') != std::string::npos;
  }
  CHECK(names_a_role);
}

TEST_CASE("The level is inferred from years and titles") {
  CHECK(Results().at("senior-mle.pdf").assessment.level == "senior");
  CHECK(Results().at("new-grad-mle.pdf").assessment.level == "junior");
  CHECK(Results().at("two-column-mle.pdf").assessment.level == "mid");
  CHECK(Results().at("senior-mle.pdf").level.inferred);
}

TEST_CASE("A new graduate judged as a senior scores lower than as a junior") {
  AnalyzeOptions options = testing::FixedOptions();
  options.level = "senior";
  const AnalysisResult as_senior = testing::BundledAnalyzer().Analyze(testing::SourcePath("samples/new-grad-mle.pdf"), options);
  REQUIRE(as_senior.ok());
  CHECK_FALSE(as_senior.level.inferred);
  CHECK(as_senior.assessment.level == "senior");
  CHECK(as_senior.assessment.score < ScoreOf("new-grad-mle.pdf"));
}

TEST_CASE("The two-column layout keeps its sections apart") {
  const auto& structure = Results().at("two-column-mle.pdf").structure;
  std::set<std::string> kinds;
  for (const auto& section : structure.sections) kinds.insert(section.kind);
  for (const char* kind : {"experience", "education", "skills", "projects"}) {
    INFO(kind);
    CHECK(kinds.count(kind) == 1);
  }
}

TEST_CASE("Spanish headings and month names are understood") {
  const auto& result = Results().at("spanish-mle.pdf");
  std::set<std::string> kinds;
  for (const auto& section : result.structure.sections) kinds.insert(section.kind);
  CHECK(kinds.count("experience") == 1);
  CHECK(kinds.count("education") == 1);
  CHECK(result.experience.total_years > 4);
}

}  // namespace
}  // namespace ra
