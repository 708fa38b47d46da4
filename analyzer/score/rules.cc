#include "analyzer/score/rules.h"

#include "analyzer/common/find_by_id.h"

#include <algorithm>
#include <set>

#include "analyzer/data/toml_fields.h"

namespace ra {
namespace {

std::set<std::string> LexiconCategories(const CompiledLexicon& lexicon) {
  std::set<std::string> categories;
  for (const auto& entry : lexicon.entries()) categories.insert(entry.category);
  return categories;
}

void CheckIds(TomlFields& fields, const std::vector<std::pair<std::string, int>>& ids,
              const CompiledLexicon& lexicon) {
  for (const auto& [id, line] : ids) {
    if (lexicon.Find(id) < 0) fields.Fail(line, "unknown lexicon id '" + id + "'");
  }
}

EvidenceRule ParseEvidence(const toml::table& table, const std::string& path, DataErrors& errors,
                           const CompiledLexicon& lexicon, const std::set<std::string>& categories) {
  TomlFields fields(table, path, errors);
  fields.RejectUnknownKeys({"categories", "ids", "except_ids", "levels", "fits", "relevances",
                            "sections", "points", "max", "combine"});
  EvidenceRule rule;
  const auto category_items = fields.StringList("categories", false);
  for (const auto& [category, line] : category_items) {
    if (!categories.count(category)) fields.Fail(line, "no lexicon entry has category '" + category + "'");
  }
  const auto ids = fields.StringList("ids", false);
  const auto except_ids = fields.StringList("except_ids", false);
  CheckIds(fields, ids, lexicon);
  CheckIds(fields, except_ids, lexicon);
  if (category_items.empty() && ids.empty()) fields.Fail(fields.line(), "evidence needs 'categories' or 'ids'");
  rule.categories = ValuesOf(category_items);
  rule.ids = ValuesOf(ids);
  rule.except_ids = ValuesOf(except_ids);
  rule.levels = ValuesOf(fields.StringList("levels", false));
  rule.fits = ValuesOf(fields.StringList("fits", false));
  rule.relevances = ValuesOf(fields.StringList("relevances", false));
  const auto sections = fields.StringList("sections", false);
  const auto& known = KnownSectionKinds();
  for (const auto& [section, line] : sections) {
    if (section != "header" && std::find(known.begin(), known.end(), section) == known.end()) {
      fields.Fail(line, "unknown section kind '" + section + "'");
    }
  }
  rule.sections = ValuesOf(sections);
  rule.points = fields.Number("points", 1.0, 0, 100);
  rule.max = fields.Number("max", 0, 0, 1000);
  const std::string combine = fields.OptionalString("combine").value_or("sum");
  if (combine == "sum") rule.combine = Combine::kSum;
  else if (combine == "best") rule.combine = Combine::kBest;
  else if (combine == "focus") rule.combine = Combine::kFocus;
  else fields.Fail("combine", "'combine' must be sum, best or focus");
  return rule;
}

SignalRule ParseSignal(const toml::table& table, const std::string& path, DataErrors& errors) {
  TomlFields fields(table, path, errors);
  fields.RejectUnknownKeys({"name", "points", "max"});
  SignalRule rule;
  rule.name = fields.RequiredString("name");
  const auto& known = KnownSignals();
  if (!rule.name.empty() && std::find(known.begin(), known.end(), rule.name) == known.end()) {
    fields.Fail("name", "unknown signal '" + rule.name + "'");
  }
  rule.points = fields.Number("points", 1.0, 0, 100);
  rule.max = fields.Number("max", 0, 0, 1000);
  return rule;
}

AdviceRule ParseAdvice(const toml::table& table, const std::string& path, DataErrors& errors,
                       const CompiledLexicon& lexicon) {
  TomlFields fields(table, path, errors);
  fields.RejectUnknownKeys({"text", "add", "section", "signal", "signal_add", "if_below"});
  AdviceRule advice;
  advice.text = fields.RequiredString("text");
  const auto add = fields.StringList("add", false);
  CheckIds(fields, add, lexicon);
  advice.add = ValuesOf(add);
  advice.section = fields.OptionalString("section").value_or("experience");
  advice.signal = fields.OptionalString("signal").value_or("");
  const auto& known = KnownSignals();
  if (!advice.signal.empty() && std::find(known.begin(), known.end(), advice.signal) == known.end()) {
    fields.Fail("signal", "unknown signal '" + advice.signal + "'");
  }
  advice.signal_add = fields.Number("signal_add", 0, 0, 100);
  advice.if_below = fields.Number("if_below", 99.95, 0, 100);
  if (advice.add.empty() && advice.signal.empty()) {
    fields.Fail(fields.line(), "advice needs 'add' (lexicon ids) or 'signal' to compute its gain");
  }
  return advice;
}

}  // namespace

const std::vector<std::string>& KnownSignals() {
  static const std::vector<std::string> signals = {
      "relevant_years",      // years in roles, weighted by the title's relevance
      "total_years",         // years covered by any role
      "quantified_bullets",  // bullets with a measured result
      "project_entries",     // entries in a projects section
      "github_links",        // links to GitHub or GitLab profiles/repositories
      "portfolio_links",     // links to Kaggle, Hugging Face, Scholar, a personal site
      "portfolio_projects",  // given portfolio projects (--portfolio) with code
      "portfolio_documented_projects",  // of those, with a README saying what, how to run and results
  };
  return signals;
}

double Rules::SectionWeight(const std::string& kind) const {
  if (auto it = section_weights.find(kind); it != section_weights.end()) return it->second;
  if (auto it = section_weights.find("default"); it != section_weights.end()) return it->second;
  return 0.5;
}

const Level* Rules::FindLevel(const std::string& id) const { return FindById(levels, id); }

const Requirement* Rules::Find(const std::string& id) const { return FindById(requirements, id); }

tl::expected<Rules, DataErrors> LoadRules(const DataFile& file, const CompiledLexicon& lexicon) {
  DataErrors errors;
  auto root = ParseToml(file, errors);
  if (!root) return tl::unexpected(std::move(errors));
  Rules rules;
  rules.path = file.path;
  TomlFields top(*root, file.path, errors);
  top.RejectUnknownKeys({"role", "sections", "strength", "time", "verdict", "impact", "core", "stuffing", "levels", "level",
                         "requirement"});

  if (const toml::table* role = top.SubTable("role")) {
    TomlFields fields(*role, file.path, errors);
    fields.RejectUnknownKeys({"id", "name", "version"});
    rules.role_id = fields.RequiredString("id");
    rules.role_name = fields.RequiredString("name");
    rules.version = fields.RequiredString("version");
  } else {
    top.Fail(1, "missing [role] table (id, name, version)");
  }
  if (const toml::table* sections = top.SubTable("sections")) {
    for (const auto& [key, node] : *sections) {
      const auto* number = node.as_floating_point();
      const auto* integer = node.as_integer();
      if (number == nullptr && integer == nullptr) {
        top.Fail(static_cast<int>(node.source().begin.line), "section weight '" + std::string(key.str()) + "' must be a number");
        continue;
      }
      rules.section_weights[std::string(key.str())] = number ? number->get() : static_cast<double>(integer->get());
    }
  }
  if (const toml::table* strength = top.SubTable("strength")) {
    TomlFields fields(*strength, file.path, errors);
    fields.RejectUnknownKeys({"bullet", "quantified_bullet"});
    rules.bullet_factor = fields.Number("bullet", 1.0, 0, 10);
    rules.quantified_factor = fields.Number("quantified_bullet", 1.0, 0, 10);
  }
  if (const toml::table* impact = top.SubTable("impact")) {
    TomlFields fields(*impact, file.path, errors);
    fields.RejectUnknownKeys({"patterns"});
    const auto patterns = fields.StringList("patterns", true);
    std::string joined;
    for (const auto& [pattern, line] : patterns) {
      RE2::Options options;
      options.set_log_errors(false);
      RE2 check(pattern, options);
      if (!check.ok()) fields.Fail(line, "bad pattern '" + pattern + "': " + check.error());
      joined += (joined.empty() ? "" : "|") + ("(?:" + pattern + ")");
      rules.impact_patterns.push_back(pattern);
    }
    RE2::Options options;
    options.set_log_errors(false);
    if (!joined.empty()) rules.impact = std::make_shared<RE2>(joined, options);
  }
  for (const toml::table* table : TablesOf(*root, "verdict", file.path, errors)) {
    TomlFields fields(*table, file.path, errors);
    fields.RejectUnknownKeys({"min", "label"});
    rules.verdicts.push_back(Verdict{fields.Number("min", 0, 0, 100), fields.RequiredString("label")});
  }
  std::sort(rules.verdicts.begin(), rules.verdicts.end(), [](const auto& a, const auto& b) { return a.min > b.min; });
  if (rules.verdicts.empty() || rules.verdicts.back().min > 0) top.Fail(1, "[[verdict]] bands must cover scores down to min = 0");

  const auto categories = LexiconCategories(lexicon);
  std::set<std::string> seen;
  for (const toml::table* table : TablesOf(*root, "requirement", file.path, errors)) {
    TomlFields fields(*table, file.path, errors);
    fields.RejectUnknownKeys({"id", "name", "weight", "target", "rationale", "sources", "evidence",
                              "signal", "substitute", "substitute_factor", "advice"});
    Requirement requirement;
    requirement.line = fields.line();
    requirement.id = fields.RequiredString("id");
    if (!seen.insert(requirement.id).second) fields.Fail("id", "duplicate requirement id '" + requirement.id + "'");
    requirement.name = fields.RequiredString("name");
    requirement.weight = fields.Number("weight", 0, 0, 100);
    requirement.target = fields.Number("target", 1, 0.01, 1000);
    requirement.rationale = fields.RequiredString("rationale");
    requirement.sources = ValuesOf(fields.StringList("sources", true));
    for (const toml::table* evidence : TablesOf(*table, "evidence", file.path, errors)) {
      requirement.evidence.push_back(ParseEvidence(*evidence, file.path, errors, lexicon, categories));
    }
    for (const toml::table* signal : TablesOf(*table, "signal", file.path, errors)) {
      requirement.signals.push_back(ParseSignal(*signal, file.path, errors));
    }
    if (requirement.evidence.empty() && requirement.signals.empty()) {
      fields.Fail(fields.line(), "requirement '" + requirement.id + "' counts no evidence and no signal");
    }
    requirement.substitute = fields.OptionalString("substitute").value_or("");
    requirement.substitute_factor = fields.Number("substitute_factor", 0, 0, 1);
    if (const toml::table* advice = fields.SubTable("advice")) {
      requirement.advice = ParseAdvice(*advice, file.path, errors, lexicon);
    } else {
      fields.Fail(fields.line(), "requirement '" + requirement.id + "' has no [requirement.advice]");
    }
    rules.requirements.push_back(std::move(requirement));
  }
  if (const toml::table* core = top.SubTable("core")) {
    TomlFields fields(*core, file.path, errors);
    fields.RejectUnknownKeys({"requirements", "full_at", "floor"});
    for (const auto& [id, line] : fields.StringList("requirements", true)) {
      if (rules.Find(id) == nullptr) fields.Fail(line, "core requirement '" + id + "' is not a requirement");
      rules.core.requirements.push_back(id);
    }
    rules.core.full_at = fields.Number("full_at", 50, 1, 100);
    rules.core.floor = fields.Number("floor", 1.0, 0, 1);
  }
  if (const toml::table* time = top.SubTable("time")) {
    TomlFields fields(*time, file.path, errors);
    fields.RejectUnknownKeys({"recent_months", "old_months", "old_factor", "long_months", "brief_factor"});
    rules.recent_months = fields.Number("recent_months", 24, 0, 600);
    rules.old_months = fields.Number("old_months", 120, 1, 1200);
    rules.old_factor = fields.Number("old_factor", 0.6, 0, 1);
    rules.long_months = fields.Number("long_months", 24, 1, 600);
    rules.brief_factor = fields.Number("brief_factor", 0.85, 0, 1);
    if (rules.old_months <= rules.recent_months) fields.Fail("old_months", "'old_months' must be above 'recent_months'");
  }
  if (const toml::table* inference = top.SubTable("levels")) {
    TomlFields fields(*inference, file.path, errors);
    fields.RejectUnknownKeys({"junior_below_years", "senior_from_years", "senior_title_from_years", "senior_titles"});
    LevelInference& level = rules.level_inference;
    level.junior_below_years = fields.Number("junior_below_years", 2, 0, 50);
    level.senior_from_years = fields.Number("senior_from_years", 6, 0, 50);
    level.senior_title_from_years = fields.Number("senior_title_from_years", 4, 0, 50);
    level.senior_titles = fields.OptionalString("senior_titles").value_or("");
    if (!level.senior_titles.empty()) {
      RE2::Options options;
      options.set_log_errors(false);
      level.senior_titles_regex = std::make_shared<RE2>(level.senior_titles, options);
      if (!level.senior_titles_regex->ok()) {
        fields.Fail("senior_titles", "bad pattern: " + level.senior_titles_regex->error());
      }
    }
  }
  if (const toml::table* stuffing = top.SubTable("stuffing")) {
    TomlFields fields(*stuffing, file.path, errors);
    fields.RejectUnknownKeys({"min_keywords", "min_coverage", "max_skills_list", "repeat_share", "unsupported_min",
                              "unsupported_share"});
    rules.stuffing.min_keywords = static_cast<int>(fields.Number("min_keywords", 25, 2, 1000));
    rules.stuffing.min_coverage = fields.Number("min_coverage", 0.5, 0, 1);
    rules.stuffing.max_skills_list = static_cast<int>(fields.Number("max_skills_list", 60, 2, 1000));
    rules.stuffing.repeat_share = fields.Number("repeat_share", 0.5, 0, 1);
    rules.stuffing.unsupported_min = static_cast<int>(fields.Number("unsupported_min", 30, 1, 1000));
    rules.stuffing.unsupported_share = fields.Number("unsupported_share", 0.75, 0, 1);
  }
  for (const toml::table* table : TablesOf(*root, "level", file.path, errors)) {
    TomlFields fields(*table, file.path, errors);
    fields.RejectUnknownKeys({"id", "description", "requirement"});
    Level level;
    level.id = fields.RequiredString("id");
    level.description = fields.OptionalString("description").value_or("");
    if (level.id != "junior" && level.id != "mid" && level.id != "senior") {
      fields.Fail("id", "level id must be junior, mid or senior");
    }
    for (const toml::table* override_table : TablesOf(*table, "requirement", file.path, errors)) {
      TomlFields override_fields(*override_table, file.path, errors);
      override_fields.RejectUnknownKeys({"id", "weight", "target"});
      LevelOverride change;
      change.requirement = override_fields.RequiredString("id");
      if (!change.requirement.empty() && rules.Find(change.requirement) == nullptr) {
        override_fields.Fail("id", "unknown requirement '" + change.requirement + "'");
      }
      change.weight = override_fields.OptionalNumber("weight", 0, 100);
      change.target = override_fields.OptionalNumber("target", 0.01, 1000);
      level.overrides.push_back(std::move(change));
    }
    rules.levels.push_back(std::move(level));
  }
  for (const auto& requirement : rules.requirements) {
    if (!requirement.substitute.empty() && rules.Find(requirement.substitute) == nullptr) {
      errors.messages.push_back(file.path + ":" + std::to_string(requirement.line) + ": substitute '" +
                                requirement.substitute + "' is not a requirement");
    }
  }
  if (rules.requirements.empty()) top.Fail(1, "no [[requirement]] tables");
  if (!errors.messages.empty()) return tl::unexpected(std::move(errors));
  return rules;
}

}  // namespace ra
