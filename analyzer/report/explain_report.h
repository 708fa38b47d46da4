#pragma once
// The `explain` report: for every requirement, every piece of evidence with
// its weight and the arithmetic that gave the score, down to the overall score.

#include <string>

#include "analyzer/pipeline.h"
#include "analyzer/report/text_report.h"

namespace ra {

std::string ExplainReport(const AnalysisResult& result, const Analyzer& analyzer, const TextStyle& style);

}  // namespace ra
