#include "analyzer/report/json_report.h"

#include <cmath>
#include <cstdio>
#include <ctime>

#include "version.h"

namespace ra {
namespace {

using Json = nlohmann::ordered_json;

double Round1(double value) { return std::round(value * 10.0) / 10.0; }
double Round2(double value) { return std::round(value * 100.0) / 100.0; }

std::string MonthText(MonthIndex month) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d", month / 12, month % 12 + 1);
  return buffer;
}

Json Quote(const AnalysisResult& result, const EvidenceItem& item) {
  if (item.from_portfolio()) {
    Json quote{{"text", item.quote}, {"section", item.section}, {"source", item.source}, {"project", item.project}};
    if (!item.file.empty()) quote["file"] = item.file;
    return quote;
  }
  Json quote{{"text", result.text.display.substr(item.start, item.end - item.start)},
             {"page", item.page},
             {"section", item.section},
             {"start", item.start},
             {"end", item.end}};
  // The role, degree or project the quote sits in, so a reader sees where
  // the skill was used, not only that it was named.
  if (const auto entry = result.structure.EntryAt(item.start)) {
    const std::string& title = result.structure.entries[*entry].title;
    if (!title.empty()) quote["entry"] = title;
  }
  return quote;
}

// The strongest occurrence is the one quoted for a requirement.
const EvidenceItem* StrongestItem(const Analyzer& analyzer, const AnalysisResult& result, const Contribution& contribution) {
  const EvidenceItem* best = nullptr;
  double best_strength = -1;
  for (size_t index : contribution.items) {
    const EvidenceItem& item = result.scoring.items[index];
    const double strength = ItemStrength(analyzer.rules(), item);
    if (strength > best_strength) {
      best = &item;
      best_strength = strength;
    }
  }
  return best;
}

Json RequirementsJson(const AnalysisResult& result, const Assessment& assessment, const Analyzer& analyzer) {
  Json requirements = Json::array();
  for (const RequirementScore& score : assessment.requirements) {
    Json evidence = Json::array();
    for (const Contribution& contribution : score.contributions) {
      Json item{{"id", contribution.id}, {"name", contribution.name}, {"points", Round2(contribution.points)}};
      if (const EvidenceItem* strongest = StrongestItem(analyzer, result, contribution)) {
        item.update(Quote(result, *strongest));
      } else if (contribution.id.rfind("signal:", 0) == 0) {
        const auto it = result.scoring.signals.find(contribution.name);
        item["value"] = Round2(it == result.scoring.signals.end() ? 0.0 : it->second);
      }
      evidence.push_back(std::move(item));
    }
    Json entry{{"id", score.rule->id},
               {"name", score.rule->name},
               {"score", Round1(score.score)},
               {"weight", score.weight},
               {"points", Round2(score.points)},
               {"target", score.target},
               {"evidence", std::move(evidence)}};
    if (!score.substituted_by.empty()) entry["substituted_by"] = score.substituted_by;
    requirements.push_back(std::move(entry));
  }
  return requirements;
}

// Skills, credentials and roles found, each with every place it stands.
Json MatchesJson(const AnalysisResult& result, const Analyzer& analyzer, EntryKind kind) {
  std::map<size_t, Json> by_entry;
  std::vector<size_t> order;
  for (const EvidenceItem& item : result.scoring.items) {
    const LexiconEntry& entry = analyzer.lexicon().entries()[item.entry];
    if (entry.kind != kind) continue;
    auto [it, inserted] = by_entry.try_emplace(item.entry);
    if (inserted) {
      order.push_back(item.entry);
      it->second = Json{{"id", entry.id}, {"name", entry.name}, {"category", entry.category}};
      if (!entry.level.empty()) it->second["level"] = entry.level;
      if (!entry.fit.empty()) it->second["fit"] = entry.fit;
      if (!entry.relevance.empty()) it->second["relevance"] = entry.relevance;
      if (!entry.esco.empty()) it->second["esco"] = entry.esco;
      if (!entry.onet.empty()) it->second["onet"] = entry.onet;
      it->second["evidence"] = Json::array();
    }
    it->second["evidence"].push_back(Quote(result, item));
  }
  Json list = Json::array();
  for (size_t entry : order) list.push_back(std::move(by_entry[entry]));
  return list;
}

Json FlagsJson(const std::vector<Flag>& flags) {
  Json list = Json::array();
  for (const Flag& flag : flags) list.push_back(Json{{"code", flag.code}, {"message", flag.message}});
  return list;
}

std::string DayText(std::int64_t seconds) {
  const std::time_t time = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday);
  return buffer;
}

double Share(double part, double whole) { return whole > 0 ? Round2(part / whole) : 0.0; }

Json GitJson(const GitHistory& git) {
  return Json{{"commits", git.commits},
              {"authors", git.authors},
              {"candidate", git.candidate},
              {"candidate_matched", git.candidate_matched},
              {"candidate_commits", git.candidate_commits},
              {"candidate_share", Share(git.candidate_commits, git.commits)},
              {"first_commit", git.commits > 0 ? Json(DayText(git.first_commit)) : Json()},
              {"last_commit", git.commits > 0 ? Json(DayText(git.last_commit)) : Json()},
              {"candidate_last_commit", git.candidate_commits > 0 ? Json(DayText(git.candidate_last)) : Json()},
              {"months_since_last_commit", git.months_since_last},
              {"remote", git.remote_url},
              {"truncated", git.truncated}};
}

Json ProjectJson(const ProjectFacts& project, const Analyzer& analyzer) {
  std::uint64_t language_bytes = 0;
  for (const auto& language : project.languages) language_bytes += language.bytes;
  Json languages = Json::array();
  for (const auto& language : project.languages) {
    languages.push_back(Json{{"name", language.name}, {"bytes", language.bytes}, {"files", language.files},
                             {"share", Share(static_cast<double>(language.bytes), static_cast<double>(language_bytes))}});
  }
  Json packages = Json::array();
  for (const PackageUse& use : project.packages) {
    const int entry = analyzer.lexicon().Find(use.skill);
    packages.push_back(Json{{"id", use.skill},
                            {"name", entry >= 0 ? analyzer.lexicon().entries()[static_cast<size_t>(entry)].name : use.skill},
                            {"category", entry >= 0 ? analyzer.lexicon().entries()[static_cast<size_t>(entry)].category : ""},
                            {"module", use.module},
                            {"how", use.imported ? "imported" : "declared"},
                            {"file", use.file}});
  }
  Json dependencies = Json::array();
  for (const Dependency& dep : project.dependencies) {
    dependencies.push_back(Json{{"name", dep.name}, {"pinned", dep.pinned}, {"file", dep.file}});
  }
  Json signals = Json::array();
  for (const FoundSignal& found : project.signals) {
    const ProjectSignalRule* rule = analyzer.portfolio_rules().FindSignal(found.id);
    signals.push_back(Json{{"id", found.id}, {"name", rule ? rule->name : found.id}, {"file", found.file}, {"detail", found.detail}});
  }
  Json advice = Json::array();
  for (const ProjectAdvice& item : project.advice) {
    advice.push_back(Json{{"signal", item.signal}, {"requirement", item.requirement}, {"text", item.text}, {"gain", item.gain}});
  }
  Json page;  // null for a project folder
  if (project.kind == "page") {
    Json skills = Json::array();
    for (const PageSkill& named : project.page_skills) skills.push_back(Json{{"id", named.skill}, {"text", named.quote}});
    Json links = Json::array();
    for (const PageLink& link : project.page_links) links.push_back(Json{{"url", link.url}, {"kind", link.kind}});
    page = Json{{"skills", std::move(skills)}, {"links", std::move(links)}};
  }
  return Json{
      {"kind", project.kind},
      {"name", project.name},
      {"path", project.path},
      {"errors", project.errors},
      {"truncated", project.truncated},
      {"files", project.files},
      {"bytes_read", project.bytes_read},
      {"skipped", {{"binary", project.skipped_binary}, {"large", project.skipped_large},
                   {"symlinks", project.skipped_symlinks}, {"folders", project.skipped_folders}}},
      {"languages", std::move(languages)},
      {"python", {{"modules", project.python_modules}, {"notebooks", project.notebooks},
                  {"module_code_bytes", project.module_code_bytes}, {"notebook_code_bytes", project.notebook_code_bytes},
                  {"notebook_share", Round2(project.notebook_share())}}},
      {"imports", project.imports},
      {"frameworks", std::move(packages)},
      {"dependencies", std::move(dependencies)},
      {"pinned_share", Round2(project.pinned_share())},
      {"tests", {{"files", project.test_files}, {"framework", project.test_framework},
                 {"modules", project.modules_total}, {"modules_tested", project.modules_tested},
                 {"tested_share", Share(project.modules_tested, project.modules_total)}}},
      {"typing", {{"functions", project.functions}, {"annotated", project.typed_functions},
                  {"share", Share(project.typed_functions, project.functions)}}},
      {"readme", {{"file", project.readme}, {"what", project.Has("readme_what")}, {"usage", project.Has("readme_usage")},
                  {"results", project.Has("readme_results")}}},
      {"license", project.Has("license")},
      {"signals", std::move(signals)},
      {"git", project.git ? GitJson(*project.git) : Json()},
      {"advice", std::move(advice)},
      {"page", std::move(page)},
  };
}

void AddFileIdentity(const AnalysisResult& result, Json& json) {
  if (!result.content_hash.empty()) json["content_hash"] = result.content_hash;
  if (!result.duplicate_of.empty()) json["duplicate_of"] = result.duplicate_of;
}

Json ErrorJson(const AnalysisResult& result) {
  Json json{{"schema_version", kSchemaVersion},
            {"file", result.file},
            {"status", "error"},
            {"error", {{"code", result.error->code}, {"message", result.error->message}}}};
  AddFileIdentity(result, json);
  return json;
}

}  // namespace

Json StructureToJson(const AnalysisResult& result) {
  const auto& display = result.text.display;
  Json sections = Json::array();
  for (const Section& section : result.structure.sections) {
    sections.push_back(Json{{"kind", section.kind},
                            {"heading", section.heading},
                            {"page", result.text.PageAt(section.start)},
                            {"start", section.start},
                            {"end", section.end}});
  }
  Json entries = Json::array();
  for (const Entry& entry : result.structure.entries) {
    Json dates = Json::array();
    for (const DateRange& range : entry.dates) {
      dates.push_back(Json{{"start", MonthText(range.start)},
                           {"end", range.ongoing ? Json("present") : Json(MonthText(range.end))},
                           {"text", display.substr(range.text_start, range.text_end - range.text_start)}});
    }
    entries.push_back(Json{{"section", result.structure.sections[entry.section].kind},
                           {"title", entry.title},
                           {"start", entry.start},
                           {"end", entry.end},
                           {"dates", std::move(dates)}});
  }
  Json links = Json::array();
  for (const FoundLink& link : result.structure.links) {
    links.push_back(Json{{"url", link.url}, {"kind", link.kind}, {"page", link.page},
                         {"source", link.annotation ? "annotation" : "text"}});
  }
  return Json{{"sections", std::move(sections)},
              {"entries", std::move(entries)},
              {"links", std::move(links)},
              {"contact", {{"email", result.structure.has_email}, {"phone", result.structure.has_phone}}}};
}

Json ResultToJson(const AnalysisResult& result, const Analyzer& analyzer) {
  if (!result.ok()) return ErrorJson(result);
  Json structure = StructureToJson(result);
  Json advice = Json::array();
  for (const Advice& item : result.advice) {
    advice.push_back(Json{{"requirement", item.requirement}, {"text", item.text}, {"gain", item.gain}});
    if (!item.project.empty()) advice.back()["project"] = item.project;
  }
  Json json{
      {"schema_version", kSchemaVersion},
      {"file", result.file},
      {"status", "ok"},
      {"analyzer", {{"version", kAnalyzerVersion}, {"role", analyzer.rules().role_id}, {"rules_version", analyzer.rules().version}}},
      {"format", SourceFormatName(result.format)},
      {"score", Round1(result.assessment.score)},
      {"verdict", result.assessment.verdict},
      {"core_factor", Round2(result.assessment.core_factor)},
      {"level", {{"id", result.assessment.level}, {"inferred", result.level.inferred}, {"reason", result.level.reason}}},
      {"requirements", RequirementsJson(result, result.assessment, analyzer)},
      {"skills", MatchesJson(result, analyzer, EntryKind::kSkill)},
      {"credentials", MatchesJson(result, analyzer, EntryKind::kCredential)},
      {"roles", MatchesJson(result, analyzer, EntryKind::kRole)},
      {"experience", {{"total_years", Round1(result.experience.total_years)},
                      {"relevant_years", Round1(result.experience.relevant_years)}}},
      {"sections", structure["sections"]},
      {"entries", structure["entries"]},
      {"links", structure["links"]},
      {"contact", structure["contact"]},
      {"advice", std::move(advice)},
      {"flags", FlagsJson(result.scoring.flags)},
      {"extraction", {{"pages", result.pages},
                      {"columns", result.columns},
                      {"pages_without_text", result.pages_without_text},
                      {"hidden_characters", result.hidden_characters},
                      {"unmapped_characters", result.unmapped_characters + result.text.unmapped_characters},
                      {"characters", result.text.display.size()},
                      {"words", result.word_count}}},
  };
  if (result.portfolio) json["portfolio"] = PortfolioToJson(*result.portfolio, analyzer);
  AddFileIdentity(result, json);
  return json;
}

Json PortfolioToJson(const PortfolioReport& report, const Analyzer& analyzer) {
  Json projects = Json::array();
  for (const ProjectFacts& project : report.projects) projects.push_back(ProjectJson(project, analyzer));
  Json links = Json::array();
  for (const PortfolioLink& link : report.links) {
    links.push_back(Json{{"url", link.url}, {"kind", link.kind}, {"repository", link.repository},
                         {"project", link.project.empty() ? Json() : Json(link.project)}});
  }
  return Json{{"rules_version", analyzer.portfolio_rules().version}, {"projects", std::move(projects)}, {"links", std::move(links)}};
}

Json PortfolioResultToJson(const PortfolioReport& report, const Assessment& assessment, const Analyzer& analyzer) {
  AnalysisResult holder;  // requirement quotes of portfolio items need no resume text
  holder.assessment = assessment;
  ScoringInput scoring;
  AddPortfolioEvidence(analyzer.portfolio_rules(), analyzer.rules(), analyzer.lexicon(), report.projects, 0, scoring);
  holder.scoring = std::move(scoring);
  return Json{{"schema_version", kSchemaVersion},
              {"analyzer", {{"version", kAnalyzerVersion}, {"role", analyzer.rules().role_id}, {"rules_version", analyzer.rules().version}}},
              {"score", Round1(assessment.score)},
              {"level", assessment.level},
              {"requirements", RequirementsJson(holder, assessment, analyzer)},
              {"portfolio", PortfolioToJson(report, analyzer)}};
}

}  // namespace ra
