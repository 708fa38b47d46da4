#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <memory>

#include "analyzer/text/text.h"

namespace ra {

WordBoundaries::WordBoundaries(std::vector<Token> tokens, size_t text_size)
    : tokens_(std::move(tokens)), boundary_(text_size + 1, false) {
  boundary_[0] = true;
  boundary_[text_size] = true;
  for (const Token& token : tokens_) {
    boundary_[token.start] = true;
    boundary_[token.end] = true;
    if (token.is_word) ++word_count_;
  }
}

FoldedText FoldCase(std::string_view display) {
  FoldedText folded;
  constexpr size_t kAllSame = ~size_t{0};  // until a code point's length changes
  folded.same_offsets_before = kAllSame;
  folded.text.reserve(display.size());
  folded.to_display.reserve(display.size() + 1);
  const auto* data = reinterpret_cast<const uint8_t*>(display.data());
  const auto length = static_cast<int32_t>(display.size());
  for (int32_t offset = 0; offset < length;) {
    const int32_t start = offset;
    UChar32 c;
    U8_NEXT(data, offset, length, c);
    if (c < 0) c = 0xFFFD;
    const UChar32 lower = u_foldCase(c, U_FOLD_CASE_DEFAULT);
    char buffer[U8_MAX_LENGTH];
    int32_t written = 0;
    UBool error = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buffer), written, U8_MAX_LENGTH, lower, error);
    (void)error;  // a folded code point always fits the buffer
    if (written != offset - start && folded.same_offsets_before == kAllSame) folded.same_offsets_before = static_cast<size_t>(start);
    for (int32_t i = 0; i < written; ++i) {
      folded.text.push_back(buffer[i]);
      folded.to_display.push_back(static_cast<uint32_t>(start));
    }
  }
  folded.to_display.push_back(static_cast<uint32_t>(display.size()));
  if (folded.same_offsets_before == kAllSame) folded.same_offsets_before = display.size() + 1;
  return folded;
}

WordBoundaries Tokenize(std::string_view display) {
  std::vector<Token> tokens;
  UErrorCode status = U_ZERO_ERROR;
  UText* utext = utext_openUTF8(nullptr, display.data(), static_cast<int64_t>(display.size()), &status);
  std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || !words) {
    utext_close(utext);
    return WordBoundaries({}, display.size());
  }
  // With a UTF-8 UText, the iterator's offsets are byte offsets into `display`.
  words->setText(utext, status);
  int32_t start = words->first();
  for (int32_t end = words->next(); end != icu::BreakIterator::DONE; start = end, end = words->next()) {
    const bool is_word = words->getRuleStatus() >= UBRK_WORD_NONE_LIMIT;
    tokens.push_back(Token{static_cast<uint32_t>(start), static_cast<uint32_t>(end), is_word});
  }
  words.reset();  // the iterator refers to the UText until it is gone
  utext_close(utext);
  return WordBoundaries(std::move(tokens), display.size());
}

}  // namespace ra
