#pragma once
// Stage 4: evidence x rules -> assessment. Pure functions: the same input
// always gives the same scores, which is what lets advice re-score a resume
// with a piece of evidence added and report the real difference.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/match/lexicon.h"
#include "analyzer/score/rules.h"

namespace ra {

// One occurrence of a lexicon entry in the resume, with where it stands.
struct EvidenceItem {
  size_t entry = 0;                      // lexicon entry index
  size_t start = 0;                      // display offsets of the quote
  size_t end = 0;
  int page = 1;
  std::string section;                   // section kind
  std::optional<size_t> resume_entry;    // role/project/degree it belongs to
  bool in_bullet = false;
  bool quantified = false;               // its bullet reports a measured result
  bool synthetic = false;                // added by an advice simulation
  bool stuffed = false;                  // inside a keyword list that earns nothing
  double time_factor = 1.0;              // recency x duration of the role or project it is in
  // Evidence from the candidate's own projects (--portfolio) rather than the
  // resume: section "portfolio", no offsets; its strength is `factor` (from
  // rules/portfolio.toml) x time_factor instead of section and bullet weights.
  std::string source;                    // "" (the resume) or "portfolio"
  std::string project;                   // the project's name
  std::string file;                      // the file that shows it, relative to the project ("" for a measure)
  std::string quote;                     // what shows it, e.g. "import torch"
  double factor = 1.0;

  bool from_portfolio() const { return source == "portfolio"; }
};

// Something a recruiter should know about how a resume was written.
struct Flag {
  std::string code;     // keyword-stuffing, unsupported-skills, invisible-text, portfolio-contradiction
  std::string message;  // one line
};

struct ScoringInput {
  std::vector<EvidenceItem> items;
  std::map<std::string, double> signals;
  std::vector<Flag> flags;
};

struct Contribution {
  std::string id;        // lexicon id, or "signal:<name>"
  std::string name;      // display name
  double points = 0;     // what it earned, after the group's cap
  double uncapped = 0;   // what it would earn without the cap
  double strength = 0;   // best section/bullet factor of the item (1 for signals)
  double unit_points = 0;  // the rule's points per item, per place (focus) or per unit (signal)
  double quantity = 0;   // places (focus) or the signal's value; 1 otherwise
  int group = -1;        // index into Requirement::evidence, or -1 for a signal
  std::vector<size_t> items;  // indices into ScoringInput::items
};

struct RequirementScore {
  const Requirement* rule = nullptr;
  double weight = 0;  // the rule's, or the level's override
  double target = 1;
  double points = 0;
  double score = 0;  // 0-100
  std::vector<Contribution> contributions;
  std::string substituted_by;  // set when a substitute requirement's score stood in
};

struct Assessment {
  double score = 0;           // 0-100: weighted_score x core_factor
  double weighted_score = 0;  // weighted mean of requirement scores
  double core_factor = 1;     // 1, or less when the core requirements are weak (Rules::core)
  std::string verdict;
  std::vector<RequirementScore> requirements;  // in rules order
  std::string level;     // junior, mid, senior, or "" when the rules define no levels
};

// The strength of one occurrence: section weight x bullet factors.
double ItemStrength(const Rules& rules, const EvidenceItem& item);

// `level` (may be null) adjusts weights and targets (Rules::levels).
Assessment Score(const Rules& rules, const CompiledLexicon& lexicon, const ScoringInput& input,
                 const Level* level = nullptr);

}  // namespace ra
