#pragma once
// Errors that a stage reports for one file. Stages return Expected<T>; no
// exception crosses a stage boundary (library exceptions are caught in the
// adapter that calls the library).

#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace ra {

// Stable, documented error codes (docs/output-schema.md). Never rename one:
// pipelines match on them.
namespace errc {
inline constexpr const char* kFileNotFound = "file-not-found";
inline constexpr const char* kUnreadable = "unreadable";
inline constexpr const char* kEmptyFile = "empty-file";
inline constexpr const char* kTooLarge = "too-large";
inline constexpr const char* kUnsupportedFormat = "unsupported-format";
inline constexpr const char* kCorruptPdf = "corrupt-pdf";
inline constexpr const char* kCorruptDocx = "corrupt-docx";
inline constexpr const char* kEncrypted = "encrypted";
inline constexpr const char* kTooManyPages = "too-many-pages";
inline constexpr const char* kNoTextLayer = "no-text-layer";
inline constexpr const char* kNoText = "no-text";
inline constexpr const char* kBadEncoding = "bad-encoding";
inline constexpr const char* kTimeout = "timeout";
inline constexpr const char* kMemoryLimit = "memory-limit";
inline constexpr const char* kCrashed = "crashed";
inline constexpr const char* kInternal = "internal-error";
}  // namespace errc

struct Error {
  std::string code;     // one of errc::k*
  std::string message;  // one line, names the reason; the file is named by the caller
};

template <typename T>
using Expected = tl::expected<T, Error>;

inline tl::unexpected<Error> MakeError(std::string code, std::string message) {
  return tl::unexpected<Error>(Error{std::move(code), std::move(message)});
}

}  // namespace ra
