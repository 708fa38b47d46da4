#include <catch2/catch.hpp>

#include <algorithm>
#include <bitset>
#include <filesystem>
#include <random>
#include <set>
#include <stdexcept>
#include <tuple>

#include "analyzer/data/embedded.h"
#include "analyzer/data/lexicon_data.h"
#include "analyzer/match/lexicon.h"
#include "analyzer/match/lexicon_image.h"
#include "analyzer/match/regex_util.h"
#include "analyzer/extract/extract.h"
#include "analyzer/match/matcher.h"
#include "analyzer/match/prefix_index.h"
#include "analyzer/match/regex_prefixes.h"
#include "test_support.h"

namespace ra {
namespace {

DataErrors ParseErrors(const std::string& toml) {
  auto data = ParseLexiconData({DataFile{"test.toml", toml}});
  REQUIRE_FALSE(data);
  return data.error();
}

bool HasMessage(const DataErrors& errors, const std::string& text) {
  return std::any_of(errors.messages.begin(), errors.messages.end(),
                     [&](const std::string& message) { return message.find(text) != std::string::npos; });
}

const char* kGoodEntry = R"(
[[entry]]
id = "pytorch"
name = "PyTorch"
kind = "skill"
category = "ml-framework"
patterns = ['py-?torch']
examples = ["Trained in PyTorch"]
)";

CompiledLexicon CompileFiles(const std::vector<DataFile>& files) {
  auto lexicon = CompiledLexicon::CompileFiles(files);
  REQUIRE(lexicon);
  return std::move(*lexicon);
}

CompiledLexicon CompileOrFail(const std::string& toml) { return CompileFiles({DataFile{"test.toml", toml}}); }

std::vector<std::string> HitTexts(const CompiledLexicon& lexicon, const std::string& text) {
  std::vector<std::string> found;
  Document document;
  document.pages.push_back(text);
  const std::string display = Normalize(document).display;
  for (const Hit& hit : MatchSnippet(lexicon, text)) found.push_back(display.substr(hit.start, hit.end - hit.start));
  return found;
}

TEST_CASE("Lexicon rejects duplicate ids with both places") {
  const auto errors = ParseErrors(std::string(kGoodEntry) + kGoodEntry);
  CHECK(HasMessage(errors, "test.toml:10: duplicate id 'pytorch' (first defined at test.toml:2)"));
}

DataErrors CompileErrors(const std::string& toml) {
  auto data = ParseLexiconData({DataFile{"test.toml", toml}});
  REQUIRE(data);
  auto lexicon = CompiledLexicon::Compile(std::move(*data));
  REQUIRE_FALSE(lexicon);
  return lexicon.error();
}

TEST_CASE("Lexicon reports a bad pattern with its line") {
  const auto errors = CompileErrors(R"(
[[entry]]
id = "broken"
name = "Broken"
kind = "skill"
category = "ml-framework"
patterns = ['ok', 'bad(']
examples = ["ok"]
)");
  CHECK(HasMessage(errors, "test.toml:7: bad pattern 'bad('"));
}

TEST_CASE("Lexicon reports a bad context pattern with its line") {
  const auto errors = CompileErrors(R"(
[[entry]]
id = "go"
name = "Go"
kind = "skill"
category = "programming-language"
patterns = ['Go']
case_sensitive = true
context = ['golang',
           '[unclosed']
examples = ["Go and golang"]
counter_examples = ["Go to market"]
)");
  CHECK(HasMessage(errors, "test.toml:10: bad pattern '[unclosed'"));
}

TEST_CASE("Lexicon reports every problem of a file, not only the first") {
  const auto errors = ParseErrors(R"(
[[entry]]
id = "Upper"
name = "x"
kind = "skill"
category = "no-such-category"
patterns = ['Python', 'bad(']
examples = ["x"]
colour = "red"

[[entry]]
id = "r"
name = "R"
kind = "skill"
category = "programming-language"
patterns = ['R']
case_sensitive = true
context = ['python']
examples = ["R and Python"]
)");
  CHECK(HasMessage(errors, "test.toml:3: id 'Upper' must be lower case"));
  CHECK(HasMessage(errors, "test.toml:6: category 'no-such-category' is not a skill category"));
  CHECK(HasMessage(errors, "test.toml:7: pattern 'Python' has upper-case letters"));
  CHECK(HasMessage(errors, "test.toml:7: bad pattern 'bad('"));
  CHECK(HasMessage(errors, "test.toml:9: unknown key 'colour'"));
  CHECK(HasMessage(errors, "test.toml:11: an entry with 'context' or 'exclude' needs 'counter_examples'"));
}

TEST_CASE("Lexicon checks the shape of standard skill ids") {
  const auto errors = ParseErrors(R"(
[[entry]]
id = "python"
name = "Python"
kind = "skill"
category = "programming-language"
patterns = ['python']
esco = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
onet = "2.A.1.a"
examples = ["Python"]

[[entry]]
id = "java"
name = "Java"
kind = "skill"
category = "programming-language"
patterns = ['java']
esco = "esco:java"
onet = "programming"
examples = ["Java"]
)");
  REQUIRE(errors.messages.size() == 2);
  CHECK(HasMessage(errors, "test.toml:18: 'esco' must be an ESCO skill URI"));
  CHECK(HasMessage(errors, "test.toml:19: 'onet' must be an O*NET element id"));
}

TEST_CASE("Bundled lexicons have at least 500 skill entries") {
  const CompiledLexicon& lexicon = testing::BundledAnalyzer().lexicon();
  size_t skills = 0;
  for (const auto& entry : lexicon.entries()) skills += entry.kind == EntryKind::kSkill ? 1 : 0;
  CHECK(skills >= 500);
}

TEST_CASE("Lexicon reports TOML syntax errors with the line") {
  const auto errors = ParseErrors("[[entry]]\nid = \"x\nname = 1\n");
  REQUIRE(errors.messages.size() == 1);
  CHECK(errors.messages[0].rfind("test.toml:2:", 0) == 0);
}

TEST_CASE("Lexicon rejects missing examples and \\b in patterns") {
  const auto errors = ParseErrors(R"(
[[entry]]
id = "spark"
name = "Spark"
kind = "skill"
category = "data-engineering"
patterns = ['\bspark\b']
)");
  CHECK(HasMessage(errors, "uses \\b"));
  CHECK(HasMessage(errors, "missing required key 'examples'"));
}

TEST_CASE("Matching respects ICU word boundaries") {
  const CompiledLexicon lexicon = CompileOrFail(R"(
[[entry]]
id = "apache-spark"
name = "Apache Spark"
kind = "skill"
category = "data-engineering"
patterns = ['(?:apache\s+)?spark']
examples = ["Spark"]

[[entry]]
id = "c++"
name = "C++"
kind = "skill"
category = "programming-language"
patterns = ['c\+\+']
examples = ["C++"]

[[entry]]
id = "scikit-learn"
name = "scikit-learn"
kind = "skill"
category = "ml-framework"
patterns = ['scikit[\s-]*learn', 'sklearn']
examples = ["scikit-learn"]
)");
  const auto hits = HitTexts(lexicon, "sparked interest in Apache Spark, C++ and sklearn's API");
  CHECK(hits == std::vector<std::string>{"Apache Spark", "C++", "sklearn"});
}

TEST_CASE("Context and exclude guards decide ambiguous names") {
  const CompiledLexicon lexicon = CompileOrFail(R"(
[[entry]]
id = "r"
name = "R"
kind = "skill"
category = "programming-language"
patterns = ['R']
case_sensitive = true
context = ['(?i)python|sql|programming|languages?']
exclude = ['R\s*&\s*D']
examples = ["Languages: Python, R, SQL"]
counter_examples = ["Led the R&D team", "Plan R was chosen"]
)");
  CHECK(HitTexts(lexicon, "Languages: Python, R, SQL") == std::vector<std::string>{"R"});
  CHECK(HitTexts(lexicon, "Python programming at the R&D lab").empty());
  CHECK(HitTexts(lexicon, "Plan R was chosen").empty());
}

// An entry may mix ambiguous names with certain ones ("Spark" and
// "PySpark"): the certain ones hit without context, the others still need
// it, and the exclusions hold for both.
TEST_CASE("Certain patterns hit without context, the entry's others still need it") {
  const CompiledLexicon lexicon = CompileOrFail(R"(
[[entry]]
id = "spark"
name = "Apache Spark"
kind = "skill"
category = "data-engineering"
patterns = ['(?:apache\s+)?spark(?:\s+jobs?)?']
certain = ['py[\s-]*spark', 'apache\s+spark']
context = ['hadoop|sql|data']
exclude = ['spark\s+plugs?', 'apache\s+spark\s+award']
examples = ["Wrote PySpark.", "Spark jobs on Hadoop"]
counter_examples = ["It sparked my interest", "Changed the spark plugs"]
)");
  using V = std::vector<std::string>;
  CHECK(HitTexts(lexicon, "Wrote PySpark.") == V{"PySpark"});
  CHECK(HitTexts(lexicon, "Spark jobs on Hadoop") == V{"Spark jobs"});
  CHECK(HitTexts(lexicon, "A spark of joy").empty());
  // The longest match needed context it lacks; the certain alias within it stands.
  CHECK(HitTexts(lexicon, "Ran Apache Spark jobs nightly") == V{"Apache Spark"});
  // A certain alias still passes the exclusions.
  CHECK(HitTexts(lexicon, "Won the Apache Spark award").empty());
}

TEST_CASE("Lexicon refuses certain patterns on an entry without context") {
  const DataErrors errors = ParseErrors(R"(
[[entry]]
id = "pyspark"
name = "PySpark"
kind = "skill"
category = "data-engineering"
patterns = ['py[\s-]*spark']
certain = ['pyspark']
examples = ["Wrote PySpark."]
)");
  CHECK(HasMessage(errors, "test.toml:8: 'certain' patterns need 'context'"));
}

// A context word is a word: found inside another ("ui" in "quickly", "ml"
// in "html") it is no evidence. Alternatives that begin with punctuation or
// space keep matching where they are.
TEST_CASE("Context words count only where a word begins") {
  const CompiledLexicon lexicon = CompileOrFail(R"(
[[entry]]
id = "react"
name = "React"
kind = "skill"
category = "software-engineering"
patterns = ['React']
case_sensitive = true
context = ['(?i:ui|html|components?)', '\(']
examples = ["React UI components"]
counter_examples = ["React quickly to escalations."]
)");
  using V = std::vector<std::string>;
  CHECK(HitTexts(lexicon, "React UI components") == V{"React"});
  CHECK(HitTexts(lexicon, "Built in React, with HTML templates") == V{"React"});
  CHECK(HitTexts(lexicon, "React quickly to escalations.").empty());     // "ui" inside "quickly"
  CHECK(HitTexts(lexicon, "React to XHTML guidelines").empty());          // "html" inside "xhtml"
  CHECK(HitTexts(lexicon, "React (hooks)") == V{"React"});                // "(" needs no word start
}

TEST_CASE("A pattern's top-level alternatives each match on their own") {
  using V = std::vector<std::string>;
  CHECK(TopLevelAlternatives("a|b(c|d)") == V{"a", "b(c|d)"});
  CHECK(TopLevelAlternatives("(?i:a|b)") == V{"(?i:a)", "(?i:b)"});
  CHECK(TopLevelAlternatives("(?i)a|[|]b") == V{"(?i:a)", "(?i:[|]b)"});
  CHECK(TopLevelAlternatives("(?:x|y)") == V{"x", "y"});
  CHECK(TopLevelAlternatives("a\\|b|c") == V{"a\\|b", "c"});
  // Left whole: no alternation, flags set midway, quoting, unbalanced.
  CHECK(TopLevelAlternatives("abc") == V{"abc"});
  CHECK(TopLevelAlternatives("a(?i)b|c") == V{"a(?i)b|c"});
  CHECK(TopLevelAlternatives("\\Qa|b\\E") == V{"\\Qa|b\\E"});
  CHECK(TopLevelAlternatives("(a|b") == V{"(a|b"});
}

TEST_CASE("Of two aliases at one place the longest wins") {
  const CompiledLexicon lexicon = CompileOrFail(R"(
[[entry]]
id = "tensorflow"
name = "TensorFlow"
kind = "skill"
category = "ml-framework"
patterns = ['tf', 'tensorflow(?:\s*2)?']
examples = ["TensorFlow 2"]
)");
  CHECK(HitTexts(lexicon, "Built with TensorFlow 2 on TPUs") == std::vector<std::string>{"TensorFlow 2"});
  // A whole alias counts only where a word ends, and the longest decides, as
  // with the regexes: "TensorFlow 2" ends inside "2x", so no shorter
  // "TensorFlow" is taken; "tf" in "tfx" is dropped before any regex runs.
  CHECK(HitTexts(lexicon, "Tried TensorFlow 2x, tfx and TF") == std::vector<std::string>{"TF"});
}

// The index gives each byte found in the prefixes a class and each node a
// bitmap of classes; names in many scripts need more than one 64-bit word.
TEST_CASE("Names written in many scripts are all found through the index") {
  const std::vector<std::string> names = {"машинное обучение", "μηχανική μάθηση", "機械学習", "apprentissage automatique",
                                          "maschinelles lernen", "aprendizaje automático", "uczenie maszynowe",
                                          "makine öğrenmesi", "học máy", "머신 러닝", "תכנות", "البرمجة"};
  std::string toml;
  for (size_t i = 0; i < names.size(); ++i) {
    toml += "[[entry]]\nid = \"name-" + std::to_string(i) + "\"\nname = \"x\"\nkind = \"skill\"\ncategory = \"ml-topic\"\n";
    toml += "patterns = ['" + names[i] + "']\nexamples = [\"" + names[i] + "\"]\n\n";
  }
  const CompiledLexicon lexicon = CompileOrFail(toml);
  std::set<unsigned char> bytes;
  for (const auto& name : names) bytes.insert(name.begin(), name.end());
  REQUIRE(bytes.size() > 64);
  std::string text = "Skills: ";
  for (const auto& name : names) text += name + ", ";
  std::vector<std::string> expected(names.begin(), names.end());
  CHECK(HitTexts(lexicon, text) == expected);
  CHECK(HitTexts(lexicon, "машинное обученией, μηχανική").empty());
}

// Every bundled entry carries examples that must match and, where the name is
// ambiguous, examples that must not: a new entry cannot land untested.
TEST_CASE("Every bundled lexicon entry matches its examples and not its counter-examples") {
  const CompiledLexicon& lexicon = testing::BundledAnalyzer().lexicon();
  REQUIRE(lexicon.entries().size() >= 300);
  for (size_t index = 0; index < lexicon.entries().size(); ++index) {
    const LexiconEntry& entry = lexicon.entries()[index];
    for (const auto& example : entry.examples) {
      const auto hits = MatchSnippet(lexicon, example);
      const bool found = std::any_of(hits.begin(), hits.end(), [&](const Hit& hit) { return hit.entry == index; });
      INFO(entry.file << ":" << entry.line << " " << entry.id << " should match: " << example);
      CHECK(found);
    }
    for (const auto& counter : entry.counter_examples) {
      const auto hits = MatchSnippet(lexicon, counter);
      const bool found = std::any_of(hits.begin(), hits.end(), [&](const Hit& hit) { return hit.entry == index; });
      INFO(entry.file << ":" << entry.line << " " << entry.id << " must not match: " << counter);
      CHECK_FALSE(found);
    }
  }
}

// An exclusion rejects a hit only if one of its matches covers the whole
// hit; one that never can (it matches beside the name, or names something
// the name is not part of) rejects nothing and costs a search at every hit.
// So an entry's exclusions must be what keeps at least one of its
// counter-examples from matching.
TEST_CASE("Every bundled entry with exclusions has a counter-example that only they reject") {
  const CompiledLexicon& bundled = testing::BundledAnalyzer().lexicon();
  for (const LexiconEntry& entry : bundled.entries()) {
    if (entry.exclude.empty()) continue;
    LexiconData data;
    data.entries.push_back(entry);
    data.entries.back().exclude.clear();
    data.entries.back().exclude_lines.clear();
    auto unguarded = CompiledLexicon::Compile(std::move(data));
    REQUIRE(unguarded);
    const bool rejects_one = std::any_of(entry.counter_examples.begin(), entry.counter_examples.end(),
                                         [&](const std::string& counter) { return !MatchSnippet(*unguarded, counter).empty(); });
    INFO(entry.file << ":" << entry.line << " " << entry.id << ": no counter-example is rejected by its exclusions");
    CHECK(rejects_one);
  }
}

TEST_CASE("Bundled lexicons cover every category the rules use") {
  const CompiledLexicon& lexicon = testing::BundledAnalyzer().lexicon();
  std::set<std::string> categories;
  for (const auto& entry : lexicon.entries()) categories.insert(entry.category);
  for (const char* category : {"programming-language", "ml-framework", "ml-topic", "data-engineering", "database",
                               "cloud", "deployment", "mlops", "testing", "code-quality", "ci-cd", "tooling", "math",
                               "dsa", "soft-skill", "domain", "degree", "field-of-study", "certification", "course",
                               "bootcamp", "kaggle", "publication-venue", "membership", "open-source", "community",
                               "job-title"}) {
    INFO(category);
    CHECK(categories.count(category) == 1);
  }
}

// General IT skills (Windows, MS Office, networking) are reported but are not
// evidence of machine-learning engineering: no requirement may read them.
TEST_CASE("No requirement of the bundled rules counts general IT skills") {
  const auto& analyzer = testing::BundledAnalyzer();
  std::set<std::string> general_it;
  for (const auto& entry : analyzer.lexicon().entries()) {
    if (entry.category == "general-it") general_it.insert(entry.id);
  }
  REQUIRE(!general_it.empty());
  for (const auto& requirement : analyzer.rules().requirements) {
    for (const auto& rule : requirement.evidence) {
      INFO(requirement.id);
      CHECK(std::find(rule.categories.begin(), rule.categories.end(), "general-it") == rule.categories.end());
      for (const auto& id : rule.ids) CHECK(general_it.count(id) == 0);
    }
  }
}

}  // namespace
}  // namespace ra

namespace ra {
namespace {

std::vector<std::string> PrefixBytes(std::string_view pattern, size_t length) {
  std::vector<std::string> bytes;
  for (const RegexPrefix& prefix : PossiblePrefixes(pattern, length)) {
    bytes.push_back(prefix.bytes + (prefix.complete ? "*" : ""));
  }
  return bytes;
}

TEST_CASE("Regex prefixes spell out literals, alternations and optional parts") {
  using V = std::vector<std::string>;
  CHECK(PrefixBytes("py\\s*torch", 12) == V{"py torch*", "pytorch*"});
  CHECK(PrefixBytes("(?:a|b)?cd", 8) == V{"acd*", "bcd*", "cd*"});
  CHECK(PrefixBytes("scikit[\\s-]*learn", 4) == V{"scik"});
  CHECK(PrefixBytes("(?i)go", 8) == V{"GO*", "Go*", "gO*", "go*"});
  CHECK(PrefixBytes("c\\+\\+", 8) == V{"c++*"});
  CHECK(PrefixBytes("x{2,3}y", 8) == V{"xxxy*", "xxy*"});
}

TEST_CASE("A repeated class spells out none or one of its bytes and leaves longer runs open") {
  using V = std::vector<std::string>;
  // Texts spell "scikit-learn" with one separator or none: those need no
  // regex; " - " and the like are left to the regex.
  CHECK(PrefixBytes("scikit[\\s-]*learn", 16) ==
        V{"scikit -", "scikit learn*", "scikit- ", "scikit--", "scikit-learn*", "scikitlearn*"});
  // Digits are one canonical run, so a bare number is proposed only where
  // the text goes on as the pattern does ("2k stars", not "2019 Google");
  // a number with a separator ("2,500", "2019,") is left to the regex.
  CHECK(PrefixBytes("\\d[\\d,.]*k\\s+stars", 16) ==
        V{"0,", "0,,", "0,.", "0,0", "0,k stars", "0.", "0.,", "0..", "0.0", "0.k stars", "0k stars"});
}

TEST_CASE("Regex prefixes widen, never narrow, what they cannot model") {
  using V = std::vector<std::string>;
  // A class of any letter may begin anywhere; a negated class too.
  CHECK(PrefixBytes("[a-z]+\\.jl", 8) == V{""});
  CHECK(PrefixBytes("[^x]y", 8) == V{""});
  // After a wide class the prefix stays open (not complete).
  CHECK(PrefixBytes("mit\\s+6\\.[0-9a-z]{3}", 12) == V{"mit 0."});
  // Non-ASCII letters in classes are their bytes; under (?i) they are not modelled.
  CHECK(PrefixBytes("f[ií]sica", 8) == V{"fisica*", "f\xC3\xAD" "sica*"});
  CHECK(PrefixBytes("(?i:\xC3\xA9t\xC3\xA9)", 8) == V{""});
  // Skipped assertions leave prefixes incomplete.
  CHECK(PrefixBytes("go$", 8) == V{"go"});
}

TEST_CASE("Digits and white space are canonical runs, exact only where the pattern accepts any run") {
  using V = std::vector<std::string>;
  CHECK(CanonicalPrefixByte('7') == '0');
  CHECK(CanonicalPrefixByte('\n') == ' ');
  CHECK(PrefixBytes("\\d+\\s*ms", 8) == V{"0 ms*", "0ms*"});
  // A literal digit or a single space is not every digit or every space.
  CHECK(PrefixBytes("ec2", 8) == V{"ec0"});
  CHECK(PrefixBytes("big data", 8) == V{"big data"});
  CHECK(PrefixBytes("big\\s+data", 12) == V{"big data*"});
  // A run of a given length is still one run, but the regex must check the
  // length; nothing is left open after it (that made every number a
  // candidate for "\\d{3,} stars").
  CHECK(PrefixBytes("\\d{3,}\\s+stars", 12) == V{"0 stars"});
  CHECK(PrefixBytes("(?:19|20)\\d{2}", 8) == V{"0"});
  CHECK(PrefixBytes("a\\s{2,}b", 8) == V{"a b"});
}

// Matches `display` (as is, not normalised) with the prefix index and
// exhaustively, checks that both find the same hits, and returns how many.
size_t MatchesAsExhaustively(const CompiledLexicon& lexicon, const std::string& display) {
  const FoldedText folded = FoldCase(display);
  const WordBoundaries boundaries = Tokenize(display);
  const MatchableText text{display, folded, boundaries};
  const auto indexed = MatchLexicon(lexicon, text);
  const auto exhaustive = MatchLexiconExhaustively(lexicon, text);
  REQUIRE(indexed.size() == exhaustive.size());
  for (size_t i = 0; i < indexed.size(); ++i) {
    INFO(lexicon.entries()[exhaustive[i].entry].id << " at " << exhaustive[i].start << ": "
         << display.substr(exhaustive[i].start, exhaustive[i].end - exhaustive[i].start));
    CHECK(indexed[i].entry == exhaustive[i].entry);
    CHECK(indexed[i].start == exhaustive[i].start);
    CHECK(indexed[i].end == exhaustive[i].end);
  }
  return indexed.size();
}

// What the prefix index should propose at text[position], worked out the
// slow way: every indexed prefix that the text spells out there, read
// canonically (a run of digits or of white space is one byte).
std::set<std::tuple<uint32_t, bool, size_t>> SpelledPrefixes(const std::vector<std::string>& patterns,
                                                            std::string_view text, size_t position) {
  std::set<std::tuple<uint32_t, bool, size_t>> found;  // entry, complete, end (0 unless complete)
  for (uint32_t entry = 0; entry < patterns.size(); ++entry) {
    for (const RegexPrefix& prefix : PossiblePrefixes(patterns[entry], PrefixIndex::kPrefixLength)) {
      size_t at = position;
      size_t matched = 0;
      while (matched < prefix.bytes.size() && at < text.size() &&
             NextCanonicalByte(text, at) == static_cast<unsigned char>(prefix.bytes[matched])) {
        ++matched;
      }
      if (matched < prefix.bytes.size()) continue;
      const bool complete = prefix.complete && !prefix.bytes.empty();
      found.emplace(entry, complete, complete ? at : 0);
    }
  }
  return found;
}

// The index is a double array; these patterns give it a state with entries
// and children ("go", "golang"), a pattern that may begin anywhere (root
// entries), runs of digits and spaces, a byte no prefix has, prefixes cut at
// kPrefixLength, and more children at one state than bytes in a word.
TEST_CASE("The prefix index proposes exactly the prefixes the text spells out, at every place") {
  const std::vector<std::string> patterns = {
      "go", "golang", "go\\s+lang", "\\d+\\s*ms", "[a-z]+\\.jl", "c\\+\\+", "c", "machine\\s+learning(?:\\s+engineer)?",
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "a[b-z]", "caf\xC3\xA9", "\xE6\xA9\x9F\xE6\xA2\xB0\xE5\xAD\xA6\xE7\xBF\x92"};
  const std::vector<std::string> texts = {
      "golang go  lang gopher go", "took 1234   ms, 5ms and 7 s", "machine  learning\nengineer at machine learnt",
      std::string(45, 'a') + " ab az a- c++ c# caf\xC3\xA9 \xE6\xA9\x9F\xE6\xA2\xB0\xE5\xAD\xA6\xE7\xBF\x92", "", "\x01\xFF~"};
  // With and without the pattern that may begin anywhere, whose entry the
  // root holds (then no place is ruled out at its first byte).
  for (const bool anywhere : {true, false}) {
    std::vector<std::string> indexed = patterns;
    if (!anywhere) indexed.erase(indexed.begin() + 4);
    PrefixIndex::Builder builder;
    for (uint32_t entry = 0; entry < indexed.size(); ++entry) builder.Add(indexed[entry], entry);
    const PrefixIndex index = std::move(builder).Build();
    size_t proposals = 0;
    for (const std::string& text : texts) {
      for (size_t position = 0; position <= text.size(); ++position) {
        std::vector<uint32_t> verify;
        std::vector<PrefixIndex::Complete> complete;
        index.Candidates(text, position, verify, complete);
        std::set<std::tuple<uint32_t, bool, size_t>> proposed;
        for (uint32_t entry : verify) proposed.emplace(entry, false, 0);
        for (const auto& whole : complete) proposed.emplace(whole.entry, true, whole.end);
        INFO("text '" << text << "' at " << position << (anywhere ? "" : ", no pattern that begins anywhere"));
        CHECK(proposed == SpelledPrefixes(indexed, text, position));
        proposals += proposed.size();
      }
    }
    CHECK(proposals > 40);
  }
}

TEST_CASE("A prefix index too large for its slots' fields is refused, not built wrong") {
  // Each pattern spells out 256 prefixes of 32 bytes, most of whose bytes
  // are states of their own: these 2,028 patterns make about 14 million,
  // past the limit of about 8 million slots, beyond which a state's base
  // would not fit its 23 bits.
  LexiconData data;
  LexiconEntry huge;
  huge.file = "/data/my-lexicons/huge.toml";
  huge.id = "huge";
  for (char a = 'a'; a <= 'z'; ++a) {
    for (char b = 'a'; b <= 'z'; ++b) {
      for (char c : std::string("abc")) huge.patterns.push_back(std::string{a, b, c} + "[a-p][a-p]" + std::string(27, 'x'));
    }
  }
  huge.pattern_lines.assign(huge.patterns.size(), 1);
  data.entries.push_back(huge);
  const auto compiled = CompiledLexicon::Compile(std::move(data));
  REQUIRE_FALSE(compiled);
  REQUIRE(compiled.error().messages.size() == 1);
  CHECK(compiled.error().messages.front() ==
        "/data/my-lexicons: the lexicons are too large to index: more than 8388608 slots in the prefix index");
}

TEST_CASE("For the folded twin of a text, letters under (?i) are their lower case, others are left open") {
  using V = std::vector<std::string>;
  auto folded = [](std::string_view pattern, size_t length) {
    V bytes;
    for (const RegexPrefix& prefix : PossiblePrefixes(pattern, length, PrefixText::kFoldedDisplay)) {
      bytes.push_back(prefix.bytes + (prefix.complete ? "*" : ""));
    }
    return bytes;
  };
  CHECK(folded("(?i:Machine\\s+Learning)", 20) == V{"machine learning*"});
  CHECK(folded("(?i:[A-B]x)", 8) == V{"ax*", "bx*"});
  // Outside (?i) the text as written may have another case than the folded one.
  CHECK(folded("(?i:ab)C", 8) == V{"abc"});
  CHECK(folded("(?i:a)[Bc]", 8) == V{"ab", "ac"});
  // A non-ASCII letter may fold to other bytes: not modelled.
  CHECK(folded("(?i:caf\xC3\xA9)", 8) == V{"caf"});
  CHECK(folded("caf\xC3\xA9", 8) == V{"caf"});
}

namespace {

std::string BytesOf(const std::bitset<256>& bytes, std::string_view asked) {
  std::string found;
  for (const char byte : asked) {
    if (bytes.test(static_cast<unsigned char>(byte))) found += byte;
  }
  return found;
}

}  // namespace

TEST_CASE("A pattern's possible bytes hold every byte its matches can contain, and only those it spells out") {
  const std::string letters = "abcdehklmprxzABCDLMPRX";
  CHECK(BytesOf(PossibleBytes("ML\\s*(?:/|per)"), letters + " \n/.") == "eprLM \n/");
  CHECK(BytesOf(PossibleBytes("[a-c]x|d"), letters) == "abcdx");
  CHECK(BytesOf(PossibleBytes("\\d\\s*ML"), "05 \tMLml") == "05 \tML");
  // Under (?i) both cases, and every non-ASCII byte ("\u212A" is a "k").
  CHECK(BytesOf(PossibleBytes("(?i:maximum) x"), letters + " ") == "amxAMX ");
  CHECK(PossibleBytes("(?i)k").test(0xE2));
  CHECK_FALSE(PossibleBytes("k").test(0xE2));
  // Group syntax, assertions and repeat counts add no letters.
  CHECK(BytesOf(PossibleBytes("(?P<name>ab)\\bc{2,3}$"), letters) == "abc");
  CHECK(BytesOf(PossibleBytes("caf\xC3\xA9"), "af\xC3\xA9\xA8") == "af\xC3\xA9");
  // What is not modelled is every byte.
  for (const char* wide : {".", "[^a]", "\\pL", "\\x41", "\\W", "\\Qa\\E", "[[:alpha:]]", "[\xC3\xA0-\xC3\xBF]"}) {
    INFO(wide);
    CHECK(PossibleBytes(wide).all());
  }
}

// The matcher skips an entry's exclusions for a hit with a byte none of
// them can match: that must never skip one that could cover it. Checked on
// every bundled pattern (names, contexts, exclusions) over every example.
TEST_CASE("Every match of every bundled pattern in the examples has only its possible bytes") {
  const CompiledLexicon& lexicon = testing::BundledAnalyzer().lexicon();
  size_t matches = 0;
  for (const LexiconEntry& entry : lexicon.entries()) {
    std::vector<std::string> texts;
    for (const auto* list : {&entry.examples, &entry.counter_examples}) {
      for (const std::string& text : *list) texts.push_back(entry.case_sensitive ? text : FoldCase(text).text);
    }
    for (const auto* patterns : {&entry.patterns, &entry.context, &entry.exclude}) {
      for (const std::string& pattern : *patterns) {
        const RE2 regex(pattern);
        REQUIRE(regex.ok());
        const std::bitset<256> possible = PossibleBytes(pattern);
        for (const std::string& text : texts) {
          ForEachMatch(regex, text, 0, text.size(), 1, [&](const re2::StringPiece* groups) {
            ++matches;
            INFO(entry.id << ": '" << pattern << "' matched '" << groups[0] << "'");
            CHECK(BytesOf(possible, groups[0]) == std::string(groups[0]));
            return true;
          });
        }
      }
    }
  }
  CHECK(matches > 2000);
}

TEST_CASE("A case-sensitive entry's (?i) patterns match in any case, its others only as written") {
  const CompiledLexicon lexicon = CompileOrFail(R"(
[[entry]]
id = "machine-learning"
name = "Machine learning"
kind = "skill"
category = "ml-topic"
case_sensitive = true
patterns = ['(?i:machine[\s-]*learning)', 'ML', '(?i:kafka)']
exclude = ['ML\s*per', 'MACHINE\s+LEARNING\s+INC']
examples = ["ML"]
counter_examples = ["5 ML per hour"]
)");
  using V = std::vector<std::string>;
  const std::string text =
      "MACHINE LEARNING, Machine-learning and machine learning; ML, not ml, 5 ML per hour, MACHINE LEARNING INC";
  CHECK(HitTexts(lexicon, text) == V{"MACHINE LEARNING", "Machine-learning", "machine learning", "ML"});
  // A Kelvin sign folds to "k": where folding did more than change the case
  // of ASCII letters, the regex decides, on the text as written. (Matched
  // here without normalising, which would make it a "K".)
  CHECK(MatchesAsExhaustively(lexicon, text) == 4);
  CHECK(MatchesAsExhaustively(lexicon, "\u212Aafka and KAFKA") == 2);
}

// The guards as the matcher applies them, worked out the slow way: the
// context regex searched before and after the hit, the exclusions over the
// whole window, as plain RE2 searches.
struct SlowGuards {
  std::unique_ptr<RE2> context;
  std::unique_ptr<RE2> exclude;
  size_t window = 0;

  bool Allow(const std::string& text, size_t start, size_t end) const {
    // The window's ends, moved back to the start of the character they fall in.
    auto char_start = [&](size_t offset) {
      while (offset > 0 && offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80) --offset;
      return offset;
    };
    const size_t from = char_start(start > window ? start - window : 0);
    const size_t to = char_start(std::min(text.size(), end + window));
    if (context && !context->Match(text, from, start, RE2::UNANCHORED, nullptr, 0) &&
        !context->Match(text, end, to, RE2::UNANCHORED, nullptr, 0)) {
      return false;
    }
    bool covered = false;
    if (exclude) {
      ForEachMatch(*exclude, text, from, to, 1, [&](const re2::StringPiece* groups) {
        const size_t found = OffsetIn(text, groups[0]);
        covered = found <= start && found + groups[0].size() >= end;
        return !covered && found <= start;
      });
    }
    return !covered;
  }
};

std::unique_ptr<RE2> SlowAlternation(const std::vector<std::string>& patterns) {
  RE2::Options options;
  options.set_longest_match(true);  // as the matcher compiles them
  std::string alternation;
  for (const std::string& pattern : patterns) alternation += (alternation.empty() ? "(?:" : "|(?:") + pattern + ")";
  auto regex = std::make_unique<RE2>(alternation, options);
  REQUIRE(regex->ok());
  return regex;
}

// The matcher decides most guards from prefix indexes of their patterns
// and searches exclusions only over the stretch around a hit made of bytes
// they can contain. Its verdicts must be those of plain searches: on random
// texts of pieces that put context words at word starts and inside words,
// at the window's edges and across them (a run of spaces), that make
// exclusions cover the hit, sit beside it, overlap one another (the first
// found hides the next) or lie beyond bytes no exclusion contains.
TEST_CASE("Guards decide exactly as plain searches of the window do") {
  const CompiledLexicon lexicon = CompileOrFail(R"(
[[entry]]
id = "kafka"
name = "Kafka"
kind = "skill"
category = "data-engineering"
patterns = ['kafka']
window = 12
exclude = ['franz\s+kafka', 'x[\s,]*franz', 'kafka\s*-\s*x', 'zz\s+x']
examples = ["kafka"]
counter_examples = ["franz kafka"]

[[entry]]
id = "spark"
name = "Spark"
kind = "skill"
category = "data-engineering"
patterns = ['spark']
window = 10
context = ['streams?|data\s+lakes?|go\s|v\d+|jobs?\w*', '\(|\s+etl|学院']
exclude = ['spark\s+plugs?']
examples = ["spark streams"]
counter_examples = ["spark plugs and streams"]
)");
  std::array<SlowGuards, 2> slow;
  slow[0].exclude = SlowAlternation({R"(franz\s+kafka)", R"(x[\s,]*franz)", R"(kafka\s*-\s*x)", R"(zz\s+x)"});
  slow[0].window = 12;
  slow[1].context = SlowAlternation({R"(\bstreams?)", R"(\bdata\s+lakes?)", R"(\bgo\s)", R"(\bv\d+)", R"(\bjobs?\w*)",
                                     R"(\()", R"(\s+etl)", "学院"});
  slow[1].exclude = SlowAlternation({R"(spark\s+plugs?)"});
  slow[1].window = 10;
  const std::vector<std::string> pieces = {
      "kafka", "franz ", "franz kafka", "kafka - x", "x, ", "x", "zz ", "spark", "spark plug", "streams", "upstream",
      "data lake", "go", "v12", "jobs", "(", " etl", "学院", " ", "   ", ",", "-", ".", "y", "\n", "3"};
  std::mt19937 random(20261122);
  std::array<size_t, 2> kept{};
  std::array<size_t, 2> rejected{};
  for (int round = 0; round < 2500; ++round) {
    std::string text;
    const int count = 3 + static_cast<int>(random() % 16);
    for (int piece = 0; piece < count; ++piece) text += pieces[random() % pieces.size()];
    const WordBoundaries boundaries = Tokenize(text);
    std::vector<std::pair<size_t, size_t>> expected;  // entry, start
    for (size_t entry = 0; entry < 2; ++entry) {
      const std::string name = entry == 0 ? "kafka" : "spark";
      for (size_t start = text.find(name); start != std::string::npos; start = text.find(name, start + 1)) {
        const size_t end = start + name.size();
        if (!boundaries.IsBoundary(start) || !boundaries.IsBoundary(end)) continue;
        const bool allowed = slow[entry].Allow(text, start, end);
        if (allowed) expected.emplace_back(entry, start);
        (allowed ? kept : rejected)[entry] += 1;
      }
    }
    std::sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    const FoldedText folded = FoldCase(text);
    std::vector<std::pair<size_t, size_t>> found;
    for (const Hit& hit : MatchLexicon(lexicon, MatchableText{text, folded, boundaries})) found.emplace_back(hit.entry, hit.start);
    INFO("text: '" << text << "'");
    CHECK(found == expected);
  }
  INFO("kept " << kept[0] << ", " << kept[1] << "; rejected " << rejected[0] << ", " << rejected[1]);
  for (size_t entry = 0; entry < 2; ++entry) {
    CHECK(kept[entry] > 100);
    CHECK(rejected[entry] > 100);
  }
}

// The prefix index may only ever skip entries that cannot match: matching
// with it finds exactly what running every entry at every word start finds.
TEST_CASE("Indexed matching finds exactly the hits of exhaustive matching") {
  const CompiledLexicon& lexicon = testing::BundledAnalyzer().lexicon();
  std::vector<std::string> texts;
  for (const auto& item : std::filesystem::directory_iterator(testing::SourcePath("samples"))) {
    if (!HasResumeExtension(item.path())) continue;
    auto document = ExtractDocument(item.path(), ExtractOptions{});
    REQUIRE(document);
    texts.push_back(Normalize(*document).display);
  }
  std::string examples;
  for (const auto& entry : lexicon.entries()) {
    for (const auto& example : entry.examples) examples += example + "\n";
    for (const auto& counter : entry.counter_examples) examples += counter + "\n";
  }
  texts.push_back(examples);
  // Runs of digits and spaces, line breaks inside phrases, odd spellings.
  texts.push_back("Trained 12,345 models on 3\n  TB/day; machine\nlearning, Machine-Learning, py torch, "
                  "scikit - learn, 10x faster, top 1 % of 5,000 teams, Go, GO, go-to, C, C++, R, R&D");
  size_t total = 0;
  for (const std::string& display : texts) total += MatchesAsExhaustively(lexicon, display);
  CHECK(total > 1000);
}

}  // namespace
}  // namespace ra

namespace ra {
namespace {

std::vector<DataFile> BundledLexiconFiles() {
  DataOptions options;
  options.lexicons_dir = testing::SourcePath("lexicons");
  auto files = ReadLexiconFiles(options);
  REQUIRE(files);
  return *files;
}

std::vector<std::tuple<std::string, size_t, size_t>> Hits(const CompiledLexicon& lexicon, const std::string& text) {
  std::vector<std::tuple<std::string, size_t, size_t>> hits;
  for (const Hit& hit : MatchSnippet(lexicon, text)) hits.emplace_back(lexicon.entries()[hit.entry].id, hit.start, hit.end);
  return hits;
}

// A stale image (lexicons edited, or the prefix analysis changed, without
// the image being rebuilt) would match differently from the files: the
// build must have made it from exactly these files with this code.
TEST_CASE("The embedded lexicon image is what the bundled lexicon files compile to") {
  const auto files = BundledLexiconFiles();
  const CompiledLexicon compiled = CompileFiles(files);
  const std::string image = SaveLexiconImage(compiled, LexiconSourcesFingerprint(files));
  CHECK(image.size() > 100000);
  CHECK(image == std::string(EmbeddedLexiconImage()));
  // And a run on the bundled files takes it.
  CHECK(LoadEmbeddedLexiconImage(files));
}

TEST_CASE("A lexicon loaded from its image matches exactly like the compiled one") {
  const auto files = BundledLexiconFiles();
  const CompiledLexicon compiled = CompileFiles(files);
  auto loaded = LoadLexiconImage(SaveLexiconImage(compiled, "fp"), "fp");
  REQUIRE(loaded);
  REQUIRE(loaded->entries().size() == compiled.entries().size());
  for (size_t i = 0; i < compiled.entries().size(); ++i) {
    const LexiconEntry& a = compiled.entries()[i];
    const LexiconEntry& b = loaded->entries()[i];
    INFO(a.id);
    CHECK(b.id == a.id);
    CHECK(b.patterns == a.patterns);
    CHECK(b.context == a.context);
    CHECK(b.exclude == a.exclude);
    CHECK(b.window == a.window);
    CHECK(b.case_sensitive == a.case_sensitive);
    CHECK(b.examples == a.examples);
    CHECK(b.file == a.file);
    CHECK(b.line == a.line);
  }
  CHECK(loaded->folded_index().node_count() == compiled.folded_index().node_count());
  CHECK(loaded->cased_index().node_count() == compiled.cased_index().node_count());
  CHECK(loaded->data().sections.size() == compiled.data().sections.size());
  CHECK(loaded->data().link_kinds.size() == compiled.data().link_kinds.size());
  std::string text;
  for (const auto& entry : compiled.entries()) {
    for (const auto& example : entry.examples) text += example + "\n";
    for (const auto& counter : entry.counter_examples) text += counter + "\n";
  }
  const auto expected = Hits(compiled, text);
  CHECK(expected.size() > 1000);
  CHECK(Hits(*loaded, text) == expected);
}

TEST_CASE("A lexicon image of other files, damaged or cut short is refused") {
  const CompiledLexicon lexicon = CompileOrFail(kGoodEntry);
  const std::string image = SaveLexiconImage(lexicon, "fingerprint-a");
  REQUIRE(LoadLexiconImage(image, "fingerprint-a"));
  CHECK_FALSE(LoadLexiconImage(image, "fingerprint-b"));
  CHECK_FALSE(LoadLexiconImage("", "fingerprint-a"));
  CHECK_FALSE(LoadLexiconImage(image + "x", "fingerprint-a"));
  for (size_t size = 0; size < image.size(); ++size) {
    INFO("cut to " << size << " bytes");
    CHECK_FALSE(LoadLexiconImage(image.substr(0, size), "fingerprint-a"));
  }
  // A changed byte either is refused or still loads a lexicon in bounds
  // (the sanitizer builds check the "in bounds").
  for (size_t at = 0; at < image.size(); ++at) {
    std::string damaged = image;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x5A);
    if (auto loaded = LoadLexiconImage(damaged, "fingerprint-a")) MatchSnippet(*loaded, "Trained in PyTorch and pytorch");
  }
}

TEST_CASE("Lexicon files that differ from the bundled ones are compiled, not taken from the image") {
  auto files = BundledLexiconFiles();
  const std::string bundled = LexiconSourcesFingerprint(files);
  // The same files from another folder are the same lexicon.
  auto moved = files;
  for (DataFile& file : moved) file.path = "/elsewhere/" + std::filesystem::path(file.path).filename().string();
  CHECK(LexiconSourcesFingerprint(moved) == bundled);
  // One more entry is another lexicon.
  files.push_back(DataFile{"extra.toml", kGoodEntry});
  CHECK(LexiconSourcesFingerprint(files) != bundled);
  CHECK_FALSE(LoadEmbeddedLexiconImage(files));

  const auto dir = testing::TempDir("lexicon-edited");
  for (const DataFile& file : BundledLexiconFiles()) {
    std::string content = file.content;
    if (std::filesystem::path(file.path).filename() == "skills-ml-and-data.toml") {
      content += "\n[[entry]]\nid = \"quux-net\"\nname = \"QuuxNet\"\nkind = \"skill\"\ncategory = \"ml-framework\"\n"
                 "patterns = ['quux[\\s-]*net']\nexamples = [\"Trained QuuxNet models\"]\n";
    }
    testing::WriteFile(dir / std::filesystem::path(file.path).filename(), content);
  }
  DataOptions options;
  options.lexicons_dir = dir;
  auto analyzer = Analyzer::Create(options);
  REQUIRE(analyzer);
  const CompiledLexicon& edited = (*analyzer)->lexicon();
  REQUIRE(edited.Find("quux-net") >= 0);
  const auto hits = Hits(edited, "Trained QuuxNet models");
  CHECK(std::count(hits.begin(), hits.end(), std::tuple<std::string, size_t, size_t>{"quux-net", 8, 15}) == 1);
}

}  // namespace
}  // namespace ra
