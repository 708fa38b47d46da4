#include "analyzer/match/lexicon.h"

#include <re2/set.h>

namespace ra {
namespace {

// Per regex; the guards of a few entries are long alternations.
constexpr int64_t kRegexMemoryBudget = 32ll << 20;

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
  options.set_max_mem(kRegexMemoryBudget);
  return options;
}

std::unique_ptr<RE2> CompileAlternation(const std::vector<std::string>& patterns) {
  if (patterns.empty()) return nullptr;
  return std::make_unique<RE2>(Alternation(patterns), MatchOptions());
}

// Checks the syntax of every pattern of the entry, naming the line of each
// bad one. RE2::Set::Add parses without compiling, which is most of the cost
// of a regex and is left for the entries a text needs.
void CheckSyntax(const LexiconEntry& entry, RE2::Set& checker, DataErrors& errors) {
  auto check = [&](const std::vector<std::string>& patterns, const std::vector<int>& lines) {
    for (size_t p = 0; p < patterns.size(); ++p) {
      std::string error;
      if (checker.Add(patterns[p], &error) < 0) {
        errors.messages.push_back(entry.file + ":" + std::to_string(lines[p]) + ": bad pattern '" + patterns[p] +
                                  "': " + error);
      }
    }
  };
  check(entry.patterns, entry.pattern_lines);
  check(entry.context, entry.context_lines);
  check(entry.exclude, entry.exclude_lines);
}

}  // namespace

tl::expected<CompiledLexicon, DataErrors> CompiledLexicon::Compile(LexiconData data) {
  CompiledLexicon lexicon;
  DataErrors errors;
  lexicon.folded_index_ = std::make_unique<PrefixIndex>();
  lexicon.cased_index_ = std::make_unique<PrefixIndex>();
  RE2::Set checker(MatchOptions(), RE2::UNANCHORED);
  for (size_t index = 0; index < data.entries.size(); ++index) {
    const LexiconEntry& entry = data.entries[index];
    const size_t errors_before = errors.messages.size();
    CheckSyntax(entry, checker, errors);
    if (errors.messages.size() > errors_before) continue;
    PrefixIndex& prefixes = entry.case_sensitive ? *lexicon.cased_index_ : *lexicon.folded_index_;
    for (const std::string& pattern : entry.patterns) prefixes.Add(pattern, static_cast<uint32_t>(index));
  }
  if (!errors.messages.empty()) return tl::unexpected(std::move(errors));
  lexicon.folded_index_->Finish();
  lexicon.cased_index_->Finish();
  lexicon.lazy_.resize(data.entries.size());
  lexicon.data_ = std::move(data);
  return lexicon;
}

const CompiledLexicon::Compiled& CompiledLexicon::Regexes(size_t entry) const {
  const Lazy& lazy = lazy_[entry];
  std::call_once(*lazy.once, [&] {
    const LexiconEntry& data = data_.entries[entry];
    lazy.compiled.pattern = CompileAlternation(data.patterns);
    lazy.compiled.context = CompileAlternation(data.context);
    lazy.compiled.exclude = CompileAlternation(data.exclude);
  });
  return lazy.compiled;
}

int CompiledLexicon::Find(const std::string& id) const {
  for (size_t i = 0; i < data_.entries.size(); ++i) {
    if (data_.entries[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace ra
