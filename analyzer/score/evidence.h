#pragma once
// Turns matcher hits and the resume structure into scoring input: where each
// hit stands (section, entry, bullet, measured result) and the signals the
// rules can use (years of relevant experience, quantified bullets, links).

#include <string_view>
#include <vector>

#include "analyzer/match/matcher.h"
#include "analyzer/score/rules.h"
#include "analyzer/score/scorer.h"
#include "analyzer/text/structure.h"

namespace ra {

struct ExperienceSummary {
  double total_years = 0;
  double relevant_years = 0;
};

struct EvidenceInput {
  std::string_view display;
  std::string_view folded;
  const FoldedText& fold_map;
  const NormalizedText& text;
  const ResumeStructure& structure;
  const std::vector<Hit>& hits;
  const WordBoundaries& boundaries;
  MonthIndex as_of = 0;  // the month "Present" means, for recency
};

// Recency x duration of use for evidence in a dated role or project:
// full strength when used within Rules::recent_months for Rules::long_months
// or more, less when old or brief.
double TimeFactor(const Rules& rules, const DateRange& range, MonthIndex as_of);

// Marks items inside keyword lists that earn nothing and says so in flags
// (Rules::stuffing). Exposed for tests.
void MarkKeywordStuffing(const Rules& rules, const CompiledLexicon& lexicon, const EvidenceInput& input,
                         ScoringInput& scoring);

// True for each bullet of `structure` that reports a measured result.
std::vector<bool> QuantifiedBullets(const Rules& rules, const EvidenceInput& input);

ExperienceSummary SummarizeExperience(const CompiledLexicon& lexicon, const EvidenceInput& input);

ScoringInput BuildScoringInput(const Rules& rules, const CompiledLexicon& lexicon, const EvidenceInput& input);

}  // namespace ra
