#pragma once
// Sums per-stage wall time over the files of a scan (`scan --timings`), to
// show where a batch spends its time. Not thread-safe: use from the sink.

#include <chrono>
#include <cstddef>
#include <string>

#include "analyzer/pipeline.h"

namespace ra {

class StageTotals {
 public:
  void Add(const StageTimes& times);  // one analysed file
  void AddWrite(std::chrono::nanoseconds time) { write_ += time; }
  // "timings: N files; extract 1.234 s, normalise ..., write 0.012 s (...)"
  std::string Summary() const;

 private:
  size_t files_ = 0;
  StageTimes sum_;
  std::chrono::nanoseconds write_{0};
};

}  // namespace ra
