#include "analyzer/pipeline.h"

#include <ctime>
#include <set>

#include "analyzer/common/hash.h"
#include "analyzer/match/lexicon_image.h"

namespace ra {

MonthIndex CurrentMonth() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return MonthOf(local.tm_year + 1900, local.tm_mon + 1);
}

namespace {

// The bundled lexicons' image when these files are the bundled ones (the
// usual case: ~60 ms less per start), else the files compiled.
tl::expected<CompiledLexicon, DataErrors> LoadLexicon(const std::vector<DataFile>& files) {
  if (auto image = LoadEmbeddedLexiconImage(files)) return std::move(*image);
  return CompiledLexicon::CompileFiles(files);
}

}  // namespace

tl::expected<std::shared_ptr<const Analyzer>, DataErrors> Analyzer::Create(const DataOptions& options) {
  auto lexicon_files = ReadLexiconFiles(options);
  if (!lexicon_files) return tl::unexpected(lexicon_files.error());
  auto lexicon = LoadLexicon(*lexicon_files);
  if (!lexicon) return tl::unexpected(lexicon.error());
  StructureFinder finder(lexicon->data());
  auto rules_file = ReadRulesFile(options);
  if (!rules_file) return tl::unexpected(rules_file.error());
  auto rules = LoadRules(*rules_file, *lexicon);
  if (!rules) return tl::unexpected(rules.error());
  auto portfolio_file = ReadPortfolioRulesFile(options);
  if (!portfolio_file) return tl::unexpected(portfolio_file.error());
  auto portfolio = LoadPortfolioRules(*portfolio_file, *lexicon);
  if (!portfolio) return tl::unexpected(portfolio.error());
  Fnv1a64 fingerprint;  // over every data file
  for (const DataFile& file : *lexicon_files) fingerprint.Add(file.content);
  fingerprint.Add(rules_file->content);
  fingerprint.Add(portfolio_file->content);
  return std::make_shared<const Analyzer>(std::move(*lexicon), std::move(finder), std::move(*rules),
                                          std::move(*portfolio), fingerprint.Hex());
}

Expected<NormalizedText> Analyzer::ExtractText(const std::filesystem::path& path, const ExtractOptions& options) const {
  auto document = ExtractDocument(path, options);
  if (!document) return tl::unexpected(document.error());
  return Normalize(*document);
}

AnalysisResult Analyzer::Analyze(const std::filesystem::path& path, const AnalyzeOptions& options) const {
  return Analyze(path.string(), ExtractDocument(path, options.extract), options);
}

AnalysisResult Analyzer::Analyze(const std::string& file, const Expected<Document>& document,
                                 const AnalyzeOptions& options) const {
  AnalysisResult result;
  result.file = file;
  if (!document) {
    result.error = document.error();
    return result;
  }
  result.format = document->format;
  result.pages = static_cast<int>(document->pages.size());
  result.pages_without_text = document->pages_without_text;
  result.hidden_characters = document->hidden_characters;
  result.columns = document->max_columns;
  result.unmapped_characters = document->unmapped_characters;
  using Clock = std::chrono::steady_clock;
  const Clock::time_point normalize_start = Clock::now();
  result.text = Normalize(*document);
  result.folded = FoldCase(result.text.display);
  const WordBoundaries boundaries = Tokenize(result.text.display);
  result.word_count = boundaries.word_count();
  const MonthIndex as_of = options.as_of != 0 ? options.as_of : CurrentMonth();
  result.structure = finder_.Find(result.text, result.folded, *document, as_of);
  const Clock::time_point match_start = Clock::now();
  result.hits = MatchLexicon(lexicon_, MatchableText{result.text.display, result.folded, boundaries});
  const Clock::time_point score_start = Clock::now();

  const EvidenceInput evidence{result.text.display, result.folded.text, result.folded, result.text,
                               result.structure, result.hits, boundaries, as_of};
  result.scoring = BuildScoringInput(rules_, lexicon_, evidence);
  if (document->hidden_characters > 0) {
    result.scoring.flags.push_back(Flag{
        "invisible-text", std::to_string(document->hidden_characters) + " characters a reader cannot see (white or tiny text) "
                          "on page " + std::to_string(document->first_hidden_page) + " were left out, starting \"" +
                          document->hidden_sample + "\""});
  }
  const ScoringInput without_portfolio = result.scoring;
  if (!options.portfolio.empty()) {
    result.portfolio = ScanPortfolio(portfolio_rules_, options.portfolio,
                                     IdentityFromResume(result.text.display, result.structure), as_of);
    ReadPages(*result.portfolio, as_of);
    LinkProjects(result.structure, *result.portfolio);
    AddPortfolioEvidence(portfolio_rules_, rules_, lexicon_, result.portfolio->projects, as_of, result.scoring);
    FlagContradictions(portfolio_rules_, lexicon_, result.portfolio->projects, result.scoring);
  }
  result.experience = ExperienceSummary{result.scoring.signals.at("total_years"),
                                        result.scoring.signals.at("relevant_years")};
  result.level = ChooseLevel(rules_, options.level, result.scoring, result.structure);
  result.assessment = Score(rules_, lexicon_, result.scoring, result.level.level);
  result.advice = MakeAdvice(AdviceContext{rules_, lexicon_, result.scoring, result.assessment, result.structure,
                                           result.pages, result.pages_without_text, result.level.level},
                             options.advice_limit);
  if (result.portfolio) {
    const PortfolioAdviceContext context{portfolio_rules_, rules_, lexicon_, without_portfolio,
                                         result.assessment, result.level.level, as_of};
    result.advice = MergeAdvice(std::move(result.advice), MakePortfolioAdvice(context, *result.portfolio, true),
                                options.advice_limit);
  }
  result.times.normalize = match_start - normalize_start;
  result.times.match = score_start - match_start;
  result.times.score = Clock::now() - score_start;
  return result;
}

void Analyzer::ReadPages(PortfolioReport& report, MonthIndex as_of) const {
  for (ProjectFacts& project : report.projects) {
    if (project.kind != "page") continue;
    const auto document = ReadPortfolioPage(project.path, portfolio_rules_.limits.max_file_bytes);
    if (!document) {
      project.errors.push_back(project.path + ": " + document.error().message);
      continue;
    }
    const NormalizedText text = Normalize(*document);
    const FoldedText folded = FoldCase(text.display);
    const WordBoundaries boundaries = Tokenize(text.display);
    const ResumeStructure structure = finder_.Find(text, folded, *document, as_of);
    project.bytes_read = text.display.size();
    std::set<std::string> named;
    for (const Hit& hit : MatchLexicon(lexicon_, MatchableText{text.display, folded, boundaries})) {
      const LexiconEntry& entry = lexicon_.entries()[hit.entry];
      if (entry.kind != EntryKind::kSkill || !named.insert(entry.id).second) continue;
      project.page_skills.push_back(PageSkill{entry.id, text.display.substr(hit.start, hit.end - hit.start)});
    }
    for (const FoundLink& link : structure.links) project.page_links.push_back(PageLink{link.url, link.kind});
  }
}

std::pair<PortfolioReport, Assessment> Analyzer::AnalyzePortfolio(const std::vector<std::string>& paths,
                                                                  const AnalyzeOptions& options) const {
  const MonthIndex as_of = options.as_of != 0 ? options.as_of : CurrentMonth();
  PortfolioReport report = ScanPortfolio(portfolio_rules_, paths, CandidateIdentity{}, as_of);
  ReadPages(report, as_of);
  LinkProjects(ResumeStructure{}, report);
  const ScoringInput empty;
  ScoringInput scoring;
  AddPortfolioEvidence(portfolio_rules_, rules_, lexicon_, report.projects, as_of, scoring);
  const Level* level = rules_.FindLevel(options.level.empty() ? "mid" : options.level);
  Assessment assessment = Score(rules_, lexicon_, scoring, level);
  const PortfolioAdviceContext context{portfolio_rules_, rules_, lexicon_, empty, assessment, level, as_of};
  MakePortfolioAdvice(context, report, false);
  return {std::move(report), std::move(assessment)};
}

}  // namespace ra
