// What Python code and packaging files declare: imports, annotated
// functions, notebook code cells and dependencies. Line-oriented on purpose:
// it must cope with code that does not run or even parse.

#include <algorithm>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>
#include <re2/re2.h>
#include <toml++/toml.h>

#include "analyzer/portfolio/project.h"

namespace ra {
namespace {

std::string Trim(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return std::string();
  const size_t end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// "numpy>=1.2; python_version<'3.9'" -> name "numpy", pinned false.
std::optional<Dependency> RequirementSpec(const std::string& raw, const std::string& file) {
  std::string line = Trim(raw.substr(0, raw.find(" #")));
  if (line.empty() || line[0] == '#' || line[0] == '-') return std::nullopt;
  static const RE2 kName(R"(([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*))");
  std::string name;
  std::string extras;
  std::string rest;
  if (!RE2::FullMatch(line, kName, &name, &extras, &rest)) return std::nullopt;
  rest = rest.substr(0, rest.find(';'));
  const bool pinned = rest.find("==") != std::string::npos || rest.find('@') != std::string::npos;
  return Dependency{name, pinned, file};
}

std::vector<Dependency> Requirements(const std::string& content, const std::string& file) {
  std::vector<Dependency> deps;
  for (const std::string& line : Lines(content)) {
    if (auto dep = RequirementSpec(line, file)) deps.push_back(*dep);
  }
  return deps;
}

void AddTomlSpecs(const toml::array* array, const std::string& file, std::vector<Dependency>& deps) {
  if (array == nullptr) return;
  for (const auto& item : *array) {
    if (const auto* text = item.as_string()) {
      if (auto dep = RequirementSpec(text->get(), file)) deps.push_back(*dep);
    }
  }
}

// Poetry and Pipfile tables: name = "==1.2" | "^1.2" | "*" | {version = ...}.
void AddTomlTable(const toml::table* table, const std::string& file, std::vector<Dependency>& deps) {
  if (table == nullptr) return;
  for (const auto& [key, node] : *table) {
    const std::string name(key.str());
    if (name == "python") continue;
    std::string version;
    if (const auto* text = node.as_string()) version = text->get();
    if (const auto* inner = node.as_table()) version = (*inner)["version"].value_or(std::string());
    const bool pinned = version.rfind("==", 0) == 0 || (!version.empty() && std::isdigit(static_cast<unsigned char>(version[0])));
    deps.push_back(Dependency{name, pinned, file});
  }
}

tl::expected<std::vector<Dependency>, std::string> TomlDependencies(const std::string& file_name,
                                                                    const std::string& content) {
  toml::table root;
  try {
    root = toml::parse(content, file_name);
  } catch (const toml::parse_error& error) {
    return tl::unexpected("line " + std::to_string(error.source().begin.line) + ": " + std::string(error.description()));
  }
  std::vector<Dependency> deps;
  if (file_name == "Pipfile") {
    AddTomlTable(root["packages"].as_table(), file_name, deps);
    AddTomlTable(root["dev-packages"].as_table(), file_name, deps);
    return deps;
  }
  AddTomlSpecs(root["project"]["dependencies"].as_array(), file_name, deps);
  if (const auto* optional = root["project"]["optional-dependencies"].as_table()) {
    for (const auto& [group, list] : *optional) AddTomlSpecs(list.as_array(), file_name, deps);
  }
  if (const auto* groups = root["dependency-groups"].as_table()) {
    for (const auto& [group, list] : *groups) AddTomlSpecs(list.as_array(), file_name, deps);
  }
  AddTomlTable(root["tool"]["poetry"]["dependencies"].as_table(), file_name, deps);
  AddTomlTable(root["tool"]["poetry"]["dev-dependencies"].as_table(), file_name, deps);
  return deps;
}

// setup.cfg: the indented lines under `install_requires =`.
std::vector<Dependency> SetupCfg(const std::string& content, const std::string& file) {
  std::vector<Dependency> deps;
  bool inside = false;
  for (const std::string& line : Lines(content)) {
    const std::string trimmed = Trim(line);
    if (trimmed.rfind("install_requires", 0) == 0) {
      inside = true;
      const size_t eq = trimmed.find('=');
      if (eq != std::string::npos) {
        if (auto dep = RequirementSpec(trimmed.substr(eq + 1), file)) deps.push_back(*dep);
      }
      continue;
    }
    if (!inside) continue;
    if (trimmed.empty() || !(line[0] == ' ' || line[0] == '\t')) {
      inside = !trimmed.empty() ? false : inside;
      if (!inside) continue;
    }
    if (auto dep = RequirementSpec(trimmed, file)) deps.push_back(*dep);
  }
  return deps;
}

// environment.yml: `- name=1.2` (conda) and, under `- pip:`, `- name==1.2`.
std::vector<Dependency> CondaEnvironment(const std::string& content, const std::string& file) {
  std::vector<Dependency> deps;
  bool in_dependencies = false;
  static const RE2 kItem(R"(\s*-\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*))");
  for (const std::string& line : Lines(content)) {
    if (!line.empty() && line[0] != ' ' && line[0] != '-') in_dependencies = line.rfind("dependencies:", 0) == 0;
    if (!in_dependencies) continue;
    std::string name;
    std::string rest;
    if (!RE2::FullMatch(line, kItem, &name, &rest)) continue;
    rest = Trim(rest);
    if (name == "pip" && rest == ":") continue;
    if (name == "python") continue;
    const bool pinned = rest.find('=') != std::string::npos && rest.find(">=") == std::string::npos &&
                        rest.find("<=") == std::string::npos;
    deps.push_back(Dependency{name, pinned, file});
  }
  return deps;
}

// Python's logical lines, as far as imports need them: a line ending in a
// backslash goes on, and so does an open parenthesis ("from x import (a,
// newline b)"); comments are dropped first.
std::vector<std::string> LogicalLines(const std::string& source) {
  std::vector<std::string> logical;
  std::string pending;
  int open = 0;
  for (const std::string& raw : Lines(source)) {
    std::string line = raw.substr(0, raw.find('#'));
    const bool continued = !line.empty() && line.back() == '\\';
    if (continued) line.pop_back();
    for (char c : line) open += c == '(' ? 1 : c == ')' && open > 0 ? -1 : 0;
    pending += pending.empty() ? line : " " + Trim(line);
    if (continued || open > 0) continue;
    logical.push_back(std::move(pending));
    pending.clear();
  }
  if (!pending.empty()) logical.push_back(std::move(pending));
  return logical;
}

}  // namespace

std::vector<std::string> PythonImports(const std::string& source) {
  static const RE2 kImport(R"(\s*import\s+(.+))");
  static const RE2 kFrom(R"(\s*from\s+([A-Za-z_][\w.]*)\s+import\s+\(?\s*([\w, ]*).*)");
  static const RE2 kModule(R"(\s*([A-Za-z_][\w.]*)(?:\s+as\s+\w+)?\s*)");
  std::set<std::string> found;
  for (const std::string& line : LogicalLines(source)) {
    std::string list;
    std::string module;
    std::string names;
    if (RE2::FullMatch(line, kFrom, &module, &names)) {
      found.insert(module);
      std::istringstream items(names);
      for (std::string name; std::getline(items, name, ',');) {
        name = Trim(name.substr(0, name.find(" as ")));
        if (!name.empty() && name != "*") found.insert(module + "." + name);
      }
    } else if (RE2::FullMatch(line, kImport, &list)) {
      std::istringstream items(list);
      for (std::string item; std::getline(items, item, ',');) {
        if (RE2::FullMatch(item, kModule, &module)) found.insert(module);
      }
    }
  }
  return {found.begin(), found.end()};
}

std::pair<int, int> CountTypedFunctions(const std::string& source) {
  int functions = 0;
  int typed = 0;
  re2::StringPiece rest(source);
  re2::StringPiece whole;
  static const RE2 kDefGroup(R"((?m)(^[ \t]*(?:async[ \t]+)?def[ \t]+\w+[ \t]*\())");
  while (RE2::FindAndConsume(&rest, kDefGroup, &whole)) {
    const size_t at = static_cast<size_t>(rest.data() - source.data());
    // The parameters up to the matching parenthesis, then the return arrow.
    int depth = 1;
    size_t i = at;
    bool annotated = false;
    std::string params;
    for (; i < source.size() && depth > 0; ++i) {
      const char c = source[i];
      if (c == '(' || c == '[' || c == '{') ++depth;
      if (c == ')' || c == ']' || c == '}') --depth;
      if (depth > 0) params += c;
    }
    const size_t colon = source.find(':', i);
    if (colon != std::string::npos && source.substr(i, colon - i).find("->") != std::string::npos) annotated = true;
    // A parameter annotation: a ':' at the top level of the parameter list.
    int inner = 0;
    for (char c : params) {
      if (c == '(' || c == '[' || c == '{') ++inner;
      if (c == ')' || c == ']' || c == '}') --inner;
      if (c == ':' && inner == 0) annotated = true;
    }
    ++functions;
    typed += annotated;
  }
  return {functions, typed};
}

tl::expected<std::string, std::string> NotebookCode(const std::string& json) {
  const auto notebook = nlohmann::json::parse(json, nullptr, false);
  if (notebook.is_discarded() || !notebook.is_object()) return tl::unexpected(std::string("not a notebook (bad JSON)"));
  const auto cells = notebook.find("cells");
  if (cells == notebook.end() || !cells->is_array()) return tl::unexpected(std::string("notebook without cells"));
  std::string code;
  for (const auto& cell : *cells) {
    if (!cell.is_object() || cell.value("cell_type", "") != "code") continue;
    const auto source = cell.find("source");
    if (source == cell.end()) continue;
    if (source->is_string()) {
      code += source->get<std::string>();
    } else if (source->is_array()) {
      for (const auto& line : *source) {
        if (line.is_string()) code += line.get<std::string>();
      }
    }
    code += "\n";
  }
  return code;
}

tl::expected<std::vector<Dependency>, std::string> ParseDependencies(const std::string& file_name,
                                                                     const std::string& content) {
  if (file_name == "pyproject.toml" || file_name == "Pipfile") return TomlDependencies(file_name, content);
  if (file_name == "setup.cfg") return SetupCfg(content, file_name);
  if (file_name == "environment.yml" || file_name == "environment.yaml") return CondaEnvironment(content, file_name);
  return Requirements(content, file_name);
}

}  // namespace ra
