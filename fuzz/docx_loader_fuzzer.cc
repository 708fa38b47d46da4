// libFuzzer target: arbitrary bytes as a DOCX, through libzip and libxml2
// (package, relationships, styles, body, headers, footers) and the whole
// analysis.

#include <cstddef>
#include <cstdint>
#include <string>

#include "tests/test_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  ra::ExtractOptions limits;
  limits.max_pages = 20;
  const ra::Expected<ra::Document> document = ra::LoadDocx(bytes, limits);
  const ra::AnalysisResult result = ra::testing::BundledAnalyzer().Analyze("fuzz.docx", document, ra::testing::FixedOptions());
  (void)result;
  return 0;
}
