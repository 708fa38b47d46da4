#include "analyzer/data/lexicon_data.h"

#include <re2/re2.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <map>
#include <set>

#include "analyzer/data/toml_fields.h"

namespace ra {
namespace {

const std::map<std::string, std::set<std::string>>& CategoriesByKind() {
  static const std::map<std::string, std::set<std::string>> categories = {
      {"skill",
       {"programming-language", "ml-framework", "ml-topic", "data-library", "visualization",
        "data-engineering", "database", "cloud", "deployment", "mlops", "testing",
        "code-quality", "ci-cd", "tooling", "software-engineering", "math", "dsa",
        "soft-skill", "domain", "general-it"}},
      {"credential",
       {"degree", "field-of-study", "certification", "course", "bootcamp", "kaggle",
        "publication", "publication-venue", "membership", "open-source", "community"}},
      {"role", {"job-title"}},
  };
  return categories;
}

bool IsValidId(const std::string& id) {
  if (id.empty() || !(std::islower(static_cast<unsigned char>(id[0])) ||
                      std::isdigit(static_cast<unsigned char>(id[0])))) {
    return false;
  }
  return std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::islower(c) || std::isdigit(c) || c == '.' || c == '+' || c == '#' || c == '-';
  });
}

// A case-insensitive pattern runs on folded text, so an upper-case letter
// in it (outside an escape such as \S or \D) could never match.
bool HasUppercaseLiteral(const std::string& pattern) {
  const auto* data = reinterpret_cast<const uint8_t*>(pattern.data());
  const auto length = static_cast<int32_t>(pattern.size());
  bool escaped = false;
  for (int32_t offset = 0; offset < length;) {
    UChar32 c;
    U8_NEXT(data, offset, length, c);
    if (escaped) {
      escaped = false;
      continue;
    }
    if (c == '\\') {
      escaped = true;
      continue;
    }
    if (c >= 0 && u_isupper(c)) return true;
  }
  return false;
}

// Checks what can be checked without compiling (compiling every pattern twice
// would double the start-up time; CompiledLexicon::Compile reports syntax).
void CheckPatterns(TomlFields& fields, const std::vector<std::pair<std::string, int>>& patterns,
                   bool case_sensitive, bool check_case) {
  for (const auto& [pattern, line] : patterns) {
    if (check_case && !case_sensitive && HasUppercaseLiteral(pattern)) {
      fields.Fail(line, "pattern '" + pattern +
                            "' has upper-case letters but matches folded text; write it in "
                            "lower case or set case_sensitive = true");
    } else if (pattern.find("\\b") != std::string::npos || pattern.find("\\B") != std::string::npos) {
      fields.Fail(line, "pattern '" + pattern +
                            "' uses \\b; hits are already checked against ICU word boundaries");
    }
  }
}

// Standard ids are only checked for shape (no network): an ESCO skill or
// knowledge concept URI, an O*NET content-model element id ("2.A.1.a") or
// a technology/tool commodity code ("43232605").
void CheckStandardIds(TomlFields& fields, const std::string& esco, const std::string& onet) {
  static const RE2 kEsco(R"(http://data\.europa\.eu/esco/skill/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
  static const RE2 kOnet(R"([0-9](?:\.[0-9A-Za-z]+)+|[0-9]{8})");
  if (!esco.empty() && !RE2::FullMatch(esco, kEsco)) {
    fields.Fail("esco", "'esco' must be an ESCO skill URI: http://data.europa.eu/esco/skill/<uuid>");
  }
  if (!onet.empty() && !RE2::FullMatch(onet, kOnet)) {
    fields.Fail("onet", "'onet' must be an O*NET element id such as 2.A.1.a or an 8-digit commodity code");
  }
}

std::vector<int> Lines(const std::vector<std::pair<std::string, int>>& items) {
  std::vector<int> lines;
  for (const auto& item : items) lines.push_back(item.second);
  return lines;
}

void CheckOneOf(TomlFields& fields, std::string_view key, const std::string& value,
                std::initializer_list<std::string_view> allowed) {
  if (value.empty()) return;
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
    std::string list;
    for (auto item : allowed) list += (list.empty() ? "" : ", ") + std::string(item);
    fields.Fail(key, "'" + std::string(key) + "' must be one of: " + list);
  }
}

// Parses one entry. It is returned even when invalid (`valid` false), so
// that its patterns can still be checked for every message at once.
std::optional<LexiconEntry> ParseEntry(const toml::table& table, const std::string& path, DataErrors& errors,
                                       bool& valid) {
  const size_t errors_before = errors.messages.size();
  TomlFields fields(table, path, errors);
  fields.RejectUnknownKeys({"id", "name", "kind", "category", "patterns", "certain", "case_sensitive",
                            "context", "exclude", "window", "level", "fit", "relevance", "esco",
                            "onet", "examples", "counter_examples"});
  LexiconEntry entry;
  entry.file = path;
  entry.line = fields.line();
  entry.id = fields.RequiredString("id");
  if (!entry.id.empty() && !IsValidId(entry.id)) {
    fields.Fail("id", "id '" + entry.id + "' must be lower case: [a-z0-9][a-z0-9.+#-]*");
  }
  entry.name = fields.RequiredString("name");
  const std::string kind = fields.RequiredString("kind");
  entry.category = fields.RequiredString("category");
  const auto& categories = CategoriesByKind();
  if (const auto it = categories.find(kind); it == categories.end()) {
    if (!kind.empty()) fields.Fail("kind", "kind '" + kind + "' must be skill, credential or role");
  } else {
    entry.kind = kind == "skill" ? EntryKind::kSkill
                 : kind == "credential" ? EntryKind::kCredential
                                        : EntryKind::kRole;
    if (!entry.category.empty() && !it->second.count(entry.category)) {
      fields.Fail("category", "category '" + entry.category + "' is not a " + kind + " category");
    }
  }
  entry.case_sensitive = fields.Bool("case_sensitive", false);
  auto patterns = fields.StringList("patterns", true);
  const auto certain = fields.StringList("certain", false);
  const auto context = fields.StringList("context", false);
  const auto exclude = fields.StringList("exclude", false);
  CheckPatterns(fields, patterns, entry.case_sensitive, true);
  CheckPatterns(fields, certain, entry.case_sensitive, true);
  if (!certain.empty() && context.empty()) {
    fields.Fail("certain", "'certain' patterns need 'context': without it every pattern is certain");
  }
  entry.certain = ValuesOf(certain);
  // Certain patterns match like the others: they join the patterns.
  patterns.insert(patterns.end(), certain.begin(), certain.end());
  CheckPatterns(fields, context, entry.case_sensitive, true);
  CheckPatterns(fields, exclude, entry.case_sensitive, true);
  entry.patterns = ValuesOf(patterns);
  entry.context = ValuesOf(context);
  entry.exclude = ValuesOf(exclude);
  entry.pattern_lines = Lines(patterns);
  entry.context_lines = Lines(context);
  entry.exclude_lines = Lines(exclude);
  entry.window = static_cast<int>(fields.Number("window", 60, 1, 400));
  entry.level = fields.OptionalString("level").value_or("");
  entry.fit = fields.OptionalString("fit").value_or("");
  entry.relevance = fields.OptionalString("relevance").value_or("");
  CheckOneOf(fields, "level", entry.level, {"associate", "bachelor", "master", "phd"});
  CheckOneOf(fields, "fit", entry.fit, {"core", "related"});
  CheckOneOf(fields, "relevance", entry.relevance, {"high", "medium", "low"});
  if (entry.category == "degree" && entry.level.empty()) fields.Fail(fields.line(), "a degree needs 'level'");
  if (entry.category == "field-of-study" && entry.fit.empty()) fields.Fail(fields.line(), "a field of study needs 'fit'");
  if (entry.kind == EntryKind::kRole && entry.relevance.empty()) fields.Fail(fields.line(), "a role needs 'relevance'");
  entry.esco = fields.OptionalString("esco").value_or("");
  entry.onet = fields.OptionalString("onet").value_or("");
  CheckStandardIds(fields, entry.esco, entry.onet);
  entry.examples = ValuesOf(fields.StringList("examples", true));
  entry.counter_examples = ValuesOf(fields.StringList("counter_examples", false));
  if ((!entry.context.empty() || !entry.exclude.empty()) && entry.counter_examples.empty()) {
    fields.Fail(fields.line(), "an entry with 'context' or 'exclude' needs 'counter_examples'");
  }
  valid = errors.messages.size() == errors_before;
  return entry;
}

void ParseSections(const toml::table& root, const std::string& path, DataErrors& errors,
                   LexiconData& data) {
  const auto& known = KnownSectionKinds();
  for (const toml::table* table : TablesOf(root, "section", path, errors)) {
    TomlFields fields(*table, path, errors);
    fields.RejectUnknownKeys({"kind", "headings"});
    SectionHeadings section;
    section.kind = fields.RequiredString("kind");
    if (!section.kind.empty() && std::find(known.begin(), known.end(), section.kind) == known.end()) {
      fields.Fail("kind", "unknown section kind '" + section.kind + "'");
    }
    for (const auto& [heading, line] : fields.StringList("headings", true)) {
      if (HasUppercaseLiteral(heading)) fields.Fail(line, "heading '" + heading + "' must be lower case");
      section.headings.push_back(heading);
    }
    data.sections.push_back(std::move(section));
  }
}

void ParseLinkKinds(const toml::table& root, const std::string& path, DataErrors& errors,
                    LexiconData& data) {
  for (const toml::table* table : TablesOf(root, "link", path, errors)) {
    TomlFields fields(*table, path, errors);
    fields.RejectUnknownKeys({"kind", "hosts"});
    LinkKind link;
    link.kind = fields.RequiredString("kind");
    link.hosts = ValuesOf(fields.StringList("hosts", true));
    data.link_kinds.push_back(std::move(link));
  }
}

void ReportBadPatterns(const LexiconEntry& entry, DataErrors& errors) {
  const std::vector<std::pair<const std::vector<std::string>*, const std::vector<int>*>> lists = {
      {&entry.patterns, &entry.pattern_lines}, {&entry.context, &entry.context_lines}, {&entry.exclude, &entry.exclude_lines}};
  for (const auto& [patterns, lines] : lists) {
    for (size_t i = 0; i < patterns->size(); ++i) {
      RE2::Options options;
      options.set_log_errors(false);
      const RE2 regex((*patterns)[i], options);
      if (!regex.ok()) {
        errors.messages.push_back(entry.file + ":" + std::to_string((*lines)[i]) + ": bad pattern '" + (*patterns)[i] +
                                  "': " + regex.error());
      }
    }
  }
}

// "path:line: ..." messages in file order, then line order.
bool ByFileAndLine(const std::string& a, const std::string& b) {
  auto split = [](const std::string& message) {
    const size_t first = message.find(':');
    const size_t second = message.find(':', first + 1);
    const std::string file = message.substr(0, first);
    int line = 0;
    try {
      line = std::stoi(message.substr(first + 1, second - first - 1));
    } catch (...) {
    }
    return std::make_pair(file, line);
  };
  return split(a) < split(b);
}

}  // namespace

const char* EntryKindName(EntryKind kind) {
  switch (kind) {
    case EntryKind::kSkill: return "skill";
    case EntryKind::kCredential: return "credential";
    case EntryKind::kRole: return "role";
  }
  return "skill";
}

const std::vector<std::string>& KnownSectionKinds() {
  static const std::vector<std::string> kinds = {
      "contact", "summary", "experience", "education", "skills", "projects", "publications",
      "certifications", "awards", "languages", "volunteering", "interests", "references", "other"};
  return kinds;
}

tl::expected<LexiconData, DataErrors> ParseLexiconData(const std::vector<DataFile>& files) {
  DataErrors errors;
  LexiconData data;
  std::vector<LexiconEntry> rejected;  // invalid entries, kept to check their patterns too
  std::map<std::string, std::string> first_definition;  // id -> "path:line"
  for (const DataFile& file : files) {
    auto root = ParseToml(file, errors);
    if (!root) continue;
    for (const auto& [key, node] : *root) {
      if (key != "entry" && key != "section" && key != "link") {
        errors.messages.push_back(file.path + ":" + std::to_string(node.source().begin.line) +
                                  ": unknown top-level key '" + std::string(key.str()) +
                                  "' (expected [[entry]], [[section]] or [[link]])");
      }
    }
    for (const toml::table* table : TablesOf(*root, "entry", file.path, errors)) {
      bool valid = true;
      auto entry = ParseEntry(*table, file.path, errors, valid);
      if (!valid) {
        rejected.push_back(std::move(*entry));
        continue;
      }
      const std::string where = entry->file + ":" + std::to_string(entry->line);
      if (auto [it, inserted] = first_definition.emplace(entry->id, where); !inserted) {
        errors.messages.push_back(where + ": duplicate id '" + entry->id + "' (first defined at " +
                                  it->second + ")");
        continue;
      }
      data.entries.push_back(std::move(*entry));
    }
    ParseSections(*root, file.path, errors, data);
    ParseLinkKinds(*root, file.path, errors, data);
  }
  if (data.entries.empty() && errors.messages.empty()) {
    errors.messages.push_back("lexicons:0: no [[entry]] tables found in any lexicon file");
  }
  if (!errors.messages.empty()) {
    // Patterns are compiled (and so checked) by CompiledLexicon::Compile,
    // which will not run now: check them here so one run shows every problem.
    for (const auto* entries : {&data.entries, &rejected}) {
      for (const LexiconEntry& entry : *entries) ReportBadPatterns(entry, errors);
    }
    std::stable_sort(errors.messages.begin(), errors.messages.end(), ByFileAndLine);
    return tl::unexpected(std::move(errors));
  }
  return data;
}

}  // namespace ra
