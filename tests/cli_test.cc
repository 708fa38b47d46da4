#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "analyzer/cli/cli.h"
#include "test_support.h"

namespace ra {
namespace {

namespace fs = std::filesystem;
using testing::SourcePath;

// scan starts extraction workers from this program; here the program is the
// test binary, so point them at the analyzer.
const bool kWorkerIsTheAnalyzer = [] {
  testing::UseAnalyzerAsWorker();
  return true;
}();

using Run = testing::CliRun;

Run RunArgs(const std::vector<std::string>& arguments, bool tty = false) { return testing::RunCommand(arguments, tty); }

std::string Sample(const std::string& name) { return SourcePath("samples/" + name).string(); }
std::string Bad(const std::string& name) { return SourcePath("tests/fixtures/bad/" + name).string(); }

std::vector<nlohmann::json> JsonLines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

TEST_CASE("Help and version exit 0; no command or a bad one exits 2") {
  CHECK(RunArgs({"--help"}).code == kExitOk);
  CHECK(RunArgs({"--help"}).out.find("scan PATH") != std::string::npos);
  CHECK(RunArgs({"check", "--help"}).out.find("--format") != std::string::npos);
  CHECK(RunArgs({"scan", "--help"}).out.find("--jobs") != std::string::npos);
  CHECK(RunArgs({"extract", "--help"}).code == kExitOk);
  const Run version = RunArgs({"--version"});
  CHECK(version.code == kExitOk);
  CHECK(version.out.rfind("resume-analyzer ", 0) == 0);
  CHECK(RunArgs({}).code == kExitUsage);
  const Run bad = RunArgs({"frobnicate"});
  CHECK(bad.code == kExitUsage);
  CHECK(bad.err.find("unknown command 'frobnicate'") != std::string::npos);
}

TEST_CASE("Bad options exit 2 with a one-line reason") {
  CHECK(RunArgs({"check", Sample("senior-mle.pdf"), "--format", "yaml"}).code == kExitUsage);
  CHECK(RunArgs({"check", Sample("senior-mle.pdf"), "--no-such-flag"}).code == kExitUsage);
  CHECK(RunArgs({"check"}).code == kExitUsage);
  CHECK(RunArgs({"check", Sample("senior-mle.pdf"), Sample("new-grad-mle.pdf")}).code == kExitUsage);
  const Run as_of = RunArgs({"check", Sample("senior-mle.pdf"), "--as-of", "2026-13-01"});
  CHECK(as_of.code == kExitUsage);
  CHECK(as_of.err.find("--as-of") != std::string::npos);
  CHECK(RunArgs({"scan", Sample("senior-mle.pdf"), "--jobs", "-3"}).code == kExitUsage);
  CHECK(RunArgs({"scan"}).code == kExitUsage);
  CHECK(RunArgs({"scan", Sample("senior-mle.pdf"), "--max-pages", "0"}).code == kExitUsage);
  const Run level = RunArgs({"check", Sample("senior-mle.pdf"), "--level", "principal"});
  CHECK(level.code == kExitUsage);
  CHECK(level.err.find("--level must be junior, mid or senior") != std::string::npos);
}

TEST_CASE("check prints a report and exits 0") {
  const Run run = RunArgs({"check", Sample("senior-mle.pdf"), "--as-of", "2026-11-01"});
  CHECK(run.code == kExitOk);
  CHECK(run.out.find("Score ") != std::string::npos);
  CHECK(run.out.find("Requirements") != std::string::npos);
  CHECK(run.out.find("\x1b[") == std::string::npos);  // not a terminal: no colour
}

TEST_CASE("check colours a terminal unless NO_COLOR is set") {
  ::unsetenv("NO_COLOR");
  CHECK(RunArgs({"check", Sample("text-only-mle.txt")}, true).out.find("\x1b[") != std::string::npos);
  ::setenv("NO_COLOR", "1", 1);
  CHECK(RunArgs({"check", Sample("text-only-mle.txt")}, true).out.find("\x1b[") == std::string::npos);
  CHECK(RunArgs({"check", Sample("text-only-mle.txt"), "--color", "always"}, false).out.find("\x1b[") != std::string::npos);
  ::unsetenv("NO_COLOR");
  CHECK(RunArgs({"check", Sample("text-only-mle.txt"), "--color", "never"}, true).out.find("\x1b[") == std::string::npos);
}

TEST_CASE("check wraps the report to --width") {
  const Run run = RunArgs({"check", Sample("data-scientist.pdf"), "--width", "60"});
  std::istringstream lines(run.out);
  for (std::string line; std::getline(lines, line);) {
    size_t columns = 0;
    for (unsigned char c : line) columns += (c & 0xC0) != 0x80;
    INFO(line);
    CHECK(columns <= 60);
  }
}

TEST_CASE("check --format json prints one result object") {
  const Run run = RunArgs({"check", Sample("two-column-mle.pdf"), "--format", "json", "--as-of", "2026-11-01"});
  REQUIRE(run.code == kExitOk);
  const auto json = nlohmann::json::parse(run.out);
  CHECK(json["status"] == "ok");
  CHECK(json["score"].get<double>() > 0);
  CHECK(json["requirements"].size() == 19);
}

TEST_CASE("check on a broken file exits 1 and names the file and reason") {
  const Run run = RunArgs({"check", Bad("encrypted.pdf")});
  CHECK(run.code == kExitFileFailed);
  CHECK(run.err.find("encrypted.pdf: encrypted:") != std::string::npos);
  const Run json = RunArgs({"check", Bad("truncated.pdf"), "--format", "json"});
  CHECK(json.code == kExitFileFailed);
  CHECK(nlohmann::json::parse(json.out)["error"]["code"] == "corrupt-pdf");
}

TEST_CASE("scan of a mixed folder reports every file and exits 1") {
  const Run run = RunArgs({"scan", SourcePath("tests/fixtures/bad").string(), Sample("senior-mle.pdf"), "-j", "2"});
  CHECK(run.code == kExitFileFailed);
  const auto lines = JsonLines(run.out);
  REQUIRE(lines.size() == 11);  // 10 documents in bad/ + the sample
  CHECK(lines.back()["file"] == Sample("senior-mle.pdf"));
  CHECK(lines.back()["status"] == "ok");
  std::set<std::string> codes;
  for (const auto& line : lines) {
    if (line["status"] == "error") codes.insert(line["error"]["code"].get<std::string>());
  }
  CHECK(codes == std::set<std::string>{"bad-encoding", "corrupt-pdf", "empty-file", "encrypted", "no-text",
                                       "no-text-layer", "unsupported-format"});
  CHECK(run.err.find("skipped 1 file(s)") != std::string::npos);  // photo.png
}

TEST_CASE("scan output is the same with one job or many") {
  const std::vector<std::string> paths = {SourcePath("samples").string()};
  auto with_jobs = [&](const char* jobs) {
    auto args = paths;
    args.insert(args.begin(), "scan");
    for (const char* extra : {"--jobs", jobs, "--as-of", "2026-11-01"}) args.push_back(extra);
    return RunArgs(args).out;
  };
  const std::string one = with_jobs("1");
  CHECK_FALSE(one.empty());
  CHECK(one == with_jobs("2"));
  CHECK(one == with_jobs("5"));
}

TEST_CASE("scan writes CSV and a JSON array") {
  const Run csv = RunArgs({"scan", Sample("senior-mle.pdf"), Bad("empty.pdf"), "--format", "csv"});
  CHECK(csv.code == kExitFileFailed);
  std::istringstream lines(csv.out);
  std::string header, first, second;
  std::getline(lines, header);
  std::getline(lines, first);
  std::getline(lines, second);
  CHECK(header.rfind("file,status,error_code,error_message,score,verdict,level,education,", 0) == 0);
  CHECK(first.find(",ok,") != std::string::npos);
  CHECK(second.find(",error,empty-file,") != std::string::npos);

  const Run array = RunArgs({"scan", Sample("senior-mle.pdf"), Sample("text-only-mle.txt"), "--format", "json"});
  CHECK(array.code == kExitOk);
  const auto json = nlohmann::json::parse(array.out);
  REQUIRE(json.is_array());
  CHECK(json.size() == 2);
}

TEST_CASE("scan --format html ranks every file once by score and lists every failure") {
  const std::vector<std::string> inputs = {SourcePath("samples").string(), SourcePath("tests/fixtures/bad").string()};
  auto scan = [&](const char* format) {
    std::vector<std::string> args = {"scan"};
    args.insert(args.end(), inputs.begin(), inputs.end());
    for (const char* extra : {"--as-of", "2026-11-01", "-q", "--format", format}) args.push_back(extra);
    return RunArgs(args);
  };
  const Run jsonl = scan("jsonl");
  const Run html = scan("html");
  CHECK(html.code == kExitFileFailed);
  // The expected ranking, from the JSON of the same scan: score descending
  // (ties in input order), then the failures in input order.
  auto lines = JsonLines(jsonl.out);
  REQUIRE(lines.size() == 23);  // 13 samples + 10 documents in bad/ (photo.png is skipped)
  std::stable_sort(lines.begin(), lines.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    if ((a["status"] == "ok") != (b["status"] == "ok")) return a["status"] == "ok";
    return a["status"] == "ok" && a["score"].get<double>() > b["score"].get<double>();
  });
  std::vector<std::string> expected;
  for (const auto& line : lines) expected.push_back(line["file"].get<std::string>());
  std::vector<std::string> ranked;
  const std::string marker = "<tbody data-rank=\"";
  for (size_t at = html.out.find(marker); at != std::string::npos; at = html.out.find(marker, at + 1)) {
    const size_t start = html.out.find("data-file=\"", at) + 11;
    ranked.push_back(html.out.substr(start, html.out.find('"', start) - start));
  }
  CHECK(ranked == expected);  // every file exactly once, in rank order
  const std::string failures = html.out.substr(html.out.find("<section id=\"failures\">"));
  size_t failed = 0;
  for (const auto& line : lines) {
    if (line["status"] == "ok") continue;
    ++failed;
    const std::string row = "<td class=\"file\">" + line["file"].get<std::string>() + "</td><td>" +
                            line["error"]["code"].get<std::string>() + "</td>";
    CHECK(failures.find(row) != std::string::npos);
  }
  CHECK(failed == 9);
  CHECK(html.out.find("<dd id=\"count-failed\">9</dd>") != std::string::npos);
  CHECK(html.out.find("<dd id=\"count-files\">23</dd>") != std::string::npos);
  CHECK(html.out.rfind("</html>\n") == html.out.size() - 8);
}

TEST_CASE("scan reads paths from --files-from, and shards merge into the whole scan") {
  const fs::path dir = testing::TempDir("cli-shards");
  std::string list;
  for (const char* name : {"senior-mle.pdf", "text-only-mle.txt", "markdown-mle.md", "data-scientist.pdf",
                           "new-grad-mle.pdf", "non-technical.pdf"}) {
    list += Sample(name) + "\n";
  }
  list += Bad("empty.pdf") + "\n";
  testing::WriteFile(dir / "list.txt", list);
  const Run whole = RunArgs({"scan", "--files-from", (dir / "list.txt").string(), "--as-of", "2026-11-01", "-q"});
  CHECK(whole.code == kExitFileFailed);  // empty.pdf
  const auto lines = JsonLines(whole.out);
  REQUIRE(lines.size() == 7);
  CHECK(lines.front()["file"] == Sample("senior-mle.pdf"));
  std::multiset<std::string> merged;
  for (const char* shard : {"0/3", "1/3", "2/3"}) {
    const Run part = RunArgs({"scan", "--files-from", (dir / "list.txt").string(), "--shard", shard, "--as-of",
                              "2026-11-01", "-q"});
    std::istringstream in(part.out);
    for (std::string line; std::getline(in, line);) merged.insert(line);
  }
  std::istringstream in(whole.out);
  std::multiset<std::string> expected;
  for (std::string line; std::getline(in, line);) expected.insert(line);
  CHECK(merged == expected);
  CHECK(RunArgs({"scan", Sample("senior-mle.pdf"), "--shard", "3/3"}).code == kExitUsage);
  CHECK(RunArgs({"scan", Sample("senior-mle.pdf"), "--shard", "x"}).code == kExitUsage);
  CHECK(RunArgs({"scan", "--files-from", (dir / "missing.txt").string()}).code == kExitUsage);
  fs::remove_all(dir);
}

TEST_CASE("scan reports both copies of a duplicate, marking the later one") {
  const fs::path dir = testing::TempDir("cli-duplicates");
  fs::copy_file(Sample("text-only-mle.txt"), dir / "again.txt");
  const Run run = RunArgs({"scan", Sample("text-only-mle.txt"), Sample("markdown-mle.md"), (dir / "again.txt").string()});
  const auto lines = JsonLines(run.out);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0]["content_hash"] == lines[2]["content_hash"]);
  CHECK(lines[0]["content_hash"] != lines[1]["content_hash"]);
  CHECK_FALSE(lines[0].contains("duplicate_of"));
  CHECK(lines[2]["duplicate_of"] == Sample("text-only-mle.txt"));
  CHECK(lines[2]["status"] == "ok");
  fs::remove_all(dir);
}

TEST_CASE("scan of hostile PDFs completes with every file explained") {
  // tests/fixtures/hostile/make-hostile.py: 5,000 pages, 50,000-deep nesting,
  // an image bomb, and a content stream that keeps Poppler busy for seconds.
  const Run run = RunArgs({"scan", SourcePath("tests/fixtures/hostile").string(), "--timeout", "0.5", "-q"});
  CHECK(run.code == kExitFileFailed);
  const auto lines = JsonLines(run.out);
  REQUIRE(lines.size() == 4);
  std::map<std::string, std::string> status;
  for (const auto& line : lines) {
    const std::string file = fs::path(line["file"].get<std::string>()).filename().string();
    status[file] = line["status"] == "ok" ? "ok" : line["error"]["code"].get<std::string>();
  }
  CHECK(status["many-pages.pdf"] == "too-many-pages");
  CHECK(status["huge-stream.pdf"] == "timeout");
  CHECK(status.count("deep-nesting.pdf") == 1);
  CHECK(status.count("image-bomb.pdf") == 1);
}

TEST_CASE("scan --cache reuses earlier results and analyses only changed files") {
  const fs::path dir = testing::TempDir("cli-cache");
  fs::copy_file(Sample("text-only-mle.txt"), dir / "a.txt");
  fs::copy_file(Sample("markdown-mle.md"), dir / "b.md");
  const std::string cache = (dir / "cache.db").string();
  const Run first = RunArgs({"scan", (dir / "a.txt").string(), (dir / "b.md").string(), "--cache", cache, "--as-of", "2026-11-01"});
  REQUIRE(first.code == kExitOk);
  // A cached file is not extracted again: a worker that would crash on it is never asked.
  ::setenv("RA_WORKER_FAULT", "crash:a.txt", 1);
  const Run second = RunArgs({"scan", (dir / "a.txt").string(), (dir / "b.md").string(), "--cache", cache, "--as-of", "2026-11-01"});
  ::unsetenv("RA_WORKER_FAULT");
  CHECK(second.code == kExitOk);
  CHECK(second.out == first.out);
  // A changed file is analysed anew.
  fs::copy_file(Sample("data-scientist.pdf"), dir / "b.md", fs::copy_options::overwrite_existing);
  ::setenv("RA_WORKER_FAULT", "crash:b.md", 1);
  const Run third = RunArgs({"scan", (dir / "a.txt").string(), (dir / "b.md").string(), "--cache", cache, "--as-of", "2026-11-01"});
  ::unsetenv("RA_WORKER_FAULT");
  const auto lines = JsonLines(third.out);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["status"] == "ok");
  CHECK(lines[1]["error"]["code"] == "crashed");  // it really was extracted again
  // Another as-of date is another result.
  const Run later = RunArgs({"scan", (dir / "a.txt").string(), "--cache", cache, "--as-of", "2030-01-01", "--format", "csv"});
  const Run fresh = RunArgs({"scan", (dir / "a.txt").string(), "--as-of", "2030-01-01", "--format", "csv"});
  CHECK(later.out == fresh.out);
  CHECK(RunArgs({"scan", (dir / "a.txt").string(), "--cache", dir.string()}).code == kExitUsage);
  fs::remove_all(dir);
}

TEST_CASE("scan -o writes to a file") {
  const fs::path dir = testing::TempDir("cli-output");
  const fs::path output = dir / "out.jsonl";
  const Run run = RunArgs({"scan", Sample("text-only-mle.txt"), "-o", output.string()});
  CHECK(run.code == kExitOk);
  CHECK(run.out.empty());
  CHECK(JsonLines(testing::ReadFile(output)).size() == 1);
  CHECK(RunArgs({"scan", Sample("text-only-mle.txt"), "-o", (dir / "no" / "such" / "dir" / "x").string()}).code == kExitUsage);
  fs::remove_all(dir);
}

TEST_CASE("extract prints the text that evidence offsets index") {
  const Run text = RunArgs({"extract", Sample("ligatures-hyphenation.pdf")});
  REQUIRE(text.code == kExitOk);
  const Run json = RunArgs({"check", Sample("ligatures-hyphenation.pdf"), "--format", "json"});
  const auto result = nlohmann::json::parse(json.out);
  size_t checked = 0;
  for (const auto& credential : result["credentials"]) {
    for (const auto& evidence : credential["evidence"]) {
      const size_t start = evidence["start"];
      const size_t end = evidence["end"];
      CHECK(text.out.substr(start, end - start) == evidence["text"].get<std::string>());
      ++checked;
    }
  }
  for (const auto& skill : result["skills"]) {
    const auto& evidence = skill["evidence"][0];
    const size_t start = evidence["start"];
    CHECK(text.out.substr(start, evidence["text"].get<std::string>().size()) == evidence["text"].get<std::string>());
    ++checked;
  }
  CHECK(checked > 10);
  // The ligatures of this PDF come out as plain letters, and the words
  // LaTeX hyphenated across lines are whole again.
  CHECK(text.out.find("\xEF\xAC") == std::string::npos);
  CHECK(text.out.find("efficient") != std::string::npos);
  CHECK(text.out.find("profiling") != std::string::npos);
  CHECK(text.out.find("infrastructure") != std::string::npos);
  std::istringstream lines(text.out);
  for (std::string line; std::getline(lines, line);) {
    INFO(line);
    CHECK_FALSE((line.size() >= 2 && line.back() == '-' && std::isalpha(static_cast<unsigned char>(line[line.size() - 2]))));
  }
}

TEST_CASE("explain shows the arithmetic behind the same score check gives") {
  const Run explain = RunArgs({"explain", Sample("data-scientist.pdf"), "--as-of", "2026-11-01", "--width", "100"});
  REQUIRE(explain.code == kExitOk);
  const Run json = RunArgs({"check", Sample("data-scientist.pdf"), "--as-of", "2026-11-01", "--format", "json"});
  const auto result = nlohmann::json::parse(json.out);
  char score[32];
  std::snprintf(score, sizeof score, "Score %.1f = weighted mean", result["score"].get<double>());
  CHECK(explain.out.find(score) != std::string::npos);
  CHECK(explain.out.find("[production-code] Production code: weight 9") != std::string::npos);
  CHECK(explain.out.find("score = 100 x min(1, ") != std::string::npos);
  CHECK(explain.out.find("strength 1.375 = experience 1.00 x bullet 1.10 x measured result 1.25") != std::string::npos);
  CHECK(explain.out.find("signal relevant_years = ") != std::string::npos);
  CHECK(RunArgs({"explain", Bad("empty.pdf")}).code == kExitFileFailed);
  CHECK(RunArgs({"explain", "--help"}).out.find("--width") != std::string::npos);
}

TEST_CASE("extract --format json gives text and structure") {
  const Run run = RunArgs({"extract", Sample("markdown-mle.md"), "--format", "json"});
  REQUIRE(run.code == kExitOk);
  const auto json = nlohmann::json::parse(run.out);
  CHECK(json["format"] == "markdown");
  CHECK(json["sections"].size() >= 4);
  CHECK_FALSE(json["links"].empty());
}

TEST_CASE("Bad lexicon or rule data stops the run with exit 2 and file:line reasons") {
  const fs::path dir = testing::TempDir("cli-data");
  testing::WriteFile(dir / "lexicons" / "bad.toml", "[[entry]]\nid = \"x\"\nname = \"X\"\nkind = \"skill\"\n"
                                                   "category = \"ml-framework\"\npatterns = ['(']\nexamples = [\"x\"]\n");
  const Run run = RunArgs({"check", Sample("senior-mle.pdf"), "--lexicons", (dir / "lexicons").string()});
  CHECK(run.code == kExitUsage);
  CHECK(run.err.find((dir / "lexicons" / "bad.toml").string() + ":6: bad pattern '('") != std::string::npos);
  const Run missing = RunArgs({"scan", Sample("senior-mle.pdf"), "--rules", (dir / "none.toml").string()});
  CHECK(missing.code == kExitUsage);
  CHECK(missing.err.find("none.toml:0: cannot open file") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("An installed data folder beside the binary overrides the embedded copy") {
  const fs::path prefix = testing::TempDir("cli-install");
  fs::create_directories(prefix / "bin");
  fs::copy_file(RA_BINARY, prefix / "bin" / "resume-analyzer");
  fs::create_directories(prefix / "share" / "resume-analyzer");
  fs::copy(SourcePath("lexicons"), prefix / "share" / "resume-analyzer" / "lexicons", fs::copy_options::recursive);
  fs::copy(SourcePath("rules"), prefix / "share" / "resume-analyzer" / "rules", fs::copy_options::recursive);
  const std::string version = "cd / && " + (prefix / "bin" / "resume-analyzer").string() + " --version > " +
                              (prefix / "version.txt").string();
  REQUIRE(std::system(version.c_str()) == 0);
  CHECK(testing::ReadFile(prefix / "version.txt").find((prefix / "share" / "resume-analyzer" / "lexicons").string()) !=
        std::string::npos);
  // An installed copy of the bundled lexicons is the bundled lexicon: its image is used.
  CHECK(testing::ReadFile(prefix / "version.txt").find("lexicon index: precompiled at build time") != std::string::npos);
  testing::WriteFile(prefix / "share" / "resume-analyzer" / "lexicons" / "extra.toml", "");
  REQUIRE(std::system(version.c_str()) == 0);
  CHECK(testing::ReadFile(prefix / "version.txt").find("lexicon index: compiled at each start") != std::string::npos);
  fs::remove(prefix / "share" / "resume-analyzer" / "lexicons" / "extra.toml");
  // A broken installed rules file is reported with its path.
  testing::WriteFile(prefix / "share" / "resume-analyzer" / "rules" / "ml-engineer.toml", "[role\n");
  const std::string check = (prefix / "bin" / "resume-analyzer").string() + " check " + Sample("text-only-mle.txt") +
                            " > /dev/null 2> " + (prefix / "err.txt").string();
  CHECK(WEXITSTATUS(std::system(check.c_str())) == kExitUsage);
  CHECK(testing::ReadFile(prefix / "err.txt").find("rules/ml-engineer.toml:1:") != std::string::npos);
  fs::remove_all(prefix);
}

TEST_CASE("The installed binary finds its data from any directory") {
  const fs::path dir = testing::TempDir("cli-cwd");
  const std::string command = "cd " + dir.string() + " && " + std::string(RA_BINARY) + " check " +
                              Sample("text-only-mle.txt") + " --format json > out.json 2> err.txt";
  CHECK(std::system(command.c_str()) == 0);
  CHECK(nlohmann::json::parse(testing::ReadFile(dir / "out.json"))["status"] == "ok");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ra
