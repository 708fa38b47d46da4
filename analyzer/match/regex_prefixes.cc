#include "analyzer/match/regex_prefixes.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <cctype>
#include <cstdint>
#include <tuple>

#include "analyzer/common/bytes.h"

namespace ra {
namespace {

// Past this many prefixes a set is cut to shorter ones: the index stays
// small and a wide pattern merely becomes a less selective one.
constexpr size_t kMaxPrefixes = 256;
// A class wider than this (\w, [a-z]) says little about where a match
// begins and would multiply the prefixes: it counts as "anything".
constexpr size_t kWidestModelledClass = 16;

// One way a match can begin: up to kMaxLength bytes, in canonical form.
// `ended`: the match may end right after these bytes (so what follows in the
// pattern continues them); otherwise the bytes are either the full asked
// length or followed by something not modelled. `exact`: every text whose
// canonical form is these bytes is matched by them (false when a canonical
// byte stands for more than the pattern accepts there, as '0' for a literal
// '7', or an assertion was skipped). A plain value, so sets sort fast.
struct Item {
  std::array<char, kMaxPrefixLength> bytes{};
  uint8_t size = 0;
  bool ended = true;
  bool exact = true;
  // A one-byte item from a class holding every byte its canonical byte
  // stands for (\\d, \\s): repeated without bound, it is an exact run.
  bool whole_class = false;
  // Byte order first (bytes past `size` are zero), a word at a time:
  // sorting items is much of the analysis.
  std::strong_ordering operator<=>(const Item& other) const {
    if (const auto order = CompareFixedBytes(bytes, other.bytes); order != 0) return order;
    return std::tie(size, ended, exact, whole_class) <=> std::tie(other.size, other.ended, other.exact, other.whole_class);
  }
  bool operator==(const Item&) const = default;
  std::string_view view() const { return {bytes.data(), size}; }
};
using Items = std::vector<Item>;
using ByteSet = std::bitset<128>;  // ASCII bytes

Item OpenPrefix(std::string_view bytes) {
  Item item;
  std::copy(bytes.begin(), bytes.end(), item.bytes.begin());
  item.size = static_cast<uint8_t>(bytes.size());
  item.ended = false;
  return item;
}

Item OneByte(unsigned char byte, bool exact = true) {
  Item item;
  item.bytes[0] = static_cast<char>(byte);
  item.size = 1;
  item.exact = exact;
  return item;
}

Items Epsilon() { return {Item{}}; }
// A zero-width assertion (\b, ^, $): ignoring it widens the answer, so what
// follows is no longer exact.
Items SkippedAssertion() {
  Item item;
  item.exact = false;
  return {item};
}
Items Anything() { return {OpenPrefix("")}; }

class Analyzer {
 public:
  Analyzer(std::string_view pattern, size_t length, PrefixText text)
      : pattern_(pattern), length_(length), folded_display_(text == PrefixText::kFoldedDisplay) {}

  Items Run() {
    Items items = Alternation();
    if (position_ != pattern_.size()) return Anything();  // unbalanced ')': not expected
    return items;
  }

 private:
  bool AtEnd() const { return position_ >= pattern_.size(); }
  char Peek() const { return AtEnd() ? '\0' : pattern_[position_]; }

  void Tidy(Items& items) const {
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    if (items.size() <= kMaxPrefixes) return;
    // Too many: cut all prefixes to the longest length at which they fit.
    // Cutting sorted prefixes keeps them sorted, so counting is one scan.
    size_t longest = 0;
    for (const Item& item : items) longest = std::max<size_t>(longest, item.size);
    size_t cut = longest;
    while (cut > 0 && DistinctCuts(items, cut - 1) > kMaxPrefixes) --cut;
    cut = cut > 0 ? cut - 1 : 0;
    for (Item& item : items) {
      if (item.size > cut) item = OpenPrefix(item.view().substr(0, cut));
    }
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
  }

  static size_t DistinctCuts(const Items& sorted, size_t cut) {
    size_t count = 0;
    std::string_view previous;
    bool first = true;
    for (const Item& item : sorted) {
      const std::string_view view = item.view().substr(0, cut);
      if (first || view != previous) ++count;
      previous = view;
      first = false;
    }
    return count;
  }

  // `a` followed by `b`, when `a` can still grow.
  Item Joined(const Item& a, const Item& b) const {
    // A run of digits or spaces reads as one canonical byte, so two runs
    // side by side are one.
    const bool runs_meet = a.size > 0 && b.size > 0 && a.bytes[a.size - 1] == b.bytes[0] &&
                           (b.bytes[0] == '0' || b.bytes[0] == ' ');
    const size_t skip = runs_meet ? 1 : 0;
    Item joined = a;
    const size_t take = std::min<size_t>(b.size - skip, length_ - a.size);
    std::copy_n(b.bytes.begin() + static_cast<std::ptrdiff_t>(skip), take, joined.bytes.begin() + a.size);
    joined.size = static_cast<uint8_t>(a.size + take);
    joined.ended = b.ended && skip + take == b.size && joined.size < length_;
    joined.exact = a.exact && b.exact;
    joined.whole_class = false;
    return joined;
  }

  bool CanGrow(const Item& item) const { return item.ended && item.size < length_; }

  Items Concat(const Items& first, const Items& second) const {
    Items out;
    out.reserve(first.size() * second.size());
    for (const Item& a : first) {
      if (!CanGrow(a)) {
        out.push_back(a);
        continue;
      }
      for (const Item& b : second) out.push_back(Joined(a, b));
    }
    Tidy(out);
    return out;
  }

  // Concat(items, {one}) without a new vector: most atoms are one literal
  // byte, and most sequences a single prefix.
  void Append(Items& items, const Item& one) const {
    for (Item& a : items) {
      if (CanGrow(a)) a = Joined(a, one);
    }
    if (items.size() > 1) Tidy(items);
  }

  // Whether appending more of the pattern could still change these prefixes.
  bool Growable(const Items& items) const {
    return std::any_of(items.begin(), items.end(),
                       [&](const Item& item) { return item.ended && item.size < length_; });
  }

  Items Alternation() {
    const bool fold_at_start = fold_;
    Items items = Sequence();
    // Tidying once at the end cuts the prefixes exactly as tidying after
    // every alternative would (more prefixes only ever cut shorter), at a
    // fraction of the sorting; in between only to bound the memory.
    while (Peek() == '|') {
      ++position_;
      Items more = Sequence();
      items.insert(items.end(), more.begin(), more.end());
      if (items.size() > 8 * kMaxPrefixes) Tidy(items);
    }
    Tidy(items);
    fold_ = fold_at_start;  // an inline (?i) lasts to the end of its group
    return items;
  }

  Items Sequence() {
    Items items = Epsilon();
    const size_t length = length_;
    while (!AtEnd() && Peek() != '|' && Peek() != ')') {
      // The next atom matters only for the bytes the shortest unfinished
      // prefix still lacks; past that it is parsed, not analysed.
      length_ = length - std::min(length, ShortestEnded(items, length));
      // Most atoms are one plain character: appended without making a set
      // (allocations were a fifth of the analysis).
      if (PlainCharacterNext()) {
        const Item item = ByteItem(static_cast<unsigned char>(pattern_[position_++]));
        if (length_ > 0) {
          length_ = length;
          Append(items, item);
        }
        continue;
      }
      Items atom = Atom();
      atom = Quantified(std::move(atom));
      if (length_ > 0) {
        length_ = length;
        if (atom.size() == 1) {
          Append(items, atom[0]);
        } else {
          items = Concat(items, atom);
        }
      }
    }
    length_ = length;
    return items;
  }

  // The length of the shortest prefix the pattern can still extend, or
  // `length` when none can be extended.
  static size_t ShortestEnded(const Items& items, size_t length) {
    size_t shortest = length;
    for (const Item& item : items) {
      if (item.ended) shortest = std::min<size_t>(shortest, item.size);
    }
    return shortest;
  }

  Items Quantified(Items atom) {
    int min = 1;
    int max = 1;
    const char c = Peek();
    if (c == '*' || c == '+' || c == '?') {
      ++position_;
      min = c == '+' ? 1 : 0;
      max = c == '?' ? 1 : -1;
    } else if (c == '{' && !ReadRepeat(min, max)) {
      return atom;  // a '{' that is not a repeat is a literal, read as the next atom
    } else if (c != '{') {
      return atom;
    }
    if (Peek() == '?') ++position_;  // non-greedy: same strings
    return Repeat(atom, min, max);
  }

  // Reads "{n}", "{n,}" or "{n,m}" at the position; false (nothing read) otherwise.
  bool ReadRepeat(int& min, int& max) {
    size_t p = position_ + 1;
    auto number = [&](int& value) {
      const size_t from = p;
      value = 0;
      while (p < pattern_.size() && std::isdigit(static_cast<unsigned char>(pattern_[p]))) {
        value = std::min(value * 10 + (pattern_[p] - '0'), 100000);
        ++p;
      }
      return p > from;
    };
    if (!number(min)) return false;
    max = min;
    if (p < pattern_.size() && pattern_[p] == ',') {
      ++p;
      if (!number(max)) max = -1;
    }
    if (p >= pattern_.size() || pattern_[p] != '}') return false;
    position_ = p + 1;
    return true;
  }

  // X{min,max}: copies spelled out while the prefixes stay few, then
  // "anything" for the rest, which keeps repeated classes ("\\d+",
  // "[\\s-]*") from multiplying.
  Items Repeat(const Items& atom, int min, int max) {
    if (length_ == 0) return Epsilon();
    if (atom.size() == 1 && atom[0].whole_class) {
      // "\\d+", "\\s*": a run, which the canonical byte stands for
      // exactly. "\\d{3,}", "\\d{4}": a run too, but not every run has the
      // length, so the regex decides; more copies would add nothing, as
      // the canonical text has no two runs in a row.
      Item run = atom[0];
      run.exact = max < 0 && min <= 1;
      run.whole_class = false;
      Items result;
      if (max != 0) result.push_back(run);
      if (min == 0) result.push_back(Item{});
      Tidy(result);
      return result;
    }
    if (max < 0 && min <= 1 && AllSingleBytes(atom)) return SingleByteStar(atom, min);
    constexpr size_t kSpelledOutPrefixes = 16;
    Items result;
    if (min == 0) result = Epsilon();
    Items power = Epsilon();
    int copies = 0;
    // Past min + length copies nothing new can appear (an atom that may be
    // empty would otherwise loop for ever).
    const int enough = min + static_cast<int>(length_);
    // A few copies ("x?", "x{1,3}") are always spelled out; more only while
    // the prefixes stay few.
    const bool few = max >= 0 && max <= 3;
    while ((max < 0 || copies < max) && copies < enough && Growable(power) &&
           (copies < min || few || power.size() * atom.size() <= kSpelledOutPrefixes)) {
      power = Concat(power, atom);
      ++copies;
      if (copies >= min) result.insert(result.end(), power.begin(), power.end());
    }
    // Stopped short of min because the prefixes cannot grow: more copies
    // would leave them as they are.
    if (copies < min) result.insert(result.end(), power.begin(), power.end());
    if ((max < 0 || copies < max) && copies >= min && Growable(power)) {
      const Items more = Concat(power, Anything());
      result.insert(result.end(), more.begin(), more.end());
    }
    Tidy(result);
    return result;
  }

  static bool AllSingleBytes(const Items& atom) {
    return !atom.empty() && std::all_of(atom.begin(), atom.end(), [](const Item& item) {
             return item.size == 1 && item.ended;
           });
  }

  // A class (or alternation of single bytes) repeated without bound, as
  // "[\\s-]*" between the parts of "scikit-learn": nearly every text that
  // matches takes at most one of its bytes, so those ways are spelled out
  // exactly, and two or more bytes leave the prefix open. Spelling out more
  // copies would multiply the prefixes of the rest of the pattern (measured:
  // twice the compile time, no faster matching). Two bytes that read as one
  // canonical run ("  " is " ") are one byte, already spelled out, and every
  // longer string begins with an open pair, so nothing is lost.
  Items SingleByteStar(const Items& atom, int min) const {
    Items result;
    if (min == 0) result = Epsilon();
    for (const Item& byte : atom) {
      Item one = byte;
      one.exact = byte.exact || byte.whole_class;  // a run of the whole class is matched
      one.whole_class = false;
      result.push_back(one);
      for (const Item& next : atom) {
        const bool one_run = next.bytes[0] == byte.bytes[0] && (byte.bytes[0] == '0' || byte.bytes[0] == ' ');
        if (one_run || length_ < 2) continue;
        result.push_back(OpenPrefix(std::string{byte.bytes[0], next.bytes[0]}));
      }
    }
    Tidy(result);
    return result;
  }

  Items Atom() {
    const char c = pattern_[position_];
    switch (c) {
      case '(': return Group();
      case '[': return Class();
      case '\\': return Escape();
      case '.': ++position_; return Anything();
      case '^':
      case '$': ++position_; return SkippedAssertion();
      default: return LiteralCharacter();
    }
  }

  Items Group() {
    ++position_;  // '('
    const bool fold_outside = fold_;
    if (Peek() == '?') {
      ++position_;
      if (Peek() == 'P' || Peek() == '<') {  // named group (?P<name>...) or (?<name>...)
        while (!AtEnd() && Peek() != '>') ++position_;
        ++position_;
      } else if (!ReadFlags()) {             // (?flags) alone: applies to the rest of the group
        return Epsilon();
      }
    }
    Items items = Alternation();
    if (Peek() == ')') ++position_;
    fold_ = fold_outside;
    return items;
  }

  // Reads flags after "(?" up to ':' (a group follows: true) or ')' (the
  // flags change the enclosing group: false). Only 'i' matters here.
  bool ReadFlags() {
    bool negate = false;
    while (!AtEnd()) {
      const char c = pattern_[position_++];
      if (c == ':') return true;
      if (c == ')') return false;
      if (c == '-') negate = true;
      if (c == 'i') fold_ = !negate;
    }
    return false;
  }

  static void AddRange(ByteSet& set, unsigned from, unsigned to) {
    for (unsigned b = from; b <= to && b < 128; ++b) set[b] = true;
  }

  // The class escape at the position (after the '\'), added to `set`;
  // false when it is not an ASCII set (\D, \pL, ...).
  bool ClassEscape(ByteSet& set) {
    const char c = pattern_[position_++];
    switch (c) {
      case 'd': AddRange(set, '0', '9'); return true;
      case 's': for (char s : {' ', '\t', '\n', '\r', '\f', '\v'}) set[static_cast<unsigned char>(s)] = true; return true;
      case 'w': AddRange(set, '0', '9'); AddRange(set, 'A', 'Z'); AddRange(set, 'a', 'z'); set['_'] = true; return true;
      case 'p':
      case 'P': SkipPropertyName(); return false;
      default: {
        --position_;
        const int value = EscapedCharacter();
        if (value < 0 || value >= 128) return false;
        set[static_cast<unsigned>(value)] = true;
        return true;
      }
    }
  }

  void SkipPropertyName() {
    if (Peek() == '{') {
      while (!AtEnd() && Peek() != '}') ++position_;
    }
    ++position_;
  }

  // A single escaped character at the position (after the '\'): its code
  // point, or -1 when it is something else.
  int EscapedCharacter() {
    const char c = pattern_[position_++];
    switch (c) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 'f': return '\f';
      case 'v': return '\v';
      case 'a': return '\a';
      case 'x': return Hex();
      default:
        if (std::isdigit(static_cast<unsigned char>(c))) {  // octal
          while (std::isdigit(static_cast<unsigned char>(Peek()))) ++position_;
          return -1;
        }
        if (std::isalpha(static_cast<unsigned char>(c))) return -1;  // a class or assertion we do not model
        return static_cast<unsigned char>(c);                         // escaped punctuation
    }
  }

  int Hex() {
    std::string digits;
    if (Peek() == '{') {
      ++position_;
      while (!AtEnd() && Peek() != '}') digits += pattern_[position_++];
      ++position_;
    } else {
      for (int i = 0; i < 2 && !AtEnd(); ++i) digits += pattern_[position_++];
    }
    try {
      return std::stoi(digits, nullptr, 16);
    } catch (...) {
      return -1;
    }
  }

  Items Class() {
    ++position_;  // '['
    bool negated = false;
    if (Peek() == '^') {
      negated = true;
      ++position_;
    }
    ByteSet set;
    std::vector<std::string_view> multibyte;
    bool modelled = true;
    bool first = true;
    while (!AtEnd() && (Peek() != ']' || first)) {
      first = false;
      if (pattern_.substr(position_, 2) == "[:") {  // [:alpha:]
        const size_t close = pattern_.find(":]", position_ + 2);
        position_ = close == std::string_view::npos ? pattern_.size() : close + 2;
        modelled = false;
        continue;
      }
      int low = -1;
      const size_t character_start = position_;
      if (Peek() == '\\') {
        ++position_;
        const size_t at = position_;
        const char c = Peek();
        if (c == 'd' || c == 's' || c == 'w' || c == 'p' || c == 'P' || c == 'D' || c == 'S' || c == 'W') {
          if (c == 'D' || c == 'S' || c == 'W') {
            ++position_;
            modelled = false;
          } else if (!ClassEscape(set)) {
            modelled = false;
          }
          continue;
        }
        position_ = at;
        low = EscapedCharacter();
      } else {
        low = ReadCharacter();
      }
      int high = low;
      if (Peek() == '-' && position_ + 1 < pattern_.size() && pattern_[position_ + 1] != ']') {
        ++position_;
        if (Peek() == '\\') {
          ++position_;
          high = EscapedCharacter();
        } else {
          high = ReadCharacter();
        }
      }
      if (low == kNonAscii && high == kNonAscii && !fold_ && !folded_display_) {
        // A single non-ASCII character ("[eé]"): its bytes, as written.
        multibyte.emplace_back(pattern_.substr(character_start, position_ - character_start));
        continue;
      }
      if (low < 0 || high < 0 || high >= 128) {
        modelled = false;
        continue;
      }
      AddRange(set, static_cast<unsigned>(low), static_cast<unsigned>(high));
    }
    if (Peek() == ']') ++position_;
    if (negated || !modelled) return Anything();
    Items items = set.any() ? FromSet(set) : Items{};
    for (std::string_view character : multibyte) {
      Items bytes = Epsilon();
      for (char byte : character) bytes = Concat(bytes, {OneByte(static_cast<unsigned char>(byte))});
      items.insert(items.end(), bytes.begin(), bytes.end());
    }
    Tidy(items);
    return items;
  }

  // The code point of the UTF-8 character at the position, consumed.
  int ReadCharacter() {
    const auto lead = static_cast<unsigned char>(pattern_[position_]);
    const size_t size = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (size == 1) {
      ++position_;
      return lead;
    }
    position_ = std::min(pattern_.size(), position_ + size);
    return kNonAscii;
  }

  static constexpr int kNonAscii = 0x80;  // ReadCharacter's answer for any non-ASCII character

  Items FromSet(ByteSet set) const {
    bool letters_of_unknown_case = false;
    if (folded_display_) {
      for (unsigned b = 'a'; b <= 'z'; ++b) {
        if (!set[b] && !set[b - 32]) continue;
        letters_of_unknown_case = !fold_;
        set[b] = true;
        set[b - 32] = false;
      }
    } else if (fold_) {
      for (unsigned b = 'a'; b <= 'z'; ++b) {
        const bool either = set[b] || set[b - 32];
        set[b] = set[b - 32] = either;
      }
    }
    if (set.count() > kWidestModelledClass) return Anything();
    // Digits and white space are one canonical byte each (see the header),
    // which stands exactly for this class only if it holds all of them.
    static const ByteSet kDigits = BytesReadingAs('0');
    static const ByteSet kSpaces = BytesReadingAs(' ');
    const bool all_digits = (set & kDigits) == kDigits;
    const bool all_spaces = (set & kSpaces) == kSpaces;
    ByteSet canonical_set = set & ~(kDigits | kSpaces);
    if ((set & kDigits).any()) canonical_set.set('0');
    if ((set & kSpaces).any()) canonical_set.set(' ');
    Items items;
    items.reserve(canonical_set.count());
    for (size_t b = canonical_set._Find_first(); b < canonical_set.size(); b = canonical_set._Find_next(b)) {
      const bool is_run_byte = b == '0' || b == ' ';
      const bool letter = b >= 'a' && b <= 'z';
      Item item = OneByte(static_cast<unsigned char>(b), !is_run_byte && !(letter && letters_of_unknown_case));
      item.whole_class = (b == '0' && all_digits) || (b == ' ' && all_spaces);
      items.push_back(item);
    }
    return items;
  }

  static ByteSet BytesReadingAs(unsigned char canonical) {
    ByteSet set;
    for (unsigned b = 0; b < set.size(); ++b) set[b] = CanonicalPrefixByte(static_cast<unsigned char>(b)) == canonical;
    return set;
  }

  Items Escape() {
    ++position_;  // '\'
    if (AtEnd()) return Anything();
    const char c = Peek();
    if (c == 'b' || c == 'B' || c == 'A' || c == 'z') {
      ++position_;
      return SkippedAssertion();
    }
    if (c == 'Q') return Quoted();
    if (c == 'D' || c == 'S' || c == 'W' || c == 'C') {
      ++position_;
      return Anything();
    }
    ByteSet set;
    if (!ClassEscape(set)) return Anything();
    return FromSet(std::move(set));
  }

  Items Quoted() {
    ++position_;  // 'Q'
    const size_t end = pattern_.find("\\E", position_);
    const std::string_view text = pattern_.substr(position_, end == std::string_view::npos ? std::string_view::npos : end - position_);
    position_ = end == std::string_view::npos ? pattern_.size() : end + 2;
    Items items = Epsilon();
    for (size_t i = 0; i < text.size() && Growable(items); ++i) items = Concat(items, Byte(static_cast<unsigned char>(text[i])));
    return items;
  }

  // Whether the byte is one item: not a letter read in both cases.
  bool OneWay(unsigned char byte) const { return folded_display_ || !fold_ || !std::isalpha(byte); }

  // The item of a literal byte that is OneWay.
  Item ByteItem(unsigned char byte) const {
    if (folded_display_ && std::isalpha(byte)) return OneByte(static_cast<unsigned char>(std::tolower(byte)), fold_);
    const unsigned char canonical = CanonicalPrefixByte(byte);
    // A literal '7' or ' ' is not all that the canonical '0' or ' ' stand for.
    return OneByte(canonical, canonical != '0' && canonical != ' ');
  }

  Items Byte(unsigned char byte) const {
    if (!OneWay(byte)) {
      return {OneByte(static_cast<unsigned char>(std::toupper(byte))), OneByte(static_cast<unsigned char>(std::tolower(byte)))};
    }
    return {ByteItem(byte)};
  }

  // Whether the next atom is a plain ASCII character, one item, with no
  // quantifier after it.
  bool PlainCharacterNext() const {
    const auto c = static_cast<unsigned char>(pattern_[position_]);
    if (c >= 0x80 || c == 0 || std::string_view("()[]\\.^$|*+?{").find(static_cast<char>(c)) != std::string_view::npos) {
      return false;
    }
    const char next = position_ + 1 < pattern_.size() ? pattern_[position_ + 1] : '\0';
    return next != '*' && next != '+' && next != '?' && next != '{' && OneWay(c);
  }

  Items LiteralCharacter() {
    const auto lead = static_cast<unsigned char>(pattern_[position_]);
    if (lead < 0x80) {
      ++position_;
      return Byte(lead);
    }
    const size_t size = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    const std::string bytes(pattern_.substr(position_, size));
    position_ += size;
    if (fold_ || folded_display_) return Anything();  // its other cases are other bytes
    Items items = Epsilon();
    for (unsigned char byte : bytes) items = Concat(items, Byte(byte));
    return items;
  }

  std::string_view pattern_;
  size_t length_;
  size_t position_ = 0;
  bool fold_ = false;
  // PrefixText::kFoldedDisplay: a letter is its lower case, exact only under
  // (?i) (else the text as written may have the other case); a non-ASCII
  // character is not modelled (its folded bytes may be other bytes).
  const bool folded_display_;
};

}  // namespace

std::vector<RegexPrefix> PossiblePrefixes(std::string_view pattern, size_t length, PrefixText text) {
  length = std::min(length, kMaxPrefixLength);
  if (length == 0) return {RegexPrefix{}};
  const Items items = Analyzer(pattern, length, text).Run();
  std::vector<RegexPrefix> prefixes;
  for (const Item& item : items) {
    if (item.size == 0 && !(item.ended && item.exact)) return {RegexPrefix{}};
    prefixes.push_back(RegexPrefix{std::string(item.view()), item.ended && item.exact});
  }
  // Tidy left the items in byte order, which is nearly always this order too.
  if (!std::is_sorted(prefixes.begin(), prefixes.end())) std::sort(prefixes.begin(), prefixes.end());
  prefixes.erase(std::unique(prefixes.begin(), prefixes.end()), prefixes.end());
  if (prefixes.empty()) return {RegexPrefix{}};  // an empty language: not expected, stay safe
  return prefixes;
}

namespace {

// Where the group or class opened at pattern[open] closes (the offset of
// its ')' or ']'), or npos. Escapes are skipped; a class may begin with ']'
// or '^]' and hold [:alpha:] names.
size_t CloseOf(std::string_view pattern, size_t open) {
  if (pattern[open] == '[') {
    size_t at = open + 1;
    if (at < pattern.size() && pattern[at] == '^') ++at;
    if (at < pattern.size() && pattern[at] == ']') ++at;
    for (; at < pattern.size(); ++at) {
      if (pattern[at] == '\\') {
        ++at;
      } else if (pattern.substr(at, 2) == "[:") {
        const size_t name_end = pattern.find(":]", at + 2);
        if (name_end == std::string_view::npos) return std::string_view::npos;
        at = name_end + 1;
      } else if (pattern[at] == ']') {
        return at;
      }
    }
    return std::string_view::npos;
  }
  int depth = 0;
  for (size_t at = open; at < pattern.size(); ++at) {
    const char c = pattern[at];
    if (c == '\\') {
      ++at;
    } else if (c == '[') {
      at = CloseOf(pattern, at);
      if (at == std::string_view::npos) return at;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0) {
      return at;
    }
  }
  return std::string_view::npos;
}

bool IsFlagChar(char c) { return c == 'i' || c == 'm' || c == 's' || c == 'U' || c == '-'; }

// Length of "(?flags)" or "(?flags:" at pattern[at] (0 if neither), with
// the flags.
size_t FlagGroupLength(std::string_view pattern, size_t at, std::string_view& flags, bool& opens_group) {
  if (pattern.substr(at, 2) != "(?") return 0;
  size_t end = at + 2;
  while (end < pattern.size() && IsFlagChar(pattern[end])) ++end;
  if (end >= pattern.size() || (pattern[end] != ')' && pattern[end] != ':')) return 0;
  flags = pattern.substr(at + 2, end - at - 2);
  opens_group = pattern[end] == ':';
  return end + 1 - at;
}

using Bytes = std::bitset<256>;

void AddRange(Bytes& bytes, unsigned char first, unsigned char last) {
  for (unsigned byte = first; byte <= last; ++byte) bytes.set(byte);
}

// The bytes `\c` stands for; every byte when not modelled.
Bytes EscapeBytes(char c) {
  Bytes bytes;
  switch (c) {
    case 'd':
      AddRange(bytes, '0', '9');
      return bytes;
    case 's':
      for (const char space : {' ', '\t', '\n', '\r', '\f', '\v'}) bytes.set(static_cast<unsigned char>(space));
      return bytes;
    case 'w':
      AddRange(bytes, '0', '9');
      AddRange(bytes, 'a', 'z');
      AddRange(bytes, 'A', 'Z');
      bytes.set('_');
      return bytes;
    case 'b': case 'B': case 'A': case 'z':
      return bytes;  // assertions: no byte
    case 'n': bytes.set('\n'); return bytes;
    case 't': bytes.set('\t'); return bytes;
    case 'r': bytes.set('\r'); return bytes;
    case 'f': bytes.set('\f'); return bytes;
    case 'v': bytes.set('\v'); return bytes;
    default:
      if (std::isalnum(static_cast<unsigned char>(c))) return Bytes().set();  // \p, \x, \D, \S, \W, octal...
      bytes.set(static_cast<unsigned char>(c));  // an escaped punctuation mark
      return bytes;
  }
}

// The bytes of the class opening at pattern[at] ('['), moving `at` past it.
Bytes ClassBytes(std::string_view pattern, size_t& at) {
  Bytes bytes;
  ++at;
  if (at < pattern.size() && pattern[at] == '^') {  // negated: every byte
    const size_t close = CloseOf(pattern, at - 1);
    at = close == std::string_view::npos ? pattern.size() : close + 1;
    return Bytes().set();
  }
  bool first = true;
  while (at < pattern.size() && (pattern[at] != ']' || first)) {
    first = false;
    if (pattern.substr(at, 2) == "[:") return at = pattern.size(), Bytes().set();
    const auto c = static_cast<unsigned char>(pattern[at]);
    if (c == '\\' && at + 1 < pattern.size()) {
      bytes |= EscapeBytes(pattern[at + 1]);
      at += 2;
    } else if (at + 2 < pattern.size() && pattern[at + 1] == '-' && pattern[at + 2] != ']') {
      const auto last = static_cast<unsigned char>(pattern[at + 2]);
      if (c >= 0x80 || last >= 0x80 || last == '\\') return at = pattern.size(), Bytes().set();
      AddRange(bytes, c, last);
      at += 3;
    } else {
      bytes.set(c);
      ++at;
    }
  }
  ++at;  // the ']'
  return bytes;
}

}  // namespace

std::bitset<256> PossibleBytes(std::string_view pattern) {
  Bytes bytes;
  bool fold = false;
  std::string_view flags;
  bool opens_group = false;
  for (size_t at = 0; at < pattern.size();) {
    const auto c = static_cast<unsigned char>(pattern[at]);
    if (c == '\\') {
      if (at + 1 >= pattern.size() || pattern[at + 1] == 'Q' || pattern[at + 1] == 'C') return Bytes().set();
      bytes |= EscapeBytes(pattern[at + 1]);
      at += 2;
    } else if (c == '[') {
      bytes |= ClassBytes(pattern, at);
    } else if (c == '.') {
      return Bytes().set();
    } else if (const size_t length = FlagGroupLength(pattern, at, flags, opens_group); length != 0) {
      // "(?i)", "(?i:", "(?:": syntax, no bytes; "i" before any "-" folds.
      if (flags.substr(0, flags.find('-')).find('i') != std::string_view::npos) fold = true;
      at += length;
    } else if (pattern.substr(at, 4) == "(?P<") {
      const size_t name_end = pattern.find('>', at);  // a group's name: no bytes
      at = name_end == std::string_view::npos ? pattern.size() : name_end + 1;
    } else if (c == '(' || c == ')' || c == '|' || c == '*' || c == '+' || c == '?' || c == '^' || c == '$') {
      ++at;
    } else {
      bytes.set(c);  // a literal byte (or a repeat count's digits: more is safe)
      ++at;
    }
  }
  if (fold) {
    for (unsigned byte = 'a'; byte <= 'z'; ++byte) {
      const unsigned upper = byte - 'a' + 'A';
      if (bytes.test(byte) || bytes.test(upper)) bytes.set(byte).set(upper);
    }
    AddRange(bytes, 0x80, 0xFF);  // non-ASCII case variants, and "K" for "k" (Kelvin sign)
  }
  return bytes;
}

std::vector<std::string> TopLevelAlternatives(std::string_view pattern) {
  const std::vector<std::string> whole{std::string(pattern)};
  if (pattern.find("\\Q") != std::string_view::npos) return whole;
  std::string_view body = pattern;
  std::string_view flags;
  bool opens_group = false;
  // Leading "(?i)": applies to every alternative.
  if (const size_t length = FlagGroupLength(body, 0, flags, opens_group); length != 0 && !opens_group) {
    body.remove_prefix(length);
  } else {
    flags = {};
  }
  // A group around everything: "(?:...)", "(?i:...)" or "(...)".
  while (!body.empty() && body.front() == '(' && CloseOf(body, 0) == body.size() - 1) {
    std::string_view group_flags;
    size_t opening = FlagGroupLength(body, 0, group_flags, opens_group);
    if (opening != 0 && (!opens_group || (!group_flags.empty() && !flags.empty()))) break;
    if (opening != 0 && !group_flags.empty()) flags = group_flags;
    if (opening == 0) {  // "(?:" and "(?i:" were measured above
      if (body.substr(0, 2) == "(?") break;  // a named group: left whole
      opening = 1;
    }
    body = body.substr(opening, body.size() - opening - 1);
  }
  std::vector<std::string> alternatives;
  size_t begin = 0;
  int depth = 0;
  for (size_t at = 0; at < body.size(); ++at) {
    const char c = body[at];
    std::string_view inner_flags;
    if (c == '\\') {
      ++at;
    } else if (c == '[') {
      at = CloseOf(body, at);
      if (at == std::string_view::npos) return whole;
    } else if (FlagGroupLength(body, at, inner_flags, opens_group) != 0 && !opens_group) {
      return whole;  // flags set midway reach into the alternatives after them
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (--depth < 0) return whole;
    } else if (c == '|' && depth == 0) {
      alternatives.emplace_back(body.substr(begin, at - begin));
      begin = at + 1;
    }
  }
  if (depth != 0 || alternatives.empty()) return whole;
  alternatives.emplace_back(body.substr(begin));
  if (!flags.empty()) {
    for (std::string& alternative : alternatives) alternative = "(?" + std::string(flags) + ":" + alternative + ")";
  }
  return alternatives;
}

}  // namespace ra
