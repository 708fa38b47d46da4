#pragma once
// The parsed structure of one resume as data: `extract --format json`
// (docs/structure.schema.json) and `extract --format jsonresume` (a JSON
// Resume v1.0.0 document, https://jsonresume.org/schema). Both read the
// analysis result only; unknown fields are omitted, never guessed.

#include <nlohmann/json.hpp>

#include "analyzer/pipeline.h"

namespace ra {

// 2.0.0: `contact` holds the details found (1.0.0, shared with results, held
// booleans); education and projects added.
inline constexpr const char* kStructureSchemaVersion = "2.0.0";

// Contact, links, sections, entries (role, organisation, location, dates,
// bullets), education (degree level, field, institution, graduation year)
// and projects, with byte offsets into the text `extract` prints.
nlohmann::ordered_json StructureReportJson(const AnalysisResult& result, const Analyzer& analyzer);

// The same as a JSON Resume document; dates as YYYY-MM.
nlohmann::ordered_json JsonResumeJson(const AnalysisResult& result, const Analyzer& analyzer);

}  // namespace ra
