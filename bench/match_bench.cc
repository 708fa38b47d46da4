// Matching speed: lexicon load/compile time (from the TOML files, and from
// the precompiled image a run on the bundled lexicons uses) and MB/s of
// resume text matched, on the normalised text of the bundled samples
// (repeated to a few MB).
// Prints figures; asserts nothing.
//
// Usage: match-bench [SOURCE_DIR] [MEGABYTES] [RESUMES_DIR]
// RESUMES_DIR: resumes to match instead of the bundled samples (e.g. a
// folder of real resumes, which mention fewer skills than the samples).

#include <chrono>
#include <algorithm>
#include <optional>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "analyzer/data/data_files.h"
#include "analyzer/data/lexicon_data.h"
#include "analyzer/extract/extract.h"
#include "analyzer/match/lexicon.h"
#include "analyzer/match/lexicon_image.h"
#include "analyzer/match/matcher.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// Processor time of this thread: on a shared machine, time spent waiting
// for a core is not the matcher's.
double ThreadSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}


// The warm rounds' calls, apart so that a profiler can be told to record
// only them (valgrind --toggle-collect='*MatchWarm*').
[[gnu::noinline]] size_t MatchWarm(const ra::CompiledLexicon& lexicon, const ra::MatchableText& text) {
  return ra::MatchLexicon(lexicon, text).size();
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  const fs::path source = argc > 1 ? fs::path(argv[1]) : fs::path(RA_SOURCE_DIR);
  const double megabytes = argc > 2 ? std::stod(argv[2]) : 4.0;
  const fs::path resumes = argc > 3 ? fs::path(argv[3]) : source / "samples";

  ra::DataOptions options;
  options.lexicons_dir = source / "lexicons";
  // Loading is timed three times, best kept (see the matching rounds below).
  double parse_seconds = 1e9;
  double compile_seconds = 1e9;
  size_t entries = 0;
  std::optional<ra::CompiledLexicon> lexicon;
  for (int round = 0; round < 3; ++round) {
    auto start = Clock::now();
    auto files = ra::ReadLexiconFiles(options);
    auto data = files ? ra::ParseLexiconData(*files) : tl::unexpected(files.error());
    if (!data) {
      std::fprintf(stderr, "lexicons do not load\n");
      return 1;
    }
    parse_seconds = std::min(parse_seconds, Seconds(start));
    entries = data->entries.size();
    start = Clock::now();
    auto compiled = ra::CompiledLexicon::Compile(std::move(*data));
    if (!compiled) return 1;
    compile_seconds = std::min(compile_seconds, Seconds(start));
    lexicon.emplace(std::move(*compiled));
  }

  // What a run on the bundled lexicons does instead: load the image the build
  // made of them (analyzer/match/lexicon_image.h).
  const std::string image = ra::SaveLexiconImage(*lexicon, "bench");
  double image_seconds = 1e9;
  for (int round = 0; round < 3; ++round) {
    const auto start = Clock::now();
    if (!ra::LoadLexiconImage(image, "bench")) return 1;
    image_seconds = std::min(image_seconds, Seconds(start));
  }

  // The samples' normalised text, as the pipeline would see it.
  std::vector<std::string> texts;
  for (const auto& item : fs::directory_iterator(resumes)) {
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

  // The first pass compiles the entries and guards the texts need and builds
  // RE2's lazy DFA states; measured apart.
  auto start = Clock::now();
  size_t hits = 0;
  for (const auto& text : prepared) hits += ra::MatchLexicon(*lexicon, {text.display, text.folded, text.boundaries}).size();
  const double first_pass = Seconds(start);

  // Best of a few rounds: on a shared machine the slowest rounds measure
  // the neighbours, the fastest the code.
  constexpr int kRounds = 20;
  double best_seconds = 0;
  size_t bytes = 0;
  for (int round = 0; round < kRounds; ++round) {
    size_t round_bytes = 0;
    const double round_start = ThreadSeconds();
    while (static_cast<double>(round_bytes) < megabytes * 1e6 / kRounds) {
      for (const auto& text : prepared) {
        MatchWarm(*lexicon, {text.display, text.folded, text.boundaries});
        round_bytes += text.display.size();
      }
    }
    const double seconds = ThreadSeconds() - round_start;
    if (round == 0 || seconds / static_cast<double>(round_bytes) < best_seconds / static_cast<double>(bytes)) {
      best_seconds = seconds;
      bytes = round_bytes;
    }
  }
  std::printf("lexicon entries               %zu\n", entries);
  std::printf("parse + validate TOML         %.1f ms (best of 3)\n", parse_seconds * 1e3);
  std::printf("compile (syntax, prefixes)    %.1f ms (best of 3)\n", compile_seconds * 1e3);
  std::printf("prefix index nodes            %zu folded, %zu case-sensitive\n", lexicon->folded_index().node_count(),
              lexicon->cased_index().node_count());
  std::printf("load precompiled image        %.1f ms (best of 3; %.1f MB; instead of both above)\n", image_seconds * 1e3,
              static_cast<double>(image.size()) / 1e6);
  size_t text_bytes = 0;
  for (const auto& text : prepared) text_bytes += text.display.size();
  std::printf("texts                         %zu resumes (%s), %.0f KB, %zu hits in all\n", prepared.size(),
              resumes.string().c_str(), static_cast<double>(text_bytes) / 1e3, hits);
  std::printf("first pass (cold)             %.1f ms (compiles the regexes and guard indexes the texts need)\n", first_pass * 1e3);
  std::printf("matching, warm, best of %d    %.1f MB/s (%.2f MB in %.3f s of processor time)\n", kRounds,
              static_cast<double>(bytes) / 1e6 / best_seconds, static_cast<double>(bytes) / 1e6, best_seconds);
  return 0;
}
