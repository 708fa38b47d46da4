#pragma once
// What a regex's matches can begin with: the first few bytes of every string
// the pattern matches, computed from the pattern's syntax (RE2 dialect).
//
// The matcher uses this to ask, at each word start, only the entries whose
// matches can begin with the bytes found there, instead of running every
// pattern everywhere. The answer must never be too narrow, or hits are lost;
// so anything the analysis does not model (Unicode classes, negated classes,
// '.', non-ASCII letters under (?i)) widens it ("any byte from here on").

#include <array>
#include <bitset>
#include <string>
#include <string_view>
#include <vector>

namespace ra {

// Prefixes are in canonical form: every run of digits reads as one '0' and
// every run of white space (space, tab, line and page breaks) as one ' ',
// so numbers and line breaks cost no more prefixes than a letter does.
// (A run of either also reads as one byte: see PrefixIndex::Candidates.)
// A table lookup: the matcher asks for every byte it walks, and tests
// would be branches the processor often guesses wrong.
inline constexpr std::array<unsigned char, 256> kCanonicalPrefixBytes = [] {
  std::array<unsigned char, 256> table{};
  for (unsigned byte = 0; byte < 256; ++byte) {
    const bool space = byte == '\t' || byte == '\n' || byte == '\r' || byte == '\f' || byte == '\v';
    const bool digit = byte >= '0' && byte <= '9';
    table[byte] = static_cast<unsigned char>(space ? ' ' : digit ? '0' : byte);
  }
  return table;
}();
inline unsigned char CanonicalPrefixByte(unsigned char byte) { return kCanonicalPrefixBytes[byte]; }

// The canonical byte at text[position], moving past it: a run of digits or
// of white space is one byte.
inline unsigned char NextCanonicalByte(std::string_view text, size_t& position) {
  const unsigned char byte = CanonicalPrefixByte(static_cast<unsigned char>(text[position++]));
  if (byte == '0' || byte == ' ') {
    while (position < text.size() && CanonicalPrefixByte(static_cast<unsigned char>(text[position])) == byte) {
      ++position;
    }
  }
  return byte;
}

// A way the pattern's matches can begin: text where a match begins has
// `bytes` (canonically) there. `complete`: the bytes are a whole match, and
// any text that reads as them canonically is matched by them, so the
// matcher need not run the regex to know where the hit ends. Empty bytes
// (not complete) mean the pattern may begin anywhere.
struct RegexPrefix {
  std::string bytes;
  bool complete = false;
  auto operator<=>(const RegexPrefix&) const = default;
};

// Longest prefix the analysis produces.
constexpr size_t kMaxPrefixLength = 32;

// The text the prefixes are to be found in.
enum class PrefixText {
  kAsMatched,     // the text the pattern runs on
  // The case-folded twin of the text a case-sensitive pattern runs on: for
  // a "(?i:...)" pattern of a case-sensitive entry, which spelled out in
  // every case would be hundreds of prefixes (and their regex run at every
  // word they begin), found instead like a case-insensitive one.
  kFoldedDisplay,
};

// The prefixes, of at most `length` bytes, of the strings `pattern` matches,
// deduplicated. Sets that grow past a few hundred prefixes are cut to
// shorter ones. Assumes `pattern` is valid RE2 syntax (checked beforehand);
// on anything unexpected the answer is one empty prefix (may match anywhere).
std::vector<RegexPrefix> PossiblePrefixes(std::string_view pattern, size_t length,
                                          PrefixText text = PrefixText::kAsMatched);

// The top-level alternatives of `pattern`, each a pattern that matches on
// its own what it matched as a part: "a|b(c|d)" gives "a" and "b(c|d)";
// "(?i:a|b)" and "(?i)a|b" give "(?i:a)" and "(?i:b)". A pattern with no
// top-level alternation, or with syntax this does not model (flags set
// inside it, \Q...\E quoting, unbalanced brackets), is returned whole.
std::vector<std::string> TopLevelAlternatives(std::string_view pattern);

// Every byte a match of `pattern` can contain, or more (never fewer): the
// literal bytes and the members of classes the pattern spells out, both
// cases of letters under (?i). Whatever this does not model ('.', negated
// and Unicode classes, \x escapes, \Q...\E) counts as every byte, and (?i)
// as every non-ASCII byte. A match of the pattern cannot contain a text
// with a byte outside this set.
std::bitset<256> PossibleBytes(std::string_view pattern);

}  // namespace ra
