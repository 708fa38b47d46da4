#pragma once
// The output of the extract stage: the raw text of a resume, page by page,
// with the links it carries. Nothing here is normalised yet.

#include <string>
#include <vector>

namespace ra {

enum class SourceFormat { kPdf, kText, kMarkdown, kDocx };

const char* SourceFormatName(SourceFormat format);

// A hyperlink: written out in the text or hidden behind a PDF link annotation.
struct Link {
  std::string url;
  int page = 1;           // 1-based
  std::string anchor;     // the text under the annotation, if any
  bool annotation = false;
};

// A line the source sets apart as a heading: by typography in a PDF (larger,
// bolder, capitals or letter-spaced next to the body text) or by paragraph
// style in a DOCX ("Heading 1", "Title"). The structure stage takes these as
// section-heading candidates, still classified through the heading lexicon.
struct HeadingHint {
  int page = 1;       // 1-based
  std::string text;   // the line as it appears in `pages`
  int style = 0;      // hints set the same way share an id; 0 is the most prominent
};

struct Document {
  SourceFormat format = SourceFormat::kPdf;
  std::vector<std::string> pages;  // raw UTF-8 text per page, in reading order
  std::vector<Link> links;         // link annotations (PDF) or Markdown links
  int pages_without_text = 0;      // pages with no text layer (e.g. scanned)
  int image_only_pages = 0;        // of those, pages that hold images
  // Text a reader cannot see (white on a light background, or under 2 pt),
  // removed from `pages` so it earns nothing.
  int hidden_characters = 0;
  int first_hidden_page = 0;       // 1-based; 0 when none
  std::string hidden_sample;       // the start of the first hidden run
  std::vector<HeadingHint> heading_hints;
  // Extraction health, reported so a recruiter can tell a misread file.
  int max_columns = 1;             // most text columns found on one page
  int unmapped_characters = 0;     // glyphs the font could not map to Unicode
};

}  // namespace ra
