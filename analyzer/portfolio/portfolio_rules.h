#pragma once
// What the portfolio stage measures in a candidate's own projects and how
// much it counts (rules/portfolio.toml): walk limits, package -> skill names,
// file detectors, signals with their skills, strengths and advice.
// Validated against the lexicon on load; immutable and shareable across
// threads (the compiled patterns are RE2, which is thread-safe).

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <re2/re2.h>
#include <tl/expected.hpp>

#include "analyzer/data/data_files.h"
#include "analyzer/match/lexicon.h"

namespace ra {

// Limits of one project walk (defaults in parentheses are those of the bundled file).
struct WalkLimits {
  int max_files = 20000;                    // files looked at (20,000)
  std::uint64_t max_total_bytes = 200u << 20;  // bytes read (200 MiB)
  std::uint64_t max_file_bytes = 2u << 20;     // larger files are counted, not parsed (2 MiB)
  int max_depth = 40;                       // folder nesting (40)
};

struct LanguageRule {
  std::string name;
  std::vector<std::string> extensions;  // with the dot, case-sensitive
  std::string skill;                    // lexicon id
};

// A production habit or piece of documentation a project shows.
struct ProjectSignalRule {
  std::string id;
  std::string name;
  std::vector<std::string> skills;  // credited as portfolio evidence when present
  double strength = 1.0;
  std::string advice;  // may hold {project}
};

// When a signal is present: a path matches, a file's content matches, or
// the code imports a module.
struct Detector {
  std::string signal;
  std::shared_ptr<RE2> paths;     // alternation of `paths`, may be null
  std::shared_ptr<RE2> files;     // which files `contents` applies to
  std::shared_ptr<RE2> contents;  // alternation of `contents`
  std::vector<std::string> imports;
  std::vector<std::string> skills;
};

struct ReadmeRule {
  std::shared_ptr<RE2> names;
  int what_min_words = 8;
  std::shared_ptr<RE2> usage;
  std::shared_ptr<RE2> results;
};

struct PortfolioRules {
  std::string version;
  std::string path;
  WalkLimits limits;
  std::vector<std::string> skip_folders;
  double base_strength = 1.3;
  double imported_factor = 1.2;
  double declared_factor = 0.9;
  // A package's or language's weight grows with the code that uses it: full from
  // `full_code_bytes`, in proportion below, never under `least_substance`.
  double full_code_bytes = 3000;
  double least_substance = 0.4;
  double language_factor = 1.0;
  double page_factor = 0.5;
  std::vector<std::string> contradiction_categories;
  std::shared_ptr<RE2> test_paths;
  double min_typed_share = 0.5;
  double min_pinned_share = 0.8;
  ReadmeRule readme;
  std::vector<LanguageRule> languages;
  std::map<std::string, std::string> packages;  // normalised name -> lexicon id
  std::vector<ProjectSignalRule> signals;
  std::vector<Detector> detectors;

  const ProjectSignalRule* FindSignal(const std::string& id) const;
  const LanguageRule* LanguageOf(const std::string& file_name) const;
  // The lexicon id a Python import or distribution name stands for, or "".
  std::string SkillOfPackage(const std::string& name) const;
};

// Signals the analyzer computes itself (the others need a [[detector]]).
const std::vector<std::string>& ComputedPortfolioSignals();

// Lower case with `_` and `.` as `-`: how pip compares distribution names.
std::string NormalizePackageName(const std::string& name);

tl::expected<PortfolioRules, DataErrors> LoadPortfolioRules(const DataFile& file, const CompiledLexicon& lexicon);

}  // namespace ra
