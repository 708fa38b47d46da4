#include "analyzer/batch/stage_timings.h"

#include <cstdio>

namespace ra {

void StageTotals::Add(const StageTimes& times) {
  ++files_;
  sum_.extract += times.extract;
  sum_.normalize += times.normalize;
  sum_.match += times.match;
  sum_.score += times.score;
}

std::string StageTotals::Summary() const {
  auto seconds = [](std::chrono::nanoseconds time) { return std::chrono::duration<double>(time).count(); };
  char line[320];
  std::snprintf(line, sizeof line,
                "timings: %zu files; extract %.3f s, normalise %.3f s, match %.3f s, score %.3f s, write %.3f s "
                "(wall time summed over files and workers)",
                files_, seconds(sum_.extract), seconds(sum_.normalize), seconds(sum_.match), seconds(sum_.score),
                seconds(write_));
  return line;
}

}  // namespace ra
