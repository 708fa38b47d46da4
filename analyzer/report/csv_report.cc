#include "analyzer/report/csv_report.h"

#include <cmath>
#include <cstdio>

namespace ra {
namespace {

std::string Number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", std::round(value * 10.0) / 10.0);
  return buffer;
}

}  // namespace

std::string CsvQuote(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string CsvHeader(const Rules& rules) {
  std::string header = "file,status,error_code,error_message,score,verdict,level";
  for (const auto& requirement : rules.requirements) header += "," + CsvQuote(requirement.id);
  return header + "\n";
}

std::string CsvRow(const AnalysisResult& result, const Rules& rules) {
  std::string row = CsvQuote(result.file);
  if (!result.ok()) {
    row += ",error," + CsvQuote(result.error->code) + "," + CsvQuote(result.error->message) + ",,,";
    // Empty requirement cells keep every row the same width.
    return row + std::string(rules.requirements.size(), ',') + "\n";
  }
  row += ",ok,,," + Number(result.assessment.score) + "," + CsvQuote(result.assessment.verdict) + "," +
         result.assessment.level;
  for (const auto& requirement : result.assessment.requirements) row += "," + Number(requirement.score);
  return row + "\n";
}

}  // namespace ra

namespace ra {

std::string CsvRowFromJson(const nlohmann::ordered_json& json, const Rules& rules) {
  std::string row = CsvQuote(json.at("file").get<std::string>());
  if (json.at("status") != "ok") {
    row += ",error," + CsvQuote(json.at("error").at("code").get<std::string>()) + "," +
           CsvQuote(json.at("error").at("message").get<std::string>()) + ",,,";
    return row + std::string(rules.requirements.size(), ',') + "\n";
  }
  row += ",ok,,," + Number(json.at("score").get<double>()) + "," + CsvQuote(json.at("verdict").get<std::string>()) +
         "," + json.at("level").at("id").get<std::string>();
  for (const auto& requirement : json.at("requirements")) row += "," + Number(requirement.at("score").get<double>());
  return row + "\n";
}

}  // namespace ra
