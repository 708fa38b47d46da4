#include "analyzer/batch/result_cache.h"

#include <sqlite3.h>

namespace ra {

Expected<std::unique_ptr<ResultCache>> ResultCache::Open(const std::string& path) {
  std::unique_ptr<ResultCache> cache(new ResultCache());
  if (sqlite3_open(path.c_str(), &cache->db_) != SQLITE_OK) {
    return MakeError("cache", "cannot open cache '" + path + "': " + sqlite3_errmsg(cache->db_));
  }
  const char* setup =
      "PRAGMA journal_mode=WAL;"
      "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, json TEXT NOT NULL);"
      "BEGIN;";
  char* message = nullptr;
  if (sqlite3_exec(cache->db_, setup, nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string reason = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    return MakeError("cache", "'" + path + "' is not a usable cache: " + reason);
  }
  if (sqlite3_prepare_v2(cache->db_, "SELECT json FROM results WHERE key = ?", -1, &cache->find_, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(cache->db_, "INSERT OR REPLACE INTO results (key, json) VALUES (?, ?)", -1, &cache->store_,
                         nullptr) != SQLITE_OK) {
    return MakeError("cache", "cannot prepare cache statements: " + std::string(sqlite3_errmsg(cache->db_)));
  }
  return cache;
}

ResultCache::~ResultCache() {
  sqlite3_finalize(find_);
  sqlite3_finalize(store_);
  if (db_ != nullptr) {
    sqlite3_exec(db_, "COMMIT;", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
  }
}

std::optional<std::string> ResultCache::Find(const std::string& key) {
  sqlite3_reset(find_);
  sqlite3_bind_text(find_, 1, key.c_str(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
  if (sqlite3_step(find_) != SQLITE_ROW) return std::nullopt;
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(find_, 0));
  return text != nullptr ? std::optional<std::string>(text) : std::nullopt;
}

void ResultCache::Store(const std::string& key, const std::string& json) {
  sqlite3_reset(store_);
  sqlite3_bind_text(store_, 1, key.c_str(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(store_, 2, json.c_str(), static_cast<int>(json.size()), SQLITE_TRANSIENT);
  sqlite3_step(store_);
}

bool IsLastingError(const std::string& code) {
  return code != errc::kTimeout && code != errc::kCrashed && code != errc::kMemoryLimit &&
         code != errc::kUnreadable && code != errc::kFileNotFound && code != errc::kInternal;
}

}  // namespace ra
