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

// The `portfolio` object: each project with its measures, source paths,
// errors and advice, and the resume's links matched to projects.
nlohmann::ordered_json PortfolioToJson(const PortfolioReport& report, const Analyzer& analyzer);

// The output of the `portfolio` command: the projects and what they alone
// show per requirement.
nlohmann::ordered_json PortfolioResultToJson(const PortfolioReport& report, const Assessment& assessment,
                                             const Analyzer& analyzer);

}  // namespace ra
