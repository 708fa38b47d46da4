#include "analyzer/match/lexicon.h"

#include <algorithm>
#include <bitset>
#include <cctype>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <future>

#include <re2/set.h>

#include "analyzer/match/regex_prefixes.h"

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

// A context pattern's top-level alternatives, parted by whether they must
// begin a word.
struct ContextAlternatives {
  std::vector<std::string> words;
  std::vector<std::string> anywhere;
};

// Context words count as words: an alternative that begins with a letter
// or digit must begin a word ("ui" is React context, not inside "quickly";
// "ml" is not inside "html"). Alternatives that begin otherwise ("\(",
// "\s+language") match where they are.
ContextAlternatives SplitContext(const std::vector<std::string>& patterns) {
  ContextAlternatives split;
  for (const std::string& pattern : patterns) {
    for (std::string& alternative : TopLevelAlternatives(pattern)) {
      const auto first = PossiblePrefixes(alternative, 1);
      const bool begins_word = std::all_of(first.begin(), first.end(), [](const RegexPrefix& prefix) {
        return !prefix.bytes.empty() && std::isalnum(static_cast<unsigned char>(prefix.bytes[0]));
      });
      (begins_word ? split.words : split.anywhere).push_back(std::move(alternative));
    }
  }
  return split;
}

// The context as one regex: each word alternative behind a \b.
std::unique_ptr<RE2> CompileContext(const ContextAlternatives& context) {
  std::vector<std::string> alternatives;
  for (const std::string& word : context.words) alternatives.push_back("\\b" + word);
  alternatives.insert(alternatives.end(), context.anywhere.begin(), context.anywhere.end());
  return CompileAlternation(alternatives);
}

PrefixIndex IndexOf(const std::vector<std::string>& patterns) {
  PrefixIndex::Builder builder;
  for (const std::string& pattern : patterns) builder.Add(pattern, 0);
  return std::move(builder).Build();
}

std::unique_ptr<CompiledLexicon::Guards> MakeGuards(const LexiconEntry& entry) {
  auto guards = std::make_unique<CompiledLexicon::Guards>();
  const ContextAlternatives context = SplitContext(entry.context);
  guards->context = CompileContext(context);
  guards->context_words = IndexOf(context.words);
  guards->context_anywhere = IndexOf(context.anywhere);
  for (unsigned byte = 0; byte < 256; ++byte) {
    guards->context_anywhere_begins[byte] = guards->context_anywhere.MayBeginWith(static_cast<unsigned char>(byte));
  }
  guards->exclude = CompileAlternation(entry.exclude);
  guards->certain = CompileAlternation(entry.certain);
  guards->exclusions = IndexOf(entry.exclude);
  for (size_t p = 0; p < entry.exclude.size(); ++p) {
    const std::bitset<256> possible = PossibleBytes(entry.exclude[p]);
    const uint64_t bit = uint64_t{1} << std::min<size_t>(p, 63);
    guards->exclude_patterns |= bit;
    for (size_t byte = 0; byte < 256; ++byte) {
      if (possible[byte]) guards->exclude_patterns_with_byte[byte] |= bit;
    }
  }
  return guards;
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

// "(?i)..." or "(?i:...)": in a case-sensitive entry, such a pattern is
// found through the folded text (see PrefixText::kFoldedDisplay). Only a
// choice of the faster way: the prefixes are right for any pattern.
bool IgnoresCase(std::string_view pattern) {
  return pattern.substr(0, 4) == "(?i)" || pattern.substr(0, 4) == "(?i:";
}

DataErrors CheckAllSyntax(const std::vector<LexiconEntry>& entries) {
  DataErrors errors;
  RE2::Set checker(MatchOptions(), RE2::UNANCHORED);
  for (const LexiconEntry& entry : entries) CheckSyntax(entry, checker, errors);
  return errors;
}

}  // namespace

tl::expected<CompiledLexicon, DataErrors> CompiledLexicon::Compile(LexiconData data) {
  // Checking the syntax and building the prefix indexes are independent
  // and cost about the same: they run side by side. (The prefix analysis
  // needs no valid syntax to end; with a bad pattern its result is thrown
  // away.)
  auto syntax = std::async(std::launch::async, CheckAllSyntax, std::cref(data.entries));
  PrefixIndex::Builder folded;
  PrefixIndex::Builder cased;
  for (size_t index = 0; index < data.entries.size(); ++index) {
    const LexiconEntry& entry = data.entries[index];
    const auto id = static_cast<uint32_t>(index);
    for (const std::string& pattern : entry.patterns) {
      if (!entry.case_sensitive) {
        folded.Add(pattern, id);
      } else if (IgnoresCase(pattern)) {
        folded.Add(pattern, id, PrefixText::kFoldedDisplay);
      } else {
        cased.Add(pattern, id);
      }
    }
  }
  std::optional<PrefixIndex> folded_index;
  std::optional<PrefixIndex> cased_index;
  try {
    folded_index = std::move(folded).Build();
    cased_index = std::move(cased).Build();
  } catch (const std::length_error& error) {
    syntax.wait();
    const std::string where = std::filesystem::path(data.entries.front().file).parent_path().string();
    return tl::unexpected(DataErrors{{where + ": the lexicons are too large to index: " + error.what()}});
  }
  DataErrors errors = syntax.get();
  if (!errors.messages.empty()) return tl::unexpected(std::move(errors));
  return FromParts(std::move(data), std::move(*folded_index), std::move(*cased_index));
}

tl::expected<CompiledLexicon, DataErrors> CompiledLexicon::CompileFiles(const std::vector<DataFile>& files) {
  auto data = ParseLexiconData(files);
  if (!data) return tl::unexpected(data.error());
  return Compile(std::move(*data));
}

CompiledLexicon CompiledLexicon::FromParts(LexiconData data, PrefixIndex folded, PrefixIndex cased) {
  CompiledLexicon lexicon;
  lexicon.folded_index_ = std::move(folded);
  lexicon.cased_index_ = std::move(cased);
  lexicon.lazy_ = std::make_unique<Lazy[]>(data.entries.size());
  for (const LexiconEntry& entry : data.entries) lexicon.case_sensitive_.push_back(entry.case_sensitive ? 1 : 0);
  lexicon.data_ = std::move(data);
  return lexicon;
}

const RE2& CompiledLexicon::EntryRegex(size_t entry) const {
  Lazy& lazy = lazy_[entry];
  if (!lazy.pattern_made.load(std::memory_order_acquire)) {
    std::call_once(lazy.pattern_once, [&] {
      lazy.pattern = CompileAlternation(data_.entries[entry].patterns);
      lazy.pattern_made.store(true, std::memory_order_release);
    });
  }
  return *lazy.pattern;
}

const CompiledLexicon::Guards& CompiledLexicon::EntryGuards(size_t entry) const {
  Lazy& lazy = lazy_[entry];
  if (!lazy.guards_made.load(std::memory_order_acquire)) {
    std::call_once(lazy.guards_once, [&] {
      lazy.guards = MakeGuards(data_.entries[entry]);
      lazy.guards_made.store(true, std::memory_order_release);
    });
  }
  return *lazy.guards;
}

bool CompiledLexicon::Guards::ExcludeMayCover(std::string_view hit) const {
  // The patterns that can contain every byte so far; most hits rule all
  // out within a few bytes.
  uint64_t may_cover = exclude_patterns;
  for (const char byte : hit) {
    may_cover &= exclude_patterns_with_byte[static_cast<unsigned char>(byte)];
    if (may_cover == 0) return false;
  }
  return may_cover != 0;
}

int CompiledLexicon::Find(const std::string& id) const {
  for (size_t i = 0; i < data_.entries.size(); ++i) {
    if (data_.entries[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace ra
