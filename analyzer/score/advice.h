#pragma once
// Stage 4 (advice): what would raise this resume's score, ranked by the
// gain measured by re-scoring the resume with the suggested evidence added.

#include <string>
#include <vector>

#include "analyzer/score/scorer.h"
#include "analyzer/text/structure.h"

namespace ra {

struct Advice {
  std::string requirement;  // requirement id, or "presentation"
  std::string text;
  double gain = 0;          // overall score points it would add (0 for presentation)
  std::string project;      // the portfolio project it is about, if any
};

struct AdviceContext {
  const Rules& rules;
  const CompiledLexicon& lexicon;
  const ScoringInput& input;
  const Assessment& assessment;
  const ResumeStructure& structure;
  int pages = 1;
  int pages_without_text = 0;
  const Level* level = nullptr;  // the level the assessment was made at
};

// At most `limit` scoring suggestions with a positive gain, best first, then
// presentation advice (contact details, links, headings, length, extraction).
std::vector<Advice> MakeAdvice(const AdviceContext& context, size_t limit = 10);

}  // namespace ra
