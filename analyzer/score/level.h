#pragma once
// Which level a resume is judged at: the one asked for (--level), or one
// inferred from years of relevant experience and senior titles.

#include <string>

#include "analyzer/score/rules.h"
#include "analyzer/score/scorer.h"
#include "analyzer/text/structure.h"

namespace ra {

struct LevelChoice {
  const Level* level = nullptr;  // null when the rules define no levels
  bool inferred = false;
  std::string reason;            // why, in words
};

// `requested` is "" to infer. An unknown requested id yields no level (the
// command line validates ids before analysis).
LevelChoice ChooseLevel(const Rules& rules, const std::string& requested, const ScoringInput& input,
                        const ResumeStructure& structure);

}  // namespace ra
