#pragma once
// Analyses many files on a pool of worker threads and hands the results to
// `sink` one at a time, in input order, whatever the number of jobs
// (results are held in numbered slots until their turn, as ugrep does).
// Workers run at most a bounded distance ahead of the writer, so memory does
// not grow with the number of files.

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "analyzer/batch/inputs.h"
#include "analyzer/batch/isolated_extractor.h"
#include "analyzer/pipeline.h"

namespace ra {

struct BatchOptions {
  unsigned jobs = 0;  // worker threads (0: all cores)
  AnalyzeOptions analyze;
  // When set (e.g. by Ctrl-C), no new file is started; the files before the
  // first unfinished one are still handed to the sink, in order.
  const std::atomic<bool>* stop = nullptr;
  // Extract in worker processes with a timeout and a memory limit (each
  // batch thread owns one); in-process when unset.
  std::optional<IsolationOptions> isolation;
};

// Calls `sink` on the calling thread, exactly once per input, in order, and
// returns how many inputs were handed over (fewer only when stopped).
size_t RunBatch(const Analyzer& analyzer, const std::vector<InputFile>& inputs, const BatchOptions& options,
              const std::function<void(AnalysisResult&&)>& sink);

// "fnv1a64:<16 hex digits>" of a file's bytes, or "" when it cannot be read.
std::string ContentHash(const std::string& path);

// Marks results whose content an earlier result already had, in the order
// they are handed over. Not thread-safe: use from the sink.
class DuplicateMarker {
 public:
  void Mark(AnalysisResult& result) { result.duplicate_of = FirstWith(result.content_hash, result.file); }
  // The earlier file with this content, or "" when `file` is the first.
  std::string FirstWith(const std::string& content_hash, const std::string& file) {
    if (content_hash.empty()) return std::string();
    auto [it, inserted] = first_.try_emplace(content_hash, file);
    return inserted ? std::string() : it->second;
  }

 private:
  std::unordered_map<std::string, std::string> first_;  // hash -> first file
};

// Analyses one input, turning anything thrown into an internal-error result.
// With an extractor, the file is read in its worker process.
AnalysisResult AnalyzeInput(const Analyzer& analyzer, const InputFile& input, const AnalyzeOptions& options,
                            IsolatedExtractor* extractor = nullptr);
// The same, for a document already extracted (`check` extracts while the
// lexicons load).
AnalysisResult AnalyzeInput(const Analyzer& analyzer, const InputFile& input, const AnalyzeOptions& options,
                            const Expected<Document>& document);

}  // namespace ra
