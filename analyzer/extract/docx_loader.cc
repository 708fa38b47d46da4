// DOCX (WordprocessingML) loading: libzip opens the package from memory,
// libxml2 parses each part without network access or external entities, and
// a walker turns paragraphs, tables, text boxes, headers and footers into
// lines in reading order. Elements are matched by namespace URI, never by
// prefix, because writers pick their own prefixes.

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzer/extract/extract.h"

namespace ra {
namespace {

// Transitional and Strict OOXML name the same elements under different URIs.
constexpr std::string_view kWordNs[] = {"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                                        "http://purl.oclc.org/ooxml/wordprocessingml/main"};
constexpr std::string_view kRelNs[] = {"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                                       "http://purl.oclc.org/ooxml/officeDocument/relationships"};
constexpr std::string_view kPackageRelNs = "http://schemas.openxmlformats.org/package/2006/relationships";
constexpr std::string_view kMarkupCompatNs = "http://schemas.openxmlformats.org/markup-compatibility/2006";

// A resume's parts hold a few hundred KiB at most; anything far larger is a
// zip bomb or not a resume.
constexpr std::uint64_t kMaxUnpackedBytes = 64ull << 20;
// Deflate of ordinary XML reaches 10-20x; 100x past 1 MiB is a bomb's signature.
constexpr std::uint64_t kMaxCompressionRatio = 100;
constexpr std::uint64_t kRatioCheckFloor = 1ull << 20;
// Runs under 2 pt (w:sz counts half-points) are unreadable on the page.
constexpr int kMinReadableHalfPoints = 4;
constexpr size_t kHiddenSampleLength = 60;
// A table cell with more paragraphs than this is page layout, not a data row.
constexpr size_t kMaxRowCellParagraphs = 3;

std::string_view Name(const xmlNode* node) { return reinterpret_cast<const char*>(node->name); }

std::string_view NamespaceOf(const xmlNode* node) {
  return node->ns && node->ns->href ? std::string_view(reinterpret_cast<const char*>(node->ns->href))
                                    : std::string_view();
}

bool IsElement(const xmlNode* node) { return node->type == XML_ELEMENT_NODE; }

// The text directly inside an element (w:t, w:instrText). Entity references
// are not followed, so nothing can expand.
std::string OwnText(const xmlNode* node) {
  std::string text;
  for (const xmlNode* child = node->children; child; child = child->next) {
    if ((child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) && child->content) {
      text += reinterpret_cast<const char*>(child->content);
    }
  }
  return text;
}

bool IsWord(const xmlNode* node, std::string_view name) {
  if (!IsElement(node) || Name(node) != name) return false;
  const std::string_view ns = NamespaceOf(node);
  return ns == kWordNs[0] || ns == kWordNs[1];
}

// An attribute in the Word namespace (w:val), falling back to one without a
// namespace, which some generators write.
std::optional<std::string> WordAttribute(const xmlNode* node, const char* name) {
  for (const xmlAttr* attr = node->properties; attr; attr = attr->next) {
    if (std::strcmp(reinterpret_cast<const char*>(attr->name), name) != 0) continue;
    const std::string_view ns = attr->ns && attr->ns->href
                                    ? std::string_view(reinterpret_cast<const char*>(attr->ns->href))
                                    : std::string_view();
    if (!ns.empty() && ns != kWordNs[0] && ns != kWordNs[1]) continue;
    xmlChar* value = xmlNodeListGetString(node->doc, attr->children, 1);
    std::string result = value ? reinterpret_cast<const char*>(value) : "";
    xmlFree(value);
    return result;
  }
  return std::nullopt;
}

std::optional<std::string> RelationshipId(const xmlNode* node) {
  for (std::string_view ns : kRelNs) {
    xmlChar* value = xmlGetNsProp(node, BAD_CAST "id", BAD_CAST std::string(ns).c_str());
    if (value) {
      std::string result = reinterpret_cast<const char*>(value);
      xmlFree(value);
      return result;
    }
  }
  return std::nullopt;
}

std::optional<std::string> PlainAttribute(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetNoNsProp(node, BAD_CAST name);
  if (!value) return std::nullopt;
  std::string result = reinterpret_cast<const char*>(value);
  xmlFree(value);
  return result;
}

const xmlNode* FirstWordChild(const xmlNode* node, std::string_view name) {
  for (const xmlNode* child = node ? node->children : nullptr; child; child = child->next) {
    if (IsWord(child, name)) return child;
  }
  return nullptr;
}

// On/off properties (w:vanish, w:b) are on unless w:val says otherwise.
bool IsOn(const xmlNode* property) {
  if (!property) return false;
  const auto value = WordAttribute(property, "val");
  return !value || (*value != "0" && *value != "false" && *value != "off");
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return std::string(text);
}

// --- Package access -------------------------------------------------------

struct XmlDocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocFree>;

// libxml2 wants one initialisation before threads parse in parallel.
void InitXmlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

// True when a document type declaration precedes the root element. OOXML
// parts never carry one (ECMA-376 Part 2 forbids DTDs), and a DTD is what
// entity-expansion bombs and external entities need.
bool HasDoctype(const std::string& xml) {
  for (size_t at = xml.find('<'); at != std::string::npos && at + 1 < xml.size(); at = xml.find('<', at + 1)) {
    if (xml.compare(at, 9, "<!DOCTYPE") == 0) return true;
    if (std::isalpha(static_cast<unsigned char>(xml[at + 1]))) return false;  // the root element
  }
  return false;
}

// No DTD at all, no network, no entity substitution (XML_PARSE_NOENT stays
// off), no error printing: a hostile part can neither reach out nor expand.
Expected<XmlDocPtr> ParseXml(const std::string& xml, const std::string& part) {
  if (HasDoctype(xml)) {
    return MakeError(errc::kCorruptDocx, "the Word document's " + part + " declares a DTD, which Word never writes");
  }
  InitXmlOnce();
  constexpr int kOptions = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS;
  XmlDocPtr doc(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), part.c_str(), nullptr, kOptions));
  if (!doc || !xmlDocGetRootElement(doc.get())) {
    return MakeError(errc::kCorruptDocx, "the Word document's " + part + " is not well-formed XML");
  }
  return doc;
}

// A zip opened over the file's bytes, which must outlive it. Counts what it
// unpacks against one budget. Not copyable; movable.
class ZipPackage {
 public:
  static Expected<ZipPackage> Open(const std::string& bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (!source) {
      zip_error_fini(&error);
      return MakeError(errc::kInternal, "cannot wrap the file for libzip");
    }
    // No ZIP_CHECKCONS: a local header that disagrees with the central
    // directory but leaves the data readable is not worth refusing a resume
    // for; damaged data still fails its CRC when read.
    zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (!archive) {
      const std::string reason = zip_error_strerror(&error);
      zip_source_free(source);
      zip_error_fini(&error);
      return MakeError(errc::kCorruptDocx, "not a readable zip package (" + reason + ")");
    }
    zip_error_fini(&error);
    return ZipPackage(archive);
  }

  ZipPackage(ZipPackage&& other) noexcept : archive_(std::exchange(other.archive_, nullptr)), unpacked_(other.unpacked_) {}
  ZipPackage& operator=(ZipPackage&&) = delete;
  ZipPackage(const ZipPackage&) = delete;
  ~ZipPackage() {
    if (archive_) zip_discard(archive_);
  }

  bool Has(const std::string& name) const { return zip_name_locate(archive_, name.c_str(), ZIP_FL_NOCASE) >= 0; }

  std::vector<std::string> Names() const {
    std::vector<std::string> names;
    const zip_int64_t count = zip_get_num_entries(archive_, 0);
    for (zip_int64_t i = 0; i < count; ++i) {
      if (const char* name = zip_get_name(archive_, static_cast<zip_uint64_t>(i), 0)) names.emplace_back(name);
    }
    return names;
  }

  // The part's bytes, or nullopt when the package has no such part. Refuses
  // (too-large) a part whose ratio or size betrays a zip bomb, checking the
  // bytes actually inflated as well as the sizes the directory claims.
  Expected<std::optional<std::string>> Read(const std::string& name) {
    const zip_int64_t index = zip_name_locate(archive_, name.c_str(), ZIP_FL_NOCASE);
    if (index < 0) return std::optional<std::string>();
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive_, static_cast<zip_uint64_t>(index), 0, &stat) != 0) {
      return MakeError(errc::kCorruptDocx, "cannot read the zip entry " + name);
    }
    if ((stat.valid & ZIP_STAT_SIZE) && (stat.valid & ZIP_STAT_COMP_SIZE) && stat.size > kRatioCheckFloor &&
        stat.size / std::max<zip_uint64_t>(stat.comp_size, 1) > kMaxCompressionRatio) {
      return TooLarge(name + " inflates " + std::to_string(stat.size / std::max<zip_uint64_t>(stat.comp_size, 1)) +
                      "x");
    }
    if ((stat.valid & ZIP_STAT_SIZE) && stat.size > kMaxUnpackedBytes - unpacked_) {
      return TooLarge("the parts unpack to more than " + std::to_string(kMaxUnpackedBytes >> 20) + " MiB");
    }
    zip_file_t* file = zip_fopen_index(archive_, static_cast<zip_uint64_t>(index), 0);
    if (!file) {
      const int code = zip_error_code_zip(zip_get_error(archive_));
      if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP) {
        return MakeError(errc::kEncrypted, "the Word document's zip entries are password-protected");
      }
      return MakeError(errc::kCorruptDocx, "cannot open the zip entry " + name);
    }
    std::string content;
    char buffer[1 << 16];
    zip_int64_t got = 0;
    while ((got = zip_fread(file, buffer, sizeof buffer)) > 0) {
      unpacked_ += static_cast<std::uint64_t>(got);
      if (unpacked_ > kMaxUnpackedBytes) {
        zip_fclose(file);
        return TooLarge("the parts unpack to more than " + std::to_string(kMaxUnpackedBytes >> 20) + " MiB");
      }
      content.append(buffer, static_cast<size_t>(got));
    }
    const bool failed = got < 0;
    zip_fclose(file);
    if (failed) return MakeError(errc::kCorruptDocx, "the zip entry " + name + " is damaged");
    return std::optional<std::string>(std::move(content));
  }

 private:
  explicit ZipPackage(zip_t* archive) : archive_(archive) {}

  static tl::unexpected<Error> TooLarge(const std::string& why) {
    return MakeError(errc::kTooLarge, "refusing a Word document that looks like a zip bomb: " + why);
  }

  zip_t* archive_;
  std::uint64_t unpacked_ = 0;
};

// --- Relationships and styles ---------------------------------------------

struct Relationship {
  std::string type;
  std::string target;
  bool external = false;
};
using Relationships = std::map<std::string, Relationship>;  // by r:id

// "word/_rels/document.xml.rels" for "word/document.xml".
std::string RelsPartOf(const std::string& part) {
  const size_t slash = part.rfind('/');
  const std::string folder = slash == std::string::npos ? "" : part.substr(0, slash + 1);
  const std::string file = slash == std::string::npos ? part : part.substr(slash + 1);
  return folder + "_rels/" + file + ".rels";
}

// A missing or broken .rels part only loses links, not the text.
Expected<Relationships> ReadRelationships(ZipPackage& package, const std::string& part) {
  auto xml = package.Read(RelsPartOf(part));
  if (!xml) return tl::unexpected(xml.error());
  Relationships rels;
  if (!*xml) return rels;
  auto doc = ParseXml(**xml, RelsPartOf(part));
  if (!doc) return rels;
  for (const xmlNode* node = xmlDocGetRootElement(doc->get())->children; node; node = node->next) {
    if (!IsElement(node) || Name(node) != "Relationship" || NamespaceOf(node) != kPackageRelNs) continue;
    const auto id = PlainAttribute(node, "Id");
    const auto target = PlainAttribute(node, "Target");
    if (!id || !target) continue;
    rels[*id] = Relationship{PlainAttribute(node, "Type").value_or(""), *target,
                             PlainAttribute(node, "TargetMode").value_or("") == "External"};
  }
  return rels;
}

struct StyleInfo {
  std::string based_on;
  int heading_level = -1;  // Title 0, "heading N" N, outline level L L+1; -1 when not a heading
  bool list = false;
};

// What the structure stage needs from word/styles.xml: which paragraph
// styles are headings ("heading 1".."heading 9", "Title", or an outline
// level) and which are lists (a w:numPr in the style), following w:basedOn.
class Styles {
 public:
  void Load(const xmlNode* root) {
    for (const xmlNode* style = root->children; style; style = style->next) {
      if (!IsWord(style, "style")) continue;
      const auto id = WordAttribute(style, "styleId");
      if (!id) continue;
      StyleInfo info;
      if (const xmlNode* based = FirstWordChild(style, "basedOn")) info.based_on = WordAttribute(based, "val").value_or("");
      if (const xmlNode* name = FirstWordChild(style, "name")) {
        const std::string lowered = Lower(WordAttribute(name, "val").value_or(""));
        if (lowered == "title") info.heading_level = 0;
        if (lowered.rfind("heading ", 0) == 0 && lowered.size() == 9 && std::isdigit(static_cast<unsigned char>(lowered[8]))) {
          info.heading_level = lowered[8] - '0';
        }
      }
      const xmlNode* properties = FirstWordChild(style, "pPr");
      if (info.heading_level < 0) info.heading_level = OutlineHeadingLevel(FirstWordChild(properties, "outlineLvl"));
      if (const xmlNode* numbering = FirstWordChild(properties, "numPr")) info.list = IsListNumbering(numbering);
      styles_[*id] = std::move(info);
    }
  }

  // The heading level of a paragraph style (-1: not a heading). Levels
  // become the heading hints' styles, so "Heading 2" role lines are not
  // taken for sections set like "Heading 1".
  int HeadingLevel(const std::string& id) const {
    const StyleInfo* style = FirstAlongBasedOn(id, [](const StyleInfo& info) { return info.heading_level >= 0; });
    return style ? style->heading_level : -1;
  }
  bool IsList(const std::string& id) const {
    return FirstAlongBasedOn(id, [](const StyleInfo& info) { return info.list; }) != nullptr;
  }

  // Outline levels 0-8 are headings (level + 1, below Title); 9 means body text.
  static int OutlineHeadingLevel(const xmlNode* level) {
    if (!level) return -1;
    const std::string value = WordAttribute(level, "val").value_or("9");
    return value.size() == 1 && value[0] >= '0' && value[0] <= '8' ? value[0] - '0' + 1 : -1;
  }
  // numId 0 switches numbering off.
  static bool IsListNumbering(const xmlNode* numbering) {
    const xmlNode* id = FirstWordChild(numbering, "numId");
    return !id || WordAttribute(id, "val").value_or("1") != "0";
  }

 private:
  // The first style, from `id` up its basedOn chain, that `has` accepts.
  template <typename Has>
  const StyleInfo* FirstAlongBasedOn(std::string id, Has has) const {
    for (int depth = 0; depth < 16 && !id.empty(); ++depth) {  // basedOn chains may loop
      const auto it = styles_.find(id);
      if (it == styles_.end()) return nullptr;
      if (has(it->second)) return &it->second;
      id = it->second.based_on;
    }
    return nullptr;
  }

  std::map<std::string, StyleInfo> styles_;
};

// --- Walking the body -----------------------------------------------------

// One output line, or a page break. Links and hidden text found while the
// line was built ride with it until its page is known.
struct OutLine {
  std::string text;
  bool heading = false;
  bool page_break = false;
  std::vector<Link> links;
  int hidden_characters = 0;
  std::string hidden_sample;
  int heading_level = -1;
};

// The URL of a HYPERLINK field ("HYPERLINK \"https://x\" \o \"tip\""), or
// nothing for other fields and for in-document jumps (\l).
std::optional<std::string> HyperlinkFieldUrl(std::string_view instruction) {
  std::string text = Trim(instruction);
  if (Lower(text.substr(0, 9)) != "hyperlink") return std::nullopt;
  std::string_view rest = std::string_view(text).substr(9);
  bool after_switch = false;
  while (!rest.empty()) {
    while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front()))) rest.remove_prefix(1);
    if (rest.empty()) break;
    std::string token;
    if (rest.front() == '"') {
      const size_t close = rest.find('"', 1);
      token = std::string(rest.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
      rest.remove_prefix(close == std::string_view::npos ? rest.size() : close + 1);
    } else {
      const size_t end = std::min(rest.size(), rest.find_first_of(" \t"));
      token = std::string(rest.substr(0, end));
      rest.remove_prefix(end);
    }
    if (token.size() == 2 && token[0] == '\\') {
      if (token[1] == 'l') return std::nullopt;  // a bookmark in this document
      after_switch = true;                        // \o "tooltip", \t "frame" take an argument
      continue;
    }
    if (after_switch) {
      after_switch = false;
      continue;
    }
    if (!token.empty()) return token;
  }
  return std::nullopt;
}

// Reads one part (body, header, footer, text box) into lines. Holds the
// state of the paragraph being read; one reader per part.
class PartReader {
 public:
  PartReader(const Relationships& rels, const Styles& styles) : rels_(rels), styles_(styles) {}

  std::vector<OutLine> ReadBlock(const xmlNode* container) {
    std::vector<OutLine> lines;
    ReadBlockInto(container, lines);
    return lines;
  }

 private:
  struct Field {
    std::string instruction;
    std::string anchor;
    bool in_result = false;
  };

  void ReadBlockInto(const xmlNode* container, std::vector<OutLine>& lines) {
    for (const xmlNode* node = container->children; node; node = node->next) {
      if (!IsElement(node)) continue;
      if (IsWord(node, "p")) {
        ReadParagraph(node, lines);
      } else if (IsWord(node, "tbl")) {
        ReadTable(node, lines);
      } else if (IsWord(node, "sectPr") || IsWord(node, "tblPr") || IsWord(node, "tblGrid")) {
        continue;
      } else if (!IsSkipped(node)) {
        ReadBlockInto(node, lines);  // w:sdt/w:sdtContent, w:customXml, w:ins ...
      }
    }
  }

  // Deleted revisions, property bags and the VML copies of drawings hold no
  // text a reader sees (or repeat what mc:Choice already holds).
  static bool IsSkipped(const xmlNode* node) {
    if (IsWord(node, "del") || IsWord(node, "delText") || IsWord(node, "moveFrom") || IsWord(node, "rPr") ||
        IsWord(node, "pPr") || IsWord(node, "fldData") || IsWord(node, "instrText") ||
        IsWord(node, "delInstrText")) {
      return true;
    }
    return NamespaceOf(node) == kMarkupCompatNs && Name(node) == "Fallback";
  }

  void ReadParagraph(const xmlNode* paragraph, std::vector<OutLine>& lines) {
    const xmlNode* properties = FirstWordChild(paragraph, "pPr");
    std::string style;
    if (const xmlNode* style_node = FirstWordChild(properties, "pStyle")) style = WordAttribute(style_node, "val").value_or("");
    const int direct_level = Styles::OutlineHeadingLevel(FirstWordChild(properties, "outlineLvl"));
    heading_level_ = direct_level >= 0 ? direct_level : styles_.HeadingLevel(style);
    heading_ = heading_level_ >= 0;
    const xmlNode* numbering = FirstWordChild(properties, "numPr");
    const bool list = numbering ? Styles::IsListNumbering(numbering) : styles_.IsList(style);
    if (IsOn(FirstWordChild(properties, "pageBreakBefore"))) lines.push_back(OutLine{"", false, true, {}, 0, {}});

    lines_ = &lines;
    boxes_.clear();
    line_.clear();
    prefix_ = list && !heading_ ? "• " : "";
    ReadInline(paragraph);
    EndLine();
    lines_ = nullptr;

    // Text boxes (sidebars in many templates) follow the paragraph holding
    // them, as a block of their own.
    const std::vector<const xmlNode*> boxes = std::move(boxes_);
    boxes_.clear();
    for (const xmlNode* box : boxes) {
      lines.push_back(OutLine{});
      ReadBlockInto(box, lines);
      lines.push_back(OutLine{});
    }
  }

  void ReadInline(const xmlNode* parent) {
    for (const xmlNode* node = parent->children; node; node = node->next) {
      if (!IsElement(node) || IsSkipped(node)) continue;
      if (IsWord(node, "r")) {
        ReadRun(node);
      } else if (IsWord(node, "hyperlink")) {
        ReadHyperlink(node);
      } else if (IsWord(node, "fldSimple")) {
        ReadSimpleField(node);
      } else if (IsWord(node, "txbxContent")) {
        boxes_.push_back(node);
      } else if (IsWord(node, "p") || IsWord(node, "tbl")) {
        continue;  // only inside text boxes, which are read after the paragraph
      } else {
        ReadInline(node);  // w:smartTag, w:ins, w:sdt, drawings on the way to w:txbxContent
      }
    }
  }

  void ReadRun(const xmlNode* run) {
    const xmlNode* properties = FirstWordChild(run, "rPr");
    hidden_ = IsOn(FirstWordChild(properties, "vanish"));
    if (const xmlNode* size = FirstWordChild(properties, "sz")) {
      const std::string value = WordAttribute(size, "val").value_or("");
      if (!value.empty() && value.size() < 6 && std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); }) &&
          std::stoi(value) < kMinReadableHalfPoints) {
        hidden_ = true;
      }
    }
    for (const xmlNode* node = run->children; node; node = node->next) {
      if (!IsElement(node)) continue;
      if (IsWord(node, "t")) {
        Append(OwnText(node));
      } else if (IsWord(node, "tab") || IsWord(node, "ptab")) {
        Append("\t");
      } else if (IsWord(node, "br")) {
        if (WordAttribute(node, "type").value_or("") == "page") {
          EndLine();
          lines_->push_back(OutLine{"", false, true, {}, 0, {}});
        } else {
          EndLine();
        }
      } else if (IsWord(node, "cr")) {
        EndLine();
      } else if (IsWord(node, "noBreakHyphen")) {
        Append("-");
      } else if (IsWord(node, "fldChar")) {
        ReadFieldChar(node);
      } else if (IsWord(node, "instrText")) {
        if (!fields_.empty() && !fields_.back().in_result) fields_.back().instruction += OwnText(node);
      } else if (!IsSkipped(node) && !IsWord(node, "sym")) {
        ReadInline(node);  // w:drawing, w:pict, mc:AlternateContent may hold a text box
      }
    }
    hidden_ = false;
  }

  void ReadFieldChar(const xmlNode* node) {
    const std::string type = WordAttribute(node, "fldCharType").value_or("");
    if (type == "begin") {
      fields_.push_back(Field{});
    } else if (type == "separate" && !fields_.empty()) {
      fields_.back().in_result = true;
    } else if (type == "end" && !fields_.empty()) {
      Field field = std::move(fields_.back());
      fields_.pop_back();
      AddLink(HyperlinkFieldUrl(field.instruction), field.anchor);
    }
  }

  void ReadHyperlink(const xmlNode* node) {
    captures_.emplace_back();
    ReadInline(node);
    std::string anchor = std::move(captures_.back());
    captures_.pop_back();
    const auto id = RelationshipId(node);
    if (!id) return;  // w:anchor only: a jump inside the document
    const auto it = rels_.find(*id);
    if (it == rels_.end() || !it->second.external) return;
    AddLink(it->second.target, anchor);
  }

  void ReadSimpleField(const xmlNode* node) {
    captures_.emplace_back();
    ReadInline(node);
    std::string anchor = std::move(captures_.back());
    captures_.pop_back();
    AddLink(HyperlinkFieldUrl(WordAttribute(node, "instr").value_or("")), anchor);
  }

  void AddLink(const std::optional<std::string>& url, const std::string& anchor) {
    if (!url || url->empty()) return;
    pending_links_.push_back(Link{*url, 1, Trim(anchor), true});
  }

  void Append(std::string_view text) {
    if (hidden_) {
      if (pending_hidden_sample_.size() < kHiddenSampleLength) pending_hidden_sample_ += text;
      pending_hidden_ += static_cast<int>(CountUtf8(text));
      return;
    }
    line_ += text;
    for (std::string& capture : captures_) capture += text;
    for (Field& field : fields_) {
      if (field.in_result) field.anchor += text;
    }
  }

  static size_t CountUtf8(std::string_view text) {
    return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
  }

  // Ends the current line: at the paragraph's end or at a w:br. Only the
  // paragraph's first line carries its bullet.
  void EndLine() {
    OutLine line;
    const bool empty = !HasVisibleText(line_);
    line.text = empty ? line_ : prefix_ + line_;
    line.heading = heading_ && !empty;
    line.heading_level = heading_level_;
    line.links = std::move(pending_links_);
    line.hidden_characters = pending_hidden_;
    line.hidden_sample = std::move(pending_hidden_sample_);
    lines_->push_back(std::move(line));
    pending_links_.clear();
    pending_hidden_ = 0;
    pending_hidden_sample_.clear();
    line_.clear();
    if (!empty) prefix_.clear();
    for (std::string& capture : captures_) capture += ' ';
  }

  // A data row (dates beside a role) becomes one line, cells joined by
  // " | ", each cell's further paragraphs following as lines of their own.
  // A layout table (a cell holding a whole column of the page) is read cell
  // by cell instead.
  void ReadTable(const xmlNode* table, std::vector<OutLine>& lines) {
    for (const xmlNode* row = table->children; row; row = row->next) {
      if (!IsElement(row)) continue;
      if (!IsWord(row, "tr")) {
        if (!IsWord(row, "tblPr") && !IsWord(row, "tblGrid") && !IsSkipped(row)) ReadTable(row, lines);  // w:sdt around rows
        continue;
      }
      std::vector<std::vector<OutLine>> cells;
      for (const xmlNode* cell = row->children; cell; cell = cell->next) {
        if (IsWord(cell, "tc")) {
          cells.push_back(ReadCell(cell));
        } else if (IsElement(cell) && !IsWord(cell, "trPr") && !IsWord(cell, "tblPrEx") && !IsSkipped(cell)) {
          for (const xmlNode* inner = cell->children; inner; inner = inner->next) {  // w:sdt/w:sdtContent around cells
            if (IsWord(inner, "tc")) cells.push_back(ReadCell(inner));
            if (IsWord(inner, "sdtContent")) {
              for (const xmlNode* tc = inner->children; tc; tc = tc->next) {
                if (IsWord(tc, "tc")) cells.push_back(ReadCell(tc));
              }
            }
          }
        }
      }
      EmitRow(cells, lines);
    }
  }

  std::vector<OutLine> ReadCell(const xmlNode* cell) {
    std::vector<OutLine> cell_lines;
    ReadBlockInto(cell, cell_lines);
    std::vector<OutLine> kept;
    for (OutLine& line : cell_lines) {
      if (line.page_break || HasVisibleText(line.text) || !line.links.empty() || line.hidden_characters > 0) {
        kept.push_back(std::move(line));
      }
    }
    return kept;
  }

  static void EmitRow(std::vector<std::vector<OutLine>>& cells, std::vector<OutLine>& lines) {
    cells.erase(std::remove_if(cells.begin(), cells.end(), [](const auto& cell) { return cell.empty(); }), cells.end());
    if (cells.empty()) return;
    const bool layout = cells.size() == 1 || std::any_of(cells.begin(), cells.end(), [](const auto& cell) {
                          return cell.size() > kMaxRowCellParagraphs;
                        });
    if (layout) {
      for (auto& cell : cells) {
        for (OutLine& line : cell) lines.push_back(std::move(line));
        lines.push_back(OutLine{});
      }
      return;
    }
    OutLine joined;
    for (auto& cell : cells) {
      OutLine& first = cell.front();
      if (!joined.text.empty()) joined.text += " | ";
      joined.text += Trim(first.text);
      MoveExtras(first, joined);
    }
    lines.push_back(std::move(joined));
    for (auto& cell : cells) {
      for (size_t i = 1; i < cell.size(); ++i) lines.push_back(std::move(cell[i]));
    }
  }

  static void MoveExtras(OutLine& from, OutLine& to) {
    for (Link& link : from.links) to.links.push_back(std::move(link));
    to.hidden_characters += from.hidden_characters;
    if (to.hidden_sample.empty()) to.hidden_sample = std::move(from.hidden_sample);
  }

  const Relationships& rels_;
  const Styles& styles_;
  std::vector<OutLine>* lines_ = nullptr;
  std::string line_;
  std::string prefix_;
  bool heading_ = false;
  int heading_level_ = -1;
  bool hidden_ = false;
  std::vector<const xmlNode*> boxes_;
  std::vector<std::string> captures_;  // anchors of open w:hyperlink / w:fldSimple
  std::vector<Field> fields_;          // open complex fields (w:fldChar)
  std::vector<Link> pending_links_;
  int pending_hidden_ = 0;
  std::string pending_hidden_sample_;
};

// --- Assembling the document ----------------------------------------------

// Header and footer parts the body refers to, in a stable order.
std::vector<std::string> PartsOfType(const Relationships& rels, std::string_view type_suffix) {
  std::vector<std::string> parts;
  for (const auto& [id, rel] : rels) {
    if (rel.external || rel.type.size() < type_suffix.size() ||
        rel.type.compare(rel.type.size() - type_suffix.size(), type_suffix.size(), type_suffix) != 0) {
      continue;
    }
    std::string target = rel.target;
    target = target.rfind('/', 0) == 0 ? target.substr(1) : "word/" + target;
    if (std::find(parts.begin(), parts.end(), target) == parts.end()) parts.push_back(target);
  }
  std::sort(parts.begin(), parts.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;  // header2 before header10
  });
  return parts;
}

std::string JoinedText(const std::vector<OutLine>& lines) {
  std::string text;
  for (const OutLine& line : lines) text += line.text + "\n";
  return text;
}

// Reads every header (or footer) part once; the first-page and even-page
// variants often repeat the default one, so a repeat is dropped.
Expected<std::vector<OutLine>> ReadMargins(ZipPackage& package, const Relationships& body_rels,
                                           std::string_view type_suffix, const Styles& styles) {
  std::vector<OutLine> all;
  std::vector<std::string> seen;
  for (const std::string& part : PartsOfType(body_rels, type_suffix)) {
    auto xml = package.Read(part);
    if (!xml) return tl::unexpected(xml.error());
    if (!*xml) continue;
    auto doc = ParseXml(**xml, part);
    if (!doc) continue;  // a broken header loses its text, not the resume
    auto rels = ReadRelationships(package, part);
    if (!rels) return tl::unexpected(rels.error());
    PartReader reader(*rels, styles);
    std::vector<OutLine> lines = reader.ReadBlock(xmlDocGetRootElement(doc->get()));
    const std::string text = JoinedText(lines);
    if (!HasVisibleText(text) || std::find(seen.begin(), seen.end(), text) != seen.end()) continue;
    seen.push_back(text);
    for (OutLine& line : lines) {
      line.heading = false;  // running heads are not section headings
      all.push_back(std::move(line));
    }
  }
  return all;
}

// At most `size` bytes, cut at a code point boundary: the sample travels as
// JSON from the scan's workers, which refuses broken UTF-8.
std::string Utf8Prefix(const std::string& text, size_t size) {
  if (text.size() <= size) return text;
  while (size > 0 && (static_cast<unsigned char>(text[size]) & 0xC0) == 0x80) --size;
  return text.substr(0, size);
}

void AddLines(std::vector<OutLine>& lines, Document& document) {
  for (OutLine& line : lines) {
    if (line.page_break) {
      if (HasVisibleText(document.pages.back())) document.pages.emplace_back();
      continue;
    }
    const int page = static_cast<int>(document.pages.size());
    // The paragraph that held a page break leaves an empty line behind it.
    if (document.pages.back().empty() && page > 1 && !HasVisibleText(line.text) && line.links.empty()) continue;
    document.pages.back() += line.text;
    document.pages.back() += '\n';
    if (line.heading) document.heading_hints.push_back(HeadingHint{page, Trim(line.text), line.heading_level});
    for (Link& link : line.links) {
      link.page = page;
      document.links.push_back(std::move(link));
    }
    if (line.hidden_characters > 0) {
      if (document.first_hidden_page == 0) {
        document.first_hidden_page = page;
        document.hidden_sample = Utf8Prefix(line.hidden_sample, kHiddenSampleLength);
      }
      document.hidden_characters += line.hidden_characters;
    }
  }
}

Expected<Document> ReadWordPackage(ZipPackage& package) {
  auto body_xml = package.Read("word/document.xml");
  if (!body_xml) return tl::unexpected(body_xml.error());
  if (!*body_xml) {
    if (package.Has("mimetype") || package.Has("content.xml")) {
      return MakeError(errc::kUnsupportedFormat,
                       "an OpenDocument (.odt) file named .docx; save it as PDF or DOCX");
    }
    return MakeError(errc::kCorruptDocx, "a zip file but not a Word document (no word/document.xml)");
  }
  auto body = ParseXml(**body_xml, "word/document.xml");
  if (!body) return tl::unexpected(body.error());
  const xmlNode* root = xmlDocGetRootElement(body->get());
  const xmlNode* body_node = FirstWordChild(root, "body");
  if (!IsWord(root, "document") || !body_node) {
    return MakeError(errc::kCorruptDocx, "word/document.xml holds no Word document body");
  }

  Styles styles;
  auto styles_xml = package.Read("word/styles.xml");
  if (!styles_xml) return tl::unexpected(styles_xml.error());
  if (*styles_xml) {
    if (auto styles_doc = ParseXml(**styles_xml, "word/styles.xml")) styles.Load(xmlDocGetRootElement(styles_doc->get()));
  }
  auto rels = ReadRelationships(package, "word/document.xml");
  if (!rels) return tl::unexpected(rels.error());
  auto headers = ReadMargins(package, *rels, "/header", styles);
  if (!headers) return tl::unexpected(headers.error());
  auto footers = ReadMargins(package, *rels, "/footer", styles);
  if (!footers) return tl::unexpected(footers.error());

  PartReader reader(*rels, styles);
  std::vector<OutLine> lines = reader.ReadBlock(body_node);

  Document document;
  document.format = SourceFormat::kDocx;
  document.pages.emplace_back();
  AddLines(*headers, document);
  if (!headers->empty()) document.pages.back() += '\n';
  AddLines(lines, document);
  if (!footers->empty()) document.pages.back() += '\n';
  AddLines(*footers, document);
  if (document.pages.size() > 1 && !HasVisibleText(document.pages.back())) document.pages.pop_back();
  return document;
}

}  // namespace

Expected<Document> LoadDocx(const std::string& bytes, const ExtractOptions& options) {
  auto package = ZipPackage::Open(bytes);
  if (!package) return tl::unexpected(package.error());
  auto document = ReadWordPackage(*package);
  if (!document) return document;
  if (static_cast<int>(document->pages.size()) > options.max_pages) {
    return MakeError(errc::kTooManyPages, "Word document has " + std::to_string(document->pages.size()) +
                                              " pages, over the limit of " + std::to_string(options.max_pages));
  }
  bool any_text = false;
  for (const std::string& page : document->pages) any_text = any_text || HasVisibleText(page);
  if (!any_text) return MakeError(errc::kNoText, "Word document contains no text");
  return document;
}

}  // namespace ra
