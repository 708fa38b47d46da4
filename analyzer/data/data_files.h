#pragma once
// Where lexicons and rules come from: a folder or file named on the command
// line, the data installed beside the binary, or the copy embedded in it.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

namespace ra {

struct DataFile {
  std::string path;     // shown in error messages
  std::string content;
};

// Every problem in the data, each as "path:line: reason".
struct DataErrors {
  std::vector<std::string> messages;
};

struct DataOptions {
  std::optional<std::filesystem::path> lexicons_dir;  // --lexicons (bundled lexicons)
  std::optional<std::filesystem::path> rules_file;    // --rules (bundled rules/ml-engineer.toml)
  // --portfolio-rules (default: portfolio.toml beside --rules if there, else bundled rules/portfolio.toml)
  std::optional<std::filesystem::path> portfolio_rules_file;
};

// The lexicon files (*.toml, sorted by name) and the rules file.
tl::expected<std::vector<DataFile>, DataErrors> ReadLexiconFiles(const DataOptions& options);
tl::expected<DataFile, DataErrors> ReadRulesFile(const DataOptions& options);
// What the portfolio stage measures and how it counts (rules/portfolio.toml).
tl::expected<DataFile, DataErrors> ReadPortfolioRulesFile(const DataOptions& options);

// Where the data was read from, for --version and diagnostics.
std::string DescribeDataOrigin(const DataOptions& options);

}  // namespace ra
