#pragma once
// The human report of `check`: score and verdict, aligned requirement bars,
// the evidence quoted with page and section, and advice wrapped to the
// terminal width. Colour only when asked (a TTY without NO_COLOR).

#include <string>

#include "analyzer/pipeline.h"

namespace ra {

struct TextStyle {
  bool color = false;
  size_t width = 80;  // columns
};

std::string TextReport(const AnalysisResult& result, const Analyzer& analyzer, const TextStyle& style);

// The portfolio section: per project its languages, frameworks, habits, Git
// history and the best advice; the resume's links and their projects.
std::string PortfolioSection(const PortfolioReport& report, const Analyzer& analyzer, const TextStyle& style);

// The colour band of a score (0-100): 2 (>= 70, green), 1 (>= 40, amber) or
// 0 (red). The terminal and HTML reports colour scores alike.
int ScoreBand(double score);

// `value` with `decimals` digits after the point.
std::string FormatFixed(double value, int decimals);

// Wraps `text` to `width` columns (counting code points), each line after
// the first indented by `indent` spaces.
std::string Wrap(const std::string& text, size_t width, size_t indent);

}  // namespace ra
