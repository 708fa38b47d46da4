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

std::unique_ptr<RE2> CompileOrNull(const std::vector<std::string>& patterns) {
  if (patterns.empty()) return nullptr;
  return std::make_unique<RE2>(Alternation(patterns), MatchOptions());
}

}  // namespace

tl::expected<CompiledLexicon, DataErrors> CompiledLexicon::Compile(LexiconData data) {
  CompiledLexicon lexicon;
  DataErrors errors;
  RE2::Options set_options = MatchOptions();
  set_options.set_max_mem(kSetMemoryBudget);
  lexicon.folded_set_ = std::make_unique<RE2::Set>(set_options, RE2::UNANCHORED);
  lexicon.cased_set_ = std::make_unique<RE2::Set>(set_options, RE2::UNANCHORED);

  for (size_t index = 0; index < data.entries.size(); ++index) {
    const LexiconEntry& entry = data.entries[index];
    const std::string where = entry.file + ":" + std::to_string(entry.line) + ": entry '" + entry.id + "': ";
    Compiled compiled;
    compiled.pattern = CompileOrNull(entry.patterns);
    compiled.context = CompileOrNull(entry.context);
    compiled.exclude = CompileOrNull(entry.exclude);
    for (const RE2* regex : {compiled.pattern.get(), compiled.context.get(), compiled.exclude.get()}) {
      if (regex != nullptr && !regex->ok()) errors.messages.push_back(where + regex->error());
    }
    RE2::Set& set = entry.case_sensitive ? *lexicon.cased_set_ : *lexicon.folded_set_;
    std::string set_error;
    if (set.Add(Alternation(entry.patterns), &set_error) < 0) {
      errors.messages.push_back(where + set_error);
    }
    (entry.case_sensitive ? lexicon.cased_entries_ : lexicon.folded_entries_).push_back(index);
    lexicon.compiled_.push_back(std::move(compiled));
  }
  if (!errors.messages.empty()) return tl::unexpected(std::move(errors));
  if (!lexicon.folded_set_->Compile() || !lexicon.cased_set_->Compile()) {
    return tl::unexpected(DataErrors{{"lexicons:0: the patterns are too large to compile together"}});
  }
  lexicon.data_ = std::move(data);
  return lexicon;
}

int CompiledLexicon::Find(const std::string& id) const {
  for (size_t i = 0; i < data_.entries.size(); ++i) {
    if (data_.entries[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace ra
