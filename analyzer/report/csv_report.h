#pragma once
// One CSV row per file: overall and per-requirement scores (RFC 4180 quoting).

#include <string>

#include <nlohmann/json.hpp>

#include "analyzer/pipeline.h"

namespace ra {

std::string CsvHeader(const Rules& rules);
std::string CsvRow(const AnalysisResult& result, const Rules& rules);
// The same row from a result's JSON (as written by ResultToJson or cached).
std::string CsvRowFromJson(const nlohmann::ordered_json& json, const Rules& rules);
std::string CsvQuote(const std::string& field);

}  // namespace ra
