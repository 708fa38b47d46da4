#pragma once
// One CSV row per file: overall and per-requirement scores (RFC 4180 quoting).

#include <string>

#include "analyzer/pipeline.h"

namespace ra {

std::string CsvHeader(const Rules& rules);
std::string CsvRow(const AnalysisResult& result, const Rules& rules);
std::string CsvQuote(const std::string& field);

}  // namespace ra
