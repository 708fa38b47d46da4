#include "analyzer/portfolio/portfolio.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <set>

#include <re2/re2.h>

#include "analyzer/score/evidence.h"

namespace ra {
namespace {

// Gains below this are rounding noise, not advice (as in score/advice.cc).
constexpr double kMinGain = 0.05;
const std::set<std::string> kProfileKinds = {"github", "gitlab", "kaggle", "huggingface", "scholar",
                                             "arxiv", "website", "blog"};

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string Replace(std::string text, const std::string& key, const std::string& value) {
  for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size())) {
    text.replace(at, key.size(), value);
  }
  return text;
}

// "https://github.com/jane/churn-model.git/" -> "churn-model".
std::string RepositoryName(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (url.size() > 4 && url.substr(url.size() - 4) == ".git") url.resize(url.size() - 4);
  const size_t slash = url.find_last_of("/:");
  return Lower(slash == std::string::npos ? url : url.substr(slash + 1));
}

// A github.com/OWNER/REPO link (not a profile).
bool IsRepositoryLink(const PortfolioLink& link) {
  if (link.kind != "github" && link.kind != "gitlab") return false;
  static const RE2 kRepo(R"((?i)(?:https?://)?(?:www\.)?(?:github|gitlab)\.com/[^/\s]+/[^/\s?#]+/?)");
  return RE2::FullMatch(link.url, kRepo);
}

class EvidenceAdder {
 public:
  EvidenceAdder(const PortfolioRules& portfolio, const Rules& rules, const CompiledLexicon& lexicon, MonthIndex as_of,
                ScoringInput& scoring)
      : portfolio_(portfolio), rules_(rules), lexicon_(lexicon), as_of_(as_of), scoring_(scoring) {}

  // How much the code behind a package use weighs: one line importing a
  // framework is not a project built with it.
  double Substance(std::uint64_t code_bytes) const {
    const double share = static_cast<double>(code_bytes) / portfolio_.full_code_bytes;
    return std::clamp(share, portfolio_.least_substance, 1.0);
  }

  void Add(const ProjectFacts& project) {
    double time_factor = 1.0;
    if (project.git && project.git->candidate_commits > 0 && as_of_ != 0) {
      DateRange range;
      range.start = MonthOfTime(project.git->candidate_first);
      range.end = std::min(as_of_, MonthOfTime(project.git->candidate_last));
      range.start = std::min(range.start, range.end);
      time_factor = TimeFactor(rules_, range, as_of_);
    }
    const double base = portfolio_.base_strength;
    for (const LanguageBytes& language : project.languages) {
      for (const LanguageRule& rule : portfolio_.languages) {
        if (rule.name != language.name || rule.skill.empty()) continue;
        Item(project, rule.skill, "", language.name + ": " + std::to_string(language.files) + " file(s), " +
                                          std::to_string(language.bytes) + " bytes",
             base * portfolio_.language_factor * Substance(language.bytes), time_factor);
      }
    }
    for (const PackageUse& use : project.packages) {
      const std::string code = ", " + std::to_string(use.code_bytes) + " bytes of code";
      Item(project, use.skill, use.file,
           (use.imported ? "import " + use.module : use.module + " declared in " + use.file) + code,
           base * (use.imported ? portfolio_.imported_factor : portfolio_.declared_factor) * Substance(use.code_bytes),
           time_factor);
    }
    for (const PageSkill& named : project.page_skills) {
      Item(project, named.skill, "", named.quote, base * portfolio_.page_factor, 1.0);
    }
    for (const FoundSignal& found : project.signals) {
      const ProjectSignalRule* rule = portfolio_.FindSignal(found.id);
      if (rule == nullptr) continue;
      std::vector<std::string> skills = rule->skills;
      skills.insert(skills.end(), found.skills.begin(), found.skills.end());
      const std::string quote = rule->name + (found.detail.empty() ? "" : ": " + found.detail);
      for (const std::string& skill : skills) Item(project, skill, found.file, quote, base * rule->strength, time_factor);
    }
  }

 private:
  void Item(const ProjectFacts& project, const std::string& skill, const std::string& file, const std::string& quote,
            double factor, double time_factor) {
    const int entry = lexicon_.Find(skill);
    if (entry < 0) return;  // validated on load; a missing id is a bug in the caller's data
    EvidenceItem item;
    item.entry = static_cast<size_t>(entry);
    item.section = "portfolio";
    item.source = "portfolio";
    item.project = project.name;
    item.file = file;
    item.quote = quote;
    item.factor = factor;
    item.time_factor = time_factor;
    item.page = 0;
    scoring_.items.push_back(std::move(item));
  }

  const PortfolioRules& portfolio_;
  const Rules& rules_;
  const CompiledLexicon& lexicon_;
  MonthIndex as_of_;
  ScoringInput& scoring_;
};

std::string MostRaised(const Assessment& before, const Assessment& after) {
  std::string id;
  double best = 0;
  for (size_t i = 0; i < after.requirements.size() && i < before.requirements.size(); ++i) {
    const double delta = (after.requirements[i].score - before.requirements[i].score) * after.requirements[i].weight;
    if (delta > best) {
      best = delta;
      id = after.requirements[i].rule->id;
    }
  }
  return id;
}

bool Applies(const ProjectSignalRule& signal, const ProjectFacts& project) {
  if (signal.advice.empty() || project.Has(signal.id)) return false;
  if (signal.id == "importable_modules") return project.notebooks > 0;
  if (signal.id == "mocking") return project.test_files > 0;  // mocks come after tests
  if (signal.id == "git_history") return !project.git.has_value();
  return true;
}

}  // namespace

CandidateIdentity IdentityFromResume(const std::string& display, const ResumeStructure& structure) {
  CandidateIdentity identity;
  static const RE2 kEmail(R"(([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}))");
  re2::StringPiece input(display);
  std::string email;
  while (RE2::FindAndConsume(&input, kEmail, &email)) identity.emails.push_back(Lower(email));
  for (const FoundLink& link : structure.links) {
    if (link.url.rfind("mailto:", 0) == 0) identity.emails.push_back(Lower(link.url.substr(7)));
  }
  // The first line is the name in nearly every resume; take it only when it
  // looks like one (2-4 words, letters only).
  const std::string first = display.substr(0, display.find('\n'));
  static const RE2 kName(R"(\s*(\pL[\pL'.-]*(?:\s+\pL[\pL'.-]*){1,3})\s*)");
  std::string name;
  if (RE2::FullMatch(first, kName, &name)) identity.name = name;
  return identity;
}

PortfolioReport ScanPortfolio(const PortfolioRules& rules, const std::vector<std::string>& paths,
                              const CandidateIdentity& candidate, MonthIndex as_of) {
  PortfolioReport report;
  for (const std::string& path : paths) {
    for (const auto& root : ProjectRoots(path)) report.projects.push_back(ScanProject(rules, root, candidate, as_of));
  }
  return report;
}

void LinkProjects(const ResumeStructure& structure, PortfolioReport& report) {
  std::vector<PageLink> found_links;
  for (const FoundLink& found : structure.links) found_links.push_back(PageLink{found.url, found.kind});
  for (const ProjectFacts& project : report.projects) {
    found_links.insert(found_links.end(), project.page_links.begin(), project.page_links.end());
  }
  std::set<std::string> seen;
  for (const PageLink& found : found_links) {
    if (!kProfileKinds.count(found.kind) || !seen.insert(found.url).second) continue;
    PortfolioLink link{found.url, found.kind, "", false};
    link.repository = IsRepositoryLink(link);
    const std::string name = RepositoryName(found.url);
    for (const ProjectFacts& project : report.projects) {
      const bool by_name = IsRepositoryLink(link) && Lower(project.name) == name;
      const bool by_remote = project.git && !project.git->remote_url.empty() &&
                             RepositoryName(project.git->remote_url) == name && IsRepositoryLink(link);
      if (by_name || by_remote) link.project = project.name;
    }
    report.links.push_back(std::move(link));
  }
}

void AddPortfolioEvidence(const PortfolioRules& portfolio, const Rules& rules, const CompiledLexicon& lexicon,
                          const std::vector<ProjectFacts>& projects, MonthIndex as_of, ScoringInput& scoring) {
  EvidenceAdder adder(portfolio, rules, lexicon, as_of, scoring);
  double with_code = 0;
  double documented = 0;
  for (const ProjectFacts& project : projects) {
    adder.Add(project);
    if (!project.has_code()) continue;
    ++with_code;
    if (project.Has("readme_what") && project.Has("readme_usage") && project.Has("readme_results")) ++documented;
  }
  scoring.signals["portfolio_projects"] = with_code;
  scoring.signals["portfolio_documented_projects"] = documented;
}

void FlagContradictions(const PortfolioRules& portfolio, const CompiledLexicon& lexicon,
                        const std::vector<ProjectFacts>& projects, ScoringInput& scoring) {
  const auto python_projects = std::count_if(projects.begin(), projects.end(), [](const ProjectFacts& project) {
    return project.python_modules + project.notebooks > 0;
  });
  if (python_projects == 0) return;  // nothing the projects could contradict
  std::set<std::string> detectable;  // skills a package can show
  for (const auto& [name, skill] : portfolio.packages) detectable.insert(skill);
  std::set<std::string> shown;
  for (const ProjectFacts& project : projects) {
    for (const PackageUse& use : project.packages) shown.insert(use.skill);
  }
  std::set<size_t> flagged;
  std::vector<Flag> flags;
  for (const EvidenceItem& item : scoring.items) {
    if (item.from_portfolio() || item.synthetic || flagged.count(item.entry)) continue;
    const LexiconEntry& entry = lexicon.entries()[item.entry];
    const auto& categories = portfolio.contradiction_categories;
    if (entry.kind != EntryKind::kSkill || std::find(categories.begin(), categories.end(), entry.category) == categories.end() ||
        !detectable.count(entry.id) || shown.count(entry.id)) {
      continue;
    }
    flagged.insert(item.entry);
    flags.push_back(Flag{"portfolio-contradiction",
                         entry.name + " is named in the resume (" + item.section + ") but none of the " +
                             std::to_string(python_projects) + " Python project(s) given imports or declares it"});
  }
  scoring.flags.insert(scoring.flags.end(), flags.begin(), flags.end());
}

std::vector<Advice> MakePortfolioAdvice(const PortfolioAdviceContext& context, PortfolioReport& report, bool with_links) {
  std::vector<Advice> out;
  for (size_t p = 0; p < report.projects.size(); ++p) {
    ProjectFacts& project = report.projects[p];
    project.advice.clear();
    if (!project.has_code()) continue;
    for (const ProjectSignalRule& signal : context.portfolio.signals) {
      if (!Applies(signal, project)) continue;
      std::vector<ProjectFacts> simulated = report.projects;
      simulated[p].signals.push_back(FoundSignal{signal.id, "", "", {}});
      ScoringInput input = context.without_portfolio;
      AddPortfolioEvidence(context.portfolio, context.rules, context.lexicon, simulated, context.as_of, input);
      const Assessment after = Score(context.rules, context.lexicon, input, context.level);
      double gain = std::max(0.0, after.score - context.assessment.score);
      gain = std::round(gain * 10) / 10;
      project.advice.push_back(ProjectAdvice{signal.id, gain > 0 ? MostRaised(context.assessment, after) : "",
                                             Replace(signal.advice, "{project}", "\"" + project.name + "\""), gain});
    }
    std::stable_sort(project.advice.begin(), project.advice.end(),
                     [](const ProjectAdvice& a, const ProjectAdvice& b) { return a.gain > b.gain; });
    for (const ProjectAdvice& advice : project.advice) {
      if (advice.gain >= kMinGain) out.push_back(Advice{advice.requirement, advice.text, advice.gain, project.name});
    }
  }
  if (!with_links) return out;
  for (const PortfolioLink& link : report.links) {
    if (link.repository && link.project.empty()) {
      out.push_back(Advice{"portfolio",
                           "Your resume links the repository " + link.url +
                               ": pass a clone of it with --portfolio so its code is measured, not only linked.",
                           0, ""});
    }
  }
  for (const ProjectFacts& project : report.projects) {
    if (!project.has_code()) continue;
    const bool linked = std::any_of(report.links.begin(), report.links.end(),
                                    [&](const PortfolioLink& link) { return link.project == project.name; });
    if (!linked) {
      out.push_back(Advice{"portfolio",
                           "Link the repository of \"" + project.name +
                               "\" in your resume (its GitHub URL in the Projects section) so reviewers find the code measured here.",
                           0, project.name});
    }
  }
  return out;
}

std::vector<Advice> MergeAdvice(std::vector<Advice> resume, std::vector<Advice> portfolio, size_t limit) {
  std::vector<Advice> scored;
  std::vector<Advice> other;
  for (auto* list : {&resume, &portfolio}) {
    for (Advice& advice : *list) (advice.gain > 0 ? scored : other).push_back(std::move(advice));
  }
  std::stable_sort(scored.begin(), scored.end(), [](const Advice& a, const Advice& b) { return a.gain > b.gain; });
  if (scored.size() > limit) scored.resize(limit);
  scored.insert(scored.end(), other.begin(), other.end());
  return scored;
}

}  // namespace ra
