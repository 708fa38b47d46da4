#pragma once
// Turns the paths a user gives into the ordered list of files to analyse:
// arguments in the order given, files under a folder in path order. Nothing
// is dropped silently: a missing path or an unreadable folder becomes an
// input that carries its error.

#include <filesystem>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/error.h"

namespace ra {

struct InputFile {
  std::string path;            // as it will appear in the output
  std::optional<Error> error;  // set when the path cannot be analysed at all
  std::string content_hash;    // when already known (e.g. from a cache look-up)
  // Project folders beside the resume in a candidate folder (see
  // CollectInputs), analysed as its portfolio.
  std::vector<std::string> portfolio;
};

struct CollectedInputs {
  std::vector<InputFile> files;
  // Files inside folders that are not documents (images, scripts, sources):
  // left out of the output but counted, so the run can say what it passed over.
  std::vector<std::string> skipped;
};

// A file named on the command line is always analysed. Inside folders, every
// document a resume may come in (.pdf, .txt, .md, .docx, .doc, .rtf, .odt,
// ...) is analysed, even formats not read yet, which then fail with
// unsupported-format; other files are skipped and counted. Hidden files and
// folders are skipped; symlinked folders are not followed (no loops),
// symlinked files are.
//
// A candidate folder, a folder holding exactly one document and at least one
// project folder (a Git repository, or a folder with Python code or a
// pyproject.toml, setup.py or requirements.txt at its top), is one candidate:
// its document is the resume and its project folders are its portfolio; the
// project folders are not searched for resumes (their READMEs are no resumes).
CollectedInputs CollectInputs(const std::vector<std::string>& arguments);

// Paths listed one per line (blank lines skipped), as `--files-from` reads
// them from a file or standard input.
std::vector<std::string> ReadPathList(std::istream& in);

// Keeps the inputs of shard `index` of `count` (0 <= index < count): a file
// belongs to the shard its path hashes to (64-bit FNV-1a, mixed), so the split is
// stable across runs and machines given the same path strings.
std::vector<InputFile> TakeShard(std::vector<InputFile> inputs, unsigned index, unsigned count);

// True for a folder that looks like a code project (see CollectInputs).
bool IsProjectFolder(const std::filesystem::path& path);

// True for file names a resume may come in, read or not.
bool IsDocumentName(const std::filesystem::path& path);

}  // namespace ra
