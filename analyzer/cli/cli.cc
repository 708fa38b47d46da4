#include "analyzer/cli/cli.h"

#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <future>
#include <iostream>
#include <optional>

#include <boost/program_options.hpp>
#include <re2/re2.h>

#include "analyzer/batch/progress.h"
#include "analyzer/batch/result_cache.h"
#include "analyzer/batch/runner.h"
#include "analyzer/batch/stage_timings.h"
#include "analyzer/match/lexicon_image.h"
#include "analyzer/report/csv_report.h"
#include "analyzer/report/explain_report.h"
#include "analyzer/report/html_report.h"
#include "analyzer/report/json_report.h"
#include "analyzer/report/structure_report.h"
#include "analyzer/report/text_report.h"
#include "version.h"

namespace ra {
namespace {

namespace po = boost::program_options;

constexpr const char* kProgram = "resume-analyzer";
constexpr int kExitInterrupted = 130;  // 128 + SIGINT, as shells report it

// Set by SIGINT/SIGTERM during a scan. A signal handler can only reach
// global state, hence this one global.
std::atomic<bool> g_stop_requested{false};

extern "C" void RequestStop(int) { g_stop_requested.store(true); }

// Ctrl-C during a scan stops it cleanly for as long as this object lives.
class StopOnInterrupt {
 public:
  StopOnInterrupt() {
    g_stop_requested.store(false);
    struct sigaction action {};
    action.sa_handler = &RequestStop;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous_int_);
    sigaction(SIGTERM, &action, &previous_term_);
  }
  ~StopOnInterrupt() {
    sigaction(SIGINT, &previous_int_, nullptr);
    sigaction(SIGTERM, &previous_term_, nullptr);
  }
  StopOnInterrupt(const StopOnInterrupt&) = delete;
  StopOnInterrupt& operator=(const StopOnInterrupt&) = delete;

 private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

struct UsageError {
  std::string message;
};

const char* kOverview =
    "Usage: resume-analyzer COMMAND [OPTIONS] ...\n"
    "\n"
    "Scores resumes of machine learning engineer candidates against the role's\n"
    "requirements, with the evidence found and advice ranked by what it adds.\n"
    "\n"
    "Commands:\n"
    "  check FILE        report on one resume (text for a terminal, or --format json)\n"
    "  scan PATH...      analyse every resume under files and folders (JSON Lines, CSV, JSON, HTML)\n"
    "  extract FILE      print the text exactly as the analyzer sees it (or --format json)\n"
    "  explain FILE      show every piece of evidence, its weight and the arithmetic of the score\n"
    "  portfolio PATH... report on a candidate's own projects (folders or Git clones) alone\n"
    "\n"
    "Options:\n"
    "  -h, --help        show this help (or `resume-analyzer COMMAND --help`)\n"
    "  --version         show the version and where lexicons and rules come from\n"
    "\n"
    "Exit codes: 0 all files analysed, 1 at least one file failed, 2 bad usage or data.\n";

po::options_description DataOptionsDescription() {
  po::options_description options("Data");
  options.add_options()
      ("lexicons", po::value<std::string>()->value_name("DIR"), "lexicon folder (default: bundled)")
      ("rules", po::value<std::string>()->value_name("FILE"), "rules file (default: bundled ml-engineer.toml)")
      ("portfolio-rules", po::value<std::string>()->value_name("FILE"),
       "what portfolio projects show and count for (default: portfolio.toml beside --rules, else bundled)");
  return options;
}

po::options_description AnalysisOptionsDescription() {
  po::options_description options("Analysis");
  options.add_options()
      ("as-of", po::value<std::string>()->value_name("YYYY-MM-DD"), "date that \"Present\" means (default: today)")
      ("level", po::value<std::string>()->value_name("LEVEL"), "junior, mid or senior: what is expected (default: inferred)")
      ("max-pages", po::value<int>()->default_value(50)->value_name("N"), "refuse PDFs with more pages")
      ("max-file-size", po::value<int>()->default_value(50)->value_name("MiB"), "refuse larger files");
  return options;
}

struct Parsed {
  po::variables_map values;
  std::vector<std::string> positional;
};

Parsed Parse(const std::vector<std::string>& arguments, const po::options_description& visible,
             const std::string& positional_name) {
  po::options_description all;
  all.add(visible);
  all.add_options()(positional_name.c_str(), po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add(positional_name.c_str(), -1);
  Parsed parsed;
  try {
    po::store(po::command_line_parser(arguments).options(all).positional(positional).run(), parsed.values);
    po::notify(parsed.values);
  } catch (const po::error& error) {
    throw UsageError{error.what()};
  }
  if (parsed.values.count(positional_name)) parsed.positional = parsed.values[positional_name].as<std::vector<std::string>>();
  return parsed;
}

DataOptions BuildDataOptions(const po::variables_map& values) {
  DataOptions options;
  if (values.count("lexicons")) options.lexicons_dir = values["lexicons"].as<std::string>();
  if (values.count("rules")) options.rules_file = values["rules"].as<std::string>();
  if (values.count("portfolio-rules")) options.portfolio_rules_file = values["portfolio-rules"].as<std::string>();
  return options;
}

MonthIndex ParseAsOf(const std::string& text) {
  static const RE2 kDate(R"((\d{4})-(\d{2})(?:-(\d{2}))?)");
  int year = 0;
  int month = 0;
  std::string day_text;
  if (!RE2::FullMatch(text, kDate, &year, &month, &day_text)) {
    throw UsageError{"--as-of must be YYYY-MM-DD, got '" + text + "'"};
  }
  const int day = day_text.empty() ? 1 : std::stoi(day_text);
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1950 || year > 2100) {
    throw UsageError{"--as-of is not a valid date: '" + text + "'"};
  }
  return MonthOf(year, month);
}

AnalyzeOptions BuildAnalyzeOptions(const po::variables_map& values) {
  AnalyzeOptions options;
  const int max_pages = values["max-pages"].as<int>();
  const int max_size = values["max-file-size"].as<int>();
  if (max_pages < 1) throw UsageError{"--max-pages must be at least 1"};
  if (max_size < 1) throw UsageError{"--max-file-size must be at least 1 (MiB)"};
  options.extract.max_pages = max_pages;
  options.extract.max_file_size = static_cast<std::uint64_t>(max_size) << 20;
  if (values.count("as-of")) options.as_of = ParseAsOf(values["as-of"].as<std::string>());
  if (values.count("portfolio")) options.portfolio = values["portfolio"].as<std::vector<std::string>>();
  if (values.count("level")) {
    options.level = values["level"].as<std::string>();
    if (options.level != "junior" && options.level != "mid" && options.level != "senior") {
      throw UsageError{"--level must be junior, mid or senior (got '" + options.level + "')"};
    }
  }
  return options;
}

std::optional<std::shared_ptr<const Analyzer>> LoadAnalyzer(const po::variables_map& values, std::ostream& err) {
  auto analyzer = Analyzer::Create(BuildDataOptions(values));
  if (!analyzer) {
    for (const auto& message : analyzer.error().messages) err << message << "\n";
    err << kProgram << ": refusing to run: " << analyzer.error().messages.size()
        << " problem(s) in the lexicon/rule data\n";
    return std::nullopt;
  }
  return *analyzer;
}

std::string OneFile(const Parsed& parsed, const char* command) {
  if (parsed.positional.size() != 1) {
    throw UsageError{std::string(command) + " takes exactly one FILE (got " + std::to_string(parsed.positional.size()) + ")"};
  }
  return parsed.positional.front();
}

std::string Choice(const po::variables_map& values, const char* name, std::initializer_list<const char*> allowed) {
  const std::string value = values[name].as<std::string>();
  for (const char* option : allowed) {
    if (value == option) return value;
  }
  std::string list;
  for (const char* option : allowed) list += (list.empty() ? "" : ", ") + std::string(option);
  throw UsageError{"--" + std::string(name) + " must be one of: " + list + " (got '" + value + "')"};
}

size_t TerminalWidth(bool is_tty) {
  if (const char* columns = std::getenv("COLUMNS")) {
    const int value = std::atoi(columns);
    if (value >= 40) return static_cast<size_t>(value);
  }
  winsize size{};
  if (is_tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col >= 40) return size.ws_col;
  return 80;
}

struct OneFileRun {
  std::shared_ptr<const Analyzer> analyzer;
  AnalysisResult result;  // may hold the file's error
};

// Validates the options, loads the data and analyses the one FILE argument;
// a usage error throws, bad data gives no run (the reasons are on `err`).
std::optional<OneFileRun> AnalyzeOneFile(const Parsed& parsed, const char* command, std::ostream& err) {
  const std::string file = OneFile(parsed, command);
  const AnalyzeOptions options = BuildAnalyzeOptions(parsed.values);
  // Loading the lexicons and rules and reading the file do not depend on
  // each other: with two cores one check costs the longer of the two.
  auto loading = std::async(std::launch::async, [&] { return LoadAnalyzer(parsed.values, err); });
  const InputFile input = CollectInputs({file}).files.front();
  const Expected<Document> document =
      input.error ? Expected<Document>(tl::unexpected(*input.error)) : ExtractDocument(input.path, options.extract);
  auto analyzer = loading.get();
  if (!analyzer) return std::nullopt;
  AnalysisResult result = AnalyzeInput(**analyzer, input, options, document);
  return OneFileRun{*analyzer, std::move(result)};
}

// A --portfolio path that is not there is said on stderr; the run goes on.
void ReportMissingProjects(const AnalysisResult& result, std::ostream& err) {
  if (!result.portfolio) return;
  for (const ProjectFacts& project : result.portfolio->projects) {
    if (project.missing) err << kProgram << ": portfolio: " << project.errors.front() << "\n";
  }
}

void PrintError(std::ostream& err, const AnalysisResult& result) {
  err << kProgram << ": " << result.file << ": " << result.error->code << ": " << result.error->message << "\n";
}

int RunCheck(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err, bool tty) {
  po::options_description visible("check FILE: report on one resume");
  visible.add_options()
      ("help,h", "show this help")
      ("format,f", po::value<std::string>()->default_value("text")->value_name("FMT"), "text or json")
      ("color", po::value<std::string>()->default_value("auto")->value_name("WHEN"), "auto, always or never (auto honours NO_COLOR)")
      ("width", po::value<int>()->value_name("N"), "wrap the text report at N columns (default: terminal)")
      ("portfolio", po::value<std::vector<std::string>>()->multitoken()->value_name("PATH..."),
       "the candidate's own projects: project folders, Git clones, or folders of them (offline; measured and scored)");
  visible.add(AnalysisOptionsDescription()).add(DataOptionsDescription());
  const Parsed parsed = Parse(arguments, visible, "file");
  if (parsed.values.count("help")) {
    out << "Usage: resume-analyzer check [OPTIONS] FILE [--portfolio PATH...]\n\n" << visible << "\n";
    return kExitOk;
  }
  const std::string format = Choice(parsed.values, "format", {"text", "json"});
  const std::string color = Choice(parsed.values, "color", {"auto", "always", "never"});
  const auto run = AnalyzeOneFile(parsed, "check", err);
  if (!run) return kExitUsage;
  const Analyzer& analyzer = *run->analyzer;
  const AnalysisResult& result = run->result;
  ReportMissingProjects(result, err);
  if (format == "json") {
    out << ResultToJson(result, analyzer).dump(2) << "\n";
  } else if (result.ok()) {
    TextStyle style;
    const bool no_color = std::getenv("NO_COLOR") != nullptr && *std::getenv("NO_COLOR") != '\0';
    style.color = color == "always" || (color == "auto" && tty && !no_color);
    style.width = parsed.values.count("width") ? static_cast<size_t>(std::max(40, parsed.values["width"].as<int>()))
                                               : TerminalWidth(tty);
    out << TextReport(result, analyzer, style);
  }
  if (!result.ok()) {
    PrintError(err, result);
    return kExitFileFailed;
  }
  return kExitOk;
}

int RunExplain(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err) {
  po::options_description visible("explain FILE: every piece of evidence with its weight and the arithmetic");
  visible.add_options()
      ("help,h", "show this help")
      ("width", po::value<int>()->value_name("N"), "wrap at N columns (default: terminal)")
      ("portfolio", po::value<std::vector<std::string>>()->multitoken()->value_name("PATH..."),
       "the candidate's own projects, as with check: their evidence is explained too");
  visible.add(AnalysisOptionsDescription()).add(DataOptionsDescription());
  const Parsed parsed = Parse(arguments, visible, "file");
  if (parsed.values.count("help")) {
    out << "Usage: resume-analyzer explain [OPTIONS] FILE [--portfolio PATH...]\n\n" << visible << "\n";
    return kExitOk;
  }
  const auto run = AnalyzeOneFile(parsed, "explain", err);
  if (!run) return kExitUsage;
  const AnalysisResult& result = run->result;
  ReportMissingProjects(result, err);
  if (!result.ok()) {
    PrintError(err, result);
    return kExitFileFailed;
  }
  TextStyle style;
  style.width = parsed.values.count("width") ? static_cast<size_t>(std::max(40, parsed.values["width"].as<int>()))
                                             : TerminalWidth(false);
  out << ExplainReport(result, *run->analyzer, style);
  return kExitOk;
}

// The date and time of a report, e.g. "2026-11-21 15:50 UTC".
std::string UtcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M UTC", &utc);
  return buffer;
}

int RunScan(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err) {
  po::options_description visible("scan PATH...: analyse every resume under files and folders");
  visible.add_options()
      ("help,h", "show this help")
      ("format,f", po::value<std::string>()->default_value("jsonl")->value_name("FMT"), "jsonl, csv, json or html")
      ("output,o", po::value<std::string>()->value_name("FILE"), "write here instead of stdout")
      ("jobs,j", po::value<int>()->default_value(0)->value_name("N"), "worker threads (0: all cores)")
      ("quiet,q", "no per-file error lines on stderr")
      ("timeout", po::value<double>()->default_value(5)->value_name("SECONDS"), "give up on a file after this long")
      ("max-memory", po::value<int>()->default_value(1024)->value_name("MiB"), "memory limit of each extraction worker")
      ("no-isolate", "extract in this process (no timeout or memory limit)")
      ("cache", po::value<std::string>()->value_name("FILE"), "reuse results of earlier scans kept in this SQLite file")
      ("files-from", po::value<std::string>()->value_name("FILE"), "also read paths, one per line, from FILE (- for stdin)")
      ("shard", po::value<std::string>()->value_name("K/N"), "analyse only shard K of N (0 <= K < N), split by path hash")
      ("timings", "at the end, print time spent per stage (extract, normalise, match, score, write) to stderr");
  visible.add(AnalysisOptionsDescription()).add(DataOptionsDescription());
  const Parsed parsed = Parse(arguments, visible, "path");
  if (parsed.values.count("help")) {
    out << "Usage: resume-analyzer scan [OPTIONS] PATH...\n\n" << visible << "\n";
    return kExitOk;
  }
  std::vector<std::string> paths = parsed.positional;
  if (parsed.values.count("files-from")) {
    const std::string list = parsed.values["files-from"].as<std::string>();
    if (list == "-") {
      const auto more = ReadPathList(std::cin);
      paths.insert(paths.end(), more.begin(), more.end());
    } else {
      std::ifstream in(list);
      if (!in) throw UsageError{"cannot read --files-from '" + list + "'"};
      const auto more = ReadPathList(in);
      paths.insert(paths.end(), more.begin(), more.end());
    }
  }
  if (paths.empty()) throw UsageError{"scan needs at least one PATH (or --files-from)"};
  std::optional<std::pair<unsigned, unsigned>> shard;
  if (parsed.values.count("shard")) {
    const std::string text = parsed.values["shard"].as<std::string>();
    unsigned index = 0;
    unsigned count = 0;
    if (!RE2::FullMatch(text, R"((\d+)/(\d+))", &index, &count) || count == 0 || index >= count) {
      throw UsageError{"--shard must be K/N with 0 <= K < N (got '" + text + "')"};
    }
    shard = std::make_pair(index, count);
  }
  const std::string format = Choice(parsed.values, "format", {"jsonl", "csv", "json", "html"});
  const int jobs = parsed.values["jobs"].as<int>();
  if (jobs < 0 || jobs > 1024) throw UsageError{"--jobs must be between 0 and 1024"};
  BatchOptions options;
  options.jobs = static_cast<unsigned>(jobs);
  options.analyze = BuildAnalyzeOptions(parsed.values);
  const bool quiet = parsed.values.count("quiet") > 0;
  if (!parsed.values.count("no-isolate")) {
    const double timeout = parsed.values["timeout"].as<double>();
    const int max_memory = parsed.values["max-memory"].as<int>();
    if (!(timeout > 0 && timeout <= 3600)) throw UsageError{"--timeout must be between 0 and 3600 seconds"};
    if (max_memory < 64) throw UsageError{"--max-memory must be at least 64 (MiB)"};
    IsolationOptions isolation;
    if (const char* worker = std::getenv("RESUME_ANALYZER_WORKER"); worker != nullptr && *worker != '\0') {
      isolation.executable = worker;  // default: this program
    }
    isolation.timeout = std::chrono::milliseconds(static_cast<long>(timeout * 1000));
    isolation.max_memory_mib = static_cast<std::uint64_t>(max_memory);
    options.isolation = isolation;
  }

  std::ofstream file_output;
  std::ostream* sink = &out;
  if (parsed.values.count("output")) {
    const std::string path = parsed.values["output"].as<std::string>();
    file_output.open(path, std::ios::binary | std::ios::trunc);
    if (!file_output) throw UsageError{"cannot write output file '" + path + "'"};
    sink = &file_output;
  }
  auto analyzer = LoadAnalyzer(parsed.values, err);
  if (!analyzer) return kExitUsage;

  CollectedInputs inputs = CollectInputs(paths);
  if (shard) inputs.files = TakeShard(std::move(inputs.files), shard->first, shard->second);
  if (!inputs.skipped.empty() && !quiet) {
    err << kProgram << ": skipped " << inputs.skipped.size() << " file(s) in folders that are not documents"
        << " (e.g. " << inputs.skipped.front() << "); name a file to analyse it anyway\n";
  }
  std::unique_ptr<ResultCache> cache;
  if (parsed.values.count("cache")) {
    auto opened = ResultCache::Open(parsed.values["cache"].as<std::string>());
    if (!opened) {
      err << kProgram << ": " << opened.error().message << "\n";
      return kExitUsage;
    }
    cache = std::move(*opened);
  }
  // What besides the file's bytes decides its result.
  const std::string result_key = std::string("|") + kAnalyzerVersion + "|" + (*analyzer)->data_fingerprint() + "|" +
                                 std::to_string(options.analyze.as_of != 0 ? options.analyze.as_of : CurrentMonth()) +
                                 "|" + options.analyze.level + "|" + std::to_string(options.analyze.extract.max_pages) +
                                 "|" + std::to_string(options.analyze.extract.max_file_size);
  const size_t total = inputs.files.size();
  std::vector<std::string> keys(total);
  std::vector<std::optional<std::string>> cached(total);
  std::vector<InputFile> to_analyze;
  std::vector<size_t> analyzed_index;  // position in inputs.files of each file to analyse
  for (size_t i = 0; i < total; ++i) {
    // A candidate folder's result depends on its projects too: not cached.
    if (cache && !inputs.files[i].error && inputs.files[i].portfolio.empty()) {
      inputs.files[i].content_hash = ContentHash(inputs.files[i].path);
      if (!inputs.files[i].content_hash.empty()) {
        keys[i] = inputs.files[i].content_hash + result_key;
        cached[i] = cache->Find(keys[i]);
      }
    }
    if (!cached[i]) {
      to_analyze.push_back(inputs.files[i]);
      analyzed_index.push_back(i);
    }
  }

  size_t failed = 0;
  size_t written = 0;
  const bool show_progress = !quiet && isatty(STDERR_FILENO) != 0;
  Progress progress(total, err, show_progress);
  StopOnInterrupt stop_on_interrupt;
  options.stop = &g_stop_requested;
  DuplicateMarker duplicates;
  if (format == "csv") *sink << CsvHeader((*analyzer)->rules());
  if (format == "json") *sink << "[";
  // The HTML page is ranked, so it collects (a summary of) every result first.
  std::optional<HtmlReport> html;
  if (format == "html") html.emplace((*analyzer)->rules());
  auto write = [&](const nlohmann::ordered_json& json) {
    const bool ok = json.at("status") == "ok";
    if (!ok) {
      ++failed;
      if (!quiet) {
        if (show_progress) err << "\r\x1b[K";
        err << kProgram << ": " << json.at("file").get<std::string>() << ": "
            << json.at("error").at("code").get<std::string>() << ": "
            << json.at("error").at("message").get<std::string>() << "\n";
      }
    }
    if (format == "csv") {
      *sink << CsvRowFromJson(json, (*analyzer)->rules());
    } else if (format == "json") {
      *sink << (written == 0 ? "\n" : ",\n") << json.dump();
    } else if (html) {
      html->Add(json);
    } else {
      // One whole JSON value per line, flushed, so a consumer never sees half a result.
      *sink << json.dump() << "\n" << std::flush;
    }
    ++written;
    progress.Advance(!ok);
  };
  size_t next = 0;  // the next input, in order, to write
  auto write_cached_until = [&](size_t end) {
    for (; next < end; ++next) {
      auto json = nlohmann::ordered_json::parse(*cached[next]);
      json["file"] = inputs.files[next].path;
      json.erase("duplicate_of");
      const std::string first = duplicates.FirstWith(json.value("content_hash", ""), inputs.files[next].path);
      if (!first.empty()) json["duplicate_of"] = first;
      write(json);
    }
  };
  size_t analyzed = 0;
  StageTotals timings;
  RunBatch(**analyzer, to_analyze, options, [&](AnalysisResult&& result) {
    const size_t index = analyzed_index[analyzed++];
    write_cached_until(index);
    const auto write_start = std::chrono::steady_clock::now();
    timings.Add(result.times);
    duplicates.Mark(result);
    const auto json = ResultToJson(result, **analyzer);
    if (cache && !keys[index].empty() && (result.ok() || IsLastingError(result.error->code))) {
      auto stored = json;
      stored.erase("duplicate_of");
      cache->Store(keys[index], stored.dump());
    }
    write(json);
    timings.AddWrite(std::chrono::steady_clock::now() - write_start);
    next = index + 1;
  });
  if (!g_stop_requested.load()) write_cached_until(total);
  progress.Finish();
  if (parsed.values.count("timings")) err << kProgram << ": " << timings.Summary() << "\n";
  if (format == "json") *sink << (written == 0 ? "]\n" : "\n]\n");
  if (html) html->Write(*sink, {UtcNow(), total, g_stop_requested.load()});
  sink->flush();
  if (!*sink) {
    err << kProgram << ": writing the output failed\n";
    return kExitFileFailed;
  }
  if (g_stop_requested.load()) {
    err << kProgram << ": interrupted after " << written << " of " << total
        << " files; the output holds complete results only\n";
    return kExitInterrupted;
  }
  return failed > 0 ? kExitFileFailed : kExitOk;
}

int RunExtract(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err) {
  po::options_description visible("extract FILE: print the text as the analyzer sees it");
  visible.add_options()
      ("help,h", "show this help")
      ("format,f", po::value<std::string>()->default_value("text")->value_name("FMT"),
       "text (the normalised text; evidence offsets index into it), json (text plus parsed structure: "
       "contact, sections, entries, education, projects) or jsonresume (a JSON Resume v1.0.0 document)");
  visible.add(AnalysisOptionsDescription()).add(DataOptionsDescription());
  const Parsed parsed = Parse(arguments, visible, "file");
  if (parsed.values.count("help")) {
    out << "Usage: resume-analyzer extract [OPTIONS] FILE\n\n" << visible << "\n";
    return kExitOk;
  }
  const std::string format = Choice(parsed.values, "format", {"text", "json", "jsonresume"});
  const auto run = AnalyzeOneFile(parsed, "extract", err);
  if (!run) return kExitUsage;
  const AnalysisResult& result = run->result;
  if (!result.ok()) {
    PrintError(err, result);
    return kExitFileFailed;
  }
  if (format == "json") {
    out << StructureReportJson(result, *run->analyzer).dump(2) << "\n";
  } else if (format == "jsonresume") {
    out << JsonResumeJson(result, *run->analyzer).dump(2) << "\n";
  } else {
    out << result.text.display;
  }
  return kExitOk;
}

int RunPortfolio(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err, bool tty) {
  po::options_description visible("portfolio PATH...: report on a candidate's own projects alone");
  visible.add_options()
      ("help,h", "show this help")
      ("format,f", po::value<std::string>()->default_value("text")->value_name("FMT"), "text or json")
      ("width", po::value<int>()->value_name("N"), "wrap the text report at N columns (default: terminal)")
      ("as-of", po::value<std::string>()->value_name("YYYY-MM-DD"), "date the recency of commits is measured at (default: today)")
      ("level", po::value<std::string>()->value_name("LEVEL"), "junior, mid or senior: what is expected (default: mid)");
  visible.add(DataOptionsDescription());
  const Parsed parsed = Parse(arguments, visible, "path");
  if (parsed.values.count("help")) {
    out << "Usage: resume-analyzer portfolio [OPTIONS] PATH...\n\n"
           "Each PATH is a project folder or Git clone, or a folder holding several.\n"
           "Nothing is fetched from the network.\n\n" << visible << "\n";
    return kExitOk;
  }
  if (parsed.positional.empty()) throw UsageError{"portfolio needs at least one PATH"};
  const std::string format = Choice(parsed.values, "format", {"text", "json"});
  AnalyzeOptions options;
  if (parsed.values.count("as-of")) options.as_of = ParseAsOf(parsed.values["as-of"].as<std::string>());
  if (parsed.values.count("level")) {
    options.level = parsed.values["level"].as<std::string>();
    if (options.level != "junior" && options.level != "mid" && options.level != "senior") {
      throw UsageError{"--level must be junior, mid or senior (got '" + options.level + "')"};
    }
  }
  auto analyzer = LoadAnalyzer(parsed.values, err);
  if (!analyzer) return kExitUsage;
  const auto [report, assessment] = (*analyzer)->AnalyzePortfolio(parsed.positional, options);
  if (format == "json") {
    out << PortfolioResultToJson(report, assessment, **analyzer).dump(2) << "\n";
  } else {
    TextStyle style;
    style.width = parsed.values.count("width") ? static_cast<size_t>(std::max(40, parsed.values["width"].as<int>()))
                                               : TerminalWidth(tty);
    out << "The portfolio alone scores " << FormatFixed(assessment.score, 0) << "/100 (" << assessment.level << " level)\n";
    for (const auto& requirement : assessment.requirements) {
      if (requirement.score <= 0) continue;
      out << "  " << requirement.rule->name << ": " << FormatFixed(requirement.score, 0) << "\n";
    }
    out << "\n" << PortfolioSection(report, **analyzer, style);
  }
  // A path that could not be read at all is a failure; limits and skipped files are not.
  for (const ProjectFacts& project : report.projects) {
    if (project.missing) {
      for (const auto& error : project.errors) err << kProgram << ": " << error << "\n";
      return kExitFileFailed;
    }
  }
  return kExitOk;
}

// The hidden mode the batch runner starts its extraction workers in
// (batch/isolated_extractor.h): MAX_PAGES MAX_FILE_SIZE MAX_MEMORY_MIB.
int RunWorker(const std::vector<std::string>& arguments, std::ostream& out) {
  if (arguments.size() != 3) throw UsageError{"__extract-worker takes MAX_PAGES MAX_FILE_SIZE MAX_MEMORY_MIB"};
  ExtractOptions extract;
  extract.max_pages = std::stoi(arguments[0]);
  extract.max_file_size = std::stoull(arguments[1]);
  return RunExtractWorker(std::cin, out, extract, std::stoull(arguments[2]));
}

int RunVersion(std::ostream& out) {
  out << kProgram << " " << kAnalyzerVersion << "\n";
  out << DescribeDataOrigin(DataOptions{}) << "\n";
  // Whether runs start from the build's precompiled lexicons (match/lexicon_image.h).
  if (auto files = ReadLexiconFiles(DataOptions{})) {
    const bool precompiled = LoadEmbeddedLexiconImage(*files).has_value();
    out << "lexicon index: "
        << (precompiled ? "precompiled at build time" : "compiled at each start (the files differ from the bundled ones)")
        << "\n";
  }
  return kExitOk;
}

}  // namespace

int RunCli(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err, bool stdout_is_tty) {
  if (arguments.empty()) {
    err << kOverview;
    return kExitUsage;
  }
  const std::string& command = arguments.front();
  const std::vector<std::string> rest(arguments.begin() + 1, arguments.end());
  try {
    if (command == "-h" || command == "--help" || command == "help") {
      out << kOverview;
      return kExitOk;
    }
    if (command == "--version" || command == "-V" || command == "version") return RunVersion(out);
    if (command == "check") return RunCheck(rest, out, err, stdout_is_tty);
    if (command == "scan") return RunScan(rest, out, err);
    if (command == "extract") return RunExtract(rest, out, err);
    if (command == "explain") return RunExplain(rest, out, err);
    if (command == "portfolio") return RunPortfolio(rest, out, err, stdout_is_tty);
    if (command == "__extract-worker") return RunWorker(rest, out);
    throw UsageError{"unknown command '" + command + "' (commands: check, scan, extract, explain, portfolio)"};
  } catch (const UsageError& error) {
    err << kProgram << ": " << error.message << "\n";
    err << "Try '" << kProgram << " --help'.\n";
    return kExitUsage;
  }
}

}  // namespace ra
