#pragma once
// Stage 3 data: the lexicon entries compiled for matching. All patterns go
// into two anchored RE2::Sets (folded text, and text as written for
// case-sensitive entries); the matcher runs them once at each word start, so
// a text is scanned in one pass whatever the lexicon size, and only the
// entries a set reports there are run (anchored) to find where the hit ends.
//
// Immutable after Compile() and safe to share across threads (RE2 objects are
// thread-safe for matching). Not copyable; movable.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <re2/re2.h>
#include <re2/set.h>
#include <tl/expected.hpp>

#include "analyzer/data/lexicon_data.h"

namespace ra {

class CompiledLexicon {
 public:
  struct Compiled {
    std::unique_ptr<RE2> context;  // null when the entry has no context guard
    std::unique_ptr<RE2> exclude;  // null when the entry has no exclude guard
    // The entry's patterns as one alternation, compiled on first use: a
    // resume names a few dozen of the lexicon's entries, so compiling all of
    // them up front would cost more than matching.
    std::unique_ptr<std::once_flag> once = std::make_unique<std::once_flag>();
    mutable std::unique_ptr<RE2> pattern;
  };

  static tl::expected<CompiledLexicon, DataErrors> Compile(LexiconData data);

  CompiledLexicon(CompiledLexicon&&) = default;
  CompiledLexicon& operator=(CompiledLexicon&&) = default;
  CompiledLexicon(const CompiledLexicon&) = delete;
  CompiledLexicon& operator=(const CompiledLexicon&) = delete;

  const LexiconData& data() const { return data_; }
  const std::vector<LexiconEntry>& entries() const { return data_.entries; }
  const Compiled& compiled(size_t entry) const { return compiled_[entry]; }
  // The entry's patterns as one regex (thread-safe; compiled once).
  const RE2& EntryRegex(size_t entry) const;
  const RE2::Set& folded_set() const { return *folded_set_; }
  const RE2::Set& cased_set() const { return *cased_set_; }
  // Entry index for each pattern index of a set.
  const std::vector<size_t>& folded_entries() const { return folded_entries_; }
  const std::vector<size_t>& cased_entries() const { return cased_entries_; }
  // Index of the entry with this id, or -1.
  int Find(const std::string& id) const;

 private:
  CompiledLexicon() = default;

  LexiconData data_;
  std::vector<Compiled> compiled_;
  std::unique_ptr<RE2::Set> folded_set_;
  std::unique_ptr<RE2::Set> cased_set_;
  std::vector<size_t> folded_entries_;
  std::vector<size_t> cased_entries_;
};

}  // namespace ra
