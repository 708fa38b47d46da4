#pragma once
// The whole pipeline for one file: extract -> normalise/tokenize/structure ->
// match -> score -> advice. The Analyzer holds only immutable compiled data
// (lexicon, structure finder, rules) and is shared read-only by all workers.

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/data/data_files.h"
#include "analyzer/error.h"
#include "analyzer/extract/extract.h"
#include "analyzer/portfolio/portfolio.h"
#include "analyzer/match/matcher.h"
#include "analyzer/score/advice.h"
#include "analyzer/score/evidence.h"
#include "analyzer/score/level.h"
#include "analyzer/score/rules.h"
#include "analyzer/score/scorer.h"
#include "analyzer/text/structure.h"

namespace ra {

struct AnalyzeOptions {
  ExtractOptions extract;
  MonthIndex as_of = 0;  // the month "Present" means (today by default)
  size_t advice_limit = 10;
  std::string level;     // junior, mid or senior; "" infers it
  // The candidate's own projects (--portfolio): project folders, Git clones,
  // or folders of them. Empty: the resume alone.
  std::vector<std::string> portfolio;
};

// Wall time one file spent in each pipeline stage, for `scan --timings`.
// Always measured: a steady_clock read costs nanoseconds next to a file's
// milliseconds. Extraction in a worker process includes the hand-over.
struct StageTimes {
  std::chrono::nanoseconds extract{0};
  std::chrono::nanoseconds normalize{0};  // normalise, fold, tokenize, structure
  std::chrono::nanoseconds match{0};
  std::chrono::nanoseconds score{0};      // evidence, level, score, advice
};

// Everything known about one analysed file. On error only `file`, `error`
// and what was known before the failure are set.
struct AnalysisResult {
  std::string file;  // the path as given
  std::optional<Error> error;
  std::string content_hash;  // "fnv1a64:<hex>" of the file's bytes, when it could be read
  std::string duplicate_of;  // set by a scan: an earlier file with the same content

  SourceFormat format = SourceFormat::kPdf;
  int pages = 0;
  int pages_without_text = 0;
  int hidden_characters = 0;  // text a reader cannot see, left out
  int columns = 1;              // most text columns on one page
  int unmapped_characters = 0;  // glyphs the extractor could not map to Unicode
  NormalizedText text;
  FoldedText folded;
  ResumeStructure structure;
  std::vector<Hit> hits;
  ScoringInput scoring;
  Assessment assessment;
  LevelChoice level;
  ExperienceSummary experience;
  std::vector<Advice> advice;
  size_t word_count = 0;
  std::optional<PortfolioReport> portfolio;  // set when projects were given
  StageTimes times;

  bool ok() const { return !error.has_value(); }
};

class Analyzer {
 public:
  // Loads and validates lexicons and rules; every problem is reported.
  static tl::expected<std::shared_ptr<const Analyzer>, DataErrors> Create(const DataOptions& options);

  AnalysisResult Analyze(const std::filesystem::path& path, const AnalyzeOptions& options) const;
  // The same for a document extracted elsewhere (e.g. in a worker process).
  AnalysisResult Analyze(const std::string& file, const Expected<Document>& document,
                         const AnalyzeOptions& options) const;

  // The projects alone, scored as if the resume were empty (the `portfolio`
  // command): the report with per-project advice, and the assessment.
  std::pair<PortfolioReport, Assessment> AnalyzePortfolio(const std::vector<std::string>& paths,
                                                          const AnalyzeOptions& options) const;

  // Extract and normalise only (the `extract` command).
  Expected<NormalizedText> ExtractText(const std::filesystem::path& path, const ExtractOptions& options) const;

  const CompiledLexicon& lexicon() const { return lexicon_; }
  // Changes whenever any lexicon or rule file changes (for result caches).
  const std::string& data_fingerprint() const { return data_fingerprint_; }
  const Rules& rules() const { return rules_; }
  const PortfolioRules& portfolio_rules() const { return portfolio_rules_; }
  const StructureFinder& structure_finder() const { return finder_; }

  Analyzer(CompiledLexicon lexicon, StructureFinder finder, Rules rules, PortfolioRules portfolio_rules,
           std::string data_fingerprint)
      : lexicon_(std::move(lexicon)),
        finder_(std::move(finder)),
        rules_(std::move(rules)),
        portfolio_rules_(std::move(portfolio_rules)),
        data_fingerprint_(std::move(data_fingerprint)) {}

 private:
  // Reads the saved portfolio pages of `report` through the text pipeline:
  // the skills they name and their links.
  void ReadPages(PortfolioReport& report, MonthIndex as_of) const;

  CompiledLexicon lexicon_;
  StructureFinder finder_;
  Rules rules_;
  PortfolioRules portfolio_rules_;
  std::string data_fingerprint_;
};

// The current month in local time.
MonthIndex CurrentMonth();

}  // namespace ra
