#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "analyzer/batch/isolated_extractor.h"
#include "analyzer/batch/progress.h"
#include "analyzer/batch/runner.h"
#include "analyzer/report/json_report.h"
#include "test_support.h"

namespace ra {
namespace {

namespace fs = std::filesystem;
using testing::SourcePath;

std::vector<std::string> Paths(const std::vector<InputFile>& inputs) {
  std::vector<std::string> paths;
  for (const auto& input : inputs) paths.push_back(input.path);
  return paths;
}

TEST_CASE("Inputs keep argument order and sort files within folders") {
  const fs::path dir = testing::TempDir("inputs");
  testing::WriteFile(dir / "b.txt", "b");
  testing::WriteFile(dir / "a.txt", "a");
  testing::WriteFile(dir / "sub" / "c.md", "c");
  testing::WriteFile(dir / ".hidden.txt", "h");
  testing::WriteFile(dir / "z.pdf", "not really");
  testing::WriteFile(dir / "photo.png", "png");
  const auto collected = CollectInputs({(dir / "z.pdf").string(), dir.string(), (dir / "missing.pdf").string()});
  const auto& inputs = collected.files;
  CHECK(collected.skipped == std::vector<std::string>{(dir / "photo.png").string()});
  CHECK(Paths(inputs) == std::vector<std::string>{(dir / "z.pdf").string(), (dir / "a.txt").string(),
                                                  (dir / "b.txt").string(), (dir / "sub" / "c.md").string(),
                                                  (dir / "z.pdf").string(), (dir / "missing.pdf").string()});
  REQUIRE(inputs.back().error);
  CHECK(inputs.back().error->code == errc::kFileNotFound);
  fs::remove_all(dir);
}

TEST_CASE("Symlinked folders are not followed, so loops end") {
  const fs::path dir = testing::TempDir("loop");
  testing::WriteFile(dir / "a.txt", "a");
  fs::create_directory_symlink(dir, dir / "loop");
  fs::create_symlink(dir / "gone.txt", dir / "dangling.txt");
  const auto inputs = CollectInputs({dir.string()}).files;
  REQUIRE(inputs.size() == 2);  // a.txt and the dangling link; the loop is not entered
  CHECK(inputs[0].path == (dir / "a.txt").string());
  CHECK(inputs[1].path == (dir / "dangling.txt").string());
  REQUIRE(inputs[1].error);
  fs::remove_all(dir);
}

TEST_CASE("Path lists skip blank lines and carriage returns") {
  std::istringstream list("a.pdf\r\n\nsub/b.txt\n");
  CHECK(ReadPathList(list) == std::vector<std::string>{"a.pdf", "sub/b.txt"});
}

TEST_CASE("Shards split the inputs disjointly, completely and stably") {
  std::vector<InputFile> inputs;
  for (int i = 0; i < 200; ++i) inputs.push_back(InputFile{"resumes/candidate-" + std::to_string(i) + ".pdf", std::nullopt, {}, {}});
  std::multiset<std::string> seen;
  for (unsigned k = 0; k < 4; ++k) {
    const auto share = TakeShard(inputs, k, 4);
    CHECK(share.size() > 30);  // roughly a quarter each
    CHECK(share.size() < 70);
    CHECK(Paths(share) == Paths(TakeShard(inputs, k, 4)));  // stable
    for (const auto& input : share) seen.insert(input.path);
  }
  CHECK(seen.size() == inputs.size());
  for (const auto& input : inputs) CHECK(seen.count(input.path) == 1);
}

TEST_CASE("A stopped batch hands over only whole results, in order, and starts no new file") {
  const auto inputs = CollectInputs({SourcePath("samples").string()}).files;
  REQUIRE(inputs.size() > 8);
  for (unsigned jobs : {1u, 3u}) {
    INFO("jobs " << jobs);
    std::atomic<bool> stop{false};
    BatchOptions options;
    options.jobs = jobs;
    options.analyze = testing::FixedOptions();
    options.stop = &stop;
    std::vector<std::string> files;
    const size_t written = RunBatch(testing::BundledAnalyzer(), inputs, options, [&](AnalysisResult&& result) {
      files.push_back(result.file);
      if (files.size() == 3) stop = true;
    });
    CHECK(written == files.size());
    CHECK(files.size() >= 3);
    CHECK(files.size() < inputs.size());
    for (size_t i = 0; i < files.size(); ++i) CHECK(files[i] == inputs[i].path);
  }
}

std::vector<std::string> RunToLines(const std::vector<InputFile>& inputs, unsigned jobs);

std::vector<AnalysisResult> RunIsolated(const std::vector<InputFile>& inputs, unsigned jobs, IsolationOptions isolation) {
  BatchOptions options;
  options.jobs = jobs;
  options.analyze = testing::FixedOptions();
  isolation.executable = RA_BINARY;
  options.isolation = isolation;
  std::vector<AnalysisResult> results;
  RunBatch(testing::BundledAnalyzer(), inputs, options, [&](AnalysisResult&& result) { results.push_back(std::move(result)); });
  return results;
}

std::string ErrorCodeOf(const std::vector<AnalysisResult>& results, const std::string& name) {
  for (const auto& result : results) {
    if (result.file.find(name) != std::string::npos) return result.ok() ? "ok" : result.error->code;
  }
  return "missing";
}

TEST_CASE("Isolated extraction gives the same results as in-process extraction") {
  const auto inputs = CollectInputs({SourcePath("samples").string(), SourcePath("tests/fixtures/bad").string()}).files;
  const auto isolated = RunIsolated(inputs, 2, IsolationOptions{});
  const auto in_process = RunToLines(inputs, 2);
  REQUIRE(isolated.size() == in_process.size());
  for (size_t i = 0; i < isolated.size(); ++i) {
    CHECK(ResultToJson(isolated[i], testing::BundledAnalyzer()).dump() == in_process[i]);
  }
}

TEST_CASE("A file that hangs the PDF library costs only itself") {
  const auto inputs = CollectInputs({SourcePath("samples").string()}).files;
  ::setenv("RA_WORKER_FAULT", "hang:two-column", 1);
  IsolationOptions isolation;
  isolation.timeout = std::chrono::milliseconds(700);
  const auto results = RunIsolated(inputs, 2, isolation);
  ::unsetenv("RA_WORKER_FAULT");
  REQUIRE(results.size() == inputs.size());
  CHECK(ErrorCodeOf(results, "two-column-mle.pdf") == errc::kTimeout);
  size_t ok = 0;
  for (const auto& result : results) ok += result.ok();
  CHECK(ok == inputs.size() - 1);  // the replaced worker goes on with the next files
}

TEST_CASE("A file that crashes the PDF library costs only itself") {
  const auto inputs = CollectInputs({SourcePath("samples").string()}).files;
  ::setenv("RA_WORKER_FAULT", "crash:senior-mle", 1);
  const auto results = RunIsolated(inputs, 1, IsolationOptions{});
  ::unsetenv("RA_WORKER_FAULT");
  REQUIRE(results.size() == inputs.size());
  CHECK(ErrorCodeOf(results, "senior-mle.pdf") == errc::kCrashed);
  CHECK(ErrorCodeOf(results, "spanish-mle.pdf") == "ok");  // after it, on a new worker
}

TEST_CASE("A worker over its memory limit reports memory-limit") {
#if defined(RA_SANITIZER) || defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  // Sanitizers reserve terabytes of address space, so workers built with
  // them set no address-space limit (batch/isolated_extractor.cc).
  WARN("memory limit not applied under sanitizers");
  return;
#endif
  const std::vector<InputFile> inputs = {InputFile{SourcePath("samples/senior-mle.pdf").string(), std::nullopt}};
  IsolationOptions isolation;
  isolation.max_memory_mib = 64;
  const auto results = RunIsolated(inputs, 1, isolation);
  REQUIRE(results.size() == 1);
  REQUIRE_FALSE(results[0].ok());
  CHECK((results[0].error->code == errc::kMemoryLimit || results[0].error->code == errc::kCrashed));
}

TEST_CASE("The progress line shows count, rate, time left and failures") {
  CHECK(FormatProgress(50, 200, 3, 10.0) == "[======                  ] 50/200 files  5.0/s  ETA 0:30  3 failed");
  CHECK(FormatProgress(200, 200, 0, 8.0) == "[========================] 200/200 files  25.0/s");
  CHECK(FormatProgress(0, 0, 0, 0.0) == "[========================] 0/0 files  0.0/s");
}

std::vector<std::string> RunToLines(const std::vector<InputFile>& inputs, unsigned jobs) {
  const Analyzer& analyzer = testing::BundledAnalyzer();
  BatchOptions options;
  options.jobs = jobs;
  options.analyze = testing::FixedOptions();
  std::vector<std::string> lines;
  RunBatch(analyzer, inputs, options, [&](AnalysisResult&& result) { lines.push_back(ResultToJson(result, analyzer).dump()); });
  return lines;
}

TEST_CASE("A batch reports every input once, in order, whatever the number of jobs") {
  const auto inputs = CollectInputs({SourcePath("tests/fixtures/bad").string(), SourcePath("samples").string()}).files;
  const auto one = RunToLines(inputs, 1);
  const auto three = RunToLines(inputs, 3);
  REQUIRE(one.size() == inputs.size());
  CHECK(one == three);
  size_t errors = 0;
  for (size_t i = 0; i < one.size(); ++i) {
    const auto json = nlohmann::json::parse(one[i]);
    CHECK(json["file"] == inputs[i].path);
    errors += json["status"] == "error";
  }
  // Every bad fixture except the Latin-1 resume (converted) fails; photo.png is
  // not a document and is skipped in a folder walk.
  CHECK(errors == 9);
}

TEST_CASE("Heading hints, columns and unmapped glyphs survive the worker's JSON line") {
  Document document;
  document.pages = {"Berufserfahrung\nML engineer"};
  document.heading_hints = {HeadingHint{1, "Berufserfahrung", 0}, HeadingHint{2, "Ausbildung", 1}};
  document.max_columns = 2;
  document.unmapped_characters = 7;
  const Document back = DocumentFromJsonLine(DocumentToJsonLine(document));
  REQUIRE(back.heading_hints.size() == 2);
  CHECK(back.heading_hints[1].page == 2);
  CHECK(back.heading_hints[1].text == "Ausbildung");
  CHECK(back.heading_hints[1].style == 1);
  CHECK(back.max_columns == 2);
  CHECK(back.unmapped_characters == 7);
  CHECK(back.pages == document.pages);
}

}  // namespace
}  // namespace ra
