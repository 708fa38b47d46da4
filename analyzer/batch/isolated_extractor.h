#pragma once
// Extraction in a child process, so that a crash, hang or memory blow-up
// inside a PDF library costs only the file that caused it. Each batch worker
// thread owns one long-lived child (`resume-analyzer __extract-worker`),
// sends it one path at a time and waits at most `timeout`; a child that dies
// or runs out of time is killed and replaced for the next file.
//
// Not copyable or movable; one per thread.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>

#include "analyzer/error.h"
#include "analyzer/extract/document.h"
#include "analyzer/extract/extract.h"

namespace ra {

struct IsolationOptions {
  std::string executable = "/proc/self/exe";     // the binary that has the worker mode
  std::chrono::milliseconds timeout{5000};        // per file (5 s)
  std::uint64_t max_memory_mib = 1024;            // address-space limit of the child (1 GiB)
};

class IsolatedExtractor {
 public:
  IsolatedExtractor(IsolationOptions isolation, ExtractOptions extract);
  ~IsolatedExtractor();
  IsolatedExtractor(const IsolatedExtractor&) = delete;
  IsolatedExtractor& operator=(const IsolatedExtractor&) = delete;

  // Errors include timeout, memory-limit and crashed besides extraction's own.
  Expected<Document> Extract(const std::string& path);

 private:
  bool Start();
  void Stop(bool kill);
  Expected<std::string> ReadLine(std::chrono::steady_clock::time_point deadline);

  IsolationOptions isolation_;
  ExtractOptions extract_;
  pid_t pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
  std::string buffer_;
};

// The Document as the worker sends it: one JSON line, and back. Exposed for
// tests; DocumentFromJsonLine throws nlohmann::json errors on bad input.
std::string DocumentToJsonLine(const Document& document);
Document DocumentFromJsonLine(const std::string& line);

// The worker side: reads one JSON request per line from `in`, extracts, and
// writes one JSON reply per line to `out`, until end of input. Sets the
// address-space limit first. Returns the process exit code.
int RunExtractWorker(std::istream& in, std::ostream& out, const ExtractOptions& extract, std::uint64_t max_memory_mib);

}  // namespace ra
