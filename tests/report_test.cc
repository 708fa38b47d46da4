#include <catch2/catch.hpp>

#include <sstream>

#include <nlohmann/json.hpp>

#include "analyzer/report/csv_report.h"
#include "analyzer/report/html_report.h"
#include "analyzer/report/json_report.h"
#include "analyzer/report/text_report.h"
#include "test_support.h"

namespace ra {
namespace {

using testing::BundledAnalyzer;
using testing::FixedOptions;
using testing::SourcePath;

size_t CountFields(const std::string& row) {
  size_t fields = 1;
  bool quoted = false;
  for (char c : row) {
    if (c == '"') quoted = !quoted;
    if (c == ',' && !quoted) ++fields;
  }
  return fields;
}

size_t LongestLine(const std::string& text) {
  size_t longest = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    size_t columns = 0;
    for (size_t i = start; i < end; ++i) columns += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    longest = std::max(longest, columns);
    start = end + 1;
  }
  return longest;
}

TEST_CASE("Wrap keeps lines within the width and indents continuations") {
  const std::string wrapped = Wrap("one two three four five six seven eight nine ten", 20, 4);
  CHECK(wrapped == "one two three\n    four five six\n    seven eight nine\n    ten");
}

TEST_CASE("CSV quotes fields that need it") {
  CHECK(CsvQuote("plain") == "plain");
  CHECK(CsvQuote("a,b") == "\"a,b\"");
  CHECK(CsvQuote("say \"hi\"") == "\"say \"\"hi\"\"\"");
}

TEST_CASE("CSV rows have as many fields as the header, for errors too") {
  const Analyzer& analyzer = BundledAnalyzer();
  const size_t header_fields = CountFields(CsvHeader(analyzer.rules()));
  const AnalysisResult ok = analyzer.Analyze(SourcePath("samples/senior-mle.pdf"), FixedOptions());
  const AnalysisResult failed = analyzer.Analyze(SourcePath("tests/fixtures/bad/empty.pdf"), FixedOptions());
  CHECK(CountFields(CsvRow(ok, analyzer.rules())) == header_fields);
  CHECK(CountFields(CsvRow(failed, analyzer.rules())) == header_fields);
  CHECK(header_fields == 7 + analyzer.rules().requirements.size());
}

TEST_CASE("A CSV row from JSON equals the row from the result") {
  const Analyzer& analyzer = BundledAnalyzer();
  for (const char* file : {"samples/senior-mle.pdf", "tests/fixtures/bad/encrypted.pdf"}) {
    const AnalysisResult result = analyzer.Analyze(SourcePath(file), FixedOptions());
    CHECK(CsvRowFromJson(ResultToJson(result, analyzer), analyzer.rules()) == CsvRow(result, analyzer.rules()));
  }
}

TEST_CASE("JSON of a failed file carries its code and message") {
  const Analyzer& analyzer = BundledAnalyzer();
  const AnalysisResult failed = analyzer.Analyze(SourcePath("tests/fixtures/bad/encrypted.pdf"), FixedOptions());
  const auto json = ResultToJson(failed, analyzer);
  CHECK(json["status"] == "error");
  CHECK(json["error"]["code"] == "encrypted");
  CHECK_FALSE(json.contains("score"));
}

TEST_CASE("JSON evidence offsets quote the extracted text exactly") {
  const Analyzer& analyzer = BundledAnalyzer();
  const AnalysisResult result = analyzer.Analyze(SourcePath("samples/two-column-mle.pdf"), FixedOptions());
  REQUIRE(result.ok());
  const auto json = ResultToJson(result, analyzer);
  size_t checked = 0;
  for (const auto& skill : json["skills"]) {
    for (const auto& evidence : skill["evidence"]) {
      const size_t start = evidence["start"];
      const size_t end = evidence["end"];
      CHECK(result.text.display.substr(start, end - start) == evidence["text"].get<std::string>());
      ++checked;
    }
  }
  CHECK(checked > 10);
}

TEST_CASE("The text report is plain without colour and fits the width") {
  const Analyzer& analyzer = BundledAnalyzer();
  const AnalysisResult result = analyzer.Analyze(SourcePath("samples/data-scientist.pdf"), FixedOptions());
  REQUIRE(result.ok());
  const std::string plain = TextReport(result, analyzer, TextStyle{false, 72});
  CHECK(plain.find("\x1b[") == std::string::npos);
  CHECK(plain.find("Score ") != std::string::npos);
  CHECK(plain.find("Advice") != std::string::npos);
  CHECK(LongestLine(plain) <= 72);
  const std::string coloured = TextReport(result, analyzer, TextStyle{true, 72});
  CHECK(coloured.find("\x1b[") != std::string::npos);
}

// The files of the ranking table, in page order (each row's data-file).
std::vector<std::string> RankedFiles(const std::string& html) {
  std::vector<std::string> files;
  const std::string marker = "<tbody data-rank=\"";
  for (size_t at = html.find(marker); at != std::string::npos; at = html.find(marker, at + 1)) {
    const size_t start = html.find("data-file=\"", at) + 11;
    files.push_back(html.substr(start, html.find('"', start) - start));
  }
  return files;
}

size_t Count(const std::string& text, const std::string& part) {
  size_t count = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++count;
  return count;
}

// A result as ResultToJson shapes it, with every requirement at `score`.
nlohmann::ordered_json FakeResult(const Rules& rules, const std::string& file, double score, size_t evidence = 0) {
  nlohmann::ordered_json requirements = nlohmann::ordered_json::array();
  for (const auto& requirement : rules.requirements) {
    nlohmann::ordered_json items = nlohmann::ordered_json::array();
    for (size_t i = 0; i < evidence; ++i) {
      items.push_back({{"id", "python"}, {"name", "Python " + std::to_string(i)}, {"points", 0.1 * double(i)},
                       {"text", "Python"}, {"page", 1}, {"section", "experience"}});
    }
    requirements.push_back({{"id", requirement.id}, {"name", requirement.name}, {"score", score},
                            {"weight", requirement.weight}, {"evidence", items}});
  }
  return {{"file", file}, {"status", "ok"}, {"score", score}, {"verdict", "some match"},
          {"level", {{"id", "mid"}}}, {"requirements", requirements},
          {"advice", {{{"requirement", "math"}, {"text", "Show statistics in use."}, {"gain", 2.5}}}},
          {"flags", nlohmann::ordered_json::array()}};
}

nlohmann::ordered_json FakeFailure(const std::string& file, const std::string& code, const std::string& message) {
  return {{"file", file}, {"status", "error"}, {"error", {{"code", code}, {"message", message}}}};
}

std::string WriteHtml(const HtmlReport& report) {
  std::ostringstream out;
  report.Write(out, {"2026-11-21 12:00 UTC", report.size(), false});
  return out.str();
}

TEST_CASE("HtmlEscape replaces the five characters that matter in HTML") {
  CHECK(HtmlEscape("<a href=\"x\">Tom & Jerry's</a>") ==
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  CHECK(HtmlEscape("plain caf\u00e9") == "plain caf\u00e9");
}

TEST_CASE("The HTML report ranks by score, ties in input order, failures last with their code") {
  const Rules& rules = BundledAnalyzer().rules();
  HtmlReport report(rules);
  report.Add(FakeFailure("broken.pdf", "corrupt-pdf", "cannot parse"));
  report.Add(FakeResult(rules, "low.pdf", 20));
  report.Add(FakeResult(rules, "high.pdf", 90));
  report.Add(FakeFailure("empty.pdf", "empty-file", "0 bytes"));
  report.Add(FakeResult(rules, "middle.pdf", 50));
  report.Add(FakeResult(rules, "middle-too.pdf", 50));
  const std::string html = WriteHtml(report);
  CHECK(RankedFiles(html) ==
        std::vector<std::string>{"high.pdf", "middle.pdf", "middle-too.pdf", "low.pdf", "broken.pdf", "empty.pdf"});
  CHECK(html.find("<dd id=\"count-files\">6</dd>") != std::string::npos);
  CHECK(html.find("<dd id=\"count-ok\">4</dd>") != std::string::npos);
  CHECK(html.find("<dd id=\"count-failed\">2</dd>") != std::string::npos);
  CHECK(html.find("<dd id=\"rules-version\">" + rules.version + "</dd>") != std::string::npos);
  CHECK(html.find("2026-11-21 12:00 UTC") != std::string::npos);
  // The failures section names each failed file with its code and message.
  const std::string failures = html.substr(html.find("<section id=\"failures\">"));
  CHECK(failures.find("<td class=\"file\">broken.pdf</td><td>corrupt-pdf</td><td>cannot parse</td>") !=
        std::string::npos);
  CHECK(failures.find("<td class=\"file\">empty.pdf</td><td>empty-file</td><td>0 bytes</td>") != std::string::npos);
  // One column per requirement, coloured by band.
  CHECK(Count(html, "<th class=\"req\"") == rules.requirements.size());
  CHECK(html.find("<td class=\"num b2\">90.0</td>") != std::string::npos);
  CHECK(html.find("<td class=\"num b1\">50.0</td>") != std::string::npos);
  CHECK(html.find("<td class=\"num b0\">20.0</td>") != std::string::npos);
}

TEST_CASE("The HTML report marks duplicates, caps quotes per requirement and shows advice gains") {
  const Rules& rules = BundledAnalyzer().rules();
  HtmlReport report(rules);
  report.Add(FakeResult(rules, "first.txt", 60, kHtmlEvidencePerRequirement + 2));
  auto copy = FakeResult(rules, "copy.txt", 60);
  copy["duplicate_of"] = "first.txt";
  report.Add(copy);
  const std::string html = WriteHtml(report);
  CHECK(html.find("<dd id=\"count-duplicates\">1</dd>") != std::string::npos);
  CHECK(html.find("duplicate of first.txt</span>") != std::string::npos);
  CHECK(Count(html, "has a duplicate</span>") == 1);
  // The strongest quotes are kept; the rest are counted.
  CHECK(Count(html, "and 2 more in the JSON output") == rules.requirements.size());
  CHECK(html.find("Python 6 ") != std::string::npos);
  CHECK(html.find("Python 0 ") == std::string::npos);
  CHECK(html.find("Show statistics in use. <span class=\"gain\">+2.5</span>") != std::string::npos);
  CHECK(Count(html, "<details>") == 2);
}

TEST_CASE("The HTML report escapes hostile file names, evidence and messages") {
  const Analyzer& analyzer = BundledAnalyzer();
  const auto dir = testing::TempDir("html-hostile");
  const auto file = dir / "<img src=x onerror=alert('name')> & \"co\".txt";
  testing::WriteFile(file,
                     "Jane Testcase\njane@example.org\n\nExperience\n"
                     "Machine Learning Engineer <script>alert(1)</script> & \"Quoted\" Labs\n"
                     "Jan 2020 - Present\n"
                     "- Built PyTorch models in Python and deployed them with Docker on AWS\n"
                     "- Trained deep learning models for recommendation\n");
  const auto json = ResultToJson(analyzer.Analyze(file, FixedOptions()), analyzer);
  REQUIRE(json["status"] == "ok");
  REQUIRE(json.dump().find("<script>alert(1)</script>") != std::string::npos);  // the evidence carries it
  HtmlReport report(analyzer.rules());
  report.Add(json);
  report.Add(FakeFailure("</td><script>alert(2)</script>.pdf", "corrupt-pdf", "bad <b>bytes</b> & \"more\""));
  const std::string html = WriteHtml(report);
  CHECK(Count(html, "<script") == 1);  // the page's own script only
  CHECK(html.find("alert(1)</script>") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Quoted&quot; Labs") != std::string::npos);
  CHECK(html.find("&lt;img src=x onerror=alert(&#39;name&#39;)&gt; &amp; &quot;co&quot;.txt") != std::string::npos);
  CHECK(html.find("&lt;/td&gt;&lt;script&gt;alert(2)&lt;/script&gt;.pdf") != std::string::npos);
  CHECK(html.find("bad &lt;b&gt;bytes&lt;/b&gt; &amp; &quot;more&quot;") != std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ra
