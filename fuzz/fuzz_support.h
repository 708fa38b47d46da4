#pragma once
// Shared by the fuzz targets: the analyzer over the bundled data, built once.

#include <cstdlib>
#include <memory>

#include "analyzer/pipeline.h"

namespace ra::fuzz {

inline const Analyzer& BundledAnalyzer() {
  static const std::shared_ptr<const Analyzer> analyzer = [] {
    DataOptions options;
    options.lexicons_dir = std::string(RA_SOURCE_DIR) + "/lexicons";
    options.rules_file = std::string(RA_SOURCE_DIR) + "/rules/ml-engineer.toml";
    auto created = Analyzer::Create(options);
    if (!created) std::abort();  // the bundled data must load
    return *created;
  }();
  return *analyzer;
}

inline AnalyzeOptions FixedOptions() {
  AnalyzeOptions options;
  options.as_of = MonthOf(2026, 11);
  return options;
}

}  // namespace ra::fuzz
