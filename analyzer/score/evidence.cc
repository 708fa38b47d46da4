#include "analyzer/score/evidence.h"

#include <algorithm>
#include <map>

namespace ra {
namespace {

double RelevanceWeight(const std::string& relevance) {
  if (relevance == "high") return 1.0;
  if (relevance == "medium") return 0.6;
  if (relevance == "low") return 0.1;
  return 0.4;  // a role whose title the lexicon does not know
}

std::optional<size_t> BulletAt(const ResumeStructure& structure, size_t offset) {
  for (size_t i = 0; i < structure.bullets.size(); ++i) {
    if (structure.bullets[i].start <= offset && offset < structure.bullets[i].end) return i;
  }
  return std::nullopt;
}

bool IsWorkSection(const std::string& kind) { return kind == "experience" || kind == "projects"; }

}  // namespace

std::vector<bool> QuantifiedBullets(const Rules& rules, const EvidenceInput& input) {
  std::vector<bool> quantified(input.structure.bullets.size(), false);
  if (!rules.impact) return quantified;
  // Folded offsets of each bullet: search the folded text between the
  // folded positions that map onto the bullet's display range.
  const auto& map = input.fold_map.to_display;
  for (size_t i = 0; i < input.structure.bullets.size(); ++i) {
    const BulletLine& bullet = input.structure.bullets[i];
    const auto begin = static_cast<size_t>(std::lower_bound(map.begin(), map.end(), bullet.start) - map.begin());
    const auto end = static_cast<size_t>(std::lower_bound(map.begin(), map.end(), bullet.end) - map.begin());
    if (end <= begin) continue;
    quantified[i] = RE2::PartialMatch(input.folded.substr(begin, end - begin), *rules.impact);
  }
  return quantified;
}

ExperienceSummary SummarizeExperience(const CompiledLexicon& lexicon, const EvidenceInput& input) {
  // Month -> the highest relevance of any role covering it, so overlapping
  // roles are not counted twice.
  std::map<MonthIndex, double> months;
  for (const Entry& entry : input.structure.entries) {
    if (input.structure.sections[entry.section].kind != "experience" || entry.dates.empty()) continue;
    double relevance = RelevanceWeight("");
    bool titled = false;
    for (const Hit& hit : input.hits) {
      const LexiconEntry& lexeme = lexicon.entries()[hit.entry];
      if (lexeme.kind != EntryKind::kRole || hit.start < entry.start || hit.start >= entry.end) continue;
      const double weight = RelevanceWeight(lexeme.relevance);
      relevance = titled ? std::max(relevance, weight) : weight;
      titled = true;
    }
    const DateRange& range = entry.dates.front();
    for (MonthIndex month = range.start; month <= range.end; ++month) {
      months[month] = std::max(months[month], relevance);
    }
  }
  ExperienceSummary summary;
  for (const auto& [month, relevance] : months) {
    summary.total_years += 1.0 / 12.0;
    summary.relevant_years += relevance / 12.0;
  }
  return summary;
}

ScoringInput BuildScoringInput(const Rules& rules, const CompiledLexicon& lexicon, const EvidenceInput& input) {
  ScoringInput scoring;
  const ResumeStructure& structure = input.structure;
  const std::vector<bool> quantified = QuantifiedBullets(rules, input);
  for (const Hit& hit : input.hits) {
    EvidenceItem item;
    item.entry = hit.entry;
    item.start = hit.start;
    item.end = hit.end;
    item.page = input.text.PageAt(hit.start);
    item.section = structure.sections[structure.SectionAt(hit.start)].kind;
    item.resume_entry = structure.EntryAt(hit.start);
    if (auto bullet = BulletAt(structure, hit.start)) {
      item.in_bullet = IsWorkSection(item.section);
      item.quantified = item.in_bullet && quantified[*bullet];
    }
    scoring.items.push_back(std::move(item));
  }

  const ExperienceSummary experience = SummarizeExperience(lexicon, input);
  double quantified_count = 0;
  for (size_t i = 0; i < quantified.size(); ++i) {
    if (quantified[i] && IsWorkSection(structure.sections[structure.bullets[i].section].kind)) ++quantified_count;
  }
  double project_entries = 0;
  for (const Entry& entry : structure.entries) {
    if (structure.sections[entry.section].kind == "projects") ++project_entries;
  }
  double github = 0;
  double portfolio = 0;
  for (const FoundLink& link : structure.links) {
    if (link.kind == "github" || link.kind == "gitlab") ++github;
    else if (link.kind == "kaggle" || link.kind == "huggingface" || link.kind == "scholar" ||
             link.kind == "website" || link.kind == "arxiv") ++portfolio;
  }
  scoring.signals = {
      {"relevant_years", experience.relevant_years},
      {"total_years", experience.total_years},
      {"quantified_bullets", quantified_count},
      {"project_entries", project_entries},
      {"github_links", github},
      {"portfolio_links", portfolio},
  };
  return scoring;
}

}  // namespace ra
