#include "analyzer/data/data_files.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include "analyzer/data/embedded.h"

namespace ra {
namespace {

namespace fs = std::filesystem;

constexpr const char* kRulesName = "rules/ml-engineer.toml";
constexpr const char* kPortfolioRulesName = "rules/portfolio.toml";

std::optional<fs::path> ExecutableDir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  return exe.parent_path();
}

// An installed copy (`make install` puts data in <prefix>/share/resume-analyzer)
// wins over the embedded one so that users can edit it without rebuilding.
std::optional<fs::path> InstalledDataDir() {
  std::vector<fs::path> candidates;
  if (auto dir = ExecutableDir()) candidates.push_back(*dir / ".." / "share" / "resume-analyzer");
  for (const auto& dir : candidates) {
    std::error_code ec;
    if (fs::is_directory(dir / "lexicons", ec) && fs::is_regular_file(dir / kRulesName, ec)) {
      return fs::weakly_canonical(dir, ec);
    }
  }
  return std::nullopt;
}

tl::expected<DataFile, DataErrors> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return tl::unexpected(DataErrors{{path.string() + ":0: cannot open file"}});
  std::ostringstream content;
  content << in.rdbuf();
  return DataFile{path.string(), content.str()};
}

tl::expected<std::vector<DataFile>, DataErrors> ReadTomlFolder(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return tl::unexpected(DataErrors{{dir.string() + ":0: not a folder of lexicon files"}});
  }
  std::vector<fs::path> paths;
  for (const auto& item : fs::directory_iterator(dir, ec)) {
    if (item.path().extension() == ".toml" && item.is_regular_file()) paths.push_back(item.path());
  }
  std::sort(paths.begin(), paths.end());
  if (paths.empty()) return tl::unexpected(DataErrors{{dir.string() + ":0: no *.toml lexicon files"}});
  std::vector<DataFile> files;
  for (const auto& path : paths) {
    auto file = ReadFile(path);
    if (!file) return tl::unexpected(file.error());
    files.push_back(std::move(*file));
  }
  return files;
}

std::vector<DataFile> EmbeddedWithPrefix(std::string_view prefix) {
  std::vector<DataFile> files;
  for (const auto& file : EmbeddedDataFiles()) {
    if (file.path.rfind(prefix, 0) == 0) files.push_back(DataFile{file.path, std::string(file.content)});
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return files;
}

}  // namespace

tl::expected<std::vector<DataFile>, DataErrors> ReadLexiconFiles(const DataOptions& options) {
  if (options.lexicons_dir) return ReadTomlFolder(*options.lexicons_dir);
  if (auto installed = InstalledDataDir()) return ReadTomlFolder(*installed / "lexicons");
  return EmbeddedWithPrefix("lexicons/");
}

tl::expected<DataFile, DataErrors> ReadRulesFile(const DataOptions& options) {
  if (options.rules_file) return ReadFile(*options.rules_file);
  if (auto installed = InstalledDataDir()) return ReadFile(*installed / kRulesName);
  for (auto& file : EmbeddedWithPrefix(kRulesName)) return file;
  return tl::unexpected(DataErrors{{std::string(kRulesName) + ":0: not embedded in this build"}});
}

tl::expected<DataFile, DataErrors> ReadPortfolioRulesFile(const DataOptions& options) {
  if (options.portfolio_rules_file) return ReadFile(*options.portfolio_rules_file);
  std::error_code ec;
  if (options.rules_file) {
    const fs::path beside = options.rules_file->parent_path() / "portfolio.toml";
    if (fs::is_regular_file(beside, ec)) return ReadFile(beside);
  }
  if (auto installed = InstalledDataDir(); installed && fs::is_regular_file(*installed / kPortfolioRulesName, ec)) {
    return ReadFile(*installed / kPortfolioRulesName);
  }
  for (auto& file : EmbeddedWithPrefix(kPortfolioRulesName)) return file;
  return tl::unexpected(DataErrors{{std::string(kPortfolioRulesName) + ":0: not embedded in this build"}});
}

std::string DescribeDataOrigin(const DataOptions& options) {
  std::string lexicons = options.lexicons_dir ? options.lexicons_dir->string() : std::string();
  std::string rules = options.rules_file ? options.rules_file->string() : std::string();
  const auto installed = InstalledDataDir();
  if (lexicons.empty()) lexicons = installed ? (*installed / "lexicons").string() : "embedded";
  if (rules.empty()) rules = installed ? (*installed / kRulesName).string() : "embedded";
  return "lexicons: " + lexicons + ", rules: " + rules;
}

}  // namespace ra
