#pragma once
// Results of earlier scans in an SQLite file (`scan --cache FILE`), so that a
// re-scan analyses only what changed. A key is the file's content hash plus
// everything that can change its result: analyzer version, a fingerprint of
// the lexicon and rule data, and the options (as-of month, level, limits).
//
// Single-threaded: used from the thread that writes the scan's output.
// Not copyable.

#include <memory>
#include <optional>
#include <string>

#include "analyzer/error.h"

struct sqlite3;
struct sqlite3_stmt;

namespace ra {

class ResultCache {
 public:
  static Expected<std::unique_ptr<ResultCache>> Open(const std::string& path);
  ~ResultCache();  // commits what was stored
  ResultCache(const ResultCache&) = delete;
  ResultCache& operator=(const ResultCache&) = delete;

  std::optional<std::string> Find(const std::string& key);
  void Store(const std::string& key, const std::string& json);

 private:
  ResultCache() = default;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* find_ = nullptr;
  sqlite3_stmt* store_ = nullptr;
};

// Whether a failure is a property of the file (cached) or of the moment
// (timeout, crash, unreadable: tried again next time).
bool IsLastingError(const std::string& code);

}  // namespace ra
