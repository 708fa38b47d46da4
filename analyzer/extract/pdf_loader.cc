// PDF loading through Poppler's GLib interface: text in reading order per
// page, link annotations with the text under them, and a count of pages that
// have no text layer.

#include <cairo.h>
#include <poppler.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <vector>

#include <memory>
#include <string>

// Poppler's core error hook: the only way to keep Poppler from printing
// "Syntax Error: ..." lines to stderr for every damaged file.
#include <Error.h>

#include "analyzer/extract/extract.h"
#include "analyzer/extract/pdf_layout.h"

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

// Below this size (points) text is too small to read.
constexpr double kTinyFontSize = 2.0;
// A colour channel at least this bright (of 65535) counts as white.
constexpr guint16 kWhiteChannel = 0xF000;
// A background at least this light (0-1) does not show white text.
constexpr double kLightBackground = 0.85;
// Rendering resolution for the background check (1 = 72 dpi).
constexpr double kRenderScale = 0.5;

struct CharRange {
  int start = 0;  // character indices into the page text
  int end = 0;
};

bool IsWhite(const PopplerColor& color) {
  return color.red >= kWhiteChannel && color.green >= kWhiteChannel && color.blue >= kWhiteChannel;
}

// Byte offset of each character index (plus the end) of UTF-8 text.
std::vector<size_t> CharOffsets(const std::string& text) {
  std::vector<size_t> offsets;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) offsets.push_back(i);
  }
  offsets.push_back(text.size());
  return offsets;
}

struct SurfaceDestroy {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};

// The page rendered small on white paper, to see what lies behind white text.
std::unique_ptr<cairo_surface_t, SurfaceDestroy> RenderPage(PopplerPage* page) {
  double width = 0;
  double height = 0;
  poppler_page_get_size(page, &width, &height);
  std::unique_ptr<cairo_surface_t, SurfaceDestroy> surface(cairo_image_surface_create(
      CAIRO_FORMAT_RGB24, static_cast<int>(width * kRenderScale) + 1, static_cast<int>(height * kRenderScale) + 1));
  cairo_t* cr = cairo_create(surface.get());
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_scale(cr, kRenderScale, kRenderScale);
  poppler_page_render(page, cr);
  cairo_destroy(cr);
  cairo_surface_flush(surface.get());
  return surface;
}

double Luminance(cairo_surface_t* surface, double x, double y) {
  const int width = cairo_image_surface_get_width(surface);
  const int height = cairo_image_surface_get_height(surface);
  const int px = std::clamp(static_cast<int>(x * kRenderScale), 0, width - 1);
  const int py = std::clamp(static_cast<int>(y * kRenderScale), 0, height - 1);
  const unsigned char* row = cairo_image_surface_get_data(surface) + py * cairo_image_surface_get_stride(surface);
  const uint32_t pixel = reinterpret_cast<const uint32_t*>(row)[px];
  const double r = ((pixel >> 16) & 0xFF) / 255.0;
  const double g = ((pixel >> 8) & 0xFF) / 255.0;
  const double b = (pixel & 0xFF) / 255.0;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

// Mean lightness just outside the boxes of the range's first characters.
double BackgroundBehind(cairo_surface_t* surface, const PopplerRectangle* boxes, guint box_count, CharRange range) {
  double sum = 0;
  int samples = 0;
  for (int i = range.start; i < range.end && i < static_cast<int>(box_count) && samples < 160; ++i) {
    const PopplerRectangle& box = boxes[i];
    if (box.x2 <= box.x1) continue;
    for (double x : {box.x1 - 1.0, box.x2 + 1.0}) {
      for (double y : {box.y1 - 1.0, box.y2 + 1.0}) {
        sum += Luminance(surface, x, y);
        ++samples;
      }
    }
  }
  return samples > 0 ? sum / samples : 0;
}

// Ranges of the page text a reader cannot see. `boxes` may be null.
std::vector<CharRange> HiddenRanges(PopplerPage* page, GList* attributes, const PopplerRectangle* boxes,
                                    guint box_count) {
  std::vector<CharRange> tiny;
  std::vector<CharRange> white;
  for (GList* node = attributes; node != nullptr; node = node->next) {
    const auto* attribute = static_cast<PopplerTextAttributes*>(node->data);
    const CharRange range{attribute->start_index, attribute->end_index + 1};
    if (attribute->font_size > 0 && attribute->font_size < kTinyFontSize) {
      tiny.push_back(range);
    } else if (IsWhite(attribute->color)) {
      white.push_back(range);
    }
  }
  if (white.empty() || boxes == nullptr) return tiny;
  const auto surface = RenderPage(page);
  std::vector<CharRange> hidden = tiny;
  for (const CharRange& range : white) {
    if (BackgroundBehind(surface.get(), boxes, box_count, range) >= kLightBackground) hidden.push_back(range);
  }
  return hidden;
}

// Removes hidden ranges from the page text, keeping line breaks so the
// lines around them stay apart; records what was removed.
void RemoveHidden(std::string& text, std::vector<CharRange> hidden, int page_number, Document& document) {
  if (hidden.empty()) return;
  const std::vector<size_t> offsets = CharOffsets(text);
  const int characters = static_cast<int>(offsets.size()) - 1;
  std::vector<bool> drop(offsets.size(), false);
  for (const CharRange& range : hidden) {
    for (int i = std::max(0, range.start); i < std::min(range.end, characters); ++i) drop[static_cast<size_t>(i)] = true;
  }
  std::string kept;
  std::string removed;
  for (int i = 0; i < characters; ++i) {
    const std::string_view glyph(text.data() + offsets[i], offsets[i + 1] - offsets[i]);
    if (!drop[static_cast<size_t>(i)] || glyph == "\n") {
      kept += glyph;
    } else {
      removed += glyph;
      if (glyph != " ") ++document.hidden_characters;
    }
  }
  if (removed.find_first_not_of(" \n") == std::string::npos) return;
  if (document.first_hidden_page == 0) {
    document.first_hidden_page = page_number;
    const size_t first = removed.find_first_not_of(' ');
    document.hidden_sample = removed.substr(first, 60);
    if (document.hidden_sample.size() == 60) {
      while (!document.hidden_sample.empty() && (static_cast<unsigned char>(document.hidden_sample.back()) & 0xC0) == 0x80) {
        document.hidden_sample.pop_back();
      }
      if (!document.hidden_sample.empty()) document.hidden_sample.pop_back();
    }
  }
  text = std::move(kept);
}

bool PageHasImages(PopplerPage* page) {
  GList* images = poppler_page_get_image_mapping(page);
  const bool has_images = images != nullptr;
  poppler_page_free_image_mapping(images);
  return has_images;
}

std::string LowerCase(const char* text) {
  std::string lower = text != nullptr ? text : "";
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

// Weight from the font's name: "LMRoman10-Bold", "SourceSansPro-Semibold",
// TeX's "CMBX10".
bool IsBoldFont(const std::string& name) {
  for (const char* mark : {"bold", "black", "heavy", "semibold", "demi", "cmbx", "cmb10"}) {
    if (name.find(mark) != std::string::npos) return true;
  }
  return false;
}

// Icon fonts put pictures (a phone, a GitHub cat) where letters go.
bool IsIconFont(const std::string& name) {
  for (const char* mark : {"awesome", "academicons", "icons", "fontello", "octicons", "devicon", "nerdfont", "marvosym", "dingbat"}) {
    if (name.find(mark) != std::string::npos) return true;
  }
  return false;
}

// The page's lines in reading order, from one box per character of `text`;
// hidden characters are left out. Falls back to Poppler's own lines when the
// boxes do not match the text.
PageLayout LayoutFromPoppler(PopplerPage* page, const std::string& text, GList* attributes,
                             const PopplerRectangle* boxes, guint box_count, const std::vector<CharRange>& hidden) {
  double width = 0;
  double height = 0;
  poppler_page_get_size(page, &width, &height);
  const std::vector<size_t> offsets = CharOffsets(text);
  const size_t characters = offsets.size() - 1;
  if (boxes == nullptr || box_count != characters) {
    std::string visible = text;
    Document ignored;
    RemoveHidden(visible, hidden, 1, ignored);
    PageLayout layout;
    layout.width = width;
    layout.height = height;
    size_t start = 0;
    while (start <= visible.size()) {
      const size_t end = std::min(visible.find('\n', start), visible.size());
      LayoutLine line;
      line.text = visible.substr(start, end - start);
      line.y1 = line.y2 = std::nan("");  // no geometry: never a running header
      if (!line.text.empty()) layout.lines.push_back(std::move(line));
      start = end + 1;
    }
    return layout;
  }
  std::vector<bool> drop(characters, false);
  for (const CharRange& range : hidden) {
    for (int i = std::max(0, range.start); i < std::min(range.end, static_cast<int>(characters)); ++i) {
      drop[static_cast<size_t>(i)] = true;
    }
  }
  struct Style {
    double size = 0;
    bool bold = false;
    bool icon = false;
  };
  std::vector<Style> styles(characters);
  for (GList* node = attributes; node != nullptr; node = node->next) {
    const auto* attribute = static_cast<PopplerTextAttributes*>(node->data);
    const std::string font = LowerCase(attribute->font_name);
    const Style style{attribute->font_size, IsBoldFont(font), IsIconFont(font)};
    for (int i = std::max(0, attribute->start_index); i <= attribute->end_index && i < static_cast<int>(characters); ++i) {
      styles[static_cast<size_t>(i)] = style;
    }
  }
  std::vector<GlyphBox> glyphs;
  glyphs.reserve(characters);
  for (size_t i = 0; i < characters; ++i) {
    if (drop[i]) continue;
    const PopplerRectangle& box = boxes[i];
    GlyphBox glyph;
    glyph.text = text.substr(offsets[i], offsets[i + 1] - offsets[i]);
    glyph.x1 = box.x1;
    glyph.y1 = box.y1;
    glyph.x2 = box.x2;
    glyph.y2 = box.y2;
    glyph.font_size = styles[i].size;
    glyph.bold = styles[i].bold;
    glyph.icon = styles[i].icon;
    glyphs.push_back(std::move(glyph));
  }
  return LayoutPage(glyphs, width, height);
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
  std::vector<PageLayout> layouts;
  layouts.reserve(static_cast<size_t>(page_count));
  for (int index = 0; index < page_count; ++index) {
    PagePtr page(poppler_document_get_page(pdf.get(), index));
    if (!page) return MakeError(errc::kCorruptPdf, "page " + std::to_string(index + 1) + " cannot be read");
    GString text(poppler_page_get_text(page.get()));
    const std::string page_text = text ? std::string(text.get()) : std::string();
    PageLayout layout;
    if (!HasVisibleText(page_text)) {
      ++document.pages_without_text;
      if (PageHasImages(page.get())) ++document.image_only_pages;
    } else {
      // Poppler keeps the page's text analysis, so text, attributes and
      // boxes come from one pass.
      GList* attributes = poppler_page_get_text_attributes(page.get());
      PopplerRectangle* boxes = nullptr;
      guint box_count = 0;
      if (!poppler_page_get_text_layout(page.get(), &boxes, &box_count)) boxes = nullptr;
      const std::vector<CharRange> hidden = HiddenRanges(page.get(), attributes, boxes, box_count);
      std::string visible = page_text;
      RemoveHidden(visible, hidden, index + 1, document);  // counts what a reader cannot see
      layout = LayoutFromPoppler(page.get(), page_text, attributes, boxes, box_count, hidden);
      g_free(boxes);
      poppler_page_free_text_attributes(attributes);
    }
    CollectLinks(page.get(), index + 1, document);
    document.unmapped_characters += layout.unmapped_characters;
    document.max_columns = std::max(document.max_columns, layout.columns);
    layouts.push_back(std::move(layout));
  }
  RemoveRunningLines(layouts);
  document.heading_hints = FindHeadingHints(layouts);
  document.pages.reserve(layouts.size());
  for (const PageLayout& layout : layouts) document.pages.push_back(PageText(layout));

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
