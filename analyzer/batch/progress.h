#pragma once
// A one-line progress display on stderr for long scans: files done, rate,
// time left and failures, redrawn at most ten times a second. Only used when
// stderr is a terminal. Not thread-safe: call from the writer thread.

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>

namespace ra {

// The line itself, without carriage return; exposed for tests.
std::string FormatProgress(size_t done, size_t total, size_t failed, double elapsed_seconds);

class Progress {
 public:
  Progress(size_t total, std::ostream& out, bool enabled);
  void Advance(bool failed);  // one more file written
  void Finish();              // clears the line

 private:
  size_t total_;
  std::ostream& out_;
  bool enabled_;
  size_t done_ = 0;
  size_t failed_ = 0;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace ra
