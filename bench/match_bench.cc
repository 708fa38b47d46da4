// Matching speed: lexicon load/compile time and MB/s of resume text matched,
// on the normalised text of the bundled samples (repeated to a few MB).
// Prints figures; asserts nothing.
//
// Usage: match-bench [SOURCE_DIR] [MEGABYTES]

#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "analyzer/data/data_files.h"
#include "analyzer/data/lexicon_data.h"
#include "analyzer/extract/extract.h"
#include "analyzer/match/lexicon.h"
#include "analyzer/match/matcher.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// Processor time of this process: unlike wall time, it does not count the
// time other processes held the processor, so figures stay comparable on a
// busy machine.
double CpuSeconds(std::clock_t since) { return static_cast<double>(std::clock() - since) / CLOCKS_PER_SEC; }

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  const fs::path source = argc > 1 ? fs::path(argv[1]) : fs::path(RA_SOURCE_DIR);
  const double megabytes = argc > 2 ? std::stod(argv[2]) : 4.0;

  ra::DataOptions options;
  options.lexicons_dir = source / "lexicons";
  auto start = Clock::now();
  std::clock_t cpu = std::clock();
  auto files = ra::ReadLexiconFiles(options);
  auto data = files ? ra::ParseLexiconData(*files) : tl::unexpected(files.error());
  if (!data) {
    std::fprintf(stderr, "lexicons do not load\n");
    return 1;
  }
  const double parse_seconds = Seconds(start);
  const double parse_cpu = CpuSeconds(cpu);
  const size_t entries = data->entries.size();
  start = Clock::now();
  cpu = std::clock();
  auto lexicon = ra::CompiledLexicon::Compile(std::move(*data));
  if (!lexicon) return 1;
  const double compile_seconds = Seconds(start);
  const double compile_cpu = CpuSeconds(cpu);

  // The samples' normalised text, as the pipeline would see it.
  std::vector<std::string> texts;
  for (const auto& item : fs::directory_iterator(source / "samples")) {
    if (!ra::HasResumeExtension(item.path())) continue;
    auto document = ra::ExtractDocument(item.path(), ra::ExtractOptions{});
    if (document) texts.push_back(ra::Normalize(*document).display);
  }
  struct Prepared {
    std::string display;
    ra::FoldedText folded;
    ra::WordBoundaries boundaries;
  };
  std::vector<Prepared> prepared;
  for (const auto& text : texts) prepared.push_back(Prepared{text, ra::FoldCase(text), ra::Tokenize(text)});

  // The first pass builds RE2's lazy DFA states; measured apart.
  start = Clock::now();
  size_t hits = 0;
  for (const auto& text : prepared) hits += ra::MatchLexicon(*lexicon, {text.display, text.folded, text.boundaries}).size();
  const double first_pass = Seconds(start);

  size_t bytes = 0;
  start = Clock::now();
  const std::clock_t cpu_start = std::clock();
  while (static_cast<double>(bytes) < megabytes * 1e6) {
    for (const auto& text : prepared) {
      ra::MatchLexicon(*lexicon, {text.display, text.folded, text.boundaries});
      bytes += text.display.size();
    }
  }
  const double seconds = Seconds(start);
  const double cpu_seconds = CpuSeconds(cpu_start);

  std::printf("lexicon entries               %zu\n", entries);
  std::printf("parse + validate TOML         %.1f ms (CPU %.1f ms)\n", parse_seconds * 1e3, parse_cpu * 1e3);
  std::printf("compile (syntax, prefixes)    %.1f ms (CPU %.1f ms)\n", compile_seconds * 1e3, compile_cpu * 1e3);
  std::printf("texts                         %zu samples, %zu hits in all\n", prepared.size(), hits);
  std::printf("first pass (cold DFA)         %.1f ms\n", first_pass * 1e3);
  std::printf("matching, warm                %.1f MB/s (%.1f MB in %.2f s)\n", static_cast<double>(bytes) / 1e6 / seconds,
              static_cast<double>(bytes) / 1e6, seconds);
  std::printf("matching, warm, CPU time      %.1f MB/s\n", static_cast<double>(bytes) / 1e6 / cpu_seconds);
  return 0;
}
