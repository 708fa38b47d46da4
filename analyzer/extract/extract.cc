#include "analyzer/extract/extract.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <system_error>

namespace ra {
namespace {

// PDF readers accept the header anywhere in the first KiB.
bool LooksLikePdf(const std::string& bytes) {
  return bytes.substr(0, 1024).find("%PDF-") != std::string::npos;
}

bool LooksLikeZip(const std::string& bytes) { return bytes.compare(0, 4, "PK\x03\x04") == 0; }

// OLE compound files (legacy .doc, and Office's wrapper for password-
// protected .docx) start with D0 CF 11 E0 A1 B1 1A E1.
bool LooksLikeOle(const std::string& bytes) {
  return bytes.compare(0, 8, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") == 0;
}

// An encrypted OOXML file is an OLE container holding an "EncryptedPackage"
// stream; its directory stores names in UTF-16LE.
bool HoldsEncryptedPackage(const std::string& bytes) {
  std::string name;
  for (char c : std::string_view("EncryptedPackage")) {
    name += c;
    name += '\0';
  }
  return bytes.find(name) != std::string::npos;
}

Expected<Document> RefuseOle(const std::string& bytes) {
  if (HoldsEncryptedPackage(bytes)) {
    return MakeError(errc::kEncrypted,
                     "password-protected Word document; remove the password, or save it as PDF or DOCX");
  }
  return MakeError(errc::kUnsupportedFormat,
                   "a legacy Word .doc (OLE) file; save it as PDF or DOCX");
}

Expected<std::string> ReadWholeFile(const std::filesystem::path& path,
                                    std::uint64_t max_size) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    return MakeError(errc::kFileNotFound, "no such file");
  }
  if (std::filesystem::is_directory(status)) {
    return MakeError(errc::kUnreadable, "is a directory");
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return MakeError(errc::kUnreadable, "cannot read file size: " + ec.message());
  if (size == 0) return MakeError(errc::kEmptyFile, "file is empty (0 bytes)");
  if (size > max_size) {
    return MakeError(errc::kTooLarge, "file is " + std::to_string(size >> 20) +
                                          " MiB, over the limit of " +
                                          std::to_string(max_size >> 20) + " MiB");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(errc::kUnreadable, "cannot open file (permission denied?)");
  std::string bytes(size, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (static_cast<std::uint64_t>(in.gcount()) != size) {
    return MakeError(errc::kUnreadable, "could not read the whole file");
  }
  return bytes;
}

}  // namespace

std::string LowerExtension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

bool HasVisibleText(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](unsigned char c) { return !std::isspace(c); });
}

const char* SourceFormatName(SourceFormat format) {
  switch (format) {
    case SourceFormat::kPdf: return "pdf";
    case SourceFormat::kText: return "text";
    case SourceFormat::kMarkdown: return "markdown";
    case SourceFormat::kDocx: return "docx";
  }
  return "unknown";
}

bool HasResumeExtension(const std::filesystem::path& path) {
  const std::string ext = LowerExtension(path);
  return ext == ".pdf" || ext == ".txt" || ext == ".text" || ext == ".md" ||
         ext == ".markdown" || ext == ".docx";
}

Expected<Document> ExtractDocument(const std::filesystem::path& path,
                                   const ExtractOptions& options) {
  auto bytes = ReadWholeFile(path, options.max_file_size);
  if (!bytes) return tl::unexpected(bytes.error());
  if (LooksLikePdf(*bytes)) return LoadPdf(*bytes, options);

  const std::string ext = LowerExtension(path);
  if (ext == ".pdf") {
    return MakeError(errc::kUnsupportedFormat,
                     "named .pdf but is not a PDF (no %PDF- header)");
  }
  if (LooksLikeOle(*bytes)) return RefuseOle(*bytes);
  if (ext == ".docx") {
    if (LooksLikeZip(*bytes)) return LoadDocx(*bytes, options);
    return MakeError(errc::kCorruptDocx, "named .docx but is not a zip package (no PK header)");
  }
  if (ext == ".odt") {
    return MakeError(errc::kUnsupportedFormat,
                     "OpenDocument (.odt) is not read; save it as PDF or DOCX");
  }
  if (ext == ".txt" || ext == ".text") return LoadPlainText(*bytes, SourceFormat::kText);
  if (ext == ".md" || ext == ".markdown") {
    return LoadPlainText(*bytes, SourceFormat::kMarkdown);
  }
  return MakeError(errc::kUnsupportedFormat,
                   "not a resume format the analyzer reads (PDF, DOCX, .txt, .md)" +
                       (ext.empty() ? std::string() : std::string(": ") + ext));
}

}  // namespace ra
