#include <catch2/catch.hpp>

#include "analyzer/extract/extract.h"
#include "test_support.h"

namespace ra {
namespace {

using testing::SourcePath;

Expected<Document> Load(const std::string& relative) { return ExtractDocument(SourcePath(relative), ExtractOptions{}); }

std::string ErrorCode(const Expected<Document>& document) { return document ? "ok" : document.error().code; }

TEST_CASE("A LaTeX PDF loads with its pages and text") {
  const auto document = Load("samples/senior-mle.pdf");
  REQUIRE(document);
  CHECK(document->format == SourceFormat::kPdf);
  CHECK(document->pages.size() == 2);
  CHECK(document->pages[0].find("PyTorch") != std::string::npos);
  CHECK(document->pages_without_text == 0);
}

TEST_CASE("A Chromium PDF loads with its link annotations") {
  const auto document = Load("samples/browser-made.pdf");
  REQUIRE(document);
  CHECK(document->pages.size() == 1);
  CHECK_FALSE(document->links.empty());
}

TEST_CASE("Bad files get stable error codes") {
  CHECK(ErrorCode(Load("tests/fixtures/bad/truncated.pdf")) == errc::kCorruptPdf);
  CHECK(ErrorCode(Load("tests/fixtures/bad/encrypted.pdf")) == errc::kEncrypted);
  CHECK(ErrorCode(Load("tests/fixtures/bad/empty.pdf")) == errc::kEmptyFile);
  CHECK(ErrorCode(Load("tests/fixtures/bad/image-only.pdf")) == errc::kNoTextLayer);
  CHECK(ErrorCode(Load("tests/fixtures/bad/blank-page.pdf")) == errc::kNoText);
  CHECK(ErrorCode(Load("tests/fixtures/bad/not-a-pdf.pdf")) == errc::kUnsupportedFormat);
  CHECK(ErrorCode(Load("tests/fixtures/bad/random-bytes.pdf")) == errc::kUnsupportedFormat);
  CHECK(ErrorCode(Load("tests/fixtures/bad/photo.png")) == errc::kUnsupportedFormat);
  CHECK(ErrorCode(Load("tests/fixtures/bad/resume.odt")) == errc::kUnsupportedFormat);
  CHECK(ErrorCode(Load("tests/fixtures/bad/invalid-utf8.txt")) == errc::kBadEncoding);
  CHECK(ErrorCode(Load("tests/fixtures/bad/no-such-file.pdf")) == errc::kFileNotFound);
}

TEST_CASE("Error messages are one line") {
  for (const char* file : {"truncated.pdf", "encrypted.pdf", "image-only.pdf", "invalid-utf8.txt", "not-a-pdf.pdf"}) {
    const auto document = Load(std::string("tests/fixtures/bad/") + file);
    REQUIRE_FALSE(document);
    CHECK_FALSE(document.error().message.empty());
    CHECK(document.error().message.find('\n') == std::string::npos);
  }
}

TEST_CASE("Text a reader cannot see is left out; white text on a dark banner stays") {
  const auto document = Load("tests/fixtures/hidden/hidden-text.pdf");
  REQUIRE(document);
  const std::string& text = document->pages[0];
  CHECK(text.find("Noor Castellanos") != std::string::npos);    // white on a black box
  CHECK(text.find("Kubernetes") == std::string::npos);          // white on white
  CHECK(text.find("reinforcement learning") == std::string::npos);  // 0.5 pt
  CHECK(document->hidden_characters > 100);
  CHECK(document->first_hidden_page == 1);
  CHECK(document->hidden_sample.rfind("PyTorch", 0) == 0);
}

TEST_CASE("Resumes without hidden text lose nothing") {
  for (const char* sample : {"samples/senior-mle.pdf", "samples/browser-made.pdf", "samples/two-column-mle.pdf"}) {
    const auto document = Load(sample);
    REQUIRE(document);
    INFO(sample);
    CHECK(document->hidden_characters == 0);
  }
}

TEST_CASE("A Latin-1 text resume is detected and converted to UTF-8") {
  const auto document = Load("tests/fixtures/bad/latin1-resume.txt");
  REQUIRE(document);
  CHECK(document->pages[0].find("\xC3\xA9") != std::string::npos);  // é in UTF-8
}

TEST_CASE("Text and Markdown resumes load as one page") {
  const auto text = Load("samples/text-only-mle.txt");
  REQUIRE(text);
  CHECK(text->format == SourceFormat::kText);
  const auto markdown = Load("samples/markdown-mle.md");
  REQUIRE(markdown);
  CHECK(markdown->format == SourceFormat::kMarkdown);
  CHECK(markdown->pages.size() == 1);
}

TEST_CASE("UTF-16 text with a byte-order mark is converted") {
  const std::string utf16 = std::string("\xFF\xFE", 2) + std::string("P\0y\0t\0h\0o\0n\0", 12);
  const auto document = LoadPlainText(utf16, SourceFormat::kText);
  REQUIRE(document);
  CHECK(document->pages[0] == "Python");
}

TEST_CASE("Limits on size and pages are enforced") {
  ExtractOptions options;
  options.max_pages = 1;
  const auto document = ExtractDocument(SourcePath("samples/senior-mle.pdf"), options);
  REQUIRE_FALSE(document);
  CHECK(document.error().code == errc::kTooManyPages);
  options = ExtractOptions{};
  options.max_file_size = 1000;
  const auto big = ExtractDocument(SourcePath("samples/senior-mle.pdf"), options);
  REQUIRE_FALSE(big);
  CHECK(big.error().code == errc::kTooLarge);
}

TEST_CASE("A folder is not a resume") {
  const auto document = ExtractDocument(SourcePath("samples"), ExtractOptions{});
  REQUIRE_FALSE(document);
  CHECK(document.error().code == errc::kUnreadable);
}

}  // namespace
}  // namespace ra
