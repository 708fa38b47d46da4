#include "analyzer/batch/runner.h"

#include "analyzer/common/hash.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

namespace ra {

std::string ContentHash(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::string();
  Fnv1a64 hash;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    hash.Add(std::string_view(buffer, static_cast<size_t>(in.gcount())));
  }
  return "fnv1a64:" + hash.Hex();
}

namespace {

// Analyses one collected input whose document `extract` supplies; a file the
// collection already refused, or an exception, becomes an error result.
template <typename Extract>
AnalysisResult AnalyzeWith(const Analyzer& analyzer, const InputFile& input, const AnalyzeOptions& options,
                           Extract extract) {
  if (input.error) {
    AnalysisResult result;
    result.file = input.path;
    result.error = input.error;
    return result;
  }
  try {
    AnalyzeOptions with_portfolio = options;
    if (!input.portfolio.empty()) with_portfolio.portfolio = input.portfolio;
    const auto extract_start = std::chrono::steady_clock::now();
    decltype(auto) document = extract();
    const auto extract_time = std::chrono::steady_clock::now() - extract_start;
    AnalysisResult result = analyzer.Analyze(input.path, document, with_portfolio);
    result.times.extract = extract_time;
    if (!result.error || (result.error->code != errc::kFileNotFound && result.error->code != errc::kUnreadable)) {
      result.content_hash = input.content_hash.empty() ? ContentHash(input.path) : input.content_hash;
    }
    return result;
  } catch (const std::exception& exception) {
    AnalysisResult result;
    result.file = input.path;
    result.error = Error{errc::kInternal, std::string("analysis failed: ") + exception.what()};
    return result;
  }
}

}  // namespace

AnalysisResult AnalyzeInput(const Analyzer& analyzer, const InputFile& input, const AnalyzeOptions& options,
                            IsolatedExtractor* extractor) {
  return AnalyzeWith(analyzer, input, options, [&] {
    return extractor != nullptr ? extractor->Extract(input.path) : ExtractDocument(input.path, options.extract);
  });
}

AnalysisResult AnalyzeInput(const Analyzer& analyzer, const InputFile& input, const AnalyzeOptions& options,
                            const Expected<Document>& document) {
  return AnalyzeWith(analyzer, input, options, [&]() -> const Expected<Document>& { return document; });
}

size_t RunBatch(const Analyzer& analyzer, const std::vector<InputFile>& inputs, const BatchOptions& options,
                const std::function<void(AnalysisResult&&)>& sink) {
  const size_t count = inputs.size();
  auto stopped = [&] { return options.stop != nullptr && options.stop->load(); };
  unsigned jobs = options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<size_t>(jobs, std::max<size_t>(count, 1)));
  auto make_extractor = [&]() -> std::unique_ptr<IsolatedExtractor> {
    if (!options.isolation) return nullptr;
    return std::make_unique<IsolatedExtractor>(*options.isolation, options.analyze.extract);
  };
  if (jobs <= 1) {
    const auto extractor = make_extractor();
    size_t written = 0;
    for (const auto& input : inputs) {
      if (stopped()) break;
      sink(AnalyzeInput(analyzer, input, options.analyze, extractor.get()));
      ++written;
    }
    return written;
  }
  const size_t window = 4 * static_cast<size_t>(jobs);  // how far workers may run ahead
  std::vector<std::optional<AnalysisResult>> slots(count);
  std::mutex mutex;
  std::condition_variable changed;
  size_t next_to_take = 0;
  size_t next_to_write = 0;

  auto worker = [&] {
    const auto extractor = make_extractor();
    for (;;) {
      size_t index;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return next_to_take >= count || next_to_take < next_to_write + window || stopped(); });
        if (next_to_take >= count || stopped()) return;
        index = next_to_take++;
      }
      AnalysisResult result = AnalyzeInput(analyzer, inputs[index], options.analyze, extractor.get());
      {
        std::lock_guard lock(mutex);
        slots[index] = std::move(result);
      }
      changed.notify_all();
    }
  };
  std::vector<std::thread> threads;
  for (unsigned i = 0; i < jobs; ++i) threads.emplace_back(worker);

  size_t written = 0;
  for (size_t index = 0; index < count; ++index) {
    AnalysisResult result;
    {
      std::unique_lock lock(mutex);
      // Wake now and then to notice a stop; a slot no worker will fill ends the run.
      while (!slots[index].has_value()) {
        if (stopped() && index >= next_to_take) break;
        changed.wait_for(lock, std::chrono::milliseconds(50));
      }
      if (!slots[index].has_value()) break;
      result = std::move(*slots[index]);
      slots[index].reset();
      next_to_write = index + 1;
    }
    changed.notify_all();
    sink(std::move(result));
    ++written;
  }
  changed.notify_all();
  for (auto& thread : threads) thread.join();
  return written;
}

}  // namespace ra
