#pragma once
// Typed access to one TOML table that records every problem as
// "path:line: reason" instead of stopping at the first, so a data author sees
// all mistakes of a file at once.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "analyzer/data/data_files.h"

namespace ra {

// Parses a whole TOML document; a syntax error becomes one message.
std::optional<toml::table> ParseToml(const DataFile& file, DataErrors& errors);

// Lists the tables of an array-of-tables key (`[[entry]]`), reporting a key
// that holds something else.
std::vector<const toml::table*> TablesOf(const toml::table& root, std::string_view key,
                                         const std::string& path, DataErrors& errors);

// The strings of a StringList, without their lines.
std::vector<std::string> ValuesOf(const std::vector<std::pair<std::string, int>>& items);

class TomlFields {
 public:
  TomlFields(const toml::table& table, std::string path, DataErrors& errors)
      : table_(table), path_(std::move(path)), errors_(errors) {}

  int line() const { return static_cast<int>(table_.source().begin.line); }
  int LineOf(std::string_view key) const;

  std::string RequiredString(std::string_view key);
  std::optional<std::string> OptionalString(std::string_view key);
  // Strings of an array, each with its line (for per-pattern errors).
  std::vector<std::pair<std::string, int>> StringList(std::string_view key, bool required);
  double Number(std::string_view key, double fallback, double min, double max);
  std::optional<double> OptionalNumber(std::string_view key, double min, double max);
  bool Bool(std::string_view key, bool fallback);
  const toml::table* SubTable(std::string_view key);

  // Reports keys not in `known` (typos must not be silently ignored).
  void RejectUnknownKeys(std::initializer_list<std::string_view> known);

  void Fail(int line, const std::string& reason);
  void Fail(std::string_view key, const std::string& reason) { Fail(LineOf(key), reason); }

 private:
  const toml::table& table_;
  std::string path_;
  DataErrors& errors_;
};

}  // namespace ra
