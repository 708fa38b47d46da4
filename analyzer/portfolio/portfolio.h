#pragma once
// The portfolio as evidence: the candidate's projects measured
// (project.h), turned into scoring evidence marked with its source, claims
// the projects contradict flagged, resume links matched to projects, and
// advice per project ranked by the gain measured by re-scoring.

#include <string>
#include <vector>

#include "analyzer/portfolio/portfolio_rules.h"
#include "analyzer/portfolio/project.h"
#include "analyzer/score/advice.h"
#include "analyzer/score/scorer.h"
#include "analyzer/text/structure.h"

namespace ra {

// A profile or repository link of the resume, classified, with the given
// project it stands for ("" when none was brought along).
struct PortfolioLink {
  std::string url;
  std::string kind;     // github, gitlab, kaggle, huggingface, scholar, arxiv, website, blog
  std::string project;  // matching project name, or ""
  bool repository = false;  // a GitHub/GitLab OWNER/REPO link, not a profile
};

struct PortfolioReport {
  std::vector<ProjectFacts> projects;
  std::vector<PortfolioLink> links;  // from the resume (empty for `portfolio` alone)
};

// The candidate as the resume names them: its email addresses, and its
// first line when it reads as a name.
CandidateIdentity IdentityFromResume(const std::string& display, const ResumeStructure& structure);

// Measures every project under `paths` (see ProjectRoots).
PortfolioReport ScanPortfolio(const PortfolioRules& rules, const std::vector<std::string>& paths,
                              const CandidateIdentity& candidate, MonthIndex as_of);

// Lists the resume's profile and repository links and matches them with the
// projects (by repository name or Git remote).
void LinkProjects(const ResumeStructure& structure, PortfolioReport& report);

// Adds the projects' evidence to `scoring` (items with source "portfolio")
// and the portfolio signals (portfolio_projects, portfolio_documented_projects).
void AddPortfolioEvidence(const PortfolioRules& portfolio, const Rules& rules, const CompiledLexicon& lexicon,
                          const std::vector<ProjectFacts>& projects, MonthIndex as_of, ScoringInput& scoring);

// Flags "portfolio-contradiction": a framework or library the resume names
// that no given project with code imports or declares.
void FlagContradictions(const PortfolioRules& portfolio, const CompiledLexicon& lexicon,
                        const std::vector<ProjectFacts>& projects, ScoringInput& scoring);

struct PortfolioAdviceContext {
  const PortfolioRules& portfolio;
  const Rules& rules;
  const CompiledLexicon& lexicon;
  const ScoringInput& without_portfolio;  // the resume's evidence alone
  const Assessment& assessment;           // with the portfolio
  const Level* level = nullptr;
  MonthIndex as_of = 0;
};

// Fills each project's advice (a missing habit or document, ranked by the
// measured gain) and returns those worth a place in the overall advice
// (gain >= 0.05), plus link advice (gain 0) when the resume is known.
std::vector<Advice> MakePortfolioAdvice(const PortfolioAdviceContext& context, PortfolioReport& report,
                                        bool with_links);

// Merges portfolio advice into the resume's: scored advice by gain, at most
// `limit`, then advice without a gain.
std::vector<Advice> MergeAdvice(std::vector<Advice> resume, std::vector<Advice> portfolio, size_t limit);

}  // namespace ra
