#pragma once
// Stage 3 data: the lexicon entries compiled for matching. Every pattern's
// possible first bytes go into two prefix indexes (folded text, and text as
// written for case-sensitive entries); at each word start the matcher runs
// only the entries whose matches can begin with the bytes there, so a text
// is scanned in one pass whatever the lexicon size. An entry's regexes are
// compiled when it is first needed: a resume calls on a small share of the
// lexicon, and compiling all of it would cost more than matching.
//
// Made by Compile() from lexicon data, or by FromParts() from a loaded image
// of the bundled lexicons (lexicon_image.h). Immutable once made (lazy
// compilation is thread-safe) and safe to share across threads. Not
// copyable; movable.

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <re2/re2.h>
#include <tl/expected.hpp>

#include "analyzer/data/lexicon_data.h"
#include "analyzer/match/prefix_index.h"

namespace ra {

class CompiledLexicon {
 public:
  // An entry's guards, compiled on first use.
  struct Guards {
    std::unique_ptr<RE2> context;  // null when the entry has no context guard
    std::unique_ptr<RE2> exclude;  // null when the entry has no exclude guard
    std::unique_ptr<RE2> certain;  // the certain patterns; null when none
    // The same guards as prefix indexes (prefix_index.h, every pattern as
    // entry 0), which tell at a glance that most stretches of text hold no
    // match, and often that one does, without running a regex: the context
    // alternatives that must begin a word (found only where RE2's \b holds
    // before a word character), the other context alternatives (found
    // anywhere), and the exclusions.
    PrefixIndex context_words;
    PrefixIndex context_anywhere;
    PrefixIndex exclusions;
    // Whether context_anywhere may propose at a byte (MayBeginWith), as a
    // table: asked at every byte of a window.
    std::array<bool, 256> context_anywhere_begins{};
    // Per byte, the exclude patterns whose matches can contain it
    // (PossibleBytes) as bits: pattern p's is bit p, and bit 63 stands for
    // all patterns from the 64th on together (which can only make
    // ExcludeMayCover say "may" more often).
    std::array<uint64_t, 256> exclude_patterns_with_byte{};
    uint64_t exclude_patterns = 0;  // the bits in use

    // Whether a match of one of the exclude patterns can contain `hit`
    // (text of the entry's search space): when not, the exclusions need no
    // search, for a match that covers the hit holds all its bytes.
    bool ExcludeMayCover(std::string_view hit) const;
  };

  static tl::expected<CompiledLexicon, DataErrors> Compile(LexiconData data);
  // Parses and compiles lexicon files.
  static tl::expected<CompiledLexicon, DataErrors> CompileFiles(const std::vector<DataFile>& files);
  // A lexicon from the parts of a loaded image (lexicon_image.h), whose
  // patterns were checked when it was compiled and saved.
  static CompiledLexicon FromParts(LexiconData data, PrefixIndex folded, PrefixIndex cased);

  CompiledLexicon(CompiledLexicon&&) = default;
  CompiledLexicon& operator=(CompiledLexicon&&) = default;
  CompiledLexicon(const CompiledLexicon&) = delete;
  CompiledLexicon& operator=(const CompiledLexicon&) = delete;

  const LexiconData& data() const { return data_; }
  const std::vector<LexiconEntry>& entries() const { return data_.entries; }
  // The entry's patterns as one alternation, and its guards: each compiled
  // once, when first asked for (thread-safe). Hits the prefix index already
  // knows whole need the guards only.
  const RE2& EntryRegex(size_t entry) const;
  const Guards& EntryGuards(size_t entry) const;
  // Entries that may match at a place of the folded text / the text as written.
  const PrefixIndex& folded_index() const { return folded_index_; }
  const PrefixIndex& cased_index() const { return cased_index_; }
  // Whether the entry matches the text as written (a plain array: asked for
  // every candidate the folded index proposes).
  bool CaseSensitive(size_t entry) const { return case_sensitive_[entry] != 0; }
  // Index of the entry with this id, or -1.
  int Find(const std::string& id) const;

 private:
  // An entry's regexes, made on first use. The flags let the (very common)
  // later uses skip std::call_once, which sets thread-locals on every call;
  // the guards sit behind a pointer, so that the array of entries, which
  // the matcher reads for every candidate, stays small.
  struct Lazy {
    std::once_flag pattern_once;
    std::once_flag guards_once;
    std::atomic<bool> pattern_made{false};
    std::atomic<bool> guards_made{false};
    std::unique_ptr<RE2> pattern;
    std::unique_ptr<Guards> guards;
  };

  CompiledLexicon() = default;

  LexiconData data_;
  std::unique_ptr<Lazy[]> lazy_;  // one per entry (not movable: no vector)
  std::vector<uint8_t> case_sensitive_;
  PrefixIndex folded_index_;
  PrefixIndex cased_index_;
};

}  // namespace ra
