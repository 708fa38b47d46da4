#include "analyzer/portfolio/portfolio_rules.h"

#include "analyzer/common/find_by_id.h"

#include <algorithm>
#include <set>

#include "analyzer/data/toml_fields.h"

namespace ra {
namespace {

// Compiles the alternation of `patterns`, reporting each bad one at its line.
std::shared_ptr<RE2> CompileAll(TomlFields& fields, const std::vector<std::pair<std::string, int>>& patterns) {
  std::string joined;
  RE2::Options options;
  options.set_log_errors(false);
  for (const auto& [pattern, line] : patterns) {
    RE2 check(pattern, options);
    if (!check.ok()) {
      fields.Fail(line, "bad pattern '" + pattern + "': " + check.error());
      continue;
    }
    joined += (joined.empty() ? "" : "|") + ("(?:" + pattern + ")");
  }
  if (joined.empty()) return nullptr;
  return std::make_shared<RE2>(joined, options);
}

void CheckSkill(TomlFields& fields, const std::string& id, int line, const CompiledLexicon& lexicon) {
  if (!id.empty() && lexicon.Find(id) < 0) fields.Fail(line, "unknown lexicon id '" + id + "'");
}

std::vector<std::string> SkillList(TomlFields& fields, const char* key, const CompiledLexicon& lexicon) {
  const auto skills = fields.StringList(key, false);
  for (const auto& [id, line] : skills) CheckSkill(fields, id, line, lexicon);
  return ValuesOf(skills);
}

void LoadTop(const toml::table& root, const std::string& path, DataErrors& errors, PortfolioRules& rules) {
  TomlFields top(root, path, errors);
  top.RejectUnknownKeys({"portfolio", "limits", "skip", "strength", "contradiction", "tests", "typing", "dependencies",
                         "readme", "language", "package", "signal", "detector"});
  if (const toml::table* table = top.SubTable("portfolio")) {
    TomlFields fields(*table, path, errors);
    fields.RejectUnknownKeys({"version"});
    rules.version = fields.RequiredString("version");
  } else {
    top.Fail(1, "missing [portfolio] table (version)");
  }
  if (const toml::table* table = top.SubTable("limits")) {
    TomlFields fields(*table, path, errors);
    fields.RejectUnknownKeys({"max_files", "max_total_bytes", "max_file_bytes", "max_depth"});
    rules.limits.max_files = static_cast<int>(fields.Number("max_files", 20000, 1, 10000000));
    rules.limits.max_total_bytes = static_cast<std::uint64_t>(fields.Number("max_total_bytes", 200 << 20, 1, 1e12));
    rules.limits.max_file_bytes = static_cast<std::uint64_t>(fields.Number("max_file_bytes", 2 << 20, 1, 1e10));
    rules.limits.max_depth = static_cast<int>(fields.Number("max_depth", 40, 1, 1000));
  }
  if (const toml::table* table = top.SubTable("skip")) {
    TomlFields fields(*table, path, errors);
    fields.RejectUnknownKeys({"folders"});
    rules.skip_folders = ValuesOf(fields.StringList("folders", true));
  }
  if (const toml::table* table = top.SubTable("strength")) {
    TomlFields fields(*table, path, errors);
    fields.RejectUnknownKeys({"base", "imported", "declared", "language", "page", "full_code_bytes", "least_substance"});
    rules.base_strength = fields.Number("base", 1.3, 0, 10);
    rules.imported_factor = fields.Number("imported", 1.2, 0, 10);
    rules.declared_factor = fields.Number("declared", 0.9, 0, 10);
    rules.language_factor = fields.Number("language", 1.0, 0, 10);
    rules.page_factor = fields.Number("page", 0.5, 0, 10);
    rules.full_code_bytes = fields.Number("full_code_bytes", 3000, 1, 1e9);
    rules.least_substance = fields.Number("least_substance", 0.4, 0, 1);
  }
  if (const toml::table* table = top.SubTable("typing")) {
    TomlFields fields(*table, path, errors);
    fields.RejectUnknownKeys({"min_share"});
    rules.min_typed_share = fields.Number("min_share", 0.5, 0, 1);
  }
  if (const toml::table* table = top.SubTable("dependencies")) {
    TomlFields fields(*table, path, errors);
    fields.RejectUnknownKeys({"min_pinned_share"});
    rules.min_pinned_share = fields.Number("min_pinned_share", 0.8, 0, 1);
  }
  if (const toml::table* table = top.SubTable("tests")) {
    TomlFields fields(*table, path, errors);
    fields.RejectUnknownKeys({"paths"});
    rules.test_paths = CompileAll(fields, fields.StringList("paths", true));
  }
  if (!rules.test_paths) top.Fail(1, "missing [tests] paths (which files are tests)");
  if (const toml::table* table = top.SubTable("readme")) {
    TomlFields fields(*table, path, errors);
    fields.RejectUnknownKeys({"names", "what_min_words", "usage", "results"});
    rules.readme.names = CompileAll(fields, fields.StringList("names", true));
    rules.readme.what_min_words = static_cast<int>(fields.Number("what_min_words", 8, 1, 1000));
    rules.readme.usage = CompileAll(fields, fields.StringList("usage", true));
    rules.readme.results = CompileAll(fields, fields.StringList("results", true));
  } else {
    top.Fail(1, "missing [readme] table (names, usage, results)");
  }
}

void LoadLists(const toml::table& root, const std::string& path, DataErrors& errors, const CompiledLexicon& lexicon,
               PortfolioRules& rules) {
  TomlFields top(root, path, errors);
  if (const toml::table* table = top.SubTable("contradiction")) {
    TomlFields fields(*table, path, errors);
    fields.RejectUnknownKeys({"categories"});
    std::set<std::string> categories;
    for (const auto& entry : lexicon.entries()) categories.insert(entry.category);
    for (const auto& [category, line] : fields.StringList("categories", true)) {
      if (!categories.count(category)) fields.Fail(line, "no lexicon entry has category '" + category + "'");
      rules.contradiction_categories.push_back(category);
    }
  }
  for (const toml::table* table : TablesOf(root, "language", path, errors)) {
    TomlFields fields(*table, path, errors);
    fields.RejectUnknownKeys({"name", "extensions", "skill"});
    LanguageRule language;
    language.name = fields.RequiredString("name");
    language.extensions = ValuesOf(fields.StringList("extensions", true));
    language.skill = fields.OptionalString("skill").value_or("");
    CheckSkill(fields, language.skill, fields.LineOf("skill"), lexicon);
    rules.languages.push_back(std::move(language));
  }
  for (const toml::table* table : TablesOf(root, "package", path, errors)) {
    TomlFields fields(*table, path, errors);
    fields.RejectUnknownKeys({"names", "skill"});
    const std::string skill = fields.RequiredString("skill");
    CheckSkill(fields, skill, fields.LineOf("skill"), lexicon);
    for (const auto& [name, line] : fields.StringList("names", true)) {
      const std::string key = NormalizePackageName(name);
      auto [it, inserted] = rules.packages.emplace(key, skill);
      if (!inserted && it->second != skill) fields.Fail(line, "package '" + name + "' already maps to '" + it->second + "'");
    }
  }
  std::set<std::string> signal_ids;
  for (const toml::table* table : TablesOf(root, "signal", path, errors)) {
    TomlFields fields(*table, path, errors);
    fields.RejectUnknownKeys({"id", "name", "skills", "strength", "advice"});
    ProjectSignalRule signal;
    signal.id = fields.RequiredString("id");
    if (!signal_ids.insert(signal.id).second) fields.Fail("id", "duplicate signal id '" + signal.id + "'");
    signal.name = fields.RequiredString("name");
    signal.skills = SkillList(fields, "skills", lexicon);
    signal.strength = fields.Number("strength", 1.0, 0, 10);
    signal.advice = fields.RequiredString("advice");
    rules.signals.push_back(std::move(signal));
  }
  std::set<std::string> detected;
  for (const toml::table* table : TablesOf(root, "detector", path, errors)) {
    TomlFields fields(*table, path, errors);
    fields.RejectUnknownKeys({"signal", "paths", "files", "contents", "imports", "skills"});
    Detector detector;
    detector.signal = fields.RequiredString("signal");
    if (!detector.signal.empty() && !signal_ids.count(detector.signal)) {
      fields.Fail("signal", "unknown signal '" + detector.signal + "' (declare it in a [[signal]])");
    }
    detected.insert(detector.signal);
    detector.paths = CompileAll(fields, fields.StringList("paths", false));
    detector.files = CompileAll(fields, fields.StringList("files", false));
    detector.contents = CompileAll(fields, fields.StringList("contents", false));
    detector.imports = ValuesOf(fields.StringList("imports", false));
    detector.skills = SkillList(fields, "skills", lexicon);
    if (static_cast<bool>(detector.files) != static_cast<bool>(detector.contents)) {
      fields.Fail(fields.line(), "'files' and 'contents' go together");
    }
    if (!detector.paths && !detector.contents && detector.imports.empty()) {
      fields.Fail(fields.line(), "detector needs 'paths', 'files' + 'contents' or 'imports'");
    }
    rules.detectors.push_back(std::move(detector));
  }
  const auto& computed = ComputedPortfolioSignals();
  for (const ProjectSignalRule& signal : rules.signals) {
    const bool is_computed = std::find(computed.begin(), computed.end(), signal.id) != computed.end();
    if (!is_computed && !detected.count(signal.id)) {
      errors.messages.push_back(path + ":1: signal '" + signal.id + "' is neither computed nor found by any [[detector]]");
    }
  }
  for (const std::string& id : computed) {
    if (!signal_ids.count(id)) errors.messages.push_back(path + ":1: computed signal '" + id + "' needs a [[signal]] table");
  }
}

}  // namespace

const std::vector<std::string>& ComputedPortfolioSignals() {
  static const std::vector<std::string> signals = {
      "tests",                // test files (by [tests] paths)
      "type_hints",           // share of annotated functions >= [typing] min_share
      "pinned_dependencies",  // share of pinned dependencies >= [dependencies] min_pinned_share
      "importable_modules",   // at least as much code in modules as in notebooks
      "readme_what", "readme_usage", "readme_results",
      "git_history",          // a Git repository with commits by the candidate
  };
  return signals;
}

std::string NormalizePackageName(const std::string& name) {
  std::string key;
  for (char c : name) {
    if (c == '_' || c == '.') c = '-';
    key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return key;
}

const ProjectSignalRule* PortfolioRules::FindSignal(const std::string& id) const { return FindById(signals, id); }

const LanguageRule* PortfolioRules::LanguageOf(const std::string& file_name) const {
  for (const auto& language : languages) {
    for (const auto& extension : language.extensions) {
      if (file_name.size() > extension.size() &&
          file_name.compare(file_name.size() - extension.size(), extension.size(), extension) == 0) {
        return &language;
      }
    }
  }
  return nullptr;
}

std::string PortfolioRules::SkillOfPackage(const std::string& name) const {
  const auto it = packages.find(NormalizePackageName(name));
  return it == packages.end() ? std::string() : it->second;
}

tl::expected<PortfolioRules, DataErrors> LoadPortfolioRules(const DataFile& file, const CompiledLexicon& lexicon) {
  DataErrors errors;
  auto root = ParseToml(file, errors);
  if (!root) return tl::unexpected(std::move(errors));
  PortfolioRules rules;
  rules.path = file.path;
  LoadTop(*root, file.path, errors, rules);
  LoadLists(*root, file.path, errors, lexicon, rules);
  if (!errors.messages.empty()) return tl::unexpected(std::move(errors));
  return rules;
}

}  // namespace ra
