#include "analyzer/match/lexicon.h"

namespace ra {
namespace {

// A set of a few thousand alternations needs more than RE2's default budget.
constexpr int64_t kSetMemoryBudget = 256ll << 20;

std::string Alternation(const std::vector<std::string>& patterns) {
  std::string joined;
  for (const auto& pattern : patterns) {
    if (!joined.empty()) joined += '|';
    joined += "(?:" + pattern + ")";
  }
  return joined;
}

RE2::Options MatchOptions() {
  RE2::Options options;
  options.set_log_errors(false);
  // Of the aliases that match at one place, take the longest
  // ("scikit-learn" over "scikit"), whatever their order in the file.
  options.set_longest_match(true);
  options.set_max_mem(kSetMemoryBudget / 8);
  return options;
}

// Compiles a context or exclude guard; when it fails, finds the bad pattern
// to report its line.
std::unique_ptr<RE2> CompileGuard(const LexiconEntry& entry, const std::vector<std::string>& patterns,
                                  const std::vector<int>& lines, DataErrors& errors) {
  if (patterns.empty()) return nullptr;
  auto regex = std::make_unique<RE2>(Alternation(patterns), MatchOptions());
  if (regex->ok()) return regex;
  for (size_t p = 0; p < patterns.size(); ++p) {
    RE2 single(patterns[p], MatchOptions());
    if (!single.ok()) {
      errors.messages.push_back(entry.file + ":" + std::to_string(lines[p]) + ": bad pattern '" + patterns[p] +
                                "': " + single.error());
    }
  }
  return nullptr;
}

}  // namespace

tl::expected<CompiledLexicon, DataErrors> CompiledLexicon::Compile(LexiconData data) {
  CompiledLexicon lexicon;
  DataErrors errors;
  RE2::Options set_options = MatchOptions();
  set_options.set_max_mem(kSetMemoryBudget);
  // Anchored: the matcher runs the sets at each word start, since a hit must
  // begin on a word boundary; an anchored DFA also stays small.
  lexicon.folded_set_ = std::make_unique<RE2::Set>(set_options, RE2::ANCHOR_START);
  lexicon.cased_set_ = std::make_unique<RE2::Set>(set_options, RE2::ANCHOR_START);

  for (size_t index = 0; index < data.entries.size(); ++index) {
    const LexiconEntry& entry = data.entries[index];
    // Each pattern goes into the set on its own, so a syntax error names its line.
    RE2::Set& set = entry.case_sensitive ? *lexicon.cased_set_ : *lexicon.folded_set_;
    for (size_t p = 0; p < entry.patterns.size(); ++p) {
      std::string error;
      if (set.Add(entry.patterns[p], &error) < 0) {
        errors.messages.push_back(entry.file + ":" + std::to_string(entry.pattern_lines[p]) + ": bad pattern '" +
                                  entry.patterns[p] + "': " + error);
      }
      (entry.case_sensitive ? lexicon.cased_entries_ : lexicon.folded_entries_).push_back(index);
    }
    Compiled compiled;
    compiled.context = CompileGuard(entry, entry.context, entry.context_lines, errors);
    compiled.exclude = CompileGuard(entry, entry.exclude, entry.exclude_lines, errors);
    lexicon.compiled_.push_back(std::move(compiled));
  }
  if (!errors.messages.empty()) return tl::unexpected(std::move(errors));
  if (!lexicon.folded_set_->Compile() || !lexicon.cased_set_->Compile()) {
    return tl::unexpected(DataErrors{{"lexicons:0: the patterns are too large to compile together"}});
  }
  lexicon.data_ = std::move(data);
  return lexicon;
}

const RE2& CompiledLexicon::EntryRegex(size_t entry) const {
  const Compiled& compiled = compiled_[entry];
  std::call_once(*compiled.once, [&] {
    compiled.pattern = std::make_unique<RE2>(Alternation(data_.entries[entry].patterns), MatchOptions());
  });
  return *compiled.pattern;
}

int CompiledLexicon::Find(const std::string& id) const {
  for (size_t i = 0; i < data_.entries.size(); ++i) {
    if (data_.entries[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace ra
