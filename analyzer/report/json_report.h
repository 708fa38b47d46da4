#pragma once
// The machine-readable result of one file, as documented in
// docs/output-schema.md and docs/result.schema.json.

#include <nlohmann/json.hpp>

#include "analyzer/pipeline.h"

namespace ra {

inline constexpr const char* kSchemaVersion = "1.0.0";

nlohmann::ordered_json ResultToJson(const AnalysisResult& result, const Analyzer& analyzer);

// The parsed structure of a resume (sections, entries, dates, links), for
// `extract --format json`.
nlohmann::ordered_json StructureToJson(const AnalysisResult& result);

}  // namespace ra
