#include "analyzer/score/advice.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace ra {
namespace {

// Gains below this are rounding noise, not advice.
constexpr double kMinGain = 0.05;
// Categories that show what a role or project was technically about.
const std::set<std::string> kTechnicalCategories = {
    "ml-framework", "ml-topic", "programming-language", "data-library", "data-engineering",
    "database", "cloud", "deployment", "mlops"};

std::string Replace(std::string text, const std::string& key, const std::string& value) {
  for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size())) {
    text.replace(at, key.size(), value);
  }
  return text;
}

std::set<std::string> RequirementCategories(const Requirement& requirement) {
  std::set<std::string> categories;
  for (const auto& rule : requirement.evidence) categories.insert(rule.categories.begin(), rule.categories.end());
  return categories;
}

// The role or project where new evidence for `requirement` fits best: the
// one already using the most related skills (earliest wins a tie, being the
// most recent in a reverse-chronological resume).
std::optional<size_t> BestPlace(const AdviceContext& context, const Requirement& requirement) {
  const auto categories = RequirementCategories(requirement);
  std::map<size_t, double> related;
  for (const auto& item : context.input.items) {
    if (!item.resume_entry || item.synthetic) continue;
    const auto& kind = context.structure.sections[context.structure.entries[*item.resume_entry].section].kind;
    if (kind != "experience" && kind != "projects") continue;
    const auto& category = context.lexicon.entries()[item.entry].category;
    if (categories.count(category)) related[*item.resume_entry] += 2;
    else if (kTechnicalCategories.count(category)) related[*item.resume_entry] += 1;
  }
  // Resumes list the latest work first: of two similar roles, point at the
  // more recent one.
  for (auto& [entry, score] : related) {
    const size_t section = context.structure.entries[entry].section;
    size_t rank = 0;
    for (size_t i = 0; i < entry; ++i) rank += context.structure.entries[i].section == section;
    score *= 1.0 - 0.1 * static_cast<double>(std::min<size_t>(rank, 5));
  }
  std::optional<size_t> best;
  for (const auto& [entry, count] : related) {
    if (context.structure.entries[entry].title.empty()) continue;
    if (!best || count > related[*best]) best = entry;
  }
  if (!best) {
    for (size_t i = 0; i < context.structure.entries.size(); ++i) {
      const auto& entry = context.structure.entries[i];
      const auto& kind = context.structure.sections[entry.section].kind;
      if ((kind == "experience" || kind == "projects") && !entry.title.empty()) return i;
    }
  }
  return best;
}

std::string PlaceText(const AdviceContext& context, std::optional<size_t> place) {
  if (!place) return "a role or project";
  std::string title = context.structure.entries[*place].title;
  if (title.size() > 70) {
    size_t cut = title.rfind(' ', 67);
    title = title.substr(0, cut == std::string::npos ? 67 : cut) + "...";
  }
  return "\"" + title + "\"";
}

// Stands for "a new role or project" when the resume has none to point at.
constexpr size_t kNewEntry = static_cast<size_t>(-1);

EvidenceItem SyntheticItem(size_t entry, const std::string& section, std::optional<size_t> place) {
  EvidenceItem item;
  item.entry = entry;
  item.section = section;
  item.resume_entry = place.value_or(kNewEntry);
  item.in_bullet = section == "experience" || section == "projects";
  item.synthetic = true;
  return item;
}

bool StandsInAfter(const Assessment& before, const Assessment& after, const std::string& id) {
  for (size_t i = 0; i < after.requirements.size(); ++i) {
    if (after.requirements[i].substituted_by == id &&
        after.requirements[i].score > before.requirements[i].score + 1e-9) {
      return true;
    }
  }
  return false;
}

// The requirement whose weighted score rises most between two assessments.
std::string MostRaised(const Assessment& before, const Assessment& after) {
  std::string id;
  double best = 0;
  for (size_t i = 0; i < after.requirements.size(); ++i) {
    const double delta = (after.requirements[i].score - before.requirements[i].score) * after.requirements[i].weight;
    if (delta > best) {
      best = delta;
      id = after.requirements[i].rule->id;
    }
  }
  return id;
}

void RequirementAdvice(const AdviceContext& context, const RequirementScore& result, std::vector<Advice>& out) {
  const Requirement& rule = *result.rule;
  if (result.score >= rule.advice.if_below) return;
  // Evidence the resume already names is better served by showing it in use
  // (ListedOnlyAdvice) than by a suggestion to name it.
  const bool all_present = !rule.advice.add.empty() &&
      std::all_of(rule.advice.add.begin(), rule.advice.add.end(), [&](const std::string& id) {
        const int entry = context.lexicon.Find(id);
        return std::any_of(context.input.items.begin(), context.input.items.end(),
                           [&](const EvidenceItem& item) { return static_cast<int>(item.entry) == entry; });
      });
  if (all_present) return;
  const auto place = BestPlace(context, rule);
  ScoringInput input = context.input;
  for (const auto& id : rule.advice.add) {
    const int entry = context.lexicon.Find(id);
    if (entry >= 0) input.items.push_back(SyntheticItem(static_cast<size_t>(entry), rule.advice.section, place));
  }
  if (!rule.advice.signal.empty()) input.signals[rule.advice.signal] += rule.advice.signal_add;
  const Assessment after = Score(context.rules, context.lexicon, input, context.level);
  const double gain = after.score - context.assessment.score;
  if (gain < kMinGain) return;
  // A requirement that counts only by standing in for another (weight 0)
  // advises only when it would stand in: its text assumes the other is missing.
  if (result.weight <= 0 && !StandsInAfter(context.assessment, after, rule.id)) return;
  out.push_back(Advice{rule.id, Replace(rule.advice.text, "{place}", PlaceText(context, place)), gain, ""});
}

// Sections where a skill is only named, not shown in use.
bool IsListingSection(const std::string& section) {
  return section == "skills" || section == "summary" || section == "header" || section == "interests";
}

// A skill only listed (skills section, summary) counts for less than one
// shown at work: suggest showing the most valuable ones in a bullet. One
// suggestion per skill, credited to the requirement it raises most.
void ListedOnlyAdvice(const AdviceContext& context, std::vector<Advice>& out) {
  std::set<size_t> considered;
  std::map<std::string, Advice> best_per_requirement;  // one such suggestion per requirement
  for (const auto& result : context.assessment.requirements) {
    if (result.score >= 99.95) continue;
    const auto place = BestPlace(context, *result.rule);
    for (const auto& contribution : result.contributions) {
      if (contribution.items.empty()) continue;
      const size_t entry = context.input.items[contribution.items.front()].entry;
      const bool listed_only = std::all_of(contribution.items.begin(), contribution.items.end(), [&](size_t i) {
        return IsListingSection(context.input.items[i].section);
      });
      if (!listed_only || !considered.insert(entry).second) continue;
      ScoringInput input = context.input;
      input.items.push_back(SyntheticItem(entry, "experience", place));
      const Assessment after = Score(context.rules, context.lexicon, input, context.level);
      const double gain = after.score - context.assessment.score;
      if (gain < kMinGain) continue;
      const auto& first = context.input.items[contribution.items.front()];
      Advice advice{MostRaised(context.assessment, after),
                    contribution.name + " appears only in your " + first.section +
                        " section: show it in use in " + PlaceText(context, place) +
                        ", with what you built with it and the result.",
                    gain, ""};
      auto [it, inserted] = best_per_requirement.try_emplace(advice.requirement, advice);
      if (!inserted && advice.gain > it->second.gain) it->second = advice;
    }
  }
  for (auto& [requirement, advice] : best_per_requirement) out.push_back(std::move(advice));
}

// Bullets without numbers: suggest adding a measured result to the entry
// with the most technical evidence that has none.
void ImpactAdvice(const AdviceContext& context, std::vector<Advice>& out) {
  if (context.rules.quantified_factor <= 1.0) return;
  std::map<size_t, int> evidence_in_entry;
  std::set<size_t> quantified_entries;
  for (const auto& item : context.input.items) {
    if (!item.resume_entry || !item.in_bullet) continue;
    evidence_in_entry[*item.resume_entry]++;
    if (item.quantified) quantified_entries.insert(*item.resume_entry);
  }
  std::optional<size_t> target;
  for (const auto& [entry, count] : evidence_in_entry) {
    if (quantified_entries.count(entry) || context.structure.entries[entry].title.empty()) continue;
    if (!target || count > evidence_in_entry[*target]) target = entry;
  }
  if (!target) return;
  ScoringInput input = context.input;
  for (auto& item : input.items) {
    if (item.resume_entry == target && item.in_bullet) item.quantified = true;
  }
  input.signals["quantified_bullets"] += 2;
  const Assessment after = Score(context.rules, context.lexicon, input, context.level);
  const double gain = after.score - context.assessment.score;
  if (gain < kMinGain) return;
  out.push_back(Advice{MostRaised(context.assessment, after),
                       "Add a measured result to the bullets of " + PlaceText(context, target) +
                           " (latency or cost cut, accuracy or revenue gained, data volume, users served): "
                           "numbers make the work checkable and count for more.",
                       gain, ""});
}

void PresentationAdvice(const AdviceContext& context, std::vector<Advice>& out) {
  const ResumeStructure& structure = context.structure;
  auto add = [&](std::string text) { out.push_back(Advice{"presentation", std::move(text), 0, ""}); };
  if (!structure.has_email) add("No email address was found: put one in the header so recruiters can reach you.");
  if (!structure.has_phone) add("No phone number was found in the header; most recruiters expect one.");
  const bool has_code_link = std::any_of(structure.links.begin(), structure.links.end(),
                                         [](const FoundLink& link) { return link.kind == "github" || link.kind == "gitlab"; });
  if (!has_code_link) add("Add a link to your GitHub (or GitLab) profile so reviewers can read your code.");
  const bool has_linkedin = std::any_of(structure.links.begin(), structure.links.end(),
                                        [](const FoundLink& link) { return link.kind == "linkedin"; });
  if (!has_linkedin) add("Add your LinkedIn profile link; recruiters use it to check dates and titles.");
  size_t known_sections = 0;
  for (const auto& section : structure.sections) known_sections += section.kind != "header";
  if (known_sections < 2) {
    add("Few standard section headings were recognised; use plain headings such as Experience, "
        "Education, Skills and Projects so parsers file your content correctly.");
  }
  if (context.pages_without_text > 0) {
    add(std::to_string(context.pages_without_text) +
        " page(s) have no text layer (an image or scan): that content is invisible to parsers.");
  }
  const auto years = context.input.signals.count("total_years") ? context.input.signals.at("total_years") : 0.0;
  if (context.pages > 2 && years < 10) {
    add("The resume runs to " + std::to_string(context.pages) +
        " pages; with under ten years of experience, two pages at most reads better.");
  }
  const bool experience_without_dates = std::any_of(structure.entries.begin(), structure.entries.end(), [&](const Entry& entry) {
    return structure.sections[entry.section].kind == "experience" && entry.dates.empty() && !entry.title.empty();
  });
  // A named project without a link to its code.
  for (const Entry& entry : structure.entries) {
    if (structure.sections[entry.section].kind != "projects" || entry.title.empty()) continue;
    const bool linked = std::any_of(structure.links.begin(), structure.links.end(), [&](const FoundLink& link) {
      return link.kind != "email" && link.kind != "linkedin" && link.start >= entry.start && link.start < entry.end;
    });
    if (!linked) {
      add("Link the repository or demo of the project " + PlaceText(context, static_cast<size_t>(&entry - structure.entries.data())) +
          " so reviewers can see the code and results.");
      break;  // one such suggestion is enough to make the point
    }
  }
  // Roles should run newest first, as recruiters and parsers expect; a role
  // held alongside a longer one (an internship during a PhD) is judged by
  // when it ended.
  MonthIndex previous_end = 0;
  bool out_of_order = false;
  for (const Entry& entry : structure.entries) {
    if (structure.sections[entry.section].kind != "experience" || entry.dates.empty()) continue;
    const MonthIndex end = entry.dates.front().end;
    if (previous_end != 0 && end > previous_end + 1) out_of_order = true;
    previous_end = end;
  }
  if (out_of_order) add("List your roles newest first (reverse-chronological order), as recruiters and parsers expect.");
  if (experience_without_dates) {
    add("Some roles have no dates: give each role a start and end (e.g. \"Mar 2021 - Present\") so "
        "your experience can be counted.");
  }
}

}  // namespace

std::vector<Advice> MakeAdvice(const AdviceContext& context, size_t limit) {
  std::vector<Advice> scored;
  for (const auto& result : context.assessment.requirements) RequirementAdvice(context, result, scored);
  ListedOnlyAdvice(context, scored);
  ImpactAdvice(context, scored);
  std::stable_sort(scored.begin(), scored.end(), [](const Advice& a, const Advice& b) { return a.gain > b.gain; });
  if (scored.size() > limit) scored.resize(limit);
  for (auto& advice : scored) advice.gain = std::round(advice.gain * 10) / 10;
  PresentationAdvice(context, scored);
  return scored;
}

}  // namespace ra
