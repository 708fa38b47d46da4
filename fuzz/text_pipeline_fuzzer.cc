// libFuzzer target: arbitrary bytes as a plain-text or Markdown resume, through
// encoding detection, normalisation, tokenisation, structure, matching,
// scoring and advice.

#include <cstddef>
#include <cstdint>
#include <string>

#include "tests/test_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const auto format = size > 0 && (data[0] & 1) ? ra::SourceFormat::kMarkdown : ra::SourceFormat::kText;
  const ra::Expected<ra::Document> document = ra::LoadPlainText(bytes, format);
  const ra::AnalysisResult result = ra::testing::BundledAnalyzer().Analyze("fuzz.txt", document, ra::testing::FixedOptions());
  (void)result;
  return 0;
}
