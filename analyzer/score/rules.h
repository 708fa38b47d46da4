#pragma once
// The role's requirements as data (rules/ml-engineer.toml): weights, what
// evidence counts and how much, and the advice to give. Validated against
// the lexicon on load; immutable and shareable across threads.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <re2/re2.h>
#include <tl/expected.hpp>

#include "analyzer/data/data_files.h"
#include "analyzer/match/lexicon.h"

namespace ra {

// How a group's items add up.
enum class Combine {
  kSum,    // every distinct item adds its points
  kBest,   // only the strongest item counts
  kFocus,  // the item seen in the most entries (roles, projects) counts, per entry
};

struct EvidenceRule {
  std::vector<std::string> categories;  // lexicon categories that count
  std::vector<std::string> ids;         // or these lexicon ids
  std::vector<std::string> except_ids;  // never these
  std::vector<std::string> levels;      // degree levels (empty: any)
  std::vector<std::string> fits;        // field-of-study fits (empty: any)
  std::vector<std::string> relevances;  // role relevances (empty: any)
  std::vector<std::string> sections;    // only in these sections (empty: any)
  double points = 1.0;                  // per item (or per entry for focus)
  double max = 0;                       // cap for the group (0: the requirement's target)
  Combine combine = Combine::kSum;
};

struct SignalRule {
  std::string name;     // see KnownSignals()
  double points = 1.0;  // per unit of the signal
  double max = 0;       // cap (0: the requirement's target)
};

struct AdviceRule {
  std::string text;               // may hold {place}
  std::vector<std::string> add;   // lexicon ids whose addition is simulated for the gain
  std::string section = "experience";
  std::string signal;             // or a signal raised by `signal_add`
  double signal_add = 0;
  double if_below = 99.95;        // only advise while the requirement scores below this
};

struct Requirement {
  std::string id;
  std::string name;
  double weight = 0;
  double target = 1;
  std::string rationale;
  std::vector<std::string> sources;
  std::vector<EvidenceRule> evidence;
  std::vector<SignalRule> signals;
  std::string substitute;      // requirement whose score may stand in when higher
  double substitute_factor = 0;
  AdviceRule advice;
  int line = 0;
};

struct Verdict {
  double min = 0;
  std::string label;
};

// The requirements that define the role. When their mean score is below
// `full_at`, the overall score is scaled by a factor falling linearly to
// `floor` at a mean of 0.
struct CoreRule {
  std::vector<std::string> requirements;
  double full_at = 50;
  double floor = 1.0;
};

// When a list of keywords earns nothing (keyword stuffing). A block of text
// is a keyword list when it names at least `min_keywords` distinct lexicon
// entries and they cover at least `min_coverage` of its words. Such a list
// earns nothing when it stands outside a skills section, names more than
// `max_skills_list` entries, or repeats another list (`repeat_share` of its
// entries in common).
struct StuffingRule {
  int min_keywords = 25;
  double min_coverage = 0.5;
  int max_skills_list = 60;
  double repeat_share = 0.5;
  // Flag "unsupported-skills" when at least this many skills are named and
  // this share of them are only listed, never shown in use.
  int unsupported_min = 30;
  double unsupported_share = 0.75;
};

// What a level changes: weights and targets of some requirements.
struct LevelOverride {
  std::string requirement;
  std::optional<double> weight;
  std::optional<double> target;
};

struct Level {
  std::string id;  // junior, mid, senior
  std::string description;
  std::vector<LevelOverride> overrides;
};

// How the level is inferred when not given: from years of relevant
// experience, and senior titles (`senior_titles`, RE2 on the titles of roles).
struct LevelInference {
  double junior_below_years = 2.0;
  double senior_from_years = 6.0;
  double senior_title_from_years = 4.0;
  std::string senior_titles;
  std::shared_ptr<RE2> senior_titles_regex;
};

struct Rules {
  std::string role_id;
  std::string role_name;
  std::string version;
  std::string path;
  std::map<std::string, double> section_weights;  // by section kind; "default" for the rest
  double bullet_factor = 1.0;       // evidence in a bullet line
  double quantified_factor = 1.0;   // evidence in a bullet with a measured result
  double listed_only_factor = 1.0;  // unused placeholder for later tuning
  std::vector<Verdict> verdicts;    // highest min first
  CoreRule core;
  StuffingRule stuffing;
  std::vector<Level> levels;
  LevelInference level_inference;
  // Recency and duration of use, from the dates of the role or project an
  // item stands in (docs/scoring.md).
  double recent_months = 24;    // used within this many months: full strength
  double old_months = 120;      // used this long ago or more: old_factor
  double old_factor = 0.6;
  double long_months = 24;      // used this long: full strength
  double brief_factor = 0.85;   // used for a month or less
  std::vector<Requirement> requirements;
  std::vector<std::string> impact_patterns;
  std::shared_ptr<RE2> impact;      // compiled alternation of impact_patterns

  double SectionWeight(const std::string& kind) const;
  const Requirement* Find(const std::string& id) const;
  const Level* FindLevel(const std::string& id) const;
};

// Signals the scorer computes from a resume's structure.
const std::vector<std::string>& KnownSignals();

tl::expected<Rules, DataErrors> LoadRules(const DataFile& file, const CompiledLexicon& lexicon);

}  // namespace ra
