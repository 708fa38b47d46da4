#pragma once
// Stage 1: file -> Document. Picks the loader by content (PDF magic bytes,
// zip magic for .docx) and file name (.txt, .md), and refuses anything else
// with a stable code.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "analyzer/error.h"
#include "analyzer/extract/document.h"

namespace ra {

struct ExtractOptions {
  std::uint64_t max_file_size = 50ull << 20;  // bytes (50 MiB)
  int max_pages = 50;                          // pages per PDF (50)
};

// Loads one resume. Errors: file-not-found, unreadable, empty-file, too-large,
// unsupported-format, corrupt-pdf, corrupt-docx, encrypted, too-many-pages,
// no-text-layer, no-text, bad-encoding.
Expected<Document> ExtractDocument(const std::filesystem::path& path,
                                   const ExtractOptions& options);

// Loaders, exposed for tests. `bytes` is the whole file.
Expected<Document> LoadPdf(const std::string& bytes, const ExtractOptions& options);
// A Word (WordprocessingML) package: body, tables, text boxes, headers and
// footers as lines; hyperlinks (by relationship or HYPERLINK field) as links
// with their anchors; heading-styled paragraphs as heading hints. Errors:
// corrupt-docx (bad zip or XML, or no word/document.xml), too-large (zip
// bomb: parts unpacking past 64 MiB, or an entry inflating over 100x),
// encrypted, too-many-pages, no-text.
Expected<Document> LoadDocx(const std::string& bytes, const ExtractOptions& options);
Expected<Document> LoadPlainText(const std::string& bytes, SourceFormat format);

// True when the file is a format the analyzer reads (by name).
bool HasResumeExtension(const std::filesystem::path& path);

// The file name's extension in lower case, with its dot (".pdf").
std::string LowerExtension(const std::filesystem::path& path);

// True when `text` holds anything but white space.
bool HasVisibleText(std::string_view text);

}  // namespace ra
