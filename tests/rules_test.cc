#include <catch2/catch.hpp>

#include <algorithm>

#include "analyzer/score/rules.h"
#include "test_support.h"

namespace ra {
namespace {

bool HasMessage(const DataErrors& errors, const std::string& text) {
  return std::any_of(errors.messages.begin(), errors.messages.end(),
                     [&](const std::string& message) { return message.find(text) != std::string::npos; });
}

DataErrors RuleErrors(const std::string& toml) {
  auto rules = LoadRules(DataFile{"rules.toml", toml}, testing::BundledAnalyzer().lexicon());
  REQUIRE_FALSE(rules);
  return rules.error();
}

const char* kHeader = R"([role]
id = "x"
name = "X"
version = "1"

[[verdict]]
min = 0
label = "any"
)";

// The role model (shared/REQUIREMENTS.md) names these requirements; each must
// be a rule. Kept here so the check runs on a clone without shared/.
const std::vector<std::string> kRoleModelIds = {
    "education", "alt-path", "math", "programming", "ml-frameworks", "ml-knowledge", "specialisation",
    "data", "production-code", "cloud-deploy", "tooling", "dsa", "experience", "portfolio", "credentials",
    "communication", "community", "learning", "domain"};

TEST_CASE("Bundled rules encode every requirement of the role model") {
  const Rules& rules = testing::BundledAnalyzer().rules();
  CHECK(rules.role_id == "ml-engineer");
  CHECK_FALSE(rules.version.empty());
  REQUIRE(rules.requirements.size() == kRoleModelIds.size());
  for (const auto& id : kRoleModelIds) {
    INFO(id);
    const Requirement* requirement = rules.Find(id);
    REQUIRE(requirement != nullptr);
    CHECK_FALSE(requirement->sources.empty());
    CHECK(requirement->rationale.find('[') != std::string::npos);  // cites its sources
    CHECK_FALSE(requirement->advice.text.empty());
  }
}

TEST_CASE("Bundled rules weigh the production side of the role") {
  const Rules& rules = testing::BundledAnalyzer().rules();
  // The role differs from data science by owning production [path].
  CHECK(rules.Find("cloud-deploy")->weight >= rules.Find("math")->weight);
  CHECK(rules.Find("production-code")->weight >= rules.Find("data")->weight);
  CHECK(rules.SectionWeight("experience") > rules.SectionWeight("skills"));
}

TEST_CASE("Rules reject unknown lexicon ids, categories and signals with their lines") {
  const auto errors = RuleErrors(std::string(kHeader) + R"(
[[requirement]]
id = "a"
name = "A"
weight = 1
rationale = "r [x]"
sources = ["x"]
  [[requirement.evidence]]
  ids = ["no-such-skill"]
  categories = ["no-such-category"]
  [[requirement.signal]]
  name = "no_such_signal"
  [requirement.advice]
  text = "t"
  add = ["python"]
)");
  CHECK(HasMessage(errors, "rules.toml:17: unknown lexicon id 'no-such-skill'"));
  CHECK(HasMessage(errors, "rules.toml:18: no lexicon entry has category 'no-such-category'"));
  CHECK(HasMessage(errors, "rules.toml:20: unknown signal 'no_such_signal'"));
}

TEST_CASE("Rules require advice, unique ids and verdicts down to zero") {
  const auto errors = RuleErrors(R"([role]
id = "x"
name = "X"
version = "1"

[[verdict]]
min = 50
label = "half"

[[requirement]]
id = "a"
name = "A"
rationale = "r"
sources = ["x"]
  [[requirement.evidence]]
  categories = ["ml-framework"]

[[requirement]]
id = "a"
name = "A again"
rationale = "r"
sources = ["x"]
  [[requirement.evidence]]
  categories = ["ml-framework"]
  [requirement.advice]
  text = "t"
  add = ["pytorch"]
)");
  CHECK(HasMessage(errors, "verdict]] bands must cover scores down to min = 0"));
  CHECK(HasMessage(errors, "rules.toml:10: requirement 'a' has no [requirement.advice]"));
  CHECK(HasMessage(errors, "duplicate requirement id 'a'"));
}

TEST_CASE("Rules reject unknown keys and bad impact patterns") {
  const auto errors = RuleErrors(std::string(kHeader) + R"(
[impact]
patterns = ['(']

[[requirement]]
id = "a"
name = "A"
rationale = "r"
sources = ["x"]
wieght = 3
  [[requirement.evidence]]
  categories = ["ml-framework"]
  [requirement.advice]
  text = "t"
  add = ["pytorch"]
)");
  CHECK(HasMessage(errors, "rules.toml:11: bad pattern '('"));
  CHECK(HasMessage(errors, "rules.toml:18: unknown key 'wieght'"));
}

}  // namespace
}  // namespace ra
