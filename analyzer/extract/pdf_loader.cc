// PDF loading through Poppler's GLib interface: text in reading order per
// page, link annotations with the text under them, and a count of pages that
// have no text layer.

#include <poppler.h>

#include <memory>
#include <string>

// Poppler's core error hook: the only way to keep Poppler from printing
// "Syntax Error: ..." lines to stderr for every damaged file.
#include <Error.h>

#include "analyzer/extract/extract.h"

namespace ra {
namespace {

struct GObjectUnref {
  void operator()(gpointer object) const {
    if (object != nullptr) g_object_unref(object);
  }
};
using DocumentPtr = std::unique_ptr<PopplerDocument, GObjectUnref>;
using PagePtr = std::unique_ptr<PopplerPage, GObjectUnref>;

struct GFreeString {
  void operator()(char* text) const { g_free(text); }
};
using GString = std::unique_ptr<char, GFreeString>;

// Poppler reports parse problems through one process-wide callback. The
// analyzer never shows them (the error code says what matters), so they are
// dropped; installing the hook once is safe from any thread.
void IgnorePopplerMessage(ErrorCategory, Goffset, const char*) {}

void SilencePopplerOnce() {
  static const bool installed = [] {
    setErrorCallback(&IgnorePopplerMessage);
    return true;
  }();
  (void)installed;
}

Error ErrorFromGError(const GError* gerror) {
  const std::string detail = gerror != nullptr && gerror->message != nullptr
                                 ? gerror->message
                                 : "unknown Poppler error";
  if (gerror != nullptr && gerror->domain == POPPLER_ERROR &&
      gerror->code == POPPLER_ERROR_ENCRYPTED) {
    return Error{errc::kEncrypted, "PDF is encrypted with a password"};
  }
  return Error{errc::kCorruptPdf, "PDF cannot be parsed: " + detail};
}

std::string TextUnderLink(PopplerPage* page, PopplerRectangle area) {
  // Link areas use PDF user space (origin bottom-left); text areas use the
  // page's top-left origin.
  double width = 0;
  double height = 0;
  poppler_page_get_size(page, &width, &height);
  PopplerRectangle flipped = area;
  flipped.y1 = height - area.y2;
  flipped.y2 = height - area.y1;
  GString text(poppler_page_get_text_for_area(page, &flipped));
  return text ? std::string(text.get()) : std::string();
}

void CollectLinks(PopplerPage* page, int page_number, Document& document) {
  GList* mappings = poppler_page_get_link_mapping(page);
  for (GList* node = mappings; node != nullptr; node = node->next) {
    const auto* mapping = static_cast<PopplerLinkMapping*>(node->data);
    if (mapping->action == nullptr || mapping->action->type != POPPLER_ACTION_URI ||
        mapping->action->uri.uri == nullptr) {
      continue;
    }
    Link link;
    link.url = mapping->action->uri.uri;
    link.page = page_number;
    link.anchor = TextUnderLink(page, mapping->area);
    link.annotation = true;
    document.links.push_back(std::move(link));
  }
  poppler_page_free_link_mapping(mappings);
}

bool HasVisibleText(const std::string& text) {
  for (unsigned char c : text) {
    if (!std::isspace(c)) return true;
  }
  return false;
}

bool PageHasImages(PopplerPage* page) {
  GList* images = poppler_page_get_image_mapping(page);
  const bool has_images = images != nullptr;
  poppler_page_free_image_mapping(images);
  return has_images;
}

}  // namespace

Expected<Document> LoadPdf(const std::string& bytes, const ExtractOptions& options) {
  SilencePopplerOnce();
  // Poppler keeps a reference to the bytes only while the document lives,
  // and the document does not outlive this function.
  GBytes* data = g_bytes_new_static(bytes.data(), bytes.size());
  GError* gerror = nullptr;
  DocumentPtr pdf(poppler_document_new_from_bytes(data, nullptr, &gerror));
  g_bytes_unref(data);
  if (!pdf) {
    Error error = ErrorFromGError(gerror);
    if (gerror != nullptr) g_error_free(gerror);
    return tl::unexpected(std::move(error));
  }

  const int page_count = poppler_document_get_n_pages(pdf.get());
  if (page_count <= 0) return MakeError(errc::kCorruptPdf, "PDF has no pages");
  if (page_count > options.max_pages) {
    return MakeError(errc::kTooManyPages,
                     "PDF has " + std::to_string(page_count) + " pages, over the limit of " +
                         std::to_string(options.max_pages));
  }

  Document document;
  document.format = SourceFormat::kPdf;
  document.pages.reserve(static_cast<size_t>(page_count));
  for (int index = 0; index < page_count; ++index) {
    PagePtr page(poppler_document_get_page(pdf.get(), index));
    if (!page) return MakeError(errc::kCorruptPdf, "page " + std::to_string(index + 1) + " cannot be read");
    GString text(poppler_page_get_text(page.get()));
    std::string page_text = text ? std::string(text.get()) : std::string();
    if (!HasVisibleText(page_text)) {
      ++document.pages_without_text;
      if (PageHasImages(page.get())) ++document.image_only_pages;
    }
    CollectLinks(page.get(), index + 1, document);
    document.pages.push_back(std::move(page_text));
  }

  if (document.pages_without_text == page_count) {
    if (document.image_only_pages > 0) {
      return MakeError(errc::kNoTextLayer,
                       "PDF has no text layer (pages are images, e.g. a scan); OCR it or "
                       "export it from the original document");
    }
    return MakeError(errc::kNoText, "PDF contains no text");
  }
  return document;
}

}  // namespace ra
