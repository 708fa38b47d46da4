#include <catch2/catch.hpp>

#include <algorithm>

#include "analyzer/score/advice.h"
#include "analyzer/score/evidence.h"
#include "analyzer/score/scorer.h"
#include "test_support.h"

namespace ra {
namespace {

// A small lexicon and rules whose arithmetic can be checked by hand.
struct Fixture {
  CompiledLexicon lexicon;
  Rules rules;
};

const char* kLexicon = R"(
[[entry]]
id = "pytorch"
name = "PyTorch"
kind = "skill"
category = "ml-framework"
patterns = ['pytorch']
examples = ["PyTorch"]

[[entry]]
id = "keras"
name = "Keras"
kind = "skill"
category = "ml-framework"
patterns = ['keras']
examples = ["Keras"]

[[entry]]
id = "nlp"
name = "NLP"
kind = "skill"
category = "ml-topic"
patterns = ['nlp']
examples = ["NLP"]

[[entry]]
id = "bootcamp"
name = "Bootcamp"
kind = "credential"
category = "bootcamp"
patterns = ['bootcamp']
examples = ["bootcamp"]
)";

const char* kRules = R"(
[role]
id = "t"
name = "Test role"
version = "1"

[sections]
experience = 1.0
skills = 0.5
default = 0.5

[strength]
bullet = 1.0
quantified_bullet = 1.5

[[verdict]]
min = 50
label = "good"

[[verdict]]
min = 0
label = "weak"

[[requirement]]
id = "frameworks"
name = "Frameworks"
weight = 3
target = 2.0
rationale = "r [t]"
sources = ["t"]
  [[requirement.evidence]]
  categories = ["ml-framework"]
  points = 1.0
  [requirement.advice]
  text = "Use a framework in {place}."
  add = ["pytorch"]

[[requirement]]
id = "focus"
name = "Focus"
weight = 1
target = 2.0
rationale = "r [t]"
sources = ["t"]
  [[requirement.evidence]]
  categories = ["ml-topic"]
  points = 1.0
  combine = "focus"
  [requirement.advice]
  text = "Show a focus."
  add = ["nlp"]

[[requirement]]
id = "degree"
name = "Degree"
weight = 0
target = 1.0
rationale = "r [t]"
sources = ["t"]
substitute = "alt"
substitute_factor = 0.5
  [[requirement.evidence]]
  categories = ["ml-topic"]
  sections = ["education"]
  [requirement.advice]
  text = "Add a degree."
  add = ["nlp"]

[[requirement]]
id = "alt"
name = "Alternative"
weight = 0
target = 1.0
rationale = "r [t]"
sources = ["t"]
  [[requirement.evidence]]
  categories = ["bootcamp"]
  [requirement.advice]
  text = "Take a bootcamp."
  add = ["bootcamp"]
)";

Fixture MakeFixture() {
  auto data = ParseLexiconData({DataFile{"lexicon.toml", kLexicon}});
  REQUIRE(data);
  auto lexicon = CompiledLexicon::Compile(std::move(*data));
  REQUIRE(lexicon);
  auto rules = LoadRules(DataFile{"rules.toml", kRules}, *lexicon);
  if (!rules) FAIL(rules.error().messages.front());
  return Fixture{std::move(*lexicon), std::move(*rules)};
}

EvidenceItem Item(const Fixture& fixture, const std::string& id, const std::string& section,
                  std::optional<size_t> entry = std::nullopt, bool quantified = false) {
  EvidenceItem item;
  item.entry = static_cast<size_t>(fixture.lexicon.Find(id));
  item.section = section;
  item.resume_entry = entry;
  item.in_bullet = section == "experience";
  item.quantified = quantified;
  return item;
}

TEST_CASE("Scorer adds distinct items by section strength, each counted once") {
  const Fixture fixture = MakeFixture();
  ScoringInput input;
  input.items = {Item(fixture, "pytorch", "skills"), Item(fixture, "pytorch", "experience"),
                 Item(fixture, "keras", "skills")};
  const Assessment assessment = Score(fixture.rules, fixture.lexicon, input);
  const RequirementScore& frameworks = assessment.requirements[0];
  // PyTorch at its best place (1.0) + Keras listed (0.5) = 1.5 of 2.0.
  CHECK(frameworks.points == Approx(1.5));
  CHECK(frameworks.score == Approx(75.0));
  // Overall: only weighted requirements count: (3 x 75 + 1 x 0) / 4.
  CHECK(assessment.score == Approx(56.25));
  CHECK(assessment.verdict == "good");
}

TEST_CASE("Scorer rewards a measured result and caps at the target") {
  const Fixture fixture = MakeFixture();
  ScoringInput input;
  input.items = {Item(fixture, "pytorch", "experience", 0, true), Item(fixture, "keras", "experience", 0, true)};
  const Assessment assessment = Score(fixture.rules, fixture.lexicon, input);
  CHECK(assessment.requirements[0].points == Approx(2.0));  // 1.5 + 0.5 (capped at target 2)
  CHECK(assessment.requirements[0].score == Approx(100.0));
}

TEST_CASE("Repeating a skill does not raise the score") {
  const Fixture fixture = MakeFixture();
  ScoringInput once;
  once.items = {Item(fixture, "keras", "skills")};
  ScoringInput stuffed = once;
  for (int i = 0; i < 20; ++i) stuffed.items.push_back(Item(fixture, "keras", "skills"));
  CHECK(Score(fixture.rules, fixture.lexicon, stuffed).score == Approx(Score(fixture.rules, fixture.lexicon, once).score));
}

TEST_CASE("Focus counts the entries a topic appears in") {
  const Fixture fixture = MakeFixture();
  ScoringInput input;
  input.items = {Item(fixture, "nlp", "experience", 0), Item(fixture, "nlp", "experience", 0),
                 Item(fixture, "nlp", "projects", 3)};
  const Assessment assessment = Score(fixture.rules, fixture.lexicon, input);
  CHECK(assessment.requirements[1].points == Approx(2.0));  // two distinct entries
}

TEST_CASE("A substitute requirement stands in when it scores higher") {
  const Fixture fixture = MakeFixture();
  ScoringInput input;
  input.items = {Item(fixture, "bootcamp", "education")};
  const Assessment assessment = Score(fixture.rules, fixture.lexicon, input);
  // The bootcamp stands in education (default weight 0.5): alt = 50; x 0.5 = 25.
  CHECK(assessment.requirements[3].score == Approx(50.0));
  CHECK(assessment.requirements[2].score == Approx(25.0));
  CHECK(assessment.requirements[2].substituted_by == "alt");
}

TEST_CASE("A level changes the weights and targets it names") {
  Fixture fixture = MakeFixture();
  Level senior;
  senior.id = "senior";
  senior.overrides.push_back(LevelOverride{"frameworks", 9.0, 4.0});
  ScoringInput input;
  input.items = {Item(fixture, "pytorch", "experience")};
  const Assessment plain = Score(fixture.rules, fixture.lexicon, input);
  const Assessment judged = Score(fixture.rules, fixture.lexicon, input, &senior);
  CHECK(plain.requirements[0].score == Approx(50.0));   // 1.0 of target 2
  CHECK(judged.requirements[0].score == Approx(25.0));  // 1.0 of target 4
  CHECK(judged.requirements[0].weight == Approx(9.0));
  CHECK(judged.level == "senior");
  CHECK(judged.score == Approx(9 * 25.0 / 10));  // weights 9 + 1
}

TEST_CASE("Old and brief use counts less than recent and long use") {
  const Fixture fixture = MakeFixture();
  Rules rules = fixture.rules;
  rules.recent_months = 24;
  rules.old_months = 120;
  rules.old_factor = 0.6;
  rules.long_months = 25;
  rules.brief_factor = 0.8;
  const MonthIndex now = MonthOf(2026, 11);
  const DateRange current{MonthOf(2022, 1), now, true, 0, 0};
  const DateRange old{MonthOf(2010, 1), MonthOf(2016, 11), false, 0, 0};   // ended 120 months ago
  const DateRange middle{MonthOf(2017, 1), MonthOf(2020, 11), false, 0, 0};  // ended 72 months ago
  const DateRange brief{MonthOf(2026, 6), MonthOf(2026, 6), false, 0, 0};   // one month, recent
  CHECK(TimeFactor(rules, current, now) == Approx(1.0));
  CHECK(TimeFactor(rules, old, now) == Approx(0.6));
  CHECK(TimeFactor(rules, middle, now) == Approx(0.8));
  CHECK(TimeFactor(rules, brief, now) == Approx(0.8));
}

TEST_CASE("Presentation advice asks for project links and newest-first roles") {
  const Fixture fixture = MakeFixture();
  ScoringInput input;
  const Assessment assessment = Score(fixture.rules, fixture.lexicon, input);
  ResumeStructure structure;
  structure.sections = {Section{"experience", "Experience", 0, 11, 100}, Section{"projects", "Projects", 100, 109, 200}};
  structure.entries = {Entry{0, 11, 50, "Data Analyst, Acme", {DateRange{MonthOf(2015, 1), MonthOf(2017, 1), false, 30, 45}}},
                       Entry{0, 50, 100, "ML Engineer, Beta", {DateRange{MonthOf(2018, 1), MonthOf(2024, 1), false, 80, 95}}},
                       Entry{1, 109, 200, "Churn model", {}}};
  structure.links = {FoundLink{"https://github.com/someone/other", 5, "github", 1, false}};
  const auto advice = MakeAdvice(AdviceContext{fixture.rules, fixture.lexicon, input, assessment, structure, 1, 0});
  auto has = [&](const std::string& text) {
    return std::any_of(advice.begin(), advice.end(), [&](const Advice& a) { return a.text.find(text) != std::string::npos; });
  };
  CHECK(has("Link the repository or demo of the project \"Churn model\""));
  CHECK(has("newest first"));
  structure.links.push_back(FoundLink{"https://github.com/someone/churn", 150, "github", 1, false});
  std::swap(structure.entries[0].dates, structure.entries[1].dates);
  const auto fixed = MakeAdvice(AdviceContext{fixture.rules, fixture.lexicon, input, assessment, structure, 1, 0});
  CHECK_FALSE(std::any_of(fixed.begin(), fixed.end(), [](const Advice& a) {
    return a.text.find("Link the repository") != std::string::npos || a.text.find("newest first") != std::string::npos;
  }));
}

TEST_CASE("Advice gains are measured by re-scoring and ranked") {
  const Fixture fixture = MakeFixture();
  ScoringInput input;
  input.items = {Item(fixture, "keras", "skills")};
  const Assessment assessment = Score(fixture.rules, fixture.lexicon, input);
  ResumeStructure structure;
  structure.sections.push_back(Section{"header", "", 0, 0, 10});
  const auto advice = MakeAdvice(AdviceContext{fixture.rules, fixture.lexicon, input, assessment, structure, 1, 0});
  REQUIRE(advice.size() >= 2);
  CHECK(advice[0].requirement == "frameworks");
  // Adding PyTorch in a role bullet: (0.5 + 1.0) / 2 -> 75; overall (3 x 75) / 4 = 56.25 from 18.75.
  CHECK(advice[0].gain == Approx(37.5));
  for (size_t i = 1; i < advice.size(); ++i) CHECK(advice[i].gain <= advice[i - 1].gain);
  // Weight-0 requirements give no advice of their own: nothing they add counts.
  for (const auto& item : advice) CHECK(item.requirement != "alt");
}

}  // namespace
}  // namespace ra
