#include "analyzer/score/evidence.h"

#include <algorithm>
#include <map>
#include <set>

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

// Many skills named and few shown in use: worth a recruiter's look.
void FlagUnsupportedSkills(const Rules& rules, const CompiledLexicon& lexicon, ScoringInput& scoring) {
  std::map<size_t, bool> used;  // skill entry -> shown in a role or project
  for (const EvidenceItem& item : scoring.items) {
    if (lexicon.entries()[item.entry].kind != EntryKind::kSkill) continue;
    used[item.entry] = used[item.entry] || (IsWorkSection(item.section) && !item.stuffed);
  }
  const auto listed_only = std::count_if(used.begin(), used.end(), [](const auto& entry) { return !entry.second; });
  if (static_cast<int>(used.size()) < rules.stuffing.unsupported_min ||
      static_cast<double>(listed_only) < rules.stuffing.unsupported_share * static_cast<double>(used.size())) {
    return;
  }
  scoring.flags.push_back(Flag{"unsupported-skills", std::to_string(listed_only) + " of " + std::to_string(used.size()) +
                                                         " skills are only listed, never shown in a role or project"});
}

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

namespace {

struct Block {
  size_t start = 0;
  size_t end = 0;
  size_t section = 0;
  std::set<size_t> entries;  // distinct lexicon entries named in it
  size_t words = 0;
  size_t covered_words = 0;  // words inside a hit
};

// Paragraphs: runs of non-blank lines, cut at section headings.
std::vector<Block> Paragraphs(const EvidenceInput& input) {
  std::vector<Block> blocks;
  const std::string_view display = input.display;
  bool open = false;
  for (const Line& line : SplitLines(display)) {
    const std::string_view text = display.substr(line.start, line.end - line.start);
    const size_t section = input.structure.SectionAt(line.start);
    const bool heading = input.structure.sections[section].start == line.start;
    if (text.empty() || text == "\f" || heading) {
      open = false;
      continue;
    }
    if (!open || blocks.back().section != section) blocks.push_back(Block{line.start, line.end, section, {}, 0, 0});
    blocks.back().end = line.end;
    open = true;
  }
  return blocks;
}

void MeasureBlocks(const EvidenceInput& input, const CompiledLexicon& lexicon, std::vector<Block>& blocks) {
  for (Block& block : blocks) {
    std::vector<std::pair<size_t, size_t>> spans;
    for (const Hit& hit : input.hits) {
      if (hit.start < block.start || hit.start >= block.end) continue;
      if (lexicon.entries()[hit.entry].kind == EntryKind::kRole) continue;
      block.entries.insert(hit.entry);
      spans.emplace_back(hit.start, hit.end);
    }
    for (const Token& token : input.boundaries.tokens()) {
      if (!token.is_word || token.start < block.start || token.start >= block.end) continue;
      ++block.words;
      const bool covered = std::any_of(spans.begin(), spans.end(), [&](const auto& span) {
        return span.first <= token.start && token.end <= span.second;
      });
      block.covered_words += covered;
    }
  }
}

size_t SharedEntries(const Block& a, const Block& b) {
  size_t shared = 0;
  for (size_t entry : a.entries) shared += b.entries.count(entry);
  return shared;
}

}  // namespace

void MarkKeywordStuffing(const Rules& rules, const CompiledLexicon& lexicon, const EvidenceInput& input,
                         ScoringInput& scoring) {
  const StuffingRule& rule = rules.stuffing;
  std::vector<Block> blocks = Paragraphs(input);
  MeasureBlocks(input, lexicon, blocks);
  auto is_list = [&](const Block& block) {
    return static_cast<int>(block.entries.size()) >= rule.min_keywords && block.words > 0 &&
           static_cast<double>(block.covered_words) >= rule.min_coverage * static_cast<double>(block.words);
  };
  for (size_t i = 0; i < blocks.size(); ++i) {
    const Block& block = blocks[i];
    if (!is_list(block)) continue;
    const bool outside_skills = input.structure.sections[block.section].kind != "skills";
    const bool too_long = static_cast<int>(block.entries.size()) > rule.max_skills_list;
    bool repeats = false;
    for (size_t j = 0; j < blocks.size() && !repeats; ++j) {
      repeats = j != i && is_list(blocks[j]) &&
                static_cast<double>(SharedEntries(block, blocks[j])) >= rule.repeat_share * static_cast<double>(block.entries.size());
    }
    if (!outside_skills && !too_long && !repeats) continue;
    for (EvidenceItem& item : scoring.items) {
      if (item.start >= block.start && item.start < block.end) item.stuffed = true;
    }
    const std::string why = outside_skills ? "outside a skills section"
                            : too_long     ? "longer than any real skills list"
                                           : "repeating another list";
    scoring.flags.push_back(Flag{"keyword-stuffing",
                                 "a list of " + std::to_string(block.entries.size()) + " keywords on page " +
                                     std::to_string(input.text.PageAt(block.start)) + " (" + why +
                                     ") earns nothing: skills count where they are used"});
  }
}

double TimeFactor(const Rules& rules, const DateRange& range, MonthIndex as_of) {
  const double since = std::max(0, as_of - range.end);
  const double duration = range.end - range.start + 1;
  double recency = 1.0;
  if (since > rules.recent_months) {
    const double share = std::min(1.0, (since - rules.recent_months) / (rules.old_months - rules.recent_months));
    recency = 1.0 - share * (1.0 - rules.old_factor);
  }
  const double length = std::clamp((duration - 1) / std::max(1.0, rules.long_months - 1), 0.0, 1.0);
  return recency * (rules.brief_factor + (1.0 - rules.brief_factor) * length);
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
    if (item.resume_entry) {
      const Entry& entry = structure.entries[*item.resume_entry];
      const std::string& kind = structure.sections[entry.section].kind;
      if (!entry.dates.empty() && (IsWorkSection(kind) || kind == "volunteering")) {
        item.time_factor = TimeFactor(rules, entry.dates.front(), input.as_of);
      }
    }
    if (auto bullet = BulletAt(structure, hit.start)) {
      item.in_bullet = IsWorkSection(item.section);
      item.quantified = item.in_bullet && quantified[*bullet];
    }
    scoring.items.push_back(std::move(item));
  }

  MarkKeywordStuffing(rules, lexicon, input, scoring);
  FlagUnsupportedSkills(rules, lexicon, scoring);
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
