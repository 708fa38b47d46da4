// Plain text and Markdown loading. UTF-8 (with or without BOM) and UTF-16
// with BOM are read as they are; anything else goes through ICU's charset
// detector and is converted when the detector is confident, refused when not.

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <memory>
#include <string>

#include "analyzer/extract/extract.h"

namespace ra {
namespace {

// A detector verdict below this confidence (0-100) is a guess, not an answer.
constexpr int32_t kMinDetectionConfidence = 30;

bool IsValidUtf8(const std::string& bytes) {
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  const auto length = static_cast<int32_t>(bytes.size());
  int32_t offset = 0;
  while (offset < length) {
    UChar32 c;
    U8_NEXT(data, offset, length, c);
    if (c < 0) return false;
  }
  return true;
}

bool StartsWith(const std::string& bytes, std::string_view prefix) {
  return bytes.compare(0, prefix.size(), prefix) == 0;
}

Expected<std::string> ConvertToUtf8(const std::string& bytes, const char* charset) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString text(bytes.data(), static_cast<int32_t>(bytes.size()), charset);
  if (text.isBogus()) {
    return MakeError(errc::kBadEncoding, std::string("cannot convert from ") + charset);
  }
  (void)status;
  std::string utf8;
  text.toUTF8String(utf8);
  return utf8;
}

struct DetectorCloser {
  void operator()(UCharsetDetector* detector) const { ucsdet_close(detector); }
};

Expected<std::string> DetectAndConvert(const std::string& bytes) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, DetectorCloser> detector(ucsdet_open(&status));
  if (U_FAILURE(status)) return MakeError(errc::kInternal, "ICU charset detector unavailable");
  ucsdet_setText(detector.get(), bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  const UCharsetMatch* match = ucsdet_detect(detector.get(), &status);
  if (U_FAILURE(status) || match == nullptr) {
    return MakeError(errc::kBadEncoding, "text is not UTF-8 and its encoding cannot be detected");
  }
  const int32_t confidence = ucsdet_getConfidence(match, &status);
  const char* name = ucsdet_getName(match, &status);
  if (U_FAILURE(status) || name == nullptr || confidence < kMinDetectionConfidence ||
      std::string_view(name) == "UTF-8") {
    return MakeError(errc::kBadEncoding,
                     "text is not valid UTF-8 and its encoding cannot be detected "
                     "reliably; save it as UTF-8");
  }
  return ConvertToUtf8(bytes, name);
}

}  // namespace

Expected<Document> LoadPlainText(const std::string& bytes, SourceFormat format) {
  std::string text;
  if (StartsWith(bytes, "\xEF\xBB\xBF")) {
    text = bytes.substr(3);
    if (!IsValidUtf8(text)) return MakeError(errc::kBadEncoding, "UTF-8 BOM but invalid UTF-8 bytes");
  } else if (StartsWith(bytes, "\xFF\xFE") || StartsWith(bytes, "\xFE\xFF")) {
    auto converted = ConvertToUtf8(bytes, StartsWith(bytes, "\xFF\xFE") ? "UTF-16LE" : "UTF-16BE");
    if (!converted) return tl::unexpected(converted.error());
    text = converted->substr(converted->compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0);
  } else if (IsValidUtf8(bytes)) {
    text = bytes;
  } else {
    auto converted = DetectAndConvert(bytes);
    if (!converted) return tl::unexpected(converted.error());
    text = std::move(*converted);
  }
  if (text.find('\0') != std::string::npos) {
    return MakeError(errc::kBadEncoding, "text holds NUL bytes (binary file?)");
  }
  if (!HasVisibleText(text)) return MakeError(errc::kNoText, "file contains no text");

  Document document;
  document.format = format;
  document.pages.push_back(std::move(text));
  return document;
}

}  // namespace ra
