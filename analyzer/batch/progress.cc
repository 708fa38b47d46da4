#include "analyzer/batch/progress.h"

#include <cmath>
#include <cstdio>

namespace ra {
namespace {

constexpr int kBarWidth = 24;
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);

std::string Duration(double seconds) {
  const long total = std::lround(seconds);
  char buffer[32];
  if (total >= 3600) {
    std::snprintf(buffer, sizeof buffer, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60, total % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%ld:%02ld", total / 60, total % 60);
  }
  return buffer;
}

}  // namespace

std::string FormatProgress(size_t done, size_t total, size_t failed, double elapsed_seconds) {
  const double share = total == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
  const int filled = static_cast<int>(share * kBarWidth);
  std::string bar = "[" + std::string(static_cast<size_t>(filled), '=') +
                    std::string(static_cast<size_t>(kBarWidth - filled), ' ') + "]";
  const double rate = elapsed_seconds > 0 ? static_cast<double>(done) / elapsed_seconds : 0;
  char buffer[160];
  std::snprintf(buffer, sizeof buffer, "%s %zu/%zu files  %.1f/s", bar.c_str(), done, total, rate);
  std::string line = buffer;
  if (rate > 0 && done < total) line += "  ETA " + Duration(static_cast<double>(total - done) / rate);
  if (failed > 0) line += "  " + std::to_string(failed) + " failed";
  return line;
}

Progress::Progress(size_t total, std::ostream& out, bool enabled) : total_(total), out_(out), enabled_(enabled) {}

void Progress::Advance(bool failed) {
  ++done_;
  failed_ += failed;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < kRedrawInterval && done_ < total_) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  out_ << "\r\x1b[K" << FormatProgress(done_, total_, failed_, elapsed) << std::flush;
}

void Progress::Finish() {
  if (enabled_) out_ << "\r\x1b[K" << std::flush;
}

}  // namespace ra
