// Walks one project folder within limits and measures it (ProjectFacts).
// The folder may be hostile: symlinks are never followed, vendored and
// environment folders are skipped, binary and huge files are counted but
// not parsed, and the walk stops at the file, byte and depth limits.

#include <algorithm>
#include <ctime>
#include <fstream>
#include <map>
#include <set>

#include "analyzer/portfolio/project.h"

namespace ra {
namespace {

namespace fs = std::filesystem;

// Bytes looked at to tell a binary file (a NUL byte) from text.
constexpr size_t kBinaryProbe = 8000;

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool IsDependencyFile(const std::string& name) {
  const std::string lower = Lower(name);
  return (lower.rfind("requirements", 0) == 0 && lower.size() > 4 && lower.substr(lower.size() - 4) == ".txt") ||
         name == "pyproject.toml" || name == "setup.cfg" || name == "environment.yml" || name == "environment.yaml" ||
         name == "Pipfile";
}

bool IsLockFile(const std::string& name) {
  return name == "poetry.lock" || name == "Pipfile.lock" || name == "uv.lock" || name == "pdm.lock" ||
         name == "conda-lock.yml" || name == "requirements.lock";
}

struct ReadFileResult {
  std::string content;
  bool binary = false;
  std::string error;
};

ReadFileResult ReadText(const fs::path& path, std::uint64_t size) {
  ReadFileResult result;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    result.error = "cannot open";
    return result;
  }
  result.content.resize(size);
  in.read(result.content.data(), static_cast<std::streamsize>(size));
  result.content.resize(static_cast<size_t>(in.gcount()));
  result.binary = result.content.find('\0', 0) < std::min(result.content.size(), kBinaryProbe);
  return result;
}

// A file found by the walk, with its path relative to the root.
struct WalkedFile {
  fs::path path;
  std::string relative;  // '/'-separated
  std::uint64_t size = 0;
};

class Walker {
 public:
  Walker(const PortfolioRules& rules, const fs::path& root, ProjectFacts& facts)
      : rules_(rules), root_(root), facts_(facts) {}

  std::vector<WalkedFile> Walk() {
    Visit(root_, "", 0);
    std::sort(files_.begin(), files_.end(), [](const auto& a, const auto& b) { return a.relative < b.relative; });
    return std::move(files_);
  }

 private:
  void Fail(const fs::path& path, const std::string& reason) { facts_.errors.push_back(path.string() + ": " + reason); }

  void Visit(const fs::path& dir, const std::string& prefix, int depth) {
    if (depth > rules_.limits.max_depth) {
      if (!facts_.truncated) Fail(dir, "nested deeper than " + std::to_string(rules_.limits.max_depth) + " folders; not walked");
      facts_.truncated = true;
      return;
    }
    std::error_code ec;
    fs::directory_iterator it(dir, fs::directory_options::none, ec);
    if (ec) {
      Fail(dir, "cannot read folder: " + ec.message());
      return;
    }
    std::vector<fs::directory_entry> entries;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) {
        Fail(dir, "cannot read folder: " + ec.message());
        break;
      }
      entries.push_back(*it);
    }
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.path() < b.path(); });
    for (const auto& entry : entries) {
      if (stopped_) return;
      const std::string name = entry.path().filename().string();
      const std::string relative = prefix.empty() ? name : prefix + "/" + name;
      // Never follow a link: it may point out of the project or loop.
      if (entry.is_symlink(ec)) {
        ++facts_.skipped_symlinks;
        continue;
      }
      if (entry.is_directory(ec)) {
        if (std::find(rules_.skip_folders.begin(), rules_.skip_folders.end(), name) != rules_.skip_folders.end() ||
            fs::exists(entry.path() / "pyvenv.cfg", ec)) {
          ++facts_.skipped_folders;
          continue;
        }
        Visit(entry.path(), relative, depth + 1);
        continue;
      }
      if (!entry.is_regular_file(ec)) continue;  // sockets, devices, fifos
      if (facts_.files >= rules_.limits.max_files) {
        Fail(root_, "more than " + std::to_string(rules_.limits.max_files) + " files; the rest was not walked");
        facts_.truncated = true;
        stopped_ = true;
        return;
      }
      ++facts_.files;
      files_.push_back(WalkedFile{entry.path(), relative, entry.file_size(ec)});
    }
  }

  const PortfolioRules& rules_;
  fs::path root_;
  ProjectFacts& facts_;
  std::vector<WalkedFile> files_;
  bool stopped_ = false;
};

void AddSignal(ProjectFacts& facts, const std::string& id, const std::string& file, const std::string& detail,
               const std::vector<std::string>& skills = {}) {
  for (FoundSignal& signal : facts.signals) {
    if (signal.id != id) continue;
    for (const auto& skill : skills) {
      if (std::find(signal.skills.begin(), signal.skills.end(), skill) == signal.skills.end()) signal.skills.push_back(skill);
    }
    return;
  }
  facts.signals.push_back(FoundSignal{id, file, detail, skills});
}

// Records that the project imports (or declares) a package of `skill`:
// one use per skill, an import over a declaration, its code summed over
// the files that import it.
void AddPackage(ProjectFacts& facts, const std::string& skill, const std::string& module, const std::string& file,
                bool imported, std::uint64_t code_bytes) {
  for (PackageUse& use : facts.packages) {
    if (use.skill != skill) continue;
    if (imported && !use.imported) {
      use = PackageUse{skill, module, file, true, code_bytes};
    } else if (imported) {
      use.code_bytes += code_bytes;
    }
    return;
  }
  facts.packages.push_back(PackageUse{skill, module, file, imported, code_bytes});
}

std::string TopLevel(const std::string& module) { return module.substr(0, module.find('.')); }

std::string Stem(const std::string& relative) {
  std::string name = relative.substr(relative.rfind('/') + 1);
  return name.substr(0, name.rfind('.'));
}

// Measures the README: what the project does, how to run it, its results.
void MeasureReadme(const PortfolioRules& rules, const std::string& file, const std::string& text, ProjectFacts& facts) {
  facts.readme = file;
  // "What": a paragraph of prose (not a heading, badge, code or list).
  bool in_code = false;
  int words = 0;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.rfind("```", 0) == 0) in_code = !in_code;
    if (in_code || line.empty() || line[0] == '#' || line[0] == '[' || line[0] == '!' || line[0] == '<' ||
        line[0] == '|' || line[0] == '-' || line[0] == '*' || line[0] == '$') {
      words = 0;
      continue;
    }
    int line_words = 0;
    bool in_word = false;
    for (char c : line) {
      const bool letter = std::isalpha(static_cast<unsigned char>(c)) != 0;
      if (letter && !in_word) ++line_words;
      in_word = letter;
    }
    words += line_words;
    if (words >= rules.readme.what_min_words) {
      AddSignal(facts, "readme_what", file, "");
      break;
    }
  }
  if (rules.readme.usage && RE2::PartialMatch(text, *rules.readme.usage)) AddSignal(facts, "readme_usage", file, "");
  if (rules.readme.results && RE2::PartialMatch(text, *rules.readme.results)) {
    AddSignal(facts, "readme_results", file, "");
  }
}

struct PythonFile {
  std::string relative;
  std::vector<std::string> imports;
  bool test = false;
  std::uint64_t bytes = 0;  // its code
};

class Measurer {
 public:
  Measurer(const PortfolioRules& rules, ProjectFacts& facts) : rules_(rules), facts_(facts) {}

  void Measure(const std::vector<WalkedFile>& files) {
    for (const WalkedFile& file : files) MeasureFile(file);
    Finish();
  }

 private:
  bool WantsContent(const WalkedFile& file, const std::string& name) const {
    if (rules_.LanguageOf(name) != nullptr || IsDependencyFile(name)) return true;
    if (file.relative.find('/') == std::string::npos && rules_.readme.names &&
        RE2::FullMatch(name, *rules_.readme.names)) {
      return true;
    }
    return std::any_of(rules_.detectors.begin(), rules_.detectors.end(), [&](const Detector& detector) {
      return detector.files && RE2::PartialMatch(file.relative, *detector.files);
    });
  }

  void MeasureFile(const WalkedFile& file) {
    const std::string name = file.path.filename().string();
    for (const Detector& detector : rules_.detectors) {
      if (detector.paths && RE2::PartialMatch(file.relative, *detector.paths)) {
        AddSignal(facts_, detector.signal, file.relative, "", detector.skills);
      }
    }
    if (IsLockFile(name)) lock_file_ = file.relative;
    if (!WantsContent(file, name)) return;
    if (file.size > rules_.limits.max_file_bytes) {
      ++facts_.skipped_large;
      return;
    }
    if (facts_.bytes_read + file.size > rules_.limits.max_total_bytes) {
      if (!facts_.truncated) {
        facts_.errors.push_back(facts_.path + ": read more than " + std::to_string(rules_.limits.max_total_bytes) +
                                " bytes; the rest was not parsed");
      }
      facts_.truncated = true;
      return;
    }
    ReadFileResult read = ReadText(file.path, file.size);
    if (!read.error.empty()) {
      facts_.errors.push_back(file.path.string() + ": " + read.error);
      return;
    }
    facts_.bytes_read += read.content.size();
    if (read.binary) {
      ++facts_.skipped_binary;
      return;
    }
    const std::string& text = read.content;
    if (const LanguageRule* language = rules_.LanguageOf(name)) {
      LanguageBytes& bytes = languages_[language->name];
      bytes.name = language->name;
      bytes.bytes += text.size();
      ++bytes.files;
    }
    for (const Detector& detector : rules_.detectors) {
      if (detector.files && RE2::PartialMatch(file.relative, *detector.files) && RE2::PartialMatch(text, *detector.contents)) {
        AddSignal(facts_, detector.signal, file.relative, "", detector.skills);
      }
    }
    if (file.relative.find('/') == std::string::npos && rules_.readme.names && RE2::FullMatch(name, *rules_.readme.names)) {
      MeasureReadme(rules_, file.relative, text, facts_);
    }
    if (IsDependencyFile(name)) {
      auto deps = ParseDependencies(name, text);
      if (!deps) {
        facts_.errors.push_back(file.path.string() + ": " + deps.error());
      } else {
        for (Dependency& dep : *deps) {
          dep.file = file.relative;
          facts_.dependencies.push_back(std::move(dep));
        }
      }
    }
    if (name.size() > 3 && (name.substr(name.size() - 3) == ".py" || name.substr(name.size() - 4) == ".pyi")) {
      ++facts_.python_modules;
      facts_.module_code_bytes += text.size();
      const auto [functions, typed] = CountTypedFunctions(text);
      facts_.functions += functions;
      facts_.typed_functions += typed;
      AddPython(file.relative, text);
    } else if (name.size() > 6 && name.substr(name.size() - 6) == ".ipynb") {
      ++facts_.notebooks;
      auto code = NotebookCode(text);
      if (!code) {
        facts_.errors.push_back(file.path.string() + ": " + code.error());
        return;
      }
      facts_.notebook_code_bytes += code->size();
      AddPython(file.relative, *code);
    }
  }

  void AddPython(const std::string& relative, const std::string& code) {
    PythonFile python{relative, PythonImports(code), RE2::PartialMatch(relative, *rules_.test_paths), code.size()};
    python_.push_back(std::move(python));
  }

  void Finish() {
    for (auto& [name, bytes] : languages_) facts_.languages.push_back(bytes);
    std::stable_sort(facts_.languages.begin(), facts_.languages.end(),
                     [](const auto& a, const auto& b) { return a.bytes > b.bytes; });
    std::set<std::string> imports;
    std::set<std::string> local;  // the project's own modules and packages
    for (const PythonFile& file : python_) {
      local.insert(Stem(file.relative));
      for (size_t slash = file.relative.find('/'); slash != std::string::npos; slash = file.relative.find('/', slash + 1)) {
        local.insert(Stem(file.relative.substr(0, slash) + ".x"));
      }
    }
    for (const PythonFile& file : python_) {
      std::set<std::string> skills_here;  // a file counts once per skill, however many imports show it
      for (const std::string& module : file.imports) {
        const std::string top = TopLevel(module);
        imports.insert(top);
        const std::string skill = rules_.SkillOfPackage(top);
        if (skill.empty() || local.count(top)) continue;
        const bool first_here = skills_here.insert(skill).second;
        AddPackage(facts_, skill, top, file.relative, true, first_here ? file.bytes : 0);
      }
    }
    facts_.imports.assign(imports.begin(), imports.end());
    const std::uint64_t project_code = facts_.module_code_bytes + facts_.notebook_code_bytes;
    for (const Dependency& dep : facts_.dependencies) {
      const std::string skill = rules_.SkillOfPackage(dep.name);
      if (!skill.empty()) AddPackage(facts_, skill, dep.name, dep.file, false, project_code);
    }
    if (!lock_file_.empty()) {
      for (Dependency& dep : facts_.dependencies) dep.pinned = true;
    }
    for (const Detector& detector : rules_.detectors) {
      for (const std::string& module : detector.imports) {
        if (imports.count(module) && !local.count(module)) {
          AddSignal(facts_, detector.signal, "", "imports " + module, detector.skills);
        }
      }
    }
    MeasureTests();
    MeasureHabits();
  }

  void MeasureTests() {
    std::set<std::string> tested;  // every dotted component a test imports
    bool imports_pytest = false;
    bool imports_unittest = false;
    std::string first_test;
    std::uint64_t test_bytes = 0;
    for (const PythonFile& file : python_) {
      if (!file.test) continue;
      ++facts_.test_files;
      test_bytes += file.bytes;
      if (first_test.empty()) first_test = file.relative;
      // `from unittest import mock` is mocking, not the unittest framework.
      const bool mock_only = std::any_of(file.imports.begin(), file.imports.end(), [](const std::string& module) {
        return module.rfind("unittest.mock", 0) == 0;
      }) && std::none_of(file.imports.begin(), file.imports.end(), [](const std::string& module) {
        return module.rfind("unittest.", 0) == 0 && module.rfind("unittest.mock", 0) != 0;
      });
      for (const std::string& module : file.imports) {
        imports_pytest = imports_pytest || TopLevel(module) == "pytest";
        imports_unittest = imports_unittest || (module == "unittest" && !mock_only) || module.rfind("unittest.Test", 0) == 0;
        size_t start = 0;
        for (size_t dot = module.find('.'); ; dot = module.find('.', start)) {
          tested.insert(module.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
          if (dot == std::string::npos) break;
          start = dot + 1;
        }
      }
    }
    for (const PythonFile& file : python_) {
      const std::string stem = Stem(file.relative);
      if (file.test || stem == "__init__" || stem == "setup" || stem == "__main__" ||
          file.relative.size() < 3 || file.relative.substr(file.relative.size() - 3) != ".py") {
        continue;
      }
      ++facts_.modules_total;
      facts_.modules_tested += tested.count(stem) > 0;
    }
    const bool pytest_declared = std::any_of(facts_.dependencies.begin(), facts_.dependencies.end(),
                                             [](const Dependency& dep) { return NormalizePackageName(dep.name).rfind("pytest", 0) == 0; });
    if (facts_.test_files > 0) {
      facts_.test_framework = imports_pytest || pytest_declared ? "pytest" : imports_unittest ? "unittest" : "pytest";
      AddSignal(facts_, "tests", first_test,
                std::to_string(facts_.test_files) + " test file(s) (" + facts_.test_framework + "), exercising " +
                    std::to_string(facts_.modules_tested) + " of " + std::to_string(facts_.modules_total) + " modules");
      // The test code is the code that uses the framework (pytest needs no import).
      const std::uint64_t framework_bytes = imports_pytest || imports_unittest ? 0 : test_bytes;
      if (facts_.test_framework == "pytest") {
        AddPackage(facts_, "pytest", "pytest", first_test, imports_pytest, framework_bytes);
      }
      if (facts_.test_framework == "unittest") AddPackage(facts_, "unittest", "unittest", first_test, true, framework_bytes);
    }
  }

  void MeasureHabits() {
    if (facts_.functions > 0 &&
        static_cast<double>(facts_.typed_functions) >= rules_.min_typed_share * static_cast<double>(facts_.functions)) {
      AddSignal(facts_, "type_hints", "", std::to_string(facts_.typed_functions) + " of " + std::to_string(facts_.functions) +
                                              " functions annotated");
    }
    if (!facts_.dependencies.empty() && facts_.pinned_share() >= rules_.min_pinned_share) {
      AddSignal(facts_, "pinned_dependencies", lock_file_.empty() ? facts_.dependencies.front().file : lock_file_,
                std::to_string(static_cast<int>(facts_.pinned_share() * 100 + 0.5)) + "% of dependencies pinned");
    }
    if (facts_.module_code_bytes > 0 && facts_.module_code_bytes >= facts_.notebook_code_bytes) {
      AddSignal(facts_, "importable_modules", "", std::to_string(facts_.python_modules) + " Python module(s)");
    }
  }

  const PortfolioRules& rules_;
  ProjectFacts& facts_;
  std::map<std::string, LanguageBytes> languages_;
  std::vector<PythonFile> python_;
  std::string lock_file_;
};

}  // namespace

bool ProjectFacts::Has(const std::string& signal) const { return Find(signal) != nullptr; }

const FoundSignal* ProjectFacts::Find(const std::string& signal) const {
  for (const FoundSignal& found : signals) {
    if (found.id == signal) return &found;
  }
  return nullptr;
}

double ProjectFacts::notebook_share() const {
  const double total = static_cast<double>(module_code_bytes + notebook_code_bytes);
  return total > 0 ? static_cast<double>(notebook_code_bytes) / total : 0.0;
}

double ProjectFacts::pinned_share() const {
  if (dependencies.empty()) return 0;
  const auto pinned = std::count_if(dependencies.begin(), dependencies.end(), [](const Dependency& dep) { return dep.pinned; });
  return static_cast<double>(pinned) / static_cast<double>(dependencies.size());
}

std::vector<fs::path> ProjectRoots(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec) || fs::exists(path / ".git", ec)) return {path};
  std::vector<fs::path> folders;
  for (fs::directory_iterator it(path, fs::directory_options::none, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    if (it->is_symlink(ec)) continue;
    if (it->is_regular_file(ec)) return {path};  // files at the top: one project
    if (it->is_directory(ec)) folders.push_back(it->path());
  }
  if (folders.empty()) return {path};
  std::sort(folders.begin(), folders.end());
  return folders;
}

MonthIndex MonthOfTime(std::int64_t seconds) {
  const std::time_t time = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  return MonthOf(utc.tm_year + 1900, utc.tm_mon + 1);
}

ProjectFacts ScanProject(const PortfolioRules& rules, const fs::path& root, const CandidateIdentity& candidate,
                         MonthIndex as_of) {
  ProjectFacts facts;
  facts.path = root.string();
  fs::path name = root;
  if (name.filename().empty()) name = name.parent_path();
  facts.name = name.filename().string();
  std::error_code ec;
  const auto status = fs::symlink_status(root, ec);
  if (ec || !fs::exists(status)) {
    facts.errors.push_back(root.string() + ": no such file or folder");
    facts.missing = true;
    return facts;
  }
  if (fs::is_regular_file(fs::status(root, ec)) && IsPortfolioPage(root)) {
    facts.kind = "page";  // read by the text pipeline (Analyzer), not walked
    facts.files = 1;
    return facts;
  }
  if (!fs::is_directory(fs::status(root, ec))) {
    facts.errors.push_back(root.string() + ": not a folder (give a project folder, a Git clone, or a page saved as .html or .md)");
    facts.missing = true;
    return facts;
  }
  Walker walker(rules, root, facts);
  const std::vector<WalkedFile> files = walker.Walk();
  Measurer(rules, facts).Measure(files);
  auto git = ReadGitHistory(root, candidate);
  if (!git) {
    facts.errors.push_back(root.string() + ": " + git.error());
  } else if (*git) {
    facts.git = **git;
    if (facts.git->candidate_commits > 0 && as_of != 0) {
      facts.git->months_since_last = std::max(0, as_of - MonthOfTime(facts.git->candidate_last));
    }
    if (facts.git->candidate_commits > 0) {
      AddSignal(facts, "git_history", ".git",
                std::to_string(facts.git->candidate_commits) + " of " + std::to_string(facts.git->commits) + " commits by the candidate");
    }
  }
  if (files.empty() && facts.errors.empty()) facts.errors.push_back(root.string() + ": empty project (no files)");
  return facts;
}

}  // namespace ra
