#include "analyzer/score/scorer.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace ra {
namespace {

bool Contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

bool Counts(const EvidenceRule& rule, const LexiconEntry& entry, const EvidenceItem& item) {
  const bool selected = Contains(rule.categories, entry.category) || Contains(rule.ids, entry.id);
  if (!selected || Contains(rule.except_ids, entry.id)) return false;
  if (!rule.levels.empty() && !Contains(rule.levels, entry.level)) return false;
  if (!rule.fits.empty() && !Contains(rule.fits, entry.fit)) return false;
  if (!rule.relevances.empty() && !Contains(rule.relevances, entry.relevance)) return false;
  if (!rule.sections.empty() && !Contains(rule.sections, item.section)) return false;
  return true;
}

// Items of one group, gathered per lexicon entry.
std::map<size_t, Contribution> GatherGroup(const Rules& rules, const CompiledLexicon& lexicon,
                                           const EvidenceRule& rule, const ScoringInput& input) {
  std::map<size_t, Contribution> by_entry;
  for (size_t i = 0; i < input.items.size(); ++i) {
    const EvidenceItem& item = input.items[i];
    const LexiconEntry& entry = lexicon.entries()[item.entry];
    if (!Counts(rule, entry, item)) continue;
    Contribution& contribution = by_entry[item.entry];
    contribution.id = entry.id;
    contribution.name = entry.name;
    contribution.strength = std::max(contribution.strength, ItemStrength(rules, item));
    contribution.items.push_back(i);
  }
  return by_entry;
}

// The distinct places an item is seen in: each role, project or degree, and
// each other section (summary, publications, ...) as one place. A skills
// list shows no focus, so it is not a place.
size_t DistinctPlaces(const Contribution& contribution, const ScoringInput& input) {
  std::set<std::string> places;
  for (size_t i : contribution.items) {
    const EvidenceItem& item = input.items[i];
    if (item.stuffed) continue;  // a keyword list is no place of use
    if (item.from_portfolio()) {
      places.insert("project:" + item.project);
    } else if (item.resume_entry) {
      places.insert("entry:" + std::to_string(*item.resume_entry));
    } else if (item.section != "skills" && item.section != "header") {
      places.insert("section:" + item.section);
    }
  }
  return places.size();
}

double ScoreGroup(const Rules& rules, const CompiledLexicon& lexicon, const EvidenceRule& rule, int group,
                  double target, const ScoringInput& input, std::vector<Contribution>& out) {
  std::map<size_t, Contribution> by_entry = GatherGroup(rules, lexicon, rule, input);
  for (auto& [entry, contribution] : by_entry) {
    contribution.group = group;
    contribution.unit_points = rule.points;
    contribution.quantity = rule.combine == Combine::kFocus ? static_cast<double>(DistinctPlaces(contribution, input)) : 1.0;
    contribution.points = rule.combine == Combine::kFocus ? rule.points * contribution.quantity
                                                          : rule.points * contribution.strength;
    contribution.uncapped = contribution.points;
  }
  std::vector<Contribution> ranked;
  for (auto& [entry, contribution] : by_entry) ranked.push_back(std::move(contribution));
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.points > b.points; });
  if (rule.combine != Combine::kSum && ranked.size() > 1) ranked.resize(1);

  const double cap = rule.max > 0 ? rule.max : target;
  double total = 0;
  for (auto& contribution : ranked) {
    // Points beyond the cap earn nothing, and the explanation says so.
    contribution.points = std::min(contribution.points, std::max(0.0, cap - total));
    total += contribution.points;
    if (contribution.points > 0 || rule.combine == Combine::kSum) out.push_back(std::move(contribution));
  }
  return total;
}

double ScoreSignals(const Requirement& requirement, double target, const ScoringInput& input,
                    std::vector<Contribution>& out) {
  double total = 0;
  for (const SignalRule& signal : requirement.signals) {
    const auto it = input.signals.find(signal.name);
    const double value = it == input.signals.end() ? 0 : it->second;
    const double cap = signal.max > 0 ? signal.max : target;
    const double points = std::min(cap, value * signal.points);
    if (points <= 0) continue;
    Contribution contribution;
    contribution.id = "signal:" + signal.name;
    contribution.name = signal.name;
    contribution.points = points;
    contribution.uncapped = value * signal.points;
    contribution.strength = 1;
    contribution.unit_points = signal.points;
    contribution.quantity = value;
    out.push_back(std::move(contribution));
    total += points;
  }
  return total;
}

// The role is defined by its core requirements (building ML): without them,
// strength elsewhere (backend engineering, say) cannot make a fit.
double CoreFactor(const CoreRule& core, const Assessment& assessment) {
  if (core.requirements.empty()) return 1.0;
  double sum = 0;
  for (const auto& result : assessment.requirements) {
    if (std::find(core.requirements.begin(), core.requirements.end(), result.rule->id) != core.requirements.end()) {
      sum += result.score;
    }
  }
  const double mean = sum / static_cast<double>(core.requirements.size());
  return std::min(1.0, core.floor + (1.0 - core.floor) * mean / core.full_at);
}

}  // namespace

double ItemStrength(const Rules& rules, const EvidenceItem& item) {
  if (item.stuffed) return 0;
  if (item.from_portfolio()) return item.factor * item.time_factor;
  double strength = rules.SectionWeight(item.section) * item.time_factor;
  if (item.in_bullet) strength *= rules.bullet_factor;
  if (item.quantified) strength *= rules.quantified_factor;
  return strength;
}

Assessment Score(const Rules& rules, const CompiledLexicon& lexicon, const ScoringInput& input, const Level* level) {
  Assessment assessment;
  if (level != nullptr) assessment.level = level->id;
  for (const Requirement& requirement : rules.requirements) {
    RequirementScore result;
    result.rule = &requirement;
    result.weight = requirement.weight;
    result.target = requirement.target;
    if (level != nullptr) {
      for (const LevelOverride& change : level->overrides) {
        if (change.requirement != requirement.id) continue;
        result.weight = change.weight.value_or(result.weight);
        result.target = change.target.value_or(result.target);
      }
    }
    for (size_t group = 0; group < requirement.evidence.size(); ++group) {
      result.points += ScoreGroup(rules, lexicon, requirement.evidence[group], static_cast<int>(group),
                                  result.target, input, result.contributions);
    }
    result.points += ScoreSignals(requirement, result.target, input, result.contributions);
    result.score = 100.0 * std::min(1.0, result.points / result.target);
    assessment.requirements.push_back(std::move(result));
  }
  // Substitutes (an alternative path standing in for a degree) apply after
  // every requirement has its own score.
  for (auto& result : assessment.requirements) {
    const Requirement& rule = *result.rule;
    if (rule.substitute.empty()) continue;
    for (const auto& other : assessment.requirements) {
      if (other.rule->id != rule.substitute) continue;
      const double stand_in = other.score * rule.substitute_factor;
      if (stand_in > result.score) {
        result.score = stand_in;
        result.substituted_by = other.rule->id;
      }
    }
  }
  double weighted = 0;
  double weights = 0;
  for (const auto& result : assessment.requirements) {
    weighted += result.weight * result.score;
    weights += result.weight;
  }
  assessment.weighted_score = weights > 0 ? weighted / weights : 0;
  assessment.core_factor = CoreFactor(rules.core, assessment);
  assessment.score = assessment.weighted_score * assessment.core_factor;
  for (const Verdict& verdict : rules.verdicts) {
    if (assessment.score >= verdict.min) {
      assessment.verdict = verdict.label;
      break;
    }
  }
  return assessment;
}

}  // namespace ra
