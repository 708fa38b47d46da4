#include "analyzer/report/explain_report.h"

#include <algorithm>
#include <cstdio>

namespace ra {
namespace {

std::string Join(const std::vector<std::string>& values) {
  std::string joined;
  for (const auto& value : values) joined += (joined.empty() ? "" : ", ") + value;
  return joined;
}

const char* CombineName(Combine combine) {
  switch (combine) {
    case Combine::kSum: return "each item adds";
    case Combine::kBest: return "only the strongest item counts";
    case Combine::kFocus: return "the item seen in the most places counts, per place";
  }
  return "";
}

std::string DescribeGroup(const EvidenceRule& rule, double target) {
  std::string what;
  if (!rule.categories.empty()) what += "categories " + Join(rule.categories);
  if (!rule.ids.empty()) what += std::string(what.empty() ? "" : " or ") + "ids " + Join(rule.ids);
  if (!rule.except_ids.empty()) what += ", except " + Join(rule.except_ids);
  if (!rule.levels.empty()) what += ", levels " + Join(rule.levels);
  if (!rule.fits.empty()) what += ", fits " + Join(rule.fits);
  if (!rule.relevances.empty()) what += ", relevance " + Join(rule.relevances);
  if (!rule.sections.empty()) what += ", in " + Join(rule.sections);
  const std::string unit = rule.combine == Combine::kFocus ? " per place" : " x strength";
  return what + "; " + FormatFixed(rule.points, 2) + unit + ", " + CombineName(rule.combine) + ", cap " +
         FormatFixed(rule.max > 0 ? rule.max : target, 2);
}

std::string StrengthFormula(const Rules& rules, const EvidenceItem& item) {
  if (item.from_portfolio()) {
    // Its weight comes from rules/portfolio.toml, not from a resume section.
    std::string formula = "portfolio " + FormatFixed(item.factor, 2);
    if (item.time_factor < 0.9995) formula += " x recency " + FormatFixed(item.time_factor, 2);
    return formula;
  }
  std::string formula = item.section + " " + FormatFixed(rules.SectionWeight(item.section), 2);
  if (item.in_bullet) formula += " x bullet " + FormatFixed(rules.bullet_factor, 2);
  if (item.quantified) formula += " x measured result " + FormatFixed(rules.quantified_factor, 2);
  if (item.time_factor < 0.9995) formula += " x recency/duration " + FormatFixed(item.time_factor, 2);
  if (item.stuffed) formula = "0 (inside a keyword list)";
  return formula;
}

std::string Quote(const AnalysisResult& result, const EvidenceItem& item) {
  std::string quote = item.from_portfolio() ? item.quote : result.text.display.substr(item.start, item.end - item.start);
  std::replace(quote.begin(), quote.end(), '\n', ' ');
  std::replace(quote.begin(), quote.end(), '\f', ' ');
  return "\"" + quote + "\"";
}

void ExplainContribution(const AnalysisResult& result, const Rules& rules, const Contribution& contribution,
                         const TextStyle& style, std::string& out) {
  const std::string capped = contribution.points + 1e-9 < contribution.uncapped
                                 ? " (capped from " + FormatFixed(contribution.uncapped, 2) + ")"
                                 : "";
  if (contribution.group < 0) {
    out += "      signal " + contribution.name + " = " + FormatFixed(contribution.quantity, 2) + " x " +
           FormatFixed(contribution.unit_points, 2) + " = " + FormatFixed(contribution.points, 2) + capped + "\n";
    return;
  }
  const std::string how = contribution.quantity != 1.0 || contribution.points == contribution.unit_points * contribution.quantity
                              ? FormatFixed(contribution.unit_points, 2) + " x " + FormatFixed(contribution.quantity, 0) + " place(s)"
                              : FormatFixed(contribution.unit_points, 2) + " x strength " + FormatFixed(contribution.strength, 3);
  out += "      " + contribution.name + ": " + how + " = " + FormatFixed(contribution.points, 2) + capped + "\n";
  for (size_t index : contribution.items) {
    const EvidenceItem& item = result.scoring.items[index];
    const std::string place = item.from_portfolio()
                                  ? " in project " + item.project + (item.file.empty() ? "" : " (" + item.file + ")")
                                  : " p" + std::to_string(item.page);
    const std::string line = Quote(result, item) + place + ", strength " + FormatFixed(ItemStrength(rules, item), 3) +
                             " = " + StrengthFormula(rules, item);
    out += "        " + Wrap(line, style.width, 8) + "\n";
  }
}

}  // namespace

std::string ExplainReport(const AnalysisResult& result, const Analyzer& analyzer, const TextStyle& style) {
  if (!result.ok()) return result.file + ": error [" + result.error->code + "]: " + result.error->message + "\n";
  const Rules& rules = analyzer.rules();
  const Assessment& assessment = result.assessment;
  std::string out = result.file + "\n";
  double weighted = 0;
  double weights = 0;
  for (const auto& requirement : assessment.requirements) {
    weighted += requirement.weight * requirement.score;
    weights += requirement.weight;
  }
  out += "Score " + FormatFixed(assessment.score, 1) + " = weighted mean " + FormatFixed(assessment.weighted_score, 1) +
         " x core factor " + FormatFixed(assessment.core_factor, 2) + " (" + assessment.verdict + ")\n";
  out += "  weighted mean = sum(weight x score) / sum(weight) = " + FormatFixed(weighted, 1) + " / " + FormatFixed(weights, 0) + "\n";
  if (!rules.core.requirements.empty()) {
    out += Wrap("  core factor = min(1, " + FormatFixed(rules.core.floor, 2) + " + " + FormatFixed(1 - rules.core.floor, 2) +
                    " x mean score of [" + Join(rules.core.requirements) + "] / " + FormatFixed(rules.core.full_at, 0) + ")",
                style.width, 4) + "\n";
  }
  std::string sections;
  for (const auto& [kind, weight] : rules.section_weights) sections += (sections.empty() ? "" : ", ") + kind + " " + FormatFixed(weight, 2);
  out += Wrap("  strength of an occurrence = section weight (" + sections + ") x " + FormatFixed(rules.bullet_factor, 2) +
                  " in a role/project bullet x " + FormatFixed(rules.quantified_factor, 2) + " when the bullet has a measured result",
              style.width, 4) + "\n";

  for (const auto& requirement : assessment.requirements) {
    const Requirement& rule = *requirement.rule;
    out += "\n[" + rule.id + "] " + rule.name + ": weight " + FormatFixed(requirement.weight, 0) + ", target " +
           FormatFixed(requirement.target, 2) + " points\n";
    out += "  score = 100 x min(1, " + FormatFixed(requirement.points, 2) + " / " + FormatFixed(requirement.target, 2) + ") = " +
           FormatFixed(100.0 * std::min(1.0, requirement.points / requirement.target), 1);
    if (!requirement.substituted_by.empty()) {
      out += "; made up by " + requirement.substituted_by + " x " + FormatFixed(rule.substitute_factor, 2) + " = " +
             FormatFixed(requirement.score, 1);
    }
    out += "; adds " + FormatFixed(requirement.weight * requirement.score, 1) + " to the weighted sum\n";
    for (size_t group = 0; group < rule.evidence.size(); ++group) {
      out += "    " + Wrap("group " + std::to_string(group + 1) + ": " + DescribeGroup(rule.evidence[group], requirement.target),
                          style.width, 6) + "\n";
      bool any = false;
      for (const auto& contribution : requirement.contributions) {
        if (contribution.group != static_cast<int>(group)) continue;
        ExplainContribution(result, rules, contribution, style, out);
        any = true;
      }
      if (!any) out += "      (nothing found)\n";
    }
    for (const auto& contribution : requirement.contributions) {
      if (contribution.group < 0) ExplainContribution(result, rules, contribution, style, out);
    }
  }
  return out;
}

}  // namespace ra
