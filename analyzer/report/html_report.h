#pragma once
// `scan --format html`: one self-contained HTML page for a recruiter (inline
// CSS and a small inline script, nothing fetched), built from the same JSON
// objects the JSON Lines output writes (ResultToJson, or a cached copy), so
// the page never disagrees with the JSON.
//
// The page ranks candidates by score, so every result must be in before the
// first row is written. HtmlReport therefore keeps, per file, only what the
// page shows: scores per requirement, verdict, level, at most
// kHtmlEvidencePerRequirement quotes per requirement, advice and flags,
// never the whole result (tens of KiB as JSON, more as a tree): about
// 11-18 KB per file measured on the samples (docs/usage.md).

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzer/score/rules.h"

namespace ra {

// Evidence quotes kept and shown per requirement, strongest first; the JSON
// output holds them all.
inline constexpr size_t kHtmlEvidencePerRequirement = 5;
// Requirements named in the "top missing" column.
inline constexpr size_t kHtmlTopMissing = 3;

// `text` with & < > " ' replaced by character references: safe in element
// content and in quoted attribute values.
std::string HtmlEscape(std::string_view text);

// What the page says about the run itself.
struct HtmlReportInfo {
  std::string generated;     // when the report was written, shown as is ("")
  size_t inputs = 0;         // files the scan was given (0: as many as added)
  bool interrupted = false;  // the scan stopped early: the page says so
};

// Collects results one at a time (in any order), then writes the ranked
// page. Not thread-safe; copyable (plain values).
class HtmlReport {
 public:
  // Columns come from the rules: one per requirement, in rules order.
  explicit HtmlReport(const Rules& rules);

  // `result` as ResultToJson writes it (status ok or error), with the scan's
  // `duplicate_of` when it has one.
  void Add(const nlohmann::ordered_json& result);

  // The whole page: header, ranked table (score descending, ties in input
  // order, failures last), failed files, duplicates marked.
  void Write(std::ostream& out, const HtmlReportInfo& info) const;

  size_t size() const { return rows_.size(); }

 private:
  struct Quote {
    std::string name;  // lexicon entry or signal name
    double points = 0;
    std::string text;   // quote as written, or a signal's measured value
    std::string where;  // page, section, entry or project
    bool measured = false;  // text is a signal's value, not a quote
  };
  struct Cell {
    double score = 0;
    double weight = 0;
    size_t more = 0;  // evidence beyond the quotes kept
    std::vector<Quote> quotes;
  };
  struct Advice {
    std::string requirement;
    std::string text;
    double gain = 0;
  };
  struct Row {
    std::string file;
    bool ok = false;
    std::string error_code;
    std::string error_message;
    double score = 0;
    std::string verdict;
    std::string level;
    std::string duplicate_of;
    std::vector<Cell> cells;  // in column order; empty on failure
    std::vector<Advice> advice;
    std::vector<std::pair<std::string, std::string>> flags;  // code, message
  };
  struct Column {
    std::string id;
    std::string name;
  };

  void WriteRow(std::ostream& out, const Row& row, size_t rank, bool has_copy) const;
  std::vector<std::string> TopMissing(const Row& row) const;

  std::string role_;
  std::string rules_version_;
  std::vector<Column> columns_;
  std::vector<Row> rows_;
};

}  // namespace ra
