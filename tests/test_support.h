#pragma once
// Shared helpers for tests: paths into the source tree (never the current
// directory) and a lazily built analyzer over the bundled data.

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "analyzer/cli/cli.h"
#include "analyzer/pipeline.h"

namespace ra::testing {

inline std::filesystem::path SourcePath(const std::string& relative) {
  return std::filesystem::path(RA_SOURCE_DIR) / relative;
}

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// The analyzer over the lexicons and rules in the source tree, so tests see
// the data as committed.
inline const Analyzer& BundledAnalyzer() {
  static const std::shared_ptr<const Analyzer> analyzer = [] {
    DataOptions options;
    options.lexicons_dir = SourcePath("lexicons");
    options.rules_file = SourcePath("rules/ml-engineer.toml");
    auto created = Analyzer::Create(options);
    if (!created) {
      std::string all;
      for (const auto& message : created.error().messages) all += message + "\n";
      throw std::runtime_error("bundled data does not load:\n" + all);
    }
    return *created;
  }();
  return *analyzer;
}

// A fixed as-of date keeps year counts stable whatever day the tests run.
inline AnalyzeOptions FixedOptions() {
  AnalyzeOptions options;
  options.as_of = MonthOf(2026, 11);
  return options;
}

inline std::filesystem::path TempDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("ra-test-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline void WriteFile(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

// The outcome of one command line run in-process through RunCli.
struct CliRun {
  int code = 0;
  std::string out;
  std::string err;
};

inline CliRun RunCommand(const std::vector<std::string>& arguments, bool tty = false) {
  std::ostringstream out;
  std::ostringstream err;
  CliRun run;
  run.code = RunCli(arguments, out, err, tty);
  run.out = out.str();
  run.err = err.str();
  return run;
}

#ifdef RA_BINARY
// scan starts extraction workers from the running program, which in a test
// is the test binary: tests that scan point the workers at the analyzer.
inline void UseAnalyzerAsWorker() { ::setenv("RESUME_ANALYZER_WORKER", RA_BINARY, 1); }
#endif

}  // namespace ra::testing
