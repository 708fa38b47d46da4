#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "analyzer/report/csv_report.h"
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

}  // namespace
}  // namespace ra
