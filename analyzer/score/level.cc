#include "analyzer/score/level.h"

#include <cstdio>

namespace ra {
namespace {

std::string Years(double years) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", years);
  return buffer;
}

// The first role title that reads as senior (Senior, Staff, Lead, ...).
std::string SeniorTitle(const Rules& rules, const ResumeStructure& structure) {
  const auto& regex = rules.level_inference.senior_titles_regex;
  if (!regex) return std::string();
  for (const Entry& entry : structure.entries) {
    if (structure.sections[entry.section].kind == "experience" && RE2::PartialMatch(entry.title, *regex)) {
      return entry.title;
    }
  }
  return std::string();
}

}  // namespace

LevelChoice ChooseLevel(const Rules& rules, const std::string& requested, const ScoringInput& input,
                        const ResumeStructure& structure) {
  LevelChoice choice;
  if (rules.levels.empty()) return choice;
  if (!requested.empty()) {
    choice.level = rules.FindLevel(requested);
    choice.reason = "asked for";
    return choice;
  }
  choice.inferred = true;
  const auto it = input.signals.find("relevant_years");
  const double years = it == input.signals.end() ? 0 : it->second;
  const LevelInference& inference = rules.level_inference;
  const std::string senior_title = SeniorTitle(rules, structure);
  std::string id = "mid";
  if (years >= inference.senior_from_years) {
    id = "senior";
    choice.reason = Years(years) + " years of relevant experience";
  } else if (!senior_title.empty() && years >= inference.senior_title_from_years) {
    id = "senior";
    choice.reason = "senior title \"" + senior_title + "\" with " + Years(years) + " relevant years";
  } else if (years < inference.junior_below_years) {
    id = "junior";
    choice.reason = Years(years) + " years of relevant experience";
  } else {
    choice.reason = Years(years) + " years of relevant experience";
  }
  choice.level = rules.FindLevel(id);
  return choice;
}

}  // namespace ra
