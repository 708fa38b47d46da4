// A portfolio page saved as HTML or Markdown -> a Document the resume's text
// pipeline reads (normalise, structure, match). libxml2 parses HTML without
// network access and without error output.

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <cstring>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include "analyzer/extract/extract.h"
#include "analyzer/portfolio/project.h"

namespace ra {
namespace {

namespace fs = std::filesystem;

struct DocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

bool IsBlock(const char* name) {
  static const std::set<std::string> kBlocks = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                                                "br", "tr", "section", "article", "header", "footer", "main",
                                                "table", "blockquote", "pre", "title", "dd", "dt", "nav"};
  return kBlocks.count(name) > 0;
}

bool IsHidden(const char* name) {
  return std::strcmp(name, "script") == 0 || std::strcmp(name, "style") == 0 || std::strcmp(name, "noscript") == 0 ||
         std::strcmp(name, "template") == 0;
}

// Text in reading order, a line per block; links with their anchor text.
void Collect(xmlNode* node, std::string& text, std::vector<Link>& links, int depth) {
  if (depth > 200) return;  // hostile nesting: the rest is not worth reading
  for (xmlNode* child = node; child != nullptr; child = child->next) {
    if (child->type == XML_TEXT_NODE && child->content != nullptr) {
      text += reinterpret_cast<const char*>(child->content);
      continue;
    }
    if (child->type != XML_ELEMENT_NODE) continue;
    const char* name = reinterpret_cast<const char*>(child->name);
    if (IsHidden(name)) continue;
    const bool block = IsBlock(name);
    if (block) text += "\n";
    if (std::strcmp(name, "a") == 0) {
      if (xmlChar* href = xmlGetProp(child, reinterpret_cast<const xmlChar*>("href"))) {
        const std::string url = reinterpret_cast<const char*>(href);
        xmlFree(href);
        if (url.rfind("http", 0) == 0 || url.rfind("mailto:", 0) == 0) {
          xmlChar* anchor = xmlNodeGetContent(child);
          links.push_back(Link{url, 1, anchor != nullptr ? reinterpret_cast<const char*>(anchor) : "", true});
          xmlFree(anchor);
        }
      }
    }
    Collect(child->children, text, links, depth + 1);
    if (block) text += "\n";
  }
}

}  // namespace

bool IsPortfolioPage(const fs::path& path) {
  const std::string ext = LowerExtension(path);
  return ext == ".html" || ext == ".htm" || ext == ".md" || ext == ".markdown";
}

Expected<Document> ReadPortfolioPage(const fs::path& path, std::uint64_t max_bytes) {
  const std::string ext = LowerExtension(path);
  if (ext == ".md" || ext == ".markdown") {
    ExtractOptions options;
    options.max_file_size = max_bytes;
    return ExtractDocument(path, options);
  }
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) return MakeError(errc::kUnreadable, "cannot read: " + ec.message());
  if (size > max_bytes) return MakeError(errc::kTooLarge, "page larger than " + std::to_string(max_bytes) + " bytes");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  const std::string html = content.str();
  if (html.empty()) return MakeError(errc::kEmptyFile, "empty page");
  std::unique_ptr<xmlDoc, DocFree> doc(htmlReadMemory(html.data(), static_cast<int>(html.size()), path.c_str(), "UTF-8",
                                                      HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                                          HTML_PARSE_NOBLANKS));
  if (!doc) return MakeError(errc::kUnsupportedFormat, "not an HTML page");
  Document document;
  document.format = SourceFormat::kText;
  std::string text;
  Collect(xmlDocGetRootElement(doc.get()), text, document.links, 0);
  // Collapse runs of blank lines the block breaks leave.
  std::string tidy;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && tidy.size() >= 2 && tidy[tidy.size() - 1] == '\n' && tidy[tidy.size() - 2] == '\n') continue;
    tidy += text[i];
  }
  document.pages.push_back(std::move(tidy));
  return document;
}

}  // namespace ra
