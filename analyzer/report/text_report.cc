#include "analyzer/report/text_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ra {
namespace {

constexpr size_t kBarWidth = 20;
constexpr size_t kEvidenceShown = 3;

std::string Pad(const std::string& text, size_t width) {
  const size_t columns = CountCodePoints(text);
  return columns >= width ? text : text + std::string(width - columns, ' ');
}

class Painter {
 public:
  explicit Painter(bool color) : color_(color) {}
  std::string Bold(const std::string& text) const { return Paint("1", text); }
  std::string Dim(const std::string& text) const { return Paint("2", text); }
  std::string ForScore(double score, const std::string& text) const {
    static constexpr const char* kBandCodes[] = {"31", "33", "32"};
    return Paint(kBandCodes[ScoreBand(score)], text);
  }

 private:
  std::string Paint(const char* code, const std::string& text) const {
    return color_ ? "\x1b[" + std::string(code) + "m" + text + "\x1b[0m" : text;
  }
  bool color_;
};

std::string Bar(double score, size_t width) {
  const auto filled = static_cast<size_t>(std::lround(score / 100.0 * static_cast<double>(width)));
  std::string bar;
  for (size_t i = 0; i < width; ++i) bar += i < filled ? "\u2588" : "\u2591";
  return bar;
}

std::string EvidenceLine(const AnalysisResult& result, const Contribution& contribution) {
  if (contribution.items.empty()) {
    const auto it = result.scoring.signals.find(contribution.name);
    const double value = it == result.scoring.signals.end() ? 0 : it->second;
    return contribution.name + " = " + FormatFixed(value, 1);
  }
  const EvidenceItem& item = result.scoring.items[contribution.items.front()];
  if (item.from_portfolio()) {
    return "\"" + item.quote + "\" (portfolio: " + item.project + (item.file.empty() ? "" : ", " + item.file) + ")";
  }
  std::string quote = result.text.display.substr(item.start, item.end - item.start);
  std::replace(quote.begin(), quote.end(), '\n', ' ');
  std::string line = "\"" + quote + "\" (p" + std::to_string(item.page) + ", " + item.section;
  if (contribution.items.size() > 1) line += ", " + std::to_string(contribution.items.size()) + "x";
  return line + ")";
}

}  // namespace

std::string PortfolioSection(const PortfolioReport& report, const Analyzer& analyzer, const TextStyle& style) {
  const Painter paint(style.color);
  std::string out = paint.Bold("Portfolio") + "\n";
  if (report.projects.empty()) out += "  No projects found.\n";
  for (const ProjectFacts& project : report.projects) {
    out += "  " + paint.Bold(project.name) + paint.Dim("  " + project.path) + "\n";
    const size_t indent = 4;
    auto line = [&](const std::string& text) { out += std::string(indent, ' ') + Wrap(text, style.width, indent) + "\n"; };
    for (const std::string& error : project.errors) line("! " + error);
    if (!project.has_code()) continue;
    std::uint64_t total = 0;
    for (const auto& language : project.languages) total += language.bytes;
    std::string languages;
    for (const auto& language : project.languages) {
      languages += (languages.empty() ? "" : ", ") + language.name + " " +
                   FormatFixed(100.0 * static_cast<double>(language.bytes) / static_cast<double>(std::max<std::uint64_t>(1, total)), 0) + "%";
    }
    line("Languages: " + languages + "; " + std::to_string(project.files) + " files");
    if (project.python_modules + project.notebooks > 0) {
      line("Python: " + std::to_string(project.python_modules) + " module(s), " + std::to_string(project.notebooks) +
           " notebook(s), " + FormatFixed(100 * project.notebook_share(), 0) + "% of the code in notebooks");
    }
    std::string frameworks;
    for (const PackageUse& use : project.packages) {
      const int entry = analyzer.lexicon().Find(use.skill);
      frameworks += (frameworks.empty() ? "" : ", ") +
                    (entry >= 0 ? analyzer.lexicon().entries()[static_cast<size_t>(entry)].name : use.skill) +
                    (use.imported ? "" : " (declared)");
    }
    if (!frameworks.empty()) line("Uses: " + frameworks);
    std::string shows;
    for (const FoundSignal& found : project.signals) {
      const ProjectSignalRule* rule = analyzer.portfolio_rules().FindSignal(found.id);
      shows += (shows.empty() ? "" : "; ") + (rule ? rule->name : found.id) + (found.detail.empty() ? "" : " (" + found.detail + ")");
    }
    line("Shows: " + (shows.empty() ? std::string("no production habits or documentation found") : shows));
    if (project.git) {
      const GitHistory& git = *project.git;
      line("Git: " + std::to_string(git.commits) + " commits by " + std::to_string(git.authors) + " author(s); " +
           std::to_string(git.candidate_commits) + " by the candidate (" + git.candidate +
           (git.candidate_matched ? "" : ", the most frequent author") + "); last " +
           std::to_string(git.months_since_last) + " month(s) ago");
    }
    size_t shown = 0;
    for (const ProjectAdvice& advice : project.advice) {
      if (shown++ == 3) break;
      line("-> " + (advice.gain > 0 ? "+" + FormatFixed(advice.gain, 1) + " " : "") + advice.text);
    }
  }
  for (const PortfolioLink& link : report.links) {
    const std::string status = !link.project.empty() ? " = project " + link.project
                               : link.repository     ? " (repository not brought along)"
                                                     : " (profile)";
    out += "  " + Wrap(link.kind + " link " + link.url + status, style.width, 4) + "\n";
  }
  return out;
}

int ScoreBand(double score) { return score >= 70 ? 2 : score >= 40 ? 1 : 0; }

std::string FormatFixed(double value, int decimals) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string Wrap(const std::string& text, size_t width, size_t indent) {
  // The caller has already written `indent` columns on the first line.
  std::string out;
  size_t column = indent;
  bool line_empty = true;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    const size_t word_columns = CountCodePoints(word);
    if (!line_empty && column + 1 + word_columns > width) {
      out += "\n" + std::string(indent, ' ');
      column = indent;
      line_empty = true;
    }
    if (!line_empty) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word_columns;
    line_empty = false;
  }
  return out;
}

std::string TextReport(const AnalysisResult& result, const Analyzer& analyzer, const TextStyle& style) {
  const Painter paint(style.color);
  if (!result.ok()) {
    return result.file + ": error [" + result.error->code + "]: " + result.error->message + "\n";
  }
  std::string out;
  const double score = result.assessment.score;
  out += paint.Bold(result.file) + "\n";
  out += "Score " + paint.ForScore(score, paint.Bold(FormatFixed(score, 0) + "/100")) + "  " +
         paint.ForScore(score, result.assessment.verdict) + "\n";
  std::string role = "Role: " + analyzer.rules().role_name;
  if (!result.assessment.level.empty()) {
    role += ", " + result.assessment.level + " level (" + (result.level.inferred ? "inferred: " : "") + result.level.reason + ")";
  }
  out += paint.Dim(Wrap(role + "; rules " + analyzer.rules().version, style.width, 0)) + "\n";
  if (result.assessment.core_factor < 0.995) {
    std::string core;
    for (const auto& id : analyzer.rules().core.requirements) {
      const Requirement* rule = analyzer.rules().Find(id);
      core += (core.empty() ? "" : ", ") + (rule ? rule->name : id);
    }
    out += paint.ForScore(0, Wrap("Scaled x" + FormatFixed(result.assessment.core_factor, 2) + " from " +
                                      FormatFixed(result.assessment.weighted_score, 0) + ": little evidence of the role's core (" +
                                      core + ")", style.width, 0)) + "\n";
  }
  out += paint.Dim("Experience: " + FormatFixed(result.experience.relevant_years, 1) + " relevant of " +
                   FormatFixed(result.experience.total_years, 1) + " years; " + std::to_string(result.pages) +
                   " page(s)") + "\n\n";

  size_t name_width = 0;
  for (const auto& requirement : result.assessment.requirements) {
    name_width = std::max(name_width, CountCodePoints(requirement.rule->name));
  }
  // Name, bar, score and weight on one line; the bar gives way on narrow terminals.
  const size_t fixed_columns = 2 + name_width + 2 + 1 + 3 + 2 + 3;
  const size_t bar_width = std::clamp<size_t>(style.width > fixed_columns ? style.width - fixed_columns : 0, 5, kBarWidth);
  out += paint.Bold("Requirements") + "\n";
  for (const auto& requirement : result.assessment.requirements) {
    const double value = requirement.score;
    std::string weight = requirement.weight > 0 ? "w" + FormatFixed(requirement.weight, 0) : "alt";
    out += "  " + Pad(requirement.rule->name, name_width) + "  " + paint.ForScore(value, Bar(value, bar_width)) + " " +
           Pad(FormatFixed(value, 0), 3) + "  " + paint.Dim(weight) + "\n";
    const size_t indent = name_width + 4;
    size_t shown = 0;
    for (const auto& contribution : requirement.contributions) {
      if (shown++ == kEvidenceShown) break;
      out += std::string(indent, ' ') + paint.Dim(Wrap(EvidenceLine(result, contribution), style.width, indent)) + "\n";
    }
    if (!requirement.substituted_by.empty()) {
      out += std::string(indent, ' ') + paint.Dim("(made up by " + requirement.substituted_by + ")") + "\n";
    }
  }

  if (result.portfolio) out += "\n" + PortfolioSection(*result.portfolio, analyzer, style);
  if (!result.scoring.flags.empty()) {
    out += "\n" + paint.Bold("For the recruiter") + "\n";
    for (const Flag& flag : result.scoring.flags) {
      out += "  ! " + Wrap("[" + flag.code + "] " + flag.message, style.width, 4) + "\n";
    }
  }
  out += "\n" + paint.Bold("Advice") + "\n";
  size_t number = 0;
  for (const auto& advice : result.advice) {
    const std::string prefix = advice.gain > 0 ? "+" + FormatFixed(advice.gain, 1) : "  \u00b7 ";
    std::string head = std::to_string(++number) + ". ";
    head = Pad(head, 4) + Pad(prefix, 5) + " ";
    const std::string label = advice.requirement == "presentation" ? "[presentation] " : "[" + advice.requirement + "] ";
    out += "  " + head + Wrap(label + advice.text, style.width, 2 + CountCodePoints(head)) + "\n";
  }
  if (result.advice.empty()) out += "  Nothing to add: every requirement is met.\n";
  return out;
}

}  // namespace ra
