#pragma once
// Reading order of a PDF page rebuilt from glyph boxes, as a person reads the
// page: columns and sidebars one after the other, each top to bottom; cells
// on one baseline (a date facing its role, a table row) kept as one line;
// words rebuilt from the gaps between glyphs, so letter-spaced headings
// ("E X P E R I E N C E", "R ESEARCH E XPERIENCE") read as words and glued
// words get their space back. Pure functions over plain values, so they are
// tested without PDFs; pdf_loader.cc fills the glyphs from Poppler.

#include <string>
#include <vector>

#include "analyzer/extract/document.h"

namespace ra {

// One character as Poppler reports it, in Poppler's text order.
struct GlyphBox {
  std::string text;           // one character, UTF-8
  double x1 = 0, y1 = 0;      // top-left corner, points, origin top-left of the page
  double x2 = 0, y2 = 0;      // bottom-right corner
  double font_size = 0;       // points
  bool bold = false;          // from the font name
  bool icon = false;          // from an icon font (Font Awesome, ...): dropped, but parts words
  bool space_before = false;  // Poppler put white space between this glyph and the one before
};

// A line of the page in reading order.
struct LayoutLine {
  std::string text;
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  double font_size = 0;        // of most of its characters
  bool bold = false;           // every character bold
  bool letter_spaced = false;  // set with tracking between its letters
};

struct PageLayout {
  std::vector<LayoutLine> lines;  // in reading order
  double width = 0, height = 0;   // of the page, points
  int columns = 1;                // most text columns side by side
  int unmapped_characters = 0;    // glyphs with no Unicode value (U+FFFD, controls), dropped
};

// The page's lines in reading order.
PageLayout LayoutPage(const std::vector<GlyphBox>& glyphs, double page_width, double page_height);

// Removes running headers, footers and page numbers: lines at the top or
// bottom of a page that recur at the same height on other pages (digits
// aside, so "Page 1 of 2" matches "Page 2 of 2"). Needs two pages or more.
void RemoveRunningLines(std::vector<PageLayout>& pages);

// Lines set apart as headings by typography next to the body text: larger,
// bold and larger, capitals, or letter-spaced, in a style that recurs (so
// the name on top, set once, is not one). Hints of one style share a
// `style` id; 0 is the most prominent style.
std::vector<HeadingHint> FindHeadingHints(const std::vector<PageLayout>& pages);

// The page's text: its lines joined by '\n'.
std::string PageText(const PageLayout& page);

}  // namespace ra
