#pragma once
// The lexicon files as plain values, validated: skill/credential/role
// entries, section headings and link kinds. Compiling the patterns for
// matching is the match stage's job (match/lexicon.h).

#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "analyzer/data/data_files.h"

namespace ra {

enum class EntryKind { kSkill, kCredential, kRole };
const char* EntryKindName(EntryKind kind);

struct LexiconEntry {
  std::string id;
  std::string name;
  EntryKind kind = EntryKind::kSkill;
  std::string category;
  std::vector<std::string> patterns;
  // The patterns (also in `patterns`, last) that name the entry for sure:
  // their hits need no context (exclusions still apply). From `certain`.
  std::vector<std::string> certain;
  bool case_sensitive = false;
  std::vector<std::string> context;
  std::vector<std::string> exclude;
  // Line of each pattern, for messages (the regexes are compiled, and so
  // checked, by CompiledLexicon::Compile).
  std::vector<int> pattern_lines;
  std::vector<int> context_lines;
  std::vector<int> exclude_lines;
  int window = 60;
  std::string level;      // degrees: associate|bachelor|master|phd
  std::string fit;        // fields of study: core|related
  std::string relevance;  // roles: high|medium|low
  std::string esco;
  std::string onet;
  std::vector<std::string> examples;
  std::vector<std::string> counter_examples;
  std::string file;  // where it was defined, for messages
  int line = 0;
};

struct SectionHeadings {
  std::string kind;                   // experience, education, ...
  std::vector<std::string> headings;  // lower case
};

struct LinkKind {
  std::string kind;                // github, linkedin, ...
  std::vector<std::string> hosts;  // host suffixes, e.g. "github.com"
};

struct LexiconData {
  std::vector<LexiconEntry> entries;
  std::vector<SectionHeadings> sections;
  std::vector<LinkKind> link_kinds;
};

// The section kinds the analyzer knows (documented in docs/lexicon-format.md).
const std::vector<std::string>& KnownSectionKinds();

tl::expected<LexiconData, DataErrors> ParseLexiconData(const std::vector<DataFile>& files);

}  // namespace ra
